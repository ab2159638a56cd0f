"""Section of every sentence (``litreview_sections``), and refinement from a Record.

The component walks the sentences once: sentences that end before
``doc._.abstract_start`` are ``"TITLE"``; a section-label sentence (see
``litreview_sentences``) switches the current section to its category; sentences
before any label have section ``None``, and so does an abstract whose one label opens
it and would mean conclusions ("SUMMARY: ..."): a single paragraph, not a conclusion. Results are stored with
``sent._.section`` (see :mod:`litreview.nlp.extensions`).

:func:`apply_record_sections` runs in the parent process after ``nlp.pipe``: when
the :class:`~litreview.records.Record` has NLM section categories (from PubMed XML),
they override what the labels in the text suggested ("PATIENTS AND METHODS" ->
METHODS even if the label vocabulary missed a variant).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from litreview.nlp.extensions import LABELS_KEY, SECTION_KEY, register_extensions, sentence_starts, text_of
from litreview.records import Record

__all__ = ["SectionTagger", "apply_record_sections", "NLM_CATEGORIES", "normalise_category"]

NLM_CATEGORIES = ("BACKGROUND", "OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS")


def normalise_category(category: str | None) -> str | None:
    """An NLM category, or ``None`` for UNASSIGNED/unknown."""
    if not category:
        return None
    upper = category.strip().upper()
    if upper in NLM_CATEGORIES:
        return upper
    if upper.startswith("CONCLUSION"):
        return "CONCLUSIONS"
    if upper.startswith("RESULT"):
        return "RESULTS"
    if upper.startswith("METHOD"):
        return "METHODS"
    return None


class SectionTagger:
    """Sets ``sent._.section`` on every sentence; see the module docstring."""

    def __init__(self, nlp: Language, name: str = "litreview_sections"):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        label_starts = {span.start: span.label_ for span in doc.spans.get(LABELS_KEY, [])} \
            if LABELS_KEY in doc.spans else {}
        abstract_start = doc._.abstract_start
        sections: dict[str, str | None] = {}
        current: str | None = None
        if not doc.has_annotation("SENT_START"):
            return doc
        # sentence starts as offsets: iterating doc.sents builds a Token per token
        starts, chars = sentence_starts(doc)
        first_in_abstract = True
        for i, char in zip(starts, chars):
            if abstract_start and char < abstract_start:
                sections[str(char)] = "TITLE"
                continue
            if i in label_starts:
                current = normalise_category(label_starts[i])
                if current == "CONCLUSIONS" and first_in_abstract and len(label_starts) == 1:
                    current = None  # "SUMMARY: ..." opening a one-paragraph abstract labels all of it, not a conclusion
            first_in_abstract = False
            sections[str(char)] = current
        doc.user_data[SECTION_KEY] = sections
        return doc


@Language.factory("litreview_sections")
def make_section_tagger(nlp: Language, name: str) -> SectionTagger:
    """Factory of :class:`SectionTagger` (no configuration)."""
    return SectionTagger(nlp, name)


def apply_record_sections(doc: Doc, record: Record) -> None:
    """Override sentence sections with the record's NLM categories, where it has them.

    Each section of ``record.sections`` is located in the abstract part of the doc
    text (in order, as :func:`~litreview.records.join_sections` wrote it); every
    sentence starting inside it gets its normalised category.
    """
    if not record.sections or not any(s.category for s in record.sections):
        return
    if not doc.has_annotation("SENT_START"):
        return
    text = text_of(doc)
    base = doc._.abstract_start
    cursor = base
    ranges: list[tuple[int, int, str | None]] = []
    for section in record.sections:
        body = section.text.strip()
        if not body:
            continue
        head = body[:40]
        pos = text.find(head, cursor)
        if pos == -1:
            # whitespace may differ; search with a flexible pattern
            m = re.search(r"\s+".join(map(re.escape, head.split())), text[cursor:])
            if not m:
                continue
            pos = cursor + m.start()
        label_pos = pos
        if section.label:
            lp = text.rfind(section.label, cursor, pos)
            if lp != -1:
                label_pos = lp
        ranges.append((label_pos, pos + len(body), normalise_category(section.category)))
        cursor = pos + len(body)
    if not ranges:
        return
    sections: dict[str, str | None] = dict(doc.user_data.get(SECTION_KEY) or {})
    for char in sentence_starts(doc)[1]:  # doc.sents would build a Token object per token
        for start, end, category in ranges:
            if start <= char < end and category is not None:
                sections[str(char)] = category
                break
    doc.user_data[SECTION_KEY] = sections
