//! Event coding on one parsed sentence: pattern matching, source and target
//! selection, attribution, negation and modality.

use crate::patterns::{Alternatives, Pattern, PatternSet, Roles, Step};
use crate::tree::Tree;
use dyad_actors::ActorMention;
use dyad_events::Status;
use dyad_syntax::{Annotation, DepRel, Upos, Xpos};

/// Verbs whose "of"/"for" clause is a charge made by their subject
/// ("accused Y of opening fire").
const ACCUSATION_VERBS: &[&str] =
    &["accuse", "blame", "charge", "suspect", "fault", "condemn", "criticize", "criticise"];

/// Verbs that report speech or belief: events in their complement clause
/// are the speaker's claim, not the reporter's assertion.
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "say",
    "claim",
    "allege",
    "tell",
    "state",
    "report",
    "insist",
    "assert",
    "announce",
    "add",
    "note",
    "argue",
    "contend",
    "maintain",
    "warn",
    "write",
    "declare",
    "confirm",
    "suggest",
    "believe",
    "think",
    "charge",
    "testify",
    "acknowledge",
    "admit",
    "accuse",
    "tweet",
    "post",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "explain",
    "indicate",
    "predict",
    "fear",
    "suspect",
    "assume",
    "recall",
    "quote",
    "complain",
    "protest",
];

/// Verbs whose complement clause is denied by the speaker.
const DENIAL_VERBS: &[&str] = &["deny", "dismiss", "refute", "dispute", "reject", "rebut"];

/// Verbs whose infinitive complement is an intention, so the embedded event
/// has not happened yet.
const INTENT_VERBS: &[&str] = &[
    "plan", "intend", "vow", "pledge", "promise", "threaten", "want", "seek", "hope", "aim", "prepare", "expect",
    "agree", "decide", "offer", "propose", "try", "attempt", "wish", "mean", "vote", "consider", "resolve", "set",
];

/// Verbs whose object is the agent of their infinitive ("urged Gondor to
/// withdraw"), even when the parser reads the infinitive as a purpose clause.
const OBJECT_CONTROL_VERBS: &[&str] = &[
    "ask",
    "urge",
    "press",
    "pressure",
    "persuade",
    "force",
    "tell",
    "order",
    "encourage",
    "invite",
    "allow",
    "help",
    "push",
    "request",
    "compel",
    "convince",
    "instruct",
    "authorize",
    "authorise",
    "permit",
    "enable",
    "want",
    "need",
    "expect",
    "warn",
    "advise",
    "implore",
    "beg",
    "challenge",
    "direct",
];

/// Verbs whose object is an act of someone else's ("condemned the
/// arrest", "welcomed the release"), so its subject is not that act's
/// agent.
const REACTION_VERBS: &[&str] = &[
    "condemn",
    "denounce",
    "criticize",
    "criticise",
    "deplore",
    "decry",
    "slam",
    "welcome",
    "praise",
    "hail",
    "applaud",
    "deny",
    "reject",
    "dispute",
    "oppose",
    "protest",
    "investigate",
    "probe",
    "report",
    "confirm",
    "mourn",
    "blame",
    "demand",
    "question",
];

/// Nouns of armed attack: "killed in an airstrike by X" names X as the
/// killer.
const ATTACK_NOUNS: &[&str] = &[
    "attack",
    "strike",
    "airstrike",
    "raid",
    "shelling",
    "bombing",
    "bombardment",
    "assault",
    "ambush",
    "offensive",
    "fire",
    "gunfire",
    "barrage",
    "operation",
];

/// Verbs of refusal: "refused to X" codes as a CAMEO reject (12x).
const REFUSAL_VERBS: &[&str] = &["refuse", "decline"];

/// CAMEO codes of refused events → the reject (12x) code to use instead
/// (`data/events/refusal-map.tsv`).
#[derive(Debug, Default)]
pub struct RefusalMap {
    map: std::collections::HashMap<String, String>,
}

impl RefusalMap {
    pub fn parse(text: &str) -> RefusalMap {
        let map = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let inner = cols.next()?.trim();
                let reject = cols.next()?.trim();
                (inner.bytes().all(|b| b.is_ascii_digit()) && !inner.is_empty() && !reject.is_empty())
                    .then(|| (inner.to_string(), reject.to_string()))
            })
            .collect();
        RefusalMap { map }
    }

    /// The reject code for refusing `inner`: the exact code, then its
    /// three-digit parent, else the generic 120.
    pub fn reject_code(&self, inner: &str) -> String {
        self.map
            .get(inner)
            .or_else(|| inner.get(..3).and_then(|p| self.map.get(p)))
            .cloned()
            .unwrap_or_else(|| "120".to_string())
    }
}

/// A use of force or coercion announced for the future or under a
/// condition is a threat: the code of the threat for such an event.
fn threat_code(code: &str) -> Option<&'static str> {
    match code.get(..3)? {
        "163" => Some("1312"),
        "161" => Some("1313"),
        "162" => Some("1311"),
        "170" => Some("130"),
        c if c.starts_with("18") || c.starts_with("19") || c.starts_with("20") => Some("138"),
        _ => None,
    }
}

/// Verbs that state their subject's intention when they take an
/// infinitive ("pledged to release", "seeks to deepen ties"): cooperation
/// under them is CAMEO's "express intent to …" (03x), not the act.
/// Not "try" or "prepare" (an attempt or imminent act, not a stated
/// intention), nor "threaten" (13x).
const EXPRESSED_INTENT_VERBS: &[&str] = &[
    "plan", "intend", "vow", "pledge", "promise", "want", "seek", "hope", "aim", "agree", "decide", "offer", "propose",
    "wish", "resolve",
];

/// The CAMEO "express intent" code for an intended act of cooperation:
/// consult → 036, diplomatic → 032, material → 031x, aid → 033x, yield →
/// 035x (reform → 034x).
fn intent_code(code: &str) -> Option<&'static str> {
    Some(match code {
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "083" => "034",
        "0831" => "0341",
        "0832" => "0342",
        "0833" => "0343",
        "0834" => "0344",
        _ => match code.get(..3)? {
            "081" => "0351",
            "082" => "0352",
            "084" => "0353",
            "085" => "0354",
            "086" => "0355",
            "087" => "0356",
            c if c.starts_with("04") => "036",
            c if c.starts_with("05") => "032",
            c if c.starts_with("06") => "031",
            c if c.starts_with("07") => "033",
            c if c.starts_with("08") => "035",
            _ => return None,
        },
    })
}

/// One event found in a sentence, in sentence-relative token indices.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    /// Verb or event noun.
    pub trigger: usize,
    /// Indices into the sentence's mentions.
    pub source: Vec<usize>,
    pub target: Vec<usize>,
    pub code: String,
    pub status: Status,
    pub attributed_to: Option<usize>,
    pub rule: String,
}

/// What a successful pattern match found.
struct Found {
    target: Option<usize>,
    /// The trigger and the literal words the pattern matched.
    scope: Vec<usize>,
    /// Infinitive complements consumed by the pattern ("threaten to attack").
    consumed: Vec<usize>,
    /// Matched by its words on the surface, not by its dependency steps.
    surface: bool,
}

/// Per-sentence coding context.
pub struct SentenceCoder<'a> {
    /// Token surfaces (pattern literals match a lemma or a lower-cased form:
    /// "arms" is not the plural of "arm").
    pub words: &'a [&'a str],
    pub ann: &'a Annotation,
    pub tree: &'a Tree,
    pub mentions: &'a [ActorMention],
    pub patterns: &'a PatternSet,
    pub refusals: &'a RefusalMap,
    /// Tells a place ("in Brussels": where) from an actor that is no place
    /// ("in the IAEA": with whom).
    pub gazetteer: &'a dyad_geo::Gazetteer,
}

/// A prepositional or oblique phrase that may hold a target: not a
/// possessor, and not a bare noun phrase of time or measure ("on Saturday"
/// is `obl`, but "five years after the crowds burned …" is
/// `obl:unmarked`/`tmod`: when, not whom).
fn is_oblique(rel: DepRel) -> bool {
    matches!(rel.base(), DepRel::Obl | DepRel::Nmod)
        && !matches!(
            rel,
            DepRel::NmodPoss | DepRel::OblTmod | DepRel::OblUnmarked | DepRel::NmodTmod | DepRel::NmodUnmarked
        )
}

impl<'a> SentenceCoder<'a> {
    /// Mention whose head is `t`, else one whose words include `t` (the
    /// parser may attach a multi-word name's parts oddly: "Secretary -
    /// General").
    fn mention_at(&self, t: usize) -> Option<usize> {
        self.mentions
            .iter()
            .position(|m| m.head as usize == t)
            .or_else(|| self.mentions.iter().position(|m| (m.start as usize..m.end as usize).contains(&t)))
    }

