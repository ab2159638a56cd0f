"""The value written next to a margin phrase (:func:`_value`).

After the phrase: a share, a fraction, a count with its share, "n = N", a bare count (over the cohort), "in all
(but N)", exceptions ("free of tumour except in three patients", "except in case 3"), per-arm figures (see
:mod:`litreview.extract.margins.arms`); before it: "212 of 240 patients (88.3%) had an R0 resection", "Twenty
patients had a complete resection with free margins". Guards: a value of a new or coordinated clause, a range
across studies, counts of studies, one arm's share, a subgroup named by "these", a per-lesion rate beside the
patients' (read instead; involved lesions may name their patients); a definition aside between the phrase and its
value is skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from litreview.extract.base import NUMBERED_SERIES_MAX, PATIENT_NOUNS_PTS
from litreview.extract.numbers import INT, PCT, is_distractor, parse_number, percent
from litreview.extract.margins.phrases import (
    _ALL_OTHERS,
    _ARM_EXCEPTIONS,
    _F,
    _Found,
    _LESIONS,
    _R_CLASS,
    _UNIT,
    _UNIT_ANY,
    _exception_count,
    _fragment,
    _mask,
    _vocab,
)
from litreview.extract.margins.classes import _CLASS_COUNT
from litreview.extract.margins.arms import (
    _all_arm_before,
    _all_then_fraction,
    _arm_count,
    _arm_size,
    _first_fraction,
    _fraction_arms,
    _overall_value,
    _pct_fraction_arms,
    _per_arm,
    _pooled_fractions,
)


_AFTER = [
    ("count_of_pct", re.compile(rf"^[^;%]{{0,50}}?(?<![\w.\-/])(?P<n>{INT})\s*"
                                rf"(?:/|\s+(?:out\s+)?of\s+(?:the\s+|our\s+|(?P<these>these\s+)|all\s+)?)(?P<d>{INT})(?P<u>\s+{_UNIT}|{_LESIONS})?"
                                rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%)?", re.I)),
    ("pct_fraction", re.compile(rf"^{_F}{{0,50}}?(?<![\w.])(?P<p>{PCT})\s?%(?:\s*[\(\[]\s*(?P<n>\d+)\s*(?:/|\s+(?:out\s+)?of\s+)(?P<d>\d+)\b)?",
                                re.I)),
    ("count_pct", re.compile(rf"^{_F}{{0,80}}?\b(?:in|for)\s+(?P<n>{INT})(?P<u>\s+{_UNIT}|{_LESIONS})?\s*[\(\[]\s*"
                             rf"(?P<p>{PCT})\s?%",
                             re.I)),
    # "Margin positive 3.", "R0 resection: 25 pts;": the telegraphic status with its bare count closing the clause
    ("count_bare", re.compile(rf"^\s*[:\-\u2013]?\s*(?P<n>{INT})(?:\s+{PATIENT_NOUNS_PTS})?\s*(?=[.;,]\s|[.;]?$)",
                              re.I)),
    ("n_equals", re.compile(r"^[^;%]{0,12}?\bn\s*=\s*(?P<n>\d+)", re.I)),
    ("colon_count_pct", re.compile(rf"^\s*[:=,]?\s*(?P<n>{INT})\s*[\(\[]\s*(?P<p>{PCT})\s?%", re.I)),
    # "R0 resection 50 cases (89.3%)", "R0: 44 patients (88.0%)": a count of patients with its share, no "in" (not a
    # clause of its own, "R0 resection, 12 patients (30%) developed ...")
    ("colon_count_unit_pct", re.compile(rf"^\s*:?\s*(?P<n>{INT})\s+(?:patients|women|cases|resections|hepatectomies|pts)"
                                        rf"\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]](?!\s*(?:had|were|was|developed|received|"
                                        rf"underwent|died|experienced|required)\b)", re.I)),
    ("all_but", re.compile(rf"^{_F}{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?"
                           rf"(?:but|except(?:\s+for)?|save)\s+(?P<k>{INT})\b{_ARM_EXCEPTIONS}", re.I)),
    # "negative in all but patient 3", "in every case except cases 2 and 5": numbered cases of the series
    ("all_but_cases", re.compile(rf"^{_F}{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?"
                                 rf"(?:but|except(?:\s+for)?|save)\s+(?:in\s+)?(?:the\s+)?{_fragment('case_ids')}", re.I)),
    ("all", re.compile(rf"^[^;%\d]{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:of\s+the\s+)?(?P<n>{INT})\s+)?"
                       rf"(?:{_UNIT[3:-1]}|patient|case|resection)\b", re.I)),
    # "in 49 of the resected patients", "in 21 of the breast cancer patients": the named group is the cohort
    ("count_of_group", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})\s+of\s+(?:the|these|our|all)\s+"
                                  rf"(?:{_fragment('cohort_adjective')}\s+)?"
                                  rf"{PATIENT_NOUNS_PTS}\b"
                                  r"(?!\s+(?:with|who|in\s+whom|receiving|treated|having|undergoing))", re.I)),
    # "in 22 laparoscopic and 27 open resections", "in three open and one laparoscopic specimen": one count per arm,
    # see _arm_count
    ("count_arms", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})\s+(?!{_UNIT_ANY}\b)(?P<a1>[a-z][\w-]*)\s+and\s+"
                              rf"(?P<n2>{INT})\s+(?P<a2>[a-z][\w-]*)\s+{_UNIT_ANY}\b", re.I)),  # "... and one laparoscopic specimen"
    # "free in cases 1, 3 and 4", "involved in patient 5 and negative in the other four": numbered cases of a small
    # series, see _listed_cases
    ("cases", re.compile(rf"^(?P<pre>{_F}{{0,50}}?)\b(?:in|for)\s+(?:the\s+)?{_fragment('case_ids')}", re.I)),
    # "R1 resections occurred in one and four patients, respectively": one bare count per arm (the arms named before),
    # summed over the cohort
    ("count_respectively", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})(?:\s*,\s*(?P<n3>{INT}))?\s*,?\s+"
                                      rf"and\s+(?:in\s+)?(?P<n2>{INT})(?:\s+{_UNIT_ANY})?\s*,?\s*[\(\[]?\s*"
                                      rf"respectively\b", re.I)),
    # "R0 resection was achieved in 35 of them": the group named just before (the cohort unless the sentence's
    # anaphor names a subgroup, see margins._sentence_findings)
    ("count_of_pronoun", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})\s+of\s+(?:them|these|those)\b"
                                    rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]])?(?!\s*(?:[\(\[]|\d|(?:[\w-]+\s+){{0,2}}?{_UNIT_ANY}\b))", re.I)),
    # "R0 in the other four" (the rest of the series after a class counted before): a count too
    ("count", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?:the\s+(?:other|remaining)\s+)?(?P<n>{INT})(?:\s+{_UNIT})?"
                         rf"(?!\s*(?:[\(\[%/]|of\b))", re.I)),
    # "microscopically positive (R1) after 6 procedures": a count of operations (the unit is required: "after 6
    # months" is a time)
    ("count_after_operations", re.compile(rf"^{_F}{{0,50}}?\bafter\s+(?P<n>{INT})\s+{_fragment('operation_unit')}"
                                          rf"(?!\s*(?:[\(\[%/]|of\b))", re.I)),
]


@lru_cache(maxsize=1)
def _before() -> re.Pattern[str]:
    """A count (and share) written before a margin phrase."""
    adjective = _fragment("status_adjective")
    class_verb = _fragment("class_verb")
    return re.compile(
        rf"(?<![\w.\-/])(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+|(?P<these>these\s+)|all\s+)?)(?P<d>{INT})(?:\s+{_UNIT})?"
        rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]])?[^;%\d]{{0,50}}$"
        rf"|(?<![\w.\-/])(?P<n2>{INT})\s+{_UNIT}\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]][^;%\d]{{0,50}}$"
        rf"|(?<![\w.\-/])(?P<n3>{INT})\s*[\(\[]\s*(?P<p3>{PCT})\s?%\s*[\)\]]\s+{_UNIT}[^;%\d]{{0,50}}$"
        rf"|\bin\s+(?P<n4>{INT})\s+{_UNIT}(?:\s*,)?\s+(?:the\s+)?(?:resection\s+)?(?:margins?|resections?)\s+(?:was|were)"
        rf"[^;%\d]{{0,30}}$"
        # "in four specimens (R1)", "in three patients the margin was involved", "while in two the tumour reached
        # the transection plane"
        # "In 26 patients an R0 resection was obtained", "in the remaining four the margin was involved" (the
        # remainder of the cohort)
        rf"|\bin\s+(?:{_fragment('remainder')}\s+)?(?P<n7>{INT})(?:\s+{_UNIT_ANY}(?:\s*[\(\[]|(?:\s*,)?\s+(?:the|an?))|\s+the)\s*$"
        # "In 27 patients R0 resection was achieved": no article, read only before the phrase's own verb (see
        # _value_before)
        rf"|\bin\s+(?:{_fragment('remainder')}\s+)?(?P<n9>{INT})\s+{_UNIT_ANY}(?:\s*,)?\s+$"
        # "all patients except seven, in whom tumour cells were touching the section plane": the count the relative
        # clause is about
        rf"|(?<![\w.\-/])(?P<n11>{INT})(?:\s+{_UNIT_ANY})?\s*,?\s+in\s+whom\s+$"
        rf"|(?<![\w.\-/])(?P<n6>{INT})\s*[\(\[]\s*(?P<p6>{PCT})\s?%\s*[\)\]]\s+(?:had|underwent|received|were|was)\b"
        rf"[^;%\d]{{0,30}}$"
        # ("reported for 1,187 resections, of which 1,004 were R0": "of which" right after the counted group only)
        # "Twenty patients had a complete resection with free margins", "Only three patients had an involved (R1) margin",
        # "Two specimens showed carcinoma at the inked surface",
        # "Twenty-nine resections were classified as R0", "In the surgical group, 26 resections were margin-negative" (the
        # operated arm: another group makes the sentence a subgroup's before this is read)
        rf"|(?:(?:^|[.;:,]\s*)(?:of|among)\s+(?:whom|them|these|those),?\s+|(?<![\w.\-/]){INT}\s+(?:[\w-]+\s+){{0,2}}?{_UNIT}\s*,\s*of\s+which\s+|(?:^|[.;:]\s*)(?:(?:{_fragment('whole_series_prefix')}|{_fragment('arm_prefix')}|{_fragment('finding_prefix')}),?\s+)?"
        rf"|\b(?:and|while|whereas)\s+)"
        rf"(?:(?:only|just)\s+)?(?:{_fragment('remainder')}\s+)?(?P<n5>{INT})\s+(?:{_UNIT_ANY}\s+)?"
        rf"(?:of\s+(?:them|these|those)\s+)?"
        rf"(?:had|underwent|received|were|showed|revealed)\s+(?:{class_verb}\s+|{_fragment('completion_verb')}\s+)?(?:an?\s+)?"
        rf"(?:(?:microscopically|histologically|complete|curative)\s+)?"
        rf"(?:(?:resection|hepatectomy)\s+with\s+(?:an?\s+)?)?(?:{adjective}\s*[\(\[]\s*)?$"
        # "of 1,012 resections with known margins, 84.6% were R0", "overall, 90% were R0": a share opening its clause
        # (opening the sentence, after the group it is a share of or after a whole-series prefix; not after another
        # clause, "Recurrence occurred in 60%; 70% were R0", whose group may be that clause's)
        rf"|(?:^|[.:]\s+|(?:^|[.;:]\s+)(?:(?:of|among|in)\s+(?:all\s+|the\s+)?{INT}\s+"
        rf"(?![^;,%\d]{{0,50}}\b(?:patients|women|cases|pts|those)\s+(?:with|who)\b)[^;,%\d]{{0,50}}|"
        rf"{_fragment('whole_series_prefix')}),\s*)(?P<p8>{PCT})\s?%\s+(?:of\s+(?:them|these|those)\s+)?(?:were|was)\s+(?:{class_verb}\s+)?$", re.I)


@lru_cache(maxsize=1)
def _new_clause() -> re.Pattern[str]:
    """", whereas in three patients the margin was involved": a new clause with its own count."""
    return re.compile(rf"(?:[,;]\s*(?:and|but)|[,;]?\s*\b{_fragment('clause_contrast')})\s+(?:in\s+)?(?:the\s+)?"
                      rf"(?:{INT}\s+)?(?:{_UNIT[3:-1]}|patient)\b"
                      rf"|\band\s+{INT}\s+(?:{_UNIT[3:-1]})\s+(?:\(|died|had|developed|were|was)", re.I)


@lru_cache(maxsize=1)
def _count_in_new_clause() -> re.Pattern[str]:
    """A count opening the next clause ("margins were free, although in two specimens ... < 1 mm"), which is that
    clause's, not the margin phrase's."""
    return re.compile(rf"(?:[,;]\s*(?:and|but)|\b{_fragment('clause_contrast')})\s+(?:in|for)\s+$", re.I)
@lru_cache(maxsize=1)
def _coordinated_clause() -> re.Pattern[str]:
    """A coordinated clause with its own subject and verb after the margin phrase (", and a complete response was
    observed in"): values after it are that clause's. A verb right after "and" ("..., and were clear in 30")
    continues the margin phrase's clause."""
    return re.compile(rf"[,;]\s*(?:and|but|{_fragment('clause_contrast')})\s+(?:[\w-]+\s+){{1,10}}?"
                      rf"{_fragment('clause_verb')}\b", re.I)


# a count of the phrase's own closed before a fraction ("R1 in six patients, including three of the eight with
# triple-negative disease", "clear in 28, among them 9 of the 10 with ..."): the fraction breaks the count down by a
# subgroup; the count is the phrase's value (read by the plain count pattern)
_OWN_COUNT_BEFORE = re.compile(rf"\b(?:in|for)\s+(?!(?:19|20)\d\d\b){INT}(?:\s+{_UNIT_ANY})?\s*[,;]", re.I)


# "from 72% to 96%", "between 65% and 100%", "75-95%": a range across studies, not one cohort's rate
_RANGE_AFTER = re.compile(r"^\s?%?\s*(?:to|-|\u2013|and)\s*\d+(?:[.,]\d+)?\s?%", re.I)
_RANGE_BEFORE = re.compile(r"\b(?:between|from|rang(?:ed|ing|e)(?:\s+from)?)\s*$", re.I)


@lru_cache(maxsize=1)
def _range_summary() -> re.Pattern[str]:
    """The summary after a range of rates: "to 100% across studies (weighted mean 87%)"."""
    return re.compile(_fragment("range_summary"), re.I)


def _of_cohort(n: float | None, cohort: int | None, how: str, end: int) -> _Found | None:
    """A bare count: its share of the cohort, kept with the count (a sentence may give the other class's count)."""
    if n is None:
        return None
    share = percent(float(n), float(cohort)) if cohort else None
    return _Found(share, how + "_of_cohort", float(n), end)


@lru_cache(maxsize=1)
def _except_count() -> re.Pattern[str]:
    """The exceptions to a margin statement: "free of tumour except in three patients (7.7%)", "except those of two
    women", or the numbered cases of a small series it names ("R0 except in case 3", "except for patients 2 and 4")."""
    return re.compile(rf"^(?P<f>[^;%\d]{{0,40}}?)\b{_fragment('exception')}\s+(?:in\s+|for\s+)?"
                      rf"(?:(?:those|the\s+(?:ones|resections|margins|specimens))\s+(?:of|in|from)\s+)?(?:the\s+)?"
                      rf"(?:{_fragment('case_ids')}|(?P<k>{INT})\b(?!\s*(?:[%/.,]\d|of\b|mm|cm))(?:\s+{_UNIT_ANY})?"
                      rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%)?)", re.I)


