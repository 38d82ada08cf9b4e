//! Greedy arc-hybrid transition parser with a dynamic oracle, plus a separate
//! arc labeler.
//!
//! Why arc-hybrid: its dynamic oracle is exact and cheap (Goldberg & Nivre 2013),
//! which lets training explore its own mistakes; with the artificial root at the
//! *end* of the buffer (Ballesteros & Nivre 2013) and LEFT-to-root allowed only
//! when the stack holds one word, every output is a tree with exactly one root,
//! as in EWT. Why a separate labeler: the transition classifier then has 3
//! classes instead of ~110, which keeps parsing fast; in arc-hybrid a word is
//! attached only after all its dependents, so the labeler sees the dependent's
//! complete subtree (case markers, auxiliaries, subjects) when it decides.
//!
//! Non-projective gold trees are projectivized by lifting (see [`projectivize`])
//! for training; the parser outputs projective trees.
use crate::clusters::prefix;
use crate::data::Rng;
use crate::hash::{f1, f2, f3, mix, Reader, Writer};
use crate::perceptron::{Frozen, Packed3, Scores, Trainer};
use crate::tags::DepRel;
use crate::SyntaxError;

pub(crate) const SHIFT: usize = 0;
pub(crate) const LEFT: usize = 1;
pub(crate) const RIGHT: usize = 2;
pub(crate) const NONE: u32 = u32::MAX;
const NL: u64 = 0xfff;
const NW: u64 = 0x5eed_0001;

/// Parser configuration: stack, buffer front and partial tree.
#[derive(Default)]
pub(crate) struct Config {
    n: usize,
    pub stack: Vec<u32>,
    pub b: u32,
    /// Head of each word (internal index; `n` = artificial root), `NONE` until attached.
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl Config {
    pub(crate) fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b = 0;
        for v in [&mut self.heads, &mut self.lc1, &mut self.lc2, &mut self.rc1, &mut self.rc2] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        for v in [&mut self.labels, &mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(n + 1, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(n + 1, 0);
        }
    }

    pub(crate) fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b as usize >= self.n
    }

    pub(crate) fn valid(&self, t: usize) -> bool {
        let n = self.n as u32;
        match t {
            SHIFT => self.b < n,
            LEFT => !self.stack.is_empty() && (self.b < n || self.stack.len() == 1),
            _ => self.stack.len() >= 2,
        }
    }

    /// (head, dependent) of an arc transition.
    pub(crate) fn arc_of(&self, t: usize) -> (u32, u32) {
        let s0 = self.stack[self.stack.len() - 1];
        if t == LEFT {
            (self.b, s0)
        } else {
            (self.stack[self.stack.len() - 2], s0)
        }
    }

    pub(crate) fn apply(&mut self, t: usize, label: u8) {
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                let (h, d) = self.arc_of(t);
                self.stack.pop();
                let (h, d) = (h as usize, d as usize);
                self.heads[d] = h as u32;
                self.labels[d] = label;
                let bit = 1u64 << (label & 63);
                if d < h {
                    self.nl[h] = self.nl[h].saturating_add(1);
                    self.lset[h] |= bit;
                    if self.lc1[h] == NONE || (d as u32) < self.lc1[h] {
                        self.lc2[h] = self.lc1[h];
                        self.lc1[h] = d as u32;
                    } else if self.lc2[h] == NONE || (d as u32) < self.lc2[h] {
                        self.lc2[h] = d as u32;
                    }
                } else {
                    self.nr[h] = self.nr[h].saturating_add(1);
                    self.rset[h] |= bit;
                    if self.rc1[h] == NONE || (d as u32) > self.rc1[h] {
                        self.rc2[h] = self.rc1[h];
                        self.rc1[h] = d as u32;
                    } else if self.rc2[h] == NONE || (d as u32) > self.rc2[h] {
                        self.rc2[h] = d as u32;
                    }
                }
            }
        }
    }

    /// Dynamic-oracle cost of `t`: gold arcs (per `gh`, internal indices) that become unreachable.
    pub(crate) fn cost(&self, t: usize, gh: &[u32]) -> u32 {
        let b = self.b;
        let n = self.n as u32;
        let on_stack = |x: u32| x < b && x < n && self.heads[x as usize] == NONE;
        let s0 = self.stack.last().copied().unwrap_or(NONE);
        let s1 = if self.stack.len() >= 2 { self.stack[self.stack.len() - 2] } else { NONE };
        match t {
            SHIFT => {
                let mut c = self.stack.iter().filter(|&&d| gh[d as usize] == b).count() as u32;
                let h = gh[b as usize];
                if h != s0 && on_stack(h) {
                    c += 1;
                }
                c
            }
            _ => {
                let mut c = (b..n).filter(|&d| gh[d as usize] == s0).count() as u32;
                let h = gh[s0 as usize];
                if t == LEFT {
                    if h != b && (h == s1 || h > b) {
                        c += 1;
                    }
                } else if h != s1 && h >= b {
                    c += 1;
                }
                c
            }
        }
    }
}

