//! Verb dictionaries (PETRARCH `CAMEO.2.0.txt`, TABARI
//! `CAMEO.verbpatterns.*.txt`): synsets (`&NAME` then `+member` lines),
//! verb blocks (`--- NAME [CODE] ---`, then verb lines `VERB {IRREGULAR
//! FORMS} [CODE]`, with `+` marking the verb of a multi-word verb, then
//! pattern lines `- WORDS * WORDS [CODE]`).
//!
//! Pattern tokens: `*` the verb, `+` the target, `$` the source, `%` a
//! compound actor, `^` skip a phrase, `(…)` a prepositional group, `{…}` a
//! multi-word phrase, `&NAME` a synset; words joined by `_` are consecutive.
//! A code `[a:b]` codes `a` source → target and `b` target → source.

use crate::text::{lines, plural};
use crate::Malformed;
use std::collections::HashMap;

/// One pattern token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Verb,
    Target,
    Source,
    Compound,
    Skip,
    Open,
    Close,
    Word(String),
    /// A synset reference, name without `&` and trailing `_`.
    Synset(String),
    /// `{A B}`: consecutive words.
    Phrase(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbPattern {
    /// Tokens before the verb.
    pub pre: Vec<Tok>,
    /// For each token of `pre` and then the verb, the whitespace-separated
    /// chunk it was written in: tokens of one chunk were joined by `_` and
    /// must be consecutive ("NOT_*" right before the verb). None when the
    /// part before the verb has brackets.
    pub pre_chunks: Option<Vec<usize>>,
    /// Tokens after the verb.
    pub post: Vec<Tok>,
    /// For each token of `post`, whether it is joined by `_` to the token
    /// before it (the verb, for the first).
    pub post_joined: Vec<bool>,
    pub code: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// Upper-case words of the verb phrase.
    pub words: Vec<String>,
    /// Which word is the verb.
    pub verb: usize,
    /// Its own code, overriding the block's.
    pub code: Option<String>,
    pub irregular: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    pub name: String,
    /// The block's code (`---` = the bare verb codes nothing).
    pub code: String,
    pub verbs: Vec<VerbForm>,
    pub patterns: Vec<VerbPattern>,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    /// Synset name → members (each a word sequence; a member `["&X"]`
    /// refers to synset X). Regular plurals are included.
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    pub blocks: Vec<VerbBlock>,
    /// `~ …` transformation lines (line, text): read, not converted.
    pub transformations: Vec<(usize, String)>,
}

impl VerbDict {
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.verbs.len()).sum()
    }

    /// Members of a synset with nested synsets expanded (None if unknown).
    pub fn expand(&self, name: &str) -> Option<Vec<Vec<String>>> {
        self.expand_depth(name, 0)
    }

    fn expand_depth(&self, name: &str, depth: usize) -> Option<Vec<Vec<String>>> {
        if depth > 4 {
            return None;
        }
        let members = self.synsets.get(name)?;
        let mut out = Vec::new();
        for m in members {
            match m.first().and_then(|w| w.strip_prefix('&')) {
                Some(inner) if m.len() == 1 => out.extend(self.expand_depth(inner.trim_end_matches('_'), depth + 1)?),
                _ => out.push(m.clone()),
            }
        }
        Some(out)
    }
}

/// A verb code: `---` (codes nothing), a CAMEO code (digits, perhaps a
/// letter suffix: `075A`), or a pair `a:b` whose halves may be empty or
/// `---`. Placeholders such as `+++`, `###` or `xxy` are not codes.
fn valid_code(c: &str) -> bool {
    let cameo = |p: &str| {
        p.len() <= 6 && p.starts_with(|ch: char| ch.is_ascii_digit()) && p.chars().all(|ch| ch.is_ascii_alphanumeric())
    };
    let parts: Vec<&str> = c.split(':').collect();
    match parts.as_slice() {
        [one] => *one == "---" || cameo(one),
        [a, b] => [a, b].iter().all(|p| p.is_empty() || **p == "---" || cameo(p)) && [a, b].iter().any(|p| cameo(p)),
        _ => false,
    }
}

/// `text [CODE] rest` → (text, code).
fn split_code(t: &str) -> Result<(&str, Option<String>), String> {
    let Some(s) = t.find('[') else { return Ok((t, None)) };
    let Some(e) = t[s..].find(']') else { return Err("unclosed '['".into()) };
    let code = t[s + 1..s + e].trim();
    if !valid_code(code) {
        return Err(format!("bad code {code:?}"));
    }
    Ok((&t[..s], Some(code.to_string())))
}

