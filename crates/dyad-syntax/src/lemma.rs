//! Lemmatizer: learned lookup tables, a hand-written list of irregular forms,
//! and learned suffix-edit rules per XPOS for unseen words.
//!
//! Lookup order and why:
//! 1. `(form, XPOS)` seen in training → its most frequent lemma (exact EWT conventions,
//!    including contractions like `'s`/VBZ → `be`, `n't` → `not`).
//! 2. `(lowercased form, XPOS)` → same, for sentence-initial or shouted words.
//! 3. Irregular forms ([`IRREGULAR`]) for words the training data never showed.
//! 4. Longest-suffix edit rule learned per XPOS (e.g. NNS `-ies` → `-y`), applied to the
//!    form as written for proper nouns and to the lowercased form otherwise (as EWT does).
use crate::data::Sent;
use crate::hash::{f2, f3, hash_chars, hash_str, HashIndex, Reader, Writer};
use crate::tags::Xpos;
use crate::SyntaxError;
use std::collections::HashMap;

/// Irregular inflections, `(form, coarse class, lemma)`; class is the first letter of
/// the PTB tag family: `V` verbs, `N` nouns, `J` adjectives, `R` adverbs.
pub const IRREGULAR: &[(&str, char, &str)] = &[
    ("am", 'V', "be"),
    ("is", 'V', "be"),
    ("are", 'V', "be"),
    ("was", 'V', "be"),
    ("were", 'V', "be"),
    ("been", 'V', "be"),
    ("being", 'V', "be"),
    ("'s", 'V', "be"),
    ("'re", 'V', "be"),
    ("'m", 'V', "be"),
    ("has", 'V', "have"),
    ("had", 'V', "have"),
    ("having", 'V', "have"),
    ("'ve", 'V', "have"),
    ("does", 'V', "do"),
    ("did", 'V', "do"),
    ("done", 'V', "do"),
    ("doing", 'V', "do"),
    ("goes", 'V', "go"),
    ("went", 'V', "go"),
    ("gone", 'V', "go"),
    ("arose", 'V', "arise"),
    ("arisen", 'V', "arise"),
    ("awoke", 'V', "awake"),
    ("bore", 'V', "bear"),
    ("borne", 'V', "bear"),
    ("beaten", 'V', "beat"),
    ("became", 'V', "become"),
    ("began", 'V', "begin"),
    ("begun", 'V', "begin"),
    ("bent", 'V', "bend"),
    ("bound", 'V', "bind"),
    ("bit", 'V', "bite"),
    ("bitten", 'V', "bite"),
    ("bled", 'V', "bleed"),
    ("blew", 'V', "blow"),
    ("blown", 'V', "blow"),
    ("broke", 'V', "break"),
    ("broken", 'V', "break"),
    ("bred", 'V', "breed"),
    ("brought", 'V', "bring"),
    ("built", 'V', "build"),
    ("burnt", 'V', "burn"),
    ("bought", 'V', "buy"),
    ("caught", 'V', "catch"),
    ("chose", 'V', "choose"),
    ("chosen", 'V', "choose"),
    ("clung", 'V', "cling"),
    ("came", 'V', "come"),
    ("crept", 'V', "creep"),
    ("dealt", 'V', "deal"),
    ("dug", 'V', "dig"),
    ("drew", 'V', "draw"),
    ("drawn", 'V', "draw"),
    ("drank", 'V', "drink"),
    ("drunk", 'V', "drink"),
    ("drove", 'V', "drive"),
    ("driven", 'V', "drive"),
    ("ate", 'V', "eat"),
    ("eaten", 'V', "eat"),
    ("fell", 'V', "fall"),
    ("fallen", 'V', "fall"),
    ("fed", 'V', "feed"),
    ("felt", 'V', "feel"),
    ("fought", 'V', "fight"),
    ("found", 'V', "find"),
    ("fled", 'V', "flee"),
    ("flung", 'V', "fling"),
    ("flew", 'V', "fly"),
    ("flown", 'V', "fly"),
    ("forbade", 'V', "forbid"),
    ("forbidden", 'V', "forbid"),
    ("forgot", 'V', "forget"),
    ("forgotten", 'V', "forget"),
    ("forgave", 'V', "forgive"),
    ("forgiven", 'V', "forgive"),
    ("froze", 'V', "freeze"),
    ("frozen", 'V', "freeze"),
    ("got", 'V', "get"),
    ("gotten", 'V', "get"),
    ("gave", 'V', "give"),
    ("given", 'V', "give"),
    ("ground", 'V', "grind"),
    ("grew", 'V', "grow"),
    ("grown", 'V', "grow"),
    ("hung", 'V', "hang"),
    ("heard", 'V', "hear"),
    ("hid", 'V', "hide"),
    ("hidden", 'V', "hide"),
    ("held", 'V', "hold"),
    ("kept", 'V', "keep"),
    ("knelt", 'V', "kneel"),
    ("knew", 'V', "know"),
    ("known", 'V', "know"),
    ("laid", 'V', "lay"),
    ("led", 'V', "lead"),
    ("leapt", 'V', "leap"),
    ("left", 'V', "leave"),
    ("lent", 'V', "lend"),
    ("lain", 'V', "lie"),
    ("lit", 'V', "light"),
    ("lost", 'V', "lose"),
    ("made", 'V', "make"),
    ("meant", 'V', "mean"),
    ("met", 'V', "meet"),
    ("paid", 'V', "pay"),
    ("proven", 'V', "prove"),
    ("rode", 'V', "ride"),
    ("ridden", 'V', "ride"),
    ("rang", 'V', "ring"),
    ("rung", 'V', "ring"),
    ("rose", 'V', "rise"),
    ("risen", 'V', "rise"),
    ("ran", 'V', "run"),
    ("said", 'V', "say"),
    ("says", 'V', "say"),
    ("saw", 'V', "see"),
    ("seen", 'V', "see"),
    ("sought", 'V', "seek"),
    ("sold", 'V', "sell"),
    ("sent", 'V', "send"),
    ("sewn", 'V', "sew"),
    ("shook", 'V', "shake"),
    ("shaken", 'V', "shake"),
    ("shone", 'V', "shine"),
    ("shot", 'V', "shoot"),
    ("shown", 'V', "show"),
    ("shrank", 'V', "shrink"),
    ("shrunk", 'V', "shrink"),
    ("sang", 'V', "sing"),
    ("sung", 'V', "sing"),
    ("sank", 'V', "sink"),
    ("sunk", 'V', "sink"),
    ("sat", 'V', "sit"),
    ("slew", 'V', "slay"),
    ("slain", 'V', "slay"),
    ("slept", 'V', "sleep"),
    ("slid", 'V', "slide"),
    ("spoke", 'V', "speak"),
    ("spoken", 'V', "speak"),
    ("sped", 'V', "speed"),
    ("spent", 'V', "spend"),
    ("spun", 'V', "spin"),
    ("spat", 'V', "spit"),
    ("sprang", 'V', "spring"),
    ("sprung", 'V', "spring"),
    ("stood", 'V', "stand"),
    ("stole", 'V', "steal"),
    ("stolen", 'V', "steal"),
    ("stuck", 'V', "stick"),
    ("stung", 'V', "sting"),
    ("struck", 'V', "strike"),
    ("stricken", 'V', "strike"),
    ("strove", 'V', "strive"),
    ("swore", 'V', "swear"),
    ("sworn", 'V', "swear"),
    ("swept", 'V', "sweep"),
    ("swam", 'V', "swim"),
    ("swum", 'V', "swim"),
    ("swung", 'V', "swing"),
    ("took", 'V', "take"),
    ("taken", 'V', "take"),
    ("taught", 'V', "teach"),
    ("tore", 'V', "tear"),
    ("torn", 'V', "tear"),
    ("told", 'V', "tell"),
    ("thought", 'V', "think"),
    ("threw", 'V', "throw"),
    ("thrown", 'V', "throw"),
    ("trod", 'V', "tread"),
    ("understood", 'V', "understand"),
    ("undertook", 'V', "undertake"),
    ("undertaken", 'V', "undertake"),
    ("overcame", 'V', "overcome"),
    ("overtook", 'V', "overtake"),
    ("overtaken", 'V', "overtake"),
    ("overthrew", 'V', "overthrow"),
    ("overthrown", 'V', "overthrow"),
    ("woke", 'V', "wake"),
    ("woken", 'V', "wake"),
    ("wore", 'V', "wear"),
    ("worn", 'V', "wear"),
    ("wove", 'V', "weave"),
    ("woven", 'V', "weave"),
    ("wept", 'V', "weep"),
    ("won", 'V', "win"),
    ("wound", 'V', "wind"),
    ("withdrew", 'V', "withdraw"),
    ("withdrawn", 'V', "withdraw"),
    ("wrote", 'V', "write"),
    ("written", 'V', "write"),
    ("foresaw", 'V', "foresee"),
    ("foreseen", 'V', "foresee"),
    ("mistook", 'V', "mistake"),
    ("mistaken", 'V', "mistake"),
    ("upheld", 'V', "uphold"),
    ("withheld", 'V', "withhold"),
    ("children", 'N', "child"),
    ("men", 'N', "man"),
    ("women", 'N', "woman"),
    ("feet", 'N', "foot"),
    ("teeth", 'N', "tooth"),
    ("mice", 'N', "mouse"),
    ("geese", 'N', "goose"),
    ("oxen", 'N', "ox"),
    ("lives", 'N', "life"),
    ("knives", 'N', "knife"),
    ("wives", 'N', "wife"),
    ("leaves", 'N', "leaf"),
    ("halves", 'N', "half"),
    ("wolves", 'N', "wolf"),
    ("thieves", 'N', "thief"),
    ("shelves", 'N', "shelf"),
    ("crises", 'N', "crisis"),
    ("analyses", 'N', "analysis"),
    ("theses", 'N', "thesis"),
    ("criteria", 'N', "criterion"),
    ("phenomena", 'N', "phenomenon"),
    ("nuclei", 'N', "nucleus"),
    ("militiamen", 'N', "militiaman"),
    ("policemen", 'N', "policeman"),
    ("spokesmen", 'N', "spokesman"),
    ("servicemen", 'N', "serviceman"),
    ("gunmen", 'N', "gunman"),
    ("congressmen", 'N', "congressman"),
    ("businessmen", 'N', "businessman"),
    ("better", 'J', "good"),
    ("best", 'J', "good"),
    ("worse", 'J', "bad"),
    ("worst", 'J', "bad"),
    ("further", 'J', "far"),
    ("farther", 'J', "far"),
    ("furthest", 'J', "far"),
    ("better", 'R', "well"),
    ("best", 'R', "well"),
];

