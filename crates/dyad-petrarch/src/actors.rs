//! Actor dictionaries (`Phoenix.Countries.actors.txt` …): a primary phrase
//! with an optional `[CODE]`, synonyms on `+` lines, and date-restricted
//! codes on indented `[CODE <date]`, `[CODE >date]`, `[CODE date-date]`
//! lines. Dates are `YYYYMMDD` or `YYMMDD` (years below 30 are 20YY).

use crate::text::{lines, words};
use crate::Malformed;

/// A code with the dates it applies to (inclusive, `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One actor record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRecord {
    /// Phrases as words (upper case as written, `_` removed).
    pub phrases: Vec<Vec<String>>,
    /// The code used when no date restriction applies.
    pub code: Option<String>,
    pub dated: Vec<DatedCode>,
    /// `file:line` of the primary phrase.
    pub origin: String,
}

/// Parses `YYYYMMDD` or `YYMMDD` into `YYYY-MM-DD`.
pub fn parse_date(d: &str) -> Option<String> {
    let d = d.trim();
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match d.len() {
        8 => (d[..4].to_string(), &d[4..]),
        6 => {
            let yy: u32 = d[..2].parse().ok()?;
            (format!("{}{:02}", if yy < 30 { 20 } else { 19 }, yy), &d[2..])
        }
        _ => return None,
    };
    let (m, day) = (&rest[..2], &rest[2..]);
    let (mi, di): (u32, u32) = (m.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&mi) || !(1..=31).contains(&di) {
        return None;
    }
    Some(format!("{y}-{m}-{day}"))
}

fn valid_code(c: &str) -> bool {
    !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '+' | '#' | '/' | '~'))
}

/// Parses `CODE`, `CODE <d`, `CODE >d`, `CODE d-d` (the text inside `[]`).
fn parse_restriction(inner: &str) -> Result<DatedCode, String> {
    let inner = inner.trim();
    let (code, rest) = match inner.split_once(char::is_whitespace) {
        Some((c, r)) => (c, r.trim()),
        None => (inner, ""),
    };
    if !valid_code(code) {
        return Err(format!("bad actor code {code:?}"));
    }
    let code = code.to_uppercase();
    let bad = |d: &str| format!("bad date {d:?} (expected YYYYMMDD or YYMMDD)");
    let date = |d: &str| parse_date(d).ok_or_else(|| bad(d));
    let (from, to) = if rest.is_empty() {
        (None, None)
    } else if let Some(d) = rest.strip_prefix('<') {
        (None, Some(date(d)?))
    } else if let Some(d) = rest.strip_prefix('>') {
        (Some(date(d)?), None)
    } else if let Some((a, b)) = rest.split_once('-') {
        (Some(date(a)?), Some(date(b)?))
    } else {
        return Err(format!("bad date restriction {rest:?}"));
    };
    Ok(DatedCode { code, from, to })
}

/// Reads an actor file; malformed lines are reported and skipped.
pub fn read_actors(text: &str, file: &str) -> (Vec<ActorRecord>, Vec<Malformed>) {
    let mut out: Vec<ActorRecord> = Vec::new();
    let mut errors = Vec::new();
    for line in lines(text) {
        let err = |reason: String| Malformed { file: file.to_string(), line: line.no, reason };
        let raw: &str = &line.text;
        let t = raw.trim();
        if t.starts_with('[') {
            // A date restriction (or a code on its own line) for the last record.
            let Some(rec) = out.last_mut() else {
                errors.push(err("code line before any actor".into()));
                continue;
            };
            let Some(end) = t.find(']') else {
                errors.push(err("unclosed '['".into()));
                continue;
            };
            match parse_restriction(&t[1..end]) {
                Ok(dc) if dc.from.is_none() && dc.to.is_none() => {
                    if rec.code.is_none() {
                        rec.code = Some(dc.code);
                    } else {
                        rec.dated.push(dc);
                    }
                }
                Ok(dc) => rec.dated.push(dc),
                Err(reason) => errors.push(err(reason)),
            }
            continue;
        }
        let (is_syn, body) = match t.strip_prefix('+') {
            Some(b) => (true, b),
            None => (false, t),
        };
        let (phrase, code) = match body.find('[') {
            Some(s) => {
                let Some(e) = body[s..].find(']') else {
                    errors.push(err("unclosed '['".into()));
                    continue;
                };
                (&body[..s], Some(&body[s + 1..s + e]))
            }
            None => (body, None),
        };
        let ws = words(phrase);
        if ws.is_empty() {
            errors.push(err("empty phrase".into()));
            continue;
        }
        let code = match code.map(parse_restriction).transpose() {
            Ok(c) => c,
            Err(reason) => {
                errors.push(err(reason));
                continue;
            }
        };
        if is_syn {
            let Some(rec) = out.last_mut() else {
                errors.push(err("synonym before any actor".into()));
                continue;
            };
            rec.phrases.push(ws);
            if let Some(c) = code {
                rec.dated.push(c);
            }
        } else {
            let mut rec =
                ActorRecord { phrases: vec![ws], code: None, dated: Vec::new(), origin: format!("{file}:{}", line.no) };
            if let Some(c) = code {
                if c.from.is_none() && c.to.is_none() {
                    rec.code = Some(c.code);
                } else {
                    rec.dated.push(c);
                }
            }
            out.push(rec);
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_synonyms_and_dates() {
        let t = "GONDOR [GON]\n+MINAS_TIRITH\n+ANORIEN\n\nGOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nBAD [X Y]\nKOFI_ANNAN_\n\t[IGOUNO 970101-061231]\n\t[KORGOV 2004017-20061201]\nENT\n\t[ENT]\n";
        let (r, e) = read_actors(t, "a.txt");
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[0].phrases, [vec!["GONDOR"], vec!["MINAS", "TIRITH"], vec!["ANORIEN"]]);
        assert_eq!(r[0].code.as_deref(), Some("GON"));
        assert_eq!(r[1].code, None);
        assert_eq!(
            r[1].dated,
            [
                DatedCode { code: "HOB".into(), from: None, to: Some("1995-06-01".into()) },
                DatedCode { code: "HOBGOV".into(), from: Some("1995-06-01".into()), to: Some("1999-08-15".into()) },
                DatedCode { code: "HOBREB".into(), from: Some("1999-08-16".into()), to: None },
            ]
        );
        assert_eq!(r[2].dated[0].to.as_deref(), Some("2006-12-31"));
        assert_eq!(r[3].code.as_deref(), Some("ENT"));
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].to_string(), "a.txt:10: bad date restriction \"Y\"");
        assert!(e[1].to_string().starts_with("a.txt:13: bad date \"2004017\""));
    }
}
