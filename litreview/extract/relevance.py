"""Is a record about liver resection for breast cancer liver metastases?

Relevant: a cohort, a case or a review of liver resection (hepatectomy,
metastasectomy, segmentectomy...) for breast cancer liver metastases, including
comparisons of resection with ablation or systemic therapy.

Not relevant:

* no breast-cancer-liver-metastasis focus (title does not pair breast, or a mastectomy, with liver
  and the abstract never names BCLM), e.g. a pathology study of metastases
  removed "from the brain, lung, or liver";
* another primary in the title without breast (colorectal, noncolorectal
  nonendocrine, neuroendocrine series), since breast is then one primary among many, unless the
  abstract reports the breast subgroup's own figures ("For the 37 women with breast cancer, ...",
  "53.9% and 24.6% for breast cancer", "in 21 of the breast cancer patients", "Breast cancer patients: ...", a
  sentence of theirs in the past tense: "Patients with breast cancer liver metastases had ...: R0 in 34 of the 38");
* another metastatic site in the title without the liver (lung, brain, bone);
* no liver surgery at all, or an ablation/TACE title without resection
  (ablation-only studies);
* a pathology title (receptor conversion/discordance) without liver surgery in it;
* a trial title (randomised, phase II, placebo) without surgery in it: a drug trial whose
  few later resections are incidental;
* a title about surgery of the breast primary, or an imaging/diagnostic title, without liver
  surgery in it;
* an animal or laboratory study (mice, cell lines, xenografts);
* a lesion that only mimicked a breast cancer liver metastasis ("hepatocellular carcinoma mimicking ..."); a
  metastasis that mimicked another lesion ("liver metastasis of breast cancer mimicking hepatocellular carcinoma")
  stays relevant, and the lesion it mimicked is no other primary;
* a liver transplantation title without liver resection in it;
* an operation named only as what the patients could not have or refused ("cryoablation ... in women
  ineligible for surgery", "unsuitable for resection"): it is no liver surgery of the study;
* a title about drug treatment (systemic, endocrine, chemotherapy) without surgery in it;
* a title about non-surgical treatment ("non-surgical local therapies") without surgery in it
  ("non-surgical" itself is no surgery);
* a survey of clinicians' attitudes (title), or a patterns-of-care title without surgery in it;
* a population study (registry, database, hundreds of patients in the title) whose title names no operation and whose
  abstract names a liver operation only once ("six patients had a hepatic metastasectomy"): resection in passing;
* an editorial or commentary on another paper ("In this issue, ...", "this commentary"): no patients of its own;
* an abstract saying that no patient underwent liver resection ("No patient underwent liver resection", ", but none
  underwent hepatectomy") or that no patient data were collected, whatever the title names.

:func:`assess_relevance` returns the decision and the reasons (the matched text
and where it was found). Vocabulary: ``rules/relevance.jsonl``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from litreview.extract.base import abstract_text, title_text
from litreview.extract.measures import normalise, rules
from litreview.extract.prefilter import first_match, may_match_once

__all__ = ["assess_relevance", "is_relevant"]

RULES = "relevance.jsonl"


def _p(rule_id: str) -> re.Pattern[str]:
    return rules(RULES)[rule_id].pattern


#: Title cues that make a record not relevant, in the order tried, and what in the title overrides each
#: (None: nothing; "liver surgery": a liver resection named; "surgery": any operation named).
_TITLE_EXCLUSIONS: tuple[tuple[str, str, str | None], ...] = (
    ("mimic", "the lesion only looked like a metastasis", None),
    ("transplant", "liver transplantation, not resection", "liver surgery"),
    ("animal", "an animal or laboratory study", None),
    ("pathology", "pathology study", "liver surgery"),
    ("primary_surgery", "surgery of the breast primary without liver surgery in the title", "liver surgery"),
    ("diagnostic", "an imaging/diagnostic study without liver surgery in the title", "liver surgery"),
    ("diagnostic_accuracy", "a diagnostic-accuracy study (an operation named is only the test's setting)", None),
    ("drug_trial", "a trial without liver surgery in the title", "surgery"),
    ("ablation", "local ablation/embolisation study", "surgery"),
    ("systemic_title", "drug treatment without surgery in the title", "surgery"),
    ("nonsurgical_title", "non-surgical treatment without surgery in the title", "surgery"),
    ("clinician_survey", "a survey of clinicians' attitudes or practice, no patients", None),
    ("care_patterns", "a patterns-of-care study without surgery in the title", "surgery"),
)


def _first_affirmed(rule_id: str, text: str) -> re.Match[str] | None:
    """The first match not negated just before ("lesions were not resected")."""
    for m in _p(rule_id).finditer(text):
        if not _p("negated_before").search(text[max(0, m.start() - 30):m.start()]):
            return m
    return None


def _sentences_naming(rule_id: str, text: str) -> int:
    """How many sentences of ``text`` hold a match of the rule not negated just before."""
    return sum(1 for sentence in re.split(r"(?<=[.;!?])\s+", text) if _first_affirmed(rule_id, sentence))


def assess_relevance(doc: Doc) -> tuple[bool, tuple[str, ...]]:
    """``(relevant, reasons)`` for a processed doc."""
    title = normalise(title_text(doc))
    abstract = normalise(abstract_text(doc))
    reasons: list[str] = []

    # every record asks these of its title: long alternations, searched branch by branch
    bclm_title = first_match(_p("bclm"), title)
    # "... liver metastasis eleven years after mastectomy": the mastectomy names the breast primary
    breast_word = first_match(_p("breast"), title) or first_match(_p("breast_history"), title)
    liver_title = first_match(_p("liver"), title)  # asked up to four times below
    pair_title = breast_word and liver_title
    bclm_abs = list(_p("bclm").finditer(abstract)) if may_match_once(_p("bclm"), abstract) else []
    if bclm_title:
        reasons.append(f"breast cancer liver metastases (title): {bclm_title.group(0)!r}")
    elif pair_title:
        reasons.append(f"breast and liver in the title: {breast_word.group(0)!r} + "  # type: ignore[union-attr]
                       f"{liver_title.group(0)!r}")  # type: ignore[union-attr]
    if bclm_abs:
        reasons.append(f"breast cancer liver metastases (abstract, {len(bclm_abs)}x): {bclm_abs[0].group(0)!r}")
    # a series of liver resections (liver in the title) reporting its breast subgroup's own figures
    subgroup_rule = _p("breast_subgroup")
    breast_subgroup = subgroup_rule.search(abstract) \
        if liver_title and may_match_once(subgroup_rule, abstract) else None
    if not (bclm_title or pair_title or bclm_abs or breast_subgroup):
        return False, ("not relevant: no breast cancer liver metastases in title or abstract",)

    title_breast = _p("breast").search(title)
    # "Liver metastasis of breast cancer mimicking hepatocellular carcinoma": the lesion named after the verb is the
    # differential diagnosis, no other primary (read the title without it, up to a colon)
    mimics = _p("metastasis_mimics").search(title)
    primary_title = title
    if mimics:
        colon = title.find(":", mimics.end())
        primary_title = title[:mimics.end()] + " " * ((colon if colon >= 0 else len(title)) - mimics.end()) \
            + (title[colon:] if colon >= 0 else "")
    other_primary = _p("other_primary").search(primary_title)
    if other_primary and breast_subgroup:
        # "Hepatic resection for non-colorectal liver metastases" reporting "For the 37 women with breast cancer, ...":
        # the breast subgroup's own figures make it a series of resected BCLM as well
        reasons.append(f"breast subgroup reported: {breast_subgroup.group(0)[:60]!r}")
        other_primary = None
    if other_primary and title_breast and title_breast.start() < other_primary.start() \
            and _p("comparator_before").search(title[:other_primary.start()]):
        other_primary = None  # "... breast cancer metastases: survival comparable with colorectal ...": a comparator
    if other_primary and not title_breast:
        return False, tuple(reasons) + (f"not relevant: other primary in the title: {other_primary.group(0)!r}",)
    if other_primary and not bclm_title:
        # "... metastases from breast and gynaecological cancers", "hepatocellular carcinoma in women with a
        # history of breast cancer": breast is one primary among others, or not the liver tumour
        return False, tuple(reasons) + (f"not relevant: breast among other primaries in the title: "
                                        f"{other_primary.group(0)!r}",)
    other_site = _p("other_site").search(title)
    if other_site and not liver_title:
        return False, tuple(reasons) + (f"not relevant: other metastatic site in the title: {other_site.group(0)!r}",)
    if not (bclm_title or pair_title):
        # The title names neither: the abstract must keep breast in focus.
        others = _p("other_primary").findall(abstract)
        if len(bclm_abs) < 2 and others and not breast_subgroup:
            return False, tuple(reasons) + (f"not relevant: mixed primaries: {others[0]!r}",)

    surgery_title = _first_affirmed("liver_surgery", title)
    # "... in women ineligible for surgery", "... unsuitable for resection": an operation they could not have
    any_surgery_title = bool(surgery_title) or bool(_first_affirmed("surgery_any", title))
    for rule_id, what, unless in _TITLE_EXCLUSIONS:
        if rule_id == "mimic" and mimics:
            continue  # the metastasis looked like something else, not something else like a metastasis
        hit = _p(rule_id).search(title)
        if hit and not (unless == "liver surgery" and surgery_title) and not (unless == "surgery" and any_surgery_title):
            return False, tuple(reasons) + (f"not relevant: {what}: {hit.group(0)!r}",)
    # "No patient underwent liver resection.", "..., but none underwent hepatectomy", "No patient data were collected"
    no_resection = _p("no_resection_done")
    hit = no_resection.search(abstract) if may_match_once(no_resection, abstract) else None
    if hit:
        return False, tuple(reasons) + (f"not relevant: no patient was operated on: {hit.group(0).strip(' .;:,')!r}",)
    commentary = _p("commentary_on_issue")
    hit = commentary.search(abstract) if may_match_once(commentary, abstract) else None
    if hit:
        return False, tuple(reasons) + (f"not relevant: a commentary on another paper: {hit.group(0)!r}",)
    surgery_abs = _first_affirmed("liver_surgery", abstract)
    surgery = surgery_title or surgery_abs
    if surgery_abs and not any_surgery_title and (population := _p("population_title").search(title)) \
            and _sentences_naming("surgery_any", abstract) < 2:
        # "... in a cooperative-group registry of 500 women" naming "six patients had a hepatic metastasectomy" once
        return False, tuple(reasons) + (f"not relevant: a population study ({population.group(0)!r}) naming liver "
                                        f"surgery only in passing: {surgery_abs.group(0)!r}",)
    if not surgery:
        ablation = _p("ablation").search(abstract)
        if ablation:
            return False, tuple(reasons) + (f"not relevant: ablation/embolisation only: {ablation.group(0)!r}",)
        return False, tuple(reasons) + ("not relevant: no liver resection",)
    where = "title" if surgery_title else "abstract"
    reasons.append(f"liver resection ({where}): {surgery.group(0)!r}")
    return True, tuple(reasons)


def is_relevant(doc: Doc) -> bool:
    """Just the decision of :func:`assess_relevance`."""
    return assess_relevance(doc)[0]
