//! PETRARCH's actor markers in verb patterns (`+ * $`, `% *`, `* WITH %`)
//! run through the whole pipeline on small dictionaries written here.

use dyad_petrarch::{load, DictFiles, Mode};
use dyad_text::Document;
use std::path::PathBuf;

const ACTORS: &str =
    "ERIADOR [ERI]\nERIADORIAN [ERI]\nOSGILIATH [OSG]\nGONDOR [GON]\nARNOR [ARN]\nFRANCE [FRA]\nGOLLUM [HOB]\nDAGOLATH [DAG]\nMORDOR [MOR]\n";
const VERBS: &str = "--- SHOOT [223] ---\nSHOOT {SHOT}\n- + WAS * DEAD IN $ [224]\n\n--- AGREE [081] ---\nAGREE\n- * WITH % [031]\n- % * [030:030]\n\n--- BREAK [1717] ---\nBREAK {BROKE BROKEN}\n- + * IN $ [075]\n\n--- BELIEVE [023] ---\nBELIEVE\n- * KIDNAP [212]\n\n--- MARCH [181] ---\nMARCH\n\n--- ALLOW [080] ---\nALLOW\n- * REALLY_PLEASANT [024]\n";

fn pipeline(name: &str) -> dyad_coder::Pipeline {
    let dir = std::env::temp_dir().join(format!("dyad-petrarch-roles-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let write = |f: &str, text: &str| -> PathBuf {
        let p = dir.join(f);
        std::fs::write(&p, text).expect("write temp file");
        p
    };
    let files = DictFiles {
        verbs: Some(write("verbs.txt", VERBS)),
        actors: vec![write("actors.txt", ACTORS)],
        ..Default::default()
    };
    let loaded = load(&files, Mode::Replace).expect("dictionaries load");
    assert!(loaded.report.malformed.is_empty(), "{:?}", loaded.report.malformed);
    loaded.into_pipeline().expect("pipeline")
}

fn coded(p: &dyad_coder::Pipeline, text: &str) -> Vec<String> {
    let mut out: Vec<String> = p
        .code(&Document::new("t", text), Some("1995-01-01"))
        .iter()
        .flat_map(|e| {
            e.source
                .iter()
                .flat_map(move |s| e.target.iter().map(move |t| format!("{}>{} {}", s.code, t.code, e.cameo)))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn subject_is_the_target_when_the_source_follows_the_verb() {
    let p = pipeline("swap");
    // `+ WAS * DEAD IN $`: the passive subject is the target, the in-phrase the source.
    assert_eq!(coded(&p, "An Eriadorian was shot dead in Osgiliath."), ["OSG>ERI 224"]);
    // `+ * IN $` through a raising passive: Gollum is the one who broke in.
    assert_eq!(coded(&p, "Gollum was seen to break in a Gondor parade on Saturday."), ["GON>HOB 075"]);
}

#[test]
fn compound_markers() {
    let p = pipeline("compound");
    // `* WITH %`: the compound after the verb is the target.
    assert_eq!(coded(&p, "Eriador agrees with Arnor and France on the dispute."), ["ERI>ARN 031", "ERI>FRA 031"]);
    // `% *` needs a compound subject; a single one gets the verb's own code.
    let both = coded(&p, "Eriador and Osgiliath agreed.");
    assert!(both.contains(&"ERI>OSG 030".to_string()) && both.contains(&"OSG>ERI 030".to_string()), "{both:?}");
}

#[test]
fn a_bare_verb_takes_the_first_actor_of_its_phrases() {
    let p = pipeline("bare");
    // The subject of a complement clause that is no event of its own.
    assert_eq!(coded(&p, "Arnor believes Dagolath can cope with the drought."), ["ARN>DAG 023"]);
    // An actor named deeper in a phrase of the verb.
    assert_eq!(coded(&p, "Eriador has marched very close to the border with Mordor."), ["ERI>MOR 181"]);
}

#[test]
fn words_after_the_verb_match_on_the_surface_inside_its_phrase() {
    let p = pipeline("surface");
    // "really pleasant" is deep in the complement clause, not an object.
    assert_eq!(coded(&p, "Gollum allowed that Mordor is not a really pleasant place to visit."), ["HOB>MOR 024"]);
    // Not consecutive: the verb's own code. (Until session 3 this read "not a
    // real easy or pleasant place", which the lexicon parser garbles; the
    // words are apart here too.)
    assert_eq!(coded(&p, "Gollum allowed that Mordor is really not a very pleasant place to visit."), ["HOB>MOR 080"]);
}
