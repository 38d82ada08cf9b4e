"""CI check (issue 7): pandas and pyarrow read dyad's exports with the right
types and row counts. Usage: export_check.py DIR EVENTS, where DIR holds
events.csv and events.parquet exported from a store of EVENTS events."""
import sys

import pandas as pd
import pyarrow.parquet as pq

folder, expected = sys.argv[1], int(sys.argv[2])

table = pq.read_table(f"{folder}/events.parquet")
assert table.num_rows == expected, (table.num_rows, expected)
types = {f.name: str(f.type) for f in table.schema}
want = {
    "id": "int64", "date": "string", "source": "string", "target": "string", "cameo": "string",
    "quad_class": "uint8", "goldstein": "float", "lat": "double", "lon": "double",
    "issues": "list<item: string>", "num_mentions": "uint32", "num_sources": "uint32", "num_articles": "uint32",
}
for name, t in want.items():
    assert types.get(name) == t, f"parquet column {name}: {types.get(name)}, expected {t}"
df = table.to_pandas()
assert df["cameo"].str.fullmatch(r"\d{3,4}").all(), "CAMEO codes keep their leading zeros"
assert (df["num_mentions"] >= 1).all()

# CSV: codes are text (leading zeros), so read them as strings, the way the
# README tells users to.
csv = pd.read_csv(f"{folder}/events.csv", dtype={"cameo": str, "cameo_root": str})
assert len(csv) == expected, (len(csv), expected)
assert csv["id"].dtype == "int64" and csv["goldstein"].dtype == "float64"
assert csv["quad_class"].between(1, 4).all()
assert (csv["cameo"] == df["cameo"]).all(), "CSV and Parquet hold the same events in the same order"
print(f"exports: parquet and csv read by pandas {pd.__version__} / pyarrow: {expected} events, types ok")
