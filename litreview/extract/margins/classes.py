"""Counts per margin class in one sentence.

* Tallies of R0 / R1 / R2 ("four resections were R0 and one was R1", "R0/R1/R2 in 37/6/1", "R0, 20; R1, 3",
  "in three patients (R1) and in one (R2); all remaining R0", "19 resections were R0 and three R1", "R0 was obtained
  in 23 cases, in 4 cases R1"): R0 over the
  classes counted, or the rest of the cohort when only the involved classes are counted (a width list labelled in
  its narrow classes only is read by :mod:`litreview.extract.margins.widths`). A count already given one class is
  never another's ("(R1) in four specimens, and macroscopic tumour (R2) ... in one patient"); a bracketed class may
  open the clause its count closes; "33 of the 38 resections were classified R0" counts 33; a list of classes with one
  count each, "respectively" ("R0, R1 and R2 resections were achieved in 43, 6 and 1 patients, respectively"; not
  an outcome per class).
* Classes of unknown margin status ("RX or missing in 16"): no determinable share.
* Further classes counted after the R0 count: classes declared R0 with it ("narrow in 3, all of which were
  considered R0"), close margins (R0 unless the abstract defines R1 by 1 mm or labels a class R1), an involved
  count sharing the phrase ("clear in 36 and involved in four"); R0 / (R0 + R1) from such a pair of counts when the
  cohort size is unknown or smaller than the two.
* The abstract's own words for graded classes ("complete (R0; ...), marginal (R1; ...) or incomplete (R2; ...)")
  counted in a later sentence ("scored complete in 41 patients (83.7%), marginal in 6 ..."); the grading sentence
  itself is a definition, as is a grading of the bare classes glossed in brackets ("graded as R0 (no tumour at the
  surface) or R1 (tumour exposed)") with no count.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.base import doc_text, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.records import Finding
from litreview.extract.prefilter import may_match
from litreview.extract.numbers import INT, PCT, parse_number, percent
from litreview.extract.margins.phrases import _ALL_OTHERS, _Found, _R1_WORD, _UNIT, _UNIT_ANY, _fragment, _vocab
from litreview.extract.margins.widths import _r1_definition, _width_classes


# "(95% CI 1.4-8.2)", "(p = 0.02)": bracketed statistics are no margin-class counts
_TALLY_MASK = re.compile(r"[(\[][^()\[\]]*(?:CI|[pP]\s*[=<>])[^()\[\]]*[)\]]")


# a count per margin class: "four resections were R0 and one was R1", "R0 in 36, R1 in 3 and R2 in 1",
# "R0/R1/R2 in 38/5/1"
@lru_cache(maxsize=1)
def _tally_before() -> re.Pattern[str]:
    """A count before its margin class: "four resections were R0", "17 were classified as R0 and two as R1", "eight
    specimens with a margin below 1 mm were classified as R1" (a short 'with' qualifier after the unit), "71 (84.5%)
    had an R0 resection" (the count's share between), "six had microscopic residual disease (R1)" (a status phrase
    glossed by its bracketed class)."""
    # "33 of the 38 resections were classified R0": the count is the numerator, never the denominator
    return re.compile(rf"(?<![\w.\-/%])(?<!\bof\s)(?<!\bof\sthe\s)(?<!\bof\sthese\s)(?<!\bof\sall\s)(?P<n>{INT})"
                      rf"(?:\s*/\s*{INT}|\s+(?:out\s+)?of\s+(?:the\s+|these\s+|all\s+)?{INT})?"
                      rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]])?\s+(?:(?:{_UNIT_ANY}|of\s+(?:them|these|those))\s+"
                      rf"(?:{_fragment('count_qualifier_with')}\s+(?=were\b|was\b))?)?"
                      rf"(?:(?:were|was|had|underwent|received)\s+(?:{_fragment('class_verb')}\s+)?|as\s+)"
                      rf"(?:an?\s+)?(?:(?:microscopically|histologically)\s+)?"
                      # "the remaining six had microscopic residual disease (R1)": a short status phrase glossed by its
                      # bracketed class (the bracket closing right after the class: not "(R0 group)")
                      rf"(?:{_fragment('status_adjective')}\s+|(?:[a-z][\w-]*\s+){{1,3}}?(?=[\(\[]R[012]\s*[\)\]]))?\(?R(?P<r>[012])\b", re.I)


# "R0 in 36", "R0: 36", "R0, 36", "R0 - 36" (a dash list, en dashes normalised), "R0 (n = 36)", "R0 (margin >= 1 mm): 36"
# (a bracketed definition is skipped, also before the class's noun: "R0 (tumour-free) margins were obtained in 36");
# the rest of the series counted as "R2 in the remaining four", "R1 in the other two";
# a class as the bracketed label of its phrase: "involved margins (R1) were found in 5"
_TALLY_AFTER = re.compile(rf"\bR(?P<r>[012])(?:(?<=\(R[012])\))?(?:\s+(?:resections?|margins?|status))?(?:\s*\((?!\s*n\s*=)[^()\d]{{0,30}}"
                          rf"(?:\d+(?:[.,]\d+)?\s?mm[^()\d]{{0,10}})?\)(?:\s+(?:resections?|margins?))?)?"
                          rf"(?:\s+(?:was|were|remained)\s+(?:[a-z]+\s+){{0,2}}?(?=in\s))?"
                          rf"\s*(?:[:=]\s*|,?\s*\bin\s+(?:the\s+(?:other|remaining)\s+)?|,\s*(?=\d)|\s*\(\s*n\s*=\s*|-\s+|\s+(?:-\s*)?)"
                          rf"(?P<n>{INT})(?!\s*(?:[%/.,]\d|of\b|mm|cm|months?|years?|-year))", re.I)
# "..., in 4 cases R1", "and in two patients R2 resection.": a clause of a count and the bare class closing it (the
# clause ends right after the class: "in 4 cases R0 resection needed ..." is no tally)
_TALLY_IN_CLOSING = re.compile(rf"(?:,|\band)\s+in\s+(?P<n>{INT})\s+{_UNIT_ANY}\s+(?:an?\s+)?R(?P<r>[012])\b"
                               rf"(?:\s+(?:resections?|margins?))?\s*(?=[.;,)]|\band\b|$)", re.I)
# "in three patients (R1) and in one (R2)": the class as a bracketed label after its count
_TALLY_LABEL = re.compile(rf"\bin\s+(?P<n>{INT})(?:\s+{_UNIT_ANY})?\s*[\(\[]\s*R(?P<r>[012])\s*[\)\]]", re.I)


@lru_cache(maxsize=1)
def _tally_label_late() -> re.Pattern[str]:
    """A bracketed class closing the clause that opened with its count: "in two further patients, a deep lesion
    could not be removed and was ablated (R2)" (no other count, number, bracket or clause break between)."""
    return re.compile(rf"\bin\s+(?P<n>{INT})\s+(?:{_fragment('count_qualifier')}\s+)?{_UNIT_ANY}\b"
                      rf"(?:(?!\bin\s+{INT}\b)[^;\d()\[\]]){{1,120}}?[\(\[]\s*R(?P<r>[012])\s*[\)\]]", re.I)


