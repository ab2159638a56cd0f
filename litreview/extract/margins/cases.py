"""Small series told patient by patient, one margin status per sentence.

"Patient 1 ... clear margins (R0)", "Patient 2 ... margin involvement (R1)": the R0 statuses over the cohort when
they are as many as the patients (2-5 patients; a longer series only when every status names its own numbered
patient, 1..N of the cohort).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from litreview.extract.base import NUMBERED_SERIES_MAX, UNNUMBERED_SERIES_MAX, Sentence, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.numbers import percent
from litreview.records import Finding
from litreview.extract.margins.phrases import (
    _ALL,
    _ALL_OPENING,
    _NOT_R1,
    _fragment,
    _has_margin_phrase,
    _negated_r0,
    _vocab,
)
from litreview.extract.margins.values import _value


# a small series is often described patient by patient, one margin status each (as the receptor extractor reads
# receptor profiles; sizes in litreview.extract.base); a longer one told patient by patient ("Patient 7: ER-positive; extended left hepatectomy; R1"): read only when
# every status sentence names its own numbered patient and the numbers are 1..N of the cohort
_NUMBERED_CASE = re.compile(r"\b(?:patient|case)\s*(?:no\.?\s*|#\s*)?(?P<n>\d{1,2})\b(?!\s*(?:[%/.,]\d|%|years?|months?|mm|cm))",
                            re.IGNORECASE)


def _is_definition(text: str) -> bool:
    """Whether the sentence defines a margin class ("R1 was defined as ...", "... was classified as R1")."""
    return any(re.search(_fragment(key), text, re.I) for key in ("r1_definition", "r0_definition",
                                                                   "r1_definition_reversed"))


def _case_statuses(doc: Doc, sent: Sentence, cohort: int) -> list[tuple[str, re.Match[str]]] | None:
    """The margin statuses a sentence states without a count ("... with clear margins (R0)", "tumour cells reached
    the transection margin (R1)"); adjacent phrases naming one status ("clear margins (R0)") are one. None when
    the sentence gives a count, quantifier, group or negation, which the case-by-case reading cannot hold."""
    vocab = _vocab()
    text = normalise(sent.text)
    if _is_definition(text) or vocab["hypothetical"].search(text) or vocab["prognostic"].search(text):
        return []
    matches = sorted(((kind, m) for kind in ("r0", "r1") for m in vocab[kind].finditer(text)),
                     key=lambda km: km[1].start())
    statuses: list[tuple[str, re.Match[str]]] = []
    for kind, m in matches:
        before = text[max(0, m.start() - 60):m.start()]
        if vocab["other_organ_before"].search(before):
            continue  # "the breast margins were clear": the breast operation's, no status of the liver resection
        if vocab["group_defined"].search(before) or vocab["selection"].search(before) \
                or _NOT_R1.search(text[max(0, m.start() - 40):m.start()]) or _ALL.search(before) \
                or _ALL_OPENING.search(before) or (kind == "r0" and _negated_r0(text, m)) \
                or _value(text, m.start(), m.end(), cohort, kind) is not None:
            return None
        if statuses and re.fullmatch(r"[\s(\[)\],]*", text[statuses[-1][1].end():m.start()]):
            if statuses[-1][0] != kind:
                return None  # "clear margins (R1)": contradictory
            continue
        if statuses and statuses[-1][0] == kind and not _CASE_LABEL.search(text, statuses[-1][1].end(), m.start()):
            continue  # "tumour at the margin on histology (R1)": one patient's status said twice
        statuses.append((kind, m))
    return statuses


# a patient or case named in a sentence ("patient 2", "case 3"): statuses on both sides of it are two patients'
_CASE_LABEL = re.compile(r"\b(?:patients?|cases?)\s+(?:no\.?\s*|#\s*)?\d|\b(?:the\s+)?(?:other|second|latter|former)\b"
                         r"|\b(?:while|whereas|but|and)\s+(?:in\s+)?(?:one|another|the\s+other)\b", re.IGNORECASE)


def _case_by_case_findings(doc: Doc, cohort: int | None) -> list[Finding]:
    """A small series described patient by patient, one margin status per sentence ("Patient 1 ... clear margins
    (R0) ...", "Patient 2 ... margin involvement (R1) ..."): the R0 share when the statuses are as many as the
    patients. Anything else (a patient without a status, two in one sentence) leaves the cell empty."""
    if not cohort or not 2 <= cohort <= NUMBERED_SERIES_MAX:
        return []
    numbered = cohort > UNNUMBERED_SERIES_MAX
    stated: list[tuple[str, re.Match[str], Sentence]] = []
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "OBJECTIVE", "TITLE", "CONCLUSIONS") or not _has_margin_phrase(sent.text):
            continue
        statuses = _case_statuses(doc, sent, cohort)
        if statuses is None or len(statuses) > 1:
            return []
        stated.extend((kind, m, sent) for kind, m in statuses)
    if len(stated) != cohort:
        return []
    if numbered:
        ids = []
        for _, m, sent in stated:
            labels = {int(x.group("n")) for x in _NUMBERED_CASE.finditer(sent.text)}
            if len(labels) != 1:
                return []
            ids.extend(labels)
        if sorted(ids) != list(range(1, cohort + 1)):
            return []
    share = percent(sum(kind == "r0" for kind, _, _ in stated), cohort)
    kind, m, sent = stated[0]
    return [make_finding(doc, "r0_rate_pct", share, start=sent.start + m.start(), end=sent.start + m.end(),
                         rule="margins.r0.case_by_case", confidence=0.7, unit="%", sentence=sent)] \
        if share is not None else []
