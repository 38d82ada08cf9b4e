//! Averaged multi-class perceptron: a dense trainer and a sparse frozen form.
//!
//! Why a perceptron: it trains in seconds on EWT, is deterministic given the
//! example order, and its frozen form is a plain table of weights, which is
//! what makes 100k+ tokens/s on one core possible.
use crate::hash::{HashIndex, IdMap, Reader, Writer};
use crate::mem::Table;
use crate::SyntaxError;

/// Training-time weights: one dense row per feature that was ever updated.
///
/// Averaging uses the "w − u/c" trick (Daumé III): `u` accumulates each
/// update scaled by the time step, so no per-weight timestamps are needed.
pub(crate) struct Trainer {
    nclass: usize,
    rows: IdMap<u32>,
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
}

impl Trainer {
    pub(crate) fn new(nclass: usize) -> Self {
        Trainer { nclass, rows: IdMap::default(), w: Vec::new(), u: Vec::new(), c: 1.0 }
    }

    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for f in feats {
            if let Some(&r) = self.rows.get(f) {
                let row = &self.w[r as usize * self.nclass..][..self.nclass];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    /// Advances the averaging clock by one example.
    pub(crate) fn tick(&mut self) {
        self.c += 1.0;
    }

    fn row(&mut self, f: u64) -> usize {
        let next = self.rows.len() as u32;
        let r = *self.rows.entry(f).or_insert(next);
        if r == next {
            self.w.resize(self.w.len() + self.nclass, 0.0);
            self.u.resize(self.u.len() + self.nclass, 0.0);
        }
        r as usize * self.nclass
    }

    /// Standard perceptron update: +1 for the good class, −1 for the bad one.
    pub(crate) fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        let c = self.c;
        for &f in feats {
            let r = self.row(f);
            self.w[r + good] += 1.0;
            self.u[r + good] += c;
            self.w[r + bad] -= 1.0;
            self.u[r + bad] -= c;
        }
    }

    pub(crate) fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// The mean of the averaged weights of several trainers (same classes), as a
    /// trainer whose averaged weights are that mean.
    ///
    /// Why: perceptrons trained on the same data in different orders make
    /// different mistakes; averaging them in weight space keeps one model's
    /// size and speed while reducing the variance of the result.
    pub(crate) fn mean_of(ts: &[Trainer]) -> Trainer {
        let nclass = ts.first().map_or(1, |t| t.nclass);
        let mut out = Trainer::new(nclass);
        let k = ts.len().max(1) as f64;
        for t in ts {
            let mut keys: Vec<(u64, u32)> = t.rows.iter().map(|(&k, &r)| (k, r)).collect();
            keys.sort_unstable();
            for (key, r) in keys {
                let dst = out.row(key);
                let base = r as usize * nclass;
                for j in 0..nclass {
                    let avg = t.w[base + j] as f64 - t.u[base + j] / t.c;
                    out.w[dst + j] += (avg / k) as f32;
                }
            }
        }
        out
    }

    /// Averages and drops weights whose magnitude is below `min_abs` (size/speed pruning).
    pub(crate) fn freeze(&self, min_abs: f32) -> Frozen {
        let mut keys: Vec<(u64, u32)> = self.rows.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut items = Vec::with_capacity(keys.len());
        let mut cls = Vec::new();
        let mut wts = Vec::new();
        for (k, r) in keys {
            let base = r as usize * self.nclass;
            let off = cls.len();
            for j in 0..self.nclass {
                let avg = (self.w[base + j] as f64 - self.u[base + j] / self.c) as f32;
                if avg.abs() >= min_abs {
                    cls.push(j as u8);
                    wts.push(avg);
                }
            }
            let len = cls.len() - off;
            if len > 0 {
                items.push((k, ((off as u64) << 8) | len as u64));
            }
        }
        Frozen::from_parts(self.nclass, &items, cls, &wts)
    }
}

/// Score accumulator for [`Frozen::score`], indexable by any `u8` class.
pub(crate) struct Scores(pub [i32; 256]);
impl Default for Scores {
    fn default() -> Self {
        Scores([0; 256])
    }
}

/// Frozen averaged weights: feature key → run of (class, weight) entries.
///
/// Weights are quantized to `i16` with one scale per model: it halves the
/// model and the memory traffic, and the rounding error (< 0.1% of the largest
/// weight) does not change any measured score.
pub(crate) struct Frozen {
    pub(crate) nclass: usize,
    /// Stored form: key → (offset into `cls`/`wts`) << 8 | run length.
    index: HashIndex,
    cls: Vec<u8>,
    wts: Vec<i16>,
    /// In-memory form, see [`Layout`]; its payloads point into `layout`.
    lookup: HashIndex,
    layout: Layout,
    scale: f32,
}

/// In-memory weights. A sparse run is `class << 16 | weight as u16` entries,
/// added one by one; a run covering at least a third of the classes is stored
/// dense instead (one `i16` per class), which the compiler turns into a few
/// vector adds. Why: the tagger's frequent features (bias, tag bigrams,
/// cluster prefixes, shapes) have a weight for most of its ~100 classes, and
/// scattering those one by one was most of the tagger's time (+13–15%
/// annotation speed).
#[derive(Default)]
struct Layout {
    sparse: Table<u32>,
    dense: Table<i16>,
}

/// Run length that marks a dense row in `Frozen::lookup` (stored runs are never empty).
const DENSE: u64 = 0;

/// Payload flag of a run of one or two small weights kept in the lookup
/// slot itself: two 19-bit entries (7-bit class, 12-bit weight). Why: most
/// features are rare and have one or two weights (a perceptron update moves
/// two classes), and their rows are the cold ones; inline, such a feature
/// costs one cache miss instead of two. Only weights that fit exactly are
/// inlined, so scores do not change.
const INLINE: u64 = 1 << 39;
const INLINE_MIN: i16 = -2048;
const INLINE_MAX: i16 = 2047;

/// One inline entry's class and sign-extended weight.
#[inline(always)]
fn inline_entry(e: u64) -> (usize, i32) {
    (((e >> 12) & 0x7f) as usize, ((e as u32) << 20) as i32 >> 20)
}

fn layout(nclass: usize, index: &HashIndex, cls: &[u8], wts: &[i16]) -> (HashIndex, Layout) {
    let mut lookup = index.to_huge();
    let (mut sparse, mut dense) = (Vec::new(), Vec::new());
    lookup.map_payloads(|p| {
        let off = (p >> 8) as usize;
        let len = (p & 0xff) as usize;
        let (Some(c), Some(w)) = (cls.get(off..off + len), wts.get(off..off + len)) else {
            return p; // inconsistent file: score() bounds-checks and skips it
        };
        let small = |k: usize| w[k] >= INLINE_MIN && w[k] <= INLINE_MAX && c[k] < 128;
        if nclass <= 128 && (len == 1 || len == 2) && (0..len).all(small) {
            let entry = |k: usize| (c[k] as u64) << 12 | (w[k] as u16 as u64 & 0xfff);
            // A one-weight run's second entry adds 0 to class 0.
            let second = if len == 2 { entry(1) } else { 0 };
            INLINE | second << 19 | entry(0)
        } else if len * 3 >= nclass && len > 4 {
            let at = dense.len();
            dense.resize(at + nclass, 0);
            for (&c, &w) in c.iter().zip(w) {
                if let Some(d) = dense.get_mut(at + c as usize) {
                    *d = w;
                }
            }
            (at as u64) << 8 | DENSE
        } else {
            let at = sparse.len();
            sparse.extend(c.iter().zip(w).map(|(&c, &w)| (c as u32) << 16 | w as u16 as u32));
            (at as u64) << 8 | len as u64
        }
    });
    (lookup, Layout { sparse: Table::huge(&sparse), dense: Table::huge(&dense) })
}

impl Frozen {
    fn from_parts(nclass: usize, items: &[(u64, u64)], cls: Vec<u8>, w: &[f32]) -> Frozen {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let q = 32767.0 / max;
        let wts: Vec<i16> = w.iter().map(|x| (x * q).round() as i16).collect();
        let index = HashIndex::build(items);
        let (lookup, layout) = layout(nclass, &index, &cls, &wts);
        Frozen { nclass, index, cls, wts, lookup, layout, scale: 1.0 / q }
    }

