//! Second-stage arc labeler that sees the finished tree.
//!
//! Why: the in-parse labeler must label an arc when it is built, before the
//! head's later dependents exist (`iobj` vs `obj` depends on a following object,
//! `nmod` vs `obl` on the head's own function, `parataxis` vs `conj` on the
//! siblings). Once the tree is complete every word is relabeled top-down
//! (breadth-first from the root), so the head's final label and the labels of
//! earlier siblings are available as features. It is trained on gold trees with
//! jackknifed tags, decoding greedily with its own earlier decisions.
use crate::clusters::prefix;
use crate::data::Rng;
use crate::hash::{f1, f2, f3, mix};
use crate::parser::{Ctx, ParseSent};
use crate::perceptron::{Frozen, Scores, Trainer};
use crate::tags::DepRel;

const NONE: u32 = u32::MAX;
const NW: u64 = 0x5eed_0002;
const NL: u64 = 0xfff;
const ROOT_LABEL: usize = DepRel::Root as usize;

/// Reusable buffers.
#[derive(Default)]
pub(crate) struct RelabelScratch {
    start: Vec<u32>,
    kids: Vec<u32>,
    order: Vec<u32>,
    feats: Vec<u64>,
    buf: Vec<u64>,
    scores: Scores,
    fscores: Vec<f32>,
}

impl RelabelScratch {
    /// Children lists (ascending) via counting sort, and a breadth-first order from the root.
    fn build(&mut self, heads: &[u32]) {
        let n = heads.len();
        self.start.clear();
        self.start.resize(n + 2, 0);
        for &h in heads {
            self.start[(h as usize).min(n) + 1] += 1;
        }
        for i in 1..n + 2 {
            self.start[i] += self.start[i - 1];
        }
        self.kids.clear();
        self.kids.resize(n, 0);
        // Fill: use `order` temporarily as write cursors.
        self.order.clear();
        self.order.extend_from_slice(&self.start[..n + 1]);
        for (d, &h) in heads.iter().enumerate() {
            let c = &mut self.order[(h as usize).min(n)];
            self.kids[*c as usize] = d as u32;
            *c += 1;
        }
        self.order.clear();
        let (a, b) = (self.start[n] as usize, self.start[n + 1] as usize);
        self.order.extend_from_slice(&self.kids[a..b]);
        let mut i = 0;
        while i < self.order.len() {
            let h = self.order[i];
            let (a, b) = (self.start[h as usize] as usize, self.start[h as usize + 1] as usize);
            for k in a..b {
                self.order.push(self.kids[k]);
            }
            i += 1;
        }
    }

