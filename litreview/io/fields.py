"""Small field parsers shared by the text-format readers (MEDLINE, RIS, CSV, text)."""

from __future__ import annotations

import re

from litreview.records import Author, Section

__all__ = ["parse_year", "clean_doi", "parse_pmid", "parse_person", "split_labelled", "split_list"]

_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PMID_URL = re.compile(r"pubmed(?:\.ncbi\.nlm\.nih\.gov|/)\D{0,20}?(\d{1,9})\b", re.I)
_PMID = re.compile(r"^\s*(?:pmid\s*[:=]?\s*)?(\d{1,9})\s*$", re.I)
# "BACKGROUND: ", "PATIENTS AND METHODS: " -- capitals only, so "HR: 0.5" style text is rare enough;
# a label must start the abstract or follow the end of a sentence.
_LABEL = re.compile(r"(?:^|(?<=[.!?)\]])\s+)([A-Z][A-Z0-9 ,&/()'-]{2,60}[A-Z)]):\s+")


def parse_year(text: str | None) -> int | None:
    """The first plausible year (1600-2099) in ``text``: ``"1998 Dec-1999 Jan"`` -> 1998."""
    if not text:
        return None
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def clean_doi(text: str | None) -> str | None:
    """A bare DOI from ``"10.1/x [doi]"``, ``"https://doi.org/10.1/x"`` or ``"doi:10.1/x"``."""
    if not text:
        return None
    match = _DOI.search(text)
    if not match:
        return None
    return match.group(0).rstrip(".,;")


def parse_pmid(text: str | None, explicit: bool = False) -> str | None:
    """A PMID from ``"123"``, ``"PMID: 123"`` or a PubMed URL; None otherwise.

    With ``explicit``, a bare number is not enough: the text must say PMID or be a
    PubMed URL (for fields that hold other numbers too).
    """
    if not text:
        return None
    match = _PMID.match(text)
    if match and explicit and "pmid" not in text.lower():
        match = None
    match = match or _PMID_URL.search(text)
    return match.group(1) if match else None


def parse_person(text: str) -> Author:
    """An author from ``"Smith, John A"``, ``"Smith JA"`` or ``"Smith, J. A."``."""
    text = " ".join(text.split()).strip(" ;")
    if "," in text:
        last, _, fore = text.partition(",")
        fore = fore.strip() or None
        initials = None
        if fore:
            initials = "".join(p[0] for p in re.split(r"[\s.\-]+", fore) if p and p[0].isalpha()).upper() or None
        return Author(last_name=last.strip() or None, fore_name=fore, initials=initials)
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].isupper() and parts[1].isalpha() and len(parts[1]) <= 4:
        return Author(last_name=parts[0], initials=parts[1])
    return Author(last_name=text or None)


def split_labelled(text: str | None) -> tuple[Section, ...]:
    """Split a flat abstract that starts with a capitalised label (``"BACKGROUND: ..."``).

    PubMed's text exports flatten structured abstracts this way; splitting them makes
    ``Record.abstract`` the same as when the record is read from XML. Text that does
    not start with a label is one unlabelled section.
    """
    if not text or not text.strip():
        return ()
    text = text.strip()
    matches = list(_LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return (Section(text=text),)
    sections = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        sections.append(Section(text=text[match.end():end].strip(), label=match.group(1)))
    return tuple(sections)


def split_list(text: str | None) -> tuple[str, ...]:
    """Split a ``;``- (or ``|``-) separated cell into stripped, non-empty items."""
    if not text:
        return ()
    sep = ";" if ";" in text else ("|" if "|" in text else None)
    items = text.split(sep) if sep else [text]
    return tuple(item.strip() for item in items if item.strip())
