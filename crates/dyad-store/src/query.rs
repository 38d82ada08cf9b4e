//! Reading the store: filtered canonical events, their mentions, articles,
//! actors and counts. Every filter is a bound SQL parameter, never text
//! pasted into SQL.

use crate::{parse_precision, parse_status, Result, Store};
use dyad_events::{DatePrecision, Event, Location, Plover, Status};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::Serialize;

/// Filters over canonical events. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Actor code prefix on either side ("PAK" matches "PAKGOV").
    pub actor: Option<String>,
    /// Country (ISO3) of an actor on either side.
    pub country: Option<String>,
    /// Source actor code prefix.
    pub source: Option<String>,
    /// Target actor code prefix.
    pub target: Option<String>,
    /// CAMEO code prefix ("11" matches 110–119 and their children).
    pub cameo: Option<String>,
    /// CAMEO root, exactly ("11").
    pub root: Option<String>,
    pub quad: Option<u8>,
    /// PLOVER event type ("ACCUSE"), any case.
    pub plover: Option<String>,
    pub status: Option<Status>,
    /// An issue tag (as `issues.tsv` names them).
    pub issue: Option<String>,
    /// Events whose date range reaches `from` (YYYY-MM-DD) or later.
    pub from: Option<String>,
    /// Events whose date range starts on or before `to`.
    pub to: Option<String>,
    /// Place name (substring, any case) or place country (ISO3).
    pub place: Option<String>,
    /// Full-text query (SQLite FTS5 syntax) over the mention sentences.
    pub text: Option<String>,
    /// Only events with an id greater than this (cursor pagination).
    pub after_id: Option<i64>,
    /// Only events that appear in this article.
    pub doc_id: Option<String>,
}

/// A canonical event with its counts and one representative mention.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    /// `+`-joined source codes.
    pub source: String,
    pub target: String,
    pub cameo: String,
    pub cameo_root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Plover,
    pub status: Status,
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    pub location: Option<Location>,
    pub issues: Vec<String>,
    pub num_mentions: u32,
    pub num_sources: u32,
    pub num_articles: u32,
    /// The first mention as coded (sentence, actors with spans, rule).
    pub first_mention: Event,
    /// The URL of the first mention's article.
    pub url: Option<String>,
}

/// One mention with the article it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub id: i64,
    pub event_id: i64,
    pub doc_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub event: Event,
}

/// A stored article.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    pub doc_id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub text: String,
    pub sentences: Vec<[u32; 2]>,
}

/// An article in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub doc_id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    /// Event mentions coded in it.
    pub mentions: u64,
}

/// An actor code seen in the store.
#[derive(Debug, Clone, Serialize)]
pub struct ActorRow {
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: Option<String>,
    pub mentions: u64,
}

/// What `stats` groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsBy {
    Root,
    Dyad,
    Day,
    Month,
    Status,
}

/// One group of `stats`.
#[derive(Debug, Clone, Serialize)]
pub struct StatsRow {
    pub key: String,
    pub events: u64,
    pub mentions: u64,
    pub mean_goldstein: f64,
}

/// Columns read by [`row_to_event`], in order.
const EVENT_COLUMNS: &str = "e.id, e.source_code, e.target_code, e.cameo, e.cameo_root, e.quad_class, e.goldstein,
    e.plover_event, e.plover_mode, e.status, e.date, e.date_precision, e.place_name, e.place_country, e.lat, e.lon,
    e.issues, e.num_mentions, e.num_sources, e.num_articles,
    (SELECT m.event_json FROM mentions m WHERE m.event_id = e.id ORDER BY m.id LIMIT 1),
    (SELECT a.url FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = e.id ORDER BY m.id LIMIT 1)";

