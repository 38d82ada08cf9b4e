//! `dyad code`: read articles, run the pipeline, write events.

use crate::OutputFormat;
use anyhow::Result;
use dyad_coder::Pipeline;
use dyad_events::{write, Event};
use dyad_input::{read_paths, Article, Format, ReadOptions};
use dyad_text::Document;
use rayon::prelude::*;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CodeArgs {
    /// Files, directories or `-` (stdin). `.jsonl`/`.ndjson` hold one article per line.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format; `table` when stdout is a terminal, else `jsonl`.
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// Publication date (YYYY-MM-DD) of plain-text articles.
    #[arg(long, value_parser = dyad_input::parse_date)]
    date: Option<String>,
    /// Read every path as this format instead of guessing from the extension.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: InputFormat,
    /// PETRARCH/TABARI dictionaries to code with.
    #[command(flatten)]
    dicts: crate::dicts::DictArgs,
    /// Gazetteer index to resolve places with (default: the one `dyad
    /// gazetteer import` wrote, if any, merged over the built-in gazetteer).
    #[arg(long, value_name = "PATH")]
    gazetteer: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum InputFormat {
    Auto,
    Txt,
    Jsonl,
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Auto => Format::Auto,
            InputFormat::Txt => Format::Text,
            InputFormat::Jsonl => Format::Jsonl,
        }
    }
}

/// Articles coded together: large enough to keep every core busy, small
/// enough that memory stays bounded on corpora of any size.
const BATCH: usize = 256;

/// Runs the pipeline on one article.
pub fn code_article(pipeline: &Pipeline, article: &Article) -> (Document, Vec<Event>) {
    let mut doc = Document::new(article.id.clone(), article.text.clone());
    doc.meta = dyad_text::DocMeta {
        title: article.title.clone(),
        date: article.date.clone(),
        url: article.url.clone(),
        source: article.source.clone(),
    };
    let events = pipeline.code(&doc, article.date.as_deref());
    (doc, events)
}

pub fn run(args: CodeArgs) -> Result<ExitCode> {
    let format =
        args.format.unwrap_or(if io::stdout().is_terminal() { OutputFormat::Table } else { OutputFormat::Jsonl });
    let opts = ReadOptions { format: args.input_format.into(), default_date: args.date };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if format == OutputFormat::Tsv {
        write::write_tsv_header(&mut out)?;
    }
    let pipeline = crate::geo_cmd::with_index(args.dicts.pipeline()?, args.gazetteer.as_deref(), true)?;
    let mut failed = 0usize;
    let mut articles = 0usize;
    let mut events = 0usize;
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let mut records = read_paths(&args.paths, opts).peekable();
    while records.peek().is_some() {
        batch.clear();
        for record in records.by_ref() {
            match record {
                Ok(a) => {
                    if a.lossy {
                        eprintln!("dyad: warning: {}: invalid UTF-8 replaced with U+FFFD", a.origin);
                    }
                    batch.push(a);
                }
                Err(e) => {
                    eprintln!("dyad: {e}");
                    failed += 1;
                }
            }
            if batch.len() == BATCH {
                break;
            }
        }
        // Code in parallel, write in input order.
        let coded: Vec<Vec<Event>> = batch.par_iter().map(|a| code_article(&pipeline, a).1).collect();
        articles += batch.len();
        for evs in &coded {
            for e in evs {
                match format {
                    OutputFormat::Jsonl => write::write_jsonl(&mut out, e)?,
                    OutputFormat::Tsv => write::write_tsv(&mut out, e)?,
                    OutputFormat::Table => write::write_table_row(&mut out, e)?,
                }
            }
            events += evs.len();
        }
    }
    out.flush()?;
    if format == OutputFormat::Table || failed > 0 {
        eprintln!("dyad: {articles} articles, {events} events, {failed} failed records");
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
