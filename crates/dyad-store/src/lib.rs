//! The event store: an embedded SQLite database holding articles, their
//! sentences, the actors seen, canonical (deduplicated) events and every
//! mention of each event with its provenance.
//!
//! Why SQLite: one file, no server, transactions that survive `kill -9`
//! (write-ahead log), and every analysis tool (pandas, R, DuckDB) reads it.
//!
//! # Guarantees
//! - **Idempotent.** An article is keyed by its id; re-writing it with the
//!   same content hash changes nothing. Changed content replaces that
//!   article's mentions in the same transaction that writes the new ones.
//! - **Crash-safe.** Each [`Store::write_batch`] is one transaction: after a
//!   crash the database holds whole batches only, and the next run skips the
//!   articles it already holds.
//! - **Deduplicated.** Mentions of the same real-world event attach to one
//!   canonical event; see [`dedup`] for the rule and its limits.
//!
//! The store does not code text: callers give it articles with the events
//! the pipeline found ([`CodedArticle`]).

pub mod dedup;
pub mod export;
pub mod query;
mod schema;
pub mod series;

use dyad_events::{DatePrecision, Event, Location, Status};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

pub use query::{ActorRow, ArticleSummary, EventFilter, Mention, StatsBy, StatsRow, StoredArticle, StoredEvent};
pub use series::{DyadRow, Interval, Stance, StancePoint, TimelineRow};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored event is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{path}: not a dyad database (schema version {found}, expected {expected})")]
    Schema { path: String, found: i64, expected: i64 },
    #[error("export: {0}")]
    Export(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An article with what the pipeline found in it, ready to store.
#[derive(Debug, Clone)]
pub struct CodedArticle {
    pub doc_id: String,
    pub text: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// `[start, end)` of each sentence, in code points of `text`.
    pub sentences: Vec<[u32; 2]>,
    pub events: Vec<Event>,
}

impl CodedArticle {
    /// Hash of everything that changes what the article codes to.
    pub fn content_hash(&self) -> String {
        content_hash(
            &self.text,
            self.title.as_deref(),
            self.date.as_deref(),
            self.url.as_deref(),
            self.source.as_deref(),
        )
    }
}

/// Stable 128-bit hash of an article's content and metadata, hex-encoded.
/// Each field is length-prefixed so that moving text between fields changes
/// the hash.
pub fn content_hash(
    text: &str,
    title: Option<&str>,
    date: Option<&str>,
    url: Option<&str>,
    source: Option<&str>,
) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for field in [Some(text), title, date, url, source] {
        match field {
            Some(s) => {
                h.update(&(s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update(&u64::MAX.to_le_bytes()),
        }
    }
    format!("{:032x}", h.digest128())
}

/// What a batch write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchReport {
    /// Articles stored for the first time.
    pub added: usize,
    /// Articles whose content changed; their old mentions were replaced.
    pub replaced: usize,
    /// Articles already stored with the same content.
    pub unchanged: usize,
    /// Mentions written.
    pub mentions: usize,
    /// Mentions that joined an existing canonical event.
    pub merged: usize,
}

impl std::ops::AddAssign for BatchReport {
    fn add_assign(&mut self, o: BatchReport) {
        self.added += o.added;
        self.replaced += o.replaced;
        self.unchanged += o.unchanged;
        self.mentions += o.mentions;
        self.merged += o.merged;
    }
}

/// Counts of what the store holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub articles: u64,
    pub sentences: u64,
    pub events: u64,
    pub mentions: u64,
    pub actors: u64,
}

/// An open database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` for reading and
    /// writing, in WAL mode.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // WAL: readers never block the writer and a crash loses at most the
        // open transaction. NORMAL sync is durable at checkpoints and
        // consistent always, which is what crash-safety needs.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A larger page cache keeps the dedup and mention indexes in memory
        // during long ingests (64 MB; memory stays bounded).
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        schema::migrate(&conn, &path.display().to_string())?;
        Ok(Store { conn })
    }

    /// Opens an existing database read-only (for queries from other
    /// processes or threads while an ingest runs).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        schema::check(&conn, &path.display().to_string())?;
        Ok(Store { conn })
    }

    /// An in-memory database (tests, `POST /api/code`-style scratch use).
    pub fn in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&conn, ":memory:")?;
        Ok(Store { conn })
    }

    /// The underlying connection, for callers that need raw SQL.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The stored content hash of article `doc_id`, if stored.
    pub fn article_hash(&self, doc_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT content_hash FROM articles WHERE doc_id = ?1")?
            .query_row([doc_id], |r| r.get(0))
            .optional()?)
    }

    /// Writes a batch of coded articles in one transaction.
    pub fn write_batch(&mut self, batch: &[CodedArticle]) -> Result<BatchReport> {
        self.write_batch_with(batch, false)
    }

    /// As [`Store::write_batch`]; with `recode`, articles stored with the
    /// same content are replaced too (their events were coded again).
    pub fn write_batch_with(&mut self, batch: &[CodedArticle], recode: bool) -> Result<BatchReport> {
        let tx = self.conn.transaction()?;
        let mut report = BatchReport::default();
        let mut touched: BTreeSet<i64> = BTreeSet::new();
        let mut actors = ActorTally::default();
        for article in batch {
            write_article(&tx, article, recode, &mut report, &mut touched, &mut actors)?;
        }
        actors.write(&tx)?;
        refresh_events(&tx, &touched)?;
        tx.commit()?;
        Ok(report)
    }

    /// Removes an article and its mentions; canonical events left without
    /// mentions are removed too.
    pub fn delete_article(&mut self, doc_id: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let id: Option<i64> =
            tx.query_row("SELECT id FROM articles WHERE doc_id = ?1", [doc_id], |r| r.get(0)).optional()?;
        let Some(id) = id else { return Ok(false) };
        let mut touched = BTreeSet::new();
        remove_article_content(&tx, id, &mut touched)?;
        tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
        refresh_events(&tx, &touched)?;
        tx.commit()?;
        Ok(true)
    }

    /// How many rows each table holds.
    pub fn counts(&self) -> Result<Counts> {
        let count = |table: &str| -> Result<u64> {
            Ok(self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(Counts {
            articles: count("articles")?,
            sentences: count("sentences")?,
            events: count("events")?,
            mentions: count("mentions")?,
            actors: count("actors")?,
        })
    }

    /// `PRAGMA integrity_check` plus dyad's own invariants (every canonical
    /// event has a mention and its counts agree with its mentions). Returns
    /// the problems found; empty means consistent.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let orphans: i64 = self.conn.query_row(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id)",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!("{orphans} canonical events without mentions"));
        }
        let wrong: i64 = self.conn.query_row(
            "SELECT count(*) FROM events e WHERE num_mentions != (SELECT count(*) FROM mentions m WHERE m.event_id = e.id)",
            [],
            |r| r.get(0),
        )?;
        if wrong > 0 {
            problems.push(format!("{wrong} canonical events whose num_mentions disagrees with their mentions"));
        }
        Ok(problems)
    }
}

