"""Figures given per arm (laparoscopic / open, one lesion / several, resection / ablation).

Counts per arm ("in 22 laparoscopic and 27 open resections"; an ablation arm's is left out), a count and share per
arm ("in 19 (95.0%) and 29 (90.6%) patients, respectively"), a fraction per arm ("in 27/28 LH and 33/35 OH
patients", "in all 17 laparoscopic and in 23 of 26 open procedures"), a share and fraction per arm ("93.1% (27/29) and 89.5%
(34/38), respectively"), the whole cohort's figure bracketed after
them ("(overall 40/43, 93.0%)"), and rates per arm ("100% and 89.5% in the laparoscopic and open groups,
respectively", "97.4% in the LH group and 92.6% in the OH group") pooled by the arms' sizes, also from a sentence
that names the arms. Arms are pooled only when both were operated and they add up to the cohort; otherwise the
phrase stays empty (never one arm's value).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.base import Sentence, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.numbers import INT, PCT, parse_number, percent
from litreview.records import Finding
from litreview.extract.margins.phrases import _Found, _UNIT, _UNIT_ANY, _fragment, _mask, _vocab
from litreview.extract.margins.groups import _is_subgroup


def _arm_count(g: dict[str, str | None]) -> float | None:
    """The resected patients' count of "in 22 laparoscopic and 27 open resections" (both arms operated: the sum)
    or "in 18 ablated and 36 resected patients" (the surgical arm's); None when neither arm is surgical."""
    other = _vocab()["other_arm"]
    arms = [(parse_number(g[n] or ""), other.search(g[arm] or "")) for n, arm in (("n", "a1"), ("n2", "a2"))]
    surgical = [n for n, is_other in arms if not is_other]
    if not surgical or any(n is None for n in surgical):
        return None
    return float(sum(surgical))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _arm_pair() -> re.Pattern[str]:
    """A second count and share right after the first: "in 19 (95.0%) and 29 (90.6%) patients"."""
    return re.compile(rf"^\s*[\)\]]?\s*(?:{_UNIT}\s*)?,?\s*(?:and|vs\.?|versus)\s+(?:in\s+)?"
                      rf"(?P<n>{INT})\s*[\(\[]\s*(?P<p>{PCT})\s?%\s*[\)\]]"
                      rf"(?!\s*(?:{_UNIT_ANY}\s+)?(?:had|were|was|with|underwent|showed)\b)", re.I)


def _arm_size(n: float, share: float) -> int | None:
    """The group size that makes ``n`` the given share of it (shares are rounded to 0.1-1 point)."""
    if share <= 0 or n <= 0:
        return None
    size = round(n * 100 / share)
    return size if size and abs(n * 100 / size - share) <= 0.6 else None


def _per_arm(text: str, pos: int, n: float | None, share: float, cohort: int | None) -> _Found | None:
    """Per-arm values "in 19 (95.0%) and 29 (90.6%) patients, respectively": the counts pooled over the cohort
    when the arms' sizes (count / share) add up to it; a ``_Found`` with no share when the pair is of two arms
    that do not (never one arm's value); None when there is no pair or both shares are of the same group ("in
    45 (90%) and 5 (10%)")."""
    m = _arm_pair().match(_mask(text[pos:pos + 60]))
    n2, share2 = (parse_number(m.group("n")), parse_number(m.group("p"))) if m else (None, None)
    if m is None or n is None or n2 is None or share2 is None:
        return None
    sizes = (_arm_size(float(n), share), _arm_size(float(n2), float(share2)))
    if None not in sizes and sizes[0] == sizes[1]:
        return None  # two classes of one group, not two arms
    if cohort and None not in sizes and sum(sizes) == cohort:  # type: ignore[arg-type]
        return _Found(percent(float(n) + float(n2), float(cohort)), "arm_pair")
    return _Found(None, "arm_pair")


@lru_cache(maxsize=1)
def _second_fraction() -> re.Pattern[str]:
    """A second fraction right after the first, joined to it: "in 27/28 LH and 33/35 OH patients", "in 20 of 21
    (95%) after open and 14 of 15 (93%) after laparoscopic resection" (group names of up to three words between)."""
    return re.compile(rf"^\s*[\)\]]?(?P<a1>(?:\s*[\w-]+){{0,3}}?)\s*,?\s*(?:and|vs\.?|versus|compared\s+with)\s+"
                      rf"(?:in\s+)?(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)(?P<d>{INT})\b"
                      rf"(?!\s*(?:[%.,]\d|mm|cm))(?P<a2>[^;%\d]{{0,60}})", re.I)


def _pooled_fractions(n1: float, d1: float, n2: float, d2: float, arms: str, cohort: int | None) -> _Found:
    """Two fractions of one margin phrase, one per arm: pooled when both arms were operated and together make
    the cohort (or the cohort is unknown); a ``_Found`` without a share otherwise (never one arm's value)."""
    if _vocab()["other_arm"].search(arms) or _vocab()["per_lesion"].search(arms) or not d1 or not d2:
        return _Found(None, "arm_pair")
    if cohort and d1 + d2 != cohort:
        return _Found(None, "arm_pair")
    return _Found(percent(n1 + n2, d1 + d2), "arm_fractions")


@lru_cache(maxsize=1)
def _second_pct_fraction() -> re.Pattern[str]:
    """A second share with its fraction right after the first one's: "93.1% (27/29) and 89.5% (34/38)", "95% (20 of
    21 patients) after open and 93% (14 of 15) after laparoscopic resection" (group names of up to three words
    between)."""
    return re.compile(rf"^(?:\s+{_UNIT})?\s*[\)\]](?P<a1>(?:\s*[\w-]+){{0,4}}?)\s*,?\s*(?:and|vs\.?|versus|compared\s+with)\s+"
                      rf"(?:in\s+)?(?P<p>{PCT})\s?%\s*[\(\[]\s*(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+)(?P<d>{INT})\b"
                      rf"(?!\s*(?:[%.,]\d|mm|cm))(?P<a2>[^;%\d]{{0,60}})", re.I)


def _pct_fraction_arms(text: str, pos: int, g: dict[str, str | None], cohort: int | None) -> _Found | None:
    """Per-arm shares, each with its fraction ("R0 resection rates were 93.1% (27/29) and 89.5% (34/38),
    respectively"): pooled like two fractions when both arms were operated and add up to the cohort, else a
    ``_Found`` without a share (never the first arm's); the fraction over the cohort when the other arm is a
    comparator outside it; None when the phrase has one share only."""
    m = _second_pct_fraction().match(_mask(text[pos:pos + 140]))
    if m is None:
        return None
    values = [parse_number(v or "") for v in (g.get("n"), g.get("d"), m.group("n"), m.group("d"))]
    if any(v is None for v in values):
        return None
    n1, d1, n2, d2 = (float(v) for v in values)  # type: ignore[arg-type]
    if d1 == d2:
        return None  # "R0 85% (34/40) and R1 15% (6/40)": two classes of one group, not two arms
    if cohort and cohort in (d1, d2) and d1 + d2 != cohort:
        # "88.9% (32/36) for BCLM and 90.7% (98/108) for CRLM" of 36 BCLM patients: the other arm is a comparator
        n, d = (n1, d1) if d1 == cohort else (n2, d2)
        return _Found(percent(n, d), "arm_of_cohort")
    return _pooled_fractions(n1, d1, n2, d2, m.group("a1") + " " + m.group("a2"), cohort)


@lru_cache(maxsize=1)
def _first_fraction() -> re.Pattern[str]:
    """A fraction joined to the next one, before it: "27/28 LH and " (see :func:`_second_fraction`)."""
    return re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s*(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)(?P<d>{INT})\b"
                      rf"(?:\s*[\(\[]\s*{PCT}\s?%\s*[\)\]])?(?P<a1>(?:\s*[\w-]+){{0,3}}?)\s*,?\s*"
                      rf"(?:and|vs\.?|versus|compared\s+with)\s+(?:in\s+)?$", re.I)


