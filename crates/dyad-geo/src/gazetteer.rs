//! Gazetteer entries, the built-in tables and the name index.

use crate::normalize::{normalize, normalize_into};
use crate::GeoError;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../../../data/places/countries.tsv");
const ADMIN1: &str = include_str!("../../../data/places/admin1.tsv");
const AREAS: &str = include_str!("../../../data/places/areas.tsv");
const CITIES: &str = include_str!("../../../data/places/cities.tsv");

/// What sort of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    /// A first-level administrative region (state, province, oblast).
    Admin1,
    /// A named area that is not an administrative unit, or a site: the Gaza
    /// Strip, Donbas, Kashmir, Camp David.
    Area,
    /// A city, town or village.
    City,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::Area => "area",
            Kind::City => "city",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "admin1" => Kind::Admin1,
            "area" => Kind::Area,
            "city" => Kind::City,
            _ => return None,
        })
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable id: `dyad:UKR:city:kharkiv` for built-in entries,
    /// `geonames:706483` for imported ones.
    pub id: String,
    pub kind: Kind,
    pub name: String,
    /// Other names news uses (spellings, transliterations, "Kiev").
    pub alternates: Vec<String>,
    /// ISO 3166 alpha-3.
    pub country: String,
    /// Name of the first-level region the place lies in.
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub capital: bool,
    pub geonames_id: Option<u64>,
}

impl Place {
    /// Whether `name` is one of this entry's names (after normalisation).
    pub fn is_named(&self, name: &str) -> bool {
        let n = normalize(name);
        normalize(&self.name) == n || self.alternates.iter().any(|a| normalize(a) == n)
    }
}

/// Places and the index of their names.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Normalised name → entries.
    index: HashMap<String, Vec<u32>>,
    /// Normalised first words of every key, to skip most tokens at once.
    first_words: HashSet<String>,
    /// Most words in a key.
    max_words: usize,
    /// ISO alpha-2 → alpha-3.
    iso2: HashMap<String, String>,
}

/// Words after a region's name that say it is the region ("the Kursk
/// region"); stripped from admin1 names to index their bare form.
pub(crate) const REGION_WORDS: &[&str] = &[
    "region",
    "province",
    "oblast",
    "governorate",
    "state",
    "district",
    "krai",
    "kray",
    "prefecture",
    "department",
    "territory",
    "county",
    "republic",
    "emirate",
    "division",
    "wilayah",
    "autonomous okrug",
    "autonomous region",
];

