"""Receptor subtype of the resected cohort, as percentages of the cohort (unit "%").

Fields: ``er_positive_pct``, ``hr_positive_pct`` (ER and/or PR positive; reported
only when ER alone cannot be derived), ``her2_positive_pct``,
``triple_negative_pct``. Vocabulary: ``rules/receptors.json``.

How abstracts report it, and what this module does:

* A *profile* is a run of receptor terms with polarities: "ER-positive",
  "ER+/PR-/HER2+", "ER and PR positive, HER2 negative", "ER and/or PR positive"
  (-> hormone receptor), "HR+/HER2-", "triple-negative", "basal-like (ER-, PR-,
  HER2-)" (the bracketed definition is folded into the named subtype). "HR"
  followed by a number is a hazard ratio, never a receptor.
* A profile takes the value written next to it: "in 35 patients (72.9%)", "in 12
  (19.7%)", "n=26", "20/31", "in 85%", "was documented in five" (count divided by
  the cohort size), or a count just before it ("Fifty nine patients (69%) carried
  a primary that was ER or PR positive").
* Cross-classifications ("ER+/PR+ in 23, ER+/PR- in 8, ER-/PR+ in 1, ER-/PR- in
  8"; "HR+/HER2- 31, HR+/HER2+ 12, HR-/HER2+ 9, triple-negative 9") are summed per
  receptor, over the groups that all state that receptor.
* Case reports and small case series (cohort <= 5) without counts: each profile
  is one patient ("The second ... had an ER+/PR-/HER2+ carcinoma"); staining
  percentages of one tumour ("oestrogen receptor 95%") mean positive; HER2 "1+"
  means negative; triple-negative is 0 when ER, PR and HER2 are all known and one
  is positive, or when ER/PR is positive.
* Intrinsic subtype lists ("21 luminal A-like, 12 luminal B-like HER2-negative,
  10 luminal B-like HER2-positive, 8 HER2-enriched and 6 triple-negative") are
  summed: HR = luminal groups, HER2 = luminal B HER2-positive + HER2-enriched,
  triple-negative = basal-like/TN; definitions in the abstract ("luminal B (ER+
  and/or PR+, HER2+)", "Luminal B was defined as ...") override standard usage;
  plain "luminal B" leaves HER2 underivable.
* Also: values written before the profile ("Twenty-eight of 40 patients had",
  "28/40 (70%) primaries were ER+", "70% ER-positive", "and 8 (22.2%)
  HER2-positive" without a repeated verb), "all but three ... were HR-positive",
  "All tumours were ER-positive" (100%, not triple-negative), "none had
  triple-negative disease" (0%), HER2 "3+ in 5 and 2+ with ISH amplification in
  3" (summed), nested triple-negative counts ("ER-PR- in 6, of whom 4 were also
  HER2-negative"), small series described patient by patient ("The first
  patient ... The second ...").
* The primary tumour's status wins over the metastasis' when both are given.
* Also (seventh round): table lines with a bracketed criterion ("ER positive (Allred score 3 or more): 17",
  "HER2 (IHC 3+ or ISH-amplified): 9"; a criterion between profile and count is skipped); "status: positive 25,
  negative 9"; "ER status was known for all 40 patients and was negative in nine" (polarity after an aside);
  "negative in 32 and positive in 8 / in the remainder"; negations ("no HER2 amplification", "neither HER2
  overexpression nor amplification"); "lacked ER, PR and HER2 expression" (triple-negative, counted by its
  subject); "oestrogen receptor-rich/-poor", "hormone-sensitive/-insensitive"; "Term noun, n/N (P%);" lists;
  subtype lists in percentages; compared pairs "n of N vs P%" (the cohort's own fraction) and "a/b vs c/d"
  of two resected subgroups whose sizes add up to the cohort (summed); a status required for inclusion
  ("women with HER2-positive breast cancer who underwent resection were included", the title naming it too)
  -> 100%; "status concordant in all pairs and positive in N".
* Also (eleventh round): "X-positive primaries accounted for / represented N cases"; a quantifier with a bracketed
  value before the verb ("Most patients (n = 33; 66%) had", "Three-quarters of the cohort (30 of 40) had"); a
  negative count over the whole cohort ("ER was negative in 14 of 52", 52 = the cohort) gives the positive share,
  and a bare negative count after it in the same sentence shares that denominator (not for HER2 beside 2+/equivocal);
  "HER2 was not overexpressed or amplified in 41" (negated positive word); test-method phrases ("by
  immunohistochemistry", "on in situ hybridisation") between a status and its count; "five of the nine HR-negative
  tumours were also HER2-negative" (nested triple-negative); a bracketed subtype gloss ("HR-positive (luminal)")
  inside a subtype list's sentence.
* Also (twelfth round): subtype names listed with their values after them, closed by "respectively"; a count with
  a bracketed test/guideline after it ("in 7 (ASCO/CAP criteria)"); "one in six (6/36)" as a quantifier; "Among
  resected patients, P% ... compared with ..." keeps the operated clause. Guards: the population named last before
  a profile decides ("..., whereas in the systemic-therapy group 17 were ...", "Among all 214 referrals, ...");
  counts "across both groups"; range bounds ("from 46% to 89%"); clauses with an abbreviated hazard ratio ("HR
  0.68"); a single-receptor group opening a cross-classification blocks summing the receptors it does not state.
* Also (fourteenth round): a criterion between a receptor's noun and its verb ("ER expression (1% or more) was
  present in 25", "ER expression of at least 10% in the primary was found in 29"); a positivity rule with its result
  ("HER2 was considered positive if ..., which applied to 7 patients"); a definition between commas ("HR-positive
  disease, defined as ..., was present in 33 of the 45"); "one patient had ..."; "N patients ..., all with
  HR-positive/HER2-negative disease" (N = the cohort; every status of the profile); a sentence opening with a
  comparison keeps the clause from the operated subject on ("Compared with the referred population, in which 62%
  ..., resected patients were more often ER-positive (38 of 49)"); the sizes of a receptor's positive and negative
  groups that add up to the cohort ("ER-positive tumours (n = 34) ... ER-negative tumours (n = 13)"), even in an
  outcome comparison.
* Also (fifteenth round): "none was / no tumour was HER2-positive" (0%); "three further tumours scored 2+ with HER2
  amplification" added to the 3+ count; "... in five and three tumours were triple-negative" (a second count with its
  own verb is no second arm); "in 9 of the resected women"; "ER status of the metastasis was positive in 47" (the
  metastasis' status, a fallback); "N of whom ..." ends at ", and M patients had ..."; "present in all but seven
  patients"; "expression was absent", "co-expressed", "HER2 2+ without amplification on FISH"; negative counts give
  the positive share with a cue ("Only four had ER-negative tumours", "absent in 12 of the primary tumours") or when
  two or more receptors are reported only as negative counts, never beside unknown/untested statuses or a written
  positive share; the abstract's own abbreviation of the operated arm ("In the HEP group", HEP = hepatectomy) and
  abbreviated arm headers ("(LR vs ST): ... 80.0% vs 69.4%"); "Women with TNBC (ER, PR and HER2 all negative) and
  liver metastases ... were reviewed" (inclusion: TN 100, the named receptors 0); a sized group against the rest
  ("HR-/HER2- tumours (n=6) ... versus ... for all others"). A case report's "triple-negative" label alone gives no
  ER or HER2 share (only TN 100), unless the receptors are named ("negative for ER, PR and HER2").
* Also (holdout28/29 round): bare counts closing a bracketed list or between slashes ("(ER+ 30, ..., TNBC 4)", "ER+ 54
  / HER2+ 17"); "expressed the oestrogen receptor"; a count before a word whose bracket is the profile ("Three tumours
  were luminal (ER-positive, HER2-negative)"); triple-negative counts inside a negative group ("of the four ER-negative
  tumours, three were triple-negative", "six HER2-negative patients had triple-negative disease"); "in 19 of them" when
  "them" is the cohort counted just before; a bare negative count beside a count with its share of the whole cohort;
  counts before a receptor's positive and negative groups adding up to the cohort ("19 HER2-positive and 35
  HER2-negative patients", also in the title); a lead group split by its nested count and continued by "a further N";
  values labelled by their arm after them and a later "P% and Q%, respectively" in that arm order; a count over the
  cohort ("28 of the 35", 35 = the cohort) in the conclusions, for receptors the rest leaves empty. Guards: counts of
  studies/series ("reported in 17 studies"); a list of the remaining groups after a lead group whose statuses it does
  not state (no sum for those receptors); "in 4 of them" after a subgroup.
* Never used: sentences (clauses) about receptor conversion/discordance or
  comparing groups ("54% vs 79%"), counts of subgroups ("of these long-term
  survivors, 14 had ER-positive tumours", "among them, 9 were also ER-positive",
  "Of the 10 patients alive at five years, 8 ..."), outcomes by subtype, and
  "ER and/or HER2 positive" (not separable). A negative count alone ("ER-negative
  in 11") gives no positive share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from litreview.extract.base import Sentence, doc_text, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.prefilter import may_match
from litreview.extract.numbers import INT, PCT, is_distractor, parse_number, percent
from litreview.records import Finding
from litreview.rules import load_json


__all__ = ["extract_receptors", "Profile", "find_profiles"]

_FIELDS = {"ER": "er_positive_pct", "HR": "hr_positive_pct", "HER2": "her2_positive_pct", "TN": "triple_negative_pct"}
_MASK_ABBR = re.compile(r"\s*[\(\[](?:ER|PR|PgR|HR|HER-?2)[\)\]]")


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
    "tn_named": "triple_negative",
    "her2_words": "her2_positive_words",
    "hr_words": "hr_status_words",
    "negation": "negation_before",
    "verb_profile": "verb_profile",
    "definition": "definition_bracket",
    "status_clause": "status_clause",
    "all_known": "all_known",
    "inclusion_before": "inclusion_before",
    "inclusion_after": "inclusion_after",
    "inclusion_verb": "inclusion_verb",
    "inclusion_exclude": "inclusion_exclude",
    "then_positive": "then_positive",
    "skip": "skip_sentence",
    "subgroup": "subgroup_before",
    "irrelevant": "irrelevant_mention",
    "metastasis": "metastasis_subject",
    "metastasis_after": "metastasis_after",
    "none_before": "none_before",
    "status_subset": "status_subset",
    "surgical_long": "surgical_long",
    "rest_of_cohort": "rest_of_cohort",
    "only_after": "only_count_after",
    "of_all_after": "of_all_after",
    "status_change": "status_change",
    "her2_equivocal": "her2_equivocal",
    "status_unknown": "status_unknown",
    "cohort_opener": "cohort_opener",
    "our_arm": "our_arm",
    "other_population": "other_population",
    "population_after": "population_after",
    "range_after": "range_after",
    "range_before": "range_before",
    "range_and_after": "range_and_after",
    "range_end_before": "range_end_before",
    "respectively_list": "respectively_list_after",
    "criterion_clause": "criterion_clause",
    "definition_aside": "definition_aside",
    "leading_comparison": "leading_comparison",
    "operated_subject": "operated_subject",
    "group_size_after": "group_size_after",
    "cited_work": "cited_work",
}


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    data = load_json("receptors.json")
    terms = data["terms"]
    term_alt = "|".join(f"(?P<{name}>{pattern})" for name, pattern in terms.items())
    pol = rf"(?P<pos>{data['positive']})|(?P<neg>{data['negative']})"
    return {
        **{name: re.compile(data[key], re.IGNORECASE) for name, key in _PLAIN_PATTERNS.items()},
        # "lacked ER, PR and HER2" names the receptors themselves: the "term" pattern finds such sentences
        "tn": re.compile(rf"{data['triple_negative']}|{data['triple_negative_lacking']}", re.IGNORECASE),
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
        "only_before": re.compile(data["only_count_before"].replace("{INT}", INT), re.IGNORECASE),
        "relative_end": re.compile(data["relative_subgroup_end"].replace("{INT}", INT), re.IGNORECASE),
        "own_cohort_pct": re.compile(data["own_cohort_pct"].replace("{PCT}", PCT), re.IGNORECASE),
        "respectively_pair": re.compile(data["respectively_pair_after"].replace("{PCT}", PCT), re.IGNORECASE),
        # "in 71.0% of the systemic-therapy group and 78.1% of the resection group": the value after names its arm
        "other_after": re.compile(rf"\s*(?:{data['other_population']})", re.IGNORECASE),
        "ours_next": re.compile(rf"\s*,?\s*and\s+(?P<p>{PCT})\s?%\s+(?:{data['our_arm']})", re.IGNORECASE),
        "her2_score": re.compile(data["her2_score_item"].replace("{INT}", INT), re.IGNORECASE),
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
# "oestrogen receptor 95%", "expressed in 90% of tumour cells": staining of one tumour
_STAINING = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s?%|^\s*(?:(?:was|were)\s+)?"
                       r"(?:expressed|expression|detected|positive|staining)?\s*in\s+"
                       r"(\d+(?:[.,]\d+)?)\s?%\s+of\s+(?:the\s+)?(?:tumou?r\s+|invasive\s+|neoplastic\s+|cancer\s+)?"
                       r"(?:cells|nuclei)", re.IGNORECASE)
# "negative for progesterone receptor and HER2": the polarity before the first term covers the list
_NEG_BEFORE = re.compile(r"\bnegative\s+for\s+(?:(?:ER|PR|PgR|o?estrogen(?:[- ]receptors?)?|progesterone(?:[- ]receptors?)?)"
                         r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+))*$", re.IGNORECASE)
_JOIN = re.compile(r"^\s*(?P<sep>/|,|and/or|and|or|&|\+)?\s*$", re.IGNORECASE)
_HAZARD = re.compile(r"^\s*[=:,]?\s*(?:\(|\[)?\s*\d")
_TRAILING_POL = re.compile(r"^\s*[\)\]]?\s*(?:(?:primary\s+)?(?:tumou?rs?|disease|status|expression|(?:immuno)?staining|carcinomas?|cancers?)"
                           r"(?:\s+(?:of|in)\s+the\s+(?:primary\s+|resected\s+)?(?:tumou?rs?|breast\s+cancers?|primaries|"
                           r"(?:liver\s+|hepatic\s+)?(?:metastas[ie]s|lesions?)))?\s*:?\s+"
                           r"|:\s*)?"
                           r"(?:(?:was|were|being|had\s+been|have\s+been|has\s+been)\s+)?(?:(?:scored|graded|rated)\s+(?:as\s+)?)?(?:both\s+|all\s+)?",
                           re.IGNORECASE)


_ALL_N = re.compile(r"\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?\d+\b", re.IGNORECASE)
# "HER2 (3+)", "HER2 (IHC 3+ or ISH-amplified)": the bracketed criterion of positivity is the polarity
_BRACKET_3PLUS = re.compile(r"\s*[\(\[]\s*(?:(?:IHC|immunohistochemistry)\s+)?(?:score\s+)?3\+"
                            r"(?:\s*(?:,|or|and/or|/)\s*(?:IHC\s+2\+\s+(?:with|and)\s+)?"
                            r"(?:F|S|C)?ISH[- ]?(?:amplified|amplification|positive|\+))?\s*[\)\]]", re.IGNORECASE)
# what is left of "receptor (HR)-positive" once the abbreviation is masked: blanks, then the polarity
_MASKED_GAP_POLARITY = re.compile(r" {3,}[- ]?(?P<pol>positive|negative)\b", re.IGNORECASE)


def find_profiles(text: str) -> list[Profile]:
    """The receptor profiles of a sentence, in order (without values)."""
    vocab = _vocab()
    items: list[tuple[int, int, str, bool | None]] = []  # start, end, receptor, polarity
    stained: set[int] = set()  # starts of items whose polarity comes from a staining percentage
    worded: set[int] = set()  # starts of subtype labels ("HER2-enriched")
    for m in vocab["term"].finditer(text):
        name = next(k for k in ("ER", "PR", "HR", "HER2") if m.group(k))
        polarity: bool | None = True if m.group("pos") else False if m.group("neg") else None
        if m.group("pos") and re.search(r"enriched", m.group("pos"), re.IGNORECASE):
            worded.add(m.start())
        if name == "HR" and m.group("HR") == "HR" and polarity is None and _HAZARD.match(text[m.end():]):
            continue  # hazard ratio
        if polarity is None and _POS_BEFORE.search(text[max(0, m.start() - 25):m.start()]):
            polarity = True  # "positive ER status"
        if polarity is None and _NEG_BEFORE.search(text[max(0, m.start() - 70):m.start()]):
            polarity = False  # "negative for HER2"
        if polarity is None and re.search(r"(?:\band|,)\s+for\s+$", text[max(0, m.start() - 10):m.start()]):
            # "positive for oestrogen receptors in 30 (75%) and for HER2 in 8": the earlier polarity carries over
            earlier = list(re.finditer(r"\b(positive|negative)\s+for\b", text[:m.start()], re.IGNORECASE))
            if earlier:
                polarity = earlier[-1].group(1).lower() == "positive"
        if polarity is None and re.search(r"(?:\band|,)\s+$", text[max(0, m.start() - 6):m.start()]) \
                and re.match(r"\s+in\s+\w", text[m.end():]):
            # "ER was positive in 26 (65%) and HER2 in 10 (25%)": the polarity is not repeated
            earlier = list(re.finditer(r"\b(positive|negative)\s+in\b", text[:m.start()], re.IGNORECASE))
            if earlier:
                polarity = earlier[-1].group(1).lower() == "positive"
        value_from = None  # where the value may start, when a criterion follows the term
        if polarity is None:
            criterion = vocab["criterion_clause"].match(text, m.end())
            if criterion:  # "HER2 was considered positive if IHC 3+ ..., which applied to 7 patients (22.6%)"
                polarity, value_from = True, criterion.end()
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
            elif re.match(r"^\s*\(\s*(?:IHC\s+)?(?:0|1\+)\s*\)", text[m.end():]):
                polarity = False  # "HER2 (1+)"
            else:
                stain = _STAINING.match(text[m.end():])
                if stain:  # "oestrogen receptor 95%": staining of one tumour -> positive if any
                    polarity = float(next(g for g in stain.groups() if g).replace(",", ".")) >= 1.0
                    stained.add(m.start())
        if polarity and vocab["negation"].search(text[max(0, m.start() - 25):m.start()]):
            polarity = False  # "no HER2 amplification", "neither HER2 overexpression nor amplification"
        end = value_from or m.end()
        if polarity is None and "status" in text[end:end + 8]:
            clause = vocab["status_clause"].match(text, end)
            # a count in the aside ("known in 35 patients and was positive in 25") makes the value a share of
            # the tested subset; "for all 40 patients" is the whole cohort
            if clause and not vocab["term"].search(clause.group("aside")) \
                    and not re.search(INT, _ALL_N.sub(" ", clause.group("aside"))):
                # "ER status was known for all 40 patients and was negative in nine": the value follows the polarity
                polarity, end = clause.group("pos") is not None, clause.end()
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
        if "or" in lowered or "and/or" in lowered:
            names = {g[2] for g in group}
            if names <= {"ER", "PR", "HR"} and (last_pol or any(g[3] for g in group)):
                profile.status["HR"] = True
                profile.either = True
            elif any(g[3] is not None for g in group) or last_pol is not None:
                profile.ambiguous = True
        else:
            # an item without polarity takes the next one's: "ER and PR positive, HER2 negative"
            carry: bool | None = None
            for start, end, name, pol in reversed(group):
                if pol is None and name != "TN":
                    pol = carry
                else:
                    carry = pol
                if pol is not None:
                    profile.status.setdefault(name, pol)
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
                    and len(gap.strip()) <= 6:
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
                continue
        merged.append(profile)
    return merged


# filler between a profile and its value: no digits, except "3+" scores and digits inside words (HER2)
_FILL = r"(?:[^\d;%]|\d\+|(?<=[A-Za-z])\d)"


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
        ("fraction", re.compile(rf"^{fill}{{0,45}}?(?<![\w.\-])(?P<n>\d+)\s*(?:/|\s+of\s+(?:the\s+|all\s+)?)\s*(?P<d>\d+)(?!\s*%){people}",
                                re.IGNORECASE)),
        # "HER2-positive (IHC 3+ or FISH-amplified): n = 10": a bracketed criterion may stand before it
        ("n_equals", re.compile(r"^\s*(?:[\(\[][^()\[\];]{0,50}[\)\]])?[^\d;%]{0,20}?\bn\s*=\s*(?P<n>\d+)", re.IGNORECASE)),
        ("pct", re.compile(rf"^(?:[^\d;]|\d\+){{0,45}}?(?<![\w.])(?P<p>{PCT})\s?%", re.IGNORECASE)),
        # "HR-positive/HER2-negative (38), HR-negative/HER2-positive (9)": a count in brackets right after it
        ("bracket_count", re.compile(r"^\s*[\(\[]\s*(?:n\s*=\s*)?(?P<n>\d+)\s*[\)\]]\s*(?=[,;.]|\band\b|$)",
                                     re.IGNORECASE)),
        # "ER+/HER2- 25, ER+/HER2+ 9": a bare count right after the profile, closed by a separator
        # ... also closing a bracketed list ("(ER+ 30, ..., triple-negative 4)") or between slashes ("ER+ 54 / PR+ 41")
        ("bare", re.compile(rf"^\s*:?\s*(?P<n>\d+)(?={data['bare_count_end']})", re.IGNORECASE)),
        # "present in all but seven patients": the count is of the others
        ("all_but", re.compile(rf"^{fill}{{0,60}}?\bin\s+all\s+(?:but|except(?:\s+for)?)\s+(?P<n>{INT})"
                               rf"(?:\s+of\s+(?:the\s+)?(?P<d>\d+))?"
                               rf"(?:\s+(?:patients|women|cases|tumou?rs|primaries))?(?!\s*(?:%|/|[.,]\d|of\b))",
                               re.IGNORECASE)),
        # "in 12", "expressed by twenty-three of the primary tumours" (of all of them, not "of the 31 tested")
        # ... never "at Kyoto University Hospital in 1991": a year is a date
        ("count", re.compile(rf"^{fill}{{0,60}}?\b(?:in|(?<=expressed\s)by)\s+"
                             rf"(?:the\s+(?:primary\s+)?(?:tumou?rs?|cancers?)\s+of\s+)?(?!{data['year_not_count']})"
                             rf"(?P<n>{INT})(?:\s+(?:patients|women|cases|tumou?rs|specimens))?{people}"
                             rf"(?:\s+(?P<them>of\s+(?:them|these))\b(?!\s+(?:\d|[\w-]+\s+(?:patients|women|tumou?rs|cases)\b|patients|women|tumou?rs|cases)))?"
                             rf"(?!\s+(?:years?|months?|weeks?|days?|cycles?|mm|cm)\b)"
                             rf"(?!\s*(?:%|[\(\[](?!{data['count_criterion']})|\.\d|/|of\b(?!\s+(?:the|all)\s+(?:primary\s+|resected\s+|operated\s+)?"
                             rf"(?:tumou?rs|patients|cases|women|primaries)\b(?!\s+(?:\w+\s+){{0,2}}?"
                             rf"(?:tested|assessed|evaluated|examined|analy[sz]ed|available|with\s+known)))))", re.IGNORECASE)),
        # "ER-positive primaries accounted for 45 cases": only a count of patients, never "for 4 recurrences"
        ("verb_count", re.compile(rf"^{fill}{{0,60}}?\b(?:{data['count_verbs']})\s+(?P<n>{INT})"
                                  rf"(?:\s+(?:patients|women|cases|tumou?rs|primaries|specimens)\b(?!\s*(?:%|/|of\b))"
                                  rf"|(?=\s*(?:[,;.]|\band\b|$)))", re.IGNORECASE)),
    ]


# "Receptor status was: ER-positive, 79 (70.5%); HER2-positive, 27 (24.1%)": the value follows a comma
# ... or "ER-positive primaries, 46/63 (73.0%); HER2-positive, 15/63 (23.8%)": a noun and a fraction
_LISTED_VALUE = re.compile(rf"^\s*(?:(?:primar(?:y|ies)|tumou?rs?|patients|cases|disease|status)\s*)?[,:]\s*(?P<n>\d+)"
                           rf"(?:\s*/\s*\d+)?\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]]\s*(?:[;,.]|$)", re.IGNORECASE)
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
    rf"(?:\s*/\s*(?P<d2>\d+)|\s+of\s+(?:the\s+|all\s+)?(?P<d>{INT})(?=\s+(?:primary\s+|metastatic\s+|resected\s+)?(?:patients|women|tumou?rs|cases|primaries)\b|\s+(?:had|were|showed)\b))?"
    rf"(?:\s+of\s+(?:them|these|those|whom|which)(?:\s+also)?)?(?:\s*[\(\[]\s*(?P<p2>{PCT})\s?%\s*[\)\]])?)"
    rf"\s+(?:of\s+(?:the\s+|all\s+)?)?"
    rf"(?:(?:primary\s+|metastatic\s+|resected\s+|operated\s+|evaluable\s+)?"
    # singular after "one": "one patient had triple-negative breast cancer"
    rf"(?:patients|women|tumou?rs|cases|primaries|lesions|specimens|metastases|(?:(?<=one\s)|(?<=\b1\s))(?:patient|woman|tumou?r|case))"
    rf"(?:\s*[\(\[]\s*(?P<p3>{PCT})\s?%\s*[\)\]])?\s+)?"
    rf"(?:were|was|had|showed|carried|expressed|over-?expressed|harbou?red|displayed|exhibited)\s+"
    # "Three tumours were luminal (ER-positive, HER2-negative)": a subtype word whose bracket is the profile
    rf"(?:also\s+)?(?:(?:an?|the)\s+)?(?:[\w-]+\s+){{0,2}}?(?:[A-Za-z][\w-]*\s*[\(\[]\s*)?$", re.IGNORECASE)
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


# "In 11 the primary tumour was ER-positive and HER2-negative, in 3 ER-positive and HER2-positive, ..."
_IN_N_BEFORE = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?|\band\s+)in\s+(?P<n>{INT})\s+(?:(?:the\s+)?(?:primary\s+)?"
                          rf"(?:tumou?rs?|cancers?)\s+(?:was|were)\s+)?$", re.IGNORECASE)
_OVERLAP_BEFORE = re.compile(r"\bboth\s+$", re.IGNORECASE)
# "19 had ER-positive, 15 PR-positive and 6 HER2-positive": a bare count continuing a list of counted profiles
_ELIDED_COUNT_BEFORE = re.compile(rf"(?:\band|,)\s+(?<![\w.\-/])(?P<n>{INT})\s+(?:(?:also|were|had)\s+)?$", re.IGNORECASE)


_HER2_EQUIVOCAL_AMPLIFIED = re.compile(
    rf"^\s*(?:patients|tumou?rs|cases)?\s*(?:,|;|and|,\s*and)\s+(?:IHC\s+)?(?:score\s+)?2\+\s+(?:with|and|plus)\s+"
    rf"(?:positive\s+|an?\s+)?(?:F|S|C)?ISH[- ]?(?:amplification|amplified|positivity|positive|confirmed)?"
    rf"(?:\s+(?:amplification|status))?\s+in\s+(?P<n>{INT})(?!\s*%|\s*/)"
    # "3+ in 3 patients and 2+ in 6, of whom 2 showed gene amplification on SISH"
    rf"|^\s*(?:patients|tumou?rs|cases)?\s*(?:,|and|,\s*and)\s+(?:IHC\s+)?(?:score\s+)?2\+\s+in\s+{INT}\s*,?\s*"
    rf"(?:of\s+(?:whom|which|these)|and\s+of\s+these)\s+(?P<n2>{INT})\s+(?:showed|had|were|with)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:amplification|amplified|(?:F|S|C)?ISH[- ]?positive)"
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


_OF_THE_N = re.compile(rf"\b(?:of|among)\s+(?:the|these|those|all(?:\s+the)?)\s+(?P<n>{INT})\s+(?![\w-]*%)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"(?<![%\d])[\)\]]")
_ALL_BEFORE = re.compile(r"\b(?:all|every|each)\s+(?:of\s+the\s+)?(?:[\w-]+\s+){0,2}?(?:patients?|tumou?rs?|cases?|women|primar(?:y|ies))"
                         r"\s+(?:were|was|had|showed|expressed)\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
_NONE_TN = re.compile(r"\b(?:none|no\s+(?:patients?|tumou?rs?|cases?|women)|nobody)\s+(?:of\s+them\s+)?(?:had|was|were|showed)\s+"
                      r"(?:an?\s+)?(?:triple[- ](?:receptor[- ])?negative|TNBC)|\bno\s+(?:triple[- ]negative|TNBC)\s+"
                      r"(?:tumou?rs?|cases?|disease|patients?)\b", re.IGNORECASE)


def _all_of_cohort(text: str, p: Profile, cohort: int | None) -> bool:
    """ "All tumours were ER-positive", "Thirty-five patients were included, all with HR+/HER2- disease" (35 = the
    cohort): the profile is every patient's."""
    if _ALL_BEFORE.search(text[max(0, p.start - 60):p.start]):
        return True
    if not cohort or "all" not in text[max(0, p.start - 40):p.start].lower():
        return False
    m = _vocab()["all_with_before"].search(text[max(0, p.start - 160):p.start])
    return bool(m) and parse_number(m.group("n")) == cohort


