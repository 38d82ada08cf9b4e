//! `dyad ingest`, `dyad query`, `dyad stats`, `dyad export`: the event store
//! from the command line.
//!
//! Ingest pipelines three stages: this thread reads records and skips the
//! articles the store already holds unchanged, rayon codes a batch on all
//! cores, and a writer thread commits the previous batch in one transaction
//! meanwhile. Memory holds at most a few batches, whatever the corpus size.

use anyhow::{Context, Result};
use dyad_coder::Pipeline;
use dyad_input::{read_paths, Article, ReadOptions};
use dyad_store::{export, BatchReport, CodedArticle, EventFilter, StatsBy, Store, StoredEvent};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, directories or `-` (stdin), as for `dyad code`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The database (created when absent).
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Publication date (YYYY-MM-DD) of plain-text articles.
    #[arg(long, value_parser = dyad_input::parse_date)]
    date: Option<String>,
    /// Read every path as JSONL (`jsonl`) or text (`txt`) instead of guessing.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: crate::code::InputFormat,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Recode articles even when the store holds them unchanged (after a
    /// dictionary or model update).
    #[arg(long)]
    recode: bool,
    /// No progress bar: a log line every few seconds instead.
    #[arg(long)]
    quiet: bool,
    /// PETRARCH/TABARI dictionaries to code with.
    #[command(flatten)]
    dicts: crate::dicts::DictArgs,
    /// Gazetteer index to resolve places with (as for `dyad code`).
    #[arg(long, value_name = "PATH")]
    gazetteer: Option<PathBuf>,
}

/// What an ingest did.
#[derive(Debug, Default)]
pub struct IngestSummary {
    pub report: BatchReport,
    pub skipped: usize,
    pub failed: usize,
    pub seconds: f64,
    /// CPU time of the writer thread (it overlaps coding); 0 where the
    /// platform does not tell.
    pub write_seconds: f64,
}

/// A progress display: a bar on a terminal, else periodic log lines.
struct Progress {
    bar: Option<ProgressBar>,
    total: Option<u64>,
    done: u64,
    start: Instant,
    last_log: Instant,
}

