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
mod syntax_cmd;

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
    /// Code the bundled sample article and print what was found.
    Demo,
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
        Command::Demo => demo::run(),
        Command::Explain { text, date, dicts } => explain(&text, date.as_deref(), &dicts),
        Command::Eval(EvalCommand::Segment { conllu, json, errors }) => eval_segment(&conllu, json, errors),
        Command::Bench(b) => bench::run(b),
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
