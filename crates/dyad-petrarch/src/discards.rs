//! Discard lists (`Phoenix.discards.txt`): one phrase a line; `+PHRASE`
//! discards the whole story, a bare phrase the sentence. A phrase ending
//! in `_` must end at a word boundary; otherwise it is a stem.

use crate::text::lines;
use crate::Malformed;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscardEntry {
    /// Words separated by single spaces, as written (case is ignored when matching).
    pub phrase: String,
    pub whole_word: bool,
    pub story: bool,
}

pub fn read_discards(text: &str, file: &str) -> (Vec<DiscardEntry>, Vec<Malformed>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for line in lines(text) {
        let t = line.text.trim();
        let (story, body) = match t.strip_prefix('+') {
            Some(b) => (true, b.trim()),
            None => (false, t),
        };
        let whole_word = body.ends_with('_');
        let phrase = body.split(['_', ' ', '\t']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        if phrase.is_empty() {
            errors.push(Malformed { file: file.into(), line: line.no, reason: "empty discard phrase".into() });
            continue;
        }
        out.push(DiscardEntry { phrase, whole_word, story });
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    #[test]
    fn story_and_sentence_levels() {
        let (d, e) = super::read_discards("MONTHS LATER\n+TYPHOON   # x\nBASE_BALL_\n+\n", "d.txt");
        assert_eq!(d.len(), 3);
        assert!(!d[0].story && d[1].story && d[2].whole_word);
        assert_eq!(d[2].phrase, "BASE BALL");
        assert_eq!(e[0].to_string(), "d.txt:4: empty discard phrase");
    }
}
