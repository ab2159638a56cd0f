"""Small series told patient by patient, one margin status per sentence.

"Patient 1 ... clear margins (R0)", "Patient 2 ... margin involvement (R1)": the R0 statuses over the cohort when
they are as many as the patients (2-5 patients; a longer series only when every status names its own numbered
patient, 1..N of the cohort). Several numbered patients may share a sentence ("Pt.1: ..., R0; Pt.2: ..., R1") when
each status follows its own; when the worded statuses fall short, a case's margin told by its width alone ("the
closest margin was 8 mm", "with a 4-mm margin") is R0 from 1 mm (0 mm R1; a sub-millimetre width leaves the series
unread unless said to be free of tumour at the ink, and no 1-mm rule is stated). A width labelled with its class in a
sentence about one numbered patient ("margin of 0 mm (R1)") is that case's status, not a definition, and so is a case's width with the class it was given ("a 0.5-mm margin,
classified as R1 because ..."). A closing generalisation ("These cases suggest that an involved margin ...") states no case's status.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.base import NUMBERED_SERIES_MAX, UNNUMBERED_SERIES_MAX, Sentence, doc_cache, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.numbers import percent
from litreview.records import Finding
from litreview.rules import expand_placeholders
from litreview.extract.margins.phrases import (
    _ALL,
    _ALL_OPENING,
    _NOT_R1,
    _R_CLASS,
    _fragment,
    _has_margin_phrase,
    _negated_r0,
    _vocab,
)
from litreview.extract.margins.values import _value
from litreview.extract.margins.widths import _r1_definition


# the telegraphic patient marker "Pt.3" / "pt 3" is never the pathological tumour stage "pT2" ("pT3N1", "PT2"): a
# lower-case p before a capital T, or a capital PT with its digit attached, is a stage
_NOT_STAGE = r"(?!(?-i:pT)|(?-i:PT)\d)"


# a small series is often described patient by patient, one margin status each (as the receptor extractor reads
# receptor profiles; sizes in litreview.extract.base); a longer one told patient by patient ("Patient 7: ER-positive; extended left hepatectomy; R1"): read only when
# every status sentence names its own numbered patient and the numbers are 1..N of the cohort; one patient's number
# only (not the plural "patients 1 and 2", which names no single case), also in the telegraphic "Pt.3"
_NUMBERED_CASE = re.compile(expand_placeholders(
    r"(?:(?!patients|cases){NUMBERED_PATIENT_LABEL}|\b" + _NOT_STAGE + r"pt\.?\s*(?:no\.?\s*|#\s*)?"
    # the short label of a patient table flattened into text ("P1 | 48 | ... | R0 | none; P2 | ...", "P3: ...")
    r"|(?-i:\bP)(?=\d{1,2}\s*[|:]))"
    r"(?P<n>\d{1,2})\b(?!\s*(?:[%/.,]\d|%|years?|months?|mm|cm))"), re.IGNORECASE)


# a definition's verb: without one, a width labelled with its class ("0 mm (R1)", "<1 mm (R1)") defines the class in
# a list of classes, but is one case's status in a sentence about one numbered patient ("Patient 2 ... resected with a
# margin of 0 mm (R1)")
_DEFINING_VERB = re.compile(r"\b(?:defined|considered|classified|taken|regarded|denoted|meant|indicated|any)\b", re.I)


def _is_definition(text: str) -> bool:
    """Whether the sentence defines a margin class ("R1 was defined as ...", "... was classified as R1")."""
    one_case = len({m.group("n") for m in _NUMBERED_CASE.finditer(text)}) == 1
    for key in ("r1_definition", "r0_definition", "r1_definition_reversed"):
        for m in re.finditer(_fragment(key), text, re.I):
            if not one_case or _DEFINING_VERB.search(m.group(0)):
                return True
    return False


# a case's margin told by its width alone ("the closest margin was 8 mm", "with a 4-mm margin", "margins of 8 and 6
# mm"; telegraphic "..., closest margin 6 mm." closing its clause): at least 1 mm is R0 and 0 mm R1 under every R1
# convention; a sub-millimetre width is either (no reading)
_WIDTH_STATUS = re.compile(r"\bmargins?\s+(?:was|were|measured|of)\s+(?:(?:approximately|about)\s+)?"
                           r"(?P<w>\d+(?:[.,]\d+)?(?:\s*(?:,|and)\s*\d+(?:[.,]\d+)?)*)\s?mm\b"
                           r"|(?<![\d.,])(?P<w2>\d+(?:[.,]\d+)?)(?:-|\s)?mm\s+(?:(?:clear|free|tumou?r-free|negative|resection|"
                           r"surgical)\s+)?margins?\b"
                           r"|\bmargins?\s*:?\s+(?P<w3>\d+(?:[.,]\d+)?)\s?mm\b(?=\s*(?:[.;,)]|$))", re.IGNORECASE)
# a closing generalisation of a case series ("These cases suggest that an involved margin ...", "In our small
# experience, R0 resection ... provided durable control"): no case's status
_GENERALISATION = re.compile(r"\b(?:these|our|this|the\s+present)\s+(?:cases?|reports?|series|experience|findings)\s+"
                             r"(?:suggests?|shows?|demonstrates?|indicates?|highlights?|illustrates?|confirms?|supports?)\b"
                             r"|^\s*(?:in|from|based\s+on)\s+(?:our|this)\s+(?:(?:small|limited|modest|own|initial)\s+)?"
                             r"(?:experience|hands)\s*,",
                             re.IGNORECASE)


def _width_statuses(text: str) -> list[tuple[str, re.Match[str]]] | None:
    """The margin statuses a sentence gives by width alone; None when a width is sub-millimetre (R0 or R1 by
    convention)."""
    out = []
    for m in _WIDTH_STATUS.finditer(text):
        widths = [float(w.replace(",", ".")) for w in re.findall(r"\d+(?:[.,]\d+)?", m.group("w") or m.group("w2") or m.group("w3"))]
        if len(widths) == 1 and 0 < widths[0] < 1 and _vocab()["uninvolved_narrow"].match(text, m.end() + 1) \
                and re.match(r"\s", text[m.end():m.end() + 1]):
            # "0.5-mm margin without tumour at the inked surface": said to be free of tumour at the margin, R0 (unless
            # the abstract's own definition makes margins under 1 mm R1: see _case_by_case_findings)
            out.append(("r0", m))
            continue
        if any(0 < w < 1 for w in widths) or (0 in widths and len(set(widths)) > 1):
            return None
        out.append(("r1" if widths == [0.0] * len(widths) else "r0", m))
    return out


# a sentence opening a numbered case's account ("Case 2: A 55-year-old woman ...", "Patient 3. ...")
_CASE_OPENING = re.compile(expand_placeholders(r"^\s*(?!patients|cases){NUMBERED_PATIENT_LABEL}\d{1,2}\s*[:.)]\s"),
                           re.IGNORECASE)


def _case_openings(doc: Doc) -> tuple[int, ...]:
    """The indices of the sentences opening a numbered case's account."""
    return doc_cache(doc, "margins_case_openings",
                     lambda: tuple(s.index for s in sentences(doc) if _CASE_OPENING.match(s.text)))


