//! Self-check of the verb-pattern dictionary: every pattern line carries a
//! team-written example sentence; coding it should produce an event with
//! the line's code. The pass rate measures how well the matcher and the
//! parser realise the dictionary; the failures list what to fix.

use dyad_coder::Pipeline;
use dyad_text::Document;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ExampleScores {
    pub examples: usize,
    /// An event with exactly the line's code.
    pub code_rate: f64,
    /// An event with the line's CAMEO root.
    pub root_rate: f64,
    /// The line's own rule fired.
    pub rule_rate: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<String>,
}

pub fn evaluate(pipeline: &Pipeline, list_failures: bool) -> ExampleScores {
    let (mut n, mut code_ok, mut root_ok, mut rule_ok) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for p in pipeline.patterns().patterns() {
        let Some(example) = &p.example else { continue };
        n += 1;
        let doc = Document::new("example", example.as_str());
        let events = pipeline.code(&doc, Some("2026-03-01"));
        let code = events.iter().any(|e| e.cameo == p.code);
        let root = events.iter().any(|e| e.cameo_root == p.code[..2]);
        let rule = events.iter().any(|e| e.evidence.rule.starts_with(&p.rule));
        code_ok += code as usize;
        root_ok += root as usize;
        rule_ok += rule as usize;
        if list_failures && !root {
            let got: Vec<String> = events.iter().map(|e| format!("{} ({})", e.cameo, e.evidence.rule)).collect();
            failures.push(format!("{} {} '{}': {example}  → {:?}", p.rule, p.code, p.text, got));
        }
    }
    let rate = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    ExampleScores {
        examples: n,
        code_rate: rate(code_ok),
        root_rate: rate(root_ok),
        rule_rate: rate(rule_ok),
        failures,
    }
}
