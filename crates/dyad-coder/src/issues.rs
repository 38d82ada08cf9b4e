//! The issues dictionary (`data/events/issues.tsv`): `ISSUE<TAB>phrase;phrase`,
//! phrases as lower-case lemmas. An event carries the issues whose phrases
//! occur in its sentence.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct IssueDict {
    /// First lemma → (rest of the phrase, issue index).
    by_first: HashMap<String, Vec<(Vec<String>, usize)>>,
    names: Vec<String>,
}

impl IssueDict {
    /// The team's issues dictionary, `data/events/issues.tsv`.
    pub fn builtin() -> IssueDict {
        IssueDict::parse(include_str!("../../../data/events/issues.tsv"))
    }

    /// Adds one issue phrase (lower-case lemmas separated by spaces).
    pub fn add(&mut self, issue: &str, phrase: &str) {
        let idx = match self.names.iter().position(|n| n == issue) {
            Some(i) => i,
            None => {
                self.names.push(issue.to_string());
                self.names.len() - 1
            }
        };
        let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
        if let Some((first, rest)) = words.split_first() {
            self.by_first.entry(first.clone()).or_default().push((rest.to_vec(), idx));
        }
    }

    pub fn parse(text: &str) -> IssueDict {
        let mut d = IssueDict::default();
        for line in text.lines() {
            let line = line.split(" #").next().unwrap_or(line);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((issue, phrases)) = line.split_once('\t') else { continue };
            if issue.trim() == "issue" {
                continue; // header row
            }
            let idx = d.names.len();
            d.names.push(issue.trim().to_string());
            for p in phrases.split(';') {
                let words: Vec<String> = p.split_whitespace().map(str::to_lowercase).collect();
                if let Some((first, rest)) = words.split_first() {
                    d.by_first.entry(first.clone()).or_default().push((rest.to_vec(), idx));
                }
            }
        }
        d
    }

    /// Issues mentioned in a sentence given its lemmas (sorted, unique).
    pub fn find(&self, lemmas: &[&str]) -> Vec<String> {
        let mut found: Vec<usize> = Vec::new();
        for (i, l) in lemmas.iter().enumerate() {
            let lower = l.to_lowercase();
            let Some(cands) = self.by_first.get(&lower) else { continue };
            for (rest, idx) in cands {
                let ok = rest
                    .iter()
                    .enumerate()
                    .all(|(k, w)| lemmas.get(i + 1 + k).is_some_and(|x| x.eq_ignore_ascii_case(w)));
                if ok && !found.contains(idx) {
                    found.push(*idx);
                }
            }
        }
        let mut out: Vec<String> = found.into_iter().map(|i| self.names[i].clone()).collect();
        out.sort();
        out
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_multiword_phrases_by_lemma() {
        let d = super::IssueDict::parse("CEASEFIRE\tceasefire;cessation of hostility\nSANCTIONS\tsanction\n");
        assert_eq!(d.find(&["they", "agree", "to", "a", "cessation", "of", "hostility"]), ["CEASEFIRE"]);
        assert_eq!(d.find(&["new", "sanction", "and", "ceasefire"]), ["CEASEFIRE", "SANCTIONS"]);
        assert!(d.find(&["talk"]).is_empty());
    }
}
