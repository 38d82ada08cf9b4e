//! `dyad demo`: codes the bundled, team-written sample article.

use anyhow::Result;
use std::process::ExitCode;

/// A fictional news article written by the team (see data/samples/README.md).
pub const DEMO_ARTICLE: &str = include_str!("../../../data/samples/demo-article.txt");

/// Publication date of the sample article.
const DEMO_DATE: &str = "2026-03-12";

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Ingest the bundled sample corpus (37 fictional articles over six
    /// weeks) into a temporary database and serve the dashboard on it.
    #[arg(long)]
    serve: bool,
    #[command(flatten)]
    server: crate::serve_cmd::ServerArgs,
}

pub fn run(args: DemoArgs) -> Result<ExitCode> {
    if args.serve {
        return crate::serve_cmd::demo(&args.server, DEMO_ARTICLE, DEMO_DATE);
    }
    let article = dyad_input::Article {
        id: "demo".into(),
        text: DEMO_ARTICLE.to_string(),
        title: None,
        date: Some(DEMO_DATE.into()),
        url: None,
        source: None,
        origin: "demo".into(),
        lossy: false,
    };
    let pipeline = dyad_coder::Pipeline::builtin()?;
    let (doc, events) = crate::code::code_article(&pipeline, &article);
    println!("dyad demo: the bundled sample article (data/samples/demo-article.txt)");
    println!("{} sentences, {} tokens, {} events\n", doc.sentences.len(), doc.tokens.len(), events.len());
    let mut out = std::io::stdout().lock();
    for e in &events {
        dyad_events::write::write_table_row(&mut out, e)?;
    }
    Ok(ExitCode::SUCCESS)
}
