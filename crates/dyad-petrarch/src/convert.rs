//! Conversion of PETRARCH dictionaries into dyad's structures.

use crate::actors::ActorRecord;
use crate::agents::AgentEntry;
use crate::discards::DiscardEntry;
use crate::issues::Issues;
use crate::verbs::{Tok, VerbDict, VerbForm, VerbPattern};
use dyad_actors::{person_noun, ActorCode, ActorDict, EntryKind};
use dyad_coder::{compile, DiscardLevel, Discards, IssueDict, Pattern, PatternSet, Roles};
use std::collections::BTreeMap;

/// Prepositions that may introduce the target of a bare verb ("departed
/// from Libya", "arrived in Gondor"). `by` is left out: it marks a
/// passive's source.
const TARGET_PREPS: &str = "with|to|against|from|in|into|at|on|for|over|toward|towards|about|upon|near|across|through|after|of|between|among|onto";

const DETERMINERS: &[&str] = &["the", "a", "an"];

/// A phrase as dyad's dictionary wants it: lower case (so the capital-letter
/// check of the recognizer applies), except short acronyms ("UN", "US"),
/// which keep their case and then match only in capitals.
fn phrase_text(words: &[String]) -> String {
    if words.len() == 1 && words[0].len() <= 3 && words[0].chars().all(|c| c.is_ascii_uppercase()) {
        return words[0].clone();
    }
    words.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" ")
}

/// The entry kind for an actor code: three letters are a country (agents
/// are added after them), longer codes an organisation or group.
fn kind_for(code: &str) -> Option<EntryKind> {
    // A list (`ELR/GAL`: "Lorien" is both) is kept whole as one actor; the
    // pipeline writes one actor per listed code, as PETRARCH codes one
    // event per member.
    if code.contains('/') {
        let ok = code.split('/').all(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric()));
        return ok.then(|| EntryKind::Org { code: code.to_string(), sector: None, country: None });
    }
    if code.is_empty() || code.contains('~') || code.chars().all(|c| !c.is_ascii_alphanumeric()) {
        return None;
    }
    if code.len() == 3 {
        return Some(EntryKind::Country { iso3: code.to_string() });
    }
    let a = ActorCode::from_code(code);
    Some(EntryKind::Org { code: code.to_string(), sector: a.sector, country: a.country })
}

/// Actor counts of a conversion.
#[derive(Debug, Default, Clone)]
pub struct ActorCounts {
    pub records: usize,
    pub phrases: usize,
    pub dated: usize,
    /// Records whose code is null (`---`): not inserted.
    pub uncoded: usize,
}

pub fn add_actors(dict: &mut ActorDict, records: &[ActorRecord], counts: &mut ActorCounts) {
    for r in records {
        counts.records += 1;
        let default = r.code.as_deref().and_then(kind_for);
        let mut kinds: Vec<EntryKind> = default.into_iter().collect();
        for d in &r.dated {
            if kind_for(&d.code).is_some() {
                kinds.push(EntryKind::Person {
                    code: ActorCode::from_code(&d.code),
                    from: d.from.clone(),
                    to: d.to.clone(),
                });
                counts.dated += 1;
            }
        }
        if kinds.is_empty() {
            counts.uncoded += 1;
            continue;
        }
        for p in &r.phrases {
            counts.phrases += 1;
            let text = phrase_text(p);
            for k in &kinds {
                dict.insert(&text, k.clone(), &r.origin);
            }
        }
    }
}

pub fn add_agents(dict: &mut ActorDict, agents: &[AgentEntry]) {
    for a in agents {
        let phrase = a.words.join(" ");
        let sector = if a.prefix { format!("{}~", a.code) } else { a.code.clone() };
        dict.insert(&phrase, EntryKind::Agent { sector, person: person_noun(&phrase) }, &a.origin);
    }
}

pub fn add_discards(d: &mut Discards, entries: &[DiscardEntry]) {
    for e in entries {
        let level = if e.story { DiscardLevel::Story } else { DiscardLevel::Sentence };
        d.add(&e.phrase, e.whole_word, level);
    }
}

