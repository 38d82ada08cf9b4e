//! Python bindings of dyad (`dyad._dyad`, wrapped by `python/dyad/__init__.py`).
//!
//! The module is built for the stable ABI (abi3, Python ≥ 3.9) so one wheel
//! serves every interpreter. Three rules shape this file:
//! - **The GIL is released while coding**: Python objects are read into
//!   owned Rust values first, then the pipeline runs on rayon's pool inside
//!   `allow_threads`, so a batch uses every core and other Python threads run.
//! - **Never panic across the FFI boundary**: a panic would surface as
//!   `PanicException` (not an `Exception`) and, inside Spark, kill the
//!   worker. Each article is coded under `catch_unwind`; an article that
//!   panics is skipped and counted, like a row with null text.
//! - **Same events as `dyad code`**: the same pipeline (built-in
//!   dictionaries, and the local gazetteer index when one was imported) and
//!   the same per-article code path as `crates/dyad-cli/src/code.rs`.

mod arrow_out;

use arrow::array::{Array, ArrayRef, AsArray, RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow::datatypes::DataType;
use arrow::ffi_stream::ArrowArrayStreamReader;
use arrow::pyarrow::{FromPyArrow, IntoPyArrow};
use dyad_coder::Pipeline;
use dyad_events::{Event, Status};
use dyad_store::{EventFilter, Store};
use dyad_text::{parser_form, Document};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

/// The pipeline every call shares: built once per process (loading the
/// model and dictionaries takes a moment) and read-only afterwards.
static PIPELINE: OnceLock<Result<Pipeline, String>> = OnceLock::new();

/// The pipeline `dyad code` uses without options: built-in dictionaries,
/// and the gazetteer index `dyad gazetteer import` wrote, if there is one.
fn build_pipeline() -> Result<Pipeline, String> {
    let pipeline = Pipeline::builtin().map_err(|e| e.to_string())?;
    match dyad_geo::default_index_path().filter(|p| p.exists()) {
        Some(p) => {
            let g =
                dyad_geo::Gazetteer::with_index(&p).map_err(|e| format!("loading gazetteer {}: {e}", p.display()))?;
            Ok(pipeline.with_gazetteer(g))
        }
        None => Ok(pipeline),
    }
}

fn pipeline(py: Python<'_>) -> PyResult<&'static Pipeline> {
    // Built without the GIL: other Python threads keep running meanwhile.
    let p = py.allow_threads(|| PIPELINE.get_or_init(build_pipeline));
    p.as_ref().map_err(|e| PyRuntimeError::new_err(format!("dyad: cannot build the pipeline: {e}")))
}

/// One article read from Python, owned so that coding can run without the GIL.
struct Row {
    id: String,
    text: String,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// Codes one article exactly as `dyad code` does (`code_article`).
fn code_row(pipeline: &Pipeline, row: &Row) -> Vec<Event> {
    let mut doc = Document::new(row.id.clone(), row.text.clone());
    doc.meta = dyad_text::DocMeta {
        title: row.title.clone(),
        date: row.date.clone(),
        url: row.url.clone(),
        source: row.source.clone(),
    };
    pipeline.code(&doc, row.date.as_deref())
}

/// Codes one article; a panic inside the pipeline becomes `None` instead of
/// unwinding into Python.
fn code_row_safely(pipeline: &Pipeline, row: &Row) -> Option<Vec<Event>> {
    catch_unwind(AssertUnwindSafe(|| code_row(pipeline, row))).ok()
}

/// Accepts `YYYY-MM-DD`, RFC 3339, and what Arrow prints for timestamps
/// without a zone (`2025-05-07T00:00:00`, `2025-05-07 00:00:00`): the first
/// ten characters, when they are a date.
fn normalise_date(s: &str) -> Result<String, String> {
    dyad_input::parse_date(s).or_else(|e| match s.trim().get(..10) {
        Some(head) => dyad_input::parse_date(head).map_err(|_| e),
        None => Err(e),
    })
}

fn check_date(date: Option<&str>) -> PyResult<Option<String>> {
    date.map(normalise_date).transpose().map_err(|e| PyValueError::new_err(format!("date: {e}")))
}

/// `code(text, date=None, doc_id="doc")`: the events of one article as JSON
/// lines, the very bytes `dyad code --format jsonl` writes (the Python
/// wrapper turns them into dicts).
#[pyfunction]
#[pyo3(signature = (text, date=None, doc_id="doc"))]
fn code_jsonl(py: Python<'_>, text: String, date: Option<&str>, doc_id: &str) -> PyResult<String> {
    let date = check_date(date)?;
    let pipeline = pipeline(py)?;
    let row = Row { id: doc_id.to_string(), text, date, title: None, url: None, source: None };
    let events = py.allow_threads(|| code_row_safely(pipeline, &row)).ok_or_else(|| {
        PyRuntimeError::new_err("dyad: internal error while coding this text (a bug; please report it)")
    })?;
    let mut out = Vec::new();
    for e in &events {
        dyad_events::write::write_jsonl(&mut out, e).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    }
    String::from_utf8(out).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// A string view of an optional input column: `None` when absent, an error
/// naming the column when its type cannot be read as text.
fn string_column(batch: &RecordBatch, name: &str, casts: bool) -> PyResult<Option<ArrayRef>> {
    let Some(col) = batch.column_by_name(name) else { return Ok(None) };
    match col.data_type() {
        DataType::Utf8 => Ok(Some(col.clone())),
        DataType::LargeUtf8 | DataType::Utf8View => arrow::compute::cast(col, &DataType::Utf8)
            .map(Some)
            .map_err(|e| PyTypeError::new_err(format!("column {name:?}: {e}"))),
        // Ids may be integers and dates may be Arrow dates or timestamps;
        // their text form is what the CLI would read from JSON.
        DataType::Null => Ok(Some(arrow::array::new_null_array(&DataType::Utf8, col.len()))),
        t if casts && (t.is_integer() || t.is_temporal()) => arrow::compute::cast(col, &DataType::Utf8)
            .map(Some)
            .map_err(|e| PyTypeError::new_err(format!("column {name:?} ({t}): {e}"))),
        t => Err(PyTypeError::new_err(format!(
            "column {name:?} must hold strings{}, not {t}",
            if casts { " (or integers, dates, timestamps)" } else { "" }
        ))),
    }
}

fn value(col: &Option<ArrayRef>, i: usize) -> Option<String> {
    let a = col.as_ref()?.as_string::<i32>();
    a.is_valid(i).then(|| a.value(i).to_string())
}

/// What happened to the input rows of one `code_batch` call.
#[derive(Default)]
struct Report {
    rows: usize,
    coded: usize,
    null_text: usize,
    bad_date: usize,
    failed: usize,
    /// A few examples of skipped rows, for the warning.
    examples: Vec<String>,
}

impl Report {
    fn note(&mut self, example: String) {
        if self.examples.len() < 3 {
            self.examples.push(example);
        }
    }
}

/// Reads the articles of Arrow batches into owned rows. Column errors
/// (missing `text`, wrong types) raise; row errors (null text, bad date)
/// skip the row and are counted.
fn read_rows(batches: &[RecordBatch], report: &mut Report) -> PyResult<Vec<Row>> {
    let mut rows = Vec::new();
    let mut offset = 0usize;
    for batch in batches {
        let names = || batch.schema().fields().iter().map(|f| f.name().clone()).collect::<Vec<_>>().join(", ");
        let Some(text) = string_column(batch, "text", false)? else {
            return Err(PyValueError::new_err(format!(
                "code_batch: the input has no \"text\" column (columns: {})",
                names()
            )));
        };
        let Some(ids) = string_column(batch, "id", true)? else {
            return Err(PyValueError::new_err(format!(
                "code_batch: the input has no \"id\" column (columns: {})",
                names()
            )));
        };
        let dates = string_column(batch, "date", true)?;
        let titles = string_column(batch, "title", false)?;
        let urls = string_column(batch, "url", false)?;
        let sources = string_column(batch, "source", false)?;
        let texts = text.as_string::<i32>();
        for i in 0..batch.num_rows() {
            report.rows += 1;
            // A null id gets the row's position, as the CLI names an
            // id-less JSONL record by its line.
            let id = value(&Some(ids.clone()), i).unwrap_or_else(|| format!("row:{}", offset + i));
            if !texts.is_valid(i) {
                report.null_text += 1;
                report.note(format!("{id}: null text"));
                continue;
            }
            let date = match value(&dates, i).map(|d| normalise_date(&d)).transpose() {
                Ok(d) => d,
                Err(e) => {
                    report.bad_date += 1;
                    report.note(format!("{id}: {e}"));
                    continue;
                }
            };
            rows.push(Row {
                id,
                text: texts.value(i).to_string(),
                date,
                title: value(&titles, i),
                url: value(&urls, i),
                source: value(&sources, i),
            });
        }
        offset += batch.num_rows();
    }
    Ok(rows)
}

/// `code_arrow(stream)`: codes the articles of an Arrow stream (a
/// `pyarrow.Table`, or anything with `__arrow_c_stream__`) on all cores and
/// returns `(events as a pyarrow.RecordBatchReader, report dict)`.
#[pyfunction]
fn code_arrow<'py>(py: Python<'py>, stream: &Bound<'py, PyAny>) -> PyResult<(PyObject, Bound<'py, PyDict>)> {
    let reader = ArrowArrayStreamReader::from_pyarrow_bound(stream)
        .map_err(|e| PyTypeError::new_err(format!("code_batch: expected a pyarrow Table or RecordBatch: {e}")))?;
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyValueError::new_err(format!("code_batch: reading the input: {e}")))?;
    let pipeline = pipeline(py)?;
    let mut report = Report::default();
    let rows = read_rows(&batches, &mut report)?;
    drop(batches);
    let (batch, report) = py
        .allow_threads(move || {
            catch_unwind(AssertUnwindSafe(move || {
                let coded: Vec<Option<Vec<Event>>> = rows.par_iter().map(|r| code_row_safely(pipeline, r)).collect();
                let mut events = Vec::new();
                for (row, evs) in rows.iter().zip(coded) {
                    match evs {
                        Some(evs) => {
                            report.coded += 1;
                            events.extend(evs);
                        }
                        None => {
                            report.failed += 1;
                            report.note(format!("{}: internal error while coding (a bug; please report it)", row.id));
                        }
                    }
                }
                arrow_out::events_batch(&events).map(|b| (b, report))
            }))
        })
        .map_err(|_| PyRuntimeError::new_err("dyad: internal error in code_batch (a bug; please report it)"))?
        .map_err(|e| PyRuntimeError::new_err(format!("dyad: building the events batch: {e}")))?;
    let schema = batch.schema();
    let reader: Box<dyn RecordBatchReader + Send> = Box::new(RecordBatchIterator::new(vec![Ok(batch)], schema));
    let out = reader.into_pyarrow(py)?;
    let d = PyDict::new(py);
    d.set_item("rows", report.rows)?;
    d.set_item("coded", report.coded)?;
    d.set_item("null_text", report.null_text)?;
    d.set_item("bad_date", report.bad_date)?;
    d.set_item("failed", report.failed)?;
    d.set_item("examples", report.examples)?;
    Ok((out, d))
}

/// `event_schema()`: the Arrow schema of `code_batch`'s output.
#[pyfunction]
fn event_schema(py: Python<'_>) -> PyResult<PyObject> {
    arrow::pyarrow::ToPyArrow::to_pyarrow(arrow_out::schema().as_ref(), py)
}

/// One parsed sentence, built without the GIL.
struct Parsed {
    text: String,
    tokens: Vec<String>,
    spans: Vec<[u32; 2]>,
    upos: Vec<&'static str>,
    xpos: Vec<&'static str>,
    lemmas: Vec<String>,
    heads: Vec<u32>,
    deprels: Vec<&'static str>,
}

/// `parse(text)`: tokens, tags, lemmas and the dependency tree of each
/// sentence, as dicts of lists. Spans are code points, like the events'.
#[pyfunction]
fn parse<'py>(py: Python<'py>, text: String) -> PyResult<Bound<'py, PyList>> {
    let model = dyad_syntax::embedded_model().map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    let sentences: Vec<Parsed> = py
        .allow_threads(|| {
            catch_unwind(AssertUnwindSafe(|| {
                let doc = Document::new("parse", text);
                let cp = dyad_text::CharOffsets::new(&doc.text);
                let mut ann = dyad_syntax::Annotation::new();
                let mut out = Vec::new();
                let mut words: Vec<&str> = Vec::new();
                for i in 0..doc.sentences.len() {
                    let toks = doc.sentence_tokens(i);
                    words.clear();
                    words.extend(toks.iter().map(|t| parser_form(doc.token_text(t))));
                    model.annotate(&words, &mut ann);
                    out.push(Parsed {
                        text: doc.sentence_text(i).to_string(),
                        tokens: toks.iter().map(|t| doc.token_text(t).to_string()).collect(),
                        spans: toks.iter().map(|t| [cp.at(t.span.start), cp.at(t.span.end)]).collect(),
                        upos: ann.upos.iter().map(|u| u.as_str()).collect(),
                        xpos: ann.xpos.iter().map(|x| x.as_str()).collect(),
                        lemmas: (0..ann.len()).map(|j| ann.lemma(j).to_string()).collect(),
                        heads: ann.head.clone(),
                        deprels: ann.deprel.iter().map(|d| d.as_str()).collect(),
                    });
                }
                out
            }))
        })
        .map_err(|_| PyRuntimeError::new_err("dyad: internal error while parsing (a bug; please report it)"))?;
    let list = PyList::empty(py);
    for p in sentences {
        let d = PyDict::new(py);
        d.set_item("text", p.text)?;
        d.set_item("tokens", p.tokens)?;
        d.set_item("spans", p.spans)?;
        d.set_item("upos", p.upos)?;
        d.set_item("xpos", p.xpos)?;
        d.set_item("lemmas", p.lemmas)?;
        d.set_item("heads", p.heads)?;
        d.set_item("deprels", p.deprels)?;
        list.append(d)?;
    }
    Ok(list)
}

