//! PETRARCH's unit-test suite (`PETR.UnitTest.records.xml`): `<Sentence
//! date id category>` records with `<EventCoding sourcecode targetcode
//! eventcode>` (or `noevents`, or `error`) and a `<Text>`. The `<Parse>` is
//! ignored: we parse the text ourselves. The dictionaries come from the
//! file's `<Environment>` block (the caller loads them).
//!
//! A coding matches when source code, target code and event code all equal
//! an expected coding (codes compared as PETRARCH writes them; each
//! prediction matches at most one expected coding). A `noevents` or `error`
//! record counts one expected coding, matched when we code nothing.

use crate::markup::{attr, compact_date};
use dyad_coder::Pipeline;
use dyad_text::Document;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct UnitRecord {
    pub id: String,
    pub category: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub text: String,
    pub gold: Vec<(String, String, String)>,
    /// `noevents` or an `error` record: nothing should be coded.
    pub expect_nothing: bool,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Reads the records (XML comments removed first).
pub fn read_records(text: &str) -> Vec<UnitRecord> {
    let mut clean = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(s) = rest.find("<!--") {
        clean.push_str(&rest[..s]);
        match rest[s..].find("-->") {
            Some(e) => rest = &rest[s + e + 3..],
            None => {
                rest = "";
            }
        }
    }
    clean.push_str(rest);
    let mut out = Vec::new();
    for block in clean.split("<Sentence ").skip(1) {
        let tag_end = block.find('>').unwrap_or(0);
        let tag = &block[..tag_end];
        let body = &block[tag_end..];
        let Some(t0) = body.find("<Text>") else { continue };
        let t1 = body[t0..].find("</Text>").map_or(body.len(), |x| x + t0);
        let text = unescape(&body[t0 + 6..t1].split_whitespace().collect::<Vec<_>>().join(" "));
        let mut gold = Vec::new();
        let mut expect_nothing = false;
        for ec in body[..t0].split("<EventCoding").skip(1) {
            let ec = &ec[..ec.find('>').unwrap_or(ec.len())];
            if attr(ec, "noevents").is_some() || attr(ec, "error").is_some() {
                expect_nothing = true;
            } else if let (Some(s), Some(t), Some(c)) =
                (attr(ec, "sourcecode"), attr(ec, "targetcode"), attr(ec, "eventcode"))
            {
                gold.push((s, t, c));
            }
        }
        let date = attr(tag, "date").and_then(|d| compact_date(&d));
        out.push(UnitRecord {
            id: attr(tag, "id").unwrap_or_default(),
            category: attr(tag, "category").unwrap_or_default(),
            date,
            text,
            gold,
            expect_nothing,
        });
    }
    out
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub expected: usize,
    pub matched: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.expected += o.expected;
        self.matched += o.matched;
        self.false_positives += o.false_positives;
        self.false_negatives += o.false_negatives;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordDetail {
    pub id: String,
    pub category: String,
    pub text: String,
    pub gold: Vec<String>,
    pub predicted: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitScores {
    pub total: Counts,
    pub categories: BTreeMap<String, Counts>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordDetail>,
}

/// Codes every record. `detail` keeps the records that are not fully matched.
pub fn evaluate(pipeline: &Pipeline, records: &[UnitRecord], detail: bool) -> UnitScores {
    let mut total = Counts::default();
    let mut categories: BTreeMap<String, Counts> = BTreeMap::new();
    let mut details = Vec::new();
    for r in records {
        let doc = Document::new(r.id.clone(), r.text.as_str());
        let events = pipeline.code(&doc, r.date.as_deref());
        let mut pred = Vec::new();
        for e in &events {
            for s in &e.source {
                for t in &e.target {
                    pred.push((s.code.clone(), t.code.clone(), e.cameo.clone()));
                }
            }
        }
        pred.sort();
        pred.dedup();
        let mut c = Counts::default();
        if r.expect_nothing && r.gold.is_empty() {
            c.expected = 1;
            if pred.is_empty() {
                c.matched = 1;
            } else {
                c.false_negatives = 1;
                c.false_positives = pred.len();
            }
        } else {
            let mut used = vec![false; r.gold.len()];
            for p in &pred {
                match (0..r.gold.len()).find(|&i| !used[i] && r.gold[i] == *p) {
                    Some(i) => {
                        used[i] = true;
                        c.matched += 1;
                    }
                    None => c.false_positives += 1,
                }
            }
            c.expected = r.gold.len();
            c.false_negatives = c.expected - c.matched;
        }
        total.add(&c);
        categories.entry(r.category.clone()).or_default().add(&c);
        if detail && (c.false_positives > 0 || c.false_negatives > 0) {
            let fmt = |v: &[(String, String, String)]| v.iter().map(|(s, t, c)| format!("{s}>{t} {c}")).collect();
            details.push(RecordDetail {
                id: r.id.clone(),
                category: r.category.clone(),
                text: r.text.clone(),
                gold: if r.expect_nothing && r.gold.is_empty() { vec!["(nothing)".into()] } else { fmt(&r.gold) },
                predicted: fmt(&pred),
            });
        }
    }
    UnitScores { total, categories, records: details }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_unit_records() {
        let t = "<Environment><Verbfile>V.txt</Verbfile></Environment>\n<!-- <Sentence id=\"X\"> -->\n<Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\" sentence=\"true\">\n<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n<Text>\nArnor restores ties &amp; more.\n</Text>\n<Parse>(ROOT)</Parse>\n</Sentence>\n<Sentence date=\"19950101\" id=\"E\" category=\"ERROR\">\n<EventCoding noevents = \"True\"></EventCoding>\n<EventCoding sourcecode='\"A B\"' targetcode='C' eventcode=\"1\">\n<Text>x</Text></Sentence>";
        let r = read_records(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].text, "Arnor restores ties & more.");
        assert_eq!(r[0].gold, [("ARN".to_string(), "GON".to_string(), "064".to_string())]);
        assert_eq!(r[0].date.as_deref(), Some("1995-01-01"));
        assert!(r[1].expect_nothing);
        assert_eq!(r[1].gold[0].0, "\"A B\"");
        assert_eq!(r[1].category, "ERROR");
    }
}
