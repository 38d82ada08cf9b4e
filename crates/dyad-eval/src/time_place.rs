//! Dates and places (issue 6) against the team's test set
//! (`data/eval/time-place.tsv`, news-style sentences written by the team
//! with the answer a careful reader gives).
//!
//! A date is right when value and precision both match; a place is right
//! by country when the ISO code matches, and by entry when the gazetteer
//! entry chosen is named as expected (its name or one of its alternates).
//! A line expecting no place is right when none is given.

use crate::EvalError;
use dyad_coder::Pipeline;
use dyad_text::Document;
use serde::Serialize;

/// The team's test set, compiled in.
pub const BUILTIN: &str = include_str!("../../../data/eval/time-place.tsv");

#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Date {
        date: String,
        precision: dyad_events::DatePrecision,
    },
    /// `None`: no location.
    Place {
        name: Option<String>,
        country: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Case {
    pub line: usize,
    pub publication: String,
    pub expect: Expect,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateScores {
    pub accuracy: f64,
    pub n: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceScores {
    pub country_accuracy: f64,
    pub entry_accuracy: f64,
    pub n: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimePlaceScores {
    pub dates: DateScores,
    pub places: PlaceScores,
    /// Gazetteer entries the pipeline used.
    pub gazetteer_entries: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<String>,
}

/// Reads the test set (`path` names it in errors).
pub fn read(text: &str, path: &str) -> Result<Vec<Case>, EvalError> {
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let format = |reason: String| EvalError::Format { path: path.to_string(), line: n + 1, reason };
        let cols: Vec<&str> = line.splitn(5, '\t').collect();
        let [kind, publication, a, b, text] = cols[..] else {
            return Err(format(format!("{} columns, expected 5", cols.len())));
        };
        if dyad_input::parse_date(publication).is_err() {
            return Err(format(format!("bad publication date {publication:?}")));
        }
        let some = |s: &str| (s != "-").then(|| s.to_string());
        let expect = match kind {
            "date" => {
                let Some(precision) = dyad_events::DatePrecision::from_name(b) else {
                    return Err(format(format!("bad precision {b:?}")));
                };
                Expect::Date { date: a.to_string(), precision }
            }
            "place" => Expect::Place { name: some(a), country: some(b) },
            other => return Err(format(format!("unknown kind {other:?} (date or place)"))),
        };
        cases.push(Case { line: n + 1, publication: publication.to_string(), expect, text: text.to_string() });
    }
    Ok(cases)
}

/// Which kinds of line a score or a failure list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    All,
    Places,
}

/// Codes every case and scores its first body sentence.
pub fn evaluate(pipeline: &Pipeline, cases: &[Case], part: Part, list_failures: bool) -> TimePlaceScores {
    let gaz = pipeline.gazetteer();
    let (mut dn, mut dok, mut pn, mut pcountry, mut pentry) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for case in cases {
        if part == Part::Places && matches!(case.expect, Expect::Date { .. }) {
            continue;
        }
        let doc = Document::new(format!("line-{}", case.line), case.text.as_str());
        let situations = pipeline.situate(&doc, Some(&case.publication));
        let first = situations.first();
        match &case.expect {
            Expect::Date { date, precision } => {
                dn += 1;
                let got = first.map(|s| (s.date.clone().unwrap_or_default(), s.date_precision));
                let ok = got.as_ref().is_some_and(|(d, p)| d == date && p == precision);
                dok += ok as usize;
                if !ok && list_failures {
                    let got = got.map(|(d, p)| format!("{d} {}", p.as_str())).unwrap_or("nothing".into());
                    failures.push(format!(
                        "line {}: expected {date} {}, got {got}: {}",
                        case.line,
                        precision.as_str(),
                        case.text
                    ));
                }
            }
            Expect::Place { name, country } => {
                pn += 1;
                let loc = first.and_then(|s| s.location.as_ref());
                let (country_ok, entry_ok) = match (name, loc) {
                    (None, None) => (true, true),
                    (Some(_), None) | (None, Some(_)) => (false, false),
                    (Some(name), Some(loc)) => {
                        let country_ok = loc.country.as_deref() == country.as_deref();
                        let named = loc.name == *name
                            || gaz.places().iter().any(|p| Some(&p.id) == loc.id.as_ref() && p.is_named(name));
                        (country_ok, country_ok && named)
                    }
                };
                pcountry += country_ok as usize;
                pentry += entry_ok as usize;
                if !entry_ok && list_failures {
                    let got = loc
                        .map(|l| format!("{} ({}) from {:?}", l.name, l.country.as_deref().unwrap_or("-"), l.text))
                        .unwrap_or("nothing".into());
                    failures.push(format!(
                        "line {}: expected {} ({}), got {got}: {}",
                        case.line,
                        name.as_deref().unwrap_or("nothing"),
                        country.as_deref().unwrap_or("-"),
                        case.text
                    ));
                }
            }
        }
    }
    let rate = |k: usize, n: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    TimePlaceScores {
        dates: DateScores { accuracy: rate(dok, dn), n: dn },
        places: PlaceScores { country_accuracy: rate(pcountry, pn), entry_accuracy: rate(pentry, pn), n: pn },
        gazetteer_entries: gaz.len(),
        failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_set_is_well_formed_and_large_enough() {
        let cases = read(BUILTIN, "data/eval/time-place.tsv").unwrap();
        let dates = cases.iter().filter(|c| matches!(c.expect, Expect::Date { .. })).count();
        let places = cases.iter().filter(|c| matches!(c.expect, Expect::Place { .. })).count();
        assert!(dates >= 150 && places >= 100, "{dates} dates, {places} places");
    }

    #[test]
    fn bad_lines_name_their_line() {
        let err = read("# header\ndate\t2026-01-03\t2025-12-29\tweek\tA sentence.\n", "x.tsv").unwrap_err();
        assert_eq!(err.to_string(), "x.tsv:2: bad precision \"week\"");
    }
}