@lru_cache(maxsize=1)
def _tally_label_early() -> re.Pattern[str]:
    """A bracketed class opening the clause that its count closes: "macroscopic tumour (R2) was left on the vena
    cava in one patient" (no other count, number, bracket or clause break between; the count names its unit)."""
    return re.compile(rf"[\(\[]\s*R(?P<r>[012])\s*[\)\]](?:(?!\bin\s+{INT}\b)[^;,\d()\[\]]){{1,80}}?"
                      rf"\bin\s+(?P<n>{INT})\s+(?:{_fragment('count_qualifier')}\s+)?{_UNIT_ANY}\b", re.I)


# a count opening the clause whose subject is the resection or margin, labelled with its class at the end: "In 21
# patients the resection was R0", "in 3 patients the margin was involved (R1)"
_TALLY_IN_BEFORE = re.compile(rf"\bin\s+(?P<n>{INT})\s+{_UNIT_ANY}(?:\s*,)?\s+(?:the\s+)?(?:resections?|margins?|hepatectom(?:y|ies))"
                              rf"\s+(?:was|were)\s+(?!not\b)(?:[\w-]+\s+)?[\(\[]?\s*R(?P<r>[012])\b"
                              rf"(?![\)\]]?\s*(?:in|for|:|=)\s+(?:the\s+(?:other|remaining)\s+)?{INT})", re.I)  # not "R1 in 6"


