//! Evaluates a model on a gold CoNLL-U file and measures single-thread speed and load time.
//!
//! `cargo run --release -p dyad-syntax --example eval -- GOLD.conllu [MODEL_FILE]`
//! (without MODEL_FILE the embedded model is used).
use dyad_syntax::{embedded_model, evaluate, SyntaxModel};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let Some(gold) = a.first() else {
        eprintln!("usage: eval GOLD.conllu [MODEL_FILE]");
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let owned;
    let model: &SyntaxModel = match a.get(1) {
        Some(p) => {
            owned = SyntaxModel::load(p.as_ref())?;
            &owned
        }
        None => embedded_model()?,
    };
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    eprintln!("model loaded in {load_ms:.0} ms; {}", model.summary());
    let s = evaluate(model, gold.as_ref())?;
    // Speed check: several passes over the file on this single thread, annotate only.
    let sents = dyad_syntax::conllu::read_file(gold.as_ref())?;
    let mut ann = dyad_syntax::Annotation::new();
    let mut tokens = 0usize;
    let t1 = Instant::now();
    for _ in 0..3 {
        for s in &sents {
            let w = s.forms();
            model.annotate(&w, &mut ann);
            tokens += w.len();
        }
    }
    let tps = tokens as f64 / t1.elapsed().as_secs_f64();
    println!("{}", serde_json::to_string(&s)?);
    println!("speed: {tps:.0} tokens/s (single thread, 3 passes incl. word-slice building); load {load_ms:.0} ms");
    Ok(())
}
