//! Sentence segmentation over tokens.
//!
//! Boundaries come from three sources, strongest first: blank lines
//! (paragraphs), single line breaks that end a heading, bullet or a line
//! ending in terminal punctuation, and terminal punctuation inside running
//! text. Abbreviations that keep their period (see the tokenizer) end a
//! sentence only before a typical sentence opener ("U.S. The …"), never when
//! they are titles ("Gen. Smith"). A dateline at the start of a paragraph
//! ("KYIV, Dec 29 (Reuters) -") becomes a sentence of its own.

use crate::doc::{Sentence, SentenceKind};
use crate::span::{Span, Token};
use crate::tokenize::{eq_any_ignore_case, keeps_period, TITLE_ABBREVIATIONS};

/// Longest sentence, in tokens. Text without punctuation (lists, tables,
/// scraped junk) is cut here so that later stages, tuned for sentences,
/// never see a million-token "sentence".
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Appends the sentences of `text` (already tokenized into `tokens`) to `out`.
pub fn segment(text: &str, tokens: &[Token], out: &mut Vec<Sentence>) {
    if tokens.is_empty() {
        return;
    }
    let mut start = 0usize;
    let mut paragraph_start = true;
    for i in 1..=tokens.len() {
        let boundary = if i == tokens.len() {
            Some(true)
        } else if i - start >= MAX_SENTENCE_TOKENS {
            Some(false)
        } else {
            boundary_before(text, tokens, i)
        };
        if let Some(is_paragraph) = boundary {
            push_sentence(text, tokens, start, i, paragraph_start, out);
            start = i;
            paragraph_start = is_paragraph;
        }
    }
}

fn push_sentence(
    text: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
    paragraph_start: bool,
    out: &mut Vec<Sentence>,
) {
    let mut s = start;
    if paragraph_start {
        if let Some(dash) = dateline_end(text, &tokens[start..end]) {
            let d_end = start + dash + 1;
            out.push(make(tokens, start, d_end, SentenceKind::Dateline));
            s = d_end;
        }
    }
    if s < end {
        let kind = if is_heading(text, tokens, s, end) { SentenceKind::Heading } else { SentenceKind::Body };
        out.push(make(tokens, s, end, kind));
    }
}

fn make(tokens: &[Token], s: usize, e: usize, kind: SentenceKind) -> Sentence {
    Sentence {
        span: Span { start: tokens[s].span.start, end: tokens[e - 1].span.end },
        token_start: s as u32,
        token_end: e as u32,
        kind,
    }
}

fn tok<'a>(text: &'a str, tokens: &[Token], i: usize) -> &'a str {
    &text[tokens[i].span.range()]
}

fn gap<'a>(text: &'a str, tokens: &[Token], i: usize) -> &'a str {
    &text[tokens[i - 1].span.end as usize..tokens[i].span.start as usize]
}

fn is_closing_quote(t: &str) -> bool {
    matches!(t, "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»" | "''" | "›")
}

fn is_opening_quote(t: &str) -> bool {
    matches!(t, "\"" | "'" | "“" | "‘" | "(" | "[" | "«" | "``" | "‹")
}

/// Terminal punctuation tokens.
fn is_terminal(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty() && (b.iter().all(|&c| matches!(c, b'.' | b'!' | b'?')) || t == "…")
}

fn starts_upper_or_digit(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Words that typically open an English sentence; used after an abbreviation
/// such as "U.S." where a capitalised proper noun would usually continue it.
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "there",
    "meanwhile",
    "however",
    "officials",
    "when",
    "after",
    "before",
    "if",
    "as",
    "while",
    "for",
    "some",
    "many",
    "no",
    "what",
    "why",
    "how",
    "who",
    "one",
    "both",
    "so",
    "yet",
    "also",
    "still",
    "earlier",
    "later",
    "last",
    "on",
    "since",
    "according",
];