/// Writes one article inside `tx`.
fn write_article(
    tx: &Transaction,
    a: &CodedArticle,
    recode: bool,
    report: &mut BatchReport,
    touched: &mut BTreeSet<i64>,
    actors: &mut ActorTally,
) -> Result<()> {
    let hash = a.content_hash();
    let existing: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, content_hash FROM articles WHERE doc_id = ?1")?
        .query_row([&a.doc_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let article_id = match existing {
        Some((_, old)) if old == hash && !recode => {
            report.unchanged += 1;
            return Ok(());
        }
        Some((id, _)) => {
            remove_article_content(tx, id, touched)?;
            tx.prepare_cached(
                "UPDATE articles SET url = ?2, source = ?3, title = ?4, date = ?5, content_hash = ?6, text = ?7,
                 ingested_at = datetime('now') WHERE id = ?1",
            )?
            .execute(params![id, a.url, a.source, a.title, a.date, hash, a.text])?;
            report.replaced += 1;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO articles (doc_id, url, source, title, date, content_hash, text, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, datetime('now'))",
            )?
            .execute(params![a.doc_id, a.url, a.source, a.title, a.date, hash, a.text])?;
            report.added += 1;
            tx.last_insert_rowid()
        }
    };
    {
        let mut ins =
            tx.prepare_cached("INSERT INTO sentences (article_id, idx, start, end) VALUES (?1, ?2, ?3, ?4)")?;
        for (i, s) in a.sentences.iter().enumerate() {
            ins.execute(params![article_id, i as i64, s[0], s[1]])?;
        }
    }
    for event in &a.events {
        let merged = write_mention(tx, article_id, event, touched)?;
        actors.count(event);
        report.mentions += 1;
        report.merged += merged as usize;
    }
    // Full-text index: each sentence that holds events, once.
    let mut indexed = BTreeSet::new();
    let mut fts = tx.prepare_cached("INSERT INTO sentence_text (rowid, text) VALUES (?1, ?2)")?;
    for event in &a.events {
        if let Some(rowid) = sentence_rowid(article_id, event.sentence) {
            if indexed.insert(rowid) {
                fts.execute(params![rowid, event.text])?;
            }
        }
    }
    Ok(())
}

/// Bits of a full-text rowid that hold the sentence index.
const SENTENCE_BITS: u32 = 20;

/// The full-text index's rowid of a sentence: the article id and the
/// sentence index packed together, so that an article's rows are one range.
/// Sentences past the 2^20th of an article are not indexed.
fn sentence_rowid(article_id: i64, sentence: u32) -> Option<i64> {
    (sentence < (1 << SENTENCE_BITS)).then_some((article_id << SENTENCE_BITS) | sentence as i64)
}

/// Actor codes seen in a batch, written once per code at commit.
#[derive(Default)]
struct ActorTally(HashMap<String, (Option<String>, Option<String>, String, i64)>);

impl ActorTally {
    fn count(&mut self, e: &Event) {
        for a in e.source.iter().chain(&e.target) {
            match self.0.get_mut(&a.code) {
                Some(entry) => entry.3 += 1,
                None => {
                    self.0.insert(a.code.clone(), (a.country.clone(), a.sector.clone(), a.text.clone(), 1));
                }
            }
        }
    }

    fn write(self, tx: &Transaction) -> Result<()> {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO actors (code, country, sector, name, mentions) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(code) DO UPDATE SET mentions = mentions + excluded.mentions",
        )?;
        for (code, (country, sector, name, n)) in self.0 {
            stmt.execute(params![code, country, sector, name, n])?;
        }
        Ok(())
    }
}