fn coarse(x: Xpos) -> char {
    match x.as_str().as_bytes().first() {
        Some(b'V') => 'V',
        Some(b'N') => 'N',
        Some(b'J') => 'J',
        Some(b'R') => 'R',
        Some(b'M') => 'V',
        _ => '?',
    }
}

/// Casing class of a form: 0 no uppercase, 1 Titlecase, 2 ALLCAPS, 3 miXed.
fn casing(form: &str) -> usize {
    let mut up = 0;
    let mut low = 0;
    let mut first_up = false;
    for (i, c) in form.chars().enumerate() {
        if c.is_uppercase() {
            up += 1;
            if i == 0 {
                first_up = true;
            }
        } else if c.is_lowercase() {
            low += 1;
        }
    }
    match (up, low) {
        (0, _) => 0,
        (1, _) if first_up => 1,
        (_, 0) => 2,
        _ => 3,
    }
}

const MAX_SUFFIX: usize = 7;

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Whether a suffix rule that only stripped "-ed"/"-ing" from an unseen
/// verb (`form`, lower-cased) lost a silent e: a one-syllable stem ending
/// in one vowel and one consonant ("blam" from "blamed", "vot" from
/// "voting") would have doubled its consonant ("banned", "stopping") had
/// it been the lemma, so the lemma ends in e ("blame", "vote"). Longer
/// stems are left alone: "visited" is "visit", "ignited" "ignite", and
/// spelling cannot tell them apart.
fn needs_silent_e(form: &[char], lemma: &str) -> bool {
    let n = form.len();
    let stripped = |k: usize| n > k && form[..n - k].iter().copied().eq(lemma.chars());
    // The stem is the form without its suffix (no copy: this runs per verb token).
    let stem = if form.ends_with(&['e', 'd']) && stripped(2) {
        &form[..n - 2]
    } else if form.ends_with(&['i', 'n', 'g']) && stripped(3) {
        &form[..n - 3]
    } else {
        return false;
    };
    let m = stem.len();
    if m < 2 || !stem.iter().all(char::is_ascii_lowercase) {
        return false;
    }
    let (last, before) = (stem[m - 1], stem[m - 2]);
    let one_vowel_then_consonant =
        !is_vowel(last) && !matches!(last, 'w' | 'x' | 'y') && is_vowel(before) && (m < 3 || !is_vowel(stem[m - 3]));
    // One vowel group: one syllable.
    let groups = stem.iter().enumerate().filter(|&(i, &c)| is_vowel(c) && (i == 0 || !is_vowel(stem[i - 1]))).count();
    one_vowel_then_consonant && groups == 1
}

