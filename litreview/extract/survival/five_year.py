"""5-year overall survival: year lists and the rate written for five years.

* Year tokens and lists ("1-, 3- and 5-year", "at 1, 3 and 5 years", "at three and five years", "survival in 5
  years", "44% in 5 years"), one rate for two
  time points ("58.9% at both 3 and 5 years"), a list split by bracketed CIs ("91% (95% CI 88-93%), 63% (...) and
  44% (...)") and per-group values split that way.
* :func:`_five_year`: a sentence's rate for five years (from a year list, one rate per measure, the surgical arm's of
  a pair, the liver's of a per-site list), screened like the durations (subgroups, comparators, other arms, origins)
  and scored.
* A pair after the sentence's own labelled duration pair follows its labels (:func:`_labelled_pair_before`: a
  treatment origin against a diagnosis, the surgical arm against another, breast against another primary); "the
  corresponding 5-year estimates" borrow the OS measure of the clause before; a rate may follow a long comma aside
  after its measure ("The 5-year OS rate, pooled across the 21 studies that reported it ..., was 39%"); a bare rate
  of a telegraphic list ("OS: median 53 mo; 3-y 68%; 5-y 44%") takes the list's measure and labels.
"""

from __future__ import annotations

import re

from litreview.extract.measures import (
    ValueCandidate,
    Measure,
    Sent,
    ValueGroup,
    arm_order,
    clause_index,
    find_duration_groups,
    find_percent_groups,
    post_context,
    vs_index,
)
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
    _arm_list_before,
    _arm_list_closing,
    _whole_list_after,
    _groups_named_before,
    _label_pair_order,
    _names_an_arm,
    _other_arm_relative,
    _other_arm_scope,
    _own_group_labels,
    _respectively_after,
    _scope_arm,
    _unlabelled,
    _until_comparison,
    _whole_study,
)
from litreview.extract.survival.subgroups import (
    _MATCHED_WEIGHT,
    _comparator_value,
    _follows_group_value,
    _matched_subset,
    _past_described_counts,
    _per_group_value,
    _subgroup_scope,
    _versus_the_rest,
    _without_value_labels,
)
from litreview.extract.survival.background import _common_score
from litreview.extract.survival.origins import (_origin_rejected, _own_origin_after_diagnosis, _registry_origin,
                                               _without_valued_asides)
from litreview.extract.survival.sites import _rate_site_index, _site_list_values
from litreview.extract.survival.breast import PRIMARY_LIST_WEIGHT, _cohort_of_primary_list


_COMPARED_BETWEEN = re.compile(r"\b(?:compared\s+(?:with|to)|as\s+against|versus|vs\b)", re.IGNORECASE)


def _split_list(sent: Sent, group: ValueGroup, groups: list[ValueGroup]) -> bool:
    """``group`` is the first of values split by brackets and closed by "respectively" later in its clause."""
    c_start, c_end = sent.clauses[clause_index(sent, group.start)]
    later = [g for g in groups if group.end <= g.start < c_end]
    earlier = [g for g in groups if c_start <= g.start and g.end <= group.start]
    if later:
        # "the 5-year OS was 31%, compared with 58 months and 47%, respectively, in the younger women": the later
        # values are a comparator's, not the rest of this value's list
        return not _COMPARED_BETWEEN.search(sent.text, group.end, later[0].start) \
            and _respectively_after(sent.text, later[0].end)
    if earlier and re.fullmatch(r"[^\d]*", sent.text[earlier[-1].end:group.start].split(")")[-1].replace("95%", "")):
        # the last of the split values: "... 37% (95% CI ...), and 88% (...), respectively"
        return _respectively_after(sent.text, group.end)
    return False


