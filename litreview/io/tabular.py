"""Reader and writer for CSV/TSV tables of records.

Headers are matched case-insensitively, ignoring spaces and punctuation, against
the aliases in :data:`COLUMNS` (so ``Title``, ``PMID``, ``Journal/Book``,
``Publication Year`` from PubMed's CSV export, Zotero's ``Abstract Note`` or a
screening spreadsheet's ``title``/``abstract`` all work). Other columns are kept in
``Record.extra``. The delimiter is sniffed (``,``, tab, ``;``, ``|``).
"""

from __future__ import annotations

import csv
import re
import sys
from typing import BinaryIO, Iterable, Iterator, TextIO

from litreview.errors import InputError, RecordError
from litreview.records import Author, Record, Section, join_sections

from .fields import clean_doi, parse_person, parse_pmid, parse_year, split_list
from .ids import make_record_id
from .report import ReadReport
from .sources import text_lines

__all__ = ["read_table", "write_csv", "COLUMNS", "CSV_COLUMNS"]

# fields can be long (abstracts, pasted full texts); the default 128 kB limit is too low
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: Record field -> accepted header names (compared after :func:`_norm`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "recordid", "key", "refid"),
    "title": ("title", "articletitle", "ti", "primarytitle", "documenttitle"),
    "abstract": ("abstract", "ab", "abstractnote", "abstracttext", "summary"),
    "pmid": ("pmid", "pubmedid", "pubmed"),
    "doi": ("doi",),
    "year": ("year", "publicationyear", "py", "pubyear", "pubdate", "date"),
    "journal": ("journal", "journalbook", "journalabbreviation", "sourcetitle",
                "publicationtitle", "ta"),
    "authors": ("authors", "author", "au"),
    "first_author": ("firstauthor",),
    "mesh": ("mesh", "meshterms", "mh"),
    "keywords": ("keywords", "authorkeywords", "manualtags", "kw"),
    "publication_types": ("publicationtypes", "publicationtype", "pt"),
    "language": ("language", "la"),
    "affiliations": ("affiliations", "affiliation", "ad"),
}

#: Columns of the CSV writer, in order.
CSV_COLUMNS = ("id", "pmid", "doi", "title", "abstract", "journal", "year", "first_author",
               "authors", "affiliations", "mesh", "publication_types", "keywords", "language", "source")


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.strip().lower())


def _sniff(sample: str, name: str) -> str:
    lower = name.lower()
    if lower.endswith((".tsv", ".tsv.gz", ".tab", ".tab.gz")):
        return "\t"
    first = sample.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in ",\t;|"}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


def _map_columns(header: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    normalised = [_norm(h) for h in header]
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in normalised:
                mapping[field] = normalised.index(alias)
                break
    return mapping


_INITIALS_NAME = re.compile(r"^\S.*\s[A-Z]{1,4}$")


def _split_authors(cell: str) -> list[str]:
    """Names from ``"Kim J; Park S"``, ``"Kim, Jin; Park, Su"`` or PubMed's ``"Kim J, Park S."``."""
    names = []
    for piece in cell.strip().rstrip(".").split(";") if ";" in cell else [cell.strip().rstrip(".")]:
        parts = [p.strip() for p in piece.split(",") if p.strip()]
        if len(parts) > 1 and all(_INITIALS_NAME.match(p) for p in parts):
            names.extend(parts)  # "Kim J, Park S": comma-separated "Last INITIALS"
        elif len(parts) > 2 and ";" not in cell:
            names.extend(parts)
        elif piece.strip():
            names.append(piece.strip())
    return names


def _authors(cell: str | None, first: str | None, affiliations: tuple[str, ...]) -> tuple[Author, ...]:
    authors = [parse_person(n) for n in _split_authors(cell)] if cell else []
    if not authors and first:
        authors = [parse_person(first)]
    if affiliations and authors:
        a = authors[0]
        authors[0] = Author(a.last_name, a.fore_name, a.initials, a.collective, affiliations)
    return tuple(authors)


def read_table(stream: BinaryIO, name: str, report: ReadReport) -> Iterator[Record]:
    """Stream the rows of a CSV/TSV file as records.

    Raises:
        InputError: the table has neither an abstract column nor a PMID column (the
            message lists the columns found), or it is empty.
    """
    lines = text_lines(stream, name, report)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if len(head) >= 20:
            break
    if not "".join(head).strip():
        raise InputError(f"{name}: empty table")
    delimiter = _sniff("".join(head), name)

    def all_lines() -> Iterator[str]:
        yield from head
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter)
    header = next(reader)
    columns = _map_columns(header)
    found = ", ".join(h for h in header if h.strip()) or "none"
    if "abstract" not in columns:
        if "pmid" not in columns:
            raise InputError(
                f"{name}: no abstract column (columns found: {found}); a table needs 'title' and "
                "'abstract' columns (any case), or a 'PMID' column")
        report.note(f"{name}: no abstract column (columns found: {found}); records have no abstract")
    if "title" not in columns and "abstract" in columns:
        report.note(f"{name}: no title column (columns found: {found})")
    used = set(columns.values())
    others = [(i, h.strip()) for i, h in enumerate(header) if i not in used and h.strip()]
    index = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            index += 1
            report.skip(RecordError(name, index, f"bad CSV row: {exc}", line=reader.line_num))
            continue
        if not any(cell.strip() for cell in row):
            continue
        index += 1

        def cell(field: str) -> str | None:
            i = columns.get(field)
            if i is None or i >= len(row):
                return None
            value = row[i].strip()
            return value or None

        title = cell("title")
        abstract_text = cell("abstract")
        pmid = parse_pmid(cell("pmid"))
        if not title and not abstract_text and not pmid:
            report.skip(RecordError(name, index, "no title, abstract or PMID", line=reader.line_num))
            continue
        sections = (Section(text=abstract_text),) if abstract_text else ()
        abstract = join_sections(sections) or None
        doi = clean_doi(cell("doi"))
        affiliations = split_list(cell("affiliations"))
        extra = {h: row[i] for i, h in others if i < len(row) and row[i].strip()}
        own_id = cell("id")
        if pmid and own_id and own_id != pmid:
            extra[header[columns["id"]].strip()] = own_id  # the PMID is the id; keep the table's own
        yield Record(
            id=pmid or own_id or make_record_id(pmid, doi, title, abstract, name, index),
            title=title,
            abstract=abstract,
            sections=sections,
            pmid=pmid,
            doi=doi,
            journal=cell("journal"),
            year=parse_year(cell("year")),
            authors=_authors(cell("authors"), cell("first_author"), affiliations),
            mesh=split_list(cell("mesh")),
            publication_types=split_list(cell("publication_types")),
            keywords=split_list(cell("keywords")),
            language=cell("language"),
            source=name,
            extra=extra,
        )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return str(value)


def write_csv(records: Iterable[Record], handle: TextIO, delimiter: str = ",") -> int:
    """Write one row per record (lists joined with ``"; "`` only in the cell)."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in records:
        row = {
            "id": record.id, "pmid": record.pmid, "doi": record.doi, "title": record.title,
            "abstract": record.abstract, "journal": record.journal, "year": record.year,
            "first_author": record.first_author,
            "authors": [a.name for a in record.authors],
            "affiliations": record.affiliations, "mesh": record.mesh,
            "publication_types": record.publication_types, "keywords": record.keywords,
            "language": record.language, "source": record.source,
        }
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
        count += 1
    return count
