//! Input: turns paths (files, directories, `-` for stdin) into a stream of
//! [`Article`]s, one record at a time.
//!
//! Formats: `.txt` (and any other extension) is one article per file;
//! `.jsonl`/`.ndjson` is one article per line with fields `id`, `text`, and
//! optional `title`, `date` (`YYYY-MM-DD` or RFC 3339), `url`, `source`.
//! Directories are walked recursively in sorted order, reading `.txt`,
//! `.jsonl` and `.ndjson` files.
//!
//! Bad input never stops the stream: a malformed JSON line, a bad date or an
//! unreadable file becomes one [`RecordError`] naming `file:line`, and the
//! next record follows. Invalid UTF-8 is decoded lossily and the article is
//! flagged (`lossy`) so the caller can warn. Memory stays bounded by the
//! largest single record: JSONL is read line by line.
//!
//! This crate does not tokenize or code anything.

use serde::Deserialize;
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One article to code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    /// Publication date, normalised to `YYYY-MM-DD`.
    pub date: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// Where it came from: `path` or `path:line`.
    pub origin: String,
    /// True when invalid UTF-8 was replaced by U+FFFD.
    pub lossy: bool,
}

/// A record that could not be read; the stream goes on after it.
#[derive(Debug, thiserror::Error)]
pub struct RecordError {
    /// `path` or `path:line`.
    pub origin: String,
    pub reason: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

/// How to read a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// By extension; stdin is JSONL when its first non-blank byte is `{`.
    #[default]
    Auto,
    Text,
    Jsonl,
}

/// Options for reading.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub format: Format,
    /// Publication date for plain-text articles (`YYYY-MM-DD`), which carry none.
    pub default_date: Option<String>,
}

/// Normalises a date given as `YYYY-MM-DD` or RFC 3339 to `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<String, String> {
    let s = s.trim();
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(dt.date_naive().format("%Y-%m-%d").to_string());
    }
    Err(format!("invalid date {s:?} (expected YYYY-MM-DD or RFC 3339)"))
}

/// The JSONL record shape. Unknown fields are ignored so that users can
/// keep their own columns in the same file.
#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

enum Source {
    /// One article: a file, or stdin (`stdin` holds the reader that already
    /// looked at its first bytes, so none are lost).
    Text {
        path: PathBuf,
        name: String,
        stdin: Option<Box<dyn BufRead + Send>>,
    },
    Jsonl {
        name: String,
        reader: Box<dyn BufRead + Send>,
        line: usize,
    },
}

/// Streaming reader over many paths. Yields `Ok(Article)` or `Err(RecordError)`.
pub struct Articles {
    pending: VecDeque<PathBuf>,
    current: Option<Source>,
    opts: ReadOptions,
    buf: Vec<u8>,
}

/// Reads articles from `paths` (files, directories, or `-` for stdin).
pub fn read_paths(paths: &[PathBuf], opts: ReadOptions) -> Articles {
    Articles { pending: paths.iter().cloned().collect(), current: None, opts, buf: Vec::new() }
}

/// How many records `read_paths` would yield (articles and bad records),
/// counted cheaply (newlines of JSONL files, one per text file) so that a
/// progress bar can show an ETA. `None` when a path is stdin, whose length
/// is unknown until read.
pub fn count_records(paths: &[PathBuf], format: Format) -> Option<u64> {
    let mut files = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            return None;
        }
        if p.is_dir() {
            walk(p, &mut files).ok()?;
        } else {
            files.push(p.clone());
        }
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    for f in files {
        let jsonl = match format {
            Format::Jsonl => true,
            Format::Text => false,
            Format::Auto => is_jsonl_path(&f),
        };
        if !jsonl {
            total += 1;
            continue;
        }
        let Ok(mut file) = File::open(&f) else {
            total += 1;
            continue;
        };
        // Non-blank lines: a newline after a byte that is not one.
        let mut blank = true;
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => break,
            };
            for &b in &buf[..n] {
                if b == b'\n' {
                    total += !blank as u64;
                    blank = true;
                } else if !b.is_ascii_whitespace() {
                    blank = false;
                }
            }
        }
        total += !blank as u64;
    }
    Some(total)
}

