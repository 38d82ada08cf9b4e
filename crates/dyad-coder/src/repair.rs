//! Repairs of parser errors that change who did what to whom: each one is
//! a tree that no English sentence has (a subject on an auxiliary, a passive
//! with an object and no auxiliary) or a misreading news prose invites, and
//! each re-hangs the sentence the way the news means it.
//!
//! Why here and not in the parser: they encode what the coder needs (the
//! main verb and its subject) and are checked by the coder's behaviour tests;
//! the parser stays a plain UD parser.

use dyad_syntax::{Annotation, DepRel, Upos, Xpos};

/// Applies every repair, in order (the subject repair first: the others
/// read subjects).
pub(crate) fn repair(ann: &mut Annotation) {
    repair_subject_of_auxiliary(ann);
    repair_name_verb_read_as_modifier(ann);
    repair_main_verb_read_as_reduced_relative(ann);
    repair_reported_verb_read_as_modifier(ann);
    repair_active_verb_read_as_passive(ann);
}

/// "Saudi Arabia hosted talks …", "The Turkish government detained dozens
/// …": a past tense right after a sentence-opening noun phrase, read by the parser as
/// a participle modifying the noun after it, with that noun as the root.
/// Re-hangs the sentence as the news means it: the verb is the root, the
/// name its subject and the noun its object.
fn repair_name_verb_read_as_modifier(ann: &mut Annotation) {
    let n = ann.len();
    let Some(root) = (0..n).find(|&i| ann.deprel[i] == DepRel::Root) else { return };
    for v in 1..n {
        if ann.deprel[v] != DepRel::Amod || !matches!(ann.xpos[v], Xpos::Vbd | Xpos::Vbn) {
            continue;
        }
        let Some(h) = ann.head_index(v) else { continue };
        let s = v - 1;
        if h <= v || !matches!(ann.upos[s], Upos::Propn | Upos::Noun) {
            continue;
        }
        // Only when nothing else is the sentence's verb ("According to …"
        // is a preposition).
        let verbless = (0..n).all(|i| {
            i == v
                || ann.upos[i] != Upos::Verb
                || matches!(ann.deprel[i], DepRel::Case | DepRel::Fixed | DepRel::Amod | DepRel::Compound)
        });
        let on_pair = |i: usize| ann.head_index(i).is_some_and(|x| x == h || x == v);
        // The subject opens the sentence: "Saudi Arabia hosted talks".
        let opening = root == h && on_pair(s) && (0..s).all(|i| on_pair(i) || ann.head_index(i).is_some_and(|x| x < v));
        // Or follows an introductory phrase made the root: "According to
        // the observatory, Russian jets bombed rebel positions".
        let introduced = root < s
            && root != h
            && ann.head_index(s) == Some(root)
            && (root + 1..s).any(|i| ann.deprel[i] == DepRel::Punct && ann.head_index(i) == Some(root));
        if !verbless || !(opening || introduced) {
            continue;
        }
        let to = |i: usize| i as u32 + 1;
        if opening {
            for i in 0..s {
                if ann.head_index(i).is_some_and(|x| x == h || x == v) {
                    ann.head[i] = to(s);
                }
            }
        } else {
            ann.head[root] = to(v);
            ann.deprel[root] = DepRel::Obl;
        }
        ann.head[v] = 0;
        ann.deprel[v] = DepRel::Root;
        ann.head[h] = to(v);
        ann.deprel[h] = DepRel::Obj;
        ann.head[s] = to(v);
        ann.deprel[s] = DepRel::Nsubj;
        for i in v + 1..n {
            if ann.deprel[i] == DepRel::Punct && ann.head_index(i).is_some_and(|x| x == h || x == root) {
                ann.head[i] = to(v);
            }
        }
        return;
    }
}

