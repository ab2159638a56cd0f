"""Compared arms: which treatment arm a value belongs to, and values shared out between arms.

* The arm of a value or of the group a clause opens with, read in the arm view (the doc's abbreviations spelled out:
  "in the ST group" -> systemic therapy); whether a text names an arm at all.
* Value lists closed by "respectively" (also after a parallel list or after the lists' labels), the text up to that
  "respectively", and whether a pair names its own groups ("in the single and repeat groups, respectively") or is
  left unlabelled ("63% and 41%.").
* The surgical arm's value named second of an arm-labelled pair ("38 months after ablation and 57 months after
  resection", "11 months with systemic therapy alone and 29 months after surgery"); the pair of a prognostic factor ("X was associated with longer survival (median 41 vs 19 months)").
* Another arm's values: a clause scoped to it ("Among the controls, ..."), a relative clause attached to it
  ("controls, in whom median survival was 21 months"); the whole study's values, dropped when the abstract reports
  a non-surgical arm's own values.
"""

from __future__ import annotations

import re

from litreview.extract.measures import (
    ValueCandidate,
    Sent,
    arm_of,
    find_duration_groups,
    find_measures,
    find_percent_groups,
    post_context,
    vs_index,
)
from litreview.extract.prefilter import may_match
from litreview.extract.survival.vocab import RULES, _WHOLE_STUDY, ArmView, PriorOrder, _cue


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
    return _only_lists_of(tail[:m.start()], size)


def _only_lists_of(between: str, size: int) -> bool:
    """``between`` holds one or more lists of ``size`` values and no other number (no clause break)."""
    if ";" in between:
        return False
    between = _cue("cue.year_adjective").sub(" ", between)  # "5-year" is no value
    groups = list(find_percent_groups(between)) + list(find_duration_groups(between))
    numbers = len(re.findall(r"\d+(?:\.\d+)?", between))
    return bool(groups) and all(len(g.items) == size for g in groups) and numbers == size * len(groups)


def _label_pair_order(text: str, end: int, arms: ArmView) -> int | None:
    """The surgical arm's position (0/1) in the two labels between a value pair ending at ``end`` and its
    "respectively" ("33 and 61 months for systemic therapy and hepatectomy, respectively", "in the systemic and
    surgical groups, respectively"); None unless one label is surgical and the other a non-surgical treatment. A
    bare "systemic therapy" is the other arm only as such a label (arm.other_label)."""
    resp = _cue("cue.respectively").search(text, end, end + 80)
    if resp is None:
        return None
    m = _cue("cue.label_pair").match(text[end:resp.start()])
    if m is None:
        return None
    surgical, other, other_label = _cue("arm.surgical"), _cue("arm.other"), _cue("arm.other_label")
    kinds = []
    for label in (arms(m.group("a")).strip(), arms(m.group("b")).strip()):
        if other.search(label) or other_label.match(label):
            kinds.append("other")
        elif surgical.search(label):
            kinds.append("surgical")
        else:
            return None
    return kinds.index("surgical") if sorted(kinds) == ["other", "surgical"] else None


def _through_respectively(text: str, end: int) -> str:
    """``text`` up to the "respectively" closing the value list ending at ``end``: arms named after it ("19 and 11
    months, respectively, with local recurrence at the ablation site in 7") label other figures, not the list."""
    m = _cue("cue.respectively").search(text, end, end + 80)
    return text[:m.end()] if m else text


def _unlabelled(text: str, end: int) -> bool:
    """No group label follows a pair of values ("63% and 41%." but not "63% and 41% in the early and late eras")."""
    return not _cue("cue.group_label_after").search(post_context(text, end, 60))


# (a bracket of figures may stand before the label: "52 months (95% CI 40-64) in the hepatectomy group")
_ARM_LABEL_AFTER = re.compile(r"\s*\)?\s*(?:\((?=[^()]*\d)[^()]{1,60}\)\s*)?(?:after|following|with|in)\s+"
                              r"(?P<label>[^,;()\d]{1,40})", re.IGNORECASE)