fn is_jsonl_path(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("jsonl" | "ndjson"))
}

fn is_readable_in_dir(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "jsonl" | "ndjson"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_readable_in_dir(&p) {
            out.push(p);
        }
    }
    Ok(())
}

impl Articles {
    fn open_next(&mut self) -> Option<Result<(), RecordError>> {
        let path = self.pending.pop_front()?;
        let name = path.display().to_string();
        if name == "-" {
            let mut stdin = BufReader::new(io::stdin());
            let jsonl = match self.opts.format {
                Format::Jsonl => true,
                Format::Text => false,
                Format::Auto => match stdin.fill_buf() {
                    Ok(b) => b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{'),
                    Err(e) => return Some(Err(RecordError { origin: "-".into(), reason: e.to_string() })),
                },
            };
            self.current = Some(if jsonl {
                Source::Jsonl { name, reader: Box::new(stdin), line: 0 }
            } else {
                Source::Text { path, name, stdin: Some(Box::new(stdin)) }
            });
            return Some(Ok(()));
        }
        if path.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = walk(&path, &mut files) {
                return Some(Err(RecordError { origin: name, reason: format!("cannot read directory: {e}") }));
            }
            for f in files.into_iter().rev() {
                self.pending.push_front(f);
            }
            return Some(Ok(()));
        }
        let jsonl = match self.opts.format {
            Format::Jsonl => true,
            Format::Text => false,
            Format::Auto => is_jsonl_path(&path),
        };
        if jsonl {
            match File::open(&path) {
                Ok(f) => {
                    self.current =
                        Some(Source::Jsonl { name, reader: Box::new(BufReader::with_capacity(1 << 16, f)), line: 0 })
                }
                Err(e) => return Some(Err(RecordError { origin: name, reason: format!("cannot open: {e}") })),
            }
        } else {
            self.current = Some(Source::Text { path, name, stdin: None });
        }
        Some(Ok(()))
    }

    fn next_from_current(&mut self) -> Option<Result<Article, RecordError>> {
        let default_date = self.opts.default_date.clone();
        match self.current.take()? {
            Source::Text { path, name, stdin } => {
                self.buf.clear();
                let from_stdin = stdin.is_some();
                let read = match stdin {
                    Some(mut reader) => reader.read_to_end(&mut self.buf),
                    None => File::open(&path).and_then(|mut f| f.read_to_end(&mut self.buf)),
                };
                if let Err(e) = read {
                    return Some(Err(RecordError { origin: name, reason: format!("cannot read: {e}") }));
                }
                let (text, lossy) = decode(&self.buf);
                let id = if from_stdin { "stdin".to_string() } else { name.clone() };
                Some(Ok(Article {
                    id,
                    text,
                    title: None,
                    date: default_date,
                    url: None,
                    source: None,
                    origin: name,
                    lossy,
                }))
            }
            Source::Jsonl { name, mut reader, mut line } => loop {
                self.buf.clear();
                line += 1;
                match reader.read_until(b'\n', &mut self.buf) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(e) => {
                        return Some(Err(RecordError {
                            origin: format!("{name}:{line}"),
                            reason: format!("read error: {e}"),
                        }))
                    }
                }
                if self.buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let origin = format!("{name}:{line}");
                let result = parse_json_line(&self.buf, &origin);
                self.current = Some(Source::Jsonl { name, reader, line });
                return Some(result);
            },
        }
    }
}

fn decode(bytes: &[u8]) -> (String, bool) {
    // Strip a UTF-8 byte-order mark: it is not text.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(s) => (s.to_string(), false),
        std::borrow::Cow::Owned(s) => (s, true),
    }
}

