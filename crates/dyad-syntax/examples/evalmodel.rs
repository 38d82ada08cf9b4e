//! Scores a model file (not the embedded one) on a gold CoNLL-U file:
//! `cargo run --release -p dyad-syntax --example evalmodel -- MODEL.zst GOLD.conllu`.
//! For comparing candidate models before one is shipped.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 2 {
        eprintln!("usage: evalmodel MODEL.zst GOLD.conllu");
        std::process::exit(2);
    }
    let t0 = std::time::Instant::now();
    let model = dyad_syntax::SyntaxModel::load(a[0].as_ref())?;
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    eprintln!("{}", model.summary());
    let s = dyad_syntax::evaluate(&model, a[1].as_ref())?;
    println!(
        "upos {:.2} xpos {:.2} lemma {:.2} uas {:.2} las {:.2} tokens/s {:.0} load {:.0} ms",
        s.upos, s.xpos, s.lemma, s.uas, s.las, s.tokens_per_sec, load_ms
    );
    Ok(())
}
