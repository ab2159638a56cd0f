"""Survival after resection: median OS, 5-year OS, median DFS and median follow-up.

Fields (all in months except the percentage):

* ``median_os_months`` - median overall survival after resection; ``"NR"`` when
  the median "was not reached" / "had not been attained".
* ``five_year_os_pct`` - 5-year overall survival rate.
* ``median_dfs_months`` - DFS, RFS, PFS or recurrence-free interval, whichever the
  abstract reports (``Finding.note`` says which); ``"NR"`` like OS ("neither median OS nor
  median RFS had been reached" gives both).
* ``median_followup_months`` - median follow-up.

How a value is tied to its measure (see :mod:`litreview.extract.measures`):

* direct: "median OS was 57.3 months", "followed for a median of 73 months";
* respectively: "the DFS and OS were 14 and 57 months" (one measure per value);
* versus: "median OS: 50 vs 45 months" -> the value of the surgical arm, named
  first or second in the sentence;
* bracketed medians after a mean: "29.4 ± 14.5 months (range 12-64, median 29.5
  months)" -> the median, measure taken from earlier in the sentence;
* year lists: "1-, 3- and 5-year OS rates were 95%, 63% and 40%";
* origins as arms: "RFS was 14 months after resection and 8 months after ablation, whereas OS was
  49 and 38 months, respectively" -> 49;
* a 5-year rate naming its own treatment origin after a value counted from diagnosis ("51 months after
  resection and 104 months from the primary diagnosis, and 5-year survival after resection was 43%") -> 43.
* a pair each labelled with its own time origin ("after resection was 4.5 years, and 7.0 years from the
  diagnosis of the primary") -> the value counted from the operation;
* a bare pair ("Median PFS was 18 and 10 months (p = 0.01)") right after the sentence naming both arms -> the
  surgical arm's by that sentence's order; "19 and 11 months, respectively" likewise, even when an arm is named
  again after "respectively" ("..., with local recurrence at the ablation site in 7").

* a bare pair after the sentence's own arm pair: "median OS was 59 months after LR and 43 months after MWA, and
  median DFS was 18 and 11 months" -> 18; the surgical arm's value named second of such a pair ("38 months after
  ablation and 57 months after resection") shares the first value's measure -> 57;
* "With 29 months of median follow-up" -> 29 (follow-up only);
* one rate for two time points: "58.9% at both 3 and 5 years" -> 58.9;
* years and months: "four years and two months" -> 50 (rewritten in place before values are read);
* per-site lists of a series resecting several metastatic sites: "79 months for lung, 49 months for liver and 26
  months for brain metastases, with corresponding 5-year OS rates of 62%, 42% and 19%" -> 49 and 42 (the other
  sites' values are dropped, and so are the whole series' values).

Not the cohort's: the pair after "X was associated with longer survival" when X names no arm (a prognostic
factor's groups); eras ("operated on after 2008 ... than those operated on earlier"); single- vs repeat-resection
groups, also for every value of a clause opening with the group ("In the repeat-hepatectomy group, ..."); values
labelled with one kind of resection ("19 months after laparoscopic resection") or a pair of values labelled with
groups that name no arm ("19 months after LLR and 16 months after OLR"); a pair "in the single and repeat groups,
respectively" (its own groups, not an earlier sentence's arms); an elliptic pair sharing its group noun ("41% in the
older and 50% in the younger group"); the comparator "for those with a single resection" of a repeat-resection
group. Values of a propensity-matched subset rank below
the whole operated arm's; figures of a published review ("A systematic review published in 2011 ... reported")
count as another study's; words of a comparison arm after "versus" do not make a sentence background.

A site-specific or other "-free survival" ("liver-specific recurrence-free", "hepatic recurrence-free",
"metastasis-free") is not extracted, and its "survival" is never overall survival. A group defined by an outcome
("Patients who progressed within 6 months of surgery (n = 9) had ...") is a subgroup even after a time point.

A time to recurrence in a clause counting the patients who relapsed ("25 developed recurrence, after a median time to
recurrence of 13 months") is theirs, not DFS. A value in a relative clause of a non-surgical group ("controls, in whom
median survival was 21 months") is that group's. In a mixed-primary series (non-colorectal, by primary site) that
states its breast patients' figures, the whole series' values are dropped (:func:`breast_group_first`, also used for
morbidity/mortality); there the breast patients are the cohort, so words naming them ("in the breast subgroup", "For
the 37 women with breast cancer", "in this subgroup" right after them) are no subgroup words
(:func:`breast_label_views`), and a value labelled with them outranks an unlabelled one. Elsewhere a subgroup stays
a subgroup. "A months with resection and B months without it": the pronoun names the non-surgical arm (survival's
arm view only; ``arm.other``, which the receptor family reads, is unchanged).

Survival from the diagnosis of the liver metastases is kept, but a value counted from the operation outranks it.
A median OS counted from an unqualified "diagnosis" and labelled with the operated arm (registries of de novo stage
IV disease) is kept only when no other median OS is given; so is the operated arm's 5-year rate of such a pair. The doc's own abbreviation of the resection ("hepatic
resection (HR)") names a time origin and is no hazard ratio. A whole-study value ("in the entire cohort") is dropped
when the abstract reports a non-surgical arm's own values; a clause scoped to that arm ("Among the controls, ...")
gives nothing. A title stating a result ("Five-year survival of 46% after hepatectomy ...") is read at TITLE weight.

Rejected: a decision model's assumed inputs ("the model assumed a 5-year OS of 40%") and thresholds ("unless 5-year
survival fell below 24%", "above", "under"), ranges ("ranged from 20-67 months"), qualified values ("exceeded 64
months", "at 41 and 29 months"), survival counted from the primary diagnosis,
subgroup values (one measure, several values, subtype/risk-group words, or a group compared with "the others"/"the
remaining patients"), comparator values ("55%, as compared
with 24% for those given chemotherapy alone"), other
treatment arms when the surgical arm is reported, and background statements about
untreated disease. A value in RESULTS outweighs one in BACKGROUND. Years are
converted to months (x12).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable

from spacy.tokens import Doc

from litreview.extract.base import doc_text
from litreview.extract.measures import (
    ValueCandidate,
    Measure,
    Sent,
    ValueGroup,
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
    without_comparisons,
)
from litreview.extract.numbers import is_distractor, to_months, words_to_int
from litreview.extract.prefilter import may_match
from litreview.records import Finding
from litreview.rules import RegexRule

__all__ = ["extract_survival", "SURVIVAL_FIELDS", "model_input", "breast_group_first", "breast_label_views"]

#: the surgical arm's position (0/1) in the last earlier sentence that named both arms, when asked
PriorOrder = Callable[[], "int | None"]
#: a sentence's text with the doc's arm abbreviations spelled out ("LR" -> "liver resection"), for arm look-ups only
ArmView = Callable[[str], str]
#: asked only when subgroup words label a value: a view blanking the words that name the breast patients of a
#: mixed-primary series with breast-scoped figures (the identity elsewhere), see :func:`_breast_label_view`
BreastView = Callable[[], ArmView]


def _same(text: str) -> str:
    return text


def _no_breast_scope() -> ArmView:
    return _same

RULES = "survival.jsonl"
SURVIVAL_FIELDS = ("median_os_months", "five_year_os_pct", "median_dfs_months", "median_followup_months")


def _cue(name: str) -> re.Pattern[str]:
    return rule(RULES, name)


def _collapse(measures: list[Measure]) -> list[Measure]:
    """Consecutive mentions of one measure ("overall survival (OS)") count once."""
    out: list[Measure] = []
    for m in measures:
        if out and out[-1].kind == m.kind:
            out[-1] = m  # keep the mention nearest to the value
            continue
        out.append(m)
    return out


def _split_list(sent: Sent, group: ValueGroup, groups: list[ValueGroup]) -> bool:
    """``group`` is the first of values split by brackets and closed by "respectively" later in its clause."""
    c_start, c_end = sent.clauses[clause_index(sent, group.start)]
    later = [g for g in groups if group.end <= g.start < c_end]
    earlier = [g for g in groups if c_start <= g.start and g.end <= group.start]
    if later:
        return _respectively_after(sent.text, later[0].end)
    if earlier and re.fullmatch(r"[^\d]*", sent.text[earlier[-1].end:group.start].split(")")[-1].replace("95%", "")):
        # the last of the split values: "... 37% (95% CI ...), and 88% (...), respectively"
        return _respectively_after(sent.text, group.end)
    return False


_RATE_MEASURE = re.compile(r"\b(?:\d{1,2}|one|two|three|five|ten)\s*-?\s*(?:years?|yrs?|y)\s*$", re.IGNORECASE)


def _names_an_arm(text: str) -> bool:
    return any(may_match(p, text) and p.search(text) for p in (_cue("arm.surgical"), _cue("arm.other")))


def _respectively_after(text: str, end: int, size: int = 0) -> bool:
    """ "respectively" closes the value list, possibly after its labels ("in the medical and surgical groups").

    With ``size``, a parallel list of as many values may stand between ("OS was 55 and 43 months, and 5-year
    OS 44% and 30%, in the LR and TA groups, respectively").
    """
    tail = text[end:end + 80]
    m = _cue("cue.respectively").search(tail)
    if m is None:
        return size > 1 and _parallel_respectively(text, end, size)
    if m.start() < 40 or (not re.search(r"\d", tail[:m.start()]) and ";" not in tail[:m.start()]):
        return True
    return size > 1 and _parallel_respectively(text, end, size)


def _parallel_respectively(text: str, end: int, size: int) -> bool:
    """Between ``end`` and "respectively" only further lists of ``size`` values (and no clause break)."""
    tail = text[end:end + 140]
    m = _cue("cue.respectively").search(tail)
    if m is None or ";" in tail[:m.start()]:
        return False
    between = _cue("cue.year_adjective").sub(" ", tail[:m.start()])  # "5-year" is no value
    groups = list(find_percent_groups(between)) + list(find_duration_groups(between))
    numbers = len(re.findall(r"\d+(?:\.\d+)?", between))
    return bool(groups) and all(len(g.items) == size for g in groups) and numbers == size * len(groups)


def _through_respectively(text: str, end: int) -> str:
    """``text`` up to the "respectively" closing the value list ending at ``end``: arms named after it ("19 and 11
    months, respectively, with local recurrence at the ablation site in 7") label other figures, not the list."""
    m = _cue("cue.respectively").search(text, end, end + 80)
    return text[:m.end()] if m else text


def _unlabelled(text: str, end: int) -> bool:
    """No group label follows a pair of values ("63% and 41%." but not "63% and 41% in the early and late eras")."""
    return not _cue("cue.group_label_after").search(post_context(text, end, 60))


def _from_metastasis_diagnosis(text: str) -> bool:
    """Survival counted from the diagnosis of the liver metastases ("median survival from diagnosis of liver
    metastasis was 80 months"): the cohort's, but not counted from the operation."""
    pattern = _cue("cue.from_metastasis_diagnosis")
    return may_match(pattern, text) and bool(pattern.search(text))


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


_ARM_LABEL_AFTER = re.compile(r"\s*\)?\s*(?:after|following|with|in)\s+(?P<label>[^,;()\d]{1,40})", re.IGNORECASE)


def _surgical_second_of_arm_pair(gap: str, after: str, arms: ArmView) -> bool:
    """The value is the second of two values each labelled with its arm, the surgical arm second ("median OS was 38
    months after ablation and 57 months after resection"): it shares the first value's measure (the first, the
    other arm's, is then ranked down by the arm rules). With the surgical arm first the first value is direct."""
    if not _cue("cue.origin_pair_gap").search(gap):
        return False
    label = _ARM_LABEL_AFTER.match(after)
    if label is None:
        return False
    first, second = arms(gap), arms(label.group("label"))
    surgical, other = _cue("arm.surgical"), _cue("arm.other")
    return bool(other.search(first) and not surgical.search(first)
                and surgical.search(second) and not other.search(second))


_VALUE = r"\d+(?:[.,]\d+)?\s*(?:%|months?\b|mo\b|years?\b|yrs?\b)"
_VALUE_BEFORE = re.compile(_VALUE + r"\s*\)?\s*$", re.IGNORECASE)
_VALUE_ANY = re.compile(_VALUE, re.IGNORECASE)


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


def _label_start(text: str, region_start: int, c_start: int, measure_start: int) -> int:
    """Where the words describing a value begin: after an earlier value of the clause, its own label runs on to
    the next comma or closing bracket ("1.8 years in the 164 patients treated with systemic therapy alone (p <
    0.001), and median DFS after hepatectomy was 14 months": the patients treated with systemic therapy are the
    earlier value's, not a subgroup of this one)."""
    if region_start <= c_start or measure_start <= region_start:
        return region_start
    cut = max(text.rfind(",", region_start, measure_start), text.rfind(")", region_start, measure_start))
    return cut + 1 if cut >= 0 else region_start


def _comparator_value(text: str, region_start: int, c_start: int, start: int, end: int) -> bool:
    """The value answers an earlier value of its clause as its comparator ("... had a 5-year survival of 55%,
    as compared with 24% for those given chemotherapy alone"): another arm's or subgroup's figure, unless the
    value is itself labelled with the surgical arm."""
    if region_start <= c_start or not _cue("cue.comparator_after_value").match(text[region_start:start]):
        return False
    return arm_of(text, start, end, RULES) != "surgical"


def _per_group_value(text: str, end: int, c_end: int, arms: ArmView, breast: BreastView = _no_breast_scope) -> bool:
    """The value is labelled with a group and another group's value follows ("47 months in the synchronous group and
    69 months in the metachronous group"): per-group values, none the cohort's, unless the label names a treatment
    arm (the arm rules then rank the pair)."""
    tail = text[end:c_end]
    pattern = _cue("cue.group_label_pair")
    m = pattern.match(tail) if any(w in tail for w in (" in ", " for ", " among ", " with ")) else None
    if m is None:
        return False
    if _names_an_arm(arms(m.group(0))):
        return False  # arm labels: the arm rules rank the pair
    # "17 months in the breast subgroup and 13 months overall" in a mixed-primary series: the cohort's value
    return breast()(m.group(0)) == m.group(0)


def _follows_group_value(text: str, prev_end: int, start: int, c_end: int, arms: ArmView) -> bool:
    """The value is the second of a group-labelled pair: the value ending at ``prev_end`` is labelled with a group
    that is no treatment arm and the list runs on to this value ("31% for the early-relapse patients and 52% ...")."""
    tail = text[prev_end:c_end]
    if not any(w in tail[:80] for w in (" in ", " for ", " among ", " with ")):
        return False
    m = _cue("cue.group_label_pair").match(tail)
    return m is not None and prev_end + m.end() - 1 == start and not _names_an_arm(arms(m.group(0)))


def _whole_study(text: str, c_start: int, start: int, end: int, arms: ArmView) -> bool:
    """A value of the whole study population ("In the entire cohort, 5-year OS was 47%", "51 months for all
    patients"), not labelled with the operated arm: the resected cohort's unless the study had another arm
    (see :func:`_whole_study_of_arms`)."""
    if not (_cue("cue.whole_series_lead").search(text, c_start, start)
            or _cue("cue.whole_cohort").search(text[end:end + 50])):
        return False
    return _arm_at(text, start, end, arms) != "surgical"


def _other_arm_reported(sents: list[Sent], arms: ArmView) -> bool:
    """Some survival value of the abstract is labelled with a non-surgical arm ("41 months after ablation alone")."""
    for sent in sents:
        if sent.section in ("BACKGROUND", "OBJECTIVE") or not find_measures(sent.text, RULES):
            continue
        groups = list(find_duration_groups(sent.text)) + list(find_percent_groups(sent.text))
        if any(_arm_at(sent.text, item.start, item.end, arms) == "other" for g in groups for item in g.items):
            return True
    return False


def _whole_study_of_arms(cands: list[ValueCandidate], sents: list[Sent], arms: ArmView) -> list[ValueCandidate]:
    """Without the whole study's survival values when the abstract reports a non-surgical arm's own values (resection
    vs ablation): the whole study holds both arms. Its follow-up is the cohort's too."""
    whole = [c for c in cands if c.rule.endswith(_WHOLE_STUDY) and c.field != "median_followup_months"]
    if not whole or not _other_arm_reported(sents, arms):
        return cands
    return [c for c in cands if c not in whole]


def _other_arm_scope(text: str, c_start: int, arms: ArmView) -> bool:
    """The clause opens with a non-surgical group as its scope ("Among the controls, the median time to progression
    was 11 months"): that arm's figure, never the cohort's, even when the abstract gives no surgical one."""
    scope = _cue("cue.scope_arm")
    opener = c_start if scope.match(text, c_start) else 0  # else the sentence's opening scope, if any
    return _scope_arm(text, opener, arms) == "other"


def _other_arm_relative(text: str, c_start: int, start: int, arms: ArmView) -> bool:
    """The value sits in a relative clause attached to a non-surgical group ("historical controls receiving
    chemotherapy alone, in whom median survival was 21 months"): that group's figure, not the cohort's."""
    pattern = _cue("cue.relative_lead")
    if "," not in text[c_start:start] or not may_match(pattern, text[c_start:start]):
        return False
    leads = list(pattern.finditer(text, c_start, start))
    if not leads or "," in text[leads[-1].end():start]:
        return False  # the value is not inside the relative clause
    antecedent = arms(text[max(c_start, leads[-1].start() - 100):leads[-1].start()])
    other = [m.start() for m in _cue("arm.other").finditer(antecedent)]
    surgical = [m.start() for m in _cue("arm.surgical").finditer(antecedent)]
    return bool(other) and (not surgical or max(other) > max(surgical))


def _relapsed_only(text: str, measure: Measure, c_start: int, start: int) -> bool:
    """A time to recurrence in a clause that counts the patients who relapsed ("Twenty patients developed
    recurrence, after a median time to recurrence of 11 months"): measured among them only, no DFS of the cohort."""
    if measure.field != "median_dfs_months" or not _cue("cue.time_to_event").search(text, measure.start, measure.end):
        return False
    return bool(_cue("cue.relapse_count").search(text, c_start, start))


def _how_of(chosen: list[tuple[Measure, int, str]]) -> str | None:
    """How the values of a group were tied to their measure (the first choice's), ``None`` when none was."""
    return chosen[0][2] if chosen else None


def _site_of(text: str, end: int) -> str | None:
    """The metastatic site labelling the value ending at ``end`` ("49 months for liver"): "liver", "other" or None."""
    m = _cue("cue.site_label").match(text[end:end + 80])
    if m is None:
        return None
    return "liver" if m.group("liver") else "other"


def _site_list_values(sent: Sent, groups: list[ValueGroup]) -> dict[int, str]:
    """Single values of a per-site list ("79 months for lung, 49 months for liver and 26 months for brain metastases",
    "62% for lung, 42% for liver"): value start -> "liver" or "other", only for clauses with at least two
    site-labelled values, one of them the liver's. Empty when the sentence names no site after a value."""
    text = sent.text
    if not any(w in text for w in ("lung", "liver", "hepatic", "pulmonary", "brain", "bone")):
        return {}
    by_clause: dict[int, list[tuple[int, str]]] = {}
    for g in groups:
        if len(g.items) != 1:
            continue
        site = _site_of(text, g.end)
        if site is not None:
            by_clause.setdefault(clause_index(sent, g.start), []).append((g.start, site))
    out: dict[int, str] = {}
    for labelled in by_clause.values():
        sites = [site for _start, site in labelled]
        if len(labelled) >= 2 and sites.count("liver") == 1 and "other" in sites:
            out.update(labelled)
    return out


def _site_list_index(text: str, end: int, n: int) -> int | None:
    """The liver's position in a list of ``n`` sites labelling a value list ("79, 49 and 26 months for lung, liver and
    brain metastases, respectively"), when exactly one of them is the liver."""
    m = _cue("cue.site_list").match(text[end:end + 120])
    if m is None:
        return None
    sites = [bool(w.group("liver")) for w in _cue("cue.site_word").finditer(m.group("list"))]
    if len(sites) != n or sites.count(True) != 1:
        return None
    return sites.index(True)


def _site_order(text: str, sent: Sent, before: int) -> list[bool]:
    """The sites of the last per-site value list before ``before`` in order (True = liver): "79 months for lung,
    49 months for liver and 26 months for brain metastases, with corresponding 5-year OS rates of ..."."""
    groups = [g for g in find_duration_groups(text) if g.end <= before]
    labelled = _site_list_values(sent, groups)
    return [site == "liver" for _start, site in sorted(labelled.items())]


def _rate_site_index(sent: Sent, group: ValueGroup, c_start: int) -> int | None:
    """The liver's position in a list of rates labelled with sites after it ("62%, 42% and 19% for lung, liver and
    brain metastases") or, after "corresponding"/"respectively", in the sites' order of the per-site list of values
    before it in the sentence."""
    text = sent.text
    n = len(group.items)
    idx = _site_list_index(text, group.end, n)
    if idx is not None:
        return idx
    if not (_cue("cue.corresponding").search(text, c_start, group.start) or _respectively_after(text, group.end)):
        return None
    order = _site_order(text, sent, group.start)
    return order.index(True) if len(order) == n and order.count(True) == 1 else None


def _subgroup_scope(text: str, c_start: int) -> str:
    """The group a clause opens with, as a window suffix (" | " + scope), or "": "In the repeat-hepatectomy group,
    survival ... was 95% at 3 years and 84% at 5 years, with a median of 100 months" - the scope labels every value
    of the clause, also those whose own window starts after an earlier value."""
    if not text[c_start:c_start + 12].lstrip(" (").lower().startswith(("in ", "among ", "for ", "within ")):
        return ""
    m = _cue("cue.scope_arm").match(text[c_start:c_start + 80])
    return " | " + m.group("scope") if m else ""


_OWN_GROUP_LABELS = re.compile(r"\s*(?:months?|mo|years?|yrs?|%)?\s*,?\s*(?:in|for|among)\s+(?:the\s+)?"
                               r"(?P<label>[^,;()\d]{1,60}?)\s*(?:groups?|arms?|cohorts?|patients|women)\b",
                               re.IGNORECASE)
_NO_GROUP_NAME = re.compile(r"(?:two|both|respective|these|those|same|above|\s)*")


def _own_group_labels(text: str, end: int) -> bool:
    """A pair closed by "respectively" names its own groups ("51 and 112 months in the single and repeat groups,
    respectively"): not the arms of an earlier sentence. "in the two groups" names none."""
    m = _OWN_GROUP_LABELS.match(text, end)
    return m is not None and not _NO_GROUP_NAME.fullmatch(m.group("label"))


def _factor_pair(text: str, c_start: int, start: int, arms: ArmView) -> bool:
    """A pair of values after "X was associated with longer survival" where X names no treatment arm ("A disease-free
    interval of more than 24 months was associated with longer survival after resection (median 41 vs 19 months)"):
    the two groups of a prognostic factor, not the operated arm against another. The subject is read without its
    time origins ("After resection, ..."), which name no arm."""
    pattern = _cue("cue.factor_association")
    if not may_match(pattern, text):
        return False
    found = list(pattern.finditer(text, c_start, start))
    if not found:
        return False
    subject = _cue("cue.treatment_origin").sub(" ", text[c_start:found[-1].start()])
    return not _names_an_arm(arms(subject))


def _resection_kind_label(text: str, end: int, arms: ArmView) -> bool:
    """The duration is labelled right after its unit with one kind of resection ("19 months after laparoscopic
    resection", "16 months after OLR" with OLR defined as open liver resection), or it is the first of two values
    each labelled with a group that names no arm ("19 months after LLR and 16 months after OLR", undefined): a
    subgroup's value, not the cohort's."""
    tail = text[end:end + 140]
    unit = _UNIT_LEAD.match(tail)
    tail = tail[unit.end():] if unit else tail
    if not re.match(r"\s*\)?\s*(?:after|following|in|for|with)\b", tail):
        return False
    if _cue("cue.resection_subgroup_after").search(arms(tail[:60])):
        return True
    # "19 months after LLR and 16 months after OLR" with the abbreviations undefined: two groups' values, neither
    # labelled with an arm; "after resection and 20 months after RFA" is left to the arm rules
    pair = _cue("cue.label_pair_after").match(tail)
    return pair is not None and not _names_an_arm(arms(pair.group("a")))


def _matched_subset(text: str, c_start: int, start: int) -> bool:
    """The value's clause is about a propensity-matched subset ("in this matched cohort, median OS was 66.0 versus
    37.4 months"): ranked below the whole operated arm's value."""
    pattern = _cue("cue.matched_subset")
    return may_match(pattern, text) and bool(pattern.search(text, c_start, start))


#: a value of a propensity-matched subset of the operated arm ranks below the whole arm's (not a rival of it)
_MATCHED_WEIGHT = 0.85


def model_input(text: str) -> bool:
    """The sentence states a decision model's assumed inputs ("the model assumed a 5-year OS of 40%"): figures
    taken from the literature for a hypothetical cohort, not a cohort's results."""
    pattern = _cue("cue.model_input")
    return may_match(pattern, text) and bool(pattern.search(text))


#: a comparison arm named after "versus" ("68.3 months with hepatectomy versus 35.1 months with systemic therapy
#: alone"): its words label the comparator's value, they do not make the sentence a background statement
_VERSUS_TAIL = re.compile(r"\b(?:versus|vs\.?|as\s+opposed\s+to|in\s+contrast\s+(?:to|with))\s(?:[^,;.]|\.\d)*",
                          re.IGNORECASE)


def _without_versus_tails(text: str) -> str:
    if not any(w in text for w in ("vs", "versus", "oppos", "contrast")):
        return text
    return _VERSUS_TAIL.sub(" ", text)


def _common_score(sent: Sent, window: str) -> float | None:
    """Section and background weighting; ``None`` when the sentence cannot hold our figure."""
    if sent.section in ("BACKGROUND", "OBJECTIVE"):
        return None
    weight = section_weight(sent.section)
    # "In the largest series, OS was 45 months", "a 5-year OS of 40% has been reported": another study's figure;
    # a comparison ("50 months, comparable to published series") leaves the figure the study's own.
    own = _without_versus_tails(without_comparisons(sent.text))
    cited_review = _cue("cue.cited_review")
    if cites_other_study(sent.text) or (may_match(cited_review, own) and cited_review.search(own)):
        # "In the largest series, ...", "X et al. reported", "A systematic review published in 2011 ... reported":
        # another study's figure
        weight *= 0.45
    elif _cue("cue.background").search(own):
        weight *= 0.55
    return weight


def _origins(text: str) -> list[re.Match[str]]:
    """Time origins in order ("from diagnosis of ...", "from RF ablation")."""
    pattern = re.compile(rf"(?:{_cue('cue.from_diagnosis').pattern})|(?:{_cue('cue.treatment_origin').pattern})",
                         re.IGNORECASE)
    return list(pattern.finditer(text))


_UNIT_LEAD = re.compile(r"\s*(?:months?|mo|years?|yrs?)\b", re.IGNORECASE)


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


def _durations(sent: Sent, measures: list[Measure], cands: list[ValueCandidate],
               prior_order: PriorOrder = lambda: None, arms: ArmView = _same,
               previous_order: PriorOrder = lambda: None, values: ArmView = _same,
               breast: BreastView = _no_breast_scope) -> None:
    """Median OS/DFS/follow-up candidates of a sentence.

    ``prior_order()``: the surgical arm's position (0/1) in the last earlier sentence that named both arms,
    for a bare pair in a sentence naming none ("Median PFS was 21 and 11 months, respectively");
    ``previous_order()``: the same for the sentence right before only.
    """
    text = sent.text
    groups = find_duration_groups(values(text))
    site_list = _site_list_values(sent, groups)  # value start -> "liver"/"other" in a per-site list of values
    median_re = _cue("cue.median")
    mean_re = _cue("cue.mean")
    prev_end: dict[int, int] = {}
    # where the last value that can carry a label of its own ended, per clause: a time point ("Patients who
    # progressed within 6 months of surgery had a median OS of 20 months") labels nothing, so the clause's
    # opening subject still scopes the value after it
    label_end: dict[int, int] = {}
    for group in groups:
        ci = clause_index(sent, group.start)
        c_start, c_end = sent.clauses[ci]
        region_start = max(c_start, prev_end.get(ci, c_start))
        label_region_start = max(c_start, label_end.get(ci, c_start))
        prev_end[ci] = group.end
        if group.is_range:
            label_end[ci] = group.end
            continue
        lead = text[max(0, group.start - 30):group.start]
        median_right_before = re.search(r"\b(?:median|MST)\b[\s,:=]*(?:of\s+|was\s+|is\s+)?$", lead, re.I)
        if _cue("cue.qualifier_before").search(lead) and not median_right_before:
            continue
        label_end[ci] = group.end
        after = post_context(text, group.end)
        origin_pair = _origin_labelled_pair(text, c_start, group) if len(group.items) == 2 else None
        if origin_pair is None and _cue("cue.interval_after").search(text[group.end:group.end + 40]):
            continue  # (the diagnosis origin after a pair labelled with its own origins is only the second value's)
        # "the 5-year OS rates were 52% and 27%, and the median PFS was 19 and 10.5 months": a rate's
        # measure is no kind of this duration
        region = [m for m in measures if region_start <= m.start and m.end <= group.start
                  and not _RATE_MEASURE.search(text[max(0, m.start - 14):m.start])]
        fallback = False
        if not region and median_right_before:
            # "after a median of 41 months of follow-up": the measure follows the value
            region = [m for m in measures if m.start >= group.end
                      and re.fullmatch(r"[\s']*(?:s\s+)?(?:of\s+)?", text[group.end:m.start])]
            region = region[:1]
        if not region and re.match(r"\s*of\s+median\s", text[group.end:group.end + 12], re.IGNORECASE):
            # "With 29 months of median follow-up": the median's measure follows the value (follow-up only: a
            # survival is not told so)
            region = [m for m in measures if m.start >= group.end and m.field == "median_followup_months"
                      and re.fullmatch(r"\s*of\s+median\s+", text[group.end:m.start], re.IGNORECASE)][:1]
        whole_after = bool(_cue("cue.whole_cohort").search(text[group.end:group.end + 50]))
        site = site_list.get(group.start)
        if site == "other":
            continue  # "79 months for lung, 49 months for liver and 26 months for brain metastases": not the liver's
        if not region:
            # "44 and 53 months in the two age groups, respectively, and 51 months in the whole cohort": the
            # cohort's value after the subgroups' takes the clause's measure; so does the liver's value of a
            # per-site list ("79 months for lung, 49 months for liver and ...")
            if not (median_right_before or whole_after or site == "liver"
                    or _origin_pair(text[region_start:group.start], after, arms)
                    or _surgical_second_of_arm_pair(text[region_start:group.start], after, arms)):
                continue
            earlier = [m for m in measures if m.end <= group.start and (median_right_before or m.start >= c_start)]
            if not earlier:
                continue
            region = [earlier[-1]]
            fallback = True
        kinds = _collapse(region)
        if not fallback and kinds[-1].end <= group.start and group.start - kinds[-1].end > 80:
            continue
        items = group.items
        n = len(items)
        chosen: list[tuple[Measure, int, str]] = []  # measure, item index, how
        respectively = _respectively_after(text, group.end, len(group.items))
        if group.versus and n == 2 and len(kinds) > 1:
            # "no difference in OS (P = 0.64) or in DFS (median 17 vs. 15 months)": two arms' values of the
            # nearest measure, not one value per measure
            kinds = kinds[-1:]
        if n == 1:
            chosen.append((kinds[-1], 0, "direct"))
        elif len(kinds) == n:
            chosen.extend((kinds[i], i, "respectively") for i in range(n))
        elif len(kinds) == 1 and group.versus and n == 2:
            idx = vs_index(arms(text), RULES)
            how = "versus"
            if idx is None and (prior := prior_order()) is not None and not _names_an_arm(arms(text)):
                idx, how = prior, "versus-prior-arms"
            if idx is None:
                continue  # two arms, neither is surgical: unsure
            chosen.append((kinds[0], idx, how))
        elif len(kinds) == 1 and respectively:
            origins = _origins(text[c_start:group.start])
            treat = [i for i, o in enumerate(origins) if not _cue("cue.from_diagnosis").search(o.group(0))]
            if (site_idx := _site_list_index(text, group.end, n)) is not None:
                # "79, 49 and 26 months for lung, liver and brain metastases, respectively": the liver's
                chosen.append((kinds[0], site_idx, "respectively-sites"))
            elif len(origins) == n and len(treat) == 1:
                chosen.append((kinds[0], treat[0], "respectively-origin"))
            # otherwise the origins are treatments ("17 months after LR and 10 months after RFA, while median OS
            # was 55 and 43 months, respectively"): they name the arms
            elif n == 2 and (idx := arm_order(arms(labelled := _through_respectively(text, group.end)), RULES)) \
                    is not None:
                # "62.4 and 35.1 months in the surgery and systemic groups, respectively"
                chosen.append((kinds[0], idx, "respectively-arms"))
            elif n == 2 and not _own_group_labels(text, group.end) and (prior := prior_order()) is not None \
                    and not _names_an_arm(arms(labelled)):
                chosen.append((kinds[0], prior, "respectively-prior-arms"))
        elif len(kinds) == 1 and origin_pair is not None:
            chosen.append((kinds[0], origin_pair, "origin-pair"))
        elif len(kinds) == 1 and n == 2 and not group.versus and _unlabelled(text, group.end) \
                and not _names_an_arm(arms(text)) and (prev := previous_order()) is not None:
            # "median OS was 52 months in the operation group and 30 months in the chemotherapy group. The median
            # PFS was 18 and 10 months (p = 0.01).": a bare pair right after the sentence naming both arms
            chosen.append((kinds[0], prev, "pair-previous-arms"))
        elif len(kinds) == 1 and n == 2 and not group.versus and _unlabelled(text, group.end) \
                and _names_an_arm(arms(text[:kinds[0].start])) and not _names_an_arm(arms(text[kinds[0].start:])) \
                and (idx := arm_order(arms(text[:kinds[0].start]), RULES)) is not None:
            # "median OS was 59 months after LR and 43 months after MWA, and median DFS was 18 and 11 months": a
            # bare pair after the sentence's own arm pair follows its order (like a 5-year pair, "parallel-arms")
            chosen.append((kinds[0], idx, "parallel-arms"))
        else:
            continue  # one measure, several values: subgroups
        if n == 2 and _how_of(chosen) != "direct" and _factor_pair(text, c_start, group.start, arms):
            continue  # "A DFI over 24 months was associated with longer survival (median 41 vs 19 months)"
        for measure, idx, how in chosen:
            if measure.field not in ("median_os_months", "median_dfs_months", "median_followup_months"):
                continue
            item = items[idx]
            if how == "direct" and _resection_kind_label(text, item.end, arms):
                continue  # "19 months after LLR and 16 months after OLR": each value is one kind of resection's
            if how == "direct" and _comparator_value(text, region_start, c_start, item.start, item.end):
                continue
            if _relapsed_only(text, measure, c_start, item.start):
                continue  # "25 patients developed recurrence, after a median time to recurrence of 13 months"
            if how == "direct" and _per_group_value(text, item.end, sent.clauses[ci][1], arms, breast):
                continue  # "47 months in the synchronous group and 69 months in the metachronous group"
            if how == "direct" and (_other_arm_scope(text, c_start, arms)
                                    or _other_arm_relative(text, c_start, item.start, arms)):
                continue  # "Among the controls, the median time to progression was 11 months"; "controls, in whom ..."
            whole = how == "direct" and _whole_study(text, c_start, item.start, item.end, arms)
            m_clause = clause_index(sent, measure.start)
            origin_text = text[sent.clauses[m_clause][0]:group.start] + " " + after
            if how in ("respectively-origin", "origin-pair"):
                origin_text = ""
            own_region = text[region_start:group.start]
            if region_start > c_start:  # an earlier value in the clause
                # "OS from diagnosis was 58 months, and OS after hepatectomy was 47 months": the
                # second value names its own origin; the first one's does not carry over
                if _cue("cue.treatment_origin").search(own_region) and not _origin_rejected(own_region):
                    origin_text = own_region + " " + after
            from_diagnosis = False
            if _origin_rejected(origin_text) and not _names_own_origin(after, arms):
                before_value = text[sent.clauses[m_clause][0]:group.start]
                # "OS from hepatectomy was 3.2 years (7.9 years from the diagnosis of breast cancer)": the value
                # names its own origin; the diagnosis belongs to the bracketed value after it
                if not (_cue("cue.treatment_origin").search(before_value) and not _origin_rejected(before_value)):
                    if not _registry_origin(measure, origin_text):
                        continue
                    from_diagnosis = True
            window = text[_label_start(text, label_region_start, c_start, kinds[0].start):group.start] + " " + after
            if fallback:
                window = text[max(region_start, group.start - 40):group.start] + " " + after
            window += _subgroup_scope(text, c_start)  # the clause's opening scope labels each of its values
            if _cue("cue.subgroup").search(window) and _cue("cue.subgroup").search(breast()(window)):
                continue  # (the breast patients of a mixed-primary series are no subgroup: the cohort)
            weight = _common_score(sent, window)
            if weight is None:
                continue
            span_text = text[region_start:group.start]
            near_measure = text[max(0, measure.start - 25):measure.end]
            median = bool(median_re.search(span_text) or median_re.search(near_measure) or median_right_before)
            mean = item.sd or (bool(mean_re.search(span_text)) and not median)
            if mean and measure.field != "median_followup_months":
                continue
            if _cue("cue.bound").search(span_text + " " + near_measure):
                continue  # "minimum follow-up of 12 months", "at least 5 years"
            if measure.field == "median_followup_months" and not median and not mean:
                continue  # "a follow-up period of 12 years" is not a median
            months = to_months(item.value, group.unit)
            if months is None or months <= 0 or months > 400:
                continue
            score = weight * (1.0 if median else 0.72)
            if mean:
                score *= 0.5  # a mean where a median is asked for: kept as a hint, below the reporting threshold
            if fallback:
                score *= 0.92
            if _matched_subset(text, c_start, item.start):
                score *= _MATCHED_WEIGHT
            if site == "liver" or how == "respectively-sites":
                score *= 1.1  # the liver's value of a per-site list: the cohort's in a series of several sites
            if from_diagnosis:
                score *= _FROM_DIAGNOSIS_WEIGHT
            if how != "origin-pair" and _from_metastasis_diagnosis(text[c_start:group.start]) \
                    and not (fallback and _names_own_origin(after, arms)):
                score *= 0.85  # a value counted from the operation, if the abstract gives one, outranks it
            arm = _arm_at(text, item.start, item.end, arms) if how in ("direct", "respectively") else "surgical"
            if from_diagnosis and arm != "surgical":
                continue  # only the operated arm of a comparison, as registries report it, is kept
            if _cue("cue.whole_cohort").search(text[item.end:item.end + 50]):
                score *= 1.12  # "44% for the whole cohort and 60% for ...": the cohort's own value
            elif arm == "surgical":
                score *= 1.1
            elif arm == "other":
                score *= 0.75
            note = measure.note if measure.field == "median_dfs_months" else None
            if mean:
                note = "mean (no median reported)"
            if from_diagnosis:
                note = "counted from the diagnosis (no value from the operation given)"
            cands.append(ValueCandidate(measure.field, months, sent, item.start, item.end, score,
                               f"survival.{measure.kind}.{how}" + (_FROM_DIAGNOSIS if from_diagnosis else "")
                               + (_WHOLE_STUDY if whole else ""),
                               note, unit="months"))


#: a median OS counted from the diagnosis (registries of de novo stage IV disease count from it): the cohort's
#: figure only when no value counted from the operation is given, so it ranks below any such value
_FROM_DIAGNOSIS_WEIGHT = 0.75
_FROM_DIAGNOSIS = ".from_diagnosis"  # rule-id suffix of such a candidate
_WHOLE_STUDY = ".whole_study"  # rule-id suffix of a value of the whole study population

_NOT_REACHED_FIELDS = ("median_os_months", "median_dfs_months")
_VERSUS_AFTER = re.compile(r"\s*\)?\s*(?:,\s*)?(?:vs\.?|versus|compared\s+(?:with|to))\s", re.IGNORECASE)


def _not_reached_span(sent: Sent, measure: Measure, neither: list[re.Match[str]]) -> tuple[int, int] | None:
    """Where the text says the measure's median was not reached: after it ("median OS had not been reached")
    or around a list it belongs to ("neither median OS nor median RFS had been reached")."""
    text = sent.text
    for m in neither:
        if m.start("list") <= measure.start < m.end("list"):
            return m.start(), m.end()
    c_end = sent.clauses[clause_index(sent, measure.start)][1]
    tail = text[measure.end:min(c_end, measure.end + 70)]
    m = _cue("cue.not_reached").search(tail)
    if m is None or _cue("cue.stated_value").search(tail[:m.start()]):
        return None  # "median OS was 50 months and median DFS was not reached": the later measure's
    return measure.end + m.start(), measure.end + m.end()


def _not_reached(sent: Sent, measures: list[Measure], cands: list[ValueCandidate], arms: ArmView = _same,
                 breast: BreastView = _no_breast_scope) -> None:
    text = sent.text
    neither_re = _cue("cue.neither_reached")
    neither = list(neither_re.finditer(text)) if may_match(neither_re, text) else []
    for measure in measures:
        if measure.field not in _NOT_REACHED_FIELDS:
            continue
        span = _not_reached_span(sent, measure, neither)
        if span is None:
            continue
        start, end = span
        if not _cue("cue.median").search(text[max(0, measure.start - 25):measure.end] + text[measure.end:end]):
            continue
        window = text[sent.clauses[clause_index(sent, measure.start)][0]:max(end, measure.end)]
        if (_cue("cue.subgroup").search(window) and _cue("cue.subgroup").search(breast()(window))) \
                or _origin_rejected(window):
            continue
        weight = _common_score(sent, window)
        if weight is None:
            continue
        # "had not been reached in the LR group and was 38 months in the ST group": the arm named after it
        if not _VERSUS_AFTER.match(text, end):  # "median not reached vs 41 months": a pair, arms unknown here
            arm = _arm_at(text, start, end, arms)
            weight *= 1.1 if arm == "surgical" else 0.75 if arm == "other" else 1.0
        kind = "os" if measure.field == "median_os_months" else measure.kind
        cands.append(ValueCandidate(measure.field, "NR", sent, start, end, weight, f"survival.{kind}.not_reached",
                                    measure.note if measure.field == "median_dfs_months" else None))


def _without_value_labels(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]`` without the labels of earlier values: "median OS was 50 months, ranging by subtype from 63
    months for HR+ to 22 months for TNBC (p < 0.001), and the 5-year OS rate was" - the subtypes label the values
    that follow them, not the 5-year rate after the clause break. Subgroup words before the clause's first value
    ("In patients with TNBC, median OS was ...") or after a single value ("50 months in patients with TNBC, and
    ...": no values of their own) stay."""
    region = text[lo:hi]
    cut = max(region.rfind(","), region.rfind(")"))
    values = list(_VALUE_ANY.finditer(region, 0, max(cut, 0)))
    if cut < 0 or not values:
        return region
    first_value_end = values[0].end()
    if len(values) < 2 or any(m.start() < first_value_end for m in _cue("cue.subgroup").finditer(region, 0, cut)):
        return region  # a scope of the whole clause, or subgroup words labelling no values of their own
    return region[:first_value_end] + region[cut:]


def _scope_arm(text: str, c_start: int, arms: ArmView) -> str | None:
    """The arm named by the group a clause opens with ("In the hepatectomy group, ..."), if any."""
    m = _cue("cue.scope_arm").match(text, c_start)
    if m is None:
        return None
    scope = arms(m.group("scope"))
    if _cue("arm.other").search(scope):
        return "other"
    return "surgical" if _cue("arm.surgical").search(scope) else None


def _arm_at(text: str, start: int, end: int, arms: ArmView) -> str | None:
    """The arm of ``text[start:end]`` read in the arm view ("in the ST group" -> systemic therapy, the other arm)."""
    view = arms(text)
    if view == text:
        return arm_of(text, start, end, RULES)
    shifted = len(arms(text[:start]))  # abbreviations before the value change its offset
    return arm_of(view, shifted, shifted + end - start, RULES)


_YEAR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_YEAR_TOKEN = re.compile(
    r"(?<![\d.,])\b(?P<a>\d{1,2}|one|two|three|four|five|ten)\s*-\s*(?:years?|yrs?|y)\b"
    r"|(?<=\bat\s)(?P<e>\d{1,2}|one|two|three|four|five|ten)\s+(?:years?|yrs?)\b"
    r"|(?<=\bafter\s)(?P<f>\d{1,2}|one|two|three|four|five|ten)\s+(?:years?|yrs?)\b"
    r"|(?<=\d\sand\s)(?P<g>\d{1,2})\s+(?:years?|yrs?)\b"  # end of "at 1, 3 and 5 years"
    r"|(?:(?<=\bone\sand\s)|(?<=\btwo\sand\s)|(?<=\bthree\sand\s))(?P<h>three|five|ten)\s+(?:years?|yrs?)\b"
    r"|(?<![\d.,])\b(?P<b>\d{1,2}|one|two|three|four|five|ten)\s*-(?=\s*(?:,|and\b|&|or\b))"
    r"|(?<![\d.,])\b(?P<c>one|two|three|\d{1,2})(?=\s*,\s*(?:\d|two|three|five))"
    r"|(?<![\d.,])\b(?P<d>\d{1,2})(?=(?:\s*(?:,|and|&)\s*\d{1,2})+\s*-?\s*(?:years?|yrs?)\b)"
    # "survival at three and five years": the number words of a year list
    r"|(?<![\d.,])\b(?P<i>one|two|three)(?=(?:\s*(?:,|and|&)\s*(?:one|two|three|five|ten))+\s*-?\s*(?:years?|yrs?)\b)",
    re.IGNORECASE,
)


_AT_BOTH = re.compile(r"\s*%?\s*\)?\s*(?:at|after)\s+both\s+(\d{1,2}|one|two|three|four|five|ten)\s*-?\s*"
                     r"(?:years?\s+)?and\s+(\d{1,2}|one|two|three|four|five|ten)\s*-?\s*(?:years?|yrs?)\b",
                     re.IGNORECASE)


_BOTH_BEFORE = re.compile(r"\bboth\s*(?:at\s+|of\s+)?$", re.IGNORECASE)


def _year_value(raw: str) -> int:
    return int(raw) if raw.isdigit() else _YEAR_WORDS[raw.lower()]


_CHAIN_GAP = re.compile(r"\s*%?\s*(?:\([^()]{0,60}\)\s*)?(?:,\s*(?:and\s+)?|\s+and\s+)")
_CHAIN_LEAD = re.compile(r"[^\d;]{0,80}?\b(?:were|was|of|:|reached|are)\s*$", re.IGNORECASE)


def _bracket_chain(text: str, groups: list[ValueGroup], group: ValueGroup, years_end: int, c_end: int) -> list[ValueGroup]:
    """The single values of one list split by bracketed CIs ("91% (95% CI 88-93%), 63% (...) and 44% (...)") that
    holds ``group`` and starts as the first value after the year list; empty when ``group`` is in no such list."""
    if "(" not in text[years_end:c_end]:
        return []  # checked first: only a bracket splits a list into single values
    later = [g for g in groups if years_end <= g.start < c_end and len(g.items) == 1]
    if not later or group not in later or not _CHAIN_LEAD.match(text[years_end:later[0].start]):
        return []
    chain = [later[0]]
    for g in later[1:]:
        gap = _CHAIN_GAP.match(text, chain[-1].end)
        if gap is None or gap.end() != g.start:
            break
        chain.append(g)
    return chain if group in chain and len(chain) > 1 else []


def _year_lists(text: str) -> list[tuple[list[int], int, int]]:
    tokens = []
    for m in _YEAR_TOKEN.finditer(text):
        raw = next(g for g in m.groups() if g)
        value = _YEAR_WORDS.get(raw.lower()) if not raw.isdigit() else int(raw)
        if value is None or value > 20:
            continue
        tokens.append((value, m.start(), m.end()))
    lists: list[tuple[list[int], int, int]] = []
    for value, start, end in tokens:
        if lists and re.fullmatch(r"[\s,\-&]*(?:(?:and|or)[\s,\-&]*)?", text[lists[-1][2]:start], re.I):
            lists[-1][0].append(value)
            lists[-1] = (lists[-1][0], lists[-1][1], end)
        else:
            lists.append(([value], start, end))
    return lists


def _five_year(sent: Sent, measures: list[Measure], cands: list[ValueCandidate],
               prior_order: PriorOrder = lambda: None, arms: ArmView = _same,
               previous_order: PriorOrder = lambda: None, values: ArmView = _same,
               breast: BreastView = _no_breast_scope) -> None:
    """5-year OS candidates of a sentence.

    ``previous_order()``: the surgical arm's position in the sentence right before, if it named both arms.
    """
    text = sent.text
    pgroups = find_percent_groups(values(text))
    if not pgroups:
        return  # no rate to read: the year tokens need not be looked for
    site_list = _site_list_values(sent, pgroups)  # "62% for lung, 42% for liver and 19% for brain"
    year_lists = _year_lists(text)
    prev_end: dict[int, int] = {}
    for group in pgroups:
        ci = clause_index(sent, group.start)
        c_start, c_end = sent.clauses[ci]
        region_start = max(c_start, prev_end.get(ci, c_start))
        prev_end[ci] = group.end
        lead = text[max(0, group.start - 25):group.start]
        if _cue("cue.qualifier_before").search(lead) and not re.search(r"\bat\s+\d+\s*-?\s*(?:years?|yrs?)\W*$",
                                                                      lead, re.I):
            continue
        years: list[int] | None = None
        split_by_cis = False
        tail = text[group.end:group.end + 60]
        # "44% at 5 years", "44% of patients alive at 5 years"
        m_after = re.match(r"\s*%?\s*\)?\s*(?:of\s+(?:the\s+|all\s+)?(?:patients|women)\s+(?:were\s+|remained\s+|still\s+)?alive\s+)?"
                           r"(?:at|after)\s+(\d{1,2}|one|three|five|ten)\s*-?\s*(?:years?|yrs?)\b", tail, re.I)
        m_post = re.match(r"\s*%?\s*(\d{1,2}|five)\s*-?\s*(?:years?|yrs?)\b", tail, re.I)
        # "58.9% at both 3 and 5 years": one rate for two time points
        m_both = _AT_BOTH.match(tail) if len(group.items) == 1 else None
        in_paren = text[:group.start].count("(") > text[:group.start].count(")")
        after_lists = [yl for yl in year_lists if yl[1] >= group.end and re.fullmatch(
            r"\s*%?\s*\)?\s*(?:at|after)\s*", text[group.end:yl[1]], re.I)]
        if after_lists and len(after_lists[0][0]) == len(group.items) > 1:
            years = after_lists[0][0]  # "90%, 60% and 40% at 1, 3 and 5 years"
        elif m_both:
            both = [_year_value(m_both.group(1)), _year_value(m_both.group(2))]
            years = [5] if 5 in both else both[:1]
        elif m_after and len(group.items) == 1:
            raw = m_after.group(1)
            years = [int(raw) if raw.isdigit() else _YEAR_WORDS[raw.lower()]]
        elif m_post and len(group.items) == 1 and not in_paren:
            raw = m_post.group(1)
            years = [int(raw) if raw.isdigit() else _YEAR_WORDS[raw.lower()]]
        else:
            before = [yl for yl in year_lists if yl[2] <= group.start and yl[1] >= c_start]
            if not before:
                continue
            distance = group.start - before[-1][2]
            chain = _bracket_chain(text, pgroups, group, before[-1][2], c_end)
            # a parallel list ("... and the corresponding overall survival rates were 95%, 70% and 50%")
            # may sit further from its years
            if distance > 90 and not (len(before[-1][0]) == len(group.items) > 1 and distance <= 220) \
                    and not (chain and distance <= 220):
                continue
            years = before[-1][0]
            if len(years) == 2 and len(group.items) == 1 \
                    and _BOTH_BEFORE.search(text[max(0, group.start - 20):group.start]):
                years = [5] if 5 in years else years[:1]  # "the 3- and 5-year survival rates were both 58%"
            if chain and len(chain) == len(years) > 1 and len(group.items) == 1:
                # "1-, 3- and 5-year OS were 91% (95% CI 88-93%), 63% (...) and 44% (...)": one list split by CIs
                if 5 not in years or chain.index(group) != years.index(5):
                    continue
                years = [5]
                split_by_cis = True
        if 5 not in years:
            continue
        if len(group.items) == 1 and not split_by_cis and _split_list(sent, group, pgroups):
            continue  # "37 per cent (95%CI ...), and 88 per cent (...) respectively": per-group values
        m_region = [m for m in measures if m.start >= max(c_start, region_start - 60) and m.end <= group.start]
        if not m_region:
            m_region = [m for m in measures if c_start <= m.start and m.start <= group.end + 40
                        and m.start >= group.end]
        if not m_region:
            continue
        measure = m_region[-1]
        n, k = len(group.items), len(years)
        listed = _collapse([m for m in measures if m.start >= max(c_start, region_start - 60)
                            and m.end <= group.start and m.field in ("median_os_months", "median_dfs_months")])
        if k == 1 and n > 1 and len(listed) == n and not group.versus:
            # "5-year overall and disease-free survival rates were 53% and 24%, respectively"
            measure = listed[[m.field for m in listed].index("median_os_months")] \
                if "median_os_months" in [m.field for m in listed] else listed[0]
            if measure.field != "median_os_months":
                continue
            idx = listed.index(measure)
            how = "measure-list"
        elif measure.field != "median_os_months":
            continue
        elif k == n:
            idx = years.index(5)
            how = "year-list" if k > 1 else "direct"
        elif k == 1 and n == 2 and group.versus:
            vi = vs_index(arms(text), RULES)
            how = "versus"
            if vi is None and (prior := prior_order()) is not None and not _names_an_arm(arms(text)):
                vi, how = prior, "versus-prior-arms"
            if vi is None:
                continue
            idx = vi
        elif k == 1 and n == 2 and _respectively_after(text, group.end, n):
            # "the 5-year OS rates were 51.3% and 27.8%, respectively" after "surgery group versus systemic group"
            vi = arm_order(arms(text), RULES)
            how = "respectively-arms"
            if vi is None and not _own_group_labels(text, group.end) and (prior := prior_order()) is not None \
                    and not _names_an_arm(arms(text)):
                vi, how = prior, "respectively-prior-arms"  # the arms were named in an earlier sentence
            if vi is None:
                continue
            idx = vi
        elif k == 1 and n == 2 and (vi := arm_order(arms(text[:group.start]), RULES)) is not None:
            # "68 months in the surgical group and 31 months in the non-surgical group, and the 5-year
            # OS rates were 56.4% and 21.0%": the pair follows the arms' order of the sentence
            idx, how = vi, "parallel-arms"
        elif k == 1 and n == 2 and not group.versus and _cue("cue.corresponding").search(text[c_start:group.start]) \
                and _unlabelled(text, group.end) and (prior := prior_order()) is not None \
                and not _names_an_arm(arms(text)):
            # "The corresponding 5-year OS rates were 47% and 35%" after "57 months after resection and 44
            # months after ablation": the pair follows the arms' order of the sentence before
            idx, how = prior, "corresponding-prior-arms"
        elif k == 1 and n == 2 and not group.versus and _unlabelled(text, group.end) \
                and not _names_an_arm(arms(text)) and (prev := previous_order()) is not None:
            # "median OS was 81 vs 52 months in the surgery and systemic groups. The 5-year OS rates were 63.4%
            # and 41.0%.": a bare pair right after the sentence naming both arms follows their order
            idx, how = prev, "pair-previous-arms"
        elif k == 1 and n > 1 and not group.versus \
                and (site_idx := _rate_site_index(sent, group, c_start)) is not None:
            # "62%, 42% and 19% for lung, liver and brain metastases"; "79 months for lung, 49 months for liver and
            # 26 months for brain, with corresponding 5-year OS rates of 62%, 42% and 19%": the liver's
            idx, how = site_idx, "sites"
        else:
            continue
        item = group.items[idx]
        site = site_list.get(group.start)
        if site == "other":
            continue  # another site's rate in a per-site list
        if site == "liver" or how == "sites":
            weight_site = 1.1  # the liver's rate of a per-site list: the cohort's in a series of several sites
        else:
            weight_site = 1.0
        window = _without_value_labels(text, region_start, group.start) + " " + post_context(text, group.end)
        window += _subgroup_scope(text, c_start)  # the clause's opening scope labels each of its values
        if _cue("cue.subgroup").search(window) and _cue("cue.subgroup").search(breast()(window)):
            continue  # (the breast patients of a mixed-primary series are no subgroup: the cohort)
        from_diagnosis = _origin_rejected(text[c_start:group.end]) \
            and not _own_origin_after_diagnosis(text[c_start:group.start], arms)
        if from_diagnosis and not (how in _ARM_ORDERED and _registry_origin(measure, text[c_start:group.end])):
            continue  # counted from the primary diagnosis; from a bare "diagnosis" only the operated arm's of a pair
        weight = _common_score(sent, window)
        if weight is None:
            continue
        if from_diagnosis:
            weight *= _FROM_DIAGNOSIS_WEIGHT
            how += _FROM_DIAGNOSIS
        if how == "direct":
            if _comparator_value(text, region_start, c_start, item.start, item.end):
                continue
            if _other_arm_scope(text, c_start, arms) or _other_arm_relative(text, c_start, item.start, arms):
                continue  # "Among the controls, the 5-year survival was 21%"; "the controls, in whom ... was 21%"
            how += _WHOLE_STUDY if _whole_study(text, c_start, item.start, item.end, arms) else ""
            if _cue("cue.resection_subgroup_after").search(text[item.end:item.end + 50]):
                continue  # "49% after early and 56% after delayed resection": neither is the cohort's
            if _per_group_value(text, item.end, c_end, arms, breast) or any(
                    _follows_group_value(text, g.end, item.start, c_end, arms)
                    for g in pgroups if c_start <= g.start and g.end <= item.start):
                continue  # "40% in the younger group and 55% in the older group": neither value is the cohort's
            arm = _arm_at(text, item.start, item.end, arms)
            if _cue("cue.whole_cohort").search(text[item.end:item.end + 50]):
                weight *= 1.12  # "44% for the whole cohort and 60% for ...": the cohort's own value
            else:
                weight *= 1.1 if arm == "surgical" else 0.75 if arm == "other" else 1.0
        elif how == "year-list":
            # "In the hepatectomy group, ... the 1-, 3- and 5-year survival rates were 87%, 53% and 33%" beats the
            # same list for the entire mixed-treatment series
            arm = _arm_at(text, item.start, item.end, arms) or _scope_arm(text, c_start, arms)
            weight *= 1.1 if arm == "surgical" else 0.75 if arm == "other" else 1.0
            how += _WHOLE_STUDY if arm != "surgical" and _whole_study(text, c_start, item.start, item.end, arms) else ""
        if not 0 <= item.value <= 100:
            continue
        weight *= weight_site
        cands.append(ValueCandidate("five_year_os_pct", round(item.value, 2), sent, item.start, item.end, weight,
                           f"survival.five_year.{how}", unit="%"))


#: how a 5-year value was picked from a pair by the arms' order: the operated arm's, as registries report it
_ARM_ORDERED = ("versus", "versus-prior-arms", "respectively-arms", "respectively-prior-arms", "parallel-arms")


def _diagnosis_fallback(pool: list[ValueCandidate]) -> list[ValueCandidate]:
    """Values counted from the diagnosis only when the field has no other candidate: any value of the abstract not
    tied to the diagnosis (after resection, or unlabelled) is the one after the operation, whatever its score."""
    own = [c for c in pool if not c.rule.endswith(_FROM_DIAGNOSIS)]
    return own or pool


def _select(doc: Doc, cands: list[ValueCandidate]) -> list[Finding]:
    findings: list[Finding] = []
    for field_name in SURVIVAL_FIELDS:
        pool = sorted(_diagnosis_fallback([c for c in cands if c.field == field_name]), key=lambda c: -c.score)
        if not pool:
            continue
        best = pool[0]
        confidence = min(0.95, best.score)
        rivals = [c for c in pool[1:] if c.value != best.value and c.score >= best.score * 0.9]
        note = best.note
        if rivals:
            confidence *= 0.7
            extra = "competing value(s): " + ", ".join(str(c.value) for c in rivals[:3])
            note = f"{note}; {extra}" if note else extra
        findings.append(make_finding(doc, best.sent, field_name, best.value, best.unit, best.start, best.end,
                                     confidence, best.rule, note))
    return findings


def _single_patient(doc: Doc) -> bool:
    """A case report: its survival times are one woman's, not medians or rates."""
    try:
        from litreview.extract import design_of

        return design_of(doc) == "case report"
    except Exception:  # noqa: BLE001 - without a design, extract as usual
        return False


def _normalised(sent: Sent) -> Sent:
    """``sent`` with house-style abbreviations rewritten in place ("i.q.r." -> "IQR", "five year survival" ->
    "five-year survival"), every offset kept: the value regexes know only the common spellings."""
    text = sent.text
    for rule_ in _norm_rules():
        if may_match(rule_.pattern, text):
            text = rule_.pattern.sub(lambda m: _rewrite(m, str(rule_.value)), text)
    compound = _cue("cue.years_and_months")
    if may_match(compound, text):
        text = compound.sub(_in_months, text)
    return sent if text == sent.text else replace(sent, text=text)


def _in_months(m: re.Match[str]) -> str:
    """ "four years and two months" -> "50 months", padded to the same length (offsets kept)."""
    years, months = (int(raw) if raw.isdigit() else words_to_int(raw) for raw in (m.group("y"), m.group("m")))
    if years is None or months is None or months >= 12:
        return m.group(0)
    return f"{years * 12 + months} months".ljust(len(m.group(0)))


@lru_cache(maxsize=None)
def _norm_rules() -> tuple[RegexRule, ...]:
    return tuple(r for name, r in rules(RULES).items() if name.startswith("norm."))


def _rewrite(m: re.Match[str], value: str) -> str:
    """The match with its ``gap`` group (else the whole match) replaced by ``value``, padded to the same length."""
    whole = m.group(0)
    if "gap" in m.re.groupindex and m.group("gap") is not None:
        s, e = m.start("gap") - m.start(), m.end("gap") - m.start()
        return whole[:s] + value.ljust(e - s)[:e - s] + whole[e:]
    return value.ljust(len(whole))[:len(whole)]


def _arm_view(doc: Doc) -> ArmView:
    """Spells out the doc's abbreviations that name a treatment arm ("the LR and ST groups"), for arm look-ups."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return _same
    other_long = rules(RULES)["arm.other_long"]
    arms = {}
    for short, long in pairs.items():
        if not (short.isupper() and 2 <= len(short) <= 5):
            continue
        if _names_an_arm(long):
            surgical = rules(RULES)["arm.surgical"].pattern.search(long)
            # "hepatectomy with systemic therapy (HEP group)": only its surgical words, else "... systemic therapy
            # group" would read as the other arm
            arms[short] = surgical.group(0) if surgical and rules(RULES)["arm.other"].pattern.search(
                long + " group") else long
        elif other_long.pattern.match(long.strip()):
            # "systemic therapy (ST)": the abbreviation names the comparison arm, whose long form alone does not
            arms[short] = str(other_long.value)
    if not arms:
        return _same
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(arms, key=len, reverse=True)) + r")\b")
    return lambda text: pattern.sub(lambda m: arms[m.group(0)], text) if pattern.search(text) else text


def _with_pronoun_arm(view: ArmView) -> ArmView:
    """``view`` followed by spelling out a pronoun arm ("54.6 months with LDS and 31.9 months without it" -> "...
    without surgery") when the "with" phrase before it names the surgical arm."""
    pattern = _cue("arm.other_pronoun")
    surgical, other = _cue("arm.surgical"), _cue("arm.other")
    replacement = str(rules(RULES)["arm.other_pronoun"].value)

    def spelled(text: str) -> str:
        text = view(text)
        if not may_match(pattern, text):
            return text
        out, last = [], 0
        for m in pattern.finditer(text):
            arm = m.group("arm")
            if surgical.search(arm) and not other.search(arm):
                out.append(text[last:m.start("pronoun")] + replacement)
                last = m.end("pronoun")
        return "".join(out) + text[last:] if out else text
    return spelled


def _value_view(doc: Doc) -> ArmView:
    """Hides the doc's abbreviations of the operation that read as a statistic's label ("hepatic resection (HR)":
    "the 5-year survival after HR was 45%" is no hazard ratio), for finding values only; offsets are kept."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return _same
    if not pairs:
        return _same
    surgical, other = _cue("arm.surgical"), _cue("arm.other")
    masked = [short for short, long in pairs.items()
              if short.isupper() and 2 <= len(short) <= 5 and surgical.search(long) and not other.search(long)
              and is_distractor(f"{short} 1", len(short) + 1, len(short) + 2)]
    if not masked:
        return _same
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in masked) + r")\b")
    return lambda text: pattern.sub(lambda m: "_" * len(m.group(0)), text) if pattern.search(text) else text


def _mixed_sites(text: str) -> bool:
    """The series resected metastases at one site or another ("isolated lung or liver metastases", "14 underwent
    pulmonary resection and 10 underwent hepatic resection"): its whole-series figures mix in the other site's
    patients. Hepatectomy combined with lung resection in some patients is no such series."""
    pattern = _cue("cue.mixed_sites")
    return may_match(pattern, text) and bool(pattern.search(text))


def _liver_group_first(cands: list[ValueCandidate]) -> list[ValueCandidate]:
    """In a series of several metastatic sites, a whole-series value is not the liver group's (dropped) and a
    clause opening with the liver group ("For the hepatic group, ...") is the liver group's (ranked up)."""
    out = []
    for c in cands:
        c_start, _ = c.sent.clauses[clause_index(c.sent, c.start)]
        lead = c.sent.text[c_start:c.start] + " " + c.sent.text[c.end:c.end + 40]
        if _cue("cue.whole_series_lead").search(lead) or _cue("cue.other_site_resection").search(
                pre_context(c.sent.text, c.start, 70)):
            continue  # the whole series' value, or the other site's ("patients who had lung resection had ...")
        if _cue("cue.liver_scope").match(c.sent.text, c_start) or _cue("cue.liver_scope").match(c.sent.text):
            c = replace(c, score=c.score * 1.1)
        out.append(c)
    return out


def _breast_scoped_series(doc: Doc) -> bool:
    """A series of liver metastases from several primaries that states its breast patients' own figures ("In the
    breast cancer subgroup, ..."): the breast patients are the cohort."""
    text = doc_text(doc)
    mixed, scope = _cue("cue.mixed_primaries"), _cue("cue.breast_scope")
    return may_match(mixed, text) and may_match(scope, text) and bool(mixed.search(text)) and any(
        scope.search(s.text) for s in iter_sentences(doc) if s.section not in ("BACKGROUND", "OBJECTIVE"))


def _whole_series_value(c: ValueCandidate) -> bool:
    """The value is the whole series' ("For the whole cohort, 90-day mortality was 2.1%", "13 months overall"),
    unless a breast scope follows the whole-series words before it ("... for the entire cohort was 2.1%, and no
    patient with breast cancer died")."""
    text = c.sent.text
    if _cue("cue.whole_series_after").match(text, c.end):
        return True
    whole = list(_cue("cue.whole_series_any").finditer(text[:c.start]))
    return bool(whole) and not _cue("cue.breast_scope").search(text, whole[-1].end(), c.end)


def breast_group_first(doc: Doc, cands: list[ValueCandidate]) -> list[ValueCandidate]:
    """In a mixed-primary series with breast-scoped figures, without the whole series' values: they are not the
    breast cohort's (a wrong number is worse than none). Used by the outcome family too."""
    if not cands or not _breast_scoped_series(doc):
        return cands
    return [_breast_labelled_first(c) for c in cands if not _whole_series_value(c)]


def _breast_labelled_first(c: ValueCandidate) -> ValueCandidate:
    """A value whose sentence names the breast patients before it ("In the breast cancer subgroup, morbidity was
    19%") ranks above an unlabelled one ("Overall morbidity was 30%", which may be the whole series')."""
    lead = c.sent.text[:c.start]
    if "breast" in lead.lower() and (_cue("cue.breast_label").search(lead) or _cue("cue.breast_scope").search(lead)):
        return replace(c, score=c.score * 1.15)
    # "Complications occurred in 7 of the 36 women with breast cancer": the label right after the value
    label = _cue("cue.breast_label").search(c.sent.text, c.start, c.end + 60)
    if label is not None and label.start() - c.end <= 25 and not re.search(r"[,;]|\b(?:and|or|vs|versus)\b",
                                                                             c.sent.text[c.end:label.start()]):
        return replace(c, score=c.score * 1.15)
    return c


def breast_label_views(doc: Doc, sents: list[Sent]) -> Callable[[int], ArmView]:
    """Per sentence index of ``sents``: the view blanking the words that name the breast patients
    (:func:`_breast_label_view`) in a mixed-primary series with breast-scoped figures, the identity elsewhere.
    Built lazily: asked only when subgroup words label a value. Used by the outcome family too."""
    scoped: list[bool] = []
    views: dict[int, ArmView] = {}

    def breast(index: int) -> ArmView:
        if not scoped:
            scoped.append(_breast_scoped_series(doc))
        if not scoped[0]:
            return _same
        if index not in views:
            views[index] = _breast_label_view(sents, index)
        return views[index]
    return breast


def _continues_breast_label(context: str) -> bool:
    """The last group named in ``context`` (the sentence before and the sentence up to an anaphor) is the breast
    patients ("For the 41 women with breast cancer, ...; median RFS in this subgroup was 16 months"), with no other
    subgroup named after them."""
    marks = [m.end() for name in ("cue.breast_label", "cue.breast_scope")
             for m in _cue(name).finditer(context)] if "breast" in context.lower() else []
    return bool(marks) and not _cue("cue.subgroup").search(_blank(_cue("cue.breast_anaphor"), context[max(marks):]))


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text) if may_match(pattern, text) else text


def _breast_label_view(sents: list[Sent], index: int) -> ArmView:
    """For a sentence of a mixed-primary series with breast-scoped figures: a window with the words naming the breast
    patients blanked ("in the breast subgroup", "For the 37 women with breast cancer", "in this subgroup" continuing
    them), so that they are no subgroup words: there the breast patients are the cohort."""
    text = sents[index].text
    patterns = [_cue("cue.breast_label")]
    anaphor = _cue("cue.breast_anaphor")
    first = anaphor.search(text) if may_match(anaphor, text) else None
    if first is not None:
        before = sents[index - 1].text + " " if index > 0 else ""
        if _continues_breast_label(before + text[:first.start()]):
            patterns.append(anaphor)

    def view(window: str) -> str:
        for pattern in patterns:
            window = _blank(pattern, window)
        return window
    return view


def _title(doc: Doc, cands: list[ValueCandidate], arms: ArmView, values: ArmView) -> None:
    """A title stating the result ("Five-year survival of 46% after hepatectomy ...: analysis of 52 patients"): the
    study's own figure, ranked below the abstract's (TITLE weight). Read on its own: a title naming two arms gives
    no order to the abstract's bare pairs."""
    for sent in iter_sentences(doc, include_title=True):
        if sent.section != "TITLE":
            break  # the title comes first
        if not _VALUE_ANY.search(sent.text) or not find_measures(sent.text, RULES) or model_input(sent.text):
            continue
        sent = _normalised(sent)
        measures = find_measures(sent.text, RULES)
        _durations(sent, measures, cands, arms=arms, values=values)
        _five_year(sent, measures, cands, arms=arms, values=values)


def extract_survival(doc: Doc) -> list[Finding]:
    """The survival findings of a processed doc (at most one per field; none for a case report)."""
    if _single_patient(doc):
        return []
    cands: list[ValueCandidate] = []
    sents = list(iter_sentences(doc))
    views: list[ArmView] = []
    values = _value_view(doc)

    def arms(text: str) -> str:
        # built on the first arm look-up only: most docs never ask (its abbreviation scan is not free)
        if not views:
            views.append(_with_pronoun_arm(_arm_view(doc)))
        return views[0](text)

    breast = breast_label_views(doc, sents)

    orders: dict[int, int | None] = {}

    def arms_order(index: int) -> int | None:
        if index not in orders:
            text = arms(sents[index].text)
            orders[index] = arm_order(text, RULES) if _names_an_arm(text) else None
        return orders[index]

    def prior_order(index: int) -> PriorOrder:
        # asked only for a bare pair of values (rare): the arms' order of the last earlier sentence naming both
        return lambda: next((o for j in range(index - 1, -1, -1) if (o := arms_order(j)) is not None), None)

    for index, sent in enumerate(sents):
        if not find_measures(sent.text, RULES) or model_input(sent.text):
            continue
        sent = _normalised(sent)  # the rewrites keep the measure words: only sentences with one are rewritten
        measures = find_measures(sent.text, RULES)
        scope = lambda index=index: breast(index)  # noqa: E731
        _durations(sent, measures, cands, prior_order(index), arms,
                   lambda index=index: arms_order(index - 1) if index > 0 else None, values, scope)
        _not_reached(sent, measures, cands, arms, scope)
        _five_year(sent, measures, cands, prior_order(index), arms,
                   lambda index=index: arms_order(index - 1) if index > 0 else None, values, scope)
    _title(doc, cands, arms, values)
    if cands and _mixed_sites(doc_text(doc)):
        cands = _liver_group_first(cands)
    cands = _whole_study_of_arms(cands, sents, arms)
    return _select(doc, breast_group_first(doc, cands))
