//! Load the PETRARCH2/TABARI dictionaries users already own into dyad.
//!
//! Readers for each file format (verb patterns with synsets, actors with
//! date-restricted codes, agents, discard lists, issues), each reporting a
//! malformed entry as `file:line: reason` and carrying on, and a conversion
//! into dyad's own structures: actors and agents into an
//! [`dyad_actors::ActorDict`], verb patterns into [`dyad_coder::Pattern`]s,
//! discards into [`dyad_coder::Discards`], issues into
//! [`dyad_coder::IssueDict`]. Either alone (`Mode::Replace`) or merged into
//! copies of the built-in dictionaries (`Mode::Merge`).
//!
//! ```no_run
//! use dyad_petrarch::{load, DictFiles, Mode};
//! let files = DictFiles::phoenix("../shared/data/petrarch2/dictionaries".as_ref());
//! let loaded = load(&files, Mode::Replace)?;
//! eprintln!("{}", loaded.report);
//! let pipeline = loaded.into_pipeline()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! What it does not do: PETRARCH's own matcher. Patterns are translated
//! into dyad's dependency patterns where the meaning carries over: words
//! before the verb become [`dyad_coder::Pattern::before`]; `+` before the
//! verb (or `$` after it) makes the subject the target and the slot after
//! the verb the source, `%` before the verb asks for a compound subject
//! and `%` after it is the target ([`dyad_coder::Roles`]). Patterns with
//! both a source and a target after the verb have no counterpart and are
//! counted and skipped (see [`LoadReport`]). Placeholder codes (`+++`,
//! `xxy`) are reported as malformed. Issue ignore phrases are read but not applied; actor
//! codes listing several actors (`[ELR/GAL]`) and null codes are skipped.

pub mod actors;
pub mod agents;
mod convert;
pub mod discards;
pub mod issues;
mod text;
pub mod verbs;

pub use convert::{ActorCounts, VerbCounts};
use dyad_actors::ActorDict;
use dyad_coder::{Discards, IssueDict, PatternSet, Pipeline};
use std::path::{Path, PathBuf};

/// A malformed dictionary entry: `file:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct Malformed {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PetrarchError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Config(String),
}

/// Which dictionary files to load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DictFiles {
    pub verbs: Option<PathBuf>,
    pub actors: Vec<PathBuf>,
    pub agents: Option<PathBuf>,
    pub discards: Option<PathBuf>,
    pub issues: Option<PathBuf>,
}

/// Use only the user's dictionaries, or add them to dyad's built-in ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Replace,
    Merge,
}

fn tag<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let s = xml.find(&open)? + open.len();
    let e = xml[s..].find(&format!("</{name}>"))? + s;
    Some(xml[s..e].trim())
}

impl DictFiles {
    /// The standard PETRARCH2 set in `dir` (the names of PETRARCH2's
    /// `PETR_config.ini`): `CAMEO.2.0.txt`, the three `Phoenix.*.actors.txt`,
    /// `Phoenix.agents.txt`, `Phoenix.discards.txt`, `Phoenix.IssueCoding.txt`.
    /// Files that do not exist are left out.
    pub fn phoenix(dir: &Path) -> DictFiles {
        let some = |n: &str| Some(dir.join(n)).filter(|p| p.exists());
        DictFiles {
            verbs: some("CAMEO.2.0.txt"),
            actors: [
                "Phoenix.Countries.actors.txt",
                "Phoenix.International.actors.txt",
                "Phoenix.MilNonState.actors.txt",
            ]
            .iter()
            .filter_map(|n| some(n))
            .collect(),
            agents: some("Phoenix.agents.txt"),
            discards: some("Phoenix.discards.txt"),
            issues: some("Phoenix.IssueCoding.txt"),
        }
    }

    /// The files named by a PETRARCH validation file's `<Environment>`
    /// block (`<Verbfile>`, `<Actorfile>` (comma-separated), `<Agentfile>`,
    /// `<Discardfile>`, `<Issuefile>`), resolved in `dir`.
    pub fn from_environment(xml: &str, dir: &Path) -> Result<DictFiles, PetrarchError> {
        let env = tag(xml, "Environment").ok_or_else(|| PetrarchError::Config("no <Environment> block".into()))?;
        let one = |n: &str| tag(env, n).filter(|s| !s.is_empty()).map(|s| dir.join(s));
        Ok(DictFiles {
            verbs: one("Verbfile"),
            actors: tag(env, "Actorfile")
                .map(|s| s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| dir.join(s)).collect())
                .unwrap_or_default(),
            agents: one("Agentfile"),
            discards: one("Discardfile"),
            issues: one("Issuefile"),
        })
    }
}

/// What was read and converted.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    pub malformed: Vec<Malformed>,
    pub actors: ActorCounts,
    pub agents: usize,
    pub synsets: usize,
    pub verb_blocks: usize,
    pub verb_forms: usize,
    pub verb_patterns: usize,
    pub verbs: VerbCounts,
    pub discards_sentence: usize,
    pub discards_story: usize,
    pub issue_phrases: usize,
    pub issue_ignores: usize,
    /// Verb-file transformation lines (`~ …`), read but not converted.
    pub transformations: usize,
    /// Seconds per file (read and converted).
    pub timings: Vec<(String, f64)>,
    pub seconds: f64,
}

