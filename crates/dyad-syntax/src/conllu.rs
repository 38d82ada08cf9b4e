//! Minimal CoNLL-U reader and writer.
//!
//! The reader keeps word lines only: multiword-token ranges (`1-2`) and empty
//! nodes (`8.1`) are skipped because the tagger and parser work on syntactic
//! words, exactly like the UD evaluation with gold tokenization.
use crate::{Annotation, SyntaxError};
use std::io::Write;
use std::path::Path;

/// One syntactic word of a CoNLL-U sentence (columns kept as strings).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// 1-based word index (ID column).
    pub id: u32,
    /// FORM column.
    pub form: String,
    /// LEMMA column.
    pub lemma: String,
    /// UPOS column.
    pub upos: String,
    /// XPOS column.
    pub xpos: String,
    /// FEATS column.
    pub feats: String,
    /// HEAD column (0 = root); `_` is read as 0.
    pub head: u32,
    /// DEPREL column.
    pub deprel: String,
}

/// A sentence: its comment lines (without the leading `#`) and its words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines such as ` sent_id = …` and ` text = …`, without `#`.
    pub comments: Vec<String>,
    /// Word lines in order.
    pub words: Vec<Word>,
}

impl Sentence {
    /// The forms of the sentence, borrowed.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// Reads every sentence of a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, SyntaxError> {
    let text = std::fs::read_to_string(path).map_err(|e| SyntaxError::io(path, e))?;
    parse_str_named(&text, path)
}

/// Parses CoNLL-U text.
pub fn parse_str(text: &str) -> Result<Vec<Sentence>, SyntaxError> {
    parse_str_named(text, Path::new("<string>"))
}

fn parse_str_named(text: &str, path: &Path) -> Result<Vec<Sentence>, SyntaxError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let err = |line: usize, msg: String| SyntaxError::Conllu { path: path.to_path_buf(), line, msg };
    for (lno, line) in text.lines().enumerate() {
        let lno = lno + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(lno, format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue; // multiword token range or empty node
        }
        let id: u32 = cols[0].parse().map_err(|_| err(lno, format!("bad ID {:?}", cols[0])))?;
        if id as usize != cur.words.len() + 1 {
            return Err(err(lno, format!("word ID {id} out of sequence")));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| err(lno, format!("bad HEAD {:?}", cols[6])))?
        };
        cur.words.push(Word {
            id,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for s in &out {
        let n = s.words.len() as u32;
        if let Some(w) = s.words.iter().find(|w| w.head > n) {
            return Err(err(0, format!("head {} of word {} beyond sentence length {n}", w.head, w.id)));
        }
    }
    out.retain(|s| !s.words.is_empty());
    Ok(out)
}

/// Writes one annotated sentence as CoNLL-U (comment lines, word lines, blank line).
///
/// `comments` are written verbatim after `# ` (e.g. `sent_id = 3`, `text = …`).
/// FEATS holds the features derived in [`crate::Morph`]; DEPS and MISC are `_`.
pub fn write_sentence<W: Write>(w: &mut W, comments: &[&str], words: &[&str], ann: &Annotation) -> std::io::Result<()> {
    for c in comments {
        writeln!(w, "# {c}")?;
    }
    let mut feats = String::new();
    for (i, form) in words.iter().enumerate() {
        feats.clear();
        if let Some(m) = ann.morph.get(i) {
            m.write_ud_feats(&mut feats);
        }
        if feats.is_empty() {
            feats.push('_');
        }
        let form = if form.is_empty() { "_" } else { form };
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t_",
            i + 1,
            form,
            ann.lemma(i),
            ann.upos.get(i).map_or("X", |u| u.as_str()),
            ann.xpos.get(i).map_or("XX", |x| x.as_str()),
            feats,
            ann.head.get(i).copied().unwrap_or(0),
            ann.deprel.get(i).map_or("dep", |d| d.as_str()),
        )?;
    }
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = x\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\tCase=Nom\t4\tnsubj\t4:nsubj\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n4.1\tknow\t_\t_\t_\t_\t_\t_\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_words_and_skips_ranges_and_empty_nodes() {
        let s = parse_str(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].forms(), vec!["I", "do", "n't", "know", "."]);
        assert_eq!(s[0].words[2].lemma, "not");
        assert_eq!(s[0].words[3].head, 0);
        assert_eq!(s[0].words[0].deprel, "nsubj");
        assert_eq!(s[0].comments[1], " text = I don't know.");
        assert_eq!(s[1].words[0].form, "Hi");
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(parse_str("1\tI\tI\n").is_err());
        assert!(parse_str("1\tI\tI\tPRON\tPRP\t_\tx\tnsubj\t_\t_\n").is_err());
        assert!(parse_str("1\tI\tI\tPRON\tPRP\t_\t7\tnsubj\t_\t_\n").is_err());
    }
}
