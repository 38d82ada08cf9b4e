//! Places for news events: a gazetteer and a toponym resolver.
//!
//! The [`Gazetteer`] holds places (countries, first-level regions, named
//! areas such as the Gaza Strip, and cities) under every name news uses for
//! them. The built-in one is compiled in from `data/places/*.tsv`, facts
//! written by the team; [`import`] turns GeoNames' tables (the cities JSON
//! or the tab-separated `cities*.txt` / `allCountries.txt`) into a local
//! index that [`Gazetteer::with_index`] merges over the built-in entries.
//!
//! [`Gazetteer::find`] finds the toponyms of a sentence's words and picks an
//! entry for each: the "City, Region" and "City, Country" patterns first,
//! then "the X region", then the countries of the sentence's actors, then
//! the kind of place and its population.
//!
//! ```
//! let gaz = dyad_geo::Gazetteer::builtin();
//! let words = ["Talks", "were", "held", "at", "Camp", "David", ",", "Maryland", "."];
//! let mut found = Vec::new();
//! gaz.find(&words, &[], &mut found);
//! let place = gaz.place(found[0].place);
//! assert_eq!((place.name.as_str(), place.country.as_str()), ("Camp David", "USA"));
//! ```
//!
//! This crate knows nothing about parses or events: which toponym says where
//! an event happened is the coder's business.

mod gazetteer;
mod import;
mod normalize;
mod resolve;

pub use gazetteer::{Gazetteer, Kind, Place};
pub use import::{default_index_path, import, ImportReport};
pub use normalize::normalize_into;
pub use resolve::Toponym;

/// Errors of loading and importing gazetteers.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {reason}")]
    Format { path: String, line: usize, reason: String },
    #[error("{path}: {reason}")]
    Unsupported { path: String, reason: String },
}
