//! The phrase dictionary of actors and its token trie.

use dyad_text::{parser_form, tokenize, Token};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A coded actor: `code` is what CAMEO users read ("PAKGOV", "IGOUNO");
/// `country` and `sector` are the same facts kept apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActorCode {
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
}

impl ActorCode {
    /// `country` + `sector`, where `sector` may carry a group tag after its
    /// three letters ("REBHTH"): the code keeps it, the sector field does not.
    pub fn country_sector(country: &str, sector: Option<&str>) -> ActorCode {
        ActorCode {
            code: format!("{country}{}", sector.unwrap_or("")),
            country: Some(country.to_string()),
            sector: sector.map(|s| s.get(..3).unwrap_or(s).to_string()),
        }
    }

    /// Splits a CAMEO-style code: `PSEREBHMS` → PSE + REB; `IGOUNO` → no
    /// country, sector IGO (organisation codes start with IGO/NGO/IMG…).
    pub fn from_code(code: &str) -> ActorCode {
        let head = code.get(..3).unwrap_or(code);
        let org = matches!(head, "IGO" | "NGO" | "IMG" | "MNC" | "UAF");
        if org || code.len() < 3 {
            ActorCode { code: code.into(), country: None, sector: Some(head.into()) }
        } else {
            ActorCode { code: code.into(), country: Some(head.into()), sector: code.get(3..6).map(str::to_string) }
        }
    }
}

/// What a dictionary phrase denotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A country's name ("Pakistan").
    Country { iso3: String },
    /// An adjective or demonym ("Pakistani", "Pakistanis").
    Adjective { iso3: String },
    /// A capital or seat standing for a government ("Islamabad", "the Pentagon" = MIL).
    Metonym { iso3: String, sector: String },
    /// An organisation or armed group.
    Org { code: String, sector: Option<String>, country: Option<String> },
    /// A known person in a role, valid between two dates (inclusive, `YYYY-MM-DD`).
    Person { code: ActorCode, from: Option<String>, to: Option<String> },
    /// A sector noun ("foreign minister" → GOV, "troops" → MIL). A sector
    /// ending in `~` ("NGO~", from PETRARCH agent files) is written before
    /// the country instead of after it.
    Agent { sector: String, person: bool },
}

/// One dictionary phrase.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    /// The phrase as written, tokenized.
    pub forms: Vec<String>,
    /// Short all-capitals acronyms ("US", "UN", "IS") only match with the
    /// same case, so the pronoun "us" or the verb "is" never do.
    pub exact_case: bool,
    /// `file:line` where the phrase was defined.
    pub origin: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("{origin}: {reason}")]
    Malformed { origin: String, reason: String },
}

/// The actor dictionary: entries plus a trie keyed by lower-cased token
/// hashes, so matching a sentence costs one hash lookup per token step.
#[derive(Debug, Default, Clone)]
pub struct ActorDict {
    entries: Vec<Entry>,
    /// (node, token hash) → child node; node 0 is the root.
    edges: HashMap<(u32, u64), u32>,
    /// Entries ending at each node.
    node_entries: Vec<Vec<u32>>,
}

/// FNV-1a over the lower-cased characters of a token's parser form.
pub(crate) fn token_key(surface: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for c in parser_form(surface).chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

const COUNTRIES: &str = include_str!("../../../data/actors/countries.tsv");
const ORGANIZATIONS: &str = include_str!("../../../data/actors/organizations.tsv");
const AGENTS: &str = include_str!("../../../data/actors/agents.tsv");
const PEOPLE: &str = include_str!("../../../data/actors/people.tsv");

/// Whether a sector noun names one person ("foreign minister",
/// "spokeswoman") rather than a body or a group ("ministry", "troops"), so
/// that "he"/"she" can refer back to it.
pub fn person_noun(noun: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "minister",
        "president",
        "premier",
        "chancellor",
        "king",
        "queen",
        "emir",
        "sultan",
        "prince",
        "monarch",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "ambassador",
        "diplomat",
        "leader",
        "commander",
        "general",
        "chief",
        "secretary",
        "official",
        "governor",
        "mayor",
        "senator",
        "lawmaker",
        "legislator",
        "judge",
        "prosecutor",
        "adviser",
        "advisor",
        "negotiator",
        "counterpart",
        "deputy",
        "director",
        "head",
        "representative",
        "mediator",
        "coordinator",
        "commissioner",
        "officer",
        "colonel",
        "admiral",
        "marshal",
        "sheikh",
        "ayatollah",
        "cleric",
        "pope",
        "bishop",
        "imam",
        "activist",
        "dissident",
        "journalist",
        "reporter",
        "rebel",
        "militant",
        "gunman",
        "soldier",
        "protester",
        "demonstrator",
        "candidate",
        "politician",
    ];
    let last = noun.rsplit(' ').next().unwrap_or(noun).to_lowercase();
    PEOPLE.contains(&last.as_str())
}

