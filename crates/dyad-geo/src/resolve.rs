//! Toponyms in a sentence's words, each resolved to one gazetteer entry.

use crate::gazetteer::{strip_region_word, Gazetteer, Kind, REGION_WORDS};
use crate::normalize::normalize_into;

/// A toponym: words `[start, name_end)` name the place; `end` also covers
/// what qualified it (", Maryland", "region"). `place` is the chosen entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Toponym {
    pub start: usize,
    pub name_end: usize,
    pub end: usize,
    pub place: u32,
}

/// Weights of the ranking, in points. A pattern beats the actors' countries,
/// which beat the kind of place, which beats population (2 points a decade).
const QUALIFIED_BY_REGION: f64 = 100.0;
const QUALIFIED_BY_COUNTRY: f64 = 60.0;
const REGION_WORD: f64 = 50.0;
const ACTOR_COUNTRY: f64 = 15.0;

fn kind_prior(kind: Kind, capital: bool) -> f64 {
    match kind {
        Kind::Country => 25.0,
        Kind::Area => 12.0,
        Kind::Admin1 => 8.0,
        Kind::City if capital => 6.0,
        Kind::City => 0.0,
    }
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

impl Gazetteer {
    /// The longest key of the index starting at word `i` (capitalised
    /// first and last words): its end and entries.
    fn longest_at(&self, words: &[&str], i: usize, key: &mut String) -> Option<(usize, &[u32])> {
        let first = words.get(i)?;
        if !first.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        key.clear();
        normalize_into(first, key);
        if key.is_empty() || !self.starts_key(key) {
            return None;
        }
        let limit = (i + 2 * self.max_words()).min(words.len());
        let mut best = None;
        let mut j = i + 1;
        loop {
            if capitalised(words[j - 1]) {
                let ids = self.lookup_key(key);
                if !ids.is_empty() {
                    best = Some((j, ids));
                }
            }
            if j >= limit {
                break;
            }
            normalize_into(words[j], key);
            j += 1;
        }
        best
    }

    /// Finds the toponyms of a sentence's words and resolves each. `actor_countries`
    /// are the ISO alpha-3 codes of the sentence's actors (a prior).
    /// Allocates one key buffer per call, not per word.
    pub fn find(&self, words: &[&str], actor_countries: &[&str], out: &mut Vec<Toponym>) {
        out.clear();
        let mut key = String::with_capacity(64);
        let mut qkey = String::with_capacity(64);
        let mut i = 0;
        while i < words.len() {
            let Some((name_end, ids)) = self.longest_at(words, i, &mut key) else {
                i += 1;
                continue;
            };
            // ", Maryland" / ", Ukraine" after the name.
            let qualifier = if words.get(name_end) == Some(&",") {
                self.longest_at(words, name_end + 1, &mut qkey).filter(|(_, q)| {
                    q.iter().any(|&x| matches!(self.place(x).kind, Kind::Country | Kind::Admin1 | Kind::Area))
                })
            } else {
                None
            };
            // "the Kursk region", "Kharkiv Oblast" (when the index lacks it whole).
            let region_word = words.get(name_end).is_some_and(|w| {
                let lw = w.to_ascii_lowercase();
                REGION_WORDS.contains(&lw.as_str()) || lw.strip_suffix('s').is_some_and(|s| REGION_WORDS.contains(&s))
            });
            let mut best: Option<(f64, u32, bool)> = None;
            for &id in ids {
                let p = self.place(id);
                let mut score = kind_prior(p.kind, p.capital) + 2.0 * ((p.population + 1) as f64).log10();
                let mut qualified = false;
                if let Some((_, q)) = qualifier {
                    if p.kind != Kind::Country {
                        if p.admin1.as_deref().is_some_and(|a| self.names_region(a, &p.country, q)) {
                            score += QUALIFIED_BY_REGION;
                            qualified = true;
                        } else if q.iter().any(|&x| {
                            let c = self.place(x);
                            c.kind == Kind::Country && c.country == p.country
                        }) {
                            score += QUALIFIED_BY_COUNTRY;
                            qualified = true;
                        }
                    }
                }
                if region_word && matches!(p.kind, Kind::Admin1 | Kind::Area) {
                    score += REGION_WORD;
                }
                if actor_countries.contains(&p.country.as_str()) {
                    score += ACTOR_COUNTRY;
                }
                match best {
                    Some((s, _, _)) if s >= score => {}
                    _ => best = Some((score, id, qualified)),
                }
            }
            let Some((_, place, qualified)) = best else {
                i += 1;
                continue;
            };
            let kind = self.place(place).kind;
            let end = match qualifier {
                Some((q_end, _)) if qualified => q_end,
                _ if region_word && matches!(kind, Kind::Admin1 | Kind::Area) => name_end + 1,
                _ => name_end,
            };
            out.push(Toponym { start: i, name_end, end, place });
            i = end;
        }
    }

    /// Whether a word is a region word ("region", "province"), as the
    /// resolver reads them.
    pub fn is_region_word(word: &str) -> bool {
        let lw = word.to_ascii_lowercase();
        REGION_WORDS.contains(&lw.as_str()) || strip_region_word(&lw).is_some()
    }
}

#[cfg(test)]
mod tests {
    use crate::Gazetteer;

    fn resolve(sentence: &str, actors: &[&str]) -> Vec<(String, String, String)> {
        let g = Gazetteer::builtin();
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut out = Vec::new();
        g.find(&words, actors, &mut out);
        out.iter()
            .map(|t| {
                let p = g.place(t.place);
                (words[t.start..t.end].join(" "), p.name.clone(), p.country.clone())
            })
            .collect()
    }

    fn names(sentence: &str, actors: &[&str]) -> Vec<String> {
        resolve(sentence, actors).into_iter().map(|(_, n, c)| format!("{n}/{c}")).collect()
    }

    #[test]
    fn patterns_and_priors() {
        assert_eq!(names("talks at Camp David , Maryland", &[]), ["Camp David/USA"]);
        assert_eq!(names("shelling in the Kursk region", &[]), ["Kursk Oblast/RUS"]);
        assert_eq!(names("a blast in Kursk", &[]), ["Kursk/RUS"]);
        assert_eq!(names("strikes in the Gaza Strip", &[]), ["Gaza Strip/PSE"]);
        assert_eq!(names("clashes in Tripoli", &["LBY"]), ["Tripoli/LBY"]);
        assert_eq!(names("clashes in Tripoli", &["LBN"]), ["Tripoli/LBN"]);
        assert_eq!(names("a rally in Hyderabad , Pakistan", &[]), ["Hyderabad/PAK"]);
        assert_eq!(names("met in Kiev on Monday", &[]), ["Kyiv/UKR"]);
    }

    #[test]
    fn lower_case_words_are_not_places() {
        assert!(names("they will march in the rain", &[]).is_empty());
        assert_eq!(resolve("troops in Kharkiv Oblast", &[])[0].0, "Kharkiv Oblast");
    }
}
