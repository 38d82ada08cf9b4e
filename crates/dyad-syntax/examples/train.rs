//! Trains the syntax model.
//!
//! `cargo run --release -p dyad-syntax --example train -- TRAIN.conllu DEV.conllu OUT_DIR [seed] [tagger_epochs] [parser_epochs] [folds]`
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
    let rep = train(&cfg)?;
    println!("{}", serde_json::to_string_pretty(&rep)?);
    Ok(())
}
