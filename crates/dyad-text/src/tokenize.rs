//! Tokenization into UD English EWT conventions, on byte offsets.
//!
//! The tokenizer works chunk by chunk (whitespace-separated runs): it strips
//! opening and closing punctuation, keeps the period of abbreviations and
//! initials, then splits the core at internal punctuation, hyphens between
//! words, clitics (`n't`, `'s`, `'ll`, …) and number-unit pairs. Every rule
//! only chooses split points; tokens are always sub-slices of the input, so
//! spans slice back to the surface form by construction.
//!
//! Performance: one pass over the bytes, no allocation besides pushing onto
//! the caller's `Vec<Token>`; non-ASCII characters are decoded only where a
//! decision depends on them.

use crate::span::{Span, Token};

/// Appends the tokens of `text` to `out`.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        // Skip whitespace.
        let w = whitespace_len(text, i);
        if w > 0 {
            i += w;
            continue;
        }
        let start = i;
        loop {
            // ASCII bytes are classified without decoding.
            while i < n && bytes[i] < 0x80 && !ASCII_SPACE[bytes[i] as usize] {
                i += 1;
            }
            if i >= n || bytes[i] < 0x80 || whitespace_len(text, i) > 0 {
                break;
            }
            i += utf8_len(bytes[i]);
        }
        tokenize_chunk(text, start, i.min(n), out);
    }
}

const EMOTICONS: &[&str] = &[":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", ":/", "<3"];

const ASCII_SPACE: [bool; 128] = {
    let mut t = [false; 128];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[0x0B] = true;
    t[0x0C] = true;
    t
};

#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        // A continuation byte never starts a char in valid UTF-8; step one.
        _ => 1,
    }
}

/// Length in bytes of the whitespace character at `i`, or 0.
#[inline]
pub(crate) fn whitespace_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) as usize;
    }
    match text[i..].chars().next() {
        // Zero-width space and the byte-order mark separate nothing visible
        // but must never end up inside a token.
        Some(c) if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' => c.len_utf8(),
        _ => 0,
    }
}

#[inline]
fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

#[inline]
fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '<'
            | '“'
            | '‘'
            | '«'
            | '„'
            | '‹'
            | '¿'
            | '¡'
            | '*'
            | '$'
            | '£'
            | '€'
            | '¥'
            | '`'
            | '~'
            | '-'
            | '—'
            | '–'
            | '…'
            | '.'
            | '|'
    )
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '>'
            | '”'
            | '’'
            | '»'
            | '›'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '.'
            | '…'
            | '%'
            | '*'
            | '-'
            | '—'
            | '–'
            | '|'
    )
}

/// Abbreviations that keep their final period (compared case-insensitively,
/// without the period). Titles, months, days, common business and reference
/// abbreviations found in news.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "gov",
    "sen", "rep", "reps", "rev", "hon", "pres", "supt", "insp", "amb", "atty", "st", "ste", "jr", "sr", "messrs",
    "mme", "mlle", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "nos", "vol", "vols", "pp", "p", "fig", "figs",
    "ch", "sec", "art", "para", "inc", "ltd", "co", "corp", "bros", "plc", "llc", "dept", "univ", "assn", "est",
    "approx", "vs", "v", "etc", "al", "cf", "ca", "viz", "mt", "ft", "ave", "blvd", "rd", "hwy", "sq", "min", "max",
    "mln", "bln", "tel", "ext", "govt", "int'l", "natl", "intl",
];

/// Words after which a period never ends a sentence (titles before names).
pub(crate) const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "gov",
    "sen", "rep", "reps", "rev", "hon", "pres", "supt", "insp", "amb", "atty", "st", "messrs", "mme", "mlle", "no",
    "nos", "vol", "pp", "p", "fig", "figs", "ch", "sec", "art", "para", "vs", "v", "cf", "viz", "mt", "ft", "approx",
];