    /// Mentions at `t` and at its conjuncts ("France and Germany"); for a
    /// quantity ("hundreds of Kenyan protesters", "members of the
    /// opposition"), the mentions of its of-phrase.
    pub fn actors_at(&self, t: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![t];
        let mut guard = 0;
        while let Some(x) = stack.pop() {
            guard += 1;
            if guard > 64 {
                break;
            }
            let here: Vec<usize> = (0..self.mentions.len()).filter(|&m| self.mentions[m].head as usize == x).collect();
            if !here.is_empty() {
                for m in here {
                    if !out.contains(&m) {
                        out.push(m);
                    }
                }
            } else if let Some(m) = self.mention_at(x) {
                if !out.contains(&m) {
                    out.push(m);
                }
            } else if self.is_quantity(x) {
                if let Some(of) = self.tree.children(x).find(|&c| {
                    self.ann.deprel[c].base() == DepRel::Nmod && self.tree.case_of(self.ann, c) == Some("of")
                }) {
                    stack.push(of);
                }
            }
            for c in self.tree.children(x) {
                let nominal = matches!(self.ann.upos[c], Upos::Propn | Upos::Noun | Upos::Pron | Upos::Adj);
                // A list misparsed as apposition ("the US, Russia, and
                // Switzerland"): an apposition naming another actor joins.
                let listed = self.ann.deprel[c] == DepRel::Appos
                    && self.mention_at(c).zip(self.mention_at(x)).is_some_and(|(a, b)| {
                        let (a, b) = (&self.mentions[a].actor, &self.mentions[b].actor);
                        a.code != b.code && a.country.is_some() && b.country.is_some()
                    });
                if nominal && (self.ann.deprel[c] == DepRel::Conj || listed) {
                    stack.push(c);
                }
            }
        }
        out.sort_by_key(|&m| self.mentions[m].start);
        out
    }

    /// A sum of money or a quantity of goods ("$5 million", "200 tonnes").
    fn is_amount(&self, t: usize) -> bool {
        self.ann.xpos[t] == Xpos::Dollar
            || matches!(
                self.ann.lemma(t).to_ascii_lowercase().as_str(),
                "$" | "€"
                    | "£"
                    | "euro"
                    | "dollar"
                    | "pound"
                    | "yen"
                    | "yuan"
                    | "rupee"
                    | "million"
                    | "billion"
                    | "trillion"
                    | "tonne"
                    | "ton"
            )
    }

    /// Partitive and quantity heads: their of-phrase names who they are.
    fn is_quantity(&self, t: usize) -> bool {
        matches!(self.ann.upos[t], Upos::Num)
            || matches!(
                self.ann.lemma(t),
                "hundred"
                    | "thousand"
                    | "dozen"
                    | "score"
                    | "million"
                    | "number"
                    | "group"
                    | "member"
                    | "some"
                    | "many"
                    | "most"
                    | "all"
                    | "several"
                    | "part"
                    | "majority"
                    | "rest"
                    | "handful"
                    | "contingent"
                    | "unit"
                    | "delegation"
                    | "team"
                    | "band"
            )
    }

    /// Actors at a target slot. For a thing ("a mosque in Pakistan", "an
    /// agreement with the EU", "the assets of the minister"), or for an
    /// actor of unknown country ("a government-held part of Syria"), the
    /// actor its location, with- or of-phrase names.
    fn target_actors(&self, t: usize) -> Vec<usize> {
        let direct = self.actors_at(t);
        if direct
            .iter()
            .any(|&m| self.mentions[m].actor.country.is_some() || self.mentions[m].actor.code.starts_with("IGO"))
        {
            return direct;
        }
        // Breadth-first through the thing's noun modifiers, nearest first:
        // "a resumption of ties with Osgiliath" → Osgiliath.
        let mut frontier = vec![t];
        for _depth in 0..3 {
            let mut next = Vec::new();
            for &x in &frontier {
                // The agent of an event noun first: "condemned an attack by
                // Osgiliath soldiers in Ithilen" is aimed at the soldiers.
                let by_first = self
                    .tree
                    .children(x)
                    .filter(|&c| self.tree.case_of(self.ann, c) == Some("by"))
                    .chain(self.tree.children(x).filter(|&c| self.tree.case_of(self.ann, c) != Some("by")));
                for c in by_first {
                    let rel = self.ann.deprel[c];
                    // Through a participle clause to its oblique, as PETRARCH
                    // takes the first actor of the object phrase: "tapped
                    // the links leading into Mordor" → Mordor.
                    if rel == DepRel::Acl {
                        next.push(c);
                        continue;
                    }
                    // A participle or infinitive clause's object or oblique:
                    // "an accord to supply Gondor", "the parade supporting Gondor".
                    let clause_oblique =
                        self.ann.deprel[x] == DepRel::Acl && matches!(rel.base(), DepRel::Obl | DepRel::Obj);
                    let nominal_modifier = clause_oblique
                        || (rel.base() == DepRel::Nmod && rel != DepRel::NmodPoss && rel != DepRel::NmodTmod);
                    if !nominal_modifier || matches!(self.tree.case_of(self.ann, c), Some("since" | "until")) {
                        continue;
                    }
                    let found = self.actors_at(c);
                    if !found.is_empty() {
                        return found;
                    }
                    next.push(c);
                }
            }
            frontier = next;
        }
        direct
    }

    /// For a pattern without a target slot, an actor in a with/to/against
    /// phrase of its words ("ratified an agreement with the EU").
    ///
    /// A protest (CAMEO 14x) without a named target is aimed at the
    /// authorities of the place where it happens ("protested in Beijing").
    ///
    /// Else, as PETRARCH takes the first actor of the verb phrase: an actor
    /// named deeper in one of its phrases ("rose in the dispute with
    /// Osgiliath", "marched close to the border with Mordor"), or the
    /// subject of a that-clause that is not an event of its own ("believes
    /// Dagolath can cope", "expressed hopes that Osgiliath could be drawn
    /// in").
    fn implicit_target(&self, scope: &[usize], code: &str) -> Vec<usize> {
        // A literal object that names whom it is done to: "released three
        // Israeli hostages", "freed Palestinian prisoners".
        for &s in scope.iter().skip(1) {
            if matches!(self.ann.deprel[s], DepRel::Obj | DepRel::NsubjPass) {
                let own: Vec<usize> = self
                    .actors_at(s)
                    .into_iter()
                    .filter(|&m| self.mentions[m].head as usize == s && self.mentions[m].actor.country.is_some())
                    .collect();
                if !own.is_empty() {
                    return own;
                }
            }
        }
        let protest = code.starts_with("14");
        for &s in scope.iter().rev() {
            for c in self.tree.children(s) {
                let case = self.tree.case_of(self.ann, c);
                let aimed = matches!(case, Some("with" | "to" | "against" | "toward" | "towards" | "on" | "at"));
                let located = protest && matches!(case, Some("in" | "outside" | "near"));
                if is_oblique(self.ann.deprel[c]) && (aimed || located) {
                    let a = self.actors_at(c);
                    if !a.is_empty() {
                        return a;
                    }
                }
            }
        }
        // A bare statement ("said", "announced") is addressed to whom its
        // to/with/about phrase names; an actor deeper in what was said is
        // what it was about, not whom ("announced bans on travel to Canada").
        if code == "010" {
            return Vec::new();
        }
        for &s in scope.iter().rev() {
            for c in self.tree.children(s) {
                let rel = self.ann.deprel[c];
                let timely = matches!(self.tree.case_of(self.ann, c), Some("since" | "until" | "by" | "during"));
                let phrase = (is_oblique(rel) && !timely) || matches!(rel, DepRel::Obj | DepRel::Xcomp);
                if phrase && !scope.contains(&c) {
                    // Where it happened ("in Baghdad") is not whom it was
                    // aimed at, but an actor inside the phrase is ("in the
                    // dispute with Osgiliath").
                    let place = matches!(
                        self.tree.case_of(self.ann, c),
                        Some(
                            "in" | "inside"
                                | "outside"
                                | "near"
                                | "across"
                                | "throughout"
                                | "around"
                                | "within"
                                | "along"
                        )
                    );
                    // A place's name is where; an actor that is not a
                    // place ("renew his license in Michel Delving", "in the
                    // Security Council") is whom.
                    let own = !place || self.mention_at(c).is_some_and(|m| !self.names_a_place(m));
                    if let Some(m) = self.first_mention_in(c, own) {
                        return self.actors_at(self.mentions[m].head as usize);
                    }
                }
                if matches!(rel, DepRel::Ccomp | DepRel::Acl) && self.best_match(c, &mut None).is_none() {
                    // Not a pronoun: "said he was unaware" is about the speaker.
                    let subj = self.tree.child_with(self.ann, c, &[DepRel::Nsubj, DepRel::NsubjPass]);
                    if let Some(subj) = subj.filter(|&x| self.ann.upos[x] != Upos::Pron) {
                        let a = self.actors_at(subj);
                        if !a.is_empty() {
                            return a;
                        }
                    }
                }
            }
        }
        // The actor a literal noun of the pattern belongs to: "clashed over
        // the efforts of Eriador" (PETRARCH takes the first actor in the
        // phrase after the verb when the pattern names no target).
        for &s in scope.iter().skip(1) {
            for c in self.tree.children(s) {
                // Not where it happened: "signed a ceasefire agreement in Havana".
                let place = self.mention_at(c).is_some_and(|m| self.mentions[m].place)
                    && matches!(self.tree.case_of(self.ann, c), Some("in" | "at" | "near" | "outside" | "inside"));
                if matches!(self.ann.deprel[c], DepRel::Nmod | DepRel::NmodPoss) && !place {
                    let a = self.actors_at(c);
                    if !a.is_empty() {
                        return a;
                    }
                }
            }
            // Deeper in its phrase: "memos sent by Bree" (not the literal
            // itself: "military exercises" names no target).
            let a = self.target_actors(s);
            // A country or capital deeper in the phrase is where a verbal or
            // cooperative act happened ("signed an agreement in Havana"), not
            // whom it involved; for an attack it is the target.
            let only_places = a.iter().all(|&m| self.mentions[m].place);
            if !a.is_empty() && a != self.actors_at(s) && !(only_places && !protest && !code.starts_with(['1', '2'])) {
                return a;
            }
        }
        Vec::new()
    }