/// Deletes an article's sentences, mentions and full-text rows, noting the
/// canonical events that lost mentions.
fn remove_article_content(tx: &Transaction, article_id: i64, touched: &mut BTreeSet<i64>) -> Result<()> {
    {
        let mut stmt = tx.prepare_cached("SELECT DISTINCT event_id FROM mentions WHERE article_id = ?1")?;
        for id in stmt.query_map([article_id], |r| r.get::<_, i64>(0))? {
            touched.insert(id?);
        }
    }
    if let Some(first) = sentence_rowid(article_id, 0) {
        let last = first | ((1 << SENTENCE_BITS) - 1);
        tx.execute("DELETE FROM sentence_text WHERE rowid BETWEEN ?1 AND ?2", [first, last])?;
    }
    tx.execute("DELETE FROM mentions WHERE article_id = ?1", [article_id])?;
    tx.execute("DELETE FROM sentences WHERE article_id = ?1", [article_id])?;
    Ok(())
}

/// `+`-joined sorted codes of one side: compound actors stay one actor
/// ("FRAGOV+DEUGOV") instead of exploding into dyads.
pub fn side_code(actors: &[dyad_events::Actor]) -> String {
    let codes: BTreeSet<&str> = actors.iter().map(|a| a.code.as_str()).collect();
    codes.into_iter().collect::<Vec<_>>().join("+")
}