pub(crate) fn eq_any_ignore_case(word: &str, list: &[&str]) -> bool {
    word.len() <= 8 && list.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Whether `core` followed by a period is an abbreviation or initial that
/// keeps the period ("Gen", "U.S", "J", "a.m", "Ph.D").
pub(crate) fn keeps_period(core: &str) -> bool {
    if core.is_empty() {
        return false;
    }
    let b = core.as_bytes();
    if b.len() == 1 && b[0].is_ascii_alphabetic() {
        return true;
    }
    if eq_any_ignore_case(core, ABBREVIATIONS) {
        return true;
    }
    // Dotted acronyms: letters separated by single periods (U.S, a.m, Ph.D).
    if core.contains('.')
        && core.len() <= 12
        && b.iter().all(|&c| c.is_ascii_alphabetic() || c == b'.')
        && !core.contains("..")
        && core.split('.').all(|p| !p.is_empty() && p.len() <= 3)
    {
        return true;
    }
    false
}

fn push(out: &mut Vec<Token>, start: usize, end: usize) {
    if start < end {
        out.push(Token { span: Span::new(start, end) });
    }
}

/// Length of the run of the same character `c` starting at `s[i..]`.
fn run_len(s: &str, c: char) -> usize {
    s.chars().take_while(|&x| x == c).map(char::len_utf8).sum()
}

/// Tokenizes one whitespace-free chunk `text[start..end]`.
fn tokenize_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    // Fast path: most chunks are plain ASCII words ("the", "Kyiv"), which
    // only contraction rules ("dont", "cannot", "gonna") can split.
    let chunk = &text.as_bytes()[start..end];
    if chunk.iter().all(u8::is_ascii_alphabetic) {
        let may_split = (4..=8).contains(&chunk.len())
            && (chunk.ends_with(b"nt")
                || chunk.ends_with(b"NT")
                || chunk.ends_with(b"na")
                || chunk.ends_with(b"ta")
                || chunk.eq_ignore_ascii_case(b"cannot"));
        if may_split {
            emit_word(text, start, end, out);
        } else {
            push(out, start, end);
        }
        return;
    }
    let mut a = start;
    let mut z = end;
    // Emoticons are one token, alone or glued to the end of a word.
    for emo in EMOTICONS {
        if text[a..z].ends_with(emo) {
            if z - a > emo.len() {
                tokenize_chunk(text, a, z - emo.len(), out);
            }
            push(out, z - emo.len(), z);
            return;
        }
    }

    // Opening punctuation, one token per character (runs such as "--",
    // "..." or "``" stay together).
    while a < z {
        let s = &text[a..z];
        let Some(c) = first_char(s) else { break };
        if !is_opening(c) {
            break;
        }
        // "'s", "'90s", "'em": an apostrophe that starts a word is not a quote
        // when it is the whole chunk's clitic; keep short clitic chunks whole.
        if c == '\'' || c == '’' {
            let rest = &s[c.len_utf8()..];
            if is_clitic_tail(rest) && a == start {
                push(out, a, z);
                return;
            }
        }
        // A leading period belongs to a number (".5") unless it is a run.
        if c == '.' && s.len() > 1 && s.as_bytes()[1].is_ascii_digit() {
            break;
        }
        // Leading hyphen before a digit is a minus sign ("-5").
        if c == '-' && s.len() > 1 && s.as_bytes()[1].is_ascii_digit() {
            break;
        }
        let len = if matches!(c, '-' | '.' | '`' | '*' | '\'' | '~' | '|') { run_len(s, c) } else { c.len_utf8() };
        push(out, a, a + len);
        a += len;
    }

    // Closing punctuation, collected from the end and emitted after the core.
    let mut closing: [(usize, usize); 16] = [(0, 0); 16];
    let mut nclosing = 0;
    while a < z && nclosing < closing.len() {
        let s = &text[a..z];
        let Some(c) = last_char(s) else { break };
        if !is_closing(c) {
            break;
        }
        let clen = c.len_utf8();
        if c == '.' {
            // A run of periods is an ellipsis token.
            let run = s.bytes().rev().take_while(|&b| b == b'.').count();
            if run == 1 && keeps_period(&s[..s.len() - 1]) {
                break;
            }
            closing[nclosing] = (z - run, z);
            nclosing += 1;
            z -= run;
            continue;
        }
        if c == '\'' || c == '’' {
            // "O'" or a lone apostrophe of a plural possessive: split it off.
            closing[nclosing] = (z - clen, z);
            nclosing += 1;
            z -= clen;
            continue;
        }
        if c == '-' || c == '!' || c == '?' || c == '*' {
            // "?!" and "!!!" are one token; so is "--".
            let run = if c == '!' || c == '?' {
                s.bytes().rev().take_while(|&b| b == b'!' || b == b'?').count()
            } else {
                s.bytes().rev().take_while(|&b| b == c as u8).count()
            };
            // "?!" style mixes: take one char at a time beyond the run.
            closing[nclosing] = (z - run, z);
            nclosing += 1;
            z -= run;
            continue;
        }
        // ":" between digits at the end cannot happen; ":)" style emoticons
        // are rare enough in news to split.
        closing[nclosing] = (z - clen, z);
        nclosing += 1;
        z -= clen;
    }

    if a < z {
        tokenize_core(text, a, z, out);
    }
    for &(s, e) in closing[..nclosing].iter().rev() {
        push(out, s, e);
    }
}

