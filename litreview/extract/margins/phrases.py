"""Margin vocabulary and the pieces every reporting shape builds on.

Vocabulary: ``rules/margins.json`` (:func:`_vocab`: the compiled patterns; :func:`_fragment`: fragments built into
larger patterns). Also the units a count may name (patients, resections, lesions, ...), the quantifiers ("all",
"all but N", "all others", "except N", "no"), the margin classes ("R0" / "R1" / "R2"; :func:`_mask` hides their
digits from the value patterns), :class:`_Found` (a value found next to a margin phrase), whether a sentence has a
margin phrase at all, and whether an R0 phrase is negated ("R0 resection was not achieved in three": a count of
involved margins).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from litreview.extract.prefilter import has_match
from litreview.extract.numbers import INT, parse_number
from litreview.rules import expand_placeholders, load_json


@lru_cache(maxsize=1)
def _vocab() -> dict[str, re.Pattern[str]]:
    data = load_json("margins.json")
    flags = re.IGNORECASE
    keys = ("r0", "r1", "hypothetical", "prognostic", "subgroup_start", "group_defined", "selection",
            "other_measure", "comparison", "other_arm", "per_lesion", "exception_locator", "per_arm_rate",
            "own_series", "range_tail", "anaphor", "data_denominator", "negated_r0_after", "negated_r0_before",
            "lesion_patients", "definition_aside", "clause_boundary", "patient_level_after", "breast_cohort",
            "outcome_after", "outcome_measure", "overall_value", "other_organ_before", "repeat_resection",
            "operations_total", "conditional_definition", "pooled_rate", "definition_then_result",
            "uninvolved_narrow", "except_one_after", "operations_stated", "pooled_proportion", "lesion_level_label",
            "breast_cohort_subject", "whole_series_scope")
    vocab = {key: re.compile(expand_placeholders(data[key]), flags) for key in keys}
    # "reported in 29 studies": the receptor vocabulary's words for counts that are not of patients, shared
    vocab["not_patients_after"] = re.compile(load_json("receptors.json")["not_patients_after"], flags)
    return vocab


@lru_cache(maxsize=None)
def _fragment(key: str) -> str:
    """A vocabulary fragment of ``margins.json`` that is built into a larger pattern (named fragments such as
    ``{PATIENT_NOUNS}`` expanded)."""
    return expand_placeholders(str(load_json("margins.json")[key]))


# ("pts": the patient noun of telegraphic abstracts, "R1 in 3 pts")
_UNIT = r"(?:patients|women|cases|resections|specimens|procedures|hepatectomies|operations|lesions|pts)"
# the same, singular or plural ("one patient had an R1 margin")
_UNIT_ANY = r"(?:patients?|wom[ae]n|cases?|resections?|specimens?|procedures?|hepatectom(?:y|ies)|operations?|lesions?|pts)"
# filler between a margin phrase and its value: no digits, except a margin width ("1 mm", "by the 1-mm rule")
_F = r"(?:[^;\d%]|\d+(?:[.,]\d+)?(?:\s?|-)(?:mm|cm)\b)"
# lesions counted instead of patients ("in 80 metastases (92%)"), see _per_lesion
# ("of 80 resected lesions" is lesions too: the adjectives of rules/margins.json lesion_unit)
_LESIONS = r"\s+(?:(?:liver|hepatic|resected|treated)\s+)?(?:metastases|nodules|tumou?rs|lesions|deposits)"


_ALL = re.compile(rf"\b(?:all|every|each|both)\s+(?:(?P<n>{INT})\s+)?(?:of\s+the\s+|of\s+(?:these|them)\s+)?"
                  rf"(?:\w+\s+)?{_UNIT[:-1]}|patient|resection|case|hepatectomy)?\b", re.I)
# "all margins were free", "Pathologically, all surgical margins were negative": the quantifier opens the phrase
_ALL_OPENING = re.compile(r"\b(?:all|every|each)(?:\s+(?:the|of\s+the))?\s+$", re.I)
# ("all hepatic resections except one": one adjective may qualify the unit; "all 30 resections except two": the
# count is the denominator)
# exceptions counted per arm after the first count: "all but one laparoscopic and two open specimens", "except one
# LLR and two OLR" (the second count with its arm; both are exceptions, see _exception_count)
_ARM_EXCEPTIONS = rf"(?:\s+(?P<a1>[a-z][\w-]*)\s+and\s+(?P<k2>{INT})\s+(?P<a2>[a-z][\w-]*)\b)?"
_ALL_BUT = re.compile(rf"\b(?:all|every|each)\s+(?:(?:(?P<d>{INT})\s+)?(?:[a-z-]+\s+)?(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?"
                      rf"(?:but|except(?:\s+for)?|save)"
                      rf"\s+(?P<k>{INT})\b{_ARM_EXCEPTIONS}", re.I)
_ALL_OTHERS = re.compile(r"\b(?:all\s+(?:the\s+)?(?:others?|remaining)|the\s+(?:others?|remaining)|the\s+rest|the\s+remainder)\b"
                         r"[^;%\d]{0,40}$", re.I)
# "All resections were R0 except two"
_EXCEPT_AFTER = re.compile(rf"^[^;%\d]{{0,30}}?\b(?:except|but|save)\s+(?:for\s+)?(?:in\s+)?(?P<k>{INT})\b", re.I)
_NONE_R1 = re.compile(r"\b(?:no|none\s+of\s+the|not\s+a\s+single)\b", re.I)


def _exception_count(g: dict[str, str | None]) -> float | None:
    """The exceptions of "all but N": N, or the sum of the counts per arm ("all but one LLR and two OLR specimens":
    3), None when an arm is a unit of its own ("all but one patient and two ...") or a non-surgical arm."""
    k = parse_number(g.get("k") or "")
    if k is None or not g.get("k2"):
        return k
    k2 = parse_number(g["k2"] or "")
    arms = f"{g.get('a1')} {g.get('a2')}"
    if k2 is None or re.search(rf"\b{_UNIT_ANY}\b|\bof\b", arms, re.I) or _vocab()["other_arm"].search(arms):
        return None
    return k + k2


_NOT_R1 = re.compile(r"\b(?:no|not|without|avoid\w*|risk|if|unless|despite)\b", re.I)


_R_CLASS = re.compile(r"\bR([012])\b")
_R1_WORD = re.compile(r"\bR1\b")


def _mask(text: str) -> str:
    """Hide the digit of "R0"/"R1"/"R2" so value patterns can skip over them."""
    return _R_CLASS.sub("Rx", text)


class _Found(NamedTuple):
    """A value found next to a margin phrase: its share (None while the cohort size is unknown) and, for a
    bare count, the count."""

    share: float | None
    how: str
    count: float | None = None
    end: int = 0  # where the phrase and its value end in the sentence


def _negated_r0(text: str, m: re.Match[str]) -> bool:
    """Whether the R0 phrase is negated ("R0 resection was not achieved in three of 30", "failed to obtain clear
    margins in 2"): its count is of involved margins."""
    vocab = _vocab()
    return bool(vocab["negated_r0_after"].match(text[m.end():m.end() + 60])
                or vocab["negated_r0_before"].search(text[max(0, m.start() - 40):m.start()]))


def _has_margin_phrase(text: str) -> bool:
    vocab = _vocab()
    return has_match(vocab["r0"], text) or has_match(vocab["r1"], text)