    /// Number of stored (class, weight) entries.
    pub(crate) fn n_entries(&self) -> usize {
        self.cls.len()
    }

    /// Sums the weights of `feats` into `scores[..nclass]`, overwriting it.
    /// `buf` is scratch for the batched table lookup. The fixed 256-entry score
    /// array lets a `u8` class index it without bounds checks.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32; 256], buf: &mut Vec<u64>) {
        let n = self.nclass;
        scores[..n].fill(0);
        self.lookup.get_many(feats, buf);
        // Prefetch every line of every row first: the loads are independent,
        // so their cache misses overlap instead of queueing behind each row's
        // adds. A dense row spans four lines and a long sparse one two;
        // touching only a row's first line left the others to miss one by
        // one (prefetching them all: +14% annotation speed, same scores).
        for &p in buf.iter() {
            if p == u64::MAX || p & INLINE != 0 {
                continue;
            }
            let off = (p >> 8) as usize;
            if p & 0xff == DENSE {
                crate::mem::prefetch_lines(self.layout.dense.get(off..off + n).unwrap_or(&[]));
            } else {
                crate::mem::prefetch_lines(self.layout.sparse.get(off..off + (p & 0xff) as usize).unwrap_or(&[]));
            }
        }
        for &p in buf.iter() {
            if p == u64::MAX {
                continue;
            }
            if p & INLINE != 0 {
                for e in [p, p >> 19] {
                    let (c, w) = inline_entry(e);
                    scores[c] += w;
                }
                continue;
            }
            let off = (p >> 8) as usize;
            let len = (p & 0xff) as usize;
            if len as u64 == DENSE {
                if let Some(row) = self.layout.dense.get(off..off + n) {
                    for (s, &w) in scores[..n].iter_mut().zip(row) {
                        *s += w as i32;
                    }
                }
            } else if let Some(e) = self.layout.sparse.get(off..off + len) {
                for &e in e {
                    scores[(e >> 16) as u8 as usize] += e as u16 as i16 as i32;
                }
            }
        }
    }