def _all_of_profile(doc: Doc, sent: Sentence, p: Profile) -> list[Finding]:
    """Every status of a combined profile said of all patients ("all with HR-positive/HER2-negative disease"):
    positive 100%, negative 0%, triple-negative from the statuses; the hormone receptor only when ER is not
    written."""
    out = []
    for key in ("ER", "HR", "HER2", "TN"):
        if key == "HR" and "HR" not in p.status and not p.either:
            continue  # ER-positive implies HR-positive, but ER is the field to report
        polarity = p.positive(key) if key in ("HR", "TN") else p.status.get(key)
        if polarity is None:
            continue
        out.append(make_finding(doc, _FIELDS[key], 100.0 if polarity else 0.0, start=sent.start + p.start,
                                end=sent.start + p.end, rule=f"receptors.{key.lower()}.all_profile", confidence=0.75,
                                unit="%", sentence=sent))
    return out


def _all_or_none(doc: Doc, sent: Sentence, text: str, profiles: list[Profile], cohort: int | None = None) -> list[Finding]:
    """ "All tumours were ER-positive" (100%, not triple-negative); "none had triple-negative disease" (0%)."""
    out = []
    m = _NONE_TN.search(text)
    if m:
        out.append(make_finding(doc, _FIELDS["TN"], 0.0, start=sent.start + m.start(), end=sent.start + m.end(),
                                rule="receptors.tn.none", confidence=0.8, unit="%", sentence=sent))
    for p in profiles:
        if p.count is not None or p.pct is not None or p.ambiguous or not p.status:
            continue
        if not _all_of_cohort(text, p, cohort):
            continue
        if p.either or len(p.status) != 1:
            out.extend(_all_of_profile(doc, sent, p))
            continue
        key, pol = next(iter(p.status.items()))
        if pol is not True or key not in _FIELDS:
            continue
        out.append(make_finding(doc, _FIELDS[key], 100.0, start=sent.start + p.start, end=sent.start + p.end,
                                rule=f"receptors.{key.lower()}.all", confidence=0.8, unit="%", sentence=sent))
        if key in ("ER", "HR"):
            out.append(make_finding(doc, _FIELDS["TN"], 0.0, start=sent.start + p.start, end=sent.start + p.end,
                                    rule="receptors.tn.all_hr_positive", confidence=0.75, unit="%", sentence=sent))
    return out


