//! # dyad-syntax
//!
//! Part-of-speech tagging (UPOS + Penn Treebank XPOS), lemmatization and labeled
//! dependency parsing (Universal Dependencies, with English subtypes such as
//! `nsubj:pass` or `obl:tmod`) for dyad's event coder. Everything is trained by
//! this crate's own code on UD English EWT; the trained model lives in
//! `models/en_ewt.syntax.zst` and is embedded in the binary.
//!
//! ```no_run
//! let model = dyad_syntax::embedded_model()?;
//! let mut ann = dyad_syntax::Annotation::new();
//! model.annotate(&["Russia", "attacked", "Ukraine", "on", "Monday", "."], &mut ann);
//! assert_eq!(ann.deprel[0].as_str(), "nsubj");
//! assert_eq!(ann.head[0], 2); // "Russia" ← "attacked" (1-based, 0 = root)
//! assert_eq!(ann.lemma(1), "attack");
//! # Ok::<(), dyad_syntax::SyntaxError>(())
//! ```
//!
//! How it works, briefly: a greedy averaged-perceptron tagger predicts (UPOS, XPOS)
//! pairs, and a second pass that sees the first pass's tags of the words to the
//! right re-tags the close calls; lemmas come from learned tables, irregular forms
//! and learned suffix rules; a greedy arc-hybrid transition parser (dynamic oracle,
//! trained on jackknifed tags) builds the tree and a second perceptron labels each
//! arc (optionally, a third one relabels the finished tree, see
//! [`TrainConfig::relabel_epochs`]). Tagger and parser also see each word's Brown
//! cluster and how often it is capitalised in a large corpus (a lexicon from a
//! registry package, see `clusters.rs`), which is what carries them over to words
//! EWT never had. The tagger's weights are the mean of four perceptrons trained
//! on the same data in different orders, the parser's of eight (same size and
//! speed as one, less variance). All features are hashed
//! to integers and scored against frozen weight tables, so annotation does no
//! per-token heap allocation once an [`Annotation`] has warmed up.
//!
//! Measured on `en_ewt-ud-test.conllu` (gold tokenization, predicted tags,
//! punctuation included) with the shipped model: UPOS 96.0, XPOS 95.5, lemma 97.3,
//! UAS 86.6, LAS 83.0 (full labels), ~105–115k words/s on one core.
//!
//! What it deliberately does **not** do: tokenization, sentence splitting or
//! multiword-token expansion (the text crate hands it words), named-entity
//! recognition, and non-projective output (training trees are projectivized).
#![warn(missing_docs)]
// Parallel column arrays are indexed by word position throughout; index loops read clearer.
#![allow(clippy::needless_range_loop)]

mod clusters;
pub mod conllu;
mod data;
mod error;
mod hash;
mod lemma;
mod mem;
mod parser;
mod perceptron;
mod relabel;
mod tagger;
mod tags;

pub use error::SyntaxError;
pub use lemma::IRREGULAR;
pub use parser::{is_projective, oracle_parse, projectivize};
pub use tags::{DepRel, Upos, Xpos};

use data::Sent;
use hash::{hash_chars, Reader, Writer};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

/// File name of the model inside `models/`.
pub const MODEL_FILE_NAME: &str = "en_ewt.syntax.zst";
const MAGIC: &[u8; 8] = b"DYADSYN2";

#[cfg(dyad_syntax_model)]
static EMBEDDED: &[u8] = include_bytes!(env!("DYAD_SYNTAX_MODEL_PATH"));
#[cfg(not(dyad_syntax_model))]
static EMBEDDED: &[u8] = &[];

/// Loads the model embedded in the binary once (lazily) and returns it.
///
/// Returns [`SyntaxError::ModelMissing`] when the crate was built before
/// `models/en_ewt.syntax.zst` existed.
pub fn embedded_model() -> Result<&'static SyntaxModel, SyntaxError> {
    static CELL: OnceLock<Result<SyntaxModel, String>> = OnceLock::new();
    if EMBEDDED.is_empty() {
        return Err(SyntaxError::ModelMissing);
    }
    match CELL.get_or_init(|| SyntaxModel::from_compressed(EMBEDDED).map_err(|e| e.to_string())) {
        Ok(m) => Ok(m),
        Err(e) => Err(SyntaxError::ModelFormat(e.clone())),
    }
}