# a further class sharing the verb of the one before: "19 resections were R0 and three R1", "..., 4 R1 and 1 R2"
# ("four had R1 and one an R2 resection": the article too)
_TALLY_ELLIPTIC = re.compile(rf"(?:\band|,)\s+(?P<n>{INT})\s+(?:{_UNIT_ANY}\s+)?(?:as\s+)?(?:an?\s+)?R(?P<r>[012])\b",
                             re.I)


_BRACKET_CLASS = re.compile(r"[\(\[]\s*R[012]\s*[\)\]]")
_TALLY_SLASH = re.compile(r"\bR0\s*/\s*R1(?:\s*/\s*R2)?\b[^;%]{0,60}?(?<![\d/])(?P<n0>\d+)\s*/\s*(?P<n1>\d+)"
                          r"(?:\s*/\s*(?P<n2>\d+))?(?![\d/])", re.I)


@lru_cache(maxsize=1)
def _class_list() -> re.Pattern[str]:
    return re.compile(_fragment("class_list_respectively"), re.I)


_BRACKETED_PCT = re.compile(rf"[\(\[]\s*{PCT}\s?%\s*[\)\]]")


def _class_list_tally(text: str) -> float | None:
    """The R0 share from a list of margin classes followed by one count per class, "respectively" ("R0, R1 and R2
    resections were achieved in 43, 6 and 1 patients, respectively", "R1 and R0 ... in four and 36"): R0 over the
    classes counted. None when the counts do not pair with the classes one to one, when R0 is not among them, or
    when the sentence gives an outcome per class ("after R0 and R1 resection, recurrence developed in 20 and 6")."""
    if "espectively" not in text:  # the cheap literal test first
        return None
    m = _class_list().search(text)
    if m is None or re.search(_fragment("class_list_other"), text[:m.end()], re.I):
        return None
    classes = re.findall(r"R([012])", m.group("classes"))
    counts = [parse_number(n) for n in re.findall(INT, _BRACKETED_PCT.sub(" ", m.group("nums")), re.I)]
    if len(classes) != len(counts) or len(set(classes)) != len(classes) or "0" not in classes \
            or any(c is None or not float(c).is_integer() for c in counts):
        return None
    return percent(float(counts[classes.index("0")] or 0), float(sum(counts)))  # type: ignore[arg-type]


def _tally(text: str, cohort: int | None = None) -> float | None:
    """The R0 share from counts given per margin class in one sentence (R0 and at least one R1/R2)."""
    if (listed := _class_list_tally(text)) is not None:
        return listed
    m = _TALLY_SLASH.search(text)
    if m:
        counts = [parse_number(m.group(g) or "0") for g in ("n0", "n1", "n2")]
        if all(c is not None for c in counts) and sum(counts) > 0:  # type: ignore[arg-type]
            return percent(float(counts[0] or 0), float(sum(counts)))  # type: ignore[arg-type]
    found: dict[str, float] = {}
    stated: float | None = None  # the R0 count's own share: "71 (84.5%) had an R0 resection"
    # the clause-opening count first: in "the resection was R0, in 3 patients ..." the 3 is the next clause's
    # (a count closed by its own class, "..., in 4 cases R1", before any: "R1, in 1 patient R2" is R2's 1)
    patterns = [_TALLY_IN_CLOSING, _TALLY_IN_BEFORE, _tally_before(), _TALLY_AFTER, _TALLY_LABEL, _TALLY_ELLIPTIC]
    if _BRACKET_CLASS.search(text):  # the costly labels at a clause's ends need a bracketed class
        patterns += [_tally_label_late(), _tally_label_early()]
    counted: set[int] = set()  # where the counts already given a class stand
    for pattern in patterns:
        for m in pattern.finditer(text):
            if m.start("n") in counted:
                continue  # "(R1) in four specimens, and macroscopic tumour (R2) ...": the count is R1's, not R2's
            n = parse_number(m.group("n"))
            if n is not None and float(n).is_integer() and m.group("r") not in found:
                counted.add(m.start("n"))
                found[m.group("r")] = float(n)
                if m.group("r") == "0" and m.groupdict().get("p"):
                    stated = parse_number(m.group("p"))
    if "0" in found and stated is not None and cohort and (share := percent(found["0"], cohort)) is not None \
            and abs(share - float(stated)) <= 0.15 and (found.keys() & {"1", "2"}):
        # the R0 count with its own share of the cohort: the author's rate, whatever other classes (sub-millimetre,
        # "R1 vascular") the sentence counts beside it
        return share
    if "0" not in found and (found.keys() & {"1", "2"}) and (width := _width_classes(text, cohort)) is not None:
        return width
    if (found.keys() & {"1", "2"}) and (_untallied(text) > len(found) or _unlabelled_class(text)):
        # "R0 in 71, less than 1 mm in 14, exposed in 9 and R2 in 3": classes without a label are counted too, so
        # the labelled ones do not add up to the resections; only the R0 count over the cohort stands
        return percent(found["0"], cohort) if "0" in found and cohort and found["0"] <= cohort else None
    if "0" in found and ("1" in found or "2" in found):
        return percent(found["0"], sum(found.values()))
    if "2" in found and cohort and sum(found.values()) < cohort and "%" not in text and (
            "R0" not in text or ("1" in found and _r0_only_as_rest(text))):
        # "R1 in 9 patients and R2 in 2 (; all others R0)": every class but R0 counted; the rest of the cohort is R0
        return percent(cohort - sum(found.values()), cohort)
    return None