impl Gazetteer {
    /// The built-in gazetteer (parsed once).
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let (g, _errors) = Gazetteer::parse_builtin();
            g
        })
    }

    /// Parses the built-in tables; returns the gazetteer and the lines it
    /// could not read (`file:line: reason`), which a test keeps empty.
    pub fn parse_builtin() -> (Gazetteer, Vec<String>) {
        let mut g = Gazetteer::default();
        let mut errors = Vec::new();
        let mut ids = HashSet::new();
        for (file, text, kind) in [
            ("countries.tsv", COUNTRIES, Kind::Country),
            ("admin1.tsv", ADMIN1, Kind::Admin1),
            ("areas.tsv", AREAS, Kind::Area),
            ("cities.tsv", CITIES, Kind::City),
        ] {
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_end_matches('\r');
                if line.trim().is_empty() || line.trim_start().starts_with('#') {
                    continue;
                }
                match parse_builtin_line(line, kind) {
                    Ok((mut place, iso2)) => {
                        if let Some(iso2) = iso2 {
                            g.iso2.insert(iso2, place.country.clone());
                        }
                        if !ids.insert(place.id.clone()) {
                            // Two places of a country with one name: tell them
                            // apart by their region.
                            let region = place.admin1.as_deref().map(normalize).unwrap_or_default();
                            place.id = format!("{}@{}", place.id, region.replace(' ', "-"));
                            if !ids.insert(place.id.clone()) {
                                errors.push(format!("data/places/{file}:{}: duplicate entry {}", n + 1, place.id));
                                continue;
                            }
                        }
                        g.push(place);
                    }
                    Err(reason) => errors.push(format!("data/places/{file}:{}: {reason}", n + 1)),
                }
            }
        }
        (g, errors)
    }

    /// The built-in gazetteer with a local index (written by [`crate::import`])
    /// merged over it: an imported city that matches a built-in one (same
    /// country and name, within about 30 km) enriches it with its GeoNames id
    /// and population; others are added.
    pub fn with_index(path: &Path) -> Result<Gazetteer, GeoError> {
        let mut g = Gazetteer::builtin().clone();
        let text = std::fs::read_to_string(path)
            .map_err(|source| GeoError::Io { path: path.display().to_string(), source })?;
        let mut by_name: HashMap<(String, String), Vec<u32>> = HashMap::new();
        for (i, p) in g.places.iter().enumerate() {
            if p.kind == Kind::City || p.kind == Kind::Admin1 {
                by_name.entry((p.country.clone(), normalize(&p.name))).or_default().push(i as u32);
                for a in &p.alternates {
                    by_name.entry((p.country.clone(), normalize(a))).or_default().push(i as u32);
                }
            }
        }
        for (n, line) in text.lines().enumerate() {
            if n == 0 && line.starts_with("#") || line.trim().is_empty() {
                continue;
            }
            let place = crate::import::parse_index_line(line).map_err(|reason| GeoError::Format {
                path: path.display().to_string(),
                line: n + 1,
                reason,
            })?;
            let same = by_name.get(&(place.country.clone(), normalize(&place.name))).and_then(|ids| {
                ids.iter().copied().find(|&i| {
                    let b = &g.places[i as usize];
                    b.kind == place.kind && (b.lat - place.lat).abs() < 0.3 && (b.lon - place.lon).abs() < 0.4
                })
            });
            match same {
                Some(i) => {
                    let b = &mut g.places[i as usize];
                    b.geonames_id = place.geonames_id;
                    if place.population > 0 {
                        b.population = place.population;
                    }
                }
                None => g.push(place),
            }
        }
        Ok(g)
    }

    fn push(&mut self, place: Place) {
        let idx = self.places.len() as u32;
        let mut keys: Vec<String> =
            std::iter::once(&place.name).chain(&place.alternates).map(|n| normalize(n)).collect();
        if place.kind == Kind::Admin1 {
            // "Kursk Oblast" is also found as "Kursk" (then the resolver
            // weighs it against the city).
            let bare: Vec<String> = keys
                .iter()
                .filter_map(|k| strip_region_word(k))
                .filter(|b| !GENERIC.contains(b))
                .map(str::to_string)
                .collect();
            keys.extend(bare);
        }
        keys.sort();
        keys.dedup();
        for k in keys {
            if k.is_empty() {
                continue;
            }
            let words = k.split(' ').count();
            self.max_words = self.max_words.max(words);
            if let Some(first) = k.split(' ').next() {
                if !self.first_words.contains(first) {
                    self.first_words.insert(first.to_string());
                }
            }
            let ids = self.index.entry(k).or_default();
            if !ids.contains(&idx) {
                ids.push(idx);
            }
        }
        self.places.push(place);
    }

    pub fn place(&self, id: u32) -> &Place {
        &self.places[id as usize]
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Entries known under a name (any spelling the index holds).
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.index.get(&normalize(name)).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Entries under an already normalised key.
    pub(crate) fn lookup_key(&self, key: &str) -> &[u32] {
        self.index.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn starts_key(&self, first: &str) -> bool {
        self.first_words.contains(first)
    }

    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }

    /// ISO alpha-3 of an alpha-2 code ("UA" → "UKR").
    pub fn iso3_of(&self, iso2: &str) -> Option<&str> {
        self.iso2.get(iso2).map(String::as_str)
    }

    /// Whether the normalised `admin1` names one of the region entries
    /// `ids` (or their bare forms).
    pub(crate) fn names_region(&self, region: &str, country: &str, ids: &[u32]) -> bool {
        let mut key = String::new();
        normalize_into(region, &mut key);
        let key = strip_region_word(&key).unwrap_or(&key).to_string();
        ids.iter().any(|&i| {
            let p = self.place(i);
            p.country == country
                && matches!(p.kind, Kind::Admin1 | Kind::Area)
                && std::iter::once(&p.name).chain(&p.alternates).any(|n| {
                    let n = normalize(n);
                    n == key || strip_region_word(&n) == Some(key.as_str())
                })
        })
    }
}

/// Bare forms that name no region by themselves ("Northern State",
/// "Capital District").
const GENERIC: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "capital", "federal",
    "new", "red sea", "lakes", "unity", "delta", "plateau", "rivers", "bay",
];

/// "kursk oblast" → "kursk".
pub(crate) fn strip_region_word(key: &str) -> Option<&str> {
    REGION_WORDS.iter().find_map(|w| key.strip_suffix(w).and_then(|k| k.strip_suffix(' ')).filter(|k| !k.is_empty()))
}

fn field<'a>(cols: &[&'a str], i: usize, what: &str) -> Result<&'a str, String> {
    cols.get(i).copied().map(str::trim).ok_or_else(|| format!("missing column {} ({what})", i + 1))
}

fn list(s: &str) -> Vec<String> {
    if s == "-" || s.is_empty() {
        return Vec::new();
    }
    s.split(';').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

fn opt(s: &str) -> Option<String> {
    (s != "-" && !s.is_empty()).then(|| s.to_string())
}

fn coord(s: &str, what: &str, limit: f64) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("bad {what} {s:?}"))?;
    if !(-limit..=limit).contains(&v) {
        return Err(format!("{what} {v} out of range"));
    }
    Ok(v)
}

