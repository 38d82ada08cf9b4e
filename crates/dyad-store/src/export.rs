//! Exports of canonical events: PLOVER-style JSONL, GDELT-style TSV, CSV
//! and Parquet. Each streams the store (one event in memory at a time, or
//! one Parquet row group) so exports of any size run in bounded memory.

use crate::query::{EventFilter, StoredEvent};
use crate::{Result, Store, StoreError};
use arrow_array::builder::{
    Float32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder, UInt32Builder, UInt8Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use std::io::Write;
use std::sync::Arc;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    PloverJsonl,
    GdeltTsv,
    Csv,
    Parquet,
}

/// Writes every event matching `filter` to `out`; returns how many.
pub fn export<W: Write + Send>(store: &Store, filter: &EventFilter, format: Format, out: W) -> Result<u64> {
    match format {
        Format::PloverJsonl => export_lines(store, filter, out, write_plover, None),
        Format::GdeltTsv => export_lines(store, filter, out, write_gdelt, Some(GDELT_COLUMNS.join("\t"))),
        Format::Csv => export_lines(store, filter, out, write_csv, Some(CSV_COLUMNS.join(","))),
        Format::Parquet => export_parquet(store, filter, out),
    }
}

fn export_lines<W: Write>(
    store: &Store,
    filter: &EventFilter,
    out: W,
    mut write_row: impl FnMut(&mut std::io::BufWriter<W>, &StoredEvent) -> std::io::Result<()>,
    header: Option<String>,
) -> Result<u64> {
    let mut w = std::io::BufWriter::new(out);
    if let Some(h) = header {
        writeln!(w, "{h}")?;
    }
    let mut n = 0;
    store.for_each_event(filter, |e| {
        write_row(&mut w, &e)?;
        n += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(n)
}

/// One event in the PLOVER data format's layout (`event`, `mode`,
/// `context`, `actor`, `recipient`, `date`, `location`), with dyad's extras
/// (CAMEO, status, mention counts, provenance of the first mention).
pub fn plover_json(e: &StoredEvent) -> serde_json::Value {
    let side = |code: &str, actors: &[dyad_events::Actor]| {
        serde_json::json!({
            "code": code,
            "name": actors.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join(" and "),
            "country": common(actors.iter().map(|a| a.country.as_deref())),
            "sector": common(actors.iter().map(|a| a.sector.as_deref())),
        })
    };
    let m = &e.first_mention;
    serde_json::json!({
        "id": format!("dyad-{}", e.id),
        "date": e.date,
        "date_precision": e.date_precision,
        "event": e.plover.event,
        "mode": e.plover.mode,
        "context": e.issues.iter().map(|i| i.to_lowercase()).collect::<Vec<_>>(),
        "actor": side(&e.source, &m.source),
        "recipient": side(&e.target, &m.target),
        "location": e.location,
        "cameo": e.cameo,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "status": e.status,
        "num_mentions": e.num_mentions,
        "num_sources": e.num_sources,
        "num_articles": e.num_articles,
        "source_doc": m.doc_id,
        "text": m.text,
        "rule": m.evidence.rule,
    })
}

/// The value every item shares, else null.
fn common<'a>(mut values: impl Iterator<Item = Option<&'a str>>) -> Option<&'a str> {
    let first = values.next()??;
    values.all(|v| v == Some(first)).then_some(first)
}

fn write_plover<W: Write>(w: &mut W, e: &StoredEvent) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, &plover_json(e))?;
    writeln!(w)
}

/// GDELT 2.0 event-table column names for the fields dyad has, then dyad's
/// own. Country codes are ISO3 (GDELT's geo fields use FIPS).
pub const GDELT_COLUMNS: [&str; 31] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "SOURCEURL",
    "Status",
    "DatePrecision",
    "PloverEvent",
];

fn tsv_cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn write_gdelt<W: Write>(w: &mut W, e: &StoredEvent) -> std::io::Result<()> {
    let m = &e.first_mention;
    let day = e.date.as_deref().map(first_day).unwrap_or_default();
    let sqldate = day.replace('-', "");
    let year = sqldate.get(..4).unwrap_or("").to_string();
    let month_year = sqldate.get(..6).unwrap_or("").to_string();
    let fraction = fraction_date(&day).map(|f| format!("{f:.4}")).unwrap_or_default();
    let names = |actors: &[dyad_events::Actor]| {
        tsv_cell(&actors.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join(" and "))
    };
    let country =
        |actors: &[dyad_events::Actor]| common(actors.iter().map(|a| a.country.as_deref())).unwrap_or("").to_string();
    let sector =
        |actors: &[dyad_events::Actor]| common(actors.iter().map(|a| a.sector.as_deref())).unwrap_or("").to_string();
    let base = e.cameo.get(..3).unwrap_or(&e.cameo).to_string();
    let loc = e.location.as_ref();
    let url = e.url.clone().unwrap_or_else(|| m.doc_id.clone());
    let row = [
        e.id.to_string(),
        sqldate,
        month_year,
        year,
        fraction,
        e.source.clone(),
        names(&m.source),
        country(&m.source),
        sector(&m.source),
        e.target.clone(),
        names(&m.target),
        country(&m.target),
        sector(&m.target),
        "1".to_string(),
        e.cameo.clone(),
        base,
        e.cameo_root.clone(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        e.num_mentions.to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
        loc.map(|l| tsv_cell(&l.name)).unwrap_or_default(),
        loc.and_then(|l| l.country.clone()).unwrap_or_default(),
        loc.and_then(|l| l.lat).map(|x| format!("{x:.4}")).unwrap_or_default(),
        loc.and_then(|l| l.lon).map(|x| format!("{x:.4}")).unwrap_or_default(),
        loc.and_then(|l| l.geonames_id).map(|x| x.to_string()).unwrap_or_default(),
        tsv_cell(&url),
        e.status.as_str().to_string(),
        e.date_precision.as_str().to_string(),
        e.plover.event.clone().unwrap_or_default(),
    ];
    writeln!(w, "{}", row.join("\t"))
}

/// The first day a `YYYY[-MM[-DD]]` date covers.
fn first_day(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-01-01"),
        7 => format!("{d}-01"),
        _ => d.to_string(),
    }
}

