"""Receptor vocabulary and profiles: what a sentence says of each receptor, and the value written next to it.

Vocabulary: ``rules/receptors.json`` (:func:`_vocab`; the value patterns after a profile: :func:`_value_after`).
Also the helpers the reporting shapes share (the fields, a share from a count or percentage, the last match,
the outcome-by-group guard).

* A *profile* is a run of receptor terms with polarities: "ER-positive",
  "ER+/PR-/HER2+", "ER and PR positive, HER2 negative", "ER and/or PR positive"
  (-> hormone receptor), "HR+/HER2-", "triple-negative", "basal-like (ER-, PR-,
  HER2-)" (the bracketed definition is folded into the named subtype). "HR"
  followed by a number is a hazard ratio, never a receptor.
* A profile takes the value written next to it: "in 35 patients (72.9%)", "in 12
  (19.7%)", "n=26", "20/31", "in 85%", "was documented in five" (count divided by
  the cohort size), or a count just before it ("Fifty nine patients (69%) carried
  a primary that was ER or PR positive").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from litreview.extract.prefilter import may_match
from litreview.extract.numbers import INT, PCT, WORD_NUMBER, is_distractor, parse_number, percent
from litreview.rules import load_json


_FIELDS = {"ER": "er_positive_pct", "HR": "hr_positive_pct", "HER2": "her2_positive_pct", "TN": "triple_negative_pct"}


@dataclass
class Profile:
    """A receptor profile in a sentence: polarity per receptor (True = positive)."""

    start: int  # offsets in the sentence text
    end: int
    status: dict[str, bool] = field(default_factory=dict)
    either: bool = False  # "ER or PR positive": at least one of them
    ambiguous: bool = False  # "ER and/or HER2 positive": not separable
    count: int | None = None
    pct: float | None = None
    denominator: int | None = None
    value_end: int | None = None
    staining: bool = False
    names: tuple[str, ...] = ()  # receptors in the order written
    all_but: bool = False  # "all but three tumours were ER-positive": the count is of the others
    worded: bool = False  # HER2 from a subtype word ("HER2-enriched"), not a written receptor status
    arm_sum: bool = False  # the count adds up two arms' counts ("in 14 LLR and 19 OLR patients")
    first_arm: tuple[int | None, float | None] = (None, None)  # the first arm's count and share alone
    of_them: bool = False  # "in 19 of them": a count of a group named before, the cohort only if checked so
    of_these_n: bool = False  # "in 35 of these 47 patients": a group named before, the cohort only if 47 is
    fraction_pair: bool = False  # "in 8 of the 12 X and 29 of the 41 Y": summed, read only when 12 + 41 is the cohort
    first_fraction: tuple[int, int] | None = None  # the first of such a pair ("26 of 33 resected and 51 of 66 controls")
    # "HER2-0, HER2-low and HER2-positive tumours were found in ..., respectively": one receptor listed with several
    # polarities is a list of groups, not one profile; the polarity of each item in order (only a list closed by
    # "respectively" reads it, see arms._respectively)
    mixed: tuple[bool | None, ...] = ()

    def positive(self, receptor: str) -> bool | None:
        """Polarity of ``receptor`` (ER, PR, HR, HER2, TN) implied by the profile, or None."""
        s = self.status
        if receptor == "TN":
            if s.get("TN"):
                return True
            if any(s.get(r) for r in ("ER", "PR", "HR", "HER2")):
                return False
            if s.get("ER") is False and s.get("PR") is False and s.get("HER2") is False:
                return True
            if s.get("HR") is False and s.get("HER2") is False:
                return True
            return None
        if s.get("TN"):
            return False
        if receptor == "HR":
            if "HR" in s:
                return s["HR"]
            if s.get("ER") or s.get("PR"):
                return True
            if s.get("ER") is False and s.get("PR") is False:
                return False
            return None
        return s.get(receptor)


#: vocabulary entries compiled as they stand (case-insensitive): name used in code -> key in receptors.json
_PLAIN_PATTERNS = {
    "table_arms": "table_arms",
    "table_other_arm": "table_other_arm",
    "table_subgroup": "table_subgroup",
    "tn_named": "triple_negative",
    "hr_defined": "hr_defined",
    "hr_negative_written": "hr_negative_written",
    "sign_pair_header": "sign_pair_header",
    "sign_pair_tn": "sign_pair_tn",
    "sign_triple_header": "sign_triple_header",
    "rescored": "rescored",
    "her2_words": "her2_positive_words",
    "hr_words": "hr_status_words",
    "negation": "negation_before",
    "verb_profile": "verb_profile",
    "definition": "definition_bracket",
    "parts_header": "parts_header",
    "status_clause": "status_clause",
    "tested_all_clause": "tested_all_clause",
    "all_known": "all_known",
    "inclusion_before": "inclusion_before",
    "inclusion_after": "inclusion_after",
    "inclusion_verb": "inclusion_verb",
    "inclusion_exclude": "inclusion_exclude",
    "then_positive": "then_positive",
    "then_unknown": "then_unknown",
    "skip": "skip_sentence",
    "subgroup": "subgroup_before",
    "irrelevant": "irrelevant_mention",
    "metastasis": "metastasis_subject",
    "classified_by_metastasis": "classified_by_metastasis",
    "case_metastasis_before": "case_metastasis_before",
    "metastasis_after": "metastasis_after",
    "none_before": "none_before",
    "status_subset": "status_subset",
    "pct_header": "pct_header",
    "surgical_long": "surgical_long",
    "rest_of_cohort": "rest_of_cohort",
    "only_after": "only_count_after",
    "of_all_after": "of_all_after",
    "status_change": "status_change",
    "her2_equivocal": "her2_equivocal",
    "status_unknown": "status_unknown",
    "none_unknown": "none_unknown",
    "cohort_opener": "cohort_opener",
    "our_arm": "our_arm",
    "other_population": "other_population",
    "our_arm_elided": "our_arm_elided",
    "each_arm": "each_arm_before",
    "other_arm_elided": "other_arm_elided",
    "population_after": "population_after",
    "range_after": "range_after",
    "range_before": "range_before",
    "range_and_after": "range_and_after",
    "range_end_before": "range_end_before",
    "respectively_list": "respectively_list_after",
    "unlabelled_list": "unlabelled_list_after",
    "criterion_clause": "criterion_clause",
    "definition_aside": "definition_aside",
    "leading_comparison": "leading_comparison",
    "operated_subject": "operated_subject",
    "group_size_after": "group_size_after",
    "cited_work": "cited_work",
    "arm_label_ours": "arm_label_ours",
    "arm_label_other": "arm_label_other",
    "remaining_one": "remaining_one",
}
#: vocabulary entries with number placeholders ({INT}, {PCT}) filled in
_NUMBER_PATTERNS = {"tested_of_whom": "tested_of_whom", "inclusion_underwent": "inclusion_underwent", "whole_label": "whole_cohort_label",
                    "all_but_rest_negative": "all_but_rest_negative", "sign_pair_item": "sign_pair_item",
                    "sign_triple_item": "sign_triple_item"}


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    data = load_json("receptors.json")
    terms = data["terms"]
    term_alt = "|".join(f"(?P<{name}>{pattern})" for name, pattern in terms.items())
    pol = rf"(?P<pos>{data['positive']})|(?P<neg>{data['negative']})"
    return {
        **{name: re.compile(data[key], re.IGNORECASE) for name, key in _PLAIN_PATTERNS.items()},
        **{name: re.compile(data[key].replace("{INT}", INT).replace("{PCT}", PCT), re.IGNORECASE)
           for name, key in _NUMBER_PATTERNS.items()},
        # "lacked ER, PR and HER2" names the receptors themselves: the "term" pattern finds such sentences
        "tn": re.compile(rf"{data['triple_negative']}|{data['triple_negative_lacking']}|{data['triple_negative_short']}",
                         re.IGNORECASE),
        "term": re.compile(rf"(?:(?<![\w-])|(?<=[RrGg2][-−–]))(?:{term_alt})(?![\w])(?:{pol})?", re.IGNORECASE),
        "pos_word": re.compile(rf"^(?:{data['positive']})", re.IGNORECASE),
        "neg_word": re.compile(rf"^(?:{data['negative']})", re.IGNORECASE),
        "staining": re.compile(rf"^\s*(?:{PCT})\s?%"),
        "negated_positive": re.compile(rf"^\s?(?:{data['negated_positive']})", re.IGNORECASE),
        # "ER expression (1% or more) was present in 25": a criterion between the noun and its verb is no value
        "expression_found": re.compile(
            rf"\s*(?:expression|positivity|over-?expression)(?:{data['expression_criterion']})?"
            rf"(?:\s+in\s+the\s+primar(?:y|ies)(?:\s+tumou?rs?)?)?\s+(?:was|were)\s+(?:found|observed|present|detected|"
            rf"seen|documented|recorded|noted|identified|demonstrated)\b", re.IGNORECASE),
        "all_with_before": re.compile(data["all_with_before"].replace("{INT}", INT), re.IGNORECASE),
        "population_of_n": re.compile(data["population_of_n"].replace("{INT}", INT), re.IGNORECASE),
        "only_before": re.compile(data["only_count_before"].replace("{INT}", INT), re.IGNORECASE),
        "of_all_before": re.compile(data["of_all_before"].replace("{INT}", INT), re.IGNORECASE),
        "relative_end": re.compile(data["relative_subgroup_end"].replace("{INT}", INT), re.IGNORECASE),
        "own_cohort_pct": re.compile(data["own_cohort_pct"].replace("{PCT}", PCT), re.IGNORECASE),
        "respectively_pair": re.compile(data["respectively_pair_after"].replace("{PCT}", PCT), re.IGNORECASE),
        # "in 71.0% of the systemic-therapy group and 78.1% of the resection group": the value after names its arm
        "other_after": re.compile(rf"\s*(?:{data['other_population']})", re.IGNORECASE),
        "ours_next": re.compile(rf"\s*,?\s*and\s+(?P<p>{PCT})\s?%\s+(?:{data['our_arm']})", re.IGNORECASE),
        "other_elided_after": re.compile(rf"\s*(?:{data['other_arm_elided']})", re.IGNORECASE),
        "ours_after_elided": re.compile(rf"(?P<p>{PCT})\s?%\s+(?:{data['our_arm']})", re.IGNORECASE),
        "her2_score": re.compile(data["her2_score_item"].replace("{INT}", INT), re.IGNORECASE),
        "her2_amplified_bracket": re.compile(data["her2_amplified_bracket"].replace("{INT}", INT), re.IGNORECASE),
        "her2_amplified_nested": re.compile(data["her2_amplified_nested"].replace("{INT}", INT), re.IGNORECASE),
        # "Two-thirds had ER-positive primaries", "one in five was HER2-positive": an exact fraction of the cohort
        "fraction_before": re.compile(data["fraction_share_before"], re.IGNORECASE),
        "fraction_qualifier": re.compile(data["fraction_qualifier"], re.IGNORECASE),
        "fraction_num": data["fraction_numerators"],
        "fraction_den": data["fraction_denominators"],
        "lb_her2_item": re.compile(data["lb_her2_item"].replace("{INT}", INT), re.IGNORECASE),
        "her2_ish_clause": re.compile(data["her2_ish_clause"], re.IGNORECASE),
        "single_patient": re.compile(data["single_patient_before"], re.IGNORECASE),
        # "..., and in five of these the hormone receptors were also positive": a count nested in the group just named
        "nested_also": re.compile(data["nested_also_after"].replace("{INT}", INT).replace(
            "{TERM}", "|".join(f"(?P<{k}>{terms[k]})" for k in ("ER", "PR", "HR"))), re.IGNORECASE),
        "quantified_before": re.compile(
            # "Most patients (n = 33; 66%) had", "Three-quarters of the cohort (30 of 40) had": the bracket is the
            # value of the quantified cohort, never of a subgroup (no qualifier between quantifier and bracket)
            rf"\b(?:{data['quantifier']})(?:\s+of)?(?:\s+(?:the|our|all|these))?(?:\s+(?:primary|resected|study))?"
            rf"(?:\s+(?:cohort|patients|women|tumou?rs|cases|primaries|series|population))?\s*[\(\[]\s*"
            rf"(?:(?:n\s*=\s*)?(?P<n>{INT})(?:\s*(?:/|\s+of\s+)\s*(?P<d>\d+))?(?:\s*[,;]\s*(?P<p2>{PCT})\s?%)?"
            rf"|(?P<p>{PCT})\s?%)\s*[\)\]]\s+(?:were|was|had|showed|carried|expressed|harbou?red)\s+"
            rf"(?:(?:an?|the)\s+)?(?:[\w-]+\s+){{0,2}}?$", re.IGNORECASE),
    }


# "positive ER status", "All but four tumours expressed the oestrogen receptor"
_POS_BEFORE = re.compile(r"\b(?:positive|over-?expressed|over-?expressing|amplified|expressing|expressed)\s+(?:for\s+)?(?:the\s+)?$",
                         re.IGNORECASE)
# "The positive rates of ER, PR and HER-2 were 68.2%, 54.5% and 27.3%, respectively": the positive word before the
# list covers every receptor listed
_POS_RATE_BEFORE = re.compile(r"\bpositiv(?:e|ity)\s+(?:expression\s+)?(?:rates?|ratios?|proportions?|percentages?)\s+of\s+"
                              r"(?:the\s+)?(?:(?:ER|PR|PgR|HER-?2(?:/neu)?|o?estrogen(?:[- ]receptors?)?|"
                              r"progesterone(?:[- ]receptors?)?|hormone[- ]receptors?)\s*(?:,\s*(?:and\s+)?|and\s+))*$",
                              re.IGNORECASE)
# "oestrogen receptor 95%", "expressed in 90% of tumour cells": staining of one tumour
# ... never a threshold ("ER 1% or more and/or PR 1% or more" defines hormone-receptor positivity)
_STAINING = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s?%(?!\s*(?:or|and)\s+(?:more|higher|above|greater|over)\b)|^\s*(?:(?:was|were)\s+)?"
                       r"(?:expressed|expression|detected|positive|staining)?\s*in\s+"
                       r"(\d+(?:[.,]\d+)?)\s?%\s+of\s+(?:the\s+)?(?:tumou?r\s+|invasive\s+|neoplastic\s+|cancer\s+)?"
                       r"(?:cells|nuclei)", re.IGNORECASE)
# ... "tumour cells were not staining with oestrogen and progesterone receptors", "did not stain for either ER or PR"
_NO_STAINING_BEFORE = re.compile(r"\b(?:no\s+(?:(?:nuclear|membranous)\s+)?(?:staining|expression|immunoreactivity)\s+(?:for|of)"
                                 r"|(?:not|did\s+not|failed\s+to)\s+(?:stain(?:ing|ed)?|react(?:ing|ed)?)\s+(?:with|for))\s+"
                                 r"(?:both\s+|either\s+)?"
                                 r"(?:(?:ER|PR|PgR|o?estrogen(?:[- ]receptors?)?|progesterone(?:[- ]receptors?)?)"
                                 r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|nor\s+))*$", re.IGNORECASE)
# "tumours lacked oestrogen receptor expression", "without HER2 overexpression" (a noun, not a polarity word)
_LACKED_BEFORE = re.compile(r"\b(?:lack(?:ed|ing|s)?|without|absence\s+of)\s+(?:(?:any|the)\s+)?$", re.IGNORECASE)
_EXPRESSION_AFTER = re.compile(r"\s+(?:expression|staining|immunoreactivity)\b", re.IGNORECASE)
# "negative for progesterone receptor and HER2": the polarity before the first term covers the list
# ... each listed receptor may carry its staining in brackets ("negative for oestrogen receptor (0%), progesterone
# receptor (0%) and HER2 (IHC score 0)")
# ... "negative for both oestrogen and progesterone receptors and HER2 positive": "both" before the list
_NEG_BEFORE = re.compile(r"\bnegative\s+for\s+(?:both\s+|either\s+)?(?:(?:ER|PR|PgR|o?estrogen(?:[- ]receptors?)?|progesterone(?:[- ]receptors?)?)"
                         r"(?:\s*[\(\[][^()\[\];]{0,40}[\)\]])?\s*(?:,\s*(?:and\s+)?|and\s+|or\s+))*$", re.IGNORECASE)
_JOIN = re.compile(r"^\s*(?P<sep>/|,|and/or|and|or|&|\+)?\s*$", re.IGNORECASE)
_HAZARD = re.compile(r"^\s*[=:,]?\s*(?:\(|\[)?\s*\d")
# ... "HER2 IHC was 3+ in 6", "HER2 immunohistochemistry score was 3+ in 6": the test named as the noun
_TRAILING_POL = re.compile(r"^\s*[\)\]]?\s*(?:(?:primary\s+)?(?:tumou?rs?|disease|status|expression|(?:immuno)?staining|"
                           r"carcinomas?|cancers?|(?:IHC|immunohistochemistry)(?:\s+score)?)"
                           r"(?:\s+(?:of|in)\s+the\s+(?:primary\s+|resected\s+)?(?:tumou?rs?|breast\s+(?:cancers?|tumou?rs?)|primaries|"
                           # ... "ER status of the primary was positive in 40": "primary" alone as the noun
                           r"(?:liver\s+|hepatic\s+)?(?:metastas[ie]s|lesions?)|(?:breast\s+)?primary(?!\s+(?:tumou?r|breast))))?\s*:?\s+"
                           r"|:\s*"
                           # ... "Oestrogen receptor (Allred score >= 3) was positive in 36": a criterion bracket right after
                           # the receptor, before the verb (not a tested subset: "ER (tested in 32) was positive in 24" is a
                           # share of those tested; "ER expression (...) was detected" is read by 'expression_found')
                           r"|[\(\[](?![\s\d])(?![^()\[\]]*\b(?:tested|assessed|known|available|evaluable|evaluated|"
                           r"determined|measured|examined)\b)[^()\[\]]{1,40}[\)\]]\s+(?=(?:was|were)\s))?"
                           r"(?:(?:was|were|being|had\s+been|have\s+been|has\s+been)\s+)?(?:(?:scored|graded|rated)\s+(?:as\s+)?)?(?:both\s+|all\s+)?",
                           re.IGNORECASE)


# "ER was positive in 26 (65%) and HER2 in 10", "..., progesterone receptor in 21, and ER or PR in 30": a term (or an
# "either" pair) followed by its count, its polarity carried over from the clause before
_CARRIED_TO = re.compile(r"(?:\s+(?:and/or|or)\s+(?P<pair>PR|PgR|progesterone(?:[- ]receptors?)?))?\s+in\s+\w",
                         re.IGNORECASE)
_IN_COUNT_PCT = re.compile(rf"\s*(?:in\s+)?(?P<n>{INT})\s*[\(\[]\s*(?P<p>{PCT})\s?%", re.IGNORECASE)


def _stated_tested_share(aside: str, text: str, pos: int) -> bool:
    """Whether the value at ``pos`` is a count with its share stated over the one count of ``aside`` (the tested
    subset): "ER status was documented for 48 patients and was positive in 36 (75.0% of those tested)". Gold
    conventions read the stated share of those tested; a count without it stays unread (denominator unclear)."""
    tested = re.findall(INT, aside)
    value = _IN_COUNT_PCT.match(text, pos)
    if len(tested) != 1 or value is None:
        return False
    m, n, p = parse_number(tested[0]), parse_number(value.group("n")), parse_number(value.group("p"))
    return bool(m and n is not None and p is not None and n <= m and abs(100.0 * n / m - p) <= 0.6)


# "ER status was reported in 16 studies (842 patients) and was positive in 70.2%": a review's pooled share over the
# studies reporting the status, a percentage without a count
_STUDIES_ASIDE = re.compile(r"\b\d+\s+(?:studies|series|trials|articles|reports|publications)\b", re.IGNORECASE)
_POOLED_PCT = re.compile(rf"\s*(?:in\s+)?(?:(?:a|the)\s+pooled\s+)?(?P<p>{PCT})\s?%(?!\s*(?:of|vs|versus)\b)", re.IGNORECASE)


def _pooled_share(aside: str, text: str, pos: int) -> bool:
    """Whether the aside counts studies and the value at ``pos`` is a percentage alone (a pooled share)."""
    return bool(_STUDIES_ASIDE.search(aside)) and _POOLED_PCT.match(text, pos) is not None


_ALL_N = re.compile(r"\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?\d+\b", re.IGNORECASE)
# "HER2 (3+)", "HER2 (IHC 3+ or ISH-amplified)": the bracketed criterion of positivity is the polarity
_BRACKET_3PLUS = re.compile(r"\s*[\(\[]\s*(?:(?:IHC|immunohistochemistry)\s+)?(?:score\s+)?3\+"
                            r"(?:\s*(?:,|or|and/or|/)\s*(?:IHC\s+2\+\s+(?:with|and)\s+)?"
                            r"(?:F|S|C)?ISH[- ]?(?:amplified|amplification|positive|\+))?\s*[\)\]]", re.IGNORECASE)
# "HER2 (1+)", "HER2 (IHC score 0)", "HER2 (immunohistochemistry score 0-1+)": a bracketed low score is negative
_BRACKET_LOW_SCORE = re.compile(r"\s*[\(\[]\s*(?:(?:IHC|immunohistochemi(?:stry|cal))\s+)?(?:score\s+(?:of\s+)?)?"
                                r"(?:0\s*(?:-|–|to|/|or)\s*1\+|0|1\+)\s*[\)\]]", re.IGNORECASE)
# a positive word that the clause then denies: "HER2 amplification was not detected", "ER expression was absent"
_NOT_FOUND_AFTER = re.compile(r"\s+(?:was|were)\s+(?:not\s+(?:detected|found|present|seen|observed|demonstrated|"
                              r"identified|shown)|absent|undetectable)\b(?!\s+(?:to|as|associated|significant\w*|predictive|prognostic)\b)",
                              re.IGNORECASE)
# what is left of "receptor (HR)-positive" once the abbreviation is masked: blanks, then the polarity
_MASKED_GAP_POLARITY = re.compile(r" {3,}[- ]?(?P<pol>positive|negative)\b", re.IGNORECASE)


# "ER 33/45, PR 25/45, HER2 9/45": a receptor's bare name with a fraction, in a list of at least two such items
_BARE_FRACTION = re.compile(r"\s*:?\s*\d+\s*/\s*\d+(?!\d|[.,]\d|\s*%|\s*/)(?=\s*(?:[,;.)\]]|and\b|$))", re.IGNORECASE)
_BARE_FRACTION_ITEM = re.compile(r"(?<![\w+-])(?-i:ER|PR|PgR|HER-?2|ERBB-?2)\s*:?\s*\d+\s*/\s*\d+(?!\d|[.,]\d|\s*%|\s*/)")


def find_profiles(text: str) -> list[Profile]:
    """The receptor profiles of a sentence, in order (without values)."""
    vocab = _vocab()
    items: list[tuple[int, int, str, bool | None]] = []  # start, end, receptor, polarity
    stained: set[int] = set()  # starts of items whose polarity comes from a staining percentage
    worded: set[int] = set()  # starts of subtype labels ("HER2-enriched")
    neither: set[int] = set()  # starts of items under "no staining for": "ER or PR" there is neither of them
    closed: set[int] = set()  # starts of items closed by their noun ("lacked ER expression and HER2 was ...")
    lead_for: set[int] = set()  # starts of items after a leading "positive for" ("positive for ER, PR and HER2")
    carried: dict[int, bool] = {}  # starts of terms given the polarity carried over to an "ER or PR" pair
    for m in vocab["term"].finditer(text):
        name = next(k for k in ("ER", "PR", "HR", "HER2") if m.group(k))
        polarity: bool | None = True if m.group("pos") else False if m.group("neg") else None
        if m.group("pos") and re.search(r"enriched", m.group("pos"), re.IGNORECASE):
            worded.add(m.start())
        if name == "HR" and m.group("HR") == "HR" and polarity is None and _HAZARD.match(text[m.end():]):
            continue  # hazard ratio
        if polarity is None and _POS_BEFORE.search(text[max(0, m.start() - 25):m.start()]):
            polarity = True  # "positive ER status"
            if re.search(r"\bfor\s+(?:the\s+)?$", text[max(0, m.start() - 12):m.start()], re.IGNORECASE):
                lead_for.add(m.start())
        if polarity is None and "ositiv" in text and _POS_RATE_BEFORE.search(text[max(0, m.start() - 80):m.start()]):
            polarity = True  # "the positive rates of ER, PR and HER2"
        if polarity is None and _NEG_BEFORE.search(text[max(0, m.start() - 70):m.start()]):
            polarity = False  # "negative for HER2"
        if polarity is None and _NO_STAINING_BEFORE.search(text[max(0, m.start() - 70):m.start()]):
            # "no staining for oestrogen or progesterone receptors": neither is expressed ("or" under the negation)
            polarity = False
            neither.add(m.start())
        if polarity is None and re.search(r"(?:\band|,)\s+for\s+$", text[max(0, m.start() - 10):m.start()]):
            # "positive for oestrogen receptors in 30 (75%) and for HER2 in 8": the earlier polarity carries over
            earlier = list(re.finditer(r"\b(positive|negative)\s+for\b", text[:m.start()], re.IGNORECASE))
            if earlier:
                polarity = earlier[-1].group(1).lower() == "positive"
        if polarity is None and m.start() in carried:
            polarity = carried[m.start()]  # the second term of a carried "ER or PR in 30" (see just below)
        carried_to = _CARRIED_TO.match(text, m.end()) if polarity is None and re.search(
            r"(?:\band|,)\s+$", text[max(0, m.start() - 6):m.start()]) else None
        if carried_to:
            # "ER was positive in 26 (65%) and HER2 in 10 (25%)": the polarity is not repeated
            earlier = list(re.finditer(r"\b(positive|negative)\s+in\b", text[:m.start()], re.IGNORECASE))
            if earlier and carried_to.group("pair"):
                # "..., and ER or PR in 30": the pair's last term takes it, so that the pair stays one profile
                carried[carried_to.start("pair")] = earlier[-1].group(1).lower() == "positive"
            elif earlier:
                polarity = earlier[-1].group(1).lower() == "positive"
        value_from = None  # where the value may start, when a criterion follows the term
        if polarity is None:
            criterion = vocab["criterion_clause"].match(text, m.end())
            if criterion:  # "HER2 was considered positive if IHC 3+ ..., which applied to 7 patients (22.6%)"
                polarity, value_from = True, criterion.end()
        if polarity is None and m.group("HER2") and "2+" in text[m.end():m.end() + 30]:
            # "HER2 was scored 2+ on immunohistochemistry, and in situ hybridisation showed no amplification": the
            # ISH result in a clause of its own decides (longer than the window below)
            ish = vocab["her2_ish_clause"].match(text, m.end())
            if ish:
                polarity = ish.group("no") is None and ish.group("no2") is None and ish.group("no3") is None
        if polarity is None:
            # polarity written after a noun: "ER status was positive", "HER2 score 1+ (negative)"
            rest = text[m.end():m.end() + 60]
            mm = _TRAILING_POL.match(rest)
            tail = rest[mm.end():] if mm else rest
            if tail[:1].isspace():
                tail = " " + tail.lstrip()
            if vocab["pos_word"].match(tail) and not tail.startswith(" +"):
                polarity = True
            elif vocab["neg_word"].match(tail) and not re.match(r"\s?[-−–]\s", tail):
                polarity = False
            elif vocab["negated_positive"].match(tail):
                polarity = False  # "HER2 was not overexpressed or amplified in 41"
            elif _BRACKET_3PLUS.match(text, m.end()):
                polarity = True  # "HER2 (3+)", "HER2 (IHC 3+ or ISH-amplified): 9"
            elif vocab["expression_found"].match(text, m.end()):
                # "ER expression was found in 70%", "ER expression (1% or more) was present in 25 (80.6%)": the
                # profile runs to the verb, so the criterion's digits are not taken for its value
                polarity, value_from = True, vocab["expression_found"].match(text, m.end()).end()
            elif _BRACKET_LOW_SCORE.match(text, m.end()):
                polarity = False  # "HER2 (1+)", "HER2 (immunohistochemistry score 0)"
            else:
                stain = _STAINING.match(text[m.end():])
                if stain:  # "oestrogen receptor 95%": staining of one tumour -> positive if any
                    polarity = float(next(g for g in stain.groups() if g).replace(",", ".")) >= 1.0
                    stained.add(m.start())
        if polarity and m.group("pos") and _NOT_FOUND_AFTER.match(text, m.end()):
            polarity = False  # "HER2 amplification was not detected", "ER expression was absent"
        if polarity and vocab["negation"].search(text[max(0, m.start() - 25):m.start()]):
            polarity = False  # "no HER2 amplification", "neither HER2 overexpression nor amplification"
        if polarity is None and _LACKED_BEFORE.search(text, max(0, m.start() - 25), m.start()):
            lacked = _EXPRESSION_AFTER.match(text, m.end())
            if lacked:  # "Eight of the primary tumours lacked oestrogen receptor expression": negative
                polarity, value_from = False, lacked.end()
                closed.add(m.start())
        end = value_from or m.end()
        if polarity is None and m.group("pos") is None and m.group("neg") is None and "/" in text \
                and _BARE_FRACTION.match(text, end) and len(_BARE_FRACTION_ITEM.findall(text)) >= 2:
            # "biomarkers (n/N) were: ER 33/45, PR 25/45, HER2 9/45": a receptor named bare with a fraction, in a
            # list of such items, counts the positive tumours
            polarity = True
        if polarity is None and re.match(r"\s*status\b", text[end:end + 24]):  # abbreviations are blanked
            clause = vocab["status_clause"].match(text, end)
            # a count in the aside ("known in 35 patients and was positive in 25") makes the value a share of
            # the tested subset; "for all 40 patients" is the whole cohort
            if clause and not vocab["term"].search(clause.group("aside")) \
                    and (not re.search(INT, _ALL_N.sub(" ", clause.group("aside")))
                         or _stated_tested_share(clause.group("aside"), text, clause.end())
                         or _pooled_share(clause.group("aside"), text, clause.end())):
                # "ER status was known for all 40 patients and was negative in nine": the value follows the polarity
                # ... "known for 48 patients and was positive in 36 (75.0% of those tested)": the stated share
                polarity, end = clause.group("pos") is not None, clause.end()
        if polarity is None and (" all " in text or "every" in text or " each " in text):
            tested_all = vocab["tested_all_clause"].match(text, end)
            # "Oestrogen receptor was examined in all primary tumours and was positive in 52% of them": the whole
            # cohort tested (a count in the aside other than "all 25" would name a subset)
            if tested_all and not vocab["term"].search(tested_all.group("aside")) \
                    and not re.search(INT, _ALL_N.sub(" ", text[end:tested_all.start("aside")] + tested_all.group("aside"))):
                polarity, end = tested_all.group("pos") is not None, tested_all.end()
        if polarity is None and may_match(vocab["tested_of_whom"], text):
            tested = vocab["tested_of_whom"].match(text, end)
            said = tested and next((k for k in ("pos", "neg", "pos2", "neg2") if tested.group(k)), None)
            if said and tested.group("again") and tested.group("again").lower() != m.group(0).lower():
                said = None  # "ER status was known for 70, of whom 49 (70.0%) were ER-positive": the same receptor
            if said and _stated_tested_share(tested.group("m"), text, tested.start("n")):
                # "HER2 had been assessed in 41, of whom 10 (24.4%) were positive", "ER was assessed in 48 patients
                # and was positive in 36 (75.0%)": the share of those tested
                polarity, end = said.startswith("pos"), tested.start("n")
        gap = _MASKED_GAP_POLARITY.match(text, end)
        if gap:  # "hormone receptor (HR)-positive/HER2-negative", "(HR) positive": one profile with what follows
            if polarity is None:
                polarity = gap.group("pol").lower() == "positive"
            end = gap.end()
        items.append((m.start(), end, name, polarity))
    for m in vocab["hr_words"].finditer(text) if may_match(vocab["hr_words"], text) else ():
        items.append((m.start(), m.end(), "HR", m.group("pos") is not None))  # "hormone-sensitive disease"
    for m in vocab["tn"].finditer(text):
        items.append((m.start(), m.end(), "TN", True))
    for m in vocab["her2_words"].finditer(text):
        if not any(s <= m.start() < e for s, e, _, _ in items):
            items.append((m.start(), m.end(), "HER2", True))
            worded.add(m.start())
    items.sort()
    # drop items nested in others (HER2-enriched inside a HER2 match, etc.)
    cleaned: list[tuple[int, int, str, bool | None]] = []
    for item in items:
        if cleaned and item[0] < cleaned[-1][1]:
            continue
        cleaned.append(item)
    profiles: list[Profile] = []
    group: list[tuple[int, int, str, bool | None]] = []
    seps: list[str] = []

    def flush() -> None:
        if not group:
            return
        profile = Profile(start=group[0][0], end=group[-1][1], names=tuple(g[2] for g in group))
        # trailing polarity distributes over items without one: "ER and PR positive"
        last_pol = group[-1][3]
        lowered = [s.lower() for s in seps]
        names_in_group = [g[2] for g in group]
        if names_in_group == ["ER", "PR"] and seps == ["/"] and group[0][3] is None and group[1][3]:
            lowered = ["or"]  # "ER/PR-positive": hormone receptor positive
        if len(group) >= 2 and group[-1][3] is not None and text[group[-1][1] - 9:group[-1][1]].lower().endswith(
                ("-positive", "-negative")):
            # suspended hyphens: "ER-, PR- and HER2-positive" - the early "-" are not negatives
            group[:] = [(a, b, n, None if text[a:b].rstrip().endswith("-") else p) for a, b, n, p in group]
        if ("or" in lowered or "and/or" in lowered) and not all(g[0] in neither for g in group):
            names = {g[2] for g in group}
            if names <= {"ER", "PR", "HR"} and (last_pol or any(g[3] for g in group)):
                profile.status["HR"] = True
                profile.either = True
            elif any(g[3] is not None for g in group) or last_pol is not None:
                profile.ambiguous = True
        else:
            if group[0][0] in lead_for and len(group) > 1 and group[1][3] is None \
                    and all(s in (",", "and", ", and") for s in lowered):
                # "a tumour positive for ER, PR and HER2", "positive for ER and PR, HER2-negative": the leading
                # polarity covers the list up to the first item with a polarity of its own
                own = next((i for i, g in enumerate(group) if i and g[3] is not None), len(group))
                group[:] = [(a, b, n, True if i < own and n != "TN" else p) for i, (a, b, n, p) in enumerate(group)]
            # an item without polarity takes the next one's: "ER and PR positive, HER2 negative"
            carry: bool | None = None
            pols: list[bool | None] = []
            for start, end, name, pol in reversed(group):
                if pol is None and name != "TN":
                    pol = carry
                else:
                    carry = pol
                pols.insert(0, pol)
                if pol is not None:
                    profile.status.setdefault(name, pol)
            named = [g[2] for g in group]
            # (not a list of combined groups "ER+/PR+, ER+/PR-, ...": the cross-classification readers take those)
            if "/" not in seps and any(named.count(n) > 1 and len({q for g, q in zip(group, pols) if g[2] == n}) > 1 for n in named):
                # "HER2-negative, HER2-low and HER2-positive": groups of one receptor, no single status
                profile.mixed = tuple(pols)
                profile.ambiguous = True
            profile.staining = any(g[0] in stained for g in group)
        profile.worded = any(g[0] in worded for g in group)
        if profile.status or profile.ambiguous:
            profiles.append(profile)
        group.clear()
        seps.clear()

    for item in cleaned:
        if group:
            gap = text[group[-1][1]:item[0]]
            m = _JOIN.match(gap)
            # a polarity closes a run unless the next item is joined by "/" ("ER+/PR-")
            if m and not (group[-1][3] is not None and (m.group("sep") or "") not in ("/", ",", "and", "")) \
                    and len(gap.strip()) <= 6 and group[-1][0] not in closed:
                group.append(item)
                seps.append(m.group("sep") or "")
                continue
            flush()
        group.append(item)
    flush()
    # "basal-like phenotype (ER-, PR-, HER2-)": a bracketed definition folds into the named profile
    merged: list[Profile] = []
    for profile in profiles:
        if merged:
            gap = text[merged[-1].end:profile.start]
            # "TNBC (ER, PR and HER2 all negative)": a trailing polarity may close the bracket
            if re.match(r"^\s*(?:[\w-]+\s+){0,2}[\(\[]\s*$", gap) and re.match(
                    r"^\s*(?:(?:all|both|were|are)\s+)*(?:negative|positive)?\s*[\)\]]", text[profile.end:]):
                merged[-1].end = profile.end + text[profile.end:].index(next(c for c in text[profile.end:]
                                                                             if c in ")]")) + 1
                # "HER2-enriched (ER-negative, HER2-positive)": the bracket states the receptors the word implies;
                # ... "luminal B-like with HER2 overexpression (ER-positive, HER2-positive)": a bracket that restates
                # the status just named, with the others of the group
                restated = bool(merged[-1].status) and all(profile.status.get(k) == v
                                                           for k, v in merged[-1].status.items())
                if (merged[-1].worded or restated) and not profile.ambiguous and all(
                        merged[-1].status.get(k, v) == v for k, v in profile.status.items()):
                    for k, v in profile.status.items():
                        merged[-1].status.setdefault(k, v)
                continue
        merged.append(profile)
    return merged


#: a whole number in digits, thousands separated by commas ("1,270")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)"
# filler between a profile and its value: no digits, except "3+" scores and digits inside words (HER2)
_FILL = r"(?:[^\d;%]|\d\+|(?<=[A-Za-z])\d)"
# "status of the primary tumour" after a receptor: the tumour named uses up none of the distance allowed before a value
_STATUS_OF_TUMOUR = (r"(?:\s*(?:status|expression)\s+(?:of|in)\s+the\s+(?:primary\s+)?(?:breast\s+)?"
                     r"(?:tumou?rs?|cancers?|carcinomas?|lesions?)\b)?")


# "HER2-positive in 10 (including 6 that were also HR-positive)", "in 10 (6 HR-positive)": a count nested in the bracket
# after a count, which stays the count (the bracket splits the group, see subtypes._split_nested_asides)
# (the value is looked for in the text up to the next profile: "$" is where the nested profile starts)
_NESTED_OPEN = (rf"\s*including\s+{INT}\b|\s*{INT}\s+(?:also\s+)?(?:$|(?=(?:ER|PR|PgR|HR|HER-?2|ERBB-?2|hormone|"
                rf"o?estrogen|progesterone)\b))")


@lru_cache(maxsize=1)
def _value_after() -> list[tuple[str, re.Pattern[str]]]:
    """Value patterns after a profile, tried in order. A test-method phrase is one unit of filler ("3+ on
    immunohistochemistry or amplified by in situ hybridisation in 10"), so it does not use up the distance allowed
    between a status and its count; the verbs before a count ("accounted for 45 cases") are rules data."""
    data = load_json("receptors.json")
    fill = rf"(?:{data['method_phrase']}|{_FILL})"
    # "reported in 17 studies": a count of studies or centres is never a count of patients
    people = rf"(?!{data['not_patients_after']})"
    return [
        ("bracket_count_pct", re.compile(rf"^\s*[\(\[]\s*(?P<n>{INT})\s*[,;]\s*(?P<p>{PCT})\s?%", re.IGNORECASE)),
        # "ER status of the primary tumour: positive 25, negative 9": the count right after the (first) polarity word
        ("polarity_count", re.compile(rf"^(?:(?!positive|negative)[^\d;%]){{0,60}}?\b(?:positive|negative)\s*[:=]?\s*"
                                      rf"(?P<n>{INT})(?!\s*(?:%|/|[.,]\d|of\b))(?=\s*(?:[,;.]|\band\b|$))", re.IGNORECASE)),
        # "in 40 of the LR patients (74.1%)": the words between count and share name the cohort
        ("count_pct", re.compile(rf"^{fill}{{0,60}}?(?<![\w.\-])(?P<n>{INT}){people}\s*(?:of\s+(?:the|these|our|all)\s+)?"
                                 rf"(?:[a-z]+\s+){{0,2}}[\(\[]\s*(?P<p>{PCT})\s?%",
                                 re.IGNORECASE)),
        # "in 962 of 1,270 patients": pooled figures of a review write thousands with a comma; "in five of the 27":
        # a number word over digits
        # ... "in 35 of these 47 patients": a group named before, the cohort only when 47 is (checked by the caller)
        # ... the tumour named after the status uses up no distance, as for "pct" below ("Oestrogen receptor status of
        # the primary tumour was positive in eight of the fourteen patients")
        ("fraction", re.compile(rf"^{_STATUS_OF_TUMOUR}{fill}{{0,45}}?(?<![\w.\-,])(?P<n>{INT})\s*(?:/|\s+of\s+(?:the\s+|all\s+|"
                                rf"(?P<these>these|those)\s+)?)\s*"
                                # ... "in six of the eight primary tumours": a number word after "of the" too
                                rf"(?P<d>{_DIGITS}|(?<=\sof\sthe\s){WORD_NUMBER}(?=\s+(?:primary\s+|resected\s+)?"
                                rf"(?:patients|women|tumou?rs|cases|primaries)\b))(?!\s*%){people}", re.IGNORECASE)),
        # "HER2-positive (IHC 3+ or FISH-amplified): n = 10": a bracketed criterion may stand before it
        ("n_equals", re.compile(r"^\s*(?:[\(\[][^()\[\];]{0,50}[\)\]])?[^\d;%]{0,20}?\bn\s*=\s*(?P<n>\d+)", re.IGNORECASE)),
        # ... the tumour named after the status uses up no distance ("Hormone receptor status of the primary tumour was
        # positive in 72%")
        ("pct", re.compile(rf"^{_STATUS_OF_TUMOUR}(?:[^\d;]|\d\+){{0,45}}?(?<![\w.])(?P<p>{PCT})\s?%",
                           re.IGNORECASE)),
        # "HR-positive/HER2-negative (38), HR-negative/HER2-positive (9)": a count in brackets right after it
        ("bracket_count", re.compile(r"^\s*[\(\[]\s*(?:n\s*=\s*)?(?P<n>\d+)\s*[\)\]]\s*(?=[,;.]|\band\b|$)",
                                     re.IGNORECASE)),
        # "ER+/HER2- 25, ER+/HER2+ 9": a bare count right after the profile, closed by a separator
        # ... also closing a bracketed list ("(ER+ 30, ..., triple-negative 4)") or between slashes ("ER+ 54 / PR+ 41")
        # ... also after a bracketed qualifier without numbers ("HER2+ (any HR status) 11")
        # ... and with the abbreviated patient noun of terse abstracts ("HR+/HER2- 49 pts, HER2+ 31 pts")
        # ... and with its share in brackets, with or without the % sign ("ER+ 52 (72.2) | PR+ 41 (56.9)": a table row),
        # also as the list's last item at the end of the sentence ("...; triple-negative 17 (11.9).")
        # "Primary tumour profile (% of patients): ER+ 79.5 | HER2+ 15.9": under a header saying so, a bare number is
        # the share (read only with that header, see _attach_values)
        ("bare_pct", re.compile(rf"^\s*:?\s*(?P<p>\d{{1,3}}(?:[.,]\d{{1,2}})?)(?!\s*%)(?={data['bare_count_end']})")),
        # ... "ER positivity had 19 patients, PR positivity 14 patients, HER2 positivity 5 patients": with the
        # patient noun in such a list too
        ("bare", re.compile(rf"^\s*(?:[\(\[][^()\[\]\d;,.]{{1,30}}[\)\]]\s*)?:?\s*(?P<n>\d+)(?:\s+(?:pts\b\.?|patients\b|women\b|cases\b))?"
                            r"(?:\s*[\(\[]\s*\d{1,3}(?:[.,]\d{1,2})?\s?%?\s*[\)\]](?=\s*(?:[,;|]|\.?\s*$)))?"
                            rf"(?={data['bare_count_end']})", re.IGNORECASE)),
        # "Hormone receptor positive were 128 patients": the verb and its count after the profile, inverted
        # ... "ER positivity had 19 patients" (the patients having the status)
        ("were_count", re.compile(rf"^\s*(?:were|was|had|showed)\s+(?P<n>{INT})\s+(?:patients|women|cases|tumou?rs|primaries)\b"
                                  rf"(?!\s*(?:%|/|of\b|[\(\[]))", re.IGNORECASE)),
        # "present in all but seven patients": the count is of the others
        ("all_but", re.compile(rf"^{fill}{{0,60}}?\bin\s+all\s+(?:but|except(?:\s+for)?)\s+(?P<n>{INT})"
                               rf"(?:\s+of\s+(?:the\s+)?(?P<d>\d+))?"
                               rf"(?:\s+(?:patients|women|cases|tumou?rs|primaries))?(?!\s*(?:%|/|[.,]\d|of\b))",
                               re.IGNORECASE)),
        # "positive in one-quarter (n = 12)": a fraction word's bracketed count, never the "one" of "one-quarter"
        ("fraction_word_count", re.compile(rf"^{fill}{{0,60}}?\bin\s+(?:{data['quantifier']})(?:\s+of\s+(?:the\s+)?"
                                           rf"(?:patients|women|cases|tumou?rs|primaries|cohort))?\s*[\(\[]\s*(?:n\s*=\s*)?"
                                           rf"(?P<n>{INT})\s*[\)\]]", re.IGNORECASE)),
        # "in 12", "expressed by twenty-three of the primary tumours" (of all of them, not "of the 31 tested")
        # ... never "at Kyoto University Hospital in 1991": a year is a date
        ("count", re.compile(rf"^{fill}{{0,60}}?\b(?:in|(?<=expressed\s)by)\s+"
                             rf"(?:the\s+(?:primary\s+)?(?:tumou?rs?|cancers?)\s+of\s+)?(?!{data['year_not_count']})"
                             rf"(?P<n>{INT})(?!{data['fraction_word_after']})(?:\s+(?:patients|women|cases|tumou?rs|specimens|pts\b\.?))?{people}"
                             rf"(?:\s+(?P<them>of\s+(?:them|these)(?:\s+(?:patients|women|tumou?rs|cases)\b)?)\b(?!\s+(?:\d|[\w-]+\s+(?:patients|women|tumou?rs|cases)\b|patients|women|tumou?rs|cases)))?"
                             rf"(?!\s+(?:years?|months?|weeks?|days?|cycles?|mm|cm)\b)"
                             # ... "in three (two of whom were also ER-positive)": a nested aside after the count
                             rf"(?!\s*(?:%|[\(\[](?!{data['count_criterion']}|\s*{INT}\s+of\s+(?:whom|which|these|them)\b|{_NESTED_OPEN})|\.\d|/|of\b(?!\s+(?:the|all)\s+(?:primary\s+|resected\s+|operated\s+)?"
                             rf"(?:tumou?rs|patients|cases|women|primaries)\b(?!\s+(?:\w+\s+){{0,2}}?"
                             rf"(?:tested|assessed|evaluated|examined|analy[sz]ed|available|with\s+known)))))", re.IGNORECASE)),
        # "ER-positive primaries accounted for 45 cases": only a count of patients, never "for 4 recurrences"
        ("verb_count", re.compile(rf"^{fill}{{0,60}}?\b(?:{data['count_verbs']})\s+(?P<n>{INT})"
                                  rf"(?:\s+(?:patients|women|cases|tumou?rs|primaries|specimens)\b(?!\s*(?:%|/|of\b))"
                                  rf"|(?=\s*(?:[,;.]|\band\b|$))"
                                  # ... "numbered 41 in the surgical and 40 in the medical group": one count per arm
                                  rf"|(?=\s+in\s+the\s+[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?\s+(?:(?:group|arm|cohort)s?\s+)?"
                                  rf",?\s*and\s+{INT}\s+in\s+the\b))", re.IGNORECASE)),
    ]


# "Receptor status was: ER-positive, 79 (70.5%); HER2-positive, 27 (24.1%)": the value follows a comma
# ... or "ER-positive primaries, 46/63 (73.0%); HER2-positive, 15/63 (23.8%)": a noun and a fraction
_LISTED_VALUE = re.compile(rf"^\s*(?:(?:primar(?:y|ies)|tumou?rs?|patients|cases|disease|status)\s*)?[,:]\s*(?P<n>\d+)"
                           rf"(?:\s*/\s*\d+)?\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]]\s*(?:[;,.]|$)", re.IGNORECASE)
# ... or "ER-positive/PR-positive, 25; ER-positive/PR-negative, 6": a bare count closed by a semicolon or the end, in
# a list whose items are opened by a colon or a semicolon (_LIST_ITEM_START, right before the profile)
_LISTED_BARE = re.compile(r"^\s*,\s*\d+\s*(?:;|\.?\s*$)")
_LIST_ITEM_START = re.compile(r"[:;]\s*$")
_VALUE_BEFORE = re.compile(
    rf"(?<![\w.\-])(?P<n>{INT})\s+(?:patients|women|cases|tumou?rs)\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]]"
    rf"[^;\d%]{{0,80}}$", re.IGNORECASE)


_DEFINITION = re.compile(r"defined|definition|cut-?off|threshold|staining|stained|of\s+(?:tumou?r\s+)?(?:cells|nuclei)|"
                         r"[<>≤≥]", re.IGNORECASE)
_OTHER_MEASURE = re.compile(r"surviv|recurr|relaps|respon|progression|mortality|morbidity|complication|death|died|"
                            r"\b(?:OS|DFS|PFS|RFS)\b|hazard|odds|risk", re.IGNORECASE)
# a comma right between digits ("78,5%", "1,234") is part of the number, no clause break
_NEXT_CLAUSE = re.compile(r"(?:;|(?<!\d),|,(?!\d))\s*(?:and\s+|while\s+|whereas\s+)?(?=\d|(?:\w+[\s-])?(?:one|two|three|four|five|six|"
                          r"seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|"
                          r"eighty|ninety)\b)", re.IGNORECASE)
_TIGHT_BEFORE = re.compile(
    rf"(?:(?<![\w.\-])(?P<p>{PCT})\s?%|(?<![\w.\-])(?P<pw>{INT})\s+per\s?cent|(?<![\w.\-/])(?<!case\s)(?<!patient\s)(?<!no\.\s)(?P<n>{INT})"
    rf"(?:\s*/\s*(?P<d2>\d+)|\s+(?:out\s+)?of\s+(?:the\s+|all\s+|these\s+|those\s+)?(?P<d>{INT})(?=\s+(?:primary\s+|metastatic\s+|resected\s+)?(?:patients|women|tumou?rs|cases|primaries)\b|\s+(?:had|were|showed)\b))?"
    # "29 (24.2%) of whom were HER2-positive": the share may stand before "of whom" (a subgroup unless it is the share
    # of the cohort, see the subgroup guard)
    rf"(?:\s*[\(\[]\s*(?P<p4>{PCT})\s?%\s*[\)\]](?=\s+of\s+(?:them|these|those|whom|which)\b))?"
    rf"(?:\s+of\s+(?:them|these|those|whom|which)(?:\s+also)?)?(?:\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]])?)"
    rf"\s+(?:of\s+(?:the\s+|all\s+|our\s+)?)?"
    # "68.0% of the cohort had ...", "60% of our series were ...": the cohort named as such
    rf"(?:(?:(?<=of\sthe\s)|(?<=of\sour\s))(?:study\s+)?(?:cohort|series)\s+|"
    rf"(?:primary\s+|metastatic\s+|resected\s+|operated\s+|evaluable\s+)?"
    # singular after "one": "one patient had triple-negative breast cancer"; "Four pts were ..., and one pt was ...": the
    # abbreviated noun of terse abstracts
    rf"(?:patients|women|tumou?rs|cases|primaries|lesions|specimens|metastases|pts\b\.?|(?:(?<=one\s)|(?<=\b1\s))(?:patient|woman|tumou?r|case|pt\b\.?)"
    # ... "4 patient (12.1%) had triple negative tumour": the singular after any count in non-native English, only
    # with its share in brackets right after it
    rf"|(?:patient|woman|case)(?=\s*[\(\[]\s*{PCT}\s?%\s*[\)\]]))"
    rf"(?:\s*[\(\[]\s*(?P<p3>{PCT})\s?%\s*[\)\]])?\s+)?"
    # "twelve patients in the surgery group had ...": the arm named between them (whose arm, the subgroup guard reads)
    rf"(?:(?<=patients\s)(?:in|of)\s+the\s+(?:[\w-]+\s+){{1,3}}?(?:group|arm|cohort)\s+)?"
    # "31 tumours being HER2-negative": an absolute clause after its count; "including 55 (75.3%) that were ER-positive":
    # a relative pronoun before the verb
    # ... "Twenty-seven of the 47 patients also had ...": "also" before the verb, only after a count over its group
    # ("Nine were HER2-positive; six tumours also expressed hormone receptors": a part of those nine)
    rf"(?:(?:that|which|who)\s+)?(?(d)(?:also\s+)?)(?:were|was|had|showed|carried|expressed|over-?expressed|harbou?red|displayed|exhibited|being|lacked)\s+"
    # "Three tumours were luminal (ER-positive, HER2-negative)": a subtype word whose bracket is the profile
    # ... "two were luminal B-like with HER2 overexpression": the subtype word's "with" before the profile
    rf"(?:also\s+)?(?:(?:an?|the)\s+)?(?:[\w-]+\s+){{0,2}}?(?:with\s+)?(?:[A-Za-z][\w-]*\s*[\(\[]\s*)?$", re.IGNORECASE)
# "Five tumours lacked ER, PR and HER2 expression": the profile carries its verb, the count is its subject
_SUBJECT_BEFORE = re.compile(
    rf"(?<![\w.\-/])(?P<n>{INT})(?:\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]])?\s+(?:(?:primary|metastatic|resected)\s+)?"
    rf"(?:patients|women|tumou?rs|cases|primaries|specimens|metastases)(?:\s*[\(\[]\s*(?P<p3>{PCT})\s?%\s*[\)\]])?\s+$",
    re.IGNORECASE)
_PCT_DIRECT = re.compile(rf"(?:(?<![\w.\-])(?P<p>{PCT})\s?%|(?<![\w.\-/])(?P<n>{INT})\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]])\s+$")
# "27 tumours (75.0%) were HR-positive and 8 (22.2%) HER2-positive": the verb is not repeated
_ELIDED_BEFORE = re.compile(
    rf"(?:\band|,)\s+(?<![\w.\-/])(?P<n>{INT})(?:\s*/\s*(?P<d2>\d+))?\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]]\s+(?:(?:also|were|had)\s+)?(?:(?:an?|the)\s+)?$",
    re.IGNORECASE)


# "re-scoring classified 12 (25.0%) as HER2-positive", "we identified 9 tumours as triple-negative": a verb of
# classifying, its count, then "as" and the profile
_CLASSIFIED_AS_BEFORE = re.compile(
    rf"\b(?:(?:re-?)?classified|categori[sz]ed|identified|scored|graded|recorded|reported)\s+(?<![\w.\-/])(?P<n>{INT})"
    rf"(?:\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]])?(?:\s+(?:patients|women|tumou?rs|cases|primaries))?"
    rf"(?:\s*[\(\[]\s*(?P<p3>{PCT})\s?%\s*[\)\]])?\s+as\s+(?:(?:an?|the)\s+)?$", re.IGNORECASE)
# "In 11 the primary tumour was ER-positive and HER2-negative, in 3 ER-positive and HER2-positive, ..."
_IN_N_BEFORE = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?|\band\s+)in\s+(?P<n>{INT})\s+(?:(?:the\s+)?(?:primary\s+)?"
                          rf"(?:tumou?rs?|cancers?)\s+(?:was|were)\s+)?$", re.IGNORECASE)
# "There were 41 HR+/HER2-, 14 HR+/HER2+ ... tumours": the count right after "there were" (the next ones continue it)
_THERE_WERE_BEFORE = re.compile(rf"\bthere\s+(?:were|was)\s+(?P<n>{INT})\s+$", re.IGNORECASE)
# "19 had ER-positive, 15 PR-positive and 6 HER2-positive": a bare count continuing a list of counted profiles;
# "52 had an ER-positive primary and 15 a HER2-positive primary": the verb left out before its article
_ELIDED_COUNT_BEFORE = re.compile(rf"(?:\band|,)\s+(?<![\w.\-/])(?P<n>{INT})\s+(?:(?:also|were|had)\s+)?(?:an?\s+)?$",
                                  re.IGNORECASE)


# "... and 2+ with amplification by FISH in another 3 / in a further 3 / in other 3": the count marked as one more
# group beside the 3+ one
_FURTHER = r"(?:(?:an)?other\s+|an?\s+(?:further|additional)\s+|(?:further|additional)\s+)?"
_HER2_EQUIVOCAL_AMPLIFIED = re.compile(
    # ... "IHC 2+/FISH-amplified in 2": the ISH result joined by a slash
    rf"^\s*(?:patients|tumou?rs|cases)?\s*(?:,|;|and|,\s*and)\s+(?:IHC\s+)?(?:score\s+)?2\+(?:\s+(?:with|and|plus)\s+|\s*/\s*)"
    # ... "2+ with gene amplification on in situ hybridisation in 2" (the amplification before its method)
    rf"(?:(?:HER-?2\s+|ERBB-?2\s+)?(?:gene\s+)?(?:amplification|amplified)\s+(?:on|by|at|using)\s+)?"
    # ... "2+ with fluorescence in situ hybridisation (FISH) amplification in 3" (the short form blanked)
    rf"(?:positive\s+|an?\s+)?(?:(?:F|S|C)?ISH[- ]?|(?:(?:fluorescen(?:ce|t)|chromogenic|silver|dual)[- ]+)?"
    rf"in[- ]situ[- ]hybridi[sz]ation)(?:amplification|amplified|positivity|positive|confirmed)?"
    rf"(?:\s+(?:amplification|status))?\s+in\s+{_FURTHER}(?P<n>{INT})(?!\s*%|\s*/)"
    # "3+ in 7 tumours and 2+ with gene amplification in 3": the amplification without its test named
    rf"|^\s*(?:patients|tumou?rs|cases|primaries)?\s*(?:,|;|and|,\s*and)\s+(?:IHC\s+)?(?:score\s+)?2\+\s+(?:with|and|plus)\s+"
    rf"(?:HER-?2\s+|ERBB-?2\s+)?(?:gene\s+)?(?:amplification|amplified)\s+in\s+{_FURTHER}(?P<n5>{INT})(?!\s*%|\s*/)"
    # "3+ in 3 patients and 2+ in 6, of whom 2 showed gene amplification on SISH"
    rf"|^\s*(?:patients|tumou?rs|cases)?\s*(?:,|and|,\s*and)\s+(?:IHC\s+)?(?:score\s+)?2\+\s+in\s+{INT}\s*,?\s*"
    rf"(?:of\s+(?:whom|which|these)|and\s+of\s+these)\s+(?P<n2>{INT})\s+(?:showed|had|were|with)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:amplification|amplified|(?:F|S|C)?ISH[- ]?(?:positive|amplified))"
    # "3+ in 9 patients, and 3 further patients with a 2+ score had ISH-confirmed amplification"
    # "..., and three further tumours scored 2+ with HER2 amplification on FISH"
    rf"|^\s*(?:patients|tumou?rs|cases|primaries)?\s*(?:,|;|and|,\s*and)\s+(?P<n3>{INT})\s+(?:further|additional|more|other)\s+"
    rf"(?:patients|tumou?rs|cases|primaries)\s+(?:(?:were|was)\s+)?(?:(?:scored|graded|rated)\s+(?:as\s+)?)?"
    rf"(?:with\s+)?(?:an?\s+)?(?:IHC\s+)?(?:score\s+(?:of\s+)?)?2\+(?:\s+score)?\s*,?\s+(?:had|showed|with|were)\s+"
    rf"(?:(?:F|S|C)?ISH[- ](?:confirmed|proven|detected)\s+|(?:HER-?2\s+|ERBB2\s+)?(?:gene\s+)?)"
    rf"(?:amplification|amplified|(?:F|S|C)?ISH[- ]?positive)"
    # "3+ by IHC in 8 tumours; 10 tumours were 2+, of which 4 were ISH-amplified"
    rf"|^\s*(?:patients|tumou?rs|cases)?\s*(?:,|;|and|,\s*and)\s+{INT}\s+(?:patients|tumou?rs|cases)\s+(?:were|had)\s+"
    rf"(?:(?:scored|an?\s+(?:IHC\s+)?score\s+of)\s+)?(?:IHC\s+)?2\+\s*,?\s*(?:of\s+(?:whom|which|these))\s+(?P<n4>{INT})\s+"
    rf"(?:showed|had|were|with)\s+(?:\w+\s+){{0,2}}?(?:amplification|amplified|(?:F|S|C)?ISH[- ]?(?:positive|amplified))",
    re.IGNORECASE)


# "Across the 54 patients, 38 (70.4%) ..." with 23 resected: a population named by its size, not the cohort's
_OF_THE_N = re.compile(rf"\b(?:of|among|across)\s+(?:the|these|those|all(?:\s+the)?)\s+(?P<n>{INT})\s+(?![\w-]*%)",
                       re.IGNORECASE)


def _in_range_or_list(text: str, start: int, end: int) -> bool:
    """The value at ``text[start:end]`` is a bound of a range ("ranged from 46% to 89% across studies", "between 46%
    and 89%") or opens a list shared out by "respectively": never one profile's share on its own."""
    vocab = _vocab()
    after = text[end:end + 80]
    if vocab["range_after"].match(after) or vocab["respectively_list"].match(after):
        return True
    return bool(vocab["range_before"].search(text[max(0, start - 12):start]) and vocab["range_and_after"].match(after))


_VERB_POLARITY = re.compile(r"\s*(?:(?:status|expression)\s+)?(?:was|were)\s+(?:(?:considered|scored|deemed)\s+)?"
                            r"(?:positive|negative|amplified|over-?expressed|expressed)", re.IGNORECASE)


def _attach_values(text: str, profiles: list[Profile]) -> None:
    # "(% of patients): ER+ 79.5 | HER2+ 15.9": the header makes bare numbers shares (cheap literal first)
    header = _vocab()["pct_header"].search(text) if "%" in text or "cent" in text else None
    parts_header = may_match(_vocab()["parts_header"], text)  # a group opening a list of its subtypes (cheap literal first)
    for i, profile in enumerate(profiles):
        pct_header = header is not None and header.end() <= profile.start
        limit = profiles[i + 1].start if i + 1 < len(profiles) else len(text)
        segment = text[profile.end:limit]
        definition = _vocab()["definition"].match(segment) if "(" in segment[:12] or "[" in segment[:12] else None
        # "HER2 positive (IHC 3+ or ISH-amplified): 6", "Endocrine-responsive disease (ER >=10% and/or PR >=10%) was
        # present in 22": the criterion is no value
        if definition:
            segment = " " * definition.end() + segment[definition.end():]
        elif "(" in segment[:40] or "[" in segment[:40]:
            # "ER was positive (Allred score of 3 or more) in 66": the criterion after a verb and polarity
            verb = _VERB_POLARITY.match(segment)
            definition = _vocab()["definition"].match(segment[verb.end():]) if verb else None
            if verb and definition:
                cut_at = verb.end() + definition.end()
                segment = segment[:verb.end()] + " " * definition.end() + segment[cut_at:]
        seg_start = profile.end
        masked = len(segment) - len(segment.lstrip(" "))
        if masked > 3:  # "HER2-positive (irrespective of HR status) in 24%": a masked aside uses up no distance
            segment, seg_start = segment[masked:], seg_start + masked
        aside = _vocab()["definition_aside"].match(segment) if "," in segment[:20] else None
        if aside:  # "HR-positive disease, defined as ... in at least 1% of cells, was present in 33": nor is this one
            segment, seg_start = segment[aside.end():], seg_start + aside.end()
        cut = _NEXT_CLAUSE.search(segment)
        if cut and (_value_after()[0][1].match(segment) or _LISTED_VALUE.match(segment)):
            cut = None  # "(30, 75%)", "ER-positive, 79 (70.5%); ...": the comma is inside the value
        if cut and cut.start() == 0 and _LISTED_BARE.match(segment) and _LIST_ITEM_START.search(text, 0, profile.start):
            # "combinations were: ER-positive/PR-positive, 25; ER-positive/PR-negative, 6; ...": a list item's bare
            # count after a comma (the comma read as the item's colon)
            segment, cut = segment.replace(",", " ", 1), None
        if cut:  # ", and 9 (18%) were triple negative": that value belongs to the next profile
            segment = segment[:cut.start()]
        prev_end = (profiles[i - 1].value_end or profiles[i - 1].end) if i else 0
        window = text[max(prev_end, profile.start - 80):profile.start]
        fraction = _fraction_before(text, window, max(prev_end, profile.start - 80))
        if fraction is not None:
            if fraction:  # an exact fraction word is a share, never a count ("one in six" is not six patients)
                profile.pct, profile.value_end = fraction, profile.end
            continue
        tight = _TIGHT_BEFORE.search(window) or (_ELIDED_BEFORE.search(window) if i else None) or (
            _SUBJECT_BEFORE.search(window) if _vocab()["verb_profile"].match(text, profile.start) else None) or (
            _ELIDED_COUNT_BEFORE.search(window) if i and profiles[i - 1].count is not None else None) or (
            _IN_N_BEFORE.search(window)) or _vocab()["quantified_before"].search(window) or (
            _CLASSIFIED_AS_BEFORE.search(window) if "as" in window else None) or (
            _THERE_WERE_BEFORE.search(window) if "here" in window else None)
        if not tight:
            direct = _PCT_DIRECT.search(window)  # "70% ER-positive, 20% HER2-positive"
            if direct and not _OTHER_MEASURE.search(window[max(0, direct.start() - 40):direct.start()]):
                tight = direct
        if tight and _vocab()["range_end_before"].search(text[:max(prev_end, profile.start - 80) + tight.start()]):
            tight = None  # "from 46% to 89% had ...": the upper bound of a range
        if tight and not is_distractor(text, profile.start - 1, profile.start):
            found = {k: v for k, v in tight.groupdict().items() if v}
            pct_text = found.get("p") or found.get("pw") or found.get("p2") or found.get("p3") or found.get("p4")
            if pct_text:
                profile.pct = float(parse_number(pct_text) or 0.0)
            if found.get("n") and not pct_text and re.search(r"\ball\s+(?:but|except)\s+$",
                                                             text[:max(prev_end, profile.start - 80) + tight.start()],
                                                             re.IGNORECASE):
                profile.all_but = True
            if found.get("n"):
                n = parse_number(found["n"])
                profile.count = int(n) if n is not None and float(n).is_integer() else None
                d = parse_number(found.get("d") or found.get("d2") or "")
                if d and float(d).is_integer() and profile.count is not None and profile.count <= d:
                    profile.denominator = int(d)  # "Twenty-eight of 40 patients had ...", "28/40 (70%) were ..."
            profile.value_end = profile.end
            continue
        if parts_header and _vocab()["parts_header"].match(segment):
            continue  # "luminal (HR-positive) tumours comprised luminal A in 14, ...": the number is the first part's
        for kind, pattern in _value_after():
            if kind == "bare_pct" and not pct_header:
                continue
            m = pattern.match(segment)
            if not m:
                continue
            filler = segment[:m.start(m.lastindex or 0)]
            if _DEFINITION.search(filler) or _OTHER_MEASURE.search(filler):
                break  # a threshold ("defined as >=1% staining") or another measure ("survival of 60%")
            base = seg_start
            if is_distractor(text, base + m.start(m.lastindex or 0), base + m.end()):
                continue
            second = _SECOND_ARM_COUNT.match(text, base + m.end()) if kind in ("count", "count_pct") else None
            if not second and kind in ("count", "count_pct", "verb_count") and " in the " in text[base + m.end():base + m.end() + 9]:
                second = _SECOND_ARM_GROUP.match(text, base + m.end())
            if not second and _in_range_or_list(text, base + m.start(m.lastindex or 0), base + m.end()):
                break  # a spread across studies, or the first of several groups' values
            if i + 1 < len(profiles) and not cut and not text[base + m.end():limit].strip(" )]"):
                break  # "..., HER2-enriched and 7 of 10 triple-negative": the number is the next profile's
            groups = m.groupdict()
            if groups.get("n"):
                n = parse_number(groups["n"])
                profile.count = int(n) if n is not None and float(n).is_integer() else None
            if groups.get("d"):
                profile.denominator = int(parse_number(groups["d"]) or 0) or None
            profile.all_but = profile.all_but or kind == "all_but"
            profile.of_them = bool(groups.get("them"))
            profile.of_these_n = bool(groups.get("these"))
            if groups.get("p"):
                p = parse_number(groups["p"])
                profile.pct = float(p) if p is not None else None
            profile.value_end = base + m.end()
            if second and profile.count is not None:
                # "in 14 LLR and 19 OLR patients", "in 22 (71.0%) and 30 (68.2%) patients": one count per arm, whose
                # sum is the cohort's only when both arms were resected (see _arm_counts)
                n2 = parse_number(second.group("n2"))
                profile.first_arm = (profile.count, profile.pct)
                if "a2" in second.re.groupindex and n2 is not None and float(n2).is_integer() \
                        and _OPERATED_ARM_WORD.match(second.group("a2")) and not _OPERATED_ARM_WORD.match(second.group("a1")):
                    profile.first_arm = (int(n2), None)  # "40 in the medical and 41 in the surgical group": ours second
                profile.count = profile.count + int(n2) if n2 is not None and float(n2).is_integer() else None
                profile.pct, profile.arm_sum = None, True
                profile.value_end += second.end() - profile.value_end
            pair = _SECOND_FRACTION.match(text, profile.value_end) if kind == "fraction" and profile.denominator else None
            if pair and profile.count is not None:
                # "in 8 of the 12 synchronous and 29 of the 41 metachronous patients": two groups' fractions, their
                # sum over the sum of the groups (the caller checks that this is the cohort)
                n2, d2 = parse_number(pair.group("n2")), parse_number(pair.group("d2"))
                if n2 is not None and d2 and float(n2).is_integer() and float(d2).is_integer() and n2 <= d2:
                    profile.first_fraction = (profile.count, profile.denominator or 0)
                    profile.count, profile.denominator = profile.count + int(n2), (profile.denominator or 0) + int(d2)
                    profile.fraction_pair = True
                    profile.value_end = pair.end()
            if profile.status == {"HER2": True} and profile.count is not None and profile.pct is None:
                extra = _HER2_EQUIVOCAL_AMPLIFIED.match(text[profile.value_end:])
                if extra:  # "3+ in 5 tumours and 2+ with ISH amplification in 3": both are HER2-positive
                    profile.count += int(parse_number(extra.group("n") or extra.group("n2") or extra.group("n3")
                                                      or extra.group("n4") or extra.group("n5")) or 0)
                    profile.value_end += extra.end()
            break
        if profile.value_end is None:
            m = _VALUE_BEFORE.search(text[prev_end:profile.start])
            if m and not _OTHER_MEASURE.search(text[prev_end:profile.start]):  # "progression in 17 (51.5%) ..."
                n = parse_number(m.group("n"))
                profile.count = int(n) if n is not None else None
                profile.pct = float(parse_number(m.group("p")) or 0) or None
                profile.value_end = profile.end


def _fraction_before(text: str, window: str, offset: int) -> float | None:
    """The share written as an exact fraction word before a profile's verb ("Two-thirds had ER-positive ...",
    "One in five patients was HER2-positive", "Half of the tumours were HR-positive"): 66.7, 20.0, 50.0. 0.0 when the
    fraction is approximate ("about half", "more than two-thirds"): no value then; None when there is no fraction."""
    vocab = _vocab()
    if not may_match(vocab["fraction_before"], window):
        return None
    m = vocab["fraction_before"].search(window)
    if not m:
        return None
    if vocab["fraction_qualifier"].search(text[max(0, offset + m.start("fq") - 25):offset + m.start("fq")]):
        return 0.0
    if m.group("half"):
        num, den = 1, 2
    elif m.group("onein"):
        word = m.group("onein").lower()
        num, den = 1, int(word) if word.isdigit() else vocab["fraction_den"].get(word, 0)
    else:
        num = vocab["fraction_num"].get(m.group("num").lower(), 0)
        den = vocab["fraction_den"].get(re.sub(r"s$", "", m.group("den").lower()).replace("halve", "half"), 0)
    if not num or not den or num >= den:
        return 0.0
    return round(100.0 * num / den, 1)


# the second arm's count after a first one: "(71.0%) and 30 (68.2%) patients", " LLR and 19 OLR patients",
# " and 6, respectively"
# "... in 8 of the 12 synchronous and 29 of the 41 metachronous patients": a second group's fraction after the first
_SECOND_FRACTION = re.compile(
    rf"(?:\s+[A-Za-z][\w-]*){{0,3}}?\s*,?\s+and\s+(?:in\s+)?(?P<n2>{INT})\s*"
    rf"(?:/|\s+of\s+(?:the\s+)?)\s*(?P<d2>\d+)\b(?!\s*%)", re.IGNORECASE)
_SECOND_ARM_COUNT = re.compile(
    rf"\s*(?:[\)\]]\s*|[\(\[]\s*{PCT}\s?%\s*[\)\]]\s*)?(?:[A-Za-z][\w-]*\s+)?(?:patients\s+|cases\s+)?and\s+(?:in\s+)?"
    rf"(?P<n2>{INT})\b(?!\s*(?:%|/|of\b|[.,]\d))\s*(?:[\(\[]\s*{PCT}\s?%\s*[\)\]]\s*)?"
    rf"(?:(?:[A-Za-z][\w-]*\s+)?(?:patients|cases|women|tumou?rs)\b"
    # "HER2 was overexpressed in five and three tumours were triple-negative": the second count has its own verb
    # ... also with its own share between noun and verb ("and 14 tumours (11.9%) were triple-negative")
    rf"(?!(?:\s*[\(\[]\s*{PCT}\s?%\s*[\)\]])?\s+(?:(?:also|all)\s+)?(?:were|was|had|showed|carried|expressed|lacked|displayed)\b)"
    rf"|,?\s*respectively\b)",
    re.IGNORECASE)
# "numbered 41 in the surgical and 40 in the medical group", "in 30 in the resection arm and 28 in the chemotherapy
# arm": one count per named arm (the operated arm's is the one reported, whichever comes first)
_SECOND_ARM_GROUP = re.compile(
    rf"\s+in\s+the\s+(?P<a1>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)\s+(?:(?:group|arm|cohort)s?\s+)?,?\s*and\s+"
    rf"(?P<n2>{INT})\b(?!\s*(?:%|/|of\b|[.,]\d))\s+in\s+the\s+(?P<a2>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)\s+"
    rf"(?:group|arm|cohort)s?\b", re.IGNORECASE)
_OPERATED_ARM_WORD = re.compile(r"^(?:surg\w*|resect\w*|hepatectom\w*|metastasectom\w*|operat\w*|liver\s+resection|LR)$",
                                re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


_LISTED_NUMBER = re.compile(r"(?<![\w.,])(?P<n>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.])")


def _share(count: int | None, pct: float | None, denominator: int | None) -> float | None:
    if pct is not None:
        return round(pct, 1)
    if count is not None and denominator:
        return percent(count, denominator)
    return None


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):
        pass
    return found


# ... also "in/among": "Five-year OS ranged from 61.5% in the luminal/HER2-positive group to 8.3% in the ..."
_PCT_FOR_BEFORE = re.compile(r"\d\s?%\s+(?:for|in|among)\s+(?:the\s+|those\s+with\s+|patients\s+with\s+)?"
                             r"(?:(?:non-?)?luminal[- /]+)?$", re.IGNORECASE)
_GROUP_NOUN_AFTER = re.compile(r"^\W{0,3}(?:\s*(?:and|or)\s+)?(?:sub)?(?:groups?|types?|cohorts?|tumou?rs|patients|cases|disease)\b",
                               re.IGNORECASE)


def _outcome_by_group(text: str, profiles: list[Profile]) -> bool:
    """ "The 5-year OS rates in the HR+, HER2+ and TNBC groups were 64.8%, 71.3% and 14.3%": an outcome per group."""
    first, last = profiles[0], profiles[-1]
    lead = text[max(0, first.start - 60):first.start].split(";")[-1]
    measure = None
    for measure in _OTHER_MEASURE.finditer(lead):
        pass
    # "Overall survival was 40 months, and 30 patients had ER-positive tumours": a value between, no grouping
    if measure is not None and not re.search(r"\d", lead[measure.end():]) \
            and bool(_GROUP_NOUN_AFTER.match(text[last.end:last.end + 30])):
        return True
    # "Five-year OS was 52% for luminal A-like, 63% for HER2-positive and 0% for triple-negative disease": each value
    # written before "for <group>" (or "in the <group>") after an outcome is that group's outcome, not its share
    return measure is not None and bool(_PCT_FOR_BEFORE.search(text, max(0, first.start - 30), first.start))


def _names_receptor(span: str, p: Profile, key: str) -> bool:
    """Whether the profile (its text ``span``) writes ``key``'s status itself (ER/PR for the hormone receptor):
    "negative for ER, PR and HER2" does, a bare "triple-negative" label does not."""
    keys = ("HR", "ER", "PR") if key == "HR" else (key,)
    if any(k in p.status for k in keys):
        return True
    return any(m.group(k) for m in _vocab()["term"].finditer(span) for k in keys)