impl std::fmt::Display for LoadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "actors: {} records, {} phrases, {} dated codes, {} without a usable code",
            self.actors.records, self.actors.phrases, self.actors.dated, self.actors.uncoded
        )?;
        writeln!(f, "agents: {} phrases (with plurals)", self.agents)?;
        writeln!(
            f,
            "verbs: {} synsets, {} blocks, {} verb forms, {} patterns: {} converted, {} skipped; {} dyad patterns",
            self.synsets,
            self.verb_blocks,
            self.verb_forms,
            self.verb_patterns,
            self.verbs.converted,
            self.verbs.skipped_total(),
            self.verbs.compiled
        )?;
        for (reason, n) in &self.verbs.skipped {
            writeln!(f, "  skipped {n:>6}: {reason}")?;
        }
        if self.transformations > 0 {
            writeln!(f, "  {} transformations (~ lines) not converted", self.transformations)?;
        }
        writeln!(f, "discards: {} sentence, {} story", self.discards_sentence, self.discards_story)?;
        for (name, secs) in &self.timings {
            writeln!(f, "  {secs:.3} s  {name}")?;
        }
        writeln!(f, "issues: {} phrases, {} ignore phrases (not applied)", self.issue_phrases, self.issue_ignores)?;
        write!(f, "malformed entries: {}; loaded in {:.3} s", self.malformed.len(), self.seconds)
    }
}

/// Loaded and converted dictionaries.
pub struct Loaded {
    pub actors: ActorDict,
    pub patterns: PatternSet,
    pub issues: IssueDict,
    pub discards: Discards,
    pub report: LoadReport,
}

impl Loaded {
    pub fn into_pipeline(self) -> Result<Pipeline, dyad_coder::CoderError> {
        Ok(Pipeline::with_dictionaries(self.actors, self.patterns, self.issues)?.with_discards(self.discards))
    }
}

fn lap(report: &mut LoadReport, name: &str, t: &mut std::time::Instant) {
    report.timings.push((name.to_string(), t.elapsed().as_secs_f64()));
    *t = std::time::Instant::now();
}

fn read(path: &Path) -> Result<(String, String), PetrarchError> {
    let bytes = std::fs::read(path).map_err(|e| PetrarchError::Io { path: path.display().to_string(), source: e })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    Ok((String::from_utf8_lossy(&bytes).into_owned(), name))
}

/// Reads and converts the files. A file that cannot be read stops the
/// load; malformed entries are collected in the report.
pub fn load(files: &DictFiles, mode: Mode) -> Result<Loaded, PetrarchError> {
    let start = std::time::Instant::now();
    let mut report = LoadReport::default();
    let (mut dict, mut patterns, mut issue_dict) = match mode {
        Mode::Replace => (ActorDict::default(), PatternSet::default(), IssueDict::default()),
        Mode::Merge => (ActorDict::new_builtin(), PatternSet::builtin(), IssueDict::builtin()),
    };
    let mut discards = Discards::default();
    let mut t = std::time::Instant::now();
    lap(&mut report, "(built-in dictionaries)", &mut t);
    for path in &files.actors {
        let (text, name) = read(path)?;
        let (records, errors) = actors::read_actors(&text, &name);
        report.malformed.extend(errors);
        convert::add_actors(&mut dict, &records, &mut report.actors);
        lap(&mut report, &name, &mut t);
    }
    if let Some(path) = &files.agents {
        let (text, name) = read(path)?;
        let (entries, errors) = agents::read_agents(&text, &name);
        report.malformed.extend(errors);
        report.agents = entries.len();
        convert::add_agents(&mut dict, &entries);
        lap(&mut report, &name, &mut t);
    }
    if let Some(path) = &files.verbs {
        let (text, name) = read(path)?;
        let (vd, errors) = verbs::read_verbs(&text, &name);
        report.malformed.extend(errors);
        report.synsets = vd.synsets.len();
        report.verb_blocks = vd.blocks.len();
        report.verb_forms = vd.verb_count();
        report.verb_patterns = vd.pattern_count();
        report.transformations = vd.transformations.len();
        convert::add_verbs(&mut patterns, &vd, &name, &mut report.verbs);
        lap(&mut report, &name, &mut t);
    }
    if let Some(path) = &files.discards {
        let (text, name) = read(path)?;
        let (entries, errors) = discards::read_discards(&text, &name);
        report.malformed.extend(errors);
        report.discards_story = entries.iter().filter(|e| e.story).count();
        report.discards_sentence = entries.len() - report.discards_story;
        convert::add_discards(&mut discards, &entries);
        lap(&mut report, &name, &mut t);
    }
    if let Some(path) = &files.issues {
        let (text, name) = read(path)?;
        let (is, errors) = issues::read_issues(&text, &name);
        report.malformed.extend(errors);
        report.issue_ignores = is.ignore.len();
        report.issue_phrases = convert::add_issues(&mut issue_dict, &is);
        lap(&mut report, &name, &mut t);
    }
    report.seconds = start.elapsed().as_secs_f64();
    Ok(Loaded { actors: dict, patterns, issues: issue_dict, discards, report })
}
