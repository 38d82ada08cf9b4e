//! `dyad demo`: codes the bundled, team-written sample article.

use anyhow::Result;
use std::process::ExitCode;

/// A fictional news article written by the team (see data/samples/README.md).
pub const DEMO_ARTICLE: &str = include_str!("../../../data/samples/demo-article.txt");

pub fn run() -> Result<ExitCode> {
    let article = dyad_input::Article {
        id: "demo".into(),
        text: DEMO_ARTICLE.to_string(),
        title: None,
        date: None,
        url: None,
        source: None,
        origin: "demo".into(),
        lossy: false,
    };
    let (doc, events) = crate::code::code_article(&article);
    println!("dyad demo: {} sentences, {} tokens, {} events\n", doc.sentences.len(), doc.tokens.len(), events.len());
    for (i, s) in doc.sentences.iter().enumerate() {
        let toks: Vec<&str> = doc.sentence_tokens(i).iter().map(|t| doc.token_text(t)).collect();
        println!("[{i}] ({:?}) {}", s.kind, toks.join(" | "));
    }
    let mut out = std::io::stdout().lock();
    for e in &events {
        dyad_events::write::write_table_row(&mut out, e)?;
    }
    Ok(ExitCode::SUCCESS)
}