/// Returns `Some(is_paragraph)` when a sentence starts at token `i`.
fn boundary_before(text: &str, tokens: &[Token], i: usize) -> Option<bool> {
    let g = gap(text, tokens, i);
    let newlines = g.bytes().filter(|&b| b == b'\n').count();
    if newlines >= 2 {
        return Some(true);
    }
    let cur = tok(text, tokens, i);
    // A closing quote glued to the previous token belongs to it.
    if g.is_empty() && is_closing_quote(cur) {
        return None;
    }
    // Find the last non-quote token of the previous text.
    let mut j = i - 1;
    while j > 0 && is_closing_quote(tok(text, tokens, j)) && gap(text, tokens, j).is_empty() {
        j -= 1;
    }
    let prev = tok(text, tokens, j);
    let prev_terminal = is_terminal(prev);

    if newlines == 1 {
        if prev_terminal || is_bullet(cur) {
            return Some(false);
        }
        // A short line with no final punctuation, followed by a capitalised
        // line, is a heading or a list item rather than a wrapped line.
        let line_start = text[..tokens[i - 1].span.end as usize].rfind('\n').map_or(0, |p| p + 1);
        let line = &text[line_start..tokens[i - 1].span.end as usize];
        let ends_open = matches!(prev, "," | ";" | "-" | "--" | "(" | "and" | "or" | "of" | "the" | "to" | "a");
        if line.chars().count() < 60 && !ends_open && (starts_upper_or_digit(cur) || is_opening_quote(cur)) {
            return Some(false);
        }
        return None;
    }

    if prev_terminal {
        // "..." inside a sentence is often a pause; demand a capital after it.
        let ellipsis = prev.len() > 1 && prev.bytes().all(|b| b == b'.') || prev == "…";
        let questioning = prev.contains('!') || prev.contains('?');
        if ellipsis || questioning {
            return (starts_upper_or_digit(cur) || is_opening_quote(cur)).then_some(false);
        }
        // A plain period: a boundary unless what follows is clearly a
        // continuation (punctuation, or a lower-case word right after a
        // number such as "3.5 . million" cannot happen here).
        if matches!(cur, "," | ";" | ":" | ")" | "]" | "%") {
            return None;
        }
        return Some(false);
    }
    // Abbreviation that kept its period.
    if prev.len() > 1 && prev.ends_with('.') && keeps_period(&prev[..prev.len() - 1]) {
        let core = &prev[..prev.len() - 1];
        if eq_any_ignore_case(core, TITLE_ABBREVIATIONS) {
            return None;
        }
        // Initials ("J. Smith") continue unless a sentence opener follows.
        let lower_cur_is_opener = cur.len() <= 12 && eq_any_ignore_case(cur, SENTENCE_OPENERS);
        if starts_upper_or_digit(cur) && lower_cur_is_opener && cur.chars().next().is_some_and(char::is_uppercase) {
            return Some(false);
        }
        if is_opening_quote(cur) && !g.is_empty() && j == i - 1 {
            return Some(false);
        }
    }
    None
}

fn is_bullet(t: &str) -> bool {
    matches!(t, "-" | "*" | "•" | "·" | "–" | "—" | "▪" | "●")
}

/// Index (within `toks`) of the dash that ends a dateline at their start.
fn dateline_end(text: &str, toks: &[Token]) -> Option<usize> {
    let first = &text[toks.first()?.span.range()];
    let is_caps = |w: &str| {
        w.len() >= 2
            && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '-' || c == '\'')
            && w.chars().any(char::is_alphabetic)
    };
    if !is_caps(first) {
        return None;
    }
    for (k, t) in toks.iter().enumerate().take(16).skip(1) {
        let w = &text[t.span.range()];
        if matches!(w, "-" | "--" | "—" | "–" | "―") {
            // There must be more text after the dash.
            return (k + 1 < toks.len()).then_some(k);
        }
        let ok = is_caps(w)
            || matches!(w, "," | "(" | ")" | "." | "/")
            || w.bytes().all(|b| b.is_ascii_digit())
            || w.chars().next().is_some_and(char::is_uppercase);
        if !ok {
            return None;
        }
    }
    None
}