/// Builds the WHERE clause and its parameters for a filter.
pub(crate) fn where_clause(f: &EventFilter) -> (String, Vec<Value>) {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut push = |cond: &str, values: Vec<Value>, params: &mut Vec<Value>| {
        // Placeholders are numbered in order of appearance.
        let mut cond = cond.to_string();
        for v in values {
            params.push(v);
            cond = cond.replacen('?', &format!("?{}", params.len()), 1);
        }
        conds.push(cond);
    };
    let prefix = |s: &str| Value::Text(format!("{}%", s.replace(['%', '_'], "")));
    if let Some(a) = &f.actor {
        push(
            "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.code LIKE ?)",
            vec![prefix(a)],
            &mut params,
        );
    }
    if let Some(c) = &f.country {
        push(
            "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.country = ?)",
            vec![Value::Text(c.to_uppercase())],
            &mut params,
        );
    }
    if let Some(s) = &f.source {
        push(
            "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.role = 'source' AND x.code LIKE ?)",
            vec![prefix(s)],
            &mut params,
        );
    }
    if let Some(t) = &f.target {
        push(
            "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.role = 'target' AND x.code LIKE ?)",
            vec![prefix(t)],
            &mut params,
        );
    }
    if let Some(c) = &f.cameo {
        push("e.cameo LIKE ?", vec![prefix(c)], &mut params);
    }
    if let Some(r) = &f.root {
        push("e.cameo_root = ?", vec![Value::Text(r.clone())], &mut params);
    }
    if let Some(q) = f.quad {
        push("e.quad_class = ?", vec![Value::Integer(q as i64)], &mut params);
    }
    if let Some(p) = &f.plover {
        push("e.plover_event = ?", vec![Value::Text(p.to_uppercase())], &mut params);
    }
    if let Some(s) = f.status {
        push("e.status = ?", vec![Value::Text(s.as_str().to_string())], &mut params);
    }
    if let Some(i) = &f.issue {
        push("e.issues LIKE ?", vec![Value::Text(format!("%,{},%", i.replace(['%', '_'], "")))], &mut params);
    }
    if let Some(from) = &f.from {
        push("e.date_hi >= ?", vec![Value::Text(from.clone())], &mut params);
    }
    if let Some(to) = &f.to {
        push("e.date_lo <= ?", vec![Value::Text(to.clone())], &mut params);
    }
    if let Some(p) = &f.place {
        push(
            "(e.place_name LIKE ? OR e.place_country = ?)",
            vec![Value::Text(format!("%{}%", p.replace(['%', '_'], ""))), Value::Text(p.to_uppercase())],
            &mut params,
        );
    }
    if let Some(t) = &f.text {
        push(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id
                     AND ((m.article_id << 20) | m.sentence) IN
                         (SELECT rowid FROM sentence_text WHERE sentence_text MATCH ?))",
            vec![Value::Text(t.clone())],
            &mut params,
        );
    }
    if let Some(id) = f.after_id {
        push("e.id > ?", vec![Value::Integer(id)], &mut params);
    }
    if let Some(d) = &f.doc_id {
        push(
            "EXISTS (SELECT 1 FROM mentions m JOIN articles a ON a.id = m.article_id
                     WHERE m.event_id = e.id AND a.doc_id = ?)",
            vec![Value::Text(d.clone())],
            &mut params,
        );
    }
    let clause = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    (clause, params)
}

/// Reads a row of [`EVENT_COLUMNS`], decoding its first mention's JSON.
fn row_to_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    let issues: Option<String> = r.get(16)?;
    let json: String = r.get(20)?;
    let first_mention: Event = serde_json::from_str(&json)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(20, rusqlite::types::Type::Text, Box::new(e)))?;
    // The canonical place; the mention's own location is richer (surface
    // text, admin1, id) when it is the one the event took.
    let place_name: Option<String> = r.get(12)?;
    let location = match place_name {
        Some(_) if first_mention.location.is_some() => first_mention.location.clone(),
        Some(name) => Some(Location {
            text: name.clone(),
            name,
            country: r.get(13)?,
            admin1: None,
            lat: r.get(14)?,
            lon: r.get(15)?,
            geonames_id: None,
            id: None,
        }),
        None => None,
    };
    Ok(StoredEvent {
        id: r.get(0)?,
        source: r.get(1)?,
        target: r.get(2)?,
        cameo: r.get(3)?,
        cameo_root: r.get(4)?,
        quad_class: r.get(5)?,
        goldstein: r.get::<_, f64>(6)? as f32,
        plover: Plover { event: r.get(7)?, mode: r.get(8)? },
        status: parse_status(&r.get::<_, String>(9)?),
        date: r.get(10)?,
        date_precision: parse_precision(&r.get::<_, String>(11)?),
        location,
        issues: issues
            .map(|s| s.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        num_mentions: r.get(17)?,
        num_sources: r.get(18)?,
        num_articles: r.get(19)?,
        first_mention,
        url: r.get(21)?,
    })
}

impl Store {
    /// Canonical events matching `filter`, oldest id first, at most `limit`.
    pub fn query(&self, filter: &EventFilter, limit: usize) -> Result<Vec<StoredEvent>> {
        let (clause, mut params) = where_clause(filter);
        // The limit is bound, not written in, so that one cached statement
        // serves every page size.
        params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e {clause} ORDER BY e.id LIMIT ?{}", params.len());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), row_to_event)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Visits every matching canonical event in id order without holding
    /// them all in memory (exports).
    pub fn for_each_event(&self, filter: &EventFilter, mut f: impl FnMut(StoredEvent) -> Result<()>) -> Result<()> {
        let (clause, params) = where_clause(filter);
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e {clause} ORDER BY e.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            f(row_to_event(r)?)?;
        }
        Ok(())
    }

