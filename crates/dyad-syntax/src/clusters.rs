//! Word clusters: a hierarchical (Brown) cluster id per word, learned from a
//! large unlabeled corpus by somebody else and read from a registry package.
//!
//! Why: EWT's 200k training words leave most news vocabulary unseen, and
//! unseen words are where the tagger and parser fail most. A Brown cluster
//! groups words by the contexts they occur in ("Iran" with "Russia", "attacked"
//! with "killed"); its bit-string prefixes give features at several
//! granularities that carry what the training data taught about a known word
//! over to an unknown one in the same cluster (Koo, Carreras & Collins 2008).
//!
//! The source is the `en_lexeme_cluster` table of the MIT-licensed PyPI package
//! `spacy-lookups-data` (1,000 clusters, 190k words), a JSON object mapping a
//! word to an integer. That integer is the cluster's bit string *reversed*, so
//! the first k bits of the path are its k low bits; words without a cluster
//! map to 0. `dyad train syntax --lexicon DIR` reads it (gzipped or not),
//! with the package's word-probability table, and the trained model keeps a
//! compact copy, so nothing is read at run time.
use crate::hash::{hash_chars, HashIndex, Reader, Writer};
use crate::SyntaxError;
use std::io::Read;
use std::path::Path;

/// Cluster value of a word without a cluster.
pub(crate) const NO_CLUSTER: u64 = 0;
/// Cluster value of the parser's artificial root (paths fit in 32 bits).
pub(crate) const ROOT_CLUSTER: u64 = 1 << 32;

/// Word → cluster path table (empty in models trained without clusters).
#[derive(Clone, Debug, Default)]
pub(crate) struct Clusters {
    index: HashIndex,
    words: usize,
}

impl Clusters {
    /// Reads the package's data folder: `en_lexeme_cluster.json.gz` (word →
    /// reversed cluster path) and `en_lexeme_prob.json.gz` (word → log
    /// probability in a large corpus). Either may be plain JSON instead.
    pub(crate) fn load_dir(dir: &Path) -> Result<Clusters, SyntaxError> {
        let clusters = read_json_object(&find(dir, "en_lexeme_cluster.json")?)?;
        let probs = read_json_object(&find(dir, "en_lexeme_prob.json")?)?;
        let clusters: Vec<(String, u64)> = clusters.into_iter().filter_map(|(w, v)| Some((w, v.as_u64()?))).collect();
        let probs: Vec<(String, f64)> = probs.into_iter().filter_map(|(w, v)| Some((w, v.as_f64()?))).collect();
        Ok(Self::from_entries(&clusters, &probs))
    }