/// A stored precision name; unknown names (never written) read as
/// publication dates.
pub(crate) fn parse_precision(s: &str) -> DatePrecision {
    DatePrecision::from_name(s).unwrap_or(DatePrecision::Publication)
}

/// A stored status name; unknown names (never written) read as asserted.
pub(crate) fn parse_status(s: &str) -> Status {
    Status::from_name(s).unwrap_or(Status::Asserted)
}

/// Writes one mention, attaching it to a canonical event (an existing one
/// that agrees, else a new one). Returns whether it joined an existing one.
fn write_mention(tx: &Transaction, article_id: i64, e: &Event, touched: &mut BTreeSet<i64>) -> Result<bool> {
    let key = dedup::Key::of(e);
    let mut found = None;
    {
        // Candidates share the key and have a date that can agree: the same
        // day, its month or year, or (for a coarse mention) any date inside
        // its period. The range keeps lookups on the index however many
        // events a dyad has.
        let mut stmt = tx.prepare_cached(
            "SELECT id, date, date_precision, place_key FROM events
             WHERE source_code = ?1 AND target_code = ?2 AND cameo = ?3 AND status_group = ?4 AND year = ?5
               AND date IN (?6, ?7, ?8)
             UNION
             SELECT id, date, date_precision, place_key FROM events
             WHERE source_code = ?1 AND target_code = ?2 AND cameo = ?3 AND status_group = ?4 AND year = ?5
               AND date > ?6 AND date < ?9
             UNION
             SELECT id, date, date_precision, place_key FROM events
             WHERE source_code = ?1 AND target_code = ?2 AND cameo = ?3 AND status_group = ?4 AND year = ?5
               AND ?6 IS NULL AND date IS NULL
             ORDER BY id",
        )?;
        let d = key.date.as_deref();
        let month = d.map(|d| d.get(..7).unwrap_or(d));
        let year = d.map(|d| d.get(..4).unwrap_or(d));
        let above = d.map(|d| format!("{d}~"));
        let rows = stmt.query_map(
            params![key.source, key.target, e.cameo, key.status_group, key.year, d, month, year, above],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )?;
        for row in rows {
            let (id, date, precision, place) = row?;
            let when = dedup::When { date: date.as_deref(), precision: parse_precision(&precision) };
            if dedup::agree(&key, when, place.as_deref()) {
                found = Some(id);
                break;
            }
        }
    }
    let merged = found.is_some();
    // A new canonical event starts with its one mention's values; only
    // events that gain a second mention or lose one need a refresh.
    let event_id = match found {
        Some(id) => {
            touched.insert(id);
            id
        }
        None => insert_canonical(tx, &key, e)?,
    };
    let json = serde_json::to_string(e)?;
    tx.prepare_cached(
        "INSERT INTO mentions (event_id, article_id, sentence, status, date, date_precision, place_key,
                               verb_start, verb_end, rule, event_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        event_id,
        article_id,
        e.sentence,
        e.status.as_str(),
        e.date,
        e.date_precision.as_str(),
        key.place,
        e.evidence.verb_span[0],
        e.evidence.verb_span[1],
        e.evidence.rule,
        json
    ])?;
    Ok(merged)
}

