#!/usr/bin/env bash
# Downloads the word lexicon the syntax model is trained with: Brown word
# clusters and word frequencies from the MIT-licensed PyPI package
# spacy-lookups-data (pinned), into target/lexicon/. Only training needs it;
# the trained model carries what it uses.
#
#   bash models/fetch-lexicon.sh
#   dyad train syntax --train …/en_ewt-ud-train.conllu --dev …/en_ewt-ud-dev.conllu \
#                     --lexicon target/lexicon --out models/
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/lexicon
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download --quiet --no-deps --dest "$TMP" "spacy-lookups-data==1.0.5"
python3 - "$TMP" "$OUT" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/spacy_lookups_data-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    for name in ("en_lexeme_cluster.json.gz", "en_lexeme_prob.json.gz"):
        data = z.read("spacy_lookups_data/data/" + name)
        open(f"{sys.argv[2]}/{name}", "wb").write(data)
        print(f"{sys.argv[2]}/{name}: {len(data)} bytes")
PY
