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

#[test]
fn time_place_eval_meets_its_bars() {
    let o = dyad(&["eval", "time-place", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = |a: &str, b: &str| v[a][b].as_f64().unwrap();
    assert!(v["dates"]["n"].as_u64().unwrap() >= 150 && v["places"]["n"].as_u64().unwrap() >= 100, "{v}");
    // Issue 6 bars: dates 95%, places 90% country / 85% entry (built-in gazetteer).
    assert!(f("dates", "accuracy") >= 0.95, "{v}");
    assert!(f("places", "country_accuracy") >= 0.90 && f("places", "entry_accuracy") >= 0.85, "{v}");
}

#[test]
fn coded_events_carry_dates_and_places() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("a.txt");
    std::fs::write(
        &text,
        "KHARKIV, March 10 (Reuters) - Russian forces shelled Kharkiv on Monday, killing four people.\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--format", "jsonl", "--date", "2026-03-11", text.to_str().unwrap()])
        .env("XDG_DATA_HOME", dir.path()) // no local gazetteer index
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let e: serde_json::Value = serde_json::from_str(out.lines().next().expect("an event")).unwrap();
    assert_eq!((e["date"].as_str(), e["date_precision"].as_str()), (Some("2026-03-09"), Some("day")), "{e}");
    let loc = &e["location"];
    assert_eq!((loc["name"].as_str(), loc["country"].as_str()), (Some("Kharkiv"), Some("UKR")), "{e}");
    assert_eq!(loc["admin1"].as_str(), Some("Kharkiv Oblast"), "{e}");
    assert!(loc["lat"].as_f64().is_some_and(|lat| (lat - 50.0).abs() < 0.5), "{e}");
}

#[test]
fn gazetteer_import_is_used_by_code_from_then_on() {
    let Some(data) = shared_data() else {
        eprintln!("skip: ../shared/data absent, GeoNames import not tested");
        return;
    };
    let cities = data.join("geonames/cities15000.json");
    if !cities.exists() {
        eprintln!("skip: {} absent", cities.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).env("XDG_DATA_HOME", dir.path()).output().unwrap()
    };
    let o = run(&["gazetteer", "import", cities.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("dyad/gazetteer.tsv").exists());
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "Russian forces shelled Kharkiv on Monday.\n").unwrap();
    let o = run(&["code", "--format", "jsonl", "--date", "2026-03-11", text.to_str().unwrap()]);
    let e: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    // The built-in entry, enriched with its GeoNames id.
    assert!(e["location"]["geonames_id"].as_u64().is_some(), "{e}");
    assert_eq!(e["location"]["name"].as_str(), Some("Kharkiv"), "{e}");
}