_CASE_RANGE = re.compile(r"(\d+)\s*(?:[-\u2013]|to|through)\s*(\d+)")


def _case_numbers(ids: str) -> list[int]:
    """The case numbers "3", "2 and 4", "1, 3 and 5" name, a range written out ("cases 1-4": 1, 2, 3, 4; a range
    running backwards is kept as its two ends, which no series check accepts twice)."""
    numbers: list[int] = []
    for part in re.finditer(r"\d+\s*(?:[-\u2013]|to|through)\s*\d+|\d+", ids):
        if (r := _CASE_RANGE.fullmatch(part.group(0))) is not None and int(r.group(1)) < int(r.group(2)) <= 99:
            numbers.extend(range(int(r.group(1)), int(r.group(2)) + 1))
        else:
            numbers.extend(int(n) for n in re.findall(r"\d+", part.group(0)))
    return numbers


def _case_count(ids: str, cohort: int | None) -> int | None:
    """How many numbered cases "3", "2 and 4", "1, 3 and 5" name: only when every number can be a case of the
    series (distinct, 1..cohort, fewer than the cohort), else the numbers are something else (ages, years)."""
    numbers = _case_numbers(ids)
    if not cohort or len(set(numbers)) != len(numbers) or not all(1 <= n <= cohort for n in numbers) \
            or len(numbers) >= cohort:
        return None
    return len(numbers)