fn key_exact(form: &str, x: Xpos) -> u64 {
    f2(501, x.index() as u64, hash_str(form))
}
fn key_lower(lower_hash: u64, x: Xpos) -> u64 {
    f2(502, x.index() as u64, lower_hash)
}
fn key_irr(lower_hash: u64, c: char) -> u64 {
    f2(503, c as u64, lower_hash)
}
fn key_rule(x: Xpos, k: usize, suffix_hash: u64) -> u64 {
    f3(504, x.index() as u64, k as u64, suffix_hash)
}

/// A string list stored as one buffer plus end offsets.
#[derive(Default)]
struct StrList {
    text: String,
    ends: Vec<u32>,
}
impl StrList {
    fn push(&mut self, s: &str) -> u64 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u64 - 1
    }
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) as usize };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }
    fn write(&self, w: &mut Writer) {
        w.str(&self.text);
        w.u32s(&self.ends);
    }
    fn read(r: &mut Reader) -> Result<StrList, SyntaxError> {
        let text = r.str()?;
        let ends = r.u32s()?;
        Ok(StrList { text, ends })
    }
}

/// The trained lemmatizer.
pub(crate) struct Lemmatizer {
    exact: HashIndex,
    lower: HashIndex,
    irregular: HashIndex,
    lemmas: StrList,
    rules: HashIndex,
    edit_strip: Vec<u8>,
    edit_add: StrList,
    /// Per (XPOS, casing class): keep the written case (proper nouns) or lowercase.
    keep_case: Vec<u8>,
}

