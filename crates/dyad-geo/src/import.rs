//! `dyad gazetteer import`: GeoNames tables → a local index.
//!
//! Two inputs are read as GeoNames publishes them:
//!
//! * the cities JSON (an object of records with `geonameid`, `name`,
//!   `latitude`, `longitude`, `countrycode`, `admin1code`, `population`,
//!   `alternatenames`), as in `cities15000.json`;
//! * the tab-separated dumps (`cities500.txt` … `cities15000.txt`,
//!   `allCountries.txt`, a country's `XX.txt`): 19 columns, of which
//!   populated places (feature class `P`) and first-level regions (`ADM1`)
//!   are kept.
//!
//! Admin1 codes ("UA.07") become names when `admin1CodesASCII.txt` lies next
//! to the input (or is given). The output is a TSV of our own (see
//! [`parse_index_line`]), read back by [`crate::Gazetteer::with_index`].
//! A bad record is reported as `file:line: reason` and skipped.

use crate::gazetteer::{Gazetteer, Kind, Place};
use crate::GeoError;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// Header of the local index file.
const HEADER: &str =
    "# dyad gazetteer index v1: geonames_id kind name alternates country admin1 lat lon population capital";

/// What an import read and wrote.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportReport {
    pub read: usize,
    pub written: usize,
    /// Records skipped as not places we index (other feature classes).
    pub skipped: usize,
    /// `file:line: reason` for each bad record.
    pub errors: Vec<String>,
    pub out: String,
}

/// Where the index lives unless a path is given:
/// `$XDG_DATA_HOME/dyad/gazetteer.tsv`, else `~/.local/share/dyad/gazetteer.tsv`.
pub fn default_index_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("dyad").join("gazetteer.tsv"))
}

/// Imports a GeoNames file into the index at `out`. `admin1` names the
/// `admin1CodesASCII.txt` to read region names from (default: beside `input`).
pub fn import(input: &Path, admin1: Option<&Path>, out: &Path) -> Result<ImportReport, GeoError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| GeoError::Io { path: path.clone(), source }
    };
    let admin1_path = admin1.map(Path::to_path_buf).or_else(|| {
        let p = input.with_file_name("admin1CodesASCII.txt");
        p.exists().then_some(p)
    });
    let regions = match &admin1_path {
        Some(p) => read_admin1(p)?,
        None => HashMap::new(),
    };
    let builtin = Gazetteer::builtin();
    let mut report = ImportReport { out: out.display().to_string(), ..ImportReport::default() };
    let mut places = Vec::new();
    let name = input.display().to_string();
    let is_json = input.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let text = std::fs::read_to_string(input).map_err(io(input))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| GeoError::Format {
            path: name.clone(),
            line: e.line(),
            reason: e.to_string(),
        })?;
        let records: Vec<&serde_json::Value> = match &value {
            serde_json::Value::Object(m) => m.values().collect(),
            serde_json::Value::Array(a) => a.iter().collect(),
            _ => {
                return Err(GeoError::Unsupported {
                    path: name,
                    reason: "expected an object or array of city records".into(),
                })
            }
        };
        for (k, r) in records.into_iter().enumerate() {
            report.read += 1;
            match json_place(r, builtin, &regions) {
                Ok(p) => places.push(p),
                Err(reason) => report.errors.push(format!("{name}: record {}: {reason}", k + 1)),
            }
        }
    } else {
        let file = std::fs::File::open(input).map_err(io(input))?;
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(io(input))?;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            report.read += 1;
            match tsv_place(&line, builtin, &regions) {
                Ok(Some(p)) => places.push(p),
                Ok(None) => report.skipped += 1,
                Err(reason) => report.errors.push(format!("{name}:{}: {reason}", n + 1)),
            }
        }
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).map_err(io(out))?);
    let mut line = String::new();
    writeln!(w, "{HEADER}").map_err(io(out))?;
    for p in &places {
        line.clear();
        write_index_line(p, &mut line);
        w.write_all(line.as_bytes()).map_err(io(out))?;
    }
    w.flush().map_err(io(out))?;
    report.written = places.len();
    Ok(report)
}

fn read_admin1(path: &Path) -> Result<HashMap<String, String>, GeoError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| GeoError::Io { path: path.display().to_string(), source })?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let code = cols.next()?;
            let name = cols.next()?;
            let ascii = cols.next().filter(|a| !a.is_empty()).unwrap_or(name);
            Some((code.to_string(), ascii.to_string()))
        })
        .collect())
}