# the rest of a small series named after a numbered case: "involved in case 5 and negative in the other four"
_REST_OF_SERIES = re.compile(r"^[^;.]{0,40}?\b(?:the\s+)?(?:other|remaining|rest)\b", re.I)


def _listed_cases(ids: str, cohort: int | None, tail: str) -> int | None:
    """How many numbered cases of a small series a margin phrase lists ("free in cases 1, 3 and 4"): every number a
    distinct case of the series (1..cohort); one case only when the rest of the series is named after it ("in case
    5 and negative in the other four"), as a lone case is often one patient's narrative ("R0 in patient 2")."""
    numbers = _case_numbers(ids)
    if not cohort or cohort > NUMBERED_SERIES_MAX or len(set(numbers)) != len(numbers) \
            or not all(1 <= n <= cohort for n in numbers):
        return None
    if len(numbers) == 1 and not _REST_OF_SERIES.match(tail):
        return None
    return len(numbers)


def _exception_share(after: str, cohort: int | None) -> _Found | None:
    """The phrase's share when its count is of the exceptions: (cohort - k) / cohort, or 100 - the exceptions'
    share. A ``_Found`` with no share when the exceptions are counted but the cohort is unknown."""
    m = _except_count().match(after)
    if m is None or _CLASS_COUNT.search(m.group("f")):
        return None  # "in thirty patients except ...": the phrase has its own count first
    if m.group("ids"):
        cases = _case_count(m.group("ids"), cohort)
        return _Found(percent(cohort - cases, cohort), "except_cases") if cohort and cases else _Found(None, "except")
    if m.group("p"):
        share = parse_number(m.group("p"))
        return _Found(100.0 - float(share), "except") if share is not None and share <= 100 else _Found(None, "except")
    k = parse_number(m.group("k"))
    if cohort and k is not None and float(k).is_integer() and 0 <= k < cohort:
        return _Found(percent(cohort - k, cohort), "except")
    return _Found(None, "except")


