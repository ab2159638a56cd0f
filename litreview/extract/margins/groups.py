"""Whom a margin sentence is about: the cohort, a subgroup or one arm.

* A subgroup only ("among the 21 patients with HER2-positive disease", "in the LR group"): an arm the abstract
  spells out as a resection ("SR" = surgical resection) is the operated cohort; an arm placed after an appositive
  ("in all but two resections, both in the open group") or named in another ';' clause than the margin phrase is
  no subgroup of it.
* The breast cancer patients of a mixed-primary series ("For the 37 women with breast cancer, ..."): the cohort.
* Anaphors ("among them", "of these", "of whom") pointing back to a counted group: a subgroup, or the patients
  whose margin status was known (the figures' denominator).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc

from litreview.extract.base import Sentence, doc_text, sentences
from litreview.extract.prefilter import may_match
from litreview.extract.numbers import INT, parse_number
from litreview.extract.margins.phrases import _UNIT_ANY, _has_margin_phrase, _vocab


def _is_subgroup(doc: Doc, text: str, arms: tuple[int, int] = (0, 0)) -> bool:
    """Whether the sentence is about a subgroup only. "In the SR group" names the operated arm when the abstract
    defines SR as surgical resection: the group is read with its abbreviation spelled out. An arm placed after an
    appositive ("in all but two resections, both in the open group") is where the exceptions lie, not the
    sentence's subject; so are the arms inside the span ``arms`` (a pair of per-arm rates that is pooled)."""
    vocab = _vocab()
    for m in vocab["subgroup_start"].finditer(text):
        if not _scopes_margin_clause(doc, text, m):
            continue  # "In the LR group, R1 in three specimens; in the MWA group, complete ablation in 27": another clause's
        if _names_breast_cohort(text[m.start():m.end() + 60], _cohort_of(doc)):
            continue  # "For the 41 women with breast cancer, ...": the breast patients of a mixed series are the cohort
        if not m.group("arm"):
            return True
        if arms[0] <= m.start() and m.end() <= arms[1]:
            continue
        if vocab["exception_locator"].search(text[max(0, m.start() - 60):m.start()]):
            continue
        if not _is_operated_arm(doc, text, m):
            return True
    return False


def _scopes_margin_clause(doc: Doc, text: str, m: re.Match[str]) -> bool:
    """Whether a group named at ``m`` can be the subject of a margin phrase of the sentence: one in its own ';' clause,
    or in a later clause that does not open with a group of its own that is the operated arm ("In the RFA group,
    complete ablation in 18; in the LR group, tumour at the margin in two"). A group named in a later clause than
    every margin phrase is that clause's ("In the LR group, R1 in three; in the MWA group, ...")."""
    if ";" not in text:
        return True
    vocab = _vocab()
    bounds = [0, *(i + 1 for i, c in enumerate(text) if c == ";"), len(text) + 1]
    clauses = list(zip(bounds, bounds[1:]))
    own = next(i for i, (a, b) in enumerate(clauses) if a <= m.start() < b)
    for i, (a, b) in enumerate(clauses[own:], own):
        clause = text[a:b - 1]
        if not _has_margin_phrase(clause):
            continue
        if i == own:
            return True
        head = _CLAUSE_GROUP.match(clause)
        if head is None:
            return True
        arm = vocab["subgroup_start"].search(text, a, a + head.end())
        if arm is not None and (not arm.group("arm") or not _is_operated_arm(doc, text, arm)):
            return True  # the clause opens with another subgroup, or none: the earlier group may be its subject
    return False


# a clause opening with the group it is about: "in the LR group, ...", "in the resection arm, ..."
_CLAUSE_GROUP = re.compile(r"\s*(?:in|among|for)\s+the\s+(?:[\w-]+\s+){1,2}?(?:group|arm)\b", re.I)


def _cohort_of(doc: Doc) -> int | None:
    from litreview.extract.cohort import cohort_denominator

    return cohort_denominator(doc)


def _names_breast_cohort(text: str, cohort: int | None) -> bool:
    """Whether the sentence is about the breast cancer patients of a series with several primaries ("In the breast
    cancer subgroup, ...", "For the 37 women with breast cancer, ..."); a size it gives must be the cohort's (the
    cohort is the breast patients)."""
    for key in ("breast_cohort", "breast_cohort_subject"):
        # ("Patients with breast cancer liver metastases had the best outcome: R0 in 34 of the 38": the subject)
        pattern = _vocab()[key]
        if may_match(pattern, text) and (m := pattern.search(text)):
            return not m.group("n") or (cohort is not None and parse_number(m.group("n")) == cohort)
    return False


