//! Runs text → syntax → actors → events on a document.

use crate::coder::{RefusalMap, SentenceCoder};
use crate::discards::{DiscardLevel, Discards};
use crate::issues::IssueDict;
use crate::patterns::PatternSet;
use crate::tree::Tree;
use dyad_actors::{ActorDict, ActorMention, DocMemory, OneWord, Recognizer};
use dyad_codebook::Codebook;
use dyad_events::{Actor, DatePrecision, Event, Evidence, Plover};
use dyad_syntax::{Annotation, SyntaxModel, Upos};
use dyad_text::{parser_form, Document, SentenceKind};
use std::borrow::Cow;
use std::fmt::Write as _;

const REFUSALS: &str = include_str!("../../../data/events/refusal-map.tsv");

/// What the parser is shown in place of a known one-word name: a frequent
/// proper noun of its training data, so a name it never saw ("Beijing")
/// is tagged and attached as a name rather than guessed from its suffix.
const NAME_FOR_PARSER: &str = "London";

/// Likewise for a run of capitalised words that neither the dictionaries
/// nor the parser's lexicon know: a two-word name the parser knows well.
const PERSON_FOR_PARSER: [&str; 2] = ["John", "Smith"];

/// Likewise for a plural noun of people the tagger took for a verb.
const PEOPLE_FOR_PARSER: &str = "people";

/// Likewise for a demonym the tagger took for a name: a frequent adjective
/// of the same kind in its training data.
const ADJECTIVE_FOR_PARSER: &str = "American";

/// When and where a sentence happened (see [`Pipeline::situate`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Situation {
    pub sentence: usize,
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    pub location: Option<dyad_events::Location>,
    /// Taken from the sentence's first event (else from its main verb).
    pub from_event: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    #[error(transparent)]
    Syntax(#[from] dyad_syntax::SyntaxError),
}

/// Every stage, loaded once and shared (it is `Sync`: code documents from
/// many threads with one pipeline).
pub struct Pipeline {
    model: &'static SyntaxModel,
    dict: Cow<'static, ActorDict>,
    patterns: PatternSet,
    issues: IssueDict,
    refusals: RefusalMap,
    book: &'static Codebook,
    discards: Discards,
    gazetteer: Cow<'static, dyad_geo::Gazetteer>,
}

/// Prepositions that put an event in a place: any place ("in Kyiv", "at
/// Camp David"), and those that only do so below the country level
/// ("strikes on Kharkiv", "fighting near Bakhmut"; "talks on Ukraine" are
/// about it, not in it).
const IN_PLACE: &[&str] = &["in", "at", "inside", "across", "throughout", "within"];
const NEAR_PLACE: &[&str] =
    &["on", "near", "outside", "around", "into", "over", "along", "towards", "toward", "through", "from"];

/// Nouns that stand for the place they name ("the city of Kherson", "the
/// outskirts of Kyiv", "the Kursk region").
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "region",
    "province",
    "oblast",
    "governorate",
    "state",
    "district",
    "capital",
    "port",
    "outskirts",
    "outskirt",
    "suburb",
    "suburbs",
    "area",
    "border",
    "camp",
    "strip",
    "enclave",
    "territory",
    "county",
    "centre",
    "center",
    "heart",
    "part",
    "street",
    "streets",
];

/// A toponym found in a sentence and the token its phrase hangs on.
struct Placed {
    toponym: dyad_geo::Toponym,
    anchor: usize,
    /// The name is also an actor ("Moscow" as the Russian government), so
    /// only an in/at phrase makes it a place ("sanctions on Moscow" are not
    /// in Moscow).
    actor: bool,
}