def _per_lesion(g: dict[str, str | None], cohort: int | None) -> bool:
    """Whether a count (with its share or denominator) counts lesions of a number that is not the cohort's: a
    per-lesion rate, which the abstract often gives beside the per-patient one."""
    if not cohort or not g.get("u") or not re.match(_fragment("lesion_unit"), g["u"] or "", re.I):
        return False
    n, d, p = (parse_number(g.get(k) or "") for k in ("n", "d", "p"))
    if d is None and n is not None and p is not None:
        d = _arm_size(float(n), float(p))
    return d is None or d != cohort


# a bracketed aside right after a count (its share or a remark), skipped to reach what the next clause says of it
_ASIDE = re.compile(r"\s*[\(\[][^()\[\];]{1,60}[\)\]]")


def _lesion_patients(text: str, pos: int, g: dict[str, str | None], cohort: int | None) -> _Found | None:
    """The patients an involved per-lesion count belongs to ("at the margin in 4 of the 35 lesions, belonging to
    3 patients"): the R1 count in patients. Fewer patients than involved lesions, and fewer than the cohort, or
    the number is a total rather than the involved patients'."""
    if (aside := _ASIDE.match(text, pos)) is not None:
        pos = aside.end()  # "in 9 of the 97 lesions (per-lesion R0 rate 90.7%); these 9 lesions belonged to 6 patients"
    m = _vocab()["lesion_patients"].match(text[pos:pos + 80])
    lesions, patients = parse_number(g.get("n") or ""), parse_number(m.group("n")) if m else None
    if m is None or lesions is None or patients is None or not cohort or not 0 < patients <= lesions \
            or patients >= cohort:
        return None
    return _of_cohort(patients, cohort, "lesion_patients", pos + m.end())


@lru_cache(maxsize=1)
def _lesion_scope() -> re.Pattern[str]:
    """A count of lesions opening after the lesions it is part of, just before an involved-margin phrase ("Of the 57
    lesions removed, three had an involved margin"): a per-lesion count (read only with the patients it belongs
    to)."""
    lesions = r"(?:lesions|metastases|nodules|tumou?rs|deposits)"
    return re.compile(rf"(?:^|[.;:]\s*)(?:of|among|in)\s+(?:the\s+|all\s+|these\s+)?{INT}\s+"
                      rf"(?:(?:resected|removed|excised|treated)\s+)?{lesions}(?:\s+(?:removed|resected|excised|treated))?"
                      rf"\s*,\s*(?P<n>{INT})\s+(?:{lesions}\s+)?(?:had|showed|were|was)\s+(?:an?\s+)?$", re.I)


def _lesion_scope_patients(text: str, start: int, end: int, cohort: int | None) -> _Found | None:
    """The involved patients of a lesion-scoped count before an R1 phrase whose next clause names them ("Of the 57
    lesions removed, three had an involved margin; these were in two patients" -> 2 patients R1); None otherwise."""
    before = text[max(0, start - 110):start]
    if not re.search(r"lesion|metasta|nodul|tumo|deposit", before, re.I):  # the cheap literal test first
        return None
    m = _lesion_scope().search(before)
    if m is None:
        return None
    return _lesion_patients(text, end, {"n": m.group("n")}, cohort)


