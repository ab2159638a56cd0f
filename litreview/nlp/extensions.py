"""Every ``Doc``/``Span``/``Token`` extension litreview uses, registered in one place.

:func:`register_extensions` is idempotent (it only adds what is missing) and is
called by :func:`litreview.nlp.pipeline.build_pipeline` and by every component's
constructor, so importing a component alone is enough.

Doc extensions
    ``doc._.abstract_start`` (int, default 0): character offset in ``doc.text``
    where the abstract begins. The pipeline reads ``title + TITLE_SEPARATOR +
    abstract`` (see :func:`litreview.nlp.pipeline.record_text`); characters before
    ``abstract_start`` belong to the title. Set by the ``litreview_sections``
    component; serialisable, so it survives ``nlp.pipe(n_process>1)``.
    ``doc._.has_title`` (bool, default False): the text starts with a title.
    ``doc._.record`` (Record | None): the record the doc was made from. Set in the
    parent process by :func:`litreview.nlp.pipeline.attach_record` (NOT inside the
    pipeline: a Record cannot travel through ``Doc.to_bytes``).
    ``doc._.record_id`` (str | None): ``record.id``, set with ``record``.
    ``doc._.abbreviation_pairs`` (getter, read-only mapping, cached per doc): short form -> long form,
    e.g. ``{"LR": "liver resection"}``, from scispaCy's ``doc._.abbreviations``
    (which the pipeline keeps in scispaCy's serialisable dict form).
    ``doc._.abbreviations`` and ``Span._.long_form`` are registered by scispaCy's
    ``AbbreviationDetector`` itself (not here: it forces its own registration).

Span extensions
    ``sent._.section`` (str | None): normalised section of a sentence: ``"TITLE"``,
    ``"BACKGROUND"``, ``"OBJECTIVE"``, ``"METHODS"``, ``"RESULTS"``,
    ``"CONCLUSIONS"`` or ``None`` (unstructured abstract / before any label). Set by
    ``litreview_sections``; readable on any span (it is looked up from the sentence
    holding the span's first token).
    ``span._.is_section_label`` (getter, bool): the sentence is only a section label
    ("RESULTS:").

Doc span groups (``doc.spans``)
    ``"litreview_section_labels"``: one span per section label found in the text,
    label = normalised category. ``"litreview_rules"``: every vocabulary match of
    the entity rule layer (overlaps kept; ``doc.ents`` holds the filtered ones).
"""

from __future__ import annotations

import re
import weakref
from types import MappingProxyType
from typing import Any, Mapping

import numpy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.tokens import Doc, Span

__all__ = ["register_extensions", "SECTION_KEY", "LABELS_KEY", "RULES_KEY", "TEXT_KEY", "abbreviation_pairs",
           "text_of", "sentence_starts", "token_orths", "keep_token_orths"]

#: ``doc.user_data`` key of sentence sections (str(char start of the sentence) -> section);
#: string keys because msgpack (used by ``nlp.pipe(n_process>1)``) rejects int map keys.
SECTION_KEY = "litreview_section"
#: ``doc.spans`` key of section labels.
LABELS_KEY = "litreview_section_labels"
#: ``doc.spans`` key of the entity rule layer's matches.
RULES_KEY = "litreview_rules"
#: ``doc.user_data`` key of the text the tokenizer was given (see :func:`text_of`).
TEXT_KEY = "litreview_text"
_CHECKED_KEY = "litreview_text_checked"  # (id, tokens) of the doc whose text passed text_of's check
#: ``doc.user_data`` key of the sentence starts set by the segmenter (see :func:`sentence_starts`).
STARTS_KEY = "litreview_sentence_starts"
#: ``doc.user_data`` key of the cached :func:`abbreviation_pairs`.
PAIRS_KEY = "litreview_abbreviation_pairs"


def text_of(doc: Doc) -> str:
    """``doc.text``, read from where litreview's tokenizer kept it when it did.

    spaCy rebuilds ``doc.text`` from a Python Token object per token on every access,
    which costs about as much as tokenising; the pipeline's tokenizer keeps the string
    it was given (equal to ``doc.text``: spaCy's tokenizers are non-destructive).
    """
    user_data = doc.user_data
    text = user_data.get(TEXT_KEY)
    # a copied user_data (Doc.from_docs, a hand-made Doc) must not lend another doc's text; the check builds Token
    # objects, and the extractors ask for the text thousands of times: once passed, it is not repeated for this doc
    stamp = (id(doc), len(doc))
    if isinstance(text, str) and user_data.get(_CHECKED_KEY) == stamp:
        return text
    if not (isinstance(text, str) and len(text) == (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)):
        text = doc.text
        user_data[TEXT_KEY] = text
    user_data[_CHECKED_KEY] = stamp
    return text


# the last doc whose ORTH ids were read, and the ids (the doc weakly held: not kept alive)
_LAST_ORTHS: list[Any] = [None, None]


def token_orths(doc: Doc) -> Any:
    """``doc.to_array(ORTH)`` (read-only), read once per doc.

    ``to_array`` has a fixed cost of about a tenth of tokenising a short abstract; three
    matchers of the pipeline scan the ids of the same doc one after the other, and the
    segmenter reads them beside the offsets it needs (:func:`keep_token_orths`). No
    component changes tokens in between (a retokenised doc has another length and is
    read again).
    """
    ref, orths = _LAST_ORTHS
    if ref is None or ref() is not doc or len(orths) != len(doc):
        orths = doc.to_array(ORTH)
        keep_token_orths(doc, orths)
    return orths


def keep_token_orths(doc: Doc, orths: Any) -> None:
    """Hand :func:`token_orths` the ORTH ids of ``doc`` read by a component (an array of ``len(doc)``)."""
    orths.flags.writeable = False  # shared by the matchers: none may change it
    _LAST_ORTHS[0], _LAST_ORTHS[1] = weakref.ref(doc), orths