#: between the two rates of a pair split by the first one's bracket of figures ("57% (95% CI 41-71) and 29%")
_BRACKET_PAIR_GAP = re.compile(r"\s*%?\s*\((?=[^()]*\d)[^()]{1,60}\)\s*,?\s*(?P<vs>and|vs\.?|versus)\s+$", re.IGNORECASE)
#: a rate before the pair that opens the same list ("89% (...), 60% (...) and 38% (...)"): no pair then
_LIST_ITEM_BEFORE = re.compile(r"\s*%?\s*(?:\([^()]{1,60}\)\s*)?(?:,|,?\s*(?:and|vs\.?|versus))\s*$", re.IGNORECASE)
#: the end of the pair: its second rate's own bracket, then "respectively"
_PAIR_RESPECTIVELY = re.compile(r"\s*%?\s*(?:\([^()]{1,60}\)\s*)?,?\s*respectively\b", re.IGNORECASE)


def _bracket_split_pairs(text: str, groups: list[ValueGroup]) -> list[ValueGroup]:
    """``groups`` with each pair of single rates split by the first one's bracket of figures and closed by
    "respectively" ("5-year OS was 57% (95% CI 41-71) and 29%, respectively") joined into one pair, read like
    "57% and 29%, respectively"."""
    if "respectively" not in text or "(" not in text:  # (the cheap literals first)
        return groups
    out: list[ValueGroup] = []
    i = 0
    while i < len(groups):
        a = groups[i]
        b = groups[i + 1] if i + 1 < len(groups) else None
        gap = _BRACKET_PAIR_GAP.match(text[a.end:b.start]) if b is not None else None
        if b is not None and gap is not None and len(a.items) == 1 and len(b.items) == 1 \
                and not a.is_range and not b.is_range and _PAIR_RESPECTIVELY.match(text, b.end) \
                and not (out and _LIST_ITEM_BEFORE.match(text[out[-1].end:a.start])):
            out.append(ValueGroup((a.items[0], b.items[0]), a.unit, a.start, b.end, gap.group("vs").lower() != "and"))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


