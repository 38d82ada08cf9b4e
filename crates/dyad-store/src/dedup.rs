//! Cross-article deduplication: which mentions are one real-world event.
//!
//! # The rule
//! Two mentions are the same event when they have
//! 1. the same source and the same target (each side's sorted, `+`-joined
//!    actor codes, so "France and Germany" is one compound source),
//! 2. the same CAMEO code,
//! 3. the same status group: asserted and claimed mentions of an act are one
//!    group (a claim and a report of the same strike are one strike; the
//!    canonical event is `asserted` when any mention asserts it), while
//!    denied, negated, future and hypothetical mentions each stay apart (a
//!    threat to strike is not the strike),
//! 4. dates that agree at their precision: a day agrees with the same day,
//!    a month with every day of that month, a year with the whole year
//!    (publication dates count as days), and
//! 5. the same place when both have one (gazetteer id, else name and
//!    country); a mention without a place agrees with any place.
//!
//! A mention joins the oldest canonical event that agrees; otherwise it
//! founds a new one. The canonical event then takes the finest date of its
//! mentions and the first place.
//!
//! # Limits
//! - Greedy and order-dependent: a month-level mention joins the first
//!   day-level event of that month it meets, even when the month held two.
//! - Events dated only by publication day split when articles about one
//!   event appear on different days without naming its date.
//! - Different codings of one event (one article says "attacked", another
//!   "shelled") stay apart: the rule compares codes, not meanings.
//! - Actor codes must match exactly: "RUSGOV" and "RUSMIL" stay apart.

use dyad_events::{DatePrecision, Event, Status};

/// What a mention is matched on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub source: String,
    pub target: String,
    pub status_group: &'static str,
    /// The year of the date ("" when undated): candidates share it, which
    /// keeps the candidate list short on large stores.
    pub year: String,
    pub date: Option<String>,
    pub precision: DatePrecision,
    pub place: Option<String>,
}

impl Key {
    pub fn of(e: &Event) -> Key {
        let date = e.date.clone();
        Key {
            source: crate::side_code(&e.source),
            target: crate::side_code(&e.target),
            status_group: status_group(e.status),
            year: date.as_deref().and_then(|d| d.get(..4)).unwrap_or("").to_string(),
            date,
            precision: e.date_precision,
            place: place_key(e),
        }
    }
}

/// Asserted and claimed are one group; the other statuses their own.
pub fn status_group(s: Status) -> &'static str {
    match s {
        Status::Asserted | Status::Claimed => "occurred",
        Status::Denied => "denied",
        Status::Negated => "negated",
        Status::Future => "future",
        Status::Hypothetical => "hypothetical",
    }
}

/// A place's identity: the gazetteer entry's id, else its GeoNames id,
/// else `name|country` in lower case.
pub fn place_key(e: &Event) -> Option<String> {
    let l = e.location.as_ref()?;
    Some(match (&l.id, l.geonames_id) {
        (Some(id), _) => format!("id:{id}"),
        (None, Some(id)) => format!("geonames:{id}"),
        (None, None) => format!("{}|{}", l.name.to_lowercase(), l.country.as_deref().unwrap_or("")),
    })
}

/// A stored event's date, for comparison.
#[derive(Debug, Clone, Copy)]
pub struct When<'a> {
    pub date: Option<&'a str>,
    pub precision: DatePrecision,
}

/// Finer precisions rank lower.
pub fn precision_rank(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 0,
        DatePrecision::Publication => 1,
        DatePrecision::Month => 2,
        DatePrecision::Year => 3,
    }
}

/// Whether two dates agree at the coarser of their precisions: the
/// shorter of the two `YYYY[-MM[-DD]]` strings is a prefix of the longer.
pub fn dates_agree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            long.starts_with(short)
        }
        _ => false,
    }
}

/// Whether a mention with `key` agrees with a canonical event dated `when`
/// and placed at `place`.
pub fn agree(key: &Key, when: When<'_>, place: Option<&str>) -> bool {
    let places_agree = match (key.place.as_deref(), place) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    places_agree && dates_agree(key.date.as_deref(), when.date)
}

/// The first and last day a date covers, as `YYYY-MM-DD` strings that
/// compare correctly as text ("2025-05" → 2025-05-01 … 2025-05-31).
pub fn date_bounds(date: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(d) = date else { return (None, None) };
    match d.len() {
        4 => (Some(format!("{d}-01-01")), Some(format!("{d}-12-31"))),
        7 => (Some(format!("{d}-01")), Some(format!("{d}-31"))),
        _ => (Some(d.to_string()), Some(d.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_agree_at_the_coarser_precision() {
        assert!(dates_agree(Some("2025-05-08"), Some("2025-05-08")));
        assert!(dates_agree(Some("2025-05"), Some("2025-05-08")));
        assert!(dates_agree(Some("2025-05-08"), Some("2025")));
        assert!(!dates_agree(Some("2025-05-08"), Some("2025-05-09")));
        assert!(!dates_agree(Some("2025-04"), Some("2025-05-09")));
        assert!(!dates_agree(Some("2025-05-08"), None));
        assert!(dates_agree(None, None));
    }

    #[test]
    fn date_bounds_cover_the_period() {
        assert_eq!(date_bounds(Some("2025")), (Some("2025-01-01".into()), Some("2025-12-31".into())));
        assert_eq!(date_bounds(Some("2025-02")), (Some("2025-02-01".into()), Some("2025-02-31".into())));
        assert_eq!(date_bounds(Some("2025-02-03")), (Some("2025-02-03".into()), Some("2025-02-03".into())));
    }

    #[test]
    fn claims_and_assertions_share_a_group_but_threats_do_not() {
        assert_eq!(status_group(Status::Asserted), status_group(Status::Claimed));
        assert_ne!(status_group(Status::Asserted), status_group(Status::Future));
        assert_ne!(status_group(Status::Asserted), status_group(Status::Negated));
    }
}
