//! Greedy left-to-right averaged-perceptron tagger predicting (UPOS, XPOS) pairs jointly.
//!
//! Why joint pairs: XPOS alone does not determine UPOS in EWT (IN → ADP/SCONJ,
//! VBZ → VERB/AUX, DT → DET/PRON) and predicting the pair keeps the two columns
//! consistent, which the parser's tag features rely on.
use crate::clusters::{cap_level, prefix, profile, Clusters};
use crate::data::{Rng, Sent};
use crate::hash::{f1, f2, f3, fin, hash_chars, mix, HashIndex, IdMap, Reader, Writer};
use crate::perceptron::{Frozen, Scores, Trainer};
use crate::tags::{Upos, Xpos};
use crate::SyntaxError;

/// Precomputed per-token atoms; computed once per token, reused by many templates.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokF {
    pub form: u64,
    pub lower: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    shape: u64,
    flags: u64,
    amb: u64,
    sure: u16,
    /// Word cluster path (see [`crate::clusters`]); the parser reads it too.
    pub clu: u64,
    /// Cluster prefix atoms: 4 and 8 bits, and the whole path.
    c: [u64; 3],
}

fn pad(k: u64) -> TokF {
    let v = fin(0xdead_0000 + k);
    TokF { form: v, lower: v, pre: [v; 3], suf: [v; 4], shape: v, flags: v, amb: v, sure: 0, clu: 0, c: [v; 3] }
}

/// Reusable buffers of the tagger (kept inside [`crate::Annotation`]).
#[derive(Default)]
pub(crate) struct TagScratch {
    pub toks: Vec<TokF>,
    feats: Vec<u64>,
    buf: Vec<u64>,
    scores: Scores,
    chars: Vec<char>,
    pass1: Vec<u16>,
    margins: Vec<f32>,
}

/// Tag dictionary entry payload: ambiguity-class hash (32 bits) | sure tag + 1 (8 bits).
struct DictBuilder {
    counts: IdMap<Vec<u32>>,
}

impl DictBuilder {
    fn new() -> Self {
        DictBuilder { counts: IdMap::default() }
    }
    fn add(&mut self, lower: u64, class: usize, nclass: usize) {
        self.counts.entry(lower).or_insert_with(|| vec![0; nclass])[class] += 1;
    }
    /// Ambiguity class = the set of tags seen with ≥ 5% of a word's occurrences;
    /// a word seen ≥ 20 times with one tag ≥ 99.5% of the time is "sure" and is
    /// tagged by lookup (faster, and the perceptron rarely beats it).
    fn build(&self) -> HashIndex {
        let mut items: Vec<(u64, u64)> = Vec::with_capacity(self.counts.len());
        for (&k, c) in &self.counts {
            let total: u32 = c.iter().sum();
            if total < amb_min() {
                continue;
            }
            let mut h = 0x1234u64;
            let mut best = 0;
            for (j, &n) in c.iter().enumerate() {
                if n * 20 >= total && n > 0 {
                    h = mix(h, j as u64 + 1);
                }
                if n > c[best] {
                    best = j;
                }
            }
            let sure = if total >= 20 && c[best] as f64 >= 0.995 * total as f64 { best as u64 + 1 } else { 0 };
            items.push((k, ((fin(h) & 0xffff_ffff) << 8) | sure));
        }
        items.sort_unstable();
        HashIndex::build(&items)
    }
}

/// Minimum count for a word's tags to enter the tag dictionary. A fixed
/// constant, so training never depends on the environment (it was read
/// from `AMB_MIN` during experiments; 3 was best on dev).
fn amb_min() -> u32 {
    3
}

pub(crate) struct Tagger {
    pub tags: Vec<(Upos, Xpos)>,
    model: Frozen,
    /// Optional second-pass model using first-pass right-context tags.
    model2: Option<Frozen>,
    dict: HashIndex,
    pub clusters: Clusters,
}

