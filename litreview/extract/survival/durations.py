"""Median OS, median DFS and median follow-up: durations tied to their measures, and medians not reached.

* :func:`_durations`: a sentence's durations tied to their measure (directly, one measure per value, the surgical
  arm's of a pair by "versus" or by the arms' order in this or an earlier sentence, by time origin, the liver's of a
  per-site list), then screened (subgroups, comparators, other arms, origins, means, bounds) and scored.
* :func:`_not_reached`: "median OS had not been reached", "neither median OS nor median RFS had been reached" (NR).
"""

from __future__ import annotations

import re

from litreview.extract.measures import (
    ValueCandidate,
    Measure,
    Sent,
    arm_order,
    clause_index,
    find_duration_groups,
    post_context,
)
from litreview.extract.numbers import to_months
from litreview.extract.prefilter import may_match
from litreview.extract.survival.vocab import (
    RULES,
    _FROM_DIAGNOSIS,
    _FROM_DIAGNOSIS_WEIGHT,
    _WHOLE_STUDY,
    ArmView,
    BreastView,
    PriorOrder,
    _collapse,
    _cue,
    _no_breast_scope,
    _same,
)
from litreview.extract.survival.arms import (
    _arm_at,
    _pair_order,
    _arm_list_after,
    _arm_list_closing,
    _whole_list_after,
    _factor_pair,
    _groups_named_before,
    _names_an_arm,
    _other_arm_relative,
    _other_arm_scope,
    _own_group_labels,
    _respectively_after,
    _surgical_second_of_arm_pair,
    _label_pair_order,
    _through_respectively,
    _unlabelled,
    _until_comparison,
    _whole_study,
)
from litreview.extract.survival.subgroups import (
    _MATCHED_WEIGHT,
    _comparator_value,
    _label_start,
    _matched_subset,
    _not_reached_group_pair,
    _not_reached_in_one_group,
    _past_described_counts,
    _per_group_value,
    _relapsed_only,
    _resection_kind_label,
    _subgroup_scope,
    _versus_the_rest,
)
from litreview.extract.survival.background import _common_score
from litreview.extract.survival.origins import (
    _from_metastasis_diagnosis,
    _names_own_origin,
    _origin_labelled_pair,
    _origin_pair,
    _origin_rejected,
    _origins,
    _registry_origin,
)
from litreview.extract.survival.sites import _site_list_index, _site_list_values
from litreview.extract.survival.breast import LIST_COHORT, PRIMARY_LIST_WEIGHT, _cohort_of_primary_list


_RATE_MEASURE = re.compile(r"\b(?:\d{1,2}|one|two|three|five|ten)\s*-?\s*(?:years?|yrs?|y)\s*$", re.IGNORECASE)


def _not_reached_pair_position(text: str, start: int, end: int) -> int | None:
    """The position (0/1) of a lone value in a pair whose other median was not reached ("median OS not reached vs
    31 months" -> 1, "29 months vs not reached" -> 0), ``None`` when it is no such pair's."""
    if may_match(before := _cue("cue.not_reached_then_value"), text) \
            and before.search(text[max(0, start - 40):start]):
        return 1
    if may_match(after := _cue("cue.value_then_not_reached"), text) and after.search(text[end:end + 40]):
        return 0
    return None


def _how_of(chosen: list[tuple[Measure, int, str]]) -> str | None:
    """How the values of a group were tied to their measure (the first choice's), ``None`` when none was."""
    return chosen[0][2] if chosen else None


#: a comma aside without figures between a measure and its verb ("Median OS, measured from resection in the resection
#: group and from the start of first-line therapy in the systemic group, was 67 and 31 months"), also after the
#: measure's bracketed abbreviation ("Median overall survival (OS), calculated from ..., was ...")
_ASIDE_GAP = re.compile(r"\s*\)?\s*,[^,;.\d()]{8,160},\s*(?:was|were|is|are|amounted\s+to|reached)\s*$",
                        re.IGNORECASE)


#: a bracketed aside without figures ("(for controls, the corresponding matched date)"): no length of the gap
_BRACKET_ASIDE = re.compile(r"\s*\([^()\d]{3,120}\)")
_VERB_BEFORE_VALUE = re.compile(r"\b(?:was|were|is|are)\s*$", re.IGNORECASE)


