"""Streaming reader for PubMed XML (EFetch answers, baseline and update files).

Handles ``PubmedArticleSet`` (``PubmedArticle``, ``PubmedBookArticle``,
``DeleteCitation``) and the older ``MedlineCitationSet`` files. Parsing is
incremental with ``lxml.etree.iterparse``: each record is converted, then its
element is cleared and dropped from the tree, so memory stays flat however large
the file. No DTD is loaded and nothing is fetched from the network.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
from typing import BinaryIO, Iterable, Iterator

from lxml import etree

from litreview.errors import InputError, RecordError
from litreview.records import Author, Record, Section, join_sections

from .ids import make_record_id
from .report import ReadReport
from .sources import Source, open_binary

__all__ = ["parse_pubmed_xml", "read_pubmed_xml", "record_from_element", "PUBMED_ROOTS"]

log = logging.getLogger("litreview.io.pubmed_xml")

#: Root elements this reader accepts.
PUBMED_ROOTS = ("PubmedArticleSet", "MedlineCitationSet", "PubmedBookArticleSet")

_RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "MedlineCitation", "DeleteCitation")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


def _text(elem: etree._Element | None) -> str | None:
    """All text inside ``elem`` (inline markup such as <i>, <sup>, MathML dropped), whitespace collapsed."""
    if elem is None:
        return None
    # most elements have no inline markup: .text is much cheaper than itertext()
    text = "".join(elem.itertext()) if len(elem) else elem.text
    if not text:
        return None
    return " ".join(text.split()) or None


def _plain(elem: etree._Element) -> str | None:
    """Text of an element that never carries markup (names, initials, MeSH terms)."""
    text = elem.text
    if not text or len(elem):
        return _text(elem)
    text = text.strip()
    if "  " in text or "\n" in text:
        text = " ".join(text.split())
    return text or None


def _texts(elems: Iterable[etree._Element]) -> tuple[str, ...]:
    out = []
    for elem in elems:
        text = _text(elem)
        if text:
            out.append(text)
    return tuple(out)


def _year(date: etree._Element | None) -> int | None:
    if date is None:
        return None
    text = date.findtext("Year") or date.findtext("MedlineDate")
    if text:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def _sections(abstract: etree._Element | None) -> tuple[Section, ...]:
    if abstract is None:
        return ()
    sections = []
    for part in abstract.iterchildren("AbstractText"):
        text = _text(part) or ""
        label = part.get("Label") or None
        if not text and not label:
            continue
        sections.append(Section(text=text, label=label, category=part.get("NlmCategory") or None))
    return tuple(sections)


def _author(author: etree._Element) -> Author | None:
    # one pass over the children: several times faster than one find() per field
    last = fore = initials = collective = None
    affiliations: list[str] = []
    for child in author:
        tag = child.tag
        if tag == "LastName":
            last = _plain(child)
        elif tag == "ForeName" or tag == "FirstName":
            fore = _plain(child)
        elif tag == "Initials":
            initials = _plain(child)
        elif tag == "CollectiveName":
            collective = _text(child)
        elif tag == "AffiliationInfo":
            for aff in child.iterchildren("Affiliation"):
                text = _text(aff)
                if text:
                    affiliations.append(text)
        elif tag == "Affiliation":  # MEDLINE files before 2015: directly under Author
            text = _text(child)
            if text:
                affiliations.append(text)
    if not collective and not last:
        return None
    return Author(last_name=last, fore_name=fore, initials=initials, collective=collective,
                  affiliations=tuple(affiliations))


def _authors(author_list: etree._Element | None, article_affiliation: str | None = None) -> tuple[Author, ...]:
    if author_list is None:
        return ()
    authors = []
    for elem in author_list.iterchildren("Author"):
        author = _author(elem)
        if author is not None:
            authors.append(author)
    if article_affiliation and authors and not authors[0].affiliations:
        # very old records have one Article/Affiliation: NLM recorded the first author's
        first = authors[0]
        authors[0] = Author(first.last_name, first.fore_name, first.initials, first.collective,
                            (article_affiliation,))
    return tuple(authors)


def _doi_in(parent: etree._Element | None, path: str, attribute: str) -> str | None:
    """The first ``path`` element of ``parent`` whose ``attribute`` is "doi"."""
    if parent is None:
        return None
    for elem in parent.iterfind(path):
        if elem.get(attribute) == "doi":
            text = _text(elem)
            if text:
                return text
    return None


def _author_list(parent: etree._Element) -> etree._Element | None:
    for author_list in parent.iterchildren("AuthorList"):
        if author_list.get("Type", "authors") == "authors":
            return author_list
    return None


def _from_citation(citation: etree._Element, pubmed_data: etree._Element | None,
                   source: str, index: int) -> Record:
    pmid = article = None
    mesh: tuple[str, ...] = ()
    keywords: list[str] = []
    medline_ta = None
    for child in citation:
        tag = child.tag
        if tag == "PMID":
            pmid = (child.text or "").strip() or None
        elif tag == "Article":
            article = child
        elif tag == "MeshHeadingList":
            mesh = tuple(t for heading in child for d in heading.iterchildren("DescriptorName")
                         if (t := _plain(d)))
        elif tag == "KeywordList":
            keywords.extend(_texts(child.iterchildren("Keyword")))
        elif tag == "MedlineJournalInfo":
            medline_ta = _text(child.find("MedlineTA"))
    if article is None:
        raise ValueError("MedlineCitation has no Article element")
    journal_name = title = vernacular = language = None
    year = article_year = None
    doi = None
    abstract_elem = author_list = None
    article_affiliation = None
    publication_types: tuple[str, ...] = ()
    for child in article:
        tag = child.tag
        if tag == "Journal":
            iso = journal_title = None
            for part in child:
                ptag = part.tag
                if ptag == "ISOAbbreviation":
                    iso = _text(part)
                elif ptag == "Title":
                    journal_title = _text(part)
                elif ptag == "JournalIssue":
                    year = _year(part.find("PubDate"))
            journal_name = iso or journal_title
        elif tag == "ArticleTitle":
            title = _text(child)
        elif tag == "VernacularTitle":
            vernacular = _text(child)
        elif tag == "ELocationID":
            if doi is None and child.get("EIdType") == "doi":
                doi = _text(child)
        elif tag == "Abstract":
            abstract_elem = child
        elif tag == "AuthorList":
            if author_list is None and child.get("Type", "authors") == "authors":
                author_list = child
        elif tag == "Language":
            if language is None:
                language = _text(child)
        elif tag == "PublicationTypeList":
            publication_types = _texts(child.iterchildren("PublicationType"))
        elif tag == "ArticleDate":
            if article_year is None:
                article_year = _year(child)
        elif tag == "Affiliation":
            article_affiliation = _text(child)
    if doi is None:
        doi = _doi_in(pubmed_data, "ArticleIdList/ArticleId", "IdType")
    title = title or vernacular
    sections = _sections(abstract_elem)
    abstract = join_sections(sections) or None
    return Record(
        id=make_record_id(pmid, doi, title, abstract, source, index),
        title=title,
        abstract=abstract,
        sections=sections,
        pmid=pmid,
        doi=doi,
        journal=journal_name or medline_ta,
        year=year if year is not None else article_year,
        authors=_authors(author_list, article_affiliation),
        mesh=mesh,
        publication_types=publication_types,
        keywords=tuple(keywords),
        language=language,
        source=source,
    )


def _from_book(book_article: etree._Element, source: str, index: int) -> Record:
    document = book_article.find("BookDocument")
    if document is None:
        raise ValueError("PubmedBookArticle has no BookDocument element")
    pmid = (document.findtext("PMID") or "").strip() or None
    book = document.find("Book")
    book_title = _text(book.find("BookTitle")) if book is not None else None
    article_title = _text(document.find("ArticleTitle"))
    title = article_title or book_title
    doi = (_doi_in(document, "ELocationID", "EIdType")
           or _doi_in(document, "ArticleIdList/ArticleId", "IdType")
           or _doi_in(book_article.find("PubmedBookData"), "ArticleIdList/ArticleId", "IdType"))
    sections = _sections(document.find("Abstract"))
    abstract = join_sections(sections) or None
    year = _year(book.find("PubDate")) if book is not None else None
    authors = _authors(_author_list(document))
    if not authors and book is not None:
        authors = _authors(_author_list(book))
    return Record(
        id=make_record_id(pmid, doi, title, abstract, source, index),
        title=title,
        abstract=abstract,
        sections=sections,
        pmid=pmid,
        doi=doi,
        journal=book_title if article_title else None,
        year=year,
        authors=authors,
        publication_types=_texts(document.findall("PublicationType")),
        keywords=_texts(document.findall("KeywordList/Keyword")),
        language=_text(document.find("Language")),
        source=source,
    )


def record_from_element(elem: etree._Element, source: str = "<xml>", index: int = 1) -> Record:
    """Convert one ``PubmedArticle``, ``PubmedBookArticle`` or ``MedlineCitation`` element.

    Raises:
        ValueError: the element lacks what a record needs (e.g. no Article).
    """
    if elem.tag == "PubmedArticle":
        citation = elem.find("MedlineCitation")
        if citation is None:
            raise ValueError("PubmedArticle has no MedlineCitation element")
        return _from_citation(citation, elem.find("PubmedData"), source, index)
    if elem.tag == "MedlineCitation":
        return _from_citation(elem, None, source, index)
    if elem.tag == "PubmedBookArticle":
        return _from_book(elem, source, index)
    raise ValueError(f"not a PubMed record element: <{elem.tag}>")


def _drop(elem: etree._Element) -> None:
    """Free a processed element and everything before it (keeps memory flat)."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


