//! `dyad`: the command line. A thin layer: every command parses its
//! arguments and calls into the library crates, which tests call directly.
//!
//! Exit codes: 0 when every record was read and coded; 1 when at least one
//! record failed (each failure is printed to stderr as `file:line: reason`,
//! and the rest of the batch is still processed); 2 for usage errors and
//! failures that stop the whole command (an unreadable gold file, say).

mod bench;
mod code;
mod demo;
mod dicts;
mod geo_cmd;
mod serve_cmd;
mod store_cmd;
mod syntax_cmd;
mod synth;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "dyad", version, about = "News text in, political event data (CAMEO/PLOVER) out.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code articles into events: files, directories (recursive), or `-` for stdin.
    Code(code::CodeArgs),
    /// Code the bundled sample article and print what was found; with
    /// `--serve`, ingest the sample corpus and open the dashboard.
    Demo(demo::DemoArgs),
    /// Show how a sentence is parsed and coded: tokens, tags, tree, actors,
    /// every rule tried and why it did or did not fire.
    Explain {
        /// The text to explain.
        text: String,
        /// Publication date (YYYY-MM-DD).
        #[arg(long, value_parser = dyad_input::parse_date)]
        date: Option<String>,
        /// PETRARCH/TABARI dictionaries to explain with (as for `code`).
        #[command(flatten)]
        dicts: dicts::DictArgs,
    },
    /// Tokenize, tag and parse raw text; write CoNLL-U.
    Parse {
        /// Files, directories or `-` (stdin).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Train models from annotated data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Evaluate a pipeline stage against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Code articles into the event store (SQLite): idempotent, resumable,
    /// deduplicating mentions of one event across articles.
    Ingest(store_cmd::IngestArgs),
    /// Canonical events from the store, filtered.
    Query(store_cmd::QueryArgs),
    /// Counts of stored events by CAMEO root, dyad, day, month or status.
    Stats(store_cmd::StatsArgs),
    /// Write stored events as PLOVER JSONL, GDELT-style TSV, CSV or Parquet.
    Export(store_cmd::ExportArgs),
    /// Check a store: SQLite's integrity check and dyad's own invariants.
    Check {
        #[arg(long, default_value = "dyad.db")]
        db: PathBuf,
    },
    /// Serve the HTTP API and web dashboard over a store (read-only).
    Serve(serve_cmd::ServeArgs),
    /// The gazetteer: import GeoNames tables into a local index.
    #[command(subcommand)]
    Gazetteer(geo_cmd::GazetteerCommand),
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The POS tagger, lemmatizer and dependency parser, from UD CoNLL-U.
    Syntax(syntax_cmd::TrainSyntaxArgs),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Code the example sentence of every verb pattern and report how many
    /// produce the pattern's code (a self-check of dictionary and matcher).
    Patterns {
        #[arg(long)]
        json: bool,
        /// List the examples that fail.
        #[arg(long)]
        failures: bool,
    },
    /// Event coding against a PETRARCH-style validation file of real news.
    Gsr {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Print every record's gold and predicted codings.
        #[arg(long)]
        detail: bool,
        /// Also code with the PETRARCH2 dictionaries in DIR (the files named by
        /// the validation file's <Environment>, else the Phoenix set) and print
        /// both figures.
        #[arg(long, value_name = "DIR")]
        dict_dir: Option<PathBuf>,
    },
    /// PETRARCH's unit-test suite, with the dictionaries its <Environment> names.
    Petrarch {
        #[arg(long)]
        records: PathBuf,
        /// Folder holding the dictionaries the records' <Environment> names.
        #[arg(long, value_name = "DIR")]
        dict_dir: PathBuf,
        #[arg(long)]
        json: bool,
        /// List the records that are not fully matched (gold and ours).
        #[arg(long, alias = "failures")]
        detail: bool,
    },
    /// Tagging, lemmas and parsing against a UD CoNLL-U file (gold tokenization).
    Ud {
        #[arg(long)]
        gold: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Dates and places against the team's test set (data/eval/time-place.tsv).
    TimePlace {
        /// Another test set in the same format.
        #[arg(long)]
        file: Option<PathBuf>,
        /// Also score with this gazetteer index (from `dyad gazetteer import`).
        #[arg(long, value_name = "PATH")]
        gazetteer: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// List the sentences answered wrongly.
        #[arg(long)]
        failures: bool,
    },
    /// Sentence and token segmentation against a UD CoNLL-U file.
    Segment {
        #[arg(long)]
        conllu: PathBuf,
        /// Print JSON (the default prints a short summary).
        #[arg(long)]
        json: bool,
        /// Also list the N most frequent token errors.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum OutputFormat {
    Jsonl,
    Tsv,
    Table,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Serve(args) => serve_cmd::run_serve(args),
        Command::Explain { text, date, dicts } => explain(&text, date.as_deref(), &dicts),
        Command::Eval(EvalCommand::Segment { conllu, json, errors }) => eval_segment(&conllu, json, errors),
        Command::Bench(b) => bench::run(b),
        Command::Ingest(args) => store_cmd::run_ingest(args),
        Command::Query(args) => store_cmd::run_query(args),
        Command::Stats(args) => store_cmd::run_stats(args),
        Command::Export(args) => store_cmd::run_export(args),
        Command::Check { db } => store_cmd::run_check(&db),
        Command::Parse { paths } => syntax_cmd::parse(paths),
        Command::Train(TrainCommand::Syntax(args)) => syntax_cmd::train(args),
        Command::Eval(EvalCommand::Ud { gold, json }) => syntax_cmd::eval_ud(&gold, json),
        Command::Eval(EvalCommand::Gsr { file, json, detail, dict_dir: None }) => eval_gsr(&file, json, detail),
        Command::Eval(EvalCommand::Gsr { file, json, detail, dict_dir: Some(dir) }) => {
            eval_gsr_petrarch(&file, &dir, json, detail)
        }
        Command::Eval(EvalCommand::Petrarch { records, dict_dir, json, detail }) => {
            eval_petrarch(&records, &dict_dir, json, detail)
        }
        Command::Eval(EvalCommand::Patterns { json, failures }) => eval_patterns(json, failures),
        Command::Eval(EvalCommand::TimePlace { file, gazetteer, json, failures }) => {
            eval_time_place(file.as_deref(), gazetteer.as_deref(), json, failures)
        }
        Command::Gazetteer(cmd) => geo_cmd::run(cmd),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`dyad code … | head`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn eval_segment(path: &std::path::Path, json: bool, errors: usize) -> anyhow::Result<ExitCode> {
    let text = read_text(path)?;
    let scores = dyad_eval::segment::evaluate_with_errors(&text, &path.display().to_string(), errors)?;
    if json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        println!(
            "documents {}  sentences {}  tokens {}\nsentence F1 {:.4} (P {:.4} R {:.4})\ntoken F1    {:.4} (P {:.4} R {:.4})",
            scores.documents, scores.gold_sentences, scores.gold_tokens, scores.sentence.f1, scores.sentence.precision, scores.sentence.recall, scores.token.f1, scores.token.precision, scores.token.recall
        );
        for (e, n) in &scores.token_errors {
            println!("{n:>5}  {e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(text: &str, date: Option<&str>, dicts: &dicts::DictArgs) -> anyhow::Result<ExitCode> {
    let pipeline = dicts.pipeline()?;
    let doc = dyad_text::Document::new("explain", text);
    print!("{}", pipeline.explain(&doc, date));
    Ok(ExitCode::SUCCESS)
}

fn eval_gsr(path: &std::path::Path, json: bool, detail: bool) -> anyhow::Result<ExitCode> {
    let records = dyad_eval::gsr::read_file(path)?;
    let pipeline = dyad_coder::Pipeline::builtin()?;
    let scores = dyad_eval::gsr::evaluate(&pipeline, &records, detail);
    if json {
        println!("{}", serde_json::to_string(&scores)?);
        return Ok(ExitCode::SUCCESS);
    }
    for r in &scores.records {
        println!("{}: {}\n  gold: {:?}\n  ours: {:?}", r.id, r.text, r.gold, r.predicted);
    }
    println!(
        "{} sentences, {} gold codings, {} predicted\ncode: P {:.3} R {:.3} F1 {:.3}\nroot: P {:.3} R {:.3} F1 {:.3}",
        scores.sentences,
        scores.gold_codings,
        scores.predicted,
        scores.code.precision,
        scores.code.recall,
        scores.code.f1,
        scores.root.precision,
        scores.root.recall,
        scores.root.f1
    );
    Ok(ExitCode::SUCCESS)
}

fn eval_patterns(json: bool, failures: bool) -> anyhow::Result<ExitCode> {
    let pipeline = dyad_coder::Pipeline::builtin()?;
    let scores = dyad_eval::examples::evaluate(&pipeline, failures);
    if json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        for f in &scores.failures {
            println!("{f}");
        }
        println!(
            "{} examples: code {:.3}, root {:.3}, own rule {:.3}",
            scores.examples, scores.code_rate, scores.root_rate, scores.rule_rate
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_time_place(
    file: Option<&std::path::Path>,
    gazetteer: Option<&std::path::Path>,
    json: bool,
    failures: bool,
) -> anyhow::Result<ExitCode> {
    let (text, name) = match file {
        Some(f) => (read_text(f)?, f.display().to_string()),
        None => (dyad_eval::time_place::BUILTIN.to_string(), "data/eval/time-place.tsv".to_string()),
    };
    let cases = dyad_eval::time_place::read(&text, &name)?;
    let builtin = dyad_coder::Pipeline::builtin()?;
    let scores = dyad_eval::time_place::evaluate(&builtin, &cases, dyad_eval::time_place::Part::All, failures);
    // With an index, places are scored again with it (dates do not change).
    let imported = match gazetteer {
        Some(p) => {
            let pipeline = geo_cmd::with_index(dyad_coder::Pipeline::builtin()?, Some(p), false)?;
            Some(dyad_eval::time_place::evaluate(&pipeline, &cases, dyad_eval::time_place::Part::Places, failures))
        }
        None => None,
    };
    if json {
        let mut v = serde_json::to_value(&scores)?;
        if let (Some(i), Some(obj)) = (&imported, v.as_object_mut()) {
            obj.insert(
                "places_with_gazetteer".into(),
                serde_json::json!({"country_accuracy": i.places.country_accuracy, "entry_accuracy": i.places.entry_accuracy,
                                   "n": i.places.n, "gazetteer_entries": i.gazetteer_entries}),
            );
        }
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    for f in scores.failures.iter().chain(imported.iter().flat_map(|i| i.failures.iter())) {
        println!("{f}");
    }
    println!(
        "dates: {:.3} of {} exactly right\nplaces (built-in gazetteer, {} entries): country {:.3}, entry {:.3} of {}",
        scores.dates.accuracy,
        scores.dates.n,
        scores.gazetteer_entries,
        scores.places.country_accuracy,
        scores.places.entry_accuracy,
        scores.places.n
    );
    if let Some(i) = &imported {
        println!(
            "places (with {}, {} entries): country {:.3}, entry {:.3} of {}",
            gazetteer.map(|p| p.display().to_string()).unwrap_or_default(),
            i.gazetteer_entries,
            i.places.country_accuracy,
            i.places.entry_accuracy,
            i.places.n
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a whole gold or sample file, naming it in the error.
pub(crate) fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn eval_petrarch(
    records: &std::path::Path,
    dir: &std::path::Path,
    json: bool,
    detail: bool,
) -> anyhow::Result<ExitCode> {
    let text = read_text(records)?;
    let files = dyad_petrarch::DictFiles::from_environment(&text, dir)?;
    let pipeline = dicts::load_pipeline(&files, dicts::DictMode::Replace)?;
    let recs = dyad_eval::petrarch::read_records(&text);
    let scores = dyad_eval::petrarch::evaluate(&pipeline, &recs, detail);
    if json {
        println!("{}", serde_json::to_string(&scores)?);
        return Ok(ExitCode::SUCCESS);
    }
    for r in &scores.records {
        println!("{} [{}]: {}\n  gold: {:?}\n  ours: {:?}", r.id, r.category, r.text, r.gold, r.predicted);
    }
    let line = |name: &str, c: &dyad_eval::petrarch::Counts| {
        println!(
            "{name:<12} expected {:>4}  matched {:>4} ({:>5.1}%)  FP {:>4}  FN {:>4}",
            c.expected,
            c.matched,
            100.0 * c.matched as f64 / c.expected.max(1) as f64,
            c.false_positives,
            c.false_negatives
        )
    };
    for (cat, c) in &scores.categories {
        line(cat, c);
    }
    line("total", &scores.total);
    Ok(ExitCode::SUCCESS)
}

fn eval_gsr_petrarch(
    path: &std::path::Path,
    dir: &std::path::Path,
    json: bool,
    detail: bool,
) -> anyhow::Result<ExitCode> {
    let text = read_text(path)?;
    let files = dyad_petrarch::DictFiles::from_environment(&text, dir)
        .ok()
        .filter(|f| f.verbs.as_ref().is_some_and(|v| v.exists()))
        .unwrap_or_else(|| dyad_petrarch::DictFiles::phoenix(dir));
    let phoenix = dicts::load_pipeline(&files, dicts::DictMode::Replace)?;
    let builtin = dyad_coder::Pipeline::builtin()?;
    let records = dyad_eval::gsr::read_records(&text);
    let ours = dyad_eval::gsr::evaluate(&phoenix, &records, detail);
    let base = dyad_eval::gsr::evaluate(&builtin, &records, false);
    if json {
        println!("{}", serde_json::json!({ "phoenix": ours, "builtin": base }));
        return Ok(ExitCode::SUCCESS);
    }
    for r in &ours.records {
        println!("{}: {}\n  gold: {:?}\n  ours: {:?}", r.id, r.text, r.gold, r.predicted);
    }
    for (name, s) in [("phoenix", &ours), ("built-in", &base)] {
        println!(
            "{name:<9} {} sentences, {} gold, {} predicted; code P {:.3} R {:.3} F1 {:.3}; root P {:.3} R {:.3} F1 {:.3}",
            s.sentences, s.gold_codings, s.predicted, s.code.precision, s.code.recall, s.code.f1, s.root.precision, s.root.recall, s.root.f1
        );
    }
    Ok(ExitCode::SUCCESS)
}