/// Fills `toks` with the atoms of `words`.
fn prepare(words: &[&str], dict: &HashIndex, clusters: &Clusters, toks: &mut Vec<TokF>, chars: &mut Vec<char>) {
    toks.clear();
    for (i, w) in words.iter().enumerate() {
        chars.clear();
        chars.extend(w.chars().flat_map(char::to_lowercase));
        let n = chars.len();
        let lower = hash_chars(chars.iter().copied());
        let exact = crate::hash::hash_str(w);
        let clu = clusters.get(exact, lower);
        let c = [prefix(clu, 4), prefix(clu, 8), prefix(clu, 32)];
        let mut t = TokF { form: mix(exact, 1), lower, clu, c, ..TokF::default() };
        for k in 0..3 {
            t.pre[k] = if n > k + 1 { hash_chars(chars[..k + 1].iter().copied()) } else { 0x77 + k as u64 };
        }
        for k in 0..4 {
            t.suf[k] = if n > k + 1 { hash_chars(chars[n - k - 1..].iter().copied()) } else { 0x99 + k as u64 };
        }
        // Short word shape (Xxx → Xx, 1,000 → d,d): generalises over unknown words.
        let mut sh: u64 = 7;
        let mut last = '\0';
        let (mut digit, mut upper, mut lowerc, mut hyph, mut other) = (false, 0usize, false, false, false);
        let mut first_upper = false;
        for (ci, c) in w.chars().enumerate() {
            let k = if c.is_uppercase() {
                upper += 1;
                if ci == 0 {
                    first_upper = true;
                }
                'X'
            } else if c.is_lowercase() {
                lowerc = true;
                'x'
            } else if c.is_ascii_digit() {
                digit = true;
                'd'
            } else {
                if c == '-' {
                    hyph = true;
                } else {
                    other = true;
                }
                c
            };
            if k != last {
                sh = mix(sh, k as u64);
                last = k;
            }
        }
        t.shape = fin(sh);
        let len_b = n.min(4) as u64;
        let flags = digit as u64
            | (hyph as u64) << 1
            | (first_upper as u64) << 2
            | ((upper > 1 && !lowerc) as u64) << 3
            | (lowerc as u64) << 4
            | ((i == 0) as u64) << 5
            | (other as u64) << 6
            | len_b << 7;
        t.flags = flags;
        match dict.get(lower) {
            Some(p) => {
                t.amb = p >> 8;
                t.sure = (p & 0xff) as u16;
            }
            None => t.amb = 0xfeed,
        }
        toks.push(t);
    }
}

const START1: u64 = 1001;
const START2: u64 = 1002;

