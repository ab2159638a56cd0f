"""Margin-width lists and the abstract's own definitions of R0 and R1.

* Width classes with their counts ("10 mm or more in 19, 1-9 mm in 14 and less than 1 mm (R1) in 4"; also counts
  with their unit after the class, "Margin >=1 mm 28 pts, <1 mm 5 pts, involved 3 pts", "1 mm or more: 21
  patients", "tumour at the margin - 3 pts"): when only the
  narrow classes are labelled, the clear widths are R0 (the classes adding up to the cohort); a margin phrase's
  count inside such a list is one class's, never the R0 count.
* The abstract's R1 definition: "zero" (tumour at the resection surface, 0 mm) or "under1" (closer than 1 mm),
  stated for R1, written backwards ("any margin narrower than 1 mm was classified as R1") or implied by an R0
  definition; an unlabelled width list ("1 mm or more in 24, 0.1-0.9 mm in 8 and 0 mm in 3") is split into R0 and
  R1 classes by their bounds under it; a class labelled R0/R1 in the list takes its label (which must agree with the
  definition). An R0 definition taking any tumour-free margin "whatever its width" means R1 = 0 mm; an involved class
  named after its count ("while in 3 patients tumour reached the margin") is the 0-mm class, and beside such a
  separate involved class a "less than 1 mm" class lies above 0 mm. A 0-mm class classified R1 ("tumour at the
  transection line as R1") is R1 under either convention: beside a sub-millimetre class classified R1 or a 1-mm R0
  definition the definition is "under1", alone it is "zero".
* A count of margins at least as wide as the abstract's 1-mm R0 definition ("A margin of 1 mm or more was obtained
  in 30 patients") is the R0 count; a count under its 1-mm R1 threshold, with the rest declared R0, is the R1 count.
* Without a definition, a narrow class said to be free of tumour at the inked surface (or labelled "(tumour-free)",
  also a class from a sub-millimetre bound, "0.1 to 9 mm (tumour-free)") implies R1 = tumour at the margin ("zero"); "between 0 and 1 mm" excludes its upper bound.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc

from litreview.extract.base import Sentence, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.numbers import INT, parse_number, percent
from litreview.records import Finding
from litreview.extract.margins.phrases import _R1_WORD, _R_CLASS, _UNIT_ANY, _fragment, _vocab
from litreview.extract.margins.groups import _is_subgroup


# a count closing a margin class of a list: "10 mm or more in 19", "1-9 mm, n = 14"; or a count with its unit right
# after a width, a status or a colon or spaced dash ("Margin >=1 mm 28 pts, <1 mm 5 pts, involved 3 pts", "1 mm or
# more: 21 patients", "tumour at the margin - 3 pts")
# ("1 mm or more in the remaining 34": the rest of the cohort is the last class's count)
_LIST_COUNT = re.compile(rf"(?:\bin\s+(?:{_fragment('remainder')}\s+)?|\bn\s*=\s*|(?:(?:(?<=mm)|(?<=\binvolved)|(?<=\bpositive)|(?<=\bexposed))"
                         rf"\s*[:\-\u2013]?\s*|\s*:\s*|\s[\-\u2013]\s*)"
                         rf"(?=\d+\s+(?:pts|patients|women|cases|specimens|resections)\b))"
                         rf"(?P<n>{INT})\b(?!\s*(?:[%/.,]\d|%|of\b|mm|cm|months?|years?|-))", re.I)


def _width_segments(text: str) -> list[tuple[str, float]]:
    """The classes of a margin-width list with their counts: each count with the text since the previous one."""
    out: list[tuple[str, float]] = []
    prev = 0
    for m in _LIST_COUNT.finditer(text):
        n = parse_number(m.group("n"))
        if n is None or not float(n).is_integer():
            return []
        out.append((text[prev:m.start()], float(n)))
        prev = m.end()
    return out


def _is_width_list(text: str) -> bool:
    """Whether the sentence counts patients per margin width ("10 mm or more in 19, 1-9 mm in 14"): a margin
    phrase's count there is one width class's, not the R0 count."""
    width = _fragment("width")
    return "mm" in text and sum(1 for seg, _ in _width_segments(text) if re.search(width, seg, re.I)) >= 2


def _width_classes(text: str, cohort: int | None) -> float | None:
    """The R0 share of a margin-width list in which only the narrow classes are labelled R1/R2 ("10 mm or more in
    19 patients, 1-9 mm in 14 and less than 1 mm (R1) in 4" -> 33/37): every unlabelled class must be a width that
    no definition calls involved, and the classes must add up to the cohort."""
    if not _is_width_list(text):
        return None
    r0 = other = 0.0
    for seg, n in _width_segments(text):
        label = _R_CLASS.findall(seg)
        if label:
            if len(set(label)) > 1:
                return None
            r0, other = (r0 + n, other) if label[0] == "0" else (r0, other + n)
        elif re.search(_fragment("width"), seg, re.I) and not re.search(_fragment("narrow_width"), seg, re.I):
            r0 += n
        else:
            return None  # a class that is neither labelled nor a clear width: "exposed in 9"
    total = r0 + other
    if not r0 or not other or (cohort and total != cohort):
        return None
    return percent(r0, total)


class _Bounds(NamedTuple):
    """The widths a margin-width class covers, in mm."""

    lo: float
    lo_incl: bool
    hi: float
    hi_incl: bool


@lru_cache(maxsize=1)
def _width_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A width range ("0.1-0.9 mm") and a single width with its comparator ("1 mm or more", "< 1 mm", "0 mm")."""
    num = r"\d+(?:[.,]\d+)?"
    # ("between 0 and 1 mm" beside a class of "1 mm or more": the upper bound excluded, see _bounds)
    span = re.compile(rf"(?<![\d.,])(?P<a>{num})\s*(?:-|\u2013|to)\s*(?P<b>{num})\s?mm\b"
                      rf"|\bbetween\s+(?P<a2>{num})(?:\s?mm)?\s+and\s+(?P<b2>{num})\s?mm\b", re.I)
    one = re.compile(rf"(?:(?P<up>{_fragment('width_upper')})|(?P<low>{_fragment('width_lower')}))?\s*(?<![\d.,])"
                     rf"(?P<x>{num})\s?mm\b(?:\s+or\s+(?:(?P<more>more|greater|wider|above|over)|less|narrower|below))?",
                     re.I)
    return span, one


def _bounds(segment: str) -> _Bounds | None:
    """The bounds of the one width a class of a width list names; None when it names none or several."""
    zero = re.search(_fragment("r1_zero_width"), segment, re.I)
    if zero and re.search(_fragment("negated_width"), segment[:zero.start()], re.I):
        zero = None  # "below 1 mm without tumour at the inked surface": the width says it
    if zero and not re.search(rf"{_fragment('width_lower')}\s*$", segment[:zero.start()], re.I) \
            and not re.search(r"\d(?:[.,]\d+)?\s?mm", segment[:zero.start()] + segment[zero.end():]):
        return _Bounds(0.0, True, 0.0, True)  # "0 mm", "exposed" (not "> 0 mm")
    if segment.count("mm") != 1:
        return None
    span, one = _width_patterns()
    if (m := span.search(segment)) is not None:
        a, b = parse_number(m.group("a") or m.group("a2")), parse_number(m.group("b") or m.group("b2"))
        # "between 0 and 1 mm": the next class starts at its upper bound ("1 mm or more"), which it then excludes
        return _Bounds(float(a), True, float(b), not m.group("b2")) if a is not None and b is not None and a <= b \
            else None
    m = one.search(segment)
    x = parse_number(m.group("x")) if m else None
    if m is None or x is None:
        return None
    x = float(x)
    if m.group("more") or m.group("low"):
        return _Bounds(x, not (m.group("low") or "").strip().startswith((">", "more", "greater", "wider", "over",
                                                                          "above", "exceed")), float("inf"), False)
    if m.group("up") or m.group(0).rstrip().endswith(("less", "narrower", "below")):
        strict = (m.group("up") or "").strip().startswith(("<", "less", "under", "below", "narrower"))
        return _Bounds(0.0, True, x, not strict)
    return _Bounds(x, True, x, True)


def _defined_class(bounds: _Bounds, definition: str) -> str | None:
    """"0" or "1": the margin class of a width class under the abstract's definition of R1 (tumour at the surface,
    "zero"; or closer than 1 mm, "under1"); None when the class straddles the definition's threshold."""
    if definition == "zero":
        if bounds.hi == 0:
            return "1"
        return "0" if bounds.lo > 0 or not bounds.lo_incl else None
    if bounds.hi < 1 or (bounds.hi == 1 and not bounds.hi_incl):
        return "1"
    return "0" if bounds.lo >= 1 else None


def _r1_definition(doc: Doc) -> str | None:
    """How the abstract defines an R1 margin: "zero" ("tumour at the resection surface (0 mm)", "R0 was any
    resection without tumour at the margin") or "under1" ("R1 (< 1 mm)", "any margin narrower than 1 mm was
    classified as R1", "R0 defined as a margin of at least 1 mm"); None when it gives no definition or several that
    disagree."""
    found = set()
    for sent in sentences(doc):
        if "R1" in sent.text:
            found.update(_r1_definitions(normalise(sent.text)))
        if "R0" in sent.text:
            found.update(_r0_definitions(normalise(sent.text)))
        if "R0 (" in sent.text or "R1 (" in sent.text or "R0 [" in sent.text or "R1 [" in sent.text:
            found.update(_bracketed_definitions(normalise(sent.text)))
    if "zero_class" in found:
        # "tumour at the surface was classified as R1" beside "0.1-0.9 mm as R1" or an R0 of at least 1 mm: under1
        found.discard("zero_class")
        found = found or {"zero"}
    return found.pop() if len(found) == 1 else None


def _implied_definition(text: str) -> str | None:
    """The R1 convention a width list implies when the abstract states none: a narrow class said to be free of tumour
    at the margin ("less than 1 mm, without tumour at the inked surface, in 6; tumour reached the ink in 3", "a
    sub-millimetre but uninvolved margin", "0.1 to 9 mm (tumour-free) in 10 and involved (0 mm) in four") separates uninvolved from involved margins, so R1 is tumour at the margin
    ("zero"). None otherwise."""
    if "mm" not in text or not (m := _vocab()["uninvolved_narrow"].search(text)):
        return None
    # the tumour-free statement must qualify a sub-millimetre or narrow class, right before it
    before = text[max(0, m.start() - 40):m.start()]
    # (or a class from a sub-millimetre bound, "0.1 to 9 mm (tumour-free) in 10": margins down to 0.1 mm are free)
    narrow = re.compile(rf"{_fragment('narrow_width')}|{_fragment('submillimetre_width')}"
                        rf"|{_fragment('submillimetre_range')}", re.I)
    return "zero" if narrow.search(before) else None


def _r1_definitions(text: str) -> set[str]:
    """The R1 definitions of a sentence: "R1 was defined as ..." or "... was classified as R1" (the clause before)."""
    found = set()
    definitions = [m.group(0) for m in re.finditer(_fragment("r1_definition"), text, re.I)]
    classified = []  # the clauses of classes classified as R1 ("margins of 0.1-0.9 mm were classified as R1")
    for m in re.finditer(_fragment("r1_definition_reversed"), text, re.I):
        if re.search(_fragment("negation_before"), text[:m.start()], re.I):
            continue  # "were not classified as R1" defines nothing
        clause = re.split(r"[.;:]", text[max(0, m.start() - 100):m.start()])[-1]
        # "0.1-0.9 mm were classified as R1 (sub-millimetre) and tumour at the line as R1": each class its own clause
        classified.append(_R1_WORD.split(clause)[-1])
    for definition in definitions:
        if re.search(_fragment("r1_under_1mm"), definition, re.I) or re.search(_fragment("close_class"), definition,
                                                                                 re.I):
            found.add("under1")  # "close margins were considered R1": close is under the 1 mm threshold
        elif re.search(_fragment("r1_zero_width"), definition, re.I):
            found.add("zero")
    for clause in classified:
        if re.search(_fragment("r1_under_1mm"), clause, re.I) or re.search(_fragment("close_class"), clause, re.I) \
                or re.search(_fragment("submillimetre_width"), clause, re.I):
            found.add("under1")  # a class below 1 mm is R1: so is every narrower one
        elif re.search(_fragment("r1_zero_width"), clause, re.I):
            found.add("zero_class")  # a 0-mm class is R1 under either convention: R1 = 0 mm unless a class says more
    return found


def _bracketed_definitions(text: str) -> set[str]:
    """The R1 convention of a class glossed in brackets ("R1 (tumour exposed at the surface)", "R0 (no tumour at the
    inked margin)"), in a grading or a result: tumour at the margin is "zero" (no width in the gloss)."""
    found = set()
    for m in re.finditer(_fragment("class_bracket_definition"), text, re.I):
        gloss = m.group("def")
        zero = re.search(_fragment("r1_zero_width"), gloss, re.I)
        if zero is None:
            continue
        negated = re.search(_fragment("negated_width"), gloss[:zero.start()], re.I) is not None
        if (m.group("k") == "1") != negated:  # R1 = tumour at the margin; R0 = no tumour there
            found.add("zero")
    return found


def _r0_definitions(text: str) -> set[str]:
    """The R1 definitions an R0 definition implies: "at least 1 mm" (under1), "without tumour at the margin"
    (zero); a tumour-at-the-margin phrase must be negated, as R0 is its absence."""
    found = set()
    for m in re.finditer(_fragment("r0_definition"), text, re.I):
        definition = m.group(0)
        if re.search(_fragment("r0_under_1mm_r1"), definition, re.I):
            found.add("under1")
        elif re.search(_fragment("r0_any_width"), definition, re.I):
            found.add("zero")  # "R0 whenever the margin was free of tumour, whatever its width"
        elif (zero := re.search(_fragment("r1_zero_width"), definition, re.I)) and (
                re.search(_fragment("negated_width"), definition[:zero.start()], re.I)
                or re.search(rf"{_fragment('width_lower')}\s*$", definition[:zero.start()], re.I)):
            found.add("zero")  # "no tumour at the margin", "a margin > 0 mm"
    return found


def _defined_width_share(text: str, definition: str, cohort: int | None) -> float | None:
    """The R0 share of a margin-width list, its classes split by the abstract's definition of R1 ("1 mm or more in
    24, 0.1-0.9 mm in 8 and 0 mm in 3" with R1 = 0 mm -> 32/35) or by their own class labels ("at least 1 mm (R0)
    in 37; 0.1-0.9 mm in four and 0 mm in one" with R1 under 1 mm -> 37/42); the classes must add up to the
    cohort."""
    if not cohort or not _is_width_list(text):
        return None
    counts = {"0": 0.0, "1": 0.0}
    segments = _width_segments(text)
    tails = [seg for seg, _ in segments[1:]] + [_list_tail(text)]
    classes = []
    for (seg, n), tail in zip(segments, tails):
        bounds = _bounds(seg)
        lead = _TAIL_UNIT.match(tail)
        if bounds is None and not re.search(r"\d|\bmm\b", seg) and lead is not None \
                and (r1 := _vocab()["r1"].match(tail, lead.end())) is not None \
                and not re.search(r"\bmm\b", tail[:r1.end() + 2]):
            # "..., while in 3 patients tumour reached the margin": an involved class named after its count
            bounds = _Bounds(0.0, True, 0.0, True)
        classes.append((seg, n, bounds))
    separate_zero = any(b is not None and b.hi == 0 for _, _, b in classes) or any(
        set(_R_CLASS.findall(seg)) == {"1"} and definition == "zero" for seg, _, _ in classes)
    for seg, n, bounds in classes:
        if separate_zero and bounds is not None and bounds.lo == 0 and bounds.lo_incl and bounds.hi > 0:
            # "less than 1 mm in 4, while tumour reached the surface (R1) in 3": the involved margins are their own
            # class, so the sub-millimetre one lies above 0 mm
            bounds = _Bounds(0.0, False, bounds.hi, bounds.hi_incl)
        label = _defined_class(bounds, definition) if bounds is not None else None
        if (labels := set(_R_CLASS.findall(seg))):
            # a class labelled with its margin class ("A margin of at least 1 mm (R0) was obtained in 37"): the label,
            # which must agree with the definition when the width says one
            stated = "0" if labels == {"0"} else "1" if "0" not in labels else None
            if stated is None or (label is not None and label != stated):
                return None
            label = stated
        if label is None:
            return None
        counts[label] += n
    if counts["0"] + counts["1"] != cohort or not counts["0"]:
        return None
    return percent(counts["0"], float(cohort))


# what may stand between a class's count and the involved-margin phrase naming it: "in 3 [patients] tumour reached ..."
_TAIL_UNIT = re.compile(rf"[\s,]*(?:{_UNIT_ANY}\b[\s,]*)?(?:the\s+)?", re.I)


def _list_tail(text: str) -> str:
    """The words after the last count of a margin-width list, up to the clause's end ("in 3 patients tumour reached
    the margin" -> " patients tumour reached the margin")."""
    last = None
    for last in _LIST_COUNT.finditer(text):
        pass
    tail = text[last.end():] if last else ""
    return re.split(r"[;.]", tail, maxsplit=1)[0][:120]


def _narrow_classes(text: str) -> int:
    """How many classes of a margin-width list are narrow or involved (see ``narrow_width``). A sub-millimetre class
    ("0.1-0.9 mm in 8") counts too: R1 under the 1-mm convention, so beside a 0-mm class the R1 count is undefined."""
    narrow, r1 = re.compile(_fragment("narrow_width"), re.I), _vocab()["r1"]
    submm = re.compile(_fragment("submillimetre_width"), re.I)
    return sum(1 for seg, _ in _width_segments(text) if narrow.search(seg) or submm.search(seg) or r1.search(seg))


def _defined_width_finding(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> Finding | None:
    """The R0 share of a margin-width list in a sentence, read with the abstract's R1 definition."""
    if not cohort or cohort < 2 or _is_subgroup(doc, text) \
            or _vocab()["prognostic"].search(text) or (definition := _r1_definition(doc) or _implied_definition(text)) is None:
        return None
    share = _defined_width_share(text, definition, cohort)
    if share is None:
        return None
    return make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start, end=sent.end,
                        rule="margins.r0.width_defined", confidence=0.7, unit="%", sentence=sent)


def _defined_width_counts(doc: Doc, cohort: int | None) -> list[Finding]:
    """R0 from a count of margins at least as wide as the abstract's own 1-mm R0/R1 threshold ("R0 was defined as a
    tumour-free margin of at least 1 mm ... A margin of 1 mm or more was obtained in 30 patients")."""
    if not cohort or cohort < 2:
        return []
    pattern = re.compile(_fragment("defined_width_count"), re.I)
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE", "TITLE") or "mm" not in sent.text:
            continue
        text = normalise(sent.text)
        m = pattern.search(text)
        if m is None or _is_subgroup(doc, text) or _vocab()["prognostic"].search(text):
            continue
        if _r1_definition(doc) != "under1":
            return []
        if m.group("p"):
            share = float(parse_number(m.group("p")) or 0.0)
        else:
            n = parse_number(m.group("n"))
            share = percent(n, cohort) if n is not None and float(n).is_integer() and 0 < n <= cohort else None
        if share is None or share > 100:
            return []
        return [make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start + m.start(),
                             end=sent.start + m.end(), rule="margins.r0.defined_width_count", confidence=0.65,
                             unit="%", sentence=sent)]
    return []


