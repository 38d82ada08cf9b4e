//! Events: the schema every later stage (store, server, exports, Python)
//! shares, and the writers for dyad's line formats (JSONL, GDELT-like TSV,
//! a human-readable table).
//!
//! The field names are a public contract documented in `docs/schema.md`;
//! change them only together with that file.
//!
//! This crate does not find events in text; it only says what an event is
//! and how it is written.

pub mod schema;
pub mod write;

pub use schema::{Actor, DatePrecision, Event, Evidence, Location, Plover, Status};
