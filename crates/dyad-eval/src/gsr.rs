//! Event coding against a PETRARCH-style validation file of real news
//! sentences (`PETR2_GSR_validation.xml`): `<Sentence date id …>` records
//! followed by `<EventCoding sourcecode targetcode eventcode/>` (or
//! `noevents`) and a `<Text>`. The file is not well-formed XML, so it is
//! read leniently, record by record; its parses are ignored: we parse the
//! raw text ourselves.
//!
//! Two scores: `code` compares (source country+sector, target
//! country+sector, full CAMEO code); `root` compares (source country, target
//! country, CAMEO root). Coordinated actors count as one dyad each, and a
//! prediction matches at most one gold coding. Negated and denied events
//! are not counted as predictions: they say the event did not happen.

use crate::markup::{attr, compact_date};
use crate::{EvalError, Prf};
use dyad_coder::Pipeline;
use dyad_events::{Event, Status};
use dyad_text::Document;
use serde::Serialize;

/// One validation record.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    /// `YYYY-MM-DD` when the record's date parses.
    pub date: Option<String>,
    pub text: String,
    /// (source code, target code, CAMEO code) as written in the file.
    pub gold: Vec<(String, String, String)>,
}

/// Reads the records of a validation file.
pub fn read_records(text: &str) -> Vec<Record> {
    let mut out = Vec::new();
    for block in text.split("<Sentence ").skip(1) {
        let tag_end = block.find('>').unwrap_or(0);
        let tag = &block[..tag_end];
        let body = &block[tag_end..];
        let Some(t0) = body.find("<Text>") else { continue };
        let t1 = body[t0..].find("</Text>").map_or(body.len(), |x| x + t0);
        let text = body[t0 + 6..t1].split_whitespace().collect::<Vec<_>>().join(" ");
        let mut gold = Vec::new();
        for ec in body[..t0].split("<EventCoding").skip(1) {
            let ec = &ec[..ec.find('>').unwrap_or(ec.len())];
            if let (Some(s), Some(t), Some(c)) = (attr(ec, "sourcecode"), attr(ec, "targetcode"), attr(ec, "eventcode"))
            {
                gold.push((s, t, c));
            }
        }
        out.push(Record {
            id: attr(tag, "id").unwrap_or_default(),
            date: attr(tag, "date").and_then(|d| compact_date(&d)),
            text,
            gold,
        });
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct GsrScores {
    pub code: Prf,
    pub root: Prf,
    pub sentences: usize,
    pub gold_codings: usize,
    pub predicted: usize,
    /// Per-record detail for development (empty unless asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordResult {
    pub id: String,
    pub text: String,
    pub gold: Vec<String>,
    pub predicted: Vec<String>,
}

/// `XXXYYY…` → (country, country+sector); unknown parts stay as written.
fn split_code(code: &str) -> (String, String) {
    let country = code.get(..3).unwrap_or(code).to_string();
    let cs = code.get(..6).unwrap_or(code).to_string();
    (country, cs)
}

/// The dyads of our events, as (source code, target code, CAMEO code).
pub fn dyads(events: &[Event]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for e in events.iter().filter(|e| !matches!(e.status, Status::Negated | Status::Denied)) {
        for s in &e.source {
            for t in &e.target {
                out.push((s.code.clone(), t.code.clone(), e.cameo.clone()));
            }
        }
    }
    out
}

fn count_matches(pred: &[(String, String, String)], gold: &[(String, String, String)]) -> usize {
    let mut used = vec![false; gold.len()];
    let mut n = 0;
    for p in pred {
        if let Some(i) = (0..gold.len()).find(|&i| !used[i] && gold[i] == *p) {
            used[i] = true;
            n += 1;
        }
    }
    n
}

/// Codes every record and scores it; `detail` keeps per-record output.
pub fn evaluate(pipeline: &Pipeline, records: &[Record], detail: bool) -> GsrScores {
    let (mut code_ok, mut root_ok, mut n_pred, mut n_gold) = (0, 0, 0, 0);
    let mut results = Vec::new();
    for r in records {
        let doc = Document::new(r.id.clone(), r.text.as_str());
        let events = pipeline.code(&doc, r.date.as_deref());
        let pred = dyads(&events);
        let key_code = |(s, t, c): &(String, String, String)| (split_code(s).1, split_code(t).1, c.clone());
        let key_root = |(s, t, c): &(String, String, String)| {
            (split_code(s).0, split_code(t).0, c.get(..2).unwrap_or(c).to_string())
        };
        let pc: Vec<_> = pred.iter().map(key_code).collect();
        let gc: Vec<_> = r.gold.iter().map(key_code).collect();
        let pr: Vec<_> = pred.iter().map(key_root).collect();
        let gr: Vec<_> = r.gold.iter().map(key_root).collect();
        code_ok += count_matches(&pc, &gc);
        root_ok += count_matches(&pr, &gr);
        n_pred += pred.len();
        n_gold += r.gold.len();
        if detail {
            let fmt = |v: &[(String, String, String)]| v.iter().map(|(s, t, c)| format!("{s}→{t} {c}")).collect();
            results.push(RecordResult {
                id: r.id.clone(),
                text: r.text.clone(),
                gold: fmt(&r.gold),
                predicted: fmt(&pred),
            });
        }
    }
    GsrScores {
        code: Prf::from_counts(code_ok, n_pred, n_gold),
        root: Prf::from_counts(root_ok, n_pred, n_gold),
        sentences: records.len(),
        gold_codings: n_gold,
        predicted: n_pred,
        records: results,
    }
}

/// Reads a validation file from disk.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Record>, EvalError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| EvalError::Io { path: path.display().to_string(), source: e })?;
    Ok(read_records(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lenient_records() {
        let text = "<Sentences>\n# comment\n<Sentence category=\"AFP\" date=\"20080804\" id=\"A_1\" evaluate=\"true\"/>\n<EventCoding eventcode=\"042\" sourcecode=\"USA\" targetcode=\"CHN\" />\n<Text>\nThe US leader\nvisited China.\n</Text>\n<Parse>1\tThe</Parse></Sentence>\n<Sentence date=\"121108\" id=\"B\">\n<EventCoding noevents=\"True\" />\n<Text>Nothing.</Text>\n";
        let r = read_records(text);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].text, "The US leader visited China.");
        assert_eq!(r[0].date.as_deref(), Some("2008-08-04"));
        assert_eq!(r[0].gold, [("USA".to_string(), "CHN".to_string(), "042".to_string())]);
        assert!(r[1].gold.is_empty() && r[1].date.is_none());
    }

    #[test]
    fn matching_is_one_to_one() {
        let g = vec![("A".to_string(), "B".to_string(), "1".to_string())];
        assert_eq!(count_matches(&[g[0].clone(), g[0].clone()], &g), 1);
    }
}
