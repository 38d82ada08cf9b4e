//! The verb-pattern dictionary (`data/events/verbs.txt`): its format, parser
//! and compiled form.
//!
//! A line is `CODE PATTERN [# example]`. The pattern's first word is the
//! head lemma (prefixed `N:` for an event noun); the rest, in order:
//! `T` (the target as direct object), `PREP T` (target as object of a
//! preposition), a literal noun lemma (`impose sanction on T`, with `|`
//! alternatives), `PREP noun`, a particle (`call off`), `to VERB …` (an
//! infinitive complement; later words apply to it), and `that` (the
//! subject of a that-clause is the target). The source is never written:
//! it is the agent (subject, or a passive's by-phrase).

use std::collections::HashMap;

/// Prepositions and particles: a pattern word from this list is a
/// preposition (before `T` or a noun) or a particle, never a noun.
const PREPOSITIONS: &[&str] = &[
    "with", "to", "on", "against", "for", "from", "in", "into", "at", "over", "about", "of", "by", "off", "out", "up",
    "down", "back", "away", "upon", "toward", "towards", "across", "through", "between", "among", "under", "after",
    "around", "behind", "without", "within", "onto", "as", "amid", "near", "along", "beyond", "inside", "outside",
    "despite", "before", "during", "per", "via", "like", "above", "below",
];

pub fn is_preposition(w: &str) -> bool {
    PREPOSITIONS.contains(&w)
}

/// A literal word slot: alternatives, each a contiguous lemma sequence
/// ("human_right" → ["human", "right"]; hyphenated lemmas split the same
/// way so that the tokenizer's hyphen splits do not matter).
pub type Alternatives = Vec<Vec<String>>;

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `T`: the target is the direct object (the subject of a passive).
    Object,
    /// `T word`: the target is the indirect object (or the object), and the
    /// word is the direct object or a secondary predicate ("pledge T aid",
    /// "hold T responsible").
    ObjectWith(Alternatives),
    /// `PREP T`: the target is the object of the preposition (or of a
    /// particle verb's direct object: "hand over T"); after a literal noun,
    /// also that noun's possessor or adjective ("Russia's proposal").
    PrepTarget(Vec<String>),
    /// A required direct object noun.
    Noun(Alternatives),
    /// A required prepositional noun or gerund (`call for ceasefire`,
    /// `accuse T of shell`).
    PrepNoun(Vec<String>, Alternatives),
    /// A required particle (`back down`).
    Particle(Vec<String>),
    /// `to VERB`: an infinitive complement with one of these lemmas (later
    /// steps apply to it), or a `to`-phrase noun with one of these lemmas.
    To(Alternatives),
    /// `that`: the subject of a that-clause is the target.
    That,
    /// `that T VERB`: the that-clause's subject is the target and later
    /// steps apply to its verb.
    ThatClause(Alternatives),
}

/// Where a pattern's source and target come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Roles {
    /// The agent is the source; the target slot (if any) the target.
    #[default]
    Normal,
    /// The agent is the source and must be two or more actors (PETRARCH's
    /// `% *`: "A and B met").
    CompoundSource,
    /// The verb's subject is the target; the target slot holds the source
    /// (PETRARCH's `+ * … $`: "an Eriadorian was shot dead in Osgiliath"),
    /// or, without a slot, the source is the subject of the clause that
    /// governs the verb ("X noted that + regretted").
    SubjectIsTarget,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub code: String,
    /// Head lemma (the last part of a multi-word head such as `hunger_strike`).
    pub head: String,
    /// Parts of the head before `head` that must precede it (`hunger`).
    pub head_prefix: Vec<String>,
    pub nominal: bool,
    pub steps: Vec<Step>,
    /// Words that must come before the head in the sentence, in this order
    /// (gaps allowed between slots); each slot lists alternatives, each a run
    /// of consecutive words. PETRARCH's "words before the verb" ("SAID WOULD
    /// *", "&NEGATVAUXVRB EVER *") need it; dyad's own format writes none.
    pub before: Vec<Vec<Vec<String>>>,
    /// The last slot of `before` must end right before the head ("NOT_*").
    pub before_adjacent: bool,
    /// Who the source and target are (PETRARCH's `+ * $`, `% *`).
    pub roles: Roles,
    /// PETRARCH's words after the verb, as slots like `before`: when the
    /// dependency steps fail, the pattern also matches if these words
    /// occur in this order after the head inside its phrase (PETRARCH
    /// matches words, wherever the parser hangs them). Empty: no fallback.
    pub after: Vec<Vec<Vec<String>>>,
    /// In a surface match, the actor slot comes after this many `after`
    /// slots.
    pub after_slot: usize,
    /// `verbs.txt:LINE`: the rule id shown in events' evidence.
    pub rule: String,
    /// The example sentence written beside the pattern, if any.
    pub example: Option<String>,
    /// The pattern as written.
    pub text: String,
}