    /// How many canonical events match.
    pub fn count(&self, filter: &EventFilter) -> Result<u64> {
        let (clause, params) = where_clause(filter);
        let sql = format!("SELECT count(*) FROM events e {clause}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(rusqlite::params_from_iter(params), |r| r.get::<_, i64>(0))? as u64)
    }

    /// One canonical event by id.
    pub fn event(&self, id: i64) -> Result<Option<StoredEvent>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], row_to_event).optional()?)
    }

    /// Every mention of canonical event `id`, with its article.
    pub fn mentions(&self, event_id: i64) -> Result<Vec<Mention>> {
        self.mentions_where("m.event_id = ?1 ORDER BY m.id", Value::Integer(event_id))
    }

    /// Every mention in article `doc_id`, in sentence order.
    pub fn article_mentions(&self, doc_id: &str) -> Result<Vec<Mention>> {
        self.mentions_where("a.doc_id = ?1 ORDER BY m.sentence, m.id", Value::Text(doc_id.to_string()))
    }

    fn mentions_where(&self, condition: &str, param: Value) -> Result<Vec<Mention>> {
        let sql = format!(
            "SELECT m.id, m.event_id, a.doc_id, a.url, a.source, a.title, a.date, m.event_json
             FROM mentions m JOIN articles a ON a.id = m.article_id WHERE {condition}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([param])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let json: String = r.get(7)?;
            out.push(Mention {
                id: r.get(0)?,
                event_id: r.get(1)?,
                doc_id: r.get(2)?,
                url: r.get(3)?,
                source: r.get(4)?,
                title: r.get(5)?,
                published: r.get(6)?,
                event: serde_json::from_str(&json)?,
            });
        }
        Ok(out)
    }

    /// One article with its sentence boundaries.
    pub fn article(&self, doc_id: &str) -> Result<Option<StoredArticle>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, doc_id, url, source, title, date, text FROM articles WHERE doc_id = ?1",
                [doc_id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        StoredArticle {
                            doc_id: r.get(1)?,
                            url: r.get(2)?,
                            source: r.get(3)?,
                            title: r.get(4)?,
                            date: r.get(5)?,
                            text: r.get(6)?,
                            sentences: Vec::new(),
                        },
                    ))
                },
            )
            .optional()?;
        let Some((id, mut article)) = row else { return Ok(None) };
        let mut stmt =
            self.conn.prepare_cached("SELECT start, end FROM sentences WHERE article_id = ?1 ORDER BY idx")?;
        for s in stmt.query_map([id], |r| Ok([r.get::<_, u32>(0)?, r.get::<_, u32>(1)?]))? {
            article.sentences.push(s?);
        }
        Ok(Some(article))
    }

    /// Articles, newest publication date first.
    pub fn articles(&self, limit: usize) -> Result<Vec<ArticleSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.doc_id, a.title, a.date, a.source, (SELECT count(*) FROM mentions m WHERE m.article_id = a.id)
             FROM articles a ORDER BY a.date DESC, a.doc_id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(ArticleSummary {
                doc_id: r.get(0)?,
                title: r.get(1)?,
                date: r.get(2)?,
                source: r.get(3)?,
                mentions: r.get::<_, i64>(4)? as u64,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Actor codes, most mentioned first.
    pub fn actors(&self, limit: usize) -> Result<Vec<ActorRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, country, sector, name, mentions FROM actors ORDER BY mentions DESC, code LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(ActorRow {
                code: r.get(0)?,
                country: r.get(1)?,
                sector: r.get(2)?,
                name: r.get(3)?,
                mentions: r.get::<_, i64>(4)? as u64,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Counts of matching canonical events grouped by `by`.
    pub fn stats(&self, filter: &EventFilter, by: StatsBy) -> Result<Vec<StatsRow>> {
        let key = match by {
            StatsBy::Root => "e.cameo_root",
            StatsBy::Dyad => "e.source_code || ' -> ' || e.target_code",
            StatsBy::Day => "coalesce(substr(e.date_lo, 1, 10), '-')",
            StatsBy::Month => "coalesce(substr(e.date_lo, 1, 7), '-')",
            StatsBy::Status => "e.status",
        };
        let order = match by {
            StatsBy::Day | StatsBy::Month => "key",
            _ => "events DESC, key",
        };
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT {key} AS key, count(*) AS events, sum(e.num_mentions), avg(e.goldstein)
             FROM events e {clause} GROUP BY key ORDER BY {order}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(StatsRow {
                key: r.get(0)?,
                events: r.get::<_, i64>(1)? as u64,
                mentions: r.get::<_, i64>(2)? as u64,
                mean_goldstein: r.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
