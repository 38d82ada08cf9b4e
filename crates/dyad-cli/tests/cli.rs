//! Drives the real `dyad` binary on real files (ripgrep style).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).stdin(Stdio::null()).output().expect("run dyad")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `../shared/data` beside the project, when present.
fn shared_data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    p.is_dir().then_some(p)
}

#[test]
fn bad_records_are_reported_and_the_batch_continues() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("batch.jsonl");
    // A 10 MB line: an embedded data blob, as scraped pages sometimes carry.
    let big = format!("Officials met in Kyiv. data:{}", "QUJD".repeat(2_600_000));
    let lines = [
        r#"{"id":"a","text":"Russia attacked Ukraine on Monday.","date":"2026-01-05"}"#.to_string(),
        r#"{"id":"b","text":"unterminated"#.to_string(),
        format!(r#"{{"id":"big","text":"{big}"}}"#),
        r#"{"id":"c","text":"Talks resumed.","date":"not a date"}"#.to_string(),
        r#"{"id":"d","text":"Talks resumed."}"#.to_string(),
    ];
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    std::fs::write(dir.path().join("bad-utf8.txt"), b"Kyiv \xff said \xc3(.").unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    let o = dyad(&["code", "--format", "jsonl", dir.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{}:2: malformed JSON", jsonl.display())), "{err}");
    assert!(err.contains(&format!("{}:4: invalid date", jsonl.display())), "{err}");
    assert!(err.contains("bad-utf8.txt: invalid UTF-8 replaced"), "{err}");
    // a, big, d from the JSONL plus the two text files.
    assert!(err.contains("5 articles"), "{err}");
    assert!(err.contains("2 failed records"), "{err}");
}

#[test]
fn empty_input_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.jsonl"), b"").unwrap();
    let o = dyad(&["code", "--format", "jsonl", dir.path().join("empty.jsonl").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--format", "tsv", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"Russia and China held talks in Beijing.").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("doc_id\tsentence\tdate"), "TSV header first: {out}");
    // The whole text arrived: the talks are coded both ways.
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows.iter().any(|r| r.contains("\tRUS\t") && r.contains("\tCHN\t")), "{out}");
    assert!(rows.iter().all(|r| r.starts_with("stdin\t")), "{out}");
}

#[test]
fn bad_date_flag_is_a_usage_error() {
    let o = dyad(&["code", "--date", "2025-02-30", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid date"));
}

#[test]
fn demo_runs() {
    let o = dyad(&["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("sentences"));
}

#[test]
fn segment_eval_meets_the_bars_on_ewt_test() {
    let Some(data) = shared_data() else {
        eprintln!("skipped: ../shared/data is absent (UD EWT needed for the segmentation eval)");
        return;
    };
    let gold = data.join("ud-ewt/en_ewt-ud-test.conllu");
    let o = dyad(&["eval", "segment", "--conllu", gold.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["token_f1"].as_f64().unwrap() >= 0.985, "{v}");
    assert!(v["sentence_f1"].as_f64().unwrap() >= 0.80, "{v}");
}
