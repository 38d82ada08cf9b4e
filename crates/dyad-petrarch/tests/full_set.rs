//! Loads the real PETRARCH2 dictionaries from `../shared/data` when present.

use dyad_petrarch::{load, DictFiles, Mode};
use std::path::PathBuf;

fn dict_dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch2/dictionaries");
    if d.is_dir() {
        Some(d)
    } else {
        println!("skip: {} is absent", d.display());
        None
    }
}

#[test]
fn loads_the_phoenix_set() {
    let Some(dir) = dict_dir() else { return };
    let files = DictFiles::phoenix(&dir);
    assert_eq!(files.actors.len(), 3);
    let loaded = load(&files, Mode::Replace).expect("readable files");
    let r = &loaded.report;
    println!("{r}");
    for m in r.malformed.iter().take(20) {
        println!("  {m}");
    }
    assert!(r.actors.records > 10_000, "{} actor records", r.actors.records);
    assert!(r.actors.phrases > 30_000, "{} actor phrases", r.actors.phrases);
    assert!(r.actors.dated > 5_000, "{} dated codes", r.actors.dated);
    assert!(r.agents > 2_000, "{} agents", r.agents);
    assert!(r.verb_blocks > 300 && r.verb_patterns > 4_000, "{} blocks {} patterns", r.verb_blocks, r.verb_patterns);
    assert!(r.verbs.converted * 2 > r.verb_patterns, "{} of {} converted", r.verbs.converted, r.verb_patterns);
    assert!(r.discards_sentence + r.discards_story > 400);
    assert!(r.issue_phrases > 2_000);
    assert!(r.malformed.len() < 100, "{} malformed", r.malformed.len());
    assert!(loaded.patterns.verb_patterns("accuse").any(|p| p.code == "112"));
}

#[test]
fn loads_the_validation_set_and_the_tabari_verbs() {
    let Some(dir) = dict_dir() else { return };
    let files = DictFiles {
        verbs: Some(dir.join("PETR.Validate.verbs.txt")),
        actors: vec![dir.join("PETR.Validate.actors.txt")],
        agents: Some(dir.join("PETR.Validate.agents.txt")),
        discards: Some(dir.join("PETR.Validate.discards.txt")),
        issues: None,
    };
    let loaded = load(&files, Mode::Replace).expect("readable files");
    println!("{}", loaded.report);
    assert!(loaded.report.actors.records > 100);
    let tabari = DictFiles { verbs: Some(dir.join("CAMEO.verbpatterns.150430.txt")), ..Default::default() };
    let loaded = load(&tabari, Mode::Merge).expect("readable file");
    println!("{}", loaded.report);
    assert!(loaded.report.verb_patterns > 10_000);
}