def _aside_before_value(text: str, measure_end: int, start: int) -> bool:
    """The measure is far from its value only because a comma aside stands between them, after which the verb
    leads straight to the value, or because a bracketed aside without figures does ("Median OS from the date of
    hepatectomy (for controls, the corresponding matched date) was 50 months"): the value is still the measure's."""
    if start - measure_end > 200:
        return False
    gap = text[measure_end:start]
    if "," in gap[:3] and _ASIDE_GAP.match(gap):
        return True
    if "(" not in gap:  # the cheap literal test first
        return False
    bare = _BRACKET_ASIDE.sub("", gap)
    return len(bare) <= 80 and bool(_VERB_BEFORE_VALUE.search(bare))


def _subgroup_read_on(window: str, text: str, end: int, after: str, scope: str, breast: BreastView) -> bool:
    """Whether a value's window still names a subgroup when the words after the value are read further.

    The window keeps only a few words after the value; "49 months after liver resection in 43 women whose breast
    cancer had spread to the liver" is cut inside the relative clause, whose end says it describes the operated
    cohort itself (the subgroup cue's own exemptions need those words).
    """
    longer = post_context(_until_comparison(text, end), end, 100)
    if len(longer) <= len(after):
        return True
    wide = window[:len(window) - len(after) - len(scope)] + longer + scope
    return bool(_cue("cue.subgroup").search(wide) and _cue("cue.subgroup").search(breast()(wide)))


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
    if not site_list:
        # a list by primary tumour ("63 months for genitourinary primaries, followed by 44.4 months for breast
        # cancer"): the breast value is read like the liver's of a per-site list
        site_list = _cohort_of_primary_list(sent, groups)
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
        # ("a median of 41 months", "with a median value of 18 months", "a median of the reported medians of 45 months")
        median_right_before = _cue("cue.median_before_value").search(text[max(0, group.start - 60):group.start])
        if _cue("cue.qualifier_before").search(lead) and not median_right_before \
                and not (site_list.get(group.start) in LIST_COHORT and re.search(r"\bfollowed\s+by\s*$", lead)):
            continue  # ("63 months for lung/genitourinary primaries, followed by 44.4 months for liver/breast": a list)
        label_end[ci] = group.end
        after = post_context(_until_comparison(text, group.end), group.end)  # (not the comparator's label)
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
            # "median OS was 62 months after R0 and 31 months after R1 resection; for the whole cohort it was 55
            # months": the whole cohort's value takes the measure of the clause before
            pronoun = ci > 0 and bool(_cue("cue.whole_pronoun").search(text[c_start:group.start]))
            shared = whole_after or site in LIST_COHORT or pronoun \
                or _origin_pair(text[region_start:group.start], after, arms) \
                or _surgical_second_of_arm_pair(text[region_start:group.start], after, arms)
            if not (median_right_before or shared):
                continue
            # (a list's value may borrow the measure across a bracketed "(n = 549; range ...)" of an earlier value)
            earlier = [m for m in measures if m.end <= group.start
                       and (median_right_before or m.start >= c_start or site in LIST_COHORT
                            or (pronoun and m.start >= sent.clauses[ci - 1][0]))]
            if not earlier:
                continue
            in_bracket = text.count("(", 0, group.start) > text.count(")", 0, group.start)
            if not shared and not in_bracket and any(
                    earlier[-1].end <= g.start and g.end <= group.start and not g.is_range
                    and not _cue("cue.qualifier_before").search(text[max(0, g.start - 30):g.start])
                    for g in groups if g is not group):  # (a range or a time point, "at five years", is no value)
                # "With a median follow-up of 31 months, fifteen women developed recurrence, which appeared after a
                # median of 11 months": the measure has its own value already; a bare "a median of" after it is
                # some other time (here the recurrences'), not a second value of that measure; a bracketed median
                # ("29.4 ± 14.5 months (range 12-64, median 29.5 months)") still is the measure's
                continue
            region = [earlier[-1]]
            fallback = True
        kinds = _collapse(region)
        if not fallback and kinds[-1].end <= group.start and group.start - kinds[-1].end > 80 \
                and not _aside_before_value(text, kinds[-1].end, group.start):
            continue
        items = group.items
        n = len(items)
        chosen: list[tuple[Measure, int, str]] = []  # measure, item index, how
        respectively = _respectively_after(text, group.end, len(group.items))
        if group.versus and n == 2 and len(kinds) > 1:
            # "no difference in OS (P = 0.64) or in DFS (median 17 vs. 15 months)": two arms' values of the
            # nearest measure, not one value per measure
            kinds = kinds[-1:]
        if n == 1 and (nr_pos := _not_reached_pair_position(text, group.start, group.end)) is not None:
            # "median OS not reached vs 31 mo": one arm's value of a pair whose other median was not reached; the
            # surgical arm's only when the arms' order says so (else its median is the "not reached")
            if _pair_order(text, prior_order, arms)[0] != nr_pos:
                continue
            chosen.append((kinds[-1], 0, "versus-not-reached"))
        elif n == 1:
            chosen.append((kinds[-1], 0, "direct"))
        elif len(kinds) == n:
            chosen.extend((kinds[i], i, "respectively") for i in range(n))
        elif len(kinds) == 1 and group.versus and n == 2:
            if _versus_the_rest(text, group.end):
                continue  # "TN: median OS 13 mo vs 36 mo others": a subgroup against the rest of the cohort
            idx, how = _pair_order(text, prior_order, arms, group.start)
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
            elif (list_idx := _whole_list_after(text, group.end, n, arms)) is not None:
                # "57, 41 and 60 months for the whole cohort, the elderly and the younger patients, respectively"
                chosen.append((kinds[0], list_idx, "respectively-whole-cohort"))
            elif n > 2 and (list_idx := _arm_list_after(text, group.end, n, arms)) is not None:
                # "71.0, 52.3 and 30.5 months in the resection, MWA and systemic groups, respectively"
                chosen.append((kinds[0], list_idx, "respectively-arms"))
            # otherwise the origins are treatments ("17 months after LR and 10 months after RFA, while median OS
            # was 55 and 43 months, respectively"): they name the arms
            elif n == 2 and ((idx := arm_order(arms(labelled := _through_respectively(text, group.end)), RULES))
                             is not None or (idx := _label_pair_order(text, group.end, arms)) is not None):
                # "62.4 and 35.1 months in the surgery and systemic groups, respectively", "33 and 61 months for
                # systemic therapy and hepatectomy, respectively"
                chosen.append((kinds[0], idx, "respectively-arms"))
            elif n == 2 and not _own_group_labels(text, group.end) and (prior := prior_order()) is not None \
                    and not _names_an_arm(arms(labelled)) and not _groups_named_before(text, group.start, arms):
                chosen.append((kinds[0], prior, "respectively-prior-arms"))
        elif len(kinds) == 1 and n > 2 and not group.versus \
                and (list_idx := _arm_list_closing(text, group.end, n, arms)) is not None:
            # "Median OS was 63, 48 and 30 months, ..., and median PFS 18, 13 and 9 months in the LR, TA and ST
            # groups": arm labels closing the lists without "respectively"
            chosen.append((kinds[0], list_idx, "arm-list"))
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
            if how == "direct" and _not_reached_group_pair(text, c_start, item.start, item.end, arms):
                continue  # "not reached in the low-grade group and was 38 months in the high-grade group"
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
            window_start = _label_start(text, label_region_start, c_start, kinds[0].start)
            # (a count of patients with a trait listed as its own item before the value labels only its count)
            window_start = _past_described_counts(text, window_start, kinds[0].start, breast)
            window = text[window_start:group.start] + " " + after
            if how == "respectively-whole-cohort":
                window = text[window_start:group.start]  # (the labels after the list are the other groups' too)
            if fallback:
                window = text[max(region_start, group.start - 40):group.start] + " " + after
            scope_words = _subgroup_scope(text, c_start)
            window += scope_words  # the clause's opening scope labels each of its values
            if _cue("cue.subgroup").search(window) and _cue("cue.subgroup").search(breast()(window)) \
                    and _subgroup_read_on(window, text, group.end, after, scope_words, breast):
                continue  # (the breast patients of a mixed-primary series are no subgroup: the cohort)
            weight = _common_score(sent, window)
            if weight is None:
                continue
            span_text = text[region_start:group.start]
            near_measure = text[max(0, measure.start - 25):measure.end]
            median = bool(median_re.search(span_text) or median_re.search(near_measure) or median_right_before)
            if not median and may_match(notation := _cue("cue.median_notation"), text):
                # "The follow-up time was 36 (22, 51) months [M (Q1, Q3)]": a median told by its notation
                median = bool(notation.search(span_text) or notation.match(text, group.end, group.end + 30))
            mean = item.sd or (bool(mean_re.search(span_text)) and not median)
            if mean and measure.field != "median_followup_months":
                continue
            # (the measure's own words, "The longest expected median survival was 63 months for ..., followed by
            # 44.4 months for breast cancer", qualify the list's first value, not the one that borrows the measure)
            if _cue("cue.bound").search(span_text + " " + ("" if fallback and site in LIST_COHORT else near_measure)):
                continue  # "minimum follow-up of 12 months", "at least 5 years"
            if measure.field == "median_followup_months" and not median and not mean:
                continue  # "a follow-up period of 12 years" is not a median
            unit = group.unit
            if n > 1 and (own := _cue("cue.item_unit").match(text, item.end)):
                unit = own.group("unit")  # "3.5 years and 14.0 months, respectively": each value's own unit
            months = to_months(item.value, unit)
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
            elif site == "breast":
                score *= PRIMARY_LIST_WEIGHT  # the breast value of a list by primary: not the whole series' value
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