/// The toponyms of a sentence, each with the token that its phrase attaches
/// by ("in the city of Kherson" → "city"). Names inside a longer actor
/// ("Israel Katz", "the Kyiv Independent") are not places.
fn toponyms(
    gaz: &dyad_geo::Gazetteer,
    words: &[&str],
    ann: &Annotation,
    mentions: &[ActorMention],
    out: &mut Vec<dyad_geo::Toponym>,
) -> Vec<Placed> {
    // The countries of the sentence's actors, not counting place names
    // themselves ("Tripoli" would vote for Libya).
    let countries: Vec<&str> =
        mentions.iter().filter(|m| !m.place).filter_map(|m| m.actor.country.as_deref()).collect();
    gaz.find(words, &countries, out);
    out.iter()
        .filter(|t| {
            // A name right after a locative preposition is a place even when
            // the recognizer took the phrase into an actor ("a Taliban
            // minister in Kabul").
            let before = t.start.checked_sub(if t.start > 0 && words[t.start - 1] == "the" { 2 } else { 1 });
            let after_preposition = before.is_some_and(|b| {
                let w = words[b].to_ascii_lowercase();
                IN_PLACE.contains(&w.as_str()) || NEAR_PLACE.contains(&w.as_str())
            });
            after_preposition
                || !mentions.iter().any(|m| {
                    let (ms, me) = (m.start as usize, m.end as usize);
                    !m.place && ms <= t.start && me >= t.name_end && me - ms > t.name_end - t.start && me <= ann.len()
                    // A name with a title ("Kyiv Mayor Vitali Klitschko") is an
                    // actor; a place before a sector noun stays a place only
                    // when the noun is not part of the name.
                    && (ms..me).any(|i| ann.upos[i] == Upos::Propn && !(t.start..t.name_end).contains(&i))
                })
        })
        .map(|&t| {
            let inside = |i: usize| (t.start..t.name_end).contains(&i);
            let mut anchor =
                (t.start..t.name_end).find(|&i| !ann.head_index(i).is_some_and(inside)).unwrap_or(t.name_end - 1);
            // Lift to a place noun the name modifies ("the Kursk region",
            // "the city of Kherson", "the outskirts of Kyiv") and to what a
            // place name qualifies ("Tel Aviv's airport", "a Kharkiv hospital").
            for _ in 0..2 {
                let Some(h) = ann.head_index(anchor) else { break };
                let lift = h < ann.len()
                    && matches!(ann.upos[h], Upos::Noun | Upos::Propn)
                    && (PLACE_NOUNS.contains(&ann.lemma(h))
                        || matches!(ann.deprel[anchor], dyad_syntax::DepRel::NmodPoss | dyad_syntax::DepRel::Compound));
                if !lift {
                    break;
                }
                anchor = h;
            }
            let actor = mentions.iter().any(|m| m.place && m.start as usize <= t.start && m.end as usize >= t.name_end);
            Placed { toponym: t, anchor, actor }
        })
        .collect()
}

/// Whether a toponym's phrase says where something happened, by its
/// preposition.
fn locative(p: &Placed, gaz: &dyad_geo::Gazetteer, ann: &Annotation, tree: &Tree) -> bool {
    // The preposition may hang on another word of the name ("in" on "Addis"
    // of "Addis Ababa" when the parser made "Addis" a compound of "Ababa").
    let t = &p.toponym;
    let case = tree.case_of(ann, p.anchor).or_else(|| (t.start..t.name_end).find_map(|i| tree.case_of(ann, i)));
    let Some(case) = case else { return false };
    IN_PLACE.contains(&case)
        || (!p.actor && gaz.place(p.toponym.place).kind != dyad_geo::Kind::Country && NEAR_PLACE.contains(&case))
}

/// The toponym that says where the event at `trigger` happened: one in a
/// locative phrase of the trigger, of its clause's verb or of their
/// objects; else a place below the country level that is the trigger's
/// object ("shelled Kharkiv"); else the sentence's place (the first
/// locative phrase anywhere in it).
fn place_of(
    trigger: usize,
    placed: &[Placed],
    gaz: &dyad_geo::Gazetteer,
    ann: &Annotation,
    tree: &Tree,
) -> Option<usize> {
    if placed.is_empty() {
        return None;
    }
    let clause = clause_verb(trigger, ann);
    // The parser often hangs "in Washington" on the object ("met Dar in
    // Washington"), so the objects' phrases count too.
    let objects = [trigger, clause]
        .into_iter()
        .flat_map(|v| tree.children(v).filter(|&c| ann.deprel[c] == dyad_syntax::DepRel::Obj));
    let holders: Vec<usize> = [trigger, clause].into_iter().chain(objects).collect();
    let attached = |p: &Placed| {
        ann.head_index(p.anchor).is_some_and(|h| holders.contains(&h))
            && matches!(ann.deprel[p.anchor].base(), dyad_syntax::DepRel::Obl | dyad_syntax::DepRel::Nmod)
            && locative(p, gaz, ann, tree)
    };
    let object = |p: &Placed| {
        ann.head_index(p.anchor) == Some(trigger)
            && ann.deprel[p.anchor] == dyad_syntax::DepRel::Obj
            && !p.actor
            && gaz.place(p.toponym.place).kind != dyad_geo::Kind::Country
    };
    placed
        .iter()
        .position(attached)
        .or_else(|| placed.iter().position(object))
        .or_else(|| placed.iter().position(|p| locative(p, gaz, ann, tree)))
}

