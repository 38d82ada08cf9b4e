//! `dyad train syntax`, `dyad parse` and `dyad eval ud`: thin wrappers over
//! `dyad_syntax`.

use anyhow::{Context, Result};
use dyad_input::{read_paths, ReadOptions};
use dyad_syntax::{conllu, embedded_model, Annotation, TrainConfig};
use dyad_text::{parser_form, Document};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TrainSyntaxArgs {
    /// Training CoNLL-U (UD English EWT train); repeat to train on several
    /// files (read in order).
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development CoNLL-U, scored after training.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Output directory for the model file.
    #[arg(long, default_value = "models")]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder with `en_lexeme_cluster.json.gz` and `en_lexeme_prob.json.gz`
    /// from the PyPI package `spacy-lookups-data` (word clusters and word
    /// frequencies; `models/fetch-lexicon.sh` downloads them). The shipped
    /// model is trained with them; without, training still works, a little
    /// less accurately.
    #[arg(long)]
    lexicon: Option<PathBuf>,
    /// Tuning: drop averaged weights smaller than this from the parser's
    /// transition table (smaller, faster model).
    #[arg(long)]
    prune_parser: Option<f32>,
    /// Tuning: the same for the parser's label table.
    #[arg(long)]
    prune_labeler: Option<f32>,
    /// Tuning: the same for the tagger's tables (default 0.5).
    #[arg(long)]
    prune_tagger: Option<f32>,
    /// Tuning: parser runs averaged in weight space (default 8).
    #[arg(long)]
    parser_seeds: Option<usize>,
    #[arg(long)]
    quiet: bool,
}

pub fn train(args: TrainSyntaxArgs) -> Result<ExitCode> {
    let (first, rest) = args.train.split_first().context("--train is required")?;
    let mut cfg = TrainConfig::new(first, &args.out);
    cfg.extra_train = rest.to_vec();
    cfg.dev = args.dev;
    cfg.seed = args.seed;
    cfg.clusters = args.lexicon;
    cfg.verbose = !args.quiet;
    if let Some(p) = args.prune_parser {
        cfg.prune_parser = p;
    }
    if let Some(p) = args.prune_labeler {
        cfg.prune_labeler = p;
    }
    if let Some(p) = args.prune_tagger {
        cfg.prune_tagger = p;
    }
    if let Some(n) = args.parser_seeds {
        cfg.parser_seeds = n;
    }
    let report = dyad_syntax::train(&cfg)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(ExitCode::SUCCESS)
}

/// Tokenizes, splits, tags and parses raw text into CoNLL-U.
pub fn parse(paths: Vec<PathBuf>) -> Result<ExitCode> {
    let model = embedded_model()?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut ann = Annotation::new();
    let mut failed = 0;
    for record in read_paths(&paths, ReadOptions::default()) {
        let article = match record {
            Ok(a) => a,
            Err(e) => {
                eprintln!("dyad: {e}");
                failed += 1;
                continue;
            }
        };
        let doc = Document::new(article.id.clone(), article.text);
        writeln!(out, "# newdoc id = {}", doc.id)?;
        let mut words: Vec<&str> = Vec::new();
        for (i, _) in doc.sentences.iter().enumerate() {
            words.clear();
            words.extend(doc.sentence_tokens(i).iter().map(|t| parser_form(doc.token_text(t))));
            model.annotate(&words, &mut ann);
            let sent_id = format!("sent_id = {}-{}", doc.id, i + 1);
            let text = format!("text = {}", doc.sentence_text(i).replace('\n', " "));
            conllu::write_sentence(&mut out, &[&sent_id, &text], &words, &ann)?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn eval_ud(gold: &Path, json: bool) -> Result<ExitCode> {
    // Loading (decompressing the embedded model and laying out its tables)
    // is timed apart from annotation, which is what tokens/s measures.
    let t0 = std::time::Instant::now();
    let model = embedded_model()?;
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let scores = dyad_syntax::evaluate(model, gold).with_context(|| format!("evaluating on {}", gold.display()))?;
    let peak_rss_mb = crate::bench::peak_rss_mb();
    if json {
        let mut v = serde_json::to_value(&scores)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("load_ms".into(), serde_json::json!(load_ms));
            o.insert("peak_rss_mb".into(), serde_json::json!(peak_rss_mb));
        }
        println!("{v}");
    } else {
        println!(
            "UPOS {:.2}  XPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}  ({:.0} tokens/s; model loaded in {load_ms:.0} ms; peak RSS {:.0} MB)",
            scores.upos,
            scores.xpos,
            scores.lemma,
            scores.uas,
            scores.las,
            scores.tokens_per_sec,
            peak_rss_mb.unwrap_or(0.0)
        );
    }
    Ok(ExitCode::SUCCESS)
}