def _none_positive(doc: Doc, sent: Sentence, text: str, profiles: list[Profile]) -> list[Finding]:
    """ "none was HER2-positive", "no patient had ER-positive disease": nobody of the cohort has the status (0%)."""
    pattern = _vocab()["none_before"]
    out = []
    for p in profiles:
        if p.count is not None or p.pct is not None or p.ambiguous or p.either or len(p.status) != 1:
            continue
        (key, polarity), = p.status.items()
        if polarity is not True or key not in _FIELDS or not pattern.search(text, max(0, p.start - 60), p.start):
            continue
        out.append(make_finding(doc, _FIELDS[key], 0.0, start=sent.start + p.start, end=sent.start + p.end,
                                rule=f"receptors.{key.lower()}.none", confidence=0.75, unit="%", sentence=sent))
    return out


def _inclusion_criterion(doc: Doc, sent: Sentence, text: str, profiles: list[Profile]) -> list[Finding]:
    """ "Women with HER2-positive (IHC 3+ or FISH-amplified) breast cancer who underwent resection ... were
    included": the status is an inclusion criterion, so the whole cohort has it (and is not triple-negative).

    One profile without a value, in a METHODS (or unlabelled) sentence with an inclusion verb,
    written as "patients/women with <profile> <disease noun>"; never in sentences that compare,
    exclude or name a subgroup or another population.
    """
    vocab = _vocab()
    if sent.section not in ("METHODS", None) or len(profiles) != 1:
        return []
    p = profiles[0]
    if p.count is not None or p.pct is not None or p.ambiguous or p.staining or not p.status:
        return []
    if not vocab["inclusion_before"].search(text[max(0, p.start - 60):p.start]) \
            or not vocab["inclusion_after"].match(text, p.end) or not vocab["inclusion_verb"].search(text) \
            or vocab["inclusion_exclude"].search(text):
        return []
    # the title names the same status ("Liver resection for HER2-positive breast cancer liver metastases")
    title = " ".join(s.text for s in sentences(doc) if s.section == "TITLE")
    titled = [q for q in find_profiles(title) if not q.ambiguous]
    if not any(q.positive(k) is True for q in titled for k, v in p.status.items() if v):
        return []
    out = []
    for key in ("ER", "HR", "HER2", "TN"):
        polarity = p.positive(key)
        if key == "HR" and "HR" not in p.status and not p.either:
            continue  # ER-positive implies HR-positive, but ER is the field to report
        # "Women with TNBC (ER, PR and HER2 all negative)": a negative receptor the definition names is 0%
        named_negative = polarity is False and key in ("ER", "HER2") and _names_receptor(text[p.start:p.end], p, key)
        if polarity is True or (key == "TN" and polarity is False) or named_negative:
            out.append(make_finding(doc, _FIELDS[key], 100.0 if polarity else 0.0, start=sent.start + p.start,
                                    end=sent.start + p.end, rule=f"receptors.{key.lower()}.inclusion", confidence=0.7,
                                    unit="%", sentence=sent, note="a receptor status required for inclusion"))
    return out


def _in_sentences(doc: Doc, finding: Finding, starts: set[int]) -> bool:
    """Whether ``finding`` comes from one of the sentences starting at ``starts`` (doc offsets)."""
    if not starts or finding.section == "TITLE":
        return False
    pos = finding.start + doc._.abstract_start
    return any(sent.start in starts and sent.start <= pos < sent.end for sent in sentences(doc))


def _metastatic(text: str, profiles: list[Profile]) -> list[bool]:
    """Whether each profile describes the metastasis rather than the primary (inherits from the previous one)."""
    flags: list[bool] = []
    pattern = _vocab()["metastasis"]
    for i, p in enumerate(profiles):
        window = text[(profiles[i - 1].value_end or profiles[i - 1].end) if i else 0:p.start]
        # "The ER status of the metastasis was positive in 47": the tumour named between receptor and polarity
        if pattern.search(window) or _vocab()["metastasis_after"].match(text, p.end):
            flags.append(True)
        elif re.search(r"\bprimar(?:y|ies)\b", window, re.IGNORECASE):
            flags.append(False)
        else:
            flags.append(flags[-1] if flags else False)
    return flags


_NESTED = re.compile(r"\b(?:of\s+whom|of\s+(?:these|them|those)|among\s+(?:them|these|those))\b|"
                     r"^\s*(?:tumou?rs|patients|cases|women|primaries)?\s*,", re.IGNORECASE)


# "N of the M <profile> tumours were also <profile>": the subject before the first profile, the verb between them
_PART_OF_BEFORE = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?|\band\s+)(?P<n>{INT})\s+of\s+(?:the|these|those)\s+{INT}\s+$",
                             re.IGNORECASE)
_ALSO_GAP = re.compile(r"^\s*(?:tumou?rs|patients|cases|women|primaries)\s+(?:were|was|had)\s+also\s+(?:(?:an?)\s+)?$",
                       re.IGNORECASE)


_TN_OF_NEGATIVE_GAP = re.compile(r"^\s*(?:tumou?rs|patients|cases|women|primaries)\s+(?:were|was|had)\s+(?:also\s+)?"
                                 r"(?:(?:an?)\s+)?$", re.IGNORECASE)
_SUBJECT_COUNT = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?|\band\s+)(?<![\w.\-/])(?P<n>{INT})\s+$", re.IGNORECASE)


def _whole_subject_count(text: str, start: int, cohort: int | None) -> int | None:
    """The count right before ``start`` opening its clause ("; six HER2-negative patients had ..."), unless the
    sentence names a part of the cohort first ("Of the 10 patients who relapsed, six ...")."""
    m = _SUBJECT_COUNT.search(text[max(0, start - 40):start])
    n = parse_number(m.group("n")) if m else None
    if n is None or not float(n).is_integer() or (cohort and n > cohort):
        return None
    before = text[max(text.rfind(";", 0, start), 0):start]
    of_n = _last(_OF_THE_N, before)
    if _vocab()["subgroup"].search(before) or (of_n and parse_number(of_n.group("n")) != cohort):
        return None
    return int(n)


def _nested_triple_negative(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                            cohort: int | None) -> list[Finding]:
    """ "ER-PR- in 6, of whom 4 were also HER2-negative" / "of the 5 ER-negative tumours, 3 were also PR- and
    HER2-negative": the nested count is the triple-negative one."""
    out = []
    for q, p in zip(profiles, profiles[1:]):
        if not cohort or q.ambiguous or p.ambiguous:
            continue
        gap = text[q.end:p.start]
        count = p.count
        named_tn = bool(p.status.get("TN")) and bool(q.status) and not any(q.status.values())
        subject_count = count is None and q.count is None and named_tn and bool(_TN_OF_NEGATIVE_GAP.match(gap))
        if subject_count:
            # "six HER2-negative patients had triple-negative disease": every triple-negative tumour is HER2-negative,
            # so the count of the negative group's triple-negative tumours is the cohort's
            count = _whole_subject_count(text, q.start, cohort)
            if count is None:
                continue
        elif count is None and q.count is None and _ALSO_GAP.match(gap):
            # "five of the nine HR-negative tumours were also HER2-negative": the count is the nested subject
            subject = _PART_OF_BEFORE.search(text[max(0, q.start - 40):q.start])
            n = parse_number(subject.group("n")) if subject else None
            count = int(n) if n is not None and float(n).is_integer() else None
        elif len(gap) > 60 or not _NESTED.search(gap):
            continue
        if count is None:
            continue
        if q.count is None and not subject_count and not re.search(
                r"\b(?:of|among)\s+(?:the|these)\s+\S+\s+$", text[max(0, q.start - 25):q.start], re.IGNORECASE):
            continue
        merged = {**q.status, **p.status}
        # "of the four ER-negative tumours, three were triple-negative": the named subtype within a negative group
        if not named_tn and any(merged.get(k) is not False for k in ("ER", "PR", "HER2")) and not (
                merged.get("HR") is False and merged.get("HER2") is False):
            continue
        if q.count is not None and count > q.count:
            continue
        share = percent(count, cohort)
        if share is not None:
            out.append(make_finding(doc, _FIELDS["TN"], share, start=sent.start + q.start,
                                    end=sent.start + (p.value_end or p.end), rule="receptors.tn.nested",
                                    confidence=0.8, unit="%", sentence=sent))
    return out


def _in_range_or_list(text: str, start: int, end: int) -> bool:
    """The value at ``text[start:end]`` is a bound of a range ("ranged from 46% to 89% across studies", "between 46%
    and 89%") or opens a list shared out by "respectively": never one profile's share on its own."""
    vocab = _vocab()
    after = text[end:end + 80]
    if vocab["range_after"].match(after) or vocab["respectively_list"].match(after):
        return True
    return bool(vocab["range_before"].search(text[max(0, start - 12):start]) and vocab["range_and_after"].match(after))


