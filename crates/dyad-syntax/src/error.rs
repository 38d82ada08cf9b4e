//! Error type of the crate.
use std::path::PathBuf;

/// Everything that can go wrong while loading models, reading CoNLL-U or training.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// The binary was built before a model existed in `models/`.
    #[error("no syntax model is embedded in this binary: train one with `dyad train syntax` (writes models/en_ewt.syntax.zst) and rebuild")]
    ModelMissing,
    /// The model bytes are corrupt, truncated or of another format version.
    #[error("invalid syntax model: {0}")]
    ModelFormat(String),
    /// A CoNLL-U file could not be parsed.
    #[error("{path}:{line}: invalid CoNLL-U: {msg}")]
    Conllu {
        /// File (or `<string>`) being read.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        msg: String,
    },
    /// Training was asked to do something impossible (e.g. empty training data).
    #[error("training failed: {0}")]
    Training(String),
    /// An I/O error with the path involved.
    #[error("{path}: {source}")]
    Io {
        /// File being read or written.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl SyntaxError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SyntaxError::Io { path: path.into(), source }
    }
}