/// The verb of the clause that token `t` belongs to (itself if a verb).
fn clause_verb(t: usize, ann: &Annotation) -> usize {
    let mut cur = t;
    for _ in 0..ann.len() {
        if ann.upos[cur] == Upos::Verb {
            return cur;
        }
        match ann.head_index(cur) {
            Some(h) => cur = h,
            None => return cur,
        }
    }
    cur
}

/// Verbs whose to-infinitive speaks of the future ("is expected to meet",
/// "plans to visit", "is due to vote").
const FUTURE_HEADS: &[&str] = &["expect", "schedule", "due", "plan", "set", "go", "intend", "prepare", "hope", "aim"];

/// Whether the clause of verb `v` speaks of the future: a future auxiliary,
/// or a to-infinitive under a verb of planning (not in the past perfect).
fn future_clause(v: usize, ann: &Annotation, tree: &Tree) -> bool {
    if crate::tree::has_future_aux(ann, tree, v) {
        return true;
    }
    let mut cur = v;
    for _ in 0..3 {
        let Some(h) = ann.head_index(cur) else { return false };
        // "is expected to meet": the infinitive is the planning verb's xcomp.
        if h >= ann.len() || ann.deprel[cur].base() != dyad_syntax::DepRel::Xcomp {
            return false;
        }
        if FUTURE_HEADS.contains(&ann.lemma(h)) || crate::tree::has_future_aux(ann, tree, h) {
            return true;
        }
        cur = h;
    }
    false
}

/// Whether clause `c` lies in a clause that describes a noun ("Russia,
/// which had attacked Ukraine in February"; "the truce agreed in
/// February") on its way up to clause `top`.
fn adnominal(c: usize, top: usize, ann: &Annotation) -> bool {
    let mut cur = c;
    for _ in 0..ann.len() {
        if cur == top {
            return false;
        }
        // A relative clause, however the parser attached it: "acl:relcl",
        // or a clause whose subject is a relative pronoun (", which had …").
        let relative_subject = || {
            (0..ann.len()).any(|c| {
                ann.head_index(c) == Some(cur)
                    && matches!(ann.deprel[c], dyad_syntax::DepRel::Nsubj | dyad_syntax::DepRel::NsubjPass)
                    && matches!(ann.xpos[c].as_str(), "WDT" | "WP")
            })
        };
        if ann.deprel[cur] == dyad_syntax::DepRel::AclRelcl || relative_subject() {
            return true;
        }
        match ann.head_index(cur) {
            Some(h) if h < ann.len() => cur = h,
            _ => return false,
        }
    }
    false
}

/// The temporal expression that dates an event triggered at `trigger`: one
/// whose words attach to the trigger, else the nearest one in the same
/// clause, else the nearest one in the sentence that is neither in the
/// clause of another event nor in a clause describing a noun ("urged … to
/// respect the truce agreed in February" is not dated February). Returns
/// its index.
fn pick_time(times: &[dyad_time::TimeExpr], trigger: usize, others: &[usize], ann: &Annotation) -> Option<usize> {
    let attached = |t: &dyad_time::TimeExpr| (t.start..t.end).any(|i| ann.head_index(i) == Some(trigger));
    let clause = clause_verb(trigger, ann);
    let clause_of = |t: &dyad_time::TimeExpr| clause_verb(t.start, ann);
    let distance = |t: &dyad_time::TimeExpr| {
        if t.start > trigger {
            t.start - trigger
        } else {
            trigger.saturating_sub(t.end)
        }
    };
    times.iter().position(attached).or_else(|| {
        let same = times.iter().enumerate().filter(|(_, t)| clause_of(t) == clause).min_by_key(|(_, t)| distance(t));
        same.map(|(i, _)| i).or_else(|| {
            times
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    let c = clause_of(t);
                    c == clause || (!others.iter().any(|&o| o != clause && o == c) && !adnominal(c, clause, ann))
                })
                .min_by_key(|(_, t)| distance(t))
                .map(|(i, _)| i)
        })
    })
}