@lru_cache(maxsize=1)
def _lesion_subject() -> re.Pattern[str]:
    """A count of lesions as the subject just before a margin phrase whose share follows it ("104 lesions had clear
    margins (92.9%)", "of the 112 metastases, 104 had clear margins", "104 of the resected nodules showed ...")."""
    lesions = r"(?:(?:liver|hepatic|resected|removed|treated)\s+)?(?:lesions|metastases|nodules|tumou?rs|deposits)"
    return re.compile(rf"(?:(?<![\w.\-/])(?P<n>{INT})\s+(?:of\s+(?:the\s+|these\s+)?(?:{INT}\s+)?)?{lesions}"
                      rf"|\b(?:of|among)\s+(?:the\s+|these\s+|all\s+)?{INT}\s+{lesions}(?:\s+(?:removed|resected|excised|treated))?"
                      rf"\s*,\s*(?P<n2>{INT}))\s+(?:(?:had|showed|were|was|with)\s+)(?:[\w-]+\s+){{0,3}}$", re.I)


def _per_lesion_share(text: str, start: int, tail: str, share: float, cohort: int | None) -> bool | None:
    """Whether the share after a margin phrase is a per-lesion one: the phrase's subject a count of lesions
    ("104 lesions had clear margins (92.9%)") or the share followed by "of (the) lesions". True when it is and the
    lesions are not the cohort's number (a per-patient rate may follow), None when it is not per lesion. The
    lesions' share says nothing of the patients' when their number differs from the cohort (many patients have
    several metastases)."""
    before = text[max(0, start - 80):start]
    if not re.search(r"lesion|metasta|nodul|tumo|deposit", before + tail, re.I):  # the cheap literal test first
        return None
    if re.match(r"\s*(?:[\)\]]\s*)?of\s+(?:the\s+|all\s+)?(?:(?:liver|hepatic|resected|removed|treated)\s+)?"
                r"(?:lesions|metastases|nodules|deposits)\b", tail, re.I):
        return True  # "clear margins in 92.9% of the lesions": never the patients' (no lesion count to compare)
    m = _lesion_subject().search(before)
    if m is None:
        return None
    n = parse_number(m.group("n") or m.group("n2") or "")
    size = _arm_size(float(n), share) if n else None
    return True if size is None or not cohort or size != cohort else None


def _lesion_labelled(text: str, start: int, end: int) -> bool:
    """Whether the margin phrase at ``text[start:end]`` is labelled as counted per lesion ("the per-lesion R0 rate
    was 90.7%", "R0 rate per lesion 92%", "lesion-level R0 rate"): its value is the lesions', which says nothing of
    the patients' when many have several metastases."""
    near = text[max(0, start - 30):end + 40]
    if not re.search(r"lesion|metasta|nodul|tumo", near, re.I):  # the cheap literal test first
        return False
    label = _vocab()["lesion_level_label"]
    return bool(label.search(text[max(0, start - 30):start]) or label.match(text[end:end + 40]))


def _is_cohort_group(g: dict[str, str | None], cohort: int | None) -> bool:
    """Whether the denominator of "N of these M" is the cohort (unknown cohort: the group is taken as it)."""
    return not cohort or parse_number(g.get("d") or "") == cohort


def _past_definition(text: str, end: int) -> int:
    """Where the phrase ending at ``end`` resumes after a definition set off by commas or brackets ("R1 resection,
    defined as tumour within 1 mm of the transection plane, was found in 9 patients") or after a definition whose
    result a pronoun takes up ("R0 was defined as ...; this was achieved in 30"), which would otherwise push the value
    out of reach."""
    m = _vocab()["definition_aside"].match(text, end)
    if m is None and ("defined" in text or "considered" in text or "classified" in text or "regarded" in text
                      or "taken" in text or "understood" in text):  # the cheap literal test first
        # "R0 was defined as no tumour at the inked margin; this was achieved in 30 patients": the result follows
        m = _vocab()["definition_then_result"].match(text, end)
    return m.end() if m else end


def _patient_level(text: str, pos: int, cohort: int | None) -> _Found | None:
    """The per-patient fraction given right after a per-lesion one ("in 65 of 71 lesions (91.5%) but in only 29 of
    the 34 patients (85.3%)"): the patients' rate when its denominator is the cohort."""
    m = _vocab()["patient_level_after"].match(_mask(text[pos:pos + 90]))
    if m is None or not cohort:
        return None
    n, d = parse_number(m.group("n")), parse_number(m.group("d"))
    if n is None or d != cohort or n > d:
        return None
    share = percent(float(n), float(d))
    return _Found(share, "patient_level") if share is not None else None


# a count opening a clause with its own subject and verb ("in 3 patients the resection was ..."), used after a comma
_COUNT_OPENS_CLAUSE = re.compile(rf"(?:\s+{_UNIT_ANY})?\s*,?\s+(?:the|an?|her|their)\s+(?:[\w-]+\s+){{0,2}}?"
                                 rf"(?:was|were|had|showed)\b", re.I)
# another margin class named between a phrase and a count ("R1 in that patient and R0 in 4")
_OTHER_CLASS_BETWEEN = re.compile(r"\bR[012Xx]\b")  # masked to "Rx" by _mask