# a count of a class of resections: "in 14", "in three patients" (not a width, share or time)
_CLASS_COUNT = re.compile(rf"\bin\s+{INT}\b(?!\s*(?:[%/.,]\d|%|of\b|mm|cm|months?|years?|-))", re.I)


def _untallied(text: str) -> int:
    """How many "in N" counts the sentence gives (labelled with a margin class or not)."""
    return len(_CLASS_COUNT.findall(text))


# a class counted without a margin-class label, sharing the verb of the count before it: ", 9 a sub-millimetre margin",
# "and 6 a close margin" (not "and 4 an R1 resection")
_UNLABELLED_CLASS = re.compile(rf"(?:,|\band)\s+{INT}\s+(?:{_UNIT_ANY}\s+)?an?\s+(?!R[012X]\b)(?:[\w-]+\s+){{1,2}}?margins?\b",
                               re.I)


def _unlabelled_class(text: str) -> bool:
    """Whether the sentence counts a margin class that carries no R label beside the labelled ones ("71 had an R0
    resection, 9 a sub-millimetre margin and 4 an R1 resection"): the labelled counts then do not add up to the
    resections."""
    return " a" in text and _UNLABELLED_CLASS.search(text) is not None


def _r0_only_as_rest(text: str) -> bool:
    """Whether every "R0" of the sentence names the remainder ("all other resections were R0")."""
    return all(_ALL_OTHERS.search(text[max(0, m.start() - 60):m.start()])
               for m in re.finditer(r"\bR0\b", text))


@lru_cache(maxsize=1)
def _unknown_class() -> re.Pattern[str]:
    """A count of resections whose margin status is unknown ("RX or missing in 16", "not recorded in 12")."""
    return re.compile(_fragment("unknown_class"), re.I)


def _counts_unknown_status(text: str) -> bool:
    """Whether a margin sentence counts resections of unknown margin status: the R0 count is then neither a share of
    the cohort (the unknown ones may be R0) nor, unless the abstract says so, of the known ones (a registry's
    incomplete reporting), so the sentence gives no value."""
    pattern = _unknown_class()
    if not may_match(pattern, text):
        return False
    for m in pattern.finditer(text):
        clause = text[text.rfind(";", 0, m.start()) + 1:m.start()]
        if not re.search(_fragment("unknown_other_status"), clause[-60:], re.I) \
                and re.search(r"\bmargin|\bR[0-2X]\b|\bresection\s+status|\bresidual\s+tumou?r", clause + m.group(0)):
            return True  # "HER2 status was unknown in 6" says nothing of the margins
    return False


