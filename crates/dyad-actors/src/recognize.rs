//! Noun-phrase level actor recognition over a parsed sentence, with a
//! per-document memory for later mentions.

use crate::dict::{token_key, ActorCode, ActorDict, EntryKind};
use dyad_syntax::{Annotation, DepRel, Upos, Xpos};
use std::collections::HashMap;

/// What a single token is in the actor dictionary, for the parser's sake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneWord {
    None,
    Name,
    Adjective,
    /// A plural noun of people from the agent list ("fighters").
    AgentNoun,
}

/// How a mention got its code; shown by `dyad explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// A dictionary phrase or phrases inside the noun phrase.
    Dictionary,
    /// A name remembered from an earlier mention in the document.
    Name,
    /// A sector noun ("the minister") remembered from an earlier mention.
    Role,
    /// A pronoun ("she") resolved to the last person mentioned.
    Pronoun,
    /// Shared with an apposition ("the UN envoy, Staffan de Mistura").
    Apposition,
}

/// One actor found in a sentence. Token indices are sentence-relative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// Head token of the noun phrase; the coder finds actors by head.
    pub head: u32,
    /// Token range `[start, end)` of the phrase.
    pub start: u32,
    pub end: u32,
    pub actor: ActorCode,
    pub how: Resolution,
    /// The phrase is only a country or capital name ("in Washington"), so it
    /// can also say where an event happened.
    pub place: bool,
}

/// What the document has said so far, for resolving later mentions.
#[derive(Debug, Default, Clone)]
pub struct DocMemory {
    /// Lower-cased full names and surnames → actor.
    names: HashMap<String, ActorCode>,
    /// Lower-cased sector nouns ("spokeswoman") → the last actor so described.
    roles: HashMap<String, ActorCode>,
    last_person: Option<ActorCode>,
    /// The last person who was the subject of a clause: "he" usually
    /// continues the previous sentence's subject, not its last name.
    last_subject_person: Option<ActorCode>,
}

#[derive(Debug, Clone, Copy)]
struct Match {
    start: u32,
    end: u32,
    entry: u32,
    /// Token inside the match whose head lies outside it.
    head: u32,
}

/// Reusable recognizer (keeps its buffers between sentences).
pub struct Recognizer<'d> {
    dict: &'d ActorDict,
    /// Dictionary matches `(start, end, entry)` of the current sentence.
    found: Vec<(usize, usize, u32)>,
    /// `found` was filled by [`Recognizer::one_word_entries`] for the
    /// sentence the next [`Recognizer::recognize`] call receives, so the
    /// trie is walked once per sentence.
    prepared: bool,
    matches: Vec<Match>,
    np_head: Vec<u32>,
    mentions: Vec<ActorMention>,
}

/// Participles of hyphenated modifiers that tie a group to another actor
/// without making it that actor ("Iranian-backed", "Al-Qaeda-linked").
const AFFILIATION_PARTICIPLES: &[&str] =
    &["link", "back", "affiliate", "ally", "align", "inspire", "sponsor", "support", "fund", "arm", "train"];