def _fraction_arms(text: str, pos: int, g: dict[str, str | None], cohort: int | None) -> _Found | None:
    """Per-arm fractions after a margin phrase ("Negative margins were obtained in 27/28 LH and 33/35 OH
    patients"); None when the phrase has one fraction only."""
    m = _second_fraction().match(_mask(text[pos:pos + 140]))
    if m is None:
        return None
    if _vocab()["per_lesion"].match(m.group("a2")) and not _vocab()["per_lesion"].match(g.get("u") or ""):
        return None  # "in 27 of the 30 patients and in 60 of 64 lesions": the same resections per lesion, not an arm
    values = [parse_number(v or "") for v in (g.get("n"), g.get("d"), m.group("n"), m.group("d"))]
    if any(v is None for v in values):
        return None
    n1, d1, n2, d2 = (float(v) for v in values)  # type: ignore[arg-type]
    return _pooled_fractions(n1, d1, n2, d2, m.group("a1") + " " + m.group("a2"), cohort)


def _overall_value(after: str, cohort: int | None) -> _Found | None:
    """The whole cohort's figure bracketed after per-arm ones in the phrase's clause ("in all 17 laparoscopic and in
    23 of 26 open procedures (overall 40/43, 93.0%)"); a fraction over another number than the cohort (lesions) is
    no such figure."""
    clause = after.split(";")[0]
    lowered = clause.lower()
    if "overall" not in lowered and "total" not in lowered and "altogether" not in lowered:
        return None
    m = _vocab()["overall_value"].search(clause)
    if m is None or not (m.group("p") or m.group("d")):
        return None
    n, d = parse_number(m.group("n") or ""), parse_number(m.group("d") or "")
    if d is not None and (not d or n is None or n > d or (cohort and d != cohort)):
        return None
    share = float(parse_number(m.group("p")) or 0.0) if m.group("p") else percent(float(n), float(d))  # type: ignore[arg-type]
    return _Found(share, "overall") if share is not None and share <= 100 else None


