//! Tagger-only tuning loop: `tagexp TRAIN DEV EPOCHS PRUNE` (set `TWO_PASS=1` for the two-pass tagger, `SEEDS=N` to average N runs, `CLUSTERS=FILE` for word clusters).
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let (u, x) = dyad_syntax::tagger_experiment(
        a[0].as_ref(),
        a[1].as_ref(),
        a[2].parse()?,
        std::env::var("SEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1),
        a[3].parse()?,
        std::env::var_os("TWO_PASS").is_some(),
        std::env::var_os("CLUSTERS").as_deref().map(std::path::Path::new),
    )?;
    println!("dev UPOS {u:.2} XPOS {x:.2}");
    Ok(())
}