@lru_cache(maxsize=1)
def _elliptic_r1() -> re.Pattern[str]:
    """An involved-margin count sharing the R0 count's phrase: "Margins were clear in 36 and involved in four"."""
    return re.compile(rf"\s*(?:{_UNIT}\s*)?,?\s*(?:and|but|while|whereas)\s+(?:(?:were|was)\s+)?"
                      rf"{_fragment('r1_elliptic')}\s+(?:in|for)\s+(?P<n>{INT})(?!\s*(?:[\(\[%/]|of\b))", re.I)


@lru_cache(maxsize=1)
def _more_r0() -> re.Pattern[str]:
    """A further class counted after an R0 count and declared R0 with it: "negative in twenty women and close in
    two, both regarded as R0", "clear in 22 patients and narrow (< 1 mm) in 3, all of which were considered R0"."""
    return re.compile(rf"\s*(?:{_UNIT}\s*)?,?\s*(?:and|or)\s+(?:[a-z-]+\s+){{0,2}}?(?:[\(\[][^()\[\]]{{0,80}}[\)\]]\s*)?"
                      rf"(?:in|for)\s+(?P<n>{INT})\b(?!\s*(?:[\(\[%/]|of\b))(?:\s+{_UNIT_ANY})?\s*,?\s*"
                      rf"(?:all|both)\s+(?:(?:of\s+)?(?:whom|which|them|these|those)\s+)?(?:(?:were|being)\s+)?"
                      rf"(?:{_fragment('class_verb')}\s+|[a-z]+\s+)?(?:an?\s+)?(?-i:R0)\b", re.I)


def _with_more_r0(text: str, found: _Found, cohort: int | None) -> _Found:
    """The R0 count with the further counts the sentence declares R0 too (close margins classified as R0)."""
    if found.count is None or not found.end:
        return found
    m = _more_r0().match(text, found.end)
    extra = parse_number(m.group("n")) if m else None
    if m is None or extra is None or re.search(_fragment("r1_elliptic"), text[found.end:m.start("n")], re.I):
        return found  # "and involved in 3, all of whom were re-resected to R0" keeps its R1 count out
    count = found.count + float(extra)
    if cohort and count > cohort:
        return found
    share = percent(count, float(cohort)) if cohort else None
    return _Found(share, found.how, count, m.end())


@lru_cache(maxsize=1)
def _more_r1() -> re.Pattern[str]:
    """A macroscopic (R2) class sharing the phrase of an R1 count: "microscopically involved in three patients and
    macroscopically involved in one", "R1 in 3 and R2 in 1" (a bare count, no share or fraction of its own)."""
    return re.compile(rf"\s*(?:{_UNIT}\s*)?,?\s*(?:and|or)\s+(?:(?:were|was)\s+)?{_fragment('r2_elliptic')}"
                      rf"(?:\s+margins?)?\s+(?:in|for)\s+(?P<n>{INT})\b(?!\s*(?:[\(\[%/]|of\b))", re.I)


def _with_more_r1(text: str, found: _Found, cohort: int | None) -> _Found:
    """The R1 count with a macroscopic (R2) count sharing its phrase: both classes are involved, so both are
    subtracted from the cohort ("involved microscopically in three and macroscopically in one": 4 not R0)."""
    if found.count is None or not found.end or not cohort or ("R2" not in text and "ross" not in text \
            and "acroscop" not in text):  # the cheap literal test first
        return found
    m = _more_r1().match(text, found.end)
    extra = parse_number(m.group("n")) if m else None
    if m is None or extra is None:
        return found
    count = found.count + float(extra)
    if count > cohort:
        return found
    return _Found(percent(count, float(cohort)), found.how, count, m.end())


@lru_cache(maxsize=1)
def _close_class() -> re.Pattern[str]:
    """A close-margin class counted after the R0 count: "clear in 34 patients, close in 6 (and involved in 4)",
    "negative in 30 and narrow (< 1 mm) in 3"."""
    return re.compile(rf"\s*(?:{_UNIT}\s*)?,?\s*(?:and\s+)?(?:(?:were|was)\s+)?(?:an?\s+)?"
                      rf"{_fragment('close_class')}(?:\s+margins?)?(?:\s*[\(\[][^()\[\]]{{0,40}}[\)\]])?"
                      rf"\s+(?:in|for)\s+(?P<n>{INT})\b(?!\s*(?:[\(\[%/]|of\b))(?:\s+{_UNIT_ANY})?", re.I)