/// Shows the parser a name it knows well in place of a name its lexicon
/// lacks: out-of-lexicon words look like the typos and rare tokens of its
/// training data, not like names.
///
/// - A one-word name our dictionaries know ("Gondor", a rare place or
///   group) becomes [`NAME_FOR_PARSER`].
/// - A run of capitalised words that no dictionary knows (in news nearly
///   always a name: "Nurbek Toktomushev", "Kok-Jar") becomes a one-word
///   name, or [`PERSON_FOR_PARSER`] with its last word as the surname.
///
/// Each word's lexicon is looked up once.
fn show_names_as_known(model: &SyntaxModel, words: &[&str], name_mask: &[OneWord], forms: &mut [&str]) {
    let mut run: Option<usize> = None;
    for j in 0..=words.len() {
        let (w, kind) = match (words.get(j), name_mask.get(j)) {
            (Some(&w), Some(&kind)) => (w, kind),
            _ => ("", OneWord::None),
        };
        let capitalised = w.starts_with(|c: char| c.is_uppercase()) && w.chars().any(|c| c.is_lowercase());
        let unknown = match kind {
            OneWord::None => capitalised && !model.in_lexicon(w),
            OneWord::Name => {
                if !model.in_lexicon(w) {
                    forms[j] = NAME_FOR_PARSER;
                }
                false
            }
            _ => false,
        };
        if unknown {
            run.get_or_insert(j);
            continue;
        }
        match run.take() {
            Some(start) if j - start == 1 => forms[start] = NAME_FOR_PARSER,
            Some(start) => {
                forms[start..j - 1].fill(PERSON_FOR_PARSER[0]);
                forms[j - 1] = PERSON_FOR_PARSER[1];
            }
            None => {}
        }
    }
}

impl Pipeline {
    /// The pipeline with the embedded model and the built-in dictionaries.
    pub fn builtin() -> Result<Pipeline, CoderError> {
        Ok(Pipeline {
            model: dyad_syntax::embedded_model()?,
            dict: Cow::Borrowed(ActorDict::builtin()),
            patterns: PatternSet::builtin(),
            issues: IssueDict::builtin(),
            refusals: RefusalMap::parse(REFUSALS),
            book: Codebook::builtin(),
            discards: Discards::default(),
            gazetteer: Cow::Borrowed(dyad_geo::Gazetteer::builtin()),
        })
    }

    /// A pipeline with other dictionaries: a user's PETRARCH/TABARI files,
    /// alone or merged into copies of the built-in ones
    /// ([`ActorDict::new_builtin`], [`PatternSet::builtin`],
    /// [`IssueDict::builtin`]).
    pub fn with_dictionaries(dict: ActorDict, patterns: PatternSet, issues: IssueDict) -> Result<Pipeline, CoderError> {
        Ok(Pipeline {
            model: dyad_syntax::embedded_model()?,
            dict: Cow::Owned(dict),
            patterns,
            issues,
            refusals: RefusalMap::parse(REFUSALS),
            book: Codebook::builtin(),
            discards: Discards::default(),
            gazetteer: Cow::Borrowed(dyad_geo::Gazetteer::builtin()),
        })
    }

    /// Sentences and stories containing one of these phrases are not coded.
    pub fn with_discards(mut self, discards: Discards) -> Pipeline {
        self.discards = discards;
        self
    }

    /// Places are resolved with this gazetteer (the built-in one merged with
    /// a local GeoNames index, say) instead of the built-in one.
    pub fn with_gazetteer(mut self, gazetteer: dyad_geo::Gazetteer) -> Pipeline {
        self.gazetteer = Cow::Owned(gazetteer);
        self
    }

    pub fn gazetteer(&self) -> &dyad_geo::Gazetteer {
        &self.gazetteer
    }

    pub fn patterns(&self) -> &PatternSet {
        &self.patterns
    }

    /// Codes a document. `date` is its publication date (`YYYY-MM-DD`).
    pub fn code(&self, doc: &Document, date: Option<&str>) -> Vec<Event> {
        self.run(doc, date, None)
    }

