//! Issue dictionaries (`Phoenix.IssueCoding.txt`): `phrase [CODE]` lines
//! inside `<ISSUE …>` blocks. In a phrase, `n:word` stands for the noun and
//! its plural, `v:word` for the verb's forms, `a+b` for "a b" and "a-b".
//! Lines starting with `~` are ignore phrases (they cancel issue coding in
//! PETRARCH); they are read and counted, not converted.

use crate::text::lines;
use crate::Malformed;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueEntry {
    pub code: String,
    /// Expansions of the phrase as lower-case words (lemmas: `n:`/`v:`
    /// markers are dropped, since dyad matches issues on lemmas).
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Issues {
    pub entries: Vec<IssueEntry>,
    pub ignore: Vec<String>,
}

fn expand(phrase: &str) -> Vec<String> {
    let mut alts: Vec<String> = vec![String::new()];
    for w in phrase.split_whitespace() {
        let w = w.strip_prefix("n:").or_else(|| w.strip_prefix("v:")).unwrap_or(w);
        let w = w.replace("+n:", "+").replace("+v:", "+").to_lowercase();
        let forms: Vec<String> =
            if w.contains('+') { vec![w.replace('+', " "), w.replace('+', "-")] } else { vec![w.to_string()] };
        alts = alts
            .iter()
            .flat_map(|a| forms.iter().map(move |f| if a.is_empty() { f.clone() } else { format!("{a} {f}") }))
            .collect();
    }
    alts.retain(|a| !a.is_empty());
    alts
}

pub fn read_issues(text: &str, file: &str) -> (Issues, Vec<Malformed>) {
    let mut out = Issues::default();
    let mut errors = Vec::new();
    for line in lines(text) {
        let t = line.text.trim();
        if t.starts_with('<') {
            continue;
        }
        if let Some(ig) = t.strip_prefix('~') {
            out.ignore.push(ig.trim_start_matches('~').trim().to_lowercase());
            continue;
        }
        let err = |reason: &str| Malformed { file: file.into(), line: line.no, reason: reason.into() };
        let (Some(s), Some(e)) = (t.rfind('['), t.rfind(']')) else {
            errors.push(err("expected phrase [CODE]"));
            continue;
        };
        if e < s {
            errors.push(err("expected phrase [CODE]"));
            continue;
        }
        let code = t[s + 1..e].trim();
        let phrases = expand(&t[..s]);
        if code.is_empty() || phrases.is_empty() {
            errors.push(err("empty phrase or code"));
            continue;
        }
        out.entries.push(IssueEntry { code: code.to_string(), phrases });
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    #[test]
    fn expands_markers() {
        let t = "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:preschool [EARLY]\npre+n:school [EARLY]\n~a head start\nbroken\n</ISSUE>\n";
        let (i, e) = super::read_issues(t, "i.txt");
        assert_eq!(i.entries.len(), 2);
        assert_eq!(i.entries[0].phrases, ["preschool"]);
        assert_eq!(i.entries[1].phrases, ["pre school", "pre-school"]);
        assert_eq!(i.ignore, ["a head start"]);
        assert_eq!(e[0].to_string(), "i.txt:5: expected phrase [CODE]");
    }
}
