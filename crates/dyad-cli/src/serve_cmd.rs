//! `dyad serve` and `dyad demo --serve`: the HTTP API and dashboard
//! (`dyad-server`) over a store.

use anyhow::{Context, Result};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The team-written sample corpus (data/samples/README.md): 37 fictional
/// articles over six weeks of a Kyrgyz–Tajik border crisis and its talks.
pub const SAMPLE_CORPUS: &str = include_str!("../../../data/samples/corpus.jsonl");

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The database to serve (read-only), as written by `dyad ingest`.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    #[command(flatten)]
    server: ServerArgs,
}

/// Options shared by `serve` and `demo --serve`.
#[derive(clap::Args, Clone)]
pub struct ServerArgs {
    /// Address to listen on. Loopback by default; another address exposes
    /// the store to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Read-only database connections (queries at once); default: 2 × cores.
    #[arg(long)]
    connections: Option<usize>,
    /// Gazetteer index for `POST /api/code` (as for `dyad code`).
    #[arg(long, value_name = "PATH")]
    gazetteer: Option<PathBuf>,
}

pub fn run_serve(args: ServeArgs) -> Result<ExitCode> {
    serve(&args.db, &args.server, pipeline(&args.server)?)
}

/// The pipeline that `POST /api/code` (and the demo's ingest) codes with.
fn pipeline(args: &ServerArgs) -> Result<dyad_coder::Pipeline> {
    crate::geo_cmd::with_index(dyad_coder::Pipeline::builtin()?, args.gazetteer.as_deref(), true)
}

/// Serves `db` until Ctrl-C, printing the URL once listening.
pub fn serve(db: &Path, args: &ServerArgs, pipeline: dyad_coder::Pipeline) -> Result<ExitCode> {
    crate::store_cmd::ensure_db(db)?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let config = dyad_server::Config {
        db: db.to_path_buf(),
        addr: args.addr,
        connections: args.connections.unwrap_or(2 * cores).max(1),
        pipeline: Some(Arc::new(pipeline)),
        limits: dyad_server::Limits::default(),
    };
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "dyad: warning: listening on {}, not loopback: anyone who can reach it can read the store",
            args.addr
        );
    }
    dyad_server::run(config, |addr| {
        // Scripts (the browser test) read this line for the port.
        println!("dyad: serving {} on http://{addr}/ (Ctrl-C stops)", db.display());
        let _ = std::io::stdout().flush();
    })
    .with_context(|| format!("serving {}", db.display()))?;
    eprintln!("dyad: stopped");
    Ok(ExitCode::SUCCESS)
}

/// `dyad demo --serve`: ingests the sample corpus and the demo article into
/// a temporary database and serves the dashboard on it.
pub fn demo(args: &ServerArgs, article: &str, date: &str) -> Result<ExitCode> {
    let dir = tempfile::Builder::new().prefix("dyad-demo-").tempdir().context("creating a temporary folder")?;
    let corpus = dir.path().join("corpus.jsonl");
    let mut text = SAMPLE_CORPUS.trim_end().to_string();
    let demo = serde_json::json!({
        "id": "demo-article",
        "title": "Kyrgyz and Tajik ministers meet in Geneva (the demo article)",
        "date": date,
        "source": "Dyad Wire",
        "url": "https://example.org/dyad-wire/demo-article",
        "text": article,
    });
    text.push('\n');
    text.push_str(&demo.to_string());
    text.push('\n');
    std::fs::write(&corpus, text)?;
    let db = dir.path().join("demo.db");
    eprintln!("dyad: coding the sample corpus (data/samples/corpus.jsonl) into {}", db.display());
    // One pipeline codes the corpus and serves `POST /api/code`, so both agree.
    let pipeline = pipeline(args)?;
    let opts = dyad_input::ReadOptions { format: dyad_input::Format::Jsonl, default_date: None };
    let s = crate::store_cmd::ingest(&[corpus], &db, opts, &pipeline, 64, false, true)?;
    eprintln!("dyad: {} articles, {} mentions in {:.1} s", s.report.added, s.report.mentions, s.seconds);
    let code = serve(&db, args, pipeline)?;
    drop(dir);
    Ok(code)
}