    /// Builds the table from (word, reversed path bits) pairs in frequency
    /// order and (word, log probability) pairs.
    ///
    /// Each word's lowercase family (all its casings) gets a key with the
    /// cluster of its lowercase spelling (else of its commonest clustered casing), how often the family is
    /// written capitalised and how frequent it is; a casing whose cluster
    /// differs from its family's gets a key of its own ("US" is not "us").
    pub(crate) fn from_entries(clusters: &[(String, u64)], probs: &[(String, f64)]) -> Clusters {
        struct Family {
            cluster: u64,
            p_total: f64,
            p_cased: f64,
        }
        let lower = |w: &str| hash_chars(w.chars().flat_map(char::to_lowercase));
        let mut fams = crate::hash::IdMap::<Family>::default();
        let mut order: Vec<u64> = Vec::new();
        for (w, lp) in probs {
            if *lp < MIN_LOG_PROB {
                continue;
            }
            let k = lower(w);
            let f = fams.entry(k).or_insert_with(|| {
                order.push(k);
                Family { cluster: NO_CLUSTER, p_total: 0.0, p_cased: 0.0 }
            });
            let p = lp.exp();
            f.p_total += p;
            if w.chars().any(char::is_uppercase) {
                f.p_cased += p;
            }
        }
        let kept: Vec<&(String, u64)> = clusters.iter().filter(|(_, v)| *v != NO_CLUSTER && *v <= PATH_MASK).collect();
        for (w, v) in &kept {
            let k = lower(w);
            let f = fams.entry(k).or_insert_with(|| {
                order.push(k);
                Family { cluster: NO_CLUSTER, p_total: 0.0, p_cased: 0.0 }
            });
            // The lowercase spelling's own cluster, else the commonest casing's.
            if f.cluster == NO_CLUSTER || hash_chars(w.chars()) == k {
                f.cluster = *v;
            }
        }
        let profile = |f: &Family| -> u64 {
            if f.p_total <= 0.0 {
                return 0;
            }
            let cap = (4.0 * f.p_cased / f.p_total).round() as u64 + 1; // 1..=5
            let freq = (-f.p_total.ln()).clamp(0.0, 30.0) as u64 + 1; // 1..=31
            cap << CAP_SHIFT | freq << FREQ_SHIFT
        };
        let mut items: Vec<(u64, u64)> = Vec::with_capacity(order.len() + kept.len() / 4);
        for k in &order {
            if let Some(f) = fams.get(k) {
                items.push((*k, f.cluster | profile(f)));
            }
        }
        let mut own = 0;
        for (w, v) in &kept {
            let lk = lower(w);
            let Some(f) = fams.get(&lk) else { continue };
            let k = hash_chars(w.chars());
            if k != lk && f.cluster != *v {
                items.push((k, *v | profile(f)));
                own += 1;
            }
        }
        Clusters { index: HashIndex::build(&items), words: order.len() + own }
    }

    /// Lexicon entry of a word (cluster path and profile, see [`path`], [`profile`])
    /// given the hashes of its exact and lowercase forms.
    #[inline]
    pub(crate) fn get(&self, exact: u64, lower: u64) -> u64 {
        if self.words == 0 {
            return NO_CLUSTER;
        }
        self.index.get(exact).or_else(|| self.index.get(lower)).unwrap_or(NO_CLUSTER)
    }

    pub(crate) fn describe(&self) -> String {
        format!("{} lexicon keys", self.words)
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u64(self.words as u64);
        self.index.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Clusters, SyntaxError> {
        let words = r.u64()? as usize;
        Ok(Clusters { index: HashIndex::read_huge(r)?, words })
    }
}

/// Words rarer than this (natural log probability) give no family profile.
const MIN_LOG_PROB: f64 = -17.0;
/// Cluster paths use the low 20 bits of an entry (the source has ≤ 18-bit paths).
const PATH_MASK: u64 = (1 << 20) - 1;
const CAP_SHIFT: u32 = 20;
const FREQ_SHIFT: u32 = 24;

/// The first `bits` bits (≤ 20) of an entry's cluster path as a feature atom
/// (distinct per prefix length).
#[inline(always)]
pub(crate) fn prefix(e: u64, bits: u32) -> u64 {
    let c = e & PATH_MASK;
    if e >= ROOT_CLUSTER {
        0xc2u64 << 40 | bits as u64
    } else if c == NO_CLUSTER {
        0xc1u64 << 40 | bits as u64
    } else {
        (bits as u64) << 40 | (c & ((1u64 << bits) - 1))
    }
}

/// The family profile of an entry as a feature atom: how often the word is
/// capitalised (5 levels) and how frequent it is (log buckets); 0 = unknown.
#[inline(always)]
pub(crate) fn profile(e: u64) -> u64 {
    if e >= ROOT_CLUSTER {
        0xfff
    } else {
        e >> CAP_SHIFT
    }
}

/// Capitalisation level of an entry alone (1 = never capitalised … 5 = always; 0 = unknown).
#[inline(always)]
pub(crate) fn cap_level(e: u64) -> u64 {
    if e >= ROOT_CLUSTER {
        0xf
    } else {
        (e >> CAP_SHIFT) & 0xf
    }
}

fn find(dir: &Path, stem: &str) -> Result<std::path::PathBuf, SyntaxError> {
    [format!("{stem}.gz"), stem.to_string()]
        .into_iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| SyntaxError::Training(format!("{}: no {stem}[.gz]", dir.display())))
}