    /// The first mention (in word order) inside the phrase headed by `c`
    /// (counting `c`'s own only if `own`), not entering clauses of their own.
    fn first_mention_in(&self, c: usize, own: bool) -> Option<usize> {
        let mut stack: Vec<usize> = self.tree.children(c).collect();
        let mut inside = Vec::new();
        while let Some(x) = stack.pop() {
            if matches!(
                self.ann.deprel[x],
                DepRel::Ccomp | DepRel::Advcl | DepRel::Parataxis | DepRel::AclRelcl | DepRel::Conj | DepRel::Appos
            ) || inside.len() > 64
            {
                continue;
            }
            inside.push(x);
            stack.extend(self.tree.children(x));
        }
        if own {
            inside.push(c);
        }
        let head_mention = (!own).then(|| self.mention_at(c)).flatten();
        (0..self.mentions.len())
            .filter(|&m| Some(m) != head_mention && inside.contains(&(self.mentions[m].head as usize)))
            .min_by_key(|&m| self.mentions[m].start)
    }

    /// Whether mention `m` is a country or a name the gazetteer knows
    /// ("Brussels", though it also stands for the EU).
    fn names_a_place(&self, m: usize) -> bool {
        let m = &self.mentions[m];
        if m.place {
            return true;
        }
        let Some(words) = self.words.get(m.start as usize..m.end as usize) else { return false };
        let mut found = Vec::new();
        self.gazetteer.find(words, &[], &mut found);
        !found.is_empty()
    }

    fn passive(&self, v: usize) -> bool {
        self.tree.children(v).any(|c| matches!(self.ann.deprel[c], DepRel::AuxPass | DepRel::NsubjPass))
    }

    /// The agent of verb `v`: its subject, a passive's by-phrase, or the
    /// subject it shares with the verb it is coordinated with or complements.
    pub fn subject_of(&self, v: usize) -> Option<usize> {
        let mut cur = v;
        let mut via_xcomp = false;
        for _ in 0..8 {
            if self.passive(cur) {
                if let Some(a) = self.tree.children(cur).find(|&c| {
                    self.ann.deprel[c] == DepRel::OblAgent
                        || (is_oblique(self.ann.deprel[c]) && self.tree.case_of(self.ann, c) == Some("by"))
                }) {
                    return Some(a);
                }
                if let Some(a) = (cur == v).then(|| self.agent_of_attack_phrase(v)).flatten() {
                    return Some(a);
                }
                // "A rocket was fired from Gaza": where a launch came from is
                // who launched it.
                if cur == v && matches!(self.ann.lemma(v), "fire" | "launch" | "shoot") {
                    if let Some(a) = self.tree.children(v).find(|&c| {
                        is_oblique(self.ann.deprel[c])
                            && self.tree.case_of(self.ann, c) == Some("from")
                            && self.mention_at(c).is_some()
                    }) {
                        return Some(a);
                    }
                }
                // "Gollum was seen to break in", "Russia was urged to
                // withdraw": the passive subject of the verb an infinitive
                // complements is the infinitive's agent.
                let pass_subj = self.tree.child_with(self.ann, cur, &[DepRel::NsubjPass]);
                if cur != v && via_xcomp {
                    return pass_subj;
                }
                // A passive with its own subject and no agent ("after a
                // hafling was reported") has an unknown agent: it does not
                // borrow the subject of the verb it is coordinated with.
                if cur != v || pass_subj.is_some() {
                    return None;
                }
            } else if let Some(s) = self.tree.child_with(self.ann, cur, &[DepRel::Nsubj, DepRel::NsubjOuter]) {
                return Some(s);
            }
            let parent = self.ann.head_index(cur)?;
            via_xcomp = self.ann.deprel[cur] == DepRel::Xcomp;
            match self.ann.deprel[cur] {
                DepRel::Advcl => {
                    // "sanctioned five firms for supplying Gondor", "jailed
                    // a student for helping militants": the gerund is what
                    // the object did.
                    if matches!(self.tree.mark_of(self.ann, cur), Some("for" | "of")) && self.ann.xpos[cur] == Xpos::Vbg
                    {
                        if let Some(o) = self
                            .tree
                            .children(parent)
                            .find(|&c| self.ann.deprel[c] == DepRel::Obj)
                            .filter(|&o| self.mention_at(o).is_some())
                        {
                            return Some(o);
                        }
                    }
                    // "asked Gondor to help Rohan" with the infinitive read as
                    // a purpose clause: object control all the same.
                    if self.tree.mark_of(self.ann, cur) == Some("to")
                        && OBJECT_CONTROL_VERBS.contains(&self.ann.lemma(parent))
                    {
                        if let Some(o) = self
                            .tree
                            .children(parent)
                            .find(|&c| matches!(self.ann.deprel[c], DepRel::Obj | DepRel::Iobj))
                            .filter(|&o| self.mention_at(o).is_some())
                        {
                            return Some(o);
                        }
                    }
                    if let Some(s) = self.clause_subject_read_as_oblique(parent, cur) {
                        return Some(s);
                    }
                    cur = parent;
                }
                DepRel::Conj => cur = parent,
                DepRel::Xcomp => {
                    if let Some(s) = self.clause_subject_read_as_oblique(parent, cur) {
                        return Some(s);
                    }
                    // Object control: "urged Russia to withdraw" → Russia.
                    if let Some(o) =
                        self.tree.children(parent).find(|&c| matches!(self.ann.deprel[c], DepRel::Obj | DepRel::Iobj))
                    {
                        return Some(o);
                    }
                    cur = parent;
                }
                DepRel::Acl | DepRel::AclRelcl => return Some(parent),
                _ => return None,
            }
        }
        None
    }

    /// "Three people were killed in an Israeli airstrike", "wounded in a
    /// Russian drone attack", "killed in shelling by government forces":
    /// the attack a passive act happened in names its agent (the attack's
    /// actor modifier, possessor or by-phrase).
    fn agent_of_attack_phrase(&self, v: usize) -> Option<usize> {
        let in_or_during = |c: usize| {
            if is_oblique(self.ann.deprel[c]) {
                matches!(self.tree.case_of(self.ann, c), Some("in" | "during"))
            } else {
                // "killed in shelling by …" with the gerund read as a verb.
                self.ann.deprel[c] == DepRel::Advcl
                    && self
                        .tree
                        .children(c)
                        .any(|m| self.ann.deprel[m] == DepRel::Mark && matches!(self.ann.lemma(m), "in" | "during"))
            }
        };
        let attack = self.tree.children(v).find(|&c| {
            in_or_during(c)
                && (ATTACK_NOUNS.contains(&self.ann.lemma(c))
                    || self.words.get(c).is_some_and(|w| ATTACK_NOUNS.iter().any(|a| w.eq_ignore_ascii_case(a))))
        })?;
        // The attack noun heads the actor's phrase ("an Israeli airstrike").
        if let Some(m) = self.mention_at(attack).filter(|&m| self.mentions[m].head as usize == attack) {
            let a = &self.mentions[m].actor;
            return (a.country.is_some() || a.code.starts_with("IGO") || a.code.starts_with("IMG")).then_some(attack);
        }
        self.tree.children(attack).find(|&c| {
            let rel = self.ann.deprel[c];
            let modifier = matches!(rel, DepRel::Amod | DepRel::Compound | DepRel::NmodPoss);
            let by = is_oblique(rel) && self.tree.case_of(self.ann, c) == Some("by");
            (modifier || by) && self.mention_at(c).is_some()
        })
    }