pub fn add_issues(d: &mut IssueDict, issues: &Issues) -> usize {
    let mut n = 0;
    for e in &issues.entries {
        for p in &e.phrases {
            d.add(&e.code, p);
            n += 1;
        }
    }
    n
}

/// Verb counts of a conversion.
#[derive(Debug, Default, Clone)]
pub struct VerbCounts {
    /// PETRARCH patterns converted (each applies to every verb of its block).
    pub converted: usize,
    /// Compiled dyad patterns (patterns × verbs, plus the bare verbs).
    pub compiled: usize,
    /// Patterns that dyad's pattern language cannot express, by reason.
    pub skipped: BTreeMap<String, usize>,
}

impl VerbCounts {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

fn is_prep(w: &str) -> bool {
    dyad_coder::is_preposition(w) || w == "that"
}

/// Slots of words before the verb: alternatives, each a run of words.
type Before = Vec<Vec<Vec<String>>>;

/// A converted pattern: words before the verb (and whether the last is
/// joined to it), the dyad slots after the verb, the roles.
type Converted = ((Before, bool), Vec<String>, Roles, (Before, usize));

/// Words of a PETRARCH pattern before the verb ("SAID WOULD *",
/// "&NEGATVAUXVRB EVER *"), as slots of alternatives for
/// [`Pattern::before`]: they qualify the verb (auxiliaries, negation,
/// adverbs, a governing speech verb) and are matched on the surface words
/// before it, as PETRARCH matches them.
///
/// Words joined by `_` form one slot of consecutive words ("MOST_CERTAINLY_
/// &NEGATVAUXVRB_EVER"); the flag says the last slot is joined to the verb
/// itself ("NOT_*") and must come right before it.
fn before_slots(dict: &VerbDict, p: &VerbPattern) -> Result<(Before, bool), String> {
    let mut before: Before = Vec::new();
    let chunk = |i: usize| p.pre_chunks.as_ref().map_or(usize::MAX - i, |c| c[i]);
    // Index of the token that ended the last slot, to join the next to it.
    let mut last: Option<usize> = None;
    for (i, t) in p.pre.iter().enumerate() {
        let alts: Vec<Vec<String>> = match t {
            Tok::Source | Tok::Target | Tok::Compound | Tok::Skip | Tok::Open | Tok::Close => {
                last = None;
                continue;
            }
            Tok::Word(w) => vec![vec![w.to_lowercase()]],
            Tok::Phrase(ws) => vec![ws.iter().map(|w| w.to_lowercase()).collect()],
            Tok::Synset(n) => {
                let alts = dict.expand(n).ok_or_else(|| format!("undefined synset &{n}"))?;
                alts.iter().map(|a| a.iter().map(|w| w.to_lowercase()).collect()).collect()
            }
            Tok::Verb => return Err("two verbs".into()),
        };
        let joined = last.is_some_and(|j| j + 1 == i && chunk(j) == chunk(i));
        match before.last_mut() {
            Some(prev) if joined && prev.len() * alts.len() <= 64 => {
                *prev = prev.iter().flat_map(|a| alts.iter().map(move |b| [a.clone(), b.clone()].concat())).collect();
            }
            _ => before.push(alts),
        }
        last = Some(i);
    }
    let v = p.pre.len();
    let adjacent = v > 0 && last == Some(v - 1) && p.pre_chunks.as_ref().is_some_and(|c| c[v - 1] == c[v]);
    Ok((before, adjacent))
}

/// Where a PETRARCH pattern puts its source and target. `+` before the
/// verb, or `$` after it without a `+`, makes the verb's subject the
/// target (the slot after the verb, if any, holds the source); `%`
/// before the verb asks for a compound subject.
fn roles_of(p: &VerbPattern) -> Result<Roles, String> {
    let pre = |t: Tok| p.pre.contains(&t);
    let post = |t: Tok| p.post.contains(&t);
    if pre(Tok::Target) && post(Tok::Target) {
        return Err("two targets".into());
    }
    if post(Tok::Source) && post(Tok::Target) {
        return Err("source and target after the verb".into());
    }
    Ok(if pre(Tok::Target) || post(Tok::Source) {
        Roles::SubjectIsTarget
    } else if pre(Tok::Compound) {
        Roles::CompoundSource
    } else {
        Roles::Normal
    })
}

/// The words of a PETRARCH pattern after the verb as surface slots (see
/// [`Pattern::after`]): words joined by `_` form one run of consecutive
/// words. Also the number of slots before the actor slot.
fn after_slots(dict: &VerbDict, p: &VerbPattern) -> Result<(Before, usize), String> {
    let mut slots: Before = Vec::new();
    let mut actor_at = None;
    let mut last_literal: Option<usize> = None;
    for (i, t) in p.post.iter().enumerate() {
        let alts: Vec<Vec<String>> = match t {
            Tok::Word(w) => vec![vec![w.to_lowercase()]],
            Tok::Phrase(ws) => vec![ws.iter().map(|w| w.to_lowercase()).collect()],
            Tok::Synset(n) => {
                let alts = dict.expand(n).ok_or_else(|| format!("undefined synset &{n}"))?;
                alts.iter().map(|a| a.iter().map(|w| w.to_lowercase()).collect()).collect()
            }
            Tok::Target | Tok::Source | Tok::Compound => {
                actor_at.get_or_insert(slots.len());
                last_literal = None;
                continue;
            }
            _ => {
                last_literal = None;
                continue;
            }
        };
        let joined = p.post_joined.get(i).copied().unwrap_or(false) && last_literal == Some(i.wrapping_sub(1));
        match slots.last_mut() {
            Some(prev) if joined && prev.len() * alts.len() <= 64 => {
                *prev = prev.iter().flat_map(|a| alts.iter().map(move |b| [a.clone(), b.clone()].concat())).collect();
            }
            _ => slots.push(alts),
        }
        last_literal = Some(i);
    }
    let n = slots.len();
    Ok((slots, actor_at.unwrap_or(n)))
}

/// The dyad pattern text for the part of a PETRARCH pattern after the head:
/// `T` marks the slot after the verb that holds an actor (the target, or the
/// source when `roles` is [`Roles::SubjectIsTarget`]).
fn pattern_slots(dict: &VerbDict, p: &VerbPattern, roles: Roles) -> Result<Vec<String>, String> {
    let mut slots: Vec<String> = Vec::new();
    let mut run: Vec<Vec<String>> = Vec::new();
    let mut has_target = false;
    fn flush(run: &mut Vec<Vec<String>>, slots: &mut Vec<String>) {
        if !run.is_empty() {
            let alts: Vec<String> = run.iter().filter(|a| !a.is_empty()).map(|a| a.join("_")).collect();
            if !alts.is_empty() {
                slots.push(alts.join("|"));
            }
            run.clear();
        }
    }
    fn append(run: &mut Vec<Vec<String>>, alts: &[Vec<String>]) -> Result<(), String> {
        if run.is_empty() {
            *run = alts.to_vec();
            return Ok(());
        }
        if run.len() * alts.len() > 64 {
            return Err("synset inside a long phrase".into());
        }
        let mut next = Vec::new();
        for a in run.iter() {
            for b in alts {
                next.push(a.iter().chain(b).cloned().collect());
            }
        }
        *run = next;
        Ok(())
    }
    for t in &p.post {
        match t {
            Tok::Word(w) => {
                let lw = w.to_lowercase();
                if DETERMINERS.contains(&lw.as_str()) {
                    continue;
                }
                if is_prep(&lw) {
                    flush(&mut run, &mut slots);
                    slots.push(lw);
                } else if lw.chars().any(|c| c.is_alphanumeric()) {
                    append(&mut run, &[vec![lw]])?;
                }
            }
            Tok::Phrase(ws) => {
                let ws: Vec<String> =
                    ws.iter().map(|w| w.to_lowercase()).filter(|w| !DETERMINERS.contains(&w.as_str())).collect();
                append(&mut run, &[ws])?;
            }
            Tok::Synset(s) => {
                let alts = dict.expand(s).ok_or_else(|| format!("undefined synset &{s}"))?;
                let alts: Vec<Vec<String>> =
                    alts.iter().map(|a| a.iter().map(|w| w.to_lowercase()).collect()).collect();
                if alts.iter().all(|a| a.len() == 1 && is_prep(&a[0]) && a[0] != "that") {
                    flush(&mut run, &mut slots);
                    slots.push(alts.iter().map(|a| a[0].clone()).collect::<Vec<_>>().join("|"));
                } else {
                    append(&mut run, &alts)?;
                }
            }
            Tok::Target | Tok::Compound | Tok::Source => {
                if *t == Tok::Source && roles != Roles::SubjectIsTarget {
                    return Err("source after the verb".into());
                }
                flush(&mut run, &mut slots);
                if has_target {
                    return Err("two actor slots after the verb".into());
                }
                has_target = true;
                slots.push("T".into());
            }
            Tok::Verb => return Err("two verbs".into()),
            Tok::Skip | Tok::Open | Tok::Close => flush(&mut run, &mut slots),
        }
    }
    flush(&mut run, &mut slots);
    // A trailing preposition without object ("* (FOR)", "* TO") is kept as a
    // particle by dyad's compiler; "that" alone is a that-clause.
    Ok(slots)
}

/// Head text of a verb form: words before the verb and the verb as one
/// term (`wire_tap`), words after it as separate particles (`break down`).
fn head_text(form: &VerbForm) -> (String, Vec<String>) {
    let lw: Vec<String> = form.words.iter().map(|w| w.to_lowercase()).collect();
    let head = lw[..=form.verb].join("_");
    (head, lw[form.verb + 1..].to_vec())
}

fn make(
    code: &str,
    text: String,
    rank_text: Option<String>,
    (before, before_adjacent): (Before, bool),
    roles: Roles,
    rule: String,
) -> Result<Pattern, String> {
    let (head, head_prefix, nominal, steps) = compile(&text)?;
    Ok(Pattern {
        code: code.to_string(),
        head,
        head_prefix,
        nominal,
        steps,
        before,
        before_adjacent,
        roles,
        after: Vec::new(),
        after_slot: 0,
        rule,
        example: None,
        text: rank_text.unwrap_or(text),
    })
}

/// Converts a verb dictionary into patterns appended to `set`. Specific
/// patterns come first; the bare verbs (block or verb code, target as the
/// object or the object of a preposition) come last and rank lowest.
pub fn add_verbs(set: &mut PatternSet, dict: &VerbDict, file: &str, counts: &mut VerbCounts) {
    let mut defaults = Vec::new();
    for b in &dict.blocks {
        let convert = |p: &VerbPattern| -> Result<Converted, String> {
            let roles = roles_of(p)?;
            Ok((before_slots(dict, p)?, pattern_slots(dict, p, roles)?, roles, after_slots(dict, p)?))
        };
        let converted: Vec<(&VerbPattern, Converted)> = b
            .patterns
            .iter()
            .filter_map(|p| match convert(p) {
                Ok(c) => {
                    counts.converted += 1;
                    Some((p, c))
                }
                Err(reason) => {
                    *counts.skipped.entry(reason).or_default() += 1;
                    None
                }
            })
            .collect();
        for form in &b.verbs {
            let (head, rest) = head_text(form);
            for (p, (pre, slots, roles, after)) in &converted {
                let words: Vec<String> =
                    std::iter::once(head.clone()).chain(rest.iter().cloned()).chain(slots.iter().cloned()).collect();
                let text = words.join(" ");
                // Words before the verb make a pattern more specific: they
                // count in its rank like words after it.
                let rank = (!pre.0.is_empty()).then(|| {
                    let pre: Vec<String> = pre.0.iter().map(|alts| alts[0].join("_")).collect();
                    format!("{} {text}", pre.join(" "))
                });
                match make(&p.code, text, rank, pre.clone(), *roles, format!("{file}:{}", p.line)) {
                    Ok(mut pat) => {
                        (pat.after, pat.after_slot) = after.clone();
                        set.push(pat);
                        counts.compiled += 1;
                    }
                    Err(reason) => *counts.skipped.entry(format!("dyad: {reason}")).or_default() += 1,
                }
            }
            let code = form.code.as_deref().unwrap_or(&b.code);
            if code == "---" {
                continue;
            }
            let base: Vec<String> = std::iter::once(head.clone()).chain(rest.iter().cloned()).collect();
            let base = base.join(" ");
            let rule = format!("{file}:{}", form.line);
            // Last, the verb alone: its target is then the first actor of
            // its phrases, as PETRARCH takes it ("believes Dagolath can cope").
            for (text, rank) in [
                (format!("{base} T"), None),
                (format!("{base} {TARGET_PREPS} T"), Some(head.clone())),
                (base.clone(), None),
            ] {
                if let Ok(pat) = make(code, text, rank, (Vec::new(), false), Roles::Normal, rule.clone()) {
                    defaults.push(pat);
                }
            }
        }
    }
    for p in defaults {
        set.push(p);
        counts.compiled += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbs::read_verbs;

    #[test]
    fn words_before_the_verb_join_on_underscores() {
        let t = "&NEG\n+DID N'T\n+WILL NOT\n--- CLASH [223] ---\nCLASH\n- MOST_CERTAINLY_&NEG_EVER * [907]\n- NOT_* [112]\n- SAID $ WOULD * [1]\n";
        let (d, e) = read_verbs(t, "v.txt");
        assert!(e.is_empty(), "{e:?}");
        let s = |w: &[&str]| w.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (b, adjacent) = before_slots(&d, &d.blocks[0].patterns[0]).unwrap();
        // One slot of consecutive words per synset member (the reader adds
        // plurals, so "n'ts" too).
        assert_eq!(b.len(), 1);
        assert!(b[0].contains(&s(&["most", "certainly", "did", "n't", "ever"])));
        assert!(b[0].contains(&s(&["most", "certainly", "will", "not", "ever"])));
        assert!(!adjacent);
        assert_eq!(before_slots(&d, &d.blocks[0].patterns[1]).unwrap(), (vec![vec![s(&["not"])]], true));
        let (b, adjacent) = before_slots(&d, &d.blocks[0].patterns[2]).unwrap();
        assert_eq!((b, adjacent), (vec![vec![s(&["said"])], vec![s(&["would"])]], false));
    }

    #[test]
    fn list_codes_are_kept_whole() {
        assert!(matches!(kind_for("ELR/GAL"), Some(EntryKind::Org { ref code, .. }) if code == "ELR/GAL"));
        assert!(kind_for("ELR//GAL").is_none());
        assert!(kind_for("---").is_none());
    }

    #[test]
    fn converts_patterns_to_dyad_text() {
        let t = "&TIE\n+MILITARY\n+ECONOMIC\n&PREP_\n+AGAINST\n+AT\n--- ACCUSE [112] ---\nACCUSE\n- * + [112]\n- * (AGAINST +) [1121]\n- * &TIE TIES (WITH +) [901]\n- $ * &PREP + [113]\n- SAID * [1]\n- * + IN $ [2]\n- * {THE ARMS SHIPMENT} [072:073]\n";
        let (d, e) = read_verbs(t, "v.txt");
        assert!(e.is_empty(), "{e:?}");
        let slots: Vec<Result<String, String>> = d.blocks[0]
            .patterns
            .iter()
            .map(|p| pattern_slots(&d, p, roles_of(p).unwrap_or_default()).map(|s| s.join(" ")))
            .collect();
        assert_eq!(
            slots,
            [
                Ok("T".to_string()),
                Ok("against T".to_string()),
                Ok("military_ties|militaries_ties|economic_ties|economics_ties with T".to_string()),
                Ok("against|at T".to_string()),
                Ok(String::new()),
                Err("source after the verb".to_string()),
                Ok("arms_shipment".to_string()),
            ]
        );
        let mut set = PatternSet::default();
        let mut c = VerbCounts::default();
        add_verbs(&mut set, &d, "v.txt", &mut c);
        assert_eq!((c.converted, c.skipped_total()), (6, 1));
        // Six patterns, then the bare verb: with its object, a preposition's
        // object, or alone.
        assert_eq!(c.compiled, 6 + 3);
        let p: Vec<(&str, &str)> = set.verb_patterns("accuse").map(|p| (p.code.as_str(), p.text.as_str())).collect();
        assert_eq!(p[0], ("112", "accuse T"));
        // Words before the verb are kept for the coder and count in the rank.
        assert_eq!(p[4], ("1", "said accuse"));
        assert_eq!(set.verb_patterns("accuse").nth(4).unwrap().before, vec![vec![vec!["said".to_string()]]]);
        assert_eq!(p[5], ("072:073", "accuse arms_shipment"));
        assert_eq!(p[7], ("112", "accuse"));
        assert_eq!(p[8], ("112", "accuse"));
        assert!(!set.verb_patterns("accuse").nth(8).unwrap().has_target());
    }

    #[test]
    fn actor_markers_set_the_roles() {
        let t = "--- FREE [066] ---\nFREE\n- + * FROM $ [066]\n- NOTED + * [115]\n- * PROTESTS (FROM $) [110]\n- % * TALKS [031]\n- * WITH % [031]\n- * OF $ FROM + [012]\n- * + [1]\n";
        let (d, e) = read_verbs(t, "v.txt");
        assert!(e.is_empty(), "{e:?}");
        let roles: Vec<Result<Roles, String>> = d.blocks[0].patterns.iter().map(roles_of).collect();
        assert_eq!(
            roles,
            [
                Ok(Roles::SubjectIsTarget),
                Ok(Roles::SubjectIsTarget),
                Ok(Roles::SubjectIsTarget),
                Ok(Roles::CompoundSource),
                Ok(Roles::Normal),
                Err("source and target after the verb".to_string()),
                Ok(Roles::Normal),
            ]
        );
        let slots = |i: usize| {
            let p = &d.blocks[0].patterns[i];
            pattern_slots(&d, p, roles_of(p).unwrap_or_default()).map(|s| s.join(" "))
        };
        // The source slot after the verb is written as dyad's actor slot.
        assert_eq!(slots(0), Ok("from T".to_string()));
        assert_eq!(slots(1), Ok(String::new()));
        assert_eq!(slots(2), Ok("protests from T".to_string()));
        assert_eq!(slots(4), Ok("with T".to_string()));
    }

    #[test]
    fn words_after_the_verb_become_surface_slots() {
        let t = "&TIE\n+MILITARY\n+CULTURAL\n--- ALLOW [080] ---\nALLOW\n- * REALLY_PLEASANT [024]\n- * THE_NEATEST_PLACE [027]\n- * MEMOS_ON_&TIE FROM [911]\n- * &TIE TIES (WITH +) [901]\n";
        let (d, e) = read_verbs(t, "v.txt");
        assert!(e.is_empty(), "{e:?}");
        let s = |w: &[&str]| w.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let after = |i: usize| after_slots(&d, &d.blocks[0].patterns[i]).unwrap();
        assert_eq!(after(0), (vec![vec![s(&["really", "pleasant"])]], 1));
        assert_eq!(after(1), (vec![vec![s(&["the", "neatest", "place"])]], 1));
        let (slots, actor) = after(2);
        assert_eq!(slots.len(), 2);
        assert!(slots[0].contains(&s(&["memos", "on", "cultural"])));
        assert_eq!((slots[1].clone(), actor), (vec![s(&["from"])], 2));
        // The actor slot comes after the words before it.
        let (slots, actor) = after(3);
        assert_eq!((slots.len(), actor), (3, 3));
    }
}