def _surgical_second_of_arm_pair(gap: str, after: str, arms: ArmView) -> bool:
    """The value is the second of two values each labelled with its arm, the surgical arm second ("median OS was 38
    months after ablation and 57 months after resection"): it shares the first value's measure (the first, the
    other arm's, is then ranked down by the arm rules). With the surgical arm first the first value is direct."""
    # (or each labelled with its group: "29 months in the systemic therapy group and 61 months in the hepatectomy group")
    if not (_cue("cue.origin_pair_gap").search(gap) or _cue("cue.arm_label_pair_gap").search(gap)):
        return False
    label = _ARM_LABEL_AFTER.match(after)
    if label is None:
        return False
    first, second = arms(gap), arms(label.group("label"))
    surgical, other = _cue("arm.surgical"), _cue("arm.other")
    return bool(other.search(first) and not surgical.search(first)
                and surgical.search(second) and not other.search(second))


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


_OWN_GROUP_LABELS = re.compile(r"\s*(?:months?|mo|years?|yrs?|%)?\s*,?\s*(?:in|for|among)\s+(?:the\s+)?"
                               r"(?P<label>[^,;()\d]{1,60}?)\s*(?:groups?|arms?|cohorts?|patients|women)\b",
                               re.IGNORECASE)
_NO_GROUP_NAME = re.compile(r"(?:two|both|respective|these|those|same|above|\s)*")


def _own_group_labels(text: str, end: int) -> bool:
    """A pair closed by "respectively" names its own groups ("51 and 112 months in the single and repeat groups,
    respectively"): not the arms of an earlier sentence. "in the two groups" names none."""
    m = _OWN_GROUP_LABELS.match(text, end)
    return m is not None and not _NO_GROUP_NAME.fullmatch(m.group("label"))


def _groups_named_before(text: str, start: int, arms: ArmView) -> bool:
    """A pair "in these two groups" whose groups the sentence named before it, none a treatment arm ("no difference
    between women with liver-only disease and those with extrahepatic sites (15 vs 13 months); median OS in these two
    groups was 53 and 44 months, respectively"): the subgroups' values, not the arms of an earlier sentence."""
    pattern = _cue("cue.these_groups")
    if not may_match(pattern, text):
        return False
    found = list(pattern.finditer(text, 0, start))
    if not found:
        return False
    earlier = text[:found[-1].start()]
    return bool(_cue("cue.subgroup").search(earlier)) and not _names_an_arm(arms(earlier))


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


def _scope_arm(text: str, c_start: int, arms: ArmView) -> str | None:
    """The arm named by the group a clause opens with ("In the hepatectomy group, ..."), if any."""
    m = _cue("cue.scope_arm").match(text, c_start)
    if m is None:
        return None
    scope = arms(m.group("scope"))
    if _cue("arm.other").search(scope):
        return "other"
    return "surgical" if _cue("arm.surgical").search(scope) else None


#: a comparison opening after a value: the words after it label the comparator's value, not this one
_COMPARISON_AFTER = re.compile(r"\b(?:(?:as\s+)?compared\s+(?:with|to)|as\s+opposed\s+to|in\s+contrast\s+(?:to|with))\b",
                               re.IGNORECASE)


def _until_comparison(text: str, end: int) -> str:
    """``text`` cut where a comparison with another treatment arm opens after ``end`` ("41 months compared with 14
    months among those managed without surgery": the words after "compared with" are the comparator's), else whole.
    A comparator naming no arm ("compared with 58 months for those with liver-only disease") is left in: its group
    words say the pair is a subgroup pair."""
    if "compar" not in text and "oppos" not in text and "contrast" not in text:
        return text
    m = _COMPARISON_AFTER.search(text, end, end + 60)
    if m is None or not _names_an_arm(re.split(r"[;,]", text[m.end():m.end() + 100], maxsplit=1)[0]):
        return text
    return text[:m.start()]


#: a bracket of figures right after a value and its unit ("38 months (95% CI 29-47) in the ST group")
_FIGURES_BRACKET = re.compile(r"\s*(?:months?|mo|years?|yrs?|%)?\s*(?P<bracket>\([^()]{0,60}\))", re.IGNORECASE)