    /// "… came as the US leader prepared to attend": the conjunction read
    /// as a preposition leaves the clause's subject as an oblique of the
    /// main verb, right before the clause's verb `v`.
    fn clause_subject_read_as_oblique(&self, parent: usize, v: usize) -> Option<usize> {
        self.tree.children(parent).find(|&c| {
            c + 1 == v
                && is_oblique(self.ann.deprel[c])
                && self.ann.upos[c] != Upos::Pron
                && matches!(
                    self.tree.case_of(self.ann, c),
                    Some("as" | "after" | "before" | "since" | "until" | "while")
                )
        })
    }

    /// Whether node `t` carries one of the alternatives: its lemma is an
    /// alternative's last part and the words before it spell the rest
    /// (hyphen tokens skipped: "cease - fire").
    fn lemma_is(&self, t: usize, alts: &Alternatives) -> bool {
        alts.iter().any(|parts| self.spells(t, parts))
    }

    fn spells(&self, t: usize, parts: &[String]) -> bool {
        // `to *`: any verb.
        if parts.len() == 1 && parts[0] == "*" {
            return true;
        }
        let Some((last, before)) = parts.split_last() else { return false };
        let word_is = |i: usize, p: &str| {
            self.ann.lemma(i).eq_ignore_ascii_case(p)
                || self.words.get(i).is_some_and(|w| w.eq_ignore_ascii_case(p) || inflects(w, p))
        };
        if !word_is(t, last) {
            return false;
        }
        let mut i = t;
        for p in before.iter().rev() {
            loop {
                if i == 0 {
                    return false;
                }
                i -= 1;
                if self.ann.xpos[i] != Xpos::Hyph {
                    break;
                }
            }
            if !word_is(i, p) {
                return false;
            }
        }
        true
    }

    fn has_prt(&self, s: usize, preps: &[String]) -> bool {
        self.tree
            .children(s)
            .any(|c| self.ann.deprel[c] == DepRel::CompoundPrt && preps.iter().any(|p| p == self.ann.lemma(c)))
    }

    fn case_in(&self, c: usize, preps: &[String]) -> bool {
        self.tree.children(c).any(|x| {
            matches!(self.ann.deprel[x], DepRel::Case | DepRel::Mark) && preps.iter().any(|p| p == self.ann.lemma(x))
        })
    }

