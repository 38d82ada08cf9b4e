//! Actor recognition: which noun phrases of a parsed sentence are political
//! actors, and their CAMEO-style codes (country ISO3 + sector, or an
//! organisation code).
//!
//! Two steps. First, a phrase dictionary ([`ActorDict`]: countries and their
//! adjectives, capitals used as metonyms, organisations, sector nouns,
//! known people) is matched over the tokens, longest match first. Second,
//! the dependency parse groups matches into noun phrases ("Pakistani Foreign
//! Minister Ishaq Dar": adjective → PAK, "Foreign Minister" → GOV, the name
//! is remembered), and a per-document [`DocMemory`] resolves later mentions
//! ("Dar", "the minister", "she").
//!
//! ```no_run
//! use dyad_actors::{ActorDict, DocMemory, Recognizer};
//! let dict = ActorDict::builtin();
//! let mut rec = Recognizer::new(dict);
//! let mut memory = DocMemory::default();
//! # let (words, ann): (Vec<&str>, dyad_syntax::Annotation) = (vec![], Default::default());
//! let mentions = rec.recognize(&words, &ann, Some("2026-03-01"), &mut memory);
//! ```
//!
//! This crate does not decide who acts on whom; the event coder does.

mod dict;
mod recognize;

pub use dict::{person_noun, ActorCode, ActorDict, DictError, Entry, EntryKind};
pub use recognize::{ActorMention, DocMemory, OneWord, Recognizer};