/// Word and tag atoms of a sentence, with the artificial root at index `n`.
pub(crate) struct Ctx<'a> {
    pub w: &'a [u64],
    pub p: &'a [u64],
    /// Coarse (UPOS) tag atoms: templates over tag triples are sparse with the
    /// ~100 (UPOS, XPOS) pairs, and their UPOS versions generalise better.
    pub u: &'a [u64],
    /// Word cluster paths (see [`crate::clusters`]).
    pub c: &'a [u64],
}

#[inline(always)]
fn dist_bucket(d: u32) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Transition features (Zhang & Nivre 2011 templates adapted to arc-hybrid: stack items
/// have no heads yet, so S0-head templates become S1 templates).
fn tfeats(c: &Config, x: &Ctx, out: &mut Vec<u64>) {
    let len = c.stack.len();
    let s0 = if len >= 1 { c.stack[len - 1] } else { NONE };
    let s1 = if len >= 2 { c.stack[len - 2] } else { NONE };
    let s2 = if len >= 3 { c.stack[len - 3] } else { NONE };
    let n = c.n as u32;
    let n0 = c.b;
    let n1 = if n0 < n { n0 + 1 } else { NONE };
    let n2 = if n0 + 1 < n { n0 + 2 } else { NONE };
    let w = |i: u32| if i == NONE { NW } else { x.w[i as usize] };
    let p = |i: u32| if i == NONE { 0 } else { x.p[i as usize] };
    let l = |i: u32| if i == NONE { NL } else { c.labels[i as usize] as u64 };
    let ch = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
    let (s0w, s0p, s1w, s1p, n0w, n0p, n1w, n1p, n2w, n2p) =
        (w(s0), p(s0), w(s1), p(s1), w(n0), p(n0), w(n1), p(n1), w(n2), p(n2));
    let s2p = p(s2);
    let (s0l, s0l2, s0r, s0r2) = (ch(&c.lc1, s0), ch(&c.lc2, s0), ch(&c.rc1, s0), ch(&c.rc2, s0));
    let (n0l, n0l2) = (ch(&c.lc1, n0), ch(&c.lc2, n0));
    let (s1l, s1r) = (ch(&c.lc1, s1), ch(&c.rc1, s1));
    let d = if s0 == NONE { 9 } else { dist_bucket(n0 - s0) };
    let d1 = if s1 == NONE { 9 } else { dist_bucket(s0 - s1) };
    let (s0vl, s0vr, n0vl) = if s0 == NONE {
        (99, 99, c.nl[n0 as usize] as u64)
    } else {
        (c.nl[s0 as usize] as u64, c.nr[s0 as usize] as u64, c.nl[n0 as usize] as u64)
    };
    let (s0sl, s0sr) = if s0 == NONE { (1, 1) } else { (c.lset[s0 as usize], c.rset[s0 as usize]) };
    let n0sl = c.lset[n0 as usize];
    out.clear();
    out.extend_from_slice(&[
        f1(1, 0),
        f2(2, s0w, s0p),
        f1(3, s0w),
        f1(4, s0p),
        f2(5, n0w, n0p),
        f1(6, n0w),
        f1(7, n0p),
        f2(8, n1w, n1p),
        f1(9, n1w),
        f1(10, n1p),
        f2(11, n2w, n2p),
        f1(12, n2p),
        f2(13, s1w, s1p),
        f1(14, s1w),
        f1(15, s1p),
        // pairs
        f3(16, s0w, s0p, f2(0, n0w, n0p)),
        f3(17, s0w, s0p, n0w),
        f3(18, s0w, n0w, n0p),
        f3(19, s0w, s0p, n0p),
        f3(20, s0p, n0w, n0p),
        f2(21, s0w, n0w),
        f2(22, s0p, n0p),
        f2(23, n0p, n1p),
        // triples
        f3(24, n0p, n1p, n2p),
        f3(25, s0p, n0p, n1p),
        f3(26, s1p, s0p, n0p),
        f3(27, s0p, p(s0l), n0p),
        f3(28, s0p, p(s0r), n0p),
        f3(29, s0p, n0p, p(n0l)),
        // distance
        f2(30, s0w, d),
        f2(31, s0p, d),
        f2(32, n0w, d),
        f2(33, n0p, d),
        f3(34, s0w, n0w, d),
        f3(35, s0p, n0p, d),
        // valency
        f2(36, s0w, s0vr),
        f2(37, s0p, s0vr),
        f2(38, s0w, s0vl),
        f2(39, s0p, s0vl),
        f2(40, n0w, n0vl),
        f2(41, n0p, n0vl),
        // children unigrams
        f1(42, w(s0l)),
        f1(43, p(s0l)),
        f1(44, l(s0l)),
        f1(45, w(s0r)),
        f1(46, p(s0r)),
        f1(47, l(s0r)),
        f1(48, w(n0l)),
        f1(49, p(n0l)),
        f1(50, l(n0l)),
        // second-order children
        f1(51, w(s0l2)),
        f1(52, p(s0l2)),
        f1(53, l(s0l2)),
        f1(54, w(s0r2)),
        f1(55, p(s0r2)),
        f1(56, l(s0r2)),
        f1(57, w(n0l2)),
        f1(58, p(n0l2)),
        f1(59, l(n0l2)),
        f3(60, s0p, p(s0l), p(s0l2)),
        f3(61, s0p, p(s0r), p(s0r2)),
        f3(62, n0p, p(n0l), p(n0l2)),
        // label sets
        f2(63, s0w, s0sr),
        f2(64, s0p, s0sr),
        f2(65, s0w, s0sl),
        f2(66, s0p, s0sl),
        f2(67, n0w, n0sl),
        f2(68, n0p, n0sl),
        // arc-hybrid extras: RIGHT attaches S0 to S1, so S1–S0 pairs matter as much as S0–N0.
        f2(69, s1w, s0w),
        f3(70, s1p, s0p, d1),
        f3(71, s1w, s1p, s0p),
        f3(72, s1p, s0w, s0p),
        f3(73, s2p, s1p, s0p),
        f2(74, s1p, p(s1r)),
        f2(75, s1p, l(s1r)),
        f2(76, s1p, p(s1l)),
        f3(77, s1p, s0p, n1p),
        f2(78, s1p, n0p),
        f2(79, s1w, n0w),
        f3(80, s0p, l(s0l), l(s0r)),
        f3(81, s1p, s0p, s0sl),
        f3(82, s1p, n0p, s0p),
    ]);
    {
        // Neighbouring words in the sentence (not on the stack or in the buffer front):
        // the tags just before/after S0 and N0 (+0.35 UAS on dev, mean of 3 seeds).
        let prev = |i: u32| if i == NONE || i == 0 || i >= n { NONE } else { i - 1 };
        let next = |i: u32| if i == NONE || i + 1 >= n { NONE } else { i + 1 };
        let (s0m, s0n, n0m) = (p(prev(s0)), p(next(s0)), p(prev(n0)));
        out.extend_from_slice(&[
            f2(83, s0p, s0m),
            f2(84, s0p, s0n),
            f3(85, s0p, s0n, n0p),
            f3(86, n0m, n0p, s0p),
            f3(87, s1p, p(next(s1)), s0p),
            f3(88, s0m, s0p, n0p),
        ]);
    }
    {
        // Coarse-tag versions of the tag templates (+0.3 UAS, +0.2 LAS on dev
        // with four averaged runs).
        let u = |i: u32| if i == NONE { 0 } else { x.u[i as usize] };
        let (s0u, s1u, n0u, n1u) = (u(s0), u(s1), u(n0), u(n1));
        let s2u = u(s2);
        out.extend_from_slice(&[
            f3(140, s0u, n0u, n1u),
            f3(141, n0u, n1u, u(n2)),
            f3(142, s1u, s0u, n0u),
            f3(143, s0u, u(s0l), n0u),
            f3(144, s0u, u(s0r), n0u),
            f3(145, s0u, n0u, u(n0l)),
            f3(146, s1u, s0u, d1),
            f3(147, s2u, s1u, s0u),
            f3(148, s1u, s0u, n1u),
            f3(149, s0w, s0u, n0u),
            f3(150, s0u, n0w, n0u),
            f3(151, s0u, n0u, d),
            f3(152, s1w, s0u, n0u),
        ]);
    }
    {
        // Word clusters in place of words (Koo et al. 2008): bilexical templates
        // are sparse, their cluster versions are not.
        let k = |i: u32, bits: u32| if i == NONE { NW } else { prefix(x.c[i as usize], bits) };
        let (s0k, n0k, s1k, n1k) = (k(s0, 32), k(n0, 32), k(s1, 32), k(n1, 32));
        let (s0k6, n0k6, s1k6) = (k(s0, 6), k(n0, 6), k(s1, 6));
        let (s0k4, n0k4) = (k(s0, 4), k(n0, 4));
        out.extend_from_slice(&[
            f1(160, s0k),
            f1(161, n0k),
            f1(162, s1k),
            f1(163, n1k),
            f2(164, s0k, s0p),
            f2(165, n0k, n0p),
            f2(166, s0k6, n0k6),
            f3(167, s0k4, n0k4, d),
            f3(168, s0k, n0p, s0p),
            f3(169, s0p, n0k, n0p),
            f2(170, s1k6, s0k6),
            f3(171, s1k, s0p, s1p),
            f3(172, s1p, s0k, s0p),
            f3(173, s0k6, n0k6, n1p),
            f2(174, k(s0l, 6), s0k6),
            f2(175, k(n0l, 6), n0k6),
        ]);
    }
}

/// Labeler features for the arc h → d (d's subtree is complete).
#[allow(clippy::too_many_arguments)]
fn lfeats(c: &Config, x: &Ctx, h: u32, d: u32, out: &mut Vec<u64>) {
    let n = c.n as u32;
    let w = |i: u32| if i == NONE { NW } else { x.w[i as usize] };
    let p = |i: u32| if i == NONE { 0 } else { x.p[i as usize] };
    let l = |i: u32| if i == NONE { NL } else { c.labels[i as usize] as u64 };
    let dir = (d < h) as u64;
    let (hw, hp, dw, dp) = (w(h), p(h), w(d), p(d));
    let dl1 = c.lc1[d as usize];
    let dr1 = c.rc1[d as usize];
    let dset = mix(c.lset[d as usize], c.rset[d as usize]);
    let hset = mix(c.lset[h as usize], c.rset[h as usize]);
    let dist = dist_bucket(d.abs_diff(h));
    let prev = |i: u32| if i == 0 || i == NONE { NONE } else { i - 1 };
    let next = |i: u32| if i + 1 >= n { NONE } else { i + 1 };
    let hp_dir = hp * 2 + dir;
    out.clear();
    out.extend_from_slice(&[
        f1(101, dir),
        f2(102, dw, dir),
        f2(103, dp, dir),
        f2(104, hw, dir),
        f2(105, hp, dir),
        f2(106, dp, hp_dir),
        f3(107, dw, dp, hp_dir),
        f3(108, dp, hw, hp_dir),
        f3(109, dw, hw, dir),
        f3(110, dp, hp_dir, dist),
        f2(111, dp, dset),
        f3(112, dp, hp_dir, dset),
        f3(113, dp, hp_dir, l(dl1)),
        f3(114, dp, hp_dir, l(dr1)),
        f3(115, dp, hp_dir, w(dl1)),
        f3(116, w(dl1), hw, dir),
        f3(117, hp_dir, hset, 0),
        f3(118, dp, hp_dir, hset),
        f3(119, dp, hp_dir, p(prev(d))),
        f3(120, dp, hp_dir, p(next(d))),
        f3(121, dp, hp_dir, p(prev(h))),
        f3(122, dp, hp_dir, p(next(h))),
        f3(123, dw, hp_dir, l(dl1)),
        f3(124, dp, hp_dir, c.nl[d as usize] as u64 * 16 + c.nr[d as usize] as u64),
        f3(125, dp, hp_dir, w(dr1)),
        f3(126, dp, hw, w(dl1)),
        f3(127, dp, hp_dir, c.nl[h as usize] as u64 * 16 + c.nr[h as usize] as u64),
    ]);
    let k = |i: u32, bits: u32| if i == NONE { NW } else { prefix(x.c[i as usize], bits) };
    let (hk, dk) = (k(h, 32), k(d, 32));
    out.extend_from_slice(&[
        f3(128, dk, dp, hp_dir),
        f3(129, hk, hp_dir, dp),
        f3(130, k(d, 6), k(h, 6), dir),
        f3(131, dk, hk, dir),
        f3(132, k(dl1, 6), dp, hp_dir),
    ]);
    // Coarse tags: label decisions over fine tag pairs are sparse.
    let u = |i: u32| if i == NONE { 0 } else { x.u[i as usize] };
    let (du, hu_dir) = (u(d), u(h) * 2 + dir);
    out.extend_from_slice(&[
        f3(133, du, hu_dir, dist),
        f3(134, du, hu_dir, l(dl1)),
        f3(135, du, hu_dir, hset),
        f3(136, dw, hu_dir, u(prev(d))),
        f3(137, du, hw, dir),
    ]);
}

/// The trained parser: transition classifier and labeler.
pub(crate) struct Parser {
    trans: Packed3,
    labeler: Frozen,
    /// Optional second-stage labeler over the finished tree.
    pub(crate) relabeler: Option<Frozen>,
}

/// Reusable parser buffers (kept inside [`crate::Annotation`]).
#[derive(Default)]
pub(crate) struct ParseScratch {
    pub cfg: Config,
    feats: Vec<u64>,
    buf: Vec<u64>,
    lscores: Scores,
    relabel: crate::relabel::RelabelScratch,
    /// In-parse label scores of each word's arc (n × labels), for the relabeler.
    prior: Vec<f32>,
}

const ROOT_LABEL: usize = DepRel::Root as usize;

fn best_label_i(s: &[i32], to_root: bool) -> usize {
    if to_root {
        return ROOT_LABEL;
    }
    let mut best = usize::MAX;
    for (j, &v) in s.iter().enumerate() {
        if j != ROOT_LABEL && (best == usize::MAX || v > s[best]) {
            best = j;
        }
    }
    if best == usize::MAX {
        DepRel::Dep as usize
    } else {
        best
    }
}

fn best_label_f(s: &[f32], to_root: bool) -> usize {
    if to_root {
        return ROOT_LABEL;
    }
    let mut best = usize::MAX;
    for (j, &v) in s.iter().enumerate() {
        if j != ROOT_LABEL && (best == usize::MAX || v > s[best]) {
            best = j;
        }
    }
    best
}

impl Parser {
    /// Parses a sentence of `x.w.len() - 1` words; results stay in `sc.cfg`.
    pub(crate) fn parse(&self, x: &Ctx, sc: &mut ParseScratch) {
        let n = x.w.len() - 1;
        let ParseScratch { cfg, feats, buf, lscores, relabel, prior } = sc;
        let mut scores = [0i32; 3];
        cfg.reset(n);
        let nl = self.labeler.nclass;
        if self.relabeler.is_some() {
            prior.clear();
            prior.resize(n * nl, 0.0);
        }
        while !cfg.terminal() {
            let v = [cfg.valid(SHIFT), cfg.valid(LEFT), cfg.valid(RIGHT)];
            let nvalid = v.iter().filter(|&&b| b).count();
            let t = if nvalid == 1 {
                v.iter().position(|&b| b).unwrap_or(SHIFT)
            } else {
                tfeats(cfg, x, feats);
                self.trans.score(feats, &mut scores, buf);
                let mut best = usize::MAX;
                for t in 0..3 {
                    if v[t] && (best == usize::MAX || scores[t] > scores[best]) {
                        best = t;
                    }
                }
                best
            };
            let label = if t == SHIFT {
                0
            } else {
                let (h, d) = cfg.arc_of(t);
                if h as usize == n {
                    ROOT_LABEL
                } else {
                    lfeats(cfg, x, h, d, feats);
                    self.labeler.score(feats, &mut lscores.0, buf);
                    if self.relabeler.is_some() {
                        let d = d as usize;
                        for (o, &v) in prior[d * nl..(d + 1) * nl].iter_mut().zip(&lscores.0[..nl]) {
                            *o = self.labeler.to_f32(v);
                        }
                    }
                    best_label_i(&lscores.0[..self.labeler.nclass], false)
                }
            };
            cfg.apply(t, label as u8);
        }
        if let Some(m) = &self.relabeler {
            crate::relabel::relabel(m, x, &cfg.heads[..n], &mut cfg.labels[..n], prior, relabel);
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        self.trans.write(w);
        self.labeler.write(w);
        w.u8(self.relabeler.is_some() as u8);
        if let Some(m) = &self.relabeler {
            m.write(w);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Parser, SyntaxError> {
        let trans = Packed3::read(r)?;
        let labeler = Frozen::read(r)?;
        // Models written before the relabeler existed simply end here.
        let relabeler = if !r.at_end() && r.u8()? == 1 { Some(Frozen::read(r)?) } else { None };
        if relabeler.as_ref().is_some_and(|m| m.nclass != DepRel::ALL.len()) {
            return Err(SyntaxError::ModelFormat("relabeler class count mismatch".into()));
        }
        if labeler.nclass != DepRel::ALL.len() {
            return Err(SyntaxError::ModelFormat("parser class counts mismatch".into()));
        }
        Ok(Parser { trans, labeler, relabeler })
    }

    pub(crate) fn describe(&self) -> String {
        format!(
            "parser: {} transition weights (~{} MB), {} label weights (~{} MB)",
            self.trans.n_entries(),
            self.trans.mem_bytes() >> 20,
            self.labeler.n_entries(),
            self.labeler.mem_bytes() >> 20
        )
    }
}

/// One training sentence for the parser: atoms (root at index n) and projective gold tree.
pub(crate) struct ParseSent {
    pub w: Vec<u64>,
    pub p: Vec<u64>,
    pub u: Vec<u64>,
    pub c: Vec<u64>,
    /// Internal gold heads (root word → n).
    pub gh: Vec<u32>,
    pub gl: Vec<u8>,
}

/// Converts CoNLL-U heads (0 = root, 1-based) to internal heads (root = n, 0-based).
pub(crate) fn to_internal(heads: &[u32]) -> Vec<u32> {
    let n = heads.len() as u32;
    heads.iter().map(|&h| if h == 0 { n } else { h - 1 }).collect()
}

/// Trains the parser with a dynamic oracle and error exploration.
#[allow(clippy::too_many_arguments)]
pub(crate) fn train(
    data: &[ParseSent],
    epochs: usize,
    seeds: usize,
    seed: u64,
    prune: f32,
    prune_labels: f32,
    verbose: bool,
) -> Parser {
    // Several runs in different example orders, averaged in weight space: one
    // greedy parser's dev UAS moves by ±0.3 with the seed, and the mean of four
    // runs labels better (+0.2 LAS on dev) at the same speed.
    let seeds: Vec<u64> = (0..seeds.max(1) as u64).map(|i| seed.wrapping_add(i.wrapping_mul(7919))).collect();
    let runs = crate::run_parallel(&seeds, |&s| train_one(data, epochs, s, verbose && s == seed));
    let (mut trs, mut labs): (Vec<Trainer>, Vec<Trainer>) = runs.into_iter().unzip();
    let (tr, lab) = match (trs.len(), trs.pop(), labs.pop()) {
        (1, Some(t), Some(l)) => (t, l),
        (_, Some(t), Some(l)) => {
            trs.push(t);
            labs.push(l);
            (Trainer::mean_of(&trs), Trainer::mean_of(&labs))
        }
        _ => (Trainer::new(3), Trainer::new(DepRel::ALL.len())),
    };
    Parser { trans: Packed3::from_trainer(&tr, prune), labeler: lab.freeze(prune_labels), relabeler: None }
}

/// One training run (transition classifier, labeler) with the dynamic oracle.
fn train_one(data: &[ParseSent], epochs: usize, seed: u64, verbose: bool) -> (Trainer, Trainer) {
    let nl = DepRel::ALL.len();
    let mut tr = Trainer::new(3);
    let mut lab = Trainer::new(nl);
    let mut rng = Rng::new(seed ^ 0x7061_7273);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut cfg = Config::default();
    let mut feats = Vec::with_capacity(128);
    let mut scores = vec![0f32; 3];
    let mut lscores = vec![0f32; nl];
    for ep in 0..epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut tot, mut lok) = (0usize, 0usize, 0usize);
        for &si in &order {
            let s = &data[si];
            let n = s.gh.len();
            let x = Ctx { w: &s.w, p: &s.p, u: &s.u, c: &s.c };
            cfg.reset(n);
            while !cfg.terminal() {
                let mut costs = [u32::MAX; 3];
                for (t, c) in costs.iter_mut().enumerate() {
                    if cfg.valid(t) {
                        *c = cfg.cost(t, &s.gh);
                    }
                }
                let nvalid = costs.iter().filter(|&&c| c != u32::MAX).count();
                let t = if nvalid == 1 {
                    costs.iter().position(|&c| c != u32::MAX).unwrap_or(SHIFT)
                } else {
                    tfeats(&cfg, &x, &mut feats);
                    tr.score(&feats, &mut scores);
                    let min_cost = costs.iter().copied().min().unwrap_or(0);
                    let mut pred = usize::MAX;
                    let mut gold = usize::MAX;
                    for t in 0..3 {
                        if costs[t] == u32::MAX {
                            continue;
                        }
                        if pred == usize::MAX || scores[t] > scores[pred] {
                            pred = t;
                        }
                        if costs[t] == min_cost && (gold == usize::MAX || scores[t] > scores[gold]) {
                            gold = t;
                        }
                    }
                    if costs[pred] > min_cost {
                        tr.update(&feats, gold, pred);
                    }
                    tr.tick();
                    // Exploration (from the 2nd epoch): follow our own mistakes with p = 0.9
                    // so that the model learns to act well in states gold paths never reach.
                    if costs[pred] > min_cost && ep >= 1 && rng.unit() < 0.9 {
                        pred
                    } else {
                        gold
                    }
                };
                let label = if t == SHIFT {
                    0
                } else {
                    let (h, d) = cfg.arc_of(t);
                    if h as usize == n {
                        ROOT_LABEL
                    } else {
                        lfeats(&cfg, &x, h, d, &mut feats);
                        lab.score(&feats, &mut lscores);
                        let pl = best_label_f(&lscores, false);
                        if s.gh[d as usize] == h {
                            let gl = s.gl[d as usize] as usize;
                            lab.update(&feats, gl, pl);
                            lab.tick();
                            lok += (gl == pl) as usize;
                        }
                        pl
                    }
                };
                if t != SHIFT {
                    let (h, d) = cfg.arc_of(t);
                    ok += (s.gh[d as usize] == h) as usize;
                    tot += 1;
                }
                cfg.apply(t, label as u8);
            }
        }
        if verbose {
            eprintln!(
                "  parser epoch {}: train UAS {:.2}% label acc (on correct arcs) {:.2}% ({} / {} feats)",
                ep + 1,
                100.0 * ok as f64 / tot.max(1) as f64,
                100.0 * lok as f64 / ok.max(1) as f64,
                tr.n_features(),
                lab.n_features()
            );
        }
    }
    (tr, lab)
}

/// Makes a tree projective by lifting: while some arc is non-projective, the
/// shortest such arc's dependent is re-attached to its grandparent. Heads are in
/// CoNLL-U convention (0 = root). Returns the projective heads and, per word,
/// whether it was lifted.
pub fn projectivize(heads: &[u32]) -> (Vec<u32>, Vec<bool>) {
    let mut h = heads.to_vec();
    let mut lifted = vec![false; h.len()];
    // A tree of n words needs at most n lifts per word; bound the loop defensively.
    for _ in 0..h.len() * h.len() + 1 {
        let mut worst: Option<(usize, usize)> = None; // (span, dependent index)
        for d in 0..h.len() {
            if !arc_is_projective(&h, d) {
                let hd = h[d] as usize;
                let span = if hd == 0 { d + 1 } else { (d + 1).abs_diff(hd) };
                if worst.map_or(true, |(s, _)| span < s) {
                    worst = Some((span, d));
                }
            }
        }
        match worst {
            None => break,
            Some((_, d)) => {
                let hd = h[d] as usize;
                if hd == 0 {
                    break; // cannot lift above the root
                }
                h[d] = h[hd - 1];
                lifted[d] = true;
            }
        }
    }
    (h, lifted)
}

/// True if `a` dominates `b` (reflexive), heads in CoNLL-U convention, words 1-based.
fn dominates(h: &[u32], a: usize, mut b: usize) -> bool {
    for _ in 0..=h.len() {
        if b == a {
            return true;
        }
        if b == 0 {
            return false;
        }
        b = h[b - 1] as usize;
    }
    false
}

/// The arc into word `d` (0-based) is projective if its head dominates every word between them.
fn arc_is_projective(h: &[u32], d: usize) -> bool {
    let head = h[d] as usize;
    let dep = d + 1;
    let (lo, hi) = if head < dep { (head, dep) } else { (dep, head) };
    (lo + 1..hi).all(|k| dominates(h, head, k))
}

/// True if every arc of the tree is projective.
pub fn is_projective(heads: &[u32]) -> bool {
    (0..heads.len()).all(|d| arc_is_projective(heads, d))
}

/// Runs the dynamic oracle greedily (preferring LEFT, then RIGHT, then SHIFT among
/// zero-cost transitions) and returns the tree it builds, in CoNLL-U convention.
/// On a projective tree the result equals the gold tree.
pub fn oracle_parse(gold_heads: &[u32]) -> Vec<u32> {
    let n = gold_heads.len();
    let gh = to_internal(gold_heads);
    let mut c = Config::default();
    c.reset(n);
    while !c.terminal() {
        let mut pick = None;
        let mut fallback = None;
        for t in [LEFT, RIGHT, SHIFT] {
            if c.valid(t) {
                if c.cost(t, &gh) == 0 && pick.is_none() {
                    pick = Some(t);
                }
                fallback.get_or_insert(t);
            }
        }
        match pick.or(fallback) {
            Some(t) => c.apply(t, 0),
            None => break,
        }
    }
    c.heads[..n].iter().map(|&h| if h as usize >= n { 0 } else { h + 1 }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // "The cat that I saw yesterday ran" style trees plus a crossing one.
    const PROJ: &[&[u32]] = &[
        &[2, 0, 2],
        &[2, 7, 5, 5, 2, 5, 0, 7],
        &[0, 1, 1, 3, 4, 5, 6, 7],
        &[8, 8, 8, 8, 8, 8, 8, 0],
        &[2, 3, 4, 0, 4, 5, 6, 4],
    ];

    #[test]
    fn oracle_reproduces_projective_trees() {
        for t in PROJ {
            assert!(is_projective(t), "{t:?}");
            assert_eq!(oracle_parse(t), t.to_vec());
        }
    }

    #[test]
    fn oracle_reproduces_random_projective_trees() {
        // Random projective trees: recursively split spans.
        fn build(lo: usize, hi: usize, head: u32, rng: &mut Rng, h: &mut Vec<u32>) {
            if lo >= hi {
                return;
            }
            let r = lo + (rng.next_u64() as usize) % (hi - lo);
            h[r] = head;
            build(lo, r, r as u32 + 1, rng, h);
            build(r + 1, hi, r as u32 + 1, rng, h);
        }
        let mut rng = Rng::new(3);
        for k in 1..200 {
            let n = 1 + k % 25;
            let mut h = vec![0; n];
            build(0, n, 0, &mut rng, &mut h);
            assert!(is_projective(&h));
            assert_eq!(oracle_parse(&h), h);
        }
    }

    #[test]
    fn projectivization_round_trip() {
        // Projective trees are left untouched.
        for t in PROJ {
            let (p, lifted) = projectivize(t);
            assert_eq!(&p, t);
            assert!(lifted.iter().all(|&l| !l));
        }
        // "A hearing is scheduled on the issue today": 'on' (5) depends on 'hearing' (2), crossing 'is scheduled'.
        let nonproj = [2, 4, 4, 0, 2, 7, 5, 4];
        assert!(!is_projective(&nonproj));
        let (p, lifted) = projectivize(&nonproj);
        assert!(is_projective(&p));
        assert_eq!(p[4], 4, "lifted to the grandparent");
        assert!(lifted[4]);
        // Only lifted words changed, each to an ancestor of its original head.
        for d in 0..nonproj.len() {
            if lifted[d] {
                assert!(dominates(&nonproj, p[d] as usize, nonproj[d] as usize));
            } else {
                assert_eq!(p[d], nonproj[d]);
            }
        }
        // And the oracle then reproduces the projectivized tree.
        assert_eq!(oracle_parse(&p), p);
    }
}