    /// Whether the words a pattern wants before its head occur, in order,
    /// before `t` (surface or lemma, so "has" meets HAVE and "n't" NOT).
    /// Each slot takes its nearest occurrence, the last slot nearest the verb.
    fn before_matches(&self, p: &Pattern, t: usize) -> bool {
        let word_is = |i: usize, w: &str| {
            self.ann.lemma(i).eq_ignore_ascii_case(w) || self.words.get(i).is_some_and(|s| s.eq_ignore_ascii_case(w))
        };
        let mut end = t;
        'slots: for (nth, slot) in p.before.iter().rev().enumerate() {
            let mut e = end;
            // "NOT_*": the slot joined to the verb must end right before it.
            let lowest = if nth == 0 && p.before_adjacent { t.saturating_sub(1) } else { 0 };
            while e > lowest {
                for alt in slot {
                    let n = alt.len();
                    if n > 0 && n <= e && alt.iter().enumerate().all(|(k, w)| word_is(e - n + k, w)) {
                        end = e - n;
                        continue 'slots;
                    }
                }
                e -= 1;
            }
            return false;
        }
        true
    }

    /// Tries one pattern on trigger `t`: its dependency steps, else (for
    /// PETRARCH patterns) its words after the head on the surface.
    fn try_pattern(&self, p: &Pattern, t: usize) -> Option<Found> {
        if !self.before_matches(p, t) {
            return None;
        }
        // `% *`: the agent must be a compound ("A and B met").
        if p.roles == Roles::CompoundSource && !p.nominal {
            let s = self.subject_of(t)?;
            if self.actors_at(s).len() < 2 {
                return None;
            }
        }
        if !p.head_prefix.is_empty() {
            let mut full = p.head_prefix.clone();
            full.push(p.head.clone());
            if !self.spells(t, &full) {
                return None;
            }
        }
        self.try_steps(p, t).or_else(|| self.try_surface(p, t))
    }

    /// Whether token `i` lies in the phrase headed by `t`, not inside a
    /// verbal clause of its own ("said they will attack", "asked Obama to
    /// help"): a nominal complement clause ("allowed that Mordor isn't a
    /// pleasant place") is part of the phrase.
    fn in_subtree(&self, mut i: usize, t: usize) -> bool {
        for _ in 0..32 {
            if i == t {
                return true;
            }
            let clause = matches!(
                self.ann.deprel[i].base(),
                DepRel::Ccomp | DepRel::Xcomp | DepRel::Advcl | DepRel::Parataxis | DepRel::Conj | DepRel::Acl
            );
            if clause && self.ann.upos[i] == Upos::Verb {
                return false;
            }
            match self.ann.head_index(i) {
                Some(h) => i = h,
                None => return false,
            }
        }
        false
    }

    /// PETRARCH's matching of the words after the verb: each slot of
    /// `p.after` in order (gaps allowed between slots, a slot's words
    /// consecutive) after `t` and inside its phrase; the actor slot, if
    /// any, is the first mention after the words before it.
    fn try_surface(&self, p: &Pattern, t: usize) -> Option<Found> {
        if p.after.is_empty() || p.nominal {
            return None;
        }
        let n = self.ann.len();
        // Exact words, as PETRARCH matches them ("EFFORT" is not "efforts").
        let word_is = |i: usize, w: &str| self.words.get(i).is_some_and(|s| s.eq_ignore_ascii_case(w));
        let mut pos = t + 1;
        let mut ends = Vec::with_capacity(p.after.len());
        for slot in &p.after {
            let found = (pos..n).find_map(|s| {
                slot.iter().find_map(|alt| {
                    let e = s + alt.len();
                    (e <= n && alt.iter().enumerate().all(|(k, w)| word_is(s + k, w) && self.in_subtree(s + k, t)))
                        .then_some(e)
                })
            })?;
            ends.push(found);
            pos = found;
        }
        let target = if p.has_target() {
            let from = if p.after_slot == 0 { t + 1 } else { ends[p.after_slot - 1] };
            let m = self
                .mentions
                .iter()
                .filter(|m| m.start as usize >= from && self.in_subtree(m.head as usize, t))
                .min_by_key(|m| m.start)?;
            Some(m.head as usize)
        } else {
            None
        };
        Some(Found { target, scope: vec![t], consumed: Vec::new(), surface: true })
    }

    /// The dependency steps of pattern `p` on trigger `t`.
    fn try_steps(&self, p: &Pattern, t: usize) -> Option<Found> {
        let ann = self.ann;
        let mut scope: Vec<usize> = vec![t];
        let mut target = None;
        let mut consumed = Vec::new();
        let passive = !p.nominal && self.passive(t);
        let obj_rels = |scope: &[usize]| -> &'static [DepRel] {
            if passive && scope.len() == 1 {
                &[DepRel::NsubjPass]
            } else {
                &[DepRel::Obj]
            }
        };
        for step in &p.steps {
            match step {
                Step::Object => {
                    let rels = obj_rels(&scope);
                    // An unmarked oblique is usually a misparsed object
                    // ("phoned the Iraqi prime minister").
                    // Not a duration or date ("five years after ...", "last
                    // week"): an unmarked oblique with a number or a time
                    // noun is when, not whom.
                    let when = |c: usize| {
                        is_time_noun(ann.lemma(c)) || self.tree.children(c).any(|m| ann.deprel[m] == DepRel::Nummod)
                    };
                    let c = scope.iter().rev().find_map(|&s| self.tree.child_with(ann, s, rels)).or_else(|| {
                        self.tree
                            .child_with(ann, t, &[DepRel::Iobj, DepRel::OblUnmarked])
                            .filter(|&c| !passive && (ann.deprel[c] != DepRel::OblUnmarked || !when(c)))
                            .or_else(|| {
                                // An oblique with no preposition ("accused the
                                // United States of …" parsed as obl).
                                self.tree.children(t).find(|&c| {
                                    !passive
                                        && ann.deprel[c] == DepRel::Obl
                                        && c > t
                                        && self.tree.case_of(ann, c).is_none()
                                        && !is_time_noun(ann.lemma(c))
                                })
                            })
                    })?;
                    target = Some(c);
                }
                Step::ObjectWith(alts) => {
                    let s = *scope.last()?;
                    let word = self.tree.children(s).find(|&c| {
                        matches!(
                            ann.deprel[c].base(),
                            DepRel::Obj | DepRel::Xcomp | DepRel::Obl | DepRel::Advmod | DepRel::Nsubj
                        ) && self.lemma_is(c, alts)
                    })?;
                    let c = self
                        .tree
                        .children(s)
                        .find(|&c| ann.deprel[c] == DepRel::Iobj)
                        .or_else(|| {
                            self.tree.children(s).find(|&c| c != word && obj_rels(&scope).contains(&ann.deprel[c]))
                        })
                        .or_else(|| self.tree.child_with(ann, word, &[DepRel::Nsubj]))?;
                    target = Some(c);
                }
                Step::PrepTarget(preps) => {
                    let c = scope.iter().rev().find_map(|&s| {
                        self.tree.children(s).find(|&c| is_oblique(ann.deprel[c]) && self.case_in(c, preps)).or_else(
                            || {
                                if self.has_prt(s, preps) {
                                    // Particle verbs: "hand over T".
                                    self.tree.child_with(ann, s, obj_rels(&scope))
                                } else if preps.iter().any(|p| p == "to") {
                                    // "give T aid": the indirect object.
                                    self.tree.child_with(ann, s, &[DepRel::Iobj])
                                } else if s != t && preps.iter().any(|p| p == "of" || p == "from") {
                                    // "Russia's proposal": possessor of a literal noun.
                                    self.tree.children(s).find(|&c| {
                                        matches!(ann.deprel[c], DepRel::NmodPoss | DepRel::Amod | DepRel::Compound)
                                            && self.mention_at(c).is_some()
                                    })
                                } else {
                                    None
                                }
                            },
                        )
                    });
                    // The parser often hangs the phrase on the object instead
                    // of the verb ("fired batteries at Russia").
                    let c = c.or_else(|| {
                        let obj = self.tree.child_with(ann, t, obj_rels(&scope))?;
                        self.tree
                            .children(obj)
                            .find(|&c| ann.deprel[c].base() == DepRel::Nmod && self.case_in(c, preps))
                    })?;
                    target = Some(c);
                }
                Step::Noun(alts) => {
                    let c = scope.iter().rev().find_map(|&s| {
                        self.tree.children(s).find(|&c| {
                            // Advmod: PETRARCH literals after the verb may be
                            // adverbs ("* NOW": "would act now").
                            (obj_rels(&scope).contains(&ann.deprel[c])
                                || matches!(ann.deprel[c], DepRel::Xcomp | DepRel::Nsubj | DepRel::Advmod))
                                && self.lemma_is(c, alts)
                        })
                    });
                    // The literal as a modifier of the object: "fired two
                    // artillery shells" meets "fire artillery", as PETRARCH
                    // finds its words anywhere in the object phrase.
                    let c = c.or_else(|| {
                        scope.iter().rev().find_map(|&s| {
                            self.tree.children(s).filter(|&c| obj_rels(&scope).contains(&ann.deprel[c])).find(|&c| {
                                self.tree.children(c).any(|m| {
                                    matches!(ann.deprel[m], DepRel::Compound | DepRel::Amod) && self.lemma_is(m, alts)
                                })
                            })
                        })
                    });
                    // E8: an amount object names the thing in its in/of phrase:
                    // "pledged $5 million in aid", "sent 200 tonnes of food".
                    let c = c.or_else(|| {
                        let amount = self
                            .tree
                            .children(t)
                            .find(|&c| obj_rels(&scope).contains(&ann.deprel[c]) && self.is_amount(c))?;
                        self.tree
                            .children(amount)
                            .find(|&m| {
                                ann.deprel[m].base() == DepRel::Nmod
                                    && matches!(self.tree.case_of(ann, m), Some("in" | "of"))
                                    && self.lemma_is(m, alts)
                            })
                            // The in/of phrase hung on the verb after the amount.
                            .or_else(|| {
                                self.tree.children(t).find(|&m| {
                                    m > amount
                                        && ann.deprel[m].base() == DepRel::Obl
                                        && matches!(self.tree.case_of(ann, m), Some("in" | "of"))
                                        && self.lemma_is(m, alts)
                                })
                            })
                    })?;
                    consumed.push(c);
                    scope.push(c);
                }
                Step::PrepNoun(preps, alts) => {
                    let c = scope.iter().rev().find_map(|&s| {
                        self.tree.children(s).find(|&c| {
                            self.lemma_is(c, alts)
                                && ((matches!(
                                    ann.deprel[c].base(),
                                    DepRel::Obl | DepRel::Nmod | DepRel::Advcl | DepRel::Acl
                                ) && self.case_in(c, preps))
                                    || (ann.deprel[c] == DepRel::Obj && self.has_prt(s, preps)))
                        })
                    });
                    // Hung on the object instead of the verb: "engaged the
                    // rebels in a firefight".
                    let c = c.or_else(|| {
                        let obj = self.tree.child_with(ann, t, obj_rels(&scope))?;
                        self.tree.children(obj).find(|&c| {
                            ann.deprel[c].base() == DepRel::Nmod && self.case_in(c, preps) && self.lemma_is(c, alts)
                        })
                    })?;
                    consumed.push(c);
                    scope.push(c);
                }
                Step::Particle(preps) => {
                    scope.iter().find(|&&s| {
                        self.tree.children(s).any(|c| {
                            matches!(ann.deprel[c], DepRel::CompoundPrt | DepRel::Advmod)
                                && preps.iter().any(|p| p == ann.lemma(c))
                                || (is_oblique(ann.deprel[c]) && self.case_in(c, preps))
                        })
                    })?;
                }
                Step::To(alts) => {
                    let last = *scope.last()?;
                    if let Some(x) = self
                        .tree
                        .children(last)
                        .find(|&c| matches!(ann.deprel[c], DepRel::Xcomp | DepRel::Advcl) && self.lemma_is(c, alts))
                    {
                        consumed.push(x);
                        scope = vec![x];
                    } else {
                        let c = self.tree.children(last).find(|&c| {
                            is_oblique(ann.deprel[c])
                                && self.tree.case_of(ann, c) == Some("to")
                                && self.lemma_is(c, alts)
                        })?;
                        scope.push(c);
                    }
                }
                Step::That => {
                    let c = scope.iter().rev().find_map(|&s| self.tree.child_with(ann, s, &[DepRel::Ccomp]))?;
                    let subj = self.tree.child_with(ann, c, &[DepRel::Nsubj, DepRel::NsubjPass])?;
                    target = Some(subj);
                }
                Step::ThatClause(alts) => {
                    let c = scope.iter().rev().find_map(|&s| {
                        self.tree.children(s).find(|&c| ann.deprel[c] == DepRel::Ccomp && self.lemma_is(c, alts))
                    })?;
                    let subj = self.tree.child_with(ann, c, &[DepRel::Nsubj, DepRel::NsubjPass])?;
                    target = Some(subj);
                    consumed.push(c);
                    scope = vec![c];
                }
            }
        }
        Some(Found { target, scope, consumed, surface: false })
    }

    /// The best pattern for trigger `t` (most specific; first on ties).
    fn best_match(&self, t: usize, trace: &mut Option<&mut Vec<String>>) -> Option<(&'a Pattern, Found)> {
        let lemma = self.ann.lemma(t);
        let nominal = matches!(self.ann.upos[t], Upos::Noun | Upos::Propn);
        // Predicate adjectives ("ready to", "optimistic about") use verb patterns.
        let lookup = |l: &str| -> Vec<&'a Pattern> {
            if nominal {
                self.patterns.noun_patterns(l).collect()
            } else {
                self.patterns.verb_patterns(l).collect()
            }
        };
        let mut candidates = lookup(lemma);
        // "re-examine", "re-impose", "re-open": the act again is the act.
        if let Some(base) = lemma.strip_prefix("re-").filter(|_| candidates.is_empty()) {
            candidates = lookup(base);
        }
        if candidates.is_empty() {
            // The lemmatizer can miss an unseen verb ("shelled" → "shel"):
            // try the base forms the surface could inflect.
            let form = self.words.get(t).map(|w| w.to_ascii_lowercase()).unwrap_or_default();
            for base in base_forms(&form) {
                if inflects(&form, &base) || base == form {
                    candidates = lookup(&base);
                    if !candidates.is_empty() {
                        break;
                    }
                }
            }
        }
        // Patterns written for the inflected form itself (PETRARCH lists
        // "LEFT" [032:033] apart from "LEAVE" [012]) also apply, and beat
        // the lemma's on equal rank.
        let form = self.words.get(t).map(|w| w.to_ascii_lowercase()).unwrap_or_default();
        let by_form: Vec<&Pattern> =
            if !nominal && form != lemma.to_ascii_lowercase() { lookup(&form) } else { Vec::new() };
        for &q in &by_form {
            if !candidates.iter().any(|c| std::ptr::eq(*c, q)) {
                candidates.push(q);
            }
        }
        let mut best: Option<(&Pattern, Found)> = None;
        for p in candidates {
            match self.try_pattern(p, t) {
                Some(f) => {
                    if let Some(tr) = trace.as_deref_mut() {
                        tr.push(format!("  {} {} '{}': matched", p.rule, p.code, p.text));
                    }
                    // Patterns whose target slot holds an actor beat those whose
                    // slot holds a thing; then the pattern rank; earlier lines
                    // win ties (only a strictly better key replaces).
                    let key = |p: &Pattern, f: &Found| {
                        // A bare protest verb does not fit a verb with an object
                        // ("struck targets in Syria" is no labour strike).
                        let bare_protest = p.steps.is_empty()
                            && !p.nominal
                            && p.before.is_empty()
                            && p.after.is_empty()
                            && p.code.starts_with("14")
                            && self.tree.children(t).any(|c| self.ann.deprel[c] == DepRel::Obj);
                        let usable = (!p.has_target() && !bare_protest)
                            || f.target.is_some_and(|x| !self.target_actors(x).is_empty());
                        let own_form = by_form.iter().any(|q| std::ptr::eq(*q, p));
                        (usable, p.rank(), own_form)
                    };
                    let better = best.as_ref().is_none_or(|(b, bf)| key(p, &f) > key(b, bf));
                    if better {
                        best = Some((p, f));
                    }
                }
                None => {
                    if let Some(tr) = trace.as_deref_mut() {
                        tr.push(format!("  {} {} '{}': a required word or slot is missing", p.rule, p.code, p.text));
                    }
                }
            }
        }
        best
    }

    /// Status and speaker of an event triggered at `t` with source `src`.
    fn status(&self, t: usize, src: &[usize]) -> (Status, Option<usize>) {
        let ann = self.ann;
        let mut status = Status::Asserted;
        if ann.morph[t].negated {
            status = Status::Negated;
        } else if self.has_future_aux(t) {
            status = Status::Future;
        }
        // "If talks fail, X would impose sanctions": the consequent of a condition.
        let conditional = |v: usize| {
            self.tree
                .children(v)
                .any(|c| ann.deprel[c] == DepRel::Advcl && matches!(self.tree.mark_of(ann, c), Some("if" | "unless")))
        };
        if conditional(t) && matches!(status, Status::Asserted | Status::Future) {
            status = Status::Hypothetical;
        }
        let mut cur = t;
        for _ in 0..12 {
            let Some(parent) = ann.head_index(cur) else { break };
            let rel = ann.deprel[cur];
            let plemma = ann.lemma(parent);
            match rel {
                DepRel::Advcl
                    if matches!(self.tree.mark_of(ann, cur), Some("if" | "unless"))
                        && matches!(status, Status::Asserted | Status::Future) =>
                {
                    status = Status::Hypothetical;
                }
                DepRel::Xcomp if INTENT_VERBS.contains(&plemma) && status == Status::Asserted => {
                    status = Status::Future
                }
                // "denied sheltering the militants": the gerund is denied.
                DepRel::Xcomp if DENIAL_VERBS.contains(&plemma) => {
                    let speaker = self.subject_of(parent).and_then(|s| self.actors_at(s).first().copied());
                    return (Status::Denied, speaker);
                }
                // "X accused Y of opening fire", "X blamed Y for shelling":
                // the act is the accuser's charge, not the reporter's fact.
                // The clause hangs on the verb (advcl) or on its object (acl).
                DepRel::Acl | DepRel::Advcl if matches!(self.tree.mark_of(ann, cur), Some("of" | "for")) => {
                    let accuser = if rel == DepRel::Acl { ann.head_index(parent) } else { Some(parent) };
                    if let Some(v) = accuser.filter(|&v| ACCUSATION_VERBS.contains(&ann.lemma(v))) {
                        let speaker = self.subject_of(v).and_then(|s| self.actors_at(s).first().copied());
                        if status == Status::Asserted {
                            return (Status::Claimed, speaker);
                        }
                        return (status, speaker);
                    }
                }
                DepRel::Ccomp | DepRel::Parataxis
                    if DENIAL_VERBS.contains(&plemma) || SPEECH_VERBS.contains(&plemma) =>
                {
                    return self.reported(status, parent, src);
                }
                // An acl that-clause hung on the speech verb's oblique
                // (the helper checks the relation itself).
                _ => {
                    if let Some(sv) = self.that_clause_on_speech_oblique(cur) {
                        return self.reported(status, sv, src);
                    }
                }
            }
            if ann.morph[parent].negated && rel == DepRel::Xcomp && !REFUSAL_VERBS.contains(&plemma) {
                status = Status::Negated;
            }
            cur = parent;
        }
        // "Russian jets struck Idlib, the observatory said", with the speech
        // verb hung on the reported clause.
        if let Some(sv) = self.reporting_parataxis(t) {
            return self.reported(status, sv, src);
        }
        (status, None)
    }

    /// "said on Thursday that Tajik forces had fired …" with the that-clause
    /// hung on "Thursday": the speech (or denial) verb the clause at `c`
    /// really complements.
    fn that_clause_on_speech_oblique(&self, c: usize) -> Option<usize> {
        if !matches!(self.ann.deprel[c], DepRel::Acl | DepRel::AclRelcl)
            || self.tree.mark_of(self.ann, c) != Some("that")
        {
            return None;
        }
        let noun = self.ann.head_index(c)?;
        let verb = self.ann.head_index(noun)?;
        let lemma = self.ann.lemma(verb);
        (matches!(self.ann.deprel[noun].base(), DepRel::Obl | DepRel::Nmod)
            && (SPEECH_VERBS.contains(&lemma) || DENIAL_VERBS.contains(&lemma)))
        .then_some(verb)
    }

    /// Status of an event reported (or denied) by speech verb `sv`.
    fn reported(&self, status: Status, sv: usize, src: &[usize]) -> (Status, Option<usize>) {
        let speaker = self.subject_of(sv).and_then(|s| self.actors_at(s).first().copied());
        if DENIAL_VERBS.contains(&self.ann.lemma(sv)) {
            return (Status::Denied, speaker);
        }
        // A speaker announcing what their own side will do
        // states an intention rather than a claim.
        let own_side = speaker.is_some_and(|sp| {
            src.iter().any(|&m| {
                self.mentions[m].actor.country.is_some()
                    && self.mentions[m].actor.country == self.mentions[sp].actor.country
            })
        });
        if own_side && status == Status::Future {
            return (Status::Future, speaker);
        }
        // A denial or a condition survives being reported:
        // "if talks fail, the EU would impose sanctions, an
        // official said" stays hypothetical.
        if matches!(status, Status::Negated | Status::Hypothetical) {
            return (status, speaker);
        }
        (Status::Claimed, speaker)
    }

    /// A speech verb with a subject of its own, after the clause of `t` and
    /// hung on it as parataxis ("…, officials said").
    fn reporting_parataxis(&self, t: usize) -> Option<usize> {
        let mut cur = t;
        for _ in 0..12 {
            if let Some(sv) = self.tree.children(cur).find(|&c| {
                c > t
                    && self.ann.deprel[c] == DepRel::Parataxis
                    && SPEECH_VERBS.contains(&self.ann.lemma(c))
                    && self.tree.child_with(self.ann, c, &[DepRel::Nsubj]).is_some()
            }) {
                return Some(sv);
            }
            if !matches!(self.ann.deprel[cur], DepRel::Conj | DepRel::Xcomp | DepRel::Advcl) {
                return None;
            }
            cur = self.ann.head_index(cur)?;
        }
        None
    }

    /// A past participle written after a hyphen: "rebel-held", "US-led".
    fn hyphen_participle(&self, t: usize) -> bool {
        t >= 2
            && self.words.get(t - 1).is_some_and(|w| *w == "-")
            && matches!(self.ann.xpos[t], Xpos::Vbn | Xpos::Vbd)
            && matches!(self.ann.upos[t - 2], Upos::Noun | Upos::Propn | Upos::Adj)
    }

    /// Whether the act at `t` is the infinitive of a verb stating its
    /// subject's intention ("pledged to release", "seek to deepen").
    fn intended(&self, t: usize) -> bool {
        let mut cur = t;
        for _ in 0..4 {
            let Some(p) = self.ann.head_index(cur) else { return false };
            match self.ann.deprel[cur] {
                DepRel::Xcomp => {
                    return EXPRESSED_INTENT_VERBS.contains(&self.ann.lemma(p)) && !self.ann.morph[p].negated;
                }
                DepRel::Conj => cur = p,
                _ => return false,
            }
        }
        false
    }

    fn has_future_aux(&self, t: usize) -> bool {
        crate::tree::has_future_aux(self.ann, self.tree, t)
    }

    /// Codes the sentence.
    pub fn code(&self, mut trace: Option<&mut Vec<String>>) -> Vec<RawEvent> {
        let ann = self.ann;
        let n = ann.len();
        let mut events: Vec<RawEvent> = Vec::new();
        let mut consumed = vec![false; n];
        // Refusals first: they consume the refused verb.
        for v in 0..n {
            if ann.upos[v] != Upos::Verb || !REFUSAL_VERBS.contains(&ann.lemma(v)) {
                continue;
            }
            let Some(x) = self.tree.child_with(ann, v, &[DepRel::Xcomp]) else { continue };
            // CAMEO codes some refusals itself ("decline to comment").
            if self.best_match(v, &mut None).is_some() {
                continue;
            }
            let Some(src_tok) = self.subject_of(v) else { continue };
            let source = self.actors_at(src_tok);
            if source.is_empty() {
                continue;
            }
            let inner = self.best_match(x, &mut None);
            let (code, target_tok, rule) = match &inner {
                Some((p, f)) => (self.refusals.reject_code(&p.code), f.target, format!("builtin:refuse+{}", p.rule)),
                None => ("120".to_string(), self.tree.child_with(ann, x, &[DepRel::Obj]), "builtin:refuse".to_string()),
            };
            consumed[x] = true;
            let target = target_tok.map(|t| self.actors_at(t)).unwrap_or_default();
            let (status, speaker) = self.status(v, &source);
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(format!("'{}' refuses '{}': code {code} ({rule})", ann.lemma(v), ann.lemma(x)));
            }
            events.push(RawEvent { trigger: v, source, target, code, status, attributed_to: speaker, rule });
        }
        for t in 0..n {
            let upos = ann.upos[t];
            if consumed[t] || !matches!(upos, Upos::Verb | Upos::Noun | Upos::Adj) {
                continue;
            }
            // The participle of a hyphenated modifier ("a government-held
            // town", "Iranian-backed militias", "a UK-based group")
            // describes its noun; it is not an act.
            if self.hyphen_participle(t) {
                continue;
            }
            // A noun naming what kind of actor another noun is ("riot
            // police", "protest leaders") is not an event.
            if upos == Upos::Noun
                && ann.deprel[t] == DepRel::Compound
                && ann.head_index(t).is_some_and(|h| self.mentions.iter().any(|m| m.head as usize == h))
            {
                continue;
            }
            // Adjectives code only as predicates ("Iran is ready to talk").
            if upos == Upos::Adj && self.tree.child_with(ann, t, &[DepRel::Nsubj]).is_none() {
                continue;
            }
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(format!("'{}' ({}) at token {}:", ann.lemma(t), upos.as_str(), t + 1));
            }
            let Some((p, found)) = self.best_match(t, &mut trace) else { continue };
            for &c in &found.consumed {
                consumed[c] = true;
            }
            let source_tok = if p.nominal { self.nominal_source(t) } else { self.subject_of(t) };
            let mut source = source_tok.map(|s| self.actors_at(s)).unwrap_or_default();
            // "Ethiopia indicated it would act": "it" as the subject of a
            // clause complementing another verb, with no actor of its own, is
            // that verb's subject (a country or organisation). Only "it":
            // people are resolved by the document memory, and "they" after a
            // pair ("X and Y said they would attack") costs the GSR more
            // than it gains.
            if source.is_empty() && !p.nominal && ann.deprel[t] == DepRel::Ccomp {
                if let (Some(s), Some(parent)) = (source_tok, ann.head_index(t)) {
                    if ann.upos[s] == Upos::Pron && ann.lemma(s).eq_ignore_ascii_case("it") {
                        source = self.subject_of(parent).map(|m| self.actors_at(m)).unwrap_or_default();
                    }
                }
            }
            // Several subjects of one verb (a coordination the parser split).
            if !p.nominal {
                for c in self.tree.children(t).filter(|&c| Some(c) != source_tok && self.ann.deprel[c] == DepRel::Nsubj)
                {
                    for m in self.actors_at(c) {
                        if !source.contains(&m) {
                            source.push(m);
                        }
                    }
                }
            }
            let mut target = found.target.map(|x| self.target_actors(x)).unwrap_or_default();
            // People are arrested or expelled, not things that mention them
            // ("held a telephone conversation … with X" is no detention).
            let people = |x: usize| {
                !self.actors_at(x).is_empty()
                    || self
                        .tree
                        .children(x)
                        .any(|c| self.tree.case_of(ann, c) == Some("of") && !self.target_actors(c).is_empty())
            };
            if matches!(p.code.get(..3), Some("173" | "174")) && found.target.is_some_and(|x| !people(x)) {
                target.clear();
            }
            let subject_is_target = p.roles == Roles::SubjectIsTarget && !p.nominal;
            if subject_is_target {
                // `+ * $`: the subject is the target, the slot the source;
                // without a slot, the source is the subject of the clause
                // governing this one ("X noted that Y regretted").
                let subj = self
                    .tree
                    .child_with(ann, t, &[DepRel::Nsubj, DepRel::NsubjPass, DepRel::NsubjOuter])
                    .or_else(|| self.subject_of(t));
                let governing = || {
                    let parent = ann.head_index(t)?;
                    matches!(ann.deprel[t], DepRel::Ccomp | DepRel::Parataxis).then(|| self.subject_of(parent))?
                };
                source =
                    if p.has_target() { target } else { governing().map(|s| self.actors_at(s)).unwrap_or_default() };
                target = subj.map(|s| self.actors_at(s)).unwrap_or_default();
            } else if !p.has_target() && target.is_empty() {
                target = self.implicit_target(&found.scope, &p.code);
                // The phrase that named the source ("fired from Gaza") is no
                // target as well.
                if source.iter().any(|s| target.contains(s)) || same_actor(self.mentions, &source, &target) {
                    target.clear();
                }
            }
            // Material conflict against a thing ("attacked a mosque") is
            // still an event; other acts need a target actor.
            // Not arrests or expulsions:
            // those are done to people ("held a new round of talks" is no
            // detention).
            let material_conflict = p.code.get(..2).and_then(|r| r.parse::<u8>().ok()).is_some_and(|r| r >= 14)
                && !matches!(p.code.get(..3), Some("173" | "174"));
            let why_not = if source.is_empty() {
                Some("no source actor")
            } else if subject_is_target && target.is_empty() {
                Some("the subject (the target) is not an actor")
            } else if p.has_target() && target.is_empty() && !material_conflict {
                Some("the target slot is not an actor")
            } else if source.iter().any(|s| target.contains(s)) || same_actor(self.mentions, &source, &target) {
                Some("source and target are the same actor")
            } else if p.code == "010" && target.is_empty() {
                Some("a statement without a target carries no dyad")
            } else {
                None
            };
            if let Some(reason) = why_not {
                if let Some(tr) = trace.as_deref_mut() {
                    tr.push(format!("  → {} not coded: {reason}", p.rule));
                }
                continue;
            }
            // What is appealed for, offered, demanded, refused or threatened
            // has not happened: the clause under it is part of this event.
            if matches!(&p.code[..2], "02" | "03" | "10" | "12" | "13") {
                for c in self.tree.children(t) {
                    let purpose_read = ann.deprel[c] == DepRel::Advcl
                        && self.tree.mark_of(ann, c) == Some("to")
                        && OBJECT_CONTROL_VERBS.contains(&ann.lemma(t));
                    if matches!(ann.deprel[c], DepRel::Xcomp | DepRel::Ccomp) || purpose_read {
                        consumed[c] = true;
                    }
                }
            }
            let (mut status, speaker) = self.status(t, &source);
            let cooperative = matches!(&p.code[..2], "03" | "04" | "05" | "06" | "07" | "08");
            let (code, rule) = if let Some(threat) =
                threat_code(&p.code).filter(|_| matches!(status, Status::Future | Status::Hypothetical))
            {
                (threat.to_string(), format!("{}+threat", p.rule))
            } else if cooperative && status == Status::Negated && ann.morph[t].negated && self.has_future_aux(t) {
                // "X will not / would not provide aid": a stated refusal
                // (refusal-map.tsv), not the report that something did
                // not happen.
                status = if speaker.is_some() { Status::Claimed } else { Status::Asserted };
                (self.refusals.reject_code(&p.code), format!("{}+would-not", p.rule))
            } else if let Some(intent) = intent_code(&p.code).filter(|_| {
                // Under a verb of intention, or announced by its own side
                // for the future ("Israel announced it would free …").
                (status != Status::Negated && self.intended(t)) || (status == Status::Future && speaker.is_some())
            }) {
                (intent.to_string(), format!("{}+intent", p.rule))
            } else {
                (p.code.clone(), p.rule.clone())
            };
            let rule = if found.surface { format!("{rule}+words") } else { rule };
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(format!("  → {rule} fired: code {code} status {}", status.as_str()));
            }
            // "A and B met": a mutual act without a target is coded both ways.
            // So is any act on what the pair shares: "A and B delayed their
            // meeting" ("their" refers back to the coordinated subject). Not
            // when the pattern's target slot holds the thing: "warned their
            // populations" is each side's own.
            let their = !p.nominal
                && !p.has_target()
                && self.tree.children(t).any(|c| {
                    ann.deprel[c] == DepRel::Obj
                        && self.tree.children(c).any(|m| {
                            ann.deprel[m] == DepRel::NmodPoss
                                && matches!(self.words.get(m).map(|w| w.to_ascii_lowercase()).as_deref(), Some("their"))
                        })
                });
            // Fighting without a named target ("A and B clashed", "exchanged
            // fire") is mutual too; an attack on something is not.
            let fought = code.starts_with("19") && !p.has_target();
            let mutual = target.is_empty()
                && source.len() >= 2
                && (their
                    || fought
                    || matches!(&code[..2], "03" | "04" | "05" | "06")
                    // Truces and exchanges are mutual too ("A and B signed
                    // a ceasefire", "exchanged prisoners").
                    || code.starts_with("0871")
                    || matches!(ann.lemma(t), "exchange" | "swap"));
            if mutual {
                for &a in &source {
                    for &b in &source {
                        if self.mentions[a].actor.code != self.mentions[b].actor.code {
                            events.push(RawEvent {
                                trigger: t,
                                source: vec![a],
                                target: vec![b],
                                code: code.clone(),
                                status,
                                attributed_to: speaker,
                                rule: format!("{rule}+mutual"),
                            });
                        }
                    }
                }
                continue;
            }
            events.push(RawEvent { trigger: t, source, target, code, status, attributed_to: speaker, rule });
        }
        self.add_claim_accusations(&mut events);
        // One actor named twice in a slot ("the minister, Ahmadi") is one
        // participant.
        for e in &mut events {
            for slot in [&mut e.source, &mut e.target] {
                let mut kept: Vec<usize> = Vec::with_capacity(slot.len());
                for &m in slot.iter() {
                    if !kept.iter().any(|&k| self.mentions[k].actor.code == self.mentions[m].actor.code) {
                        kept.push(m);
                    }
                }
                *slot = kept;
            }
        }
        events.sort_by_key(|e| e.trigger);
        // One event per trigger, code and dyad: the same actor mentioned
        // twice ("his counterpart Qodirov") must not double it.
        let key = |e: &RawEvent| {
            let codes = |v: &[usize]| v.iter().map(|&m| self.mentions[m].actor.code.clone()).collect::<Vec<_>>();
            (e.trigger, e.code.clone(), codes(&e.source), codes(&e.target))
        };
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| seen.insert(key(e)));
        events
    }

    /// Source of an event noun: its possessor or adjective ("Russia's attack",
    /// "the Russian strike"), a by-phrase, or the subject of the light verb
    /// it is the object of ("launched an attack on", "held talks with").
    fn nominal_source(&self, t: usize) -> Option<usize> {
        if self.mention_at(t).is_some() {
            return Some(t);
        }
        if let Some(by) = self
            .tree
            .children(t)
            .find(|&c| is_oblique(self.ann.deprel[c]) && self.tree.case_of(self.ann, c) == Some("by"))
        {
            return Some(by);
        }
        let parent = self.ann.head_index(t)?;
        // Not a verb reacting to someone else's act: "the EU condemned the
        // arrest of …" is not the EU's arrest.
        if self.ann.deprel[t] == DepRel::Obj
            && self.ann.upos[parent] == Upos::Verb
            && !REACTION_VERBS.contains(&self.ann.lemma(parent))
        {
            return self.subject_of(parent);
        }
        None
    }

    /// "X claimed (that) India targeted a mosque": the claim itself is an
    /// accusation (112) of the embedded event's source by the speaker.
    fn add_claim_accusations(&self, events: &mut Vec<RawEvent>) {
        let mut extra = Vec::new();
        for e in events.iter() {
            // A claim that something happened accuses its author; a warning
            // that something will happen does not.
            if e.status != Status::Claimed || self.has_future_aux(e.trigger) {
                continue;
            }
            let Some(speaker) = e.attributed_to else { continue };
            let root = &e.code[..2];
            let conflict = root.parse::<u8>().is_ok_and(|r| r >= 9 && r != 10);
            // Only a speaker of known, different country accuses: a ministry
            // reporting its own police's arrests accuses no one.
            let speaker_country = self.mentions[speaker].actor.country.as_deref();
            let other_side = speaker_country.is_some()
                && e.source.iter().all(|&m| self.mentions[m].actor.country.as_deref() != speaker_country);
            if !conflict || !other_side || same_actor(self.mentions, &[speaker], &e.source) {
                continue;
            }
            // The speech verb is the embedded clause's governor.
            let mut cur = e.trigger;
            let mut speech = None;
            for _ in 0..12 {
                let Some(p) = self.ann.head_index(cur) else { break };
                if matches!(self.ann.deprel[cur], DepRel::Ccomp | DepRel::Parataxis)
                    && SPEECH_VERBS.contains(&self.ann.lemma(p))
                {
                    speech = Some(p);
                    break;
                }
                if let Some(sv) = self.that_clause_on_speech_oblique(cur) {
                    speech = Some(sv);
                    break;
                }
                cur = p;
            }
            let Some(sv) = speech.or_else(|| self.reporting_parataxis(e.trigger)) else { continue };
            if events.iter().chain(extra.iter()).any(|x: &RawEvent| x.trigger == sv) {
                continue;
            }
            let status = if self.ann.morph[sv].negated { Status::Negated } else { Status::Asserted };
            extra.push(RawEvent {
                trigger: sv,
                source: vec![speaker],
                target: e.source.clone(),
                code: "112".into(),
                status,
                attributed_to: None,
                rule: "builtin:claim-accuses".into(),
            });
        }
        events.extend(extra);
    }
}