fn insert_canonical(tx: &Transaction, key: &dedup::Key, e: &Event) -> Result<i64> {
    let (lo, hi) = dedup::date_bounds(e.date.as_deref());
    let loc: Option<&Location> = e.location.as_ref();
    let issues = if e.issues.is_empty() { None } else { Some(format!(",{},", e.issues.join(","))) };
    tx.prepare_cached(
        "INSERT INTO events (source_code, target_code, cameo, cameo_root, quad_class, goldstein, plover_event,
                             plover_mode, status, status_group, year, date, date_precision, date_lo, date_hi,
                             place_key, place_name, place_country, lat, lon, issues,
                             num_mentions, num_sources, num_articles)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, 1, 1, 1)",
    )?
    .execute(params![
        key.source,
        key.target,
        e.cameo,
        e.cameo_root,
        e.quad_class,
        e.goldstein,
        e.plover.event,
        e.plover.mode,
        e.status.as_str(),
        key.status_group,
        key.year,
        e.date,
        e.date_precision.as_str(),
        lo,
        hi,
        key.place,
        loc.map(|l| l.name.as_str()),
        loc.and_then(|l| l.country.as_deref()),
        loc.and_then(|l| l.lat),
        loc.and_then(|l| l.lon),
        issues
    ])?;
    let id = tx.last_insert_rowid();
    let mut ins = tx.prepare_cached(
        "INSERT INTO event_actors (event_id, role, code, country, sector) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (role, actors) in [("source", &e.source), ("target", &e.target)] {
        for a in actors.iter() {
            ins.execute(params![id, role, a.code, a.country, a.sector])?;
        }
    }
    Ok(id)
}

/// What a refresh reads of a mention: status, date, precision, place key,
/// event JSON.
struct MentionSummary(String, Option<String>, String, Option<String>, String);

/// Recomputes the counts, status, date and place of the canonical events
/// whose mentions changed, and removes those left without mentions.
fn refresh_events(tx: &Transaction, touched: &BTreeSet<i64>) -> Result<()> {
    let mut counts = tx.prepare_cached(
        "UPDATE events SET (num_mentions, num_articles, num_sources) =
            (SELECT count(*), count(DISTINCT m.article_id), count(DISTINCT coalesce(a.source, a.url, a.doc_id))
             FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = events.id)
         WHERE id = ?1",
    )?;
    let mut mentions = tx.prepare_cached(
        "SELECT status, date, date_precision, place_key, event_json FROM mentions WHERE event_id = ?1 ORDER BY id",
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE events SET status = ?2, date = ?3, date_precision = ?4, date_lo = ?5, date_hi = ?6,
                place_key = ?7, place_name = ?8, place_country = ?9, lat = ?10, lon = ?11
         WHERE id = ?1",
    )?;
    let mut delete_actors = tx.prepare_cached("DELETE FROM event_actors WHERE event_id = ?1")?;
    let mut delete = tx.prepare_cached("DELETE FROM events WHERE id = ?1")?;
    for &id in touched {
        counts.execute([id])?;
        let rows: Vec<MentionSummary> = mentions
            .query_map([id], |r| Ok(MentionSummary(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<std::result::Result<_, _>>()?;
        if rows.is_empty() {
            delete_actors.execute([id])?;
            delete.execute([id])?;
            continue;
        }
        // Asserted by anyone beats claimed; the finest date and the first
        // place stand for the event.
        let status = if rows.iter().any(|r| r.0 == "asserted") { "asserted" } else { rows[0].0.as_str() };
        let best_date = rows
            .iter()
            .min_by_key(|r| dedup::precision_rank(parse_precision(&r.2)))
            .map(|r| (r.1.clone(), r.2.clone()))
            .unwrap_or((None, "publication".into()));
        let (lo, hi) = dedup::date_bounds(best_date.0.as_deref());
        let placed = rows.iter().find(|r| r.3.is_some());
        let location: Option<Location> = match placed {
            Some(r) => serde_json::from_str::<Event>(&r.4)?.location,
            None => None,
        };
        update.execute(params![
            id,
            status,
            best_date.0,
            best_date.1,
            lo,
            hi,
            placed.and_then(|r| r.3.clone()),
            location.as_ref().map(|l| l.name.clone()),
            location.as_ref().and_then(|l| l.country.clone()),
            location.as_ref().and_then(|l| l.lat),
            location.as_ref().and_then(|l| l.lon),
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