fn data_lines<'a>(text: &'a str, file: &'a str) -> impl Iterator<Item = (String, Vec<&'a str>)> + 'a {
    text.lines().enumerate().filter_map(move |(i, l)| {
        let l = l.split(" #").next().unwrap_or(l);
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            return None;
        }
        Some((format!("{file}:{}", i + 1), l.split('\t').map(str::trim).collect()))
    })
}

fn list<'a>(col: Option<&&'a str>) -> impl Iterator<Item = &'a str> {
    col.copied().unwrap_or("").split(';').map(str::trim).filter(|s| !s.is_empty() && *s != "-")
}

/// Expands a partial date to the first or last day it covers.
fn full_date(d: &str, end: bool) -> Option<String> {
    let d = d.trim();
    if d.is_empty() || d == "-" {
        return None;
    }
    Some(match d.len() {
        4 => format!("{d}-{}", if end { "12-31" } else { "01-01" }),
        7 => format!("{d}-{}", if end { "31" } else { "01" }),
        _ => d.to_string(),
    })
}

impl ActorDict {
    /// The team-written dictionaries in `data/actors`, parsed once.
    pub fn builtin() -> &'static ActorDict {
        static DICT: OnceLock<ActorDict> = OnceLock::new();
        DICT.get_or_init(ActorDict::new_builtin)
    }

    /// A fresh copy of the built-in dictionaries, to extend with a user's
    /// own entries (see `dyad-petrarch`).
    pub fn new_builtin() -> ActorDict {
        let mut d = ActorDict::default();
        let errors = d.load_builtin();
        debug_assert!(errors.is_empty(), "built-in actor data has errors: {errors:?}");
        d
    }

    fn load_builtin(&mut self) -> Vec<DictError> {
        let mut errors = Vec::new();
        errors.extend(self.add_countries(COUNTRIES, "countries.tsv"));
        errors.extend(self.add_organizations(ORGANIZATIONS, "organizations.tsv"));
        errors.extend(self.add_agents(AGENTS, "agents.tsv"));
        errors.extend(self.add_people(PEOPLE, "people.tsv"));
        errors
    }

    /// `iso3 | names | adjectives | government_metonyms` (see data/actors/README.md).
    pub fn add_countries(&mut self, text: &str, file: &str) -> Vec<DictError> {
        let mut errors = Vec::new();
        for (origin, cols) in data_lines(text, file) {
            let iso3 = cols[0];
            if iso3.len() != 3 || !iso3.bytes().all(|b| b.is_ascii_uppercase()) {
                errors.push(DictError::Malformed { origin, reason: format!("bad ISO3 code {iso3:?}") });
                continue;
            }
            for name in list(cols.get(1)) {
                self.insert(name, EntryKind::Country { iso3: iso3.into() }, &origin);
            }
            for adj in list(cols.get(2)) {
                self.insert(adj, EntryKind::Adjective { iso3: iso3.into() }, &origin);
            }
            for m in list(cols.get(3)) {
                let (phrase, sector) = m.split_once('=').unwrap_or((m, "GOV"));
                self.insert(
                    phrase.trim(),
                    EntryKind::Metonym { iso3: iso3.into(), sector: sector.trim().into() },
                    &origin,
                );
            }
        }
        errors
    }

    /// `code | sector | country | names`.
    pub fn add_organizations(&mut self, text: &str, file: &str) -> Vec<DictError> {
        let mut errors = Vec::new();
        for (origin, cols) in data_lines(text, file) {
            if cols.len() < 4 {
                errors
                    .push(DictError::Malformed { origin, reason: format!("expected 4 columns, found {}", cols.len()) });
                continue;
            }
            let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
            let kind = EntryKind::Org { code: cols[0].into(), sector: opt(cols[1]), country: opt(cols[2]) };
            for name in list(cols.get(3)) {
                self.insert(name, kind.clone(), &origin);
            }
        }
        errors
    }

    /// `sector | nouns`.
    pub fn add_agents(&mut self, text: &str, file: &str) -> Vec<DictError> {
        let mut errors = Vec::new();
        for (origin, cols) in data_lines(text, file) {
            if cols.len() < 2 {
                errors.push(DictError::Malformed { origin, reason: "expected sector and nouns".into() });
                continue;
            }
            for noun in list(cols.get(1)) {
                let kind = EntryKind::Agent { sector: cols[0].into(), person: person_noun(noun) };
                self.insert(noun, kind, &origin);
            }
        }
        errors
    }

    /// `names | code | from | to | role`.
    pub fn add_people(&mut self, text: &str, file: &str) -> Vec<DictError> {
        let mut errors = Vec::new();
        for (origin, cols) in data_lines(text, file) {
            if cols.len() < 2 {
                errors.push(DictError::Malformed { origin, reason: "expected names and code".into() });
                continue;
            }
            let code = cols[1];
            if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                errors.push(DictError::Malformed { origin, reason: format!("bad actor code {code:?}") });
                continue;
            }
            let actor = ActorCode::from_code(code);
            let from = cols.get(2).and_then(|d| full_date(d, false));
            let to = cols.get(3).and_then(|d| full_date(d, true));
            for name in list(cols.first()) {
                self.insert(
                    name,
                    EntryKind::Person { code: actor.clone(), from: from.clone(), to: to.clone() },
                    &origin,
                );
            }
        }
        errors
    }

    /// Adds one phrase.
    pub fn insert(&mut self, phrase: &str, kind: EntryKind, origin: &str) {
        let mut toks: Vec<Token> = Vec::new();
        tokenize(phrase, &mut toks);
        if toks.is_empty() {
            return;
        }
        let forms: Vec<String> = toks.iter().map(|t| phrase[t.span.range()].to_string()).collect();
        let exact_case =
            forms.len() == 1 && forms[0].len() <= 5 && forms[0].chars().all(|c| c.is_ascii_uppercase() || c == '.');
        if self.node_entries.is_empty() {
            self.node_entries.push(Vec::new());
        }
        let mut node = 0u32;
        for f in &forms {
            let key = (node, token_key(f));
            node = match self.edges.get(&key) {
                Some(&n) => n,
                None => {
                    let n = self.node_entries.len() as u32;
                    self.node_entries.push(Vec::new());
                    self.edges.insert(key, n);
                    n
                }
            };
        }
        let id = self.entries.len() as u32;
        self.entries.push(Entry { kind, forms, exact_case, origin: origin.to_string() });
        self.node_entries[node as usize].push(id);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// The trie child of `node` for a token, if any.
    pub(crate) fn step(&self, node: u32, key: u64) -> Option<u32> {
        self.edges.get(&(node, key)).copied()
    }

    pub(crate) fn entries_at(&self, node: u32) -> &[u32] {
        self.node_entries.get(node as usize).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionaries_load_cleanly() {
        let mut d = ActorDict::default();
        let errors = d.load_builtin();
        assert!(errors.is_empty(), "{errors:?}");
        let countries: std::collections::HashSet<&str> = d
            .entries()
            .iter()
            .filter_map(|e| match &e.kind {
                EntryKind::Country { iso3 } => Some(iso3.as_str()),
                _ => None,
            })
            .collect();
        assert!(countries.len() >= 195, "{} countries", countries.len());
    }

    #[test]
    fn malformed_lines_are_reported_and_loading_continues() {
        let mut d = ActorDict::default();
        let errors =
            d.add_countries("PAK\tPakistan\tPakistani\tIslamabad\npk\tBad\nIND\tIndia\tIndian\tNew Delhi\n", "t.tsv");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].to_string(), "t.tsv:2: bad ISO3 code \"pk\"");
        assert_eq!(d.entries().iter().filter(|e| matches!(e.kind, EntryKind::Country { .. })).count(), 2);
    }
}