/// A read-only handle on an event store (`dyad ingest --db …`).
#[pyclass(name = "Store", module = "dyad._dyad")]
struct PyStore {
    // rusqlite connections may move between threads but not be shared;
    // the mutex lets Python threads share one handle.
    store: Mutex<Store>,
    path: String,
}

fn filter_from(filters: Option<&Bound<'_, PyDict>>) -> PyResult<EventFilter> {
    let mut f = EventFilter::default();
    let Some(filters) = filters else { return Ok(f) };
    for (k, v) in filters.iter() {
        let key: String = k.extract()?;
        if v.is_none() {
            continue;
        }
        let s = || -> PyResult<String> {
            v.extract::<String>().map_err(|_| PyTypeError::new_err(format!("filter {key:?} must be a string")))
        };
        match key.as_str() {
            "actor" => f.actor = Some(s()?),
            "country" => f.country = Some(s()?),
            "source" => f.source = Some(s()?),
            "target" => f.target = Some(s()?),
            "cameo" => f.cameo = Some(s()?),
            "root" => f.root = Some(s()?),
            "quad" => {
                f.quad = Some(v.extract::<u8>().map_err(|_| PyTypeError::new_err("filter \"quad\" must be 1-4"))?)
            }
            "plover" => f.plover = Some(s()?),
            "status" => {
                let st = s()?;
                f.status = Some(
                    Status::from_name(&st).ok_or_else(|| PyValueError::new_err(format!("unknown status {st:?}")))?,
                )
            }
            "issue" => f.issue = Some(s()?),
            "from" | "from_" | "start" => f.from = Some(check_date(Some(&s()?))?.unwrap_or_default()),
            "to" | "end" => f.to = Some(check_date(Some(&s()?))?.unwrap_or_default()),
            "place" => f.place = Some(s()?),
            "text" => f.text = Some(s()?),
            "doc_id" => f.doc_id = Some(s()?),
            other => return Err(PyTypeError::new_err(format!("unknown filter {other:?}"))),
        }
    }
    Ok(f)
}

