"""Time origins: the operation, the diagnosis of the liver metastases, the primary diagnosis.

* Survival counted from the primary diagnosis is rejected; from the diagnosis of the liver metastases it is kept but
  outranked by a value counted from the operation; from an unqualified "diagnosis" (registries of de novo stage IV
  disease) a median OS is a fallback.
* The operation as a time origin, also as the doc's own abbreviation ("52 months from HR", HR = hepatic resection).
* Values each labelled with their own origin ("9.1 years from diagnosis of the primary and 4.2 years from
  hepatectomy", "5.1 years from hepatectomy, and 5.6 years from the diagnosis of the metastatic disease"): which of
  them is counted from the operation, and when the second value shares the first one's measure.
"""

from __future__ import annotations

import re

from litreview.extract.measures import Measure, ValueGroup
from litreview.extract.prefilter import may_match
from litreview.extract.survival.vocab import _UNIT_LEAD, _VALUE_ANY, _VALUE_BEFORE, ArmView, _cue, _same


def _from_metastasis_diagnosis(text: str) -> bool:
    """Survival counted from the diagnosis of the liver metastases ("median survival from diagnosis of liver
    metastasis was 80 months"): the cohort's, but not counted from the operation."""
    pattern = _cue("cue.from_metastasis_diagnosis")
    return may_match(pattern, text) and bool(pattern.search(text))


# a closed bracket holding a duration of its own ("(118 months from diagnosis of the primary tumour)"): another
# value's alternative time origin, said of that value only
_VALUED_ASIDE = re.compile(r"\((?=[^()]*\d)[^()]*?\b(?:months?|mo|years?|yrs?)\b[^()]*\)", re.IGNORECASE)


def _without_valued_asides(text: str) -> str:
    """``text`` with bracketed values and their own origins blanked (the same length): "Median OS was 51 months from
    resection (118 months from diagnosis of the primary), with a 5-year OS of 43%": the diagnosis is the bracketed
    value's origin, not the rate's."""
    if "(" not in text:  # the cheap literal first
        return text
    return _VALUED_ASIDE.sub(lambda m: " " * len(m.group(0)), text)


def _origin_rejected(text: str) -> bool:
    """Survival counted from the primary diagnosis (not from the liver operation)."""
    return bool(_cue("cue.from_diagnosis").search(text))


def _registry_origin(measure: Measure, origin_text: str) -> bool:
    """A median OS counted from "diagnosis" without naming the primary tumour ("measured from diagnosis", "from the
    date of metastatic diagnosis"), as registries of de novo stage IV disease report it: a fallback for the cohort's
    OS. Counted from the diagnosis of the primary breast cancer it is a distractor."""
    return measure.field == "median_os_months" and not _cue("cue.primary_origin").search(origin_text)


def _treatment_origin(text: str, arms: ArmView, match: bool = False) -> bool:
    """``text`` names the operation as a time origin, also as the doc's own abbreviation ("52 months from HR" where
    HR was defined as hepatic resection: read in the arm view, which spells such abbreviations out)."""
    pattern = _cue("cue.treatment_origin")
    find = pattern.match if match else pattern.search
    if find(text.lstrip(" )") if match else text):
        return True
    view = arms(text)
    return view != text and bool(find(view.lstrip(" )") if match else view))


def _names_own_origin(after: str, arms: ArmView = _same) -> bool:
    """The value is followed by its own treatment origin ("... and 4.2 years from hepatectomy"): a diagnosis
    origin earlier in the clause belongs to an earlier value ("9.1 years from diagnosis of the primary")."""
    return _treatment_origin(after, arms, match=True) and not _origin_rejected(after)


def _own_origin_after_diagnosis(lead: str, arms: ArmView = _same) -> bool:
    """Every diagnosis origin before a value labels another value, the one right before it ("46 months after
    hepatectomy and 98 months from diagnosis of the primary, with a 5-year survival after hepatectomy of 38%") or
    one after it ("5-year survival from diagnosis was 70%, and 5-year survival after hepatectomy was 43%"), and
    the value names its own treatment origin after them: it is counted from the operation."""
    diagnosis = list(_cue("cue.from_diagnosis").finditer(lead))
    if not diagnosis or not all(_VALUE_BEFORE.search(lead[max(0, m.start() - 20):m.start()])
                                or _VALUE_ANY.search(lead, m.end()) for m in diagnosis):
        return False
    own = lead[diagnosis[-1].end():]
    return _treatment_origin(own, arms) and not _origin_rejected(own)


def _origin_pair(gap: str, after: str, arms: ArmView = _same) -> bool:
    """Two values of one measure, each labelled with its time origin ("Median survival was 9.1 years from diagnosis
    of the primary and 4.2 years from hepatectomy"): the second value shares the measure of the first."""
    if not _cue("cue.origin_pair_gap").search(gap):
        return False
    # one of the two origins is the diagnosis: arms ("after resection and 20 months after ablation") are left
    # to the arm rules
    if _origin_rejected(gap) or _from_metastasis_diagnosis(gap):
        # "62 months from diagnosis of liver metastases, and 50 months from LR": also a list of three origins
        return _names_own_origin(after, arms)
    return bool(_cue("cue.from_diagnosis").match(after.lstrip(" )")))


def _origins(text: str) -> list[re.Match[str]]:
    """Time origins in order ("from diagnosis of ...", "from RF ablation")."""
    pattern = re.compile(rf"(?:{_cue('cue.from_diagnosis').pattern})|(?:{_cue('cue.treatment_origin').pattern})",
                         re.IGNORECASE)
    return list(pattern.finditer(text))


def _origin_labelled_pair(text: str, lead_start: int, group: ValueGroup) -> int | None:
    """Which of two values is counted from the operation when each carries its own time origin ("median survival
    from hepatectomy was 5.1 years, and 5.6 years from the diagnosis of the metastatic disease", "9.4 years from
    diagnosis and 5.1 years after hepatectomy"); ``None`` unless one origin is the operation and the other a
    diagnosis."""
    first, second = group.items
    lead = text[lead_start:first.start]
    after_second = text[second.end:second.end + 80]
    after_second = after_second[_UNIT_LEAD.match(after_second).end():] if _UNIT_LEAD.match(after_second) else after_second
    diagnosis = _cue("cue.any_diagnosis_origin")
    treatment = _cue("cue.treatment_origin")
    if treatment.search(lead) and not _origin_rejected(lead) and diagnosis.match(after_second):
        return 0
    between = text[first.end:second.start]
    if diagnosis.match(_UNIT_LEAD.sub("", between, count=1)) and treatment.match(after_second.lstrip(" )")):
        return 1
    return None