/// Scratch for lemmatization (lowercased chars of the current word).
#[derive(Default)]
pub(crate) struct LemmaScratch {
    chars: Vec<char>,
}

impl Lemmatizer {
    /// Appends the lemma of `form` (tagged `x`) to `out`.
    pub(crate) fn lemmatize(&self, form: &str, x: Xpos, sc: &mut LemmaScratch, out: &mut String) {
        if let Some(id) = self.exact.get(key_exact(form, x)) {
            out.push_str(self.lemmas.get(id as usize));
            return;
        }
        sc.chars.clear();
        sc.chars.extend(form.chars().flat_map(char::to_lowercase));
        let lh = hash_chars(sc.chars.iter().copied());
        if let Some(id) = self.lower.get(key_lower(lh, x)) {
            out.push_str(self.lemmas.get(id as usize));
            return;
        }
        // A past tense and its participle share their lemma ("blamed"
        // seen only as VBN in training still lemmatizes as VBD), which is
        // safer than a suffix rule learned from other verbs.
        let twin = match x {
            Xpos::Vbd => Some(Xpos::Vbn),
            Xpos::Vbn => Some(Xpos::Vbd),
            _ => None,
        };
        if let Some(id) = twin.and_then(|t| self.lower.get(key_lower(lh, t))) {
            out.push_str(self.lemmas.get(id as usize));
            return;
        }
        if let Some(id) = self.irregular.get(key_irr(lh, coarse(x))) {
            out.push_str(self.lemmas.get(id as usize));
            return;
        }
        let keep = self.keep_case.get(x.index() * 4 + casing(form)).copied().unwrap_or(0) == 1;
        let n = sc.chars.len();
        let mut edit = None;
        for k in (0..=MAX_SUFFIX.min(n)).rev() {
            if let Some(e) = self.rules.get(key_rule(x, k, hash_chars(sc.chars[n - k..].iter().copied()))) {
                edit = Some(e as usize);
                break;
            }
        }
        let start = out.len();
        if keep {
            out.push_str(form);
        } else {
            out.extend(sc.chars.iter());
        }
        if let Some(e) = edit {
            let strip = self.edit_strip.get(e).copied().unwrap_or(0) as usize;
            let nchars = out[start..].chars().count();
            if strip < nchars {
                for _ in 0..strip {
                    out.pop();
                }
                out.push_str(self.edit_add.get(e));
            }
        }
        if matches!(x, Xpos::Vbd | Xpos::Vbn | Xpos::Vbg) && needs_silent_e(&sc.chars, &out[start..]) {
            out.push('e');
        }
    }

