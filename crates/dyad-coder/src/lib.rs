//! The event coder and the pipeline that runs every stage on a document.
//!
//! [`Pipeline::code`] takes a tokenized [`dyad_text::Document`], parses each
//! sentence with the embedded syntax model, finds actors
//! ([`dyad_actors`]), matches the verb and noun patterns of
//! `data/events/verbs.txt` on the dependency tree, decides each event's
//! status (asserted, claimed, denied, negated, future, hypothetical) and
//! writes [`dyad_events::Event`]s with spans and the rule that fired.
//!
//! ```no_run
//! let pipeline = dyad_coder::Pipeline::builtin()?;
//! let doc = dyad_text::Document::new("d", "Russia accused Ukraine of shelling a border village.");
//! let events = pipeline.code(&doc, Some("2026-03-01"));
//! # Ok::<(), dyad_coder::CoderError>(())
//! ```
//!
//! Not here: dates and places beyond the publication date (a later stage),
//! storage, output formats.

mod coder;
mod discards;
mod issues;
mod patterns;
mod pipeline;
mod repair;
mod tree;

pub use coder::RawEvent;
pub use discards::{DiscardLevel, Discards};
pub use issues::IssueDict;
pub use patterns::{compile, is_preposition, Pattern, PatternError, PatternSet, Roles, Step};
pub use pipeline::{CoderError, Pipeline, Situation};