_NOT_REACHED_FIELDS = ("median_os_months", "median_dfs_months")
_VERSUS_AFTER = re.compile(r"\s*\)?\s*(?:,\s*)?(?:vs\.?|versus|compared\s+(?:with|to))\s", re.IGNORECASE)


def _value_versus_before(text: str, start: int) -> bool:
    """Another arm's value and "versus" right before a "not reached" ("29 months vs not reached")."""
    pattern = _cue("cue.value_versus_before")
    return may_match(pattern, text) and bool(pattern.search(text[max(0, start - 40):start]))


def _not_reached_span(sent: Sent, measure: Measure, neither: list[re.Match[str]]) -> tuple[int, int] | None:
    """Where the text says the measure's median was not reached: after it ("median OS had not been reached")
    or around a list it belongs to ("neither median OS nor median RFS had been reached")."""
    text = sent.text
    for m in neither:
        if m.start("list") <= measure.start < m.end("list"):
            return m.start(), m.end()
    c_start, c_end = sent.clauses[clause_index(sent, measure.start)]
    if "reach" in text or "attain" in text:  # (the cheap literal first)
        # "the conversion group had not yet reached its median overall survival": told before the measure
        before = _cue("cue.not_reached_before_measure").search(text, max(c_start, measure.start - 60), measure.start)
        if before is not None and before.end() == measure.start:
            return before.start(), measure.end
    tail = text[measure.end:min(c_end, measure.end + 70)]
    m = _cue("cue.not_reached").search(tail)
    if m is None or _cue("cue.stated_value").search(tail[:m.start()]):
        return None  # "median OS was 50 months and median DFS was not reached": the later measure's
    return measure.end + m.start(), measure.end + m.end()