fn is_heading(text: &str, tokens: &[Token], s: usize, e: usize) -> bool {
    // A heading is a whole line without terminal punctuation.
    let last = tok(text, tokens, e - 1);
    if is_terminal(last) || last.ends_with('.') || is_closing_quote(last) {
        return false;
    }
    let before = &text[..tokens[s].span.start as usize];
    let after = &text[tokens[e - 1].span.end as usize..];
    let line_start =
        before.trim_end_matches([' ', '\t']).is_empty() || before.trim_end_matches([' ', '\t']).ends_with('\n');
    let line_end = after.trim_start_matches([' ', '\t', '\r']).is_empty()
        || after.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
    line_start && line_end && e - s <= 20
}

#[cfg(test)]
mod tests {
    use crate::{Document, SentenceKind};

    fn sents(s: &str) -> Vec<String> {
        let d = Document::new("t", s);
        (0..d.sentences.len()).map(|i| d.sentence_text(i).to_string()).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Gen. Mark Smith met Mr. Jones in the U.S. Army base on Dec. 29. They talked."),
            ["Gen. Mark Smith met Mr. Jones in the U.S. Army base on Dec. 29.", "They talked."]
        );
        assert_eq!(sents("He lives in the U.S. The talks failed."), ["He lives in the U.S.", "The talks failed."]);
        assert_eq!(sents("Ivan J. Smith spoke. No. 10 replied."), ["Ivan J. Smith spoke.", "No. 10 replied."]);
    }

    #[test]
    fn decimals_money_ellipses_quotes() {
        assert_eq!(
            sents("Aid rose 3.5% to $1.2 billion. Talks resumed."),
            ["Aid rose 3.5% to $1.2 billion.", "Talks resumed."]
        );
        assert_eq!(sents("\"We will respond.\" The minister left."), ["\"We will respond.\"", "The minister left."]);
        assert_eq!(sents("He paused... and went on. Then he left."), ["He paused... and went on.", "Then he left."]);
        assert_eq!(sents("“It is over,” he said. “Go.”"), ["“It is over,” he said.", "“Go.”"]);
    }

    #[test]
    fn datelines_headings_bullets() {
        let d = Document::new("t", "Talks stall\n\nKYIV, Dec 29 (Reuters) - Russia attacked Kyiv overnight. Ukraine responded.\n- Five killed\n- Ten hurt");
        let kinds: Vec<_> = d.sentences.iter().map(|s| s.kind).collect();
        let texts: Vec<_> = (0..d.sentences.len()).map(|i| d.sentence_text(i)).collect();
        assert_eq!(
            texts,
            [
                "Talks stall",
                "KYIV, Dec 29 (Reuters) -",
                "Russia attacked Kyiv overnight.",
                "Ukraine responded.",
                "- Five killed",
                "- Ten hurt"
            ]
        );
        assert_eq!(kinds[0], SentenceKind::Heading);
        assert_eq!(kinds[1], SentenceKind::Dateline);
        assert_eq!(kinds[2], SentenceKind::Body);
    }

    #[test]
    fn wrapped_lines_do_not_split() {
        let text = "The foreign ministers of both countries met in Geneva on Monday and agreed\nto resume talks on the border next week, officials said.";
        assert_eq!(sents(text).len(), 1);
    }

    #[test]
    fn unpunctuated_text_is_cut_into_bounded_sentences() {
        let text = "word ".repeat(1000);
        let d = Document::new("t", text);
        assert_eq!(d.sentences.len(), 5);
        assert!(d.sentences.iter().all(|s| s.len() <= super::MAX_SENTENCE_TOKENS));
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert!(sents("").is_empty());
        assert!(sents(" \n\n\t ").is_empty());
    }
}