/// Splits a chunk joined by `_` into tokens, keeping synset names whole.
fn chunk_tokens(chunk: &str, known: &HashMap<String, Vec<Vec<String>>>, out: &mut Vec<Tok>) {
    let parts: Vec<&str> = chunk.split('_').collect();
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        if let Some(first) = p.strip_prefix('&') {
            // Longest run of parts that names a known synset.
            let mut best = (i + 1, first.to_string());
            let mut name = first.to_string();
            for (j, next) in parts.iter().enumerate().skip(i + 1) {
                name.push('_');
                name.push_str(next);
                if known.contains_key(name.trim_end_matches('_')) {
                    best = (j + 1, name.trim_end_matches('_').to_string());
                }
            }
            out.push(Tok::Synset(best.1));
            i = best.0;
            continue;
        }
        if p.len() > 1 && p.starts_with('*') && !p.starts_with("**") {
            // "*SCEPTICAL": the verb written against the next word.
            out.push(Tok::Verb);
            out.push(Tok::Word(p[1..].to_string()));
            i += 1;
            continue;
        }
        match p {
            "" => {}
            "*" | "**" => out.push(Tok::Verb),
            "+" => out.push(Tok::Target),
            "$" => out.push(Tok::Source),
            "%" => out.push(Tok::Compound),
            "^" => out.push(Tok::Skip),
            w => out.push(Tok::Word(w.to_string())),
        }
        i += 1;
    }
}

/// The chunk index of each of the first `v + 1` tokens of `body` (see
/// [`VerbPattern::pre_chunks`]).
fn chunk_ids(body: &str, known: &HashMap<String, Vec<Vec<String>>>, v: usize) -> Option<Vec<usize>> {
    let mut ids = Vec::new();
    for (i, chunk) in body.split_whitespace().enumerate() {
        if chunk.contains(['{', '}', '(', ')']) {
            return None;
        }
        let mut toks = Vec::new();
        chunk_tokens(chunk, known, &mut toks);
        ids.extend(std::iter::repeat_n(i, toks.len()));
        if ids.len() > v {
            ids.truncate(v + 1);
            return Some(ids);
        }
    }
    None
}

/// Tokenizes a pattern body (without the leading `-` and the code).
pub fn tokenize(body: &str, known: &HashMap<String, Vec<Vec<String>>>) -> Result<Vec<Tok>, String> {
    tokenize_joined(body, known).map(|(t, _)| t)
}

/// [`tokenize`], with for each token whether it was joined to the one
/// before it by `_` (the two must then be consecutive words).
pub fn tokenize_joined(body: &str, known: &HashMap<String, Vec<Vec<String>>>) -> Result<(Vec<Tok>, Vec<bool>), String> {
    let mut out = Vec::new();
    let mut joined: Vec<bool> = Vec::new();
    let mut chunk = String::new();
    let mut chars = body.chars();
    let flush = |chunk: &mut String, out: &mut Vec<Tok>| {
        if !chunk.is_empty() {
            chunk_tokens(chunk, known, out);
            chunk.clear();
        }
    };
    // Tokens pushed since `from` form one chunk: all but the first joined.
    let mark = |out: &Vec<Tok>, joined: &mut Vec<bool>| {
        let from = joined.len();
        joined.extend((from..out.len()).map(|i| i > from));
    };
    while let Some(c) = chars.next() {
        if matches!(c, '{' | '(' | ')') || c.is_whitespace() {
            flush(&mut chunk, &mut out);
            mark(&out, &mut joined);
        }
        match c {
            '{' => {
                let mut inner = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == '}' {
                        closed = true;
                        break;
                    }
                    inner.push(d);
                }
                if !closed {
                    return Err("unclosed '{'".into());
                }
                let ws: Vec<String> = inner.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_string).collect();
                if ws.iter().any(|w| w.starts_with('&')) {
                    // A synset inside a phrase: tokens in order.
                    for w in &ws {
                        chunk_tokens(w, known, &mut out);
                    }
                } else if !ws.is_empty() {
                    out.push(Tok::Phrase(ws));
                }
                mark(&out, &mut joined);
            }
            '(' => {
                out.push(Tok::Open);
                mark(&out, &mut joined);
            }
            ')' => {
                out.push(Tok::Close);
                mark(&out, &mut joined);
            }
            c if c.is_whitespace() => {}
            c => chunk.push(c),
        }
    }
    flush(&mut chunk, &mut out);
    mark(&out, &mut joined);
    Ok((out, joined))
}

