# Type stubs of the dyad package (the API of __init__.py; the Rust module
# dyad._dyad is private).
import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Optional, TypedDict, Union

import pandas
import pyarrow

__version__: str

class Actor(TypedDict):
    text: str
    code: str
    country: Optional[str]
    sector: Optional[str]
    span: List[int]

class Plover(TypedDict):
    event: Optional[str]
    mode: Optional[str]

class Location(TypedDict):
    text: str
    name: str
    country: Optional[str]
    admin1: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geonames_id: Optional[int]
    id: Optional[str]

class Evidence(TypedDict):
    verb_span: List[int]
    rule: str

Event = TypedDict(
    "Event",
    {
        "doc_id": str,
        "sentence": int,
        "text": str,
        "source": List[Actor],
        "target": List[Actor],
        "cameo": str,
        "cameo_root": str,
        "quad_class": int,
        "goldstein": float,
        "plover": Plover,
        "status": Literal["asserted", "claimed", "denied", "negated", "future", "hypothetical"],
        "attributed_to": Optional[Actor],
        "date": Optional[str],
        "date_precision": Literal["day", "month", "year", "publication"],
        "location": Optional[Location],
        "issues": List[str],
        "evidence": Evidence,
    },
)

class Sentence(TypedDict):
    text: str
    tokens: List[str]
    spans: List[List[int]]
    upos: List[str]
    xpos: List[str]
    lemmas: List[str]
    heads: List[int]
    deprels: List[str]

class DyadWarning(UserWarning): ...

DateLike = Union[str, datetime.date, None]
Errors = Literal["warn", "ignore", "raise"]

def code(text: str, date: DateLike = None, doc_id: Optional[str] = None) -> List[Event]: ...
def code_batch(
    data: Union[pyarrow.Table, pyarrow.RecordBatch, pandas.DataFrame], errors: Errors = "warn"
) -> pyarrow.Table: ...
def code_batches(
    batches: Iterable[Union[pyarrow.Table, pyarrow.RecordBatch]], errors: Errors = "warn"
) -> Iterator[pyarrow.RecordBatch]: ...
def event_schema() -> pyarrow.Schema: ...
def spark_schema() -> str: ...
def parse(text: str) -> List[Sentence]: ...

class Store:
    def __init__(self, path: Union[str, os.PathLike[str]]) -> None: ...
    def query_arrow(
        self,
        limit: Optional[int] = None,
        *,
        actor: Optional[str] = ...,
        country: Optional[str] = ...,
        source: Optional[str] = ...,
        target: Optional[str] = ...,
        cameo: Optional[str] = ...,
        root: Optional[str] = ...,
        quad: Optional[int] = ...,
        plover: Optional[str] = ...,
        status: Optional[str] = ...,
        issue: Optional[str] = ...,
        start: DateLike = ...,
        end: DateLike = ...,
        place: Optional[str] = ...,
        text: Optional[str] = ...,
        doc_id: Optional[str] = ...,
    ) -> pyarrow.Table: ...
    def query(
        self,
        limit: Optional[int] = None,
        *,
        actor: Optional[str] = ...,
        country: Optional[str] = ...,
        source: Optional[str] = ...,
        target: Optional[str] = ...,
        cameo: Optional[str] = ...,
        root: Optional[str] = ...,
        quad: Optional[int] = ...,
        plover: Optional[str] = ...,
        status: Optional[str] = ...,
        issue: Optional[str] = ...,
        start: DateLike = ...,
        end: DateLike = ...,
        place: Optional[str] = ...,
        text: Optional[str] = ...,
        doc_id: Optional[str] = ...,
    ) -> pandas.DataFrame: ...
    def count(self, **filters: Any) -> int: ...
