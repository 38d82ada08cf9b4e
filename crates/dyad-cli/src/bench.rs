//! `dyad bench`: throughput of pipeline stages on one core.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Segmentation + tokenization speed in MB/s (one core).
    Segment {
        /// Text to repeat: a UD CoNLL-U file (its `# text` lines) or a plain
        /// text file; the bundled demo article when absent.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Megabytes of text to process.
        #[arg(long, default_value_t = 24)]
        mb: usize,
        #[arg(long)]
        json: bool,
    },
    /// Raw text to events (tokenize, parse, actors, coding): sentences/s on
    /// one core and on all cores.
    Code {
        /// Text to code: a UD CoNLL-U file (its `# text` lines), a plain
        /// text file, or the bundled demo article when absent.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Approximate number of sentences to code in each run.
        #[arg(long, default_value_t = 20_000)]
        sentences: usize,
        #[arg(long)]
        json: bool,
    },
    /// Ingest a synthetic corpus (about 20 sentences an article, from the
    /// team's sample texts) into a fresh store on all cores: articles/s and
    /// peak RSS after the first checkpoint and at the end.
    Ingest {
        /// Articles in all.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Report throughput and peak RSS after this many articles too.
        #[arg(long, default_value_t = 10_000)]
        checkpoint: usize,
        /// Folder for the corpus and database (a temporary one when absent;
        /// kept when given).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write the synthetic benchmark corpus as JSONL (for other tools).
    Corpus {
        #[arg(long, default_value_t = 1000)]
        articles: usize,
        #[arg(long, default_value_t = 20)]
        sentences: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Splits a text into documents of about 20 paragraphs so that the
/// all-cores run has work to share.
fn documents(sample: &str, sentences: usize) -> Vec<dyad_text::Document> {
    let paragraphs: Vec<&str> = sample.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    let mut docs = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < sentences && !paragraphs.is_empty() {
        let chunk: Vec<&str> = (0..20).map(|k| paragraphs[(i + k) % paragraphs.len()]).collect();
        i += 20;
        let doc = dyad_text::Document::new(format!("bench-{}", docs.len()), chunk.join("\n\n"));
        total += doc.sentences.len();
        docs.push(doc);
    }
    docs
}

/// Peak resident set size of this process in MB (Linux), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Loads a sample text: `# text` lines of a CoNLL-U file (paragraphed as
/// in the segment eval), or the file as is, or the demo article.
pub fn sample_text(input: Option<&PathBuf>) -> Result<String> {
    let Some(path) = input else { return Ok(crate::demo::DEMO_ARTICLE.to_string()) };
    let raw = crate::read_text(path)?;
    if path.extension().is_some_and(|e| e == "conllu") {
        let docs = dyad_eval::segment::gold_documents(&raw, &path.display().to_string())?;
        return Ok(docs.into_iter().map(|d| d.text).collect::<Vec<_>>().join("\n\n"));
    }
    Ok(raw)
}

pub fn run(cmd: BenchCommand) -> Result<ExitCode> {
    match cmd {
        BenchCommand::Ingest { articles, checkpoint, dir, json } => bench_ingest(articles, checkpoint, dir, json),
        BenchCommand::Corpus { articles, sentences, seed } => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            crate::synth::write_corpus(&mut out, 0, articles, sentences, seed)?;
            std::io::Write::flush(&mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Segment { input, mb, json } => {
            let sample = sample_text(input.as_ref())?;
            let target = mb * 1_000_000;
            let mut text = String::with_capacity(target + sample.len());
            while text.len() < target {
                text.push_str(&sample);
                text.push_str("\n\n");
            }
            let mut tokens = Vec::with_capacity(text.len() / 4);
            let mut sentences = Vec::with_capacity(text.len() / 60);
            let t0 = Instant::now();
            dyad_text::tokenize(&text, &mut tokens);
            let tokenize_secs = t0.elapsed().as_secs_f64();
            dyad_text::segment(&text, &tokens, &mut sentences);
            let secs = t0.elapsed().as_secs_f64();
            eprintln!("tokenize {tokenize_secs:.3} s, segment {:.3} s", secs - tokenize_secs);
            let mbps = text.len() as f64 / 1e6 / secs;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"megabytes": text.len() as f64 / 1e6, "seconds": secs, "mb_per_sec": mbps, "tokens": tokens.len(), "sentences": sentences.len(), "sentences_per_sec": sentences.len() as f64 / secs})
                );
            } else {
                println!(
                    "{:.1} MB in {:.3} s: {:.1} MB/s, {} tokens, {} sentences ({:.0} sentences/s)",
                    text.len() as f64 / 1e6,
                    secs,
                    mbps,
                    tokens.len(),
                    sentences.len(),
                    sentences.len() as f64 / secs
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Code { input, sentences, json } => {
            use rayon::prelude::*;
            let sample = sample_text(input.as_ref())?;
            let pipeline = dyad_coder::Pipeline::builtin()?;
            let docs = documents(&sample, sentences);
            let n_sent: usize = docs.iter().map(|d| d.sentences.len()).sum();
            // Warm-up: load the model and touch the dictionaries.
            pipeline.code(&docs[0], None);
            let t0 = Instant::now();
            let events_one: usize = docs.iter().map(|d| pipeline.code(d, Some("2026-01-01")).len()).sum();
            let one = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            let events_all: usize = docs.par_iter().map(|d| pipeline.code(d, Some("2026-01-01")).len()).sum();
            let all = t1.elapsed().as_secs_f64();
            let threads = rayon::current_num_threads();
            let report = serde_json::json!({
                "sentences": n_sent,
                "events": events_one,
                "one_core_sentences_per_sec": n_sent as f64 / one,
                "all_cores_sentences_per_sec": n_sent as f64 / all,
                "threads": threads,
                "peak_rss_mb": peak_rss_mb(),
            });
            anyhow::ensure!(
                events_one == events_all,
                "parallel run found {events_all} events, sequential {events_one}"
            );
            if json {
                println!("{report}");
            } else {
                println!(
                    "{n_sent} sentences, {events_one} events: {:.0} sentences/s on one core, {:.0} sentences/s on {threads} threads; peak RSS {:.0} MB",
                    n_sent as f64 / one,
                    n_sent as f64 / all,
                    peak_rss_mb().unwrap_or(0.0)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Ingests the synthetic corpus in two parts (up to the checkpoint, then the
/// rest) into one store, reporting each part's rate and the peak RSS after it.
fn bench_ingest(articles: usize, checkpoint: usize, dir: Option<PathBuf>, json: bool) -> Result<ExitCode> {
    // A temporary folder is removed when `_tmp` drops; a given one is kept.
    let (_tmp, dir) = match dir {
        Some(d) => {
            std::fs::create_dir_all(&d)?;
            (None, d)
        }
        None => {
            let t = tempfile::tempdir()?;
            let d = t.path().to_path_buf();
            (Some(t), d)
        }
    };
    let checkpoint = checkpoint.min(articles);
    let parts = [(0, checkpoint), (checkpoint, articles - checkpoint)];
    let db = dir.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let pipeline = dyad_coder::Pipeline::builtin()?;
    let mut reports = Vec::new();
    let t_all = Instant::now();
    let mut total_sentences = 0;
    for (k, (first, n)) in parts.into_iter().enumerate() {
        if n == 0 {
            continue;
        }
        let corpus = dir.join(format!("corpus-{k}.jsonl"));
        let mut w = std::io::BufWriter::new(std::fs::File::create(&corpus)?);
        let sentences = crate::synth::write_corpus(&mut w, first, n, 20, 1)?;
        std::io::Write::flush(&mut w)?;
        drop(w);
        total_sentences += sentences;
        let opts = dyad_input::ReadOptions::default();
        let s = crate::store_cmd::ingest(std::slice::from_ref(&corpus), &db, opts, &pipeline, 256, false, true)?;
        let _ = std::fs::remove_file(&corpus);
        reports.push(serde_json::json!({
            "after_articles": first + n,
            "articles": n,
            "seconds": s.seconds,
            "articles_per_sec": n as f64 / s.seconds,
            "sentences_per_sec": sentences as f64 / s.seconds,
            "mentions": s.report.mentions,
            "store_writer_cpu_seconds": s.write_seconds,
            "peak_rss_mb": peak_rss_mb(),
        }));
    }
    let secs = t_all.elapsed().as_secs_f64();
    let counts = dyad_store::Store::open_read_only(&db)?.counts()?;
    let db_mb = std::fs::metadata(&db).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    let report = serde_json::json!({
        "articles": articles,
        "sentences": total_sentences,
        "seconds": secs,
        "articles_per_sec": articles as f64 / secs,
        "threads": rayon::current_num_threads(),
        "parts": reports,
        "store": counts,
        "db_mb": db_mb,
    });
    if json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(ExitCode::SUCCESS)
}
