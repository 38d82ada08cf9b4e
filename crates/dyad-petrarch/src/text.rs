//! Line reading shared by every PETRARCH file: comments (`#`, `;` and
//! `<!-- … -->`, which may span lines) are removed; blank lines skipped.

/// One content line: 1-based line number, the text without comments
/// (trailing whitespace removed, leading whitespace kept: actor files mark
/// date restrictions with a leading tab).
pub(crate) struct Line<'a> {
    pub no: usize,
    pub text: std::borrow::Cow<'a, str>,
}

pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_xml = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = std::borrow::Cow::Borrowed(raw);
        if in_xml || line.contains("<!--") {
            let mut kept = String::new();
            let mut rest: &str = raw;
            loop {
                if in_xml {
                    match rest.find("-->") {
                        Some(e) => {
                            rest = &rest[e + 3..];
                            in_xml = false;
                        }
                        None => break,
                    }
                } else {
                    match rest.find("<!--") {
                        Some(s) => {
                            kept.push_str(&rest[..s]);
                            rest = &rest[s + 4..];
                            in_xml = true;
                        }
                        None => {
                            kept.push_str(rest);
                            break;
                        }
                    }
                }
            }
            line = std::borrow::Cow::Owned(kept);
        }
        let cut = line.find(['#', ';']).unwrap_or(line.len());
        let body = line[..cut].trim_end();
        if body.trim().is_empty() {
            continue;
        }
        let text = match line {
            std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(&b[..body.len()]),
            std::borrow::Cow::Owned(ref o) => std::borrow::Cow::Owned(o[..body.len()].to_string()),
        };
        out.push(Line { no: i + 1, text });
    }
    out
}

/// Phrase words: `_` and spaces separate words; empty parts dropped.
pub(crate) fn words(phrase: &str) -> Vec<String> {
    phrase.split(['_', ' ', '\t']).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Regular plural of an upper- or lower-case noun (PETRARCH's rule: `Y` →
/// `IES`, `SS` → `SSES`, else `S`).
pub(crate) fn plural(word: &str) -> String {
    let upper = word.chars().last().is_some_and(|c| c.is_uppercase());
    let lw = word.to_lowercase();
    let p = if let Some(stem) = lw.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else if lw.ends_with("ss") || lw.ends_with("sh") || lw.ends_with("ch") || lw.ends_with('x') {
        format!("{lw}es")
    } else {
        format!("{lw}s")
    };
    if upper {
        p.to_uppercase()
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_removed() {
        let t = "A # c\n<!-- one -->\n<!-- two\nthree -->B\nC ; old\n\n  \tD [X]";
        let l: Vec<(usize, String)> = lines(t).into_iter().map(|l| (l.no, l.text.to_string())).collect();
        assert_eq!(l, [(1, "A".into()), (4, "B".into()), (5, "C".into()), (7, "  \tD [X]".into())]);
        assert_eq!(plural("POLICY"), "POLICIES");
        assert_eq!(plural("boss"), "bosses");
        assert_eq!(plural("day"), "days");
    }
}
