//! Property tests: on arbitrary Unicode input, tokens are non-empty,
//! ordered, non-overlapping slices on char boundaries that contain no
//! whitespace, and together they cover every non-whitespace character.
//! Sentences cover their tokens' spans.

use dyad_text::Document;
use proptest::prelude::*;

fn check(text: &str) {
    let doc = Document::new("p", text);
    let mut last_end = 0usize;
    let mut rebuilt = String::new();
    for t in &doc.tokens {
        let r = t.span.range();
        assert!(r.start >= last_end && r.start < r.end && r.end <= text.len(), "bad span {r:?} in {text:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let s = &text[r.clone()];
        assert!(
            !s.chars().any(|c| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'),
            "whitespace inside token {s:?}"
        );
        rebuilt.push_str(s);
        last_end = r.end;
    }
    let expected: String =
        text.chars().filter(|c| !(c.is_whitespace() || *c == '\u{200B}' || *c == '\u{FEFF}')).collect();
    assert_eq!(rebuilt, expected);
    let mut next_token = 0u32;
    for s in &doc.sentences {
        assert_eq!(s.token_start, next_token, "sentences must tile the tokens");
        assert!(s.token_end > s.token_start);
        assert_eq!(s.span.start, doc.tokens[s.token_start as usize].span.start);
        assert_eq!(s.span.end, doc.tokens[s.token_end as usize - 1].span.end);
        next_token = s.token_end;
    }
    assert_eq!(next_token as usize, doc.tokens.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn spans_slice_back_on_any_unicode(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn spans_slice_back_on_punctuation_heavy_text(text in "[a-zA-Z0-9 .,'’\"“”()\\-—/:;!?$%@#\n\u{00A0}\u{200B}é日]{0,120}") {
        check(&text);
    }
}

#[test]
fn ten_megabyte_line() {
    let line = "Russia's army didn't attack Kyiv on Dec. 29, officials said. ".repeat(170_000);
    assert!(line.len() > 10_000_000);
    let doc = Document::new("big", line.as_str());
    assert_eq!(doc.sentences.len(), 170_000);
}
