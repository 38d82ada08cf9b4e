//! Temporal expressions in a sentence's tokens, resolved against the
//! article's publication date ("on Monday", "Dec. 29", "two weeks ago",
//! "in August", "in 2014", "yesterday").
//!
//! News is written after the fact, so resolution leans to the past: a bare
//! "December 29" in an article of 3 January is the previous December, and
//! "on Monday" is the most recent Monday, unless the clause is in the future
//! tense, when the next one is meant.
//!
//! ```
//! use chrono::NaiveDate;
//! let publication = NaiveDate::from_ymd_opt(2026, 1, 3).unwrap();
//! let words = ["Russia", "attacked", "Kyiv", "on", "December", "29", "."];
//! let found = dyad_time::find(&words, publication, false);
//! assert_eq!(found[0].date.to_string(), "2025-12-29");
//! ```
//!
//! Why not the `duckling` crate: it was tried first (v0.4). It resolves
//! these expressions, but costs about 1 ms per sentence (a third of the
//! coder's whole budget), leans to the future ("December 29" read on 3
//! January → next December) and misses news idioms ("hours before"). This
//! small resolver covers what news needs at a few microseconds a sentence.
//!
//! This crate knows nothing about events; the coder decides which
//! expression dates which event.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::fmt;

/// How precise a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Year,
}

/// A date known to a day, a month or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn day(d: NaiveDate) -> PartialDate {
        PartialDate { year: d.year(), month: Some(d.month()), day: Some(d.day()) }
    }
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => write!(f, "{:04}-{m:02}", self.year),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

/// A temporal expression: tokens `[start, end)` of the sentence and the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub date: PartialDate,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(w: &str) -> Option<u32> {
    // Month names are capitalised in news; "march" and "may" are verbs.
    if !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    // "May" is also a verb and a name; it only counts beside a number, which
    // the callers check. Abbreviations: "Jan", "Sept".
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(&w) && w != "mar" && w.len() <= 4))
        .map(|i| i as u32 + 1)
}

fn weekday_of(w: &str) -> Option<Weekday> {
    match w.to_ascii_lowercase().as_str() {
        "monday" => Some(Weekday::Mon),
        "tuesday" => Some(Weekday::Tue),
        "wednesday" => Some(Weekday::Wed),
        "thursday" => Some(Weekday::Thu),
        "friday" => Some(Weekday::Fri),
        "saturday" => Some(Weekday::Sat),
        "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

fn number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // "29th"
    if w.is_empty() || w.len() > 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return word_number(word);
    }
    w.parse().ok()
}

fn word_number(w: &str) -> Option<u32> {
    let n = match w.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(n)
}

fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// A month and day without a year: the nearest such date on the side the
/// tense points to (past unless `future`).
fn anchor_year(month: u32, day: u32, publication: NaiveDate, future: bool) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(publication.year(), month, day)?;
    Some(if future {
        if this < publication {
            NaiveDate::from_ymd_opt(publication.year() + 1, month, day)?
        } else {
            this
        }
    } else if this > publication + Duration::days(2) {
        NaiveDate::from_ymd_opt(publication.year() - 1, month, day)?
    } else {
        this
    })
}