/// Whether `rest` (after an apostrophe) is a clitic such as "s", "re", "ll".
fn is_clitic_tail(rest: &str) -> bool {
    eq_any_ignore_case(rest, &["s", "re", "ve", "ll", "d", "m", "t"])
}

fn is_url_like(s: &str) -> bool {
    if s.contains("://") || s.starts_with("www.") || s.starts_with("WWW.") {
        return true;
    }
    if let Some(at) = s.find('@') {
        // e-mail: something@host.tld
        return at > 0 && s[at + 1..].contains('.');
    }
    // Bare domain names such as "reuters.com"
    if let Some(dot) = s.rfind('.') {
        let tld = &s[dot + 1..];
        return dot > 0
            && eq_any_ignore_case(
                tld,
                &["com", "org", "net", "gov", "edu", "int", "io", "uk", "html", "htm", "php", "doc", "pdf", "xls"],
            )
            && s[..dot].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
    }
    false
}

/// Prefixes that EWT keeps attached with their hyphen ("e-mail", "co-workers",
/// "non-stop", "pre-war").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "x", "co", "non", "pre", "post", "pro", "ex", "multi", "re", "mid", "anti", "semi", "over", "inter", "intra",
    "sub", "counter", "de", "un", "bi", "tri", "neo", "quasi", "pseudo", "micro", "macro", "mini", "ultra", "vice",
];

/// Splits the core of a chunk at internal punctuation, hyphens, slashes and
/// clitics, and emits the tokens.
fn tokenize_core(text: &str, a: usize, z: usize, out: &mut Vec<Token>) {
    let core = &text[a..z];
    // URL checks scan the core several times; only cores with their marks pay.
    let maybe_url = core.bytes().any(|b| matches!(b, b':' | b'@' | b'.' | b'#'));
    if maybe_url && (is_url_like(core) || core.starts_with('@') || core.starts_with('#')) {
        push(out, a, z);
        return;
    }
    let bytes = core.as_bytes();
    let mut piece_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let clen = utf8_len(b);
        let prev = if i > 0 { bytes[i - 1] } else { b' ' };
        let next = bytes.get(i + clen).copied().unwrap_or(b' ');
        let mut sep_len = 0;
        match b {
            b',' if !(prev.is_ascii_digit() && next.is_ascii_digit()) => sep_len = 1,
            b';' | b'(' | b')' | b'[' | b']' | b'"' | b'!' | b'?' | b'{' | b'}' => sep_len = 1,
            b'.' if next == b'.' => {
                sep_len = core[i..].bytes().take_while(|&c| c == b'.').count();
            }
            b'/' if !(prev.is_ascii_digit() && next.is_ascii_digit()) && i > 0 && i + 1 < bytes.len() => sep_len = 1,
            b'-' if i > piece_start && i + 1 < bytes.len() => {
                let run = core[i..].bytes().take_while(|&c| c == b'-').count();
                if run > 1 || splits_at_hyphen(core, piece_start, i) {
                    sep_len = run;
                }
            }
            0xE2 => {
                // Dashes, curly quotes and the ellipsis inside a chunk are separators.
                if let Some(c) = first_char(&core[i..]) {
                    if matches!(c, '—' | '–' | '“' | '”' | '…') {
                        sep_len = c.len_utf8();
                    }
                }
            }
            _ => {}
        }
        if sep_len > 0 {
            emit_word(text, a + piece_start, a + i, out);
            push(out, a + i, a + i + sep_len);
            i += sep_len;
            piece_start = i;
        } else {
            i += clen;
        }
    }
    emit_word(text, a + piece_start, z, out);
}