@lru_cache(maxsize=1)
def _all_arm() -> re.Pattern[str]:
    """An arm whose every resection had the phrase's margin, before another arm's fraction: "in all 17
    laparoscopic and in " (23 of 26 open procedures)."""
    return re.compile(rf"\ball\s+(?:(?:of\s+)?the\s+)?(?P<k>{INT})\s+(?P<a1>[a-z][\w-]*)(?:\s+{_fragment('arm_noun')})?"
                      rf"\s*,?\s*(?:and|vs\.?|versus|compared\s+with)\s+(?:in\s+)?$", re.I)


def _all_arm_before(after: str, m: re.Match[str], cohort: int | None) -> _Found | None:
    """Per-arm figures "in all 17 laparoscopic and in 23 of 26 open procedures": pooled like two fractions (17/17
    and 23/26) when the arms add up to the cohort; a ``_Found`` without a share otherwise (never the second arm's
    fraction); None when no such arm precedes the fraction."""
    first = _all_arm().search(after, 0, m.start("n"))
    k, n, d = (parse_number(v or "") for v in (first.group("k") if first else None, m.group("n"), m.group("d")))
    if first is None or k is None or n is None or d is None:
        return None
    if cohort and k == cohort:
        return _Found(100.0, "all")  # "in all 30 patients, and 12 of 30 ...": the whole cohort's margins
    arms = first.group("a1") + " " + re.split(r"[%\d(\[]", after[m.end("d"):m.end("d") + 60])[0]
    return _pooled_fractions(float(k), float(k), float(n), float(d), arms, cohort)