def _value(text: str, start: int, end: int, cohort: int | None, kind_of_phrase: str = "r0") -> _Found | None:
    """The share attached to the phrase at ``text[start:end]`` (an ``r0`` or ``r1`` phrase) and how it was
    found."""
    if _lesion_labelled(text, start, end):
        return None  # "(per-lesion R0 rate 90.7%)": the lesions' share, never the patients'
    end = _past_definition(text, end)  # "An R1 resection, defined as ..., was found in 9": the value follows it
    after = _mask(text[end:end + 120])
    if (exception := _exception_share(after, cohort)) is not None:
        return exception
    if (overall := _overall_value(after, cohort)) is not None:
        return overall  # "in all 17 laparoscopic and in 23 of 26 open procedures (overall 40/43, 93.0%)"
    if kind_of_phrase == "r1" and (scoped := _lesion_scope_patients(text, start, end, cohort)) is not None:
        return scoped  # "Of the 57 lesions removed, three had an involved margin; these were in two patients"
    for kind, pattern in _AFTER:
        m = pattern.match(after)
        if not m:
            continue
        if is_distractor(text, end + m.start(m.lastindex or 0), end + m.end()):
            continue
        if kind == "cases":
            if _new_clause().search(m.group("pre")) or _coordinated_clause().search(m.group("pre")) \
                    or _count_in_new_clause().search(m.group("pre") + "in "):
                continue  # "clear margins, whereas in patients 2 and 3 ...": the next clause's cases
            if (listed := _listed_cases(m.group("ids"), cohort, after[m.end():])) is None:
                continue  # numbers that cannot be cases of the series (registry numbers, ages)
            return _of_cohort(listed, cohort, kind, end + m.end())
        if kind == "count_of_pct" and _OWN_COUNT_BEFORE.search(after[:m.start("n")]):
            continue  # "R1 in six patients, including three of the eight with ...": the fraction is a subgroup's
        if kind == "count_of_pct" and any(w in (pre := after[:m.start("n")]) for w in ("but", "xcept", "save")) \
                and _ALL_BUT_OPENING.search(pre) and not _new_clause().search(pre):
            # "clear margins in all but two of the 23 resections", "in every patient except 3 of 40": the fraction
            # counts the exceptions (never the exceptions' share as the rate)
            n, d = parse_number(m.group("n")), parse_number(m.group("d"))
            share = percent(float(d - n), float(d)) if n is not None and d and 0 <= n < d else None
            return _Found(share, "all_but_fraction") if share is not None else None
        if kind.startswith(("pct", "count")) and _new_clause().search(after[:m.start(m.lastindex or 0)]):
            continue  # "R0 resection, and three patients (7.5%) died": the value belongs to the next clause
        if kind.startswith(("pct", "count")) and _coordinated_clause().search(after[:m.start(m.lastindex or 0)]):
            continue  # "free margins, and a complete response was observed in 3 (18.8%)": another measure's value
        if kind == "count" and "," in after[:m.start("n")] and _COUNT_OPENS_CLAUSE.match(after[m.end("n"):]):
            continue  # "the resection was R0, in 3 patients the resection was margin-positive": the next clause's count
        if kind == "count" and _OTHER_CLASS_BETWEEN.search(after[:m.start("n")]):
            continue  # "R1 in that patient and R0 in the other four": the count is the class named after the phrase
        if kind.startswith("count") and _count_in_new_clause().search(after[:m.start("n")]):
            continue  # "free margins (R0), whereas in three patients the margin was involved": the next clause's count
        rest = text[end + m.end():end + m.end() + 40]
        vocab = _vocab()
        if vocab["comparison"].match(rest) or (kind.startswith("pct") and vocab["other_measure"].match(rest)):
            if kind == "count_of_pct" and cohort and not m.group("these") and not m.group("p") \
                    and (arms := _fraction_arms(text, end + m.end(), m.groupdict(), cohort)) is not None and arms.share is not None:
                return arms  # "R0 16/17 vs 19/21 (p = 0.61)", arms of 17 and 21 making the cohort of 38: pooled
            return None
        g = m.groupdict()
        if g.get("n") and vocab["range_tail"].match(after[m.end("n"):]):
            return None  # "in 65-100% of resections": a spread across studies, not a count
        if g.get("n") and vocab["not_patients_after"].match(after[m.end("n"):]):
            return None  # "R0 rates, reported in 29 studies, varied ...": a count of studies, not of patients
        if g.get("p") and vocab["per_arm_rate"].match(_mask(text[end + m.end():end + m.end() + 120])):
            return None  # "95% in the LH group and 88% in the OH group": one arm's share
        if g.get("p"):
            p_start = end + m.start("p")
            if _RANGE_AFTER.match(text[end + m.end("p"):]) or _RANGE_BEFORE.search(text[max(0, p_start - 25):p_start]):
                # a range of rates (other series), not this cohort's rate, unless its summary follows ("ranged from
                # 72% to 100% (weighted mean 87%)": the review's pooled figure)
                summary = _range_summary().match(text[end + m.end("p"):end + m.end("p") + 120])
                share = parse_number(summary.group("p")) if summary else None
                return _Found(float(share), "range_summary") if share is not None and 0 < share <= 100 else None
        if g.get("these") and not _is_cohort_group(g, cohort):
            return None  # "in 12 of these 14 patients": the group just named, a subgroup unless it is the cohort
        if kind == "count" and (lesions := re.match(_fragment("lesion_unit"), after[m.end("n"):], re.I)):
            # "in 7 lesions": a count of lesions, not of patients; involved lesions may name their patients ("in 7
            # lesions, which belonged to 5 patients")
            if kind_of_phrase == "r1":
                return _lesion_patients(text, end + m.end("n") + lesions.end(), g, cohort)
            return None
        if kind in ("count_pct", "count_of_pct") and _per_lesion(g, cohort):
            # "clear margins in 80 lesions (92.0%)": the lesions' rate, not the patients'; involved lesions may name
            # their patients
            if kind_of_phrase == "r1":
                return _lesion_patients(text, end + m.end(), g, cohort)
            return _patient_level(text, end + m.end(), cohort)
        if kind == "pct_fraction" and not g.get("d") and (
                lesions := _per_lesion_share(text, start, text[end + m.end():end + m.end() + 40],
                                          float(parse_number(g["p"]) or 0.0), cohort)) is not None:
            # "104 lesions had clear margins (92.9%)", "clear margins in 92.9% of the lesions": the lesions' share;
            # the patients' when it follows ("... but in only 29 of the 34 patients")
            return _patient_level(text, end + m.end(), cohort) if lesions else None
        if kind == "all":
            # "in all 12 patients with one lesion and in 15 of 18 with several": two groups, pooled like fractions
            return _all_then_fraction(after, m, cohort) or _Found(100.0, kind)
        if kind == "all_but_cases":
            k = _case_count(g["ids"], cohort)
            return _Found(float(percent(cohort - k, cohort) or 0.0), kind) if cohort and k else None
        if kind == "all_but":
            k = _exception_count(g)  # "in all but one LLR and two OLR specimens": 3
            if cohort and k is not None and 0 <= k < cohort:
                return _Found(float(percent(cohort - k, cohort) or 0.0), kind)
            return None
        if kind == "count_pct" and (arms := _per_arm(text, end + m.end(), parse_number(g["n"]),
                                                     float(parse_number(g["p"]) or 0.0), cohort)) is not None:
            return arms
        if kind == "pct_fraction" and g.get("d") and (
                arms := _pct_fraction_arms(text, end + m.end(), g, cohort)) is not None:
            return arms  # "93.1% (27/29) and 89.5% (34/38), respectively": one share per arm
        if kind == "count_of_pct" and (arms := _fraction_arms(text, end + m.end(), g, cohort)) is not None:
            return arms
        if kind == "count_of_pct" and (arms := _all_arm_before(after, m, cohort)) is not None:
            return arms
        if g.get("p"):
            return _Found(float(parse_number(g["p"]) or 0.0), kind)
        if kind == "count_respectively":
            window = text[max(0, start - 80):end + m.start("n")]
            if _vocab()["r0"].search(window) and _vocab()["r1"].search(window):
                return None  # "clear and involved margins in 40 and 5 patients, respectively": two classes' counts
            counts = [parse_number(g.get(k) or "") for k in ("n", "n3", "n2") if g.get(k)]
            if any(c is None for c in counts):
                return None
            return _of_cohort(float(sum(counts)), cohort, kind, end + m.end())  # type: ignore[arg-type]
        if kind == "count_arms":
            return _of_cohort(_arm_count(g), cohort, kind, end + m.end())
        n = parse_number(g.get("n") or "")
        if not g.get("d"):
            return _of_cohort(n, cohort, kind, end + m.end())
        d = parse_number(g["d"])
        share = percent(float(n), float(d)) if n is not None and d else None
        return _Found(share, kind) if share is not None else None
    return _value_before(text, start, end, cohort)