/// Whether a hyphen at `core[h]` in the piece starting at `core[s]` splits.
fn splits_at_hyphen(core: &str, s: usize, h: usize) -> bool {
    let left = &core[s..h];
    let after = &core[h + 1..];
    let right_end = after.find(|c: char| !(c.is_alphanumeric() || c == '-')).map_or(core.len(), |x| h + 1 + x);
    let right = &core[h + 1..right_end];
    if left.is_empty() || right.is_empty() {
        return false;
    }
    // Phone numbers and codes: digit groups with two or more hyphens, or
    // with two long groups ("345-9945"), stay whole; ranges ("5-10") split.
    let piece = &core[s..right_end];
    if piece.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        let groups = piece.split('-').count();
        let long = piece.split('-').all(|g| g.len() >= 3);
        return !(groups >= 3 || long);
    }
    // Alphanumeric codes such as "F-16", "COVID-19", "MH-17" stay whole
    // when one side is a number and the other is upper-case letters.
    let left_upper = left.bytes().all(|b| b.is_ascii_uppercase());
    let right_digits = right.bytes().all(|b| b.is_ascii_digit());
    if left_upper && right_digits {
        return false;
    }
    !eq_any_ignore_case(left, HYPHEN_PREFIXES)
}

const NT_CONTRACTIONS: &[&str] = &[
    "dont", "didnt", "doesnt", "cant", "wont", "isnt", "wasnt", "arent", "werent", "couldnt", "wouldnt", "shouldnt",
    "havent", "hasnt", "hadnt",
];

const UNITS: &[&str] = &[
    "am", "pm", "k", "m", "mm", "cm", "km", "kg", "g", "mg", "lb", "lbs", "ft", "mph", "kph", "bn", "mn", "b", "tn",
    "gb", "mb", "kb", "tb", "hz", "ghz", "mhz", "kw", "mw", "gw", "kwh", "mwh",
];

/// Emits one word-like piece, splitting clitics and number-unit pairs.
fn emit_word(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
    if s >= e {
        return;
    }
    let w = &text[s..e];
    let lower_eq = |x: &str| w.eq_ignore_ascii_case(x);
    let wb = w.as_bytes();
    let has_apostrophe = wb.iter().any(|&b| b == b'\'' || b == 0xE2);
    // n't, with straight or curly apostrophe.
    for tail in ["n't", "n’t"].into_iter().filter(|_| has_apostrophe) {
        if w.len() > tail.len() && ends_with_ignore_case(w, tail) {
            let cut = e - tail.len();
            push(out, s, cut);
            push(out, cut, e);
            return;
        }
    }
    // 's 're 've 'll 'd 'm
    for apos in ['\'', '’'].into_iter().filter(|_| has_apostrophe) {
        if let Some(p) = w.rfind(apos) {
            if p > 0 && is_clitic_tail(&w[p + apos.len_utf8()..]) && !w[p + apos.len_utf8()..].eq_ignore_ascii_case("t")
            {
                push(out, s, s + p);
                push(out, s + p, e);
                return;
            }
        }
    }
    if lower_eq("cannot") {
        push(out, s, s + 3);
        push(out, s + 3, e);
        return;
    }
    if w.len() <= 8 && NT_CONTRACTIONS.iter().any(|c| lower_eq(c)) {
        push(out, s, e - 2);
        push(out, e - 2, e);
        return;
    }
    if lower_eq("gonna") || lower_eq("wanna") || lower_eq("gotta") {
        push(out, s, s + 3);
        push(out, s + 3, e);
        return;
    }
    // Number followed by a unit: "5pm", "10km", "7:30PM", "$5bn" → split.
    let b = w.as_bytes();
    if b[0].is_ascii_digit() {
        let num_end =
            b.iter().position(|c| !(c.is_ascii_digit() || matches!(c, b'.' | b',' | b':'))).unwrap_or(b.len());
        if num_end < b.len() && eq_any_ignore_case(&w[num_end..], UNITS) {
            push(out, s, s + num_end);
            push(out, s + num_end, e);
            return;
        }
    }
    push(out, s, e);
}

