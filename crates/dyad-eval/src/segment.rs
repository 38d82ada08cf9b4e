//! Sentence and token segmentation against a UD treebank.
//!
//! The raw text is rebuilt from the `# text` comments: sentences of one
//! paragraph (`# newpar`) are joined by a space, paragraphs by a blank line,
//! and each `# newdoc` starts a new document, as in the CoNLL 2018 shared
//! task's raw text. Gold token spans come from aligning the word forms (and
//! multiword tokens, split into their words when the words spell the token)
//! with the sentence text. Scores are span matches.

use crate::{EvalError, Prf};
use dyad_text::Document;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Serialize)]
pub struct SegmentScores {
    pub sentence_f1: f64,
    pub token_f1: f64,
    pub sentence: Prf,
    pub token: Prf,
    pub documents: usize,
    pub gold_sentences: usize,
    pub gold_tokens: usize,
    /// The most frequent token errors as `gold ⇒ predicted` pieces (for
    /// development; empty unless asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub token_errors: Vec<(String, usize)>,
}

/// One rebuilt document with its gold spans (byte offsets).
#[derive(Debug, Default)]
pub struct GoldDoc {
    pub text: String,
    pub sentences: Vec<(usize, usize)>,
    pub tokens: Vec<(usize, usize)>,
}

/// Rebuilds documents and gold spans from CoNLL-U text.
pub fn gold_documents(conllu: &str, path: &str) -> Result<Vec<GoldDoc>, EvalError> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut cur = GoldDoc::default();
    let mut sent_text: Option<(usize, String)> = None; // (start offset, text)
    let mut cursor = 0usize; // byte position inside the sentence text
    let mut mwt: Option<Mwt> = None;
    let mut new_par = false;
    let finish_sentence = |cur: &mut GoldDoc, sent: &mut Option<(usize, String)>| {
        if let Some((start, text)) = sent.take() {
            cur.sentences.push((start, start + text.len()));
        }
    };
    for (n, line) in conllu.lines().enumerate() {
        let lineno = n + 1;
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if c.starts_with("newdoc") {
                finish_sentence(&mut cur, &mut sent_text);
                if !cur.text.is_empty() {
                    docs.push(std::mem::take(&mut cur));
                }
            } else if c.starts_with("newpar") {
                new_par = true;
            } else if let Some(t) = c.strip_prefix("text =") {
                finish_sentence(&mut cur, &mut sent_text);
                let t = t.trim();
                if !cur.text.is_empty() {
                    cur.text.push_str(if new_par { "\n\n" } else { " " });
                }
                new_par = false;
                sent_text = Some((cur.text.len(), t.to_string()));
                cur.text.push_str(t);
                cursor = 0;
                mwt = None;
            }
            continue;
        }
        if line.trim().is_empty() {
            finish_sentence(&mut cur, &mut sent_text);
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err(EvalError::Format {
                path: path.into(),
                line: lineno,
                reason: "expected tab-separated columns".into(),
            });
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        let Some((start, stext)) = sent_text.as_ref() else {
            return Err(EvalError::Format {
                path: path.into(),
                line: lineno,
                reason: "token before any '# text' comment".into(),
            });
        };
        let form = cols[1];
        let locate = |cursor: usize| -> Result<usize, EvalError> {
            let rest = &stext[cursor..];
            let skip = rest.len() - rest.trim_start().len();
            if rest[skip..].starts_with(form) {
                Ok(cursor + skip)
            } else {
                Err(EvalError::Format {
                    path: path.into(),
                    line: lineno,
                    reason: format!("form {form:?} not found in the sentence text"),
                })
            }
        };
        if let Some((_, last)) = id.split_once('-') {
            // Multiword token: remember its span; its words follow.
            let pos = locate(cursor)?;
            mwt = Some(Mwt {
                span: (start + pos, start + pos + form.len()),
                last: last.parse().unwrap_or(0),
                words: Vec::new(),
            });
            cursor = pos + form.len();
            continue;
        }
        let wid: u32 = id.parse().map_err(|_| EvalError::Format {
            path: path.into(),
            line: lineno,
            reason: format!("bad id {id:?}"),
        })?;
        if let Some(m) = mwt.as_mut() {
            m.words.push(form.len());
            let spelled: usize = m.words.iter().sum();
            if wid >= m.last {
                // Split into words when they spell the token ("ca"+"n't"),
                // else keep the token as one unit.
                let (s, e) = m.span;
                if spelled == e - s && m.words.len() > 1 {
                    let mut p = s;
                    for &len in &m.words {
                        cur.tokens.push((p, p + len));
                        p += len;
                    }
                } else {
                    cur.tokens.push((s, e));
                }
                mwt = None;
            }
            continue;
        }
        let pos = locate(cursor)?;
        cur.tokens.push((start + pos, start + pos + form.len()));
        cursor = pos + form.len();
    }
    finish_sentence(&mut cur, &mut sent_text);
    if !cur.text.is_empty() {
        docs.push(cur);
    }
    Ok(docs)
}