_YEAR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_YEAR_TOKEN = re.compile(
    r"(?<![\d.,])\b(?P<a>\d{1,2}|one|two|three|four|five|ten)\s*-\s*(?:years?|yrs?|y)\b"
    r"|(?<=\bat\s)(?P<e>\d{1,2}|one|two|three|four|five|ten)\s+(?:years?|yrs?)\b"
    r"|(?<=\bafter\s)(?P<f>\d{1,2}|one|two|three|four|five|ten)\s+(?:years?|yrs?)\b"
    # "the survival in 5 years was 39.5%": a time point after "in" (not "within": dying within 5 years)
    r"|(?<=\bin\s)(?P<j>\d{1,2}|one|two|three|four|five|ten)\s+(?:years?|yrs?)\b"
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


#: a list of rates closed by "respectively" and then given one time point ("overall and disease-free survival rates
#: were 41% and 21%, respectively, at 5 years")
_RESPECTIVELY_AT = re.compile(r"\s*%?\s*\)?\s*,?\s*respectively\s*,?\s*(?:at|after)\s+(\d{1,2}|one|three|five|ten)\s*-?\s*"
                              r"(?:years?|yrs?)\b", re.IGNORECASE)


_BOTH_BEFORE = re.compile(r"\bboth\s*(?:at\s+|of\s+)?$", re.IGNORECASE)


#: a clause holding only values, units and year labels ("; 5-yr 37%", "; median 15 mo"): an item of a telegraphic list
#: whose measure is named once before it
_BARE_CLAUSE = re.compile(r"(?:[\s\d.,:=%()\-]|\b(?:median|rates?|at|of|was|and|the|mo|mos|months?|yrs?|years?|y|one|"
                          r"three|five|ten)\b)*$", re.IGNORECASE)


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


def _whole_pronoun_clause(sent: Sent, ci: int, group: ValueGroup,
                          year_lists: list[tuple[list[int], int, int]]) -> int | None:
    """The single rate of a clause giving the whole cohort's value with a pronoun ("Pooled 5-year OS was 42.3% after
    R0 and 23.5% after R1/R2 resection; across all patients it was 39.8%"), when the clause before names the 5-year
    time point only: that clause's start (its measure is the rate's), else ``None``."""
    if ci == 0 or len(group.items) != 1:
        return None
    c_start = sent.clauses[ci][0]
    pattern = _cue("cue.whole_pronoun")
    if not pattern.search(sent.text[c_start:group.start]):
        return None
    p_start, p_end = sent.clauses[ci - 1]
    lists = [yl for yl in year_lists if p_start <= yl[1] and yl[2] <= p_end]
    return p_start if lists and all(yl[0] == [5] for yl in lists) else None


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
    pgroups = _bracket_split_pairs(text, pgroups)
    site_list = _site_list_values(sent, pgroups)  # "62% for lung, 42% for liver and 19% for brain"
    if not site_list:
        # "17.3% and 8.6% for gastrointestinal carcinoma, 53.9% and 24.6% for breast cancer": read like a site list
        site_list = _cohort_of_primary_list(sent, pgroups)
    year_lists = _year_lists(text)
    prev_end: dict[int, int] = {}
    for group in pgroups:
        ci = clause_index(sent, group.start)
        c_start, c_end = sent.clauses[ci]
        region_start = max(c_start, prev_end.get(ci, c_start))
        prev_end[ci] = group.end
        lead = text[max(0, group.start - 25):group.start]
        if _cue("cue.qualifier_before").search(lead) and not re.search(r"\bat\s+\d+\s*-?\s*(?:years?|yrs?)\W*$",
                                                                      lead, re.I) \
                and not ("at" in lead and _cue("cue.rate_estimated_at").search(lead)):
            continue  # (a rate "estimated at 38%" is the rate itself, not a bound)
        years: list[int] | None = None
        borrowed: int | None = None  # start of the clause before, when a whole-cohort pronoun clause borrows from it
        split_by_cis = False
        list_lead = c_start  # where the words labelling the rate begin (earlier for an item of a telegraphic list)
        own_time_point = False  # "44% at 5 years": the rate names its time point right after it
        tail = text[group.end:group.end + 90]  # (room for a rewritten word percentage's padding)
        # "44% at 5 years", "44% of patients alive at 5 years"
        # ("34% of patients were estimated to be alive at five years")
        m_after = re.match(r"\s*%?\s*\)?\s*(?:of\s+(?:the\s+|all\s+)?(?:patients|women)\s+(?:were\s+|remained\s+|still\s+|"
                           r"(?:were\s+)?estimated\s+to\s+(?:be|have\s+been)\s+)*alive\s+)?"
                           r"(?:at|after|in)\s+(\d{1,2}|one|three|five|ten)\s*-?\s*(?:years?|yrs?)\b", tail, re.I)
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
        elif len(group.items) > 1 and (m_resp := _RESPECTIVELY_AT.match(tail)):
            years = [_year_value(m_resp.group(1))]  # "OS and DFS rates were 41% and 21%, respectively, at 5 years"
        elif m_after and len(group.items) == 1:
            own_time_point = True
            raw = m_after.group(1)
            years = [int(raw) if raw.isdigit() else _YEAR_WORDS[raw.lower()]]
        elif m_post and len(group.items) == 1 and not in_paren:
            raw = m_post.group(1)
            years = [int(raw) if raw.isdigit() else _YEAR_WORDS[raw.lower()]]
        elif (borrowed := _whole_pronoun_clause(sent, ci, group, year_lists)) is not None:
            years = [5]  # "...; across all patients it was 39.8%": the time point of the clause before
        else:
            before = [yl for yl in year_lists if yl[2] <= group.start and yl[1] >= c_start]
            if not before:
                continue
            distance = group.start - before[-1][2]
            chain = _bracket_chain(text, pgroups, group, before[-1][2], c_end)
            # a parallel list ("... and the corresponding overall survival rates were 95%, 70% and 50%")
            # may sit further from its years
            if distance > 90 and not (len(before[-1][0]) == len(group.items) > 1 and distance <= 220) \
                    and not (chain and distance <= 220) \
                    and not (distance <= 200 and _aside_before_value(text, before[-1][2], group.start, measures)):
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
        # ("overall survival was 62% at 3 years and 41% at 5 years, and DFS 35% and 20%, respectively": a rate
        # labelled with its own time point is no item of a bracket-split list closed by that "respectively")
        if len(group.items) == 1 and not split_by_cis and not own_time_point and _split_list(sent, group, pgroups):
            continue  # "37 per cent (95%CI ...), and 88 per cent (...) respectively": per-group values
        m_region = [m for m in measures if m.start >= (borrowed if borrowed is not None else
                                                       max(c_start, region_start - 60)) and m.end <= group.start]
        if not m_region:
            m_region = [m for m in measures if c_start <= m.start and m.start <= group.end + 40
                        and m.start >= group.end]
        if not m_region and ci > 0 and _cue("cue.corresponding").search(text[c_start:group.start]):
            # "...; the corresponding 5-year estimates were 51.2% and 27.5%": the measure of the clause before
            m_region = [m for m in measures if sent.clauses[ci - 1][0] <= m.start and m.end <= c_start
                        and m.field == "median_os_months"][-1:]
        if not m_region and ci > 0 and _BARE_CLAUSE.match(text, c_start, c_end):
            # "OS: median 53 mo; 3-y 68%; 5-y 44%": a bare rate of a telegraphic list takes the measure of the first
            # clause before it that is no bare list item
            j = ci - 1
            while j > 0 and _BARE_CLAUSE.match(text, *sent.clauses[j]):
                j -= 1
            m_region = [m for m in measures if sent.clauses[j][0] <= m.start and m.end <= sent.clauses[j][1]][-1:]
            list_lead = sent.clauses[j][0]  # (its words, "TNBC:", "from diagnosis:", label the whole list)
        if not m_region:
            continue
        measure = m_region[-1]
        n, k = len(group.items), len(years)
        # the measures listed for this group: none with a value of its own between it and the group ("overall
        # survival was 49.5% at 3 years and 34.3% at 5 years, and disease-free survival 41.4% and 23.8%": the pair
        # is DFS at 3 and 5 years, not OS and DFS)
        listed = _collapse([m for m in measures if m.start >= max(c_start, region_start - 60)
                            and m.end <= group.start and m.field in ("median_os_months", "median_dfs_months")
                            and not any(m.end <= g.start and g.end <= group.start for g in pgroups)])
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
            if _versus_the_rest(text, group.end):
                continue  # "5-yr OS 12% vs 41% others": a subgroup against the rest of the cohort
            vi, how = _pair_order(text, prior_order, arms)
            if vi is None:
                continue
            idx = vi
        elif k == 1 and n > 1 and not group.versus and (vi := _whole_list_after(text, group.end, n, arms)) is not None:
            idx, how = vi, "respectively-whole-cohort"  # "47%, 36% and 51% for the whole cohort, the elderly and ..."
        elif k == 1 and n == 2 and _respectively_after(text, group.end, n):
            # "the 5-year OS rates were 51.3% and 27.8%, respectively" after "surgery group versus systemic group"
            vi = arm_order(arms(text), RULES)
            if vi is None:
                vi = _label_pair_order(text, group.end, arms)  # "61.7% and 33.5% for hepatectomy and systemic therapy, ..."
            how = "respectively-arms"
            if vi is None and not _own_group_labels(text, group.end) and (prior := prior_order()) is not None \
                    and not _names_an_arm(arms(text)) and not _groups_named_before(text, group.start, arms):
                vi, how = prior, "respectively-prior-arms"  # the arms were named in an earlier sentence
            if vi is None and not _own_group_labels(text, group.end) \
                    and (labelled := _labelled_pair_before(text, group.start, arms)) is not None:
                # "79 months after hepatectomy versus 37 months with systemic therapy; 5-year OS was 57% and 29%,
                # respectively": the pair follows the labels of the sentence's own labelled pair
                vi, how = labelled
            if vi is None and not _own_group_labels(text, group.end) and any(
                    g.versus and len(g.items) == 2 and g.end <= group.start and _unlabelled(text, g.end)
                    for g in find_duration_groups(text[:group.start])) \
                    and (vi := vs_index(arms(text[:group.start]), RULES)) is not None:
                # "in the hepatectomy group, median OS was 62 months versus 34 months, and the 5-year OS rates were
                # 52% and 24%, respectively": the pair follows the sentence's versus pair, read with the arm it names
                how = "respectively-versus-pair"
            if vi is None:
                continue
            idx = vi
        elif k == 1 and n == 2 and (vi := arm_order(arms(text[:group.start]), RULES)) is not None:
            # "68 months in the surgical group and 31 months in the non-surgical group, and the 5-year
            # OS rates were 56.4% and 21.0%": the pair follows the arms' order of the sentence
            idx, how = vi, "parallel-arms"
        elif k == 1 and n == 2 and not group.versus and _unlabelled(text, group.end) \
                and (labelled := _labelled_pair_before(text, group.start, arms)) is not None:
            # "9.1 years from primary diagnosis and 3.9 years from hepatectomy; the corresponding 5-year survival rates
            # were 81% and 37%", "49 months after resection of BCLM and 56 months after resection of CRLM, with
            # 5-year OS of 40.6% and 47.3%": the pair follows the labels of the sentence's own labelled pair
            idx, how = labelled
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
        elif k == 1 and n > 2 and (vi := _arm_list_after(text, group.end, n, arms)) is not None:
            idx, how = vi, "respectively-arms"  # "58%, 42% and 22% in the resection, MWA and systemic groups, resp."
        elif k == 1 and n > 2 and not group.versus and (vi := _arm_list_closing(text, group.end, n, arms)) is not None:
            idx, how = vi, "arm-list"  # "5-year OS 52%, 39% and 18%, and median PFS ... in the LR, TA and ST groups"
        elif k == 1 and n > 2 and not group.versus and _unlabelled(text, group.end) \
                and (vi := _arm_list_before(text[c_start:group.start], n, arms)) is not None:
            # "71.0, 52.3 and 30.5 months in the resection, MWA and systemic groups, respectively, with 5-year
            # survival rates of 58.1%, 42.0% and 21.7%": the rates follow the arms' order of the sentence
            idx, how = vi, "parallel-arms"
        elif k == 1 and n > 1 and not group.versus and _cue("cue.corresponding").search(text[c_start:group.start]) \
                and _unlabelled(text, group.end) and (vi := _whole_cohort_position(text, group.start, n, arms)) is not None:
            # "52 months for the whole cohort, 58 months for liver-only disease and 35 months for those with EHD;
            # the corresponding 5-year OS rates were 43%, 48% and 29%": the whole cohort's position
            idx, how = vi, "corresponding-whole-cohort"
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
        elif site == "breast":
            weight_site = PRIMARY_LIST_WEIGHT  # the breast rate of a list by primary: not the whole series' rate
        else:
            weight_site = 1.0
        window = _without_value_labels(text, region_start, group.start) + " " + post_context(
            _until_comparison(text, group.end), group.end)  # (a comparator's label after "compared with" is not its)
        if how == "respectively-whole-cohort":
            # (the labels after the list are the other groups' as much as the whole cohort's: none is a subgroup cue)
            window = _without_value_labels(text, region_start, group.start)
        if measure.end <= group.start \
                and (past := _past_described_counts(text, c_start, measure.start, breast)) > region_start:
            # "40 (66.7%) had ER-positive tumours, and the 5-year OS was 47%": the count's words are not the rate's
            window = text[past:group.start] + " " + post_context(
                _until_comparison(text, group.end), group.end)
        window += _subgroup_scope(text, c_start)  # the clause's opening scope labels each of its values
        if list_lead < c_start:
            window = text[list_lead:c_start] + " " + window
        if _cue("cue.subgroup").search(window) and _cue("cue.subgroup").search(breast()(window)):
            continue  # (the breast patients of a mixed-primary series are no subgroup: the cohort)
        from_diagnosis = _origin_rejected(_without_valued_asides(text[list_lead:group.end])) \
            and not _own_origin_after_diagnosis(text[list_lead:group.start], arms)
        if from_diagnosis and not (how in _ARM_ORDERED and _registry_origin(measure, text[list_lead:group.end])):
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
            if _cue("cue.resection_subgroup_after").search(text[item.end:item.end + 50]) \
                    or _cue("cue.resection_subgroup_after").search(arms(text[item.end:item.end + 50].lstrip("% "))):
                continue  # "49% after early and 56% after delayed resection": neither is the cohort's ("52% after
                # LLR", a short form of one kind of resection, is read in the arm view)
            if any(c_start <= g.start and g.end <= item.start and _after_kind_pair(text[g.end:item.start], arms)
                   for g in pgroups):
                continue  # "52.4% after LLR and 48.9% after OLR": the second kind of resection's rate
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
        if _matched_subset(text, c_start, item.start):
            weight *= _MATCHED_WEIGHT  # "After matching (61 pairs), the 5-year OS ...": below the whole arm's rate
        cands.append(ValueCandidate("five_year_os_pct", round(item.value, 2), sent, item.start, item.end, weight,
                           f"survival.five_year.{how}", unit="%"))


# the words between two rates, the first labelled with its group: "% after LLR and ", "% following open resection vs "
_KIND_PAIR_GAP = re.compile(r"^\s*%?\s*\)?\s*(?:after|following|in|for|with)\s+[^,;()\d]{1,50}?\s*,?\s*"
                            r"(?:and|but|while|whereas|versus|vs\.?|compared\s+(?:with|to))\s+(?:the\s+|only\s+)?$",
                            re.IGNORECASE)


def _after_kind_pair(gap: str, arms: ArmView) -> bool:
    """The gap after a rate labelled with one kind of resection runs on to the next rate ("52.4% after LLR and
    48.9% after OLR"): that rate is the other kind's, not the cohort's."""
    return bool(_KIND_PAIR_GAP.match(gap)
                and _cue("cue.resection_subgroup_after").search(arms(gap.lstrip("% )"))))


def _aside_before_value(text: str, years_end: int, start: int, measures: list[Measure]) -> bool:
    """The rate is told after a long aside between its measure and the verb ("The 5-year overall survival rate, pooled
    across the 21 studies that reported it and weighted by sample size, was 39%"): the year token opens the overall
    survival measure, the aside is set off by commas and holds no other rate or duration."""
    if not any(m.field == "median_os_months" and 0 <= m.start - years_end <= 3 for m in measures):
        return False
    between = text[years_end:start]
    return bool(re.search(r",[^,;]{10,}?,\s*(?:was|were|is|reached|of)\s*$", between)) and "%" not in between \
        and not list(find_duration_groups(between)) and ";" not in between


_LABEL_END = re.compile(r"[,;(]|\s(?:and|but|while|whereas|versus|vs\.?)\s", re.IGNORECASE)


def _labelled_pair_before(text: str, start: int, arms: ArmView) -> tuple[int, str] | None:
    """The position of the cohort's value in the last two single durations before ``start``, each followed by its own
    label: a treatment origin against a diagnosis ("9.1 years from primary diagnosis and 3.9 years from hepatectomy"),
    the surgical arm against another ("63.4 months for the resection group and 33.1 months for the non-surgical
    group"), or breast against another primary ("49 months after resection of BCLM and 56 months after resection of
    CRLM"); ``None`` unless exactly one label is the cohort's and the other names the other kind."""
    durations = [g for g in find_duration_groups(text[:start]) if not g.is_range]
    if len(durations) < 2 or any(len(g.items) != 1 for g in durations[-2:]):
        return None
    first, second = durations[-2].items[0], durations[-1].items[0]
    labels = []
    for item, stop in ((first, second.start), (second, start)):
        label = _UNIT_AND_BRACKET.sub("", text[item.end:stop], count=1)
        cut = _LABEL_END.search(label)
        labels.append(label[:cut.start()] if cut else label[:60])
    if any(not lab.strip() for lab in labels) or re.search(r"\d", "".join(labels)):
        return None
    treatment, diagnosis = _cue("cue.treatment_origin"), _cue("cue.any_diagnosis_origin")
    kinds = [(bool(treatment.search(lab)) and not _origin_rejected(lab), bool(diagnosis.search(lab))) for lab in labels]
    if sorted(kinds) == [(False, True), (True, False)]:
        return kinds.index((True, False)), "corresponding-origin"
    surgical, other, other_label = _cue("arm.surgical"), _cue("arm.other"), _cue("arm.other_label")
    views = [arms(lab) for lab in labels]
    # (a bare non-surgical treatment is the other arm as the label of one value of the pair: "79 months after
    # hepatectomy versus 37 months with systemic therapy")
    others = [bool(other.search(v) or other_label.match(_LABEL_PREPOSITION.sub("", v).strip())) for v in views]
    kinds = [(bool(surgical.search(v)) and not o, o) for v, o in zip(views, others)]
    if sorted(kinds) == [(False, True), (True, False)]:
        return kinds.index((True, False)), "parallel-arms"
    breast, primary = _relevance("breast"), _relevance("other_primary")
    kinds = [(bool(breast.search(lab)) and not primary.search(lab), bool(primary.search(lab))) for lab in labels]
    if sorted(kinds) == [(False, True), (True, False)]:
        return kinds.index((True, False)), "parallel-primaries"
    return None


#: the preposition opening a value's label ("with systemic therapy")
_LABEL_PREPOSITION = re.compile(r"^\s*(?:after|following|with|under|on|for|in)\s+(?:the\s+)?", re.IGNORECASE)

#: the unit and any bracket right after a value ("months (p = 0.41)")
_UNIT_AND_BRACKET = re.compile(r"^\s*(?:%|months?|mo|years?|yrs?)?\s*(?:\([^()]*\)\s*)?", re.IGNORECASE)


def _relevance(rule_id: str) -> re.Pattern[str]:
    """A pattern of the relevance rules (which name the breast primary and the other primaries)."""
    from litreview.extract.measures import rules

    return rules("relevance.jsonl")[rule_id].pattern


def _whole_cohort_position(text: str, end: int, n: int, arms: ArmView = _same) -> int | None:
    """The position of the whole cohort's value among the last ``n`` durations before ``end``, each labelled after
    it ("52 months for the whole cohort, 58 months for ... and 35 months for ..."), when exactly one is; or in the
    labels closing a list of ``n`` durations ("57, 41 and 60 months for the whole cohort, the elderly and the younger
    patients, respectively")."""
    if n > 6:
        return None
    durations = [g for g in find_duration_groups(text[:end]) if not g.is_range]
    if durations and len(durations[-1].items) == n \
            and (listed := _whole_list_after(text, durations[-1].end, n, arms)) is not None:
        return listed
    if not may_match(whole := _cue("cue.whole_cohort"), text):
        return None
    if len(durations) < n or any(len(g.items) != 1 for g in durations[-n:]):
        return None
    labelled = [i for i, g in enumerate(durations[-n:]) if whole.search(text[g.end:g.end + 50])]
    return labelled[0] if len(labelled) == 1 else None


#: how a 5-year value was picked from a pair by the arms' order: the operated arm's, as registries report it
_ARM_ORDERED = ("versus", "versus-prior-arms", "respectively-arms", "respectively-prior-arms", "parallel-arms",
                "arm-list")
