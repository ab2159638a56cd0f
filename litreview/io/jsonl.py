"""Reader and writer for JSONL: one JSON object per line.

Reads the :meth:`Record.to_dict` shape (so ``litreview records -o x.jsonl``
round-trips losslessly) and flatter files such as the gold set (``id``, ``title``,
``abstract``, ``pmid``, ``doi``, ``year``, ``journal``, ``first_author`` ...). Keys
that are not Record fields are kept in ``Record.extra``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, BinaryIO, Iterable, Iterator, TextIO

from litreview.errors import RecordError
from litreview.records import Record, join_sections

from .fields import parse_person
from .ids import make_record_id
from .report import ReadReport
from .sources import text_lines

__all__ = ["read_jsonl", "write_jsonl", "record_from_json"]


def record_from_json(data: dict[str, Any], source: str, index: int) -> Record:
    """Build a :class:`Record` from one decoded JSON object.

    Raises:
        ValueError, TypeError: the object does not describe a record.
    """
    data = dict(data)
    for key in ("title", "abstract", "pmid", "doi", "journal", "language"):
        if data.get(key) == "":
            data[key] = None  # missing is None, never ""
    if data.get("pmid") is not None:
        data["pmid"] = str(data["pmid"])
    if data.get("year") in ("", None):
        data["year"] = None
    if isinstance(data.get("authors"), str):
        data["authors"] = [asdict(parse_person(a)) for a in data["authors"].split(";") if a.strip()]
    if isinstance(data.get("authors"), list):
        data["authors"] = [a if isinstance(a, dict) else asdict(parse_person(str(a)))
                           for a in data["authors"]]
    for key in ("mesh", "publication_types", "keywords"):
        if isinstance(data.get(key), str):
            data[key] = [v.strip() for v in data[key].split(";") if v.strip()]
    first_author = data.get("first_author")
    if not data.get("authors") and first_author:
        data["authors"] = [asdict(parse_person(str(first_author)))]
    if data.get("sections") and not data.get("abstract"):
        data["abstract"] = join_sections(
            Record.from_dict({"id": "x", "sections": data["sections"]}).sections) or None
    if not data.get("source"):
        data["source"] = source
    if data.get("id") in (None, ""):
        data["id"] = make_record_id(data.get("pmid"), data.get("doi"), data.get("title"),
                                    data.get("abstract"), source, index)
    return Record.from_dict(data)


def read_jsonl(stream: BinaryIO, name: str, report: ReadReport) -> Iterator[Record]:
    """Stream the records of a JSONL file; a bad line is skipped with its line number."""
    index = 0
    for lineno, line in enumerate(text_lines(stream, name, report), start=1):
        if not line.strip():
            continue
        index += 1
        try:
            data = json.loads(line.strip())
        except json.JSONDecodeError as exc:
            report.skip(RecordError(name, index, f"invalid JSON: {exc.msg} (column {exc.colno})", line=lineno))
            continue
        if not isinstance(data, dict):
            report.skip(RecordError(name, index, f"expected a JSON object, got {type(data).__name__}",
                                    line=lineno))
            continue
        try:
            yield record_from_json(data, name, index)
        except (ValueError, TypeError, AttributeError) as exc:
            report.skip(RecordError(name, index, f"not a record: {exc}", line=lineno))


def write_jsonl(records: Iterable[Record], handle: TextIO) -> int:
    """Write one :meth:`Record.to_dict` object per line."""
    count = 0
    for record in records:
        handle.write(json.dumps(record.to_dict(), ensure_ascii=False, default=str))
        handle.write("\n")
        count += 1
    return count