/// Candidate base forms of an inflected word, most likely first.
fn base_forms(form: &str) -> Vec<String> {
    let mut out = vec![form.to_string()];
    for (suffix, add) in [
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ] {
        if let Some(stem) = form.strip_suffix(suffix) {
            if stem.len() >= 2 {
                out.push(format!("{stem}{add}"));
                // Doubled consonant: "banned" → "ban".
                let b = stem.as_bytes();
                if add.is_empty() && b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
                    out.push(stem[..stem.len() - 1].to_string());
                }
            }
        }
    }
    out
}

/// Whether `form` is a regular inflection of `lemma` ("extradited" of
/// "extradite", "shelling" of "shell", "carries" of "carry"): a fallback
/// for when the lemmatizer gets an unseen verb wrong.
fn inflects(form: &str, lemma: &str) -> bool {
    if !form.is_ascii() || form.len() <= lemma.len() {
        return false;
    }
    let f = form.to_ascii_lowercase();
    let Some(rest) = f.strip_prefix(lemma) else {
        // Dropped final e ("bombard" no; "raid" no; "liberate" → "liberating"),
        // y → i ("carry" → "carried"), doubled consonant ("ban" → "banned").
        if let Some(stem) = lemma.strip_suffix('e') {
            return f.strip_prefix(stem).is_some_and(|r| matches!(r, "ing" | "ed"));
        }
        if let Some(stem) = lemma.strip_suffix('y') {
            return f.strip_prefix(stem).is_some_and(|r| matches!(r, "ied" | "ies"));
        }
        return false;
    };
    match rest {
        "s" | "es" | "ed" | "d" | "ing" => true,
        _ => {
            // Doubled final consonant: "banned", "stopping".
            let last = lemma.as_bytes().last().copied().unwrap_or(b' ');
            rest.len() >= 3 && rest.as_bytes()[0] == last && matches!(&rest[1..], "ed" | "ing")
        }
    }
}

