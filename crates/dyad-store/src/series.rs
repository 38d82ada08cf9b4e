//! Aggregates over canonical events for dashboards: counts by period and
//! QuadClass (timelines), dyads with their periods (the actor network), and
//! the stances actors take on issues (the negotiation tracker). Filters are
//! the same [`EventFilter`]s as [`Store::query`], bound as SQL parameters.

use crate::query::{where_clause, EventFilter};
use crate::{parse_status, Result, Store};
use dyad_events::Status;
use serde::Serialize;
use std::collections::BTreeMap;

/// The width of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Day,
    /// ISO weeks, named by their Monday (`2026-02-09`).
    Week,
    Month,
}

impl Interval {
    /// `day`, `week` or `month`.
    pub fn parse(s: &str) -> Option<Interval> {
        match s {
            "day" => Some(Interval::Day),
            "week" => Some(Interval::Week),
            "month" => Some(Interval::Month),
            _ => None,
        }
    }

    /// SQL naming the period of an event by its earliest possible date.
    fn sql(self) -> &'static str {
        match self {
            Interval::Day => "substr(e.date_lo, 1, 10)",
            // The next Sunday (or the day itself), minus six days: Monday.
            Interval::Week => "date(substr(e.date_lo, 1, 10), 'weekday 0', '-6 days')",
            Interval::Month => "substr(e.date_lo, 1, 7)",
        }
    }
}

/// One period of a timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineRow {
    /// `2026-02-09` (day, week's Monday) or `2026-02` (month).
    pub period: String,
    pub events: u64,
    pub mentions: u64,
    /// Events by QuadClass 1–4 (verbal/material cooperation, verbal/material conflict).
    pub quad: [u64; 4],
    pub mean_goldstein: f64,
}

/// One period of a dyad.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DyadPeriod {
    pub period: String,
    pub events: u64,
    pub mean_goldstein: f64,
}

/// A source → target pair with its totals and periods.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DyadRow {
    /// `+`-joined source codes (empty when the event has no source).
    pub source: String,
    pub target: String,
    pub events: u64,
    pub mentions: u64,
    pub quad: [u64; 4],
    pub mean_goldstein: f64,
    /// Periods in order; undated events are under `-`.
    pub periods: Vec<DyadPeriod>,
}

/// What an actor did about an issue, read from the CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// Expressed intent to cooperate or engaged in diplomatic cooperation
    /// (CAMEO 03x, 05x except 057).
    Proposed,
    /// Demanded or appealed (10x, 02x).
    Demanded,
    /// Yielded or signed an agreement (08x, 057).
    Accepted,
    /// Rejected (12x).
    Rejected,
}

impl Stance {
    /// The stance a CAMEO code expresses, if any.
    pub fn of(cameo: &str) -> Option<Stance> {
        if cameo.starts_with("057") {
            return Some(Stance::Accepted);
        }
        match cameo.get(..2)? {
            "03" | "05" => Some(Stance::Proposed),
            "02" | "10" => Some(Stance::Demanded),
            "08" => Some(Stance::Accepted),
            "12" => Some(Stance::Rejected),
            _ => None,
        }
    }
}

/// One event that states an actor's stance on an issue.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StancePoint {
    pub event_id: i64,
    pub issue: String,
    /// The source side (who proposed, demanded, accepted or rejected).
    pub actor: String,
    pub target: String,
    pub stance: Stance,
    pub cameo: String,
    pub status: Status,
    pub date: Option<String>,
    /// The period of `date` (`-` when undated).
    pub period: String,
    pub num_mentions: u32,
    /// The first mention's sentence.
    pub text: String,
}

/// `clause` (empty or `WHERE …`) with `extra` added.
fn and(clause: &str, extra: &str) -> String {
    if clause.is_empty() {
        format!("WHERE {extra}")
    } else {
        format!("{clause} AND {extra}")
    }
}

