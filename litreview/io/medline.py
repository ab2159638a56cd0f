"""Reader for MEDLINE text (PubMed "Citation manager" ``.nbib`` / ``.txt`` exports, EFetch rettype=medline).

Records are split and fields joined by :func:`Bio.Medline.parse`; we watch the lines
it reads to keep the order of FAU/AU/CN/AD tags, which the parsed dict loses, so that
each ``AD`` affiliation goes to the author it follows.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterable, Iterator

from litreview.errors import RecordError
from litreview.records import Author, Record, join_sections

from .fields import clean_doi, parse_person, parse_year, split_labelled
from .ids import make_record_id
from .report import ReadReport
from .sources import text_lines

__all__ = ["read_medline", "record_from_medline"]

_TAG = re.compile(r"^([A-Z][A-Z0-9 ]{1,3})- ")


class _TagWatcher:
    """Passes lines through while noting, per record, its first line and tag order."""

    def __init__(self, lines: Iterable[str]):
        self._lines = lines
        self.tags: list[str] = []      # tags of the record Bio.Medline just finished
        self.start = 0                 # its first line number
        self._current: list[str] = []
        self._current_start = 0
        self.lineno = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.lineno += 1
            if line.strip() == "":
                if self._current:
                    self.tags, self.start = self._current, self._current_start
                self._current = []
            elif not line.startswith("      "):
                if not self._current:
                    self._current_start = self.lineno
                self._current.append(line[:4].rstrip())
            yield line
        if self._current:
            self.tags, self.start = self._current, self._current_start
            self._current = []


def _authors(fields: dict, tags: list[str]) -> tuple[Author, ...]:
    full = list(fields.get("FAU", []))
    short = list(fields.get("AU", []))
    collective = list(fields.get("CN", []))
    affiliations = list(fields.get("AD", []))
    use_full = bool(full)
    authors: list[dict] = []
    i_full = i_short = i_cn = i_ad = 0
    for tag in tags:
        if tag == "FAU" and i_full < len(full):
            person = parse_person(full[i_full])
            i_full += 1
            authors.append({"last_name": person.last_name, "fore_name": person.fore_name,
                            "initials": None, "collective": None, "affiliations": []})
        elif tag == "AU" and i_short < len(short):
            person = parse_person(short[i_short])
            i_short += 1
            if use_full:
                if authors and authors[-1]["collective"] is None and authors[-1]["initials"] is None:
                    authors[-1]["initials"] = person.initials
            else:
                authors.append({"last_name": person.last_name, "fore_name": None,
                                "initials": person.initials, "collective": None, "affiliations": []})
        elif tag == "CN" and i_cn < len(collective):
            authors.append({"last_name": None, "fore_name": None, "initials": None,
                            "collective": collective[i_cn].strip(), "affiliations": []})
            i_cn += 1
        elif tag == "AD" and i_ad < len(affiliations):
            text = " ".join(affiliations[i_ad].split())
            i_ad += 1
            if authors and text:
                authors[-1]["affiliations"].append(text)
            elif text:
                # an AD before any author: older records with one record-level address
                authors.append({"pending": text})
    result = []
    pending: list[str] = []
    for data in authors:
        if "pending" in data:
            pending.append(data["pending"])
            continue
        result.append(Author(last_name=data["last_name"], fore_name=data["fore_name"],
                             initials=data["initials"], collective=data["collective"],
                             affiliations=tuple(data["affiliations"])))
    if pending and result and not result[0].affiliations:
        first = result[0]
        result[0] = Author(first.last_name, first.fore_name, first.initials, first.collective, tuple(pending))
    return tuple(result)


def _doi(fields: dict) -> str | None:
    for key in ("LID", "AID"):
        values = fields.get(key) or []
        if isinstance(values, str):
            values = [values]
        for value in values:
            if "[doi]" in value:
                doi = clean_doi(value)
                if doi:
                    return doi
    return None


def _clean_mesh(term: str) -> str:
    # "Breast Neoplasms/*pathology/surgery" -> "Breast Neoplasms"; "*Hepatectomy" -> "Hepatectomy"
    return term.split("/", 1)[0].lstrip("*").strip()


def record_from_medline(fields: dict, tags: list[str], source: str, index: int) -> Record:
    """Build a :class:`Record` from one :func:`Bio.Medline.parse` record.

    Raises:
        ValueError: the block has no PMID, title or abstract (not a MEDLINE record).
    """
    pmid = (fields.get("PMID") or "").strip() or None
    title = " ".join((fields.get("TI") or fields.get("BTI") or "").split()) or None
    if isinstance(fields.get("BTI"), list):
        title = title or " ".join(" ".join(fields["BTI"]).split()) or None
    ab = fields.get("AB")
    sections = split_labelled(" ".join(ab.split()) if ab else None)
    abstract = join_sections(sections) or None
    if not (pmid or title or abstract):
        known = ", ".join(sorted(fields)[:8]) or "none"
        raise ValueError(f"not a MEDLINE record: no PMID, TI or AB field (tags: {known})")
    doi = _doi(fields)
    language = fields.get("LA")
    return Record(
        id=make_record_id(pmid, doi, title, abstract, source, index),
        title=title,
        abstract=abstract,
        sections=sections,
        pmid=pmid,
        doi=doi,
        journal=(fields.get("TA") or fields.get("JT") or None),
        year=parse_year(fields.get("DP")),
        authors=_authors(fields, tags),
        mesh=tuple(_clean_mesh(t) for t in fields.get("MH", []) if _clean_mesh(t)),
        publication_types=tuple(t.strip() for t in fields.get("PT", []) if t.strip()),
        keywords=tuple(" ".join(t.split()) for t in fields.get("OT", []) if t.strip()),
        language=(language[0].strip() if language else None),
        source=source,
    )


def read_medline(stream: BinaryIO, name: str, report: ReadReport) -> Iterator[Record]:
    """Stream the records of a MEDLINE-format text file."""
    from Bio import Medline  # heavy-ish import kept out of `litreview --help`

    watcher = _TagWatcher(text_lines(stream, name, report))
    for index, fields in enumerate(Medline.parse(iter(watcher)), start=1):
        try:
            yield record_from_medline(fields, watcher.tags, name, index)
        except (ValueError, TypeError, AttributeError) as exc:
            report.skip(RecordError(name, index, str(exc), line=watcher.start))
