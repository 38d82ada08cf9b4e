//! Closed tag sets: UD part-of-speech tags, Penn Treebank tags and UD dependency relations.
//!
//! They are plain `Copy` enums (one byte) rather than strings so that an
//! [`crate::Annotation`] is cheap to fill and to match on in the event coder.
use std::fmt;

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident, fallback = $fb:ident, { $($var:ident => $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum $name {
            $(
                #[doc = concat!("`", $s, "`")]
                $var,
            )*
        }

        impl $name {
            /// All values, in index order.
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            /// Value used for strings outside the tag set.
            pub const FALLBACK: $name = $name::$fb;

            /// The tag exactly as written in CoNLL-U.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),* }
            }

            /// Parses the CoNLL-U spelling; `None` for unknown strings.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$var),)* _ => None }
            }

            /// Parses the CoNLL-U spelling, mapping unknown strings to the fallback value.
            pub fn parse_or_fallback(s: &str) -> Self {
                Self::parse(s).unwrap_or(Self::FALLBACK)
            }

            /// Dense index (0-based) of the value, usable for arrays.
            pub fn index(self) -> usize {
                self as usize
            }

            /// Inverse of [`Self::index`].
            pub fn from_index(i: usize) -> Option<Self> {
                Self::ALL.get(i).copied()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::FALLBACK
            }
        }
    };
}

string_enum!(
    /// Universal POS tag (the 17 UD v2 tags).
    Upos, fallback = X, {
    Adj => "ADJ", Adp => "ADP", Adv => "ADV", Aux => "AUX", Cconj => "CCONJ", Det => "DET",
    Intj => "INTJ", Noun => "NOUN", Num => "NUM", Part => "PART", Pron => "PRON", Propn => "PROPN",
    Punct => "PUNCT", Sconj => "SCONJ", Sym => "SYM", Verb => "VERB", X => "X",
});

string_enum!(
    /// Penn Treebank tag as used in the XPOS column of UD English EWT.
    Xpos, fallback = Xx, {
    Cc => "CC", Cd => "CD", Dt => "DT", Ex => "EX", Fw => "FW", In => "IN", Jj => "JJ",
    Jjr => "JJR", Jjs => "JJS", Ls => "LS", Md => "MD", Nn => "NN", Nns => "NNS", Nnp => "NNP",
    Nnps => "NNPS", Pdt => "PDT", Pos => "POS", Prp => "PRP", PrpS => "PRP$", Rb => "RB",
    Rbr => "RBR", Rbs => "RBS", Rp => "RP", Sym => "SYM", To => "TO", Uh => "UH", Vb => "VB",
    Vbd => "VBD", Vbg => "VBG", Vbn => "VBN", Vbp => "VBP", Vbz => "VBZ", Wdt => "WDT",
    Wp => "WP", WpS => "WP$", Wrb => "WRB", Period => ".", Comma => ",", Colon => ":",
    OpenQuote => "``", CloseQuote => "''", Lrb => "-LRB-", Rrb => "-RRB-", Hyph => "HYPH",
    Nfp => "NFP", Add => "ADD", Gw => "GW", Afx => "AFX", Dollar => "$", Pound => "#", Xx => "XX",
});

string_enum!(
    /// Full UD dependency relation including the English subtypes used by EWT.
    DepRel, fallback = Dep, {
    Acl => "acl", AclRelcl => "acl:relcl", Advcl => "advcl", AdvclRelcl => "advcl:relcl",
    Advmod => "advmod", Amod => "amod", Appos => "appos", Aux => "aux", AuxPass => "aux:pass",
    Case => "case", Cc => "cc", CcPreconj => "cc:preconj", Ccomp => "ccomp", Clf => "clf",
    Compound => "compound", CompoundPrt => "compound:prt", Conj => "conj", Cop => "cop",
    Csubj => "csubj", CsubjOuter => "csubj:outer", CsubjPass => "csubj:pass", Dep => "dep",
    Det => "det", DetPredet => "det:predet", Discourse => "discourse", Dislocated => "dislocated",
    Expl => "expl", Fixed => "fixed", Flat => "flat", FlatForeign => "flat:foreign",
    Goeswith => "goeswith", Iobj => "iobj", List => "list", Mark => "mark", Nmod => "nmod",
    NmodDesc => "nmod:desc", NmodNpmod => "nmod:npmod", NmodPoss => "nmod:poss",
    NmodTmod => "nmod:tmod", NmodUnmarked => "nmod:unmarked", Nsubj => "nsubj",
    NsubjOuter => "nsubj:outer", NsubjPass => "nsubj:pass", Nummod => "nummod", Obj => "obj",
    Obl => "obl", OblAgent => "obl:agent", OblNpmod => "obl:npmod", OblTmod => "obl:tmod",
    OblUnmarked => "obl:unmarked", Orphan => "orphan", Parataxis => "parataxis",
    Punct => "punct", Reparandum => "reparandum", Root => "root", Vocative => "vocative",
    Xcomp => "xcomp",
});

impl DepRel {
    /// The universal relation without its language-specific subtype
    /// (`nsubj:pass` → `nsubj`, `obl:tmod` → `obl`).
    pub fn base(self) -> DepRel {
        let s = self.as_str();
        match s.split_once(':') {
            Some((b, _)) => DepRel::parse_or_fallback(b),
            None => self,
        }
    }
}

impl Xpos {
    /// UPOS most often paired with this PTB tag in EWT; used only when a
    /// model has to invent a UPOS for a tag pair it never saw.
    pub fn default_upos(self) -> Upos {
        use Xpos::*;
        match self {
            Cc => Upos::Cconj,
            Cd => Upos::Num,
            Dt | Pdt | Wdt => Upos::Det,
            Ex | Prp | PrpS | Wp | WpS => Upos::Pron,
            Fw | Gw | Xx | Afx => Upos::X,
            In => Upos::Adp,
            Jj | Jjr | Jjs => Upos::Adj,
            Ls => Upos::X,
            Md => Upos::Aux,
            Nn | Nns => Upos::Noun,
            Nnp | Nnps => Upos::Propn,
            Pos | Rp | To => Upos::Part,
            Rb | Rbr | Rbs | Wrb => Upos::Adv,
            Sym | Dollar | Pound => Upos::Sym,
            Uh => Upos::Intj,
            Vb | Vbd | Vbg | Vbn | Vbp | Vbz => Upos::Verb,
            Period | Comma | Colon | OpenQuote | CloseQuote | Lrb | Rrb | Hyph | Nfp => Upos::Punct,
            Add => Upos::X,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_strings() {
        for &d in DepRel::ALL {
            assert_eq!(DepRel::parse(d.as_str()), Some(d));
        }
        for &x in Xpos::ALL {
            assert_eq!(Xpos::parse(x.as_str()), Some(x));
        }
        assert_eq!(Upos::ALL.len(), 17);
        assert_eq!(DepRel::NsubjPass.base(), DepRel::Nsubj);
        assert_eq!(DepRel::Obj.base(), DepRel::Obj);
        assert!(DepRel::ALL.len() <= 64, "label sets are stored as u64 bitmasks");
    }
}