class _NotUtf8(Exception):
    """Raised inside :func:`_iter_elements` when the bytes are not valid UTF-8."""

    def __init__(self, done: int, deletes: int, line: int | None):
        super().__init__(line)
        self.done, self.deletes, self.line = done, deletes, line


class _Utf8Repair(io.RawIOBase):
    """Re-encodes a byte stream as valid UTF-8, invalid bytes becoming U+FFFD."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        while not self._pending:
            chunk = self._stream.read(1 << 16)
            final = not chunk
            self._pending = self._decoder.decode(chunk, final=final).encode("utf-8")
            if final:
                break
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _iter_elements(stream: BinaryIO, name: str, report: ReadReport | None, keep_raw: bool,
                   skip: int = 0, skip_deletes: int = 0) -> Iterator[Record]:
    context = etree.iterparse(
        stream, events=("end",), tag=_RECORD_TAGS,
        load_dtd=False, no_network=True, resolve_entities=False, huge_tree=True,
        remove_blank_text=False, recover=False, collect_ids=False,
    )
    index = deletes = 0
    try:
        for _event, elem in context:
            tag = elem.tag
            if tag == "MedlineCitation":
                parent = elem.getparent()
                if parent is not None and parent.tag == "PubmedArticle":
                    continue  # handled with its PubmedArticle
            if tag == "DeleteCitation":
                deletes += 1
                if report is not None and deletes > skip_deletes:
                    report.deleted_pmids.extend(p.strip() for p in elem.itertext() if p.strip())
                _drop(elem)
                continue
            index += 1
            if index <= skip:  # already read before an encoding restart
                _drop(elem)
                continue
            line = elem.sourceline
            try:
                record = record_from_element(elem, name, index)
            except (ValueError, TypeError, AttributeError) as exc:
                error = RecordError(name, index, str(exc), line=line)
                if report is not None:
                    report.skip(error)
                else:
                    log.warning("skipped %s", error)
                _drop(elem)
                continue
            if keep_raw:
                record.extra["raw_xml"] = etree.tostring(elem, encoding="unicode", with_tail=False)
            _drop(elem)
            yield record
    except etree.XMLSyntaxError as exc:
        lineno = exc.lineno if exc.lineno else None
        reason = exc.msg or str(exc)
        if "encoding" in reason.lower() or "utf-8" in reason.lower():
            raise _NotUtf8(index, deletes, lineno) from exc
        where = f"{name}, line {lineno}" if lineno else name
        raise InputError(f"{where}: XML is not well-formed ({reason}); "
                         f"{index} complete records were read before it") from exc
    root = context.root
    if root is not None and root.tag not in PUBMED_ROOTS:
        raise InputError(f"{name}: not PubMed XML: the root element is <{root.tag}>, "
                         f"expected one of {', '.join(PUBMED_ROOTS)}")


def _iter_stream(stream: BinaryIO, name: str, report: ReadReport | None,
                 keep_raw: bool) -> Iterator[Record]:
    try:
        start = stream.tell() if stream.seekable() else None
    except (AttributeError, OSError, ValueError):
        start = None
    try:
        yield from _iter_elements(stream, name, report, keep_raw)
    except _NotUtf8 as exc:
        where = f"{name}, line {exc.line}" if exc.line else name
        if start is None:
            raise InputError(f"{where}: not valid UTF-8; {exc.done} complete records were read "
                             "before it (a file, unlike a pipe, is re-read with the bad bytes replaced)") from None
        # Rare (a hand-edited or mis-converted file): read again from the start with the
        # invalid bytes replaced by U+FFFD, skipping the records already given out, so the
        # normal path pays nothing for this.
        message = f"{where}: not valid UTF-8; invalid bytes were replaced by U+FFFD"
        if report is not None:
            report.note(message)
        else:
            log.warning("%s", message)
        stream.seek(start)
        repaired = io.BufferedReader(_Utf8Repair(stream), buffer_size=1 << 16)  # type: ignore[arg-type]
        yield from _iter_elements(repaired, name, report, keep_raw, skip=exc.done, skip_deletes=exc.deletes)


def parse_pubmed_xml(source: Source, *, name: str = "<bytes>", report: ReadReport | None = None,
                     keep_raw: bool = False) -> Iterator[Record]:
    """Stream the records of a PubMed XML document.

    Args:
        source: XML bytes, an open binary stream, a path (``.gz`` is fine) or ``"-"``
            for standard input. A ``str`` starting with ``<`` is taken as XML text.
        name: the source's name in messages and ``Record.source``; paths use their own
            path unless ``name`` is given.
        report: filled with counts, skipped records and deleted PMIDs.
        keep_raw: put each record's XML (``<PubmedArticle>...</PubmedArticle>``) in
            ``record.extra["raw_xml"]``.

    Yields:
        One :class:`Record` per ``PubmedArticle``/``PubmedBookArticle`` (or
        ``MedlineCitation`` in MedlineCitationSet files). ``DeleteCitation`` PMIDs go
        to ``report.deleted_pmids``.

    Raises:
        InputError: the XML is not well-formed (e.g. a truncated answer), naming the
            source and line; records completed before the break have been yielded.
            Also raised when the document is not PubMed XML.
    """
    if isinstance(source, str) and source.lstrip().startswith("<"):
        source = source.encode("utf-8")
    label = name
    if not isinstance(source, (bytes, bytearray)) and name == "<bytes>":
        label = None  # type: ignore[assignment]
    with open_binary(source, label) as (stream, _head, label):
        for record in _iter_stream(stream, label, report, keep_raw):
            if report is not None:
                report.records += 1
            yield record


def read_pubmed_xml(stream: BinaryIO, name: str, report: ReadReport) -> Iterator[Record]:
    """The registry's reader: like :func:`parse_pubmed_xml` on an open stream, without counting."""
    return _iter_stream(stream, name, report, False)
