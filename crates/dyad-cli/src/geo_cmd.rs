//! `dyad gazetteer …` and the `--gazetteer` option: the local GeoNames index.

use anyhow::{Context, Result};
use dyad_coder::Pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum GazetteerCommand {
    /// Import GeoNames tables (the cities JSON, e.g. cities15000.json, or the
    /// tab-separated cities*.txt / allCountries.txt) into the local index that
    /// `dyad code` uses from then on.
    Import {
        file: PathBuf,
        /// Where to write the index (default: $XDG_DATA_HOME/dyad/gazetteer.tsv).
        #[arg(long)]
        out: Option<PathBuf>,
        /// GeoNames admin1CodesASCII.txt for region names (default: beside FILE).
        #[arg(long)]
        admin1: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: GazetteerCommand) -> Result<ExitCode> {
    match cmd {
        GazetteerCommand::Import { file, out, admin1, json } => {
            let out = match out.or_else(dyad_geo::default_index_path) {
                Some(p) => p,
                None => anyhow::bail!("no --out given and neither XDG_DATA_HOME nor HOME is set"),
            };
            let report = dyad_geo::import(&file, admin1.as_deref(), &out)?;
            for e in &report.errors {
                eprintln!("{e}");
            }
            if json {
                println!(
                    "{}",
                    serde_json::json!({
                        "read": report.read, "written": report.written, "skipped": report.skipped,
                        "errors": report.errors.len(), "out": report.out,
                    })
                );
            } else {
                println!(
                    "{}: {} records read, {} places written to {} ({} skipped, {} bad)",
                    file.display(),
                    report.read,
                    report.written,
                    report.out,
                    report.skipped,
                    report.errors.len()
                );
            }
            Ok(if report.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

/// The pipeline with the gazetteer index at `path`, else (when `default`)
/// the local index if one has been imported, else the built-in gazetteer.
pub fn with_index(pipeline: Pipeline, path: Option<&Path>, default: bool) -> Result<Pipeline> {
    let path = match path {
        Some(p) => Some(p.to_path_buf()),
        None if default => dyad_geo::default_index_path().filter(|p| p.exists()),
        None => None,
    };
    match path {
        Some(p) => {
            let g =
                dyad_geo::Gazetteer::with_index(&p).with_context(|| format!("loading gazetteer {}", p.display()))?;
            Ok(pipeline.with_gazetteer(g))
        }
        None => Ok(pipeline),
    }
}