def _attach_values(text: str, profiles: list[Profile]) -> None:
    for i, profile in enumerate(profiles):
        limit = profiles[i + 1].start if i + 1 < len(profiles) else len(text)
        segment = text[profile.end:limit]
        definition = _vocab()["definition"].match(segment) if "(" in segment[:12] or "[" in segment[:12] else None
        # "HER2 positive (IHC 3+ or ISH-amplified): 6", "Endocrine-responsive disease (ER >=10% and/or PR >=10%) was
        # present in 22": the criterion is no value
        if definition:
            segment = " " * definition.end() + segment[definition.end():]
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
        if cut:  # ", and 9 (18%) were triple negative": that value belongs to the next profile
            segment = segment[:cut.start()]
        prev_end = (profiles[i - 1].value_end or profiles[i - 1].end) if i else 0
        window = text[max(prev_end, profile.start - 80):profile.start]
        tight = _TIGHT_BEFORE.search(window) or (_ELIDED_BEFORE.search(window) if i else None) or (
            _SUBJECT_BEFORE.search(window) if _vocab()["verb_profile"].match(text, profile.start) else None) or (
            _ELIDED_COUNT_BEFORE.search(window) if i and profiles[i - 1].count is not None else None) or (
            _IN_N_BEFORE.search(window)) or _vocab()["quantified_before"].search(window)
        if not tight:
            direct = _PCT_DIRECT.search(window)  # "70% ER-positive, 20% HER2-positive"
            if direct and not _OTHER_MEASURE.search(window[max(0, direct.start() - 40):direct.start()]):
                tight = direct
        if tight and _vocab()["range_end_before"].search(text[:max(prev_end, profile.start - 80) + tight.start()]):
            tight = None  # "from 46% to 89% had ...": the upper bound of a range
        if tight and not is_distractor(text, profile.start - 1, profile.start):
            found = {k: v for k, v in tight.groupdict().items() if v}
            pct_text = found.get("p") or found.get("pw") or found.get("p2") or found.get("p3")
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
        for kind, pattern in _value_after():
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
            if not second and _in_range_or_list(text, base + m.start(m.lastindex or 0), base + m.end()):
                break  # a spread across studies, or the first of several groups' values
            if i + 1 < len(profiles) and not cut and not text[base + m.end():limit].strip(" )]"):
                break  # "..., HER2-enriched and 7 of 10 triple-negative": the number is the next profile's
            groups = m.groupdict()
            if groups.get("n"):
                n = parse_number(groups["n"])
                profile.count = int(n) if n is not None and float(n).is_integer() else None
            if groups.get("d"):
                profile.denominator = int(groups["d"])
            profile.all_but = profile.all_but or kind == "all_but"
            profile.of_them = bool(groups.get("them"))
            if groups.get("p"):
                p = parse_number(groups["p"])
                profile.pct = float(p) if p is not None else None
            profile.value_end = base + m.end()
            if second and profile.count is not None:
                # "in 14 LLR and 19 OLR patients", "in 22 (71.0%) and 30 (68.2%) patients": one count per arm, whose
                # sum is the cohort's only when both arms were resected (see _arm_counts)
                n2 = parse_number(second.group("n2"))
                profile.first_arm = (profile.count, profile.pct)
                profile.count = profile.count + int(n2) if n2 is not None and float(n2).is_integer() else None
                profile.pct, profile.arm_sum = None, True
                profile.value_end += second.end() - profile.value_end
            if profile.status == {"HER2": True} and profile.count is not None and profile.pct is None:
                extra = _HER2_EQUIVOCAL_AMPLIFIED.match(text[profile.value_end:])
                if extra:  # "3+ in 5 tumours and 2+ with ISH amplification in 3": both are HER2-positive
                    profile.count += int(parse_number(extra.group("n") or extra.group("n2") or extra.group("n3")
                                                      or extra.group("n4")) or 0)
                    profile.value_end += extra.end()
            break
        if profile.value_end is None:
            m = _VALUE_BEFORE.search(text[prev_end:profile.start])
            if m and not _OTHER_MEASURE.search(text[prev_end:profile.start]):  # "progression in 17 (51.5%) ..."
                n = parse_number(m.group("n"))
                profile.count = int(n) if n is not None else None
                profile.pct = float(parse_number(m.group("p")) or 0) or None
                profile.value_end = profile.end


# the second arm's count after a first one: "(71.0%) and 30 (68.2%) patients", " LLR and 19 OLR patients",
# " and 6, respectively"
_SECOND_ARM_COUNT = re.compile(
    rf"\s*(?:[\)\]]\s*|[\(\[]\s*{PCT}\s?%\s*[\)\]]\s*)?(?:[A-Za-z][\w-]*\s+)?(?:patients\s+|cases\s+)?and\s+(?:in\s+)?"
    rf"(?P<n2>{INT})\b(?!\s*(?:%|/|of\b|[.,]\d))\s*(?:[\(\[]\s*{PCT}\s?%\s*[\)\]]\s*)?"
    rf"(?:(?:[A-Za-z][\w-]*\s+)?(?:patients|cases|women|tumou?rs)\b"
    # "HER2 was overexpressed in five and three tumours were triple-negative": the second count has its own verb
    rf"(?!\s+(?:(?:also|all)\s+)?(?:were|was|had|showed|carried|expressed|lacked|displayed)\b)|,?\s*respectively\b)",
    re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_PCT_RE = re.compile(rf"(?<![\w.])({PCT})\s?%")


def _respectively(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                  cohort: int | None = None) -> list[Finding]:
    """ "ER-, PR- and HER2-positive in 70%, 55% and 20%, respectively": one share per receptor, in order."""
    resp = _RESPECTIVELY.search(text)
    if not resp:
        return []
    out = []
    for profile in profiles:
        if len(profile.names) < 2 or profile.either or profile.ambiguous or profile.start > resp.start():
            continue
        if not all(profile.status.get(n) is True for n in profile.names):
            continue
        values = [m for m in _PCT_RE.finditer(text, profile.end, resp.start())
                  if not is_distractor(text, m.start(), m.end())]
        shares = [round(float(parse_number(m.group(1)) or 0.0), 1) for m in values]
        if len(values) != len(profile.names) and cohort:
            # "... tumours accounted for 88, 24 and 9 patients, respectively": counts over the cohort
            values = [m for m in _LISTED_NUMBER.finditer(text, profile.end, resp.start())
                      if not m.group("pct") and not is_distractor(text, m.start(), m.end())]
            shares = [percent(float(parse_number(m.group("n")) or 0.0), cohort) for m in values]
        if len(values) != len(profile.names) or any(v is None or v > 100 for v in shares):
            continue
        for name, m, share in zip(profile.names, values, shares):
            if name in _FIELDS:
                out.append(make_finding(doc, _FIELDS[name], share,
                                        start=sent.start + profile.start, end=sent.start + m.end(),
                                        rule=f"receptors.{name.lower()}.respectively", confidence=0.8, unit="%",
                                        sentence=sent))
        profile.count = profile.pct = None
        profile.value_end = resp.end()
        profile.ambiguous = True  # consumed: no other value for this run
    return out


def _value_of_our_arm(text: str, p: Profile) -> None:
    """A value labelled right after it as another population's ("in 71.0% of the systemic-therapy group") is not the
    cohort's; the operated arm's value that follows ("and 78.1% of the resection group") is."""
    vocab = _vocab()
    other = vocab["other_after"].match(text, p.value_end) if p.value_end is not None else None
    if other is None:
        return
    ours = vocab["ours_next"].match(text, other.end())
    if ours is not None and p.count is None and p.pct is not None:
        p.pct, p.value_end = float(parse_number(ours.group("p")) or 0.0), ours.end()
    else:
        p.count = p.pct = None


def _respectively_arms(doc: Doc, sent: Sentence, text: str, profiles: list[Profile]) -> list[Finding]:
    """ "HR-positive disease was present in 66.9% of the hepatectomy group and 70.2% of the non-surgical group, and
    HER2-positive disease in 31.4% and 27.6%, respectively": the pair follows the arms' order written earlier in
    the sentence; the operated arm's side is the cohort's share."""
    vocab = _vocab()
    out = []
    for p in profiles:
        if p.value_end is not None or p.ambiguous or p.either or len(p.status) != 1:
            continue
        (key, polarity), = p.status.items()
        pair = vocab["respectively_pair"].match(text, p.end) if polarity is True and key in _FIELDS else None
        if pair is None:
            continue
        ours = vocab["our_arm"].search(text, 0, p.start)
        other = vocab["other_population"].search(text, 0, p.start)
        if ours is None or other is None:
            continue  # the order of the two values is not written
        value = parse_number(pair.group("a") if ours.start() < other.start() else pair.group("b"))
        if value is None:
            continue
        out.append(make_finding(doc, _FIELDS[key], round(float(value), 1), start=sent.start + p.start,
                                end=sent.start + pair.end(), rule=f"receptors.{key.lower()}.respectively_arms",
                                confidence=0.7, unit="%", sentence=sent, note="the operated arm's value of a pair"))
    return out


_LISTED_NUMBER = re.compile(r"(?<![\w.,])(?P<n>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.])")


def _share(count: int | None, pct: float | None, denominator: int | None) -> float | None:
    if pct is not None:
        return round(pct, 1)
    if count is not None and denominator:
        return percent(count, denominator)
    return None


_WHOLE_OF_WHOM = re.compile(rf"\b(?P<n>{INT})\s+(?:patients|women|cases)\b[^.;]{{0,80}}?[,;]\s*(?:{INT}\s+)?"
                            r"of\s+(?:whom|them|these)\b", re.IGNORECASE)
def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):
        pass
    return found


_VALUE_END = re.compile(r"(?:\d|%\s*[\)\]])\s*$")