/// True if this binary carries an embedded model.
pub fn has_embedded_model() -> bool {
    !EMBEDDED.is_empty()
}

/// A loaded tagger + lemmatizer + parser.
pub struct SyntaxModel {
    tagger: tagger::Tagger,
    lemmatizer: lemma::Lemmatizer,
    parser: parser::Parser,
}

/// Tense derived from the XPOS of a word and of its auxiliaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Tense {
    /// Not a finite verb form, or tense not marked (modal).
    #[default]
    None,
    /// Past (VBD, or a clause whose finite auxiliary is VBD; VBN participles).
    Past,
    /// Present (VBZ/VBP, or a clause whose finite auxiliary is present).
    Pres,
}

/// Verb form derived from XPOS (and finite auxiliaries).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum VerbForm {
    /// Not a verb.
    #[default]
    None,
    /// Finite (VBD/VBZ/VBP/MD, or a predicate with a finite auxiliary).
    Fin,
    /// Infinitive / base form (VB).
    Inf,
    /// Past participle (VBN).
    Part,
    /// Gerund / present participle (VBG).
    Ger,
}

/// Small per-word morphology, derived from XPOS and the tree (not predicted separately).
///
/// For predicates, `tense`/`verb_form` reflect the clause: "has attacked" gives the
/// head "attacked" `Pres` + `Fin`; "will attack" gives `modal` and no tense.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Morph {
    /// Clause tense.
    pub tense: Tense,
    /// Verb form.
    pub verb_form: VerbForm,
    /// Has a passive auxiliary or passive subject (`aux:pass`, `nsubj:pass`, `csubj:pass`).
    pub passive: bool,
    /// Has a negation dependent (`not`, `n't`, `never`).
    pub negated: bool,
    /// Has a modal auxiliary (MD: will, would, can, may …).
    pub modal: bool,
    /// Plural noun or pronoun (NNS, NNPS, we/they/us/them/these/those …).
    pub plural: bool,
}

impl Morph {
    /// Appends UD-style FEATS (`Number=Plur|Polarity=Neg|Tense=Past|VerbForm=Fin|Voice=Pass`).
    pub fn write_ud_feats(&self, out: &mut String) {
        let mut push = |s: &str| {
            if !out.is_empty() {
                out.push('|');
            }
            out.push_str(s);
        };
        if self.plural {
            push("Number=Plur");
        }
        if self.negated {
            push("Polarity=Neg");
        }
        match self.tense {
            Tense::Past => push("Tense=Past"),
            Tense::Pres => push("Tense=Pres"),
            Tense::None => {}
        }
        match self.verb_form {
            VerbForm::Fin => push("VerbForm=Fin"),
            VerbForm::Inf => push("VerbForm=Inf"),
            VerbForm::Part => push("VerbForm=Part"),
            VerbForm::Ger => push("VerbForm=Ger"),
            VerbForm::None => {}
        }
        if self.passive {
            push("Voice=Pass");
        }
    }
}

#[derive(Default)]
struct Scratch {
    tag: tagger::TagScratch,
    classes: Vec<u16>,
    w: Vec<u64>,
    p: Vec<u64>,
    u: Vec<u64>,
    c: Vec<u64>,
    parse: parser::ParseScratch,
    lemma: lemma::LemmaScratch,
}

/// Column-oriented annotation of one sentence (plain data, not an object graph).
///
/// All vectors have one entry per input word. Reuse one `Annotation` across
/// sentences: [`SyntaxModel::annotate`] clears and refills it without allocating
/// once its buffers are large enough.
#[derive(Default)]
pub struct Annotation {
    /// Universal POS tag per word.
    pub upos: Vec<Upos>,
    /// Penn Treebank tag per word.
    pub xpos: Vec<Xpos>,
    /// All lemmas concatenated; see [`Annotation::lemma`].
    pub lemmas: String,
    /// End offset (in bytes) of each lemma in `lemmas`.
    pub lemma_ends: Vec<u32>,
    /// Head per word: 0 = root, else the 1-based index of the head word (CoNLL-U convention).
    pub head: Vec<u32>,
    /// Dependency relation per word (full UD label including subtype).
    pub deprel: Vec<DepRel>,
    /// Derived morphology per word.
    pub morph: Vec<Morph>,
    scratch: Scratch,
}

