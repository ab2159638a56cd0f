"""R0 rate: the percentage of resections with negative (R0) margins (unit "%").

Vocabulary: ``rules/margins.json``. Forms handled:

* share or count next to an R0 phrase: "R0 resection was achieved in 73 of 86
  patients (85%)", "negative margins in 85%", "R0 in 19/22", "an R0 resection in
  83% (683/825)", "surgical margins were histologically negative in 83 patients
  (86.5%)", "tumour-free transection planes in 44 of 48 specimens", "resection was
  microscopically complete in 28 patients (90.3%)", or a count before it ("212 of
  240 patients (88.3%) had an R0 resection"); a bare count is divided by the
  cohort size;
* involved margins, subtracted from 100: "R1 resection in 4 (10%)" -> 90;
* everybody: "all three resections were margin-negative", "every patient
  underwent R0 hepatectomy" -> 100; "all but three resections were R0" ->
  (cohort - 3) / cohort;
* a case report (cohort of one) whose margin is R0/free -> 100, R1/involved -> 0;
* counts per margin class: "four resections were R0 and one was R1", "R0/R1/R2 in
  37/6/1", "one had an R1 margin; all other resections were R0", "in every patient
  except two".

Not used: ranges across studies ("R0 rates ranged from 70% to 95%"), rates quoted from
other studies (:func:`litreview.extract.cohort.cites_other_series`), R0 as a prognostic factor ("R0 resection (p=0.02)"), what seemed
achievable, subgroups ("among the 21 patients with HER2-positive disease, 20 had a
tumour-free margin"), and "complete"/"radical" resection without a margin word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.base import Sentence, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.prefilter import may_match
from litreview.extract.numbers import INT, PCT, is_distractor, parse_number, percent
from litreview.records import Finding
from litreview.rules import load_json

__all__ = ["extract_margins"]


@lru_cache(maxsize=1)
def _vocab() -> dict[str, re.Pattern[str]]:
    data = load_json("margins.json")
    flags = re.IGNORECASE
    keys = ("r0", "r1", "hypothetical", "prognostic", "subgroup_start", "group_defined", "selection",
            "other_measure", "comparison")
    return {key: re.compile(data[key], flags) for key in keys}


_UNIT = r"(?:patients|women|cases|resections|specimens|procedures|hepatectomies|operations|lesions)"
# the same, singular or plural ("one patient had an R1 margin")
_UNIT_ANY = r"(?:patients?|wom[ae]n|cases?|resections?|specimens?|procedures?|hepatectom(?:y|ies)|operations?|lesions?)"
# filler between a margin phrase and its value: no digits, except a margin width ("1 mm")
_F = r"(?:[^;\d%]|\d+(?:[.,]\d+)?\s?(?:mm|cm)\b)"
_AFTER = [
    ("count_of_pct", re.compile(rf"^[^;%]{{0,50}}?(?<![\w.\-/])(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)"
                                rf"(?P<d>{INT})(?:\s+{_UNIT})?(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%)?", re.I)),
    ("pct_fraction", re.compile(rf"^{_F}{{0,50}}?(?<![\w.])(?P<p>{PCT})\s?%(?:\s*[\(\[]\s*(?P<n>\d+)\s*/\s*(?P<d>\d+))?",
                                re.I)),
    ("count_pct", re.compile(rf"^{_F}{{0,80}}?\b(?:in|for)\s+(?P<n>{INT})(?:\s+{_UNIT})?\s*[\(\[]\s*(?P<p>{PCT})\s?%",
                             re.I)),
    ("n_equals", re.compile(r"^[^;%]{0,12}?\bn\s*=\s*(?P<n>\d+)", re.I)),
    ("colon_count_pct", re.compile(rf"^\s*[:=,]?\s*(?P<n>{INT})\s*[\(\[]\s*(?P<p>{PCT})\s?%", re.I)),
    ("all_but", re.compile(rf"^[^;%\d]{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?"
                           rf"(?:but|except(?:\s+for)?|save)\s+(?P<k>{INT})\b", re.I)),
    ("all", re.compile(rf"^[^;%\d]{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:of\s+the\s+)?(?P<n>{INT})\s+)?"
                       rf"(?:{_UNIT[3:-1]}|patient|case|resection)\b", re.I)),
    ("count", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})(?:\s+{_UNIT})?(?!\s*(?:[\(\[%/]|of\b))", re.I)),
]
_BEFORE = re.compile(
    rf"(?<![\w.\-/])(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)(?P<d>{INT})(?:\s+{_UNIT})?"
    rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]])?[^;%\d]{{0,50}}$"
    rf"|(?<![\w.\-/])(?P<n2>{INT})\s+{_UNIT}\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]][^;%\d]{{0,50}}$"
    rf"|(?<![\w.\-/])(?P<n3>{INT})\s*[\(\[]\s*(?P<p3>{PCT})\s?%\s*[\)\]]\s+{_UNIT}[^;%\d]{{0,50}}$"
    rf"|\bin\s+(?P<n4>{INT})\s+{_UNIT}(?:\s*,)?\s+(?:the\s+)?(?:resection\s+)?(?:margins?|resections?)\s+(?:was|were)"
    rf"[^;%\d]{{0,30}}$"
    rf"|(?<![\w.\-/])(?P<n6>{INT})\s*[\(\[]\s*(?P<p6>{PCT})\s?%\s*[\)\]]\s+(?:had|underwent|received|were|was)\b[^;%\d]{{0,30}}$"
    rf"|(?:^|[.;:]\s*|\b(?:and|while|whereas)\s+)(?P<n5>{INT})\s+(?:{_UNIT_ANY}\s+)?(?:had|underwent|received|were)\s+"
    rf"(?:an?\s+)?(?:(?:microscopically|histologically|complete|curative)\s+)?$", re.I)
_ALL = re.compile(rf"\b(?:all|every|each|both)\s+(?:(?P<n>{INT})\s+)?(?:of\s+the\s+|of\s+(?:these|them)\s+)?"
                  rf"(?:\w+\s+)?{_UNIT[:-1]}|patient|resection|case|hepatectomy)?\b", re.I)
_ALL_BUT = re.compile(rf"\b(?:all|every|each)\s+(?:(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?(?:but|except(?:\s+for)?|save)"
                      rf"\s+(?P<k>{INT})\b", re.I)
_ALL_OTHERS = re.compile(r"\b(?:all\s+(?:the\s+)?(?:others?|remaining)|the\s+(?:others?|remaining)|the\s+rest|the\s+remainder)\b"
                         r"[^;%\d]{0,40}$", re.I)
# "All resections were R0 except two"
_EXCEPT_AFTER = re.compile(rf"^[^;%\d]{{0,30}}?\b(?:except|but|save)\s+(?:for\s+)?(?:in\s+)?(?P<k>{INT})\b", re.I)
_NONE_R1 = re.compile(r"\b(?:no|none\s+of\s+the|not\s+a\s+single)\b", re.I)
_NEW_CLAUSE = re.compile(rf"[,;]\s*(?:and|while|whereas|but)\s+(?:the\s+)?(?:{INT}\s+)?(?:{_UNIT[3:-1]}|patient)\b"
                         rf"|\band\s+{INT}\s+(?:{_UNIT[3:-1]})\s+(?:\(|died|had|developed|were|was)", re.I)
_NOT_R1 = re.compile(r"\b(?:no|not|without|avoid\w*|risk|if|unless|despite)\b", re.I)
# "(95% CI 1.4-8.2)", "(p = 0.02)": bracketed statistics are no margin-class counts
_TALLY_MASK = re.compile(r"[(\[][^()\[\]]*(?:CI|[pP]\s*[=<>])[^()\[\]]*[)\]]")


_R_CLASS = re.compile(r"\bR([012])\b")
# "from 72% to 96%", "between 65% and 100%", "75-95%": a range across studies, not one cohort's rate
_RANGE_AFTER = re.compile(r"^\s?%?\s*(?:to|-|\u2013|and)\s*\d+(?:[.,]\d+)?\s?%", re.I)
_RANGE_BEFORE = re.compile(r"\b(?:between|from|rang(?:ed|ing|e)(?:\s+from)?)\s*$", re.I)
# a count per margin class: "four resections were R0 and one was R1", "R0 in 36, R1 in 3 and R2 in 1",
# "R0/R1/R2 in 38/5/1"
_TALLY_BEFORE = re.compile(rf"(?<![\w.\-/%])(?P<n>{INT})\s+(?:(?:{_UNIT_ANY}|of\s+(?:them|these|those))\s+)?"
                           rf"(?:were|was|had|underwent|received)\s+(?:an?\s+)?(?:(?:microscopically|histologically)\s+)?"
                           r"(?:(?:complete|incomplete|radical|negative|positive)\s+)?\(?R(?P<r>[012])\b", re.I)
_TALLY_AFTER = re.compile(rf"\bR(?P<r>[012])(?:\s+(?:resections?|margins?|status))?(?:\s+(?:was|were)\s+(?:[a-z]+\s+){{0,2}}?(?=in\s))?"
                          rf"\s*(?:[:=]\s*|,?\s*\bin\s+|\s+)"
                          rf"(?P<n>{INT})(?!\s*(?:[%/.,]\d|of\b|mm|cm|months?|years?|-year))", re.I)
_TALLY_SLASH = re.compile(r"\bR0\s*/\s*R1(?:\s*/\s*R2)?\b[^;%]{0,60}?(?<![\d/])(?P<n0>\d+)\s*/\s*(?P<n1>\d+)"
                          r"(?:\s*/\s*(?P<n2>\d+))?(?![\d/])", re.I)


def _tally(text: str, cohort: int | None = None) -> float | None:
    """The R0 share from counts given per margin class in one sentence (R0 and at least one R1/R2)."""
    m = _TALLY_SLASH.search(text)
    if m:
        counts = [parse_number(m.group(g) or "0") for g in ("n0", "n1", "n2")]
        if all(c is not None for c in counts) and sum(counts) > 0:  # type: ignore[arg-type]
            return percent(float(counts[0] or 0), float(sum(counts)))  # type: ignore[arg-type]
    found: dict[str, float] = {}
    for pattern in (_TALLY_BEFORE, _TALLY_AFTER):
        for m in pattern.finditer(text):
            n = parse_number(m.group("n"))
            if n is not None and float(n).is_integer() and m.group("r") not in found:
                found[m.group("r")] = float(n)
    if "0" in found and ("1" in found or "2" in found):
        return percent(found["0"], sum(found.values()))
    if "2" in found and cohort and sum(found.values()) < cohort and "%" not in text and "R0" not in text:
        # "R1 in 9 patients and R2 in 2": every class but R0 counted; the rest of the cohort is R0
        return percent(cohort - sum(found.values()), cohort)
    return None


def _mask(text: str) -> str:
    """Hide the digit of "R0"/"R1"/"R2" so value patterns can skip over them."""
    return _R_CLASS.sub("Rx", text)


def _value(text: str, start: int, end: int, cohort: int | None) -> tuple[float, str] | None:
    """The share attached to the phrase at ``text[start:end]`` and how it was found."""
    after = _mask(text[end:end + 120])
    for kind, pattern in _AFTER:
        m = pattern.match(after)
        if not m:
            continue
        if is_distractor(text, end + m.start(m.lastindex or 0), end + m.end()):
            continue
        if kind.startswith(("pct", "count")) and _NEW_CLAUSE.search(after[:m.start(m.lastindex or 0)]):
            continue  # "R0 resection, and three patients (7.5%) died": the value belongs to the next clause
        rest = text[end + m.end():end + m.end() + 40]
        vocab = _vocab()
        if vocab["comparison"].match(rest) or (kind.startswith("pct") and vocab["other_measure"].match(rest)):
            return None
        g = m.groupdict()
        if g.get("p"):
            p_start = end + m.start("p")
            if _RANGE_AFTER.match(text[end + m.end("p"):]) or _RANGE_BEFORE.search(text[max(0, p_start - 25):p_start]):
                return None  # a range of rates (other series), not this cohort's rate
        if kind == "all":
            return 100.0, kind
        if kind == "all_but":
            k = parse_number(g["k"])
            if cohort and k is not None and 0 <= k < cohort:
                return float(percent(cohort - k, cohort) or 0.0), kind
            return None
        if g.get("p"):
            return float(parse_number(g["p"]) or 0.0), kind
        n = parse_number(g.get("n") or "")
        d = parse_number(g.get("d") or "") if g.get("d") else cohort
        if n is not None and d:
            share = percent(float(n), float(d))
            if share is not None:
                return share, kind if g.get("d") else kind + "_of_cohort"
        return None
    before = _mask(text[max(0, start - 110):start])
    m = _BEFORE.search(before)
    if m and _R_CLASS.search(text, max(0, start - 110) + max(m.end(g) for g, v in m.groupdict().items() if v), start):
        return None  # "Four of 38 resections were R1, and the others R0": the count is the nearer class's
    if m:
        g = m.groupdict()
        if g.get("p") or g.get("p2") or g.get("p3") or g.get("p6"):
            return float(parse_number(g.get("p") or g.get("p2") or g.get("p3") or g.get("p6") or "") or 0.0), "before_pct"
        if g.get("n5"):
            n5 = parse_number(g["n5"])
            if n5 is not None and cohort and n5 <= cohort:
                share = percent(float(n5), float(cohort))
                return (share, "before_count_of_cohort") if share is not None else None
            return None
        if g.get("n4"):
            n4 = parse_number(g["n4"])
            if n4 is not None and cohort:
                share = percent(float(n4), float(cohort))
                return (share, "before_count_of_cohort") if share is not None else None
            return None
        n, d = parse_number(g.get("n") or ""), parse_number(g.get("d") or "")
        if n is not None and d:
            share = percent(float(n), float(d))
            return (share, "before_fraction") if share is not None else None
    return None


def _sentence_findings(doc: Doc, sent: Sentence, cohort: int | None) -> list[Finding]:
    from litreview.extract.cohort import cites_other_series, is_review

    vocab = _vocab()
    text = normalise(sent.text)  # "88 per cent" -> "88%": offsets unchanged
    if vocab["subgroup_start"].search(text) or vocab["hypothetical"].search(text):
        return []
    if sent.section not in ("METHODS", "RESULTS") and cites_other_series(text, review=is_review(doc)):
        return []  # another study's R0 rate, quoted
    prognostic = bool(vocab["prognostic"].search(text))
    out: list[Finding] = []
    tally = _tally(_TALLY_MASK.sub(" ", text), cohort)
    first = _R_CLASS.search(text)
    if tally is not None and first is not None:  # explicit counts per class, even beside a p value
        return [make_finding(doc, "r0_rate_pct", round(tally, 1), start=sent.start + first.start(),
                             end=sent.start + first.end(), rule="margins.r0.tally", confidence=0.8, unit="%",
                             sentence=sent)]
    for kind, pattern in (("r0", vocab["r0"]), ("r1", vocab["r1"])):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 60):m.start()]
            if vocab["group_defined"].search(before) or vocab["selection"].search(before):
                continue  # "patients with positive margins had ...", "all patients who had undergone R0 ..."
            found = _value(text, m.start(), m.end(), cohort)
            if found is not None and cohort == 1 and found[0] not in (0.0, 100.0):
                found = None  # one patient: a percentage near her margin is something else (viable tumour, ...)
            rule = f"margins.{kind}"
            share: float | None = None
            confidence = 0.85
            if found is not None:
                share, how = found
                rule += f".{how}"
                if how.endswith("_of_cohort"):
                    confidence = 0.7
            elif not prognostic:
                clause = text[max(0, m.start() - 80):m.start()]
                all_but = _ALL_BUT.search(clause)
                if all_but and cohort and kind == "r0":
                    k = parse_number(all_but.group("k"))
                    if k is not None and 0 <= k < cohort:
                        share, rule, confidence = percent(cohort - k, cohort), "margins.r0.all_but", 0.8
                elif kind == "r0" and _ALL.search(clause) and cohort and (
                        exc := _EXCEPT_AFTER.match(text[m.end():m.end() + 50])) and (
                        k := parse_number(exc.group("k"))) is not None and 0 <= k < cohort:
                    share, rule, confidence = percent(cohort - k, cohort), "margins.r0.all_except", 0.8
                elif kind == "r0" and _ALL_OTHERS.search(clause):
                    continue  # "one had an R1 margin; all other resections were R0": the R1 count says it
                elif kind == "r0" and (all_m := _ALL.search(clause)) and (
                        not all_m.group(0).lower().startswith("both") or cohort == 2):
                    share, rule, confidence = 100.0, "margins.r0.all", 0.8
                elif kind == "r1" and _NONE_R1.search(text[max(0, m.start() - 40):m.start()]):
                    share, rule, confidence = 0.0, "margins.r1.none", 0.75
                elif kind == "r0" and cohort == 1:
                    share, rule, confidence = 100.0, "margins.r0.single_case", 0.75
                elif kind == "r1" and cohort == 1 and not _NOT_R1.search(text[max(0, m.start() - 60):m.start()]):
                    share, rule, confidence = 100.0, "margins.r1.single_case", 0.7
            if share is None or share > 100:
                continue
            if prognostic and found is not None and found[1].startswith(("pct", "count")) and "%" not in text:
                continue
            if kind == "r1":
                share = round(100.0 - share, 1)
            out.append(make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start + m.start(),
                                    end=sent.start + m.end(), rule=rule, confidence=confidence, unit="%",
                                    sentence=sent))
            break  # one value per margin phrase kind in a sentence
    return out


def extract_margins(doc: Doc) -> list[Finding]:
    """Candidate ``r0_rate_pct`` findings of a processed doc."""
    from litreview.extract.cohort import cohort_denominator

    cohort = cohort_denominator(doc)
    findings: list[Finding] = []
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE", "TITLE"):
            continue
        r0, r1 = _vocab()["r0"], _vocab()["r1"]
        if not ((may_match(r0, sent.text) and r0.search(sent.text))
                or (may_match(r1, sent.text) and r1.search(sent.text))):
            continue
        findings.extend(_sentence_findings(doc, sent, cohort))
    if cohort == 1:
        # one patient: her resection was R0 or not; "60% residual viable tumour" is no R0 rate
        findings = [f for f in findings if f.value in (0.0, 100.0)]
    # R0 and R1 statements of the same abstract must agree; prefer R0 statements
    r0 = [f for f in findings if f.rule.startswith("margins.r0")]
    return r0 or findings