def _defined_narrow_counts(doc: Doc, cohort: int | None) -> list[Finding]:
    """R0 from a count of margins narrower than the abstract's own 1-mm R1 threshold, the rest declared R0 ("A
    closest margin of less than 1 mm was classified as R1 ... A margin under 1 mm was recorded in 7 patients and
    macroscopic residual tumour (R2) was left in 1; all remaining resections were R0" -> 57/65): the cohort less the
    narrow (R1) and macroscopic (R2) counts. Only with a 1-mm R1 definition and the remainder said to be R0."""
    if not cohort or cohort < 2:
        return []
    pattern = re.compile(_fragment("defined_narrow_count"), re.I)
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE", "TITLE") or "mm" not in sent.text \
                or "R0" not in sent.text:  # the cheap literal test first: the remainder is declared R0
            continue
        text = normalise(sent.text)
        m = pattern.search(text)
        if m is None or _is_subgroup(doc, text) or _vocab()["prognostic"].search(text) \
                or not re.search(_fragment("remaining_r0"), m.group("rest"), re.I):
            continue
        if _r1_definition(doc) != "under1":
            return []
        r1 = parse_number(m.group("n"))
        r2_match = re.search(_fragment("narrow_r2_count"), m.group("rest"), re.I)
        r2 = parse_number(r2_match.group("n")) if r2_match else 0
        if r1 is None or r2 is None or not float(r1).is_integer() or not float(r2).is_integer() \
                or not 0 < r1 + r2 < cohort:
            return []
        share = percent(cohort - r1 - r2, cohort)
        if share is None:
            return []
        return [make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start + m.start(),
                             end=sent.start + m.end(), rule="margins.r0.defined_narrow_count", confidence=0.65,
                             unit="%", sentence=sent)]
    return []


