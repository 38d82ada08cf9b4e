"""dyad: news text in, political event data out (CAMEO/PLOVER).

The coding runs in Rust (``dyad._dyad``) with the GIL released; a batch of
articles is coded on all cores. The same function maps an Arrow batch of
articles to an Arrow table of events inside Spark's ``mapInArrow``, Dask's
``map_partitions`` and Ray Data's ``map_batches``::

    import dyad
    events = dyad.code("Pakistan accused India of violating the ceasefire.", date="2025-05-07")
    table = dyad.code_batch(pa.table({"id": ["a"], "text": ["..."]}))

The event fields are those of ``docs/schema.md`` (``dyad code --format jsonl``).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import warnings as _warnings
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

import pyarrow as _pa

from . import _dyad

__version__ = _dyad.__version__

__all__ = [
    "code",
    "code_batch",
    "code_batches",
    "parse",
    "event_schema",
    "spark_schema",
    "Store",
    "DyadWarning",
]


class DyadWarning(UserWarning):
    """Rows of a batch were skipped (null text, a bad date, an internal error)."""


def _date_str(date: Any, what: str = "date") -> Optional[str]:
    if date is None:
        return None
    if isinstance(date, (_dt.date, _dt.datetime)):
        return date.isoformat()[:10]
    if isinstance(date, str):
        return date
    raise TypeError(f"{what} must be a str (YYYY-MM-DD), datetime.date or None, not {type(date).__name__}")


def code(text: str, date: Any = None, doc_id: Optional[str] = None) -> List[Dict[str, Any]]:
    """Codes one article; returns its events as dicts (the JSONL schema).

    ``date`` is the publication date (``YYYY-MM-DD``, RFC 3339 or a
    ``datetime.date``) that relative expressions ("on Monday") resolve
    against. ``doc_id`` fills the events' ``doc_id`` (default ``"doc"``).
    """
    if not isinstance(text, str):
        raise TypeError(f"dyad.code: text must be str, not {type(text).__name__}")
    if doc_id is not None and not isinstance(doc_id, str):
        raise TypeError(f"dyad.code: doc_id must be str, not {type(doc_id).__name__}")
    try:
        lines = _dyad.code_jsonl(text, _date_str(date), doc_id if doc_id is not None else "doc")
    except UnicodeEncodeError:
        # Lone surrogates (text decoded with surrogateescape) are not UTF-8:
        # replace them with U+FFFD, one code point each so spans still
        # index the caller's string, as the CLI replaces invalid UTF-8.
        _warnings.warn("dyad.code: lone surrogates in text replaced with U+FFFD", DyadWarning, stacklevel=2)
        text = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
        lines = _dyad.code_jsonl(text, _date_str(date), doc_id if doc_id is not None else "doc")
    return [_json.loads(line) for line in lines.splitlines() if line]


def _as_table(data: Any) -> Any:
    """A pyarrow Table (or an Arrow C stream) for the Rust side."""
    if isinstance(data, _pa.Table):
        return data
    if isinstance(data, _pa.RecordBatch):
        return _pa.Table.from_batches([data])
    if hasattr(data, "__arrow_c_stream__"):
        return data
    # pandas (and anything else pyarrow understands), imported lazily.
    try:
        import pandas as pd  # noqa: F401

        if isinstance(data, pd.DataFrame):
            return _pa.Table.from_pandas(data, preserve_index=False)
    except ImportError:
        pass
    raise TypeError(
        "dyad.code_batch: expected a pyarrow.Table, pyarrow.RecordBatch or pandas.DataFrame "
        f"with columns id, text (and optional date, title, url, source), not {type(data).__name__}"
    )


def code_batch(data: Any, errors: str = "warn") -> _pa.Table:
    """Codes a batch of articles; returns one row per event.

    ``data``: a ``pyarrow.Table``, ``pyarrow.RecordBatch`` or
    ``pandas.DataFrame`` with string columns ``id`` (or integers) and
    ``text``, and optional ``date`` (string ``YYYY-MM-DD``/RFC 3339, Arrow
    date or timestamp), ``title``, ``url``, ``source``.

    Rows with null text or an unreadable date are skipped: ``errors="warn"``
    (default) emits a :class:`DyadWarning` with the counts, ``"ignore"`` is
    silent, ``"raise"`` raises ``ValueError``. A missing ``text``/``id``
    column raises ``ValueError``; a non-string ``text`` column ``TypeError``.
    """
    if errors not in ("warn", "ignore", "raise"):
        raise ValueError(f"errors must be 'warn', 'ignore' or 'raise', not {errors!r}")
    reader, report = _dyad.code_arrow(_as_table(data))
    table = reader.read_all()
    skipped = report["null_text"] + report["bad_date"] + report["failed"]
    if skipped and errors != "ignore":
        msg = (
            f"dyad.code_batch: {skipped} of {report['rows']} rows skipped "
            f"({report['null_text']} null text, {report['bad_date']} bad date, "
            f"{report['failed']} internal errors); e.g. " + "; ".join(report["examples"])
        )
        if errors == "raise":
            raise ValueError(msg)
        _warnings.warn(msg, DyadWarning, stacklevel=2)
    return table


def code_batches(batches: Iterable[Any], errors: str = "warn") -> Iterator[_pa.RecordBatch]:
    """Codes an iterator of Arrow batches and yields event batches: the
    function Spark's ``mapInArrow`` wants (``df.mapInArrow(dyad.code_batches,
    dyad.spark_schema())``)."""
    for batch in batches:
        yield from code_batch(batch, errors=errors).to_batches()


def event_schema() -> _pa.Schema:
    """The Arrow schema of :func:`code_batch`'s output."""
    return _pa.schema(_dyad.event_schema())


