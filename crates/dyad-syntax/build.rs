//! Detects whether the trained model exists in `<repo>/models/` so that the
//! crate compiles (without an embedded model) before the first training run.
use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dyad_syntax_model)");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let models = manifest.join("../../models");
    let model = models.join("en_ewt.syntax.zst");
    // Re-run when the model appears, changes or disappears.
    println!("cargo::rerun-if-changed={}", models.display());
    println!("cargo::rerun-if-changed={}", model.display());
    println!("cargo::rerun-if-env-changed=DYAD_SYNTAX_NO_EMBED");
    if model.is_file() && std::env::var_os("DYAD_SYNTAX_NO_EMBED").is_none() {
        let abs = model.canonicalize().unwrap_or(model);
        println!("cargo::rustc-cfg=dyad_syntax_model");
        println!("cargo::rustc-env=DYAD_SYNTAX_MODEL_PATH={}", abs.display());
    }
}
