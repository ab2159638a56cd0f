"""The format registry: names, extensions, readers and writers, in one place.

A file's format comes from its content first (the first bytes are sniffed:
PubMed XML, RIS ``TY  -``, MEDLINE ``PMID-``, JSON lines), then from its extension
(``.gz`` removed first). Binary junk is refused with the list of formats.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable, Iterator, TextIO

from litreview.errors import UnknownFormatError
from litreview.records import Record

from .jsonl import read_jsonl, write_jsonl
from .medline import read_medline
from .plaintext import read_text
from .pubmed_xml import read_pubmed_xml
from .report import ReadReport
from .ris import read_ris, write_ris
from .tabular import read_table, write_csv

__all__ = ["Format", "FORMATS", "WRITERS", "detect_format", "sniff_format", "writer_for",
           "supported_formats", "strip_gz", "file_extension"]

Reader = Callable[[BinaryIO, str, ReadReport], Iterator[Record]]
Writer = Callable[[Iterable[Record], TextIO], int]


@dataclass(frozen=True)
class Format:
    """One input format: its name (for ``--format``), extensions and reader."""

    name: str
    extensions: tuple[str, ...]
    description: str
    reader: Reader


#: Input formats by name, in the order messages list them.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("pubmed-xml", (".xml",), "PubMed XML: EFetch answers, baseline/update files, MedlineCitationSet",
           read_pubmed_xml),
    Format("medline", (".nbib", ".medline"), "MEDLINE text (PubMed 'Citation manager' export)", read_medline),
    Format("ris", (".ris",), "RIS (PubMed, Zotero, EndNote, Mendeley)", read_ris),
    Format("csv", (".csv",), "CSV with title and abstract (or PMID) columns", read_table),
    Format("tsv", (".tsv", ".tab"), "TSV with title and abstract (or PMID) columns", read_table),
    Format("jsonl", (".jsonl", ".ndjson"), "JSON lines (Record.to_dict shape or id/title/abstract)",
           read_jsonl),
    Format("text", (".txt", ".text"), "plain text: blank-line separated records, first line = title",
           read_text),
)}

#: Output formats by name; ``write_records`` picks one from the output's extension.
WRITERS: dict[str, tuple[tuple[str, ...], Writer]] = {
    "jsonl": ((".jsonl", ".ndjson"), write_jsonl),
    "csv": ((".csv",), write_csv),
    "tsv": ((".tsv", ".tab"), functools.partial(write_csv, delimiter="\t")),
    "ris": ((".ris",), write_ris),
}

_XML_ROOT = re.compile(rb"<(PubmedArticleSet|MedlineCitationSet|PubmedBookArticleSet|PubmedArticle)\b")
_RIS = re.compile(rb"^\s*TY\s{1,2}-")
_MEDLINE = re.compile(rb"^\s*PMID- ?\d")
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def supported_formats() -> str:
    """The list of formats for error messages."""
    parts = [f"{f.name} ({', '.join(f.extensions)})" for f in FORMATS.values()]
    return "supported formats: " + "; ".join(parts) + "; each may be gzipped (.gz)"


def strip_gz(name: str) -> str:
    """``"a.xml.gz"`` -> ``"a.xml"``."""
    return name[:-3] if name.lower().endswith(".gz") else name


def file_extension(name: str) -> str:
    """``"dir/a.XML.gz"`` -> ``".xml"`` (lower case, ``.gz`` ignored, ``""`` when none)."""
    base = strip_gz(name).lower().rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1] if "." in base else ""


def _is_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(head.count(bytes([c])) for c in _CONTROL)
    return control > max(2, len(head) // 20)


def sniff_format(head: bytes) -> str | None:
    """The format the first bytes show, or None when they are not conclusive."""
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    stripped = body.lstrip()
    if stripped.startswith(b"<"):
        if b"<html" in body.lower() and not _XML_ROOT.search(body):
            return None  # an HTML page (e.g. a saved error page), refused by detect_format
        return "pubmed-xml"  # other XML roots get a clear "not PubMed XML" from the reader
    if _RIS.match(body):
        return "ris"
    if _MEDLINE.match(body):
        return "medline"
    if stripped.startswith(b"{"):
        return "jsonl"
    return None


def detect_format(name: str, head: bytes, explicit: str | None = None) -> str:
    """Pick the format of an input from ``explicit``, its content and its name.

    Raises:
        UnknownFormatError: ``explicit`` is not a format name, the content is binary or
            an HTML page, or neither content nor extension says what it is.
    """
    if explicit:
        key = explicit.lower()
        if key not in FORMATS:
            raise UnknownFormatError(f"unknown format {explicit!r}; available: {', '.join(FORMATS)}")
        return key
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnknownFormatError(f"{name}: UTF-16 text; save it as UTF-8. {supported_formats()}")
    if _is_binary(head):
        raise UnknownFormatError(f"{name}: binary content (starts with {head[:8]!r}), not a "
                                 f"supported format; {supported_formats()}")
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UnknownFormatError(f"{name}: empty input")
    sniffed = sniff_format(head)
    if sniffed:
        return sniffed
    if head.lstrip()[:1] == b"<":
        raise UnknownFormatError(f"{name}: an HTML page, not a supported format; {supported_formats()}")
    ext = file_extension(name)
    for fmt in FORMATS.values():
        if ext in fmt.extensions:
            return fmt.name
    first = head.split(b"\n", 1)[0].lower()
    if re.search(rb"(title|abstract|pmid)", first) and re.search(rb"[,\t;|]", first):
        return "tsv" if b"\t" in first else "csv"
    if not ext:
        # Text piped in or a file without extension, and nothing structured in it: the
        # plain-text format (records separated by blank lines) is the only reading left.
        return "text"
    raise UnknownFormatError(f"{name}: cannot tell the format (extension {ext!r}); "
                             f"use --format; {supported_formats()}")


def writer_for(path: str, format: str | None = None) -> tuple[str, Writer]:
    """The writer for an output path (by extension) or an explicit format name.

    Raises:
        UnknownFormatError: no writer for that name or extension (lists the options).
    """
    options = ", ".join(f"{k} ({', '.join(exts)})" for k, (exts, _) in WRITERS.items())
    if format:
        key = format.lower()
        if key not in WRITERS:
            raise UnknownFormatError(f"cannot write format {format!r}; available: {options}")
        return key, WRITERS[key][1]
    if path == "-":
        return "jsonl", WRITERS["jsonl"][1]
    ext = file_extension(path)
    for key, (exts, writer) in WRITERS.items():
        if ext in exts:
            return key, writer
    raise UnknownFormatError(f"{path}: cannot write {ext or 'files without an extension'}; "
                             f"available: {options}")
