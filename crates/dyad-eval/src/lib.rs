//! Evaluations against public gold data. Each evaluation is a library
//! function returning a serialisable score struct; the `dyad eval …`
//! commands print them, CI compares them with the bars of the issues.
//!
//! Gold data lives outside the project (`../shared/data`); nothing here
//! embeds it.

pub mod examples;
pub mod gsr;
mod markup;
pub mod petrarch;
pub mod segment;
pub mod time_place;

/// Errors of the evaluation harness.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {reason}")]
    Format { path: String, line: usize, reason: String },
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn from_counts(correct: usize, predicted: usize, gold: usize) -> Prf {
        let p = if predicted == 0 { 0.0 } else { correct as f64 / predicted as f64 };
        let r = if gold == 0 { 0.0 } else { correct as f64 / gold as f64 };
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf { precision: p, recall: r, f1 }
    }
}
