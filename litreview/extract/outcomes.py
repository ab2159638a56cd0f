"""Postoperative morbidity and mortality (percent of the resected cohort).

* ``morbidity_pct`` - patients with postoperative complications: the stated
  percentage ("Postoperative morbidity was 27.5%", "Eleven patients (22.9%) had
  complications", "Two (4%) minor complications"), else a count over the cohort
  ("Four patients experienced complications" -> 4 / cohort size, "(174/852)", "Eleven LR patients" when the
  abbreviation names a resection arm, "About one-third of patients (n = 11) had a complication"), or
  0.0 for "no complications" / "without complications" / "uneventful recovery".
  A single-patient case report whose patient developed a complication (fistula,
  bile leak, ...) gives 100.0. Intraoperative events do not count. A zero of "the others" / "the remaining
  patients" after patients who had a complication is no zero morbidity; a share labelled with the comparison
  arm ("in 2 patients (5.3%) after ablation") is not the cohort's.
* ``mortality_pct`` - postoperative / 30-, 60-, 90-day / in-hospital deaths: the
  stated percentage, a count over the cohort, or 0.0 for "no postoperative
  deaths", "nobody died after surgery", "no patient died within 90 days". A death told with another verb after a
  patient subject ("one patient expired ...", "two women passed away", "succumbed") reads as "died".
  Deaths during follow-up, from recurrence, or at a time in months are not
  operative mortality.

Two surgical approaches (laparoscopic vs open) are both the cohort: their counts are pooled ("in 3 of 27 (11.1%)
LLR and 9 of 37 (24.3%) OLR patients", "in 4 laparoscopic and 11 open patients"); of two labelled shares one of
which is a non-surgical arm's, the other is the operated arm's. In a small series a named complication may come
before its count ("A bile leak ... developed in one patient") or its case ("A bile leak ... in case 2"; a case named
again counts once). Complications counted per operation give way to the patients they affected ("after 5 of the 22
procedures, affecting four different patients"). A zero scoped to a repeat operation after it ("no postoperative
mortality after the second operation") is not the cohort's.

Per-approach shares after each label ("in 2 laparoscopic (11.8%) and 8 open (30.8%) patients", "in 4 of 30 MILS
patients (13.3%) and in 10 of 60 open patients") are pooled when the arms make up the cohort, else left empty (two
fractions of subgroups that do not make up the cohort give no value). Clavien-Dindo strata listed as "grade I, 6
patients; grade II, 5" or "grade I (n = 6)" are summed; complication types with counts ("bile leak (2), abscess (1)")
are summed only when the sentence says each was a different patient's. "No grade V complications" is zero mortality
(grade V is death). In a case-by-case series "She developed a biloma" (also after a short time phrase, "On
postoperative day 4 she developed ...", not "At presentation she had ...") after a sentence about "Patient 2" is that
patient's complication; in a small series told by ordinals ("The first woman recovered uneventfully, while the second
developed a bile leak") the first one's zero is no cohort zero and "the second" is one patient with a complication.
"She recovered without incident" is zero morbidity. Complications counted per operation ("Nine hepatectomies were
followed by a complication") are read as patients only when the series had one operation per patient. A death "twelve
days after an extended right hepatectomy" is postoperative. Shares of two named groups ("in 33.3% of older and 19.5%
of younger women") are pooled when the groups' sizes are stated elsewhere and make up the cohort, else left empty. In
a mixed-primary series whose breast patients are the cohort, a share of more patients than the cohort ("9 of the 39
patients"), a rate that is no share k/N of the cohort ("Overall morbidity was 22.9%" beside 24 breast patients) and a
patient "with colorectal cancer" are not the breast patients'.

A zero with an exception ("Apart from the bile leak, no complications occurred", "uneventful except for a bile leak in
one patient") is no zero morbidity; a patient count in the exception is the complications' count. "One fatal case of
liver failure" is a death; a numbered patient of a small series who "died on the ninth postoperative day" is one
death over the series. A share after a counted subset with words between ("five of them Clavien-Dindo grade III or
higher (8.6%)") is the subset's. In a small series a time in months dates only the complication in its own clause
("she developed a bile leak ..., and she is alive at 52 months" keeps the bile leak).

Two labelled counts with shares ("in 5 older (20.8%) and 11 younger patients (18.6%)") are pooled when their implied
group sizes make up the cohort; one group of the cohort's size is the cohort beside a comparison group, and a later
"0% and 1.9%, respectively" is that group's. Two unlabelled rates after one measure ("complication rates were 11.5%
and 26.9%") are no rate; per-group shares in a bracket after the measure's count ("in 20 patients overall (26.3% of
older and 20.8% of younger)") leave the count. A range ("morbidity in 0-43%") is no count; "after which recovery was
uneventful" is no zero; Clavien-Dindo strata may name the scale once ("grade I in six, II in four and IIIa in two");
complications "after ten operations" count patients like "Nine hepatectomies were followed by"; an age ("aged 78
years") dates no death.

Clavien-Dindo strata may be told with "happened"/"arose" and listed in brackets after the total ("in 6 patients (grade
I, 3; grade II, 2; grade IIIa, 1)"); two fractions of resection subgroups with a label between them ("6/15 (40.0%) after
major and in 5/29 (17.2%) after minor") are pooled when their denominators make up the cohort. A case report's patient
who "died on postoperative day 19" is mortality 100. "Neither patient died" / "had complications" is a zero; "Most
patients recovered without complications", "most of them without deaths" is none. "her recovery was prolonged by a
collection" names a complication. An I² statistic is no rate; "(0.5% and 0.3%, respectively)" after "in both groups"
follows the arms in the order the sentence named them; a share before "and complications occurred in 6/30" is the
earlier statement's.

Bare counts "in 6 and 5 patients, respectively" are pooled when two group sizes stated in the abstract ("21 underwent
AR and 30 NAR", "(n = 21) ... (n = 30)") make up the cohort, not after joined kinds ("Major and minor complications
... respectively", whose counts are each kind's). Counts over the index (first) operations are patients; a count after
"after repeat resections" is the repeat operations'. A share bracketed after a non-surgical arm's count ("2 ablations
(6.9%)") and a lone share after "versus" are the other group's. An "including ..." comma aside after the measure lists
kinds of the total. "Neither operation was followed by complications" is zero; "Cx: 5 pts"; "N BCLM patients" counts
the cohort; "Case 1:" headings open a small series' cases, where "A wound infection was treated with antibiotics" (a
single named complication treated or resolved, no count of its own) is one patient's.

In a small series "one patient (8.3%) presented a biliary leak" (a share bracketed after the count, "presented" without
"with") is a named complication's patient, as is "one pt experienced wound infection" (telegraphic "pt"). Counts in
square brackets ("Complications occurred in [5] pts") are read as counts. A count over the cohort size that equals the
cohort (of three or more) gives no rate: "complications occurred in 7 patients" is no 100% (the cohort size was misread,
a whole series would be "all"). Clavien-Dindo strata given as shares ("grade I-II in 17.5% and grade III-IV in 5.0% of
patients") are summed as shares. A table flattened into text (cells split by " | ") reads "any complication 19 (26.4)"
(a count with its share, no "%", kept only when the share is the count over the cohort) and a zero cell "30-day
mortality 0"; each cell is a clause. Zero mortality also in "There was not any postoperative death", "there were not
deaths", "No patient death", "Deaths within 90 days: none".

Counts per group in their own clauses ("In group A, ... four patients had complications; in group B, ... two",
"in four patients in group A and two in group B", "after major hepatectomy in seven; after minor hepatectomy, in
two", deaths alike) are pooled when the two groups' sizes ("(n = 41)", "(synchronous, n = 12; metachronous, n = 30)",
"of the 30 patients") make up the cohort; not for kinds ("major ... minor"), a non-surgical arm or a repeat
operation. Fractions per group may start with a count in words ("four of 41 ... and two of 11").

In a comma list of statements a share before the measure ("R0 in 48 (92.3%), complications occurred in six (11.5%)")
is the earlier statement's when the measure has its own count. "(n = 11, 15.7%)": the count is no percentage. In a
mixed-primary series whose breast patients are the cohort, a value scoped to the whole series ("For the whole
cohort, ... morbidity 26%") is not theirs. "Morbility" is morbidity; "the only / the sole 90-day death" is one death.

A count before "and <measure>" ("R0 in 41 patients and complications developed in 6") is the earlier statement's
when the measure has its own count; semicolons inside a bracket of kinds ("(bile leak, 3; effusion, 2)") split no
clause. Exact fractions in words ("A quarter of the patients", "in half of the patients"; not "about a third", not
"one-third of patients (n = 11)") are shares. A complication table by grade in one sentence ("Complications
(Clavien-Dindo): none 39; I-II 8; III-IV 3; V 0") sums its graded rows over none + graded (or the cohort); a
telegraphic row "Any complication 5;" is a count over the cohort. A meta-analysis' pooled proportions written as
decimals with their CI ("pooled morbidity 0.21 (0.16-0.27)") are percentages (not pooled ratios or differences).

Fractions with "the" ("in 4 of the 12 patients after simultaneous and in 3 of the 17 after staged surgery") are pooled
like "4 of 12"; "in 9 of the 38 resected patients" keeps its denominator past the adjective; "perioperative death was
0" (a qualified death count stated as zero) is zero mortality.

A share before ", and" is the earlier statement's when the measure has its own share after it ("R0 rates ... (weighted
mean 87%), and morbidity from 8% to 41% (weighted mean 21%)"). A severity named after the measure ("complications of
Clavien-Dindo grade III or higher in 4 (8.5%)") marks a subset like one before it, and its share is not the share of an
any-grade measure before it ("Any complication occurred in 13 patients, and complications of grade III ..." -> 13/N).
A bracket naming the measure's kinds or grades is no distance to its share ("Severe complications (Clavien-Dindo grade
III or higher) followed 14 of the 187 resections (7.5%)"). In a numbered patient's telegraphic description a
complication listed with its treatment is hers ("Patient 2, 55 years, ...: segmentectomy, R1, bile leak treated by
drainage"; the age after the label is no event time). A title stating zero mortality ("...: a median survival of 36
months and no operative mortality") is read when the abstract gives no mortality (not a question).

A share bracketed after a death count ("Five (21.7%) had complications and one (4.3%) patient died") is the deaths';
a share that is the subject of its own verb ("The complication rate was 31.6%, and 8.8% of patients had grade III
complications") is no second group's rate. A table row told with a comma ("90-day mortality, nil"; not "complications,
none requiring reoperation") is a zero. After "Case 1:" headings the series' zero deaths count even under a
Background label.

The cohort size used as a denominator is :func:`litreview.extract.cohort.cohort_denominator`.
Vocabulary: ``rules/outcomes.jsonl``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable

from spacy.tokens import Doc

from litreview.extract.base import PATIENT_NOUNS, doc_text
from litreview.extract.measures import (
    ValueCandidate,
    Measure,
    Sent,
    ValueGroup,
    ValueItem,
    arm_of,
    arm_order,
    cites_other_study,
    clause_index,
    find_duration_groups,
    find_measures,
    find_percent_groups,
    iter_sentences,
    make_finding,
    post_context,
    pre_context,
    rule,
    rules,
    section_weight,
    vs_index,
)
from litreview.extract.numbers import INT, NUM, parse_number, percent
from litreview.extract.prefilter import PatternGroup, may_match
from litreview.extract.survival import breast_group_first, breast_label_views, model_input, pooled_as_percentages
from litreview.records import Finding

__all__ = ["extract_outcomes", "OUTCOME_FIELDS"]

RULES = "outcomes.jsonl"
OUTCOME_FIELDS = ("morbidity_pct", "mortality_pct")
#: asked only when subgroup words label a value: a view blanking the words that name the breast patients of a
#: mixed-primary series with breast-scoped figures (the identity elsewhere; see survival.breast_label_views)
BreastView = Callable[[], Callable[[str], str]]


def _cue(name: str) -> re.Pattern[str]:
    return rule(RULES, name)


def _cohort(doc: Doc) -> int | None:
    try:
        from litreview.extract.cohort import cohort_denominator
    except ImportError:  # pragma: no cover - the core module is always there in a full install
        return None
    try:
        size = cohort_denominator(doc)
    except Exception:  # noqa: BLE001 - a failing cohort rule must not take outcomes down
        return None
    return int(size) if size else None


def _in_kinds_bracket(text: str, pos: int) -> bool:
    """The semicolon at ``pos`` lists items inside a bracket that closes in the sentence and holds no statistics
    ("(bile leak, 3; effusion, 2)"; not "(68% vs 44%; p = 0.020)" nor "(odds ratio, 0.87; 95% CI ...)")."""
    if text.count("(", 0, pos) <= text.count(")", 0, pos):
        return False
    close = text.find(")", pos)
    return close != -1 and not re.search(r"[%=<>]|\bp\s*[<=>]|\bCI\b|\bratio\b", text[text.rfind("(", 0, pos):close])


def _clause(sent: Sent, pos: int) -> tuple[int, int]:
    index = clause_index(sent, pos)
    lo, hi = sent.clauses[index]
    if ";" in sent.text and "(" in sent.text:
        # a semicolon inside a bracket of listed kinds separates items, not statements: "Complications (bile leak, 3;
        # pleural effusion, 2) developed in five patients" is one clause (not a bracket of statistics: "(68% vs 44%;
        # p = 0.020)" keeps its clauses)
        first = last = index
        while first > 0 and _in_kinds_bracket(sent.text, lo - 1):
            first -= 1
            lo = sent.clauses[first][0]
        while last < len(sent.clauses) - 1 and _in_kinds_bracket(sent.text, hi):
            last += 1
            hi = sent.clauses[last][1]
    if " | " in sent.text:  # a flattened table: each cell ("age, median 54 y | ... | 90-day mortality 1 (2.0)") is a clause
        lo = max(lo, sent.text.rfind(" | ", 0, pos) + 1)
        end = sent.text.find(" | ", pos)
        hi = min(hi, end) if end != -1 else hi
    return lo, hi


def _counts(text: str, lo: int, hi: int) -> list[tuple[int, int, int, int | None]]:
    """Patient counts in ``text[lo:hi]``: (start, end, n, explicit denominator)."""
    out = []
    for m in _cue("count.patients").finditer(text, lo, hi):
        groups = m.groupdict()
        raw_n = (groups.get("n") or groups.get("n2") or groups.get("n3") or groups.get("n4") or groups.get("n5")
                 or groups.get("n6") or groups.get("n7") or groups.get("n8") or groups.get("n9")
                 or groups.get("n10") or groups.get("n11") or groups.get("n12") or groups.get("n13") or groups.get("n14"))
        raw_d = (groups.get("d") or groups.get("d2") or groups.get("d3") or groups.get("d4") or groups.get("d5")
                 or groups.get("d6"))
        if raw_n is None:
            continue
        if _cue("cue.case_number_before").search(text, max(0, m.start() - 14), m.start()):
            continue  # "Patient 5 died on postoperative day 21": the number names the patient, it counts none
        if groups.get("lab") and not _cue("cue.surgical_arm_label").match(groups["lab"]) \
                and not _cue("cue.breast_cohort_label").match(groups["lab"]):
            continue  # "two RFA patients": the comparison arm's count, or a label of unknown arm
        n = 1 if raw_n.lower() in ("a", "the") else parse_number(raw_n)
        d = parse_number(raw_d) if raw_d else None
        if n is None or (d is not None and not n <= d < 1900):
            continue  # "3 in 2005" is a year, not a denominator
        if " with " in text[m.end():m.end() + 8] and _cue("cue.other_primary_after").match(text, m.end()):
            continue  # "One patient with colorectal cancer died": a patient of another primary of a mixed series
        out.append((m.start(), m.end(), int(n), int(d) if d else None))
    return out


# from the end of a value to a measure right after "and" ("(90%) patients and complications"): the measure opens a new
# statement (used with match() from the value's end, bounded by the measure's start)
_AND_NEW_SUBJECT = re.compile(r"\s*%?\s*\)?\s*(?:(?:patients|women|cases)\s+)?and\s+(?:(?:the|their)\s+)?$",
                              re.IGNORECASE)
# from the end of a value to a measure after a bare comma ("in 48 patients (92.3%), postoperative complications
# occurred in six"): in a comma list of statements the measure opens the next one (used only when the measure has
# its own count right after it)
_COMMA_NEW_STATEMENT = re.compile(r"\s*%?\s*\)?\s*(?:(?:patients|women|cases)\s*)?,\s*(?:(?:the|their)\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;]\s*(?:and|but|while|whereas|with)\b|;|\s\|\s", re.IGNORECASE)  # " | ": a flattened table's cell
_PREDICATE = re.compile(r"\s*(?:rates?\s+)?(?:was|were|is|of|:|=|reached|amounted\s+to|totalled|totaled)\s*"
                        r"(?:(?:only|about|approximately|nearly|almost|just)\s+)?", re.IGNORECASE)


def _in_zero_statement(text: str, measure: Measure) -> bool:
    """The measure is part of a zero statement ("no in-hospital mortality")."""
    for cue in ("cue.zero_mortality", "cue.zero_morbidity"):
        for m in _cue(cue).finditer(text):
            if m.start() <= measure.start < m.end():
                return True
    return False


def _aside(text: str, pos: int) -> int:
    """Length of a comma aside right after a measure ("Complications, mainly bile leaks, developed in ...")."""
    m = _cue("cue.aside").match(text, pos)
    return len(m.group(0)) if m else 0


# a bracket right after a complication measure naming its kinds, with no count of patients of its own
_KINDS_BRACKET = re.compile(r"\s*\((?![^()]*(?:%|\bpatients?\b|\bn\s*=))[^()]{3,120}\)", re.IGNORECASE)


# a lone share right after "versus" / "compared with": the comparison group's, the measure's own value came before
_VERSUS_BEFORE = re.compile(r"\b(?:versus|vs\.?|compared\s+with|as\s+against)\s*(?:(?:in|for|of|among)\s+)?$", re.IGNORECASE)


def _listing_before(text: str, measure: Measure, lo: int, pos: int) -> bool:
    """A listing word ("including", "such as") between the measure and a value at ``pos``: the value is a listed
    kind's. A comma aside right after the measure that closes before the value ("complications, including the fatal
    haemorrhage, occurred in seven patients") lists kinds of the total, so its words do not count."""
    aside = _aside(text, measure.end)
    if aside and pos >= measure.end + aside:
        return bool(_cue("cue.listing").search(text[lo:measure.end] + " " + text[measure.end + aside:pos]))
    return bool(_cue("cue.listing").search(text[lo:pos]))