impl Clone for Annotation {
    fn clone(&self) -> Self {
        Annotation {
            upos: self.upos.clone(),
            xpos: self.xpos.clone(),
            lemmas: self.lemmas.clone(),
            lemma_ends: self.lemma_ends.clone(),
            head: self.head.clone(),
            deprel: self.deprel.clone(),
            morph: self.morph.clone(),
            scratch: Scratch::default(),
        }
    }
}

impl std::fmt::Debug for Annotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Annotation")
            .field("upos", &self.upos)
            .field("xpos", &self.xpos)
            .field("lemmas", &(0..self.len()).map(|i| self.lemma(i)).collect::<Vec<_>>())
            .field("head", &self.head)
            .field("deprel", &self.deprel)
            .field("morph", &self.morph)
            .finish()
    }
}

impl Annotation {
    /// An empty annotation (buffers grow on first use).
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of words annotated.
    pub fn len(&self) -> usize {
        self.upos.len()
    }

    /// True if no words are annotated.
    pub fn is_empty(&self) -> bool {
        self.upos.is_empty()
    }

    /// Lemma of word `i` (0-based); empty string if out of range.
    pub fn lemma(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lemma_ends.get(i - 1).copied().unwrap_or(0) as usize };
        let end = self.lemma_ends.get(i).copied().unwrap_or(0) as usize;
        self.lemmas.get(start..end).unwrap_or("")
    }

    /// 0-based index of the head of word `i`, or `None` for the root (or out of range).
    pub fn head_index(&self, i: usize) -> Option<usize> {
        match self.head.get(i) {
            Some(&h) if h > 0 => Some(h as usize - 1),
            _ => None,
        }
    }

    /// Clears all columns, keeping the buffers.
    pub fn clear(&mut self) {
        self.upos.clear();
        self.xpos.clear();
        self.lemmas.clear();
        self.lemma_ends.clear();
        self.head.clear();
        self.deprel.clear();
        self.morph.clear();
    }
}

const ROOT_TAG: u64 = 999;

fn lower_hash(form: &str) -> u64 {
    hash_chars(form.chars().flat_map(char::to_lowercase))
}

impl SyntaxModel {
    /// Loads a model file written by [`train`] (zstd-compressed).
    pub fn load(path: &Path) -> Result<SyntaxModel, SyntaxError> {
        let bytes = std::fs::read(path).map_err(|e| SyntaxError::io(path, e))?;
        Self::from_compressed(&bytes)
    }