    /// Parse, actors and every rule tried, for people debugging a sentence.
    pub fn explain(&self, doc: &Document, date: Option<&str>) -> String {
        let mut out = String::new();
        let events = self.run(doc, date, Some(&mut out));
        let _ = writeln!(out, "\n{} event(s)", events.len());
        for e in &events {
            let codes = |a: &[Actor]| a.iter().map(|x| x.code.as_str()).collect::<Vec<_>>().join("+");
            let _ = writeln!(
                out,
                "  [{}] {} → {}  {} {}  {}{}  ({})",
                e.sentence,
                codes(&e.source),
                codes(&e.target),
                e.cameo,
                e.plover.event.as_deref().unwrap_or("-"),
                e.status.as_str(),
                e.attributed_to.as_ref().map(|a| format!(" by {}", a.code)).unwrap_or_default(),
                e.evidence.rule
            );
        }
        out
    }

    /// When and where each body sentence happened: as for its first event,
    /// or, when it codes none, as for its main verb. The evaluation of dates
    /// and places reads these, so sentences without a coded event count too.
    pub fn situate(&self, doc: &Document, date: Option<&str>) -> Vec<Situation> {
        let mut out = Vec::new();
        self.run_with(doc, date, None, Some(&mut out));
        out
    }

    fn run(&self, doc: &Document, date: Option<&str>, explain: Option<&mut String>) -> Vec<Event> {
        self.run_with(doc, date, explain, None)
    }