def _ddl(t: _pa.DataType) -> str:
    if _pa.types.is_string(t) or _pa.types.is_large_string(t):
        return "string"
    if _pa.types.is_int8(t):
        return "tinyint"
    if _pa.types.is_int32(t):
        return "int"
    if _pa.types.is_int64(t):
        return "bigint"
    if _pa.types.is_float32(t):
        return "float"
    if _pa.types.is_float64(t):
        return "double"
    if _pa.types.is_list(t):
        return f"array<{_ddl(t.value_type)}>"
    if _pa.types.is_struct(t):
        return "struct<" + ",".join(f"{t.field(i).name}:{_ddl(t.field(i).type)}" for i in range(t.num_fields)) + ">"
    raise TypeError(f"no Spark type for {t}")


def spark_schema() -> str:
    """The event schema in Spark's DDL, for ``mapInArrow(f, dyad.spark_schema())``."""
    return ", ".join(f"`{f.name}` {_ddl(f.type)}" for f in event_schema())


def parse(text: str) -> List[Dict[str, Any]]:
    """Tokens, tags and the dependency tree of each sentence of ``text``.

    Each sentence is a dict of parallel lists: ``tokens``, ``spans`` (code
    points), ``upos``, ``xpos``, ``lemmas``, ``heads`` (CoNLL-U: 0 = root,
    else the 1-based index of the head) and ``deprels``; plus its ``text``.
    """
    if not isinstance(text, str):
        raise TypeError(f"dyad.parse: text must be str, not {type(text).__name__}")
    return _dyad.parse(text)


class Store:
    """A read-only handle on an event store written by ``dyad ingest --db PATH``.

    Filters (all optional): ``actor``, ``country``, ``source``, ``target``,
    ``cameo`` (prefix), ``root``, ``quad`` (1–4), ``plover``, ``status``,
    ``issue``, ``start``/``end`` (dates; also ``from_``/``to``), ``place``,
    ``text`` (SQLite FTS5), ``doc_id`` — the options of ``dyad query``.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"]) -> None:  # noqa: F821
        self._store = _dyad.Store(path)

    def query_arrow(self, limit: Optional[int] = None, **filters: Any) -> _pa.Table:
        """Canonical events with the columns of ``dyad export --format parquet``."""
        return self._store.query_arrow(limit, _filters(filters)).read_all()

    def query(self, limit: Optional[int] = None, **filters: Any):  # -> pandas.DataFrame
        """Canonical events as a pandas DataFrame (typed columns; ``cameo`` stays text)."""
        return self.query_arrow(limit, **filters).to_pandas()

    def count(self, **filters: Any) -> int:
        """How many canonical events match."""
        return self._store.count(_filters(filters))

    def __repr__(self) -> str:
        return repr(self._store)


def _filters(filters: Dict[str, Any]) -> Dict[str, Any]:
    out = {}
    for k, v in filters.items():
        if k in ("start", "end", "from_", "to") and v is not None:
            v = _date_str(v, k)
        out[k] = v
    return out
