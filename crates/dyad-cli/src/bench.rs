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
}

/// Loads a sample text: `# text` lines of a CoNLL-U file (paragraphed as
/// in the segment eval), or the file as is, or the demo article.
pub fn sample_text(input: Option<&PathBuf>) -> Result<String> {
    let Some(path) = input else { return Ok(crate::demo::DEMO_ARTICLE.to_string()) };
    let raw = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if path.extension().is_some_and(|e| e == "conllu") {
        let docs = dyad_eval::segment::gold_documents(&raw, &path.display().to_string())?;
        return Ok(docs.into_iter().map(|d| d.text).collect::<Vec<_>>().join("\n\n"));
    }
    Ok(raw)
}

pub fn run(cmd: BenchCommand) -> Result<ExitCode> {
    match cmd {
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
    }
}
