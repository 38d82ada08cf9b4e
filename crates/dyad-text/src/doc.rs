use crate::span::{Span, Token};
use serde::{Deserialize, Serialize};

/// What kind of text a sentence is. Datelines ("KYIV, Dec 29 (Reuters) -")
/// and headings are kept apart so later stages can use them (the dateline's
/// place, for instance) without coding them as clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SentenceKind {
    #[default]
    Body,
    Dateline,
    Heading,
}

/// A sentence: its span in the text and the range of its tokens in
/// [`Document::tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub token_start: u32,
    pub token_end: u32,
    pub kind: SentenceKind,
}

impl Sentence {
    pub fn token_range(&self) -> std::ops::Range<usize> {
        self.token_start as usize..self.token_end as usize
    }
    pub fn len(&self) -> usize {
        (self.token_end - self.token_start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.token_end == self.token_start
    }
}

/// Publication metadata that travels with a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    pub title: Option<String>,
    /// Publication date as `YYYY-MM-DD` when known.
    pub date: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// The container that flows through the pipeline: the original text, its
/// tokens and sentences. Later stages keep their annotations in columns
/// indexed like these (spaCy's `Doc` design), never in the text itself.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub meta: DocMeta,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Tokenizes and segments `text`.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        let mut doc = Document { id: id.into(), text: text.into(), ..Document::default() };
        doc.analyze();
        doc
    }

    /// (Re)computes tokens and sentences from `self.text`.
    pub fn analyze(&mut self) {
        self.tokens.clear();
        self.sentences.clear();
        crate::tokenize(&self.text, &mut self.tokens);
        crate::segment(&self.text, &self.tokens, &mut self.sentences);
    }

    pub fn token_text(&self, t: &Token) -> &str {
        &self.text[t.span.range()]
    }

    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        &self.tokens[self.sentences[sentence].token_range()]
    }

    pub fn sentence_text(&self, sentence: usize) -> &str {
        &self.text[self.sentences[sentence].span.range()]
    }
}
