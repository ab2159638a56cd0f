"""Reader for plain text: records separated by blank lines; first line title, the rest abstract."""

from __future__ import annotations

from typing import BinaryIO, Iterator

from litreview.records import Record, Section, join_sections

from .ids import make_record_id
from .report import ReadReport
from .sources import text_lines

__all__ = ["read_text"]


def _record(block: list[str], name: str, index: int) -> Record:
    title = " ".join(block[0].split()) or None
    # wrapped lines of one paragraph are joined with spaces
    body = " ".join(" ".join(block[1:]).split())
    sections = (Section(text=body),) if body else ()
    abstract = join_sections(sections) or None
    return Record(id=make_record_id(None, None, title, abstract, name, index), title=title,
                  abstract=abstract, sections=sections, source=name)


def read_text(stream: BinaryIO, name: str, report: ReadReport) -> Iterator[Record]:
    """Stream the records of a plain-text file."""
    block: list[str] = []
    index = 0
    for line in text_lines(stream, name, report):
        if line.strip():
            block.append(line.strip())
        elif block:
            index += 1
            yield _record(block, name, index)
            block = []
    if block:
        index += 1
        yield _record(block, name, index)
