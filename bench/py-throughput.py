"""code_batch vs `dyad code`: throughput on the same corpus, back to back.

    python bench/py-throughput.py --dyad target/release/dyad [--articles 2000] [--rounds 3]

Both use every core. The CLI is timed end to end (start-up, reading JSONL,
coding, writing JSONL to /dev/null), as a user runs it; code_batch is timed
from an Arrow table of the articles to the Arrow table of events, after one
warm-up call has loaded the model (a Spark or Dask worker loads it once).
Also times code_batches over 512-article batches, as mapInArrow calls it.
Prints one JSON line per round and a summary with the median ratio.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import pyarrow as pa

import dyad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dyad", required=True, help="the dyad binary")
    ap.add_argument("--corpus", help="JSONL corpus (default: dyad bench corpus --articles N)")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if not corpus:
            corpus = os.path.join(tmp, "corpus.jsonl")
            with open(corpus, "w") as f:
                subprocess.run([args.dyad, "bench", "corpus", "--articles", str(args.articles)], stdout=f, check=True)
        records = [json.loads(line) for line in open(corpus) if line.strip()]
        table = pa.table({k: pa.array([r.get(k) for r in records], pa.string())
                          for k in ("id", "text", "date", "url", "source")})
        n = table.num_rows
        sentences = sum(len(s) for s in map(lambda t: dyad.parse(t), table.column("text").to_pylist()[:50]))
        per_article = sentences / min(n, 50)
        dyad.code("Warm-up: Pakistan accused India.")

        cli_s, py_s, spark_s = [], [], []
        for r in range(args.rounds):
            t = time.perf_counter()
            with open(os.devnull, "w") as devnull:
                subprocess.run([args.dyad, "code", "--format", "jsonl", corpus], stdout=devnull, check=True)
            cli_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            events = dyad.code_batch(table)
            py_s.append(time.perf_counter() - t)
            t = time.perf_counter()
            batched = sum(b.num_rows for b in dyad.code_batches(table.to_batches(max_chunksize=512)))
            spark_s.append(time.perf_counter() - t)
            assert batched == events.num_rows
            print(json.dumps({"round": r, "cli_s": round(cli_s[-1], 2), "code_batch_s": round(py_s[-1], 2),
                              "code_batches_512_s": round(spark_s[-1], 2), "events": events.num_rows,
                              "load": os.getloadavg()[0]}))

    med = lambda xs: statistics.median(xs)  # noqa: E731
    rate = lambda s: round(n / med(s), 1)  # noqa: E731
    print(json.dumps({
        "articles": n, "sentences_per_article": round(per_article, 1), "cores": os.cpu_count(),
        "cli_articles_per_s": rate(cli_s), "code_batch_articles_per_s": rate(py_s),
        "code_batches_512_articles_per_s": rate(spark_s),
        "cli_sentences_per_s": round(rate(cli_s) * per_article), "code_batch_sentences_per_s": round(rate(py_s) * per_article),
        "code_batch_over_cli": round(med(cli_s) / med(py_s), 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }))


if __name__ == "__main__":
    main()