@lru_cache(maxsize=1)
def _fraction_after_all() -> re.Pattern[str]:
    """A second group's fraction joined to an "all N" group: "(in all 12 patients with one lesion) and in 15 of 18
    with several"."""
    return re.compile(rf"(?P<a1>[^;%\d]{{0,50}}?)\s*,?\s*\b(?:and|vs\.?|versus|whereas|but)\s+(?:in\s+)?(?P<n>{INT})\s*"
                      rf"(?:/|\s+(?:out\s+)?of\s+(?:the\s+)?)(?P<d>{INT})\b(?!\s*(?:[%.,]\d|mm|cm))(?P<a2>[^;%\d]{{0,60}})",
                      re.I)


def _all_then_fraction(after: str, m: re.Match[str], cohort: int | None) -> _Found | None:
    """An "all N" group followed by another group's fraction: both pooled when they add up to the cohort, else a
    ``_Found`` without a share (never 100, which is the first group's only); None without such a fraction."""
    k = parse_number(m.group("n") or "")
    second = _fraction_after_all().match(after, m.end()) if k is not None else None
    if second is None or k is None or (cohort and k == cohort):
        return None  # "in all 30 patients" of a cohort of 30 is the cohort's whatever follows
    n, d = parse_number(second.group("n")), parse_number(second.group("d"))
    if n is None or d is None:
        return _Found(None, "arm_pair")
    return _pooled_fractions(float(k), float(k), float(n), float(d), second.group("a1") + " " + second.group("a2"),
                             cohort)


def _pooled_finding(doc: Doc, sent: Sentence, kind: str, m: re.Match[str], pooled: float) -> Finding:
    """The finding of per-arm rates pooled over the cohort (an R1 phrase's rates are subtracted from 100)."""
    share = pooled if kind == "r0" else 100.0 - pooled
    return make_finding(doc, "r0_rate_pct", round(share, 1), start=sent.start + m.start(), end=sent.start + m.end(),
                        rule=f"margins.{kind}.arm_pooled", confidence=0.75, unit="%", sentence=sent)


