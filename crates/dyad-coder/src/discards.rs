//! Discard phrases: sentences (or whole stories) that should not be coded,
//! such as sports results. A phrase matches at the start of a word, case
//! blind; a phrase marked `whole_word` must also end at a word boundary.

/// Which unit a discard phrase removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardLevel {
    Sentence,
    Story,
}

#[derive(Debug, Default, Clone)]
pub struct Discards {
    /// (lower-cased phrase with single spaces, whole word, level)
    phrases: Vec<(String, bool, DiscardLevel)>,
}

fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for w in text.split_whitespace() {
        out.push_str(&w.to_lowercase());
        out.push(' ');
    }
    out
}

impl Discards {
    /// Adds a phrase (words separated by spaces).
    pub fn add(&mut self, phrase: &str, whole_word: bool, level: DiscardLevel) {
        let p = normalise(phrase);
        let p = p.trim_end().to_string();
        if p.trim().is_empty() {
            return;
        }
        self.phrases.push((p, whole_word, level));
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The strongest level of any phrase found in `text`.
    pub fn check(&self, text: &str) -> Option<DiscardLevel> {
        if self.phrases.is_empty() {
            return None;
        }
        let norm = normalise(text);
        let mut found = None;
        for (p, whole, level) in &self.phrases {
            let hit = norm
                .match_indices(p.as_str())
                .any(|(i, _)| !*whole || norm[i + p.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()));
            if hit {
                if *level == DiscardLevel::Story {
                    return Some(DiscardLevel::Story);
                }
                found = Some(DiscardLevel::Sentence);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_whole_words() {
        let mut d = Discards::default();
        d.add("baseball", false, DiscardLevel::Sentence);
        d.add("cup", true, DiscardLevel::Sentence);
        d.add("typhoon", false, DiscardLevel::Story);
        assert_eq!(d.check("They play Baseballs."), Some(DiscardLevel::Sentence));
        assert_eq!(d.check("A cupboard."), None);
        assert_eq!(d.check("The Cup, again"), Some(DiscardLevel::Sentence));
        assert_eq!(d.check("a typhoon and a cup"), Some(DiscardLevel::Story));
        assert_eq!(d.check("notbaseball"), None);
    }
}
