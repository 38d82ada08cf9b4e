use serde::{Deserialize, Serialize};

/// An actor mention: what the text says and what it was coded as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Surface text of the mention ("Pakistani Foreign Minister Ishaq Dar").
    pub text: String,
    /// CAMEO-style code: country ISO3 plus sector ("PAKGOV"), or an
    /// organisation code ("IGOUNO").
    pub code: String,
    /// ISO 3166 alpha-3 country, when the actor belongs to one.
    pub country: Option<String>,
    /// Sector code ("GOV", "MIL", "REB", "IGO", …), when known.
    pub sector: Option<String>,
    /// `[start, end)` in Unicode code points of the document text, so that
    /// `doc_text[start:end]` in Python yields `text`.
    pub span: [u32; 2],
}

/// PLOVER event type and mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Plover {
    pub event: Option<String>,
    pub mode: Option<String>,
}

/// Whether the reporter asserts the event or someone only says it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Stated as fact by the reporter.
    Asserted,
    /// Said to have happened by a speaker (`attributed_to`); not established.
    Claimed,
    /// A speaker denies that it happened.
    Denied,
    /// The text says it did not happen ("did not attack").
    Negated,
    /// Announced, promised or threatened for the future.
    Future,
    /// Under a condition ("if talks fail, …").
    Hypothetical,
}

impl Status {
    /// Every status, in the order of the enum.
    pub const ALL: [Status; 6] =
        [Status::Asserted, Status::Claimed, Status::Denied, Status::Negated, Status::Future, Status::Hypothetical];

    /// The status named `s` (as [`Status::as_str`] writes it), any case.
    pub fn from_name(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str().eq_ignore_ascii_case(s))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Asserted => "asserted",
            Status::Claimed => "claimed",
            Status::Denied => "denied",
            Status::Negated => "negated",
            Status::Future => "future",
            Status::Hypothetical => "hypothetical",
        }
    }
}

/// How precise an event's date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    /// No temporal expression: the publication date was used.
    Publication,
}

impl DatePrecision {
    pub const ALL: [DatePrecision; 4] =
        [DatePrecision::Day, DatePrecision::Month, DatePrecision::Year, DatePrecision::Publication];

    /// The name the JSON schema uses ("day", "month", "year", "publication").
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
            DatePrecision::Publication => "publication",
        }
    }

    /// The precision named `s`, as [`DatePrecision::as_str`] writes it.
    pub fn from_name(s: &str) -> Option<DatePrecision> {
        DatePrecision::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Where an event happened, resolved against a gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Surface text of the toponym.
    pub text: String,
    /// Gazetteer name.
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<u64>,
    /// Gazetteer id: `dyad:UKR:city:kharkiv` for built-in entries,
    /// `geonames:706483` for imported ones.
    #[serde(default)]
    pub id: Option<String>,
}

/// Provenance: which words triggered the event and which rule fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// `[start, end)` of the verb (or event noun), code points in the document.
    pub verb_span: [u32; 2],
    /// Identifier of the rule that fired, e.g. `verbs.txt:412`.
    pub rule: String,
}

/// One coded event. Field names are the JSONL contract (`docs/schema.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub doc_id: String,
    /// Index of the sentence in the document (0-based).
    pub sentence: u32,
    /// The sentence text.
    pub text: String,
    /// Source actors; several when coordinated ("France and Germany").
    pub source: Vec<Actor>,
    pub target: Vec<Actor>,
    /// CAMEO code, e.g. "112".
    pub cameo: String,
    /// CAMEO root, e.g. "11".
    pub cameo_root: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Plover,
    pub status: Status,
    /// The speaker, for claimed and denied events.
    pub attributed_to: Option<Actor>,
    /// "2025-12-29", "2025-12" or "2025"; null when neither the text nor
    /// the article gives a date.
    pub date: Option<String>,
    pub date_precision: DatePrecision,
    pub location: Option<Location>,
    pub issues: Vec<String>,
    pub evidence: Evidence,
}

impl Event {
    /// Fills `cameo_root`, `quad_class`, `goldstein` and `plover` from the
    /// codebook for `self.cameo`. Unknown codes keep what they have.
    pub fn fill_from_codebook(&mut self, book: &dyad_codebook::Codebook) {
        self.cameo_root = self.cameo.get(..2).unwrap_or_default().to_string();
        self.quad_class = dyad_codebook::quad_class_of_root(&self.cameo_root);
        if let Some(c) = book.get_or_parent(&self.cameo) {
            self.goldstein = c.goldstein;
            self.plover = Plover { event: c.plover_event.clone(), mode: c.plover_mode.clone() };
        }
    }
}