/// "Chinese warships conducted drills near Taiwan, the ministry said": the
/// reported clause's verb read as a modifier of its object, the subject
/// hung on the speech verb. Re-hangs the clause's verb as the root, with
/// the speech verb as its parataxis (as UD writes "S V O, X said").
fn repair_reported_verb_read_as_modifier(ann: &mut Annotation) {
    let n = ann.len();
    for v in 1..n {
        if ann.deprel[v] != DepRel::Amod || !matches!(ann.xpos[v], Xpos::Vbd | Xpos::Vbn) {
            continue;
        }
        let (Some(h), s) = (ann.head_index(v), v - 1) else { continue };
        let Some(r) = ann.head_index(s) else { continue };
        let speech = ann.deprel[r] == DepRel::Root
            && ann.upos[r] == Upos::Verb
            && crate::coder::SPEECH_VERBS.contains(&ann.lemma(r))
            && (h + 1..n).any(|c| ann.head_index(c) == Some(r) && ann.deprel[c] == DepRel::Nsubj);
        // The subject is hung on the speech verb as its subject or, taken
        // for the reported clause itself, as its ccomp/parataxis.
        if h <= v
            || !matches!(ann.upos[s], Upos::Noun | Upos::Propn)
            || !matches!(ann.deprel[s], DepRel::Nsubj | DepRel::Ccomp | DepRel::Parataxis)
            || ann.head_index(h) != Some(s)
            || !speech
        {
            continue;
        }
        let to = |i: usize| i as u32 + 1;
        ann.head[v] = 0;
        ann.deprel[v] = DepRel::Root;
        ann.head[s] = to(v);
        ann.deprel[s] = DepRel::Nsubj;
        ann.head[h] = to(v);
        ann.deprel[h] = DepRel::Obj;
        ann.head[r] = to(v);
        ann.deprel[r] = DepRel::Parataxis;
        return;
    }
}

/// A subject hung on an auxiliary ("Arnor has celebrated …" with "Arnor"
/// under "has"): auxiliaries take no dependents in UD, so the subject
/// belongs to the verb the auxiliary serves.
fn repair_subject_of_auxiliary(ann: &mut Annotation) {
    for i in 0..ann.len() {
        if !matches!(ann.deprel[i], DepRel::Nsubj | DepRel::NsubjPass) {
            continue;
        }
        let Some(a) = ann.head_index(i) else { continue };
        if matches!(ann.deprel[a], DepRel::Aux | DepRel::AuxPass) {
            ann.head[i] = ann.head[a];
        }
    }
}

/// "The US-led coalition struck targets", "Militants kidnapped two aid
/// workers": a sentence's only verb, with an object of its own, read as a
/// reduced relative clause of the noun before it (that noun made the
/// root). Re-hangs it as the main verb with the noun as its subject.
fn repair_main_verb_read_as_reduced_relative(ann: &mut Annotation) {
    let n = ann.len();
    let Some(r) = (0..n).find(|&i| ann.deprel[i] == DepRel::Root) else { return };
    if !matches!(ann.upos[r], Upos::Noun | Upos::Propn) {
        return;
    }
    let v = r + 1;
    if v >= n
        || ann.head_index(v) != Some(r)
        || ann.deprel[v] != DepRel::Acl
        || !matches!(ann.xpos[v], Xpos::Vbd | Xpos::Vbn)
        || !(0..n).any(|c| ann.head_index(c) == Some(v) && ann.deprel[c] == DepRel::Obj)
    {
        return;
    }
    let under_v = |mut i: usize| {
        for _ in 0..n {
            if i == v {
                return true;
            }
            match ann.head_index(i) {
                Some(h) => i = h,
                None => return false,
            }
        }
        false
    };
    let verbless = (0..n).all(|i| {
        ann.upos[i] != Upos::Verb
            || under_v(i)
            || matches!(ann.deprel[i], DepRel::Case | DepRel::Fixed | DepRel::Amod | DepRel::Compound)
    });
    if !verbless {
        return;
    }
    ann.head[v] = 0;
    ann.deprel[v] = DepRel::Root;
    ann.head[r] = v as u32 + 1;
    ann.deprel[r] = DepRel::Nsubj;
    for i in v + 1..n {
        if ann.deprel[i] == DepRel::Punct && ann.head_index(i) == Some(r) {
            ann.head[i] = v as u32 + 1;
        }
    }
}

