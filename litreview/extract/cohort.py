"""Cohort size: the number of BCLM patients who underwent liver resection (unit "patients").

In surgery-vs-systemic comparisons it is the surgery arm; in meta-analyses and
reviews the pooled total of resected patients; in case reports 1.

How it works (rules in ``rules/cohort.jsonl``):

1. *Mentions* find candidates: "N patients/women/cases" (digits or words), "(n =
   N)", arm lists ("surgery/ablation: 69; medical: 98"), a named arm's count
   ("74 patients of the surgery group"), pooled counts ("43
   articles including 1686 patients") and case-report phrasing ("we report the case
   of a 48-year-old woman" -> 1).
2. *Cues* score each candidate from its context: what follows in the same clause
   ("underwent hepatectomy", "were resected", "were included" raise it; "survived",
   "(69%)", "received chemotherapy", "RFA", "operation for breast cancer" lower it),
   the words before it ("we reviewed", "of these", "among", "screened") and the
   sentence (breast-cancer words). The section adds a little (METHODS, RESULTS) or
   takes away (BACKGROUND, CONCLUSIONS). A count followed by a bracket of parts that
   add up to it ("63 patients (synchronous, 14; metachronous, 49)") is a whole group.
   Subgroups by margin ("seven had a microscopically incomplete (R1) resection", "had involved
   margins") lose; "There were N patients.", the telegraphic "29 women operated;", the authors'
   "hepatectomy 64 (= study cohort)" and "the whole series of N" gain, as does the breast part of a
   registry ("Breast cancer was the primary tumour in 143 patients (13.9%)": its share is of the
   registry, not a subset). Eighteenth round: a count of operations "performed for BCLM, in 179 women" loses to
   the women; "had two resections", a one-stage part beside two-stage ones and "(n = 6)" of those given a treatment
   "after hepatectomy" are subgroups; "underwent total 35 procedures" and a results section opening "n = 26" are
   read; a clause ends at "and" before a number word ("Fourteen underwent hepatectomy and thirty-one received ...").
   Nineteenth round: a repeat operation ("7 patients had re-hepatectomy", "redo hepatectomy") is a subgroup; "In 37
   patients, 43 hepatectomies were performed" gives the patients; a long aside between a count and its verb ("85
   women, whose median age ... and in whom ..., were operated on") is skipped; ablation "added" to a resection is
   no second treatment group. "46 patients received HR plus systemic therapy and 118 systemic therapy only": received
   a resection (or its short form) names the operated arm of the total; "underwent liver resection, including 15
   major hepatectomies and 19 minor" is the whole group; "parenchyma-sparing/-preserving" is an extent.
   Twentieth round: an operation done "with" the ablation of another nodule ("debulking of a dominant lesion with
   ablation of a residual nodule", "hepatectomy with RFA of a second lesion") splits no patients between two
   treatments ("resection and 12 with RFA" still does).
3. Abstracts that split patients between resection and ablation without saying how
   many were resected lose candidates that have no resection cue of their own.
4. Totals split into arms lose to their surgical arm: "312 patients ... 52 underwent
   hepatectomy and 260 received systemic therapy alone" (arm + other part = total, the
   other part not operated on) or "Of 24,310 patients, 812 (3.3%) underwent surgery"
   (the arm's share of the total). Counts in sentences citing other studies ("the
   largest published series, which included 300 patients") are lowered.
   The remainder may be counted in a sentence of its own ("143 women ... were assessed. ... Nineteen women
   underwent combined surgery. ... The remaining 124 women, treated with systemic therapy alone, ...").
   In a review of patients who did or did not undergo resection a pooled total without a resection cue of its own
   is not the cohort.
   A total whose parts were all resected ("Forty-seven patients were treated; 39 underwent
   resection alone and 8 resection combined with RFA") is the cohort, and its first part a
   subgroup (``part`` rules); with no such total written ("44 patients ...: 30 underwent hepatectomy alone, 8
   hepatectomy combined with RFA and 6 RFA alone"), a resection "alone" beside a resection combined with ablation
   makes the resected parts' sum the cohort (``part_alone`` rules); so do labels before their counts ("resection
   alone in 86, resection combined with ablation in 14 and ablation alone in 18", ``part_in`` rules). Lesions resected and ablated ("11 lesions were
   resected and 13 ablated") or the resection's margins beside the ablation's result split no patients between the
   two treatments; a review's studies "reporting liver resection in a total of N patients" give the pooled total.
   Two resected groups "(n = 120) ... (n = 19)" whose sum is stated elsewhere ("For all 139 women") make the
   cohort; in a metastasectomy series split by organ ("92 pulmonary, 38 hepatic and 57 intracranial
   resections") the liver count replaces the operated total the list adds up to. A resected population with no
   count of its own "divided into" groups given only as "(n = 15)" and "(n = 41)" is their sum.
   A telegraphic "Thirty-eight pts: 17 AR, 21 NAR" is the whole group when the short forms name kinds of
   resection, also when defined sharing a head noun ("anatomical (AR) and non-anatomical (NAR) liver resection").
   Exclusions define the cohort: "Of 156 identified, 38 were excluded (...). The study population comprised 118"
   (the excluded counts, or a run of them, are the difference) gives the later count; with no remainder counted,
   "Of T identified, X were excluded" gives T - X. Counts inside the list of reasons for exclusion ("(ablation
   only, n = 21; R2 resection, n = 9)") are the excluded groups, whatever surgical word names them. A remainder
   named as such ("were excluded, leaving 29 women for analysis", "which left 145 patients", "resulting in a final
   cohort of 58", ``remainder`` rules) is the study population when an exclusion is named before it or the analysis
   after it; so is "33 women remained for the final analysis" ("leaving 42 who received systemic therapy": no cue).
   A four-digit year of a date or period is never a count ("Since 2014 patients ...", "between years 2009-2019 were
   operated 27 women", a clause-opening "From 2005 patients ...": ``year`` rules); "2,019 patients" and "In 2019, 27
   patients" keep their counts. A plural count before a singular noun, as non-native abstracts write ("thirty three
   female patient who was operated"), is a mention too (two or more only).
5. The best-scoring candidate wins if its score reaches :data:`MIN_SCORE`; a
   close rival with another value lowers its confidence. Otherwise: no value.

A total only planned for resection ("42 patients scheduled for hepatectomy") gives way to the count actually
resected ("Hepatectomy was thus performed in 38", beside "4 ... underwent exploration only"); "were not operated
on" is no operated part of a total.

:func:`cohort_denominator` is the shared, cached cohort size other families use as
the denominator of counts ("HER2 amplification in five" -> 5 / cohort).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterator
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.base import PATIENT_NOUNS_PTS, Sentence, doc_cache, doc_text, make_finding, sentences, title_text
from litreview.extract.measures import cites_other_study, rules
from litreview.extract.prefilter import PatternGroup, finditer_at, may_match, may_match_once
from litreview.extract.numbers import INT, WORD_NUMBER, find_numbers, has_number, int_starts, parse_number
from litreview.records import Finding
from litreview.rules import CueRule, expand_placeholders, load_cue_rules

__all__ = ["extract_cohort", "cohort_denominator", "cohort_is_breast_subgroup", "cohort_candidates", "cites_other_series",
           "is_review", "Candidate", "MIN_SCORE"]

RULES = "cohort.jsonl"
_WHERES = ("mention", "year", "noun", "after", "before", "before_n", "sentence", "part", "part_in", "part_alone", "funnel", "funnel_remainder",
           "excluded_list", "funnel_exclusion", "funnel_excluded_total", "remainder")
#: Lowest score a candidate needs to be reported.
MIN_SCORE = 1.2
_SECTION_BONUS = {"METHODS": 0.5, "RESULTS": 0.3, None: 0.0, "TITLE": -0.2, "OBJECTIVE": 0.0,
                  "CONCLUSIONS": -1.0, "BACKGROUND": -2.0}
# "between 2010 and 2020" is one period, not two clauses
_CLAUSE_END = re.compile(r"[;]|:\s|,\s*(?=\d)|(?<!(?:19|20)\d\d)\sand\s+(?=\d)"
                         rf"|\sand\s+(?={WORD_NUMBER}\s)"  # "Fourteen underwent hepatectomy and thirty-one received ...": another part
                         r"|\.\s|\.$|\s(?:were\s+)?compared\s+with\b|\s(?:versus|vs\.?)\s|,?\s(?:whereas|while)\s"
                         r"|,?\s(?:of|among|in)\s+(?:whom|which|these|them)\b"  # ", of whom 40 underwent ...": a part's verb
                         r"|,?\s(?:and|but)\s+(?:the\s+)?(?:remaining|other|rest)\b"  # "... and the remaining 42 received ...": another part
                         rf"|\s(?:with|to)\s+(?=\d+\s+(?:{PATIENT_NOUNS_PTS}\s+)?(?:who|that|whom)\b)")  # "... with 90 who received"
# opens with the literal dot, which re finds fast; the digit before it is checked once a dot is found
_DECIMAL_POINT = re.compile(r"\.(?<=\d\.)(?=\d)")
#: the relevance rules name the primaries ("other_primary", "breast") that tell a mixed series' breast subgroup
_RELEVANCE = "relevance.jsonl"
_RESECTION_WORDS = re.compile(r"hepatectom|resect|metastasectom|segmentectom|sectionectom|lobectom|removed|excised"
                              r"|(?:liver|hepatic)(?:[- ]directed)?\s+surg",
                              re.IGNORECASE)
# extent or approach words of a resection's long form (the words of the rule cohort.before.extent_n)
_EXTENT_WORDS = re.compile(r"\b(?:minor|major|extended|anatomical|non-?anatomical|wedge|laparoscopic|open|robotic|"
                           r"repeat|right|left|simultaneous|synchronous|staged|two-stage|limited|segmental|atypical|"
                           r"parenchymal?[- ](?:sparing|preserving)|R[012])\b", re.IGNORECASE)
_MIXED_RESECTION = re.compile(r"\b(?:resection|resected|hepatectomy|HR)\b", re.IGNORECASE)
_MIXED_ABLATION = re.compile(r"\b(?:RFA|radiofrequency|ablation|ablated|TACE)\b", re.IGNORECASE)
# the sentence speaks of this study even if it also cites others ("Like earlier series, we ...")
_OWN_STUDY = re.compile(r"\b(?:we|our|this\s+(?:study|series|cohort)|the\s+present\s+(?:study|series))\b",
                        re.IGNORECASE)
_MIXED_JOIN = re.compile(r"\b(?:and|or|whereas|while)\b", re.IGNORECASE)
_EXCLUSION = re.compile(r"\bexclu(?:ded|ding|sion)\b", re.IGNORECASE)
# ablation added to a resection ("resection combined with intraoperative ablation", "resection associated with
# RFA of a deep nodule"): the same patients, not a second treatment group
_ADJUNCT_ABLATION = re.compile(r"\b(?:concurrent|concomitant|combined|additional|adjunct(?:ive)?|intra-?operative|"
                               r"simultaneous|plus|associated|together|in\s+combination)\s+(?:with\s+)?(?:\w+\s+){0,2}?"
                               r"(?:RFA|radiofrequency|ablation|ablated|TACE)\b"
                               # the ablation named first, added to the resection afterwards ("in 3 patients
                               # radiofrequency ablation of a second lesion was added", "supplemented by RFA")
                               r"|\b(?:RFA|ablation)\b[^.;,]{0,50}?\b(?:was|were)\s+(?:also\s+)?(?:added|combined)\b"
                               r"|\b(?:supplemented|complemented)\s+(?:\w+\s+){0,2}?(?:RFA|radiofrequency|ablation|TACE)\b"
                               # the operation itself done "with" the ablation of another nodule ("debulking of a
                               # dominant lesion with ablation of a residual deep nodule", "hepatectomy with RFA of a
                               # second lesion"): no other treatment joined in between ("resection and 12 with RFA")
                               r"|\b(?:resections?|hepatectom(?:y|ies)|debulking|metastasectom(?:y|ies)|segmentectom(?:y|ies)"
                               r"|lobectom(?:y|ies))\b(?:(?!\b(?:and|or|whereas|while|versus|vs|than|compared|others?)\b)"
                               r"[^.;,]){0,60}?\bwith\s+(?:(?:intra-?operative|local|thermal|microwave|percutaneous)\s+)?"
                               r"(?:RFA|MWA|radiofrequency|microwave|ablation|cryoablation)\b",
                               re.IGNORECASE)


_REVIEW_TITLE = re.compile(r"meta-?analys|systematic(?:al)?\s+review|\breview\b|pooled\s+analysis", re.IGNORECASE)
_REVIEW_TEXT = re.compile(
    r"\b(?:this|the\s+present|our|we\s+(?:performed|conducted|undertook|carried\s+out))\s+(?:a\s+)?"
    r"(?:systematic\s+)?(?:literature\s+)?(?:review|meta-?analysis)|\b(?:studies|articles|series|publications)\s+"
    r"(?:were|was)\s+(?:included|identified|eligible|selected)|\bsearched\s+(?:the\s+)?(?:PubMed|MEDLINE|Embase|"
    r"Cochrane|Web\s+of\s+Science|Scopus)|\b(?:PubMed|MEDLINE|Embase)\b[^.]{0,60}\bsearched", re.IGNORECASE)


_IN_A_STUDY = re.compile(r"\bin\s+an?\s+(?:[\w-]+\s+){0,3}?(?:study|series|cohort|analysis)\b", re.IGNORECASE)


def cites_other_series(text: str, review: bool) -> bool:
    """Whether a sentence gives another study's figures ("the largest published series, which included 300").

    :func:`litreview.extract.measures.cites_other_study`, except that a primary study's own
    "In a retrospective series of 45 women ..." (an unstructured abstract's opening) and
    sentences saying "we"/"our"/"this study" are not citations.
    """
    if may_match(_OWN_STUDY, text) and _OWN_STUDY.search(text):
        return False
    return cites_other_study(text if review else _IN_A_STUDY.sub(" ", text))


# "A systematic review published in 2011, covering 553 patients from 19 studies, ...": in a primary study (or an
# opinion piece) a review named with an article is another paper's, not the authors' own work
_QUOTED_REVIEW = re.compile(r"\b(?:an?|one|another|the|recent|previous|earlier|published)\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:systematic\s+review|meta-?analys[ie]s|pooled\s+analys[ie]s)\b"
                            # the published literature's cases quoted by a case report or small series ("A review of the
                            # Japanese literature identified 38 cases", "a literature search found 52 reported cases",
                            # "only 40 cases have been reported in the English literature")
                            r"|\b(?:review|search|survey)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?literature\b"
                            r"|\bliterature\s+(?:review|search|survey)\b"
                            r"|\b(?:reported|described|published|found)\s+in\s+the\s+(?:[\w-]+\s+){0,2}?literature\b",
                            re.IGNORECASE)


def _quotes_review(text: str) -> bool:
    """Whether a primary study's sentence quotes a review or meta-analysis (and does not speak of its own work)."""
    return bool(may_match(_QUOTED_REVIEW, text) and _QUOTED_REVIEW.search(text)
                and not (may_match(_OWN_STUDY, text) and _OWN_STUDY.search(text)))


def is_review(doc: Doc) -> bool:
    """Whether the abstract is a review/meta-analysis (cached per doc)."""
    return bool(doc_cache(doc, "cohort_is_review", lambda: _is_review(doc)))


def _is_review(doc: Doc) -> bool:
    """Whether the abstract is a review/meta-analysis (cheap text test; the design
    classifier itself may use the cohort size, so it is not called from here)."""
    for sent in sentences(doc):
        if sent.section == "TITLE":
            if may_match(_REVIEW_TITLE, sent.text) and _REVIEW_TITLE.search(sent.text):
                return True
        elif sent.section != "BACKGROUND" and may_match(_REVIEW_TEXT, sent.text) and _REVIEW_TEXT.search(sent.text):
            return True
    return False


@dataclass(frozen=True)
class Candidate:
    """One cohort-size candidate with its score and the cues behind it."""

    value: int
    start: int  # offsets in doc.text
    end: int
    score: float
    sentence: Sentence
    rules: tuple[str, ...]


@lru_cache(maxsize=None)
def _rules(where: str) -> tuple[CueRule, ...]:
    return tuple(r for r in load_cue_rules(RULES, _WHERES) if r.where == where)


#: the hit of "(n = N)" after a resection's short form ("LR (n = 37)"); it weighs as cohort.before.surgical_n
_ABBREVIATION_N = "cohort.before.resection_abbreviation_surgical_n"
_SURGICAL_N_WEIGHT = next(r.weight for r in load_cue_rules(RULES, _WHERES) if r.id == "cohort.before.surgical_n")
#: the mention of a count labelled with a resection's short form ("52 LR and 38 RFA"); weaker than a named arm
#: ("surgery: 52"), so that "64 underwent hepatectomy ... After matching (60 HEP vs 120 ST)" keeps the whole arm
_ABBREVIATION_ARM = "cohort.mention.resection_abbreviation_arm"
_ABBREVIATION_ARM_WEIGHT = 2.0
_OUTCOME_IN_WEIGHT = next(r.weight for r in load_cue_rules(RULES, _WHERES) if r.id == "cohort.before.outcome_in")
#: a count labelled "(= study cohort)" by the authors
_LABELLED_COHORT = "cohort.mention.labelled_study_cohort"
#: a count before a singular patient noun ("thirty three female patient"): only counts of two or more
_SINGULAR_NOUN = "cohort.mention.singular_noun"
_PERCENT_WEIGHT = next(r.weight for r in load_cue_rules(RULES, _WHERES) if r.id == "cohort.after.percent")
#: the hit of "LR was performed in N" (a resection's short form); it weighs as cohort.before.performed_in
_ABBREVIATION_PERFORMED_IN = "cohort.before.performed_in_resection_abbreviation"
_PERFORMED_IN_WEIGHT = next(r.weight for r in load_cue_rules(RULES, _WHERES) if r.id == "cohort.before.performed_in")


_NAMES_GROUP = re.compile(r"^[^,;]{0,25}?\b(?:who|that)\s+(?:had\s+|have\s+)?(?:underw[eo]nt|undergone|had\s+(?:an?\s+)?"
                          r"(?:liver|hepatic|hepatectomy|resection))", re.IGNORECASE)
# hits that say the candidate's own patients were operated on (no mixed-treatment penalty)
_RESECTION_CUE_SUFFIXES = ("underwent_resection", "intended_resection", "resected", "resection_abbreviation", "resection_abbreviation_arm",
                           "study_group",
                           "resected_patients",
                           "performed_for_breast", "surgical_n", ".arm", ".in_arm", "resection_in", ".pooled",
                           "single_case", "single_case_start", "case_report_title", "operations_for_in")
# cues saying the count's own patients were operated on (unlike _RESECTION_CUE_SUFFIXES, a pooled count is not one)
_OPERATED_CUE_SUFFIXES = ("underwent_resection", "intended_resection", "resected", "resection_abbreviation",
                          "resection_abbreviation_arm", "resected_patients", "surgical_n", ".arm", ".in_arm",
                          "resection_in", "performed_in", "operated", "of_resection", "operations_for_in")
# a population of patients with and without a resection ("who did or did not undergo liver resection", "with or
# without hepatectomy", "resected and non-resected patients")
_RESECTED_OR_NOT = re.compile(
    r"\b(?:did\s+or\s+did\s+not|with\s+or\s+without|had\s+or\s+had\s+not|who\s+did\s+not)\s+(?:undergo\s+|have\s+|had\s+)?"
    r"(?:an?\s+)?(?:(?:liver|hepatic|surgical)\s+)?(?:resection|hepatectomy|surgery|metastasectomy)\b"
    r"|\b(?:resected|operated|surgical)\s+(?:and|or|versus|vs\.?)\s+(?:non-?resected|unresected|non-?operated|"
    r"non-?surgical)\s+(?:patients|women|groups?|cohorts?)\b", re.IGNORECASE)
# "553 patients from 19 studies" (not "from 12 centres": a multicentre study's own patients)
_FROM_STUDIES = re.compile(r"^\s*\)?\s*(?:from|in|across)\s+\S+\s+(?:studies|articles|series|trials|publications)\b",
                           re.IGNORECASE)
_BRACKETED = re.compile(r"\([^()]*\)")
_WHOLE_GROUP_BEFORE = re.compile(r"^\s*(?:of|among)\s+(?:all\s+|the\s+)?$", re.IGNORECASE)
_WHOLE_GROUP_AFTER = re.compile(r"\s*,")  # matched at the end of the count
# a count after a comma: "Of 34 patients with a recurrence, nine underwent ..."
_PART_AFTER_COMMA = re.compile(r",\s*(?=" + INT + r")")
# a group named inside the bracket before its short form: "(surgical group, SG; n = 24)", "(medical group, MG; n = 38)"
_GROUP_IN_BRACKET = re.compile(r"\(\s*((?:[\w-]+\s+){1,3}?(?:group|arm|cohort))\s*,\s*[A-Za-z][\w-]{0,9}\s*[,;]\s*$",
                               re.IGNORECASE)
# the opening of "(LR, n = 31)" before the count
_SHORT_FORM_BRACKET = re.compile(r"\s*\(\s*[A-Za-z][\w-]{0,9}\s*[,;]\s*$")
# ... right after the words naming the group's treatment ("liver resection (LR, ", "microwave ablation (MWA, "; not
# "stabilization of involved vertebrae (DDSS, ")
_TREATMENT_BEFORE_BRACKET = re.compile(r"(?:hepatectom|resect|metastasectom|surg|operat|ablat|\bRFA|\bMWA|\bTACE|therap|"
                                       r"treatment|alone|only|group|arm|cohort)\w*(?:\s+[\w-]+){0,1}\s*\(\s*[A-Za-z][\w-]{0,9}"
                                       r"\s*[,;]\s*$", re.IGNORECASE)
_MAY_MENTION = re.compile(r"patient|\bpts\b|wom[ae]n|case|individual|subject|female|person|participant|\bn\s*=|underw|"
                          r"resect|operat|surg|hepatectom|stud|articl|series|trial|report|publication|paper|lady|girl|\bman\b",
                          re.IGNORECASE)


@lru_cache(maxsize=1)
def _mentions() -> tuple[CueRule, ...]:
    """Mention rules, strongest first (a number found by a stronger rule is not found again)."""
    return tuple(sorted(_rules("mention"), key=lambda r: -r.weight))


@lru_cache(maxsize=1)
def _count_first() -> frozenset[str]:
    """Ids of the mention rules whose every match opens with the count."""
    return frozenset(r.id for r in _mentions() if _opens_with_number(r.pattern))


def _opens_with_number(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` starts with its group ``n``, an {INT} number (look-behinds aside).

    Such a rule cannot match a sentence in which no {INT} number occurs, and its matches
    begin where an {INT} number begins.
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    index = pattern.groupindex.get("n")
    if index is None or f"(?P<n>{INT})" not in pattern.pattern:
        return False
    for op, av in _parser.parse(pattern.pattern, pattern.flags):
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        return op is c.SUBPATTERN and av[0] == index
    return False


_GROUPS: dict[int, tuple[tuple[CueRule, ...], PatternGroup]] = {}


def _group(rules: tuple[CueRule, ...]) -> PatternGroup:
    """The pre-filter of a (long-lived) tuple of cue rules; positions are positions in the tuple."""
    entry = _GROUPS.get(id(rules))
    if entry is None or entry[0] is not rules:
        entry = _GROUPS[id(rules)] = (rules, PatternGroup(rule.pattern for rule in rules))
    return entry[1]


def _may_match(rules: tuple[CueRule, ...], text: str, ascii_text: bool, sentence: str) -> Iterator[CueRule]:
    """The rules, in order, that the pre-filter does not rule out for ``text`` (a part of ``sentence``)."""
    for index in _group(rules).candidates(text, ascii=ascii_text, within=sentence):
        yield rules[index]


# a long descriptive aside between the count and its verb: "Eighty-five women, whose median age was 45 years and in
# whom the median interval ... was 40 months, were operated on" (not "who underwent ...": that aside is the cue)
_ASIDE_BEFORE_VERB = re.compile(r"\s*,\s*(?:whose|in\s+whom|with\s+an?\s+(?:median|mean|average)\s+age|aged)\b"
                                r"[^;()]{0,220}?,\s*(?=(?:were|was|had|then|subsequently|all|underw[eo]nt|received)\b)",
                                re.IGNORECASE)


def _is_year(text: str, start: int, end: int) -> bool:
    """Whether the four digits ``text[start:end]`` (1900-2099, no thousands separator) are a year of a date or a
    period ("Since 2014 patients ...", "2009-2019 were operated", "From 2005 patients ..."), not a count.

    Only asked for such numbers (rare in a sentence), so the two rules cost nothing elsewhere; "In 2019, 27
    patients ..." reads 27 and "2,019 patients" has its separator.
    """
    before, after = (next(r for r in _rules("year") if r.id == f"cohort.year.{side}") for side in ("before", "after"))
    return bool(before.pattern.search(text, max(0, start - 40), start) or after.pattern.match(text, end))


def _clause_after(text: str, pos: int) -> str:
    if text.startswith(",", pos) or text.startswith(" ,", pos):
        aside = _ASIDE_BEFORE_VERB.match(text, pos)
        if aside is not None:
            pos = aside.end() - 1  # the cues read on from the verb (after a space)
    rest = text[pos:pos + 140]
    end = len(rest)
    for m in _CLAUSE_END.finditer(rest):
        # a break inside brackets opened after the count is an aside: "52 patients (all female; median age 55)"
        if rest.count("(", 0, m.start()) <= rest.count(")", 0, m.start()):
            end = m.start()
            break
    # the cues read across such an aside: its semicolon becomes a comma
    return _BRACKETED.sub(lambda b: b.group(0).replace(";", ","), rest[:end])


def _excluded_list(text: str, start: int) -> CueRule | None:
    """The rule saying that the count at ``start`` is one of the reasons listed for an exclusion ("38 were excluded
    (ablation only, n = 21; R2 resection, n = 9)"): the excluded, not the cohort, whatever surgical word names them."""
    return next((r for r in _rules("excluded_list") if r.pattern.search(text, 0, start)), None)


# an exclusion named before a remainder count ("were excluded", "ineligible", "did not meet the criteria")
_EXCLUDED_BEFORE = re.compile(r"\bexclu(?:ded|ding|sion)\b|\bineligible\b|\bnot\s+(?:eligible|evaluable)\b|"
                              r"\bdid\s+not\s+(?:meet|fulfil)", re.IGNORECASE)


def _remainder_cue(text: str, start: int, before: str, after: str) -> CueRule | None:
    """The rule saying that the count at ``start`` is what a selection left ("Three were excluded, leaving 29 women
    for analysis"): the words before it name the remainder and either the sentence names an exclusion before it or
    the clause after it says the rest was analysed ("leaving 15 who received chemotherapy" is neither)."""
    leaving = next((r for r in _rules("remainder") if r.id.endswith(".leaving")), None)
    if leaving is None or not leaving.pattern.search(before):
        return None
    if _EXCLUDED_BEFORE.search(text, 0, start) or any(
            r.pattern.search(after) for r in _rules("remainder") if r.id.endswith(".analysed")):
        return leaving
    return None


def _mixed_treatment(doc: Doc) -> bool:
    """Whether the abstract splits patients between resection and ablation in one sentence."""
    for s in sentences(doc):
        if s.section in ("BACKGROUND", "CONCLUSIONS", "TITLE"):
            continue
        if all(may_match(p, s.text) and p.search(s.text) for p in (_MIXED_ABLATION, _MIXED_RESECTION, _MIXED_JOIN)) \
                and not _EXCLUSION.search(s.text) and not _ADJUNCT_ABLATION.search(s.text) \
                and _MIXED_RESECTION.search(_NO_PATIENT_SPLIT.sub(" ", s.text)):
            # "... ablation alone ... were excluded", "9 had concurrent ablation": no second treatment group; nor
            # lesions split between the two ("11 lesions were resected and 13 ablated") or the resection's margins
            # beside the ablation's result ("All resection margins were negative, and complete ablation ...")
            return True
    return False


# resection words that split no patients: lesions resected (beside others ablated), the resection's margins
_NO_PATIENT_SPLIT = re.compile(r"\b(?:lesions|metastases|nodules|tumou?rs)\s+(?:were\s+)?resected\b"
                               r"|\bresection\s+margins?\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _long_form_kind(long_form: str) -> tuple[bool, bool]:
    """Whether an abbreviation's long form names a resection, and an extent or approach of one.

    Memoised: each test costs some microseconds per character (case-insensitive alternations
    tried at every position), and every doc asks it several times of the same few long forms.
    """
    return _RESECTION_WORDS.search(long_form) is not None, _EXTENT_WORDS.search(long_form) is not None


def _title_in_penalties() -> dict[str, float]:
    rules = _rules("before")
    entry = _TITLE_IN_PENALTIES.get(id(rules))
    if entry is None or entry[0] is not rules:
        entry = _TITLE_IN_PENALTIES[id(rules)] = (
            rules, {r.id: r.weight for r in rules if r.id in ("cohort.before.in", "cohort.before.outcome_in")})
    return entry[1]


_TITLE_IN_PENALTIES: dict[int, tuple[tuple[CueRule, ...], dict[str, float]]] = {}  # per (long-lived) rule tuple


def cohort_candidates(doc: Doc) -> list[Candidate]:
    """Every scored candidate of ``doc`` (for inspection and tests), in text order."""
    out: list[Candidate] = []
    mixed = _mixed_treatment(doc)
    primary_study = not is_review(doc)
    # a review of patients who did or did not have a resection: its pooled total is not the resected count
    resected_or_not = not primary_study and any(
        s.section != "BACKGROUND" and may_match(_RESECTED_OR_NOT, s.text) and _RESECTED_OR_NOT.search(s.text)
        for s in sentences(doc))
    abbreviations = doc._.abbreviation_pairs
    # short forms that stand for a resection ("LR" for liver resection, "HR" for hepatic resection)
    kinds = {short: _long_form_kind(long) for short, long in abbreviations.items()}
    resection_abbr = [re.escape(s) for s, (resection, _) in kinds.items() if resection]
    abbr_re = re.compile(r"\b(?:underw[eo]nt|had|undergoing|after|following)\s+(?:" + "|".join(resection_abbr)
                         + r")\b") if resection_abbr else None
    abbr_word_re = re.compile(r"\b(?:" + "|".join(resection_abbr) + rf")\s+{PATIENT_NOUNS_PTS}\b") \
        if resection_abbr else None
    # "Fifty-four patients in the LR group were compared with ...": the abbreviation names the surgical arm
    # ("38 pts in LR grp": concise abstracts leave out "the" and shorten "group")
    abbr_arm_re = re.compile(r"\s*(?:(?:were|was)\s+)?(?:(?:allocated|assigned)\s+)?(?:in|to|into|of)\s+(?:the\s+)?(?:"
                             + "|".join(resection_abbr) + r")\s+(?:group|grp|arm|cohort)\b") if resection_abbr else None
    # "treated by LR (n = 37) or MWA (n = 29)": the short form of a resection just before "(n = N)" names the arm
    # (not the short form of an extent or approach, "PSH (n = 198)" for parenchymal-sparing hepatectomy: a subgroup)
    plain_abbr = [re.escape(s) for s, (resection, extent) in kinds.items() if resection and not extent]
    # "LR was performed in 19 pts": the short form of a resection (not of an extent: "Major LR ... in 7") performed in N
    abbr_performed_re = re.compile(r"(?<![\w-])(?:" + "|".join(plain_abbr) + r")\s+(?:(?:was|were)\s+)?"
                                   r"(?:performed|carried\s+out|done|undertaken)\s+(?:in|on)\s+(?:a\s+total\s+of\s+)?$") \
        if plain_abbr else None
    abbr_n_re = re.compile(r"\b(?:" + "|".join(plain_abbr) + r")(?:\s+(?:group|arm|cohort|patients))?[\s:,]*$") \
        if plain_abbr else None
    # "Ninety patients were included: 52 LR and 38 RFA", "1,640 patients (LR 512; non-LR 1,128)": a count labelled with
    # the short form of a resection, opening a list after a colon or a bracket, is the surgical arm (a doc's own rule)
    abbr_arm = (CueRule(_ABBREVIATION_ARM, re.compile(
        r"(?:(?<=:\s)|(?<=\())(?P<n>\d{1,3}(?:,\d{3})+(?![\d,])|\d+)\s+(?:" + "|".join(plain_abbr)
        + r")\b(?![-+/])(?=\s*(?:[,;]|and\b|vs\.?\s|versus\b))|\((?:" + "|".join(plain_abbr)
        + r")\s*:?\s*(?P<n2>\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?=\s*[,;])"), "mention", _ABBREVIATION_ARM_WEIGHT),) \
        if plain_abbr else ()
    plain_short = tuple(s for s, (resection, extent) in kinds.items() if resection and not extent)
    # short forms of any resection, approaches included ("(LLR 25, OLR 37)": a whole group split by approach)
    resection_labels = frozenset(s for s, (resection, _) in kinds.items() if resection)
    full_text = doc_text(doc)
    if (") and " in full_text or ") or " in full_text or ") vs" in full_text or ") versus " in full_text) \
            and may_match_once(_SHARED_HEAD_LABELS, full_text):
        # "anatomical (AR) and non-anatomical (NAR) liver resection": two kinds of resection sharing their head
        # noun, each with its short form (which the abbreviation pairs miss: the letters run past the modifier)
        resection_labels |= frozenset(label for m in _SHARED_HEAD_LABELS.finditer(full_text) for label in m.groups())
    title_in_penalties = _title_in_penalties()
    sentence_rules = _rules("sentence")
    after_rules = _rules("after")
    before_rules = _rules("before")
    before_n_rules = _rules("before_n")
    noun_rules = _rules("noun")
    for sent in sentences(doc):
        # cheap test first: every mention rule needs one of these words (for an ASCII sentence the
        # literal test alone decides: letting a few more through changes no result)
        if not may_match(_MAY_MENTION, sent.text) or (not sent.text.isascii() and not _MAY_MENTION.search(sent.text)):
            continue
        # decimal points are masked so that "[^.;]" in cues does not stop at "59.18"
        text = _DECIMAL_POINT.sub("\u00b7", sent.text) if "." in sent.text else sent.text
        # the masking dot is not ASCII, the sentence may be: its pre-filter answers stay exact
        # (re folds no ASCII letter onto the dot)
        ascii_text = sent.text.isascii()
        sentence_score = 0.0
        sentence_hits: list[str] = []
        for rule in _may_match(sentence_rules, text, ascii_text, sent.text):
            if rule.pattern.search(text):
                sentence_score += rule.weight
                sentence_hits.append(rule.id)
        cited: bool | None = None  # asked only when the sentence holds a candidate (the test is costly)
        seen: set[int] = set()
        has_count = has_number(text)
        number_starts: list[int] | None = None
        count_first = _count_first()
        # the short-form arm only where a short form occurs (a literal test)
        own_mentions = abbr_arm if abbr_arm and any(short in text for short in plain_short) else ()
        for mention in (*_may_match(_mentions(), text, ascii_text, sent.text), *own_mentions):
            if mention.id in count_first:
                if not has_count:
                    continue  # "Patients with X showed ...": no count to find
                if number_starts is None:
                    number_starts = int_starts(text)
                matches = finditer_at(mention.pattern, text, number_starts)
            else:
                matches = mention.pattern.finditer(text)
            for m in matches:
                groups = m.groupdict()
                if groups.get("one"):
                    value: int | float | None = 1
                    key = "one"
                else:
                    key = "n" if groups.get("n") else "n2"
                    value = parse_number(groups.get(key) or "")
                if value is None or not float(value).is_integer() or value <= 0 or value > 100000:
                    continue
                start, end = m.span(key)
                if value < 2 and mention.id == _SINGULAR_NOUN:
                    continue  # "one patient died": a single patient is the case rules' (or a subgroup)
                if 1900 <= value <= 2099 and end - start == 4 and _is_year(text, start, end):
                    continue  # "Since 2014 patients ...", "between years 2009-2019 were operated": a date
                if start in seen:
                    continue
                seen.add(start)
                score = mention.weight + sentence_score + _SECTION_BONUS.get(sent.section, 0.0)
                hits = [mention.id, *sentence_hits]
                after = _clause_after(text, m.end())
                is_n = mention.id.endswith("n_equals")
                names_group = bool(_NAMES_GROUP.match(after))
                if is_n or mention.id.endswith((".arm", ".in_arm", ".resection_in", "_abbreviation_arm")):  # "(n = 45) and the non-surgical group (n = 75)": not ours
                    after = re.split(r"\s(?:and|or)\s|,", after, maxsplit=1)[0]
                # "(n = 33)" may close a long clause that named the group at its start
                before = text[max(0, m.start() - (130 if is_n else 60)):m.start()]
                if is_n and "(" in before and not (abbr_n_re is not None and abbr_n_re.search(before)) \
                        and _TREATMENT_BEFORE_BRACKET.search(before):
                    # "liver resection (LR, n = 31)": the group is named before the bracket that opens with its
                    # short form (the before_n rules stop at a bracket); a known resection short form is read below
                    before = _SHORT_FORM_BRACKET.sub("", before)
                named = _GROUP_IN_BRACKET.search(before) if is_n and "(" in before else None
                if named is not None:
                    before = named.group(1) + " "  # "(surgical group, SG; n = 24)": the bracket names the group
                if "," in after and _WHOLE_GROUP_BEFORE.search(before):
                    # "Of 34 patients with a recurrence, nine underwent repeat resection": the verb after the
                    # comma is the part's (digits after a comma already end the clause; words do here)
                    part = _PART_AFTER_COMMA.search(after)
                    if part is not None:
                        after = after[:part.start()]
                for rule in _may_match(after_rules, after, ascii_text, sent.text):
                    if rule.pattern.search(after):
                        if rule.id == "cohort.after.nonresection" and _ADJUNCT_ABLATION.search(after) and (
                                "cohort.after.underwent_resection" in hits
                                or _RESECTION_ALONE_IN.search(text, max(0, m.start() - 40), m.start())):
                            # "17 underwent resection (combined with ablation of a lesion in four)", "resection
                            # alone in 27 patients and resection plus RFA in 5": the ablation is added to a resection
                            continue
                        if rule.id == "cohort.after.outcome_subgroup" and key == "one":
                            continue  # "A 58-year-old woman presented with ...": the case itself, not a subgroup
                        score += rule.weight
                        hits.append(rule.id)
                for rule in _may_match(before_n_rules if is_n else before_rules, before, ascii_text, sent.text):
                    if (names_group or mention.id.endswith(".pooled")) and rule.id == "cohort.before.subgroup":
                        # "Among 64 patients who had liver resection, ...": the group itself; "studies including
                        # 1,312 patients": 'including' is part of the pooled count
                        continue
                    if rule.id == _OPERATIONS_IN_NAMED and m.start() != start:
                        continue  # "in 18 patients, breast in 21": the words before the mention are another part's
                    if rule.pattern.search(before):
                        score += rule.weight
                        hits.append(rule.id)
                if ("cohort.before.operations_for_in" in hits or "cohort.before.performed_in" in hits) \
                        and "cohort.before.outcome_in" in hits:
                    # "39 liver resections for breast cancer liver metastases in 36 patients", "hepatectomy was performed
                    # for liver metastases in 30 women": the metastases are what the operations were for, not an
                    # outcome counted in the patients
                    score -= _OUTCOME_IN_WEIGHT
                    hits.remove("cohort.before.outcome_in")
                if "cohort.before.breast_accounted_for" in hits and "cohort.after.percent" in hits:
                    # "Breast cancer was the primary tumour in 143 patients (13.9%)": the share of the breast part in
                    # the whole series, not a subgroup of the cohort
                    score -= _PERCENT_WEIGHT
                    hits.remove("cohort.after.percent")
                if is_n and abbr_n_re is not None and "cohort.before.surgical_n" not in hits \
                        and abbr_n_re.search(before):
                    score += _SURGICAL_N_WEIGHT
                    hits.append(_ABBREVIATION_N)
                if "xclu" in text:  # the cheap literal first: few sentences list exclusions
                    listed = _excluded_list(text, start)
                    if listed is not None:
                        score += listed.weight  # "38 were excluded (ablation only, n = 21; R2 resection, n = 9)"
                        hits.append(listed.id)
                if ("leav" in before or "left" in before or "yield" in before or "result" in before) \
                        and (remainder := _remainder_cue(text, start, before, after)) is not None:
                    score += remainder.weight  # "Three were excluded, leaving 29 women for analysis"
                    hits.append(remainder.id)
                if sent.section == "BACKGROUND" and "cohort.before.included" in hits \
                        and may_match(_OWN_STUDY, text) and _OWN_STUDY.search(text) and not _quotes_review(text):
                    score += 2.0  # "Background: ... We describe six consecutive patients treated at ...": the own series
                    hits.append("cohort.own_series_in_background")
                if not is_n and _breaks_down(sent.text, m.end(), int(value), resection_labels):
                    score += 1.5  # "Sixty-three patients (synchronous, 14; metachronous, 49)": the whole group
                    hits.append("cohort.whole_group_breakdown")
                if mention.id.endswith("bare_underwent") and "%" in m.group(0):
                    score -= 2.5  # "37 (92.5%) underwent an R0 resection": a share of the cohort
                    hits.append("cohort.percent_subset")
                if cited is None:
                    cited = sent.section not in ("METHODS", "RESULTS") and (cites_other_series(
                        sent.text, review=not primary_study) or primary_study and _quotes_review(sent.text))
                if cited:
                    score -= 3.0  # "the largest published series, which included 300 patients"
                    hits.append("cohort.cited_study")
                if _WHOLE_GROUP_BEFORE.search(before) and _WHOLE_GROUP_AFTER.match(text, m.end()):
                    score += 1.5  # "Of 487 patients, the 5-year survival was ...": the whole group
                    hits.append("cohort.whole_group_intro")
                if abbr_performed_re is not None and ("perform" in before or "carried" in before or "done" in before
                                                      or "undertaken" in before) and abbr_performed_re.search(before) \
                        and not _EXTENT_WORDS.search(before[-40:]):
                    score += _PERFORMED_IN_WEIGHT
                    hits.append(_ABBREVIATION_PERFORMED_IN)
                if abbr_re is not None and abbr_re.search(after):
                    score += 2.5
                    hits.append("cohort.after.resection_abbreviation")
                elif abbr_arm_re is not None and abbr_arm_re.match(after):
                    score += 2.5
                    hits.append("cohort.after.resection_abbreviation_arm")
                elif abbr_word_re is not None and abbr_word_re.search(m.group(0)):
                    score += 2.5  # "the 58 LR patients": the abbreviation of a resection names the group
                    hits.append("cohort.mention.resection_abbreviation")
                elif noun_rule := next((r for r in noun_rules if r.pattern.search(m.group(0))), None):
                    score += noun_rule.weight  # "Fifty-five resected patients were matched to 110 controls"
                    hits.append(noun_rule.id)
                if sent.section == "TITLE" and not is_n and _RESECTION_WORDS.search(text):
                    score += 1.0  # "Hepatectomy for ...: a multi-institutional study of 81 patients"
                    # "Liver resection for breast cancer liver metastases in 23 women": in a title "in N" is the
                    # series studied, not an outcome's subgroup
                    score -= sum(title_in_penalties.get(h, 0.0) for h in hits)
                    hits.append("cohort.title_resected_count")
                has_resection_cue = any(h.endswith(_RESECTION_CUE_SUFFIXES) for h in hits)
                if primary_study and (mention.id.endswith(".pooled") or "cohort.after.pooled_from" in hits
                                      and _FROM_STUDIES.match(after)):
                    score -= 2.0  # a primary study quoting a review's pooled total
                    hits.append("cohort.pooled_in_primary_study")
                if resected_or_not and (mention.id.endswith(".pooled") or "cohort.after.pooled_from" in hits) \
                        and not any(h.endswith(_OPERATED_CUE_SUFFIXES) for h in hits):
                    score -= 5.0  # "Twelve studies including 3,218 patients" who did or did not undergo resection
                    hits.append("cohort.pooled_resected_and_not")
                if mixed and not has_resection_cue and mention.id != _LABELLED_COHORT:  # the authors' label decides
                    score -= 2.5
                    hits.append("cohort.mixed_treatment")
                out.append(Candidate(int(value), sent.start + start, sent.start + end, round(score, 2), sent,
                                     tuple(hits)))
    out = _split_totals(out, comparative=any(may_match(_NON_SURGICAL_GROUP, s.text) and _NON_SURGICAL_GROUP.search(s.text)
                                              for s in sentences(doc)))
    out = _funnel_remainder(doc_text(doc), out)
    out = _total_less_excluded(doc_text(doc), _excluded_remainder(doc_text(doc), out))
    out = _sum_of_compared_resected_arms(_sum_of_divided_groups(_whole_of_resected_arms(_split_by_site(out))))
    out = _matched_subset_of_arm(_sum_of_extent_parts(doc, _whole_of_resected_parts(out)))
    return _breast_part_of_mixed_series(doc, out)


#: "In 37 patients, 43 hepatectomies ...": only for a mention that opens with its count
_OPERATIONS_IN_NAMED = "cohort.before.operations_in_named_patients"
_MATCHED_SUBSET = "cohort.before.matched_subset"
_MATCHED_SUBSET_PENALTY = 1.5


def _matched_subset_of_arm(candidates: list[Candidate]) -> list[Candidate]:
    """Lower an arm counted "after matching" when the abstract also counts the whole operated arm.

    "Of these, 86 underwent hepatectomy ... After matching, 74 patients in the surgery group and 148 in the systemic
    group were compared": the matched 74 are a subset of the 86 operated. A larger total said only to be identified
    ("A total of 376 patients were identified. After matching, 47 patients in the hepatectomy group ...") is no
    operated arm: then the matched arm stays the cohort.
    """
    matched = [c for c in candidates if _MATCHED_SUBSET in c.rules]
    if not matched:
        return candidates
    lowered = {c.start for c in matched
               if any(o.value > c.value and o.score > 0 and o.start != c.start
                      and any(h.endswith(_OPERATED_CUE_SUFFIXES) for h in o.rules)
                      and not _NON_SURGICAL_HITS & set(o.rules) for o in candidates)}
    return [replace(c, score=round(c.score - _MATCHED_SUBSET_PENALTY, 2), rules=(*c.rules, "cohort.matched_subset_of_arm"))
            if c.start in lowered else c for c in candidates]


# cues that say a candidate's own patients were operated on (an arm, not the population it came from)
_ARM_HITS = frozenset({"cohort.after.underwent_resection", "cohort.after.intended_resection", "cohort.after.resected",
                       "cohort.after.resection_abbreviation", _ABBREVIATION_ARM,
                       "cohort.after.resection_abbreviation_arm",
                       "cohort.before.surgical_n", _ABBREVIATION_N, "cohort.mention.arm", "cohort.mention.in_arm",
                       "cohort.mention.resection_in", "cohort.after.operated",
                       # "Hepatectomy was performed in 231 women (5.9%)" of an identified population
                       "cohort.before.performed_in", _ABBREVIATION_PERFORMED_IN, "cohort.before.operations_for_in"})
# a total only "selected/scheduled for" resection may still be split into those resected and those not
_OWN_RESECTION_HITS = (_ARM_HITS - {"cohort.after.intended_resection"}) | {
    "cohort.mention.single_case", "cohort.mention.single_case_start", "cohort.mention.case_report_title"}
_NAMED_ARM_HITS = frozenset({"cohort.mention.arm", "cohort.mention.in_arm", "cohort.before.surgical_n", _ABBREVIATION_N,
                             _ABBREVIATION_ARM})
# in a comparative abstract, a larger total without a resection cue yields a little to an arm said to be operated
_YIELDS_TO = _NAMED_ARM_HITS | {"cohort.after.underwent_resection", "cohort.after.resected"}
_NON_SURGICAL_GROUP = re.compile(r"\bnon-?(?:surg\w*|operat\w*|resect\w*)\s+(?:group|arm|cohort|patients)|"
                                 r"\b(?:systemic(?:\s+therapy)?|medical|chemotherapy|control)\s+(?:group|arm)\b|"
                                 r"\bsystemic\s+(?:therapy|treatment)\s+(?:alone|only)\b", re.IGNORECASE)
_NON_SURGICAL_HITS = frozenset({"cohort.before.nonsurgical_n", "cohort.after.nonresection"})
# the other part of a split that was operated on too ("213 were operated on bilaterally and 90 for ..."): no arm
_OTHER_OPERATED = re.compile(r"^[^.;]{0,50}?\b(?:(?<!non-)(?<!non)(?<!un)resect|hepatectom|metastasectom|operated)",
                             re.IGNORECASE)
# "37 (92.5%) underwent an R0 resection", "12 underwent repeat hepatectomy": a subset of the cohort, not an arm
# ("with curative intent" qualifies the whole operated group, unlike "curative resection")
_NOT_AN_ARM = re.compile(r"^(?:[^.;]|(?<=\d)\.(?=\d))*?\b(?:R[012]|margins?|complete(?:ly)?|curative(?!\s+intent)|radical|repeat|second|major|minor|"
                         r"extended|laparoscopic|simultaneous|synchronous|concomitant|two-stage)\b"
                         r"|^\s*(?:[(\[][^)\]]*[)\]]\s*)?(?:had\s+|have\s+)?(?:received|been\s+given|were\s+given)\b"
                         # ... unless what they received is the liver operation ("46 received HR plus systemic therapy")
                         r"(?!\s+(?:an?\s+)?(?:(?:liver|hepatic|surgical|curative|radical|partial)\s+){0,2}"
                         r"(?:hepatectomy|resection|surgery|metastasectomy|(?-i:HR|LR)\b(?![-+/])))",
                         re.IGNORECASE)
_SHARE_AFTER = re.compile(rf"^\s*(?P<noun>{PATIENT_NOUNS_PTS}\s*)?[(\[]\s*(?P<p>\d+(?:[.,\u00b7]\d+)?)\s?%")
# a bracket straight after the count: "63 patients (synchronous, 14; metachronous, 49)", or after the verb that
# includes them ("79 patients were included (LLR 31, OLR 48)")
_BREAKDOWN = re.compile(r"\s*(?:(?:were|was)\s+(?:included|analy[sz]ed|enrolled|identified|studied|reviewed)\s*)?"
                        r"\(([^()]{3,100})\)", re.IGNORECASE)
# ... or a list after a colon that closes the clause and holds only counts with their labels ("Forty-one pts: 29
# metachronous, 12 synchronous."), as concise abstracts write it
_COLON_BREAKDOWN = re.compile(r"\s*:\s*((?:\d+\s+[A-Za-z][\w+/-]*(?:\s+[a-z][\w-]*)?(?:\s*,\s*(?:and\s+)?|\s+and\s+)?){2,6})"
                              r"(?=\s*(?:[.;]|$))")
# parts named as groups or by abbreviations ("group A, 40; group B, 80", "LR 40, ST 80") may be treatment arms
_NAMED_PARTS = re.compile(r"(?i:\b(?:groups?|arms?|cohorts?)\b)|\b[A-Z]{2,5}\b")


_OWN_VERB = re.compile(r"^[^.;]{0,40}?\b(?:underw[eo]nt|received|had|were|was|treated|managed|given|did|formed)\b",
                       re.IGNORECASE)
_NON_SURGICAL = re.compile(r"non-?surg|non-?operat|non-?resect|systemic|medical|chemo|ablat|\bRFA\b|\bTACE\b|conservativ|"
                           r"\balone\b|\bonly\b|control|endocrine|radiother|best\s+supportive|"
                           r"\bnon-(?-i:[A-Z]{2,5})\b", re.IGNORECASE)  # "non-LR 1,483": not the short form's arm


def _breaks_down(text: str, end: int, value: int, resection_labels: frozenset[str] = frozenset()) -> bool:
    """Whether a bracket right after the count at ``end`` splits ``value`` into parts that add up to it.

    A count described by its parts ("45 patients (30 metachronous, 15 synchronous)") is a whole
    group, not a subgroup. Parts named by treatment ("120 patients (resection 40, systemic 80)")
    are arms: the total is not the cohort, so they give nothing. Parts labelled only with short forms of a
    resection (``resection_labels``: "79 patients (LLR 31, OLR 48)") were all operated: the total is the whole group.
    """
    m = _BREAKDOWN.match(text, end) or _COLON_BREAKDOWN.match(text, end)
    if m is None:
        return False
    inside = m.group(1)
    labels = set(re.findall(r"[A-Za-z][\w-]*", inside))
    all_resected = bool(labels) and labels <= resection_labels
    if not all_resected and (_RESECTION_WORDS.search(inside) or _NON_SURGICAL.search(inside)
                             or _NAMED_PARTS.search(inside)):
        return False
    parts = [n.value for n in find_numbers(inside) if n.kind == "count" and not n.distractor]
    return len(parts) >= 2 and sum(parts) == value


def _other_part_not_operated(text: str, arm_end: int, start: int, end: int) -> bool:
    """Whether the count at ``text[start:end]`` is a part split off beside the arm that was not operated on.

    "and 260 received systemic therapy alone", "and RFA in 32", "2,214 in the non-surgical arm" are;
    "and 90 (28.7%) for a unilateral defect" (the arm's verb, elided: operated too) and "and 48 had
    another resection" are not.
    """
    after = text[end:end + 60]
    if _OTHER_OPERATED.match(after):
        return False
    between = text[arm_end:start] if arm_end <= start else ""
    return bool(_OWN_VERB.match(after) or _NON_SURGICAL.search(after[:50]) or _NON_SURGICAL.search(between[-40:]))


def _split_into_named_arms(total: Candidate, arms: list[Candidate], not_operated: list[Candidate]) -> bool:
    """Whether later in the total's sentence a named surgical "(n = a)" and a non-surgical "(n = b)" add up to it.

    "48 women ... were treated with either microwave ablation (MWA, n = 20) or liver resection (LR, n = 28)": the
    resection named in the total's clause is one arm's treatment, so the total is split even though it has a
    resection cue of its own.
    """
    return any(arm.sentence is total.sentence and arm.start > total.start and _NAMED_ARM_HITS & set(arm.rules)
               and other.sentence is total.sentence and other.start > total.start
               and "cohort.before.nonsurgical_n" in other.rules and arm.value + other.value == total.value
               for arm in arms for other in not_operated)


def _split_totals(candidates: list[Candidate], comparative: bool = False) -> list[Candidate]:
    """Lower totals that the abstract splits into a surgical arm and the rest.

    "We reviewed 312 patients ... 52 underwent hepatectomy and 260 received systemic
    therapy alone", "Of 24,310 patients, 812 (3.3%) underwent liver surgery": the
    population (312, 24,310) is not the cohort; its operated arm (52, 812) is. A total
    counts as split when an arm's count plus another count of the arm's sentence gives
    it, or when the arm's share "(3.3%)" is the arm's count over it. In a ``comparative``
    abstract (a non-surgical group is named) a larger total without a resection cue of its
    own also yields a little to a named surgical arm ("surgery group (n = 76)").
    """
    arms = [c for c in candidates if _ARM_HITS & set(c.rules) and not _NON_SURGICAL_HITS & set(c.rules)
            and not any(h.endswith(("extent_subgroup", "outcome_subgroup", "margin_subgroup", "extent_n", "outcome_n",
                                    "those_who_n", "extent_performed_in", "extrahepatic_resection")) for h in c.rules)
            and not _NOT_AN_ARM.search(c.sentence.text[c.end - c.sentence.start:][:70])]
    if not arms:
        return candidates
    out: list[Candidate] = []
    boosted: dict[int, float] = {}
    # groups said not to be operated on, counted in a sentence of their own ("The remaining 124 women, treated with
    # systemic therapy alone, ..."): the other part of a total whose operated arm another sentence counts
    not_operated = [c for c in candidates if _NON_SURGICAL_HITS & set(c.rules)]
    for total in candidates:
        if _OWN_RESECTION_HITS & set(total.rules) and not _split_into_named_arms(total, arms, not_operated):
            out.append(total)
            continue
        for arm in arms:
            if arm.value >= total.value or arm.start == total.start:
                continue
            text = arm.sentence.text
            local = arm.end - arm.sentence.start
            parts = [(n.value, _other_part_not_operated(text, local, n.start, n.end)) for n in find_numbers(text)
                     if n.kind == "count" and not n.distractor and not (n.start <= arm.start - arm.sentence.start < n.end)]
            others = [v for v, not_operated_part in parts if not_operated_part]
            # a share after a patient noun is the arm's only after "Hepatectomy was performed in 231 women (5.9%)" ("Eleven
            # patients (4.6%) underwent ..." is mostly a subgroup), and not when the rest may have been operated too
            # ("90 patients ...: 61 patients (67.8%) were operated on by laparoscopy and 29 (32.2%) by laparotomy")
            rest_operated = any(not not_operated_part and float(arm.value) + float(v) == float(total.value)
                                for v, not_operated_part in parts)
            share = _SHARE_AFTER.match(text[local:])
            by_sum = any(float(arm.value) + float(v) == float(total.value) for v in others) \
                or any(arm.value + c.value == total.value and c.start > total.start
                       and (c.sentence is not arm.sentence and c.sentence is not total.sentence
                            or "cohort.before.nonsurgical_n" in c.rules) for c in not_operated)
            # "We reviewed 412 patients ..., of whom 57 underwent hepatectomy": the population, then its arm
            # ... or in the next sentence: "We reviewed 1,012 patients with BCLM. Among them, 74 underwent hepatectomy"
            by_subset_clause = ("cohort.before.subgroup" in arm.rules
                                and (arm.sentence is total.sentence and arm.start > total.start
                                     or _next_sentence(total.sentence, arm.sentence)))
            # ... or when the total is a population said not to be operated on ("142 patients with unresectable BCLM
            # who received systemic therapy ... Eighteen patients (12.7%) became resectable and underwent hepatectomy")
            noun_share_ok = not (share is not None and share.group("noun")) \
                or not rest_operated and ("cohort.before.performed_in" in arm.rules
                                          or bool(_NON_SURGICAL_HITS & set(total.rules)))
            by_share = share is not None and noun_share_ok and abs(100.0 * arm.value / total.value
                                                                   - float(share.group("p").replace(",", ".")
                                                                           .replace("\u00b7", "."))) < 0.1
            if by_sum or by_share or by_subset_clause:
                # a total only planned for resection ("42 patients scheduled for hepatectomy ... Hepatectomy was
                # thus performed in 38") gives way fully to those actually resected: its own cue is no longer its
                planned = 1.0 if "cohort.after.intended_resection" in total.rules else 0.0
                total = replace(total, score=round(total.score - 2.5 - planned, 2), rules=(*total.rules, "cohort.split_total"))
                # an arm given as a share of the total is no subset of the cohort: undo that penalty
                share_penalty = {"cohort.percent_subset", "cohort.after.percent"} & set(arm.rules)
                bonus = 3.0 if by_share and share_penalty else 0.5
                if "cohort.before.subgroup" in arm.rules:
                    bonus += 2.0  # "Of these, 38 underwent hepatectomy and 212 ...": the arm, not a subgroup
                boosted[arm.start] = max(bonus, boosted.get(arm.start, 0.0))
                break
        else:
            if comparative and any(_YIELDS_TO & set(arm.rules) and arm.value < total.value and arm.score > 0
                                   for arm in arms):
                total = replace(total, score=round(total.score - 1.0, 2), rules=(*total.rules, "cohort.comparative_total"))
        out.append(total)
    return [replace(c, score=round(c.score + boosted[c.start], 2), rules=(*c.rules, "cohort.arm_of_total"))
            if c.start in boosted else c for c in out]


# a count of operated organs in a list ("92 pulmonary, 38 hepatic and 57 intracranial resections"); the other organs
# are those of the rule cohort.mention.liver_site
_SITE_COUNT = re.compile(expand_placeholders(r"(?<![\w.,/])({INT})\s+(?:{OTHER_OPERATED_SITE}|hepatic|liver)\b"),
                         re.IGNORECASE)
_SITE_MENTIONS = ("cohort.mention.liver_site",)


def _split_by_site(candidates: list[Candidate]) -> list[Candidate]:
    """A metastasectomy series split by organ: the liver count takes the operated total's place.

    "We reviewed 187 patients who underwent metastasectomy for breast cancer ...: 92 pulmonary, 38
    hepatic and 57 intracranial resections": when the organ counts after an operated total of the same
    sentence add up to it, the liver count is the cohort (it inherits the total's cues) and the total
    loses. A list that adds up to no operated total (sites of recurrence) changes nothing.
    """
    sites = [c for c in candidates if c.rules[0] in _SITE_MENTIONS]
    if not sites:
        return candidates
    changed: dict[int, Candidate] = {}
    for site in sites:
        text, base = site.sentence.text, site.sentence.start
        for total in candidates:
            if total.sentence is not site.sentence or total.start >= site.start or total.score <= 0 \
                    or not _OWN_RESECTION_HITS & set(total.rules) and "cohort.after.underwent_resection" not in total.rules:
                continue
            counts = [parse_number(m.group(1)) for m in _SITE_COUNT.finditer(text, total.end - base)]
            if len(counts) >= 2 and sum(v or 0 for v in counts) == total.value:
                changed[total.start] = replace(total, score=round(total.score - 3.0, 2),
                                               rules=(*total.rules, "cohort.split_by_site"))
                changed[site.start] = replace(site, score=round(max(site.score, total.score) + 0.5, 2),
                                              rules=(*site.rules, "cohort.liver_site_of_total"))
                break
    return [changed.get(c.start, c) for c in candidates]


def _whole_of_resected_arms(candidates: list[Candidate]) -> list[Candidate]:
    """Two resected groups compared, whose sum is stated elsewhere, make the cohort.

    "Women treated with a single hepatectomy (n = 120) were compared with those who also underwent a
    repeat hepatectomy (n = 19) ... For all 139 women, ...": when every "(n = N)" of a sentence follows a
    resection (none a non-surgical or excluded group) and they add up to a count of patients given
    elsewhere, that count gains and the groups lose. Groups of which only some follow a resection word, in a
    sentence naming no other treatment, add up to the authors' "whole series of N" alone.
    """
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.rules[0] == "cohort.mention.n_equals":
            by_sentence.setdefault(c.sentence.start, []).append(c)
    bonus: dict[int, tuple[float, str]] = {}
    for arms in by_sentence.values():
        if len(arms) < 2 or not all(not _NON_SURGICAL_HITS & set(a.rules)
                                    and "cohort.before.not_operated_n" not in a.rules for a in arms):
            continue
        surgical = [("cohort.before.surgical_n" in a.rules or _ABBREVIATION_N in a.rules) for a in arms]
        if not all(surgical) and not (any(surgical) and not _OTHER_TREATMENT_GROUP.search(arms[0].sentence.text)):
            continue
        whole = sum(a.value for a in arms)
        # the total is a count of patients, or the authors' own series named with its size; when only some groups
        # follow a resection word (the operation named once for all: "analysed in two groups according to the
        # extent of disease at surgery: ... (n = 41) and ... (n = 11)"), only "the whole series of 52" will do
        total = next((c for c in candidates if c.value == whole and c.sentence is not arms[0].sentence
                      and ("cohort.mention.patients" in c.rules and all(surgical)
                           or "cohort.mention.own_series_of" in c.rules)), None)
        if total is not None:
            bonus[total.start] = (2.5, "cohort.sum_of_resected_arms")
            for a in arms:
                bonus[a.start] = (-2.5, "cohort.resected_arm_of_sum")
    if not bonus:
        return candidates
    return [replace(c, score=round(c.score + bonus[c.start][0], 2), rules=(*c.rules, bonus[c.start][1]))
            if c.start in bonus else c for c in candidates]


# "All women who underwent hepatectomy ... were divided into an older group (n = 15) and a younger group (n = 41)"
_DIVIDED = re.compile(r"\b(?:were|was)\s+(?:then\s+|subsequently\s+|further\s+)?(?:divided|split|stratified|separated|"
                      r"categori[sz]ed|grouped|classified|sorted)\s+(?:in)?to\b", re.IGNORECASE)


# a group named by another treatment (unlike _NON_SURGICAL, "liver-only" or "bone only" names no treatment)
_OTHER_TREATMENT_GROUP = re.compile(r"non-?surg|non-?operat|non-?resect|unresect|not\s+(?:operated|resected)|systemic|"
                                    r"medical|chemo|ablat|\bRFA\b|\bMWA\b|\bTACE\b|conservativ|control|endocrine|"
                                    r"radiother|supportive|(?:therapy|treatment)\s+(?:alone|only)", re.IGNORECASE)


def _sum_of_divided_groups(candidates: list[Candidate]) -> list[Candidate]:
    """A resected population divided into groups given only as "(n = a)", "(n = b)": the groups sum to the cohort.

    "Patients who underwent liver resection for BCLM ... were divided into a group with ... (n = 12) and a group
    with ... (n = 33)": the subject before "were divided into" names a resection and gives no count of its own, every
    "(n = N)" of the sentence comes after the verb and no group is named by a non-surgical treatment ("those who
    continued systemic therapy alone (n = 64)"). The sum becomes a candidate (its span covers the groups) that
    outranks the groups; a total stated elsewhere has the same value.
    """
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.rules[0] == "cohort.mention.n_equals":
            by_sentence.setdefault(c.sentence.start, []).append(c)
    added: list[Candidate] = []
    lowered: set[int] = set()
    for groups in by_sentence.values():
        if len(groups) < 2:
            continue
        sent = groups[0].sentence
        text = sent.text
        verb = _DIVIDED.search(text) if may_match(_DIVIDED, text) else None
        first = groups[0].start - sent.start
        if verb is None or verb.end() > first:
            continue
        subject = text[:verb.start()]
        if not _RESECTION_WORDS.search(subject) or any(c.sentence is sent and c.start - sent.start < verb.start()
                                                      for c in candidates):
            continue  # no resection named, or the population has its own count
        if _OTHER_TREATMENT_GROUP.search(text[verb.end():groups[-1].end - sent.start]) \
                or any(_NON_SURGICAL_HITS & set(g.rules) or "cohort.before.not_operated_n" in g.rules for g in groups):
            continue
        best = max(g.score for g in groups)
        added.append(Candidate(sum(g.value for g in groups), groups[0].start, groups[-1].end, round(best + 2.5, 2), sent,
                               ("cohort.mention.n_equals", "cohort.sum_of_divided_resected_groups")))
        lowered.update(g.start for g in groups)
    if not added:
        return candidates
    out = [replace(c, score=round(c.score - 2.5, 2), rules=(*c.rules, "cohort.divided_group_of_sum"))
           if c.start in lowered and c.rules[0] == "cohort.mention.n_equals" else c for c in candidates]
    return sorted(out + added, key=lambda c: c.start)


# "We compared 26 patients who had ... with 31 patients who had ...", "18 women who underwent X were compared with 23
# who underwent Y": the words before and between two compared counts
_COMPARED_BEFORE = re.compile(r"\bcompar(?:ed|ing)\s+(?:the\s+(?:outcomes?|results?|records?)\s+of\s+)?$", re.IGNORECASE)
_COMPARED_BETWEEN = re.compile(r"^[^;:.]{0,160}?(?:\bcompared\s+)?\b(?:with|to|versus|vs\.?)\s+(?:the\s+|those\s+of\s+)?$",
                               re.IGNORECASE)
_ARM_RESECTED = frozenset({"cohort.after.underwent_resection", "cohort.after.resected"})
# another primary named in the sentence ("compared with 6,914 patients resected for CRLM"): a comparator series
_OTHER_PRIMARY = re.compile(r"\b(?:colorectal|CRLM|neuroendocrine|NELM|gastric|pancreatic|melanoma|renal|ovarian|sarcoma|"
                            r"gastrointestinal|GIST|non-?breast|other\s+primar)", re.IGNORECASE)


def _sum_of_compared_resected_arms(candidates: list[Candidate]) -> list[Candidate]:
    """Two compared arms that both had a liver resection make the cohort together.

    "We compared 26 patients who had simultaneous breast and liver resection with 31 patients who had liver
    resection as a delayed procedure": both counts carry a resection cue, none a non-surgical one, and no other
    treatment names a group of the sentence ("... with 23 who received systemic therapy alone" keeps the resected
    arm). The sum becomes a candidate (its span covers the arms) that outranks the arms.
    """
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_sentence.setdefault(c.sentence.start, []).append(c)
    added: list[Candidate] = []
    lowered: set[int] = set()
    for group in by_sentence.values():
        arms = [c for c in group if c.score > 0 and _ARM_RESECTED & set(c.rules)]
        if len(arms) != 2:
            continue
        first, second = sorted(arms, key=lambda c: c.start)
        sent = first.sentence
        text = sent.text
        if "ompar" not in text:  # the cheap literal test first
            continue
        between = text[first.end - sent.start:second.start - sent.start]
        if not _COMPARED_BETWEEN.match(between) or not (
                "compared" in between.lower() or _COMPARED_BEFORE.search(text[:first.start - sent.start])):
            continue
        if _OTHER_TREATMENT_GROUP.search(text) or _OTHER_PRIMARY.search(text) or any(_NON_SURGICAL_HITS & set(a.rules)
                                                      or "cohort.before.not_operated_n" in a.rules
                                                      or "cohort.after.other_primary" in a.rules for a in arms):
            continue  # "... with 23 who received systemic therapy alone", "... with 6,914 resected for CRLM": the
            # breast cancer resected arm alone is the cohort
        best = max(a.score for a in arms)
        added.append(Candidate(first.value + second.value, first.start, second.end, round(best + 2.5, 2), sent,
                               (first.rules[0], "cohort.sum_of_compared_resected_arms")))
        lowered.update((first.start, second.start))
    if not added:
        return candidates
    out = [replace(c, score=round(c.score - 2.5, 2), rules=(*c.rules, "cohort.compared_arm_of_sum"))
           if c.start in lowered else c for c in candidates]
    return sorted(out + added, key=lambda c: c.start)


def _funnel_remainder(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """A total less a count subtracted from it in the next clause or sentence, with the rest counted after it.

    "Forty-six women underwent surgery ... Six who received ablation without resection were excluded, and the
    remaining 40 who underwent liver resection were analysed": those subtracted were never resected, so the rest
    (with a resection cue of its own) is the cohort. "Forty-one women underwent hepatectomy; three were lost to
    follow-up, and survival analyses included 38 resected patients": those lost were resected too, so the total
    stays the cohort. Rules ``funnel`` say which; without one the candidates keep their scores.
    """
    if len(candidates) < 2:
        return candidates
    funnel = _rules("funnel")
    remainder = _rules("funnel_remainder")
    delta: dict[int, tuple[float, str]] = {}
    for rest in candidates:
        if not any(h.endswith(_RESECTION_CUE_SUFFIXES) for h in rest.rules):
            continue
        for total in candidates:
            gap = text[total.end:rest.start]
            if total.value <= rest.value or total.start >= rest.start or len(gap) > 400:
                continue
            subtracted = [n for n in find_numbers(gap) if n.kind == "count" and not n.distractor
                          and n.value == total.value - rest.value]
            for n in subtracted:
                clause = gap[n.start:]
                hit = next((r for r in funnel if r.pattern.search(clause)), None)
                if hit is None:
                    continue
                if hit.weight > 0:
                    if not (any(h.endswith(_RESECTION_CUE_SUFFIXES) for h in total.rules)
                            or "cohort.after.operated" in total.rules) \
                            or not any(r.pattern.search(gap) for r in remainder):
                        continue
                    delta[total.start] = (-hit.weight, hit.id)
                    delta[rest.start] = (hit.weight, hit.id)
                elif any(h.endswith(_RESECTION_CUE_SUFFIXES) for h in total.rules):
                    delta[rest.start] = (hit.weight, hit.id)
                break
    return [replace(c, score=round(c.score + delta[c.start][0], 2), rules=(*c.rules, delta[c.start][1]))
            if c.start in delta else c for c in candidates]


# cues that a count is the study population itself (an inclusion verb, "comprised", an age aside) or was resected
_POPULATION_HITS = frozenset({"cohort.after.included", "cohort.before.included", "cohort.after.age_opening",
                              "cohort.before.definite_group", "cohort.remainder.leaving",
                              "cohort.after.remained_for_analysis"})


def _population_cue(candidate: Candidate) -> bool:
    return bool(_POPULATION_HITS & set(candidate.rules)) or any(h.endswith(_RESECTION_CUE_SUFFIXES)
                                                                for h in candidate.rules)


def _runs_sum_to(values: list[float], target: float) -> bool:
    """Whether one value, or a run of neighbouring values, adds up to ``target`` ("38 were excluded (..., n = 21;
    ..., n = 9; ..., n = 8)" holds 38 and 21 + 9 + 8; "after exclusion of 17 ... and 11 ..." holds 17 + 11)."""
    for i in range(len(values)):
        total = 0.0
        for v in values[i:]:
            total += v
            if total == target:
                return True
            if total > target:
                break
    return False


def _excluded_remainder(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """A total less the counts excluded from it, with the study population counted after them: the population wins.

    "Of 156 patients identified, 38 were excluded (ablation only, n = 21; ...). The study population comprised 118
    patients", "288 were performed for breast cancer; after exclusion of 17 patients who underwent combined resection
    and ablation and 11 with missing survival data, 260 patients were analysed": the authors define their cohort by
    the exclusions, and their rates are over it. Between the two counts an exclusion is said (rules
    ``funnel_exclusion``) and an excluded count or a run of them is the difference; the later count has a cue of a
    study population or a resection of its own and is not the excluded group itself ("The 38 excluded patients ...").
    Pairs already read by a ``funnel`` rule (those lost to follow-up) keep that reading.
    """
    exclusion = _rules("funnel_exclusion")
    if len(candidates) < 2 or not exclusion or "xclu" not in text:  # the cheap literal first
        return candidates
    delta: dict[int, tuple[float, str]] = {}
    for rest in candidates:
        if rest.score <= 0 or not _population_cue(rest) or any(h.startswith("cohort.funnel.") for h in rest.rules) \
                or "cohort.excluded_list" in rest.rules or "xclu" in text[max(0, rest.start - 20):rest.end + 20] \
                and "cohort.remainder.leaving" not in rest.rules:  # ("were excluded, leaving 36 women": what is left)
            continue
        for total in candidates:
            gap = text[total.end:rest.start]
            if total.value <= rest.value or total.start >= rest.start or len(gap) > 400 or "xclu" not in gap:
                continue
            hit = next((r for r in exclusion if r.pattern.search(gap)), None)
            counts = [float(n.value) for n in find_numbers(gap) if n.kind == "count" and not n.distractor]
            if hit is None or not _runs_sum_to(counts, float(total.value - rest.value)):
                continue
            delta[total.start] = (-hit.weight, hit.id + "_whole")
            delta[rest.start] = (hit.weight, hit.id)
            break
    return [replace(c, score=round(c.score + delta[c.start][0], 2), rules=(*c.rules, delta[c.start][1]))
            if c.start in delta else c for c in candidates]


def _total_less_excluded(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """"Of 156 patients identified, 38 were excluded (...)" with no remainder counted anywhere: T - X is the cohort.

    The derived candidate (its span is the excluded count) outranks the total by the rule's weight; a count of the
    remainder given elsewhere ("The study population comprised 118 patients") is read by
    :func:`_excluded_remainder` instead, and an exclusion "from the survival analysis" derives nothing.
    """
    rules_ = _rules("funnel_excluded_total")
    if not candidates or not rules_ or "xclu" not in text:  # the cheap literal first
        return candidates
    values = {c.value for c in candidates if c.score > 0}
    added: list[Candidate] = []
    lowered: set[int] = set()
    for total in candidates:
        if total.score <= 0:
            continue
        sent_end = total.sentence.start + len(total.sentence.text)
        for rule_ in rules_:
            m = rule_.pattern.match(text, total.end, sent_end)
            excluded = parse_number(m.group("x")) if m else None
            if not excluded or not 0 < excluded < total.value or total.value - excluded in values:
                continue
            added.append(Candidate(int(total.value - excluded), m.start("x"), m.end("x"),
                                   round(total.score + rule_.weight, 2), total.sentence, (total.rules[0], rule_.id)))
            lowered.add(total.start)
            break
    if not added:
        return candidates
    out = [replace(c, score=round(c.score - 1.5, 2), rules=(*c.rules, "cohort.total_of_excluded"))
           if c.start in lowered else c for c in candidates]
    return sorted(out + added, key=lambda c: c.start)


def _next_sentence(first: Sentence, second: Sentence) -> bool:
    return second.index == first.index + 1


def _resected_part(text: str, end: int) -> CueRule | None:
    """The 'part' rule saying that the count ending at ``end`` was resected too ("and 8 resection combined with RFA")."""
    after = text[end:end + 80]
    return next((rule for rule in _may_match(_rules("part"), after, text.isascii(), text) if rule.pattern.search(after)),
                None)


def _resected_part_in(text: str, start: int, end: int) -> CueRule | None:
    """The 'part_in' rule saying that the count starting at ``end`` was resected too, its label written before it
    ("..., resection combined with thermal ablation in 14"): the words from the previous part's count to this one."""
    between = text[start:end]
    return next((rule for rule in _may_match(_rules("part_in"), between, text.isascii(), text)
                 if rule.pattern.search(between)), None)


# "open (OLR) and laparoscopic (LLR) liver resection", "anatomical (AR) versus non-anatomical (NAR) hepatectomy"
_SHARED_HEAD_LABELS = re.compile(r"\b[\w-]+\s+\((?-i:([A-Z][A-Za-z]{1,4}))\)\s+(?:and|or|vs\.?|versus)\s+[\w-]+\s+"
                                 r"\((?-i:([A-Z][A-Za-z]{1,4}))\)\s+(?:(?:liver|hepatic)\s+)?(?:resections?|hepatectom\w*)\b",
                                 re.IGNORECASE)
_IN_ORDER = re.compile(r"\bin\s+$")
# a resected part of a list by treatment, its label before its count ("hepatectomy alone in 27 patients")
_RESECTION_ALONE_IN = re.compile(r"\b(?:hepatectom\w*|resections?|metastasectom\w*)\s+(?:alone|only)\s+in\s+$",
                                 re.IGNORECASE)


def _whole_of_resected_parts(candidates: list[Candidate]) -> list[Candidate]:
    """Raise a total that the next words split into parts that were all resected, and lower its first part.

    "Forty-seven patients were treated; 39 underwent resection alone and 8 resection combined
    with RFA": every part had a resection, so the parts add up to the operated cohort (47), and
    the first part (39) is a subgroup of it. The total comes earlier in the arm's sentence or in
    the sentence just before it; a part given another treatment ("and 8 had RFA") keeps the arm.
    Each label may come before its count instead ("resection alone in 39 and resection combined with RFA in 8",
    ``part_in`` rules): the same parts, read from the words between the counts.
    """
    if not _rules("part"):
        return candidates
    bonus: dict[int, tuple[float, str]] = {}
    added: list[Candidate] = []
    for arm in candidates:
        if not _ARM_HITS & set(arm.rules) or _NON_SURGICAL_HITS & set(arm.rules):
            continue
        text = arm.sentence.text
        local = arm.end - arm.sentence.start
        arm_start = arm.start - arm.sentence.start
        # "resection alone in 86, resection combined with ablation in 14": each label before its count
        in_order = bool(_rules("part_in")) and _IN_ORDER.search(text, max(0, arm_start - 4), arm_start) is not None
        parts, rule, first_part, last_end = [arm.value], None, None, local
        for n in find_numbers(text[local:]):
            if n.kind != "count" or n.distractor or not float(n.value).is_integer():
                continue
            found = _resected_part_in(text, last_end, local + n.start) if in_order \
                else _resected_part(text, local + n.end)
            if found is None:
                break  # the resected parts end here ("..., and 10 received systemic therapy alone")
            parts.append(int(n.value))
            rule = found
            first_part = local + n.start if first_part is None else first_part
            last_end = local + n.end
        if rule is None or first_part is None:
            continue
        for total in candidates:
            # the total comes just before the parts, or earlier as a count of patients ("We describe five
            # consecutive women ... Three underwent segmentectomy, one a left and one a right hepatectomy")
            before = total.start < arm.start and (total.sentence is arm.sentence
                                                  or total.sentence.index == arm.sentence.index - 1
                                                  or "cohort.mention.patients" in total.rules)
            if before and total.value == sum(parts):
                bonus[total.start] = (rule.weight, rule.id)
                bonus[arm.start] = (-rule.weight, rule.id + "_part")
                break
        else:
            # no total of the resected parts written: "44 patients ...: 30 underwent hepatectomy alone, 8 hepatectomy
            # combined with RFA and 6 RFA alone" - the arm is resection "alone" beside a resection combined with
            # ablation, so the operated cohort is their sum (38), never the first part
            # (in the "in N" order the arm's "alone" and the part's ablation come before their counts)
            alone = next((r for r in _rules("part_alone") if r.pattern.search(
                text, *((max(0, arm_start - 40), arm_start) if in_order else (local, first_part)))), None)
            combined = _ADJUNCT_ABLATION.search(text, *((local, last_end) if in_order
                                                        else (first_part, min(len(text), last_end + 80))))
            if alone is not None and combined is not None and arm.score > 0:
                added.append(Candidate(sum(parts), arm.start, arm.sentence.start + last_end,
                                       round(arm.score + alone.weight, 2), arm.sentence, (*arm.rules, alone.id)))
                bonus[arm.start] = (-alone.weight, alone.id + "_part")
    out = [replace(c, score=round(c.score + bonus[c.start][0], 2), rules=(*c.rules, bonus[c.start][1]))
           if c.start in bonus else c for c in candidates]
    return sorted(out + added, key=lambda c: c.start) if added else out


# one part of the operations by extent or approach: "anatomical in 7", "non-anatomical resection in nine patients",
# "laparoscopic in 12" (what was operated on is named in the sentence)
_EXTENT_PART = re.compile(r"\b(?:minor|major|anatomical|non-?anatomical|wedge|laparoscopic|open|robotic|limited|segmental|"
                          r"atypical|parenchymal?[- ](?:sparing|preserving))(?:\s+(?:hepatectom(?:y|ies)|(?:liver\s+)?resections?))?"
                          r"\s+(?:(?:was|were)\s+(?:performed|done|carried\s+out)\s+)?in\s+(" + INT + r")\b(?!\s*(?:%|/|of\b))",
                          re.IGNORECASE)
_EXTENT_OF_RESECTION = re.compile(r"\b(?:hepatectom|resect|operation|procedure|surgery)", re.IGNORECASE)


def _sum_of_extent_parts(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """A count of patients confirmed by parts by extent or approach that add up to it.

    "Sixteen women were treated with ... a combined operation ... Hepatectomy was anatomical in 7 and non-anatomical in
    9 patients": the parts (7 + 9) are every operated patient, so an earlier count of the same value, otherwise without
    a resection cue of its own, is the operated cohort. Only a positive candidate of another sentence gains; the parts
    themselves stay subgroups.
    """
    if not candidates:
        return candidates
    bonus: set[int] = set()
    for sent in sentences(doc):
        text = sent.text
        if " in " not in text or not may_match(_EXTENT_PART, text) or not _EXTENT_OF_RESECTION.search(text):
            continue  # (the cheap literal tests first)
        parts = [parse_number(m.group(1)) for m in _EXTENT_PART.finditer(text)]
        if len(parts) < 2 or any(p is None for p in parts):
            continue
        total = sum(parts)  # type: ignore[arg-type]
        for other in candidates:
            if other.value == total and other.score > 0 and other.start < sent.start:
                bonus.add(other.start)
    if not bonus:
        return candidates
    return [replace(c, score=round(c.score + 1.5, 2), rules=(*c.rules, "cohort.sum_of_extent_parts"))
            if c.start in bonus else c for c in candidates]


_OF_THEM = re.compile(r"\s+of\s+(?:these|them|those)\b", re.IGNORECASE)
# the breast primary's own count in a bracket after it ("breast cancer (n = 27)"): the count before is the total
# ... or its own "in N" in a list by primary ("gastrointestinal in 18 patients, breast in 21"): the count before is
# another primary's
_OWN_N_BRACKET = re.compile(r"[^()\d]{0,25}?\(\s*n\s*=|(?:\s+(?:cancer|carcinoma))?\s+in\s+(?!(?:19|20)\d\d\b)" + INT,
                            re.IGNORECASE)


# a list item's own count after the breast item ("breast (n = 26), adrenal gland (n = " before the 19): the list
# has moved on to a primary the vocabulary may not know (no year: "breast cancer between 2001 and 2015, 44 women")
_LIST_ITEM_COUNT = re.compile(r"(?<![\w.])(?!(?:19|20)\d\d\b)\d+\s*\)\s*(?:[,;]|and\b)")
# breast named after the count as what the series singles out ("96 patients with separate analysis of breast cancer",
# "120 patients, with special emphasis on breast"): the count is the whole series
_FOCUS_ON = re.compile(r"\b(?:analys[ie]s|focus|emphasis|reference|attention|subgroup|subset)\b", re.IGNORECASE)


def _counts_breast(candidate: Candidate, breast: re.Pattern[str], other: re.Pattern[str]) -> bool:
    """Whether the count is of breast cancer patients: the primary named last in the 60 characters before it is
    breast ("the breast cancer subgroup comprised 44 women", not the 31 of "breast (n = 44), melanoma (n = 31)",
    nor the 19 of "breast (n = 44), adrenal gland (n = 19)"), or the first one named after it in its clause
    (not as the series' focus: "96 patients with separate analysis of breast cancer")."""
    text, pos = candidate.sentence.text, candidate.start - candidate.sentence.start
    window = text[max(0, pos - 60):pos]
    last_breast = max((m.end() for m in breast.finditer(window)), default=-1)
    if last_breast >= 0 and not any(m.start() >= last_breast for m in other.finditer(window)) \
            and not (")" in window[last_breast:] and _LIST_ITEM_COUNT.search(window, last_breast)):
        return True
    # "412 patients underwent resection for BCLM and 7,604 for CRLM": named after the count, before any other
    # ("Twenty-one of them, all women, were operated on for breast ...": read past the count's own "of them")
    end = candidate.end - candidate.sentence.start
    of_them = _OF_THEM.match(text, end)
    base = of_them.end() if of_them else end
    after = _clause_after(text, base)[:60]
    first_breast = breast.search(after)
    first_other = other.search(after)
    if first_breast is not None and _OWN_N_BRACKET.match(text, base + first_breast.end()):
        return False  # "39 women underwent resection for metastases of breast cancer (n = 27), ovarian ...": the total
    if first_breast is not None and _FOCUS_ON.search(after, 0, first_breast.start()):
        return False  # "results in 96 patients with separate analysis of breast cancer": the whole series
    return first_breast is not None and (first_other is None or first_breast.start() < first_other.start())


def _breast_part_of_mixed_series(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """In a series of several primaries ("liver resection for non-colorectal metastases ... with a focus on breast
    cancer"), the cohort is the breast subgroup: its counts gain, the whole series' counts lose."""
    other = rules(_RELEVANCE)["other_primary"].pattern
    title = title_text(doc)
    if not candidates or not (may_match(other, title) and other.search(title)):
        return candidates
    breast = rules(_RELEVANCE)["breast"].pattern
    of_breast = {c.start for c in candidates if _counts_breast(c, breast, other)}
    if not any(c.start in of_breast and c.score > 0 for c in candidates):
        return candidates
    return [replace(c, score=round(c.score + 2.0, 2), rules=(*c.rules, "cohort.breast_subgroup")) if c.start in of_breast
            else replace(c, score=round(c.score - 2.0, 2), rules=(*c.rules, "cohort.whole_mixed_series"))
            for c in candidates]


def _confidence(score: float) -> float:
    return round(min(0.95, 0.5 + 0.1 * score), 3)


def extract_cohort(doc: Doc) -> list[Finding]:
    """The ``cohort_size`` finding of a processed doc (at most one; cached per doc)."""
    return list(doc_cache(doc, "cohort_findings", lambda: _extract_cohort(doc)))


def _extract_cohort(doc: Doc) -> list[Finding]:
    candidates = [c for c in cohort_candidates(doc) if c.score >= MIN_SCORE]
    if not candidates:
        return []
    ranked = sorted(enumerate(candidates), key=lambda item: (-item[1].score, item[0]))
    best = ranked[0][1]
    doc_cache(doc, "cohort_breast_subgroup", lambda: "cohort.breast_subgroup" in best.rules)
    confidence = _confidence(best.score)
    note = None
    rivals = [c for _, c in ranked[1:] if c.value != best.value and c.score >= best.score - 0.5]
    if rivals:
        confidence = round(confidence * 0.8, 3)
        note = "competing value(s): " + ", ".join(str(c.value) for c in rivals[:3])
    return [make_finding(doc, "cohort_size", best.value, start=best.start, end=best.end,
                         rule="+".join(best.rules[:4]), confidence=confidence, unit="patients", note=note,
                         sentence=best.sentence)]


def cohort_denominator(doc: Doc) -> int | None:
    """The cohort size of ``doc`` as an int (cached per doc), or ``None``."""

    def compute() -> int | None:
        found = extract_cohort(doc)
        return int(found[0].value) if found else None

    return doc_cache(doc, "cohort_denominator", compute)


def cohort_is_breast_subgroup(doc: Doc) -> bool:
    """Whether the cohort size is the breast subgroup of a mixed-primary series (then a figure of the whole series
    is not the cohort's: other families use this to drop it)."""
    extract_cohort(doc)
    return bool(doc_cache(doc, "cohort_breast_subgroup", lambda: False))