def _past_figures_bracket(text: str, end: int) -> str:
    """``text`` with a bracket of figures after the value at ``end`` left out (a CI, a range, a p value), so the
    arm label after it is read as the value's own ("was 38 months (95% CI 29-47) in the systemic therapy group":
    the label lies past the words read after a value); a bracket naming an arm is the label itself and stays."""
    if "(" not in text[end:end + 12]:  # (the cheap literal first)
        return text
    m = _FIGURES_BRACKET.match(text, end)
    if m is None or not re.search(r"\d", m.group("bracket")) or _names_an_arm(m.group("bracket")):
        return text
    return text[:m.start("bracket")] + text[m.end("bracket"):]


def _arm_at(text: str, start: int, end: int, arms: ArmView) -> str | None:
    """The arm of ``text[start:end]`` read in the arm view ("in the ST group" -> systemic therapy, the other arm);
    the label of a comparator named after "compared with" is not this value's, a bracket of figures after the
    value is skipped."""
    text = _past_figures_bracket(_until_comparison(text, end), end)
    view = arms(text)
    if view == text:
        return arm_of(text, start, end, RULES)
    shifted = len(arms(text[:start]))  # abbreviations before the value change its offset
    return arm_of(view, shifted, shifted + end - start, RULES)


#: the labels of a list of three or more values closed by "respectively" ("71.0, 52.3 and 30.5 months in the resection,
#: MWA and systemic groups, respectively")
_ARM_LIST = re.compile(r"\s*(?:months?|mo|years?|yrs?|%)?\s*\)?\s*,?\s*(?:in|for|among|after|with)\s+(?:the\s+)?"
                       r"(?P<list>[^;()\d]{3,120}?)\s*,?\s*respectively\b", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_GROUP_NOUN = re.compile(r"\s*(?:groups?|arms?|cohorts?|patients|women)\s*$", re.IGNORECASE)


def _arm_list_index(labels: str, n: int, arms: ArmView) -> int | None:
    """The surgical arm's position in a list of ``n`` (three or more) arm labels ("the resection, MWA and systemic
    groups"): only when exactly one label names the surgical arm and every other one another arm."""
    parts = [p for p in _LIST_SPLIT.split(_GROUP_NOUN.sub("", labels)) if p.strip()]
    if len(parts) != n:
        return None
    surgical, other = _cue("arm.surgical"), _cue("arm.other")
    kinds = []
    for part in parts:
        view = arms(part + " group")  # (each label shares the list's group noun: "the ... and systemic groups")
        s, o = bool(surgical.search(view)), bool(other.search(view))
        if s == o:
            return None  # neither or both: not a list of arms
        kinds.append("surgical" if s else "other")
    return kinds.index("surgical") if kinds.count("surgical") == 1 else None


def _arm_list_after(text: str, end: int, n: int, arms: ArmView) -> int | None:
    """The surgical arm's position in the arm labels closing a list of ``n`` values ending at ``end``."""
    m = _ARM_LIST.match(text, end) if n > 2 and "respectively" in text else None
    return _arm_list_index(m.group("list"), n, arms) if m else None


#: a label naming the whole cohort in a list of group labels ("for the whole cohort, the elderly and the younger
#: patients, respectively")
_WHOLE_LABEL = re.compile(r"^(?:the\s+)?(?:(?:whole|entire|overall|total|full|complete)\s+(?:cohort|series|population|"
                          r"group|study\s+population|sample)|all\s+(?:(?:included|resected|operated)\s+)?"
                          r"(?:patients|women|cases)|overall)$", re.IGNORECASE)


def _whole_list_after(text: str, end: int, n: int, arms: ArmView) -> int | None:
    """The whole cohort's position in the group labels closing a list of ``n`` values ending at ``end`` with
    "respectively" ("57, 41 and 60 months for the whole cohort, the elderly and the younger patients,
    respectively"): exactly one label names the whole cohort and none a non-surgical arm (beside a comparison
    arm the whole study is no cohort of resected patients)."""
    if "respectively" not in text or not any(w in text for w in ("whole", "entire", "overall", "total", "full",
                                                                  "complete", "all ")):
        return None  # (the cheap literals first)
    m = _ARM_LIST.match(text, end)
    if m is None:
        return None
    parts = [p.strip() for p in _LIST_SPLIT.split(m.group("list")) if p.strip()]
    if len(parts) != n:
        return None
    whole = [i for i, p in enumerate(parts) if _WHOLE_LABEL.match(p)]
    if len(whole) != 1 or any(_cue("arm.other").search(arms(p + " group")) for p in parts):
        return None
    return whole[0]


#: the plural group noun closing a list of arm labels given without "respectively" ("... 18, 13 and 9 months in the LR,
#: TA and ST groups")
_LIST_UNIT = re.compile(r"^\s*(?:months?|mo|years?|yrs?|%)?\s*\)?\s*,?\s*", re.IGNORECASE)
_ARM_LIST_PLAIN = re.compile(r"\b(?:in|for|among)\s+(?:the\s+)?(?P<list>[^;()\d]{3,120}?)\s*(?:groups|arms|cohorts)\b",
                             re.IGNORECASE)


def _arm_list_closing(text: str, end: int, n: int, arms: ArmView) -> int | None:
    """The surgical arm's position in the arm labels closing a list of ``n`` (three or more) values without
    "respectively", right after it or after further parallel lists of ``n`` values ("Median OS was 63, 48 and 30
    months, 5-year OS 52%, 39% and 18%, and median PFS 18, 13 and 9 months in the LR, TA and ST groups"). Only
    labels that each name one arm, exactly one the surgical arm, count (not "in the luminal, HER2 and TN groups")."""
    if n < 3 or not ("groups" in text or "arms" in text or "cohorts" in text):
        return None
    tail = text[end:end + 200]
    m = _ARM_LIST_PLAIN.search(tail)
    if m is None:
        return None
    between = _LIST_UNIT.sub("", tail[:m.start()], count=1)  # (the list's own unit: "... and 30 months in the")
    if between and not _only_lists_of(between, n):
        return None  # other words or numbers between the list and the labels: the labels may be another list's
    return _arm_list_index(m.group("list"), n, arms)


def _arm_list_before(text: str, n: int, arms: ArmView) -> int | None:
    """The surgical arm's position in the last list of ``n`` arm labels closed by "respectively" in ``text`` (an earlier
    value list of the sentence): "... 71.0, 52.3 and 30.5 months in the resection, MWA and systemic groups,
    respectively, with 5-year survival rates of 58.1%, 42.0% and 21.7%" -> 0 for the rates."""
    if n < 3 or "respectively" not in text:
        return None
    found = None
    for m in re.finditer(r"\d\s*(?:months?|mo|years?|yrs?|%)?(?=\s*,?\s*(?:in|for|among|after|with)\s)", text):
        lm = _ARM_LIST.match(text, m.end())
        if lm is not None:
            found = _arm_list_index(lm.group("list"), n, arms)
    return found


#: a coordinate clause opening after a comma ("..., but median DFS did not differ (13 vs. 10 months)")
_COORDINATE = re.compile(r",\s*(?:but|yet|whereas|while|and)\s+", re.IGNORECASE)


def _pair_order(text: str, prior_order: PriorOrder, arms: ArmView, start: int | None = None) -> tuple[int | None, str]:
    """The surgical arm's position in a versus pair of this sentence and how it was found: by its own arm words
    ("versus"), else (when it names no arm) by the last earlier sentence naming both arms ("versus-prior-arms").

    With the pair's ``start``: when the sentence names only the other arm, in an earlier coordinate clause ("Local
    progression was more frequent after RFA (28.6% vs. 5.3%), but median DFS did not differ (13 vs. 10 months)"), and
    the pair's own clause names no arm, the pair follows the earlier sentence's arms too."""
    idx = vs_index(arms(text), RULES)
    if idx is None and not _names_an_arm(arms(text)) and (prior := prior_order()) is not None:
        return prior, "versus-prior-arms"
    if idx is None and start is not None and "," in text[:start]:
        joins = [m for m in _COORDINATE.finditer(text, 0, start)]
        if joins:
            before, own = arms(text[:joins[-1].start()]), arms(text[joins[-1].end():])
            if _cue("arm.other").search(before) and not _cue("arm.surgical").search(before) \
                    and not _names_an_arm(own) and (prior := prior_order()) is not None:
                return prior, "versus-prior-arms"
    return idx, "versus"
