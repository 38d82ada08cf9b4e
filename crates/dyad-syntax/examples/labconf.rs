//! Where a model's labels go wrong: label confusions on correctly attached arcs
//! and head errors by gold label.
//! `cargo run --release -p dyad-syntax --example labconf -- MODEL.zst GOLD.conllu`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let model = dyad_syntax::SyntaxModel::load(a[0].as_ref())?;
    let sents = dyad_syntax::conllu::read_file(a[1].as_ref())?;
    let mut ann = dyad_syntax::Annotation::new();
    let mut conf = std::collections::HashMap::<(String, String), usize>::new();
    let mut head_err = std::collections::HashMap::<String, usize>::new();
    let (mut ok, mut n) = (0, 0);
    for s in &sents {
        let words = s.forms();
        model.annotate(&words, &mut ann);
        for (i, w) in s.words.iter().enumerate() {
            n += 1;
            if ann.head[i] == w.head {
                ok += 1;
                let p = ann.deprel[i].as_str().to_string();
                if p != w.deprel {
                    *conf.entry((w.deprel.clone(), p)).or_default() += 1;
                }
            } else {
                *head_err.entry(w.deprel.clone()).or_default() += 1;
            }
        }
    }
    let mut v: Vec<_> = conf.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    let tot: usize = v.iter().map(|x| x.1).sum();
    println!("uas {ok}/{n}; label errors on correct arcs {tot}");
    for ((g, p), c) in v.iter().take(30) {
        println!("{g:>12} -> {p:<12} {c}");
    }
    let mut h: Vec<_> = head_err.into_iter().collect();
    h.sort_by_key(|x| std::cmp::Reverse(x.1));
    println!("head errors by gold label: {:?}", &h[..h.len().min(15)]);
    Ok(())
}