    pub(crate) fn train(sents: &[Sent]) -> Lemmatizer {
        // 1. Tables of most frequent lemma per (form, xpos) and (lower, xpos).
        let mut exact: HashMap<(String, Xpos), HashMap<String, u32>> = HashMap::new();
        let mut lower: HashMap<(String, Xpos), HashMap<String, u32>> = HashMap::new();
        for s in sents {
            for i in 0..s.len() {
                let (f, x, l) = (&s.forms[i], s.xpos[i], &s.lemmas[i]);
                if l == "_" {
                    continue;
                }
                *exact.entry((f.clone(), x)).or_default().entry(l.clone()).or_default() += 1;
                *lower.entry((f.to_lowercase(), x)).or_default().entry(l.clone()).or_default() += 1;
            }
        }
        let best = |m: &HashMap<String, u32>| -> String {
            let mut v: Vec<(&String, &u32)> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v[0].0.clone()
        };
        let mut lemmas = StrList::default();
        let mut ids: HashMap<String, u64> = HashMap::new();
        let mut intern = |s: String, lemmas: &mut StrList| -> u64 {
            if let Some(&i) = ids.get(&s) {
                return i;
            }
            let i = lemmas.push(&s);
            ids.insert(s, i);
            i
        };
        let mut ex_items = Vec::new();
        let mut ex_sorted: Vec<_> = exact.iter().collect();
        ex_sorted.sort_by(|a, b| a.0.cmp(b.0));
        for ((f, x), m) in ex_sorted {
            ex_items.push((key_exact(f, *x), intern(best(m), &mut lemmas)));
        }
        let mut lo_items = Vec::new();
        let mut lo_sorted: Vec<_> = lower.iter().collect();
        lo_sorted.sort_by(|a, b| a.0.cmp(b.0));
        for ((f, x), m) in &lo_sorted {
            lo_items.push((key_lower(hash_str(f), *x), intern(best(m), &mut lemmas)));
        }
        let mut irr_items = Vec::new();
        for &(f, c, l) in IRREGULAR {
            irr_items.push((key_irr(hash_str(f), c), intern(l.to_string(), &mut lemmas)));
        }
        // 2. Case mode per (xpos, casing class), counted over types.
        let mut case_counts = vec![[0u32; 2]; Xpos::ALL.len() * 4];
        for ((f, x), m) in &exact {
            let l = best(m);
            let keep = l != l.to_lowercase();
            case_counts[x.index() * 4 + casing(f)][keep as usize] += 1;
        }
        let keep_case: Vec<u8> = case_counts.iter().map(|c| (c[1] > c[0]) as u8).collect();
        // 3. Suffix edit rules over types (types generalise to unseen words better than tokens).
        let mut edits: HashMap<(u8, String), u64> = HashMap::new();
        let mut edit_strip = Vec::new();
        let mut edit_add = StrList::default();
        let mut rule_counts: HashMap<u64, HashMap<u64, u32>> = HashMap::new();
        let mut ex_keys: Vec<_> = exact.keys().collect();
        ex_keys.sort();
        for (f, x) in ex_keys {
            let l = best(&exact[&(f.clone(), *x)]);
            let keep = keep_case[x.index() * 4 + casing(f)] == 1;
            let src: Vec<char> =
                if keep { f.chars().collect() } else { f.chars().flat_map(char::to_lowercase).collect() };
            let lc: Vec<char> = l.chars().collect();
            let p = src.iter().zip(&lc).take_while(|(a, b)| a == b).count();
            let strip = src.len() - p;
            if strip > 255 {
                continue;
            }
            let add: String = lc[p..].iter().collect();
            let next = edits.len() as u64;
            let eid = *edits.entry((strip as u8, add.clone())).or_insert_with(|| {
                edit_strip.push(strip as u8);
                edit_add.push(&add);
                next
            });
            let low: Vec<char> = f.chars().flat_map(char::to_lowercase).collect();
            let n = low.len();
            for k in 0..=MAX_SUFFIX.min(n) {
                let key = key_rule(*x, k, hash_chars(low[n - k..].iter().copied()));
                *rule_counts.entry(key).or_default().entry(eid).or_default() += 1;
            }
        }
        let mut rule_items: Vec<(u64, u64)> = rule_counts
            .iter()
            .map(|(&k, m)| {
                let mut v: Vec<(&u64, &u32)> = m.iter().collect();
                v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                (k, *v[0].0)
            })
            .collect();
        rule_items.sort_unstable();
        ex_items.sort_unstable();
        lo_items.sort_unstable();
        Lemmatizer {
            exact: HashIndex::build(&ex_items),
            lower: HashIndex::build(&lo_items),
            irregular: HashIndex::build(&irr_items),
            lemmas,
            rules: HashIndex::build(&rule_items),
            edit_strip,
            edit_add,
            keep_case,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        self.exact.write(w);
        self.lower.write(w);
        self.irregular.write(w);
        self.lemmas.write(w);
        self.rules.write(w);
        w.bytes(&self.edit_strip);
        self.edit_add.write(w);
        w.bytes(&self.keep_case);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Lemmatizer, SyntaxError> {
        Ok(Lemmatizer {
            exact: HashIndex::read(r)?,
            lower: HashIndex::read(r)?,
            irregular: HashIndex::read(r)?,
            lemmas: StrList::read(r)?,
            rules: HashIndex::read(r)?,
            edit_strip: r.bytes()?,
            edit_add: StrList::read(r)?,
            keep_case: r.bytes()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{DepRel, Upos};

    fn sent(words: &[(&str, Xpos, &str)]) -> Sent {
        Sent {
            forms: words.iter().map(|w| w.0.to_string()).collect(),
            upos: words.iter().map(|w| w.1.default_upos()).collect::<Vec<Upos>>(),
            xpos: words.iter().map(|w| w.1).collect(),
            lemmas: words.iter().map(|w| w.2.to_string()).collect(),
            heads: vec![0; words.len()],
            rels: vec![DepRel::Dep; words.len()],
        }
    }

    fn lemma(l: &Lemmatizer, f: &str, x: Xpos) -> String {
        let mut out = String::new();
        l.lemmatize(f, x, &mut LemmaScratch::default(), &mut out);
        out
    }

    #[test]
    fn irregulars_tables_and_rules() {
        let train = vec![
            sent(&[("Cats", Xpos::Nns, "cat"), ("walked", Xpos::Vbd, "walk"), ("Paris", Xpos::Nnp, "Paris")]),
            sent(&[("dogs", Xpos::Nns, "dog"), ("jumped", Xpos::Vbd, "jump"), ("ponies", Xpos::Nns, "pony")]),
            sent(&[("babies", Xpos::Nns, "baby"), ("talked", Xpos::Vbd, "talk"), ("London", Xpos::Nnp, "London")]),
            sent(&[("was", Xpos::Vbd, "be"), ("better", Xpos::Jjr, "good")]),
            sent(&[("houses", Xpos::Nns, "house"), ("vehicles", Xpos::Nns, "vehicle"), ("tables", Xpos::Nns, "table")]),
        ];
        let l = Lemmatizer::train(&train);
        // Irregular list (never in training).
        assert_eq!(lemma(&l, "went", Xpos::Vbd), "go");
        assert_eq!(lemma(&l, "children", Xpos::Nns), "child");
        assert_eq!(lemma(&l, "Children", Xpos::Nns), "child");
        // Tables.
        assert_eq!(lemma(&l, "was", Xpos::Vbd), "be");
        assert_eq!(lemma(&l, "Was", Xpos::Vbd), "be");
        assert_eq!(lemma(&l, "better", Xpos::Jjr), "good");
        // Rules for unseen words.
        assert_eq!(lemma(&l, "attacked", Xpos::Vbd), "attack");
        assert_eq!(lemma(&l, "missiles", Xpos::Nns), "missile");
        assert_eq!(lemma(&l, "Armies", Xpos::Nns), "army");
        assert_eq!(lemma(&l, "Ukraine", Xpos::Nnp), "Ukraine");
    }

    #[test]
    fn a_stripped_one_syllable_stem_keeps_its_silent_e() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        for (form, stem) in [("blamed", "blam"), ("voted", "vot"), ("hoping", "hop"), ("used", "us"), ("ruled", "rul")]
        {
            assert!(needs_silent_e(&chars(form), stem), "{form}");
        }
        // Doubled consonants, two vowels, consonant clusters, w/x/y, longer stems,
        // and stems the rule did not merely strip are left alone.
        for (form, stem) in [
            ("banned", "ban"),
            ("aimed", "aim"),
            ("ended", "end"),
            ("shelled", "shell"),
            ("fixed", "fix"),
            ("showed", "show"),
            ("visited", "visit"),
            ("opened", "open"),
            ("blamed", "blame"),
        ] {
            assert!(!needs_silent_e(&chars(form), stem), "{form}");
        }
        let train = vec![sent(&[("walked", Xpos::Vbd, "walk"), ("jumped", Xpos::Vbd, "jump")])];
        let l = Lemmatizer::train(&train);
        assert_eq!(lemma(&l, "blamed", Xpos::Vbd), "blame");
        assert_eq!(lemma(&l, "attacked", Xpos::Vbd), "attack");
    }
}