/// A multiword token being read: its span, the id of its last word, and
/// the byte lengths of its words so far.
struct Mwt {
    span: (usize, usize),
    last: u32,
    words: Vec<usize>,
}

/// Segments and tokenizes every rebuilt document and scores the spans.
pub fn evaluate(conllu: &str, path: &str) -> Result<SegmentScores, EvalError> {
    evaluate_with_errors(conllu, path, 0)
}

/// Like [`evaluate`], also listing the `top_errors` most frequent token
/// mismatches (gold token text ⇒ the predicted tokens over the same text).
pub fn evaluate_with_errors(conllu: &str, path: &str, top_errors: usize) -> Result<SegmentScores, EvalError> {
    let mut errors: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let docs = gold_documents(conllu, path)?;
    let (mut s_ok, mut s_pred, mut s_gold) = (0, 0, 0);
    let (mut t_ok, mut t_pred, mut t_gold) = (0, 0, 0);
    for g in &docs {
        let doc = Document::new("eval", g.text.as_str());
        let gold_s: HashSet<(usize, usize)> = g.sentences.iter().copied().collect();
        let gold_t: HashSet<(usize, usize)> = g.tokens.iter().copied().filter(|(s, e)| s < e).collect();
        s_gold += gold_s.len();
        t_gold += gold_t.len();
        s_pred += doc.sentences.len();
        t_pred += doc.tokens.len();
        s_ok += doc.sentences.iter().filter(|s| gold_s.contains(&(s.span.start as usize, s.span.end as usize))).count();
        t_ok += doc.tokens.iter().filter(|t| gold_t.contains(&(t.span.start as usize, t.span.end as usize))).count();
        if top_errors > 0 {
            let pred: HashSet<(usize, usize)> =
                doc.tokens.iter().map(|t| (t.span.start as usize, t.span.end as usize)).collect();
            for &(s, e) in gold_t.iter().filter(|x| !pred.contains(x)) {
                let pieces: Vec<&str> = doc
                    .tokens
                    .iter()
                    .filter(|t| (t.span.end as usize) > s && (t.span.start as usize) < e)
                    .map(|t| doc.token_text(t))
                    .collect();
                *errors.entry(format!("{} ⇒ {}", &g.text[s..e], pieces.join(" "))).or_default() += 1;
            }
        }
    }
    let mut token_errors: Vec<(String, usize)> = errors.into_iter().collect();
    token_errors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    token_errors.truncate(top_errors);
    let sentence = Prf::from_counts(s_ok, s_pred, s_gold);
    let token = Prf::from_counts(t_ok, t_pred, t_gold);
    Ok(SegmentScores {
        sentence_f1: sentence.f1,
        token_f1: token.f1,
        sentence,
        token,
        documents: docs.len(),
        gold_sentences: s_gold,
        gold_tokens: t_gold,
        token_errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar\n# text = I can't go.\n1\tI\tI\n2-3\tcan't\t_\t_\n2\tca\tcan\n3\tn't\tnot\n4\tgo\tgo\n5\t.\t.\n\n# text = Fine.\n1\tFine\tfine\n2\t.\t.\n\n";

    #[test]
    fn rebuilds_text_and_gold_spans() {
        let docs = gold_documents(SAMPLE, "s").unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "I can't go. Fine.");
        assert_eq!(docs[0].sentences, [(0, 11), (12, 17)]);
        assert_eq!(docs[0].tokens, [(0, 1), (2, 4), (4, 7), (8, 10), (10, 11), (12, 16), (16, 17)]);
    }

    #[test]
    fn perfect_segmentation_scores_one() {
        let conllu = "# newdoc id = d\n# newpar\n# text = Russia attacked Kyiv.\n1\tRussia\n2\tattacked\n3\tKyiv\n4\t.\n\n# newpar\n# text = Talks failed.\n1\tTalks\n2\tfailed\n3\t.\n\n";
        let s = evaluate(conllu, "x").unwrap();
        assert_eq!(s.token_f1, 1.0);
        assert_eq!(s.sentence_f1, 1.0);
        assert_eq!(s.gold_tokens, 7);
    }
}
