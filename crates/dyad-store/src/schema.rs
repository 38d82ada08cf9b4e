//! The database schema and its version check.
//!
//! Canonical events (`events`) and their mentions (`mentions`) are apart so
//! that counts like GDELT's `NumMentions` are a join away and every mention
//! keeps its own provenance (article, sentence, spans, rule) as the full
//! event JSON the coder produced.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// Bumped whenever the schema changes incompatibly.
pub const VERSION: i64 = 1;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    url TEXT,
    source TEXT,
    title TEXT,
    date TEXT,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);

-- Sentence boundaries in code points of the article text.
CREATE TABLE IF NOT EXISTS sentences (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

-- Every actor code seen, with the first surface text that produced it.
CREATE TABLE IF NOT EXISTS actors (
    code TEXT PRIMARY KEY,
    country TEXT,
    sector TEXT,
    name TEXT,
    mentions INTEGER NOT NULL
);

-- Canonical events: one per real-world event (see dedup.rs).
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    source_code TEXT NOT NULL,
    target_code TEXT NOT NULL,
    cameo TEXT NOT NULL,
    cameo_root TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    plover_event TEXT,
    plover_mode TEXT,
    status TEXT NOT NULL,
    status_group TEXT NOT NULL,
    year TEXT NOT NULL,
    date TEXT,
    date_precision TEXT NOT NULL,
    date_lo TEXT,
    date_hi TEXT,
    place_key TEXT,
    place_name TEXT,
    place_country TEXT,
    lat REAL,
    lon REAL,
    issues TEXT,
    num_mentions INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    num_articles INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_key ON events(source_code, target_code, cameo, status_group, year, date);
CREATE INDEX IF NOT EXISTS events_date ON events(date_lo);
CREATE INDEX IF NOT EXISTS events_root ON events(cameo_root);

-- The actors of each canonical event, one row per actor, for filtering.
CREATE TABLE IF NOT EXISTS event_actors (
    event_id INTEGER NOT NULL REFERENCES events(id),
    role TEXT NOT NULL,
    code TEXT NOT NULL,
    country TEXT,
    sector TEXT
);
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event_id);
CREATE INDEX IF NOT EXISTS event_actors_code ON event_actors(code);
CREATE INDEX IF NOT EXISTS event_actors_country ON event_actors(country);

-- Every mention of an event: the event as coded from one sentence.
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    sentence INTEGER NOT NULL,
    status TEXT NOT NULL,
    date TEXT,
    date_precision TEXT NOT NULL,
    place_key TEXT,
    verb_start INTEGER NOT NULL,
    verb_end INTEGER NOT NULL,
    rule TEXT NOT NULL,
    event_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);

-- Full-text index over the sentences that hold events; rowid packs the
-- article id and sentence index: (article_id << 20) | sentence.
CREATE VIRTUAL TABLE IF NOT EXISTS sentence_text USING fts5(text);
"#;

/// Creates the schema in an empty database, or checks the version of an
/// existing one.
pub fn migrate(conn: &Connection, path: &str) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == 0 {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(StoreError::Schema { path: path.to_string(), found: 0, expected: VERSION });
        }
        conn.execute_batch(&format!("BEGIN; {SCHEMA} PRAGMA user_version = {VERSION}; COMMIT;"))?;
        return Ok(());
    }
    check(conn, path)
}

/// Fails unless the database has this version of the schema.
pub fn check(conn: &Connection, path: &str) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != VERSION {
        return Err(StoreError::Schema { path: path.to_string(), found: version, expected: VERSION });
    }
    Ok(())
}