/// Extracts the feature keys of token `i` given the two previous predicted tags.
fn features(toks: &[TokF], i: usize, pt1: u64, pt2: u64, right: Option<&[u16]>, out: &mut Vec<u64>) {
    let get = |j: isize| -> TokF {
        if j < 0 {
            pad(j.unsigned_abs() as u64)
        } else if j as usize >= toks.len() {
            pad(10 + j as u64 - toks.len() as u64)
        } else {
            toks[j as usize]
        }
    };
    let ii = i as isize;
    let t = toks[i];
    let (m1, m2, p1, p2) = (get(ii - 1), get(ii - 2), get(ii + 1), get(ii + 2));
    out.clear();
    out.push(f1(1, 0));
    out.push(f1(2, t.form));
    out.push(f1(3, t.lower));
    for k in 0..4 {
        out.push(f1(4 + k as u64, t.suf[k]));
    }
    for k in 0..3 {
        out.push(f1(8 + k as u64, t.pre[k]));
    }
    out.push(f1(11, t.shape));
    out.push(f1(12, t.flags));
    out.push(f1(13, t.amb));
    out.push(f1(14, m1.lower));
    out.push(f1(15, m2.lower));
    out.push(f1(16, p1.lower));
    out.push(f1(17, p2.lower));
    out.push(f1(18, m1.suf[2]));
    out.push(f1(19, p1.suf[2]));
    out.push(f1(20, p1.amb));
    out.push(f1(21, p2.amb));
    out.push(f1(23, pt1));
    out.push(f1(24, pt2));
    out.push(f2(25, pt1, pt2));
    out.push(f2(26, pt1, t.lower));
    out.push(f2(27, pt1, t.suf[2]));
    out.push(f2(28, m1.lower, t.lower));
    out.push(f2(29, t.lower, p1.lower));
    out.push(f1(30, m1.shape));
    out.push(f1(31, p1.shape));
    out.push(f2(32, pt1, t.amb));
    out.push(f2(33, t.amb, p1.amb));
    out.push(f2(34, t.flags, t.suf[1]));
    out.push(f2(35, pt1, p1.lower));
    out.push(f2(36, t.shape, t.suf[2]));
    // Word clusters: what a known word's cluster-mates taught carries over to
    // words the training data never had.
    out.push(f1(50, t.c[0]));
    out.push(f1(51, t.c[1]));
    out.push(f1(52, t.c[2]));
    out.push(f1(53, m1.c[2]));
    out.push(f1(54, p1.c[2]));
    out.push(f2(55, pt1, t.c[1]));
    out.push(f2(56, t.c[1], p1.c[1]));
    out.push(f2(57, m1.c[1], t.c[1]));
    out.push(f1(58, p2.c[1]));
    out.push(f2(59, t.c[2], t.suf[1]));
    // How often the word is capitalised, and how common it is, in a large corpus:
    // separates names from capitalised nouns (and lowercase names) better than
    // the training data can.
    out.push(f2(60, profile(t.clu), t.flags & 0b10_0100));
    out.push(f3(61, cap_level(t.clu), t.flags, pt1));
    out.push(f2(62, profile(t.clu), t.suf[1]));
    out.push(f2(63, cap_level(t.clu), cap_level(p1.clu)));
    // Finer and coarser cluster prefixes, and clusters of the wider window.
    out.push(f1(64, prefix(t.clu, 2)));
    out.push(f1(65, prefix(t.clu, 6)));
    out.push(f1(66, prefix(t.clu, 10)));
    out.push(f1(67, prefix(t.clu, 12)));
    out.push(f1(68, prefix(t.clu, 16)));
    out.push(f1(69, m2.c[2]));
    out.push(f2(70, p1.c[2], p2.c[1]));
    out.push(f2(71, pt1, p1.c[1]));
    out.push(f3(72, pt1, t.c[1], p1.c[1]));
    if let Some(r) = right {
        // Second pass: first-pass tags of the right context (and of the word itself)
        // give the greedy left-to-right tagger the look-ahead it otherwise lacks.
        let rt = |j: usize| r.get(j).map_or_else(|| RIGHT_END + (j - r.len()) as u64, |&c| c as u64 + 1);
        let (a0, a1, a2) = (rt(i), rt(i + 1), rt(i + 2));
        out.push(f1(40, a1));
        out.push(f1(41, a2));
        out.push(f2(42, a1, a2));
        out.push(f2(43, pt1, a1));
        out.push(f2(44, a1, t.lower));
        out.push(f2(45, a1, t.suf[2]));
        out.push(f1(46, a0));
        out.push(f2(47, a0, t.lower));
        out.push(f3(48, pt1, a0, a1));
    }
}

const RIGHT_END: u64 = 2001;