    fn children(&self, h: u32) -> &[u32] {
        &self.kids[self.start[h as usize] as usize..self.start[h as usize + 1] as usize]
    }
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

/// Features of the arc `heads[d] → d` given the complete tree and the labels decided so far.
fn feats(x: &Ctx, heads: &[u32], labels: &[u8], sc: &RelabelScratch, d: u32, out: &mut Vec<u64>) {
    let n = heads.len() as u32;
    let h = heads[d as usize];
    let w = |i: u32| if i == NONE { NW } else { x.w[i as usize] };
    let p = |i: u32| if i == NONE { 0 } else { x.p[i as usize] };
    let l = |i: u32| if i == NONE || i >= n { NL } else { labels[i as usize] as u64 };
    let dir = (d < h) as u64;
    let (hw, hp, dw, dp) = (w(h), p(h), w(d), p(d));
    let hp_dir = hp * 2 + dir;
    let hl = l(h);
    let g = if h >= n { NONE } else { heads[h as usize] };
    let gp = if h >= n { 1 } else { p(g) };
    let dist = dist_bucket(d.abs_diff(h));
    let sibs = sc.children(h);
    let pos = sibs.iter().position(|&c| c == d).unwrap_or(0);
    let ls = if pos > 0 { sibs[pos - 1] } else { NONE };
    let rs = sibs.get(pos + 1).copied().unwrap_or(NONE);
    let side = |c: u32| if c == NONE { 2 } else { (c < h) as u64 };
    let kids = sc.children(d);
    let nlk = kids.iter().filter(|&&c| c < d).count();
    let nrk = kids.len() - nlk;
    let (dl1, dr1) = (kids.first().copied().unwrap_or(NONE), kids.last().copied().unwrap_or(NONE));
    let dl_near = if nlk > 0 { kids[nlk - 1] } else { NONE };
    // Tag sequence of d's children with d itself marked: a compact "subtree shape".
    let mut seq = 0x51u64;
    for (k, &c) in kids.iter().enumerate() {
        if k == nlk {
            seq = mix(seq, 0xd);
        }
        seq = mix(seq, p(c));
    }
    if nlk == kids.len() {
        seq = mix(seq, 0xd);
    }
    let prev = |i: u32| if i == 0 || i >= n { NONE } else { i - 1 };
    let next = |i: u32| if i + 1 >= n { NONE } else { i + 1 };
    let nkids = (nlk.min(3) * 4 + nrk.min(3)) as u64;
    out.clear();
    out.extend_from_slice(&[
        f1(201, dir),
        f2(202, dw, dir),
        f2(203, dp, dir),
        f2(204, hw, dir),
        f2(205, hp, dir),
        f2(206, dp, hp_dir),
        f3(207, dw, dp, hp_dir),
        f3(208, dp, hw, hp_dir),
        f3(209, dw, hw, dir),
        f3(210, dp, hp_dir, dist),
        f3(211, dp, hp_dir, hl),
        f3(212, dw, hl, dir),
        f3(213, dp, hp_dir, gp),
        f3(214, hl, gp, f2(0, dp, hp_dir)),
        f3(215, dp, hp_dir, f2(0, p(ls), side(ls))),
        f3(216, dp, hp_dir, f2(0, l(ls), side(ls))),
        f3(217, dp, hp_dir, f2(0, p(rs), side(rs))),
        f3(218, dp, hp_dir, f2(0, w(rs), side(rs))),
        f3(219, dw, hp_dir, f2(0, p(rs), side(rs))),
        f3(220, dp, hp_dir, seq),
        f2(221, dp, seq),
        f3(222, dp, hp_dir, w(dl1)),
        f3(223, dp, hp_dir, w(dr1)),
        f3(224, dp, hp_dir, p(dl_near)),
        f3(225, dp, hp_dir, nkids),
        f3(226, dp, hp_dir, p(prev(d))),
        f3(227, dp, hp_dir, p(next(d))),
        f3(228, dp, hp_dir, p(prev(h))),
        f3(229, dp, hp_dir, p(next(h))),
        f3(230, dp, hw, w(dl1)),
        f3(231, dw, hp_dir, w(dl1)),
        f3(232, dp, hp_dir, (pos as u64).min(4) * 8 + (sibs.len() - pos - 1).min(4) as u64),
        f3(233, hl, dp, dir),
    ]);
    // Word clusters and coarse tags (see the parser's templates).
    let k = |i: u32| if i == NONE || i >= n { NW } else { prefix(x.c[i as usize], 32) };
    let u = |i: u32| if i == NONE || i >= n { 0 } else { x.u[i as usize] };
    out.extend_from_slice(&[
        f3(234, k(d), dp, hp_dir),
        f3(235, k(h), hp_dir, dp),
        f3(236, u(d), u(h) * 2 + dir, hl),
        f3(237, u(d), u(h) * 2 + dir, f2(0, u(rs), side(rs))),
    ]);
    // Function words among d's and h's other dependents (case/mark/aux/"by"…).
    for &c in kids {
        out.push(f3(240, dp * 2 + dir, hp, w(c)));
    }
    for &c in sibs {
        if c != d {
            out.push(f3(241, dp * 2 + dir, side(c), w(c)));
            out.push(f3(242, dp, hp_dir, p(c) * 4 + side(c) * 2 + (c < d) as u64));
        }
    }
}

fn best_f(s: &[f32]) -> usize {
    let mut b = usize::MAX;
    for (j, &v) in s.iter().enumerate() {
        if j != ROOT_LABEL && (b == usize::MAX || v > s[b]) {
            b = j;
        }
    }
    b
}

/// Relabels every word of a finished tree (`heads` internal: root = n), combining its
/// scores with the in-parse labeler's (`prior`, n × labels, float scale).
pub(crate) fn relabel(
    model: &Frozen,
    x: &Ctx,
    heads: &[u32],
    labels: &mut [u8],
    prior: &[f32],
    sc: &mut RelabelScratch,
) {
    let nl = model.nclass;
    // Ensemble with the in-parse labeler (alone, the relabeler is slightly worse:
    // it is trained on gold trees); weights tuned on dev.
    let (wp, wr) = (1.0f32, 0.8f32);
    let n = heads.len() as u32;
    sc.build(heads);
    sc.fscores.resize(nl, 0.0);
    let mut feats_v = std::mem::take(&mut sc.feats);
    for k in 0..sc.order.len() {
        let d = sc.order[k];
        let h = heads[d as usize];
        labels[d as usize] = if h >= n {
            ROOT_LABEL as u8
        } else {
            feats(x, heads, labels, sc, d, &mut feats_v);
            model.score(&feats_v, &mut sc.scores.0, &mut sc.buf);
            let pr = &prior[d as usize * nl..(d as usize + 1) * nl];
            for j in 0..nl {
                sc.fscores[j] = wr * model.to_f32(sc.scores.0[j]) + wp * pr[j];
            }
            best_f(&sc.fscores[..nl]) as u8
        };
    }
    sc.feats = feats_v;
}

/// Trains the relabeler on gold (projectivized) trees.
pub(crate) fn train(data: &[ParseSent], epochs: usize, seed: u64, prune: f32, verbose: bool) -> Frozen {
    let nl = DepRel::ALL.len();
    let mut tr = Trainer::new(nl);
    let mut rng = Rng::new(seed ^ 0x7265_6c61);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut sc = RelabelScratch::default();
    let mut labels: Vec<u8> = Vec::new();
    let mut fv = Vec::new();
    sc.fscores.resize(nl, 0.0);
    for ep in 0..epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut tot) = (0usize, 0usize);
        for &si in &order {
            let s = &data[si];
            let n = s.gh.len() as u32;
            let x = Ctx { w: &s.w, p: &s.p, u: &s.u, c: &s.c };
            sc.build(&s.gh);
            labels.clear();
            labels.resize(s.gh.len(), 0);
            for k in 0..sc.order.len() {
                let d = sc.order[k] as usize;
                if s.gh[d] >= n {
                    labels[d] = ROOT_LABEL as u8;
                    continue;
                }
                feats(&x, &s.gh, &labels, &sc, d as u32, &mut fv);
                tr.score(&fv, &mut sc.fscores);
                let pl = best_f(&sc.fscores);
                let gl = s.gl[d] as usize;
                tr.update(&fv, gl, pl);
                tr.tick();
                ok += (pl == gl) as usize;
                tot += 1;
                labels[d] = pl as u8;
            }
        }
        if verbose {
            eprintln!(
                "  relabeler epoch {}: train label acc {:.2}% ({} feats)",
                ep + 1,
                100.0 * ok as f64 / tot.max(1) as f64,
                tr.n_features()
            );
        }
    }
    tr.freeze(prune)
}
