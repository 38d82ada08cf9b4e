//! Line formats for events. Each writer streams: one event in, its lines out.

use crate::schema::{Actor, Event};
use std::io::{self, Write};

/// One JSON object per line, field names as in `docs/schema.md`.
pub fn write_jsonl<W: Write>(w: &mut W, event: &Event) -> io::Result<()> {
    serde_json::to_writer(&mut *w, event).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// Columns of the GDELT-like TSV export, one row per source × target pair.
pub const TSV_COLUMNS: &[&str] = &[
    "doc_id",
    "sentence",
    "date",
    "date_precision",
    "source_code",
    "source_country",
    "source_sector",
    "source_text",
    "target_code",
    "target_country",
    "target_sector",
    "target_text",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_event",
    "plover_mode",
    "status",
    "attributed_to",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "issues",
    "rule",
    "text",
];

pub fn write_tsv_header<W: Write>(w: &mut W) -> io::Result<()> {
    writeln!(w, "{}", TSV_COLUMNS.join("\t"))
}

/// TSV cells cannot hold tabs or newlines; replace them by spaces.
fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ").into()
    } else {
        s.into()
    }
}

/// Writes the rows of one event: coordinated actors expand into dyads, and a
/// missing side is written as empty cells.
pub fn write_tsv<W: Write>(w: &mut W, e: &Event) -> io::Result<()> {
    let none: [Option<&Actor>; 1] = [None];
    let sources: Vec<Option<&Actor>> =
        if e.source.is_empty() { none.to_vec() } else { e.source.iter().map(Some).collect() };
    let targets: Vec<Option<&Actor>> =
        if e.target.is_empty() { none.to_vec() } else { e.target.iter().map(Some).collect() };
    let opt = |s: &Option<String>| s.as_deref().map(cell).unwrap_or_default().into_owned();
    for s in &sources {
        for t in &targets {
            let actor_cells = |a: &Option<&Actor>| match a {
                Some(a) => [a.code.clone(), opt(&a.country), opt(&a.sector), cell(&a.text).into_owned()],
                None => Default::default(),
            };
            let [sc, scn, ss, st] = actor_cells(s);
            let [tc, tcn, ts, tt] = actor_cells(t);
            let loc = e.location.as_ref();
            let row = [
                cell(&e.doc_id).into_owned(),
                e.sentence.to_string(),
                opt(&e.date),
                format!("{:?}", e.date_precision).to_lowercase(),
                sc,
                scn,
                ss,
                st,
                tc,
                tcn,
                ts,
                tt,
                e.cameo.clone(),
                e.cameo_root.clone(),
                e.quad_class.to_string(),
                format!("{:.1}", e.goldstein),
                opt(&e.plover.event),
                opt(&e.plover.mode),
                e.status.as_str().to_string(),
                e.attributed_to.as_ref().map(|a| a.code.clone()).unwrap_or_default(),
                loc.map(|l| cell(&l.name).into_owned()).unwrap_or_default(),
                loc.and_then(|l| l.country.clone()).unwrap_or_default(),
                loc.and_then(|l| l.lat).map(|x| format!("{x:.4}")).unwrap_or_default(),
                loc.and_then(|l| l.lon).map(|x| format!("{x:.4}")).unwrap_or_default(),
                e.issues.join(";"),
                cell(&e.evidence.rule).into_owned(),
                cell(&e.text).into_owned(),
            ];
            writeln!(w, "{}", row.join("\t"))?;
        }
    }
    Ok(())
}

fn actors_label(actors: &[Actor]) -> String {
    if actors.is_empty() {
        return "—".to_string();
    }
    actors.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join("+")
}

/// A compact table for people reading a terminal: one line per event, then
/// the sentence indented below it.
pub fn write_table_row<W: Write>(w: &mut W, e: &Event) -> io::Result<()> {
    let plover = e.plover.event.as_deref().unwrap_or("-");
    let date = e.date.as_deref().unwrap_or("-");
    let place = e.location.as_ref().map(|l| l.name.as_str()).unwrap_or("-");
    let by = e.attributed_to.as_ref().map(|a| format!(" (by {})", a.code)).unwrap_or_default();
    writeln!(
        w,
        "{:<3} {:<16} → {:<16} {:<5} {:<10} {:<12}{} {:>10} {}",
        e.sentence,
        actors_label(&e.source),
        actors_label(&e.target),
        e.cameo,
        plover,
        e.status.as_str(),
        by,
        date,
        place
    )?;
    let mut snippet: String = e.text.chars().take(110).collect();
    if snippet.len() < e.text.len() {
        snippet.push('…');
    }
    writeln!(w, "      {snippet}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::*;

    fn actor(code: &str, country: &str) -> Actor {
        Actor {
            text: code.to_string(),
            code: code.to_string(),
            country: Some(country.to_string()),
            sector: Some("GOV".into()),
            span: [0, 3],
        }
    }

    fn event() -> Event {
        let mut e = Event {
            doc_id: "d1".into(),
            sentence: 0,
            text: "France and Germany accused\tRussia of lying.".into(),
            source: vec![actor("FRAGOV", "FRA"), actor("DEUGOV", "DEU")],
            target: vec![actor("RUSGOV", "RUS")],
            cameo: "112".into(),
            cameo_root: String::new(),
            quad_class: 0,
            goldstein: 0.0,
            plover: Plover::default(),
            status: Status::Asserted,
            attributed_to: None,
            date: Some("2026-03-12".into()),
            date_precision: DatePrecision::Day,
            location: None,
            issues: vec![],
            evidence: Evidence { verb_span: [19, 24], rule: "verbs.txt:1".into() },
        };
        e.fill_from_codebook(dyad_codebook::Codebook::builtin());
        e
    }

    #[test]
    fn tsv_expands_coordinated_actors_into_dyads() {
        let mut out = Vec::new();
        write_tsv(&mut out, &event()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.len() == TSV_COLUMNS.len()));
        assert_eq!(rows[0][4], "FRAGOV");
        assert_eq!(rows[1][4], "DEUGOV");
        assert_eq!(rows[0][13], "11");
        assert_eq!(rows[0][14], "3");
    }

    #[test]
    fn jsonl_uses_schema_field_names() {
        let mut out = Vec::new();
        write_jsonl(&mut out, &event()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        for k in [
            "doc_id",
            "sentence",
            "text",
            "source",
            "target",
            "cameo",
            "cameo_root",
            "quad_class",
            "goldstein",
            "plover",
            "status",
            "attributed_to",
            "date",
            "date_precision",
            "location",
            "issues",
            "evidence",
        ] {
            assert!(v.get(k).is_some(), "missing {k}");
        }
        assert_eq!(v["status"], "asserted");
        assert_eq!(v["source"][0]["span"], serde_json::json!([0, 3]));
        assert_eq!(v["plover"]["event"], "ACCUSE");
    }
}
