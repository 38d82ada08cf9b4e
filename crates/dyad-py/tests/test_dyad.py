"""Tests of the Python package (run by .ci/python after the wheel is built).

The CLI comparisons need the `dyad` binary: $DYAD_BIN, else target/release/dyad
(or $CARGO_TARGET_DIR/release/dyad); they are skipped when none is found.
"""
import datetime as dt
import json
import os
import shutil
import subprocess
import threading
import time
import warnings
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

import dyad

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "samples" / "corpus.jsonl"
SCHEMA_FIELDS = [
    "doc_id", "sentence", "text", "source", "target", "cameo", "cameo_root", "quad_class", "goldstein",
    "plover", "status", "attributed_to", "date", "date_precision", "location", "issues", "evidence",
]
ACCUSE = "On Monday, Pakistan accused India of violating the ceasefire."


def dyad_bin():
    candidates = [os.environ.get("DYAD_BIN")]
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(os.path.join(os.environ["CARGO_TARGET_DIR"], "release", "dyad"))
    candidates += [str(ROOT / "target" / "release" / "dyad"), shutil.which("dyad")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    pytest.skip("no dyad binary (set DYAD_BIN or build target/release/dyad)")


def sample_records():
    return [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]


def records_table(records):
    cols = {k: [r.get(k) for r in records] for k in ("id", "text", "date", "title", "url", "source")}
    return pa.table({k: pa.array(v, pa.string()) for k, v in cols.items()})


def key(e):
    """What must agree between the CLI and the bindings, event by event."""
    codes = lambda side: "+".join(a["code"] for a in side)  # noqa: E731
    loc = e["location"]["id"] if e["location"] else None
    return (e["doc_id"], e["sentence"], e["cameo"], codes(e["source"]), codes(e["target"]), e["status"],
            e["date"], e["date_precision"], loc, e["evidence"]["rule"], tuple(e["evidence"]["verb_span"]))


# --- dyad.code -------------------------------------------------------------

def test_code_returns_schema_fields_and_spans_slice_the_text():
    text = "KYIV, Dec 3 (Reuters) - " + ACCUSE
    events = dyad.code(text, date="2025-12-05", doc_id="a1")
    assert events, "the accusation is coded"
    for e in events:
        assert list(e) == SCHEMA_FIELDS
        assert e["doc_id"] == "a1"
        for a in e["source"] + e["target"]:
            s, t = a["span"]
            assert text[s:t] == a["text"]
    e = events[0]
    assert e["cameo"].startswith("11") and e["source"][0]["code"].startswith("PAK")


def test_code_dates():
    [e] = [e for e in dyad.code(ACCUSE, date="2025-12-05") if e["cameo"].startswith("11")]
    assert e["date"] == "2025-12-01" and e["date_precision"] == "day"  # the Monday before Friday 5 Dec
    [same] = [e for e in dyad.code(ACCUSE, date=dt.date(2025, 12, 5)) if e["cameo"].startswith("11")]
    assert same == e
    rfc = dyad.code(ACCUSE, date="2025-12-05T10:00:00Z")
    assert rfc[0]["date"] == e["date"]
    undated = dyad.code("Pakistan accused India of violating the ceasefire.")
    assert undated[0]["date"] is None
    with pytest.raises(ValueError, match="date"):
        dyad.code(ACCUSE, date="5 December")


def test_code_rejects_non_text():
    with pytest.raises(TypeError, match="str"):
        dyad.code(b"Pakistan accused India.")
    with pytest.raises(TypeError):
        dyad.code(None)
    with pytest.raises(TypeError):
        dyad.code(ACCUSE, date=20251205)
    assert dyad.code("") == []
    assert dyad.code("\u00e9\u00e9 \U0001F600 ...") == []
    with pytest.warns(dyad.DyadWarning, match="surrogates"):
        [e] = [e for e in dyad.code("\udcff " + ACCUSE, date="2025-12-05") if e["cameo"] == "112"]
    assert e["source"][0]["span"][0] == len("\udcff On Monday, ")


# --- dyad.code_batch -------------------------------------------------------

def test_code_batch_schema():
    out = dyad.code_batch(records_table(sample_records()))
    assert out.schema.names == SCHEMA_FIELDS
    assert out.schema == dyad.event_schema()
    assert out.num_rows > 50
    actor = out.schema.field("source").type
    assert pa.types.is_list(actor) and pa.types.is_struct(actor.value_type)
    assert [f.name for f in actor.value_type] == ["text", "code", "country", "sector", "span"]
    assert pa.types.is_struct(out.schema.field("location").type)
    assert out.schema.field("cameo").type == pa.string()  # leading zeros kept
    ddl = dyad.spark_schema()
    assert ddl.startswith("`doc_id` string, `sentence` int") and "array<struct<text:string,code:string" in ddl


def test_code_batch_equals_code():
    records = sample_records()
    rows = dyad.code_batch(records_table(records)).to_pylist()
    one_by_one = [e for r in records for e in dyad.code(r["text"], date=r.get("date"), doc_id=r["id"])]
    assert [key(e) for e in rows] == [key(e) for e in one_by_one]
    for a, b in zip(rows, one_by_one):
        assert a["source"] == b["source"] and a["attributed_to"] == b["attributed_to"]
        assert a["issues"] == b["issues"] and a["plover"] == b["plover"]
        assert a["goldstein"] == pytest.approx(b["goldstein"], abs=1e-5)


def test_code_batch_inputs():
    records = sample_records()[:5]
    table = records_table(records)
    expected = [key(e) for e in dyad.code_batch(table).to_pylist()]
    assert [key(e) for e in dyad.code_batch(table.to_batches()[0]).to_pylist()] == expected
    assert [key(e) for e in dyad.code_batch(table.to_pandas()).to_pylist()] == expected
    large = table.cast(pa.schema([pa.field(n, pa.large_string()) for n in table.schema.names]))
    assert [key(e) for e in dyad.code_batch(large).to_pylist()] == expected
    # Dates as Arrow dates or timestamps, as Spark and Parquet hand them over.
    days = pa.array([dt.date.fromisoformat(r["date"]) for r in records], pa.date32())
    assert [key(e) for e in dyad.code_batch(table.set_column(2, "date", days)).to_pylist()] == expected
    stamps = pa.array([dt.datetime.fromisoformat(r["date"]) for r in records], pa.timestamp("s"))
    assert [key(e) for e in dyad.code_batch(table.set_column(2, "date", stamps)).to_pylist()] == expected
    # Integer ids become text; a table of several chunks is one batch.
    ints = pa.table({"id": pa.array([1, 2], pa.int64()), "text": [ACCUSE, ACCUSE]})
    assert {e["doc_id"] for e in dyad.code_batch(ints).to_pylist()} == {"1", "2"}
    chunked = pa.concat_tables([table.slice(0, 2), table.slice(2)])
    assert [key(e) for e in dyad.code_batch(chunked).to_pylist()] == expected
    empty = dyad.code_batch(table.slice(0, 0))
    assert empty.num_rows == 0 and empty.schema == dyad.event_schema()


def test_code_batch_column_errors():
    with pytest.raises(ValueError, match='"text"'):
        dyad.code_batch(pa.table({"id": ["a"], "body": [ACCUSE]}))
    with pytest.raises(ValueError, match='"id"'):
        dyad.code_batch(pa.table({"text": [ACCUSE]}))
    with pytest.raises(TypeError, match='"text"'):
        dyad.code_batch(pa.table({"id": ["a"], "text": [3]}))
    with pytest.raises(TypeError, match='"text"'):
        dyad.code_batch(pa.table({"id": ["a"], "text": pa.array([b"x"], pa.binary())}))
    with pytest.raises(TypeError, match='"url"'):
        dyad.code_batch(pa.table({"id": ["a"], "text": [ACCUSE], "url": [1.5]}))
    with pytest.raises(TypeError, match="pyarrow"):
        dyad.code_batch([{"id": "a", "text": ACCUSE}])
    with pytest.raises(ValueError, match="errors"):
        dyad.code_batch(pa.table({"id": ["a"], "text": [ACCUSE]}), errors="maybe")


def test_code_batch_skips_bad_rows_with_a_warning():
    table = pa.table({
        "id": ["ok", "null", "bad-date", None],
        "text": [ACCUSE, None, ACCUSE, ACCUSE],
        "date": ["2025-12-05", "2025-12-05", "5 Dec 2025", None],
    })
    with pytest.warns(dyad.DyadWarning, match=r"2 of 4 rows skipped \(1 null text, 1 bad date"):
        out = dyad.code_batch(table)
    assert set(out.column("doc_id").to_pylist()) == {"ok", "row:3"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dyad.code_batch(table, errors="ignore").num_rows == out.num_rows
    with pytest.raises(ValueError, match="null text"):
        dyad.code_batch(table, errors="raise")
    all_null = pa.table({"id": ["a"], "text": pa.array([None], pa.string())})
    with pytest.warns(dyad.DyadWarning):
        assert dyad.code_batch(all_null).num_rows == 0


def test_code_batches_for_map_in_arrow():
    table = records_table(sample_records()[:6])
    out = list(dyad.code_batches(table.to_batches(max_chunksize=2)))
    assert all(isinstance(b, pa.RecordBatch) for b in out)
    assert sum(b.num_rows for b in out) == dyad.code_batch(table).num_rows


def test_code_batch_releases_the_gil():
    table = records_table(sample_records() * 3)
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    start = time.perf_counter()
    dyad.code_batch(table)
    end = time.perf_counter()
    done.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # With the GIL held the ticker could not run at all while coding.
    assert len(during) >= 5, (len(during), end - start)


# --- dyad.parse ------------------------------------------------------------

def test_parse():
    text = "Russia refused to meet Ukraine. Talks failed."
    sents = dyad.parse(text)
    assert [s["text"] for s in sents] == ["Russia refused to meet Ukraine.", "Talks failed."]
    s = sents[0]
    n = len(s["tokens"])
    assert all(len(s[k]) == n for k in ("spans", "upos", "xpos", "lemmas", "heads", "deprels"))
    assert s["tokens"][:2] == ["Russia", "refused"] and s["upos"][1] == "VERB" and s["lemmas"][1] == "refuse"
    assert s["heads"].count(0) == 1 and s["deprels"][s["heads"].index(0)] == "root"
    for tok, (a, b) in zip(s["tokens"], s["spans"]):
        assert text[a:b] == tok
    assert dyad.parse("") == []
    with pytest.raises(TypeError):
        dyad.parse(42)


# --- dyad.Store ------------------------------------------------------------

def test_store(tmp_path):
    db = tmp_path / "events.db"
    subprocess.run([dyad_bin(), "ingest", "--quiet", "--db", str(db), str(SAMPLE)], check=True)
    store = dyad.Store(db)
    df = store.query()
    assert len(df) == store.count() > 0
    assert {"id", "cameo", "source", "target", "num_mentions", "doc_id"} <= set(df.columns)
    assert df["cameo"].str.fullmatch(r"\d{3,4}").all()
    pak = store.query(country="KGZ", limit=5)
    assert 0 < len(pak) <= 5
    assert store.count(root="19") == len(store.query(root="19"))
    assert len(store.query(start="2026-02-01", end=dt.date(2026, 2, 28))) <= len(df)
    with pytest.raises(TypeError, match="unknown filter"):
        store.query(colour="red")
    with pytest.raises(ValueError, match="status"):
        store.query(status="rumoured")
    with pytest.raises(ValueError):
        dyad.Store(tmp_path / "missing.db")


# --- the CLI ---------------------------------------------------------------

def test_code_batch_equals_cli(tmp_path):
    exe = dyad_bin()
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w") as f:
        subprocess.run([exe, "bench", "corpus", "--articles", "300"], stdout=f, check=True)
    cli = subprocess.run([exe, "code", "--format", "jsonl", str(corpus)], capture_output=True, text=True, check=True)
    cli_events = [json.loads(line) for line in cli.stdout.splitlines()]
    records = [json.loads(line) for line in corpus.read_text().splitlines()]
    py_events = dyad.code_batch(records_table(records)).to_pylist()
    assert len(py_events) == len(cli_events) > 1000
    assert Counter(map(key, py_events)) == Counter(map(key, cli_events))
    assert [key(e) for e in py_events] == [key(e) for e in cli_events], "same order too"