def _subgroup_arm_findings(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> list[Finding]:
    """A sentence naming arms ("97.4% in the LH group and 92.6% in the OH group"): only per-arm rates pooled over
    the whole cohort, and only when every arm the sentence names is one of the pair's."""
    vocab = _vocab()
    for kind in ("r0", "r1"):
        for m in vocab[kind].finditer(text):
            before = text[max(0, m.start() - 60):m.start()]
            if vocab["group_defined"].search(before) or vocab["selection"].search(before) \
                    or vocab["other_organ_before"].search(before):
                continue
            pooled = _pooled_arms(doc, text, m.end(), cohort)
            if pooled is not None and not _is_subgroup(doc, text, pooled[1]):
                return [_pooled_finding(doc, sent, kind, m, pooled[0])]
    return []


@lru_cache(maxsize=1)
def _arm_rates() -> re.Pattern[str]:
    """Rates per arm: "100% and 89.5% in the laparoscopic and open groups, respectively", "95% vs 80% for
    anatomical and non-anatomical resections"."""
    return re.compile(rf"(?P<p1>{PCT})\s?%\s*,?\s*(?:and|vs\.?|versus)\s*(?P<p2>{PCT})\s?%\s*,?\s*"
                      rf"(?:in|of|for|after|with)\s+(?:the\s+)?(?:patients\s+(?:undergoing|after|with)\s+)?"
                      rf"(?P<a1>[a-z][\w-]*)\s+(?:and|vs\.?|versus)\s+(?:the\s+)?(?P<a2>[a-z][\w-]*)\s+"
                      rf"{_fragment('arm_noun')}\b", re.I)


@lru_cache(maxsize=1)
def _arm_rates_split() -> re.Pattern[str]:
    """Rates per arm, each with its arm: "97.4% in the LH group and 92.6% in the OH group", "95% after laparoscopic
    and 88% after open resection", "100% for anatomical versus 90% for non-anatomical hepatectomies"."""
    prep = r"(?:in|of|for|after|with|among)\s+(?:the\s+)?(?:patients\s+(?:undergoing|after|with)\s+)?"
    return re.compile(rf"(?P<p1>{PCT})\s?%\s*{prep}(?P<a1>[a-z][\w-]*)(?:\s+{_fragment('arm_noun')})?\s*,?\s*"
                      rf"(?:and|vs\.?|versus|compared\s+with)\s+(?:(?:in|for)\s+)?(?P<p2>{PCT})\s?%\s*{prep}"
                      rf"(?P<a2>[a-z][\w-]*)\s+{_fragment('arm_noun')}\b", re.I)


def _arm_words(arm: str) -> str:
    """The pattern of an arm's names: the group of ``arm_synonyms`` the word belongs to ("laparoscopic" ->
    laparoscopy, LLR, ...; "open" -> laparotomy, ...), else the word itself."""
    for group in _vocab_arm_synonyms():
        if group.fullmatch(arm):
            return group.pattern
    return re.escape(arm)


@lru_cache(maxsize=1)
def _vocab_arm_synonyms() -> tuple[re.Pattern[str], ...]:
    from litreview.rules import load_json

    return tuple(re.compile(rf"(?:{group})", re.I) for group in load_json("margins.json")["arm_synonyms"])


def _arm_sizes(doc: Doc, arm: str) -> set[float]:
    """The counts the abstract gives next to an arm, under any of its names (see :func:`_arm_words`): "12 had a
    laparoscopic ...", "19 an open resection", "open resection (n = 19)", "open hepatectomy (OH, n = 27)", "22
    laparoscopic and 27 open resections", "18 by laparoscopy and 23 by laparotomy" (also subsets: "two laparoscopic
    cases")."""
    word = _arm_words(arm)
    pattern = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s+(?:(?:patients|women)\s+)?(?:(?:had|underwent|received)\s+)?"
                         rf"(?:(?:by|via|through)\s+)?(?:an?\s+)?(?:{word})\b(?!-)"
                         rf"|(?<![\w-])(?:{word})(?:\s+[\w-]+){{0,2}}?\s*\(\s*n\s*=\s*(?P<m>\d+)\s*\)"
                         rf"|\((?:{word})\s*[,;:]\s*n\s*=\s*(?P<k>\d+)\s*\)",
                         re.I)
    literal = re.compile(rf"(?<![\w-])(?:{word})\b", re.I)
    sizes = set()
    for sent in sentences(doc):
        if arm.lower() not in sent.text.lower() and not literal.search(sent.text):
            continue
        for m in pattern.finditer(normalise(sent.text)):
            n = parse_number(m.group("n") or m.group("m") or m.group("k"))
            if n is not None:
                sizes.add(float(n))
    return sizes


_ARM = rf"(?!{_UNIT_ANY}\b|all\b|the\b)[a-z][\w-]*"
_ARM_NOUN = rf"(?:\s+(?:{_fragment('arm_noun')}|cases|specimens|ones)\b)"


@lru_cache(maxsize=1)
def _all_arm_count() -> re.Pattern[str]:
    """Every margin of one arm and a count of the other's, right after the phrase, the arms' sizes left to the rest
    of the abstract: "in all laparoscopic cases and in 21 of the open cases", "in 21 of the open and all of the
    laparoscopic resections", "in all 18 LLR patients but only 21 of the OLR patients"."""
    all_arm = rf"all\s+(?:(?:of\s+)?the\s+)?(?:(?P<k#>{INT})\s+)?(?P<a1#>{_ARM}){_ARM_NOUN}?"
    count_arm = (rf"(?:only\s+)?(?P<n#>{INT})\s+(?:(?:out\s+)?of\s+(?:the\s+)?(?:(?P<d#>{INT})\s+)?)?"
                 rf"(?P<a2#>{_ARM}){_ARM_NOUN}?")
    join = r"\s*,?\s*(?:and|but|whereas|while)\s+(?:(?:only\s+)?in\s+)?"
    all1, all2, count1, count2 = (p.replace("#", i) for p, i in ((all_arm, "1"), (all_arm, "2"), (count_arm, "1"),
                                                                  (count_arm, "2")))
    first = rf"in\s+{all1}{join}{count1}"
    second = rf"in\s+{count2}{join}{all2}"
    return re.compile(rf"^[^;%\d]{{0,40}}?\b(?:{first}|{second})(?!\s*(?:[\(\[%/]|of\b))", re.I)


