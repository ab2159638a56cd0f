"""The record id rule, shared by every reader.

1. the PMID when there is one (``"12091962"``): the stable id used everywhere;
2. else ``"doi:<doi in lower case>"``;
3. else ``"sha1:<16 hex>"`` of the normalised title and abstract, so the same
   item read from two files gets the same id;
4. else (no title, no abstract) ``"<source>#<index>"``.

JSONL input keeps its own ``id``.
"""

from __future__ import annotations

import hashlib

__all__ = ["make_record_id"]


def make_record_id(pmid: str | None, doi: str | None, title: str | None,
                   abstract: str | None, source: str | None, index: int) -> str:
    """Return the id of a record by the rule in this module's docstring."""
    if pmid:
        return pmid
    if doi:
        return f"doi:{doi.strip().lower()}"
    text = " ".join(f"{title or ''}\n{abstract or ''}".lower().split())
    if text:
        return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"{source or '<input>'}#{index}"