# "all but" right before a fraction ("All but one of the 15 resections ..."): the fraction's count is the exceptions'
# ("in every patient except 3 of the 40", "all resections save two of the 23": the unit may come first)
_ALL_BUT_OPENING = re.compile(rf"\b(?:all|every|each)\s+(?:{_UNIT_ANY}\s+)?(?:but|except(?:\s+for)?|save(?:\s+for)?)\s+$",
                              re.I)


# an involved-margin phrase that carries its own verb ("tumour reached the resection surface", "carcinoma was present
# at the margin"): a count opening its clause without an article is the phrase's ("in the remaining 7 specimens
# tumour reached ...")
_OWN_VERB_PHRASE = re.compile(r"(?:tumou?r|carcinoma|cancer)\s+(?:cells\s+)?(?:[a-z]+ly\s+)?(?:(?:was|were)\s+)?"
                              r"(?:reach|touch|extend|involv|abutt|present|found|seen|identified|detected|at\b|on\b)", re.I)


@lru_cache(maxsize=1)
def _narrow_before() -> re.Pattern[str]:
    """A narrow or sub-millimetre width class (R1 under the 1-mm convention)."""
    return re.compile(rf"{_fragment('narrow_width')}|{_fragment('submillimetre_width')}", re.I)


# the lesions named as the scope of the fraction that follows: "Of the lesions, 79 of 85 (92.9%) ...", "Per lesion,
# ...", "On a per-lesion basis, ..."
_LESION_SCOPE_BEFORE = re.compile(r"(?:^|[.;:]\s*)(?:(?:of|among)\s+(?:the\s+|all\s+)?(?:(?:resected|removed)\s+)?"
                                  r"(?:lesions|metastases|nodules|deposits)|(?:on\s+a\s+)?per[- ]lesion(?:\s+(?:basis|level|analysis))?"
                                  r"|at\s+(?:the\s+)?lesion\s+level)\s*,\s*$", re.I)


@lru_cache(maxsize=1)
def _remainder_before() -> re.Pattern[str]:
    """The words naming the rest of a counted total right before a count ("the remaining 38", "the other 36")."""
    return re.compile(rf"\b{_fragment('remainder')}\s+$", re.I)


# a fraction written earlier in the sentence ("after 5 of the 43 resections", "in 4/40 procedures"), not a share
_EARLIER_FRACTION = re.compile(rf"(?<![\w.\-/])(?P<k>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?)(?P<d>{INT})"
                               rf"(?![\d.,]*\s*%)", re.I)


