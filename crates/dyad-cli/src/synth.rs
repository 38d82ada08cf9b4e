//! A synthetic news corpus for benchmarks and crash tests: articles of
//! about 20 sentences drawn from the team-written sample corpus, with the
//! two sides of its fictional crisis renamed per article so that the corpus
//! holds many dyads, and dates spread over a year. Deterministic for a seed.

use std::io::Write;

/// The team's fictional sample corpus (see data/samples/README.md).
const SAMPLE_CORPUS: &str = include_str!("../../../data/samples/corpus.jsonl");

/// Country pairs the sample crisis is moved to: (country, adjective, capital).
const SIDES: [[(&str, &str, &str); 2]; 6] = [
    [("Kyrgyzstan", "Kyrgyz", "Bishkek"), ("Tajikistan", "Tajik", "Dushanbe")],
    [("Armenia", "Armenian", "Yerevan"), ("Azerbaijan", "Azerbaijani", "Baku")],
    [("India", "Indian", "New Delhi"), ("Pakistan", "Pakistani", "Islamabad")],
    [("Ethiopia", "Ethiopian", "Addis Ababa"), ("Eritrea", "Eritrean", "Asmara")],
    [("Serbia", "Serbian", "Belgrade"), ("Kosovo", "Kosovan", "Pristina")],
    [("Venezuela", "Venezuelan", "Caracas"), ("Guyana", "Guyanese", "Georgetown")],
];

const OUTLETS: [&str; 5] =
    ["Dyad Wire", "Steppe Herald", "Continental Dispatch", "Fergana Ledger", "Pamir Daily Review"];

/// Sentences of the sample corpus.
fn sentence_pool() -> Vec<String> {
    let mut pool = Vec::new();
    for line in SAMPLE_CORPUS.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let Some(text) = v["text"].as_str() else { continue };
        let doc = dyad_text::Document::new("pool", text);
        for i in 0..doc.sentences.len() {
            let s = doc.sentence_text(i).trim();
            if s.len() > 20 {
                pool.push(s.to_string());
            }
        }
    }
    pool
}

/// xorshift64*: a tiny deterministic generator (no dependency needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Writes articles `first..first + n` of the corpus for `seed` as JSONL;
/// returns the number of sentences written (approximate: pool sentences).
pub fn write_corpus<W: Write>(
    out: &mut W,
    first: usize,
    n: usize,
    sentences_per_article: usize,
    seed: u64,
) -> std::io::Result<usize> {
    let pool = sentence_pool();
    if pool.is_empty() {
        return Ok(0);
    }
    let mut sentences = 0;
    for i in first..first + n {
        let mut rng = Rng((seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1);
        let [a, b] = SIDES[rng.below(SIDES.len())];
        let mut text = String::new();
        for k in 0..sentences_per_article {
            if k > 0 {
                text.push(if k % 5 == 0 { '\n' } else { ' ' });
                if k % 5 == 0 {
                    text.push('\n');
                }
            }
            text.push_str(&pool[rng.below(pool.len())]);
        }
        sentences += sentences_per_article;
        // Longer names first: "Kyrgyzstan" before "Kyrgyz".
        let text = text
            .replace("Kyrgyzstan", a.0)
            .replace("Tajikistan", b.0)
            .replace("Kyrgyz", a.1)
            .replace("Tajik", b.1)
            .replace("Bishkek", a.2)
            .replace("Dushanbe", b.2);
        let day = i % 365;
        let date = date_of_day(2025, day);
        let record = serde_json::json!({
            "id": format!("syn-{i}"),
            "date": date,
            "source": OUTLETS[i % OUTLETS.len()],
            "url": format!("https://example.org/synthetic/{i}"),
            "text": text,
        });
        serde_json::to_writer(&mut *out, &record)?;
        writeln!(out)?;
    }
    Ok(sentences)
}

/// `YYYY-MM-DD` of day `d` (0-based) of a non-leap year.
fn date_of_day(year: u32, d: usize) -> String {
    const DAYS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = d % 365;
    for (m, len) in DAYS.iter().enumerate() {
        if d < *len {
            return format!("{year}-{:02}-{:02}", m + 1, d + 1);
        }
        d -= len;
    }
    format!("{year}-12-31")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_and_valid_jsonl() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_corpus(&mut a, 0, 5, 20, 7).unwrap();
        write_corpus(&mut b, 0, 5, 20, 7).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        assert_eq!(text.lines().count(), 5);
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v["text"].as_str().unwrap().len() > 500);
        }
    }

    #[test]
    fn dates_cover_the_year() {
        assert_eq!(date_of_day(2025, 0), "2025-01-01");
        assert_eq!(date_of_day(2025, 59), "2025-03-01");
        assert_eq!(date_of_day(2025, 364), "2025-12-31");
    }
}