    /// Converts an integer score back to the float scale of the trained weights.
    pub(crate) fn to_f32(&self, s: i32) -> f32 {
        s as f32 * self.scale
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.nclass as u32);
        w.f32(self.scale);
        self.index.write(w);
        w.bytes(&self.cls);
        w.i16s(&self.wts);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Frozen, SyntaxError> {
        let nclass = r.u32()? as usize;
        let scale = r.f32()?;
        let index = HashIndex::read(r)?;
        let cls = r.bytes()?;
        let wts = r.i16s()?;
        if cls.len() != wts.len() || nclass == 0 || nclass > 255 {
            return Err(SyntaxError::ModelFormat("inconsistent weight arrays".into()));
        }
        let (lookup, layout) = layout(nclass, &index, &cls, &wts);
        Ok(Frozen { nclass, index, cls, wts, lookup, layout, scale })
    }

    pub(crate) fn mem_bytes(&self) -> usize {
        self.lookup.len_slots() * 8 + self.layout.sparse.len() * 4 + self.layout.dense.len() * 2
    }
}

/// Frozen weights of a 3-class classifier (the parser's transitions) packed into
/// one `u64` per feature: 16-bit fingerprint and three `i16` weights.
///
/// Why: the transition classifier is scored ~2 times per word with ~80 features,
/// and with a separate entry array every feature costs two cache misses; packed,
/// it costs one, and the lookups of a whole feature vector are issued together.
pub(crate) struct Packed3 {
    /// A power-of-two number of slots (or none).
    slots: Table<u64>,
}

impl Packed3 {
    #[inline(always)]
    fn fp(key: u64) -> u64 {
        ((key >> 48) | 1) << 48
    }