fn shift_months(d: NaiveDate, months: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

/// Finds and resolves the temporal expressions of a sentence. `future`
/// says the sentence speaks of the future (it decides "on Monday").
pub fn find(words: &[&str], publication: NaiveDate, future: bool) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let mut hours: Vec<usize> = Vec::new();
    let lower = |i: usize| words.get(i).map(|w| w.to_ascii_lowercase()).unwrap_or_default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let lw = lower(i);
        let mut found: Option<(usize, PartialDate)> = None;
        // ISO dates kept whole by the tokenizer: 2025-12-29.
        if w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
            if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
                found = Some((i + 1, PartialDate::day(d)));
            }
        }
        // ISO dates the tokenizer split at the hyphens: 2025 - 12 - 29.
        if found.is_none() && year_of(w).is_some() && words.get(i + 1) == Some(&"-") && words.get(i + 3) == Some(&"-") {
            let joined = format!("{w}-{}-{}", words.get(i + 2).unwrap_or(&""), words.get(i + 4).unwrap_or(&""));
            if let Ok(d) = NaiveDate::parse_from_str(&joined, "%Y-%m-%d") {
                found = Some((i + 5, PartialDate::day(d)));
            }
        }
        // Month Day[, Year] | Month Year | Day Month [Year]
        if found.is_none() {
            if let Some(m) = month_of(w) {
                let day = words.get(i + 1).and_then(|x| number(x)).filter(|d| (1..=31).contains(d));
                if let Some(d) = day {
                    let mut end = i + 2;
                    let explicit =
                        if words.get(end) == Some(&",") { words.get(end + 1).and_then(|y| year_of(y)) } else { None }
                            .or_else(|| words.get(end).and_then(|y| year_of(y)));
                    let date = match explicit {
                        Some(y) => {
                            end += if words.get(end) == Some(&",") { 2 } else { 1 };
                            NaiveDate::from_ymd_opt(y, m, d)
                        }
                        None => anchor_year(m, d, publication, future),
                    };
                    if let Some(date) = date {
                        found = Some((end, PartialDate::day(date)));
                    }
                } else if let Some(y) = words.get(i + 1).and_then(|x| year_of(x)) {
                    found = Some((i + 2, PartialDate { year: y, month: Some(m), day: None }));
                } else if i > 0
                    && matches!(
                        lower(i - 1).as_str(),
                        "in" | "since" | "until" | "by" | "last" | "next" | "early" | "late" | "mid"
                    )
                    && lw != "may"
                {
                    let last = lower(i - 1) == "last";
                    let next = lower(i - 1) == "next";
                    let mut y = publication.year();
                    if (last || !future && !next) && m > publication.month() {
                        y -= 1;
                    }
                    if (next || future) && m < publication.month() {
                        y += 1;
                    }
                    found = Some((i + 1, PartialDate { year: y, month: Some(m), day: None }));
                }
            } else if let (Some(d), Some(m)) =
                (number(w).filter(|d| (1..=31).contains(d)), words.get(i + 1).and_then(|x| month_of(x)))
            {
                if w.bytes().all(|b| b.is_ascii_digit()) {
                    let explicit = words.get(i + 2).and_then(|y| year_of(y));
                    let date = match explicit {
                        Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                        None => anchor_year(m, d, publication, future),
                    };
                    if let Some(date) = date {
                        found = Some((i + 2 + explicit.is_some() as usize, PartialDate::day(date)));
                    }
                }
            }
        }
        if found.is_none() {
            found = match lw.as_str() {
                "yesterday" => Some((i + 1, PartialDate::day(publication - Duration::days(1)))),
                "today" | "tonight" => Some((i + 1, PartialDate::day(publication))),
                "tomorrow" => Some((i + 1, PartialDate::day(publication + Duration::days(1)))),
                // News is dated the morning after the night it reports.
                "overnight" => Some((i + 1, PartialDate::day(publication))),
                "last" if lower(i + 1) == "night" => Some((i + 2, PartialDate::day(publication - Duration::days(1)))),
                "this" if matches!(lower(i + 1).as_str(), "morning" | "afternoon" | "evening") => {
                    Some((i + 2, PartialDate::day(publication)))
                }
                _ => None,
            };
        }
        // "hours before", "hours after", "minutes later": the day of the
        // sentence's other expression (set below), else the reference day.
        if found.is_none()
            && matches!(lw.as_str(), "hours" | "minutes" | "moments")
            && matches!(lower(i + 1).as_str(), "before" | "after" | "earlier" | "later")
        {
            hours.push(out.len());
            found = Some((i + 2, PartialDate::day(publication)));
        }
        if found.is_none() {
            if let Some(wd) = weekday_of(w) {
                let prev = if i > 0 { lower(i - 1) } else { String::new() };
                let forward = future || prev == "next";
                let mut d = publication;
                if forward {
                    d += Duration::days(1);
                    while d.weekday() != wd {
                        d += Duration::days(1);
                    }
                } else {
                    if prev == "last" {
                        d -= Duration::days(1);
                    }
                    while d.weekday() != wd {
                        d -= Duration::days(1);
                    }
                }
                found = Some((i + 1, PartialDate::day(d)));
            }
        }
        // "N days|weeks|months|years ago"
        if found.is_none() {
            if let (Some(n), Some(unit), Some(ago)) = (number(w), words.get(i + 1), words.get(i + 2)) {
                if ago.eq_ignore_ascii_case("ago") {
                    let unit = unit.to_ascii_lowercase();
                    let n = n as i64;
                    let date = match unit.trim_end_matches('s') {
                        "day" => Some(PartialDate::day(publication - Duration::days(n))),
                        "week" => Some(PartialDate::day(publication - Duration::days(7 * n))),
                        "month" => {
                            let d = shift_months(publication, -(n as i32));
                            Some(PartialDate { year: d.year(), month: Some(d.month()), day: None })
                        }
                        "year" => Some(PartialDate { year: publication.year() - n as i32, month: None, day: None }),
                        _ => None,
                    };
                    found = date.map(|d| (i + 3, d));
                }
            }
        }
        // "last|next|this week|month|year", "earlier this year"
        if found.is_none() && matches!(lw.as_str(), "last" | "next" | "this" | "past") {
            if let Some(unit) = words.get(i + 1).map(|u| u.to_ascii_lowercase()) {
                let step: i32 = match lw.as_str() {
                    "last" | "past" => -1,
                    "next" => 1,
                    _ => 0,
                };
                found = match unit.as_str() {
                    "week" => Some(PartialDate::day(publication + Duration::days(7 * step as i64))),
                    "month" => {
                        let d = shift_months(publication, step);
                        Some(PartialDate { year: d.year(), month: Some(d.month()), day: None })
                    }
                    "year" => Some(PartialDate { year: publication.year() + step, month: None, day: None }),
                    _ => None,
                }
                .map(|d| (i + 2, d));
            }
        }
        // A year alone: "in 2014", "the 2014 annexation", "since 2022".
        if found.is_none() {
            if let Some(y) = year_of(w) {
                let prev = if i > 0 { lower(i - 1) } else { String::new() };
                // Also a year before a noun: "a 2020 war", "its 2022 invasion".
                let attributive = matches!(prev.as_str(), "a" | "its" | "their" | "his" | "her")
                    && words.get(i + 1).is_some_and(|n| n.chars().next().is_some_and(|c| c.is_lowercase()));
                if attributive
                    || matches!(
                        prev.as_str(),
                        "in" | "since" | "until" | "by" | "the" | "of" | "early" | "late" | "mid"
                    )
                {
                    found = Some((i + 1, PartialDate { year: y, month: None, day: None }));
                }
            }
        }
        match found {
            Some((end, date)) => {
                out.push(TimeExpr { start: i, end, date });
                i = end;
            }
            None => i += 1,
        }
    }
    // "hours before the talks … on Tuesday": the nearest other day.
    for &h in &hours {
        let at = out[h].start;
        let other = out
            .iter()
            .enumerate()
            .filter(|(k, e)| !hours.contains(k) && e.date.precision() == Precision::Day)
            .min_by_key(|(_, e)| e.start.abs_diff(at))
            .map(|(_, e)| e.date);
        if let Some(d) = other {
            out[h].date = d;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, publication: (i32, u32, u32), future: bool) -> Vec<String> {
        let mut toks = Vec::new();
        // The tests tokenize on spaces; the pipeline passes real tokens.
        toks.extend(text.split(' '));
        let p = NaiveDate::from_ymd_opt(publication.0, publication.1, publication.2).unwrap();
        find(&toks, p, future).iter().map(|e| e.date.to_string()).collect()
    }

    #[test]
    fn absolute_dates_and_year_rollover() {
        assert_eq!(resolve("met on December 29 .", (2026, 1, 3), false), ["2025-12-29"]);
        assert_eq!(resolve("met on Dec. 29 , 2024 .", (2026, 1, 3), false), ["2024-12-29"]);
        assert_eq!(resolve("met on 29 December .", (2025, 12, 30), false), ["2025-12-29"]);
        assert_eq!(resolve("will meet on January 5 .", (2025, 12, 30), true), ["2026-01-05"]);
        assert_eq!(resolve("on 2025-12-29", (2026, 1, 3), false), ["2025-12-29"]);
        assert_eq!(resolve("met Dar in Washington on May 8", (2025, 5, 10), false), ["2025-05-08"]);
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2026-03-12 is a Thursday.
        assert_eq!(resolve("attacked on Monday", (2026, 3, 12), false), ["2026-03-09"]);
        assert_eq!(resolve("will meet on Monday", (2026, 3, 12), true), ["2026-03-16"]);
        assert_eq!(resolve("talks on Thursday", (2026, 3, 12), false), ["2026-03-12"]);
    }

    #[test]
    fn relative_expressions() {
        assert_eq!(resolve("yesterday", (2026, 3, 12), false), ["2026-03-11"]);
        assert_eq!(resolve("two weeks ago", (2026, 3, 12), false), ["2026-02-26"]);
        assert_eq!(resolve("three months ago", (2026, 3, 12), false), ["2025-12"]);
        assert_eq!(resolve("last month", (2026, 1, 12), false), ["2025-12"]);
        assert_eq!(resolve("earlier this year", (2026, 3, 12), false), ["2026"]);
        assert_eq!(resolve("next week", (2026, 3, 12), true), ["2026-03-19"]);
        assert_eq!(resolve("clashed last night", (2026, 3, 12), false), ["2026-03-11"]);
        assert_eq!(resolve("40 drones overnight", (2026, 3, 12), false), ["2026-03-12"]);
        assert_eq!(resolve("hours before the vote", (2026, 3, 12), false), ["2026-03-12"]);
        assert_eq!(resolve("hours after they spoke on Tuesday", (2026, 3, 12), false), ["2026-03-10", "2026-03-10"]);
        assert_eq!(resolve("on 2026 - 03 - 10 .", (2026, 3, 12), false), ["2026-03-10"]);
        assert_eq!(resolve("in a 2020 war", (2026, 3, 12), false), ["2020"]);
    }

    #[test]
    fn months_and_years_alone() {
        assert_eq!(resolve("the summit in August", (2025, 12, 1), false), ["2025-08"]);
        assert_eq!(resolve("the summit in August", (2026, 3, 1), false), ["2025-08"]);
        assert_eq!(resolve("in February 2022", (2026, 3, 1), false), ["2022-02"]);
        assert_eq!(resolve("the 2014 annexation of Crimea", (2026, 3, 1), false), ["2014"]);
        assert_eq!(resolve("may attack in 2027", (2026, 3, 1), true), ["2027"]);
        assert!(resolve("he may leave", (2026, 3, 1), false).is_empty());
        assert!(resolve("250 soldiers", (2026, 3, 1), false).is_empty());
        assert!(resolve("protesters march 5 km", (2026, 3, 1), false).is_empty());
    }
}
