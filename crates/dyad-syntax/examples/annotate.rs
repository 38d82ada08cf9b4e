//! Re-annotates the words of a CoNLL-U file and prints predicted CoNLL-U to stdout.
//!
//! `cargo run --release -p dyad-syntax --example annotate -- INPUT.conllu [MODEL_FILE]`
use dyad_syntax::{conllu, embedded_model, Annotation, SyntaxModel};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let Some(input) = a.first() else {
        eprintln!("usage: annotate INPUT.conllu [MODEL_FILE]");
        std::process::exit(2);
    };
    let owned;
    let model: &SyntaxModel = match a.get(1) {
        Some(p) => {
            owned = SyntaxModel::load(p.as_ref())?;
            &owned
        }
        None => embedded_model()?,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut ann = Annotation::new();
    for s in conllu::read_file(input.as_ref())? {
        let words = s.forms();
        model.annotate(&words, &mut ann);
        let comments: Vec<&str> = s.comments.iter().map(|c| c.trim_start()).collect();
        conllu::write_sentence(&mut out, &comments, &words, &ann)?;
    }
    out.flush()?;
    Ok(())
}
