//! Trains the syntax model.
//!
//! `cargo run --release -p dyad-syntax --example train -- TRAIN.conllu DEV.conllu OUT_DIR [seed] [tagger_epochs] [parser_epochs] [folds]`
//!
//! Experiment knobs (environment): `PRUNE_T`, `PRUNE_P` (pruning thresholds), `TWO_PASS=1`
//! (two-pass tagger), `RELABEL=N` (relabeler epochs), and `DYAD_SYNTAX_TAG_CACHE=FILE`
//! (reuse the taggers and jackknifed tags of an earlier run with the same data and tagger
//! settings, so parser-only experiments take ~40 s).
use dyad_syntax::{train, TrainConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 3 {
        eprintln!("usage: train TRAIN.conllu DEV.conllu OUT_DIR [seed] [tagger_epochs] [parser_epochs] [folds]");
        std::process::exit(2);
    }
    let mut cfg = TrainConfig::new(&a[0], &a[2]);
    cfg.dev = Some(a[1].clone().into());
    cfg.verbose = true;
    if let Some(s) = a.get(3) {
        cfg.seed = s.parse()?;
    }
    if let Some(s) = a.get(4) {
        cfg.tagger_epochs = s.parse()?;
    }
    if let Some(s) = a.get(5) {
        cfg.parser_epochs = s.parse()?;
    }
    if let Some(s) = a.get(6) {
        cfg.jackknife_folds = s.parse()?;
    }
    if let Ok(v) = std::env::var("PRUNE_T") {
        cfg.prune_tagger = v.parse()?;
    }
    if let Ok(v) = std::env::var("PRUNE_P") {
        cfg.prune_parser = v.parse()?;
    }
    if let Ok(v) = std::env::var("TWO_PASS") {
        cfg.two_pass_tagger = v == "1";
    }
    if let Some(v) = std::env::var_os("CLUSTERS") {
        cfg.clusters = Some(v.into());
    }
    if let Some(v) = std::env::var_os("EXTRA_TRAIN") {
        cfg.extra_train.push(v.into());
    }
    if let Ok(v) = std::env::var("PARSER_SEEDS") {
        cfg.parser_seeds = v.parse()?;
    }
    if let Ok(v) = std::env::var("RELABEL") {
        cfg.relabel_epochs = v.parse()?;
    }
    let rep = train(&cfg)?;
    println!("{}", serde_json::to_string_pretty(&rep)?);
    Ok(())
}