def _not_reached(sent: Sent, measures: list[Measure], cands: list[ValueCandidate], arms: ArmView = _same,
                 breast: BreastView = _no_breast_scope, prior_order: PriorOrder = lambda: None) -> None:
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
        if _not_reached_in_one_group(text, end, arms):
            continue  # "not reached in the low-grade group and was 38 months in the high-grade group"
        weight = _common_score(sent, window)
        if weight is None:
            continue
        # "had not been reached in the LR group and was 38 months in the ST group": the arm named after it
        pair_pos = 0 if _VERSUS_AFTER.match(text, end) else 1 if _value_versus_before(text, start) else None
        if pair_pos is None:
            arm = _arm_at(text, start, end, arms)
            weight *= 1.1 if arm == "surgical" else 0.75 if arm == "other" else 1.0
        else:
            # "median OS not reached vs 31 mo", "29 months vs not reached": one arm's median of a pair; the
            # surgical arm's by the arms' order (in this sentence or an earlier one), else the other arm's; with
            # no surgical arm known (two drugs), neither
            if _pair_order(text, prior_order, arms)[0] != pair_pos:
                continue
            weight *= 1.1
        kind = "os" if measure.field == "median_os_months" else measure.kind
        cands.append(ValueCandidate(measure.field, "NR", sent, start, end, weight, f"survival.{kind}.not_reached",
                                    measure.note if measure.field == "median_dfs_months" else None))