    fn run_with(
        &self,
        doc: &Document,
        date: Option<&str>,
        mut explain: Option<&mut String>,
        mut situations: Option<&mut Vec<Situation>>,
    ) -> Vec<Event> {
        let mut ann = Annotation::new();
        let mut tree = Tree::default();
        let mut recognizer = Recognizer::new(&self.dict);
        let mut memory = DocMemory::default();
        let offsets = dyad_text::CharOffsets::new(&doc.text);
        let mut events = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let mut forms: Vec<&str> = Vec::new();
        let mut trace: Vec<String> = Vec::new();
        let mut name_mask: Vec<OneWord> = Vec::new();
        let mut found_places: Vec<dyad_geo::Toponym> = Vec::new();
        if self.discards.check(&doc.text) == Some(DiscardLevel::Story) {
            return events;
        }
        // Relative dates are read against the dateline's date when it has one
        // ("KYIV, Dec 3 (Reuters) -"), else the publication date.
        let publication = date.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut reference = publication;
        let mut reference_text = date.map(str::to_string);
        for (si, sentence) in doc.sentences.iter().enumerate() {
            if sentence.kind == SentenceKind::Dateline {
                if let Some(p) = publication {
                    let toks = &doc.tokens[sentence.token_range()];
                    let dl: Vec<&str> = toks.iter().map(|t| &doc.text[t.span.range()]).collect();
                    if let Some(t) = dyad_time::find(&dl, p, false)
                        .into_iter()
                        .find(|t| t.date.precision() == dyad_time::Precision::Day)
                    {
                        let day = chrono::NaiveDate::from_ymd_opt(
                            t.date.year,
                            t.date.month.unwrap_or(1),
                            t.date.day.unwrap_or(1),
                        );
                        if day.is_some() {
                            reference = day;
                            reference_text = Some(t.date.to_string());
                        }
                    }
                }
                continue;
            }
            if !self.discards.is_empty() && self.discards.check(doc.sentence_text(si)).is_some() {
                continue;
            }
            let toks = &doc.tokens[sentence.token_range()];
            words.clear();
            forms.clear();
            for t in toks {
                let w = &doc.text[t.span.range()];
                words.push(w);
                forms.push(parser_form(w));
            }

            recognizer.one_word_entries(&words, date, &mut name_mask);
            show_names_as_known(self.model, &words, &name_mask, &mut forms);
            self.model.annotate(&forms, &mut ann);
            // A known one-word name that the tagger took for something else
            // ("Beijing" → VBG) is shown to the parser again as a name it
            // knows well, and the sentence is parsed once more.
            let mut retag = false;
            for (i, &kind) in name_mask.iter().enumerate() {
                // Only before a lower-case word or a conjunction: before a title
                // ("Kyrgyz Foreign Minister …") the parser's first guess stands.
                let next_nominal =
                    ann.upos.get(i + 1).is_some_and(|u| matches!(u, Upos::Noun | Upos::Adj | Upos::Cconj))
                        && words.get(i + 1).is_some_and(|w| !w.starts_with(|c: char| c.is_uppercase()));
                let replacement = match kind {
                    OneWord::Name if !matches!(ann.upos[i], Upos::Propn | Upos::Noun) => Some(NAME_FOR_PARSER),
                    // A sentence-initial name read as a common noun that
                    // modifies the verb after it ("Serbia faced …" → amod).
                    OneWord::Name
                        if i == 0
                            && ann.upos[i] == Upos::Noun
                            && ann.head_index(i).is_some_and(|h| ann.upos[h] == Upos::Verb) =>
                    {
                        Some(NAME_FOR_PARSER)
                    }
                    // "Kyrgyz and Tajik border guards": a demonym before a noun
                    // (or a coordination) modifies it.
                    OneWord::Adjective if ann.upos[i] != Upos::Adj && next_nominal => Some(ADJECTIVE_FOR_PARSER),
                    // "Hezbollah fighters clashed …" with "fighters" read as a verb.
                    OneWord::AgentNoun if ann.upos[i] == Upos::Verb => Some(PEOPLE_FOR_PARSER),
                    _ => None,
                };
                if let Some(form) = replacement {
                    forms[i] = form;
                    retag = true;
                }
            }
            if retag {
                self.model.annotate(&forms, &mut ann);
            }
            crate::repair::repair(&mut ann);
            tree.build(&ann);
            let mentions: &[ActorMention] = recognizer.recognize(&words, &ann, date, &mut memory);
            let coder = SentenceCoder {
                words: &words,
                ann: &ann,
                tree: &tree,
                mentions,
                patterns: &self.patterns,
                refusals: &self.refusals,
                gazetteer: &self.gazetteer,
            };
            trace.clear();
            let raw = coder.code(explain.is_some().then_some(&mut trace));
            if let Some(out) = explain.as_deref_mut() {
                let _ = writeln!(out, "sentence {si}: {}", doc.sentence_text(si));
                for (i, word) in words.iter().enumerate().take(ann.len()) {
                    // A word shown to the parser as a stand-in ("London")
                    // keeps its own form as its lemma here; the stand-in
                    // is noted after the tree.
                    let stand_in = forms.get(i).is_some_and(|f| *f != parser_form(word));
                    let _ = writeln!(
                        out,
                        "  {:>3} {:<16} {:<14} {:<6} {:<5} {:>3} {}{}",
                        i + 1,
                        word,
                        if stand_in { word } else { ann.lemma(i) },
                        ann.upos[i].as_str(),
                        ann.xpos[i].as_str(),
                        ann.head[i],
                        ann.deprel[i].as_str(),
                        if stand_in { format!("  (parsed as \"{}\")", forms[i]) } else { String::new() }
                    );
                }
                let _ = writeln!(out, " actors:");
                for m in mentions {
                    let _ = writeln!(
                        out,
                        "  {} = {} ({:?})",
                        words[m.start as usize..m.end as usize].join(" "),
                        m.actor.code,
                        m.how
                    );
                }
                let _ = writeln!(out, " rules:");
                for line in &trace {
                    let _ = writeln!(out, "  {line}");
                }
            }
            if raw.is_empty() && situations.is_none() {
                continue;
            }
            let lemmas: Vec<&str> = (0..ann.len()).map(|i| ann.lemma(i)).collect();
            let issues = self.issues.find(&lemmas);
            let sentence_text = doc.sentence_text(si).to_string();
            let actor = |m: usize| -> Actor {
                let mention = &mentions[m];
                let start = toks[mention.start as usize].span.start;
                let end = toks[mention.end as usize - 1].span.end;
                Actor {
                    text: doc.text[start as usize..end as usize].to_string(),
                    code: mention.actor.code.clone(),
                    country: mention.actor.country.clone(),
                    sector: mention.actor.sector.clone(),
                    span: [offsets.at(start), offsets.at(end)],
                }
            };
            // A dictionary code listing several actors (PETRARCH's `ELR/GAL`)
            // stands for each of them.
            let actors = |ms: &[usize]| -> Vec<Actor> {
                ms.iter()
                    .flat_map(|&m| {
                        let a = actor(m);
                        if !a.code.contains('/') {
                            return vec![a];
                        }
                        a.code
                            .split('/')
                            .map(|c| Actor {
                                code: c.to_string(),
                                country: (c.len() == 3).then(|| c.to_string()),
                                sector: None,
                                ..a.clone()
                            })
                            .collect()
                    })
                    .collect()
            };
            let (mut past_times, mut future_times) = (None, None);
            let other_clauses: Vec<usize> = raw.iter().map(|r| clause_verb(r.trigger, &ann)).collect();
            // The event's date: the expression attached to its verb, else the
            // nearest one in its clause or sentence, else the dateline's or
            // publication date. The tense of the expression's clause decides
            // "on Friday" (past unless future: "said they would meet on Friday").
            let mut when = |trigger: usize, status: dyad_events::Status| {
                let mut event_date = (reference_text.clone(), DatePrecision::Publication);
                if let Some(p) = reference {
                    let past: &Vec<dyad_time::TimeExpr> =
                        past_times.get_or_insert_with(|| dyad_time::find(&words, p, false));
                    if let Some(i) = pick_time(past, trigger, &other_clauses, &ann) {
                        let future = status == dyad_events::Status::Future
                            || future_clause(trigger, &ann, &tree)
                            || future_clause(clause_verb(past[i].start, &ann), &ann, &tree);
                        let t = if future {
                            future_times.get_or_insert_with(|| dyad_time::find(&words, p, true)).get(i).copied()
                        } else {
                            past.get(i).copied()
                        };
                        if let Some(t) = t {
                            let precision = match t.date.precision() {
                                dyad_time::Precision::Day => DatePrecision::Day,
                                dyad_time::Precision::Month => DatePrecision::Month,
                                dyad_time::Precision::Year => DatePrecision::Year,
                            };
                            event_date = (Some(t.date.to_string()), precision);
                        }
                    }
                }
                event_date
            };
            // Where: the toponym of the event's verb or clause, else the
            // sentence's place (found only for sentences that need it).
            let placed = toponyms(&self.gazetteer, &words, &ann, mentions, &mut found_places);
            let gaz: &dyad_geo::Gazetteer = &self.gazetteer;
            let location_at = |trigger: usize| {
                place_of(trigger, &placed, gaz, &ann, &tree).map(|i| {
                    let t = placed[i].toponym;
                    let place = gaz.place(t.place);
                    let start = toks[t.start].span.start as usize;
                    let end = toks[t.end - 1].span.end as usize;
                    dyad_events::Location {
                        text: doc.text[start..end].to_string(),
                        name: place.name.clone(),
                        country: Some(place.country.clone()),
                        admin1: place.admin1.clone(),
                        lat: Some(place.lat),
                        lon: Some(place.lon),
                        geonames_id: place.geonames_id,
                        id: Some(place.id.clone()),
                    }
                })
            };
            if let Some(out) = situations.as_deref_mut() {
                let (trigger, status) = match raw.first() {
                    Some(r) => (r.trigger, r.status),
                    None => ((0..ann.len()).find(|&i| ann.head[i] == 0).unwrap_or(0), dyad_events::Status::Asserted),
                };
                let (date, date_precision) = when(trigger, status);
                out.push(Situation {
                    sentence: si,
                    date,
                    date_precision,
                    location: location_at(trigger),
                    from_event: !raw.is_empty(),
                });
            }
            for r in raw {
                let verb = toks[r.trigger].span;
                let event_date = when(r.trigger, r.status);
                let location = location_at(r.trigger);
                // Dictionary codes: `---` codes nothing; a pair `a:b` codes `a`
                // source → target and `b` target → source (PETRARCH's
                // convention); either half may be empty or `---`.
                let (forward, backward) = match r.code.split_once(':') {
                    Some((a, b)) => (a.to_string(), Some(b.to_string())),
                    None => (r.code.clone(), None),
                };
                let mut parts = vec![(forward, false)];
                parts.extend(backward.map(|b| (b, true)));
                for (code, swap) in parts {
                    if code.is_empty() || code == "---" {
                        continue;
                    }
                    let (src, tgt) = if swap { (&r.target, &r.source) } else { (&r.source, &r.target) };
                    let mut event = Event {
                        doc_id: doc.id.clone(),
                        sentence: si as u32,
                        text: sentence_text.clone(),
                        source: actors(src),
                        target: actors(tgt),
                        cameo: code,
                        cameo_root: String::new(),
                        quad_class: 0,
                        goldstein: 0.0,
                        plover: Plover::default(),
                        status: r.status,
                        attributed_to: r.attributed_to.map(actor),
                        date: event_date.0.clone(),
                        date_precision: event_date.1,
                        location: location.clone(),
                        issues: issues.clone(),
                        evidence: Evidence {
                            verb_span: [offsets.at(verb.start), offsets.at(verb.end)],
                            rule: r.rule.clone(),
                        },
                    };
                    event.fill_from_codebook(self.book);
                    events.push(event);
                }
            }
        }
        events
    }
}
