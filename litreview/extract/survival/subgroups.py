"""Values of a subgroup or of another group rather than the cohort, and the words that label a value.

* Where a value's own label begins in its clause, the group a clause opens with ("In the repeat-hepatectomy group,
  ...") labelling every value of it, and an earlier value's labels left out of a later value's window ("ranging by
  subtype from 63 months for HR+ to 22 months for TNBC (p < 0.001), and the 5-year OS rate was ..."); a count of
  patients with a trait listed as its own item ("63 patients (71.6%) had ER-positive primaries, ..., median OS was
  57 months") labels only that count (:func:`_past_described_counts`).
* Group-labelled pairs ("47 months in the synchronous group and 69 months in the metachronous group"; also two
  operated groups, "15 months in the resection-only group and 9 months in the combined group"), comparator
  values ("as compared with 24% for those given chemotherapy alone"), one kind of resection ("19 months after
  laparoscopic resection"), a time to recurrence among the patients who relapsed, and a propensity-matched subset
  (ranked below the whole operated arm's value).
"""

from __future__ import annotations

import re

from litreview.extract.measures import Measure, arm_of
from litreview.extract.prefilter import may_match
from litreview.extract.survival.vocab import RULES, _UNIT_LEAD, _VALUE_ANY, ArmView, BreastView, _cue, _no_breast_scope
from litreview.extract.survival.arms import _names_an_arm


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


#: the second group's own label after the digit a group-label pair ends on ("...and 9| months in the combined group")
_SECOND_GROUP_LABEL = re.compile(r"[\d.,]*\s*(?:%|months?|mo|years?|yrs?)?\s*(?:in|for|among|with)\s+(?:the\s+)?"
                                 r"(?P<label>(?:[A-Za-z][\w+-]*\s+){1,3}?(?:group|arm|cohort|subgroup|patients|women))\b",
                                 re.IGNORECASE)


_OPERATED_KIND = re.compile(r"\b(?:combined|concomitant|simultaneous|staged|two-stage|repeat|major|minor|extended|"
                            r"anatomical|non-?anatomical|laparoscopic|open|robotic|R[012])\b", re.IGNORECASE)


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
        # arm labels: the arm rules rank the pair, unless the other group's label names no other arm ("15 months in
        # the resection-only group and 9 months in the combined group": two kinds of operated patients)
        second = _SECOND_GROUP_LABEL.match(tail, m.end())
        if second is None or _cue("arm.other").search(arms(m.group(0))):
            return False
        label = arms(second.group("label"))
        # (the second group named as operated too: by the surgical arm's words or a kind of operation; an unknown
        # label, "the systemic-alone cohort", is left to the arm rules)
        return not _cue("arm.other").search(label) and bool(_cue("arm.surgical").search(label)
                                                             or _OPERATED_KIND.search(label))
    # "17 months in the breast subgroup and 13 months overall" in a mixed-primary series: the cohort's value
    # "17 months in the breast subgroup and 13 months overall" in a mixed-primary series: the cohort's value
    return breast()(m.group(0)) == m.group(0)


def _not_reached_group_pair(text: str, c_start: int, start: int, end: int, arms: ArmView) -> bool:
    """The value and a median "not reached" are each labelled with a group ("median OS had not been reached in the
    low-grade group and was 38 months in the high-grade group", "41 months in the short-interval group but not
    reached in the long-interval group"): per-group medians, none the cohort's, unless the value's label names a
    treatment arm (the arm rules then rank it)."""
    if "reached" not in text and "attained" not in text and "NR" not in text:
        return False
    after = _cue("cue.group_then_not_reached").match(text[end:end + 160])
    if after is not None:
        return not _names_an_arm(arms(after.group("label")))
    before = _cue("cue.not_reached_group_before")
    if not (may_match(before, text) and before.search(text[max(c_start, start - 140):start])):
        return False
    own_label = re.split(r"[,;]", text[end:end + 60], maxsplit=1)[0]  # the value's own label ("in the X group")
    return not _names_an_arm(arms(own_label))