def sentence_starts(doc: Doc) -> tuple[list[int], list[int]]:
    """Token indexes and character offsets of the sentence starts of ``doc`` (its first token always one).

    Read from where litreview's segmenter kept them when it did (for a doc of the same length): the
    section tagger and the extractors need them, and ``to_array`` fetches attributes token by token.
    """
    kept = doc.user_data.get(STARTS_KEY)
    if kept is not None and kept[0] == len(doc):
        return list(kept[1]), list(kept[2])
    arr = doc.to_array([IDX, SENT_START]).astype("int64")
    starts = numpy.flatnonzero(arr[:, 1] == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts, arr[starts, 0].tolist()


# "48 underwent hepatic resection with systemic therapy (HEP group) and 233 received systemic therapy alone (SYS
# group)": an arm label, whose letters need not spell the treatment (so Schwartz-Hearst misses or garbles it); the
# long form is the treatment phrase after the verb (or clause break) that precedes the bracket
_ARM_LABEL = re.compile(r"(?:\b(?:underw[eo]nt|undergoing|received|receiving|treated\s+(?:with|by)|managed\s+(?:with|by)|had)"
                        r"|[,;:]|\band\b)\s+(?P<long>[A-Za-z][\w\s/+-]{2,80}?)\s*\((?P<short>[A-Z][A-Z0-9]{1,5})"
                        r"\s+(?:group|arm|cohort)\)")
# "patients who underwent hepatectomy (LH)": an author's label for the operation itself, defined right after it;
# Schwartz-Hearst needs the label's letters to start words of the long form, which "LH" for "hepatectomy" does not
_PROCEDURE_LABEL = re.compile(r"\b(?P<long>(?:(?:partial|major|minor|liver|hepatic|laparoscopic|open|surgical)\s+){0,2}"
                              r"(?:hepatectomy|resection|metastasectomy|(?:liver|hepatic)\s+surgery))"
                              r"\s*\((?P<short>[A-Z][A-Za-z]{0,3}[A-Z])\)")
_PROCEDURE_LABEL_CUES = ("ectomy (", "resection (", "surgery (")


def abbreviation_pairs(doc: Doc) -> Mapping[str, str]:
    """Short form -> long form of every abbreviation scispaCy defined in ``doc``, of arm labels ("(HEP group)") and of
    operation labels ("hepatectomy (LH)"); read-only, computed once per doc (several extractors ask)."""
    if not Doc.has_extension("abbreviations"):
        return MappingProxyType({})
    abbreviations = doc._.abbreviations or ()
    text = text_of(doc)
    # the stamp keeps a cache made before the detector ran (or copied from another doc) from being used
    stamp = f"{len(text)}:{len(abbreviations)}"
    cached = doc.user_data.get(PAIRS_KEY)
    if isinstance(cached, (list, tuple)) and len(cached) == 2 and cached[0] == stamp:
        return MappingProxyType(cached[1])
    pairs = _abbreviation_pairs(abbreviations, text)
    doc.user_data[PAIRS_KEY] = (stamp, pairs)
    return MappingProxyType(pairs)


def _abbreviation_pairs(abbreviations: Any, text: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for abbr in abbreviations:
        if isinstance(abbr, dict):
            short, long = abbr.get("short_text"), abbr.get("long_text")
        else:
            short, long = abbr.text, abbr._.long_form
            long = long.text if isinstance(long, Span) else long
        if short and long:
            pairs.setdefault(str(short), str(long))
    if " group)" in text or " arm)" in text or " cohort)" in text:
        for m in _ARM_LABEL.finditer(text):
            short = m.group("short")
            for noun in ("group", "arm", "cohort"):
                pairs.pop(f"{short} {noun}", None)  # scispaCy's garbled pair for the same bracket
            pairs[short] = " ".join(m.group("long").split())
    if any(cue in text for cue in _PROCEDURE_LABEL_CUES):
        for m in _PROCEDURE_LABEL.finditer(text):
            pairs.setdefault(m.group("short"), " ".join(m.group("long").split()))
    return pairs


def _span_section(span: Span) -> str | None:
    doc = span.doc
    sections: dict[Any, Any] = doc.user_data.get(SECTION_KEY) or {}
    if not sections:
        return None
    try:
        sent = span.sent if len(span) else doc[span.start].sent
    except ValueError:  # no sentence boundaries
        return None
    return sections.get(str(sent.start_char))


def _set_span_section(span: Span, value: str | None) -> None:
    sections = span.doc.user_data.setdefault(SECTION_KEY, {})
    sections[str(span.start_char)] = value


def _is_section_label(span: Span) -> bool:
    labels = span.doc.spans.get(LABELS_KEY) if LABELS_KEY in span.doc.spans else ()
    return any(lab.start == span.start and lab.end >= span.end - 1 for lab in labels or ())


def register_extensions() -> None:
    """Register all litreview extensions (safe to call any number of times)."""
    if not Doc.has_extension("abstract_start"):
        Doc.set_extension("abstract_start", default=0)
    if not Doc.has_extension("has_title"):
        Doc.set_extension("has_title", default=False)
    if not Doc.has_extension("record"):
        Doc.set_extension("record", default=None)
    if not Doc.has_extension("record_id"):
        Doc.set_extension("record_id", default=None)
    if not Doc.has_extension("abbreviation_pairs"):
        Doc.set_extension("abbreviation_pairs", getter=abbreviation_pairs)
    if not Span.has_extension("section"):
        Span.set_extension("section", getter=_span_section, setter=_set_span_section)
    if not Span.has_extension("is_section_label"):
        Span.set_extension("is_section_label", getter=_is_section_label)