def _pooled_all_arm(doc: Doc, after: str, cohort: int) -> tuple[float, tuple[int, int]] | None:
    """"(Negative margins were achieved) in all laparoscopic cases and in 21 of the open cases" when the abstract
    gives the arms' sizes elsewhere under any of their names ("41 patients ..., 18 by laparoscopy and 23 by
    laparotomy"): (size of the whole arm + the count) over the cohort, only when both arms were operated and one pair
    of sizes makes the cohort; None otherwise (never 100 or the count alone)."""
    m = _all_arm_count().match(after)
    if m is None:
        return None
    i = "1" if m.group("a11") else "2"
    a1, a2 = m.group("a1" + i), m.group("a2" + i)
    k, n, d = (parse_number(m.group(g + i) or "") for g in ("k", "n", "d"))
    if n is None or a1.lower() == a2.lower() or _vocab()["other_arm"].search(a1 + " " + a2):
        return None
    sizes1 = {float(k)} if k is not None else _arm_sizes(doc, a1)
    sizes2 = {float(d)} if d is not None else _arm_sizes(doc, a2)
    pairs = [(s1, s2) for s1 in sizes1 for s2 in sizes2 if s1 > 0 and s2 > 0 and s1 + s2 == cohort and n <= s2]
    if len(pairs) != 1:
        return None
    share = percent(pairs[0][0] + float(n), float(cohort))
    return (share, (m.start(), m.end())) if share is not None else None


def _pooled_arms(doc: Doc, text: str, phrase_end: int, cohort: int | None) -> tuple[float, tuple[int, int]] | None:
    """The cohort's share from per-arm shares after a margin phrase, pooled by the arms' sizes when both arms were
    operated and their sizes add up to the cohort (every patient in exactly one arm); with the pair's span. Also
    one arm's every margin beside the other's count (see :func:`_pooled_all_arm`)."""
    if not cohort or cohort < 4:
        return None
    after = _mask(text[phrase_end:phrase_end + 160]).split(";")[0]
    if "all" in after.lower() and (pooled := _pooled_all_arm(doc, after, cohort)) is not None:
        share, (start, end) = pooled
        return share, (phrase_end + start, phrase_end + end)
    m = (_arm_rates().search(after) or _arm_rates_split().search(after)) if after.count("%") >= 2 else None
    if m is None or re.search(r"\d", after[:m.start()]):
        return None  # the pair must be the phrase's first values
    if _vocab()["other_arm"].search(m.group("a1") + " " + m.group("a2")):
        return None  # an ablation arm's margins are not the resected cohort's
    shares = (parse_number(m.group("p1")), parse_number(m.group("p2")))
    # the arms' sizes are the one pair of counts that adds up to the cohort ("conversion in two laparoscopic
    # cases" is a subset)
    pairs = [(n1, n2) for n1 in _arm_sizes(doc, m.group("a1")) for n2 in _arm_sizes(doc, m.group("a2"))
             if n1 > 0 and n2 > 0 and n1 + n2 == cohort]
    if len(pairs) != 1 or None in shares:
        return None
    counts = 0.0
    for share, size in zip(shares, pairs[0]):
        count = round(float(share or 0) * size / 100)
        if abs(count * 100 / size - float(share or 0)) > 0.6:
            return None  # the share is not a count of this arm's size
        counts += count
    share = percent(counts, float(cohort))
    return (share, (phrase_end + m.start(), phrase_end + m.end())) if share is not None else None