/// Alternate names worth indexing: Latin-script names as news would print
/// them (capitalised, with a lower-case letter, so not codes like "KBP").
fn useful_alternate(name: &str, a: &str) -> bool {
    a != name
        && a.len() >= 3
        && a.chars().next().is_some_and(|c| c.is_uppercase())
        && a.chars().any(|c| c.is_lowercase())
        && a.chars().all(|c| c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c))
        && !a.contains(['(', ')', '"', '\t', ';'])
}

fn country3(builtin: &Gazetteer, iso2: &str) -> Result<String, String> {
    builtin.iso3_of(iso2).map(str::to_string).ok_or_else(|| format!("unknown country code {iso2:?}"))
}

fn json_place(r: &serde_json::Value, builtin: &Gazetteer, regions: &HashMap<String, String>) -> Result<Place, String> {
    let s = |k: &str| r.get(k).and_then(|v| v.as_str()).ok_or_else(|| format!("missing {k}"));
    let f = |k: &str| {
        r.get(k)
            .and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|x| x.parse().ok())))
            .ok_or_else(|| format!("missing or bad {k}"))
    };
    let id = r
        .get("geonameid")
        .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|x| x.parse().ok())))
        .ok_or("missing or bad geonameid")?;
    let name = s("name")?.to_string();
    let iso2 = s("countrycode")?;
    let country = country3(builtin, iso2)?;
    let lat = f("latitude")?;
    let lon = f("longitude")?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: {lat}, {lon}"));
    }
    let admin1 = r
        .get("admin1code")
        .and_then(|v| v.as_str())
        .filter(|c| !c.is_empty())
        .map(|code| regions.get(&format!("{iso2}.{code}")).cloned().unwrap_or_else(|| format!("{iso2}.{code}")));
    let alternates = r
        .get("alternatenames")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter().filter_map(|x| x.as_str()).filter(|a| useful_alternate(&name, a)).map(str::to_string).collect()
        })
        .unwrap_or_default();
    Ok(Place {
        id: format!("geonames:{id}"),
        kind: Kind::City,
        alternates,
        country,
        admin1,
        lat,
        lon,
        population: r.get("population").and_then(|v| v.as_u64()).unwrap_or(0),
        capital: false,
        geonames_id: Some(id),
        name,
    })
}

/// One line of a GeoNames dump; `None` for features we do not index.
fn tsv_place(line: &str, builtin: &Gazetteer, regions: &HashMap<String, String>) -> Result<Option<Place>, String> {
    let c: Vec<&str> = line.split('\t').collect();
    if c.len() < 15 {
        return Err(format!("{} columns, expected 19 (GeoNames dump)", c.len()));
    }
    let (class, code) = (c[6], c[7]);
    let kind = match (class, code) {
        ("P", _) => Kind::City,
        ("A", "ADM1") => Kind::Admin1,
        _ => return Ok(None),
    };
    let id: u64 = c[0].parse().map_err(|_| format!("bad geonameid {:?}", c[0]))?;
    let lat: f64 = c[4].parse().map_err(|_| format!("bad latitude {:?}", c[4]))?;
    let lon: f64 = c[5].parse().map_err(|_| format!("bad longitude {:?}", c[5]))?;
    let population: u64 =
        if c[14].is_empty() { 0 } else { c[14].parse().map_err(|_| format!("bad population {:?}", c[14]))? };
    if kind == Kind::City && population == 0 && !code.starts_with("PPLA") && code != "PPLC" {
        return Ok(None);
    }
    let iso2 = c[8];
    let country = country3(builtin, iso2)?;
    let name = c[1].to_string();
    let region_name = (!c[10].is_empty() && c[10] != "00")
        .then(|| regions.get(&format!("{iso2}.{}", c[10])).cloned().unwrap_or_else(|| format!("{iso2}.{}", c[10])));
    let mut alternates: Vec<String> =
        c[3].split(',').filter(|a| useful_alternate(&name, a)).map(str::to_string).collect();
    if c[2] != name && !c[2].is_empty() {
        alternates.push(c[2].to_string());
    }
    Ok(Some(Place {
        id: format!("geonames:{id}"),
        kind,
        admin1: if kind == Kind::Admin1 { Some(name.clone()) } else { region_name },
        name,
        alternates,
        country,
        lat,
        lon,
        population,
        capital: code == "PPLC",
        geonames_id: Some(id),
    }))
}

