"""Writing Extractions: JSONL (``Extraction.to_dict()`` per line) or a flat CSV table."""

from __future__ import annotations

import csv
import json
import os
import sys
from typing import Iterable, TextIO

from litreview.records import FIELD_NAMES, Extraction

__all__ = ["write_extractions", "csv_row", "CSV_COLUMNS"]

#: Columns of the CSV output, in order.
CSV_COLUMNS: tuple[str, ...] = ("id", "pmid", "title", "relevant", "design") + FIELD_NAMES


def csv_row(extraction: Extraction) -> dict[str, str]:
    """One flat CSV row: values only (periods as ``2004-2017``, empty cells for None)."""
    row = {"id": extraction.id, "pmid": extraction.pmid or "", "title": extraction.title or "",
           "relevant": "true" if extraction.relevant else "false", "design": extraction.design or ""}
    for name in FIELD_NAMES:
        value = extraction.value(name)
        if value is None:
            row[name] = ""
        elif isinstance(value, (tuple, list)):
            row[name] = "-".join(str(v) for v in value)
        else:
            row[name] = str(value)
    return row


def _write(extractions: Iterable[Extraction], handle: TextIO, fmt: str) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for extraction in extractions:
            writer.writerow(csv_row(extraction))
            count += 1
    else:
        for extraction in extractions:
            handle.write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


def write_extractions(extractions: Iterable[Extraction], path: str | os.PathLike[str] = "-") -> int:
    """Write extractions to ``path`` (``-`` = stdout); ``.csv`` gives CSV, anything else JSONL.

    Files are written atomically: an interrupted run leaves the old file in place.
    Returns the number written.
    """
    from litreview.io.atomic import atomic_write

    name = str(path)
    fmt = "csv" if name.lower().endswith(".csv") else "jsonl"
    if name == "-":
        return _write(extractions, sys.stdout, fmt)
    with atomic_write(name, newline="" if fmt == "csv" else None) as handle:
        return _write(extractions, handle, fmt)