fn is_modifier(rel: DepRel) -> bool {
    matches!(
        rel,
        DepRel::Compound | DepRel::Flat | DepRel::FlatForeign | DepRel::Amod | DepRel::NmodPoss | DepRel::NmodDesc
    )
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

impl<'d> Recognizer<'d> {
    pub fn new(dict: &'d ActorDict) -> Recognizer<'d> {
        Recognizer {
            dict,
            found: Vec::new(),
            prepared: false,
            matches: Vec::new(),
            np_head: Vec::new(),
            mentions: Vec::new(),
        }
    }

    /// Finds the actors of one sentence. `words` are the token surfaces,
    /// `ann` their parse; `date` (`YYYY-MM-DD`) selects the people whose
    /// roles were current then.
    pub fn recognize(
        &mut self,
        words: &[&str],
        ann: &Annotation,
        date: Option<&str>,
        memory: &mut DocMemory,
    ) -> &[ActorMention] {
        self.mentions.clear();
        let n = words.len().min(ann.len());
        self.match_dictionary(&words[..n], ann, date);
        self.group_noun_phrases(n, ann);
        self.compose(words, ann, memory);
        &self.mentions
    }

    fn accept(&self, entry: u32, words: &[&str], date: Option<&str>) -> bool {
        let e = self.dict.entry(entry);
        if e.exact_case {
            return e.forms.iter().zip(words).all(|(f, w)| f == w);
        }
        match &e.kind {
            EntryKind::Agent { .. } => true,
            EntryKind::Person { from, to, .. } => {
                let current = match date {
                    Some(d) => from.as_deref().is_none_or(|f| f <= d) && to.as_deref().is_none_or(|t| d <= t),
                    None => to.is_none(),
                };
                current && words.iter().any(|w| starts_upper(w))
            }
            // Lower-cased demonyms in careless text ("tunisian rioters"),
            // but only with endings that no common English word shares
            // ("polish" stays a verb).
            EntryKind::Adjective { .. } if words.len() == 1 => {
                starts_upper(words[0])
                    || ["ian", "ean", "ese", "i", "ic"].iter().any(|suffix| words[0].ends_with(suffix))
            }
            _ => words.iter().any(|w| starts_upper(w)),
        }
    }

    /// Longest dictionary match at each position, left to right, as
    /// `(start, end, entry)`; no parse needed.
    fn find_matches(&self, words: &[&str], date: Option<&str>, out: &mut Vec<(usize, usize, u32)>) {
        out.clear();
        let mut i = 0;
        while i < words.len() {
            let mut node = 0u32;
            let mut best: Option<(usize, u32)> = None;
            for j in i..words.len().min(i + 10) {
                match step_token(self.dict, node, words[j]) {
                    Some(next) => node = next,
                    None => break,
                }
                // Prefer people, then organisations, then places and countries, then sector nouns.
                let pick = self
                    .dict
                    .entries_at(node)
                    .iter()
                    .copied()
                    .filter(|&e| self.accept(e, &words[i..=j], date))
                    .min_by_key(|&e| match self.dict.entry(e).kind {
                        EntryKind::Person { .. } => 0,
                        EntryKind::Org { .. } => 1,
                        EntryKind::Metonym { .. } => 2,
                        EntryKind::Country { .. } => 3,
                        EntryKind::Adjective { .. } => 4,
                        EntryKind::Agent { .. } => 5,
                    });
                if let Some(e) = pick {
                    best = Some((j + 1, e));
                }
            }
            match best {
                Some((end, entry)) => {
                    out.push((i, end, entry));
                    i = end;
                }
                None => i += 1,
            }
        }
    }

    /// Marks the tokens that are a whole one-word name of a country,
    /// capital, organisation or person (`OneWord::Name`), or a one-word
    /// demonym (`OneWord::Adjective`). The pipeline uses it around parsing:
    /// the tagger, trained on web text, can take an unseen name for a verb
    /// ("Beijing" → VBG) or an unseen demonym for a name ("Kyrgyz" → NNP).
    ///
    /// It also keeps the sentence's dictionary matches for the next
    /// [`Recognizer::recognize`] call, which must then get the same words and
    /// date.
    pub fn one_word_entries(&mut self, words: &[&str], date: Option<&str>, mask: &mut Vec<OneWord>) {
        let mut found = std::mem::take(&mut self.found);
        self.find_matches(words, date, &mut found);
        mask.clear();
        mask.resize(words.len(), OneWord::None);
        for &(start, end, entry) in &found {
            if end != start + 1 {
                continue;
            }
            let agent = matches!(self.dict.entry(entry).kind, EntryKind::Agent { .. });
            if agent {
                // "fighters", "protesters", "militants": plural person nouns
                // that no verb shares (unlike "forces" or "rebels").
                let w = words[start].as_bytes();
                let ends = |x: &str| w.len() > x.len() && w[w.len() - x.len()..].eq_ignore_ascii_case(x.as_bytes());
                if ["ers", "ists", "ants", "ents", "ians", "ors"].into_iter().any(ends) {
                    mask[start] = OneWord::AgentNoun;
                }
                continue;
            }
            if !starts_upper(words[start]) {
                continue;
            }
            mask[start] = match self.dict.entry(entry).kind {
                EntryKind::Adjective { .. } => OneWord::Adjective,
                _ => OneWord::Name,
            };
        }
        self.found = found;
        self.prepared = true;
    }

    fn match_dictionary(&mut self, words: &[&str], ann: &Annotation, date: Option<&str>) {
        let mut found = std::mem::take(&mut self.found);
        if !std::mem::take(&mut self.prepared) {
            self.find_matches(words, date, &mut found);
        }
        self.matches.clear();
        for &(i, end, entry) in found.iter().filter(|&&(_, end, _)| end <= words.len()) {
            let head = (i..end).find(|&t| ann.head_index(t).is_none_or(|h| h < i || h >= end)).unwrap_or(end - 1);
            self.matches.push(Match { start: i as u32, end: end as u32, entry, head: head as u32 });
        }
        self.found = found;
    }

    /// Maps every token to the head of the noun phrase it modifies.
    fn group_noun_phrases(&mut self, n: usize, ann: &Annotation) {
        self.np_head.clear();
        for t in 0..n {
            let mut h = t;
            for _ in 0..n {
                let Some(p) = ann.head_index(h) else { break };
                let rel = ann.deprel[h];
                // "the president of Russia", "dissidents from Egypt",
                // "activists in Arnor": an of-, from- or in-phrase under a
                // sector noun is part of it.
                let of_phrase = rel == DepRel::Nmod
                    && self.is_agent_token(p)
                    && (has_case(ann, h, "of")
                        || has_case(ann, h, "from")
                        || (has_case(ann, h, "in") && !self.has_country_modifier(p, ann)));
                // "Al-Qaeda-linked militants", "Iranian-backed militias": the
                // name tells who they are tied to, not who they are; a
                // "US-led coalition" is the US's.
                // The participle is the head, or a sibling between the name
                // and the head ("Al-Qaeda-linked rebels" with "Al" on "rebels").
                let tie = (h + 1..=p).find(|&q| {
                    ann.xpos[q] == Xpos::Vbn
                        && ann.lemma(q - 1) == "-"
                        && (q == p || ann.head_index(q) == Some(p))
                        && (ann.lemma(q) == "lead" || AFFILIATION_PARTICIPLES.contains(&ann.lemma(q)))
                });
                if let Some(q) = tie {
                    if ann.lemma(q) != "lead" {
                        break;
                    }
                    h = p;
                    continue;
                }
                // "helped dissidents from Egypt" with the from-phrase hung on
                // the verb right after its object: it is the object's.
                let from_object = if rel == DepRel::Obl && has_case(ann, h, "from") {
                    (0..h)
                        .rev()
                        .find(|&o| ann.head_index(o) == Some(p) && ann.deprel[o] == DepRel::Obj)
                        .filter(|&o| self.is_agent_token(o) && (o + 1..h).all(|k| ann.head_index(k) == Some(h)))
                } else {
                    None
                };
                if let Some(o) = from_object {
                    h = o;
                    continue;
                }
                if (is_modifier(rel) || of_phrase) && p < n {
                    h = p;
                } else {
                    break;
                }
            }
            self.np_head.push(h as u32);
        }
    }

    /// Whether the phrase headed by `p` already names its country
    /// ("the Omani sultan in Muscat": "in Muscat" is then a place, not the
    /// sultan's country).
    fn has_country_modifier(&self, p: usize, ann: &Annotation) -> bool {
        self.matches.iter().any(|m| {
            matches!(
                self.dict.entry(m.entry).kind,
                EntryKind::Country { .. } | EntryKind::Adjective { .. } | EntryKind::Metonym { .. }
            ) && (m.start as usize..m.end as usize).any(|t| {
                ann.head_index(t) == Some(p)
                    && matches!(ann.deprel[t], DepRel::Amod | DepRel::Compound | DepRel::NmodPoss)
            })
        })
    }

    fn is_agent_token(&self, t: usize) -> bool {
        self.matches.iter().any(|m| {
            (m.start as usize..m.end as usize).contains(&t)
                && matches!(self.dict.entry(m.entry).kind, EntryKind::Agent { .. })
        })
    }

    fn compose(&mut self, words: &[&str], ann: &Annotation, memory: &mut DocMemory) {
        let n = self.np_head.len();
        let mut heads: Vec<u32> = self.matches.iter().map(|m| self.np_head[m.head as usize]).collect();
        // Names and pronouns head noun phrases without any dictionary match.
        for t in 0..n {
            if self.np_head[t] == t as u32 && matches!(ann.upos[t], Upos::Propn | Upos::Pron) {
                heads.push(t as u32);
            }
        }
        heads.sort_unstable();
        heads.dedup();
        let first_mention = self.mentions.len();
        for &h in &heads {
            if let Some(m) = self.compose_one(h as usize, words, ann, memory) {
                // "US and British activists": one mention per coordinated
                // country, sharing the head and the sector.
                for iso3 in self.coordinated_countries(h as usize, ann) {
                    if m.actor.country.as_deref() != Some(iso3.as_str()) {
                        let mut extra = m.clone();
                        extra.actor = ActorCode::country_sector(&iso3, m.actor.sector.as_deref());
                        self.mentions.push(extra);
                    }
                }
                self.mentions.push(m);
            }
        }
        self.share_appositions(first_mention, words, ann, memory);
        self.distribute_countries(first_mention, ann);
    }

    /// "Lawmakers and officials in Fornost and Gondor", "Arnorian
    /// soldiers and police": a sector noun without a country of its own
    /// (`---GOV`), coordinated with a sector noun whose country came from a
    /// shared modifier, takes that country (each of them, when several).
    fn distribute_countries(&mut self, first: usize, ann: &Annotation) {
        let mut added = Vec::new();
        let mut drop = Vec::new();
        for i in first..self.mentions.len() {
            let m = &self.mentions[i];
            if m.actor.country.is_some() || !m.actor.code.starts_with("---") || m.how != Resolution::Role {
                continue;
            }
            let h = m.head as usize;
            let Some(p) = ann.head_index(h).filter(|_| ann.deprel[h] == DepRel::Conj) else { continue };
            let firsts: Vec<&ActorMention> = self.mentions[first..]
                .iter()
                .filter(|x| x.head as usize == p && x.actor.country.is_some() && x.actor.sector.is_some())
                .filter(|x| x.how == Resolution::Dictionary && self.is_agent_token(p))
                .collect();
            if firsts.is_empty() {
                continue;
            }
            let sector = m.actor.sector.clone();
            for f in firsts {
                let country = f.actor.country.as_deref().unwrap_or_default();
                if added.iter().any(|a: &ActorMention| a.head == m.head && a.actor.country.as_deref() == Some(country))
                {
                    continue;
                }
                let mut extra = m.clone();
                extra.actor = ActorCode::country_sector(country, sector.as_deref());
                extra.how = Resolution::Dictionary;
                added.push(extra);
            }
            drop.push(i);
        }
        for i in drop.into_iter().rev() {
            self.mentions.remove(i);
        }
        self.mentions.extend(added);
    }

    /// Countries coordinated with a country modifier of the phrase headed
    /// by `h` ("US and British" in "US and British activists").
    fn coordinated_countries(&self, h: usize, ann: &Annotation) -> Vec<String> {
        let country_of = |t: usize| {
            self.matches.iter().find(|m| (m.start as usize..m.end as usize).contains(&t)).and_then(|m| {
                match &self.dict.entry(m.entry).kind {
                    EntryKind::Country { iso3 } | EntryKind::Adjective { iso3 } => Some(iso3.clone()),
                    _ => None,
                }
            })
        };
        let mut out = Vec::new();
        for m in self.matches.iter().filter(|m| self.np_head[m.head as usize] == h as u32 && m.head as usize != h) {
            let t = m.head as usize;
            if country_of(t).is_none() {
                continue;
            }
            for c in (0..ann.len()).filter(|&c| ann.head_index(c) == Some(t) && ann.deprel[c] == DepRel::Conj) {
                if let Some(iso3) = country_of(c) {
                    out.push(iso3);
                }
            }
        }
        out
    }

    fn compose_one(&self, h: usize, words: &[&str], ann: &Annotation, memory: &mut DocMemory) -> Option<ActorMention> {
        let members: Vec<&Match> = self.matches.iter().filter(|m| self.np_head[m.head as usize] == h as u32).collect();
        let mut start = h;
        let mut end = h + 1;
        for m in &members {
            start = start.min(m.start as usize);
            end = end.max(m.end as usize);
        }
        // Name tokens: proper nouns of this phrase that no dictionary phrase covers.
        let covered = |t: usize| members.iter().any(|m| (m.start as usize..m.end as usize).contains(&t));
        let name_tokens: Vec<usize> = (0..self.np_head.len())
            .filter(|&t| self.np_head[t] == h as u32 && ann.upos[t] == Upos::Propn && !covered(t))
            .collect();
        for &t in &name_tokens {
            start = start.min(t);
            end = end.max(t + 1);
        }
        let mut country: Option<&str> = None;
        let mut sector: Option<&str> = None;
        let mut stacked: Option<&str> = None;
        let mut org: Option<ActorCode> = None;
        let mut person: Option<ActorCode> = None;
        let mut role: Option<String> = None;
        let mut person_role = false;
        let mut metonym_sector: Option<&str> = None;
        for m in &members {
            match &self.dict.entry(m.entry).kind {
                EntryKind::Country { iso3 } | EntryKind::Adjective { iso3 } => {
                    country.get_or_insert(iso3);
                }
                EntryKind::Metonym { iso3, sector: s } => {
                    country.get_or_insert(iso3);
                    metonym_sector.get_or_insert(s);
                }
                EntryKind::Org { code, sector: s, country: c } => {
                    if org.is_none() {
                        org = Some(ActorCode {
                            code: code.clone(),
                            country: c.clone(),
                            sector: s.as_deref().map(|x| x.get(..3).unwrap_or(x).to_string()),
                        });
                    }
                }
                EntryKind::Person { code, .. } => {
                    person.get_or_insert_with(|| code.clone());
                }
                EntryKind::Agent { sector: s, person: p } => {
                    if sector.is_none() {
                        sector = Some(s);
                        role = Some(words[m.start as usize..m.end as usize].join(" ").to_lowercase());
                        person_role = *p;
                    } else if sector.is_some_and(|x| x.ends_with('~')) && !s.ends_with('~') {
                        // "an MSF Arnor diplomat": a prefix agent and an
                        // ordinary one stack (NGO + ARN + GOV).
                        stacked.get_or_insert(s);
                    }
                }
            }
        }
        // "former security officials", "former Gondor prosecutors": a
        // role someone no longer holds makes them an elite (CAMEO ELI), as
        // the built-in "former minister" entries and PETRARCH code it.
        let former = (0..self.np_head.len()).any(|t| {
            self.np_head[t] == h as u32 && ann.deprel[t] == DepRel::Amod && words[t].eq_ignore_ascii_case("former")
        });
        if former && sector.is_some_and(|s| !s.ends_with('~')) {
            sector = Some("ELI");
        }
        // "Russia's UN ambassador", "the Brazilian EU envoy": a country's
        // diplomat posted to an international body is the country's.
        let posted = |r: &str| {
            let last = r.rsplit(' ').next().unwrap_or(r);
            matches!(
                last,
                "ambassador"
                    | "ambassadors"
                    | "envoy"
                    | "envoys"
                    | "representative"
                    | "delegate"
                    | "delegation"
                    | "mission"
            )
        };
        let first_of = |pick: fn(&EntryKind) -> bool| {
            members.iter().filter(|m| pick(&self.dict.entry(m.entry).kind)).map(|m| m.start).min()
        };
        let country_first = first_of(|k| matches!(k, EntryKind::Country { .. } | EntryKind::Adjective { .. }));
        let org_first = first_of(|k| matches!(k, EntryKind::Org { .. }));
        if org.as_ref().is_some_and(|o| o.code.starts_with("IGO"))
            && country_first.zip(org_first).is_some_and(|(c, o)| c < o)
            && role.as_deref().is_some_and(posted)
        {
            org = None;
        }
        let is_person = person.is_some();
        let mut how = Resolution::Dictionary;
        let actor = if let Some(org) = org {
            Some(org)
        } else if let Some(p) = person {
            Some(p)
        } else if let Some(c) = country {
            // A prefix agent ("NGO~", from PETRARCH agent files) goes before
            // the country: "MSF Arnor" → NGOARN.
            Some(match sector.and_then(|s| s.strip_suffix('~')) {
                Some(prefix) => ActorCode {
                    code: format!("{prefix}{c}{}", stacked.map_or("", |x| x.get(..3).unwrap_or(x))),
                    country: Some(c.to_string()),
                    sector: Some(prefix.get(..3).unwrap_or(prefix).to_string()),
                },
                None => ActorCode::country_sector(c, sector.or(metonym_sector)),
            })
        } else if let Some(r) = role.as_ref().filter(|_| sector.is_some()) {
            // "the minister": the last actor so described; else a sector
            // without a country ("---REB"), as CAMEO writes unknown countries.
            how = Resolution::Role;
            memory.roles.get(r).cloned().or_else(|| {
                let s = sector?;
                if let Some(prefix) = s.strip_suffix('~') {
                    return Some(ActorCode::from_code(prefix));
                }
                let short = s.get(..3).unwrap_or(s);
                Some(ActorCode { code: format!("---{short}"), country: None, sector: Some(short.to_string()) })
            })
        } else if !name_tokens.is_empty() {
            how = Resolution::Name;
            let full = name_tokens.iter().map(|&t| words[t]).collect::<Vec<_>>().join(" ").to_lowercase();
            memory.names.get(&full).or_else(|| memory.names.get(&words[h].to_lowercase())).cloned()
        } else if ann.upos[h] == Upos::Pron && matches!(ann.lemma(h), "he" | "she") {
            how = Resolution::Pronoun;
            memory.last_subject_person.clone().or_else(|| memory.last_person.clone())
        } else {
            None
        }?;
        // Remember names introduced with a title or organisation, and roles.
        if how == Resolution::Dictionary {
            remember_name(memory, &name_tokens, words, &actor);
            if let Some(r) = role {
                if actor.country.is_some() || actor.code.starts_with("IGO") {
                    memory.roles.insert(r, actor.clone());
                }
            }
        }
        if person_role || is_person || !name_tokens.is_empty() || matches!(how, Resolution::Pronoun | Resolution::Name)
        {
            memory.last_person = Some(actor.clone());
            if matches!(ann.deprel[h], DepRel::Nsubj | DepRel::NsubjPass) {
                memory.last_subject_person = Some(actor.clone());
            }
        }
        // Leading determiners are not part of the actor's text.
        while start < end && matches!(ann.upos[start], Upos::Det) && start != h {
            start += 1;
        }
        let place = how == Resolution::Dictionary
            && name_tokens.is_empty()
            && !members.is_empty()
            && members.iter().all(|m| {
                matches!(self.dict.entry(m.entry).kind, EntryKind::Country { .. } | EntryKind::Metonym { .. })
            });
        Some(ActorMention { head: h as u32, start: start as u32, end: end as u32, actor, how, place })
    }

    /// "the UN envoy, Staffan de Mistura" / "Staffan de Mistura, the UN envoy":
    /// an unresolved name in apposition to a resolved phrase takes its code.
    fn share_appositions(&mut self, first: usize, words: &[&str], ann: &Annotation, memory: &mut DocMemory) {
        for t in 0..self.np_head.len() {
            if self.np_head[t] != t as u32 {
                continue;
            }
            let p = if ann.deprel[t] == DepRel::Appos {
                let Some(p) = ann.head_index(t) else { continue };
                self.np_head[p] as usize
            } else if ann.upos[t] == Upos::Propn && !is_calendar_word(words[t]) {
                // "his Tajik counterpart Bakhtiyor Qodirov" parsed as two
                // phrases: a bare name right after a titled phrase is its
                // apposition all the same.
                let name_start = (0..=t)
                    .rev()
                    .take_while(|&x| self.np_head[x] == t as u32 && ann.upos[x] == Upos::Propn)
                    .last()
                    .unwrap_or(t);
                // Also set off by a comma: "The Iraqi foreign minister, Fuad
                // Hussein, met …" parsed as two phrases.
                let follows = |m: &ActorMention| {
                    let end = m.end as usize;
                    end == name_start || (end + 1 == name_start && words.get(end) == Some(&","))
                };
                match self.mentions[first..].iter().find(|m| follows(m) && m.how == Resolution::Dictionary) {
                    Some(m) => m.head as usize,
                    None => continue,
                }
            } else {
                continue;
            };
            let find = |x: usize, ms: &[ActorMention]| {
                ms[first..].iter().position(|m| m.head as usize == x).map(|i| i + first)
            };
            let (a, b) = (find(t, &self.mentions), find(p, &self.mentions));
            let (resolved, unresolved_head) = match (a, b) {
                (Some(_), Some(_)) | (None, None) => continue,
                (Some(i), None) => (i, p),
                (None, Some(i)) => (i, t),
            };
            let actor = self.mentions[resolved].actor.clone();
            let names: Vec<usize> = (0..self.np_head.len())
                .filter(|&x| self.np_head[x] == unresolved_head as u32 && ann.upos[x] == Upos::Propn)
                .collect();
            if names.is_empty() {
                continue;
            }
            remember_name(memory, &names, words, &actor);
            memory.last_person = Some(actor.clone());
            let start = names[0].min(unresolved_head);
            let end = (*names.last().unwrap_or(&unresolved_head)).max(unresolved_head) + 1;
            self.mentions.push(ActorMention {
                head: unresolved_head as u32,
                start: start as u32,
                end: end as u32,
                actor,
                how: Resolution::Apposition,
                place: false,
            });
        }
    }
}

/// Steps the trie over one token. A token written with underscores
/// ("Dol_Amroth", as PETRARCH dictionaries join multiword phrases) steps
/// over each part, so it matches the same entry as the words written apart.
fn step_token(dict: &ActorDict, node: u32, word: &str) -> Option<u32> {
    if !word.contains('_') || word.bytes().all(|b| b == b'_') {
        return dict.step(node, token_key(word));
    }
    let mut node = node;
    for part in word.split('_').filter(|p| !p.is_empty()) {
        node = dict.step(node, token_key(part))?;
    }
    Some(node)
}

fn remember_name(memory: &mut DocMemory, name_tokens: &[usize], words: &[&str], actor: &ActorCode) {
    if name_tokens.is_empty() {
        return;
    }
    let full = name_tokens.iter().map(|&t| words[t]).collect::<Vec<_>>().join(" ").to_lowercase();
    memory.names.insert(full, actor.clone());
    if let Some(&last) = name_tokens.last() {
        memory.names.insert(words[last].to_lowercase(), actor.clone());
    }
}

/// Day and month names: "Ukrainian lawmakers Tuesday endorsed …" puts a
/// date, not a name, right after the phrase.
fn is_calendar_word(w: &str) -> bool {
    const NAMES: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    let w = w.trim_end_matches('.');
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(w))
}

fn has_case(ann: &Annotation, t: usize, word: &str) -> bool {
    (0..ann.len()).any(|c| ann.head_index(c) == Some(t) && ann.deprel[c] == DepRel::Case && ann.lemma(c) == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscored_tokens_match_multiword_entries() {
        let mut d = ActorDict::default();
        d.insert("dol amroth", EntryKind::Country { iso3: "DOL".into() }, "t");
        d.insert("prince of dol amroth", EntryKind::Org { code: "DOLGOV".into(), sector: None, country: None }, "t");
        let r = Recognizer::new(&d);
        let mut out = Vec::new();
        r.find_matches(&["the", "Prince", "of", "Dol_Amroth", "spoke"], None, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].0, out[0].1), (1, 4));
        r.find_matches(&["in", "Dol_Amroth", "_", "Dol_"], None, &mut out);
        assert_eq!(out.iter().map(|m| (m.0, m.1)).collect::<Vec<_>>(), [(1, 2)]);
        r.find_matches(&["in", "Dol", "Amroth"], None, &mut out);
        assert_eq!(out.iter().map(|m| (m.0, m.1)).collect::<Vec<_>>(), [(1, 3)]);
    }
}