def _with_close_class(doc: Doc, text: str, found: _Found, cohort: int | None) -> _Found:
    """The R0 count with a close-margin class counted after it. A close margin is not involved, so it is R0 unless
    the abstract defines R1 by a 1 mm width or the sentence goes on to label a class R1: then which side "close"
    falls on is unclear (no value, never the R0 count alone)."""
    m = _close_class().match(text, found.end) if found.count is not None and found.end else None
    if m is None:
        return found
    extra = parse_number(m.group("n"))
    if extra is None or _r1_definition(doc) == "under1" or _R1_WORD.search(text, m.end()):
        return _Found(None, "close_class")
    count = found.count + float(extra)  # type: ignore[operator]
    if cohort and count > cohort:
        return _Found(None, "close_class")
    share = percent(count, float(cohort)) if cohort else None
    return _Found(share, found.how, count, m.end())  # an involved count may follow ("and involved in 4")


def _count_pair(counts: dict[str, tuple[float, re.Match[str]]], cohort: int | None) -> float | None:
    """R0 / (R0 + R1) from bare counts of both kinds in one sentence ("clear margins in 26 patients and involved
    margins in 4"), used when the cohort size is unknown or smaller than the two together (counts of resections);
    otherwise the counts over the cohort stand (a third class may be counted elsewhere)."""
    if "r0" not in counts or "r1" not in counts:
        return None
    n0, n1 = counts["r0"][0], counts["r1"][0]
    if n0 + n1 <= 0 or (cohort and n0 + n1 <= cohort):
        return None
    share = percent(n0, n0 + n1)
    return round(share, 1) if share is not None else None


@lru_cache(maxsize=1)
def _further_count() -> re.Pattern[str]:
    """A count qualified as adding to counts named before it ("in three further patients")."""
    return re.compile(rf"\s+{_fragment('count_qualifier')}\s+{_UNIT_ANY}\b", re.I)


@lru_cache(maxsize=1)
def _r2_before() -> re.Pattern[str]:
    return re.compile(_fragment("r2_before"), re.I)


def _with_earlier_r2(text: str, start: int, found: _Found, cohort: int | None) -> _Found:
    """The R1 count "in three further patients" with the macroscopic (R2) count named before it in the sentence
    ("Macroscopic residual disease (R2) remained in two patients, and microscopically involved margins were reported
    in three further patients": 5 not R0). A "further" count with no earlier count to add it to gives no value (the
    earlier classes are unknown)."""
    if found.count is None or not found.end or not _further_count().match(text, found.end):
        return found
    earlier = None
    if "R2" in text or "acroscop" in text or "ross" in text:  # the cheap literal test first
        earlier = next((m for m in _r2_before().finditer(text, 0, start)), None)
    extra = parse_number(earlier.group("n")) if earlier else None
    if extra is None or not cohort or found.count + float(extra) > cohort:
        return _Found(None, "further")
    count = found.count + float(extra)
    return _Found(percent(count, float(cohort)), found.how, count, found.end)


# a count written in words ("in twenty-seven of thirty-one patients"): a result, not a definition
_NUMBER_WORD = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
                          r"forty|fifty|sixty|seventy|eighty|ninety|hundred)\b", re.I)


# a margin class named with its definition in brackets ("R0 (no tumour at the surface)"), after "as" / "into"
_BARE_GRADE = re.compile(r"\b(?-i:R(?P<k>[012]))\s*[\(\[]", re.I)
_GRADED_AS = re.compile(r"\b(?:as|into)\s+(?:either\s+)?(?:an?\s+)?$", re.I)
_R_LABEL = re.compile(r"\bR[012X]\b")
_BRACKET_COUNT = re.compile(r"\bn\s*=|%|/|\d+\s+(?:of|patients|women|cases|resections|specimens)\b", re.I)


