"""Code a corpus with dyad on Spark: JSONL or Parquet articles in, Parquet events out.

    python examples/spark_code.py corpus.jsonl events/ [--master local[2]]

Articles need `id` and `text` columns; `date`, `title`, `url`, `source` are
used when present. Each executor's Python worker runs `dyad.code_batches`
on the Arrow batches Spark hands it (`mapInArrow`), so the package must be
installed on every executor (`pip install dyad-*.whl`). Prints one JSON
line: articles, events, seconds.
"""
import argparse
import json
import os
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="JSONL file(s) or Parquet file/folder of articles")
    ap.add_argument("output", help="folder to write the events to, as Parquet")
    ap.add_argument("--master", default=None, help="Spark master (default: the session's, or local[*])")
    ap.add_argument("--batch", type=int, default=512, help="articles per Arrow batch handed to dyad")
    ap.add_argument("--partitions", type=int, default=None, help="repartition the articles first")
    args = ap.parse_args()

    # Local runs: the workers use this interpreter, the one dyad is installed in.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    import dyad

    builder = SparkSession.builder.appName("dyad-code")
    if args.master:
        builder = builder.master(args.master)
    # Batches of a few hundred articles keep every core of a worker busy
    # (dyad codes a batch in parallel) without holding a partition in memory.
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")

    start = time.perf_counter()
    if args.input.endswith(".parquet") or os.path.isdir(args.input):
        articles = spark.read.parquet(args.input)
    else:
        articles = spark.read.json(args.input)
    missing = {"id", "text"} - set(articles.columns)
    if missing:
        print(f"spark_code: input lacks column(s) {sorted(missing)}", file=sys.stderr)
        return 2
    # Only the columns dyad reads, as strings (JSON ids may be numbers).
    cols = [F.col(c).cast("string").alias(c) for c in ("id", "text", "date", "title", "url", "source")
            if c in articles.columns]
    articles = articles.select(*cols)
    if args.partitions:
        articles = articles.repartition(args.partitions)

    events = articles.mapInArrow(dyad.code_batches, dyad.spark_schema())
    events.write.mode("overwrite").parquet(args.output)
    seconds = time.perf_counter() - start

    n_events = spark.read.parquet(args.output).count()
    print(json.dumps({"articles": articles.count(), "events": n_events, "seconds": round(seconds, 2)}))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