def _remainder_of_fraction(text: str, at: int, n: float | None) -> _Found | None:
    """The rest of a total counted just before ("R1 after 5 of the 43 resections; the remaining 38 were R0",
    "involved in 4/40 procedures, and in the other 36 the margin was clear"): its share of that total (38/43), which
    may count operations rather than patients. Only when the remainder and the earlier count add up to the total, and
    the total does not count lesions (a per-lesion rate); None otherwise (the count is then read over the cohort)."""
    if n is None or not _remainder_before().search(text, max(0, at - 30), at):
        return None
    lead = _mask(text[:at])
    for f in reversed(list(_EARLIER_FRACTION.finditer(lead))):
        k, d = parse_number(f.group("k")), parse_number(f.group("d"))
        if k is None or not d or k + n != d:
            continue
        if _vocab()["per_lesion"].match(text[f.end("d"):f.end("d") + 40]):
            return None
        share = percent(float(n), float(d))
        return _Found(share, "remainder_of_fraction") if share is not None else None
    return None


def _value_before(text: str, start: int, end: int, cohort: int | None) -> _Found | None:
    """A share or count written before the phrase starting at ``text[start]``."""
    before = _mask(text[max(0, start - 110):start])
    m = _before().search(before)
    if m and _R_CLASS.search(text, max(0, start - 110) + max(m.end(g) for g, v in m.groupdict().items() if v), start):
        return None  # "Four of 38 resections were R1, and the others R0": the count is the nearer class's
    if not m:
        return None
    if _ALL_OTHERS.search(before[max((m.end(g) for g, v in m.groupdict().items() if v), default=m.end()):]):
        return None  # "involved in six patients (15%), the remainder having R0 resections": the other class's value
    if _R_CLASS.search(text[max(0, start - 110):start], max(0, m.start() - 25), m.start()):  # unmasked, same offsets
        return None  # "Resection was R1 in 5 of 47 patients and R0 in the rest": the count is the earlier class's
    g = m.groupdict()
    if g.get("these") and not _is_cohort_group(g, cohort):
        return None  # "12 of these 14 patients had clear margins": a subgroup named before
    if g.get("p") and g.get("d") and cohort and parse_number(g["d"]) != cohort \
            and (_vocab()["per_lesion"].match(text[max(0, start - 110) + m.end("d"):start])
                 or _LESION_SCOPE_BEFORE.search(before[:m.start("n")])):
        return None  # "104 of the 112 lesions (92.9%) were removed with a clear margin": the lesions' share, with or
        # without its percentage (the bare fraction is caught below)
    if g.get("p") or g.get("p2") or g.get("p3") or g.get("p6") or g.get("p8"):
        return _Found(float(parse_number(g.get("p") or g.get("p2") or g.get("p3") or g.get("p6") or g.get("p8") or "")
                            or 0.0),
                      "before_pct")
    if g.get("n5"):
        n5 = parse_number(g["n5"])
        if (rest := _remainder_of_fraction(text, max(0, start - 110) + m.start("n5"), n5)) is not None:
            return rest
        if n5 is not None and cohort and n5 > cohort:
            return None
        return _of_cohort(n5, cohort, "before_count", end)
    if g.get("n9"):
        if not re.match(r"\s+(?:was|were)\s+(?:achieved|obtained|performed|accomplished|attained|possible)\b", text[end:end + 40],
                        re.I) and not (_OWN_VERB_PHRASE.match(text, start, end) and not _narrow_before().search(text, 0, start)):
            return None  # "in 27 patients R0 resection predicted ...": no clause of the phrase's own (but "in the
            # remaining 7 specimens tumour reached the resection surface" is one, unless a narrow class before it
            # makes which classes are R1 a matter of definition: "less than 1 mm in 6, while in 3 ...")
        return _remainder_of_fraction(text, max(0, start - 110) + m.start("n9"), parse_number(g["n9"])) \
            or _of_cohort(parse_number(g["n9"]), cohort, "before_count", end)
    if g.get("n11"):
        return _of_cohort(parse_number(g["n11"]), cohort, "relative_count", end) if _OWN_VERB_PHRASE.match(text, start, end) \
            else None
    if g.get("n7") and (rest := _remainder_of_fraction(text, max(0, start - 110) + m.start("n7"),
                                                         parse_number(g["n7"]))) is not None:
        return rest
    if g.get("n4") or g.get("n7"):
        return _of_cohort(parse_number(g.get("n4") or g.get("n7") or ""), cohort, "before_count", end)
    n, d = parse_number(g.get("n") or ""), parse_number(g.get("d") or "")
    if n is not None and d and _ALL_BUT_OPENING.search(before[:m.start("n")]):
        # "All but one of the 15 resections achieved an R0 margin": the fraction counts the exceptions
        share = percent(float(d - n), float(d)) if 0 <= n < d else None
        return _Found(share, "all_but_fraction") if share is not None else None
    if n is not None and d:
        after_d = text[max(0, start - 110) + m.end("d"):start]
        if (first := _first_fraction().search(before[:m.start("n")])) is not None:
            # "27/28 LH and 33/35 OH patients had negative margins": the nearer fraction is one arm's
            n1, d1 = parse_number(first.group("n")), parse_number(first.group("d"))
            if n1 is None or not d1:
                return None
            return _pooled_fractions(float(n1), float(d1), float(n), float(d), first.group("a1") + " " + after_d,
                                     cohort)
        if cohort and d != cohort and _vocab()["per_lesion"].match(after_d):
            return None  # "63 of the 67 metastases": a per-lesion rate, not the patients'
        share = percent(float(n), float(d))
        return _Found(share, "before_fraction") if share is not None else None
    return None
