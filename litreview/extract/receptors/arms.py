"""Receptor shares written for compared arms, and values shared out by "respectively".

* Compared pairs ("ER-positive disease was more frequent in the resection group (78.4% vs 64.9%)", "n of N vs
  P%", "a/b vs c/d" of two resected subgroups whose sizes add up to the cohort): the operated arm's share, the
  arms' order read with the abstract's abbreviations spelled out ("(LR vs ST)").
* Two-arm tables flattened into text ("Baseline characteristics, resection vs systemic: ER-positive, 27 vs 50; ..."):
  the header's order holds for its rows, a row's bare count on the operated side is over the cohort.
* Two arms' values closed by "respectively" ("in 66.9% of the hepatectomy group and 70.2% of the non-surgical
  group, and HER2-positive disease in 31.4% and 27.6%, respectively"), a value labelled by its arm after it, and
  per-receptor lists ("ER-, PR- and HER2-positive in 70%, 55% and 20%, respectively").
* Arm labels after a pair of values ("in 81 (69.8%) systemic and 44 (75.9%) surgical patients", "31 (79.5%) LR
  patients and 241 (63.6%) ST patients"): the operated arm's value, and the order of later unlabelled pairs closed by
  "respectively". Fractions of several populations split by " / " (the one over the cohort), and a status header
  ("positive / negative / unknown") with one value per status per receptor. Profiles listed with "or" are shared out
  by "respectively"; one value after them is either's.
* The abstract's own abbreviation of the operated arm ("In the HEP group", HEP = hepatectomy), whether a
  non-surgical arm is named, and comparison clauses blanked but for the operated arm's part.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from litreview.extract.base import Sentence, doc_text, make_finding, sentences
from litreview.extract.prefilter import first_match, has_match, may_match
from litreview.extract.numbers import PCT, is_distractor, parse_number, percent
from litreview.records import Finding
from litreview.extract.receptors.profiles import (
    _FIELDS,
    _LISTED_NUMBER,
    _OTHER_MEASURE,
    _RESPECTIVELY,
    Profile,
    _last,
    _vocab,
    find_profiles,
)


_PCT_RE = re.compile(rf"(?<![\w.])({PCT})\s?%")
# values listed right after a list of groups ("... accounted for 70.0%, 25.0% and 5.0% of ...")
# ... never a bracket's scores ("receptor-positive (Allred scores 8 and 6)")
_VALUE_LIST = re.compile(r"[^;\d()\[\]]{0,40}?(?P<list>(?<![\w.])\d+(?:\.\d+)?\s?%?(?:\s*,\s*\d+(?:\.\d+)?\s?%?)*\s*,?\s+and\s+"
                         r"\d+(?:\.\d+)?\s?%?)")


def _respectively(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                  cohort: int | None = None) -> list[Finding]:
    """ "ER-, PR- and HER2-positive in 70%, 55% and 20%, respectively": one share per receptor, in order."""
    resp = _RESPECTIVELY.search(text)
    if not resp and not (" and " in text and any(len(p.names) >= 2 for p in profiles)):
        return []
    out = []
    for run in _runs(text, profiles):
        profile = run[-1]
        names = tuple(n for q in run for n in q.names)
        # "HER2-0, HER2-low and HER2-positive ... in 27, 25 and 12 patients, respectively": one receptor's groups,
        # each item's own polarity (only the positive group's value is a share of the field)
        pols = run[0].mixed if len(run) == 1 and run[0].mixed else ()
        if len(names) < 2 or any(q.either or (q.ambiguous and not pols) for q in run) \
                or resp and profile.start > resp.start():
            continue
        if not pols and not all(q.status.get(n) is True for q in run for n in q.names):
            continue
        if resp:
            stop, end = resp.start(), resp.end()
        else:
            # "HR-positive, HER2-positive and triple-negative primaries accounted for 78.1%, 23.4% and 9.4% of
            # patients": as many shares right after the groups, nothing after them, are read in the groups' order
            listed = _vocab()["unlabelled_list"].match(text, profile.end)
            if listed is None:
                values = _VALUE_LIST.match(text, profile.end)
                if values and len(_LISTED_NUMBER.findall(values.group("list"))) == len(names):
                    # "... were found in 70.0%, 25.0% and 5.0% of the resected and in 60.0%, ... of the others": one
                    # value per group but not read safely; the first is never the last group's value
                    for q in run:
                        q.count = q.pct = None
                        q.ambiguous = True
                continue
            stop, end = listed.end("list"), listed.end("list")
        values = [m for m in _PCT_RE.finditer(text, profile.end, stop)
                  if not is_distractor(text, m.start(), m.end())]
        shares = [round(float(parse_number(m.group(1)) or 0.0), 1) for m in values]
        if len(values) != len(names) and cohort:
            # "... tumours accounted for 88, 24 and 9 patients, respectively": counts over the cohort
            values = [m for m in _LISTED_NUMBER.finditer(text, profile.end, stop)
                      if not m.group("pct") and not is_distractor(text, m.start(), m.end())]
            shares = [percent(float(parse_number(m.group("n")) or 0.0), cohort) for m in values]
        if len(values) != len(names) or any(v is None or v > 100 for v in shares):
            continue
        for name, pol, m, share in zip(names, pols or (True,) * len(names), values, shares):
            if name in _FIELDS and pol is True:
                out.append(make_finding(doc, _FIELDS[name], share,
                                        start=sent.start + run[0].start, end=sent.start + m.end(),
                                        rule=f"receptors.{name.lower()}.respectively", confidence=0.8, unit="%",
                                        sentence=sent))
        for q in run:
            q.count = q.pct = None
            q.value_end = end
            q.ambiguous = True  # consumed: no other value for this run
    return out


# "ER-positive, HER2-positive or triple-negative in 73.3%, 22.2% and 11.1%, respectively": profiles listed with "or"
_LIST_JOIN = re.compile(r"\s*,?\s*or\s+", re.IGNORECASE)


def _runs(text: str, profiles: list[Profile]) -> list[list[Profile]]:
    """The profiles grouped into runs of a list: a profile of positive statuses joined to the one before by "or"
    (find_profiles keeps "ER-positive, HER2-positive or triple-negative" apart, as "or" alone means
    either); a run is read as one list only when its values are shared out in order."""
    runs: list[list[Profile]] = []
    for p in profiles:
        prev = runs[-1][-1] if runs else None
        if prev is not None and p.start > prev.end and _LIST_JOIN.fullmatch(text, prev.end, p.start) \
                and all(v is True for q in (prev, p) for v in q.status.values()):
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


# one value of a pair: "44 (75.9%)", "75.9%", "44"; a label may follow ("surgical", "LR"), then a patient noun
_PAIR_SIDE = (r"(?:(?P<@n>\d+)\s*[\(\[]\s*(?P<@p>" + PCT + r")\s?%\s*[\)\]]|(?P<@q>" + PCT + r")\s?%|(?P<@m>\d+)(?![\d.,%/]))"
              r"(?:\s+(?P<@l>(?:non-?)?[A-Za-z][\w-]*(?:\s+(?:treated|therapy|alone|only))?))??"
              r"(?:\s+(?:patients|women|cases|groups?|arms?))?")
# "ER-positive primaries were found in 81 (69.8%) systemic and 44 (75.9%) surgical patients", "HER2-positive
# primaries in 30 (25.9%) and 13 (22.4%)", "HER2 positivity was 28.2% and 33.5%": a pair of values after a profile
_ARM_PAIR = re.compile(
    r"(?:\s+(?:primar(?:y|ies)|tumou?rs?|disease|status|positivity|expression))?"
    r"(?:\s+(?:was|were)(?:\s+(?:found|present|seen|observed|noted|reported|recorded))?)?(?:\s+in)?\s+"
    + _PAIR_SIDE.replace("@", "a") + r"\s*,?\s+and\s+(?:in\s+)?" + _PAIR_SIDE.replace("@", "b")
    + r"(?=\s*(?:[,;.]|$))", re.IGNORECASE)


def _arm_side(label: str | None, pairs: dict[str, str]) -> str | None:
    """ "ours" for an operated arm's label, "other" for a non-operated one's (an abbreviation read through its long
    form: "ST" = systemic therapy), None when the label names no arm."""
    if not label:
        return None
    vocab = _vocab()
    for text in (label, pairs.get(label.strip(), "")):
        if text and vocab["arm_label_other"].match(text.strip()):
            return "other"
        if text and vocab["arm_label_ours"].match(text.strip()):
            return "ours"
    return None


def _arm_pairs(doc: Doc, sent: Sentence, text: str, profiles: list[Profile], cohort: int | None) -> list[Finding]:
    """Receptor values given for two arms, labelled after them, then in that order closed by "respectively":
    "ER-positive primaries were found in 81 (69.8%) systemic and 44 (75.9%) surgical patients, HER2-positive
    primaries in 30 (25.9%) and 13 (22.4%), ..., respectively" (the surgical arm second: 75.9, 22.4), also across a
    semicolon ("in 31 (79.5%) LR patients and in 241 (63.6%) ST patients; HER2 positivity was 28.2% and 33.5%,
    respectively"). The operated arm's value is the cohort's (a count alone over the cohort). Pairs without labels
    are read only after a labelled pair and with "respectively" after them; two operated arms ("open and
    laparoscopic") give no order (their counts are summed elsewhere)."""
    try:
        pairs = dict(doc._.abbreviation_pairs or {})
    except AttributeError:  # a doc built without the litreview pipeline
        pairs = {}
    resp = _RESPECTIVELY.search(text)
    order: int | None = None  # 0: the operated arm's value first
    out = []
    for p in profiles:
        if p.ambiguous or p.either or len(p.status) != 1:
            continue
        (key, polarity), = p.status.items()
        if key not in _FIELDS or polarity is not True:
            continue
        m = _ARM_PAIR.match(text, p.end)
        if m is None:
            continue
        sides = (_arm_side(m.group("al"), pairs), _arm_side(m.group("bl"), pairs))
        if sides in (("ours", "other"), ("other", "ours")):
            order = 0 if sides[0] == "ours" else 1
        elif any(sides) or order is None or resp is None or resp.start() < m.end():
            continue  # no order known, or one label only: not read here
        side = "ab"[order]
        pct, n = m.group(side + "p") or m.group(side + "q"), m.group(side + "n") or m.group(side + "m")
        if pct is not None:
            value = round(float(parse_number(pct) or 0.0), 1)
        elif n is not None and cohort and int(n) <= cohort:
            value = percent(int(n), cohort)
        else:
            continue
        out.append(make_finding(doc, _FIELDS[key], value, start=sent.start + p.start, end=sent.start + m.end(),
                                rule=f"receptors.{key.lower()}.arm_pair", confidence=0.75, unit="%", sentence=sent,
                                note="the operated arm's value of a pair labelled by arm"))
        p.count = p.pct = None
        p.value_end, p.ambiguous = m.end(), True  # consumed: neither arm's value is read again
    return out


# "7 (25%) and 14 (25%) tumours, respectively, were HER2-positive": two arms' values written before the profile
_PAIR_BEFORE = re.compile(r"(?<![\w.,/])(?P<an>\d+)\s*[\(\[]\s*(?P<ap>" + PCT + r")\s?%\s*[\)\]]\s+and\s+(?P<bn>\d+)\s*"
                          r"[\(\[]\s*(?P<bp>" + PCT + r")\s?%\s*[\)\]](?:\s+(?:patients|women|tumou?rs|cases|primaries))?"
                          r"\s*,?\s*respectively\s*,?\s+(?:were|was|had|showed)\s+(?:an?\s+)?$", re.IGNORECASE)


def _pair_before(doc: Doc, sent: Sentence, text: str, profiles: list[Profile], cohort: int | None) -> list[Finding]:
    """ "HER2 status was available for every patient: 7 (25%) and 14 (25%) tumours, respectively, were HER2-positive"
    (arms named in an earlier sentence): the side whose count over the cohort is its stated share is the cohort's
    (as for an unlabelled "45 (77.6%) vs 86 (74.1%)"); when both sides or neither agree, nothing is read."""
    out: list[Finding] = []
    if not cohort:
        return out
    for p in profiles:
        if p.ambiguous or p.either or len(p.status) != 1 or p.count is not None or p.pct is not None:
            continue
        (key, polarity), = p.status.items()
        pair = _PAIR_BEFORE.search(text, max(0, p.start - 90), p.start) if polarity is True and key in _FIELDS else None
        if pair is None:
            continue
        own = [side for side in "ab" if int(pair.group(side + "n")) <= cohort
               and abs(100.0 * int(pair.group(side + "n")) / cohort - float(parse_number(pair.group(side + "p")) or 0.0)) <= 0.6]
        if len(own) != 1:
            continue
        out.append(make_finding(doc, _FIELDS[key], round(float(parse_number(pair.group(own[0] + "p")) or 0.0), 1),
                                start=sent.start + pair.start(), end=sent.start + p.end,
                                rule=f"receptors.{key.lower()}.pair_before", confidence=0.7, unit="%", sentence=sent,
                                note="the side of a pair whose count over the cohort is its share"))
        p.ambiguous = True  # consumed: neither side is read again
    return out


# "ER-positive 131/190 (68.9%) / 41/56 (73.2%) / 90/134 (67.2%)": one fraction per population, after a header
# "(overall / resection / systemic alone)"
_FRACTION = r"\d+\s*/\s*\d+(?:\s*[\(\[]\s*" + PCT + r"\s?%\s*[\)\]])?"
_FRACTION_SERIES = re.compile(r"\s*:?\s*(?P<series>" + _FRACTION + r"(?:\s+/\s+" + _FRACTION + r"){1,3})(?=\s*(?:[,;.]|$))")
_FRACTION_PARTS = re.compile(r"(?P<n>\d+)\s*/\s*(?P<d>\d+)")


def _fraction_series(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                     cohort: int | None) -> list[Finding]:
    """Fractions of several populations after a profile, split by " / " (the whole study, the operated arm, the
    other arm): the one over the cohort is the cohort's; nothing when none or more than one is."""
    out = []
    for p in profiles:
        if p.ambiguous or p.either or len(p.status) != 1 or not cohort:
            continue
        (key, polarity), = p.status.items()
        m = _FRACTION_SERIES.match(text, p.end) if key in _FIELDS and polarity is True else None
        if m is None:
            continue
        ours = [f for f in _FRACTION_PARTS.finditer(m.group("series")) if int(f.group("d")) == cohort]
        if len(ours) != 1 or int(ours[0].group("n")) > cohort:
            continue
        out.append(make_finding(doc, _FIELDS[key], percent(int(ours[0].group("n")), cohort),
                                start=sent.start + p.start, end=sent.start + m.end(),
                                rule=f"receptors.{key.lower()}.fraction_series", confidence=0.75, unit="%",
                                sentence=sent, note="the fraction over the cohort among several populations'"))
        p.count = p.pct = None
        p.value_end, p.ambiguous = m.end(), True  # consumed: the other populations' fractions are not read
    return out


# "given as positive / negative / unknown ...: ER 29 (72.5%) / 8 (20.0%) / 3 (7.5%); HER2 7 (17.5%) / 27 (67.5%) / 6
# (15.0%)": a header of statuses, then per receptor one value per status in that order
_STATUS_WORD = r"(?:positive|negative|unknown|missing|not\s+(?:known|available|assessed|tested)|equivocal|borderline)"
_STATUS_HEADER = re.compile(rf"\b{_STATUS_WORD}(?:\s*/\s*{_STATUS_WORD}){{1,3}}\b", re.IGNORECASE)
_SLASH_VALUE = r"\d+(?:\s*[\(\[]\s*" + PCT + r"\s?%\s*[\)\]])?"
_STATUS_VALUES = re.compile(r"\s*:?\s*(?P<values>" + _SLASH_VALUE + r"(?:\s+/\s+" + _SLASH_VALUE + r"){1,3})(?=\s*(?:[,;.]|$))")
_SLASH_PARTS = re.compile(r"(?P<n>\d+)(?:\s*[\(\[]\s*(?P<p>" + PCT + r")\s?%\s*[\)\]])?")


def _status_columns(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> list[Finding]:
    """Receptors named bare, each with one value per status of a header written before them ("positive / negative /
    unknown"): the value under "positive" is the receptor's (its share as written, else the count over the cohort).
    The number of values must equal the header's; the header must come before the first receptor."""
    header = _STATUS_HEADER.search(text)
    if header is None:
        return []
    labels = [w.strip().lower() for w in header.group(0).split("/")]
    if labels.count("positive") != 1:
        return []
    index = labels.index("positive")
    out = []
    for m in _vocab()["term"].finditer(text, header.end()):
        if m.group("pos") or m.group("neg"):
            continue  # a receptor with its own polarity is no column row
        name = next(k for k in ("ER", "PR", "HR", "HER2") if m.group(k))
        row = _STATUS_VALUES.match(text, m.end())
        if row is None or name not in _FIELDS:
            continue
        parts = list(_SLASH_PARTS.finditer(row.group("values")))
        if len(parts) != len(labels):
            continue
        part = parts[index]
        value = round(float(parse_number(part.group("p")) or 0.0), 1) if part.group("p") else (
            percent(int(part.group("n")), cohort) if cohort and int(part.group("n")) <= cohort else None)
        if value is None or value > 100:
            continue
        out.append(make_finding(doc, _FIELDS[name], value, start=sent.start + m.start(), end=sent.start + row.end(),
                                rule=f"receptors.{name.lower()}.status_columns", confidence=0.75, unit="%",
                                sentence=sent, note="the value under 'positive' of a status header"))
    return out


def _either_runs(text: str, profiles: list[Profile]) -> None:
    """ "Tumours were ER-positive or HER2-positive in 88.0%": one value after profiles joined by "or" (not shared out
    by "respectively") is the share of either, no receptor's own: none is read."""
    for run in _runs(text, profiles):
        if len(run) > 1 and not any(q.ambiguous for q in run):
            for q in run:
                q.count = q.pct = None
                q.ambiguous = True


def _value_of_our_arm(text: str, p: Profile) -> None:
    """A value labelled right after it as another population's ("in 71.0% of the systemic-therapy group") is not the
    cohort's; the operated arm's value that follows ("and 78.1% of the resection group") is."""
    vocab = _vocab()
    other = vocab["other_after"].match(text, p.value_end) if p.value_end is not None else None
    ours = vocab["ours_next"].match(text, other.end()) if other is not None else None
    if other is None and p.value_end is not None and "and" in text[p.value_end:p.value_end + 40]:
        # "in 26% of the control and 22% of the surgical group": the other arm's noun left out
        other = vocab["other_elided_after"].match(text, p.value_end)
        ours = vocab["ours_after_elided"].match(text, other.end()) if other is not None else None
    if other is None:
        return
    if ours is not None and p.count is None and p.pct is not None:
        p.pct, p.value_end = float(parse_number(ours.group("p")) or 0.0), ours.end()
    else:
        p.count = p.pct = None


# "ER-positive tumours were found in 64.2% and 72.0% of the systemic therapy and surgery groups, respectively",
# "HER2 positivity was 17.6% and 19.6% in the surgical and medical groups, respectively": the arms named after the pair
_PAIR_THEN_ARMS = re.compile(
    rf"[^\d;%]{{0,60}}?(?<![\w.])(?P<a>{PCT})\s?%\s+(?:and|vs\.?|versus)\s+(?P<b>{PCT})\s?%\s*,?\s+(?:in|of|for|among)\s+"
    r"(?P<arms>(?:the|both)\s+[^;.%\d]{3,70}?\b(?:groups?|arms?|cohorts?))\s*,?\s+respectively\b", re.IGNORECASE)


# "ER-positive tumours accounted for 71.4% and 63.0%, and HER2-positive tumours for 20.0% and 25.9%, of the LR and ST
# groups, respectively": a pair followed by further profiles with their pairs, the arms named once after the last one
_PAIR_HEAD = re.compile(rf"[^\d;%]{{0,60}}?(?<![\w.])(?P<a>{PCT})\s?%\s+(?:and|vs\.?|versus)\s+(?P<b>{PCT})\s?%",
                        re.IGNORECASE)
_ARMS_AFTER = re.compile(r"\s*,?\s+(?:in|of|for|among)\s+(?P<arms>(?:the|both)\s+[^;.%\d]{3,70}?\b(?:groups?|arms?|cohorts?))"
                         r"\s*,?\s+respectively\b", re.IGNORECASE)


class _SharedArms:
    """A pair of values whose arms are named after a later pair: the match-like groups ``a``, ``b`` and ``arms``."""

    def __init__(self, pair: re.Match[str], arms: re.Match[str]) -> None:
        self._pair, self._arms = pair, arms

    def group(self, name: str) -> str:
        return self._arms.group(name) if name == "arms" else self._pair.group(name)

    def start(self, name: str) -> int:
        return self._pair.start(name)

    def end(self) -> int:
        return self._arms.end()


def _pair_before_next_pair(text: str, start: int, later: list[Profile]) -> _SharedArms | None:
    """The pair right after a profile when every later profile up to the arms' names has a pair of its own and the
    arms are named once after the last pair (see ``_PAIR_HEAD``)."""
    head = _PAIR_HEAD.match(text, start)
    if head is None:
        return None
    pos = head.end()
    for q in later:
        if text.find(";", pos, q.start) >= 0 or _PAIR_HEAD.search(text, pos, q.start) \
                or not re.fullmatch(r"\s*,?\s*(?:and\s+)?", text[pos:q.start]):
            break
        nxt = _PAIR_HEAD.match(text, q.end)
        if nxt is None:
            return None
        pos = nxt.end()
        arms = _ARMS_AFTER.match(text, pos)
        if arms:
            return _SharedArms(head, arms)
    return None


def _pair_then_arms(doc: Doc, sent: Sentence, text: str, profiles: list[Profile]) -> list[Finding]:
    """A pair of shares after a profile, with the two arms named after it and closed by "respectively": the operated
    arm's share (its place read from the arm names, a noun shared by both spelt out); the profile keeps no value of
    its own (the first share would be the other arm's when that is named first)."""
    from litreview.extract.measures import arm_order

    out = []
    for i, p in enumerate(profiles):
        if p.ambiguous or p.either or len(p.status) != 1:
            continue
        (key, polarity), = p.status.items()
        limit = profiles[i + 1].start if i + 1 < len(profiles) else len(text)
        m = _PAIR_THEN_ARMS.match(text, p.end)
        if m is None and "espectively" in text:
            m = _pair_before_next_pair(text, p.end, profiles[i + 1:])
        if m is None or m.start("a") > limit or _OTHER_MEASURE.search(text, p.end, m.start("a")):
            continue
        index = arm_order(_with_arm_nouns(_spelled_out(doc, m.group("arms"))))  # both arms named, or no order
        p.count = p.pct = None
        p.value_end = m.end()
        if polarity is not True or key not in _FIELDS or index is None:
            continue
        out.extend(_operated_arm_value(doc, sent, p, key, m, first=index == 0))
    return out


def _operated_arm_value(doc: Doc, sent: Sentence, p: Profile, key: str, pair: re.Match[str], *,
                        first: bool) -> list[Finding]:
    """The operated arm's share of a pair of values (groups ``a`` and ``b``): ``first`` when that arm is written first."""
    value = parse_number(pair.group("a") if first else pair.group("b"))
    if value is None:
        return []
    return [make_finding(doc, _FIELDS[key], round(float(value), 1), start=sent.start + p.start,
                         end=sent.start + pair.end(), rule=f"receptors.{key.lower()}.respectively_arms",
                         confidence=0.7, unit="%", sentence=sent, note="the operated arm's value of a pair")]


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
        if (ours is None) != (other is None):
            # "77% of the surgical and 64% of the control group": the first arm's noun left out
            elided = vocab["our_arm_elided" if ours is None else "other_arm_elided"].search(text, 0, p.start)
            ours, other = (elided, other) if ours is None else (ours, elided)
        if ours is None or other is None:
            continue  # the order of the two values is not written
        out.extend(_operated_arm_value(doc, sent, p, key, pair, first=ours.start() < other.start()))
    return out


_VALUE_END = re.compile(r"(?:\d|%\s*[\)\]])\s*$")


def _last_leading(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` that does not directly follow a value (a population named after its value)."""
    found = None
    for m in pattern.finditer(text):
        if not _VALUE_END.search(text, 0, m.start()):
            found = m
    return found


_COMPARED = re.compile(r",?\s*\b(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|vs\.?|versus)\s", re.IGNORECASE)


# a comparison set off in brackets ("(versus 68% in the systemic group)", "[vs. 54% among non-operated patients]")
_COMPARED_ASIDE = re.compile(r"\s*[\(\[]\s*(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|vs\.?|versus)\s[^()\[\]]*[\)\]]",
                             re.IGNORECASE)
# a skip match that is a receptor change (not a comparison) and the clause joining it to a status clause before it
_CHANGE_WORD = re.compile(r"conver|discordan|discrepan|chang|switch", re.IGNORECASE)
_LATER_CONJUNCT = re.compile(r",\s+(?:and|while|whereas|but)\s+(?!(?:was|were|had|in|of)\b)", re.IGNORECASE)
_THEN_CONCORDANCE = re.compile(r",?\s+and\s+(?:was|were)\s+(?:also\s+)?(?:concordant|discordant)\b", re.IGNORECASE)


def _without_skipped(clause: str, skip: re.Pattern[str]) -> str:
    """The clause blanked when it is a comparison or a receptor change, keeping offsets.

    "In the surgery group, 35 (72.9%) had ER-positive disease, compared with 68 (70.8%) in the
    systemic group": the part before the comparison speaks of the operated arm and is kept.
    """
    m = first_match(skip, clause)
    if m is None:
        return clause
    vocab = _vocab()
    if vocab["leading_comparison"].match(clause):
        # "Compared with the overall referred population, in which 62% had ..., resected patients were more often
        # ER-positive (38 of 49)": the clause from the operated subject on is the cohort's
        subject = _last(vocab["operated_subject"], clause)
        if subject is not None and first_match(skip, clause, subject.end()) is None:
            return " " * subject.start() + clause[subject.start():]
    aside = _COMPARED_ASIDE.search(clause)
    if aside is not None:
        # "In the surgery group, tumours were HER2-positive in 10 and triple-negative in 4 (versus 19% and 13% in the
        # systemic group)": only the bracketed comparison is the other group's; the rest stays when it holds no
        # comparison itself and the cohort is the subject (the operated arm named before, or another population
        # named inside the bracket)
        kept = clause[:aside.start()] + " " * (aside.end() - aside.start()) + clause[aside.end():]
        if not has_match(skip, kept) and (vocab["our_arm"].search(clause, 0, aside.start())
                                      or vocab["other_population"].search(aside.group(0))):
            return kept
    if _CHANGE_WORD.match(m.group(0)):
        # "Twenty-seven primaries were ER-positive, and discordant receptor status between primary and metastasis was
        # documented in five": a receptor change told in a later conjunct leaves the status clause before it (only
        # for change words, never a comparison, and only when that clause holds no skip word itself)
        joint = None
        for joint in _LATER_CONJUNCT.finditer(clause, 0, m.start()):
            pass
        if joint is not None and not has_match(skip, clause[:joint.start()]):
            return clause[:joint.start()] + " " * (len(clause) - joint.start())
    then = _THEN_CONCORDANCE.search(clause)
    if then is not None and then.start() <= m.start() and not has_match(skip, clause[:then.start()]):
        # "ER was positive in 14 primary tumours and was concordant between primary and metastasis in all but two
        # cases": the status comes before the concordance clause, which has the same subject
        return clause[:then.start()] + " " * (len(clause) - then.start())
    compared = _COMPARED.search(clause)
    if compared is not None and compared.start() <= m.start() and _vocab()["our_arm"].search(clause[:compared.start()]) \
            and not has_match(skip, clause[:compared.start()]):
        return clause[:compared.start()] + " " * (len(clause) - compared.start())
    return " " * len(clause)


_ARM_NOUN = re.compile(r"\b[A-Z]{2,6}\s+(?:group|arm|cohort|patients)\b")


_ARM_DEFINED = re.compile(
    r"(?:\b(?:a|an|the|into|and|or|with|versus|vs\.?)\s+|[,(;:]\s*|^)"
    r"(?P<long>(?:(?!(?:a|an|the|and|or|with|into|versus|vs)\b)[\w+-]+\s+){1,6}?)(?:group|arm|cohort)\s*"
    r"[\(\[]\s*(?P<short>[A-Z]{2,6})\s*[;,]\s*n\s*=\s*\d+\s*[\)\]]")


def _surgical_arm_abbreviations(doc: Doc) -> re.Pattern[str] | None:
    """The abstract's own abbreviations of the operated arm ("hepatectomy (HEP group)"), where they name a group."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return None
    surgical = _vocab()["surgical_long"]
    pairs = dict(pairs)
    for sent in sentences(doc):
        # "a hepatectomy plus systemic therapy group (HS; n = 74)": a group defined with its size in the bracket,
        # which the abbreviation finder does not pair
        for m in _ARM_DEFINED.finditer(sent.text) if "=" in sent.text else ():
            pairs.setdefault(m.group("short"), m.group("long"))
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


# "P% vs Q%", "78 of 102 vs 71.3%", "16/19 vs 41/62", "35 (72.9%) vs 68 (70.8%)"
# ... "(44/64, 68.8% vs 248/348, 71.3%)": the share after a comma or semicolon
_SIDE = (r"(?:(?P<@n>\d+)\s*(?:/|\s+of\s+)\s*(?P<@d>\d+)(?:\s*[\(\[]\s*" + PCT + r"\s?%\s*[\)\]]|\s*[,;]\s*" + PCT + r"\s?%)?"
         r"|(?:(?P<@c>\d+)\s*[\(\[]\s*)?(?P<@p>" + PCT + r")\s?%(?:\s*[\)\]])?)")
# "26 (76.5%) surgical vs 47 (69.1%) non-surgical patients": an arm label may follow the first value
_VALUE_PAIR = re.compile(
    r"(?<![\w.,/])" + _SIDE.replace("@", "a") + r"(?:(?:\s+[A-Za-z][\w-]*){0,2}?\s*(?:vs\.?|versus)\s*"
    # "more frequent in the surgery group (25/64, 39.1%) than in the non-surgery group (78/348, 22.4%)"
    r"|\s*[\)\]]\s+(?P<than>than)\s+(?:in\s+|among\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:group|arm|cohort|patients)\s*[\(\[]\s*)"
    + _SIDE.replace("@", "b"), re.IGNORECASE)

_PAIR_CUE = re.compile(r"\b(?:vs|versus|than)\b", re.IGNORECASE)


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
        # "present in 45 (77.6%) vs 86 (74.1%) patients" of 58 resected: the side whose count over the cohort is
        # its share is the cohort's, when the sentence does not name the arms
        counted = [side for side in ("a", "b") if cohort and pair.group(side + "c") and pair.group(side + "p")
                   and abs(100.0 * int(pair.group(side + "c")) / cohort
                           - float(parse_number(pair.group(side + "p")) or 0.0)) <= 0.6]
        if len(counted) == 1:
            return float(parse_number(pair.group(counted[0] + "p")) or 0.0)
        return None
    side = "a" if index == 0 else "b"
    if pair.group(side + "p"):
        return float(parse_number(pair.group(side + "p")) or 0.0)
    return percent(int(pair.group(side + "n")), int(pair.group(side + "d")))


# "women who received systemic therapy only (ST group, n = 54)": an arm's abbreviation defined with its noun, which the
# abbreviation finder does not take for a definition; the words just before it name the arm
_ARM_LABEL_DEFINED = re.compile(r"(?P<long>[^().;]{3,50})\(\s*(?P<abbr>[A-Z]{2,6})\s+(?:group|arm|cohort)\b")


def _arm_label_definitions(text: str) -> dict[str, str]:
    """Arm abbreviations defined as "(ST group, n = 54)" after words naming one kind of arm (operated or not), mapped
    to those words; an abbreviation whose words name both kinds, or neither, is left out."""
    from litreview.extract.measures import rule

    out: dict[str, str] = {}
    if "(" not in text:
        return out
    surgical, other = rule("survival.jsonl", "arm.surgical"), rule("survival.jsonl", "arm.other")
    for m in _ARM_LABEL_DEFINED.finditer(text):
        long = m.group("long")
        s, o = surgical.search(long), other.search(long)
        if bool(s) != bool(o):
            out.setdefault(m.group("abbr"), (s or o).group(0))
    return out


def _spelled_out(doc: Doc, text: str) -> str:
    """``text`` with the abstract's abbreviations spelled out ("(LR vs ST)" -> "(liver resection vs systemic therapy
    alone)"), so the arms' order can be read; offsets change, use it only for that."""
    try:
        pairs = doc._.abbreviation_pairs or {}
    except AttributeError:  # a doc built without the litreview pipeline
        return text
    if "group" in text or "arm" in text:
        pairs = {**_arm_label_definitions(doc_text(doc)), **pairs}
    shorts = [a for a in pairs if a.isupper() and 2 <= len(a) <= 6]
    if not shorts:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(shorts, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: pairs[m.group(0)], text)


# "(71.4% vs 64.8%) in the systemic therapy and hepatectomy groups, respectively": two arms sharing one noun
_SHARED_ARM_NOUN = re.compile(r"\b(?P<first>(?:the|both)\s+(?:[\w-]+\s+){1,3}?)(?P<and>and\s+(?:[\w-]+\s+){1,3}?)"
                              r"(?P<noun>group|arm|cohort)s\b", re.IGNORECASE)


def _with_arm_nouns(text: str) -> str:
    """``text`` with a noun shared by two arms written after each ("the systemic therapy and hepatectomy groups" ->
    "the systemic therapy group and hepatectomy groups"), so both arms' names are read in order; offsets change, use
    it only for that."""
    if "and" not in text or not _SHARED_ARM_NOUN.search(text):
        return text
    return _SHARED_ARM_NOUN.sub(lambda m: f"{m.group('first')}{m.group('noun')} {m.group('and')}{m.group('noun')}s",
                                text)


# a row of a flattened two-arm table: one bare count per arm ("ER-positive, 27 vs 50", "HER2-positive: n = 9 versus 19");
# counts with their shares ("27 (75.0%) vs 50 (69.4%)") are the value pairs above
_COUNT_PAIR = re.compile(r"(?<![\w.,/%])(?P<an>\d+)\s+(?:vs\.?|versus)\s+(?P<bn>\d+)(?![\w/%]|[.,]\d|\s*[\(\[%])",
                         re.IGNORECASE)


def _table_header(doc: Doc, text: str) -> tuple[int, int] | None:
    """ "Baseline characteristics, resection vs systemic: ..." or "(hepatectomy versus chemotherapy alone)": a two-arm
    table's header naming the operated arm and a non-operated one; (the operated arm's position, the header's end).

    Two operated subgroups ("major vs minor hepatectomy") or two non-operated groups give ``None``.
    """
    from litreview.extract.measures import rule

    if ":" not in text and ")" not in text:  # cheap literal first: a header ends with a colon or a bracket
        return None
    vocab = _vocab()
    m = vocab["table_arms"].search(text)
    if m is None:
        return None
    surgical = rule("survival.jsonl", "arm.surgical")
    sides = [_spelled_out(doc, m.group(g)) for g in ("a", "b")]
    operated = [bool(surgical.search(side)) and not vocab["table_subgroup"].search(side)
                and not vocab["table_other_arm"].search(side) for side in sides]
    other = [bool(vocab["table_other_arm"].search(side)) and not surgical.search(side) for side in sides]
    if operated == [True, False] and other == [False, True]:
        return 0, m.end()
    if operated == [False, True] and other == [True, False]:
        return 1, m.end()
    return None


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
    if ("vs" not in lowered and "versus" not in lowered and " than " not in lowered) or not _PAIR_CUE.search(text) \
            or _vocab()["status_change"].search(text):
        return []
    index = vs_index(_with_arm_nouns(_spelled_out(doc, text)))
    # a flattened two-arm table ("Baseline characteristics, resection vs systemic: ER-positive, 27 vs 50; ..."): the
    # header's order holds for every row after it, and a row's bare count is over the operated arm (the cohort)
    header = _table_header(doc, text)
    pairs: list[re.Match[str]] = list(_VALUE_PAIR.finditer(text))
    if header is not None:
        index = header[0]
        taken = [(p.start(), p.end()) for p in pairs]
        pairs += [c for c in _COUNT_PAIR.finditer(text, header[1])
                  if not any(a < c.end() and c.start() < b for a, b in taken)]
        pairs.sort(key=lambda p: p.start())
    out = []
    prev = 0
    for pair in pairs:
        window = text[prev:pair.start()]
        offset, prev = prev, pair.end()
        profiles = [p for p in find_profiles(window) if len(p.status) == 1]
        if len(profiles) != 1 or _OTHER_MEASURE.search(window):
            continue  # "5-year survival of ER-positive patients (60% vs 30%)": an outcome, not a share
        (key, polarity), = profiles[0].status.items()
        if key not in _FIELDS or polarity is not True:
            continue
        if pair.re is _COUNT_PAIR:
            count = int(pair.group("bn" if index else "an"))
            if not cohort or count > cohort:
                continue
            out.append(make_finding(doc, _FIELDS[key], percent(count, cohort), start=sent.start + offset + profiles[0].start,
                                    end=sent.start + pair.end(), rule=f"receptors.{key.lower()}.table_row_counts",
                                    confidence=0.7, unit="%", sentence=sent,
                                    note="the operated arm's count in a two-arm table row, over the cohort"))
            continue
        value = _pair_share(pair, index, cohort)
        if pair.group("than") and not (cohort and cohort in (int(pair.group("ad") or 0), int(pair.group("bd") or 0))):
            continue  # "... than in the other group": read only by the side written over the cohort
        if value is None:
            continue
        out.append(make_finding(doc, _FIELDS[key], value, start=sent.start + offset + profiles[0].start,
                                end=sent.start + pair.end(), rule=f"receptors.{key.lower()}.arm_comparison",
                                confidence=0.7, unit="%", sentence=sent,
                                note="the operated arm's share of a comparison"))
    return out