/// Greedy decoding with a frozen model (optionally a second pass using `right`).
///
/// `margins` links the passes: the first pass records, per word, how far its
/// best tag's score is ahead of the runner-up (in the model's float units;
/// words tagged by lookup get infinity), and the second pass keeps the first
/// pass's tag wherever that lead is at least [`SECOND_PASS_MARGIN`]. Why: most
/// words are tagged with a wide lead that the second pass never overturns,
/// and scoring only the close calls makes the second pass ~3× cheaper.
#[allow(clippy::too_many_arguments)]
fn decode(
    model: &Frozen,
    toks: &[TokF],
    right: Option<&[u16]>,
    margins: &mut Vec<f32>,
    feats: &mut Vec<u64>,
    buf: &mut Vec<u64>,
    scores: &mut [i32; 256],
    out: &mut Vec<u16>,
) {
    out.clear();
    let first = right.is_none();
    if first {
        margins.clear();
    }
    let skip = SECOND_PASS_MARGIN;
    let (mut pt1, mut pt2) = (START1, START2);
    for i in 0..toks.len() {
        let c = if toks[i].sure > 0 {
            if first {
                margins.push(f32::INFINITY);
            }
            toks[i].sure - 1
        } else if let (Some(r), true) = (right, margins.get(i).is_some_and(|&m| m >= skip)) {
            r[i]
        } else {
            features(toks, i, pt1, pt2, right, feats);
            model.score(feats, scores, buf);
            let s = &scores[..model.nclass];
            let best = argmax_i(s);
            if first {
                let runner = s.iter().enumerate().filter(|&(j, _)| j != best).map(|(_, &v)| v).max().unwrap_or(s[best]);
                margins.push(model.to_f32(s[best] - runner));
            }
            best as u16
        };
        out.push(c);
        pt2 = pt1;
        pt1 = c as u64 + 1;
    }
}

/// First-pass lead (float score units) above which the second pass keeps the
/// first pass's tag. Chosen on EWT dev with the shipped training settings: at
/// 40 the tags are identical to scoring every word (at 20, −0.01 UPOS), and
/// the second pass costs about a third of what it did.
const SECOND_PASS_MARGIN: f32 = 40.0;

impl Tagger {
    /// Tags `words`, writing class ids into `out`.
    pub(crate) fn tag(&self, words: &[&str], sc: &mut TagScratch, out: &mut Vec<u16>) {
        let TagScratch { toks, feats, scores, chars, buf, pass1, margins } = sc;
        prepare(words, &self.dict, &self.clusters, toks, chars);
        match &self.model2 {
            Some(m2) => {
                decode(&self.model, toks, None, margins, feats, buf, &mut scores.0, pass1);
                decode(m2, toks, Some(pass1), margins, feats, buf, &mut scores.0, out);
            }
            None => decode(&self.model, toks, None, margins, feats, buf, &mut scores.0, out),
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.tags.len() as u32);
        for &(u, x) in &self.tags {
            w.u8(u.index() as u8);
            w.u8(x.index() as u8);
        }
        self.model.write(w);
        self.dict.write(w);
        self.clusters.write(w);
        w.u8(self.model2.is_some() as u8);
        if let Some(m) = &self.model2 {
            m.write(w);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Tagger, SyntaxError> {
        let n = r.u32()? as usize;
        let mut tags = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            let u = Upos::from_index(r.u8()? as usize);
            let x = Xpos::from_index(r.u8()? as usize);
            match (u, x) {
                (Some(u), Some(x)) => tags.push((u, x)),
                _ => return Err(SyntaxError::ModelFormat("bad tag pair".into())),
            }
        }
        let model = Frozen::read(r)?;
        let dict = HashIndex::read(r)?;
        let clusters = Clusters::read(r)?;
        let model2 = if r.u8()? == 1 { Some(Frozen::read(r)?) } else { None };
        if model.nclass != tags.len() || model2.as_ref().is_some_and(|m| m.nclass != tags.len()) {
            return Err(SyntaxError::ModelFormat("tagger class count mismatch".into()));
        }
        Ok(Tagger { tags, model, model2, dict, clusters })
    }

    pub(crate) fn describe(&self) -> String {
        format!(
            "tagger: {} classes, {} weights, ~{} MB, {}",
            self.tags.len(),
            self.model.n_entries(),
            self.model.mem_bytes() >> 20,
            self.clusters.describe()
        ) + &self
            .model2
            .as_ref()
            .map_or(String::new(), |m| format!("; second pass {} weights, ~{} MB", m.n_entries(), m.mem_bytes() >> 20))
    }
}

pub(crate) fn argmax_i(s: &[i32]) -> usize {
    let mut best = 0;
    for (j, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = j;
        }
    }
    best
}