def _grades_classes(text: str) -> bool:
    """Whether a sentence defines a grading of margin classes, each word with its class in brackets and no count
    outside the brackets ("graded each resection as curative (R0; margin free), borderline (R1; tumour at the margin)
    or palliative (R2)"): a definition, whose "each" or "all" states no result."""
    if "R0" not in text or "R1" not in text:  # the cheap literal test first
        return False
    bare = [m for m in _BARE_GRADE.finditer(text)]
    if len({m.group("k") for m in bare}) >= 2 and _GRADED_AS.search(text[max(0, bare[0].start() - 40):bare[0].start()]):
        # "graded as R0 (no tumour at the resection surface) or R1 (tumour exposed at the surface)": the classes
        # themselves with their definitions in brackets, no count outside them
        if any(_BRACKET_COUNT.search(b) for b in re.findall(r"[\(\[][^()\[\]]*[\)\]]", text)):
            return False  # "R0 (n = 36) or R1 (n = 4)": counts per class, a result
        outside = _R_LABEL.sub(" ", re.sub(r"[\(\[][^()\[\]]*[\)\]]", " ", text))
        return not re.search(r"\d", outside) and not _NUMBER_WORD.search(outside)
    matches = list(re.finditer(_fragment("class_alias"), text, re.I))
    if len({m.group("k") for m in matches}) < 2 \
            or not re.search(r"\b(?:as|into)\b", text[max(0, matches[0].start() - 40):matches[0].start()], re.I):
        return False  # the classes are named after "graded as" / "classified into", not in a result
    outside = re.sub(r"[\(\[][^()\[\]]*[\)\]]", " ", text)
    return not re.search(r"\d", outside) and not _NUMBER_WORD.search(outside)


def _aliases(doc: Doc) -> dict[str, str]:
    """The abstract's own words for its margin classes, defined with the class in brackets in one sentence that
    grades at least two classes ("scored as complete (R0; no tumour within 1 mm), marginal (R1; ...) or incomplete
    (R2; ...)"): word -> class digit. Generic nouns ("resection (R0)") and a word given two classes are no aliases."""
    stop = re.compile(_fragment("alias_stop"), re.I)
    pattern = re.compile(_fragment("class_alias"), re.I)
    for sent in sentences(doc):
        if sent.section in ("TITLE", "BACKGROUND", "CONCLUSIONS") or "R1" not in sent.text or "R0" not in sent.text:
            continue
        found: dict[str, str] = {}
        for m in pattern.finditer(sent.text):
            word = m.group("w").lower()
            if stop.match(word) or found.get(word, m.group("k")) != m.group("k"):
                return {}
            found[word] = m.group("k")
        if len(set(found.values())) >= 2 and len(found) == len(set(found.values())):
            return found
    return {}


def _alias_findings(doc: Doc, cohort: int | None) -> list[Finding]:
    """The R0 share a results sentence gives under the abstract's own word for R0 ("Resection completeness was scored
    complete in 41 patients (83.7%), marginal in 6 and incomplete in 2" after "complete (R0; ...)"): the share or the
    count over the cohort. Read only when no other margin figure is found."""
    text_all = doc_text(doc)
    if "R0" not in text_all or "R1" not in text_all:  # the cheap literal test first
        return []
    aliases = _aliases(doc)
    r0 = [word for word, k in aliases.items() if k == "0"]
    if not r0:
        return []
    value = re.compile(rf"\b{re.escape(r0[0])}\s+in\s+(?P<n>{INT})(?:\s+{_UNIT})?(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%)?"
                       rf"(?!\s*(?:[\(\[]\s*)?(?:/|of\b|out\s+of))", re.I)
    for sent in sentences(doc):
        if sent.section in ("TITLE", "BACKGROUND", "CONCLUSIONS", "OBJECTIVE") or r0[0] not in sent.text.lower():
            continue
        text = normalise(sent.text)
        m = value.search(text)
        if m is None or _vocab()["prognostic"].search(text) or _vocab()["hypothetical"].search(text):
            continue
        # the sentence must count another class by its word too: a grading, not another use of the word
        if not any(re.search(rf"\b{re.escape(word)}\s+in\s+{INT}\b", text, re.I) for word in aliases if word != r0[0]):
            continue
        n = parse_number(m.group("n"))
        share = parse_number(m.group("p")) if m.group("p") else (
            percent(n, cohort) if n is not None and cohort and n <= cohort else None)
        if share is None or share > 100:
            return []
        return [make_finding(doc, "r0_rate_pct", round(float(share), 1), start=sent.start + m.start(),
                             end=sent.start + m.end(), rule="margins.r0.class_alias", confidence=0.65, unit="%",
                             sentence=sent)]
    return []
