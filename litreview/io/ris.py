"""Reader and writer for RIS (PubMed, Zotero, EndNote, Mendeley exports).

Tolerant: CRLF, a BOM, one or two spaces around the dash, continuation lines
(appended to the field above), a missing ``ER`` at the end of the file (noted in
the report). A block of tagged lines that does not start with ``TY`` is skipped
with a one-line reason.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterable, Iterator, TextIO

from litreview.errors import RecordError
from litreview.records import Author, Record, join_sections

from .fields import clean_doi, parse_person, parse_pmid, parse_year, split_labelled
from .ids import make_record_id
from .report import ReadReport
from .sources import text_lines

__all__ = ["read_ris", "write_ris", "record_from_ris"]

_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?: (.*)|\s*)$")
_JOURNAL_TAGS = ("JA", "J2", "JO", "T2", "JF")


def _first(fields: dict[str, list[str]], *tags: str) -> str | None:
    for tag in tags:
        for value in fields.get(tag, ()):
            value = " ".join(value.split())
            if value:
                return value
    return None


def _all(fields: dict[str, list[str]], *tags: str) -> list[str]:
    out = []
    for tag in tags:
        out.extend(" ".join(v.split()) for v in fields.get(tag, ()) if v.strip())
    return out


def record_from_ris(fields: dict[str, list[str]], source: str, index: int) -> Record:
    """Build a :class:`Record` from the tag -> values of one RIS entry.

    Raises:
        ValueError: the entry has neither a title nor an abstract.
    """
    title = _first(fields, "TI", "T1", "CT", "BT")
    ab = fields.get("AB") or fields.get("N2")
    sections = split_labelled(" ".join(" ".join(ab).split()) if ab else None)
    abstract = join_sections(sections) or None
    if not title and not abstract:
        raise ValueError("no title (TI/T1) or abstract (AB/N2)")
    pmid = None
    # AN is the PMID in PubMed and Ovid exports; ID is often a reference manager's own
    # record number (EndNote: 1, 2, 3 ...), so a short bare number there is not a PMID
    candidates = [(v, False) for v in _all(fields, "AN")]
    candidates += [(v, len(v.strip()) < 6) for v in _all(fields, "ID")]
    candidates += [(v, True) for v in _all(fields, "UR", "M2", "N1", "C2", "L2")]
    for value, explicit in candidates:
        pmid = parse_pmid(value, explicit=explicit)
        if pmid:
            break
    doi = None
    for value in _all(fields, "DO", "M3", "UR", "N1"):
        doi = clean_doi(value)
        if doi:
            break
    authors = [parse_person(a) for a in _all(fields, "AU", "A1")]
    affiliations = tuple(_all(fields, "AD"))
    if affiliations and authors:
        # RIS has no author-affiliation link: the addresses are recorded on the first author
        first = authors[0]
        authors[0] = Author(first.last_name, first.fore_name, first.initials, first.collective, affiliations)
    return Record(
        id=make_record_id(pmid, doi, title, abstract, source, index),
        title=title,
        abstract=abstract,
        sections=sections,
        pmid=pmid,
        doi=doi,
        journal=_first(fields, *_JOURNAL_TAGS),
        year=parse_year(_first(fields, "PY", "Y1", "DA", "Y2")),
        authors=tuple(authors),
        keywords=tuple(_all(fields, "KW")),
        language=_first(fields, "LA"),
        source=source,
    )


def read_ris(stream: BinaryIO, name: str, report: ReadReport) -> Iterator[Record]:
    """Stream the records of a RIS file."""
    fields: dict[str, list[str]] = {}
    last_tag: str | None = None
    start = 0
    index = 0
    in_record = False   # inside TY .. ER
    orphan = False      # inside a block of tagged lines that did not start with TY
    stray_line = 0

    def finish() -> Iterator[Record]:
        nonlocal index
        index += 1
        try:
            yield record_from_ris(fields, name, index)
        except ValueError as exc:
            report.skip(RecordError(name, index, str(exc), line=start))

    for lineno, line in enumerate(text_lines(stream, name, report), start=1):
        line = line.rstrip("\n")
        match = _LINE.match(line)
        if not match:
            if in_record and last_tag and line.strip():
                fields[last_tag][-1] += " " + line.strip()  # a wrapped (continuation) line
            elif line.strip() and not in_record and not orphan and not stray_line:
                stray_line = lineno
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if in_record:
                yield from finish()
                report.note(f"{name}, record {index}, line {start}: no ER before the next TY")
            fields, last_tag, start, in_record, orphan = {"TY": [value]}, "TY", lineno, True, False
        elif tag == "ER":
            if in_record:
                yield from finish()
            in_record, orphan, fields, last_tag = False, False, {}, None
        elif in_record:
            fields.setdefault(tag, []).append(value)
            last_tag = tag
        elif not orphan:
            # tagged lines outside a TY ... ER entry: one skipped record per such block
            orphan = True
            index += 1
            report.skip(RecordError(name, index, f"entry does not start with TY (first tag {tag})",
                                    line=lineno))
    if in_record:
        yield from finish()
        report.note(f"{name}, record {index}, line {start}: file ends without ER; the entry was read")
    if index == 0 and stray_line:
        report.skip(RecordError(name, None, "no RIS entries (no 'TY  - ' line)", line=stray_line))


def _ris_line(tag: str, value: object) -> str:
    return f"{tag}  - {' '.join(str(value).split())}\n"


def write_ris(records: Iterable[Record], handle: TextIO) -> int:
    """Write RIS entries (TY JOUR, TI, AB, AU, PY, JO, DO, AN = PMID, KW, LA, ER)."""
    count = 0
    for record in records:
        types = {t.lower() for t in record.publication_types}
        kind = "BOOK" if "book" in types else ("CHAP" if "book chapter" in types else "JOUR")
        lines = [_ris_line("TY", kind)]
        if record.title:
            lines.append(_ris_line("TI", record.title))
        for author in record.authors:
            if author.collective:
                lines.append(_ris_line("AU", author.collective))
            elif author.last_name:
                given = author.fore_name or author.initials
                lines.append(_ris_line("AU", f"{author.last_name}, {given}" if given else author.last_name))
        if record.abstract:
            lines.append(_ris_line("AB", record.abstract))
        if record.year is not None:
            lines.append(_ris_line("PY", record.year))
        if record.journal:
            lines.append(_ris_line("JO", record.journal))
        if record.doi:
            lines.append(_ris_line("DO", record.doi))
        if record.pmid:
            lines.append(_ris_line("AN", record.pmid))
        for keyword in record.keywords:
            lines.append(_ris_line("KW", keyword))
        if record.language:
            lines.append(_ris_line("LA", record.language))
        for affiliation in record.affiliations:
            lines.append(_ris_line("AD", affiliation))
        lines.append("ER  - \n\n")
        handle.write("".join(lines))
        count += 1
    return count