/// GDELT's FractionDate: year + day-of-year / 365.
fn fraction_date(day: &str) -> Option<f64> {
    let y: f64 = day.get(..4)?.parse().ok()?;
    let m: usize = day.get(5..7)?.parse().ok()?;
    let d: f64 = day.get(8..10)?.parse().ok()?;
    const CUMULATIVE: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let doy = *CUMULATIVE.get(m.checked_sub(1)?)? as f64 + d;
    Some(y + doy / 365.0)
}

/// CSV columns (RFC 4180), one row per canonical event.
pub const CSV_COLUMNS: [&str; 23] = [
    "id",
    "date",
    "date_precision",
    "source",
    "target",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_event",
    "plover_mode",
    "status",
    "place",
    "place_country",
    "lat",
    "lon",
    "issues",
    "num_mentions",
    "num_sources",
    "num_articles",
    "doc_id",
    "url",
    "text",
];

fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// One CSV row, with its line end.
pub fn csv_row(e: &StoredEvent) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_csv(&mut out, e);
    out
}

fn write_csv<W: Write>(w: &mut W, e: &StoredEvent) -> std::io::Result<()> {
    let loc = e.location.as_ref();
    let m = &e.first_mention;
    let row = [
        e.id.to_string(),
        e.date.clone().unwrap_or_default(),
        e.date_precision.as_str().to_string(),
        e.source.clone(),
        e.target.clone(),
        e.cameo.clone(),
        e.cameo_root.clone(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        e.plover.event.clone().unwrap_or_default(),
        e.plover.mode.clone().unwrap_or_default(),
        e.status.as_str().to_string(),
        loc.map(|l| l.name.clone()).unwrap_or_default(),
        loc.and_then(|l| l.country.clone()).unwrap_or_default(),
        loc.and_then(|l| l.lat).map(|x| x.to_string()).unwrap_or_default(),
        loc.and_then(|l| l.lon).map(|x| x.to_string()).unwrap_or_default(),
        e.issues.join(";"),
        e.num_mentions.to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
        m.doc_id.clone(),
        e.url.clone().unwrap_or_default(),
        m.text.clone(),
    ];
    let cells: Vec<_> = row.iter().map(|c| csv_cell(c)).collect();
    writeln!(w, "{}", cells.join(","))
}

/// The Arrow schema of exported events (also what the Python bindings
/// return): typed columns, nulls where a value is unknown.
pub fn arrow_schema() -> Arc<Schema> {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("date", DataType::Utf8, true),
        Field::new("date_precision", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("target", DataType::Utf8, false),
        Field::new("cameo", DataType::Utf8, false),
        Field::new("cameo_root", DataType::Utf8, false),
        Field::new("quad_class", DataType::UInt8, false),
        Field::new("goldstein", DataType::Float32, false),
        Field::new("plover_event", DataType::Utf8, true),
        Field::new("plover_mode", DataType::Utf8, true),
        Field::new("status", DataType::Utf8, false),
        Field::new("place", DataType::Utf8, true),
        Field::new("place_country", DataType::Utf8, true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        Field::new("issues", DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))), false),
        Field::new("num_mentions", DataType::UInt32, false),
        Field::new("num_sources", DataType::UInt32, false),
        Field::new("num_articles", DataType::UInt32, false),
        Field::new("doc_id", DataType::Utf8, false),
        Field::new("url", DataType::Utf8, true),
        Field::new("text", DataType::Utf8, false),
    ]))
}

/// Column builders for one record batch.
struct Columns {
    id: Int64Builder,
    date: StringBuilder,
    date_precision: StringBuilder,
    source: StringBuilder,
    target: StringBuilder,
    cameo: StringBuilder,
    cameo_root: StringBuilder,
    quad_class: UInt8Builder,
    goldstein: Float32Builder,
    plover_event: StringBuilder,
    plover_mode: StringBuilder,
    status: StringBuilder,
    place: StringBuilder,
    place_country: StringBuilder,
    lat: Float64Builder,
    lon: Float64Builder,
    issues: ListBuilder<StringBuilder>,
    num_mentions: UInt32Builder,
    num_sources: UInt32Builder,
    num_articles: UInt32Builder,
    doc_id: StringBuilder,
    url: StringBuilder,
    text: StringBuilder,
    rows: usize,
}