fn argmax_f(s: &[f32]) -> usize {
    let mut best = 0;
    for (j, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = j;
        }
    }
    best
}

/// Gold class ids of a sentence (pairs missing from `tags` map to class 0; cannot happen for training data).
pub(crate) fn gold_classes(s: &Sent, tags: &[(Upos, Xpos)]) -> Vec<u16> {
    (0..s.len()).map(|i| tags.iter().position(|&p| p == (s.upos[i], s.xpos[i])).unwrap_or(0) as u16).collect()
}

/// Trains a tagger on `sents` (gold classes precomputed in `gold`); its weights
/// are the mean of `seeds` runs that visit the sentences in different orders.
#[allow(clippy::too_many_arguments)]
pub(crate) fn train(
    sents: &[&Sent],
    gold: &[&Vec<u16>],
    tags: &[(Upos, Xpos)],
    clusters: &Clusters,
    epochs: usize,
    seeds: usize,
    seed: u64,
    prune: f32,
    two_pass: bool,
    verbose: bool,
) -> Tagger {
    let nclass = tags.len();
    let mut chars = Vec::new();
    // The tag dictionary seen by training examples is built from the *other* folds
    // (jackknifed), so that rare training words look as unknown as test words do and
    // the model learns how much to trust the ambiguity class.
    const DICT_FOLDS: usize = 10;
    let mut db = DictBuilder::new();
    let mut fold_db: Vec<DictBuilder> = (0..DICT_FOLDS).map(|_| DictBuilder::new()).collect();
    for (si, (s, g)) in sents.iter().zip(gold).enumerate() {
        for (f, &c) in s.forms.iter().zip(g.iter()) {
            let lower = hash_chars(f.chars().flat_map(char::to_lowercase));
            db.add(lower, c as usize, nclass);
            fold_db[si % DICT_FOLDS].add(lower, c as usize, nclass);
        }
    }
    let dict = db.build();
    let fold_dicts: Vec<HashIndex> = fold_db
        .iter()
        .map(|fd| {
            let mut rest = DictBuilder::new();
            for (&k, c) in &db.counts {
                let mut c = c.clone();
                if let Some(f) = fd.counts.get(&k) {
                    for (a, b) in c.iter_mut().zip(f) {
                        *a -= b;
                    }
                }
                if c.iter().any(|&x| x > 0) {
                    rest.counts.insert(k, c);
                }
            }
            rest.build()
        })
        .collect();
    drop(fold_db);
    // Atoms do not change across epochs: compute them once.
    let mut all_toks: Vec<Vec<TokF>> = Vec::with_capacity(sents.len());
    for (si, s) in sents.iter().enumerate() {
        let words: Vec<&str> = s.forms.iter().map(|x| x.as_str()).collect();
        let mut toks = Vec::new();
        prepare(&words, &fold_dicts[si % DICT_FOLDS], clusters, &mut toks, &mut chars);
        all_toks.push(toks);
    }
    let all: Vec<usize> = (0..sents.len()).collect();
    // First-pass tags for the second pass's training data come from jackknifed
    // first-pass models, so the second pass learns how far to trust them on
    // unseen text. Those models do not depend on the first-pass model itself,
    // so both are trained at once.
    const FOLDS: usize = 4;
    let folds: Vec<usize> = if two_pass { (0..FOLDS).collect() } else { Vec::new() };
    let (model, fold_models) = rayon::join(
        || train_avg(&all_toks, gold, &all, None, nclass, epochs, seeds, seed, verbose).freeze(prune),
        || {
            crate::run_parallel(&folds, |&f| {
                let idx: Vec<usize> = (0..sents.len()).filter(|i| i % FOLDS != f).collect();
                train_pass(&all_toks, gold, &idx, None, nclass, epochs, seed ^ (f as u64 + 77), false).freeze(prune)
            })
        },
    );
    let model2 = if two_pass {
        let mut pass1: Vec<Vec<u16>> = vec![Vec::new(); sents.len()];
        let mut sc = TagScratch::default();
        for (f, m) in fold_models.iter().enumerate() {
            for i in (0..sents.len()).filter(|i| i % FOLDS == f) {
                let TagScratch { feats, buf, scores, margins, .. } = &mut sc;
                decode(m, &all_toks[i], None, margins, feats, buf, &mut scores.0, &mut pass1[i]);
            }
        }
        Some(
            train_avg(&all_toks, gold, &all, Some(&pass1), nclass, epochs, seeds, seed ^ 0x2222, verbose).freeze(prune),
        )
    } else {
        None
    };
    Tagger { tags: tags.to_vec(), model, model2, dict, clusters: clusters.clone() }
}