def in_numbered_case(doc: Doc, sent: Sentence) -> bool:
    """Whether a sentence is told inside one numbered case of a series of several ("Case 1: ... all liver margins
    were free of tumour. ... Case 2: ..."): an "all" there is that patient's margins, not the series'."""
    openings = _case_openings(doc)
    return len(openings) >= 2 and openings[0] <= sent.index


# "all liver margins were free of tumour" inside one numbered case's account: that patient's margins (every one of her
# several resections), one status
_ALL_OWN_MARGINS = re.compile(r"\ball\s+(?:(?:the|her|his)\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _own_margins(doc: Doc, sent: Sentence, before: str, m: re.Match[str]) -> bool:
    """Whether "all" before a margin phrase counts one numbered patient's margins ("Case 1: ... all liver margins were
    free of tumour")."""
    return bool(_ALL_OWN_MARGINS.search(before)) and m.group(0).lower().startswith("margin") \
        and in_numbered_case(doc, sent)


def _case_statuses(doc: Doc, sent: Sentence, cohort: int,
                   by_width: bool = False) -> list[tuple[str, re.Match[str]]] | None:
    """The margin statuses a sentence states without a count ("... with clear margins (R0)", "tumour cells reached
    the transection margin (R1)"); adjacent phrases naming one status ("clear margins (R0)") are one. None when
    the sentence gives a count, quantifier, group or negation, which the case-by-case reading cannot hold."""
    vocab = _vocab()
    text = normalise(sent.text)
    if "mm" in text and len({m.group("n") for m in _NUMBERED_CASE.finditer(text)}) == 1 \
            and (labelled := _case_width_class().search(text)) is not None:
        # "Case 4 ... left a 0.5-mm margin, classified as R1 because our definition of R0 requires 1 mm": one numbered
        # case's width with its class, that case's status (the rule quoted after it is the abstract's, not a count)
        return [("r0" if labelled.group("k") == "0" else "r1", labelled)]
    if _is_definition(text) or vocab["hypothetical"].search(text) or vocab["prognostic"].search(text) \
            or _GENERALISATION.search(text):
        return []
    phrases = [(kind, m) for kind in ("r0", "r1") for m in vocab[kind].finditer(text)]
    widths = _width_statuses(text) if by_width and "mm" in text else []
    if widths is None:
        return None
    # a width inside a margin phrase ("the margin measured 6 mm and was tumour-free") is that phrase's
    widths = [(kind, w) for kind, w in widths
              if not any(m.start() < w.end() and w.start() < m.end() for _, m in phrases)]
    matches = sorted(phrases + widths, key=lambda km: km[1].start())
    statuses: list[tuple[str, re.Match[str]]] = []
    for kind, m in matches:
        before = text[max(0, m.start() - 60):m.start()]
        if vocab["other_organ_before"].search(before):
            continue  # "the breast margins were clear": the breast operation's, no status of the liver resection
        # (a width's negation is in its own clause: "HER2 2+ without amplification, 0.5-mm margin" negates nothing)
        near = text[max(0, m.start() - 40):m.start()]
        if vocab["group_defined"].search(before) or vocab["selection"].search(before) \
                or _NOT_R1.search(_own_clause(near, m)) \
                or ((_ALL.search(before) or _ALL_OPENING.search(before)) and not _own_margins(doc, sent, before, m)) \
                or (kind == "r0" and m.re is not _WIDTH_STATUS and _negated_r0(text, m)) \
                or (m.re is not _WIDTH_STATUS and _value(text, m.start(), m.end(), cohort, kind) is not None):
            return None
        if statuses and re.fullmatch(r"[\s(\[)\],]*", text[statuses[-1][1].end():m.start()]):
            if statuses[-1][0] != kind:
                return None  # "clear margins (R1)": contradictory
            continue
        if statuses and statuses[-1][0] == kind and not _CASE_LABEL.search(text, statuses[-1][1].end(), m.start()):
            continue  # "tumour at the margin on histology (R1)": one patient's status said twice
        statuses.append((kind, m))
    return statuses


def _own_clause(near: str, m: re.Match[str]) -> str:
    """The words before a status that may negate it: its own clause. A negation never crosses a ';' ("FISH not
    amplified; R0"); a width, or a bare class label closing a telegraphic case ("HER2 2+, not amplified, R0"), is a
    clause of its own after a comma or colon too."""
    if m.re is _WIDTH_STATUS or _R_CLASS.fullmatch(m.group(0)):
        return re.split(r"[,;:]", near)[-1]
    return near.split(";")[-1]


@lru_cache(maxsize=1)
def _case_width_class() -> re.Pattern[str]:
    """A case's margin width with the class it was given ("a 0.5-mm margin, classified as R1")."""
    return re.compile(_fragment("case_width_class"), re.I)


_Stated = tuple[str, re.Match[str], Sentence, int | None]  # a status, its phrase and sentence, its numbered case


def _stated(doc: Doc, cohort: int, by_width: bool) -> list[_Stated] | None:
    """One margin status per patient, in the order told, each with the numbered case it is told of (None when the
    sentence names no single one); None unless there are as many as patients."""
    stated: list[_Stated] = []
    for sent in sentences(doc):
        if sent.section in ("OBJECTIVE", "TITLE", "CONCLUSIONS") \
                or (sent.section == "BACKGROUND" and not in_numbered_case(doc, sent)) or not (
                _has_margin_phrase(sent.text) or (by_width and "mm" in sent.text and _WIDTH_STATUS.search(sent.text))):
            continue
        statuses = _case_statuses(doc, sent, cohort, by_width)
        if statuses is None:
            return None
        if len(statuses) > 1:
            ids = _item_cases(sent.text, statuses)
            if ids is None:
                return None  # two statuses in one sentence that are not each a numbered patient's
            stated.extend((kind, m, sent, n) for (kind, m), n in zip(statuses, ids))
            continue
        labels = {int(x.group("n")) for x in _NUMBERED_CASE.finditer(sent.text)}
        stated.extend((kind, m, sent, labels.pop() if len(labels) == 1 else None) for kind, m in statuses)
    return stated if len(stated) == cohort else None


def _item_cases(text: str, statuses: list[tuple[str, re.Match[str]]]) -> list[int] | None:
    """The numbered patients of a sentence that lists several ("Pt.1: ..., R0; Pt.2: ..., R1"): exactly one new
    numbered patient before each status (since the one before), all distinct; else None."""
    ids, prev = [], 0
    for _, m in statuses:
        labels = {int(x.group("n")) for x in _NUMBERED_CASE.finditer(text, prev, m.start())}
        if len(labels) != 1:
            return None
        ids.append(labels.pop())
        prev = m.end()
    return ids if len(set(ids)) == len(ids) else None


# a patient or case named in a sentence ("patient 2", "case 3", also telegraphic "pts 2"): statuses on both sides of
# it are two patients'
_CASE_LABEL = re.compile(expand_placeholders(r"(?:{NUMBERED_PATIENT_LABEL}|\b" + _NOT_STAGE + r"pts?\.?\s*(?:no\.?\s*|#\s*)?)\d")
                         + r"|(?-i:\bP)\d{1,2}\s*[|:]"  # a flattened patient table's row label ("; P2 | 55 | ...")
                         + r"|\b(?:the\s+)?(?:other|second|latter|former)\b"
                         r"|\b(?:while|whereas|but|and)\s+(?:in\s+)?(?:one|another|the\s+other)\b", re.IGNORECASE)


def _case_by_case_findings(doc: Doc, cohort: int | None) -> list[Finding]:
    """A small series described patient by patient, one margin status per sentence ("Patient 1 ... clear margins
    (R0) ...", "Patient 2 ... margin involvement (R1) ..."): the R0 share when the statuses are as many as the
    patients. Anything else (a patient without a status, two in one sentence) leaves the cell empty."""
    if not cohort or not 2 <= cohort <= NUMBERED_SERIES_MAX:
        return []
    stated = _stated(doc, cohort, by_width=False)
    if stated is None and any("mm" in sent.text for sent in sentences(doc)):
        # then with the cases whose margin is told by its width alone ("the closest margin was 8 mm"): only when the
        # statuses said in words do not already make one per patient (a width beside a worded status is no second one)
        stated = _stated(doc, cohort, by_width=True)
    if stated is None:
        return []
    if any(m.re is _WIDTH_STATUS and any(0 < float(w.replace(",", ".")) < 1 for w in re.findall(r"\d+(?:[.,]\d+)?", m.group(0)))
           for _, m, *_ in stated) \
            and _r1_definition(doc) == "under1":
        return []  # an uninvolved 0.5-mm margin is R1 under the abstract's own 1-mm rule: the statuses are not as told
    numbered = cohort > UNNUMBERED_SERIES_MAX
    if numbered and sorted(n or 0 for *_, n in stated) != list(range(1, cohort + 1)):
        return []
    share = percent(sum(kind == "r0" for kind, *_ in stated), cohort)
    kind, m, sent, _ = stated[0]
    return [make_finding(doc, "r0_rate_pct", share, start=sent.start + m.start(), end=sent.start + m.end(),
                         rule="margins.r0.case_by_case", confidence=0.7, unit="%", sentence=sent)] \
        if share is not None else []
