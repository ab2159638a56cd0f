"""PubMed retrieval: saved queries, the E-utilities client and the SQLite store.

``litreview.retrieval.entrez`` is the only module of litreview that imports
``Bio.Entrez``; it is imported lazily here so that ``import litreview.retrieval``
stays cheap for code that only reads a store.
"""

from __future__ import annotations

from typing import Any

from litreview.retrieval.queries import SavedQuery, load_query
from litreview.retrieval.store import RunInfo, Store

__all__ = [
    "ClientConfig",
    "EntrezClient",
    "FetchReport",
    "RunInfo",
    "SavedQuery",
    "SearchResult",
    "Store",
    "fetch_query",
    "load_query",
    "search_count",
]

_LAZY = {
    "ClientConfig": "litreview.retrieval.entrez",
    "EntrezClient": "litreview.retrieval.entrez",
    "FetchReport": "litreview.retrieval.fetch",
    "SearchResult": "litreview.retrieval.fetch",
    "fetch_query": "litreview.retrieval.fetch",
    "search_count": "litreview.retrieval.fetch",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'litreview.retrieval' has no attribute {name!r}")