impl Store {
    /// Matching events counted by period (undated events are left out).
    pub fn timeline(&self, filter: &EventFilter, interval: Interval) -> Result<Vec<TimelineRow>> {
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT {period} AS p, count(*), sum(e.num_mentions),
                    sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4),
                    avg(e.goldstein)
             FROM events e {clause} GROUP BY p ORDER BY p",
            period = interval.sql(),
            clause = and(&clause, "e.date_lo IS NOT NULL"),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(TimelineRow {
                period: r.get::<_, Option<String>>(0)?.unwrap_or_else(|| "-".into()),
                events: r.get::<_, i64>(1)? as u64,
                mentions: r.get::<_, i64>(2)? as u64,
                quad: [
                    r.get::<_, i64>(3)? as u64,
                    r.get::<_, i64>(4)? as u64,
                    r.get::<_, i64>(5)? as u64,
                    r.get::<_, i64>(6)? as u64,
                ],
                mean_goldstein: r.get::<_, Option<f64>>(7)?.unwrap_or(0.0),
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Source → target pairs of the matching events, most events first, at
    /// most `limit`, each with its counts per period.
    pub fn dyads(&self, filter: &EventFilter, interval: Interval, limit: usize) -> Result<Vec<DyadRow>> {
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT e.source_code, e.target_code, coalesce({period}, '-') AS p, count(*), sum(e.num_mentions),
                    sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4),
                    avg(e.goldstein)
             FROM events e {clause} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            period = interval.sql(),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut dyads: BTreeMap<(String, String), DyadRow> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let (source, target): (String, String) = (r.get(0)?, r.get(1)?);
            let events = r.get::<_, i64>(3)? as u64;
            let mean = r.get::<_, Option<f64>>(9)?.unwrap_or(0.0);
            let d = dyads.entry((source.clone(), target.clone())).or_insert_with(|| DyadRow {
                source,
                target,
                events: 0,
                mentions: 0,
                quad: [0; 4],
                mean_goldstein: 0.0,
                periods: Vec::new(),
            });
            // Running mean weighted by events.
            d.mean_goldstein = (d.mean_goldstein * d.events as f64 + mean * events as f64) / (d.events + events) as f64;
            d.events += events;
            d.mentions += r.get::<_, i64>(4)? as u64;
            for (q, slot) in d.quad.iter_mut().enumerate() {
                *slot += r.get::<_, i64>(5 + q)? as u64;
            }
            d.periods.push(DyadPeriod { period: r.get(2)?, events, mean_goldstein: mean });
        }
        let mut out: Vec<DyadRow> = dyads.into_values().collect();
        out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target))));
        out.truncate(limit);
        Ok(out)
    }

    /// Events tagged with an issue whose code states a stance (propose,
    /// demand, accept, reject), one point per issue tag, oldest first.
    pub fn stances(&self, filter: &EventFilter, interval: Interval) -> Result<Vec<StancePoint>> {
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT e.id, e.source_code, e.target_code, e.cameo, e.status, e.date, coalesce({period}, '-'),
                    e.issues, e.num_mentions,
                    (SELECT json_extract(m.event_json, '$.text') FROM mentions m
                     WHERE m.event_id = e.id ORDER BY m.id LIMIT 1)
             FROM events e {clause} ORDER BY e.date_lo, e.id",
            period = interval.sql(),
            clause = and(&clause, "e.issues IS NOT NULL AND e.cameo_root IN ('02', '03', '05', '08', '10', '12')"),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let cameo: String = r.get(3)?;
            let Some(stance) = Stance::of(&cameo) else { continue };
            let issues: String = r.get(7)?;
            for issue in issues.split(',').filter(|s| !s.is_empty()) {
                if filter.issue.as_deref().is_some_and(|want| !want.eq_ignore_ascii_case(issue)) {
                    continue;
                }
                out.push(StancePoint {
                    event_id: r.get(0)?,
                    issue: issue.to_string(),
                    actor: r.get(1)?,
                    target: r.get(2)?,
                    stance,
                    cameo: cameo.clone(),
                    status: parse_status(&r.get::<_, String>(4)?),
                    date: r.get(5)?,
                    period: r.get(6)?,
                    num_mentions: r.get(8)?,
                    text: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stances_follow_the_cameo_roots() {
        assert_eq!(Stance::of("036"), Some(Stance::Proposed));
        assert_eq!(Stance::of("051"), Some(Stance::Proposed));
        assert_eq!(Stance::of("057"), Some(Stance::Accepted));
        assert_eq!(Stance::of("0871"), Some(Stance::Accepted));
        assert_eq!(Stance::of("1056"), Some(Stance::Demanded));
        assert_eq!(Stance::of("028"), Some(Stance::Demanded));
        assert_eq!(Stance::of("125"), Some(Stance::Rejected));
        assert_eq!(Stance::of("190"), None);
        assert_eq!(Stance::of("1"), None);
    }

    #[test]
    fn intervals_parse() {
        assert_eq!(Interval::parse("week"), Some(Interval::Week));
        assert_eq!(Interval::parse("year"), None);
    }
}