/// The mean of `seeds` training runs with different example orders.
///
/// Why: one averaged perceptron's dev accuracy moves by ±0.1 with the seed;
/// the mean of four runs was +0.1 UPOS over their average on dev, for 4×
/// the training time and no change in size or speed.
#[allow(clippy::too_many_arguments)]
fn train_avg(
    all_toks: &[Vec<TokF>],
    gold: &[&Vec<u16>],
    idx: &[usize],
    right: Option<&[Vec<u16>]>,
    nclass: usize,
    epochs: usize,
    seeds: usize,
    seed: u64,
    verbose: bool,
) -> Trainer {
    if seeds <= 1 {
        return train_pass(all_toks, gold, idx, right, nclass, epochs, seed, verbose);
    }
    let ids: Vec<u64> = (0..seeds as u64).collect();
    let runs: Vec<Trainer> = crate::run_parallel(&ids, |&i| {
        let s = seed.wrapping_add(i.wrapping_mul(104_729));
        train_pass(all_toks, gold, idx, right, nclass, epochs, s, verbose && i == 0)
    });
    Trainer::mean_of(&runs)
}

/// One perceptron training run over the sentences `idx`.
#[allow(clippy::too_many_arguments)]
fn train_pass(
    all_toks: &[Vec<TokF>],
    gold: &[&Vec<u16>],
    idx: &[usize],
    right: Option<&[Vec<u16>]>,
    nclass: usize,
    epochs: usize,
    seed: u64,
    verbose: bool,
) -> Trainer {
    let mut tr = Trainer::new(nclass);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = idx.to_vec();
    let mut feats = Vec::new();
    let mut fscores = vec![0f32; nclass];
    for ep in 0..epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let toks = &all_toks[si];
            let g = gold[si];
            let r = right.map(|r| r[si].as_slice());
            let (mut pt1, mut pt2) = (START1, START2);
            for i in 0..toks.len() {
                let c = if toks[i].sure > 0 {
                    toks[i].sure as usize - 1
                } else {
                    features(toks, i, pt1, pt2, r, &mut feats);
                    tr.score(&feats, &mut fscores);
                    let p = argmax_f(&fscores);
                    tr.update(&feats, g[i] as usize, p);
                    tr.tick();
                    p
                };
                correct += (c == g[i] as usize) as usize;
                total += 1;
                pt2 = pt1;
                pt1 = c as u64 + 1;
            }
        }
        if verbose {
            eprintln!(
                "  tagger{} epoch {}: train acc {:.2}% ({} feats)",
                if right.is_some() { " (2nd pass)" } else { "" },
                ep + 1,
                100.0 * correct as f64 / total.max(1) as f64,
                tr.n_features()
            );
        }
    }
    tr
}