/// Reads a JSON object (optionally gzipped) as (key, value) pairs in file order.
fn read_json_object(path: &Path) -> Result<Vec<(String, serde_json::Value)>, SyntaxError> {
    let raw = std::fs::read(path).map_err(|e| SyntaxError::io(path, e))?;
    let text = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut s).map_err(|e| SyntaxError::io(path, e))?;
        s
    } else {
        String::from_utf8(raw).map_err(|_| SyntaxError::Training(format!("{}: not UTF-8", path.display())))?
    };
    let entries: OrderedEntries = serde_json::from_str(&text)
        .map_err(|e| SyntaxError::Training(format!("{}: not a JSON object of words: {e}", path.display())))?;
    Ok(entries.0)
}

/// A JSON object read as (key, value) pairs in file order (serde_json's map
/// would sort them, losing the frequency order the casing rule relies on).
struct OrderedEntries(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for OrderedEntries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OrderedEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of words")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<OrderedEntries, A::Error> {
                let mut out = Vec::with_capacity(m.size_hint().unwrap_or(0));
                while let Some((k, v)) = m.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v));
                }
                Ok(OrderedEntries(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> u64 {
        hash_chars(s.chars())
    }
    fn l(s: &str) -> u64 {
        hash_chars(s.chars().flat_map(char::to_lowercase))
    }

    #[test]
    fn families_take_the_commonest_casing_and_own_clusters_stay() {
        let clusters =
            vec![("Apple".to_string(), 5), ("apple".to_string(), 9), ("Iran".to_string(), 6), ("x".to_string(), 0)];
        let probs = vec![("apple".to_string(), -9.0), ("Apple".to_string(), -10.0), ("Iran".to_string(), -9.5)];
        let c = Clusters::from_entries(&clusters, &probs);
        assert_eq!(c.get(h("Apple"), l("Apple")) & PATH_MASK, 5);
        assert_eq!(c.get(h("APPLE"), l("APPLE")) & PATH_MASK, 9, "the lowercase spelling's cluster");
        assert_eq!(c.get(h("apple"), l("apple")) & PATH_MASK, 9);
        assert_eq!(c.get(h("IRAN"), l("IRAN")) & PATH_MASK, 6);
        assert_eq!(c.get(h("x"), l("x")), NO_CLUSTER);
        // Iran is always capitalised, apple mostly not.
        assert_eq!(cap_level(c.get(h("iran"), l("iran"))), 5);
        assert!(cap_level(c.get(h("apple"), l("apple"))) <= 3);
    }

    #[test]
    fn prefixes_are_low_bits_and_distinct_per_length() {
        // Path 0101 (reversed → 0b1010): the 2-bit prefix "01" is the low bits 0b10.
        assert_eq!(prefix(0b1010, 2) & 0xff, 0b10);
        assert_ne!(prefix(0b1010, 4), prefix(0b1010, 6));
        assert_ne!(prefix(NO_CLUSTER, 4), prefix(0b10000, 4));
        assert_ne!(prefix(ROOT_CLUSTER, 4), prefix(NO_CLUSTER, 4));
    }

    #[test]
    fn reads_ordered_json_and_reports_bad_files() {
        let dir = std::env::temp_dir().join(format!("dyad-clusters-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("en_lexeme_cluster.json"), r#"{"the": 11, "The": 3, "said": 116}"#).unwrap();
        std::fs::write(dir.join("en_lexeme_prob.json"), r#"{"the": -3.5, "The": -6.0, "said": -7.2}"#).unwrap();
        let c = Clusters::load_dir(&dir).unwrap();
        assert_eq!(c.get(h("THE"), l("THE")) & PATH_MASK, 11);
        assert_eq!(c.get(h("The"), l("The")) & PATH_MASK, 3);
        assert!(Clusters::load_dir(&dir.join("missing")).is_err());
        std::fs::write(dir.join("en_lexeme_prob.json"), "[1, 2]").unwrap();
        assert!(Clusters::load_dir(&dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