/// "Pyongyang on Thursday fired two shells at Seoul" read as a passive
/// ("fired" VBN, "Pyongyang" its passive subject): an English passive needs
/// a be/get auxiliary and cannot take a direct object, so a passive subject
/// whose verb has an object and no passive auxiliary is the active subject
/// of a past-tense verb. Headline passives ("Five killed in attack") have no
/// object and are left alone.
fn repair_active_verb_read_as_passive(ann: &mut Annotation) {
    let n = ann.len();
    for s in 0..n {
        if ann.deprel[s] != DepRel::NsubjPass {
            continue;
        }
        let Some(v) = ann.head_index(s) else { continue };
        let mut has_obj = false;
        let mut has_aux = false;
        for c in 0..n {
            if ann.head_index(c) == Some(v) {
                has_obj |= ann.deprel[c] == DepRel::Obj;
                has_aux |= matches!(ann.deprel[c], DepRel::AuxPass | DepRel::Aux | DepRel::Cop);
            }
        }
        if !has_obj || has_aux || ann.xpos[v] != Xpos::Vbn {
            continue;
        }
        ann.deprel[s] = DepRel::Nsubj;
        ann.xpos[v] = Xpos::Vbd;
        ann.morph[v].passive = false;
        ann.morph[v].tense = dyad_syntax::Tense::Past;
        ann.morph[v].verb_form = dyad_syntax::VerbForm::Fin;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_syntax::Morph;

    /// An annotation with the given tags and tree (heads 1-based, 0 = root).
    fn ann(rows: &[(Upos, Xpos, u32, DepRel)]) -> Annotation {
        let mut a = Annotation::new();
        for &(u, x, h, d) in rows {
            a.upos.push(u);
            a.xpos.push(x);
            a.head.push(h);
            a.deprel.push(d);
            a.morph.push(Morph { passive: d == DepRel::NsubjPass, ..Morph::default() });
        }
        a
    }

    #[test]
    fn a_passive_subject_of_a_verb_with_an_object_and_no_auxiliary_is_active() {
        // "Pyongyang fired shells at Seoul ." read with "fired" as a passive participle.
        let mut a = ann(&[
            (Upos::Propn, Xpos::Nnp, 2, DepRel::NsubjPass),
            (Upos::Verb, Xpos::Vbn, 0, DepRel::Root),
            (Upos::Noun, Xpos::Nns, 2, DepRel::Obj),
            (Upos::Adp, Xpos::In, 5, DepRel::Case),
            (Upos::Propn, Xpos::Nnp, 2, DepRel::Obl),
        ]);
        a.morph[1].passive = true;
        repair_active_verb_read_as_passive(&mut a);
        assert_eq!(a.deprel[0], DepRel::Nsubj);
        assert_eq!(a.xpos[1], Xpos::Vbd);
        assert!(!a.morph[1].passive);

        // A headline passive has no object ("Five killed in attack"), and a real
        // passive has its auxiliary ("Shells were fired at Seoul"): both stay.
        let headline = [
            (Upos::Num, Xpos::Cd, 2, DepRel::NsubjPass),
            (Upos::Verb, Xpos::Vbn, 0, DepRel::Root),
            (Upos::Adp, Xpos::In, 4, DepRel::Case),
            (Upos::Noun, Xpos::Nn, 2, DepRel::Obl),
        ];
        let mut b = ann(&headline);
        repair_active_verb_read_as_passive(&mut b);
        assert_eq!(b.deprel[0], DepRel::NsubjPass);
        let mut c = ann(&[
            (Upos::Propn, Xpos::Nnp, 3, DepRel::NsubjPass),
            (Upos::Aux, Xpos::Vbd, 3, DepRel::AuxPass),
            (Upos::Verb, Xpos::Vbn, 0, DepRel::Root),
            (Upos::Noun, Xpos::Nn, 3, DepRel::Obj),
        ]);
        repair_active_verb_read_as_passive(&mut c);
        assert_eq!(c.deprel[0], DepRel::NsubjPass);
    }

    #[test]
    fn a_subject_hung_on_an_auxiliary_moves_to_its_verb() {
        // "Arnor has celebrated Eid" with "Arnor" under "has"; the object
        // and a subject already on its verb stay where they are.
        let mut a = ann(&[
            (Upos::Propn, Xpos::Nnp, 2, DepRel::Nsubj),
            (Upos::Aux, Xpos::Vbz, 3, DepRel::Aux),
            (Upos::Verb, Xpos::Vbn, 0, DepRel::Root),
            (Upos::Propn, Xpos::Nnp, 3, DepRel::Obj),
        ]);
        repair_subject_of_auxiliary(&mut a);
        assert_eq!((a.head[0], a.deprel[0]), (3, DepRel::Nsubj));
        assert_eq!((a.head[1], a.head[3]), (3, 3));
        let mut b = ann(&[
            (Upos::Propn, Xpos::Nnp, 3, DepRel::Nsubj),
            (Upos::Aux, Xpos::Vbz, 3, DepRel::Aux),
            (Upos::Verb, Xpos::Vbn, 0, DepRel::Root),
        ]);
        repair_subject_of_auxiliary(&mut b);
        assert_eq!(b.head[0], 3);
    }
}