def _last_leading(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` that does not directly follow a value (a population named after its value)."""
    found = None
    for m in pattern.finditer(text):
        if not _VALUE_END.search(text, 0, m.start()):
            found = m
    return found


_COMPARED = re.compile(r",?\s*\b(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|vs\.?|versus)\s", re.IGNORECASE)


def _without_skipped(clause: str, skip: re.Pattern[str]) -> str:
    """The clause blanked when it is a comparison or a receptor change, keeping offsets.

    "In the surgery group, 35 (72.9%) had ER-positive disease, compared with 68 (70.8%) in the
    systemic group": the part before the comparison speaks of the operated arm and is kept.
    """
    m = skip.search(clause)
    if m is None:
        return clause
    vocab = _vocab()
    if vocab["leading_comparison"].match(clause):
        # "Compared with the overall referred population, in which 62% had ..., resected patients were more often
        # ER-positive (38 of 49)": the clause from the operated subject on is the cohort's
        subject = _last(vocab["operated_subject"], clause)
        if subject is not None and not skip.search(clause, subject.end()):
            return " " * subject.start() + clause[subject.start():]
    compared = _COMPARED.search(clause)
    if compared is not None and compared.start() <= m.start() and _vocab()["our_arm"].search(clause[:compared.start()]) \
            and not skip.search(clause[:compared.start()]):
        return clause[:compared.start()] + " " * (len(clause) - compared.start())
    return " " * len(clause)


_ELIDED_EITHER = re.compile(r"\b(?P<a>ER|PR|PgR)\s*-\s+(?:and/or|or)\s+(?P<b>ER|PR|PgR)(?=[- ]?(?:positive|\+))")


def _join_elided(m: re.Match[str]) -> str:
    joined = f"{m.group('a')}/{m.group('b')}"
    return " " * (len(m.group(0)) - len(joined)) + joined


def extract_receptors(doc: Doc) -> list[Finding]:
    """Candidate receptor findings of a processed doc."""
    from litreview.extract.cohort import cohort_denominator

    vocab = _vocab()
    cohort = cohort_denominator(doc)
    findings: list[Finding] = []
    score_findings: list[Finding] = []
    case_profiles: list[tuple[Sentence, Profile]] = []
    metastasis_sentences: set[int] = set()
    surgical_arm: list[re.Pattern[str] | None] = []  # looked up once, for the first receptor sentence naming a group
    for sent in sentences(doc):
        if sent.section in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE"):
            continue
        text = normalise(sent.text)  # "81.6 per cent" -> "81.6%", odd dashes: offsets unchanged
        if may_match(_MASK_ABBR, text):
            text = _MASK_ABBR.sub(lambda m: " " * len(m.group(0)), text)
        if sent.index and re.fullmatch(r"(?i)case|patient", sentences(doc)[sent.index - 1].text):
            # "Case | 1 was ER-positive": a patient number split from its label is not a count
            text = re.sub(r"^\d+", lambda m: " " * len(m.group(0)), text)
        if may_match(_ELIDED_EITHER, text):  # "ER- and/or PR-positive" is "ER/PR-positive", not ER-negative
            text = _ELIDED_EITHER.sub(_join_elided, text)
        # "HER2-positive (irrespective of hormone receptor status)": no hormone receptor status given
        if may_match(vocab["irrelevant"], text):
            text = vocab["irrelevant"].sub(lambda m: " " * len(m.group(0)), text)
        if not any(may_match(vocab[k], text) and vocab[k].search(text)
                   for k in ("term", "tn_named", "her2_words", "hr_words")):
            continue
        if _ARM_NOUN.search(text):
            if not surgical_arm:
                surgical_arm.append(_surgical_arm_abbreviations(doc))
            if surgical_arm[0] and surgical_arm[0].search(text):
                # "In the HEP group" (HEP = hepatectomy): read as the operated arm's usual name, offsets unchanged
                text = surgical_arm[0].sub(lambda m: "LR".ljust(len(m.group(0))), text)
        raw_text, raw_profiles = text, find_profiles(text)  # reused below when no clause gets blanked
        findings.extend(_group_sizes(doc, sent, text, cohort, raw_profiles))
        if "+" in text:
            score_findings.extend(_her2_scores(doc, sent, text, cohort))
        arm_shares = _arm_comparison(doc, sent, text, cohort)
        if arm_shares:
            findings.extend(arm_shares)
            continue
        # a conversion/comparison clause is dropped, the other clauses of the sentence still count
        if may_match(vocab["skip"], text):
            text = ";".join(_without_skipped(c, vocab["skip"]) for c in text.split(";"))
        skip = not text.strip()
        profiles = raw_profiles if text == raw_text else find_profiles(text)
        if not profiles or _outcome_by_group(text, profiles):
            continue
        _attach_values(text, profiles)
        if skip:
            continue
        for p in profiles:
            if p.of_them and not _them_is_cohort(doc, sent, text[:p.start], cohort):
                p.count = p.pct = None  # "HER2 was positive in 4 of them" after "Ten patients recurred": a subgroup
            _value_of_our_arm(text, p)
        findings.extend(_respectively(doc, sent, text, profiles, cohort))
        if _RESPECTIVELY.search(text):
            findings.extend(_respectively_arms(doc, sent, text, profiles))
        with_values = [p for p in profiles if (p.count is not None or p.pct is not None) and not p.staining]
        # subgroup guard: a profile whose clause starts with "of these survivors", "among ..."
        def subgroup(p: Profile) -> bool:
            clause_start = max(text.rfind(";", 0, p.start), text.rfind(". ", 0, p.start), 0)
            # a closing bracket ends a subgroup aside: "HER2 3+ (five of them ER-positive), and 26 ..."
            for m in _CLAUSE_BREAK.finditer(text, clause_start, p.start):
                clause_start = m.end()
            window = text[clause_start:p.start]
            if p.value_end is not None and vocab["population_after"].match(text[p.value_end:p.value_end + 60]):
                return True  # "(n = 41 across both groups)": counted over more than the cohort
            # the population named last before the profile is the one it describes: "In the surgery group, ten
            # had ..., whereas in the systemic-therapy group 17 were ..."; "Among all 214 referrals, 65.0% ...,
            # whereas among the 49 resected patients, 36 (73.5%) ..."
            of_n = _last(_OF_THE_N, window)
            ours = _last(vocab["our_arm"], window)
            # "66 (75.9%) in the non-resection group": an arm named after a value labels that value, not what follows
            other = _last_leading(vocab["other_population"], window)
            if of_n and cohort and parse_number(of_n.group("n")) != cohort \
                    and not (ours and ours.start() > of_n.start()):
                return True  # "Of the 10 patients alive at five years, 8 ...": a part of the cohort
            if ours and not (other and other.start() > ours.start()):
                return False  # "In the surgery group, 35 patients (72.9%) ...": the cohort itself
            if other:
                return True  # "in the overall population, 69.4% ...", "in the systemic group": not the cohort
            # "In total, 47 patients underwent resection, 12 of whom had ...", "Twenty-six patients were
            # identified; 15 of them also had ...": the whole cohort (the "of whom" lies in this clause)
            whole = None
            for whole in _WHOLE_OF_WHOM.finditer(text, 0, p.start):
                pass
            if whole and whole.end() > clause_start and cohort and parse_number(whole.group("n")) == cohort:
                return False
            part = vocab["subgroup"].search(text[clause_start:p.start])
            if not part:
                return False
            if any(q.of_them and q.count is not None and q.end <= clause_start + part.start() < (q.value_end or 0)
                   for q in profiles):
                return False  # the "of them" of an earlier count, checked to be the whole cohort

            if re.search(r"\b(?:whom|which)\b", part.group(0)) \
                    and vocab["relative_end"].match(text, clause_start + part.end(), p.start):
                # "HER2 was positive in eight, five of whom also had HR-positive disease, and three patients had
                # triple-negative disease": the relative clause has ended, a new subject is counted
                return False
            # "Twenty-nine of them (70.7%)" where 29/41 = 70.7%: "them" is the whole cohort, also for the counts
            # listed after it ("Eighteen of these (75.0%) had ER-positive tumours, four were HER2-positive")
            return not any(cohort and q.count is not None and q.pct is not None
                           and abs(100.0 * q.count / cohort - q.pct) <= 0.6
                           and clause_start + part.start() <= q.start <= p.start for q in profiles)

        findings.extend(_inclusion_criterion(doc, sent, text, profiles))
        findings.extend(_nested_triple_negative(doc, sent, text, profiles, cohort))
        findings.extend(_all_or_none(doc, sent, text, profiles, cohort))
        findings.extend(_none_positive(doc, sent, text, [p for p in profiles if not subgroup(p)]))
        with_values = [p for p in with_values if not subgroup(p) and not p.ambiguous]
        # "the primary was ER-positive in 22 ..., whereas the resected metastasis was ER-positive in 18":
        # the primary's status is the one reported
        metastatic = _metastatic(text, profiles)
        if any(p in with_values and not metastatic[i] for i, p in enumerate(profiles)):
            with_values = [p for i, p in enumerate(profiles) if p in with_values and not metastatic[i]]
        elif with_values and any(metastatic):
            metastasis_sentences.add(sent.start)  # only the metastasis' status here: a fallback
        # "...; 11 patients were both HR+ and HER2+": an overlap of the groups listed, not one more group
        overlap = [p for p in with_values if _OVERLAP_BEFORE.search(text[max(0, p.start - 12):p.start])]
        with_values = [p for p in with_values if p not in overlap]
        multi = [p for p in with_values if len([k for k in p.status if k != "TN"]) >= 2 or
                 (p.status.get("TN") and len(with_values) > 1)]
        if len(multi) >= 2:
            # single-receptor groups inside the list belong to it ("..., HER2-positive in 6 and triple-negative in 2")
            multi = [p for p in with_values if multi[0].start <= p.start <= multi[-1].start]
            # "Fifteen were ER-positive, two had HER2-amplified, HR-negative disease, and four were triple
            # negative": a single profile opening the list is one more group, its other statuses unknown
            lead = [p for p in with_values if p.start < multi[0].start
                    and (";" not in text[(p.value_end or p.end):multi[0].start] or _partial_list(multi, cohort))]
            split = _split_lead(text, profiles, lead, multi, cohort)
            findings.extend(_cross_classification(doc, sent, split + multi, cohort) if split else
                            _cross_classification(doc, sent, multi, cohort, unknown=lead))
            singles = [p for p in with_values if p not in multi]
        else:
            singles = with_values
        # a count of this sentence was written over the whole cohort ("14 of 52", "in 10 (21.7%)" of 46)
        whole_seen = _counted_over_cohort(text, with_values, cohort) and not _statuses_incomplete(doc)
        for p in singles:
            keys = [k for k in ("ER", "HR", "HER2", "TN") if p.positive(k) is True]
            if len(p.status) == 1 or p.either:
                for key in keys:
                    if key == "HR" and not p.either and "HR" not in p.status:
                        continue  # ER-positive implies HR-positive, but ER is the field to report
                    if p.arm_sum and _names_other_arm(doc):
                        # one of the two arms was not resected: the first (the operated arm, as written) is ours
                        p.count, p.pct = p.first_arm
                        p.arm_sum = False
                    share = _share(p.count, p.pct, p.denominator or cohort)
                    if share is None or share > 100:
                        continue
                    if p.denominator and cohort and p.denominator != cohort and p.value_end is not None \
                            and _TESTED_AFTER.match(text, p.value_end):
                        continue  # "in 9 of the 31 tumours tested": a share of the tested subset, not of the cohort
                    if p.denominator and cohort and p.denominator > cohort:
                        continue  # "in 20 of the 28 referred patients" (18 resected): a share of a larger population
                    if p.all_but:
                        share = round(100.0 - share, 1)
                    findings.append(make_finding(
                        doc, _FIELDS[key], share, start=sent.start + p.start,
                        end=sent.start + (p.value_end or p.end), rule=f"receptors.{key.lower()}.value",
                        confidence=0.85 if p.pct is not None or p.denominator else 0.75, unit="%", sentence=sent))
                (key, polarity), = p.status.items() if len(p.status) == 1 else ((None, None),)
                then = vocab["then_positive"].match(text, p.value_end) if polarity is False and p.value_end else None
                if then and then.group("n") and key in ("ER", "HR", "HER2"):
                    # "HER2 was negative in 32 and positive in 8": the positive count is the same receptor's
                    n = parse_number(then.group("n"))
                    share = percent(int(n), p.denominator or cohort) if n is not None and float(n).is_integer() \
                        and (p.denominator or cohort) else None
                    if share is not None and share <= 100:
                        findings.append(make_finding(
                            doc, _FIELDS[key], share, start=sent.start + p.start, end=sent.start + then.end(),
                            rule=f"receptors.{key.lower()}.then_positive", confidence=0.75, unit="%", sentence=sent))
                elif polarity is False and key in ("ER", "HR", "HER2") and (
                        then or _all_statuses_known(doc) or _negative_of_whole(p, key, text, cohort, whole_seen)):
                    # "ER and PR status was available for all ... ER was negative in 6", "negative in 32 and positive
                    # in the remainder", "ER was negative in 14 of 52 tumours" (52 = the cohort): the rest are positive
                    if p.denominator is None and p.pct is None and whole_seen:
                        p.denominator = cohort
                    whole_seen = whole_seen or bool(cohort and (p.denominator == cohort or p.pct is not None))
                    share = _share(p.count, p.pct, p.denominator or cohort)
                    if share is not None and p.all_but:
                        share = round(100.0 - share, 1)  # "negative in all but two": the two are the positives
                    if share is not None and share <= 100:
                        findings.append(make_finding(
                            doc, _FIELDS[key], round(100.0 - share, 1), start=sent.start + p.start,
                            end=sent.start + (p.value_end or p.end), rule=f"receptors.{key.lower()}.complement",
                            confidence=0.65, unit="%", sentence=sent, note="100 - the negative share; status known for all"))
                elif polarity is False and key in ("ER", "HR", "HER2") and _negative_only(doc, p, key, text, cohort):
                    share = _share(p.count, p.pct, cohort)
                    if share is not None and p.all_but:
                        share = round(100.0 - share, 1)
                    # "Only four patients had ER-negative tumours": the others are positive
                    # ... or "absent in 12 of the primary tumours" (of all of them)
                    only = vocab["only_before"].search(text, max(0, p.start - 80), p.start) or (
                        p.value_end is not None and (vocab["only_after"].match(text, p.end, p.value_end)
                                                     or vocab["of_all_after"].match(text, p.value_end)))
                    if share is not None and share <= 100:
                        findings.append(make_finding(
                            doc, _FIELDS[key], round(100.0 - share, 1), start=sent.start + p.start,
                            end=sent.start + (p.value_end or p.end),
                            rule=f"receptors.{key.lower()}.{'negative_only' if only else 'negative_count'}",
                            confidence=0.6, unit="%", sentence=sent, note="100 - the negative share; no status unknown"))
            elif p.positive("TN") is True and p.count is not None or p.positive("TN") is True and p.pct is not None:
                share = _share(p.count, p.pct, p.denominator or cohort)
                if share is not None:
                    findings.append(make_finding(
                        doc, _FIELDS["TN"], share, start=sent.start + p.start, end=sent.start + (p.value_end or p.end),
                        rule="receptors.tn.defined", confidence=0.8, unit="%", sentence=sent))
        if cohort is not None and cohort <= 5:
            for p in profiles:
                if p.ambiguous or subgroup(p):
                    continue
                if p.count is None or p.staining:
                    case_profiles.append((sent, p))
    if cohort == 1:
        # one patient: a share is 0 or 100; "ER-positive (90%)" is the staining of her tumour
        findings = [f for f in findings if f.value in (0.0, 100.0)]
    # the primary tumour's status wins over the metastasis' one given in another sentence
    primary_fields = {f.field for f in findings if not _in_sentences(doc, f, metastasis_sentences)}
    findings = [f for f in findings if not (f.field in primary_fields and _in_sentences(doc, f, metastasis_sentences))]
    subtype_findings = _subtype_groups(doc, cohort)
    if cohort is not None and cohort <= 5 and not any(f.rule.endswith(".value") for f in findings) \
            and not subtype_findings:
        findings.extend(_case_findings(doc, case_profiles, cohort))
    # "luminal B" may or may not include HER2-positive tumours: no HER2 share from such a sentence unless it
    # states the HER2 status itself ("luminal B-like carcinoma (ER-positive, PR-negative, HER2-negative)")
    findings = [f for f in findings if not (f.field == "her2_positive_pct" and _LUMINAL_B.search(f.sentence)
                                            and not _states_her2(f.sentence))]
    # a tally of HER2 scores replaces what single profiles of that sentence gave for HER2
    scored = {f.sentence for f in score_findings}
    findings = [f for f in findings if not (f.field == "her2_positive_pct" and f.sentence in scored)] + score_findings
    # a subtype list's sums replace what the single profiles of that sentence gave for the same field
    summed = {(f.sentence, f.field) for f in subtype_findings}
    findings = [f for f in findings if (f.sentence, f.field) not in summed] + subtype_findings
    findings = _negative_counts(findings)
    findings.extend(_conclusion_counts(doc, cohort, {f.field for f in findings}))
    return _prefer_er(findings)


def _conclusion_counts(doc: Doc, cohort: int | None, found: set[str]) -> list[Finding]:
    """ "Conclusions: In this series, in which 28 of the 35 resected patients had hormone receptor-positive tumours,
    ...", "almost a quarter of the patients (15 of 64) had triple-negative tumours": a count over the whole cohort
    (its denominator is the cohort size) restated only in the conclusions. Conclusions otherwise speak of patients
    in general, so nothing else of them is read, and only for receptors the rest of the abstract leaves empty."""
    if not cohort:
        return []
    vocab = _vocab()
    out: list[Finding] = []
    for sent in sentences(doc):
        if sent.section != "CONCLUSIONS" or not (str(cohort) in sent.text or "%" in sent.text):
            continue  # the denominator (or a share) is written in digits: a cheap literal guard before any regex
        text = normalise(sent.text)
        if any(may_match(vocab[k], text) and vocab[k].search(text) for k in ("skip", "cited_work")):
            continue  # a comparison, or other series quoted beside ours
        profiles = find_profiles(text)
        if not profiles or _outcome_by_group(text, profiles):
            continue
        _attach_values(text, profiles)
        for p in profiles:
            # "In this cohort, in which 81% of patients had hormone receptor-positive tumours, ...": a share of ours
            own = vocab["own_cohort_pct"].search(text, max(0, p.start - 120), p.start) if "%" in text else None
            if own is not None and not (p.ambiguous or p.staining or p.all_but):
                p.pct = float(parse_number(own.group("p")) or 0.0)
            elif p.denominator != cohort or p.count is None or p.ambiguous or p.staining or p.all_but:
                continue
            keys = ["TN"] if p.positive("TN") is True else [k for k, v in p.status.items() if v is True]
            if len(keys) != 1 or keys[0] not in _FIELDS or (len(p.status) > 1 and keys != ["TN"] and not p.either):
                continue
            key = "HR" if p.either else keys[0]
            if _FIELDS[key] in found or (key == "HR" and "er_positive_pct" in found):
                continue
            share = p.pct if own is not None else percent(p.count or 0, cohort)
            out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + p.start,
                                    end=sent.start + (p.value_end or p.end), rule=f"receptors.{key.lower()}.conclusion",
                                    confidence=0.6, unit="%", sentence=sent, note="a share of the cohort, in the conclusions"))
    return out


_FROM_NEGATIVES = (".negative_only", ".negative_count")


def _negative_counts(findings: list[Finding]) -> list[Finding]:
    """Shares derived from negative counts: a positive share written for the receptor wins; a plain negative count
    ("ER-negative in 11") counts only when the abstract reports its receptors that way (two or more receptors given
    as negative counts only), since one negative count alone may leave statuses unknown."""
    written = {f.field for f in findings if not f.rule.endswith(_FROM_NEGATIVES)}
    findings = [f for f in findings if not (f.rule.endswith(_FROM_NEGATIVES) and f.field in written)]
    derived = {f.field for f in findings if f.rule.endswith(_FROM_NEGATIVES)}
    if len(derived) >= 2:
        return findings
    return [f for f in findings if not f.rule.endswith(".negative_count")]


_ARM_NOUN = re.compile(r"\b[A-Z]{2,6}\s+(?:group|arm|cohort|patients)\b")


def _surgical_arm_abbreviations(doc: Doc) -> re.Pattern[str] | None:
    """The abstract's own abbreviations of the operated arm ("hepatectomy (HEP group)"), where they name a group."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return None
    surgical = _vocab()["surgical_long"]
    shorts = [short for short, long in pairs.items()
              if short.isupper() and 2 <= len(short) <= 6 and short not in ("LR", "HR") and surgical.search(long)]
    if not shorts:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in shorts) + r")\b(?=\s+(?:group|arm|cohort|patients)\b)")


def _names_other_arm(doc: Doc) -> bool:
    """Whether the abstract names a non-surgical arm (systemic therapy alone, ablation, controls)."""
    from litreview.extract.measures import rule

    pattern = rule("survival.jsonl", "arm.other")
    return any(may_match(pattern, s.text) and pattern.search(s.text) for s in sentences(doc)
               if s.section not in ("BACKGROUND", "CONCLUSIONS"))


def _her2_scores(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> list[Finding]:
    """HER2 immunohistochemistry scores with their counts ("IHC 3+ in 7, 2+ with ISH amplification in 3, 2+
    without amplification in 5 and 0-1+ in 26"): 3+ and amplified 2+ are HER2-positive (the ASCO/CAP rule). Only
    when every listed score's status is known and the counts make up the cohort (or, without one, each other)."""
    items = list(_vocab()["her2_score"].finditer(text))
    if len(items) < 2 or not any(m.group("score") == "3+" for m in items):
        return []
    positive = total = 0
    for m in items:
        n = parse_number(m.group("n"))
        if n is None or not float(n).is_integer():
            return []
        score = m.group("score")
        if score == "2+" and not (m.group("amp") or m.group("noamp")):
            return []  # equivocal without an ISH result: its status is unknown
        total += int(n)
        positive += int(n) if score == "3+" or (score == "2+" and m.group("amp")) else 0
    if cohort and total != cohort:
        return []
    share = percent(positive, total)
    if share is None:
        return []
    return [make_finding(doc, "her2_positive_pct", share, start=sent.start + items[0].start(),
                         end=sent.start + items[-1].end(), rule="receptors.her2.ihc_scores", confidence=0.8,
                         unit="%", sentence=sent, note="IHC 3+ and amplified 2+ counted as HER2-positive")]


# a count directly before a group's profile, opening its phrase: "in 19 HER2-positive and 35 HER2-negative patients"
_GROUP_COUNT_BEFORE = re.compile(rf"(?:^|[\s(,;:])(?<![\w.\-/])(?P<n>{INT})\s+$", re.IGNORECASE)


def _group_sizes(doc: Doc, sent: Sentence, text: str, cohort: int | None, profiles: list[Profile]) -> list[Finding]:
    """ "Patients with ER-positive tumours (n = 34) had a median OS of 56 months compared with 31 months for those
    with ER-negative tumours (n = 13)": the sizes of a receptor's positive and negative groups, when they add up
    to the cohort, give its share, whatever outcome the sentence compares."""
    lowered = text.lower()
    # "outcomes in 19 HER2-positive and 35 HER2-negative patients": a count right before each of the two groups
    counted = ("positive" in lowered or "+" in text) and ("negative" in lowered or "-" in text)
    if not cohort or ("=" not in text and not counted):
        return []
    pattern = _vocab()["group_size_after"]
    sized: list[tuple[Profile, int]] = []
    before: list[tuple[Profile, int]] = []
    for p in profiles:
        m = pattern.match(text, p.end) if p.status and not (p.ambiguous or p.either) else None
        if m:
            sized.append((p, int(m.group("n"))))
            continue
        b = _GROUP_COUNT_BEFORE.search(text, max(0, p.start - 30), p.start) if counted and len(p.status) == 1 else None
        n = parse_number(b.group("n")) if b else None
        if n is not None and float(n).is_integer() and not is_distractor(text, b.start("n"), b.end("n")):
            before.append((p, int(n)))
    out = []
    if len(sized) == 1:
        out.extend(_group_against_rest(doc, sent, text, sized[0][0], sized[0][1], cohort))
    sized = [(p, n) for p, n in sized if len(p.status) == 1] + before
    for key in ("ER", "HR", "HER2"):
        pos = [(p, n) for p, n in sized if p.status.get(key) is True]
        neg = [n for p, n in sized if p.status.get(key) is False]
        if len(pos) != 1 or len(neg) != 1 or pos[0][1] + neg[0] != cohort:
            continue
        p, n = pos[0]
        out.append(make_finding(doc, _FIELDS[key], percent(n, cohort), start=sent.start + p.start,
                                end=sent.start + p.end, rule=f"receptors.{key.lower()}.group_sizes", confidence=0.7,
                                unit="%", sentence=sent, note="positive and negative group sizes add up to the cohort"))
    return out


def _group_against_rest(doc: Doc, sent: Sentence, text: str, p: Profile, n: int, cohort: int) -> list[Finding]:
    """ "Patients with HR-/HER2- tumours (n=6) had a median OS of 22 months versus 68 months for all others": one
    sized group set against the rest of the cohort is its share of the cohort (a positive status or
    triple-negative)."""
    rest = _vocab()["rest_of_cohort"].search(text, p.end)
    if rest is None or n >= cohort:
        return []
    others = parse_number(rest.group("n")) if rest.group("n") else None
    if others is not None and n + others != cohort:
        return []
    out = []
    for key in ("ER", "HR", "HER2", "TN"):
        if key == "TN" and p.positive("TN") is not True:
            continue
        if key != "TN" and (p.status.get(key) is not True or len(p.status) != 1):
            continue
        out.append(make_finding(doc, _FIELDS[key], percent(n, cohort), start=sent.start + p.start,
                                end=sent.start + rest.end(), rule=f"receptors.{key.lower()}.group_vs_rest",
                                confidence=0.65, unit="%", sentence=sent, note="a sized group against all others"))
    return out


def _negative_only(doc: Doc, p: Profile, key: str, text: str, cohort: int | None) -> bool:
    """ "Only four patients had ER-negative tumours", "HER2 was not overexpressed in 29": a negative count of the
    cohort when the abstract gives no unknown or untested status (nor only a tested subset, nor exclusions by
    status) - the others are positive. Kept only when no positive share of the receptor is written (see
    :func:`extract_receptors`); HER2 beside equivocal (2+) tumours has a third status."""
    if not cohort or p.count is None or p.count > cohort or (p.denominator not in (None, cohort)):
        return False
    if p.pct is not None and abs(100.0 * p.count / cohort - p.pct) > 0.6:
        return False  # the share is over another denominator
    if key == "HER2" and _vocab()["her2_equivocal"].search(text):
        return False
    return not _statuses_incomplete(doc)


def _statuses_incomplete(doc: Doc) -> bool:
    """Whether a receptor sentence of the abstract says some statuses were unknown, only a subset was tested, or
    patients were excluded by status."""
    vocab = _vocab()
    for sent in sentences(doc):
        text = sent.text
        if not (may_match(vocab["term"], text) and vocab["term"].search(text)) and "receptor" not in text.lower():
            continue
        if vocab["status_unknown"].search(text) or vocab["status_subset"].search(text):
            return True
    return False


_PATIENT_COUNT = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s+(?:[\w-]+\s+){{0,2}}?(?:patients|women|cases)\b", re.IGNORECASE)


def _them_is_cohort(doc: Doc, sent: Sentence, before: str, cohort: int | None) -> bool:
    """Whether "them" in "in 19 of them" is the whole cohort: the group counted last before it, in this sentence or
    else in the previous one ("Twenty-eight patients underwent resection. ... ER was positive in 19 of them"), has
    the cohort's size."""
    if not cohort:
        return False
    last = _last(_PATIENT_COUNT, before)
    if last is None and sent.index:
        previous = [s for s in sentences(doc)[:sent.index] if len(s.text.split()) > 2]  # not a section label
        last = _last(_PATIENT_COUNT, normalise(previous[-1].text)) if previous else None
    return last is not None and parse_number(last.group("n")) == cohort


def _counted_over_cohort(text: str, profiles: list[Profile], cohort: int | None) -> bool:
    """Whether a positive count of the sentence comes with its share of the whole cohort ("The primary was ER-negative
    in nine patients, and HER2 was positive in 10 (21.7%)" of 46): the sentence counts over the whole cohort, so a
    bare negative count in it leaves the rest positive (as after "negative in 14 of 52")."""
    if not cohort or _vocab()["status_unknown"].search(text):
        return False
    return any(q.count is not None and q.pct is not None and q.denominator in (None, cohort) and not q.all_but
               and any(q.status.values()) and abs(100.0 * q.count / cohort - q.pct) <= 0.6 for q in profiles)


def _negative_of_whole(p: Profile, key: str, text: str, cohort: int | None, whole_seen: bool) -> bool:
    """A negative count over the whole cohort, so the others are positive: "ER was negative in 14 of 52" (52 =
    the cohort), or a bare negative count after such a one in the same sentence ("... and HER2 was not
    overexpressed in 41"). A count alone ("ER-negative in 11") may leave unknown statuses and is not enough;
    HER2 with equivocal (2+) tumours named beside it has a third status, so no complement either."""
    if not cohort or p.count is None:
        return False
    if p.pct is not None:
        # "ER was negative in 13 patients (24.5%)": the share is the count over the whole cohort, and no status is
        # said to be unknown
        if p.denominator is not None or abs(100.0 * p.count / cohort - p.pct) > 0.6 \
                or _vocab()["status_unknown"].search(text):
            return False
    elif not (p.denominator == cohort or (p.denominator is None and whole_seen)):
        # "Among the resected women, the tumour was ER-negative in nine": the count is over the whole cohort
        if p.denominator is not None or not _vocab()["cohort_opener"].match(text) \
                or _vocab()["status_unknown"].search(text):
            return False
    return not (key == "HER2" and _vocab()["her2_equivocal"].search(text))


# "luminal A/B in 31" lumps luminal B in too
_LUMINAL_B = re.compile(r"\bluminal[- ](?:A\s*(?:/|\bor\b|\band\b|&)\s*)?B\b", re.IGNORECASE)


def _states_her2(text: str) -> bool:
    """Whether ``text`` writes a HER2 status with its polarity ("HER2-negative", "HER2 3+"; not "HER2-enriched")."""
    return any(m.group("HER2") and (m.group("neg") or (m.group("pos") and "enriched" not in m.group("pos").lower()))
               for m in _vocab()["term"].finditer(text))

# intrinsic (surrogate) subtypes; "luminal B-like HER2-positive" keeps its HER2 qualifier
_SUBTYPE = re.compile(
    r"(?<![\w-])(?:(?P<la>luminal[- ]A(?:[- ]like)?)|(?P<lb>luminal[- ]B(?:[- ]like)?)"
    # "luminal B (HER2-enriched)" is one subtype, "luminal B, HER2-enriched and ..." two listed ones
    r"(?:[\s,(/]+(?:HER-?2|ErbB-?2)[- ]?(?:(?P<lbpos>positive|\+)|(?P<lbneg>negative|[-−–]))\)?"
    r"|[\s(/]+(?:HER-?2|ErbB-?2)[- ]?(?P<lbenr>enriched)\)?)?"
    r"|(?P<lh>luminal[- /]+HER-?2(?:[- ](?:positive|enriched|type|like))?\+?)"  # luminal-HER2: HR+ and HER2+
    r"|(?P<lum>luminal(?:[- ]like)?)(?![- ]?[AB]\b)"
    r"|(?P<her2>(?:non-?luminal[- ])?HER-?2[- ](?:enriched|type|over-?expressing)(?:[- ]like)?|non-?luminal[- ]HER-?2[- ]positive)"
    r"|(?P<tn>(?:triple[- ](?:receptor[- ])?negative|TNBC|basal[- ]like)(?:\s*/\s*(?:triple[- ]negative|TNBC|basal[- ]like))?))"
    r"(?![\w])", re.IGNORECASE)
# standard usage when the abstract gives no definition: (HR, HER2); None = not implied
_SUBTYPE_DEFAULT: dict[str, tuple[bool | None, bool | None]] = {
    "la": (True, False), "lb+": (True, True), "lb-": (True, False), "lb": (True, None), "lum": (True, None),
    "lh": (True, True),
    "her2": (False, True), "tn": (False, False)}
_SUB_BEFORE = re.compile(
    rf"(?<![\w.\-/])(?P<n>{INT})(?:\s*[\(\[]\s*{PCT}\s?%\s*[\)\]])?\s+(?:(?:patients|women|cases|tumou?rs)\s+)?"
    r"(?:(?:had|were|with|showed|presented\s+with)\s+)?(?:(?:an?|the)\s+)?$", re.IGNORECASE)
_SUB_AFTER = re.compile(
    rf"^\s*(?:(?:disease|tumou?rs?|subtypes?|types?|phenotypes?|breast\s+cancers?)\s*)?(?:[\(\[][^()\[\]]*[\)\]]\s*)?"
    rf"(?:[:,]\s*|\s[\u2013\u2014-]\s+)?(?:(?:in|n\s*=)\s*)?(?:[\(\[]\s*n\s*=\s*)?(?P<n>{INT})(?!\s*%|[.,]\d|\s*(?:years|months|mo)\b)",
    re.IGNORECASE)
_SUB_AFTER_PCT = re.compile(
    rf"^\s*(?:(?:disease|tumou?rs?|subtypes?|types?|phenotypes?|breast\s+cancers?)\s*)?(?:[\(\[][^()\[\]]*[\)\]]\s*)?"
    rf"(?:[:,]\s*)?(?:in\s+)?(?P<p>{PCT})\s?%", re.IGNORECASE)
# the HER2-positive part of a luminal B count, in a bracket after it
# ... or after a comma with its "of them": "luminal B in 8, three of the latter HER2-positive"
_LB_HER2_SPLIT = re.compile(rf"\s*(?:[\(\[]\s*(?P<k>{INT})\s+(?:(?:of\s+(?:them|these|whom|the\s+latter)|of\s+which)\s+)?"
                            rf"|,\s*(?P<k2>{INT})\s+(?:of\s+(?:them|these|whom|the\s+latter)|of\s+which)\s+)"
                            r"(?:(?:were|was|being)\s+)?(?:HER-?2|ErbB-?2)[- ]?(?:positive|\+)", re.IGNORECASE)
_SUB_DEFINITION = re.compile(r"^\s*(?:(?:disease|tumou?rs?|subtypes?|types?|phenotypes?)\s*)?(?:[\(\[](?P<d>[^()\[\]]*)[\)\]]|"
                             r"(?:(?:was|were)\s+)?defined\s+as\s+(?P<d2>[^.;]*))", re.IGNORECASE)


def _subtype_key(m: re.Match[str]) -> str:
    if m.group("lb"):
        return "lb+" if m.group("lbpos") or m.group("lbenr") else "lb-" if m.group("lbneg") else "lb"
    return next(k for k in ("la", "lh", "lum", "her2", "tn") if m.group(k))


def _subtype_status(key: str, bracket: str | None) -> tuple[bool | None, bool | None]:
    """(HR, HER2) of a subtype: from its bracketed definition ("luminal B (ER+ and/or PR+, HER2+)") or usage."""
    if bracket:
        merged = Profile(start=0, end=0)
        for p in find_profiles(bracket):
            if p.either:
                merged.status.setdefault("HR", True)
            for k, v in p.status.items():
                merged.status.setdefault(k, v)
        hr, her2 = merged.positive("HR"), merged.positive("HER2")
        if hr is not None or her2 is not None:
            default = _SUBTYPE_DEFAULT[key]
            return (hr if hr is not None else default[0], her2 if her2 is not None else
                    (default[1] if key not in ("lb", "lum") else None))
    return _SUBTYPE_DEFAULT[key]


_GLOSS = re.compile(r"\s*[\)\]]")
_SUB_LIST_GAP = re.compile(r"^\s*(?:,|/|and|or|,\s*and)\s*$", re.IGNORECASE)


def _subtype_respectively(text: str) -> tuple[list[tuple[re.Match[str], float, str]], set[str]]:
    """ "Luminal A, luminal B, HER2-enriched and triple-negative subtypes accounted for 28, 35, 21 and 18 cases,
    respectively": consecutive subtype names, then as many values (all counts or all percentages) before
    "respectively" in the same clause. Empty when the names are not one list or the values do not pair up."""
    resp = _RESPECTIVELY.search(text)
    names = list(_SUBTYPE.finditer(text, 0, resp.start())) if resp else []
    if len(names) < 2 or any(not _SUB_LIST_GAP.match(text[a.end():b.start()]) for a, b in zip(names, names[1:])):
        return [], set()
    tail = text[names[-1].end():resp.start()]
    if len(tail) > 80 or ";" in tail:
        return [], set()
    values = [m for m in _LISTED_NUMBER.finditer(tail) if not is_distractor(tail, m.start(), m.end())]
    kinds = {"p" if m.group("pct") else "n" for m in values}
    if len(values) != len(names) or len(kinds) != 1:
        return [], set()
    return [(m, float(v.group("n")), _subtype_key(m)) for m, v in zip(names, values)], kinds


def _subtype_counts(text: str, cohort: int | None) -> tuple[list[tuple[re.Match[str], float, str]], float, float]:
    """The subtype groups of a list with their counts (or percentages), the total and the denominator.

    Counts ("21 luminal A-like, 12 luminal B-like") are over the cohort; a list given in
    percentages only ("luminal A-like 38%, ..., triple-negative 12%") is over 100. Empty when
    a subtype lacks a value, the list mixes counts and percentages, or exceeds its denominator.
    """
    groups, kinds = _subtype_respectively(text) if "respectively" in text.lower() else ([], set())
    prev_end = 0
    for m in _SUBTYPE.finditer(text) if not groups else ():
        before = _SUB_BEFORE.search(text[prev_end:m.start()])
        after = _SUB_AFTER.match(text[m.end():])
        nt = before.group("n") if before else after.group("n") if after else None
        n = parse_number(nt) if nt else None
        if n is not None and float(n).is_integer():
            kinds.add("n")
            prev_end = m.end() + (after.end() if after and not before else 0)
        else:
            pct_after = _SUB_AFTER_PCT.match(text[m.end():]) if "%" in text else None
            if pct_after is None and _GLOSS.match(text, m.end()) and re.search(r"[\(\[]\s*$", text[:m.start()]):
                continue  # "hormone receptor-positive (luminal) tumours": a gloss of a profile, not a listed group
            if pct_after is None:
                return [], 0.0, 0.0  # a subtype name without a value: the list is not fully understood
            n = parse_number(pct_after.group("p"))
            if n is None:
                return [], 0.0, 0.0
            kinds.add("p")
            prev_end = m.end() + pct_after.end()
        key = _subtype_key(m)
        split = _LB_HER2_SPLIT.match(text, prev_end) if key == "lb" and kinds == {"n"} else None
        k = parse_number(split.group("k") or split.group("k2")) if split else None
        if k is not None and float(k).is_integer() and k <= n:
            # "luminal B in 6 (3 of them HER2-positive)": the group's HER2 split is given
            groups += [(m, float(k), "lb+"), (m, float(n) - float(k), "lb-")]
            continue
        groups.append((m, float(n), key))
    if len(groups) < 2 or len({k for _, _, k in groups}) < 2 or len(kinds) != 1:
        return [], 0.0, 0.0
    total = sum(n for _, n, _ in groups)
    denominator = (cohort or total) if kinds == {"n"} else 100.0
    if total > denominator + (0.5 if kinds == {"p"} else 0):
        return [], 0.0, 0.0
    return groups, total, denominator


def _subtype_groups(doc: Doc, cohort: int | None) -> list[Finding]:
    """Counts per intrinsic subtype ("21 luminal A-like, 12 luminal B-like ..., 6 triple-negative") summed per receptor.

    HR+ = luminal groups; HER2+ = luminal B HER2-positive + HER2-enriched; triple-negative =
    basal-like/triple-negative. A receptor is reported only if every listed group's status
    for it is known (from a definition in the abstract or unambiguous usage).
    """
    sents = [s for s in sentences(doc) if s.section not in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE")]
    definitions: dict[str, tuple[bool | None, bool | None]] = {}
    # every subtype name contains one of these literals: most sentences need no regex at all
    sents = [s for s in sents if may_match(_SUBTYPE, s.text)]
    for sent in sents:
        for m in _SUBTYPE.finditer(sent.text):
            d = _SUB_DEFINITION.match(sent.text[m.end():])
            if d:
                status = _subtype_status(_subtype_key(m), d.group("d") or d.group("d2"))
                if status != _SUBTYPE_DEFAULT[_subtype_key(m)]:
                    definitions.setdefault(_subtype_key(m), status)
    out: list[Finding] = []
    skip = _vocab()["skip"]
    for sent in sents:
        text = sent.text
        if skip.search(text) or _OTHER_MEASURE.search(text):
            continue  # "recurrence in 10 of 18 luminal and 7 of 10 triple-negative patients": an outcome by subtype
        groups, total, denominator = _subtype_counts(text, cohort)
        offset = 0
        if not groups and ";" in text:
            # "luminal A-like 40%, ..., triple-negative 10%; luminal-like subtypes thus accounted for 77%": a
            # summary clause after the list is no group of it
            for clause in text.split(";"):
                groups, total, denominator = _subtype_counts(clause, cohort)
                if groups:
                    break
                offset += len(clause) + 1
        if not groups:
            continue
        statuses = [definitions.get(k) or _subtype_status(k, None) for _, _, k in groups]
        values: dict[str, float | None] = {}
        for key, idx in (("HR", 0), ("HER2", 1)):
            pols = [st[idx] for st in statuses]
            if all(p is not None for p in pols):
                values[key] = percent(sum(n for (_, n, _), p in zip(groups, pols) if p), denominator)
        tn_pols = [True if k == "tn" else (False if (st[0] or st[1]) else None) for (_, _, k), st in zip(groups, statuses)]
        if all(p is not None for p in tn_pols):
            values["TN"] = percent(sum(n for (_, n, _), p in zip(groups, tn_pols) if p), denominator)
        for key, share in values.items():
            if share is None or (not share and abs(total - denominator) > 0.5):
                continue  # groups that do not cover the cohort cannot show that nobody is positive
            out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + offset + groups[0][0].start(),
                                    end=sent.start + offset + groups[-1][0].end(), rule=f"receptors.{key.lower()}.subtypes",
                                    confidence=0.85, unit="%", sentence=sent,
                                    note=f"sum over {len(groups)} subtype groups"))
    return out


def _drop_her2_beside_luminal_b(sent: Sentence, found: list[Finding]) -> list[Finding]:
    """Luminal B counts may or may not be HER2-positive: no HER2 share from such a sentence."""
    if not _LUMINAL_B.search(sent.text):
        return found
    return [f for f in found if f.field != "her2_positive_pct"]


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
    return measure is not None and not re.search(r"\d", lead[measure.end():]) \
        and bool(_GROUP_NOUN_AFTER.match(text[last.end:last.end + 30]))


_TESTED_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:tested|assessed|evaluated|examined|analy[sz]ed|available|with\s+known)\b",
                           re.IGNORECASE)
def _all_statuses_known(doc: Doc) -> bool:
    """The abstract says every tumour's receptor status was known (a negative count then implies the positive).

    "ER and PR status was available for all", "Receptor testing (ER, PR and HER2) was complete for every
    patient"; the sentence must speak of receptors ("follow-up data were complete for all" does not count).
    """
    vocab = _vocab()
    for sent in sentences(doc):
        text = sent.text
        if not re.search(r"\b(?:all|every|each)\b", text, re.IGNORECASE) or not vocab["all_known"].search(text):
            continue
        if re.search(r"receptor", text, re.IGNORECASE) or vocab["term"].search(text):
            return True
    return False


# "P% vs Q%", "78 of 102 vs 71.3%", "16/19 vs 41/62", "35 (72.9%) vs 68 (70.8%)"
_SIDE = (r"(?:(?P<@n>\d+)\s*(?:/|\s+of\s+)\s*(?P<@d>\d+)(?:\s*[\(\[]\s*" + PCT + r"\s?%\s*[\)\]])?"
         r"|(?:\d+\s*[\(\[]\s*)?(?P<@p>" + PCT + r")\s?%(?:\s*[\)\]])?)")
# "26 (76.5%) surgical vs 47 (69.1%) non-surgical patients": an arm label may follow the first value
_VALUE_PAIR = re.compile(
    r"(?<![\w.,/])" + _SIDE.replace("@", "a") + r"(?:\s+[A-Za-z][\w-]*){0,2}?\s*(?:vs\.?|versus)\s*"
    + _SIDE.replace("@", "b"), re.IGNORECASE)

_PAIR_CUE = re.compile(r"\b(?:vs|versus)\b", re.IGNORECASE)


def _pair_share(pair: re.Match[str], index: int | None, cohort: int | None) -> float | None:
    """The cohort's share from one compared pair.

    Two fractions whose denominators add up to the cohort are two resected subgroups
    ("elderly vs younger: 16/19 vs 41/62" of 81 -> 70.4); otherwise the operated arm's side
    (``index`` from :func:`~litreview.extract.measures.vs_index`), a percentage or a fraction.
    """
    an, ad, bn, bd = (pair.group(g) for g in ("an", "ad", "bn", "bd"))
    if an and bn and cohort and int(ad) + int(bd) == cohort and int(an) <= int(ad) and int(bn) <= int(bd):
        return percent(int(an) + int(bn), cohort)
    own = [side for side, d in (("a", ad), ("b", bd)) if d and cohort and int(d) == cohort]
    if len(own) == 1:  # "48 of 60 vs 66.0%" in a cohort of 60: the cohort's own fraction, whatever the word order
        return percent(int(pair.group(own[0] + "n")), cohort)
    if index is None:
        return None
    side = "a" if index == 0 else "b"
    if pair.group(side + "p"):
        return float(parse_number(pair.group(side + "p")) or 0.0)
    return percent(int(pair.group(side + "n")), int(pair.group(side + "d")))


def _spelled_out(doc: Doc, text: str) -> str:
    """``text`` with the abstract's abbreviations spelled out ("(LR vs ST)" -> "(liver resection vs systemic therapy
    alone)"), so the arms' order can be read; offsets change, use it only for that."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return text
    shorts = [a for a in pairs if a.isupper() and 2 <= len(a) <= 6]
    if not shorts:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(shorts, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: pairs[m.group(0)], text)


def _arm_comparison(doc: Doc, sent: Sentence, text: str, cohort: int | None = None) -> list[Finding]:
    """ "ER-positive disease was more frequent in the resection group (78.4% vs 64.9%)": the operated arm's share.

    One receptor profile before each compared pair ("P% vs Q%", "78 of 102 vs 71.3%"), in a
    sentence naming the operated arm (first or second, as
    :func:`~litreview.extract.measures.vs_index` reads it), or two resected subgroups whose
    sizes add up to the cohort (summed); a change of status between primary and metastasis
    is no arm comparison, and a pair after an outcome ("survival (60% vs 30%)") is no share.
    """
    from litreview.extract.measures import vs_index

    # the pair pattern has no literal the pre-filter can use: its "vs"/"versus" cue guards it
    lowered = text.lower()
    if ("vs" not in lowered and "versus" not in lowered) or not _PAIR_CUE.search(text) \
            or _vocab()["status_change"].search(text):
        return []
    index = vs_index(_spelled_out(doc, text))
    out = []
    prev = 0
    for pair in _VALUE_PAIR.finditer(text):
        window = text[prev:pair.start()]
        offset, prev = prev, pair.end()
        profiles = [p for p in find_profiles(window) if len(p.status) == 1]
        if len(profiles) != 1 or _OTHER_MEASURE.search(window):
            continue  # "5-year survival of ER-positive patients (60% vs 30%)": an outcome, not a share
        (key, polarity), = profiles[0].status.items()
        if key not in _FIELDS or polarity is not True:
            continue
        value = _pair_share(pair, index, cohort)
        if value is None:
            continue
        out.append(make_finding(doc, _FIELDS[key], value, start=sent.start + offset + profiles[0].start,
                                end=sent.start + pair.end(), rule=f"receptors.{key.lower()}.arm_comparison",
                                confidence=0.7, unit="%", sentence=sent,
                                note="the operated arm's share of a comparison"))
    return out


_FURTHER_GROUP = re.compile(rf"[;,]\s*(?:and\s+)?(?:a\s+further|another|an\s+additional|(?:a\s+)?further)\s+(?P<n>{INT})\s+"
                            r"(?:(?:patients|women|tumou?rs|cases)\s+)?(?:had|were|showed|carried)\s+(?:(?:an?)\s+)?$",
                            re.IGNORECASE)
_ALSO_BEFORE = re.compile(r"\b(?:of\s+(?:whom|which)|of\s+(?:them|these))\s+(?:(?:were|was|had)\s+)?also\s+(?:(?:were|was|had)\s+)?"
                          r"(?:an?\s+)?$", re.IGNORECASE)


def _split_lead(text: str, profiles: list[Profile], lead: list[Profile], groups: list[Profile],
                cohort: int | None) -> list[Profile]:
    """ "18 expressed hormone receptors, five of whom were also HER2-positive; a further two had HER2-positive,
    HR-negative tumours, and the remaining four were triple-negative": the lead group split by its nested count (5
    with HER2, the other 13 without: "a further two" continues that count) joins the listed groups, which then
    cover the cohort. Empty unless that is exactly so."""
    if not cohort or len(lead) != 1 or lead[0].count is None or not _partial_list(groups, cohort):
        return []
    head = lead[0]
    if not _FURTHER_GROUP.search(text, head.end, groups[0].start):
        return []
    nested = [p for p in profiles if head.end <= p.start < groups[0].start and p.count is not None
              and len(p.status) == 1 and all(p.status.values()) and _ALSO_BEFORE.search(text, head.end, p.start)]
    if len(nested) != 1 or (nested[0].count or 0) > head.count:
        return []
    (key, _), = nested[0].status.items()
    if key in head.status or not any(key in g.status or g.status.get("TN") for g in groups):
        return []
    inside = Profile(start=head.start, end=head.end, status={**head.status, key: True}, count=nested[0].count,
                     value_end=nested[0].value_end)
    rest = Profile(start=head.start, end=head.end, status={**head.status, key: False},
                   count=head.count - (nested[0].count or 0), value_end=nested[0].value_end)
    if head.count + sum(g.count or 0 for g in groups) != cohort:
        return []
    return [inside, rest]


def _partial_list(groups: list[Profile], cohort: int | None) -> bool:
    """Whether counted groups cover less than the cohort: "18 expressed hormone receptors, five of whom were also
    HER2-positive; a further two had HER2-positive, HR-negative tumours, and four were triple-negative" lists the
    rest after a group named in an earlier clause, whose unstated statuses then block summing those receptors."""
    counts = [g.count for g in groups]
    return bool(cohort) and all(c is not None for c in counts) and sum(c or 0 for c in counts) < (cohort or 0)


def _cross_classification(doc: Doc, sent: Sentence, groups: list[Profile], cohort: int | None,
                          unknown: list[Profile] | None = None) -> list[Finding]:
    """Per-receptor sums over a list of combined profiles; a receptor that one of the ``unknown`` groups listed
    with them does not state cannot be summed (those patients may have it too)."""
    counts = [g.count for g in groups]
    total = sum(c for c in counts if c is not None) if all(c is not None for c in counts) else None
    denominator = cohort or total
    if cohort and total and total > cohort:
        return []
    out = []
    for key in ("ER", "HR", "HER2", "TN"):
        polarities = [g.positive(key) for g in groups]
        if any(p is None for p in polarities) or any(g.positive(key) is None for g in unknown or ()):
            continue
        if key == "HR" and all("HR" not in g.status for g in groups):
            continue  # ER/PR tables: hormone receptor share only if ER is not derivable (handled below)
        chosen = [g for g, p in zip(groups, polarities) if p]
        if total is not None and denominator:
            share = percent(sum(g.count or 0 for g in chosen), denominator)
        elif all(g.pct is not None for g in chosen):
            share = round(sum(g.pct or 0.0 for g in chosen), 1)
        else:
            share = None
        if share is None:
            continue
        if not share and cohort and total != cohort:
            continue  # groups that do not cover the cohort cannot show that nobody is positive
        out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + groups[0].start,
                                end=sent.start + (groups[-1].value_end or groups[-1].end),
                                rule=f"receptors.{key.lower()}.cross_classification", confidence=0.85, unit="%",
                                sentence=sent, note=f"sum over {len(chosen)} of {len(groups)} groups"))
    return out


_PATIENT_MARKER = re.compile(
    r"\b(?:(?:the\s+)?(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|other|last|remaining)\s+"
    r"(?:patient|case|woman|one)|(?:patient|case)\s*(?:#|no\.?\s*)?[1-5]|the\s+(?:former|latter)"
    r"|the\s+(?:first|second|third|fourth|fifth|other)(?=\s+(?:had|was|showed|presented|developed)))\b", re.IGNORECASE)


def _per_patient(doc: Doc, items: list[tuple[Sentence, Profile]], cohort: int) -> list[Profile]:
    """Small series described patient by patient ("The first patient had ER 90%, PR 40% and HER2 1+. The second
    had ..."): the profiles after each patient marker are merged into that patient; empty unless every patient of
    the cohort gets one."""
    text = doc_text(doc)
    # a patient named again later ("whereas case 3 had died") is the same patient
    markers = [(m.start(), " ".join(m.group(0).lower().split()))
               for m in _PATIENT_MARKER.finditer(text, doc._.abstract_start)]
    if len({name for _, name in markers}) < cohort:
        return []
    patients: dict[str, Profile] = {}
    for sent, p in items:
        pos = sent.start + p.start
        owner = max(((start, name) for start, name in markers if start <= pos), default=None)
        if owner is None:
            continue
        merged = patients.setdefault(owner[1], Profile(start=p.start, end=p.end))
        for key, value in p.status.items():
            merged.status.setdefault(key, value)
    return list(patients.values()) if len(patients) == cohort else []


def _case_findings(doc: Doc, items: list[tuple[Sentence, Profile]], cohort: int) -> list[Finding]:
    """Case reports / small series without counts: each profile is one patient.

    In a case report (cohort 1) every profile describes the same tumour and they are
    merged. In a small series the profiles must be one per patient (as many as the
    cohort), or a single profile said of "all"/"every" patient.
    """
    if not items:
        return []
    sent = items[0][0]
    if cohort == 1:
        merged = Profile(start=items[0][1].start, end=items[-1][1].end)
        for _, p in items:
            for key, value in p.status.items():
                merged.status.setdefault(key, value)
        patients = [merged]
    elif _per_patient(doc, items, cohort):
        patients = _per_patient(doc, items, cohort)
    elif len(items) == cohort:
        patients = [p for _, p in items]
    elif len(items) == 1 and re.search(r"\b(?:all|every|each|both)\b", sent.text, re.IGNORECASE):
        patients = [items[0][1]] * cohort
    else:
        return []
    out = []
    for key in ("ER", "HER2", "TN", "HR"):
        values = [p.positive(key) for p in patients]
        if any(v is None for v in values):
            continue
        if key != "TN" and not any(_names_receptor(sent.text[p.start:p.end], p, key) for sent, p in items):
            continue  # "a triple-negative carcinoma" says nothing of ER or HER2 written as such
        if key == "TN" and cohort == 1:
            status = patients[0].status
            # "not triple-negative" needs all three receptors known, or a positive hormone
            # receptor (an ER-positive case is not triple-negative); HER2-positive alone says
            # nothing about the abstract's view of the hormone receptors
            # a HER2 status written as such ("HER2-positive", "HER2 3+") also rules it out;
            # a subtype label alone ("HER2-enriched") does not
            explicit_her2 = any(p.status.get("HER2") and not p.worded for _, p in items)
            if not (status.get("TN") or all(k in status for k in ("ER", "PR", "HER2"))
                    or any(status.get(k) for k in ("ER", "PR", "HR")) or explicit_her2):
                continue
        if key == "HR" and any("ER" in p.status for p in patients):
            continue  # ER is derivable: report ER, not the hormone receptor share
        share = percent(sum(1 for v in values if v), cohort)
        if share is None:
            continue
        first = items[0][1]
        out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + first.start, end=sent.start + first.end,
                                rule=f"receptors.{key.lower()}.per_patient", confidence=0.75, unit="%",
                                sentence=sent, note=f"{len(items)} patient profile(s), cohort {cohort}"))
    return out


def _names_receptor(span: str, p: Profile, key: str) -> bool:
    """Whether the profile (its text ``span``) writes ``key``'s status itself (ER/PR for the hormone receptor):
    "negative for ER, PR and HER2" does, a bare "triple-negative" label does not."""
    keys = ("HR", "ER", "PR") if key == "HR" else (key,)
    if any(k in p.status for k in keys):
        return True
    return any(m.group(k) for m in _vocab()["term"].finditer(span) for k in keys)


def _prefer_er(findings: list[Finding]) -> list[Finding]:
    """Hormone receptor share only when no ER share was found."""
    if any(f.field == "er_positive_pct" for f in findings):
        return [f for f in findings if f.field != "hr_positive_pct"]
    return findings
