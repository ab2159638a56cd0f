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
  except two", "17 were classified as R0 and two as R1", "R0, 20; R1, 3; R2, 1",
  "R0 (margin >= 1 mm): 20; R1 (< 1 mm): 4", "in three patients (R1) and in one (R2);
  all remaining R0" (R1 and R2 counted, the rest of the cohort R0); a class label closing the clause its count
  opened ("R1 in 3 patients; in two further patients, a deep lesion ... was ablated instead (R2)");
* further classes declared R0 with the R0 count: "clear in 22 patients and narrow (< 1 mm) in 3, all of
  which were considered R0" -> 25 over the cohort;
* an R0 count and an involved count in one sentence ("clear margins in 46 patients,
  whereas the margin was involved in four", "clear in 36 and involved in four"):
  R0 / (R0 + R1) when the cohort size is unknown or smaller than the two;
* counts per surgical arm are summed ("in 22 laparoscopic and 27 open resections"),
  an ablation arm's is left out; "in 49 of the resected patients" is over the cohort;
  "in 19 (95.0%) and 29 (90.6%) patients, respectively" is pooled when the arms' sizes (count / share)
  add up to the cohort, else left empty (never one arm's value);
* exceptions: "margins were free of tumour except in three patients" -> (cohort - 3) / cohort;
* clear / close / involved counts ("clear in 34 patients, close in 6 and involved in 4"): a close margin is not
  involved, so R0 = clear + close, unless the abstract defines R1 by 1 mm or labels a class R1 (then empty, never
  the clear count alone); R0 definitions imply R1's ("R0 was any resection without tumour at the margin", "R0
  defined as a margin of at least 1 mm"), and so do definitions written backwards ("any margin narrower than 1 mm
  was classified as R1");
* per-lesion values ("clear margins in 80 lesions (92.0%)") give way when their denominator is not the cohort;
* "all (surgical) margins were negative" -> 100 (not after "not"); "Three resections were completed with clear
  margins" (a count over the cohort);
* a width list read with the abstract's R1 definition before an R1 phrase inside it ("... and 0 mm (tumour at the
  margin) in 4"); with several narrow classes and no definition, the R1 phrase's count is no R1 count;
* margin-width classes where only the narrow class is labelled R1 ("10 mm or more in 19, 1-9 mm in 14
  and less than 1 mm (R1) in 4" -> 33/37, the classes adding up to the cohort); in a width list a
  tumour-free margin's count is one class's, never the R0 count.

* per-arm fractions of one phrase ("negative margins in 27/28 LH and 33/35 OH patients", "19/20 laparoscopic and
  20/25 open resections had clear margins") are pooled when both arms were operated and add up to the cohort,
  else left empty;
* "in the SR group" is the operated cohort when SR is spelled out as a resection; a count opening a contrasting
  clause ("all margins were free, although in two specimens ...") is not the margin phrase's;
* "no tumour at the resection surface" (R0); "in two the tumour reached the transection plane" (R1 count);
* an unlabelled margin-width list ("1 mm or more in 24, 0.1-0.9 mm in 8 and 0 mm in 3") read with the abstract's
  own R1 definition ("R1 was defined as tumour at the resection surface (0 mm)" or "... less than 1 mm");
* dash lists of classes ("R0 - 21, R1 - 3"); per-arm rates each with its arm ("97.4% in the LH group and 92.6% in
  the OH group") pooled like the other per-arm forms, else left empty (never the first arm's); an arm named in an
  appositive after the exceptions ("in all but two resections, both in the open group") is no subgroup;
* a coordinated clause with its own subject and verb ("free margins, and a complete response was observed in 3
  (18.8%)") keeps its values; "all but N" with an unknown cohort stays empty (never "all").

* a zero margin width or tumour at the inked resection surface is involved under every R1 convention ("margin
  width was 0 mm (tumour at the inked resection surface) in four patients") -> an R1 count; beside another
  sub-millimetre class ("0.1-0.9 mm in 8") without a definition the R1 count is undefined (empty); "Complete (R0)
  resection" is the R0 phrase itself, whatever the verb phrase before its count; involved lesions "which belonged
  to 6 patients" count those patients.

* negated R0 phrases count involved margins: "R0 resection was not achieved in 3 of the 30 patients" -> 90,
  "clear margins could not be obtained in four", "failed to achieve clear margins in 3 (10%)"; "the remaining two
  resections were R1"; "19 resections were R0 and three R1" (a class sharing the verb before it); involved
  lesions with the patients they belong to ("in 4 of the 35 lesions, belonging to 3 patients" -> 3 patients R1);
* anaphors: a margin figure after "among them" / "of these" / "of whom" is the group named just before: a subgroup
  smaller than the cohort is left out ("Fourteen required major hepatectomy; among them, R0 in 12"), the patients
  with known margins are the denominator ("margin status was reported for 780 patients, of whom 632 had R0");
* CONCLUSIONS sentences naming the authors' own series ("In our 27 patients, ... tumour-free margins in 25") when
  the rest of the abstract gives no margin figure; an abstract that is one concluding section ("Summary: ...") is
  read in full.

* a definition set off by commas or brackets between the phrase and its value is skipped ("An R1 resection,
  defined as tumour within 1 mm of the transection plane, was found in 9 patients"); "microscopically negative
  surgical margins" is one phrase; "tumour at the resection line" is an involved margin like "... plane";
* exceptions named by case number in a small series ("R0 except in case 3", "except for patients 2 and 4"), the
  numbers checked to be cases of the series; "in 38 of these 44 patients" only when 44 is the cohort;
* a small series (2-5 patients) told patient by patient, one margin status per sentence, as many statuses as
  patients ("Patient 1 ... clear margins (R0)", "Patient 2 ... margin involvement (R1)") -> R0 statuses / cohort;
* hypothetical clauses are blanked, not whole sentences ("R0 in 32 of 35 (91.4%), whereas only 77.1% would
  qualify as R0 under a 1-mm rule" -> 91.4); a per-lesion fraction followed by the per-patient one ("in 65 of 71
  lesions (91.5%) but in only 29 of the 34 patients") -> the patients'; a per-patient fraction followed by a
  per-lesion one is no pair of arms; "Overall, / At patient level, N patients had clear margins" opens the count's
  clause; "four had R1 and one an R2 resection";
* mixed-primary series: a sentence naming the breast patients ("In the breast cancer subgroup, ...", "For the 37
  women with breast cancer, ...", a size equal to the cohort) is no subgroup, and its margin figures outrank the
  whole series' ("For the whole series, R0 in 84%").

* "N resections were classified R0 and M R1" (no "as"); "histological clearance of the resection margin"; "the
  margins were (histologically) free in N" (never after "not"); "(microscopic) tumour was found at the resection
  margin" (R1); a width class labelled after its width ("<1 mm (R1)", "0 mm (R1)", ">=1 mm (R0)") defines R1;
* "in all 17 laparoscopic and in 23 of 26 open procedures" is a pair of arms (pooled like two fractions), and an
  overall figure bracketed after them ("(overall 40/43, 93.0%)") is the cohort's; so is "in all 12 patients with one
  lesion and in 15 of 18 with several" (pooled, never 100); a bare count of lesions ("in 7
  lesions") is no count of patients, unless involved lesions name theirs ("which belonged to 5 patients");
* the breast patients of a mixed series named "the 41 women with a breast primary".

* the resection surface, plane or line as the subject ("the resection surface was free of tumour in all but one
  specimen", "the transection plane was involved in 3"); a class count with a 'with' qualifier before its verb
  ("eight specimens with a margin below 1 mm were classified as R1, and three R2 resections ..." -> R1 and R2
  subtracted, never the R2 count alone); a group named in a later ';' clause than the margin phrase ("In the LR
  group, margin involvement in three specimens; in the MWA group, ...") or before a clause opening with the
  operated arm ("In the RFA group, ...; in the resection group, ...") is no subgroup of the margin phrase;
* a sentence counting resections of unknown margin status ("R0 in 221, R1 in 29 and R2 in 2, and RX or missing in
  16") gives no value: neither the cohort nor the known ones are a determinable denominator (another attribute's
  unknown count, "HER2 status was unknown in 6", does not count).

Not used: an R0 phrase after "after" / "following" in a sentence giving a survival or recurrence share ("5-year
survival of patients after R0 resection was 41%": that group's outcome), general statements of what "can be
achieved", ranges across studies ("R0 rates ranged from 70% to 95%", "negative margins in 65-100% of resections"),
rates quoted from
other studies (:func:`litreview.extract.cohort.cites_other_series`), R0 as a prognostic factor ("R0 resection (p=0.02)"), what seemed
achievable, subgroups ("among the 21 patients with HER2-positive disease, 20 had a
tumour-free margin"), groups named by their margins whose outcome follows ("recurrence
in 13 of 46 (28%) with clear margins"), and "complete"/"radical" resection without a
margin word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc

from litreview.extract.base import NUMBERED_SERIES_MAX, UNNUMBERED_SERIES_MAX, Sentence, make_finding, sentences
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
            "other_measure", "comparison", "other_arm", "per_lesion", "exception_locator", "per_arm_rate",
            "own_series", "range_tail", "anaphor", "data_denominator", "negated_r0_after", "negated_r0_before",
            "lesion_patients", "definition_aside", "clause_boundary", "patient_level_after", "breast_cohort",
            "outcome_after", "outcome_measure", "overall_value")
    vocab = {key: re.compile(data[key], flags) for key in keys}
    # "reported in 29 studies": the receptor vocabulary's words for counts that are not of patients, shared
    vocab["not_patients_after"] = re.compile(load_json("receptors.json")["not_patients_after"], flags)
    return vocab


def _fragment(key: str) -> str:
    """A vocabulary fragment of ``margins.json`` that is built into a larger pattern."""
    return str(load_json("margins.json")[key])


_UNIT = r"(?:patients|women|cases|resections|specimens|procedures|hepatectomies|operations|lesions)"
# the same, singular or plural ("one patient had an R1 margin")
_UNIT_ANY = r"(?:patients?|wom[ae]n|cases?|resections?|specimens?|procedures?|hepatectom(?:y|ies)|operations?|lesions?)"
# filler between a margin phrase and its value: no digits, except a margin width ("1 mm")
_F = r"(?:[^;\d%]|\d+(?:[.,]\d+)?\s?(?:mm|cm)\b)"
# lesions counted instead of patients ("in 80 metastases (92%)"), see _per_lesion
# ("of 80 resected lesions" is lesions too: the adjectives of rules/margins.json lesion_unit)
_LESIONS = r"\s+(?:(?:liver|hepatic|resected|treated)\s+)?(?:metastases|nodules|tumou?rs|lesions|deposits)"
_AFTER = [
    ("count_of_pct", re.compile(rf"^[^;%]{{0,50}}?(?<![\w.\-/])(?P<n>{INT})\s*"
                                rf"(?:/|\s+(?:out\s+)?of\s+(?:the\s+|our\s+|(?P<these>these\s+)|all\s+)?)(?P<d>{INT})(?P<u>\s+{_UNIT}|{_LESIONS})?"
                                rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%)?", re.I)),
    ("pct_fraction", re.compile(rf"^{_F}{{0,50}}?(?<![\w.])(?P<p>{PCT})\s?%(?:\s*[\(\[]\s*(?P<n>\d+)\s*/\s*(?P<d>\d+))?",
                                re.I)),
    ("count_pct", re.compile(rf"^{_F}{{0,80}}?\b(?:in|for)\s+(?P<n>{INT})(?P<u>\s+{_UNIT}|{_LESIONS})?\s*[\(\[]\s*"
                             rf"(?P<p>{PCT})\s?%",
                             re.I)),
    ("n_equals", re.compile(r"^[^;%]{0,12}?\bn\s*=\s*(?P<n>\d+)", re.I)),
    ("colon_count_pct", re.compile(rf"^\s*[:=,]?\s*(?P<n>{INT})\s*[\(\[]\s*(?P<p>{PCT})\s?%", re.I)),
    ("all_but", re.compile(rf"^{_F}{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?"
                           rf"(?:but|except(?:\s+for)?|save)\s+(?P<k>{INT})\b", re.I)),
    # "negative in all but patient 3", "in every case except cases 2 and 5": numbered cases of the series
    ("all_but_cases", re.compile(rf"^{_F}{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?"
                                 rf"(?:but|except(?:\s+for)?|save)\s+(?:in\s+)?(?:the\s+)?{_fragment('case_ids')}", re.I)),
    ("all", re.compile(rf"^[^;%\d]{{0,40}}?\bin\s+(?:all|every|each)\s+(?:(?:of\s+the\s+)?(?P<n>{INT})\s+)?"
                       rf"(?:{_UNIT[3:-1]}|patient|case|resection)\b", re.I)),
    # "in 49 of the resected patients": the named group is the cohort
    ("count_of_group", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})\s+of\s+(?:the|these|our|all)\s+"
                                  r"(?:(?:resected|operated|included|surgical|hepatectomy)\s+)?"
                                  r"(?:patients|women|cases)\b"
                                  r"(?!\s+(?:with|who|in\s+whom|receiving|treated|having|undergoing))", re.I)),
    # "in 22 laparoscopic and 27 open resections", "in three open and one laparoscopic specimen": one count per arm,
    # see _arm_count
    ("count_arms", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})\s+(?!{_UNIT_ANY}\b)(?P<a1>[a-z][\w-]*)\s+and\s+"
                              rf"(?P<n2>{INT})\s+(?P<a2>[a-z][\w-]*)\s+{_UNIT_ANY}\b", re.I)),  # "... and one laparoscopic specimen"
    ("count", re.compile(rf"^{_F}{{0,50}}?\b(?:in|for)\s+(?P<n>{INT})(?:\s+{_UNIT})?(?!\s*(?:[\(\[%/]|of\b))", re.I)),
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
        rf"|\bin\s+(?P<n7>{INT})(?:\s+{_UNIT_ANY}(?:\s*[\(\[]|(?:\s*,)?\s+the)|\s+the)\s*$"
        rf"|(?<![\w.\-/])(?P<n6>{INT})\s*[\(\[]\s*(?P<p6>{PCT})\s?%\s*[\)\]]\s+(?:had|underwent|received|were|was)\b"
        rf"[^;%\d]{{0,30}}$"
        # "Twenty patients had a complete resection with free margins", "Only three patients had an involved (R1) margin",
        # "Twenty-nine resections were classified as R0"
        rf"|(?:(?:^|[.;:,]\s*)(?:of|among)\s+(?:whom|them|these|those),?\s+|(?:^|[.;:]\s*)(?:{_fragment('whole_series_prefix')},?\s+)?"
        rf"|\b(?:and|while|whereas)\s+)"
        rf"(?:(?:only|just)\s+)?(?:{_fragment('remainder')}\s+)?(?P<n5>{INT})\s+(?:{_UNIT_ANY}\s+)?"
        rf"(?:of\s+(?:them|these|those)\s+)?"
        rf"(?:had|underwent|received|were)\s+(?:{class_verb}\s+|{_fragment('completion_verb')}\s+)?(?:an?\s+)?"
        rf"(?:(?:microscopically|histologically|complete|curative)\s+)?"
        rf"(?:(?:resection|hepatectomy)\s+with\s+(?:an?\s+)?)?(?:{adjective}\s*[\(\[]\s*)?$", re.I)


_ALL = re.compile(rf"\b(?:all|every|each|both)\s+(?:(?P<n>{INT})\s+)?(?:of\s+the\s+|of\s+(?:these|them)\s+)?"
                  rf"(?:\w+\s+)?{_UNIT[:-1]}|patient|resection|case|hepatectomy)?\b", re.I)
# "all margins were free", "Pathologically, all surgical margins were negative": the quantifier opens the phrase
_ALL_OPENING = re.compile(r"\b(?:all|every|each)(?:\s+(?:the|of\s+the))?\s+$", re.I)
_ALL_BUT = re.compile(rf"\b(?:all|every|each)\s+(?:(?:{_UNIT[3:-1]}|patient|case|resection)\s+)?(?:but|except(?:\s+for)?|save)"
                      rf"\s+(?P<k>{INT})\b", re.I)
_ALL_OTHERS = re.compile(r"\b(?:all\s+(?:the\s+)?(?:others?|remaining)|the\s+(?:others?|remaining)|the\s+rest|the\s+remainder)\b"
                         r"[^;%\d]{0,40}$", re.I)
# "All resections were R0 except two"
_EXCEPT_AFTER = re.compile(rf"^[^;%\d]{{0,30}}?\b(?:except|but|save)\s+(?:for\s+)?(?:in\s+)?(?P<k>{INT})\b", re.I)
_NONE_R1 = re.compile(r"\b(?:no|none\s+of\s+the|not\s+a\s+single)\b", re.I)
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


_NOT_R1 = re.compile(r"\b(?:no|not|without|avoid\w*|risk|if|unless|despite)\b", re.I)
# "(95% CI 1.4-8.2)", "(p = 0.02)": bracketed statistics are no margin-class counts
_TALLY_MASK = re.compile(r"[(\[][^()\[\]]*(?:CI|[pP]\s*[=<>])[^()\[\]]*[)\]]")


_R_CLASS = re.compile(r"\bR([012])\b")
_R1_WORD = re.compile(r"\bR1\b")
# "from 72% to 96%", "between 65% and 100%", "75-95%": a range across studies, not one cohort's rate
_RANGE_AFTER = re.compile(r"^\s?%?\s*(?:to|-|\u2013|and)\s*\d+(?:[.,]\d+)?\s?%", re.I)
_RANGE_BEFORE = re.compile(r"\b(?:between|from|rang(?:ed|ing|e)(?:\s+from)?)\s*$", re.I)
# a count per margin class: "four resections were R0 and one was R1", "R0 in 36, R1 in 3 and R2 in 1",
# "R0/R1/R2 in 38/5/1"
@lru_cache(maxsize=1)
def _tally_before() -> re.Pattern[str]:
    """A count before its margin class: "four resections were R0", "17 were classified as R0 and two as R1", "eight
    specimens with a margin below 1 mm were classified as R1" (a short 'with' qualifier after the unit)."""
    return re.compile(rf"(?<![\w.\-/%])(?P<n>{INT})\s+(?:(?:{_UNIT_ANY}|of\s+(?:them|these|those))\s+"
                      rf"(?:{_fragment('count_qualifier_with')}\s+(?=were\b|was\b))?)?"
                      rf"(?:(?:were|was|had|underwent|received)\s+(?:{_fragment('class_verb')}\s+)?|as\s+)"
                      rf"(?:an?\s+)?(?:(?:microscopically|histologically)\s+)?"
                      rf"(?:{_fragment('status_adjective')}\s+)?\(?R(?P<r>[012])\b", re.I)


# "R0 in 36", "R0: 36", "R0, 36", "R0 - 36" (a dash list, en dashes normalised), "R0 (n = 36)", "R0 (margin >= 1 mm): 36"
# (a bracketed definition is skipped);
# a class as the bracketed label of its phrase: "involved margins (R1) were found in 5"
_TALLY_AFTER = re.compile(rf"\bR(?P<r>[012])(?:(?<=\(R[012])\))?(?:\s+(?:resections?|margins?|status))?(?:\s*\((?!\s*n\s*=)[^()\d]{{0,30}}"
                          rf"(?:\d+(?:[.,]\d+)?\s?mm[^()\d]{{0,10}})?\))?"
                          rf"(?:\s+(?:was|were|remained)\s+(?:[a-z]+\s+){{0,2}}?(?=in\s))?"
                          rf"\s*(?:[:=]\s*|,?\s*\bin\s+|,\s*(?=\d)|\s*\(\s*n\s*=\s*|-\s+|\s+(?:-\s*)?)"
                          rf"(?P<n>{INT})(?!\s*(?:[%/.,]\d|of\b|mm|cm|months?|years?|-year))", re.I)
# "in three patients (R1) and in one (R2)": the class as a bracketed label after its count
_TALLY_LABEL = re.compile(rf"\bin\s+(?P<n>{INT})(?:\s+{_UNIT_ANY})?\s*[\(\[]\s*R(?P<r>[012])\s*[\)\]]", re.I)


@lru_cache(maxsize=1)
def _tally_label_late() -> re.Pattern[str]:
    """A bracketed class closing the clause that opened with its count: "in two further patients, a deep lesion
    could not be removed and was ablated (R2)" (no other count, number, bracket or clause break between)."""
    return re.compile(rf"\bin\s+(?P<n>{INT})\s+(?:{_fragment('count_qualifier')}\s+)?{_UNIT_ANY}\b"
                      rf"(?:(?!\bin\s+{INT}\b)[^;\d()\[\]]){{1,120}}?[\(\[]\s*R(?P<r>[012])\s*[\)\]]", re.I)


# a further class sharing the verb of the one before: "19 resections were R0 and three R1", "..., 4 R1 and 1 R2"
# ("four had R1 and one an R2 resection": the article too)
_TALLY_ELLIPTIC = re.compile(rf"(?:\band|,)\s+(?P<n>{INT})\s+(?:{_UNIT_ANY}\s+)?(?:as\s+)?(?:an?\s+)?R(?P<r>[012])\b",
                             re.I)


_BRACKET_CLASS = re.compile(r"[\(\[]\s*R[012]\s*[\)\]]")
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
    patterns = [_tally_before(), _TALLY_AFTER, _TALLY_LABEL, _TALLY_ELLIPTIC]
    if _BRACKET_CLASS.search(text):  # the costly late label needs a bracketed class to close on
        patterns.append(_tally_label_late())
    for pattern in patterns:
        for m in pattern.finditer(text):
            n = parse_number(m.group("n"))
            if n is not None and float(n).is_integer() and m.group("r") not in found:
                found[m.group("r")] = float(n)
    if "0" not in found and (found.keys() & {"1", "2"}) and (width := _width_classes(text, cohort)) is not None:
        return width
    if (found.keys() & {"1", "2"}) and _untallied(text) > len(found):
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


# a count closing a margin class of a list: "10 mm or more in 19", "1-9 mm, n = 14"
_LIST_COUNT = re.compile(rf"(?:\bin\s+|\bn\s*=\s*)(?P<n>{INT})\b(?!\s*(?:[%/.,]\d|%|of\b|mm|cm|months?|years?|-))", re.I)


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
    span = re.compile(rf"(?<![\d.,])(?P<a>{num})\s*(?:-|\u2013|to)\s*(?P<b>{num})\s?mm\b", re.I)
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
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        return _Bounds(float(a), True, float(b), True) if a is not None and b is not None and a <= b else None
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
    return found.pop() if len(found) == 1 else None


def _r1_definitions(text: str) -> set[str]:
    """The R1 definitions of a sentence: "R1 was defined as ..." or "... was classified as R1" (the clause before)."""
    found = set()
    definitions = [m.group(0) for m in re.finditer(_fragment("r1_definition"), text, re.I)]
    for m in re.finditer(_fragment("r1_definition_reversed"), text, re.I):
        if re.search(_fragment("negation_before"), text[:m.start()], re.I):
            continue  # "were not classified as R1" defines nothing
        definitions.append(re.split(r"[.;:]", text[max(0, m.start() - 100):m.start()])[-1])
    for definition in definitions:
        if re.search(_fragment("r1_under_1mm"), definition, re.I) or re.search(_fragment("close_class"), definition,
                                                                                 re.I):
            found.add("under1")  # "close margins were considered R1": close is under the 1 mm threshold
        elif re.search(_fragment("r1_zero_width"), definition, re.I):
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
        elif (zero := re.search(_fragment("r1_zero_width"), definition, re.I)) and (
                re.search(_fragment("negated_width"), definition[:zero.start()], re.I)
                or re.search(rf"{_fragment('width_lower')}\s*$", definition[:zero.start()], re.I)):
            found.add("zero")  # "no tumour at the margin", "a margin > 0 mm"
    return found


def _defined_width_share(text: str, definition: str, cohort: int | None) -> float | None:
    """The R0 share of a margin-width list without class labels, its classes split by the abstract's definition of
    R1 ("1 mm or more in 24, 0.1-0.9 mm in 8 and 0 mm in 3" with R1 = 0 mm -> 32/35); the classes must add up to
    the cohort."""
    if not cohort or _R_CLASS.search(text) or not _is_width_list(text):
        return None
    counts = {"0": 0.0, "1": 0.0}
    for seg, n in _width_segments(text):
        bounds = _bounds(seg)
        label = _defined_class(bounds, definition) if bounds is not None else None
        if label is None:
            return None
        counts[label] += n
    if counts["0"] + counts["1"] != cohort or not counts["0"]:
        return None
    return percent(counts["0"], float(cohort))


def _narrow_classes(text: str) -> int:
    """How many classes of a margin-width list are narrow or involved (see ``narrow_width``). A sub-millimetre class
    ("0.1-0.9 mm in 8") counts too: R1 under the 1-mm convention, so beside a 0-mm class the R1 count is undefined."""
    narrow, r1 = re.compile(_fragment("narrow_width"), re.I), _vocab()["r1"]
    submm = re.compile(_fragment("submillimetre_width"), re.I)
    return sum(1 for seg, _ in _width_segments(text) if narrow.search(seg) or submm.search(seg) or r1.search(seg))


def _defined_width_finding(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> Finding | None:
    """The R0 share of a margin-width list in a sentence, read with the abstract's R1 definition."""
    if not cohort or cohort < 2 or _R_CLASS.search(text) or _is_subgroup(doc, text) \
            or _vocab()["prognostic"].search(text) or (definition := _r1_definition(doc)) is None:
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


def _width_list_findings(doc: Doc, cohort: int | None) -> list[Finding]:
    """R0 from a margin-width list without R0/R1 words, read with the abstract's own R1 definition (see
    :func:`_defined_width_share`)."""
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE", "TITLE") or "mm" not in sent.text \
                or "margin" not in sent.text.lower():
            continue
        if _r1_definition(doc) is None:
            return []  # looked up only for an abstract with a candidate list: every sentence is read
        finding = _defined_width_finding(doc, sent, normalise(sent.text), cohort)
        if finding is not None:
            return [finding]
    return []


def _untallied(text: str) -> int:
    """How many "in N" counts the sentence gives (labelled with a margin class or not)."""
    return len(_CLASS_COUNT.findall(text))


def _r0_only_as_rest(text: str) -> bool:
    """Whether every "R0" of the sentence names the remainder ("all other resections were R0")."""
    return all(_ALL_OTHERS.search(text[max(0, m.start() - 60):m.start()])
               for m in re.finditer(r"\bR0\b", text))


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


def _of_cohort(n: float | None, cohort: int | None, how: str, end: int) -> _Found | None:
    """A bare count: its share of the cohort, kept with the count (a sentence may give the other class's count)."""
    if n is None:
        return None
    share = percent(float(n), float(cohort)) if cohort else None
    return _Found(share, how + "_of_cohort", float(n), end)


def _arm_count(g: dict[str, str | None]) -> float | None:
    """The resected patients' count of "in 22 laparoscopic and 27 open resections" (both arms operated: the sum)
    or "in 18 ablated and 36 resected patients" (the surgical arm's); None when neither arm is surgical."""
    other = _vocab()["other_arm"]
    arms = [(parse_number(g[n] or ""), other.search(g[arm] or "")) for n, arm in (("n", "a1"), ("n2", "a2"))]
    surgical = [n for n, is_other in arms if not is_other]
    if not surgical or any(n is None for n in surgical):
        return None
    return float(sum(surgical))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _except_count() -> re.Pattern[str]:
    """The exceptions to a margin statement: "free of tumour except in three patients (7.7%)", or the numbered
    cases of a small series it names ("R0 except in case 3", "except for patients 2 and 4")."""
    return re.compile(rf"^(?P<f>[^;%\d]{{0,40}}?)\b{_fragment('exception')}\s+(?:in\s+|for\s+)?(?:the\s+)?"
                      rf"(?:{_fragment('case_ids')}|(?P<k>{INT})\b(?!\s*(?:[%/.,]\d|of\b|mm|cm))(?:\s+{_UNIT_ANY})?"
                      rf"(?:\s*[\(\[]\s*(?P<p>{PCT})\s?%)?)", re.I)


def _case_count(ids: str, cohort: int | None) -> int | None:
    """How many numbered cases "3", "2 and 4", "1, 3 and 5" name: only when every number can be a case of the
    series (distinct, 1..cohort, fewer than the cohort), else the numbers are something else (ages, years)."""
    numbers = [int(n) for n in re.findall(r"\d+", ids)]
    if not cohort or len(set(numbers)) != len(numbers) or not all(1 <= n <= cohort for n in numbers) \
            or len(numbers) >= cohort:
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


@lru_cache(maxsize=1)
def _arm_pair() -> re.Pattern[str]:
    """A second count and share right after the first: "in 19 (95.0%) and 29 (90.6%) patients"."""
    return re.compile(rf"^\s*[\)\]]?\s*(?:{_UNIT}\s*)?,?\s*(?:and|vs\.?|versus)\s+(?:in\s+)?"
                      rf"(?P<n>{INT})\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]]"
                      rf"(?!\s*(?:{_UNIT_ANY}\s+)?(?:had|were|was|with|underwent|showed)\b)", re.I)


def _arm_size(n: float, share: float) -> int | None:
    """The group size that makes ``n`` the given share of it (shares are rounded to 0.1-1 point)."""
    if share <= 0 or n <= 0:
        return None
    size = round(n * 100 / share)
    return size if size and abs(n * 100 / size - share) <= 0.6 else None


def _per_arm(text: str, pos: int, n: float | None, share: float, cohort: int | None) -> _Found | None:
    """Per-arm values "in 19 (95.0%) and 29 (90.6%) patients, respectively": the counts pooled over the cohort
    when the arms' sizes (count / share) add up to it; a ``_Found`` with no share when the pair is of two arms
    that do not (never one arm's value); None when there is no pair or both shares are of the same group ("in
    45 (90%) and 5 (10%)")."""
    m = _arm_pair().match(_mask(text[pos:pos + 60]))
    n2, share2 = (parse_number(m.group("n")), parse_number(m.group("p"))) if m else (None, None)
    if m is None or n is None or n2 is None or share2 is None:
        return None
    sizes = (_arm_size(float(n), share), _arm_size(float(n2), float(share2)))
    if None not in sizes and sizes[0] == sizes[1]:
        return None  # two classes of one group, not two arms
    if cohort and None not in sizes and sum(sizes) == cohort:  # type: ignore[arg-type]
        return _Found(percent(float(n) + float(n2), float(cohort)), "arm_pair")
    return _Found(None, "arm_pair")


@lru_cache(maxsize=1)
def _second_fraction() -> re.Pattern[str]:
    """A second fraction right after the first, joined to it: "in 27/28 LH and 33/35 OH patients", "in 20 of 21
    (95%) after open and 14 of 15 (93%) after laparoscopic resection" (group names of up to three words between)."""
    return re.compile(rf"^\s*[\)\]]?(?P<a1>(?:\s*[\w-]+){{0,3}}?)\s*,?\s*(?:and|vs\.?|versus|compared\s+with)\s+"
                      rf"(?:in\s+)?(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)(?P<d>{INT})\b"
                      rf"(?!\s*(?:[%.,]\d|mm|cm))(?P<a2>[^;%\d]{{0,60}})", re.I)


def _pooled_fractions(n1: float, d1: float, n2: float, d2: float, arms: str, cohort: int | None) -> _Found:
    """Two fractions of one margin phrase, one per arm: pooled when both arms were operated and together make
    the cohort (or the cohort is unknown); a ``_Found`` without a share otherwise (never one arm's value)."""
    if _vocab()["other_arm"].search(arms) or _vocab()["per_lesion"].search(arms) or not d1 or not d2:
        return _Found(None, "arm_pair")
    if cohort and d1 + d2 != cohort:
        return _Found(None, "arm_pair")
    return _Found(percent(n1 + n2, d1 + d2), "arm_fractions")


@lru_cache(maxsize=1)
def _first_fraction() -> re.Pattern[str]:
    """A fraction joined to the next one, before it: "27/28 LH and " (see :func:`_second_fraction`)."""
    return re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)(?P<d>{INT})\b"
                      rf"(?:\s*[\(\[]\s*{PCT}\s?%\s*[\)\]])?(?P<a1>(?:\s*[\w-]+){{0,3}}?)\s*,?\s*"
                      rf"(?:and|vs\.?|versus|compared\s+with)\s+(?:in\s+)?$", re.I)


def _fraction_arms(text: str, pos: int, g: dict[str, str | None], cohort: int | None) -> _Found | None:
    """Per-arm fractions after a margin phrase ("Negative margins were obtained in 27/28 LH and 33/35 OH
    patients"); None when the phrase has one fraction only."""
    m = _second_fraction().match(_mask(text[pos:pos + 140]))
    if m is None:
        return None
    if _vocab()["per_lesion"].match(m.group("a2")) and not _vocab()["per_lesion"].match(g.get("u") or ""):
        return None  # "in 27 of the 30 patients and in 60 of 64 lesions": the same resections per lesion, not an arm
    values = [parse_number(v or "") for v in (g.get("n"), g.get("d"), m.group("n"), m.group("d"))]
    if any(v is None for v in values):
        return None
    n1, d1, n2, d2 = (float(v) for v in values)  # type: ignore[arg-type]
    return _pooled_fractions(n1, d1, n2, d2, m.group("a1") + " " + m.group("a2"), cohort)


def _overall_value(after: str, cohort: int | None) -> _Found | None:
    """The whole cohort's figure bracketed after per-arm ones in the phrase's clause ("in all 17 laparoscopic and in
    23 of 26 open procedures (overall 40/43, 93.0%)"); a fraction over another number than the cohort (lesions) is
    no such figure."""
    clause = after.split(";")[0]
    lowered = clause.lower()
    if "overall" not in lowered and "total" not in lowered and "altogether" not in lowered:
        return None
    m = _vocab()["overall_value"].search(clause)
    if m is None or not (m.group("p") or m.group("d")):
        return None
    n, d = parse_number(m.group("n") or ""), parse_number(m.group("d") or "")
    if d is not None and (not d or n is None or n > d or (cohort and d != cohort)):
        return None
    share = float(parse_number(m.group("p")) or 0.0) if m.group("p") else percent(float(n), float(d))  # type: ignore[arg-type]
    return _Found(share, "overall") if share is not None and share <= 100 else None


@lru_cache(maxsize=1)
def _all_arm() -> re.Pattern[str]:
    """An arm whose every resection had the phrase's margin, before another arm's fraction: "in all 17
    laparoscopic and in " (23 of 26 open procedures)."""
    return re.compile(rf"\ball\s+(?:(?:of\s+)?the\s+)?(?P<k>{INT})\s+(?P<a1>[a-z][\w-]*)(?:\s+{_fragment('arm_noun')})?"
                      rf"\s*,?\s*(?:and|vs\.?|versus|compared\s+with)\s+(?:in\s+)?$", re.I)


def _all_arm_before(after: str, m: re.Match[str], cohort: int | None) -> _Found | None:
    """Per-arm figures "in all 17 laparoscopic and in 23 of 26 open procedures": pooled like two fractions (17/17
    and 23/26) when the arms add up to the cohort; a ``_Found`` without a share otherwise (never the second arm's
    fraction); None when no such arm precedes the fraction."""
    first = _all_arm().search(after, 0, m.start("n"))
    k, n, d = (parse_number(v or "") for v in (first.group("k") if first else None, m.group("n"), m.group("d")))
    if first is None or k is None or n is None or d is None:
        return None
    if cohort and k == cohort:
        return _Found(100.0, "all")  # "in all 30 patients, and 12 of 30 ...": the whole cohort's margins
    arms = first.group("a1") + " " + re.split(r"[%\d(\[]", after[m.end("d"):m.end("d") + 60])[0]
    return _pooled_fractions(float(k), float(k), float(n), float(d), arms, cohort)


@lru_cache(maxsize=1)
def _fraction_after_all() -> re.Pattern[str]:
    """A second group's fraction joined to an "all N" group: "(in all 12 patients with one lesion) and in 15 of 18
    with several"."""
    return re.compile(rf"(?P<a1>[^;%\d]{{0,50}}?)\s*,?\s*\b(?:and|vs\.?|versus|whereas|but)\s+(?:in\s+)?(?P<n>{INT})\s*"
                      rf"(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)(?P<d>{INT})\b(?!\s*(?:[%.,]\d|mm|cm))(?P<a2>[^;%\d]{{0,60}})",
                      re.I)


def _all_then_fraction(after: str, m: re.Match[str], cohort: int | None) -> _Found | None:
    """An "all N" group followed by another group's fraction: both pooled when they add up to the cohort, else a
    ``_Found`` without a share (never 100, which is the first group's only); None without such a fraction."""
    k = parse_number(m.group("n") or "")
    second = _fraction_after_all().match(after, m.end()) if k is not None else None
    if second is None or k is None or (cohort and k == cohort):
        return None  # "in all 30 patients" of a cohort of 30 is the cohort's whatever follows
    n, d = parse_number(second.group("n")), parse_number(second.group("d"))
    if n is None or d is None:
        return _Found(None, "arm_pair")
    return _pooled_fractions(float(k), float(k), float(n), float(d), second.group("a1") + " " + second.group("a2"),
                             cohort)


def _per_lesion(g: dict[str, str | None], cohort: int | None) -> bool:
    """Whether a count (with its share or denominator) counts lesions of a number that is not the cohort's: a
    per-lesion rate, which the abstract often gives beside the per-patient one."""
    if not cohort or not g.get("u") or not re.match(_fragment("lesion_unit"), g["u"] or "", re.I):
        return False
    n, d, p = (parse_number(g.get(k) or "") for k in ("n", "d", "p"))
    if d is None and n is not None and p is not None:
        d = _arm_size(float(n), float(p))
    return d is None or d != cohort


def _lesion_patients(text: str, pos: int, g: dict[str, str | None], cohort: int | None) -> _Found | None:
    """The patients an involved per-lesion count belongs to ("at the margin in 4 of the 35 lesions, belonging to
    3 patients"): the R1 count in patients. Fewer patients than involved lesions, and fewer than the cohort, or
    the number is a total rather than the involved patients'."""
    m = _vocab()["lesion_patients"].match(text[pos:pos + 80])
    lesions, patients = parse_number(g.get("n") or ""), parse_number(m.group("n")) if m else None
    if m is None or lesions is None or patients is None or not cohort or not 0 < patients <= lesions \
            or patients >= cohort:
        return None
    return _of_cohort(patients, cohort, "lesion_patients", pos + m.end())


def _is_cohort_group(g: dict[str, str | None], cohort: int | None) -> bool:
    """Whether the denominator of "N of these M" is the cohort (unknown cohort: the group is taken as it)."""
    return not cohort or parse_number(g.get("d") or "") == cohort


def _past_definition(text: str, end: int) -> int:
    """Where the phrase ending at ``end`` resumes after a definition set off by commas or brackets ("R1 resection,
    defined as tumour within 1 mm of the transection plane, was found in 9 patients"), which would otherwise push
    the value out of reach."""
    m = _vocab()["definition_aside"].match(text, end)
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


def _value(text: str, start: int, end: int, cohort: int | None, kind_of_phrase: str = "r0") -> _Found | None:
    """The share attached to the phrase at ``text[start:end]`` (an ``r0`` or ``r1`` phrase) and how it was
    found."""
    end = _past_definition(text, end)  # "An R1 resection, defined as ..., was found in 9": the value follows it
    after = _mask(text[end:end + 120])
    if (exception := _exception_share(after, cohort)) is not None:
        return exception
    if (overall := _overall_value(after, cohort)) is not None:
        return overall  # "in all 17 laparoscopic and in 23 of 26 open procedures (overall 40/43, 93.0%)"
    for kind, pattern in _AFTER:
        m = pattern.match(after)
        if not m:
            continue
        if is_distractor(text, end + m.start(m.lastindex or 0), end + m.end()):
            continue
        if kind.startswith(("pct", "count")) and _new_clause().search(after[:m.start(m.lastindex or 0)]):
            continue  # "R0 resection, and three patients (7.5%) died": the value belongs to the next clause
        if kind.startswith(("pct", "count")) and _coordinated_clause().search(after[:m.start(m.lastindex or 0)]):
            continue  # "free margins, and a complete response was observed in 3 (18.8%)": another measure's value
        if kind.startswith("count") and _count_in_new_clause().search(after[:m.start("n")]):
            continue  # "free margins (R0), whereas in three patients the margin was involved": the next clause's count
        rest = text[end + m.end():end + m.end() + 40]
        vocab = _vocab()
        if vocab["comparison"].match(rest) or (kind.startswith("pct") and vocab["other_measure"].match(rest)):
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
                return None  # a range of rates (other series), not this cohort's rate
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
        if kind == "all":
            # "in all 12 patients with one lesion and in 15 of 18 with several": two groups, pooled like fractions
            return _all_then_fraction(after, m, cohort) or _Found(100.0, kind)
        if kind == "all_but_cases":
            k = _case_count(g["ids"], cohort)
            return _Found(float(percent(cohort - k, cohort) or 0.0), kind) if cohort and k else None
        if kind == "all_but":
            k = parse_number(g["k"])
            if cohort and k is not None and 0 <= k < cohort:
                return _Found(float(percent(cohort - k, cohort) or 0.0), kind)
            return None
        if kind == "count_pct" and (arms := _per_arm(text, end + m.end(), parse_number(g["n"]),
                                                     float(parse_number(g["p"]) or 0.0), cohort)) is not None:
            return arms
        if kind == "count_of_pct" and (arms := _fraction_arms(text, end + m.end(), g, cohort)) is not None:
            return arms
        if kind == "count_of_pct" and (arms := _all_arm_before(after, m, cohort)) is not None:
            return arms
        if g.get("p"):
            return _Found(float(parse_number(g["p"]) or 0.0), kind)
        if kind == "count_arms":
            return _of_cohort(_arm_count(g), cohort, kind, end + m.end())
        n = parse_number(g.get("n") or "")
        if not g.get("d"):
            return _of_cohort(n, cohort, kind, end + m.end())
        d = parse_number(g["d"])
        share = percent(float(n), float(d)) if n is not None and d else None
        return _Found(share, kind) if share is not None else None
    return _value_before(text, start, end, cohort)


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
    if g.get("p") or g.get("p2") or g.get("p3") or g.get("p6"):
        return _Found(float(parse_number(g.get("p") or g.get("p2") or g.get("p3") or g.get("p6") or "") or 0.0),
                      "before_pct")
    if g.get("n5"):
        n5 = parse_number(g["n5"])
        if n5 is not None and cohort and n5 > cohort:
            return None
        return _of_cohort(n5, cohort, "before_count", end)
    if g.get("n4") or g.get("n7"):
        return _of_cohort(parse_number(g.get("n4") or g.get("n7") or ""), cohort, "before_count", end)
    n, d = parse_number(g.get("n") or ""), parse_number(g.get("d") or "")
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
    pattern = _vocab()["breast_cohort"]
    if not (may_match(pattern, text) and (m := pattern.search(text))):
        return False
    return not m.group("n") or (cohort is not None and parse_number(m.group("n")) == cohort)


def _is_operated_arm(doc: Doc, text: str, m: re.Match[str]) -> bool:
    """Whether the arm of a subgroup match is an abbreviation the abstract spells out as a resection."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return False
    long = pairs.get(m.group("arm"))
    if long is None:
        return False
    spelled = text[:m.start("arm")] + long + text[m.end("arm"):]
    return _vocab()["subgroup_start"].match(spelled, m.start()) is None


# a counted group an anaphor may point back to: "Fourteen patients", "12 (36%) women", "(n = 14)", "28 of the 30
# patients" (the numerator is the group)
_GROUP_COUNT = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})(?:\s+(?:out\s+)?of\s+(?:the\s+|our\s+)?{INT})?"
                          rf"(?:\s*[\(\[][^()\[\]]{{0,20}}[\)\]])?\s+(?:[\w-]+\s+){{0,2}}?{_UNIT_ANY}\b"
                          rf"|\bn\s*=\s*(?P<n2>\d+)", re.I)


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
        counts = list(_GROUP_COUNT.finditer(context))
        if size is None and counts:
            size = parse_number(counts[-1].group("n") or counts[-1].group("n2"))
        if size is None or not float(size).is_integer():
            continue
        window = context[max(0, counts[-1].start() - 80):] if counts else context
        data = bool(vocab["data_denominator"].search(window))
        if size < cohort or data:
            return _Anaphor(m.start(), int(size), data)
    return None


def _negated_r0(text: str, m: re.Match[str]) -> bool:
    """Whether the R0 phrase is negated ("R0 resection was not achieved in three of 30", "failed to obtain clear
    margins in 2"): its count is of involved margins."""
    vocab = _vocab()
    return bool(vocab["negated_r0_after"].match(text[m.end():m.end() + 60])
                or vocab["negated_r0_before"].search(text[max(0, m.start() - 40):m.start()]))


def _without_hypothetical_clauses(text: str) -> str:
    """The sentence with its hypothetical clauses blanked (offsets kept): "R0 was achieved in 32 of 35 (91.4%),
    whereas only 77.1% would qualify as R0 under a 1-mm rule" keeps the achieved rate; a sentence whose every
    clause is hypothetical ("R0 seemed achievable in 30") is blank."""
    hypothetical = _vocab()["hypothetical"]
    if not hypothetical.search(text):
        return text
    kept, start = [], 0
    for boundary in [*_vocab()["clause_boundary"].finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        clause = text[start:end]
        kept.append(" " * len(clause) if hypothetical.search(clause) else clause)
        if boundary:
            kept.append(boundary.group(0))
            start = boundary.end()
    return "".join(kept)


def _sentence_findings(doc: Doc, sent: Sentence, cohort: int | None) -> list[Finding]:
    from litreview.extract.cohort import cites_other_series, is_review

    vocab = _vocab()
    text = _without_hypothetical_clauses(normalise(sent.text))  # "88 per cent" -> "88%": offsets unchanged
    if not text.strip():
        return []
    if sent.section not in ("METHODS", "RESULTS") and cites_other_series(text, review=is_review(doc)):
        return []  # another study's R0 rate, quoted
    if _is_subgroup(doc, text):
        return _subgroup_arm_findings(doc, sent, text, cohort)
    if _counts_unknown_status(text):
        return []  # "R0 in 221, R1 in 29 and R2 in 2, and RX or missing in 16": no determinable share of the cohort
    prognostic = bool(vocab["prognostic"].search(text))
    out: list[Finding] = []
    tally = _tally(_TALLY_MASK.sub(" ", text), cohort)
    first = _R_CLASS.search(text)
    anaphor = _anaphor(doc, sent, text, cohort)
    if anaphor is not None and not anaphor.data and first is not None and first.start() > anaphor.start:
        tally = None  # "Fourteen had a major hepatectomy; of these, 12 were R0 and two R1": the subgroup's classes
    if tally is not None and first is not None:  # explicit counts per class, even beside a p value
        return [make_finding(doc, "r0_rate_pct", round(tally, 1), start=sent.start + first.start(),
                             end=sent.start + first.end(), rule="margins.r0.tally", confidence=0.8, unit="%",
                             sentence=sent)]
    width_list = _is_width_list(text)
    if width_list and (defined := _defined_width_finding(doc, sent, text, cohort)) is not None:
        return [defined]  # the abstract's own R1 definition splits the width classes
    counts: dict[str, tuple[float, re.Match[str]]] = {}  # the first bare count per margin kind
    for kind, pattern in (("r0", vocab["r0"]), ("r1", vocab["r1"])):
        if kind == "r0" and width_list:
            continue  # a count per margin width: a tumour-free margin's count is one width class's, not the R0 count
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 60):m.start()]
            if vocab["group_defined"].search(before) or vocab["selection"].search(before):
                continue  # "patients with positive margins had ...", "all patients who had undergone R0 ..."
            if vocab["outcome_after"].search(before) and "%" in text and vocab["outcome_measure"].search(text):
                continue  # "5-year survival of patients after R0 resection was 41%": an outcome of the R0 group
            if kind == "r1" and _negated_or_defining(text, m):
                continue  # "R0, defined as no tumour cells at the transection line, ...": R0's definition, no R1 class
            phrase_cohort = cohort
            if anaphor is not None and m.start() > anaphor.start:
                if not anaphor.data:
                    continue  # "...; among them, R0 resection was obtained in 12": the subgroup's margins
                phrase_cohort = anaphor.size  # "reported for 780 patients, of whom 632 had an R0 resection"
            negated = kind == "r0" and _negated_r0(text, m)
            if kind == "r1" and width_list and _narrow_classes(text) > 1:
                break  # "< 1 mm in 5 and 0 mm (tumour at the margin) in 4": which narrow classes are R1 is undefined
            if (pooled := _pooled_arms(doc, text, m.end(), cohort)) is not None:
                out.append(_pooled_finding(doc, sent, kind, m, pooled[0]))
                break
            found = _value(text, m.start(), m.end(), phrase_cohort, kind)
            if found is not None and found.share is None and found.how in ("except", "arm_pair", "close_class"):
                continue  # exceptions without a cohort to subtract them from; arms that are not the cohort; a
                # close class that may be R1
            if negated and (found is None or found.share is None or found.how in ("all", "all_but", "all_but_cases", "except")):
                continue  # "R0 was not achieved in all patients": no count of the involved ones
            side = "r1" if negated else kind  # "R0 was not achieved in three": a count of involved margins
            if side == "r0" and found is not None:
                found = _with_close_class(doc, text, _with_more_r0(text, found, phrase_cohort), phrase_cohort)
            if found is not None and found.count is not None:
                counts.setdefault(side, (found.count, m))
                if side == "r0" and (elliptic := _elliptic_r1().match(text, found.end)):
                    counts.setdefault("r1", (float(parse_number(elliptic.group("n")) or 0.0), m))
            if found is not None and (found.share is None or (phrase_cohort == 1 and found.share not in (0.0, 100.0))):
                # no cohort size for a bare count; or one patient, where a percentage near her margin is something
                # else (viable tumour, ...)
                found = None
            if side == "r1" and found is not None and found.count is not None and phrase_cohort \
                    and 1 < phrase_cohort <= found.count:
                continue  # "R1 in 11 patients; all others R0" over a cohort of 11: the cohort size is wrong
            rule = f"margins.{side}" + (".negated_r0" if negated else "")
            share: float | None = None
            confidence = 0.85
            if found is not None:
                share, how = found.share, found.how
                rule += f".{how}"
                if how.endswith("_of_cohort"):
                    confidence = 0.7
            elif not prognostic:
                clause = text[max(0, m.start() - 80):m.start()]
                all_but = _ALL_BUT.search(clause)
                if all_but and kind == "r0":  # never "all" (100) when the cohort to subtract from is unknown
                    k = parse_number(all_but.group("k"))
                    if phrase_cohort and k is not None and 0 <= k < phrase_cohort:
                        share, rule, confidence = percent(phrase_cohort - k, phrase_cohort), "margins.r0.all_but", 0.8
                elif kind == "r0" and _ALL.search(clause) and phrase_cohort and (
                        exc := _EXCEPT_AFTER.match(text[m.end():m.end() + 50])) and (
                        k := parse_number(exc.group("k"))) is not None and 0 <= k < phrase_cohort:
                    share, rule, confidence = percent(phrase_cohort - k, phrase_cohort), "margins.r0.all_except", 0.8
                elif kind == "r0" and _ALL_OTHERS.search(clause):
                    continue  # "one had an R1 margin; all other resections were R0": the R1 count says it
                elif kind == "r0" and (all_m := _ALL.search(clause) or _ALL_OPENING.search(clause)) and (
                        not all_m.group(0).lower().startswith("both") or phrase_cohort == 2) \
                        and not re.search(_fragment("negation_before"), clause[:all_m.start()], re.I):  # "not all"
                    share, rule, confidence = 100.0, "margins.r0.all", 0.8
                elif kind == "r1" and _NONE_R1.search(text[max(0, m.start() - 40):m.start()]):
                    share, rule, confidence = 0.0, "margins.r1.none", 0.75
                elif kind == "r0" and phrase_cohort == 1:
                    share, rule, confidence = 100.0, "margins.r0.single_case", 0.75
                elif kind == "r1" and phrase_cohort == 1 and not _NOT_R1.search(text[max(0, m.start() - 60):m.start()]):
                    share, rule, confidence = 100.0, "margins.r1.single_case", 0.7
            if share is None or share > 100:
                continue
            if prognostic and found is not None and found.how.startswith(("pct", "count")) and "%" not in text:
                continue
            if side == "r1":
                share = round(100.0 - share, 1)
            out.append(make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start + m.start(),
                                    end=sent.start + m.end(), rule=rule, confidence=confidence, unit="%",
                                    sentence=sent))
            break  # one value per margin phrase kind in a sentence
    pair = None if prognostic else _count_pair(counts, cohort)
    if pair is not None:
        r0_match = counts["r0"][1]
        return [make_finding(doc, "r0_rate_pct", pair, start=sent.start + r0_match.start(),
                             end=sent.start + r0_match.end(), rule="margins.r0.count_pair", confidence=0.8, unit="%",
                             sentence=sent)]
    return out


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


def _negated_or_defining(text: str, m: re.Match[str]) -> bool:
    """An involved-margin phrase that is negated ("without / no tumour at the margin") or that sits inside a
    definition aside of another phrase ("R0 resection, defined as no tumour cells at the transection line, was
    achieved in 41"): it names no R1 class and counts nothing."""
    if re.search(_fragment("negated_width"), text[max(0, m.start() - 40):m.start()], re.I):
        return True
    for d in re.finditer(r"(?:,|[\(\[])\s*(?:(?:which\s+)?(?:was|is|being)\s+)?(?:defined|considered|classified|taken|understood)\s+as\b",
                         text[:m.start()], re.I):
        aside = _vocab()["definition_aside"].match(text, d.start())
        if aside is not None and aside.start() <= m.start() and m.end() <= aside.end():
            return True
    return False


def _pooled_finding(doc: Doc, sent: Sentence, kind: str, m: re.Match[str], pooled: float) -> Finding:
    """The finding of per-arm rates pooled over the cohort (an R1 phrase's rates are subtracted from 100)."""
    share = pooled if kind == "r0" else 100.0 - pooled
    return make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start + m.start(), end=sent.start + m.end(),
                        rule=f"margins.{kind}.arm_pooled", confidence=0.75, unit="%", sentence=sent)


def _subgroup_arm_findings(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> list[Finding]:
    """A sentence naming arms ("97.4% in the LH group and 92.6% in the OH group"): only per-arm rates pooled over
    the whole cohort, and only when every arm the sentence names is one of the pair's."""
    vocab = _vocab()
    for kind in ("r0", "r1"):
        for m in vocab[kind].finditer(text):
            before = text[max(0, m.start() - 60):m.start()]
            if vocab["group_defined"].search(before) or vocab["selection"].search(before):
                continue
            pooled = _pooled_arms(doc, text, m.end(), cohort)
            if pooled is not None and not _is_subgroup(doc, text, pooled[1]):
                return [_pooled_finding(doc, sent, kind, m, pooled[0])]
    return []


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
def _arm_rates() -> re.Pattern[str]:
    """Rates per arm: "100% and 89.5% in the laparoscopic and open groups, respectively", "95% vs 80% for
    anatomical and non-anatomical resections"."""
    return re.compile(rf"(?P<p1>{PCT})\s?%\s*,?\s*(?:and|vs\.?|versus)\s*(?P<p2>{PCT})\s?%\s*,?\s*"
                      rf"(?:in|of|for|after|with)\s+(?:the\s+)?(?:patients\s+(?:undergoing|after|with)\s+)?"
                      rf"(?P<a1>[a-z][\w-]*)\s+(?:and|vs\.?|versus)\s+(?:the\s+)?(?P<a2>[a-z][\w-]*)\s+"
                      rf"{_fragment('arm_noun')}\b", re.I)


@lru_cache(maxsize=1)
def _arm_rates_split() -> re.Pattern[str]:
    """Rates per arm, each with its arm: "97.4% in the LH group and 92.6% in the OH group", "95% after laparoscopic
    and 88% after open resection", "100% for anatomical versus 90% for non-anatomical hepatectomies"."""
    prep = r"(?:in|of|for|after|with|among)\s+(?:the\s+)?(?:patients\s+(?:undergoing|after|with)\s+)?"
    return re.compile(rf"(?P<p1>{PCT})\s?%\s*{prep}(?P<a1>[a-z][\w-]*)(?:\s+{_fragment('arm_noun')})?\s*,?\s*"
                      rf"(?:and|vs\.?|versus|compared\s+with)\s+(?:(?:in|for)\s+)?(?P<p2>{PCT})\s?%\s*{prep}"
                      rf"(?P<a2>[a-z][\w-]*)\s+{_fragment('arm_noun')}\b", re.I)


def _arm_sizes(doc: Doc, arm: str) -> set[float]:
    """The counts the abstract gives next to an arm: "12 had a laparoscopic ...", "19 an open resection", "open
    resection (n = 19)", "open hepatectomy (OH, n = 27)", "22 laparoscopic and 27 open resections" (also subsets:
    "two laparoscopic cases")."""
    word = re.escape(arm)
    pattern = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s+(?:(?:patients|women)\s+)?(?:(?:had|underwent|received)\s+)?"
                         rf"(?:an?\s+)?{word}\b(?!-)|\b{word}(?:\s+[\w-]+){{0,2}}?\s*\(\s*n\s*=\s*(?P<m>\d+)\s*\)"
                         rf"|\({word}\s*[,;:]\s*n\s*=\s*(?P<k>\d+)\s*\)",
                         re.I)
    sizes = set()
    for sent in sentences(doc):
        if arm.lower() not in sent.text.lower():
            continue
        for m in pattern.finditer(normalise(sent.text)):
            n = parse_number(m.group("n") or m.group("m") or m.group("k"))
            if n is not None:
                sizes.add(float(n))
    return sizes


def _pooled_arms(doc: Doc, text: str, phrase_end: int, cohort: int | None) -> tuple[float, tuple[int, int]] | None:
    """The cohort's share from per-arm shares after a margin phrase, pooled by the arms' sizes when both arms were
    operated and their sizes add up to the cohort (every patient in exactly one arm); with the pair's span."""
    if not cohort or cohort < 4:
        return None
    after = _mask(text[phrase_end:phrase_end + 160]).split(";")[0]
    m = (_arm_rates().search(after) or _arm_rates_split().search(after)) if after.count("%") >= 2 else None
    if m is None or re.search(r"\d", after[:m.start()]):
        return None  # the pair must be the phrase's first values
    if _vocab()["other_arm"].search(m.group("a1") + " " + m.group("a2")):
        return None  # an ablation arm's margins are not the resected cohort's
    shares = (parse_number(m.group("p1")), parse_number(m.group("p2")))
    # the arms' sizes are the one pair of counts that adds up to the cohort ("conversion in two laparoscopic
    # cases" is a subset)
    pairs = [(n1, n2) for n1 in _arm_sizes(doc, m.group("a1")) for n2 in _arm_sizes(doc, m.group("a2"))
             if n1 > 0 and n2 > 0 and n1 + n2 == cohort]
    if len(pairs) != 1 or None in shares:
        return None
    counts = 0.0
    for share, size in zip(shares, pairs[0]):
        count = round(float(share or 0) * size / 100)
        if abs(count * 100 / size - float(share or 0)) > 0.6:
            return None  # the share is not a count of this arm's size
        counts += count
    share = percent(counts, float(cohort))
    return (share, (phrase_end + m.start(), phrase_end + m.end())) if share is not None else None


def _has_margin_phrase(text: str) -> bool:
    r0, r1 = _vocab()["r0"], _vocab()["r1"]
    return bool((may_match(r0, text) and r0.search(text)) or (may_match(r1, text) and r1.search(text)))


def _names_own_series(text: str) -> bool:
    """Whether a concluding sentence speaks of the authors' own patients ("in our 27 patients", "in this series"),
    not of the literature or of what should be done."""
    own = _vocab()["own_series"]
    return bool(may_match(own, text) and own.search(text))


def _conclusions_only(doc: Doc) -> bool:
    """Whether the whole abstract is one concluding section (a one-paragraph "Summary"), which then carries the
    results."""
    return all(s.section in ("CONCLUSIONS", "TITLE") for s in sentences(doc))


# a small series is often described patient by patient, one margin status each (as the receptor extractor reads
# receptor profiles; sizes in litreview.extract.base); a longer one told patient by patient ("Patient 7: ER-positive; extended left hepatectomy; R1"): read only when
# every status sentence names its own numbered patient and the numbers are 1..N of the cohort
_NUMBERED_CASE = re.compile(r"\b(?:patient|case)\s*(?:no\.?\s*|#\s*)?(?P<n>\d{1,2})\b(?!\s*(?:[%/.,]\d|%|years?|months?|mm|cm))",
                            re.IGNORECASE)


def _is_definition(text: str) -> bool:
    """Whether the sentence defines a margin class ("R1 was defined as ...", "... was classified as R1")."""
    return any(re.search(_fragment(key), text, re.I) for key in ("r1_definition", "r0_definition",
                                                                   "r1_definition_reversed"))


def _case_statuses(doc: Doc, sent: Sentence, cohort: int) -> list[tuple[str, re.Match[str]]] | None:
    """The margin statuses a sentence states without a count ("... with clear margins (R0)", "tumour cells reached
    the transection margin (R1)"); adjacent phrases naming one status ("clear margins (R0)") are one. None when
    the sentence gives a count, quantifier, group or negation, which the case-by-case reading cannot hold."""
    vocab = _vocab()
    text = normalise(sent.text)
    if _is_definition(text) or vocab["hypothetical"].search(text) or vocab["prognostic"].search(text):
        return []
    matches = sorted(((kind, m) for kind in ("r0", "r1") for m in vocab[kind].finditer(text)),
                     key=lambda km: km[1].start())
    statuses: list[tuple[str, re.Match[str]]] = []
    for kind, m in matches:
        before = text[max(0, m.start() - 60):m.start()]
        if vocab["group_defined"].search(before) or vocab["selection"].search(before) \
                or _NOT_R1.search(text[max(0, m.start() - 40):m.start()]) or _ALL.search(before) \
                or _ALL_OPENING.search(before) or (kind == "r0" and _negated_r0(text, m)) \
                or _value(text, m.start(), m.end(), cohort, kind) is not None:
            return None
        if statuses and re.fullmatch(r"[\s(\[)\],]*", text[statuses[-1][1].end():m.start()]):
            if statuses[-1][0] != kind:
                return None  # "clear margins (R1)": contradictory
            continue
        if statuses and statuses[-1][0] == kind and not _CASE_LABEL.search(text, statuses[-1][1].end(), m.start()):
            continue  # "tumour at the margin on histology (R1)": one patient's status said twice
        statuses.append((kind, m))
    return statuses


# a patient or case named in a sentence ("patient 2", "case 3"): statuses on both sides of it are two patients'
_CASE_LABEL = re.compile(r"\b(?:patients?|cases?)\s+(?:no\.?\s*|#\s*)?\d|\b(?:the\s+)?(?:other|second|latter|former)\b"
                         r"|\b(?:while|whereas|but|and)\s+(?:in\s+)?(?:one|another|the\s+other)\b", re.IGNORECASE)


def _case_by_case_findings(doc: Doc, cohort: int | None) -> list[Finding]:
    """A small series described patient by patient, one margin status per sentence ("Patient 1 ... clear margins
    (R0) ...", "Patient 2 ... margin involvement (R1) ..."): the R0 share when the statuses are as many as the
    patients. Anything else (a patient without a status, two in one sentence) leaves the cell empty."""
    if not cohort or not 2 <= cohort <= NUMBERED_SERIES_MAX:
        return []
    numbered = cohort > UNNUMBERED_SERIES_MAX
    stated: list[tuple[str, re.Match[str], Sentence]] = []
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "OBJECTIVE", "TITLE", "CONCLUSIONS") or not _has_margin_phrase(sent.text):
            continue
        statuses = _case_statuses(doc, sent, cohort)
        if statuses is None or len(statuses) > 1:
            return []
        stated.extend((kind, m, sent) for kind, m in statuses)
    if len(stated) != cohort:
        return []
    if numbered:
        ids = []
        for _, m, sent in stated:
            labels = {int(x.group("n")) for x in _NUMBERED_CASE.finditer(sent.text)}
            if len(labels) != 1:
                return []
            ids.extend(labels)
        if sorted(ids) != list(range(1, cohort + 1)):
            return []
    share = percent(sum(kind == "r0" for kind, _, _ in stated), cohort)
    kind, m, sent = stated[0]
    return [make_finding(doc, "r0_rate_pct", share, start=sent.start + m.start(), end=sent.start + m.end(),
                         rule="margins.r0.case_by_case", confidence=0.7, unit="%", sentence=sent)] \
        if share is not None else []


def extract_margins(doc: Doc) -> list[Finding]:
    """Candidate ``r0_rate_pct`` findings of a processed doc."""
    from litreview.extract.cohort import cohort_denominator

    cohort = cohort_denominator(doc)
    findings: list[Finding] = []
    concluding: list[Finding] = []
    breast: list[Finding] = []  # from sentences naming the breast patients of a mixed series
    only_conclusions = _conclusions_only(doc)
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "OBJECTIVE", "TITLE"):
            continue
        own_conclusion = sent.section == "CONCLUSIONS" and not only_conclusions
        # the cheap own-series test first: most concluding sentences never reach the margin patterns
        if (own_conclusion and not _names_own_series(sent.text)) or not _has_margin_phrase(sent.text):
            continue
        found = _sentence_findings(doc, sent, cohort)
        (concluding if own_conclusion else findings).extend(found)
        if not own_conclusion and found and _names_breast_cohort(sent.text, cohort):
            breast.extend(found)
    # "For the whole series, R0 in 84% ... For the 37 women with breast cancer, clear margins in 32": the latter
    findings = breast or findings
    if not findings and cohort and cohort > 1:
        findings = _width_list_findings(doc, cohort) or _case_by_case_findings(doc, cohort) \
            or _defined_width_counts(doc, cohort)
    # "In our 27 patients, ... tumour-free margins in 25": the conclusions' own figures, when the body gives none
    findings = findings or concluding
    if cohort == 1:
        # one patient: her resection was R0 or not; "60% residual viable tumour" is no R0 rate
        findings = [f for f in findings if f.value in (0.0, 100.0)]
    # R0 and R1 statements of the same abstract must agree; prefer R0 statements
    r0 = [f for f in findings if f.rule.startswith("margins.r0")]
    return r0 or findings