/// Reads a verb dictionary; malformed lines are reported and skipped.
pub fn read_verbs(text: &str, file: &str) -> (VerbDict, Vec<Malformed>) {
    let mut dict = VerbDict::default();
    let mut errors = Vec::new();
    let lines = lines(text);
    // Pass 1: synsets (they may be used before they are defined).
    let mut current: Option<(String, bool)> = None;
    for line in &lines {
        let t = line.text.trim();
        if let Some(label) = t.strip_prefix('&') {
            let label = label.split_whitespace().next().unwrap_or("");
            let no_plural = label.ends_with('_');
            let name = label.trim_end_matches('_').to_string();
            dict.synsets.entry(name.clone()).or_default();
            current = Some((name, no_plural));
        } else if let (Some(m), Some((name, no_plural))) = (t.strip_prefix('+'), current.as_ref()) {
            let stop = *no_plural || m.trim_end().ends_with('_');
            let ws: Vec<String> = m.split(['_', ' ', '\t']).filter(|w| !w.is_empty()).map(str::to_uppercase).collect();
            if ws.is_empty() {
                continue;
            }
            let members = dict.synsets.entry(name.clone()).or_default();
            let is_ref = ws.len() == 1 && ws[0].starts_with('&');
            if !stop && !is_ref {
                let mut pl = ws.clone();
                if let Some(last) = pl.last_mut() {
                    *last = plural(last);
                }
                members.push(ws);
                members.push(pl);
            } else {
                members.push(ws);
            }
        } else {
            current = None;
        }
    }
    // Pass 2: blocks, verbs, patterns.
    let mut in_synset = false;
    for line in &lines {
        let t = line.text.trim();
        let err = |reason: String| Malformed { file: file.to_string(), line: line.no, reason };
        if t.starts_with('&') {
            in_synset = true;
            continue;
        }
        if in_synset && t.starts_with('+') {
            continue;
        }
        in_synset = false;
        if let Some(tr) = t.strip_prefix('~') {
            dict.transformations.push((line.no, tr.trim().to_string()));
            continue;
        }
        if let Some(h) = t.strip_prefix("---") {
            let h = h.trim_end_matches('-').trim();
            // A block with a bad code is still a block (its verbs and
            // patterns must not fall into the one before); it codes nothing.
            let (name, code) = match split_code(h) {
                Ok(x) => x,
                Err(reason) => {
                    errors.push(err(reason));
                    (h.split('[').next().unwrap_or(h), Some("---".to_string()))
                }
            };
            dict.blocks.push(VerbBlock {
                name: name.trim().to_string(),
                code: code.unwrap_or_else(|| "---".into()),
                verbs: Vec::new(),
                patterns: Vec::new(),
                line: line.no,
            });
            continue;
        }
        let Some(block) = dict.blocks.last_mut() else {
            errors.push(err("line before the first verb block (--- NAME [CODE] ---)".into()));
            continue;
        };
        if let Some(p) = t.strip_prefix('-') {
            let Some(s) = p.rfind('[') else {
                errors.push(err("pattern without [CODE]".into()));
                continue;
            };
            let (body, code) = match split_code(&p[s..]) {
                Ok((_, Some(c))) => (&p[..s], c),
                Ok((_, None)) => {
                    errors.push(err("pattern without [CODE]".into()));
                    continue;
                }
                Err(reason) => {
                    errors.push(err(reason));
                    continue;
                }
            };
            let (toks, joined) = match tokenize_joined(body, &dict.synsets) {
                Ok(t) => t,
                Err(reason) => {
                    errors.push(err(reason));
                    continue;
                }
            };
            let Some(v) = toks.iter().position(|t| *t == Tok::Verb) else {
                errors.push(err("pattern without '*' (the verb)".into()));
                continue;
            };
            if let Some(Tok::Synset(s)) =
                toks.iter().find(|t| matches!(t, Tok::Synset(s) if !dict.synsets.contains_key(s)))
            {
                errors.push(err(format!("undefined synset &{s}")));
                continue;
            }
            block.patterns.push(VerbPattern {
                pre: toks[..v].to_vec(),
                pre_chunks: chunk_ids(body, &dict.synsets, v),
                post: toks[v + 1..].to_vec(),
                post_joined: joined[v + 1..].to_vec(),
                code,
                line: line.no,
            });
            continue;
        }
        // A verb line.
        let (head, code) = match split_code(t) {
            Ok(x) => x,
            Err(reason) => {
                errors.push(err(reason));
                continue;
            }
        };
        let (phrase, irregular) = match head.find('{') {
            Some(b) => {
                let Some(e) = head[b..].find('}') else {
                    errors.push(err("unclosed '{'".into()));
                    continue;
                };
                (
                    &head[..b],
                    head[b + 1..b + e].split_whitespace().map(|w| w.trim_start_matches('+').to_string()).collect(),
                )
            }
            None => (head, Vec::new()),
        };
        let parts: Vec<&str> = phrase.trim().split(['_', ' ']).filter(|w| !w.is_empty()).collect();
        if parts.is_empty() {
            errors.push(err("empty verb".into()));
            continue;
        }
        let verb = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
        let words: Vec<String> = parts.iter().map(|p| p.trim_start_matches('+').to_uppercase()).collect();
        if words
            .iter()
            .any(|w| w.is_empty() || !w.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '.')))
        {
            errors.push(err(format!("bad verb {:?}", phrase.trim())));
            continue;
        }
        block.verbs.push(VerbForm { words, verb, code, irregular, line: line.no });
    }
    (dict, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&TIETYPES\n+MILITARY\n+ECONOMIC\n&ACCORDSYN\n+&TIETYPES\n+CLOSER_\n&AUX_\n+WILL\n\n--- ABANDON  [345]  ---\nABANDON    # pas\n+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN }\nWIRE_+TAP {WIRE_+TAPPED} [1711]\n- * NEW_&TIETYPES_RELATIONS [903]\n- * {DIPLOMATIC TIES} (WITH +) [901]\n- $ * AGAINST + [042:043]\n- * &NOPE [1]\n- IN_*  [075]\n- * EFFORT\n--- ACCORD  [---] ---\nACCORD\n- % * [030:030]\n- *SCEPTICAL [012]\n~ a (a b ATTACK) SAY = a b 015\n";

    #[test]
    fn reads_synsets_blocks_and_patterns() {
        let (d, e) = read_verbs(SAMPLE, "v.txt");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].to_string(), "v.txt:17: undefined synset &NOPE");
        assert_eq!(e[1].to_string(), "v.txt:19: pattern without [CODE]");
        assert_eq!(d.blocks.len(), 2);
        let b = &d.blocks[0];
        assert_eq!((b.name.as_str(), b.code.as_str()), ("ABANDON", "345"));
        assert_eq!(b.verbs.len(), 3);
        assert_eq!((b.verbs[1].words.clone(), b.verbs[1].verb), (vec!["BREAK".to_string(), "DOWN".to_string()], 0));
        assert_eq!((b.verbs[2].verb, b.verbs[2].code.as_deref()), (1, Some("1711")));
        assert_eq!(b.patterns.len(), 4);
        assert_eq!(
            b.patterns[0].post,
            [Tok::Word("NEW".into()), Tok::Synset("TIETYPES".into()), Tok::Word("RELATIONS".into())]
        );
        assert_eq!(
            b.patterns[1].post,
            [
                Tok::Phrase(vec!["DIPLOMATIC".into(), "TIES".into()]),
                Tok::Open,
                Tok::Word("WITH".into()),
                Tok::Target,
                Tok::Close
            ]
        );
        assert_eq!(b.patterns[2].pre, [Tok::Source]);
        assert_eq!(b.patterns[2].code, "042:043");
        assert_eq!(b.patterns[3].pre, [Tok::Word("IN".into())]);
        let acc = d.expand("ACCORDSYN").unwrap();
        assert!(acc.contains(&vec!["ECONOMICS".to_string()]) && acc.contains(&vec!["CLOSER".to_string()]));
        assert!(!acc.contains(&vec!["CLOSERS".to_string()]));
        assert_eq!(d.expand("AUX").unwrap(), [vec!["WILL".to_string()]]);
        assert_eq!(d.blocks[1].code, "---");
        assert_eq!(d.blocks[1].patterns[1].post, [Tok::Word("SCEPTICAL".into())]);
        assert_eq!(d.transformations, [(24, "a (a b ATTACK) SAY = a b 015".to_string())]);
    }

    #[test]
    fn placeholder_codes_are_not_codes() {
        for c in ["---", "064", "075A", "032:033", ":138", "031:---"] {
            assert!(valid_code(c), "{c}");
        }
        for c in ["+++", "###", "xxy", "def", "025?", "---:---", "1:2:3"] {
            assert!(!valid_code(c), "{c}");
        }
        // A block with a bad code stays a block that codes nothing.
        let (d, e) = read_verbs("--- BOMB [223] ---\nBOMB\n--- BLAST [+++] ---\nBLAST\n- * STATEMENT [122]\n", "v.txt");
        assert_eq!(e.len(), 1);
        assert_eq!(d.blocks.len(), 2);
        assert_eq!((d.blocks[1].name.as_str(), d.blocks[1].code.as_str()), ("BLAST", "---"));
        assert_eq!(d.blocks[1].patterns.len(), 1);
        assert_eq!(d.blocks[0].verbs.len(), 1);
    }
}
