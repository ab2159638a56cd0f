"""Survival's vocabulary and what every reporting shape shares.

The rule file (``rules/survival.jsonl``, read through :func:`_cue`), the fields, the types of the views a sentence is
read through (the arm view, the prior arms' order, the breast view), the patterns of a written value and of a unit
after it, the collapsing of repeated mentions of one measure ("overall survival (OS)"), and the rule-id suffixes and
weight of values counted from the diagnosis or of the whole study population.
"""

from __future__ import annotations

import re
from typing import Callable

from litreview.extract.measures import Measure, rule


#: the surgical arm's position (0/1) in the last earlier sentence that named both arms, when asked
PriorOrder = Callable[[], "int | None"]
#: a sentence's text with the doc's arm abbreviations spelled out ("LR" -> "liver resection"), for arm look-ups only
ArmView = Callable[[str], str]
#: asked only when subgroup words label a value: a view blanking the words that name the breast patients of a
#: mixed-primary series with breast-scoped figures (the identity elsewhere), see :func:`_breast_label_view`
BreastView = Callable[[], ArmView]


def _same(text: str) -> str:
    return text


def _no_breast_scope() -> ArmView:
    return _same

RULES = "survival.jsonl"
SURVIVAL_FIELDS = ("median_os_months", "five_year_os_pct", "median_dfs_months", "median_followup_months")


def _cue(name: str) -> re.Pattern[str]:
    return rule(RULES, name)


def _collapse(measures: list[Measure]) -> list[Measure]:
    """Consecutive mentions of one measure ("overall survival (OS)") count once."""
    out: list[Measure] = []
    for m in measures:
        if out and out[-1].kind == m.kind:
            out[-1] = m  # keep the mention nearest to the value
            continue
        out.append(m)
    return out


_VALUE = r"\d+(?:[.,]\d+)?\s*(?:%|months?\b|mo\b|years?\b|yrs?\b)"
_VALUE_BEFORE = re.compile(_VALUE + r"\s*\)?\s*$", re.IGNORECASE)
_VALUE_ANY = re.compile(_VALUE, re.IGNORECASE)


_UNIT_LEAD = re.compile(r"\s*(?:months?|mo|years?|yrs?)\b", re.IGNORECASE)


#: a median OS counted from the diagnosis (registries of de novo stage IV disease count from it): the cohort's
#: figure only when no value counted from the operation is given, so it ranks below any such value
_FROM_DIAGNOSIS_WEIGHT = 0.75
_FROM_DIAGNOSIS = ".from_diagnosis"  # rule-id suffix of such a candidate
_WHOLE_STUDY = ".whole_study"  # rule-id suffix of a value of the whole study population
