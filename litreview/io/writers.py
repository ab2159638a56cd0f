"""``write_records``: JSONL, CSV/TSV or RIS, chosen by the output's extension, written atomically."""

from __future__ import annotations

import gzip
import io
import os
import sys
from typing import Iterable

from litreview.records import Record

from .atomic import atomic_write
from .detect import writer_for

__all__ = ["write_records"]


def write_records(records: Iterable[Record], path: str | os.PathLike, format: str | None = None) -> int:
    """Write ``records`` to ``path`` and return how many were written.

    The format comes from ``format`` or the extension (``.jsonl``, ``.csv``, ``.tsv``,
    ``.ris``; add ``.gz`` to compress). ``"-"`` writes to standard output (JSONL unless
    ``format`` says otherwise). Files are replaced atomically: if writing fails, the
    old file is left as it was.

    Raises:
        UnknownFormatError: no writer for that extension or format name.
    """
    target = os.fspath(path)
    _, writer = writer_for(target, format)
    if target == "-":
        count = writer(records, sys.stdout)
        sys.stdout.flush()
        return count
    if target.lower().endswith(".gz"):
        with atomic_write(target, "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as zipped:
                with io.TextIOWrapper(zipped, encoding="utf-8", newline="") as text:
                    return writer(records, text)
    with atomic_write(target, "w", newline="") as handle:
        return writer(records, handle)
