//! `--dict-dir` and friends: a pipeline with a user's PETRARCH/TABARI
//! dictionaries (dyad-petrarch) instead of, or merged into, the built-in ones.

use anyhow::Result;
use dyad_coder::Pipeline;
use dyad_petrarch::{load, DictFiles, Mode};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, clap::ValueEnum, Default, Debug)]
pub enum DictMode {
    /// Use only the given dictionaries.
    #[default]
    Replace,
    /// Add them to the built-in dictionaries.
    Merge,
}

#[derive(clap::Args, Debug, Default)]
pub struct DictArgs {
    /// A PETRARCH2 dictionary folder: loads CAMEO.2.0.txt, the Phoenix actor,
    /// agent, discard and issue files found there (override any with the options below).
    #[arg(long, value_name = "DIR")]
    pub dict_dir: Option<PathBuf>,
    /// PETRARCH/TABARI verb-pattern file.
    #[arg(long, value_name = "FILE")]
    pub verbs: Option<PathBuf>,
    /// PETRARCH actor files (repeat or list several).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub actors: Vec<PathBuf>,
    /// PETRARCH agent file.
    #[arg(long, value_name = "FILE")]
    pub agents: Option<PathBuf>,
    /// PETRARCH discard list.
    #[arg(long, value_name = "FILE")]
    pub discards: Option<PathBuf>,
    /// PETRARCH issues file.
    #[arg(long, value_name = "FILE")]
    pub issues: Option<PathBuf>,
    /// `replace`: only these dictionaries; `merge`: added to the built-in ones.
    #[arg(long, value_enum, default_value = "replace")]
    pub dict_mode: DictMode,
}

fn resolve(dir: Option<&Path>, p: &Path) -> PathBuf {
    match dir {
        Some(d) if !p.exists() && d.join(p).exists() => d.join(p),
        _ => p.to_path_buf(),
    }
}

impl DictArgs {
    pub fn given(&self) -> bool {
        self.dict_dir.is_some()
            || self.verbs.is_some()
            || !self.actors.is_empty()
            || self.agents.is_some()
            || self.discards.is_some()
            || self.issues.is_some()
    }

    pub fn files(&self) -> DictFiles {
        let dir = self.dict_dir.as_deref();
        let mut f = dir.map(DictFiles::phoenix).unwrap_or_default();
        let r = |p: &PathBuf| resolve(dir, p);
        if let Some(p) = &self.verbs {
            f.verbs = Some(r(p));
        }
        if !self.actors.is_empty() {
            f.actors = self.actors.iter().map(r).collect();
        }
        if let Some(p) = &self.agents {
            f.agents = Some(r(p));
        }
        if let Some(p) = &self.discards {
            f.discards = Some(r(p));
        }
        if let Some(p) = &self.issues {
            f.issues = Some(r(p));
        }
        f
    }

    /// The built-in pipeline, or one with the given dictionaries.
    pub fn pipeline(&self) -> Result<Pipeline> {
        if !self.given() {
            return Ok(Pipeline::builtin()?);
        }
        load_pipeline(&self.files(), self.dict_mode)
    }
}

/// Loads dictionaries (malformed entries and a summary go to stderr).
pub fn load_pipeline(files: &DictFiles, mode: DictMode) -> Result<Pipeline> {
    let mode = match mode {
        DictMode::Replace => Mode::Replace,
        DictMode::Merge => Mode::Merge,
    };
    let loaded = load(files, mode)?;
    for m in &loaded.report.malformed {
        eprintln!("dyad: warning: {m}");
    }
    let r = &loaded.report;
    eprintln!(
        "dyad: dictionaries: {} actor phrases, {} agents, {} of {} verb patterns converted ({} skipped), {} discards, {} issue phrases; {:.3} s",
        r.actors.phrases,
        r.agents,
        r.verbs.converted,
        r.verb_patterns,
        r.verbs.skipped_total(),
        r.discards_sentence + r.discards_story,
        r.issue_phrases,
        r.seconds
    );
    // Which PETRARCH pattern features the conversion cannot express yet, so
    // the next conversion work can be chosen by count.
    if !r.verbs.skipped.is_empty() {
        let reasons: Vec<String> = r.verbs.skipped.iter().map(|(why, n)| format!("{n} {why}")).collect();
        eprintln!("dyad: verb patterns skipped: {}", reasons.join("; "));
    }
    Ok(loaded.into_pipeline()?)
}
