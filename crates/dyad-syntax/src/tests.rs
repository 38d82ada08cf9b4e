//! Crate-level tests: tiny synthetic training run, embedded model sanity, EWT data checks.
use super::*;

/// `../shared/data/ud-ewt` relative to the repository root, if present.
pub(crate) fn ewt_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud-ewt");
    if d.join("en_ewt-ud-dev.conllu").is_file() {
        Some(d)
    } else {
        eprintln!("SKIP: UD EWT data not found at {} (tests that need it pass without running)", d.display());
        None
    }
}

const TINY: &str = "\
1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
3\tUkraine\tUkraine\tPROPN\tNNP\t_\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tarmy\tarmy\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tshelled\tshell\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tcity\tcity\tNOUN\tNN\t_\t3\tobj\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tarrested\tarrest\tVERB\tVBD\t_\t0\troot\t_\t_
3\tprotesters\tprotester\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tKyiv\tKyiv\tPROPN\tNNP\t_\t2\tobl\t_\t_
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

#[test]
fn tiny_training_run_learns_training_data() {
    let dir = std::env::temp_dir().join(format!("dyad-syntax-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let train_path = dir.join("tiny.conllu");
    // Repeat so the perceptron has something to average.
    std::fs::write(&train_path, format!("{TINY}\n").repeat(3)).unwrap();
    let mut cfg = TrainConfig::new(&train_path, &dir);
    cfg.tagger_epochs = 5;
    cfg.parser_epochs = 5;
    cfg.jackknife_folds = 1;
    cfg.threads = 1;
    // One run each keeps the test fast; seed averaging has its own test below.
    cfg.tagger_seeds = 1;
    cfg.parser_seeds = 1;
    let rep = train(&cfg).unwrap();
    let model = SyntaxModel::load(&rep.model_path).unwrap();
    let scores = evaluate(&model, &train_path).unwrap();
    assert!(scores.upos > 90.0, "{scores:?}");
    assert!(scores.uas > 90.0, "{scores:?}");
    let mut ann = Annotation::new();
    model.annotate(&["Russia", "attacked", "Ukraine", "."], &mut ann);
    assert_eq!(ann.head, vec![2, 0, 2, 2]);
    assert_eq!(ann.lemma(1), "attack");
    let mut out = Vec::new();
    conllu::write_sentence(
        &mut out,
        &["text = Russia attacked Ukraine."],
        &["Russia", "attacked", "Ukraine", "."],
        &ann,
    )
    .unwrap();
    let back = conllu::parse_str(std::str::from_utf8(&out).unwrap()).unwrap();
    assert_eq!(back[0].words[0].head, 2);
    assert_eq!(back[0].words[1].feats, "Tense=Past|VerbForm=Fin");
    // Same seed, same data → byte-identical model.
    let first = std::fs::read(&rep.model_path).unwrap();
    train(&cfg).unwrap();
    assert_eq!(first, std::fs::read(&rep.model_path).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tiny_training_run_with_relabeler_and_two_pass_tagger() {
    let dir = std::env::temp_dir().join(format!("dyad-syntax-test-rl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let train_path = dir.join("tiny.conllu");
    std::fs::write(&train_path, format!("{TINY}\n").repeat(3)).unwrap();
    let mut cfg = TrainConfig::new(&train_path, &dir);
    cfg.tagger_epochs = 5;
    cfg.parser_epochs = 5;
    cfg.relabel_epochs = 3;
    cfg.two_pass_tagger = true;
    cfg.jackknife_folds = 1;
    cfg.threads = 1;
    let rep = train(&cfg).unwrap();
    let model = SyntaxModel::load(&rep.model_path).unwrap();
    let scores = evaluate(&model, &train_path).unwrap();
    assert!(scores.las > 90.0, "{scores:?}");
    let mut ann = Annotation::new();
    model.annotate(&["Police", "arrested", "protesters", "."], &mut ann);
    assert_eq!(ann.deprel[0], DepRel::Nsubj, "{ann:?}");
    assert_eq!(ann.deprel[1], DepRel::Root);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn word_clusters_carry_training_words_over_to_unseen_cluster_mates() {
    let dir = std::env::temp_dir().join(format!("dyad-syntax-test-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let train_path = dir.join("tiny.conllu");
    std::fs::write(&train_path, format!("{TINY}\n").repeat(3)).unwrap();
    // "Gondor" and "Mordor" share Russia's and Ukraine's cluster (path 0101);
    // "besieged" and "shelled" share attacked's (path 0011).
    std::fs::write(
        dir.join("en_lexeme_cluster.json"),
        r#"{"Russia": 10, "Ukraine": 10, "Gondor": 10, "Mordor": 10, "attacked": 12, "shelled": 12, "besieged": 12}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("en_lexeme_prob.json"),
        r#"{"Russia": -11, "Ukraine": -11, "Gondor": -15, "Mordor": -15, "attacked": -11, "besieged": -13}"#,
    )
    .unwrap();
    let mut cfg = TrainConfig::new(&train_path, &dir);
    cfg.tagger_epochs = 5;
    cfg.parser_epochs = 5;
    cfg.jackknife_folds = 1;
    cfg.threads = 1;
    cfg.clusters = Some(dir.clone());
    let rep = train(&cfg).unwrap();
    let model = SyntaxModel::load(&rep.model_path).unwrap();
    assert!(model.summary().contains("lexicon keys"), "{}", model.summary());
    let mut ann = Annotation::new();
    model.annotate(&["Gondor", "besieged", "Mordor", "."], &mut ann);
    assert_eq!(ann.upos[..3], [Upos::Propn, Upos::Verb, Upos::Propn], "{ann:?}");
    assert_eq!(ann.deprel[..3], [DepRel::Nsubj, DepRel::Root, DepRel::Obj], "{ann:?}");
    // A lexicon folder without the files is an error, not a silent fallback.
    cfg.clusters = Some(dir.join("nowhere"));
    assert!(train(&cfg).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn seed_averaged_training_is_deterministic_across_thread_counts() {
    let dir = std::env::temp_dir().join(format!("dyad-syntax-test-avg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let train_path = dir.join("tiny.conllu");
    std::fs::write(&train_path, format!("{TINY}\n").repeat(3)).unwrap();
    let mut cfg = TrainConfig::new(&train_path, &dir);
    cfg.tagger_epochs = 4;
    cfg.parser_epochs = 4;
    cfg.tagger_seeds = 3;
    cfg.parser_seeds = 3;
    cfg.jackknife_folds = 1;
    cfg.threads = 1;
    let rep = train(&cfg).unwrap();
    let first = std::fs::read(&rep.model_path).unwrap();
    let model = SyntaxModel::load(&rep.model_path).unwrap();
    let scores = evaluate(&model, &train_path).unwrap();
    assert!(scores.upos > 90.0 && scores.uas > 90.0, "{scores:?}");
    // The runs are averaged in seed order whatever thread finished first.
    cfg.threads = 2;
    train(&cfg).unwrap();
    assert_eq!(first, std::fs::read(&rep.model_path).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn empty_and_garbage_input() {
    assert!(SyntaxModel::from_compressed(b"nope").is_err());
    let mut ann = Annotation::new();
    if let Ok(m) = embedded_model() {
        m.annotate(&[], &mut ann);
        assert!(ann.is_empty());
        m.annotate(&["", "\u{200b}", "???", "a-b-c-d-e-f-g-h"], &mut ann);
        assert_eq!(ann.len(), 4);
        assert_eq!(ann.head.iter().filter(|&&h| h == 0).count(), 1);
    }
}

fn embedded_or_skip() -> Option<&'static SyntaxModel> {
    match embedded_model() {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!("SKIP: {e}");
            None
        }
    }
}

fn find(words: &[&str], w: &str) -> usize {
    words.iter().position(|x| *x == w).unwrap()
}

#[test]
fn embedded_model_carries_its_word_lexicon() {
    let Some(m) = embedded_or_skip() else { return };
    assert!(m.in_lexicon("Russia") && m.in_lexicon("RUSSIA") && m.in_lexicon("ceasefire"), "{}", m.summary());
    assert!(!m.in_lexicon("Qzxvbnorth") && !m.in_lexicon(""));
}

#[test]
fn embedded_model_parses_news_sentences() {
    let Some(m) = embedded_or_skip() else { return };
    let mut ann = Annotation::new();
    let s = ["Russia", "attacked", "Ukraine", "on", "Monday", "."];
    m.annotate(&s, &mut ann);
    assert_eq!(ann.head[0], 2, "{ann:?}");
    assert_eq!(ann.deprel[0], DepRel::Nsubj);
    assert_eq!(ann.head[2], 2);
    assert_eq!(ann.deprel[2], DepRel::Obj);
    assert_eq!(ann.deprel[1], DepRel::Root);
    assert_eq!(ann.upos[0], Upos::Propn);
    assert_eq!(ann.lemma(1), "attack");
    assert_eq!(ann.morph[1].tense, Tense::Past);

    let s = ["The", "protesters", "were", "arrested", "by", "police", "in", "Cairo", "."];
    m.annotate(&s, &mut ann);
    let v = find(&s, "arrested");
    assert_eq!(ann.head_index(1), Some(v), "{ann:?}");
    assert_eq!(ann.deprel[1], DepRel::NsubjPass);
    assert_eq!(ann.deprel[2], DepRel::AuxPass);
    assert!(ann.morph[v].passive);
    assert_eq!(ann.morph[v].tense, Tense::Past);
    assert_eq!(ann.lemma(1), "protester");
    assert_eq!(ann.lemma(2), "be");

    let s = ["The", "minister", "did", "n't", "condemn", "the", "strikes", "."];
    m.annotate(&s, &mut ann);
    let v = find(&s, "condemn");
    assert!(ann.morph[v].negated, "{ann:?}");
    assert_eq!(ann.head_index(1), Some(v));
    assert_eq!(ann.head_index(6), Some(v));
    assert_eq!(ann.deprel[6], DepRel::Obj);
    assert!(ann.morph[6].plural);
}

#[test]
fn embedded_model_lemmatizes_irregulars() {
    let Some(m) = embedded_or_skip() else { return };
    let mut ann = Annotation::new();
    m.annotate(&["The", "children", "went", "home", "and", "it", "was", "better", "."], &mut ann);
    assert_eq!(ann.lemma(1), "child");
    assert_eq!(ann.lemma(2), "go");
    assert_eq!(ann.lemma(6), "be");
    assert_eq!(ann.lemma(7), "good");
}

#[test]
fn oracle_reproduces_projectivized_ewt_dev_trees() {
    let Some(d) = ewt_dir() else { return };
    let sents = conllu::read_file(&d.join("en_ewt-ud-dev.conllu")).unwrap();
    let mut nonproj = 0;
    for s in sents.iter().take(400) {
        let heads: Vec<u32> = s.words.iter().map(|w| w.head).collect();
        let (p, lifted) = projectivize(&heads);
        nonproj += lifted.iter().any(|&l| l) as usize;
        assert!(is_projective(&p));
        assert_eq!(oracle_parse(&p), p);
    }
    assert!(nonproj < 40);
}
