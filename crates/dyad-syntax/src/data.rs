//! Internal training representation and small utilities (seeded RNG).
use crate::conllu::Sentence;
use crate::tags::{DepRel, Upos, Xpos};

/// A gold sentence with typed columns.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sent {
    pub forms: Vec<String>,
    pub upos: Vec<Upos>,
    pub xpos: Vec<Xpos>,
    pub lemmas: Vec<String>,
    /// CoNLL-U heads: 0 = root, else 1-based.
    pub heads: Vec<u32>,
    pub rels: Vec<DepRel>,
}

impl Sent {
    pub(crate) fn from_conllu(s: &Sentence) -> Sent {
        Sent {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            upos: s.words.iter().map(|w| Upos::parse_or_fallback(&w.upos)).collect(),
            xpos: s.words.iter().map(|w| Xpos::parse_or_fallback(&w.xpos)).collect(),
            lemmas: s.words.iter().map(|w| w.lemma.clone()).collect(),
            heads: s.words.iter().map(|w| w.head).collect(),
            rels: s.words.iter().map(|w| DepRel::parse_or_fallback(&w.deprel)).collect(),
        }
    }
    pub(crate) fn len(&self) -> usize {
        self.forms.len()
    }
}

/// SplitMix64: tiny, seedable, good enough for shuffling and exploration.
pub(crate) struct Rng(u64);
impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_f491_4f6c_dd1d)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform float in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