def _width_list_findings(doc: Doc, cohort: int | None) -> list[Finding]:
    """R0 from a margin-width list without R0/R1 words, read with the abstract's own R1 definition (see
    :func:`_defined_width_share`)."""
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE", "TITLE") or "mm" not in sent.text \
                or "margin" not in sent.text.lower():
            continue
        if _r1_definition(doc) is None and _implied_definition(normalise(sent.text)) is None:
            continue  # looked up only for an abstract with a candidate list
        finding = _defined_width_finding(doc, sent, normalise(sent.text), cohort)
        if finding is not None:
            return [finding]
    return []


@lru_cache(maxsize=1)
def _nested_involved() -> re.Pattern[str]:
    """An involved-margin count nested in a narrow class's count, right before the involved phrase: "The margin was
    less than 1 mm in nine patients, including the four with tumour at the margin", "a sub-millimetre margin in 9,
    including 4 with an involved margin" (the narrow class and its count, then "including (the) N (unit) with/who
    had")."""
    narrow = rf"(?:{_fragment('narrow_width')}|{_fragment('submillimetre_width')}|sub-?millimet(?:re|er)|close|narrow)"
    return re.compile(rf"{narrow}[^;.]{{0,60}}?\b(?P<n>{INT})(?:\s+{_UNIT_ANY})?\s*,?\s*(?:\(\s*)?including\s+(?:the\s+)?"
                      rf"(?P<k>{INT})(?:\s+{_UNIT_ANY})?\s+(?:with|who\s+had|showing|having)\s+(?:an?\s+|the\s+)?$", re.I)


def _nested_involved_count(doc: Doc, text: str, start: int, cohort: int | None) -> tuple[float, int] | None:
    """The R1 count of an involved phrase nested in a narrow class ("less than 1 mm in nine patients, including the
    four with tumour at the margin"): the nested count (with where its phrase starts), only under the abstract's own
    0-mm R1 definition (under a 1-mm one the whole narrow class is R1; with none, which is meant is unknown) and
    when the nested count is smaller than the class's and than the cohort."""
    before = text[max(0, start - 140):start]
    if "ncluding" not in before:  # the cheap literal test first
        return None
    m = _nested_involved().search(before)
    if m is None or not cohort:
        return None
    n, k = parse_number(m.group("n")), parse_number(m.group("k"))
    if n is None or k is None or not 0 < k < n or k >= cohort or _r1_definition(doc) != "zero":
        return None
    return float(k), start
