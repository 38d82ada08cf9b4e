//! Child lists over a parsed sentence, rebuilt per sentence into reused
//! buffers (no per-token allocation).

use dyad_syntax::{Annotation, DepRel};

#[derive(Default)]
pub struct Tree {
    first: Vec<u32>,
    next: Vec<u32>,
    last: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Tree {
    pub fn build(&mut self, ann: &Annotation) {
        let n = ann.len();
        self.first.clear();
        self.next.clear();
        self.last.clear();
        self.first.resize(n, NONE);
        self.next.resize(n, NONE);
        self.last.resize(n, NONE);
        for c in 0..n {
            if let Some(h) = ann.head_index(c) {
                if h >= n {
                    continue;
                }
                if self.first[h] == NONE {
                    self.first[h] = c as u32;
                } else {
                    let l = self.last[h] as usize;
                    self.next[l] = c as u32;
                }
                self.last[h] = c as u32;
            }
        }
    }

    /// Children of `t`, left to right.
    pub fn children(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        let mut c = self.first.get(t).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            if c == NONE {
                return None;
            }
            let cur = c as usize;
            c = self.next[cur];
            Some(cur)
        })
    }

    pub fn child_with(&self, ann: &Annotation, t: usize, rels: &[DepRel]) -> Option<usize> {
        self.children(t).find(|&c| rels.contains(&ann.deprel[c]))
    }

    /// Lemma of the `case` (preposition) child of a nominal, if any.
    pub fn case_of<'a>(&self, ann: &'a Annotation, t: usize) -> Option<&'a str> {
        self.children(t).find(|&c| ann.deprel[c] == DepRel::Case).map(|c| ann.lemma(c))
    }

    pub fn mark_of<'a>(&self, ann: &'a Annotation, t: usize) -> Option<&'a str> {
        self.children(t).find(|&c| ann.deprel[c] == DepRel::Mark).map(|c| ann.lemma(c))
    }
}

/// Whether word `t` has a future (or future-in-the-past) auxiliary: "will
/// attack", "would meet", "won't" ("wo" + "n't"), "they'd".
pub fn has_future_aux(ann: &Annotation, tree: &Tree, t: usize) -> bool {
    tree.children(t).any(|c| {
        ann.deprel[c] == DepRel::Aux && matches!(ann.lemma(c), "will" | "would" | "shall" | "'ll" | "wo" | "'d")
    })
}
