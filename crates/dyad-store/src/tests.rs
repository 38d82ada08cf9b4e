//! Store behaviour on hand-built coded articles: the store never codes text,
//! so its tests give it events directly.

use super::*;
use dyad_events::{Actor, Evidence, Plover};

fn actor(code: &str, country: &str, sector: &str, text: &str) -> Actor {
    Actor {
        text: text.to_string(),
        code: code.to_string(),
        country: Some(country.to_string()),
        sector: Some(sector.to_string()),
        span: [0, text.chars().count() as u32],
    }
}

fn event(doc: &str, src: Actor, tgt: Actor, cameo: &str, date: Option<&str>, precision: DatePrecision) -> Event {
    Event {
        doc_id: doc.to_string(),
        sentence: 0,
        text: format!("{} did {} to {}.", src.text, cameo, tgt.text),
        source: vec![src],
        target: vec![tgt],
        cameo: cameo.to_string(),
        cameo_root: cameo[..2].to_string(),
        quad_class: 3,
        goldstein: -2.0,
        plover: Plover { event: Some("ACCUSE".into()), mode: None },
        status: Status::Asserted,
        attributed_to: None,
        date: date.map(str::to_string),
        date_precision: precision,
        location: None,
        issues: vec!["CEASEFIRE".into()],
        evidence: Evidence { verb_span: [0, 3], rule: "verbs.txt:1".into() },
    }
}

fn pak() -> Actor {
    actor("PAKGOV", "PAK", "GOV", "Pakistan")
}
fn ind() -> Actor {
    actor("INDGOV", "IND", "GOV", "India")
}

fn article(id: &str, source: &str, text: &str, events: Vec<Event>) -> CodedArticle {
    CodedArticle {
        doc_id: id.to_string(),
        text: text.to_string(),
        title: None,
        date: Some("2025-05-09".into()),
        url: Some(format!("https://example.org/{id}")),
        source: Some(source.to_string()),
        sentences: vec![[0, text.chars().count() as u32]],
        events,
    }
}

