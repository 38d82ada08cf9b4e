//! The CAMEO event codebook and its PLOVER 2.0 mapping.
//!
//! The facts (every CAMEO code with its name, Goldstein value and PLOVER
//! event/mode) live in `data/codebook/*.tsv`, written by the team and
//! compiled into the binary; see `data/codebook/README.md` for the format.
//! QuadClass is not stored: it follows from the CAMEO root (01–05 verbal
//! cooperation, 06–08 material cooperation, 09–13 verbal conflict, 14–20
//! material conflict).
//!
//! ```
//! let book = dyad_codebook::Codebook::builtin();
//! let accuse = book.get("112").unwrap();
//! assert_eq!(accuse.root(), "11");
//! assert_eq!(accuse.quad_class(), 3);
//! ```
//!
//! This crate knows nothing about text or how codes are chosen.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const CAMEO_TSV: &str = include_str!("../../../data/codebook/cameo.tsv");
const PLOVER_TSV: &str = include_str!("../../../data/codebook/plover.tsv");

#[derive(Debug, thiserror::Error)]
pub enum CodebookError {
    #[error("{file}:{line}: {reason}")]
    Malformed { file: &'static str, line: usize, reason: String },
}

/// One CAMEO event code.
#[derive(Debug, Clone, Serialize)]
pub struct CameoCode {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    /// PLOVER event type ("ACCUSE"), if PLOVER maps this code.
    pub plover_event: Option<String>,
    /// PLOVER mode ("visit"), if the mapping names one.
    pub plover_mode: Option<String>,
}

impl CameoCode {
    /// The two-digit root ("112" → "11").
    pub fn root(&self) -> &str {
        &self.code[..2]
    }
    /// QuadClass 1–4 derived from the root.
    pub fn quad_class(&self) -> u8 {
        quad_class_of_root(self.root())
    }
}

/// QuadClass of a two-digit CAMEO root; 0 when the root is not a number 01–20.
pub fn quad_class_of_root(root: &str) -> u8 {
    match root.parse::<u8>() {
        Ok(1..=5) => 1,
        Ok(6..=8) => 2,
        Ok(9..=13) => 3,
        Ok(14..=20) => 4,
        _ => 0,
    }
}

/// One PLOVER event type or mode.
#[derive(Debug, Clone, Serialize)]
pub struct PloverEntry {
    pub event: String,
    pub mode: Option<String>,
    pub quad_class: u8,
    pub definition: String,
}

/// The whole codebook, indexed by code.
#[derive(Debug)]
pub struct Codebook {
    codes: Vec<CameoCode>,
    by_code: HashMap<String, usize>,
    plover: Vec<PloverEntry>,
}

impl Codebook {
    /// The built-in codebook, parsed once. The data is compiled in and
    /// checked by this crate's tests, so a parse failure is a build defect.
    pub fn builtin() -> &'static Codebook {
        static BOOK: OnceLock<Codebook> = OnceLock::new();
        BOOK.get_or_init(|| Codebook::parse(CAMEO_TSV, PLOVER_TSV).expect("built-in codebook data is valid (tested)"))
    }

    /// Parses codebook TSV texts in the format of `data/codebook/README.md`.
    pub fn parse(cameo: &str, plover: &str) -> Result<Codebook, CodebookError> {
        let mut codes = Vec::new();
        let mut by_code = HashMap::new();
        for (n, line) in data_lines(cameo) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let bad = |reason: String| CodebookError::Malformed { file: "cameo.tsv", line: n, reason };
            if cols.len() < 5 {
                return Err(bad(format!("expected at least 5 columns, found {}", cols.len())));
            }
            let code = cols[0];
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!("bad code {code:?}")));
            }
            let goldstein: f32 = cols[2].parse().map_err(|_| bad(format!("bad Goldstein value {:?}", cols[2])))?;
            let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
            if by_code.insert(code.to_string(), codes.len()).is_some() {
                return Err(bad(format!("duplicate code {code}")));
            }
            codes.push(CameoCode {
                code: code.to_string(),
                name: cols[1].to_string(),
                goldstein,
                plover_event: opt(cols[3]),
                plover_mode: opt(cols[4]),
            });
        }
        let mut entries = Vec::new();
        for (n, line) in data_lines(plover) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 4 {
                return Err(CodebookError::Malformed {
                    file: "plover.tsv",
                    line: n,
                    reason: format!("expected 4 columns, found {}", cols.len()),
                });
            }
            let quad_class = cols[2].parse().map_err(|_| CodebookError::Malformed {
                file: "plover.tsv",
                line: n,
                reason: format!("bad quad class {:?}", cols[2]),
            })?;
            entries.push(PloverEntry {
                event: cols[0].to_string(),
                mode: (cols[1] != "-").then(|| cols[1].to_string()),
                quad_class,
                definition: cols[3].to_string(),
            });
        }
        Ok(Codebook { codes, by_code, plover: entries })
    }

    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.by_code.get(code).map(|&i| &self.codes[i])
    }

    /// The code itself, or its nearest listed ancestor ("0874" → "087").
    pub fn get_or_parent(&self, code: &str) -> Option<&CameoCode> {
        let mut c = code;
        while c.len() >= 2 {
            if let Some(x) = self.get(c) {
                return Some(x);
            }
            c = &c[..c.len() - 1];
        }
        None
    }

    pub fn codes(&self) -> &[CameoCode] {
        &self.codes
    }

    pub fn plover(&self) -> &[PloverEntry] {
        &self.plover
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_codebook_is_complete() {
        let book = Codebook::builtin();
        assert!(book.codes().len() >= 280, "{} codes", book.codes().len());
        for root in 1..=20 {
            let base = format!("{root:02}0");
            assert!(book.get(&base).is_some(), "missing base code {base}");
        }
        for c in book.codes() {
            assert!((-10.0..=10.0).contains(&c.goldstein), "{}", c.code);
            assert!(c.quad_class() >= 1);
        }
    }

    #[test]
    fn known_facts() {
        let book = Codebook::builtin();
        let c = book.get("112").unwrap();
        assert_eq!((c.root(), c.quad_class()), ("11", 3));
        assert_eq!(c.plover_event.as_deref(), Some("ACCUSE"));
        assert_eq!(book.get("190").unwrap().quad_class(), 4);
        assert_eq!(book.get("042").unwrap().quad_class(), 1);
        assert!(book.get("190").unwrap().goldstein < -5.0);
        assert_eq!(book.get_or_parent("1129").unwrap().code, "112");
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let err = Codebook::parse("# c\n010\tMake statement\tx\t-\t-\n", "").unwrap_err();
        assert_eq!(err.to_string(), "cameo.tsv:2: bad Goldstein value \"x\"");
    }
}