impl Progress {
    fn new(total: Option<u64>, quiet: bool) -> Progress {
        let bar = (!quiet && io::stderr().is_terminal()).then(|| {
            let bar = match total {
                Some(t) => ProgressBar::new(t),
                None => ProgressBar::new_spinner(),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
            let template = if total.is_some() {
                "{elapsed_precise} [{bar:30}] {pos}/{len} articles  {per_sec}  ETA {eta}  {msg}"
            } else {
                "{elapsed_precise} {spinner} {pos} articles  {per_sec}  {msg}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Progress { bar, total, done: 0, start: Instant::now(), last_log: Instant::now() }
    }

    fn advance(&mut self, n: u64, events: usize) {
        self.done += n;
        if let Some(bar) = &self.bar {
            bar.inc(n);
            bar.set_message(format!("{events} mentions"));
            return;
        }
        if self.last_log.elapsed() >= Duration::from_secs(5) {
            self.last_log = Instant::now();
            let rate = self.done as f64 / self.start.elapsed().as_secs_f64().max(1e-9);
            let eta = self
                .total
                .map(|t| format!(", ETA {:.0} s", t.saturating_sub(self.done) as f64 / rate.max(1e-9)))
                .unwrap_or_default();
            let of = self.total.map(|t| format!("/{t}")).unwrap_or_default();
            eprintln!("dyad: {}{of} articles, {rate:.0} articles/s{eta}", self.done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Code-point offsets of a document's sentences.
fn sentence_spans(doc: &dyad_text::Document) -> Vec<[u32; 2]> {
    let offsets = dyad_text::CharOffsets::new(&doc.text);
    doc.sentences.iter().map(|s| [offsets.at(s.span.start), offsets.at(s.span.end)]).collect()
}

/// Codes one article into what the store keeps.
pub fn coded_article(pipeline: &Pipeline, a: Article) -> CodedArticle {
    let (doc, events) = crate::code::code_article(pipeline, &a);
    CodedArticle {
        sentences: sentence_spans(&doc),
        doc_id: a.id,
        text: a.text,
        title: a.title,
        date: a.date,
        url: a.url,
        source: a.source,
        events,
    }
}

/// Ingests `paths` into the store at `db`. Record errors are printed and
/// counted; store errors stop the ingest (what was committed stays).
pub fn ingest(
    paths: &[PathBuf],
    db: &Path,
    opts: ReadOptions,
    pipeline: &Pipeline,
    batch_size: usize,
    recode: bool,
    quiet: bool,
) -> Result<IngestSummary> {
    let start = Instant::now();
    let mut store = Store::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    let reader = Store::open_read_only(db)?;
    let total = dyad_input::count_records(paths, opts.format);
    let mut progress = Progress::new(total, quiet);
    let (tx, rx) = mpsc::sync_channel::<Vec<CodedArticle>>(2);
    let writer = std::thread::spawn(move || -> Result<(BatchReport, f64)> {
        let mut report = BatchReport::default();
        let cpu_start = thread_cpu_seconds();
        for batch in rx {
            report += store.write_batch_with(&batch, recode)?;
        }
        Ok((report, thread_cpu_seconds() - cpu_start))
    });
    let mut summary = IngestSummary::default();
    let mut records = read_paths(paths, opts).peekable();
    let mut batch: Vec<Article> = Vec::with_capacity(batch_size);
    let mut mentions = 0usize;
    let mut send_failed = false;
    while records.peek().is_some() {
        batch.clear();
        let mut read = 0u64;
        for record in records.by_ref() {
            read += 1;
            match record {
                Ok(mut a) => {
                    // Text from stdin has no name of its own: key it by its
                    // content, so that a second piped article adds to the
                    // store instead of replacing the first.
                    if a.id == "stdin" {
                        let hash = dyad_store::content_hash(&a.text, None, a.date.as_deref(), None, None);
                        a.id = format!("stdin-{}", &hash[..16]);
                    }
                    if a.lossy {
                        progress_println(
                            &progress,
                            &format!("dyad: warning: {}: invalid UTF-8 replaced with U+FFFD", a.origin),
                        );
                    }
                    let unchanged = !recode
                        && reader.article_hash(&a.id)?.as_deref()
                            == Some(
                                dyad_store::content_hash(
                                    &a.text,
                                    a.title.as_deref(),
                                    a.date.as_deref(),
                                    a.url.as_deref(),
                                    a.source.as_deref(),
                                )
                                .as_str(),
                            );
                    if unchanged {
                        summary.skipped += 1;
                    } else {
                        batch.push(a);
                    }
                }
                Err(e) => {
                    progress_println(&progress, &format!("dyad: {e}"));
                    summary.failed += 1;
                }
            }
            if batch.len() == batch_size {
                break;
            }
        }
        let coded: Vec<CodedArticle> = batch.par_drain(..).map(|a| coded_article(pipeline, a)).collect();
        mentions += coded.iter().map(|a| a.events.len()).sum::<usize>();
        if !coded.is_empty() && tx.send(coded).is_err() {
            // The writer stopped on an error; it is reported below.
            send_failed = true;
            break;
        }
        progress.advance(read, mentions);
    }
    drop(tx);
    let joined = writer.join().map_err(|_| anyhow::anyhow!("the store writer panicked"))?;
    progress.finish();
    let (report, write_seconds) = joined?;
    summary.write_seconds = write_seconds;
    if send_failed {
        anyhow::bail!("the store writer stopped");
    }
    summary.report = report;
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

fn progress_println(p: &Progress, line: &str) {
    match &p.bar {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

pub fn run_ingest(args: IngestArgs) -> Result<ExitCode> {
    let opts = ReadOptions { format: args.input_format.into(), default_date: args.date };
    let pipeline = crate::geo_cmd::with_index(args.dicts.pipeline()?, args.gazetteer.as_deref(), true)?;
    let s = ingest(&args.paths, &args.db, opts, &pipeline, args.batch.max(1), args.recode, args.quiet)?;
    let r = s.report;
    let articles = r.added + r.replaced + r.unchanged + s.skipped;
    let counts = Store::open_read_only(&args.db)?.counts()?;
    eprintln!(
        "dyad: {articles} articles in {:.1} s ({:.0} articles/s): {} added, {} replaced, {} unchanged; \
         {} mentions ({} joined an existing event); {} failed records. {} now holds {} articles, {} events, {} mentions.",
        s.seconds,
        articles as f64 / s.seconds.max(1e-9),
        r.added,
        r.replaced,
        r.unchanged + s.skipped,
        r.mentions,
        r.merged,
        s.failed,
        args.db.display(),
        counts.articles,
        counts.events,
        counts.mentions,
    );
    Ok(if s.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The filters shared by `query`, `stats` and `export`.
#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// Actor code prefix on either side ("PAK" matches PAKGOV, PAKMIL…).
    #[arg(long)]
    actor: Option<String>,
    /// ISO3 country of an actor on either side.
    #[arg(long)]
    country: Option<String>,
    /// Source actor code prefix.
    #[arg(long)]
    source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    target: Option<String>,
    /// CAMEO code prefix ("112", or "11" for every 11x code).
    #[arg(long)]
    cameo: Option<String>,
    /// CAMEO root ("01"–"20").
    #[arg(long)]
    root: Option<String>,
    /// QuadClass: 1 verbal cooperation … 4 material conflict.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    quad: Option<u8>,
    /// PLOVER event type (ACCUSE, THREATEN, …).
    #[arg(long)]
    plover: Option<String>,
    /// asserted, claimed, denied, negated, future or hypothetical.
    #[arg(long, value_parser = parse_status)]
    status: Option<dyad_events::Status>,
    /// Issue tag (CEASEFIRE, …).
    #[arg(long)]
    issue: Option<String>,
    /// Events on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = dyad_input::parse_date)]
    from: Option<String>,
    /// Events on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = dyad_input::parse_date)]
    to: Option<String>,
    /// Place name (substring) or ISO3 country of the place.
    #[arg(long)]
    place: Option<String>,
    /// Full-text search in the sentences (SQLite FTS5 syntax: words, "phrases", OR, NOT).
    #[arg(long)]
    text: Option<String>,
}

fn parse_status(s: &str) -> Result<dyad_events::Status, String> {
    dyad_events::Status::from_name(s)
        .ok_or_else(|| format!("unknown status {s:?}: asserted, claimed, denied, negated, future or hypothetical"))
}

impl FilterArgs {
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            actor: self.actor.clone(),
            country: self.country.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            cameo: self.cameo.clone(),
            root: self.root.clone(),
            quad: self.quad,
            plover: self.plover.clone(),
            status: self.status,
            issue: self.issue.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            place: self.place.clone(),
            text: self.text.clone(),
            after_id: None,
            doc_id: None,
        }
    }
}

#[derive(clap::Args)]
pub struct QueryArgs {
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    #[command(flatten)]
    filter: FilterArgs,
    /// Output: table on a terminal, else jsonl.
    #[arg(long, value_enum)]
    format: Option<QueryFormat>,
    /// At most this many events.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Also print every mention of each event (jsonl only).
    #[arg(long)]
    mentions: bool,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum QueryFormat {
    Table,
    Jsonl,
    Csv,
}

/// Fails with a hint when `db` does not exist (reading commands never
/// create a database).
pub fn ensure_db(db: &Path) -> Result<()> {
    anyhow::ensure!(db.exists(), "{}: no such database (create one with `dyad ingest`)", db.display());
    Ok(())
}

fn open_existing(db: &Path) -> Result<Store> {
    ensure_db(db)?;
    Store::open_read_only(db).with_context(|| format!("cannot open {}", db.display()))
}

pub fn run_query(args: QueryArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let format =
        args.format.unwrap_or(if io::stdout().is_terminal() { QueryFormat::Table } else { QueryFormat::Jsonl });
    let filter = args.filter.filter();
    let events = store.query(&filter, args.limit)?;
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        QueryFormat::Jsonl => {
            for e in &events {
                if args.mentions {
                    let mut v = serde_json::to_value(e)?;
                    v["mentions"] = serde_json::to_value(store.mentions(e.id)?)?;
                    serde_json::to_writer(&mut out, &v)?;
                } else {
                    serde_json::to_writer(&mut out, e)?;
                }
                writeln!(out)?;
            }
        }
        QueryFormat::Csv => {
            // The export's columns, limited to these events.
            writeln!(out, "{}", export::CSV_COLUMNS.join(","))?;
            for e in &events {
                out.write_all(&export::csv_row(e))?;
            }
        }
        QueryFormat::Table => {
            for e in &events {
                write_table_row(&mut out, e)?;
            }
            let total = store.count(&filter)?;
            writeln!(out, "{} of {total} events", events.len())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_table_row<W: Write>(w: &mut W, e: &StoredEvent) -> io::Result<()> {
    let place = e.location.as_ref().map(|l| l.name.as_str()).unwrap_or("-");
    writeln!(
        w,
        "#{:<6} {:<10} {:>14} {:<4} {:<14} {:<9} {:>3}× {:<12} {}",
        e.id,
        e.date.as_deref().unwrap_or("-"),
        e.source,
        e.cameo,
        e.target,
        e.status.as_str(),
        e.num_mentions,
        place,
        e.plover.event.as_deref().unwrap_or("-"),
    )?;
    writeln!(w, "        {}", e.first_mention.text.replace('\n', " "))
}

#[derive(clap::Args)]
pub struct StatsArgs {
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// What to count by.
    #[arg(long, value_enum, default_value = "root")]
    by: StatsKey,
    #[command(flatten)]
    filter: FilterArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum StatsKey {
    Root,
    Dyad,
    Day,
    Month,
    Status,
}

pub fn run_stats(args: StatsArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let by = match args.by {
        StatsKey::Root => StatsBy::Root,
        StatsKey::Dyad => StatsBy::Dyad,
        StatsKey::Day => StatsBy::Day,
        StatsKey::Month => StatsBy::Month,
        StatsKey::Status => StatsBy::Status,
    };
    let rows = store.stats(&args.filter.filter(), by)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &serde_json::json!({ "counts": store.counts()?, "groups": rows }))?;
        writeln!(out)?;
    } else {
        let c = store.counts()?;
        writeln!(
            out,
            "{} articles, {} sentences, {} events, {} mentions, {} actor codes",
            c.articles, c.sentences, c.events, c.mentions, c.actors
        )?;
        writeln!(out, "{:<32} {:>8} {:>9} {:>9}", "group", "events", "mentions", "goldstein")?;
        for r in rows {
            let name = match by {
                StatsBy::Root => dyad_codebook::Codebook::builtin()
                    .get(&r.key)
                    .map(|c| format!("{} {}", r.key, c.name))
                    .unwrap_or(r.key.clone()),
                _ => r.key.clone(),
            };
            writeln!(out, "{:<32} {:>8} {:>9} {:>9.2}", truncate(&name, 32), r.events, r.mentions, r.mean_goldstein)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Output file; stdout when absent (not for parquet).
    #[arg(long, short)]
    out: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    PloverJsonl,
    GdeltTsv,
    Csv,
    Parquet,
}

pub fn run_export(args: ExportArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let format = match args.format {
        ExportFormat::PloverJsonl => export::Format::PloverJsonl,
        ExportFormat::GdeltTsv => export::Format::GdeltTsv,
        ExportFormat::Csv => export::Format::Csv,
        ExportFormat::Parquet => export::Format::Parquet,
    };
    let filter = args.filter.filter();
    let n = match &args.out {
        Some(path) => {
            // Write beside the target and rename, so a failed export never
            // leaves a half-written file under the requested name.
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
            let n = export::export(&store, &filter, format, file)?;
            std::fs::rename(&tmp, path)?;
            n
        }
        None => {
            anyhow::ensure!(
                format != export::Format::Parquet || !io::stdout().is_terminal(),
                "parquet is binary: give --out FILE or redirect stdout"
            );
            export::export(&store, &filter, format, io::stdout())?
        }
    };
    eprintln!("dyad: exported {n} events");
    Ok(ExitCode::SUCCESS)
}

pub fn run_check(db: &Path) -> Result<ExitCode> {
    let store = open_existing(db)?;
    let problems = store.check_integrity()?;
    if problems.is_empty() {
        let c = store.counts()?;
        println!("{}: ok ({} articles, {} events, {} mentions)", db.display(), c.articles, c.events, c.mentions);
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("{}: {p}", db.display());
    }
    Ok(ExitCode::from(1))
}

/// CPU seconds used by the calling thread so far (Linux: utime + stime of
/// /proc/thread-self/stat, in clock ticks of 1/100 s); 0 elsewhere. CPU
/// time, unlike wall time, is not inflated by other processes.
fn thread_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else { return 0.0 };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 here.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