#[test]
fn rewriting_the_same_article_adds_nothing() {
    let mut store = Store::in_memory().unwrap();
    let a = article("a1", "Wire", "x", vec![event("a1", pak(), ind(), "112", Some("2025-05-08"), DatePrecision::Day)]);
    let first = store.write_batch(std::slice::from_ref(&a)).unwrap();
    assert_eq!((first.added, first.mentions), (1, 1));
    let before = store.counts().unwrap();
    let again = store.write_batch(&[a]).unwrap();
    assert_eq!((again.added, again.unchanged, again.mentions), (0, 1, 0));
    assert_eq!(store.counts().unwrap(), before);
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn changed_text_replaces_the_articles_events() {
    let mut store = Store::in_memory().unwrap();
    let a = article("a1", "Wire", "x", vec![event("a1", pak(), ind(), "112", Some("2025-05-08"), DatePrecision::Day)]);
    store.write_batch(&[a]).unwrap();
    let b = article("a1", "Wire", "y", vec![event("a1", ind(), pak(), "125", Some("2025-05-08"), DatePrecision::Day)]);
    let r = store.write_batch(&[b]).unwrap();
    assert_eq!(r.replaced, 1);
    let events = store.query(&EventFilter::default(), 10).unwrap();
    assert_eq!(events.len(), 1, "the old event went with the old text");
    assert_eq!(events[0].cameo, "125");
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn mentions_of_one_event_across_articles_merge() {
    let mut store = Store::in_memory().unwrap();
    let day = event("a1", pak(), ind(), "112", Some("2025-05-08"), DatePrecision::Day);
    let mut month = event("a2", pak(), ind(), "112", Some("2025-05"), DatePrecision::Month);
    month.status = Status::Claimed;
    let other_day = event("a3", pak(), ind(), "112", Some("2025-05-20"), DatePrecision::Day);
    let threat = {
        let mut e = event("a4", pak(), ind(), "112", Some("2025-05-08"), DatePrecision::Day);
        e.status = Status::Future;
        e
    };
    store
        .write_batch(&[
            article("a1", "Wire", "x", vec![day]),
            article("a2", "Herald", "x", vec![month]),
            article("a3", "Wire", "z", vec![other_day]),
            article("a4", "Wire", "w", vec![threat]),
        ])
        .unwrap();
    let events = store.query(&EventFilter::default(), 10).unwrap();
    assert_eq!(events.len(), 3, "{events:#?}");
    let merged = &events[0];
    assert_eq!((merged.num_mentions, merged.num_articles, merged.num_sources), (2, 2, 2));
    assert_eq!(merged.date.as_deref(), Some("2025-05-08"));
    assert_eq!(merged.status, Status::Asserted);
    assert_eq!(store.mentions(merged.id).unwrap().len(), 2);
}

#[test]
fn different_places_stay_apart() {
    let mut store = Store::in_memory().unwrap();
    let place = |name: &str| dyad_events::Location {
        text: name.into(),
        name: name.into(),
        country: Some("PAK".into()),
        admin1: None,
        lat: None,
        lon: None,
        geonames_id: None,
        id: None,
    };
    let mut a = event("a1", pak(), ind(), "190", Some("2025-05-08"), DatePrecision::Day);
    a.location = Some(place("Lahore"));
    let mut b = a.clone();
    b.doc_id = "a2".into();
    b.location = Some(place("Karachi"));
    let mut c = a.clone();
    c.doc_id = "a3".into();
    c.location = None;
    store
        .write_batch(&[
            article("a1", "W", "x", vec![a]),
            article("a2", "W", "x", vec![b]),
            article("a3", "W", "x", vec![c]),
        ])
        .unwrap();
    let events = store.query(&EventFilter::default(), 10).unwrap();
    assert_eq!(events.iter().map(|e| e.num_mentions).collect::<Vec<_>>(), vec![2, 1]);
}

#[test]
fn filters_select_events() {
    let mut store = Store::in_memory().unwrap();
    let usa = actor("USAGOV", "USA", "GOV", "the United States");
    let mut meet = event("a2", usa.clone(), pak(), "040", Some("2025-05-08"), DatePrecision::Day);
    meet.quad_class = 1;
    meet.issues = vec![];
    meet.text = "The US secretary of state met Dar in Washington.".into();
    store
        .write_batch(&[
            article("a1", "Wire", "x", vec![event("a1", pak(), ind(), "112", Some("2025-05-08"), DatePrecision::Day)]),
            article("a2", "Wire", "y", vec![meet]),
        ])
        .unwrap();
    let n = |f: EventFilter| store.count(&f).unwrap();
    assert_eq!(n(EventFilter::default()), 2);
    assert_eq!(n(EventFilter { actor: Some("PAK".into()), ..Default::default() }), 2);
    assert_eq!(n(EventFilter { source: Some("PAK".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { target: Some("PAK".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { country: Some("usa".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { cameo: Some("04".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { root: Some("11".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { quad: Some(1), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { issue: Some("CEASEFIRE".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { from: Some("2025-05-09".into()), ..Default::default() }), 0);
    assert_eq!(n(EventFilter { to: Some("2025-05-08".into()), ..Default::default() }), 2);
    assert_eq!(n(EventFilter { text: Some("Washington".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { doc_id: Some("a1".into()), ..Default::default() }), 1);
    // Filter text is data, never SQL.
    assert_eq!(n(EventFilter { actor: Some("' OR 1=1 --".into()), ..Default::default() }), 0);
    let stats = store.stats(&EventFilter::default(), StatsBy::Root).unwrap();
    assert_eq!(stats.len(), 2);
}

#[test]
fn deleting_an_article_removes_events_it_alone_mentioned() {
    let mut store = Store::in_memory().unwrap();
    let e = |d: &str| event(d, pak(), ind(), "112", Some("2025-05-08"), DatePrecision::Day);
    store.write_batch(&[article("a1", "W", "x", vec![e("a1")]), article("a2", "H", "y", vec![e("a2")])]).unwrap();
    assert!(store.delete_article("a1").unwrap());
    let events = store.query(&EventFilter::default(), 10).unwrap();
    assert_eq!(events[0].num_mentions, 1);
    assert!(store.delete_article("a2").unwrap());
    assert_eq!(store.counts().unwrap().events, 0);
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn exports_write_every_event() {
    let mut store = Store::in_memory().unwrap();
    store
        .write_batch(&[article(
            "a1",
            "Wire",
            "x",
            vec![event("a1", pak(), ind(), "112", Some("2025-05-08"), DatePrecision::Day)],
        )])
        .unwrap();
    for (format, lines) in [(export::Format::PloverJsonl, 1), (export::Format::GdeltTsv, 2), (export::Format::Csv, 2)] {
        let mut out = Vec::new();
        assert_eq!(export::export(&store, &EventFilter::default(), format, &mut out).unwrap(), 1);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), lines, "{format:?}: {text}");
    }
    let mut out = Vec::new();
    export::export(&store, &EventFilter::default(), export::Format::PloverJsonl, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["event"], "ACCUSE");
    assert_eq!(v["actor"]["country"], "PAK");
    assert_eq!(v["recipient"]["code"], "INDGOV");
    let mut parquet = Vec::new();
    export::export(&store, &EventFilter::default(), export::Format::Parquet, &mut parquet).unwrap();
    assert_eq!(&parquet[..4], b"PAR1");
}

#[test]
fn a_foreign_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::Schema { .. })));
}