impl Columns {
    fn new() -> Columns {
        Columns {
            id: Int64Builder::new(),
            date: StringBuilder::new(),
            date_precision: StringBuilder::new(),
            source: StringBuilder::new(),
            target: StringBuilder::new(),
            cameo: StringBuilder::new(),
            cameo_root: StringBuilder::new(),
            quad_class: UInt8Builder::new(),
            goldstein: Float32Builder::new(),
            plover_event: StringBuilder::new(),
            plover_mode: StringBuilder::new(),
            status: StringBuilder::new(),
            place: StringBuilder::new(),
            place_country: StringBuilder::new(),
            lat: Float64Builder::new(),
            lon: Float64Builder::new(),
            issues: ListBuilder::new(StringBuilder::new()),
            num_mentions: UInt32Builder::new(),
            num_sources: UInt32Builder::new(),
            num_articles: UInt32Builder::new(),
            doc_id: StringBuilder::new(),
            url: StringBuilder::new(),
            text: StringBuilder::new(),
            rows: 0,
        }
    }

    fn push(&mut self, e: &StoredEvent) {
        let loc = e.location.as_ref();
        self.id.append_value(e.id);
        self.date.append_option(e.date.as_deref());
        self.date_precision.append_value(e.date_precision.as_str());
        self.source.append_value(&e.source);
        self.target.append_value(&e.target);
        self.cameo.append_value(&e.cameo);
        self.cameo_root.append_value(&e.cameo_root);
        self.quad_class.append_value(e.quad_class);
        self.goldstein.append_value(e.goldstein);
        self.plover_event.append_option(e.plover.event.as_deref());
        self.plover_mode.append_option(e.plover.mode.as_deref());
        self.status.append_value(e.status.as_str());
        self.place.append_option(loc.map(|l| l.name.as_str()));
        self.place_country.append_option(loc.and_then(|l| l.country.as_deref()));
        self.lat.append_option(loc.and_then(|l| l.lat));
        self.lon.append_option(loc.and_then(|l| l.lon));
        for i in &e.issues {
            self.issues.values().append_value(i);
        }
        self.issues.append(true);
        self.num_mentions.append_value(e.num_mentions);
        self.num_sources.append_value(e.num_sources);
        self.num_articles.append_value(e.num_articles);
        self.doc_id.append_value(&e.first_mention.doc_id);
        self.url.append_option(e.url.as_deref());
        self.text.append_value(&e.first_mention.text);
        self.rows += 1;
    }

    fn finish(&mut self) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.date_precision.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.target.finish()),
            Arc::new(self.cameo.finish()),
            Arc::new(self.cameo_root.finish()),
            Arc::new(self.quad_class.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(self.plover_event.finish()),
            Arc::new(self.plover_mode.finish()),
            Arc::new(self.status.finish()),
            Arc::new(self.place.finish()),
            Arc::new(self.place_country.finish()),
            Arc::new(self.lat.finish()),
            Arc::new(self.lon.finish()),
            Arc::new(self.issues.finish()),
            Arc::new(self.num_mentions.finish()),
            Arc::new(self.num_sources.finish()),
            Arc::new(self.num_articles.finish()),
            Arc::new(self.doc_id.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.text.finish()),
        ];
        self.rows = 0;
        RecordBatch::try_new(arrow_schema(), columns).map_err(|e| StoreError::Export(e.to_string()))
    }
}

/// Rows per Parquet row group: bounded memory, large enough to compress.
const ROW_GROUP: usize = 16_384;

/// Turns stored events into one Arrow record batch.
pub fn record_batch(events: &[StoredEvent]) -> Result<RecordBatch> {
    let mut cols = Columns::new();
    for e in events {
        cols.push(e);
    }
    cols.finish()
}

fn export_parquet<W: Write + Send>(store: &Store, filter: &EventFilter, out: W) -> Result<u64> {
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::ZSTD(Default::default()))
        .build();
    let perr = |e: parquet::errors::ParquetError| StoreError::Export(e.to_string());
    let mut writer = parquet::arrow::ArrowWriter::try_new(out, arrow_schema(), Some(props)).map_err(perr)?;
    let mut cols = Columns::new();
    let mut n = 0u64;
    store.for_each_event(filter, |e| {
        cols.push(&e);
        n += 1;
        if cols.rows == ROW_GROUP {
            writer.write(&cols.finish()?).map_err(perr)?;
        }
        Ok(())
    })?;
    if cols.rows > 0 || n == 0 {
        writer.write(&cols.finish()?).map_err(perr)?;
    }
    writer.close().map_err(perr)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_date_counts_days_of_the_year() {
        let f = fraction_date("2025-01-01").unwrap_or_default();
        assert!((f - (2025.0 + 1.0 / 365.0)).abs() < 1e-9);
        assert_eq!(fraction_date("2025"), None);
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