#[pymethods]
impl PyStore {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let store = py
            .allow_threads(|| Store::open_read_only(&path))
            .map_err(|e| PyValueError::new_err(format!("{}: {e}", path.display())))?;
        Ok(PyStore { store: Mutex::new(store), path: path.display().to_string() })
    }

    /// Canonical events matching the filters, as a pyarrow.RecordBatch with
    /// the columns of `dyad export --format parquet`.
    #[pyo3(signature = (limit=None, filters=None))]
    fn query_arrow(
        &self,
        py: Python<'_>,
        limit: Option<usize>,
        filters: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyObject> {
        let filter = filter_from(filters)?;
        let batch = py
            .allow_threads(|| {
                let store = self.store.lock().map_err(|_| "store handle poisoned by an earlier error".to_string())?;
                // SQLite's LIMIT is an i64: no limit is its largest value.
                let limit = limit.unwrap_or(i64::MAX as usize).min(i64::MAX as usize);
                let events = store.query(&filter, limit).map_err(|e| e.to_string())?;
                dyad_store::export::record_batch(&events).map_err(|e| e.to_string())
            })
            .map_err(|e| PyRuntimeError::new_err(format!("{}: {e}", self.path)))?;
        let schema = batch.schema();
        let reader: Box<dyn RecordBatchReader + Send> = Box::new(RecordBatchIterator::new(vec![Ok(batch)], schema));
        reader.into_pyarrow(py)
    }

    /// How many canonical events match the filters.
    #[pyo3(signature = (filters=None))]
    fn count(&self, py: Python<'_>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<u64> {
        let filter = filter_from(filters)?;
        py.allow_threads(|| {
            let store = self.store.lock().map_err(|_| "store handle poisoned by an earlier error".to_string())?;
            store.count(&filter).map_err(|e| e.to_string())
        })
        .map_err(|e| PyRuntimeError::new_err(format!("{}: {e}", self.path)))
    }

    fn __repr__(&self) -> String {
        format!("dyad.Store({:?})", self.path)
    }
}

#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(code_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(code_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(event_schema, m)?)?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_class::<PyStore>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