/// Nouns of duration or date: an unmarked phrase headed by one says when.
fn is_time_noun(lemma: &str) -> bool {
    matches!(lemma, "year" | "month" | "week" | "day" | "hour" | "minute" | "decade" | "night" | "morning" | "evening")
}

/// Whether two actor lists denote the same single actor code.
fn same_actor(mentions: &[ActorMention], a: &[usize], b: &[usize]) -> bool {
    a.len() == 1 && b.len() == 1 && mentions[a[0]].actor.code == mentions[b[0]].actor.code
}

#[cfg(test)]
mod tests {
    use dyad_syntax::DepRel;

    #[test]
    fn bare_noun_phrases_of_time_are_not_target_phrases() {
        assert!(super::is_oblique(DepRel::Obl) && super::is_oblique(DepRel::Nmod));
        for rel in [DepRel::OblUnmarked, DepRel::OblTmod, DepRel::NmodTmod, DepRel::NmodUnmarked, DepRel::NmodPoss] {
            assert!(!super::is_oblique(rel), "{rel:?}");
        }
    }

    #[test]
    fn regular_inflections() {
        for (f, l) in [
            ("extradited", "extradite"),
            ("shelling", "shell"),
            ("carried", "carry"),
            ("banned", "ban"),
            ("Shells", "shell"),
        ] {
            assert!(super::inflects(f, l), "{f} {l}");
        }
        for (f, l) in [("ban", "ban"), ("bandit", "ban"), ("shellfish", "shell")] {
            assert!(!super::inflects(f, l), "{f} {l}");
        }
    }
}
