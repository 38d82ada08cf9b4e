//! The text layer of dyad: a [`Document`] made of [`Sentence`]s made of
//! [`Token`]s, each carrying its byte [`Span`] in the original text.
//!
//! This is the first stage of the pipeline (text → syntax → actors → events).
//! It turns raw English news text into sentences and tokens that follow the
//! conventions of UD English EWT (`can't` → `ca` `n't`, `Putin's` → `Putin`
//! `'s`, hyphenated compounds split, punctuation split) so that the parser,
//! trained on EWT, sees the tokens it was trained on.
//!
//! ```
//! use dyad_text::Document;
//! let doc = Document::new("d1", "Gen. Smith met U.S. envoys in Kyiv. They didn't agree.");
//! assert_eq!(doc.sentences.len(), 2);
//! let words: Vec<&str> = doc.sentence_tokens(1).iter().map(|t| doc.token_text(t)).collect();
//! assert_eq!(words, ["They", "did", "n't", "agree", "."]);
//! ```
//!
//! Invariant: for every token, `&doc.text[token.span.range()]` is exactly the
//! token's surface form; no stage ever rewrites the text. Normalised forms for
//! the parser ([`parser_form`]) are computed on the side.
//!
//! What this crate does not do: tagging, parsing, reading files or JSON. It
//! knows nothing about actors or events.

mod doc;
mod normalize;
mod offsets;
mod segment;
mod span;
mod tokenize;

pub use doc::{DocMeta, Document, Sentence, SentenceKind};
pub use normalize::parser_form;
pub use offsets::CharOffsets;
pub use segment::{segment, MAX_SENTENCE_TOKENS};
pub use span::{Span, Token};
pub use tokenize::tokenize;