fn write_index_line(p: &Place, out: &mut String) {
    let clean = |s: &str| s.replace(['\t', '\n', ';'], " ");
    let alternates = if p.alternates.is_empty() {
        "-".to_string()
    } else {
        p.alternates.iter().map(|a| clean(a)).collect::<Vec<_>>().join(";")
    };
    let _ = writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        p.geonames_id.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
        p.kind.as_str(),
        clean(&p.name),
        alternates,
        p.country,
        p.admin1.as_deref().map(clean).unwrap_or_else(|| "-".into()),
        p.lat,
        p.lon,
        p.population,
        if p.capital { "capital" } else { "-" }
    );
}

/// One line of the local index: `geonames_id kind name alternates country
/// admin1 lat lon population capital`, tab-separated, `-` for none, lists
/// separated by `;`.
pub(crate) fn parse_index_line(line: &str) -> Result<Place, String> {
    let c: Vec<&str> = line.split('\t').collect();
    if c.len() != 10 {
        return Err(format!("{} columns, expected 10", c.len()));
    }
    let geonames_id =
        if c[0] == "-" { None } else { Some(c[0].parse::<u64>().map_err(|_| format!("bad id {:?}", c[0]))?) };
    let kind = Kind::parse(c[1]).ok_or_else(|| format!("bad kind {:?}", c[1]))?;
    let num = |s: &str, what: &str| s.parse::<f64>().map_err(|_| format!("bad {what} {s:?}"));
    Ok(Place {
        id: geonames_id.map(|g| format!("geonames:{g}")).unwrap_or_else(|| format!("local:{}:{}", c[4], c[2])),
        kind,
        name: c[2].to_string(),
        alternates: if c[3] == "-" { Vec::new() } else { c[3].split(';').map(str::to_string).collect() },
        country: c[4].to_string(),
        admin1: (c[5] != "-").then(|| c[5].to_string()),
        lat: num(c[6], "latitude")?,
        lon: num(c[7], "longitude")?,
        population: c[8].parse().map_err(|_| format!("bad population {:?}", c[8]))?,
        capital: c[9] == "capital",
        geonames_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_json_and_tsv_and_reports_bad_records() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("cities.json");
        std::fs::write(
            &json,
            r#"{"1": {"geonameid": 1, "name": "Testville", "latitude": 50.1, "longitude": 30.2, "countrycode": "UA",
                      "admin1code": "07", "population": 120000, "alternatenames": ["Testvil", "TST", "тест"]},
                "2": {"geonameid": 2, "name": "Nowhere", "countrycode": "UA"}}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("admin1CodesASCII.txt"), "UA.07\tKharkiv\tKharkiv\t1\n").unwrap();
        let out = dir.path().join("index.tsv");
        let report = import(&json, None, &out).unwrap();
        assert_eq!((report.read, report.written, report.errors.len()), (2, 1, 1));
        assert!(report.errors[0].contains("record 2"), "{:?}", report.errors);
        let g = Gazetteer::with_index(&out).unwrap();
        let hits = g.lookup("Testvil");
        assert_eq!(hits.len(), 1);
        let p = g.place(hits[0]);
        assert_eq!((p.country.as_str(), p.admin1.as_deref(), p.geonames_id), ("UKR", Some("Kharkiv"), Some(1)));
        assert!(g.lookup("TST").is_empty());

        let tsv = dir.path().join("cities500.txt");
        let row = |id: &str, name: &str, class: &str, code: &str, pop: &str| {
            format!("{id}\t{name}\t{name}\t\t48.5\t35.0\t{class}\t{code}\tUA\t\t07\t\t\t\t{pop}\t\t100\tEurope/Kyiv\t2024-01-01\n")
        };
        let text =
            row("10", "Sampletown", "P", "PPL", "5000") + &row("11", "Some Hill", "T", "HLL", "0") + "bad line\n";
        std::fs::write(&tsv, text).unwrap();
        let report = import(&tsv, None, &out).unwrap();
        assert_eq!((report.written, report.skipped), (1, 1));
        assert!(report.errors[0].ends_with(":3: 1 columns, expected 19 (GeoNames dump)"), "{:?}", report.errors);
    }

    #[test]
    fn an_imported_city_enriches_the_builtin_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("index.tsv");
        std::fs::write(
            &out,
            format!("{HEADER}\n703448\tcity\tKyiv\tKiev\tUKR\tKyiv City\t50.45\t30.52\t2900000\tcapital\n"),
        )
        .unwrap();
        let g = Gazetteer::with_index(&out).unwrap();
        let kyiv: Vec<_> = g.lookup("Kyiv").iter().map(|&i| g.place(i)).filter(|p| p.kind == Kind::City).collect();
        assert_eq!(kyiv.len(), 1);
        assert_eq!(kyiv[0].geonames_id, Some(703448));
        assert!(kyiv[0].id.starts_with("dyad:"));
    }
}