fn population(s: &str) -> Result<u64, String> {
    if s == "-" || s.is_empty() {
        return Ok(0);
    }
    s.parse().map_err(|_| format!("bad population {s:?}"))
}

fn slug(s: &str) -> String {
    normalize(s).replace(' ', "-")
}

fn check_iso3(s: &str) -> Result<String, String> {
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(s.to_string())
    } else {
        Err(format!("bad ISO alpha-3 code {s:?}"))
    }
}

/// One line of a built-in table (see `data/places/README.md`).
fn parse_builtin_line(line: &str, kind: Kind) -> Result<(Place, Option<String>), String> {
    let cols: Vec<&str> = line.split('\t').collect();
    let mut iso2 = None;
    let place = match kind {
        // iso3 iso2 name alternates lat lon population
        Kind::Country => {
            let country = check_iso3(field(&cols, 0, "iso3")?)?;
            iso2 = Some(field(&cols, 1, "iso2")?.to_string());
            let name = field(&cols, 2, "name")?.to_string();
            Place {
                id: format!("dyad:{country}"),
                kind,
                name,
                alternates: list(field(&cols, 3, "alternates")?),
                admin1: None,
                lat: coord(field(&cols, 4, "lat")?, "latitude", 90.0)?,
                lon: coord(field(&cols, 5, "lon")?, "longitude", 180.0)?,
                population: population(field(&cols, 6, "population")?)?,
                capital: false,
                geonames_id: None,
                country,
            }
        }
        // country name alternates lat lon
        Kind::Admin1 => {
            let country = check_iso3(field(&cols, 0, "country")?)?;
            let name = field(&cols, 1, "name")?.to_string();
            Place {
                id: format!("dyad:{country}:admin1:{}", slug(&name)),
                kind,
                alternates: list(field(&cols, 2, "alternates")?),
                admin1: Some(name.clone()),
                name,
                lat: coord(field(&cols, 3, "lat")?, "latitude", 90.0)?,
                lon: coord(field(&cols, 4, "lon")?, "longitude", 180.0)?,
                population: 0,
                capital: false,
                geonames_id: None,
                country,
            }
        }
        // country admin1 name alternates lat lon population [capital]
        Kind::Area | Kind::City => {
            let country = check_iso3(field(&cols, 0, "country")?)?;
            let name = field(&cols, 2, "name")?.to_string();
            let capital = match cols.get(7).map(|s| s.trim()) {
                None | Some("-") | Some("") => false,
                Some("capital") => true,
                Some(other) => return Err(format!("bad capital flag {other:?} (capital or -)")),
            };
            Place {
                id: format!("dyad:{country}:{}:{}", kind.as_str(), slug(&name)),
                kind,
                admin1: opt(field(&cols, 1, "admin1")?),
                alternates: list(field(&cols, 3, "alternates")?),
                name,
                lat: coord(field(&cols, 4, "lat")?, "latitude", 90.0)?,
                lon: coord(field(&cols, 5, "lon")?, "longitude", 180.0)?,
                population: population(field(&cols, 6, "population")?)?,
                capital,
                geonames_id: None,
                country,
            }
        }
    };
    if cols.len() > 8 {
        return Err(format!("{} columns, expected at most 8", cols.len()));
    }
    Ok((place, iso2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse_without_errors() {
        let (g, errors) = Gazetteer::parse_builtin();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let count = |k: Kind| g.places().iter().filter(|p| p.kind == k).count();
        assert!(count(Kind::Country) >= 195, "{} countries", count(Kind::Country));
        assert!(count(Kind::City) >= 900, "{} cities", count(Kind::City));
        assert!(count(Kind::Admin1) >= 500, "{} regions", count(Kind::Admin1));
        // Every country has exactly one capital, and every entry's country exists.
        let countries: HashSet<&str> =
            g.places().iter().filter(|p| p.kind == Kind::Country).map(|p| p.country.as_str()).collect();
        for p in g.places() {
            assert!(countries.contains(p.country.as_str()), "{} in unknown country {}", p.name, p.country);
        }
        let capitals: HashSet<&str> = g.places().iter().filter(|p| p.capital).map(|p| p.country.as_str()).collect();
        let missing: Vec<&&str> = countries.iter().filter(|c| !capitals.contains(**c)).collect();
        assert!(missing.is_empty(), "countries without a capital: {missing:?}");
    }

    #[test]
    fn lookup_by_any_spelling() {
        let g = Gazetteer::builtin();
        let kyiv = g.lookup("Kiev");
        assert!(kyiv.iter().any(|&i| g.place(i).name == "Kyiv" && g.place(i).capital));
        assert!(g.lookup("Kursk").iter().any(|&i| g.place(i).kind == Kind::Admin1));
        assert_eq!(g.iso3_of("UA"), Some("UKR"));
    }
}