fn ends_with_ignore_case(w: &str, tail: &str) -> bool {
    w.len() >= tail.len()
        && w.is_char_boundary(w.len() - tail.len())
        && w[w.len() - tail.len()..].eq_ignore_ascii_case(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize(s, &mut v);
        v.iter().map(|t| &s[t.span.range()]).collect()
    }

    #[test]
    fn contractions_follow_ewt() {
        assert_eq!(toks("I can't go."), ["I", "ca", "n't", "go", "."]);
        assert_eq!(toks("They won't, we're sure."), ["They", "wo", "n't", ",", "we", "'re", "sure", "."]);
        assert_eq!(toks("Putin's envoy"), ["Putin", "'s", "envoy"]);
        assert_eq!(toks("Russia’s army didn’t"), ["Russia", "’s", "army", "did", "n’t"]);
        assert_eq!(toks("We cannot"), ["We", "can", "not"]);
        assert_eq!(toks("the countries' envoys"), ["the", "countries", "'", "envoys"]);
    }

    #[test]
    fn abbreviations_and_initials_keep_periods() {
        assert_eq!(toks("the U.S. and Gen. Smith"), ["the", "U.S.", "and", "Gen.", "Smith"]);
        assert_eq!(toks("S. Jaishankar said"), ["S.", "Jaishankar", "said"]);
        assert_eq!(toks("on Dec. 29."), ["on", "Dec.", "29", "."]);
        assert_eq!(toks("talks ended."), ["talks", "ended", "."]);
    }

    #[test]
    fn numbers_money_and_units() {
        assert_eq!(toks("$1,200.50 and 3.5% at 10:30pm"), ["$", "1,200.50", "and", "3.5", "%", "at", "10:30", "pm"]);
        assert_eq!(toks("a 5-10 range, 713-853-3989"), ["a", "5", "-", "10", "range", ",", "713-853-3989"]);
        assert_eq!(toks("F-16 jets"), ["F-16", "jets"]);
    }

    #[test]
    fn hyphens_slashes_quotes_ellipses() {
        assert_eq!(toks("a long-term e-mail co-workers"), ["a", "long", "-", "term", "e-mail", "co-workers"]);
        assert_eq!(toks("and/or 1/2"), ["and", "/", "or", "1/2"]);
        assert_eq!(toks("\"No,\" he said..."), ["\"", "No", ",", "\"", "he", "said", "..."]);
        assert_eq!(toks("“Peace” — now"), ["“", "Peace", "”", "—", "now"]);
        assert_eq!(toks("(Reuters) -"), ["(", "Reuters", ")", "-"]);
    }

    #[test]
    fn urls_stay_whole() {
        assert_eq!(toks("see https://example.org/a-b?c=1."), ["see", "https://example.org/a-b?c=1", "."]);
        assert_eq!(toks("mail info@un.org,"), ["mail", "info@un.org", ","]);
    }

    #[test]
    fn non_ascii_whitespace_separates() {
        assert_eq!(toks("Kyiv\u{00A0}said\u{200B}so"), ["Kyiv", "said", "so"]);
    }
}