    pub(crate) fn from_trainer(t: &Trainer, min_abs: f32) -> Packed3 {
        assert_eq!(t.nclass, 3);
        let mut keys: Vec<(u64, u32)> = t.rows.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut rows: Vec<(u64, [f32; 3])> = Vec::with_capacity(keys.len());
        let mut max = 1e-6f32;
        for (k, r) in keys {
            let base = r as usize * 3;
            let mut w = [0f32; 3];
            for (j, x) in w.iter_mut().enumerate() {
                *x = (t.w[base + j] as f64 - t.u[base + j] / t.c) as f32;
            }
            if w.iter().any(|x| x.abs() >= min_abs) {
                max = w.iter().fold(max, |m, x| m.max(x.abs()));
                rows.push((k, w));
            }
        }
        let q = 32767.0 / max;
        let cap = (rows.len() * 3 / 2 + 16).next_power_of_two();
        let mask = cap - 1;
        let mut slots = vec![0u64; cap];
        for (k, w) in rows {
            let fp = Self::fp(k);
            let v = w.map(|x| (x * q).round() as i16 as u16 as u64);
            let slot = fp | v[0] << 32 | v[1] << 16 | v[2];
            let mut i = (k as usize) & mask;
            loop {
                let s = slots[i];
                if s == 0 {
                    slots[i] = slot;
                    break;
                }
                if s & (0xffff << 48) == fp {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        Packed3 { slots: Table::huge(&slots) }
    }

    #[inline(always)]
    fn add(slot: u64, scores: &mut [i32; 3]) {
        scores[0] += (slot >> 32) as u16 as i16 as i32;
        scores[1] += (slot >> 16) as u16 as i16 as i32;
        scores[2] += slot as u16 as i16 as i32;
    }

    /// Scores `feats` (batched lookups through `buf`).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32; 3], buf: &mut Vec<u64>) {
        *scores = [0; 3];
        crate::hash::probe_many(&self.slots, feats, 48, buf);
        // An absent feature's slot (or any, in an empty table) is 0, which adds nothing.
        for &s in buf.iter() {
            Self::add(s, scores);
        }
    }

    pub(crate) fn n_entries(&self) -> usize {
        self.slots.iter().filter(|&&s| s != 0).count()
    }

    pub(crate) fn mem_bytes(&self) -> usize {
        self.slots.len() * 8
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u64s(&self.slots);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Packed3, SyntaxError> {
        let slots = r.u64s()?;
        if !slots.is_empty() && !slots.len().is_power_of_two() {
            return Err(SyntaxError::ModelFormat("packed table size not a power of two".into()));
        }
        Ok(Packed3 { slots: Table::huge(&slots) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every stored form (dense row, inline pair, sparse run) must score like
    /// the trainer's averaged weights, up to the i16 quantisation: feature 1
    /// ends with a weight for every class (dense), feature 2 with two small
    /// weights (inline), feature 3 with four (sparse), feature 4 with two
    /// large ones (sparse: too large to inline).
    #[test]
    fn frozen_scores_match_the_averaged_weights_in_every_stored_form() {
        let nclass = 9;
        let mut t = Trainer::new(nclass);
        for good in 1..nclass {
            for _ in 0..good {
                t.update(&[1], good, 0);
                t.update(&[4], 6, 2);
            }
            t.tick();
        }
        t.update(&[2], 3, 7);
        t.update(&[3], 1, 2);
        t.update(&[3], 4, 5);
        t.tick();
        let f = t.freeze(1e-6);
        let avg = |k: u64, j: usize| {
            t.rows.get(&k).map_or(0.0, |&r| {
                let i = r as usize * nclass + j;
                (t.w[i] as f64 - t.u[i] / t.c) as f32
            })
        };
        // Real keys are hashes; an absent one differs in its high bits too.
        const ABSENT: u64 = 0x9e37_79b9_7f4a_7c15;
        let max = (1..=4).flat_map(|k| (0..nclass).map(move |j| (k, j))).fold(0f32, |m, (k, j)| m.max(avg(k, j).abs()));
        for feats in [&[1u64][..], &[2], &[3], &[4], &[1, 2, 3, 4], &[2, ABSENT]] {
            let mut got = [0i32; 256];
            f.score(feats, &mut got, &mut Vec::new());
            for j in 0..nclass {
                let want: f32 = feats.iter().map(|&k| avg(k, j)).sum();
                assert!(
                    (f.to_f32(got[j]) - want).abs() <= 1e-3 * max,
                    "{feats:?} class {j}: {} vs {want}",
                    f.to_f32(got[j])
                );
            }
        }
        let mut kinds = [0usize; 3];
        f.lookup.clone().map_payloads(|p| {
            kinds[if p & INLINE != 0 {
                0
            } else if p & 0xff == DENSE {
                1
            } else {
                2
            }] += 1;
            p
        });
        assert_eq!(kinds, [1, 1, 2], "inline, dense, sparse");
        // Feature 2 moved only classes 3 and 7.
        let mut s = [0i32; 256];
        f.score(&[2], &mut s, &mut Vec::new());
        assert!(s[3] > 0 && s[7] < 0 && s.iter().enumerate().all(|(j, &v)| v == 0 || j == 3 || j == 7));
    }
}