def _is_operated_arm(doc: Doc, text: str, m: re.Match[str]) -> bool:
    """Whether the arm of a subgroup match is an abbreviation the abstract spells out as a resection (also inside a
    bracket giving the arm's size, "liver resection (LR, n = 31)"); a detected long form is read by its last words."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return False
    long = pairs.get(m.group("arm"))
    if long is None:
        return _defined_as_resection(doc, m.group("arm"))
    spelled = text[:m.start("arm")] + long + text[m.end("arm"):]
    if _vocab()["subgroup_start"].match(spelled, m.start()) is not None:
        return False
    # a long form that runs on past its label ("Thirty women underwent hepatectomy and 60 received chemotherapy alone"
    # for "(CT group)") is read by the words nearest the label: an operation, and no other treatment
    tail = " ".join(long.split()[-4:])
    return bool(_OPERATION_WORD.search(tail)) and not _vocab()["other_arm"].search(tail) \
        and not _NOT_OPERATION_WORD.search(tail)


_OPERATION_WORD = re.compile(r"hepatectom|resect|surg|operat|metastasectom", re.I)
_NOT_OPERATION_WORD = re.compile(r"\b(?:chemo\w*|endocrine|hormon\w*|without|no|non-?\w*|conservative)\b", re.I)


def _defined_as_resection(doc: Doc, arm: str) -> bool:
    """Whether the abstract defines the arm label as a resection inside a bracket that also gives the arm's size
    ("liver resection (LR, n = 31)"), which the abbreviation detector does not pair (it wants the label alone)."""
    text = doc_text(doc)
    if f"({arm}," not in text and f"({arm};" not in text and f"({arm} ," not in text:
        return False  # the cheap literal test first
    return re.search(rf"(?:{_RESECTION_LONG})\s*\(\s*{re.escape(arm)}\s*[,;]", text, re.I) is not None


# an operation the author labels ("liver resection (LR, ...)"): the long forms of an operated arm
# ("without liver resection (NR, ...)" is the other arm)
_RESECTION_LONG = (r"(?<!without\s)(?<!no\s)(?<![\w-])(?:(?:partial|major|minor|liver|hepatic|laparoscopic|open|surgical)\s+){0,2}"
                   r"(?:hepatectomy|resection|metastasectomy|(?:liver|hepatic)\s+surgery)")


# a counted group an anaphor may point back to: "Fourteen patients", "12 (36%) women", "(n = 14)", "28 of the 30
# patients" (the numerator is the group)
_GROUP_COUNT = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})(?:\s+(?:out\s+)?of\s+(?:the\s+|our\s+)?{INT})?"
                          rf"(?:\s*[\(\[][^()\[\]]{{0,20}}[\)\]])?\s+(?:[\w-]+\s+){{0,2}}?{_UNIT_ANY}\b"
                          rf"|\bn\s*=\s*(?P<n2>\d+)", re.I)


_WHICH_GROUP = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s+(?:[\w-]+\s+){{0,2}}?{_UNIT_ANY}\s*,\s*$", re.I)


def _whole_of_parts(counts: list[re.Match[str]]) -> float | None:
    """The group that the last counts break down, when they add up to it ("All 57 patients underwent hepatectomy,
    including 12 major and 45 minor resections. Among them, ..."): an anaphor after a breakdown points back to the
    whole group, not to its last part. None when the counts are no such breakdown."""
    sizes = [parse_number(c.group("n") or c.group("n2")) for c in counts]
    for i in range(len(sizes) - 2):
        whole, parts = sizes[i], sizes[i + 1:]
        if whole is not None and None not in parts and sum(parts) == whole:  # type: ignore[arg-type]
            return whole
    return None


class _Anaphor(NamedTuple):
    """A phrase pointing back to a counted group ("among them"): margin figures after ``start`` are the group's."""

    start: int
    size: int
    data: bool  # the group whose margin status was known: its size is the figures' denominator


def _anaphor(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> _Anaphor | None:
    """The first anaphor of the sentence that points back to a group other than the cohort: a subgroup ("Fourteen
    patients required major hepatectomy; among them, R0 ...") or the patients with known margins ("margin status
    was reported for 780 patients, of whom 632 ..."). The group is the last count before it, in this sentence or
    the one before."""
    vocab = _vocab()
    if not cohort or not (may_match(vocab["anaphor"], text) and vocab["anaphor"].search(text)):
        return None
    previous = sentences(doc)[sent.index - 1].text if sent.index > 0 else ""
    for m in vocab["anaphor"].finditer(text):
        context = (previous + " " + text[:m.start()])[-220:]
        size: float | int | None = parse_number(m.group("n")) if m.group("n") else None
        if m.group(0).lower().endswith("which"):
            # "reported for 1,187 resections, of which ...": only right after the counted group it points back to
            # ("97 nodules were removed, of which ..." points to no counted group of patients or resections)
            group = _WHICH_GROUP.search(text, 0, m.start())
            if group is None:
                continue
            size = parse_number(group.group("n"))
        counts = list(_GROUP_COUNT.finditer(context))
        if size is None and counts:
            size = _whole_of_parts(counts) or parse_number(counts[-1].group("n") or counts[-1].group("n2"))
        if size is None or not float(size).is_integer():
            continue
        window = context[max(0, counts[-1].start() - 80):] if counts else context
        data = bool(vocab["data_denominator"].search(window))
        if size < cohort or data:
            return _Anaphor(m.start(), int(size), data)
    return None