impl Pattern {
    pub fn has_target(&self) -> bool {
        self.steps.iter().any(|s| {
            matches!(s, Step::Object | Step::ObjectWith(_) | Step::PrepTarget(_) | Step::That | Step::ThatClause(_))
        })
    }

    /// Ranking among patterns that match the same trigger, higher first:
    /// words written (each part of a multi-word term counts), then literals
    /// (a literal beats `T`), then a 4-digit code over a 3-digit one.
    pub fn rank(&self) -> (usize, usize, usize) {
        let words: usize =
            self.text.split_whitespace().map(|w| 1 + w.split('|').next().unwrap_or(w).matches('_').count()).sum();
        let literals = self.text.split_whitespace().filter(|w| !matches!(*w, "T" | "S" | "*")).count();
        (words, literals, self.code.len())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{origin}: {reason}")]
pub struct PatternError {
    pub origin: String,
    pub reason: String,
}

/// Patterns indexed by head lemma.
#[derive(Debug, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    verbs: HashMap<String, Vec<u32>>,
    nouns: HashMap<String, Vec<u32>>,
}

fn parts(alt: &str) -> Vec<String> {
    alt.split(['_', '-']).filter(|p| !p.is_empty()).map(str::to_lowercase).collect()
}

fn alternatives(w: &str) -> Alternatives {
    w.split('|').map(parts).filter(|a| !a.is_empty()).collect()
}

fn prepositions(w: &str) -> Option<Vec<String>> {
    let alts: Vec<String> = w.split('|').map(str::to_lowercase).collect();
    alts.iter().all(|a| is_preposition(a)).then_some(alts)
}

/// Compiles one pattern text (without code or comment) into
/// `(head, head_prefix, nominal, steps)`.
pub fn compile(text: &str) -> Result<(String, Vec<String>, bool, Vec<Step>), String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(first) = words.first() else { return Err("empty pattern".into()) };
    let (head_word, nominal) = match first.strip_prefix("N:") {
        Some(h) => (h, true),
        None => (*first, false),
    };
    if head_word.contains('|') {
        return Err("the head cannot be an alternation".into());
    }
    let mut head_parts = parts(head_word);
    let Some(head) = head_parts.pop() else { return Err("pattern must start with a head word".into()) };
    if head == "t" {
        return Err("pattern must start with a head word".into());
    }
    let mut steps = Vec::new();
    let mut i = 1;
    let is_literal = |w: &str| w != "T" && w != "that" && w != "to" && prepositions(w).is_none();
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).copied();
        if w == "T" {
            match next {
                Some(n) if is_literal(n) => {
                    steps.push(Step::ObjectWith(alternatives(n)));
                    i += 2;
                }
                _ => {
                    steps.push(Step::Object);
                    i += 1;
                }
            }
        } else if w == "that" {
            match (next, words.get(i + 2).copied()) {
                (Some("T"), Some(v)) if is_literal(v) => {
                    steps.push(Step::ThatClause(alternatives(v)));
                    i += 3;
                }
                (Some("T"), _) => {
                    steps.push(Step::That);
                    i += 2;
                }
                _ => {
                    steps.push(Step::That);
                    i += 1;
                }
            }
        } else if let Some(preps) = prepositions(w) {
            match next {
                Some("T") => {
                    steps.push(Step::PrepTarget(preps));
                    i += 2;
                }
                Some(n) if is_literal(n) => {
                    if preps == ["to"] {
                        steps.push(Step::To(alternatives(n)));
                    } else {
                        steps.push(Step::PrepNoun(preps, alternatives(n)));
                    }
                    i += 2;
                }
                _ => {
                    steps.push(Step::Particle(preps));
                    i += 1;
                }
            }
        } else {
            steps.push(Step::Noun(alternatives(w)));
            i += 1;
        }
    }
    let targets = steps
        .iter()
        .filter(|s| {
            matches!(s, Step::Object | Step::ObjectWith(_) | Step::PrepTarget(_) | Step::That | Step::ThatClause(_))
        })
        .count();
    if targets > 1 {
        return Err("a pattern has at most one target slot".into());
    }
    Ok((head, head_parts, nominal, steps))
}

impl PatternSet {
    /// The team's pattern dictionary, `data/events/verbs.txt` (compiled in;
    /// its lines are checked by this crate's tests).
    pub fn builtin() -> PatternSet {
        let (set, errors) = PatternSet::parse(include_str!("../../../data/events/verbs.txt"), "verbs.txt");
        debug_assert!(errors.is_empty(), "built-in verb patterns have errors: {errors:?}");
        set
    }