def _nearest_measure_field(measures: list[Measure], start: int, end: int, text: str | None = None) -> str | None:
    """The field of the outcome measure closest to a value."""
    best: tuple[int, str | None] | None = None
    for m in measures:
        distance = start - m.end if m.end <= start else m.start - end
        if text is not None and m.end <= start:
            distance -= _aside(text, m.end)
        if distance < 0:
            distance = 0
        if text is not None:
            between = text[min(m.end, end):max(m.start, start)]
            if m.start >= end and _subset_follows(text, end):
                distance += 80  # "in seven patients (30.4%), one of whom died": 30.4% is not the deaths' share
            if _CLAUSE_BREAK.search(between):
                distance += 60  # "after 25 hepatectomies (24.0%), and one patient died": 24.0% is not the death rate
            if _in_zero_statement(text, m):
                distance += 60  # "no in-hospital mortality" takes no value
            if m.start >= end and re.search(r"\band\b|[,;]", between):
                distance += 40  # "mortality is less than 2% and morbidity 20%": a value follows its own measure
            if m.end <= start and _PREDICATE.fullmatch(between):
                distance = -1  # "morbidity rate was 16.7% and mortality ...": the copula ties 16.7% to morbidity
        if best is None or distance < best[0]:
            best = (distance, m.field)
    return best[1] if best else None


# a one-word group label between a count and its share ("5 older (20.8%)", "4 LLR (12.9%)"): no patient noun, no
# function word, no severity (that labels the complications, not a group of patients)
_PAIR_LABEL = (r"(?!(?:patients|women|cases|of|and|or|in|had|with|who|died|deaths?|vs|versus|major|minor|mild|severe|"
               r"serious|fatal|grade|overall|total)\b)[A-Za-z][\w-]*")
_ARM_PAIR = re.compile(
    # "3 (12.0%) laparoscopic and 11 (28.2%) open", "3 patients (10.7%) after LH and 9 (25.7%) after OH": a short
    # arm label may follow each share; "5 older (20.8%) and 11 younger patients (18.6%)": or come before it
    rf"(?<![\w.,/])(?P<a>{INT})(?:\s+(?P<lx>{_PAIR_LABEL}))?(?:\s+(?:patients|women))?\s*\(\s*(?P<pa>{NUM})\s?%\s*\)\s*(?:patients\s+|women\s+)?"
    rf"(?P<la>(?:(?:after|in|with|for|following)\s+(?:the\s+)?)?(?:[A-Za-z][\w-]*\s+){{0,2}}?)"
    rf"(?:vs\.?|versus|compared\s+with|and)\s*(?:(?:in|among)\s+)?(?P<b>{INT})(?:\s+(?P<ly>{_PAIR_LABEL}))?(?:\s+(?:patients|women))?\s*\(\s*(?P<pb>{NUM})\s?%\s*\)"
    # "5/18 versus 3/22"; "in 6/15 (40.0%) patients after major and in 5/29 (17.2%) after minor": a short label after
    # the first fraction's share
    rf"|(?<![\w.,/])(?P<a2>\d+)\s*/\s*(?P<na>\d+)(?:\s*\(\s*{NUM}\s?%\s*\))?(?:\s+[^;,\d()]{{0,40}}?)?\s*(?:vs\.?|versus|and)\s*"
    rf"(?:(?:in|among)\s+)?(?P<b2>\d+)\s*/\s*(?P<nb>\d+)"
    # "in 12 of 31 patients after major and in 9 of 53 after minor resection"
    # "3 of 27 (11.1%) LLR and 9 of 37 (24.3%) OLR patients": the first share's bracket before its label
    # "4 of 30 MILS patients (13.3%) and in 10 of 60 open patients": or after (or inside) its label
    # "in 4 of the 12 patients after simultaneous and in 3 of the 17 after staged surgery": "the" before each size
    rf"|(?<![\w.,/])(?P<a3>{INT})\s+of\s+(?:the\s+)?(?P<na3>\d+)(?:\s*\(\s*{NUM}\s?%\s*\))?\s+[^;,\d]{{0,40}}?"
    rf"(?:\(\s*{NUM}\s?%\s*\)[^;,\d()]{{0,40}}?)?\band\s+(?:in\s+)?"
    rf"(?P<b3>{INT})\s+of\s+(?:the\s+)?(?P<nb3>\d+)",
    re.IGNORECASE)


_HETEROGENEITY_BEFORE = re.compile(r"(?<![\w-])I\s*(?:²|\^?2)\s*(?:=|:|of|was)?\s*$")  # "I² = 18%", "I2 of 41%"
_BOUND_BEFORE = re.compile(r"(?:<|≤|>|≥|\b(?:less|lower|fewer|more|higher|greater)\s+than|\bbelow|\bunder|\bup\s+to|"
                           r"\bat\s+most|\bas\s+(?:high|low)\s+as|\bexceed\w*|\bover)\s*$", re.IGNORECASE)
_GROUP_LABEL = re.compile(rf"\s*%?\)?\s*(?:of\s+(?:the\s+)?{PATIENT_NOUNS}\s+)?(?:for|in)\s+(?:the\s+)?(?:[\w\-]+\s+){{0,2}}?(?:[A-Z]+\b|group\b|arm\b|cohort\b|period\b|era\b)")


def _labelled_split(text: str, c_start: int, c_end: int, item: ValueItem) -> bool:
    """``item`` is one of several percentages each labelled with a group ("3% for GM and 0% for SM").

    True unless ``item`` is the one labelled with the surgical arm.
    """
    labelled = [g for g in find_percent_groups(text) if c_start <= g.start < c_end
                and _GROUP_LABEL.match(text, g.end)]
    if len(labelled) < 2 or not any(g.start <= item.start < g.end for g in labelled):
        return False
    return arm_of(text, item.start, item.end) != "surgical"


class _OneArm:
    """Returned by :func:`_arm_partition` for per-arm shares that cannot be pooled: the field stays empty."""


_ONE_ARM = _OneArm()


_ABLATIONS = re.compile(r"\bablations\b", re.IGNORECASE)  # the plural, which the arm vocabulary does not spell


