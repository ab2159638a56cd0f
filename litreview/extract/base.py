"""Helpers every extractor uses: sentences, building Findings, choosing among candidates.

Extractors are pure functions ``extract_<family>(doc) -> list[Finding]``. They read
the Doc through :func:`sentences` (cheap regexes over sentence text are the norm)
and turn matches into :class:`~litreview.records.Finding` with :func:`make_finding` /
:func:`finding_from_match`, which compute the evidence sentence, the section and
the offsets:

* offsets of a finding in the abstract are offsets in ``Record.abstract``;
* a finding in the title has ``section="TITLE"`` and offsets in ``Record.title``.

An extractor may return several candidates for a field; the orchestrator keeps the
best with :func:`select_best`: section weight (RESULTS > METHODS > unlabelled >
TITLE > OBJECTIVE > CONCLUSIONS > BACKGROUND, because backgrounds quote other
studies) times the finding's confidence; when candidates with different values
score close to the winner, its confidence drops, and below ``min_confidence`` the
field stays empty (a wrong number is worse than an empty cell).

:func:`doc_cache` memoises per-doc values (e.g. the cohort size other families use
as a denominator) in ``doc.user_data`` under ``"litreview_cache"``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable, Iterable, NamedTuple, TypeVar

from spacy.tokens import Doc, Span

from litreview.nlp.extensions import SECTION_KEY, sentence_starts, text_of
from litreview.records import Finding
from litreview.rules import expand_placeholders

#: a series up to this size may be told patient by patient without case numbers ("The first ... the second ...")
UNNUMBERED_SERIES_MAX = 5
#: a series up to this size may be told patient by patient with case numbers ("Patient 7: ...; R1")
NUMBERED_SERIES_MAX = 12
#: the patient nouns of the rule files ("12 patients", "8 women", "5 cases"; with the telegraphic "pts"), shared with
#: patterns written in Python: the fragments of that name in rules/fragments.json
PATIENT_NOUNS = expand_placeholders("{PATIENT_NOUNS}")
PATIENT_NOUNS_PTS = expand_placeholders("{PATIENT_NOUNS_PTS}")

__all__ = [
    "UNNUMBERED_SERIES_MAX",
    "NUMBERED_SERIES_MAX",
    "PATIENT_NOUNS",
    "PATIENT_NOUNS_PTS",
    "Sentence",
    "sentences",
    "results_sentences",
    "make_finding",
    "finding_from_match",
    "finding_from_span",
    "select_best",
    "values_agree",
    "score",
    "SECTION_WEIGHTS",
    "doc_cache",
    "doc_text",
    "abstract_text",
    "title_text",
]

T = TypeVar("T")

#: How much a sentence's section counts when choosing among candidates.
SECTION_WEIGHTS: dict[str | None, float] = {
    "RESULTS": 1.0,
    "METHODS": 0.95,
    None: 0.9,
    "TITLE": 0.85,
    "OBJECTIVE": 0.8,
    "CONCLUSIONS": 0.7,
    "BACKGROUND": 0.4,
}

_CACHE_KEY = "litreview_cache"


class Sentence(NamedTuple):
    """One sentence of a doc: ``start``/``end`` are offsets in ``doc.text``."""

    index: int
    text: str
    start: int
    end: int
    section: str | None


def doc_cache(doc: Doc, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per doc and key; the value is kept in ``doc.user_data``.

    Keep cached values msgpack-friendly (numbers, strings, tuples, dicts with str keys)
    so the Doc can still be serialised.
    """
    cache = doc.user_data.setdefault(_CACHE_KEY, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of every sentence (end = next sentence's start)."""
    if not len(doc):
        return []
    chars = sentence_starts(doc)[1]
    return list(zip(chars, chars[1:] + [len(doc_text(doc))]))


def doc_text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it (see :func:`litreview.nlp.extensions.text_of`)."""
    return text_of(doc)


def sentences(doc: Doc) -> tuple[Sentence, ...]:
    """The sentences of ``doc`` with their sections (title first, if any); text is stripped."""

    def compute() -> tuple[Sentence, ...]:
        out = []
        if not doc.has_annotation("SENT_START"):
            text = text_of(doc)
            return (Sentence(0, text.strip(), 0, len(text), None),)
        # sentence starts from arrays (doc.sents builds a Token object per token: slow);
        # the section map is read directly for the same reason
        sections = doc.user_data.get(SECTION_KEY) or {}
        text_all = doc_text(doc)
        for begin, finish in sentence_bounds(doc):
            raw = text_all[begin:finish]
            lead = len(raw) - len(raw.lstrip())
            text = raw.strip()
            if not text:
                continue
            start = begin + lead
            out.append(Sentence(len(out), text, start, start + len(text), sections.get(str(begin))))
        return tuple(out)

    return doc_cache(doc, "sentences", compute)


def results_sentences(doc: Doc) -> tuple[Sentence, ...]:
    """Sentences outside BACKGROUND/OBJECTIVE/CONCLUSIONS and not section labels."""
    return tuple(s for s in sentences(doc) if s.section not in ("BACKGROUND", "OBJECTIVE", "CONCLUSIONS"))


def title_text(doc: Doc) -> str:
    """The title part of the doc text (empty when there is none)."""
    start = doc._.abstract_start
    return doc_text(doc)[: max(0, start - 2)] if start else ""


def abstract_text(doc: Doc) -> str:
    """The abstract part of the doc text (``Record.abstract``)."""
    return doc_text(doc)[doc._.abstract_start:]


def _sentence_at(doc: Doc, char: int) -> Sentence | None:
    for sent in sentences(doc):
        if sent.start <= char < sent.end or (char == sent.end and char > sent.start):
            return sent
    return None


def make_finding(doc: Doc, field: str, value: Any, *, start: int, end: int, rule: str, confidence: float,
                 unit: str | None = None, note: str | None = None, sentence: Sentence | None = None) -> Finding:
    """A Finding for ``doc.text[start:end]`` (doc offsets), with evidence sentence and section.

    Offsets in the result are relative to the abstract, or to the title for a title
    finding (section ``"TITLE"``).
    """
    sent = sentence or _sentence_at(doc, start)
    base = doc._.abstract_start
    if base and start < base:
        section: str | None = "TITLE"
        rel_start, rel_end = start, end
    else:
        section = sent.section if sent else None
        rel_start, rel_end = start - base, end - base
    return Finding(
        field=field,
        value=value,
        unit=unit,
        text=doc_text(doc)[start:end],
        sentence=sent.text if sent else doc_text(doc)[start:end],
        start=rel_start,
        end=rel_end,
        confidence=round(float(confidence), 3),
        rule=rule,
        section=section,
        note=note,
    )


def finding_from_match(doc: Doc, sent: Sentence, match: re.Match[str], field: str, value: Any, *, rule: str,
                       confidence: float, unit: str | None = None, note: str | None = None,
                       group: int | str = 0) -> Finding:
    """A Finding for a regex match over ``sent.text`` (``group`` selects the evidence text)."""
    start, end = match.span(group)
    if start < 0:
        start, end = match.span(0)
    return make_finding(doc, field, value, start=sent.start + start, end=sent.start + end, rule=rule,
                        confidence=confidence, unit=unit, note=note, sentence=sent)


def finding_from_span(span: Span, field: str, value: Any, *, rule: str, confidence: float,
                      unit: str | None = None, note: str | None = None) -> Finding:
    """A Finding whose evidence is a spaCy span."""
    return make_finding(span.doc, field, value, start=span.start_char, end=span.end_char, rule=rule,
                        confidence=confidence, unit=unit, note=note)


def values_agree(a: Any, b: Any) -> bool:
    """Whether two candidate values say the same thing (numbers within 0.5)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 0.5
    return a == b


def score(finding: Finding) -> float:
    """Confidence weighted by the finding's section."""
    return finding.confidence * SECTION_WEIGHTS.get(finding.section, 0.8)


def select_best(candidates: Iterable[Finding], *, min_confidence: float = 0.5, margin: float = 0.15,
                agree: Callable[[Any, Any], bool] = values_agree) -> Finding | None:
    """The best candidate, or ``None`` when nothing is convincing.

    Ties keep the earliest candidate. If another candidate with a different value
    scores within ``margin`` of the winner, the winner's confidence is scaled by 0.75
    (and the note says so); a result under ``min_confidence`` is dropped.
    """
    ranked = sorted(enumerate(candidates), key=lambda item: (-score(item[1]), item[0]))
    if not ranked:
        return None
    best = ranked[0][1]
    top = score(best)
    rivals = [c for _, c in ranked[1:] if not agree(c.value, best.value) and score(c) >= top - margin]
    if rivals:
        note = f"competing value(s): {', '.join(str(r.value) for r in rivals[:3])}"
        best = replace(best, confidence=round(best.confidence * 0.75, 3),
                       note=f"{best.note}; {note}" if best.note else note)
    if best.confidence < min_confidence:
        return None
    return best