    /// Loads a model from the bytes of a model file.
    pub fn from_compressed(bytes: &[u8]) -> Result<SyntaxModel, SyntaxError> {
        // Room for the usual compression ratio up front: a buffer grown by
        // doubling copied and page-faulted the model several times over.
        // Reserved pages that stay unused cost nothing.
        let mut raw = Vec::with_capacity(bytes.len().saturating_mul(4));
        zstd::stream::copy_decode(bytes, &mut raw).map_err(|e| SyntaxError::ModelFormat(format!("zstd: {e}")))?;
        let mut r = Reader::new(&raw);
        let mut magic = [0u8; 8];
        for m in magic.iter_mut() {
            *m = r.u8()?;
        }
        if &magic != MAGIC {
            return Err(SyntaxError::ModelFormat("not a dyad syntax model (bad magic/version)".into()));
        }
        Ok(SyntaxModel {
            tagger: tagger::Tagger::read(&mut r)?,
            lemmatizer: lemma::Lemmatizer::read(&mut r)?,
            parser: parser::Parser::read(&mut r)?,
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.buf.extend_from_slice(MAGIC);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        w.buf
    }

    /// Whether the model's word lexicon has `word` (any casing). A name it
    /// lacks is one the tagger and parser know only by its spelling and
    /// context; the coder shows such names, when its dictionaries know them,
    /// to the parser as a well-known name instead.
    pub fn in_lexicon(&self, word: &str) -> bool {
        self.tagger.clusters.get(hash::hash_str(word), lower_hash(word)) != clusters::NO_CLUSTER
    }

    /// One-line description of the model's size (for logs).
    pub fn summary(&self) -> String {
        format!("{}; {}", self.tagger.describe(), self.parser.describe())
    }

    /// Tags, lemmatizes and parses one sentence given as words.
    ///
    /// `out` is cleared and refilled; reusing it avoids all per-token allocation.
    pub fn annotate(&self, words: &[&str], out: &mut Annotation) {
        out.clear();
        let n = words.len();
        if n == 0 {
            return;
        }
        let sc = &mut out.scratch;
        self.tagger.tag(words, &mut sc.tag, &mut sc.classes);
        for &c in &sc.classes {
            let (u, x) = self.tagger.tags.get(c as usize).copied().unwrap_or((Upos::X, Xpos::Xx));
            out.upos.push(u);
            out.xpos.push(x);
        }
        for (i, w) in words.iter().enumerate() {
            self.lemmatizer.lemmatize(w, out.xpos[i], &mut sc.lemma, &mut out.lemmas);
            out.lemma_ends.push(out.lemmas.len() as u32);
        }
        sc.w.clear();
        sc.w.extend(sc.tag.toks.iter().map(|t| t.lower));
        sc.w.push(ROOT_TAG);
        sc.p.clear();
        sc.p.extend(sc.classes.iter().map(|&c| c as u64 + 1));
        sc.p.push(ROOT_TAG);
        sc.u.clear();
        sc.u.extend(out.upos.iter().map(|u| u.index() as u64 + 1));
        sc.u.push(ROOT_TAG);
        sc.c.clear();
        sc.c.extend(sc.tag.toks.iter().map(|t| t.clu));
        sc.c.push(clusters::ROOT_CLUSTER);
        self.parser.parse(&parser::Ctx { w: &sc.w, p: &sc.p, u: &sc.u, c: &sc.c }, &mut sc.parse);
        let cfg = &sc.parse.cfg;
        for i in 0..n {
            let h = cfg.heads[i];
            out.head.push(if h as usize >= n { 0 } else { h + 1 });
            out.deprel.push(DepRel::from_index(cfg.labels[i] as usize).unwrap_or(DepRel::Dep));
        }
        derive_morph(words, out);
    }
}

fn is_neg(w: &str) -> bool {
    w.eq_ignore_ascii_case("not") || w.eq_ignore_ascii_case("n't") || w.eq_ignore_ascii_case("never") || w == "n’t"
}

fn is_plural_pron(w: &str) -> bool {
    ["we", "they", "us", "them", "ourselves", "themselves", "these", "those", "yourselves"]
        .iter()
        .any(|p| w.eq_ignore_ascii_case(p))
}

/// Fills `out.morph` from XPOS and the tree.
fn derive_morph(words: &[&str], out: &mut Annotation) {
    let n = words.len();
    for i in 0..n {
        let x = out.xpos[i];
        let (tense, verb_form) = match x {
            Xpos::Vbd => (Tense::Past, VerbForm::Fin),
            Xpos::Vbz | Xpos::Vbp => (Tense::Pres, VerbForm::Fin),
            Xpos::Vb => (Tense::None, VerbForm::Inf),
            Xpos::Vbn => (Tense::Past, VerbForm::Part),
            Xpos::Vbg => (Tense::None, VerbForm::Ger),
            Xpos::Md => (Tense::None, VerbForm::Fin),
            _ => (Tense::None, VerbForm::None),
        };
        let plural =
            matches!(x, Xpos::Nns | Xpos::Nnps) || (matches!(x, Xpos::Prp | Xpos::Dt) && is_plural_pron(words[i]));
        out.morph.push(Morph { tense, verb_form, plural, ..Morph::default() });
    }
    // Auxiliaries are to the left of their predicate: scan dependents left to right so
    // that the first finite auxiliary decides the clause tense.
    let mut seen_fin_aux = std::mem::take(&mut out.scratch.classes);
    seen_fin_aux.clear();
    seen_fin_aux.resize(n, 0);
    for d in 0..n {
        let Some(h) = out.head_index(d) else { continue };
        if h >= n {
            continue;
        }
        let rel = out.deprel[d];
        match rel {
            DepRel::Aux | DepRel::AuxPass | DepRel::Cop => {
                let x = out.xpos[d];
                if rel == DepRel::AuxPass {
                    out.morph[h].passive = true;
                }
                if x == Xpos::Md {
                    out.morph[h].modal = true;
                }
                if seen_fin_aux[h] == 0 && matches!(x, Xpos::Vbd | Xpos::Vbz | Xpos::Vbp | Xpos::Md) {
                    seen_fin_aux[h] = 1;
                    out.morph[h].tense = match x {
                        Xpos::Vbd => Tense::Past,
                        Xpos::Md => Tense::None,
                        _ => Tense::Pres,
                    };
                    out.morph[h].verb_form = VerbForm::Fin;
                }
            }
            DepRel::NsubjPass | DepRel::CsubjPass => out.morph[h].passive = true,
            DepRel::Advmod if is_neg(words[d]) => out.morph[h].negated = true,
            _ => {}
        }
    }
    out.scratch.classes = seen_fin_aux;
}

/// Scores on a gold CoNLL-U file (percentages, 0–100), gold tokenization.
///
/// `las` compares full labels including subtypes (stricter); `las_base` compares
/// only the universal part, as the CoNLL 2018 shared-task script does.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UdScores {
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy (exact string match).
    pub lemma: f64,
    /// Unlabeled attachment score.
    pub uas: f64,
    /// Labeled attachment score with full labels (`nsubj:pass` ≠ `nsubj`).
    pub las: f64,
    /// Labeled attachment score on universal labels only (CoNLL 2018 convention).
    pub las_base: f64,
    /// Annotation speed (tagging, lemmatization and parsing) on this thread.
    pub tokens_per_sec: f64,
    /// Number of words evaluated.
    pub tokens: usize,
    /// Number of sentences evaluated.
    pub sentences: usize,
}

/// Evaluates `model` on a gold CoNLL-U file with gold tokenization and predicted tags.
pub fn evaluate(model: &SyntaxModel, gold: &Path) -> Result<UdScores, SyntaxError> {
    let sents = conllu::read_file(gold)?;
    Ok(evaluate_sentences(model, &sents))
}

fn evaluate_sentences(model: &SyntaxModel, sents: &[conllu::Sentence]) -> UdScores {
    let mut ann = Annotation::new();
    let (mut upos, mut xpos, mut lemma, mut uas, mut las, mut lasb, mut total) = (0, 0, 0, 0, 0, 0, 0usize);
    let mut secs = 0f64;
    let mut words: Vec<&str> = Vec::new();
    for s in sents {
        words.clear();
        words.extend(s.words.iter().map(|w| w.form.as_str()));
        let t0 = Instant::now();
        model.annotate(&words, &mut ann);
        secs += t0.elapsed().as_secs_f64();
        for (i, g) in s.words.iter().enumerate() {
            total += 1;
            upos += (ann.upos[i].as_str() == g.upos) as usize;
            xpos += (ann.xpos[i].as_str() == g.xpos) as usize;
            lemma += (ann.lemma(i) == g.lemma) as usize;
            if ann.head[i] == g.head {
                uas += 1;
                let pd = ann.deprel[i];
                las += (pd.as_str() == g.deprel) as usize;
                lasb += (pd.base().as_str() == g.deprel.split(':').next().unwrap_or("")) as usize;
            }
        }
    }
    let pct = |x: usize| if total == 0 { 0.0 } else { 100.0 * x as f64 / total as f64 };
    UdScores {
        upos: pct(upos),
        xpos: pct(xpos),
        lemma: pct(lemma),
        uas: pct(uas),
        las: pct(las),
        las_base: pct(lasb),
        tokens_per_sec: if secs > 0.0 { total as f64 / secs } else { 0.0 },
        tokens: total,
        sentences: sents.len(),
    }
}

/// Training settings. [`TrainConfig::new`] gives the defaults used for the shipped model.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Training CoNLL-U file (e.g. `en_ewt-ud-train.conllu`).
    pub train: PathBuf,
    /// More training files, read after `train` (e.g. the dev file for a final
    /// model once settings are chosen; then `dev` no longer measures anything).
    pub extra_train: Vec<PathBuf>,
    /// Optional development file, evaluated after training (reported, not used for tuning).
    pub dev: Option<PathBuf>,
    /// Directory the model file is written to (`models/`).
    pub out_dir: PathBuf,
    /// Seed for shuffling and exploration; same seed + data = same model.
    pub seed: u64,
    /// Tagger epochs.
    pub tagger_epochs: usize,
    /// Parser epochs.
    pub parser_epochs: usize,
    /// The final tagger's weights are the mean of this many runs with different
    /// example orders (the jackknife taggers use one run each).
    pub tagger_seeds: usize,
    /// Same for the parser's transition classifier and labeler.
    pub parser_seeds: usize,
    /// Number of jackknife folds used to give the parser realistic (predicted) tags.
    pub jackknife_folds: usize,
    /// Worker threads for the jackknife taggers (results do not depend on it).
    pub threads: usize,
    /// Averaged weights with smaller magnitude are dropped from the tagger (size/speed).
    pub prune_tagger: f32,
    /// Same for the parser's transition classifier.
    pub prune_parser: f32,
    /// Likewise for the parser's label classifier (labels lose more from
    /// pruning than transitions do).
    pub prune_labeler: f32,
    /// Run a second tagging pass that sees first-pass tags of the right context.
    pub two_pass_tagger: bool,
    /// Epochs of the second-stage labeler that relabels the finished tree (0 = none;
    /// 10 gave +0.12 LAS on dev for ~6 MB and ~8% speed, so it is off by default).
    pub relabel_epochs: usize,
    /// Word-cluster file (`en_lexeme_cluster.json.gz` of the PyPI package
    /// `spacy-lookups-data`); see the `clusters` module. `None` trains without.
    pub clusters: Option<PathBuf>,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl TrainConfig {
    /// Defaults (the shipped model's settings, plus `clusters`): seed 1, 12
    /// tagger epochs, 15 parser epochs, 4 averaged runs of the final tagger
    /// and 8 of the parser, 5 folds, 2 threads, two-pass tagger, weights
    /// under 0.5 pruned (on dev, pruning at 0.5 instead of 0.05/0.1 changed
    /// UPOS and LAS by less than run-to-run noise and halved the model).
    pub fn new(train: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Self {
        TrainConfig {
            train: train.into(),
            extra_train: Vec::new(),
            dev: None,
            out_dir: out_dir.into(),
            seed: 1,
            tagger_epochs: 12,
            parser_epochs: 15,
            tagger_seeds: 4,
            parser_seeds: 8,
            jackknife_folds: 5,
            threads: 2,
            prune_tagger: 0.5,
            prune_parser: 0.5,
            prune_labeler: 0.5,
            two_pass_tagger: true,
            relabel_epochs: 0,
            clusters: None,
            verbose: false,
        }
    }
}

/// What [`train`] did.
#[derive(Clone, Debug, Serialize)]
pub struct TrainReport {
    /// The model file written.
    pub model_path: PathBuf,
    /// Its size in bytes (compressed).
    pub model_bytes: u64,
    /// Training sentences and words.
    pub train_sentences: usize,
    /// Training words.
    pub train_tokens: usize,
    /// Wall-clock training time in seconds.
    pub seconds: f64,
    /// Scores on the dev file, if one was given.
    pub dev: Option<UdScores>,
}

/// Trains tagger, lemmatizer and parser and writes `out_dir/en_ewt.syntax.zst`.
pub fn train(cfg: &TrainConfig) -> Result<TrainReport, SyntaxError> {
    let t0 = Instant::now();
    let log = |m: &str| {
        if cfg.verbose {
            eprintln!("[{:6.1}s] {m}", t0.elapsed().as_secs_f64());
        }
    };
    let mut sents: Vec<Sent> = Vec::new();
    for path in std::iter::once(&cfg.train).chain(&cfg.extra_train) {
        sents.extend(conllu::read_file(path)?.iter().map(Sent::from_conllu));
    }
    if sents.is_empty() {
        return Err(SyntaxError::Training("no sentences in training file".into()));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.max(1))
        .build()
        .map_err(|e| SyntaxError::Training(format!("thread pool: {e}")))?;
    let model = pool.install(|| train_model(&sents, cfg, &log))?;
    std::fs::create_dir_all(&cfg.out_dir).map_err(|e| SyntaxError::io(&cfg.out_dir, e))?;
    let path = cfg.out_dir.join(MODEL_FILE_NAME);
    let raw = model.to_bytes();
    log(&format!("serialising {} MB", raw.len() >> 20));
    let comp = zstd::encode_all(&raw[..], 15).map_err(|e| SyntaxError::io(&path, e))?;
    let tmp = path.with_extension("zst.tmp");
    std::fs::write(&tmp, &comp).map_err(|e| SyntaxError::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| SyntaxError::io(&path, e))?;
    log(&format!("wrote {} ({} bytes); {}", path.display(), comp.len(), model.summary()));
    let dev = match &cfg.dev {
        Some(d) => {
            let s = evaluate(&model, d)?;
            log(&format!("dev: {}", serde_json::to_string(&s).unwrap_or_default()));
            Some(s)
        }
        None => None,
    };
    Ok(TrainReport {
        model_path: path,
        model_bytes: comp.len() as u64,
        train_sentences: sents.len(),
        train_tokens: sents.iter().map(|s| s.len()).sum(),
        seconds: t0.elapsed().as_secs_f64(),
        dev,
    })
}

fn train_model(sents: &[Sent], cfg: &TrainConfig, log: &dyn Fn(&str)) -> Result<SyntaxModel, SyntaxError> {
    // Tag set = (UPOS, XPOS) pairs seen in training, in a fixed order.
    let mut tags: Vec<(Upos, Xpos)> =
        sents.iter().flat_map(|s| (0..s.len()).map(move |i| (s.upos[i], s.xpos[i]))).collect();
    tags.sort();
    tags.dedup();
    if tags.len() > 255 {
        return Err(SyntaxError::Training("more than 255 tag pairs".into()));
    }
    let gold: Vec<Vec<u16>> = sents.iter().map(|s| tagger::gold_classes(s, &tags)).collect();
    log(&format!("{} sentences, {} tag pairs", sents.len(), tags.len()));

    // Training depends only on the data and the config: no environment
    // switches (an experiment-only tag cache read from an environment
    // variable was removed).
    let clusters = match &cfg.clusters {
        Some(p) => clusters::Clusters::load_dir(p)?,
        None => clusters::Clusters::default(),
    };
    log(&format!("word clusters: {}", clusters.describe()));
    let (tagger, pred) = train_taggers(sents, &gold, &tags, &clusters, cfg, log)?;
    let (agree, total) = pred
        .iter()
        .zip(&gold)
        .fold((0, 0), |(a, t), (p, g)| (a + p.iter().zip(g).filter(|(x, y)| x == y).count(), t + g.len()));
    log(&format!("jackknifed tag accuracy {:.2}%", 100.0 * agree as f64 / total.max(1) as f64));

    let lemmatizer = lemma::Lemmatizer::train(sents);
    log("lemmatizer trained");

    let mut nonproj = 0;
    let data: Vec<parser::ParseSent> = sents
        .iter()
        .zip(&pred)
        .map(|(s, p)| {
            let mut w: Vec<u64> = s.forms.iter().map(|f| lower_hash(f)).collect();
            w.push(ROOT_TAG);
            let mut pp: Vec<u64> = p.iter().map(|&c| c as u64 + 1).collect();
            pp.push(ROOT_TAG);
            let mut u: Vec<u64> =
                p.iter().map(|&c| tags.get(c as usize).map_or(0, |t| t.0.index() as u64 + 1)).collect();
            u.push(ROOT_TAG);
            let mut c: Vec<u64> = s.forms.iter().map(|f| clusters.get(hash_chars(f.chars()), lower_hash(f))).collect();
            c.push(clusters::ROOT_CLUSTER);
            let (heads, lifted) = projectivize(&s.heads);
            if lifted.iter().any(|&l| l) {
                nonproj += 1;
            }
            parser::ParseSent {
                w,
                p: pp,
                u,
                c,
                gh: parser::to_internal(&heads),
                gl: s.rels.iter().map(|r| r.index() as u8).collect(),
            }
        })
        .collect();
    log(&format!("{nonproj} non-projective training trees lifted"));
    let mut parser = parser::train(
        &data,
        cfg.parser_epochs,
        cfg.parser_seeds,
        cfg.seed,
        cfg.prune_parser,
        cfg.prune_labeler,
        cfg.verbose,
    );
    log("parser trained");
    if cfg.relabel_epochs > 0 {
        parser.relabeler = Some(relabel::train(&data, cfg.relabel_epochs, cfg.seed, cfg.prune_parser, cfg.verbose));
        log("relabeler trained");
    }
    Ok(SyntaxModel { tagger, lemmatizer, parser })
}

/// Trains the final tagger and the jackknife taggers; returns the final tagger and
/// the jackknifed (predicted) tags of every training sentence.
fn train_taggers(
    sents: &[Sent],
    gold: &[Vec<u16>],
    tags: &[(Upos, Xpos)],
    clusters: &clusters::Clusters,
    cfg: &TrainConfig,
    log: &dyn Fn(&str),
) -> Result<(tagger::Tagger, Vec<Vec<u16>>), SyntaxError> {
    // Jackknifing: the parser must learn from tags as noisy as the ones it will see.
    let k = cfg.jackknife_folds.max(1);
    let mut jobs: Vec<usize> = (0..k).collect();
    jobs.push(usize::MAX); // the final tagger on all data
    let results: Vec<(usize, tagger::Tagger)> = run_parallel(&jobs, |&fold| {
        let (tr_s, tr_g): (Vec<&Sent>, Vec<&Vec<u16>>) = sents
            .iter()
            .zip(gold)
            .enumerate()
            .filter(|(i, _)| fold == usize::MAX || k < 2 || i % k != fold)
            .map(|(_, p)| p)
            .unzip();
        let verbose = cfg.verbose && fold == usize::MAX;
        let seed = cfg.seed.wrapping_add(fold as u64);
        (
            fold,
            tagger::train(
                &tr_s,
                &tr_g,
                tags,
                clusters,
                cfg.tagger_epochs,
                if fold == usize::MAX { cfg.tagger_seeds } else { 1 },
                seed,
                cfg.prune_tagger,
                cfg.two_pass_tagger,
                verbose,
            ),
        )
    });
    log("taggers trained");
    let mut pred: Vec<Vec<u16>> = gold.to_vec();
    let mut final_tagger = None;
    let mut sc = tagger::TagScratch::default();
    for (fold, t) in results {
        if fold == usize::MAX {
            final_tagger = Some(t);
            continue;
        }
        if k < 2 {
            continue;
        }
        for (i, s) in sents.iter().enumerate() {
            if i % k == fold {
                let words: Vec<&str> = s.forms.iter().map(|x| x.as_str()).collect();
                t.tag(&words, &mut sc, &mut pred[i]);
            }
        }
    }
    let tagger = final_tagger.ok_or_else(|| SyntaxError::Training("final tagger missing".into()))?;
    Ok((tagger, pred))
}

/// Runs `f` over `jobs` on the current rayon pool, returning results in job order.
///
/// Why rayon: the jobs nest (jackknife folds → averaged seeds → inner folds)
/// and differ in size by up to 4×; with one thread per outer job one core sat
/// idle for a quarter of the tagger phase. Work stealing keeps both busy, and
/// results stay in job order, so the model does not depend on the thread count.
fn run_parallel<J: Sync, R: Send>(jobs: &[J], f: impl Fn(&J) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    jobs.par_iter().map(f).collect()
}

#[cfg(test)]
mod tests;

/// Trains only the tagger on `train` and returns (UPOS, XPOS) accuracy on `dev`.
/// For tuning experiments; not part of the stable API.
#[doc(hidden)]
pub fn tagger_experiment(
    train: &Path,
    dev: &Path,
    epochs: usize,
    seeds: usize,
    prune: f32,
    two_pass: bool,
    clusters: Option<&Path>,
) -> Result<(f64, f64), SyntaxError> {
    let clusters = match clusters {
        Some(p) => clusters::Clusters::load_dir(p)?,
        None => clusters::Clusters::default(),
    };
    let sents: Vec<Sent> = conllu::read_file(train)?.iter().map(Sent::from_conllu).collect();
    let dev: Vec<Sent> = conllu::read_file(dev)?.iter().map(Sent::from_conllu).collect();
    let mut tags: Vec<(Upos, Xpos)> =
        sents.iter().flat_map(|s| (0..s.len()).map(move |i| (s.upos[i], s.xpos[i]))).collect();
    tags.sort();
    tags.dedup();
    let gold: Vec<Vec<u16>> = sents.iter().map(|s| tagger::gold_classes(s, &tags)).collect();
    let t = tagger::train(
        &sents.iter().collect::<Vec<_>>(),
        &gold.iter().collect::<Vec<_>>(),
        &tags,
        &clusters,
        epochs,
        seeds,
        1,
        prune,
        two_pass,
        true,
    );
    let mut sc = tagger::TagScratch::default();
    let mut out = Vec::new();
    let (mut u, mut x, mut n) = (0, 0, 0);
    for s in &dev {
        let words: Vec<&str> = s.forms.iter().map(|x| x.as_str()).collect();
        t.tag(&words, &mut sc, &mut out);
        for i in 0..s.len() {
            let (pu, px) = t.tags[out[i] as usize];
            u += (pu == s.upos[i]) as usize;
            x += (px == s.xpos[i]) as usize;
            n += 1;
        }
    }
    Ok((100.0 * u as f64 / n as f64, 100.0 * x as f64 / n as f64))
}