def _names_other_arm(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` names a non-surgical arm ("2 of 20 ablations")."""
    return bool(rule("survival.jsonl", "arm.other").search(text, lo, hi) or _ABLATIONS.search(text, lo, hi))


def _labelled_arms(m: re.Match[str]) -> bool:
    """The first share of a pair is labelled with its arm ("3 (12.0%) laparoscopic and 11 (28.2%) open", "3 (10.7%)
    after LH and 9 (25.7%) after OH"), not the pooled rate followed by another outcome ("9 (31%) and 2 (6%) died")."""
    label = (m.groupdict().get("la") or "").strip()
    return bool(label) and not _cue("measure.morbidity").search(label) and not _cue("measure.mortality").search(label)


def _one_label_other(text: str, m: re.Match[str], c_end: int) -> bool:
    """Of the two labelled shares, exactly one is labelled with a non-surgical arm ("11 (21.6%) after LR and three
    (6.7%) after RFA"): the operated arm is the other one, even when its label is an abbreviation the arm rules do
    not know."""
    other = rule("survival.jsonl", "arm.other")
    second = _cue("cue.arm_label_after").match(text[m.end():c_end]) \
        or _cue("cue.bare_label_after").match(text[m.end():c_end])  # "... and 2 (10.5%) RFA patients"
    labels = [m.groupdict().get("la") or "", second.group("label") if second else ""]
    return sum(bool(other.search(label)) for label in labels) == 1


def _arm_partition(sent: Sent, measure: Measure, cohort: int | None, field: str, rule_prefix: str,
                   weight: float) -> ValueCandidate | _OneArm | None:
    """Two arms that together make up the resected cohort: their counts are pooled.

    "Overall complications occurred in 9 (31.0%) versus 14 (41.2%) patients" in a laparoscopic-vs-open
    series of 63: the arm sizes implied by count and percentage (29 + 34) add up to the cohort, so
    morbidity is (9 + 14) / 63. A surgical-vs-medical comparison fails that check (its cohort is the
    surgical arm alone) and is left to the arm logic of :func:`_nearest_value`.
    """
    text = sent.text
    c_start, c_end = _clause(sent, measure.start)
    if arm_order(text[c_start:c_end], "survival.jsonl") is not None:
        return None  # a surgical and a non-surgical arm: never pooled
    for m in _ARM_PAIR.finditer(text, c_start, c_end):
        gap = m.start() - measure.end if m.start() >= measure.end else measure.start - m.end()
        if gap < 0 or gap > 60:
            continue
        if not cohort:
            return _ONE_ARM if _labelled_arms(m) else None
        if m.group("a2"):
            a, b = int(m.group("a2")), int(m.group("b2"))
            sizes = [int(m.group("na")), int(m.group("nb"))]
        elif m.group("a3"):
            a_raw, b_raw = parse_number(m.group("a3")), parse_number(m.group("b3"))  # "four of 41": a count in words
            if a_raw is None or b_raw is None:
                continue
            a, b = int(a_raw), int(b_raw)
            sizes = [int(m.group("na3")), int(m.group("nb3"))]
        else:
            a_raw, b_raw = parse_number(m.group("a")), parse_number(m.group("b"))
            pa, pb = parse_number(m.group("pa")), parse_number(m.group("pb"))
            if None in (a_raw, b_raw, pa, pb) or not pa or not pb:
                continue
            a, b = int(a_raw), int(b_raw)
            sizes = [round(a * 100 / pa), round(b * 100 / pb)]
        if abs(sum(sizes) - cohort) > max(1, round(cohort * 0.02)):
            if (m.group("a2") or m.group("a3")) and any(size != cohort for size in sizes) \
                    and not _names_other_arm(text, m.start(), min(c_end, m.end() + 30)):
                # "in 6 of 20 patients after major and 5 of 40 after minor resection" in a cohort of 90: two groups
                # over their own denominators that do not make up the cohort; either share is a subgroup's ("11/50
                # and 1/50, respectively", both over the cohort, are two outcomes' counts; "8 of 36 resections and 2
                # of 20 ablations": the operated arm's share is left to the arm logic below)
                return _ONE_ARM
            if _labelled_arms(m) and not _one_label_other(text, m, c_end):
                return _ONE_ARM  # "3 (12.0%) laparoscopic and 11 (28.2%) open": either share is one arm's only
            if _labelled_arms(m):
                return None  # "11 (21.6%) after LR and three (6.7%) after RFA": the arm logic keeps the operated one
            if m.group("lx") and m.group("ly"):
                # "4 elderly (16.0%) and 10 younger patients (20.0%)" whose groups (25 + 50) are not the cohort:
                # either share is a subgroup's; one group of the cohort's size is the cohort beside a comparison
                # group ("8 BCLM patients (22.2%) and 30 CRLM patients (27.8%)", "8 LR (20%) and 2 RFA patients
                # (10%)"): left to the arm and label logic
                if any(abs(size - cohort) <= 1 for size in sizes) or _names_other_arm(text, m.start(), m.end()):
                    return None
                return _ONE_ARM
            continue
        value = percent(a + b, cohort)
        if value is None:
            continue
        return ValueCandidate(field, value, sent, m.start(), m.end(), weight * 0.9, f"{rule_prefix}.arms_pooled",
                     f"({a}+{b})/{cohort}: arms pooled")
    shares = _group_shares(text, measure, c_start, c_end)
    if shares is not None and not _in_count_breakdown(text, measure, c_end, shares.start()):
        return _ONE_ARM  # "in 33.3% of older and 19.5% of younger women": one share per group (pooled in _pooled_group_shares)
    return _approach_pair(sent, measure, cohort, field, rule_prefix, weight, c_start, c_end)


# "in 33.3% of older and 19.5% of younger women", "in 12% of the ER-positive vs 20% of the ER-negative patients": one
# share per named group, neither the cohort's
_LABEL = r"(?!(?:all|the|patients|women|cases|them|these|those|whom)\b)[A-Za-z][\w+-]*(?:\s+(?!(?:and|vs|versus|patients|women|cases|group)\b)[A-Za-z][\w+-]*)?"
_GROUP_SHARES = re.compile(
    rf"(?P<pa>{NUM})\s?%\s+of\s+(?:the\s+)?(?P<la>{_LABEL})\s+(?:(?:patients|women|cases|group)\s+)?(?:\(\s*n\s*=\s*\d+\s*\)\s*)?,?\s*"
    rf"(?:and|vs\.?|versus|compared\s+with)\s+(?:in\s+)?(?P<pb>{NUM})\s?%\s+of\s+(?:the\s+)?(?P<lb>{_LABEL})\b", re.IGNORECASE)


def _group_shares(text: str, measure: Measure, c_start: int, c_end: int) -> re.Match[str] | None:
    """Two shares each of a named group right after the measure ("Complications occurred in 33.3% of older and 19.5%
    of younger women")."""
    if "% of" not in text:  # checked first: the cheap literal of every match
        return None
    for m in _GROUP_SHARES.finditer(text, max(c_start, measure.end), c_end):
        if m.start() - measure.end <= 40:
            return m
    return None


def _group_size(text: str, label: str) -> int | None:
    """The size of the group named ``label`` stated in the abstract: "an older group (70 years or older, n = 15)",
    "older group (n = 15)", "15 older and 41 younger women"; None unless stated once."""
    word = re.escape(label)
    pattern = re.compile(rf"\b{word}\s+(?:group|arm|cohort|patients|women)?\s*\((?:[^()]{{0,60}}?[,;]\s*)?n\s*=\s*(?P<n>\d+)\s*\)"
                         rf"|(?<![\w.,%])(?P<n2>\d+)\s+{word}\b(?=\s+(?:and|patients|women|cases)\b|\s*[,;)])", re.IGNORECASE)
    sizes = {int(m.group("n") or m.group("n2")) for m in pattern.finditer(text)}
    return sizes.pop() if len(sizes) == 1 else None


def _pooled_group_shares(doc: Doc, sent: Sent, measures: list[Measure], cohort: int | None,
                         cands: list[ValueCandidate]) -> None:
    """Per-group complication shares ("in 33.3% of older and 19.5% of younger women") whose groups' sizes are stated
    elsewhere ("an older group (..., n = 15) and a younger group (..., n = 41)") and make up the cohort: the patients
    (5 + 8) pooled over it. Without the sizes the field stays empty."""
    if not cohort or "% of" not in sent.text:
        return
    text = sent.text
    for measure in measures:
        if measure.field != "morbidity_pct":
            continue
        c_start, c_end = _clause(sent, measure.start)
        m = _group_shares(text, measure, c_start, c_end)
        if m is None or arm_order(text[c_start:c_end], "survival.jsonl") is not None:
            continue
        whole = doc_text(doc)
        sizes = [_group_size(whole, m.group("la")), _group_size(whole, m.group("lb"))]
        shares = [parse_number(m.group("pa")), parse_number(m.group("pb"))]
        if None in sizes or None in shares or abs(sum(sizes) - cohort) > max(1, round(cohort * 0.02)):  # type: ignore[arg-type]
            continue
        counts = [share * size / 100 for share, size in zip(shares, sizes)]  # type: ignore[operator]
        if any(abs(c - round(c)) > 0.15 for c in counts):
            continue  # the shares are not whole patients of those groups: the sizes are not theirs
        total = sum(round(c) for c in counts)
        value = percent(total, cohort)
        if value is None:
            continue
        cands.append(ValueCandidate("morbidity_pct", value, sent, m.start(), m.end(), _sentence_weight(sent) * 0.85,
                                    "outcomes.morbidity.groups_pooled",
                                    f"({'+'.join(str(round(c)) for c in counts)})/{cohort}: group shares pooled"))
        return


# a kind joined to the measure's own kind right before it ("Major and minor complications")
_KIND_JOINED_BEFORE = re.compile(r"\b[A-Za-z][\w-]*\s+(?:and|or)\s+$", re.IGNORECASE)
_PAIR_JOINED_BEFORE = re.compile(r"\b(?:and|or|vs\.?|versus)\b|/", re.IGNORECASE)


def _respectively_pooled(doc: Doc, sent: Sent, measures: list[Measure], cohort: int | None,
                         cands: list[ValueCandidate]) -> None:
    """Two bare counts "in 6 and 5 patients, respectively", one per group named earlier, pooled over the cohort when
    two group sizes stated in the abstract ("21 underwent AR and 30 NAR", "(n = 21) ... (n = 30)") add up to it and
    hold each count: the groups then make up the cohort. Otherwise the pair is left to the other rules. Not when the
    pair follows two things named in its own clause ("Major and minor complications occurred in 3 and 5 patients,
    respectively": kinds, whose patients may overlap) or a non-surgical arm is one of the groups."""
    text = sent.text
    if not cohort or sent.section == "BACKGROUND" or "respectively" not in text.lower():  # the cheap literal first
        return
    pair_rule = _cue("cue.respectively_counts")
    whole: str | None = None
    for measure in measures:
        c_start, c_end = _clause(sent, measure.start)
        for m in pair_rule.finditer(text, c_start):
            if m.start() >= c_end:
                break
            gap = m.start() - measure.end if m.start() >= measure.end else measure.start - m.end()
            if gap < 0 or gap > 40 or _PAIR_JOINED_BEFORE.search(text, c_start, m.start()):
                continue
            counts = [parse_number(m.group("a")), parse_number(m.group("b"))]
            if None in counts:
                continue
            n1, n2 = int(counts[0]), int(counts[1])  # type: ignore[arg-type]
            if whole is None:
                whole = doc_text(doc)
            sizes = _cohort_partition(whole, cohort, sent.start + m.start(), sent.start + m.end(),
                                      lambda a, b: n1 <= a and n2 <= b)
            if sizes is not None and _add_pooled(cands, measure.field, sent, [(m.start(), m.end())], (n1, n2),
                                                 sizes, cohort, "respectively_pooled", "groups of"):
                return
            break


# words of a measure that make it one kind of complication ("major complications in 4; minor complications in 2": the
# kinds' counts, whose patients may overlap, are never pooled as groups)
_KIND_WORDS = re.compile(r"\b(?:major|minor|severe|serious|grade|mild)\b", re.IGNORECASE)
_N_AFTER_PHRASE = re.compile(r"\s*,?\s*\(\s*n\s*=\s*(?P<n>\d+)\s*\)")
# between a count and a group phrase that labels it: "four patients in group A", "2 of 11 women of the open group"
_COUNT_TO_LABEL = re.compile(r"\s*(?:\(\s*[\d.]+\s*%\s*\)\s*)?(?:(?:patients|women|cases)\s*)?(?:\(\s*[\d.]+\s*%\s*\)\s*)?$",
                             re.IGNORECASE)


def _field_counts(sent: Sent, measures: list[Measure], field: str) -> list[tuple[int, int, int, int | None]]:
    """The patient counts of the sentence that are ``field``'s: the nearest measure of the count's (semicolon) clause is
    of that field; a count in a clause with no measure continues a count of the field before it ("after major
    hepatectomy, complications occurred in seven patients; after minor hepatectomy, in two")."""
    text = sent.text
    out: list[tuple[int, int, int, int | None]] = []
    for start, end, n, d in _counts(text, 0, len(text)):
        c_start, c_end = _clause(sent, start)
        own = [m for m in measures if c_start <= m.start < c_end]
        if own:
            nearest = min(own, key=lambda m: m.start - end if m.start >= end else start - m.end if m.end <= start else 0)
            gap = nearest.start - end if nearest.start >= end else start - nearest.end if nearest.end <= start else 0
            if nearest.field != field or gap > 50:
                continue
        elif not out or any(m.start >= c_start for m in measures if m.field != field):
            continue
        if field == "morbidity_pct" and (_DEATH_COUNT.search(text, start, end) or _DIED_AFTER.match(text, end)):
            continue  # "... and one patient died": the deaths
        out.append((start, end, n, d))
    return out


def _group_counts_pooled(doc: Doc, sent: Sent, measures: list[Measure], cohort: int | None,
                         cands: list[ValueCandidate]) -> None:
    """Complication (or death) counts given per group in their own clauses ("In group A, ... four patients had
    complications; in group B, ... two patients had complications", "in four patients in group A and two in group B",
    "after major hepatectomy in seven; after minor hepatectomy in two") are pooled over the cohort when the two groups'
    sizes ("(n = 41)", "of the 30 patients", "35 had a major and 15 a minor hepatectomy") make up the cohort and hold
    each count. Not for kinds of complications ("major ... minor"), a non-surgical arm, or groups that do not make
    up the cohort (subgroups by a trait): those are left to the other rules."""
    text = sent.text
    if not cohort or sent.section == "BACKGROUND" or len(measures) == 0:
        return
    phrase_rule = _cue("cue.group_phrase")
    if not may_match(phrase_rule, text):  # the cheap literal first
        return
    phrases = list(phrase_rule.finditer(text))
    labels = {p.group(0).lower() for p in phrases}
    if len(labels) != 2 or len(phrases) > 4 or _names_other_arm(text, 0, len(text)):
        return
    whole: str | None = None
    for field in ("morbidity_pct", "mortality_pct"):
        own = [m for m in measures if m.field == field]
        if not own or any(_KIND_WORDS.search(text, m.start, m.end) for m in own):
            continue
        if field == "mortality_pct" and not (_cue("cue.postop").search(text) or "mortality" in text.lower()):
            continue
        counts = _field_counts(sent, measures, field)
        if len(counts) != 2:
            continue
        owners: list[re.Match[str]] = []
        for start, end, _n, _d in counts:
            after = next((p for p in phrases if p.start() >= end and _COUNT_TO_LABEL.match(text[end:p.start()])), None)
            before = [p for p in phrases if p.end() <= start]
            owner = after or (before[-1] if before else None)
            if owner is None:
                break
            owners.append(owner)
        if len(owners) != 2 or owners[0].group(0).lower() == owners[1].group(0).lower():
            continue
        n1, n2 = counts[0][2], counts[1][2]
        sizes: list[int | None] = []
        for (_s, _e, _n, d), owner in zip(counts, owners):
            inline = _N_AFTER_PHRASE.match(text, owner.end())
            sizes.append(d or (int(inline.group("n")) if inline else None))
        tolerance = max(1, round(cohort * 0.02))
        if None in sizes:
            if whole is None:
                whole = doc_text(doc)
            # a size stated beside a group must be that partition's
            found = _cohort_partition(whole, cohort, sent.start + counts[0][0], sent.start + counts[1][1],
                                      lambda a, b: all(k is None or k == v for k, v in zip(sizes, (a, b))))
            if found is None:
                continue
            sizes = list(found)
        s1, s2 = int(sizes[0]), int(sizes[1])  # type: ignore[arg-type]
        if abs(s1 + s2 - cohort) > tolerance or n1 > s1 or n2 > s2:
            continue
        _add_pooled(cands, field, sent, [(s, e) for s, e, _n, _d in counts], (n1, n2), (s1, s2), cohort,
                    "group_counts_pooled", "counts of groups of")


def _cohort_partition(whole: str, cohort: int, lo: int, hi: int,
                      fits: Callable[[float, float], bool]) -> tuple[int, int] | None:
    """Two group sizes stated in the abstract ("21 underwent AR and 30 NAR", "(n = 21) ... (n = 30)") that add up to
    the cohort and satisfy ``fits``, outside the counts being pooled (``lo``-``hi``); none when the first such pair
    is a surgical and a non-surgical arm (the cohort is not both)."""
    for part in _cue("cue.group_partition").finditer(whole):
        if part.start() < hi and part.end() > lo:
            continue  # the counts themselves
        pa = parse_number(part.group("a") or part.group("a2"))
        pb = parse_number(part.group("b") or part.group("b2"))
        if pa is None or pb is None or pa + pb != cohort or not fits(pa, pb):
            continue
        if _names_other_arm(whole, max(0, part.start() - 40), min(len(whole), part.end() + 40)):
            return None
        return int(pa), int(pb)
    return None


def _add_pooled(cands: list[ValueCandidate], field: str, sent: Sent, spans: list[tuple[int, int]],
                counts: tuple[int, int], sizes: tuple[int, int], cohort: int, rule: str, what: str) -> bool:
    """Two groups' counts pooled over the cohort, replacing the candidates read from the counts themselves."""
    value = percent(counts[0] + counts[1], cohort)
    if value is None:
        return False
    prefix = "outcomes.morbidity" if field == "morbidity_pct" else "outcomes.mortality"
    cands[:] = [c for c in cands if not (c.field == field and c.sent is sent and any(s <= c.start < e for s, e in spans))]
    cands.append(ValueCandidate(field, value, sent, spans[0][0], spans[-1][1], _sentence_weight(sent) * 0.9,
                                f"{prefix}.{rule}",
                                f"({counts[0]}+{counts[1]})/{cohort}: {what} {sizes[0]} and {sizes[1]} pooled"))
    return True


def _approach_pair(sent: Sent, measure: Measure, cohort: int | None, field: str, rule_prefix: str, weight: float,
                   c_start: int, c_end: int) -> ValueCandidate | _OneArm | None:
    """Bare counts of two surgical approaches ("complications occurred in 4 laparoscopic and 11 open patients"):
    every patient was resected, so the events are pooled over the cohort; one count alone is one arm's."""
    pattern = _cue("count.approach_pair")
    text = sent.text
    if not may_match(pattern, text[c_start:c_end]):
        return None
    for m in pattern.finditer(text, c_start, c_end):
        gap = m.start() - measure.end if m.start() >= measure.end else measure.start - m.end()
        if gap < 0 or gap > 60 or m.group("la").split()[0].lower()[:5] == m.group("lb").split()[0].lower()[:5]:
            continue
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        value = percent(a + b, cohort) if a is not None and b is not None and cohort and a + b <= cohort else None
        if value is None:
            return _ONE_ARM  # without the cohort no pooled share; either count alone is one arm's
        pa, pb = parse_number(m.group("pa") or ""), parse_number(m.group("pb") or "")
        if pa and pb and abs(round(a * 100 / pa) + round(b * 100 / pb) - cohort) > max(1, round(cohort * 0.02)):
            return _ONE_ARM  # "in 2 laparoscopic (10.0%) and 5 open (20.0%)" with arms of 20 + 25 in 80: a subgroup's
        return ValueCandidate(field, value, sent, m.start(), m.end(), weight * 0.85, f"{rule_prefix}.approaches_pooled",
                              f"({int(a)}+{int(b)})/{cohort}: surgical approaches pooled")
    return None


# "... and one patient died" right after a count; not across "and": "in 11 patients and one death" has its own count
_DEATH_COUNT = re.compile(r"\b(?:died|deaths?|fatal(?:it(?:y|ies))?)\b", re.IGNORECASE)  # "one fatal case": a death
_DIED_AFTER = re.compile(r"\s+(?:(?!(?:and|or|but)\b)\w+\s+){0,2}?(?:died|deaths?\b)", re.IGNORECASE)
# the close of a share bracketed after a count ("one (4.3%) patient died"): with _DIED_AFTER, the deaths' share
_SHARE_CLOSE = re.compile(r"\s?%\s*\)")
# a share that opens a statement of its own ("..., and 8.8% of patients had grade III complications"): the subject of
# its verb, not a second group's value of the measure before it
_SHARE_SUBJECT = re.compile(r"\s?%\s+(?:of\s+(?:the\s+|all\s+)?(?:patients|women|cases)\s+)?(?:had|developed|experienced|"
                            r"suffered|presented|required|sustained)\b", re.IGNORECASE)


def _other_arm_value(text: str, c_start: int, c_end: int, end: int) -> bool:
    """The value is labelled with a non-surgical arm right after it, in a clause that names the surgical arm too
    ("Complications occurred in 9 resected patients and in 2 patients (5.3%) after ablation"): the comparison
    arm's share, not the cohort's."""
    other = rule("survival.jsonl", "arm.other")
    clause = text[c_start:c_end]
    if not may_match(other, clause):
        return False  # checked first: most clauses name no comparison arm
    m = _cue("cue.arm_label_after").match(text[end:c_end]) \
        or _cue("cue.bare_label_after").match(text[end:c_end])  # "in 2 (10.5%) RFA and 8 (23.5%) HR patients"
    if m is None or not other.search(m.group("label")):
        return False
    surgical = rule("survival.jsonl", "arm.surgical")
    return not surgical.search(m.group("label")) and bool(surgical.search(clause))


# a count and its label right before a bracketed share ("2 ablations (", "3 RFA patients (")
_LABEL_BEFORE_SHARE = re.compile(rf"(?<![\w.,/%]){INT}\s+(?P<label>(?:[A-Za-z][\w-]*\s+){{0,2}}?[A-Za-z][\w-]*)\s*\(\s*$")


def _other_arm_before(text: str, c_start: int, start: int) -> bool:
    """A share in brackets right after a count labelled with a non-surgical arm ("Complications followed 9
    resections and 2 ablations (6.9%)"): the comparison arm's share, however the resected arm's count is told."""
    if "(" not in text[max(c_start, start - 3):start]:
        return False  # checked first: the share must open a bracket
    m = _LABEL_BEFORE_SHARE.search(text, max(c_start, start - 50), start)
    if m is None or not _names_other_arm(text, m.start("label"), m.end("label")):
        return False
    return not rule("survival.jsonl", "arm.surgical").search(m.group("label"))


def _other_arm_scope(text: str, c_start: int) -> bool:
    """The clause (or its sentence) opens with a non-surgical group as its scope ("In the HAI group, ... pump-related
    complications occurred in three (21%)"): that arm's figures, not the resected cohort's."""
    scope = rule("survival.jsonl", "cue.scope_arm")
    other = rule("survival.jsonl", "arm.other")
    for pos in {0, c_start}:
        m = scope.match(text, pos)
        if m and other.search(m.group("scope")) and not rule("survival.jsonl", "arm.surgical").search(m.group("scope")):
            return True
    return False


def _repeat_scope_after(text: str, end: int, own_end: int) -> bool:
    """A zero whose own statement goes on to scope it to a repeat operation ("no postoperative mortality after the
    second operation", "no complications following the redo resections"): that subgroup's zero, not the cohort's.
    ``own_end``: where the zero's statement ends (the next clause break)."""
    return bool(_cue("cue.subgroup_scope").search(text, end, min(own_end, end + 60)))


def _index_only_zero(text: str, end: int) -> bool:
    """A zero scoped to the first (index) operation in a sentence that goes on to the repeat operations ("Ninety-day
    mortality was zero after first and one death after repeat hepatectomy"): not the cohort's zero."""
    pattern = _cue("cue.index_only_zero")
    return bool(pattern.match(text, end))


def _subset_follows(text: str, end: int) -> bool:
    """ "of whom/of them" follows the value (after its bracket): what comes next is a subset of its patients."""
    close = text.find(")", end, end + 3)
    return bool(_cue("cue.subset_after").match(text, close + 1 if close >= 0 else end))



def _own_count_after(text: str, measure: Measure, c_end: int) -> bool:
    """The measure has its own patient count right after it ("complications occurred in 8")."""
    return any(measure.end <= start and start - measure.end <= 25
               for start, _end, _n, _d in _counts(text, measure.end, min(c_end, measure.end + 45)))


_BREAKDOWN_AFTER_COUNT = re.compile(r"\s*(?:overall|in\s+total|altogether)?\s*\(([^()]{0,120}?%[^()]{0,120}?"
                                    r"\b(?:and|vs\.?|versus)\s[^()]{0,120}?%[^()]{0,120})\)", re.IGNORECASE)


def _cohort_group_index(text: str, cohort: int | None) -> int | None:
    """Which of two labelled groups of the sentence ("8 BCLM patients (22.2%) and 30 CRLM patients (27.8%)") is the
    cohort: the one whose size implied by count and share is the cohort's (None unless exactly one is)."""
    if not cohort or text.count("%") < 2:  # checked first: the two shares of the groups
        return None
    for m in _ARM_PAIR.finditer(text):
        if not (m.group("lx") and m.group("ly")):
            continue
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        pa, pb = parse_number(m.group("pa")), parse_number(m.group("pb"))
        if None in (a, b) or not pa or not pb:
            return None
        fits = [abs(round(a * 100 / pa) - cohort) <= 1, abs(round(b * 100 / pb) - cohort) <= 1]  # type: ignore[operator]
        return fits.index(True) if fits.count(True) == 1 else None
    return None


def _in_count_breakdown(text: str, measure: Measure, c_end: int, pos: int) -> bool:
    """``pos`` is inside a bracket of per-group shares right after the measure's own count ("complications occurred in
    20 patients overall (26.3% of older and 20.8% of younger patients)"): the count is the cohort's figure, the
    shares are its breakdown."""
    if "(" not in text[measure.end:pos]:  # checked first: the cheap literal
        return False
    for start, end, _n, _d in _counts(text, measure.end, min(c_end, measure.end + 45)):
        if start - measure.end > 25:
            break
        bracket = _BREAKDOWN_AFTER_COUNT.match(text, end)
        if bracket is not None and bracket.start(1) <= pos < bracket.end(1):
            return True
    return False


def _arm_breakdown(text: str, measure: Measure, item: ValueItem, c_start: int) -> bool:
    """``item`` is one of per-arm percentages in a bracket after a counted measure: "Overall, 9 patients had
    complications (10% after LLR vs 28% after open resection)": the count is the cohort's figure."""
    bracket = _cue("cue.arm_breakdown_bracket").match(text, measure.end)
    if bracket is None or not bracket.start(1) <= item.start < bracket.end(1):
        return False
    return any(end <= measure.start and measure.start - end <= 30
               for _start, end, _n, _d in _counts(text, c_start, measure.start))


def _measure_kinds(lead: list[Measure]) -> list[Measure]:
    """The measures named in a list, one per run of the same field ("morbidity and mortality": two kinds)."""
    kinds: list[Measure] = []
    for m in lead:
        if kinds and kinds[-1].field == m.field:
            kinds[-1] = m
        else:
            kinds.append(m)
    return kinds


def _respectively_item(text: str, measures: list[Measure], measure: Measure, c_start: int,
                       c_end: int) -> ValueItem | None:
    """The value paired with ``measure`` in "morbidity and mortality were 21% (95% CI 16-27%) and 0.8% (95% CI
    0.3-1.6%), respectively": values inside brackets (confidence intervals, counts) are skipped when pairing."""
    resp = _cue("cue.respectively_bracketed")
    if not may_match(resp, text) or not resp.search(text, measure.end, c_end):
        return None
    kinds = _measure_kinds([m for m in measures if c_start <= m.start])
    if len(kinds) < 2 or len({k.field for k in kinds}) != len(kinds) or measure not in kinds:
        return None
    last = kinds[-1].end
    if any(m.start >= last for m in measures):
        return None
    items = []
    groups = [g for g in find_percent_groups(text) if last <= g.start and g.end <= c_end]
    if not groups or any(len(g.items) > 1 for g in groups):
        return None  # plain lists are paired by the general rule
    for g in groups:
        depth = text.count("(", last, g.start) - text.count(")", last, g.start)
        if depth == 0:
            items.append(g.items[0])
    if len(items) != len(kinds) or "(" not in text[items[0].end:items[-1].start]:
        return None  # only values with brackets between them: the plain case is the general rule's
    tail = text[items[-1].end:c_end]
    if not re.match(r"\s*%?\s*(?:\([^()]*\)\s*)?,?\s*respectively", tail, re.I):
        return None
    return items[kinds.index(measure)]


def _predicate_value(text: str, end: int) -> bool:
    """A value follows the measure ending at ``end`` as its predicate ("morbidity was 29.4%")."""
    m = _PREDICATE.match(text, end)
    return m is not None and m.end() > end and text[m.end():m.end() + 1].isdigit()


def _same(text: str) -> str:
    return text


def _no_breast_scope() -> Callable[[str], str]:
    return _same


def _breast_blanked_window(blanked: str, start: int, end: int) -> str:
    """The subgroup window of a value read in the sentence with the breast patients' words blanked (the same length:
    a label cut by the window, "...cancer subgroup, complications occurred in 16%", is blanked whole)."""
    return pre_context(blanked, start, 50) + " " + post_context(blanked, end, 30)


def _nearest_value(sent: Sent, measure: Measure, cohort: int | None, field: str, rule_prefix: str,
                   weight: float, breast: BreastView = _no_breast_scope) -> ValueCandidate | None:
    """The percentage (else the count over the cohort) nearest to a measure in its clause."""
    text = sent.text
    c_start, c_end = _clause(sent, measure.start)
    pooled = _arm_partition(sent, measure, cohort, field, rule_prefix, weight)
    if isinstance(pooled, _OneArm):
        return None  # per-arm shares that do not add up to the cohort: never one arm's
    if pooled is not None:
        return pooled
    if _other_arm_scope(text, c_start):
        return None  # "In the HAI group, ... complications occurred in three (21%)": the comparison arm's
    best: tuple[int, ValueCandidate] | None = None
    measures = find_measures(text, RULES)
    paired = _respectively_item(text, measures, measure, c_start, c_end)
    if paired is not None:
        return ValueCandidate(field, round(paired.value, 1), sent, paired.start, paired.end, weight * 0.95,
                              f"{rule_prefix}.percent", "respectively")
    # "similar in the two groups (37% in A vs 31% in B)": where the groups are named, up to just after a value (not
    # "19.3% for resection and 6.1% for ablation, and mortality was below 1% in both groups", where they are
    # the next statement's)
    two_groups = [c_start + g.start() for g in re.finditer(r"\b(?:two|both|three)\s+(?:groups|arms|cohorts)\b",
                                                           text[c_start:c_end], re.I)]
    groups_in_clause = [g for g in find_percent_groups(text) if c_start <= g.start and g.end <= c_end]
    for group in groups_in_clause:
        items = list(group.items)
        aligned = False
        if len(items) == 2 and group.versus:
            idx = vs_index(text)
            if idx is None:
                continue
            items = [items[idx]]
        elif len(items) == 2 and re.match(r"\W*respectively", text[group.end:group.end + 20], re.I) and any(
                0 <= group.start - pos <= 25 for pos in two_groups) and (
                    order := arm_order(text[c_start:group.start], "survival.jsonl")) is not None:
            # "19.3% for resection and 6.1% for ablation, and mortality was below 1% in both groups (0.5% and 0.3%,
            # respectively)": the pair follows the arms in the order the sentence named them
            items, aligned = [items[order]], True
        elif any(pos <= group.end + 40 for pos in two_groups):
            continue  # "similar in the two groups (37% in A vs 31% in B)"
        elif len(items) > 1 and (re.match(r"\W*respectively", text[group.end:group.end + 20], re.I)
                                 or re.search(r"\b(?:were|was|of|:)\s*$", text[max(c_start, group.start - 12):group.start])):
            # "Morbidity and mortality were 20% and 1.5%, respectively"
            kinds = _measure_kinds([m for m in measures if c_start <= m.start and m.end <= group.start])[-len(items):]
            if len(items) == 2 and re.match(r"\W*respectively", text[group.end:group.end + 20], re.I) \
                    and (index := _cohort_group_index(text[:group.start], cohort)) is not None:
                # "in 8 BCLM patients (22.2%) and 30 CRLM patients (27.8%), and 90-day mortality was 0% and 1.9%,
                # respectively": the pair follows the groups named before it, one of which is the cohort
                items, aligned = [items[index]], True
            elif len(kinds) == len(items) and measure.field in [k.field for k in kinds]:
                items = [items[[k.field for k in kinds].index(measure.field)]]
                aligned = True
            elif len(items) == 2 and (index := _index_hepatectomy_item(text, c_start, group.start)) is not None:
                items, aligned = [items[index]], True  # the first hepatectomy's value: every patient had one
            elif re.match(r"\W*respectively", text[group.end:group.end + 20], re.I):
                continue
            elif measure.end <= group.start and not _SHARE_SUBJECT.match(text, items[-1].end) and not any(
                    m.field != measure.field and group.start <= m.start <= group.end + 25
                    and not re.search(r"[,;()]", text[group.end:max(group.end, m.start)]) for m in measures):
                # "complication rates were 11.5% and 26.9% (p = 0.16)": two groups' rates, neither the cohort's (not
                # "mortality was 2.3% and 21.5% had a major complication", where the second is another measure's, nor
                # "the complication rate was 31.6%, and 8.8% of patients had grade III ones": a new statement's subject)
                continue
            # else: "mortality rate was 2.3% and 21.5% had a major complication": each value to its nearest measure
        for item in items:
            if item.start >= measure.end:
                distance = item.start - measure.end - _aside(text, measure.end)
                if (kinds := _KINDS_BRACKET.match(text, measure.end)) is not None and kinds.end() <= item.start:
                    # "Severe complications (Clavien-Dindo grade III or higher) followed 14 of the 187 resections
                    # (7.5%)": a bracket naming the measure's grades or kinds is no distance
                    distance -= len(kinds.group(0))
                between = (measure.end, item.start)
            else:
                distance = measure.start - item.end
                between = (item.end, measure.start)
            if item.start >= measure.end and _listing_before(text, measure, max(c_start, measure.start - 30), item.start):
                continue  # "The most common complications were fistulas in 11 patients (15%)": a type, not the rate
            if item.end <= measure.start and "," in text[item.end:measure.start] and _predicate_value(text, measure.end):
                continue  # "R0 in 83.6%, morbidity was 29.4%": the measure's own value follows it
            if item.end <= measure.start and (_CLAUSE_BREAK.search(text, item.end, measure.start)
                                              or _AND_NEW_SUBJECT.match(text, item.end, measure.start)
                                              or _COMMA_NEW_STATEMENT.match(text, item.end, measure.start)) \
                    and _own_count_after(text, measure, c_end):
                # "R0 in 31 (88.6%) of them, and complications occurred in 8", "R0 resection in 27/30 (90%) patients and
                # complications in 6/30 (20%)": the earlier statement's share
                continue
            if item.end <= measure.start and _CLAUSE_BREAK.search(text, item.end, measure.start) and any(
                    measure.end <= g.start < min(c_end, measure.end + 70) for g in groups_in_clause):
                # "R0 rates ... (weighted mean 87%), and morbidity from 8% to 41% (weighted mean 21%)": the measure's
                # own share follows it; the one before the clause break is the earlier statement's
                continue
            if item.start >= measure.end and field == "morbidity_pct" and (close := _SHARE_CLOSE.match(text, item.end)) \
                    and _DIED_AFTER.match(text, close.end()):
                continue  # "Five (21.7%) had complications and one (4.3%) patient died": the later share is the deaths'
            if item.start >= measure.end and _arm_breakdown(text, measure, item, c_start):
                continue  # "9 patients had complications (10% after LLR vs 28% after open)": per-arm shares of the count
            if item.start >= measure.end and _in_count_breakdown(text, measure, c_end, item.start):
                continue  # "in 20 patients overall (26.3% of older and 20.8% of younger)": the groups' shares of the count
            if not aligned and _nearest_measure_field(measures, item.start, item.end, text) not in (None, measure.field):
                continue  # "low hospital mortality (2%) and a low postoperative morbidity": 2% is mortality
            if not aligned and any(m.field != measure.field and between[0] <= m.start < between[1]
                                       for m in measures):
                continue  # "mortality was nil and morbidity 18%": 18% belongs to morbidity
            if not aligned and item.start >= measure.end and field == "morbidity_pct" and any(
                    m.field == field and between[0] <= m.start < between[1] and _major_measure(text, m, c_start)
                    for m in measures) and not _major_measure(text, measure, c_start):
                continue  # "Any complication in 13 patients, and complications of grade III or higher in 4 (8.5%)"
            if distance < 0 or distance > 70:
                continue
            if _cue("cue.distribution").search(text[item.end:item.end + 30]):
                continue
            # "in one laparoscopic and three open cases (overall 16.7%)": the pooled figure after per-arm counts
            overall = bool(_cue("cue.overall_before").search(text[max(c_start, item.start - 15):item.start]))
            window = pre_context(text, item.start, 50) + " " + post_context(text, item.end, 30)
            if not aligned and not overall and _cue("cue.subgroup").search(window) and _cue("cue.subgroup").search(
                    _breast_blanked_window(breast()(text), item.start, item.end)):
                continue  # "20% for major and 10% for minor resections" (the breast patients of a mixed series: the cohort)
            if not aligned and not overall and _labelled_split(text, c_start, c_end, item):
                continue  # "3% for GM and 0% for SM": one value per group, neither the surgical arm
            if item.start >= measure.end and ":" in text[measure.end:item.start] and any(
                    c_start <= g.start and g.end <= measure.start for g in find_percent_groups(text)):
                continue  # "20 patients (24.7%) had complications: 6 (31.6%) in ...": a breakdown of the figure before
            if len(items) == 1 and item.start >= measure.end and _VERSUS_BEFORE.search(text, max(c_start, item.start - 20), item.start):
                continue  # "Two BCLM patients died ..., versus 1.3% of CRLM patients": the comparison group's share
            if _HETEROGENEITY_BEFORE.search(text, max(c_start, item.start - 12), item.start):
                continue  # "low for complications (I² = 18%)": a meta-analysis' heterogeneity statistic, not a rate
            if _BOUND_BEFORE.search(text[max(c_start, item.start - 20):item.start]):
                continue  # "mortality below 1%", "less than 2%": a bound, not the rate
            if _cue("cue.subset_of").search(text[max(c_start, item.start - 70):item.start]):
                # "Twelve patients (35.3%) had complications, five of them (14.7%) of grade III"; "Sixteen had a
                # complication, five of them Clavien-Dindo grade III or higher (8.6%)": the subset's share
                continue
            if _cue("cue.subgroup_scope").search(pre_context(text, item.start, 60)):
                continue  # "After repeat hepatectomy, morbidity was 19.0%"
            if not 0 <= item.value <= 100:
                continue
            if _other_arm_value(text, c_start, c_end, item.end) or _other_arm_before(text, c_start, item.start):
                continue  # "in 2 patients (5.3%) after ablation", "9 resections and 2 ablations (6.9%)": the other arm's
            score = weight * 0.95
            if field == "morbidity_pct" and _cue("cue.major_only").search(post_context(text, item.end, 45)):
                score *= 0.85  # "... (14.7%) of Clavien-Dindo grade III or higher": a severity subset
            cand = ValueCandidate(field, round(item.value, 1), sent, item.start, item.end, score,
                         f"{rule_prefix}.percent")
            if best is None or distance < best[0]:
                best = (distance, cand)
    if best is not None:
        return best[1]
    counts = _counts(text, c_start, c_end)
    count_after = any(start >= measure.end for start, _end, _n, _d in counts)
    operations = {start for start, _end, _n, _d in counts if _OPERATION_COUNT.match(text, start)}
    if operations and any(start > min(operations) and start not in operations
                          and not _DEATH_COUNT.search(text, start, end) for start, end, _n, _d in counts):
        # "Complications followed 7 of 29 operations, affecting six distinct women": the patients' count is the rate's
        counts = [c for c in counts if c[0] not in operations]
    kinds_pairs = [p for p in _cue("cue.respectively_counts").finditer(text, measure.end, c_end + 20)] \
        if "respectively" in text and _KIND_JOINED_BEFORE.search(text, max(0, measure.start - 25), measure.start) else []
    for start, end, n, d in counts:
        gap_from = min(end, measure.end)
        if start <= measure.start < end:
            distance = 0  # "One in-hospital death": the count holds the measure
        else:
            distance = measure.start - end if end <= measure.start else start - measure.end - _aside(text, measure.end)
            if start >= measure.end and (kinds := _KINDS_BRACKET.match(text, measure.end)) and start >= kinds.end():
                # "postoperative complications (one biliary leak, one wound infection) were recorded in two patients";
                # a semicolon inside that bracket separates its kinds ("(bile leak, 3; effusion, 2)"), no statements
                distance -= len(kinds.group(0))
                gap_from = kinds.end()
        if _CLAUSE_BREAK.search(text, gap_from, max(start, measure.start)):
            # "Portal vein embolisation preceded resection in 5 patients, while complications were recorded in 8":
            # 5 is the count of the clause before, not of the complications
            distance += 60
        if count_after and end <= measure.start and ("," in text[end:measure.start]
                                                     or _AND_NEW_SUBJECT.match(text, end, measure.start)):
            # "an R0 resection was achieved in 52, postoperative complications developed in 11", "R0 in 41 patients
            # and complications developed in 6": a count before a comma or a new "and" subject is the previous
            # statement's when the measure has its own count after it
            distance += 40
        if distance < 0 or distance > 50:
            continue
        if start >= measure.end and _listing_before(text, measure, max(c_start, measure.start - 30), start):
            continue  # "The most common complications were fistulas in eleven patients": a type, not the rate
        if start >= measure.end and field == "morbidity_pct" and _DIED_AFTER.match(text, end):
            continue  # "Seven had a complication and one patient died": the later count is the deaths
        if field == "morbidity_pct" and _DEATH_COUNT.search(text, start, end):
            continue  # "... complications and two died": a count of deaths
        if _other_arm_value(text, c_start, c_end, end):
            continue  # "... and in 2 patients after ablation": the comparison arm's count
        if _cue("cue.subgroup_scope").search(pre_context(text, start, 60)):
            continue  # "after repeat resections, morbidity was 18.8% (3/16)": the repeat operations' count
        if any(p.start() <= start < p.end() for p in kinds_pairs):
            continue  # "Major and minor complications occurred in 3 and 6 patients, respectively": each kind's count
        denominator = d or cohort
        if not denominator:
            continue
        if not d and denominator >= 3 and n >= denominator:
            continue  # "complications occurred in 7 patients" read as all of a series of 7: the cohort size was misread

        value = percent(n, denominator)
        if value is None:
            continue
        cand = ValueCandidate(field, value, sent, start, end, weight * (0.85 if d else 0.78), f"{rule_prefix}.count",
                     f"{n}/{denominator}" + ("" if d else " (cohort size)"))
        if best is None or distance < best[0]:
            best = (distance, cand)
    return best[1] if best else None


_ALL_BUT = re.compile(rf"\s*(?:in\s+)?(?:all\s+(?:\w+\s+)?(?:but|except(?:\s+for)?)|except\s+(?:in|for))\s+(?P<n>{INT})\b",
                     re.IGNORECASE)


_GRADE = r"(?:[IV]{1,3}|[1-5])[ab]?"
# one Clavien-Dindo stratum with its count: "grade I-II complications occurred in 9 patients",
# "grade IIIa or higher in 3", "grade II in two" (the noun and verb of the first stratum elided later), "a grade III
# complication (bile leak) in one" (its kind in brackets); in a listing, "grade I, 6 patients; grade II, 5" or
# "grade I: 6" (a roman grade only: "grades 2, 3 and 4" lists grades) and "grade I (n = 6)", "grade II (4 patients)";
# the last stratum of a bracketed listing after the total closes the bracket ("complications in 6 patients (grade I, 3;
# grade II, 2; grade IIIa, 1)"); "happened", "arose" or "appeared" may be the event verb
_STRATUM = re.compile(
    rf"\b(?:grades?|Clavien(?:-Dindo)?)\s+(?P<g>{_GRADE})(?:\s*(?:-|to|or|and|/)\s*{_GRADE})?(?:\s+or\s+(?:higher|more|above|greater))?"
    rf"(?:(?:\s+(?:post-?operative\s+)?complications?)?(?:\s*\([^()]{{0,60}}\))?(?:\s+(?:occurred|happened|arose|appeared|were\s+(?:observed|seen|noted|recorded|registered|reported|documented|found|encountered)|developed))?"
    rf"\s+in\s+(?P<n>{INT})\b"
    rf"|(?<=[IVab])\s*[,:]\s*(?P<n2>{INT})\b(?=\s*{PATIENT_NOUNS}\b|\s*[;,.)]|\s+and\b|\s*$)"
    rf"|\s*\(\s*(?:n\s*=\s*)?(?P<n3>{INT})(?:\s+(?:patients?|wom[ae]n|cases?))?\s*[),;])"
    # a later stratum of a list whose first one named the scale: "grade I in six, II in four and IIIa in two", also a
    # range or an open top ("Clavien-Dindo I-II in 9 patients and III-IV in 3", "and III or higher in 2")
    rf"|(?:(?<=,\s)|(?<=\sand\s))(?P<g4>(?-i:I{{1,3}}|IV|V)[ab]?)(?:\s*(?:-|–|to|/)\s*(?-i:I{{1,3}}|IV|V)[ab]?)?"
    rf"(?:\s+or\s+(?:higher|more|above|greater))?\s+in\s+(?P<n4>{INT})\b", re.IGNORECASE)


# the rest of a stratum's number when it is a percentage ("in 17.5%": the count rule stops at "17")
_STRATUM_SHARE = re.compile(r"(?P<dec>[.,]\d{1,2})?\s?%")


def _strata_sum(sent: Sent, cohort: int, weight: float) -> ValueCandidate | None:
    """Two or more grade strata, each with a count, in a sentence about complications: their sum over the cohort."""
    text = sent.text
    low = text.lower()
    if ("grade" not in low and "clavien" not in low) or not re.search(r"complication|morbidity", text, re.IGNORECASE):
        return None  # checked first: the literals of a first stratum (a bare "II in four" only continues a list)
    strata = list(_STRATUM.finditer(text))
    counts = [parse_number(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4")) for m in strata]
    grades = {(m.group("g") or m.group("g4")).upper() for m in strata}
    if len(strata) < 2 or any(c is None for c in counts) or len(grades) < len(strata) or strata[0].group("g4"):
        return None  # (a bare "II in four" only continues a list whose first stratum says "grade")
    shares = [_STRATUM_SHARE.match(text, m.end()) for m in strata]
    if any(shares):
        # "grade I-II in 17.5% and grade III-IV in 5.0% of patients": each stratum a share of the cohort (the highest
        # grade per patient), summed; a count read from "17.5%" would be 17
        if not all(shares):
            return None
        total_share = sum(float(f"{int(c)}{sh.group('dec') or ''}".replace(",", ".")) for c, sh in zip(counts, shares))  # type: ignore[arg-type]
        if total_share > 100 or _cue("cue.intraop").search(text):
            return None
        return ValueCandidate("morbidity_pct", round(total_share, 1), sent, strata[0].start(), strata[-1].end(),
                              weight * 0.85, "outcomes.morbidity.grade_strata", "grade strata shares summed")
    total = int(sum(counts))  # type: ignore[arg-type]
    if total > cohort or _cue("cue.intraop").search(text):
        return None
    value = percent(total, cohort)
    if value is None:
        return None
    return ValueCandidate("morbidity_pct", value, sent, strata[0].start(), strata[-1].end(), weight * 0.85,
                 "outcomes.morbidity.grade_strata", f"{'+'.join(str(int(c)) for c in counts)}/{cohort}: grade strata summed")  # type: ignore[arg-type]


def _graded_sum(sent: Sent, cohort: int | None, weight: float) -> ValueCandidate | None:
    """"grade I-II complications in 8 and grade III-IV complications in 3 patients": 8 + 3 over the cohort."""
    if not cohort:  # checked first: the search is the costly part
        return None
    graded = _cue("count.graded")
    m = graded.search(sent.text) if may_match(graded, sent.text) else None
    if m is None:
        return _strata_sum(sent, cohort, weight)
    a = parse_number(m.group("a") or m.group("a2"))
    b = parse_number(m.group("b") or m.group("b2"))
    if a is None or b is None or a + b > cohort:
        return None
    value = percent(a + b, cohort)
    if value is None:
        return None
    return ValueCandidate("morbidity_pct", value, sent, m.start(), m.end(), weight * 0.85, "outcomes.morbidity.graded_sum",
                 f"({int(a)}+{int(b)})/{cohort}: grade strata summed")


def _grade_table_sum(sent: Sent, cohort: int | None, weight: float) -> ValueCandidate | None:
    """A complication table flattened into a sentence, "Complications (Clavien-Dindo): none 20; I-II 6; III-IV 2;
    V 0": the graded rows summed over the patients. With a "none" row the rows cover every patient, so they are
    their own denominator (and must add up to the cohort size when it is known); without one, over the cohort."""
    text = sent.text
    if ":" not in text or not re.search(r"complication|morbidity", text, re.IGNORECASE):
        return None  # checked first: the head's literals
    head = _cue("cue.grade_table_head").search(text)
    if head is None:
        return None
    item = _cue("cue.grade_table_item")
    pos, none, graded, grades = head.end(), None, [], set()
    while pos < len(text):
        m = item.match(text, pos)
        if m is None or m.end() == pos:
            return None  # every row must read up to the end of the sentence: a prose tail is no table
        n = int(m.group("n"))
        if m.group("none"):
            if none is not None:
                return None
            none = n
        else:
            grade = re.sub(r"\s+", "", m.group("g")).upper()
            if grade in grades:
                return None
            grades.add(grade)
            graded.append(n)
        pos = m.end()
        if re.fullmatch(r"\s*\.?\s*", m.group("sep")):
            break  # the sentence end
    if pos < len(text) or len(graded) + (none is not None) < 2 or not graded:
        return None
    total = sum(graded)
    denominator = total + none if none is not None else cohort
    if not denominator or total > denominator or (none is not None and cohort and denominator != cohort):
        return None
    value = percent(total, denominator)
    if value is None:
        return None
    return ValueCandidate("morbidity_pct", value, sent, head.start(), pos, weight * 0.85,
                          "outcomes.morbidity.grade_table", f"{'+'.join(map(str, graded))}/{denominator}: grade rows summed")


_OCCURRED_IN = re.compile(r"\b(?:occurred|developed|arose|were\s+(?:seen|observed|noted|recorded))\s*$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)


def _typed_list_sum(sent: Sent, measures: list[Measure], cohort: int | None, weight: float) -> ValueCandidate | None:
    """Complications listed by type with their counts and said to be each a different patient's ("Complications
    comprised bile leak (2), abscess (1) and effusion (2), each in a different patient"; "... and one case each of
    pneumonia and ileus; no patient had more than one complication"): the counts summed over the cohort. Without
    that statement one patient may have had several, and nothing is summed."""
    distinct = _cue("cue.distinct_patients")
    text = sent.text
    if not cohort or not may_match(distinct, text):  # checked first: few sentences say so
        return None
    cue = distinct.search(text)
    if cue is None or _cue("cue.intraop").search(text):
        return None
    measure = next((m for m in measures if m.field == "morbidity_pct" and m.end <= cue.start()), None)
    if measure is None:
        return None
    items = [m for m in _cue("count.typed_item").finditer(text, measure.end, cue.start())
             if text[measure.end:m.start()].strip()]  # "Complications (n = 9) were ...": the total, not an item
    if items and items[0].group("n2") and _OCCURRED_IN.search(text, measure.end, items[0].start()):
        return None  # "Complications occurred in 8 patients: bile leak in 4, ...": the total is counted as such
    counts = [(m.start(), parse_number(m.group("n") or m.group("n2"))) for m in items]
    for m in _cue("count.each_of").finditer(text, measure.end, cue.start()):
        n = 1 if m.group("n").lower().startswith("a") else parse_number(m.group("n"))
        items = [item for item in _LIST_SPLIT.split(m.group("list").strip()) if item.strip()]
        counts.append((m.start(), n * len(items) if n else None))
    if len(counts) < 2 or any(n is None for _pos, n in counts):
        return None
    total = int(sum(n for _pos, n in counts))  # type: ignore[misc]
    value = percent(total, cohort) if 0 < total <= cohort else None
    if value is None:
        return None
    start = min(pos for pos, _n in counts)
    return ValueCandidate("morbidity_pct", value, sent, start, cue.end(), weight * 0.85, "outcomes.morbidity.typed_sum",
                          f"{total}/{cohort}: complication types of different patients summed")


def _sentence_weight(sent: Sent) -> float:
    """Section weight, lowered when the sentence quotes another study ("Recent series show ...")."""
    return section_weight(sent.section) * (0.45 if cites_other_study(sent.text) else 1.0)


def _finditer(rule_id: str, text: str) -> list[re.Match[str]]:
    pattern = _cue(rule_id)
    return list(pattern.finditer(text)) if may_match(pattern, text) else []


_ZERO_TAIL_BREAK = re.compile(r"[,;]|\b(?:but|although|however|whereas|while|yet)\b", re.IGNORECASE)
_EXCEPTION_WORDS = ("apart", "aside", "except", "other than", "besides", "save for", "barring")


def _zero_exception(text: str, zero: re.Match[str]) -> re.Match[str] | None:
    """The exception a zero morbidity names before or right after it ("Apart from the bile leak, no complications
    occurred", "uneventful except for a bile leak in one patient"), whose group ``what`` is the excepted part."""
    window = text[max(0, zero.start() - 100):zero.end() + 45].lower()
    if not any(word in window for word in _EXCEPTION_WORDS):  # checked first: the cheap literal
        return None
    after = _cue("cue.zero_exception_after").match(text, zero.end())
    if after is not None:
        return after
    return _cue("cue.zero_exception_before").search(text, max(0, zero.start() - 100), zero.start())


_PART_WORDS = re.compile(r"\b(?:most|many|some|several|majority|nearly|almost)\b", re.IGNORECASE)


def _part_before(text: str, c_start: int, zero_start: int) -> bool:
    """A quantifier of part of the group right before a zero ("Most patients recovered without complications", "most
    of them without postoperative deaths"): no zero of the whole cohort."""
    lo = max(c_start, zero_start - 40)
    if not _PART_WORDS.search(text, lo, zero_start):  # checked first: the cheap literal
        return False
    return bool(_cue("cue.part_before").search(text, lo, zero_start))


def _morbidity(sent: Sent, measures: list[Measure], cohort: int | None, cands: list[ValueCandidate],
               breast: BreastView = _no_breast_scope) -> None:
    text = sent.text
    if sent.section == "BACKGROUND":
        return
    zero_matches = _finditer("cue.zero_morbidity", text)
    if not zero_matches and not cohort and not any(m.field == "morbidity_pct" for m in measures):
        return  # nothing below can produce a candidate
    weight = _sentence_weight(sent)
    for m in zero_matches:
        if _cue("cue.subgroup_before").search(text[max(0, m.start() - 25):m.start()]) or re.search(
                r"\b(?:patients|women|those|cases|group|subjects)\s*$", text[max(0, m.start() - 25):m.start()], re.I):
            continue
        c_start, c_end = _clause(sent, m.start())
        if _cue("cue.intraop").search(text[c_start:c_end]) and not re.search(r"post-?op", text[c_start:c_end], re.I):
            continue
        if _other_arm_scope(text, c_start) or _index_only_zero(text, m.end()):
            continue  # "In the RFA group, no complications occurred"; "nil after the first and 2 after repeat ..."
        own_end = next((b.start() for b in _ZERO_TAIL_BREAK.finditer(text, m.end(), c_end)), c_end)
        if _repeat_scope_after(text, m.end(), own_end):
            continue  # "no complications after the second hepatectomy": the repeat operations' zero
        if cohort and cohort > 1 and _cue("cue.one_patient").search(text):
            continue  # "Patient 1 ... recovered uneventfully": one woman of a series, not the cohort
        if _recovery_after_event(text, m.start()):
            continue  # "she developed a bile leak ..., after which recovery was uneventful": no zero
        if _cue("cue.remainder_before").search(text, max(c_start, m.start() - 40), m.start()) \
                or _cue("cue.remainder_after").match(text, m.end()):
            continue  # "One patient developed a collection; the others recovered without complications"
        if _part_before(text, c_start, m.start()):
            continue  # "Most patients recovered without complications": part of the cohort only
        if any(c_start <= g.start < c_end and not m.start() <= g.start < m.end() and g.start < m.start()
               for g in find_percent_groups(text)) or re.search(r"(?<![\w/])\d+\s*/\s*\d+(?![\w/])", text[c_start:m.start()]):
            continue  # "23/42 (55%) patients ... had no complications": a share, not zero morbidity ("CDK4/6" is none)
        but = _ALL_BUT.match(text, m.end())
        if but is not None:
            # "uneventful in all but two patients": the exceptions are the complications
            n = parse_number(but.group("n"))
            value = percent(n, cohort) if n and cohort else None
            if value is not None:
                cands.append(ValueCandidate("morbidity_pct", value, sent, m.start(), but.end(), weight * 0.8,
                                   "outcomes.morbidity.all_but", f"{int(n)}/{cohort} (cohort size)"))
            continue
        exception = _zero_exception(text, m)
        if exception is not None:
            # "Apart from the bile leak, no complications occurred", "uneventful except for a bile leak in one
            # patient": no zero; a count of patients in the exception is the complications'
            counts = _counts(exception.group("what"), 0, len(exception.group("what")))
            n = counts[0][2] if len(counts) == 1 and counts[0][3] is None else None
            value = percent(n, cohort) if n and cohort and n < cohort else None
            if value is not None:
                cands.append(ValueCandidate("morbidity_pct", value, sent, exception.start(), exception.end(),
                                            weight * 0.8, "outcomes.morbidity.except", f"{n}/{cohort} (cohort size)"))
            continue
        # "no major complications", "no complication of grade IV or higher": only a severity excluded
        major = bool(_cue("cue.major_only").search(m.group(0))) or bool(
            re.match(r"\s*(?:of|classified\s+as|graded)\s+(?:Clavien(?:-Dindo)?\s+)?grades?\s+(?:I{2,3}|IV|[2-4])",
                     text[m.end():m.end() + 40], re.IGNORECASE))
        # "no major complications" says nothing about minor ones: kept as a hint below the threshold
        cands.append(ValueCandidate("morbidity_pct", 0.0, sent, m.start(), m.end(), weight * (0.45 if major else 0.85),
                           "outcomes.morbidity.none", "only major complications excluded" if major else None))
    graded = _graded_sum(sent, cohort, weight) or _grade_table_sum(sent, cohort, weight) \
        or _typed_list_sum(sent, measures, cohort, weight)
    if graded is not None:
        cands.append(graded)
        return  # the grade strata (complication types) are summed; their separate counts are not the rate
    for measure in measures:
        if measure.field != "morbidity_pct":
            continue
        c_start, c_end = _clause(sent, measure.start)
        clause = text[c_start:c_end]
        if _cue("cue.intraop").search(clause) and not re.search(r"post-?op|after\s+surgery", clause, re.I):
            continue
        if any(m.start() <= measure.start < m.end() for m in zero_matches):
            continue
        cand = _nearest_value(sent, measure, cohort, "morbidity_pct", "outcomes.morbidity", weight, breast) \
            or _table_cell(sent, measure, cohort, "morbidity_pct", weight) \
            or _telegraphic_row(sent, measure, cohort, "morbidity_pct", weight)
        if cand is None:
            continue
        if _major_measure(text, measure, c_start):
            cand.score *= 0.8  # a severity subset: any overall figure (even a bare count) outranks it
            cand.note = "major complications" + (f"; {cand.note}" if cand.note else "")
        cands.append(cand)


def _major_measure(text: str, measure: Measure, c_start: int) -> bool:
    """Whether a complications measure names a severity subset: "major complications", "complications (Clavien-Dindo
    >=III)", "Clavien-Dindo >= III complications", "complications of Clavien-Dindo grade III or higher"."""
    bracket = re.match(r"\s*\(([^()]{0,40})\)", text[measure.end:])
    lead = text[max(c_start, measure.start - 30):measure.start]
    return bool(_cue("cue.major_only").search(text[measure.start:measure.end] + " " + (bracket.group(1) if bracket else ""))
                or _cue("cue.major_before").search(lead) or _cue("cue.major_after").match(text, measure.end))


def _death_times(text: str, measures: list[Measure]) -> list[ValueGroup]:
    """Durations of the sentence that may date a death ("died 15 months after surgery"): not the values of a
    survival or follow-up measure ("the pooled median OS was 45.6 months, ... and the pooled mortality 0.9%")."""
    groups = [g for g in find_duration_groups(text) if g.unit in ("months", "years") and not _aged(text, g)]
    if not groups:
        return groups
    timed = find_measures(text, "survival.jsonl")
    deaths = [m.end for m in measures if m.field == "mortality_pct"]

    def measured(g: ValueGroup) -> bool:
        before = [m for m in timed if m.end <= g.start and g.start - m.end <= 40]
        return bool(before) and not any(before[-1].end <= d <= g.start for d in deaths)

    return [g for g in groups if not measured(g)]


_AGED_BEFORE = re.compile(r"\baged\s*$", re.IGNORECASE)
_OLD_AFTER = re.compile(r"\s*(?:old|of\s+age)\b", re.IGNORECASE)


def _aged(text: str, group: ValueGroup) -> bool:
    """The years are a patient's age ("One patient aged 78 years died within 90 days", "a 78 years old woman"), which
    dates no death."""
    return group.unit == "years" and bool(_AGED_BEFORE.search(text, max(0, group.start - 8), group.start)
                                          or _OLD_AFTER.match(text, group.end))


def _mortality(sent: Sent, measures: list[Measure], cohort: int | None, cands: list[ValueCandidate],
               breast: BreastView = _no_breast_scope) -> None:
    text = sent.text
    if sent.section == "BACKGROUND":
        return
    zero_matches = _finditer("cue.zero_mortality", text)
    if not zero_matches and not any(m.field == "mortality_pct" for m in measures):
        return  # nothing below can produce a candidate
    weight = _sentence_weight(sent)
    durations = _death_times(text, measures)
    for m in zero_matches:
        c_start, c_end = _clause(sent, m.start())
        clause = text[c_start:c_end]
        if _other_arm_scope(text, c_start) or _index_only_zero(text, m.end()):
            continue  # "In the ablation group, nobody died"; "zero after first and one death after repeat hepatectomy"
        # the zero's own statement: "no in-hospital deaths, but two patients later died of disease" keeps its zero
        own_end = next((b.start() for b in _ZERO_TAIL_BREAK.finditer(text, m.end(), c_end)), c_end)
        if _cue("cue.not_operative_mortality").search(text[c_start:m.start()] + " " + text[m.end():own_end]):
            continue  # (the zero's own words are not searched: "all were alive at 90 days")
        if any(c_start <= g.start < c_end for g in durations):
            continue
        if _cue("cue.subgroup_scope").search(text[c_start:m.start()]) or _repeat_scope_after(text, m.end(), own_end):
            continue  # "After repeat hepatectomy, ... there was no mortality"; "no deaths after the second operation"
        if "grade" in m.group(0).lower() and "toxicit" in text.lower():
            continue  # "no grade IV or V events" of radiotherapy toxicity: not a surgical complication grade
        if _cue("cue.studies_before").search(text[max(c_start, m.start() - 40):m.start()]):
            continue  # "eighteen series reporting no deaths": the studies of a review
        if _part_before(text, c_start, m.start()):
            continue  # "most of them without postoperative deaths": part of the group only
        later = _cue("cue.zero_contradicted").match(text, m.end())
        if later and _cue("cue.postop").search(text, later.start(), later.end() + 40) \
                and not _cue("cue.not_operative_mortality").search(text, later.start(), later.end() + 40):
            continue  # "no deaths within thirty days, although one woman died ... on the fortieth postoperative day"
        # "no grade V complications": a Clavien-Dindo grade V event is a postoperative death by definition
        qualified = bool(_cue("cue.postop").search(clause)) or "mortality" in m.group(0).lower() or (
            "grade" in m.group(0).lower()) or (
            # "... had postoperative complications; none died", "Three (16.7%) had complications; none died": a bare
            # clause continues the sentence's subject, the operated patients
            len(clause.strip()) < 25 and bool(_cue("cue.postop").search(text[:c_start])
                                              or _cue("measure.morbidity").search(text[:c_start]))) or (
            # "Two patients had minor complications (...), and there were no deaths", "There were no other
            # complications and no deaths": a zero coordinated with the sentence's complication statement
            _cue("cue.coordinated_after_morbidity").search(text, max(c_start, m.start() - 140), m.start()) is not None)
        if not qualified:
            continue
        cands.append(ValueCandidate("mortality_pct", 0.0, sent, m.start(), m.end(), weight * 0.88, "outcomes.mortality.none"))
    zero_spans = [(m.start(), m.end()) for m in zero_matches]
    for measure in measures:
        if measure.field != "mortality_pct":
            continue
        if any(s < measure.end and measure.start < e for s, e in zero_spans):
            continue
        c_start, c_end = _clause(sent, measure.start)
        clause = text[c_start:c_end]
        if _cue("cue.not_operative_mortality").search(clause):
            continue
        if any(c_start <= g.start < c_end for g in durations):
            continue
        postop = _cue("cue.postop").search(clause)
        # a rate, or a fatal complication ("two fatal complications (5.0%)"): postoperative by what it names
        is_rate = any(word in text[measure.start:measure.end].lower() for word in ("mortality", "fatal"))
        if not postop and not is_rate:
            continue
        whom = _cue("cue.count_of_whom").search(text, max(c_start, measure.start - 110), measure.start)
        n_whom = parse_number(whom.group("n")) if whom else None
        if n_whom is not None and cohort and 0 < n_whom <= cohort:
            # "complications in ten patients, one of whom died": the deaths, not the complications' count
            cands.append(ValueCandidate("mortality_pct", percent(float(n_whom), float(cohort)), sent, whom.start(),
                                        whom.end(), weight * (0.95 if postop else 0.7), "outcomes.mortality.of_whom"))
            continue
        cand = _nearest_value(sent, measure, cohort, "mortality_pct", "outcomes.mortality",
                              weight * (1.0 if postop else 0.75), breast)
        if cand is None and postop:
            cand = _numbered_patient_death(sent, measure, cohort, weight)
        if cand is None:
            cand = _table_cell(sent, measure, cohort, "mortality_pct", weight * (1.0 if postop else 0.75))
        if cand is not None:
            cands.append(cand)


# a flattened table's cell after its row label: "any complication 19 (26.4)", "30-day mortality: 1 (1.4)" - a count and
# its share without a per cent sign, up to the next cell (" | ") or the end of the clause
_TABLE_CELL = re.compile(r"\s*[:=]?\s*(?P<n>\d{1,4})\s*\(\s*(?P<p>\d{1,3}(?:[.,]\d{1,2})?)\s*\)(?=\s*(?:\||[;,.]|$))")


# a zero cell, in a sentence that is a flattened table (cells split by " | "): "30-day mortality 0 | ..."
_TABLE_ZERO = re.compile(r"\s*[:=]?\s*(?P<n>0)(?:\s*\(\s*0(?:[.,]0)?\s*%?\s*\))?(?=\s*(?:\|\s|[;.]?\s*$))")


# a telegraphic row "Any complication 5;" / "Complications: 7." : the measure opens its clause (at most "any",
# "overall" or "total" before it) and a bare count closes it (a bracket of kinds may follow)
_ROW_LEAD = re.compile(r"\W*(?:(?:any|overall|total|all)\s+)?(?:post-?operative\s+)?$", re.IGNORECASE)
_ROW_COUNT = re.compile(r"\s*[:=]?\s*(?P<n>\d{1,3})(?=\s*(?:\([^()%]*\)\s*)?(?:[;.]\s|[;.]?\s*$))")


def _telegraphic_row(sent: Sent, measure: Measure, cohort: int | None, field: str,
                     weight: float) -> ValueCandidate | None:
    """ "Any complication 5; Clavien-Dindo >= III 2 (bile leak, collection)": a count told right after the plural or
    singular complication noun opening its clause, over the cohort (only the complication noun: "morbidity 20" could
    be a rate without its sign)."""
    text = sent.text
    if not cohort or not re.search(r"complications?$", text[measure.start:measure.end], re.IGNORECASE):
        return None
    c_start, _c_end = _clause(sent, measure.start)
    if not _ROW_LEAD.fullmatch(text, c_start, measure.start):
        return None
    m = _ROW_COUNT.match(text, measure.end)
    if m is None:
        return None
    n = int(m.group("n"))
    if n >= cohort:
        return None  # all of a series would say so; a count as large as the cohort is a misread
    value = percent(n, cohort)
    if value is None:
        return None
    return ValueCandidate(field, value, sent, m.start("n"), m.end(), weight * 0.75,
                          f"outcomes.{field.split('_')[0]}.row", f"{n}/{cohort} (cohort size): a telegraphic row")


def _table_cell(sent: Sent, measure: Measure, cohort: int | None, field: str, weight: float) -> ValueCandidate | None:
    """A table row flattened into text, "any complication 19 (26.4)": the count and a bracketed share with no "%"
    sign, read only when the share is the count over the cohort (so that "(95% CI ...)" or a range is never one); a
    zero cell ("30-day mortality 0 | ...") in a sentence whose cells are split by " | "."""
    text = sent.text
    if " | " in text and (zero := _TABLE_ZERO.match(text, measure.end)):
        # "30-day mortality 0 | in-hospital mortality 0": a zero cell of a table row
        return ValueCandidate(field, 0.0, sent, zero.start("n"), zero.end(), weight * 0.8,
                              f"outcomes.{field.split('_')[0]}.table_cell", "a zero table cell")
    if not cohort or "(" not in text[measure.end:measure.end + 60]:  # checked first: the cheap literal
        return None
    m = _TABLE_CELL.match(text, measure.end + _aside(text, measure.end))
    if m is None:
        return None
    n, share = int(m.group("n")), float(m.group("p").replace(",", "."))
    if not 0 <= n <= cohort or abs(100 * n / cohort - share) > 0.15:
        return None
    return ValueCandidate(field, round(share, 1), sent, m.start("n"), m.end(), weight * 0.8,
                          f"outcomes.{field.split('_')[0]}.table_cell", f"{n}/{cohort}: a table cell")


def _numbered_patient_death(sent: Sent, measure: Measure, cohort: int | None, weight: float) -> ValueCandidate | None:
    """A postoperative death of the numbered patient a sentence of a small series is about, with no count of its own
    ("Patient 4, who had an extended right hepatectomy, developed liver failure and died on the ninth postoperative
    day"): one death over the cohort."""
    if not cohort or not 2 <= cohort <= _SMALL_SERIES or not _DEATH_COUNT.search(sent.text, measure.start, measure.end):
        return None
    subject = _cue("count.series_case_subject").match(sent.text)
    if subject is None or _counts(sent.text, 0, measure.start):
        return None  # not a sentence about one numbered patient
    value = percent(1, cohort)
    if value is None:
        return None
    return ValueCandidate("mortality_pct", value, sent, subject.start(), measure.end, weight * 0.78,
                          "outcomes.mortality.count", f"1/{cohort}: the numbered patient died")


def _case_report(doc: Doc, cohort: int | None, cands: list[ValueCandidate]) -> None:
    """A single patient: a complication she developed after surgery means 100% morbidity."""
    if cohort != 1:
        return
    zeros = [c for c in cands if c.field == "morbidity_pct" and c.value == 0.0]
    if any(c.field == "morbidity_pct" and c.value != 0.0 for c in cands):
        return
    for sent in iter_sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS"):
            continue
        if any(g.unit in ("months", "years") for g in find_duration_groups(sent.text)):
            continue  # "liver failure 6 months after surgery" is not a postoperative complication
        noun = _cue("cue.complication_noun").search(sent.text)
        if noun and _cue("cue.case_postop").search(sent.text) and not _negated_complication(sent.text, noun.start()):
            if zeros and (_cue("cue.intraop").search(sent.text) or not (
                    _SUBJECT_NOUN.match(sent.text[:noun.start()])
                    or _cue("cue.case_event_verb").search(sent.text, max(0, noun.start() - 45), noun.start()))):
                continue  # an uneventful recovery stated: only a complication told as an event overrides it
            # one patient with a complication after any of her operations ("uneventful recovery" after the first
            # stage, a bile leak after the second) has morbidity 100%: it outranks the stage's zero
            score = max([0.62] + [c.score + 0.05 for c in zeros])
            cands.append(ValueCandidate("morbidity_pct", 100.0, sent, noun.start(), noun.end(), score,
                               "outcomes.morbidity.case_report", "single patient with a postoperative complication"))
            return


# the one patient of a case report as the subject of "died": "she died on postoperative day 19", "The patient died of
# liver failure twelve days after the operation"
_CASE_DIED = re.compile(r"\b(?:she|he|the\s+patient|the\s+woman)\s+(?:(?:later|subsequently|eventually|then|finally|"
                        r"unfortunately|sadly)\s+)?died\b", re.IGNORECASE)


def _case_report_death(doc: Doc, cohort: int | None, cands: list[ValueCandidate]) -> None:
    """A single patient who died after the operation ("Despite intensive care she died on postoperative day 19"):
    mortality 100%, outranking a zero of the literature quoted in the discussion."""
    if cohort != 1 or any(c.field == "mortality_pct" and c.value != 0.0 for c in cands):
        return
    zeros = [c for c in cands if c.field == "mortality_pct"]
    for sent in iter_sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS") or "died" not in sent.text.lower():
            continue  # checked first: the cheap literal
        died = _CASE_DIED.search(sent.text)
        if died is None:
            continue
        tail = sent.text[died.start():]
        if not _cue("cue.postop").search(tail) or _cue("cue.not_operative_mortality").search(tail) \
                or any(g.unit in ("months", "years") for g in find_duration_groups(sent.text)):
            continue  # "she died of disease progression 38 months after surgery": no postoperative death
        score = max([0.62] + [c.score + 0.05 for c in zeros])
        cands.append(ValueCandidate("mortality_pct", 100.0, sent, died.start(), died.end(), score,
                                    "outcomes.mortality.case_report", "single patient who died after the operation"))
        return


_SUBJECT_NOUN = re.compile(r"\W*(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,3}$")  # the noun opens the sentence


def _negated_complication(text: str, start: int) -> bool:
    """The complication is denied ("no bile leak", "without evidence of biliary fistula", "recovery was uneventful");
    a "without" elsewhere ("a bile leak that settled without intervention") denies nothing, nor does the recovery
    after it ("she developed a haemorrhage ..., after which recovery was uneventful")."""
    return bool(_cue("cue.negated_before").search(text, max(0, start - 40), start)
                or any(not _recovery_after_event(text, m.start()) for m in _finditer("cue.zero_morbidity", text)))


def _recovery_after_event(text: str, zero_start: int) -> bool:
    """The zero at ``zero_start`` is the recovery after an event told just before it ("..., after which her recovery
    was uneventful", "Thereafter the course was uneventful"): no zero morbidity."""
    if "after" not in text[max(0, zero_start - 50):zero_start].lower():  # checked first: the cheap literal
        return False
    return bool(_cue("cue.recovery_after_event").search(text, max(0, zero_start - 50), zero_start))


# up to this many patients, complications named patient by patient ("One patient had a bile leak and another developed a
# collection") are the series' morbidity when no rate is reported (gold writers count them in series of 14 and 23 too)
_SMALL_SERIES = 25
_AGE = re.compile(r"(?:\s*old\b|\s*of\s+age\b|\s*\))", re.IGNORECASE)  # "(44 years)", "52 years old": an age
_WORD_COUNT = {"a": 1, "an": 1, "one": 1, "another": 1, "two": 2, "three": 3, "four": 4}
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def _series_mentions(text: str) -> list[tuple[re.Match[str], int, int]]:
    """Each count of patients with a named complication, with the span from count to noun: "One patient developed a
    bile leak" (count first) and "A bile leak ... developed in one patient" (noun first)."""
    nouns = _cue("cue.complication_noun")
    out = []
    for m in _cue("count.series_complication").finditer(text):
        noun = nouns.search(text, m.end(), m.end() + 60)
        if noun is not None and not re.search(r"[.;]", text[m.end():noun.start()]):
            out.append((m, m.start(), noun.end()))
    after = _cue("count.series_complication_after")
    if may_match(after, text):
        for m in after.finditer(text):
            before = list(nouns.finditer(text, max(0, m.start() - 80), m.start()))
            if before and not re.search(r"[.;]", text[before[-1].end():m.start()]):
                out.append((m, before[-1].start(), m.end()))
    subject = _cue("count.series_case_subject").match(text)
    if subject is not None:  # "Patient 3 underwent right hepatectomy, complicated by a bile leak": that patient's
        verb = _cue("cue.case_event_verb")
        for noun in nouns.finditer(text):
            # "Patient 2, ...: segmentectomy, R1, bile leak treated by drainage": a listed item with its treatment
            if verb.search(text, max(0, noun.start() - 45), noun.start()) or (
                    _cue("cue.case_listed_event").search(text, max(0, noun.start() - 45), noun.start())
                    and _cue("cue.case_listed_treated").match(text, noun.end())):
                out.append((subject, noun.start(), noun.end()))
                break
    case = _cue("count.series_complication_case")
    if may_match(case, text):
        for m in case.finditer(text):  # "A bile leak ... in case 2": the noun first, then the case it affected
            before = list(nouns.finditer(text, max(0, m.start() - 80), m.start()))
            if before and not re.search(r"[.;]", text[before[-1].end():m.start()]):
                out.append((m, before[-1].start(), m.end()))
    numbered = [(m, start) for m, start, _ in out if _mention_count(text, m)[1] is not None]
    followon = _cue("count.series_case_followon")
    if numbered and may_match(followon, text):  # "Patient 4 developed a bile leak and patient 6 a wound infection"
        first_start = min(start for _, start in numbered)
        for m in followon.finditer(text, first_start):
            noun = nouns.search(text, m.end(), m.end() + 80)
            if noun is not None and not re.search(r"[.;]|\b(?:recovered|uneventful\w*|underwent|no|without)\b",
                                                  text[m.end():noun.start()], re.I):
                out.append((m, m.start(), noun.end()))
    return out


def _mention_count(text: str, m: re.Match[str]) -> tuple[int | None, str | None]:
    """Patients of one mention and, when the number names a patient ("Patient 2 developed", "in case 2"), that
    patient's number (so a case named again is not counted twice)."""
    raw = (m.groupdict().get("n") or m.groupdict().get("n2") or "").lower()
    at = m.start("n") if m.groupdict().get("n") else m.start("n2") if m.groupdict().get("n2") else m.start()
    if raw.isdigit() and _cue("cue.case_number_before").search(text, max(0, at - 10), at):
        return 1, raw  # "Patient 2 developed an abscess": the number names the patient
    if raw.startswith("the"):
        # "while the second developed a bile leak": one patient named by her place in the series ("the second" is
        # "Patient 2"); "the other patients developed ..." counts an unknown number
        if re.search(rf"\b{PATIENT_NOUNS}\b", m.group(0), re.IGNORECASE):
            return None, None
        ordinal = _ORDINAL.get(raw.split()[-1])
        return 1, (str(ordinal) if ordinal else None)
    return _WORD_COUNT.get(raw) or (int(raw) if raw.isdigit() else None), None


_EACH = re.compile(r"\s+each\b", re.IGNORECASE)


def _listed_complications(text: str, end: int) -> int:
    """How many complications the clause before "in one patient each" names ("bile leakage and a wound infection
    occurred in one patient each": two patients, one with each)."""
    lo = max(text.rfind(";", 0, end), text.rfind(":", 0, end)) + 1
    return max(1, sum(1 for _ in _cue("cue.complication_noun").finditer(text, lo, end)))


# (the duration reader may take the label's number into the group: "2, 47 years")
_CASE_LABEL_BEFORE = re.compile(r"\b(?:patient|case|pt\.?)\s*(?:\d{1,2}\s*[,:(]\s*)?$", re.IGNORECASE)


def _is_age(text: str, group: ValueGroup) -> bool:
    """The duration is an age, not an event time: "52 years old", "(44 years)", "(45 years; ER+/PR-/HER2-)" (an
    adult's years opening a bracket of patient details)."""
    if _AGE.match(text, group.end) or (group.unit == "years" and _CASE_LABEL_BEFORE.search(
            text, max(0, group.start - 20), group.start)):
        return True  # "Patient 2, 47 years, ER-/HER2+: ...": the age right after a numbered patient's label
    return (group.unit == "years" and len(group.items) == 1 and group.items[0].value >= 18
            and text[:group.start].rstrip().endswith("(") and re.match(r"\s*[;,]", text[group.end:]) is not None)


# a sentence opening with a pronoun and an event verb: "She developed a biloma that required drainage", "Her
# postoperative course was complicated by a bile leak"; also after a short opening time phrase ("On postoperative day 4
# she developed a bile leak", "Postoperatively, she had a wound infection", "Two days after surgery she developed ..."),
# never one placing the event before or during the operation ("At presentation she had ...", "Before surgery she ...")
_PRONOUN_EVENT = re.compile(r"\W*(?:(?:(?:on|after|at|by|within|from|(?:one|two|three|four|five|six|seven|\d{1,2})\s+"
                            r"(?:days?|weeks?)\s+(?:after|later))\b(?:\s+(?!before\b|prior\b|pre-?operative|"
                            r"intra-?operative|presentation\b|diagnosis\b|admission\b|she\b|he\b)[\w-]+){0,5}?"
                            r"|post-?operatively|subsequently|afterwards|thereafter|later)\s*,?\s+)?"
                            r"(?:(?:she|he)\s+(?:(?:later|subsequently|then|also|postoperatively)\s+)?"
                            r"(?:developed|had|suffered|experienced|required\s+\w+\s+for)"
                            r"|(?:her|his)\s+(?:post-?operative\s+)?(?:course|recovery|stay)\s+was\s+complicated\s+by)\s+",
                            re.IGNORECASE)
# anywhere in the sentence: "she underwent right hepatectomy, and her recovery was prolonged by a subphrenic collection"
_COURSE_EVENT = re.compile(r"\b(?:her|his)\s+(?:post-?operative\s+)?(?:course|recovery|stay)\s+was\s+"
                           r"(?:complicated|prolonged|delayed)\s+by\s+", re.IGNORECASE)


def _sentence_case(text: str) -> str | None:
    """The number of the patient a sentence of a case-by-case series opens with ("Patient 2 (41 years) had ...")."""
    subject = _cue("count.series_case_subject").match(text)
    return subject.group("n") if subject is not None else None


# a sentence opening with a complication as its subject and an event verb after it: "A minor wound infection settled
# with antibiotics", "A postoperative bile leak was treated by drainage" (the noun must follow the opening at once)
_NOUN_SUBJECT = re.compile(r"\W*(?:an?|the)\s+(?:(?:minor|mild|superficial|small|transient|post-?operative|"
                           r"grade\s+(?:I{1,3}|[1-3])[ab]?)\s+){0,2}", re.IGNORECASE)
_NOUN_SUBJECT_VERB = re.compile(r"\s+(?:\([^()]{0,40}\)\s+)?(?:(?:was|were)\s+(?!not\b|never\b|excluded\b|ruled\b|"
                                r"absent\b)\w+|developed|occurred|resolved|settled|healed|required|needed|responded)\b",
                                re.IGNORECASE)


def _pronoun_mention(text: str, case_id: str) -> list[tuple[int, int, int, str]]:
    """"She developed a biloma ..." right after sentences about "Patient 2": that numbered patient's complication (a
    case already counted is not counted again); so is "A minor wound infection settled with antibiotics" (the
    complication as the subject, with an event verb after it)."""
    noun_re = _cue("cue.complication_noun")
    pronoun = _PRONOUN_EVENT.match(text)
    if pronoun is None and " by " in text:
        pronoun = _COURSE_EVENT.search(text)
    if pronoun is None:
        subject = _NOUN_SUBJECT.match(text)
        noun = noun_re.match(text, subject.end()) if subject is not None else None
        if noun is None or not _NOUN_SUBJECT_VERB.match(text, noun.end()):
            return []
        return [(noun.start(), noun.end(), 1, case_id)]
    noun = noun_re.search(text, pronoun.end(), pronoun.end() + 60)
    if noun is None or re.search(r"[.;]", text[pronoun.end():noun.start()]):
        return []
    return [(noun.start(), noun.end(), 1, case_id)]


def _timed_mention(text: str, start: int, end: int, timed: list[ValueGroup]) -> bool:
    """A time in months or years dates the complication mention ``text[start:end]``: in its own statement and near it
    ("developed a liver abscess 14 months later", "At 11 months one had developed ..."); a time in a later clause ("she
    developed a bile leak that resolved with drainage, and she is alive at 52 months") dates something else."""
    for g in timed:
        lo, hi = (end, g.start) if g.start >= end else (g.end, start)
        if hi - lo <= 80 and not _CLAUSE_BREAK.search(text, lo, max(lo, hi)):
            return True
    return False


# "Case 1: A 48-year-old woman ...", "Patient 2: ...": a heading opening one patient's description
_CASE_HEADING = re.compile(r"\s*(?:Case|Patient)\s+\d{1,2}\s*:")


def _treated_mention(text: str) -> list[tuple[int, int, int, str | None]]:
    """A single named complication that was treated, resolved or required something ("A superficial wound infection was
    treated with antibiotics", "..., and a biliary fistula resolved with conservative treatment", "a right pleural
    effusion required thoracentesis"): in a series told patient by
    patient, one patient's complication. Not with a count of its own in the sentence (the count rules read those)."""
    if not any(word in text for word in ("resolved", "settled", " was ", "required", "needed", "necessitated")):
        return []  # checked first: the verbs' literals
    m = _cue("cue.treated_complication").search(text)
    if m is None or _counts(text, 0, len(text)):
        return []
    return [(m.start(), m.end(), 1, None)]


def _small_series(doc: Doc, cohort: int | None, cands: list[ValueCandidate]) -> None:
    """A series of a few patients described one by one: "One patient developed a bile leak" -> 1 / N.

    Patients with a named postoperative complication are counted over the sentences (each sentence is
    one more patient unless it says otherwise); nothing is counted when a rate was already reported.
    """
    if cohort is None or not 2 <= cohort <= _SMALL_SERIES or any(c.field == "morbidity_pct" for c in cands):
        return
    total = 0
    counted: set[str] = set()  # case numbers already counted
    first: tuple[Sent, int, int] | None = None
    last_case: str | None = None  # the numbered patient the last sentence about one was about ("Patient 2 ...")
    cases_open = False  # a "Case 1:" heading seen: the cases are told even where the section labels say Background
    for sent in iter_sentences(doc):
        cases_open = cases_open or bool(_CASE_HEADING.match(sent.text))
        if sent.section in ("CONCLUSIONS", "OBJECTIVE") or (sent.section == "BACKGROUND" and not cases_open):
            continue
        text = sent.text
        about, last_case = last_case, _sentence_case(text) or last_case
        timed = [g for g in find_duration_groups(text) if g.unit in ("months", "years") and not _is_age(text, g)]
        mentions = [(start, end, *_mention_count(text, m)) for m, start, end in _series_mentions(text)]
        if not mentions and about is not None:
            mentions = _pronoun_mention(text, about)
        if not mentions:
            mentions = _treated_mention(text)
        for start, end, n, case_id in mentions:
            if _timed_mention(text, start, end, timed):
                continue  # "one had developed bone metastases at 11 months": not postoperative ("(44 years)" is an age)
            if re.search(r"\b(?:metasta\w+|recurren\w+|died)\b", text[start:end], re.I):
                continue
            if re.search(r"\b(?:before|prior\s+to|pre-?operative(?:ly)?|at\s+(?:presentation|diagnosis)|"
                         r"intra-?operative(?:ly)?|during\s+(?:surgery|the\s+operation))\b",
                         text[start:end + 40], re.I):
                continue  # "one patient had a liver abscess before surgery"
            if re.search(r"\b(?:no|without|none|neither|nor)\b", text[max(0, start - 15):end], re.I):
                continue  # "no patient developed a bile leak"
            if not n or case_id in counted:
                continue
            if case_id is None and _EACH.match(text, end):
                n *= _listed_complications(text, end)  # "bile leakage and a wound infection occurred in one patient each"
            if case_id is not None:
                counted.add(case_id)
            total += n
            if first is None:
                first = (sent, start, end)
    if first is None or total > cohort:
        return
    value = percent(total, cohort)
    if value is None:
        return
    sent, start, end = first
    cands.append(ValueCandidate("morbidity_pct", value, sent, start, end, 0.7, "outcomes.morbidity.small_series",
                       f"{total}/{cohort}: patients with a named complication"))


def _select(doc: Doc, cands: list[ValueCandidate]) -> list[Finding]:
    findings = []
    for field_name in OUTCOME_FIELDS:
        pool = sorted((c for c in cands if c.field == field_name), key=lambda c: -c.score)
        if not pool:
            continue
        best = pool[0]
        confidence = min(0.95, best.score)
        note = best.note
        rivals = [c for c in pool[1:] if abs(c.value - best.value) > 0.5 and c.score >= best.score * 0.9]
        if rivals:
            confidence *= 0.7
            extra = "competing value(s): " + ", ".join(str(c.value) for c in rivals[:3])
            note = f"{note}; {extra}" if note else extra
        findings.append(make_finding(doc, best.sent, field_name, best.value, "%", best.start, best.end, confidence,
                                     best.rule, note))
    return findings


def _index_hepatectomy_item(text: str, lo: int, hi: int) -> int | None:
    """Which of a pair of values is the first (index) hepatectomy's when the clause pairs it with a repeat one
    ("morbidity after first and repeat hepatectomy was 21.9% and 26.7%"); None without such a pair."""
    pattern = _cue("cue.index_repeat_pair")
    if not may_match(pattern, text):
        return None
    m = pattern.search(text, lo, hi)
    if m is None:
        return None
    return 0 if m.group("index_first") else 1


def _word_percents(sent: Sent) -> Sent:
    """``sent`` with percentages in words ("Thirty-one percent") as digits ("31%", padded): the value rules read
    digits only. Offsets are kept."""
    low = sent.text.lower()
    if "percent" not in low and "per cent" not in low:  # the rule's own literal, "cent", is in every "centre"
        return sent
    pattern = _cue("norm.word_percent")

    def digits(m: re.Match[str]) -> str:
        value = parse_number(m.group("n"))
        if value is None or m.group("n")[0].isdigit() or not 0 <= value <= 100:
            return m.group(0)
        return f"{value:g}%".ljust(len(m.group(0)))

    text = pattern.sub(digits, sent.text)
    return sent if text == sent.text else replace(sent, text=text)


_FRACTIONS = {"quarter": 25.0, "fourth": 25.0, "third": 33.3, "fifth": 20.0, "thirds": 66.7, "quarters": 75.0,
              "fourths": 75.0, "half": 50.0}


def _word_fractions(sent: Sent) -> Sent:
    """``sent`` with an exact fraction of the patients in words ("A quarter of the patients had a complication") as a
    percentage ("25%", padded): the value rules read digits only. Offsets are kept."""
    low = sent.text.lower()
    if not any(w in low for w in ("quarter", "third", "fourth", "fifth", "half")):  # the cheap literals first
        return sent
    pattern = _cue("norm.word_fraction")

    def share(m: re.Match[str]) -> str:
        value = _FRACTIONS[re.split(r"[\s-]", m.group("f").lower())[-1]]
        return f"{value:g}%".ljust(len(m.group(0)))

    text = pattern.sub(share, sent.text)
    return sent if text == sent.text else replace(sent, text=text)


def _pooled_proportions(sent: Sent) -> Sent:
    """``sent`` with a meta-analysis' pooled proportions as percentages ("pooled mortality 0.01 (0.00-0.02)" -> "1%  "),
    offsets kept (the survival family's rewrite, :func:`litreview.extract.survival.pooled_as_percentages`)."""
    text = pooled_as_percentages(sent.text)
    return sent if text == sent.text else replace(sent, text=text)


def _bracket_counts(sent: Sent) -> Sent:
    """``sent`` with patient counts in square brackets ("Complications occurred in [5] pts") as bare numbers (padded):
    the count rules read numbers without brackets. Offsets are kept."""
    if "[" not in sent.text:  # the cheap literal first: nearly no sentence has a bracket
        return sent
    pattern = _cue("norm.bracket_count")
    text = pattern.sub(lambda m: (m.group("n") or m.group("n2")).center(len(m.group(0))), sent.text)
    return sent if text == sent.text else replace(sent, text=text)


def _death_verbs(sent: Sent) -> Sent:
    """``sent`` with a death told by another verb ("one patient expired", "two women passed away") as "died" (padded):
    the death rules read "died". Offsets are kept."""
    low = sent.text.lower()
    if "expired" not in low and "passed away" not in low and "succumbed" not in low:  # the cheap literals first
        return sent
    pattern = _cue("norm.death_verb")
    text = pattern.sub(lambda m: m.group(0)[:m.start("verb") - m.start()] + "died".ljust(len(m.group("verb"))),
                       sent.text)
    return sent if text == sent.text else replace(sent, text=text)


#: every candidate of a sentence needs one of these to match it: a morbidity or mortality word, a zero cue, a
#: grade or complication-type tally (the rewrites before them only turn numbers written in words into digits)
_SENTENCE_GATE = ("measure.morbidity", "measure.mortality", "cue.zero_morbidity", "cue.zero_mortality", "count.graded",
                  "cue.grade_table_head", "cue.distinct_patients", "norm.death_verb")


@lru_cache(maxsize=1)
def _sentence_gate() -> PatternGroup:
    return PatternGroup(_cue(name) for name in _SENTENCE_GATE)


def extract_outcomes(doc: Doc) -> list[Finding]:
    """Morbidity and mortality findings of a processed doc (at most one per field)."""
    rules(RULES)  # validate the rule file up front
    cohort = _cohort(doc)
    cands: list[ValueCandidate] = []
    sents = list(iter_sentences(doc))
    breast = breast_label_views(doc, sents)
    cases_open = False  # a "Case 1:" heading seen: the cases (and what follows them) are results, whatever the label
    for index, sent in enumerate(sents):
        cases_open = cases_open or sent.section == "BACKGROUND" and bool(_CASE_HEADING.match(sent.text))
        if sent.text.isascii() and not _sentence_gate().candidates(sent.text, ascii=True):
            continue  # no outcome word (most sentences)
        sent = _death_verbs(_bracket_counts(_word_fractions(_pooled_proportions(_word_percents(sent)))))
        if model_input(sent.text):
            continue  # "the model assumed ... mortality of 1% and morbidity of 20%": no cohort's results
        measures = find_measures(sent.text, RULES)
        scope = lambda index=index: breast(index)  # noqa: E731
        _morbidity(sent, measures, cohort, cands, scope)
        _pooled_group_shares(doc, sent, measures, cohort, cands)
        _respectively_pooled(doc, sent, measures, cohort, cands)
        _group_counts_pooled(doc, sent, measures, cohort, cands)
        # "Case 1: ... Case 4: ... No patient died within 90 days." under a Background label: the series' deaths
        told = replace(sent, section="RESULTS") if cases_open and sent.section == "BACKGROUND" else sent
        _mortality(told, measures, cohort, cands, scope)
    if not any(c.field == "mortality_pct" for c in cands):
        _title_zero_mortality(doc, cohort, cands)
    _case_report(doc, cohort, cands)
    _case_report_death(doc, cohort, cands)
    _small_series(doc, cohort, cands)
    cands = [c for c in cands if not _operations_not_patients(doc, c, cohort) and not _larger_series_share(doc, c, cohort)]
    if cands and cohort and _breast_subgroup(doc):
        cands = [c for c in cands if _share_of(c.value, cohort) and not _whole_series_scope(c)]
    return _select(doc, breast_group_first(doc, cands))


def _title_zero_mortality(doc: Doc, cohort: int | None, cands: list[ValueCandidate]) -> None:
    """A title stating the series' result ("...: a five-year survival of 21% and no operative mortality"): its zero
    mortality, read only when the abstract gives no mortality of its own (not from a question)."""
    title = next((s for s in iter_sentences(doc, include_title=True) if s.section == "TITLE"), None)
    if title is None or "?" in title.text or "ortalit" not in title.text and "death" not in title.text:
        return  # checked first: the literals
    found: list[ValueCandidate] = []
    _mortality(title, find_measures(title.text, RULES), cohort, found)
    cands.extend(c for c in found if c.rule.endswith(".none") and c.value == 0.0)


def _whole_series_scope(cand: ValueCandidate) -> bool:
    """The value's sentence is scoped to the whole series ("For the whole cohort, morbidity was 26%", "In the entire
    series"): in a mixed-primary series whose breast patients are the cohort, not the breast patients' figure (a
    scope naming the breast patients, "for the whole breast cancer group", stays)."""
    pattern = _cue("cue.whole_series_scope")
    text = cand.sent.text
    if not may_match(pattern, text):
        return False
    # the scope reaches the value only within its statement: "Operative mortality for the entire cohort was 2.1%, and no
    # patient with breast cancer died" keeps the breast patients' zero
    breast = _cue("cue.breast_scope")
    return any(m.start() < cand.start and not breast.search(text, m.start(), cand.end)
               and not _CLAUSE_BREAK.search(text, m.end(), cand.start)
               for m in pattern.finditer(text, 0, cand.start))


def _breast_subgroup(doc: Doc) -> bool:
    try:
        from litreview.extract.cohort import cohort_is_breast_subgroup
    except ImportError:  # pragma: no cover - the core module is always there in a full install
        return False
    return cohort_is_breast_subgroup(doc)


def _share_of(value: float, cohort: int) -> bool:
    """Whether a percentage can be k of ``cohort`` patients (within its rounding: 0.5 for a whole per cent, 0.05 for
    one decimal). In a mixed-primary series whose breast patients are the cohort, a rate that cannot ("Overall
    morbidity was 22.9%" beside 24 breast patients) is the whole series' figure, not the breast patients'."""
    tolerance = 0.5 if float(value).is_integer() else 0.051
    k = round(value * cohort / 100)
    return abs(100 * k / cohort - value) <= tolerance


_OF_TOTAL = re.compile(r"(?<![\w.,%])\d+\s+of\s+(?:the\s+|all\s+)?(?P<d>\d+)\b(?!\s*(?:%|[.,]\d))", re.IGNORECASE)


def _larger_series_share(doc: Doc, cand: ValueCandidate, cohort: int | None) -> bool:
    """A share of more patients than the cohort in a mixed-primary series whose breast patients are the cohort
    ("Complications occurred in 9 of the 39 patients (23.1%)" where "the 27 women with breast cancer" are the
    cohort): the whole series' figure, not the breast patients'."""
    if not cohort or cand.value == 0.0 or " of " not in cand.sent.text:  # checked first: the cheap literal
        return False
    text = cand.sent.text
    totals = [m for m in _OF_TOTAL.finditer(text, max(0, cand.start - 40), cand.end)
              if m.end() <= cand.end and int(m.group("d")) > cohort]
    if not totals:
        return False
    subset = re.compile(rf"\b{cohort}\s+(?:women|patients)\s+(?:with|had)\s+(?:metastatic\s+)?breast\b"
                        rf"|\bbreast\s+(?:cancer|carcinoma|primar(?:y|ies))?\s*\(\s*n\s*=\s*{cohort}\s*\)", re.IGNORECASE)
    return bool(subset.search(doc_text(doc)))


# a count of operations ("Nine hepatectomies were followed by a complication", "11 of the 44 resections", "followed 9
# operations"), and the words
# of a series with more operations than patients (repeat resections)
_OPERATION_COUNT = re.compile(rf"(?:(?:after|followed|following|complicated)\s+)?(?P<n>{INT})\s+(?:of\s+(?:the\s+)?{INT}\s+)?(?:(?:liver|hepatic)\s+)?"
                              r"(?:hepatectomies|resections|operations|procedures)\b", re.IGNORECASE)
_REPEAT_OPERATIONS = re.compile(r"\b(?:repeat(?:ed)?|redo|second|re-?)[\s-]*(?:liver\s+)?(?:hepatectom\w+|resections?|"
                                r"operations?|surgery)\b|\bre-?hepatectom\w+|\btwo-stage\b", re.IGNORECASE)


def _operations_not_patients(doc: Doc, cand: ValueCandidate, cohort: int | None) -> bool:
    """A complication count of operations read as patients ("Nine hepatectomies were followed by a complication") in
    a series that had more operations than patients (repeat resections, "38 hepatectomies" in 30 women): which
    patients the complications affected is unknown."""
    if not cand.rule.endswith(".count") or not _OPERATION_COUNT.match(cand.sent.text, cand.start):
        return False  # checked first: nearly every count is of patients
    text = doc_text(doc)
    if not cohort or _REPEAT_OPERATIONS.search(text):
        return True
    return any((n := parse_number(m.group("n"))) is not None and n > cohort for m in _OPERATION_COUNT.finditer(text))