def _not_reached_in_one_group(text: str, end: int, arms: ArmView) -> bool:
    """A median "not reached" labelled with its group and followed by another group's ("had not been reached in
    the low-grade group and was 38 months in the high-grade group"): one group's median, not the cohort's, unless
    the label names a treatment arm (the arm rules then rank it)."""
    m = _cue("cue.not_reached_group_label").match(text[end:end + 120])
    return m is not None and not _names_an_arm(arms(m.group("label")))


def _follows_group_value(text: str, prev_end: int, start: int, c_end: int, arms: ArmView) -> bool:
    """The value is the second of a group-labelled pair: the value ending at ``prev_end`` is labelled with a group
    that is no treatment arm and the list runs on to this value ("31% for the early-relapse patients and 52% ...")."""
    tail = text[prev_end:c_end]
    if not any(w in tail[:80] for w in (" in ", " for ", " among ", " with ")):
        return False
    m = _cue("cue.group_label_pair").match(tail)
    return m is not None and prev_end + m.end() - 1 == start and not _names_an_arm(arms(m.group(0)))


def _relapsed_only(text: str, measure: Measure, c_start: int, start: int) -> bool:
    """A time to recurrence in a clause that counts the patients who relapsed ("Twenty patients developed
    recurrence, after a median time to recurrence of 11 months"): measured among them only, no DFS of the cohort."""
    if measure.field != "median_dfs_months" or not _cue("cue.time_to_event").search(text, measure.start, measure.end):
        return False
    return bool(_cue("cue.relapse_count").search(text, c_start, start))


def _subgroup_scope(text: str, c_start: int) -> str:
    """The group a clause opens with, as a window suffix (" | " + scope), or "": "In the repeat-hepatectomy group,
    survival ... was 95% at 3 years and 84% at 5 years, with a median of 100 months" - the scope labels every value
    of the clause, also those whose own window starts after an earlier value."""
    if not text[c_start:c_start + 12].lstrip(" (").lower().startswith(("in ", "among ", "for ", "within ")):
        return ""
    m = _cue("cue.scope_arm").match(text[c_start:c_start + 80])
    return " | " + m.group("scope") if m else ""


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


def _versus_the_rest(text: str, end: int) -> bool:
    """A versus pair labelled after it with the rest of the cohort ("TN: median OS 13 mo vs 36 mo others"): a
    subgroup compared with the others, not the arms of an earlier sentence."""
    pattern = _cue("cue.rest_label_after")
    return may_match(pattern, text) and bool(pattern.match(text[end:end + 60]))


def _top_level_items(text: str) -> list[str]:
    """``text`` split at the commas outside brackets."""
    items, depth, last = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            items.append(text[last:i])
            last = i + 1
    items.append(text[last:])
    return items


def _past_described_counts(text: str, lo: int, measure_start: int, breast: BreastView = _no_breast_scope) -> int:
    """Where a value's label window starts when the sentence lists facts of the cohort before it, each an item with
    its own count ("In the breast subgroup, 63 patients (71.6%) had ER-positive primaries, R0 resection was achieved
    in 80 of 88 (90.9%), median OS was 57 months"): the receptor words label their count, not the value whose item
    opens with its measure. ``lo`` unless every earlier item naming a subgroup is such a count ("Patients with
    ER-positive tumours, median OS ..." or "..., and their median OS ...": not cut)."""
    subgroup = _cue("cue.subgroup")
    region = text[lo:measure_start]
    if not may_match(subgroup, region):
        return lo
    lead = _cue("cue.measure_item_lead").search(region)
    if lead is None or lead.start() == 0:
        return lo
    described = _cue("cue.count_description")
    labelled = [item for item in _top_level_items(region[:lead.start()])
                if subgroup.search(item) and subgroup.search(breast()(item))]
    if not labelled or not all(described.search(item) for item in labelled):
        return lo
    return lo + lead.start()