fn parse_json_line(bytes: &[u8], origin: &str) -> Result<Article, RecordError> {
    let err = |reason: String| RecordError { origin: origin.to_string(), reason };
    let (line, lossy) = decode(bytes);
    let rec: JsonRecord = serde_json::from_str(line.trim()).map_err(|e| err(format!("malformed JSON: {e}")))?;
    let text = rec.text.ok_or_else(|| err("missing field \"text\"".into()))?;
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => origin.to_string(),
        Some(other) => return Err(err(format!("field \"id\" must be a string or number, not {other}"))),
    };
    let date = rec.date.map(|d| parse_date(&d)).transpose().map_err(err)?;
    Ok(Article {
        id,
        text,
        title: rec.title,
        date,
        url: rec.url,
        source: rec.source,
        origin: origin.to_string(),
        lossy,
    })
}

impl Iterator for Articles {
    type Item = Result<Article, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.current.is_some() {
                if let Some(r) = self.next_from_current() {
                    return Some(r);
                }
                continue;
            }
            match self.open_next()? {
                Ok(()) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn collect(paths: &[PathBuf]) -> Vec<Result<Article, RecordError>> {
        read_paths(paths, ReadOptions { default_date: Some("2026-01-02".into()), ..Default::default() }).collect()
    }

    #[test]
    fn malformed_jsonl_line_between_good_ones() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.jsonl");
        let mut f = File::create(&p).unwrap();
        writeln!(f, r#"{{"id":"1","text":"Russia attacked Ukraine.","date":"2025-12-29"}}"#).unwrap();
        writeln!(f, r#"{{"id":"2","text": broken"#).unwrap();
        writeln!(f).unwrap();
        writeln!(f, r#"{{"id":3,"text":"Talks resumed.","date":"2025-12-30T08:00:00+02:00","url":"https://x.org"}}"#)
            .unwrap();
        writeln!(f, r#"{{"id":"4","text":"Bad date.","date":"2025-13-45"}}"#).unwrap();
        writeln!(f, r#"{{"id":"5"}}"#).unwrap();
        drop(f);
        let got = collect(std::slice::from_ref(&p));
        assert_eq!(got.len(), 5);
        assert_eq!(got[0].as_ref().unwrap().date.as_deref(), Some("2025-12-29"));
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.origin, format!("{}:2", p.display()));
        assert!(e.reason.starts_with("malformed JSON"), "{}", e.reason);
        let third = got[2].as_ref().unwrap();
        assert_eq!((third.id.as_str(), third.date.as_deref()), ("3", Some("2025-12-30")));
        assert!(got[3].as_ref().unwrap_err().to_string().contains(":5: invalid date"));
        assert!(got[4].as_ref().unwrap_err().to_string().contains(":6: missing field \"text\""));
    }

    #[test]
    fn invalid_utf8_is_lossy_and_flagged_empty_file_is_an_empty_article() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.txt"), b"Kyiv \xff\xfe said.").unwrap();
        std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/c.jsonl"), b"{\"id\":\"c\",\"text\":\"x\"}\n").unwrap();
        std::fs::write(dir.path().join("ignored.bin"), b"\x00\x01").unwrap();
        let got = collect(&[dir.path().to_path_buf()]);
        let arts: Vec<&Article> = got.iter().map(|r| r.as_ref().unwrap()).collect();
        assert_eq!(arts.len(), 3);
        assert!(arts[0].lossy && arts[0].text.contains('\u{FFFD}'));
        assert_eq!(arts[0].date.as_deref(), Some("2026-01-02"));
        assert_eq!(arts[1].text, "");
        assert_eq!(arts[2].id, "c");
    }

    #[test]
    fn missing_file_is_a_record_error_and_stream_continues() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.txt"), "Fine.").unwrap();
        let got = collect(&[dir.path().join("nope.txt"), dir.path().join("ok.txt")]);
        assert!(got[0].is_err());
        assert_eq!(got[1].as_ref().unwrap().text, "Fine.");
    }
}