    /// Parses a pattern file. Malformed lines are returned as errors and
    /// skipped; the rest load.
    pub fn parse(text: &str, file: &str) -> (PatternSet, Vec<PatternError>) {
        let mut set = PatternSet::default();
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let origin = format!("{file}:{}", i + 1);
            let (body, example) = match line.split_once('#') {
                Some((b, e)) => (b.trim(), Some(e.trim().to_string()).filter(|e| !e.is_empty())),
                None => (line.trim(), None),
            };
            if body.is_empty() {
                continue;
            }
            let Some((code, pattern)) = body.split_once(char::is_whitespace) else {
                errors.push(PatternError { origin, reason: "expected CODE PATTERN".into() });
                continue;
            };
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(PatternError { origin, reason: format!("bad CAMEO code {code:?}") });
                continue;
            }
            // `S`: the slot names the source (the giver in "receive aid
            // from S"); the verb's subject is then the target.
            let reversed = pattern.split_whitespace().any(|w| w == "S");
            let slots = pattern.split_whitespace().map(|w| if w == "S" { "T" } else { w }).collect::<Vec<_>>();
            match compile(&slots.join(" ")) {
                Ok((_, _, true, _)) if reversed => {
                    errors.push(PatternError { origin, reason: "an event noun cannot have a source slot S".into() })
                }
                Ok((head, head_prefix, nominal, steps)) => set.push(Pattern {
                    code: code.to_string(),
                    head,
                    head_prefix,
                    nominal,
                    steps,
                    before: Vec::new(),
                    before_adjacent: false,
                    roles: if reversed { Roles::SubjectIsTarget } else { Roles::Normal },
                    after: Vec::new(),
                    after_slot: 0,
                    rule: origin,
                    example,
                    text: pattern.trim().to_string(),
                }),
                Err(reason) => errors.push(PatternError { origin, reason }),
            }
        }
        (set, errors)
    }

    pub fn push(&mut self, p: Pattern) {
        let id = self.patterns.len() as u32;
        let index = if p.nominal { &mut self.nouns } else { &mut self.verbs };
        index.entry(p.head.clone()).or_default().push(id);
        self.patterns.push(p);
    }

    pub fn verb_patterns(&self, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.verbs.get(lemma).into_iter().flatten().map(|&i| &self.patterns[i as usize])
    }

    pub fn noun_patterns(&self, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.nouns.get(lemma).into_iter().flatten().map(|&i| &self.patterns[i as usize])
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alt(words: &[&str]) -> Alternatives {
        words.iter().map(|w| w.split('_').map(str::to_string).collect()).collect()
    }

    #[test]
    fn compiles_the_documented_forms() {
        let steps = |t: &str| compile(t).unwrap().3;
        assert_eq!(steps("accuse T"), [Step::Object]);
        assert_eq!(steps("meet with T"), [Step::PrepTarget(vec!["with".into()])]);
        assert_eq!(
            steps("impose sanction|embargo on T"),
            [Step::Noun(alt(&["sanction", "embargo"])), Step::PrepTarget(vec!["on".into()])]
        );
        assert_eq!(steps("threaten to attack T"), [Step::To(alt(&["attack"])), Step::Object]);
        assert_eq!(steps("call off talk"), [Step::PrepNoun(vec!["off".into()], alt(&["talk"]))]);
        assert_eq!(steps("back down"), [Step::Particle(vec!["down".into()])]);
        assert_eq!(steps("pledge T aid"), [Step::ObjectWith(alt(&["aid"]))]);
        assert_eq!(
            steps("demand that T hand over"),
            [Step::ThatClause(alt(&["hand"])), Step::Particle(vec!["over".into()])]
        );
        assert_eq!(steps("demand that T"), [Step::That]);
        assert_eq!(steps("seek sanction_relief"), [Step::Noun(alt(&["sanction_relief"]))]);
        let (head, prefix, nominal, st) = compile("N:hunger_strike").unwrap();
        assert_eq!((head.as_str(), prefix, nominal, st), ("strike", vec!["hunger".to_string()], true, vec![]));
        let (head, _, nominal, st) = compile("N:visit to T").unwrap();
        assert_eq!((head.as_str(), nominal, st), ("visit", true, vec![Step::PrepTarget(vec!["to".into()])]));
        assert!(compile("meet T with T").is_err());
    }

    #[test]
    fn builtin_patterns_compile_and_cover_the_codebook() {
        let (set, errors) = PatternSet::parse(include_str!("../../../data/events/verbs.txt"), "verbs.txt");
        assert!(errors.is_empty(), "{errors:?}");
        let codes: std::collections::HashSet<&str> = set.patterns().iter().map(|p| p.code.as_str()).collect();
        let roots: std::collections::HashSet<&str> = codes.iter().map(|c| &c[..2]).collect();
        assert_eq!(roots.len(), 20);
        assert!(codes.len() >= 250, "{} codes", codes.len());
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let (set, errors) = PatternSet::parse("# c\n112 accuse T # A accused B.\nx12 blame T\n042 visit T\n", "v.txt");
        assert_eq!(set.patterns().len(), 2);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].to_string(), "v.txt:3: bad CAMEO code \"x12\"");
        assert_eq!(set.patterns()[0].rule, "v.txt:2");
        assert_eq!(set.patterns()[0].example.as_deref(), Some("A accused B."));
    }
}
