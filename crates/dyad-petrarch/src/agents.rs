//! Agent dictionaries (`Phoenix.agents.txt`): `PHRASE {plurals} [~CODE]`.
//! `~CODE` is written after the actor's code ("~GOV": country + GOV),
//! `CODE~` before it ("NGO~"). Regular plurals are generated unless
//! `{…}` lists them (`{}`: none). Substitution markers `!NAME! = a, b`
//! expand every phrase that contains `!NAME!`.

use crate::text::{lines, plural};
use crate::Malformed;
use std::collections::HashMap;

/// One agent phrase (singular or plural form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// Lower-case words.
    pub words: Vec<String>,
    /// The code without `~`.
    pub code: String,
    /// `CODE~`: the code goes before the actor's.
    pub prefix: bool,
    pub origin: String,
}

fn to_words(p: &str) -> Vec<String> {
    p.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Reads an agent file; malformed lines are reported and skipped.
pub fn read_agents(text: &str, file: &str) -> (Vec<AgentEntry>, Vec<Malformed>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut macros: HashMap<String, Vec<String>> = HashMap::new();
    for line in lines(text) {
        let err = |reason: &str| Malformed { file: file.to_string(), line: line.no, reason: reason.to_string() };
        let t = line.text.trim();
        if t.starts_with('!') {
            if let Some((name, list)) = t.split_once('=') {
                let items = list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                macros.insert(name.trim().to_string(), items);
                continue;
            }
        }
        let Some(open) = t.rfind('[') else {
            errors.push(err("expected [CODE]"));
            continue;
        };
        let Some(close) = t[open..].find(']') else {
            errors.push(err("unclosed '['"));
            continue;
        };
        let raw_code = t[open + 1..open + close].trim();
        let (code, prefix) = if let Some(c) = raw_code.strip_prefix('~') {
            (c.trim(), false)
        } else if let Some(c) = raw_code.strip_suffix('~') {
            (c.trim(), true)
        } else {
            errors.push(err("agent code needs '~' before or after it"));
            continue;
        };
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.push(err("bad agent code"));
            continue;
        }
        let mut head = &t[..open];
        let mut plurals: Option<Vec<String>> = None;
        if let Some(b) = head.find('{') {
            let Some(e) = head[b..].find('}') else {
                errors.push(err("unclosed '{'"));
                continue;
            };
            plurals = Some(head[b + 1..b + e].split_whitespace().map(str::to_string).collect());
            head = &head[..b];
        }
        let head = head.trim();
        if head.is_empty() {
            errors.push(err("empty phrase"));
            continue;
        }
        // Substitution markers: each item replaces the marker, no plurals.
        let mut phrases: Vec<(String, bool)> = Vec::new();
        if let Some(s) = head.find('!') {
            let Some(e) = head[s + 1..].find('!').map(|e| e + s + 1) else {
                errors.push(err("unclosed '!' marker"));
                continue;
            };
            let name = &head[s..=e];
            // PETRARCH files spell one marker two ways (!MINST!/!MINIST!).
            let items = macros.get(name).or_else(|| {
                let alt = name.replace("MINIST", "MINST");
                macros.get(&alt)
            });
            let Some(items) = items else {
                errors.push(err(&format!("undefined marker {name}")));
                continue;
            };
            for it in items {
                phrases.push((format!("{}{}{}", &head[..s], it, &head[e + 1..]), false));
            }
        } else {
            phrases.push((head.to_string(), true));
        }
        let origin = format!("{file}:{}", line.no);
        for (p, regular) in phrases {
            let ws = to_words(&p);
            if ws.is_empty() {
                continue;
            }
            out.push(AgentEntry { words: ws.clone(), code: code.to_string(), prefix, origin: origin.clone() });
            match &plurals {
                Some(list) => {
                    for pl in list {
                        let pw = to_words(pl.trim_start_matches('+'));
                        if !pw.is_empty() {
                            out.push(AgentEntry { words: pw, code: code.to_string(), prefix, origin: origin.clone() });
                        }
                    }
                }
                None if regular && !p.ends_with('_') => {
                    let mut pw = ws.clone();
                    if let Some(last) = pw.last_mut() {
                        *last = plural(last);
                    }
                    out.push(AgentEntry { words: pw, code: code.to_string(), prefix, origin: origin.clone() });
                }
                None => {}
            }
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_agents_plurals_and_markers() {
        let t = "!PERSON! = MAN, WOMEN\nPOLICE {} [ ~COP] # x\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nMSF {}  [NGO~]\nCONGRESS!PERSON! [~LEG]\nPOLICY [~GOV]\nBROKEN [GOV]\n!MINIST!_OF_SILLY_WALKS [~GOV]\n";
        let (a, e) = read_agents(t, "ag.txt");
        let show: Vec<String> =
            a.iter().map(|x| format!("{}={}{}", x.words.join(" "), x.code, if x.prefix { "~" } else { "" })).collect();
        assert_eq!(
            show,
            [
                "police=COP",
                "attorney general=GOV",
                "attorneys general=GOV",
                "msf=NGO~",
                "congressman=LEG",
                "congresswomen=LEG",
                "policy=GOV",
                "policies=GOV"
            ]
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].to_string(), "ag.txt:7: agent code needs '~' before or after it");
        assert_eq!(e[1].to_string(), "ag.txt:8: undefined marker !MINIST!");
    }
}
