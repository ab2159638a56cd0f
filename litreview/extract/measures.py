"""Sentence-level machinery shared by the survival, outcomes and study extractors.

Abstracts report outcomes as *measure* words ("median overall survival",
"morbidity") linked to *value groups* ("57 months", "14 and 57 months",
"50 vs 45 months", "95%, 63% and 40%"). This module finds both in a sentence
and says how they are tied together, leaving the field-specific choices to the
extractors:

* :func:`iter_sentences` - the sentences of a Doc as :class:`Sent` (text,
  offset of the sentence in ``doc.text``, section, clause boundaries).
* :func:`find_measures` - measure mentions of a sentence from a JSONL rule file
  (earlier rules win overlapping text).
* :func:`find_duration_groups` / :func:`find_percent_groups` - value groups:
  one or more numbers joined by ``,``/``and``/``vs`` that share a unit.
* :func:`arm_of` - which treatment arm a value is labelled with (``"surgical"``,
  ``"other"`` or ``None``) from the words right after / before it.
* :func:`vs_index` - which item of an ``A vs B`` pair belongs to the surgical arm.
* :func:`make_finding` - a :class:`~litreview.records.Finding` with offsets into
  the record's abstract.

Everything works on the plain sentence text with regular expressions, so the
same code runs on the scispaCy pipeline and on ``spacy.blank("en")`` docs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Iterator, Mapping

from spacy.tokens import Doc

from litreview.extract.base import SECTION_WEIGHTS, Sentence, sentences
from litreview.extract.base import make_finding as base_make_finding
from litreview.extract.numbers import NUM, is_distractor, parse_number
from litreview.extract.prefilter import PatternGroup, has_match, may_match, may_match_once
from litreview.records import Finding
from litreview.rules import RegexRule, load_regex_rules

__all__ = [
    "Sent",
    "Measure",
    "ValueCandidate",
    "ValueItem",
    "ValueGroup",
    "iter_sentences",
    "rules",
    "rule",
    "find_measures",
    "find_duration_groups",
    "find_percent_groups",
    "clause_index",
    "arm_of",
    "vs_index",
    "arm_order",
    "post_context",
    "pre_context",
    "make_finding",
    "normalise",
    "section_weight",
    "cites_other_study",
    "without_comparisons",
]

# Dashes and odd spaces, replaced one character for one so offsets survive.
_NORMALISE = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
                            "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u00b7": "."})


# Per-sentence results are memoised (pure functions of the sentence text): the survival,
# outcomes, study and design families read the same sentences, some of them several times.
_MEMO = 16384

_PER_CENT = re.compile(r"(?<=\d)\s?(?:per\s?cent|percent)\b", re.IGNORECASE)


@lru_cache(maxsize=_MEMO)
def normalise(text: str) -> str:
    """Unicode dashes/spaces to ASCII and "40 per cent" to "40%", keeping every offset unchanged."""
    if not text.isascii():  # every character mapped is non-ASCII; translate() costs a dict lookup per character
        text = text.translate(_NORMALISE)
    if not may_match_once(_PER_CENT, text):  # not a scan: whole abstracts are normalised too
        return text
    return _PER_CENT.sub(lambda m: "%" + " " * (len(m.group(0)) - 1), text)


@dataclass(frozen=True)
class Sent:
    """One sentence: ``text`` (normalised), ``start`` in ``doc.text``, ``section``, clauses."""

    text: str
    start: int
    section: str | None
    base: Sentence
    clauses: tuple[tuple[int, int], ...] = field(default=())


@lru_cache(maxsize=_MEMO)
def _clauses(text: str) -> tuple[tuple[int, int], ...]:
    # Semicolons separate independent statements ("...was 29.9 months; measured from
    # diagnosis, ... was 42 months"), so a value never borrows a measure across one.
    out = []
    begin = 0
    for part in text.split(";"):
        out.append((begin, begin + len(part)))
        begin += len(part) + 1
    return tuple(out)


# The Sents of the doc being extracted: every family iterates them, so they are built once per
# doc. Kept here, not in doc.user_data, which must stay msgpack-serialisable; the doc itself
# is held, so an id cannot be reused while its entry lives.
_SENTS: dict[int, tuple[Doc, tuple[Sent, ...]]] = {}
_SENTS_KEPT = 4


def iter_sentences(doc: Doc, include_title: bool = False) -> Iterator[Sent]:
    """The sentences of ``doc`` (the title's only when ``include_title``)."""
    entry = _SENTS.get(id(doc))
    if entry is None or entry[0] is not doc:
        if len(_SENTS) >= _SENTS_KEPT:
            _SENTS.clear()
        built = []
        for sent in sentences(doc):
            text = normalise(sent.text)
            built.append(Sent(text=text, start=sent.start, section=sent.section, base=sent, clauses=_clauses(text)))
        entry = _SENTS[id(doc)] = (doc, tuple(built))
    for sent in entry[1]:
        if sent.section == "TITLE" and not include_title:
            continue
        yield sent


@lru_cache(maxsize=None)
def rules(name: str) -> Mapping[str, RegexRule]:
    """Rules of a JSONL regex rule file keyed by id (loaded once; read-only: every caller shares it)."""
    return MappingProxyType({r.id: r for r in load_regex_rules(name)})


def rule(name: str, rule_id: str) -> re.Pattern[str]:
    """The compiled pattern of one rule."""
    return rules(name)[rule_id].pattern


@dataclass
class ValueCandidate:
    """A value a survival or outcomes rule proposes for a field, before the best one is chosen."""

    field: str
    value: float | str
    sent: Sent
    start: int  # offsets in the sentence
    end: int
    score: float
    rule: str
    note: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Measure:
    """A measure word in a sentence (``kind`` is the rule id after ``measure.``)."""

    kind: str
    start: int
    end: int
    field: str | None
    note: str | None


def find_measures(text: str, rule_file: str, prefix: str = "measure.") -> list[Measure]:
    """Measure mentions of ``text``, non-overlapping, in text order."""
    return list(_find_measures(text, rule_file, prefix))


@lru_cache(maxsize=None)
def _prefixed_rules(rule_file: str, prefix: str) -> tuple[tuple[str, RegexRule], ...]:
    return tuple((rid[len(prefix):], r) for rid, r in rules(rule_file).items() if rid.startswith(prefix))


@lru_cache(maxsize=None)
def _prefixed_group(rule_file: str, prefix: str) -> PatternGroup:
    return PatternGroup(r.pattern for _kind, r in _prefixed_rules(rule_file, prefix))


@lru_cache(maxsize=_MEMO)
def _find_measures(text: str, rule_file: str, prefix: str) -> tuple[Measure, ...]:
    taken: list[tuple[int, int]] = []
    found: list[Measure] = []
    prefixed = _prefixed_rules(rule_file, prefix)
    for index in _prefixed_group(rule_file, prefix).candidates(text):
        kind, r = prefixed[index]
        for m in r.pattern.finditer(text):
            start, end = m.span()
            if end == start:
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(Measure(kind, start, end, r.field, r.note))
    found.sort(key=lambda x: x.start)
    return tuple(found)


@dataclass(frozen=True)
class ValueItem:
    """One number of a value group; ``high`` is set for a range (``12-58``)."""

    value: float
    start: int
    end: int
    high: float | None = None
    sd: bool = False  # written "mean ± SD"


@dataclass(frozen=True)
class ValueGroup:
    """Numbers sharing a unit: ``"14 and 57 months"``, ``"50 vs 45 months"``, ``"95%, 63% and 40%"``."""

    items: tuple[ValueItem, ...]
    unit: str
    start: int
    end: int
    versus: bool

    @property
    def is_range(self) -> bool:
        return any(i.high is not None for i in self.items)


_UNIT = r"(?:months?|mos?\.?|mths?|years?|yrs?|y|weeks?|wks?|days?)(?![\w-])"
_ITEM = rf"(?P<n>{NUM})(?:\s*(?P<sd>±|\+/-|\+-)\s*{NUM})?(?:\s*(?:-|to)\s*(?P<h>{NUM}))?"
_ITEM_RE = re.compile(_ITEM, re.IGNORECASE)
_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+|\s*\b(?:vs\.?|versus)\s*)"
_ITEM_NC = rf"{NUM}(?:\s*(?:±|\+/-|\+-)\s*{NUM})?(?:\s*(?:-|to)\s*{NUM})?"
_DUR_GROUP_RE = re.compile(
    rf"(?P<g>{_ITEM_NC}(?:\s+{_UNIT})?(?:{_SEP}{_ITEM_NC}(?:\s+{_UNIT})?)*)"
    rf"(?:\s*\((?:IQR|interquartile\s+range|range|95%\s*CI|CI)[^()]{{0,40}}\)"  # "32 (IQR 18-60) months"
    rf"|\s*\(\s*{NUM}\s*(?:-|to|,)\s*{NUM}\s*\))?"  # "Median (range) follow-up was 41 (3-156) months"
    rf"\s*(?P<unit>{_UNIT})",
    re.IGNORECASE,
)
_NUM_RE = re.compile(rf"{NUM}(?:\s*(?:±|\+/-|\+-)\s*{NUM})?(?:\s*(?:-|to)\s*{NUM})?", re.IGNORECASE)


def _unit_norm(unit: str) -> str:
    u = unit.lower().rstrip(".")
    if u.startswith(("mo", "mt")):
        return "months"
    if u.startswith("y"):
        return "years"
    if u.startswith("w"):
        return "weeks"
    return "days"


def _items(text: str, start: int, end: int) -> tuple[list[ValueItem], bool]:
    items: list[ValueItem] = []
    chunk = text[start:end]
    versus = bool(re.search(r"\b(?:vs\.?|versus)", chunk, re.IGNORECASE))
    for m in _NUM_RE.finditer(chunk):
        if chunk[:m.start()].count("(") > chunk[:m.start()].count(")"):
            continue  # inside "(IQR 18-60)"
        sub = _ITEM_RE.match(chunk, m.start())
        if sub is None:
            continue
        value = parse_number(sub.group("n"))
        if value is None:
            continue
        high = parse_number(sub.group("h")) if sub.group("h") else None
        items.append(ValueItem(float(value), start + m.start(), start + m.end(),
                               float(high) if high is not None else None, bool(sub.group("sd"))))
    return items, versus


def find_duration_groups(text: str) -> list[ValueGroup]:
    """Durations: ``"57 months"``, ``"3.5 yr"``, ``"14 and 57 months"``, ``"28-64 mo"``.

    A number glued to its unit by a hyphen ("5-year") is an adjective, not a duration.
    """
    return list(_duration_groups(text))


@lru_cache(maxsize=_MEMO)
def _duration_groups(text: str) -> tuple[ValueGroup, ...]:
    groups = []
    for m in _DUR_GROUP_RE.finditer(text):
        gap = text[m.end("g"):m.start("unit")].strip()
        if gap and not gap.startswith("("):  # e.g. "5-year": hyphen between
            continue
        if m.start("unit") > 0 and text[m.start("unit") - 1] == "-":
            continue
        items, versus = _items(text, m.start("g"), m.start("unit"))
        if not items:
            continue
        # A number fused with the previous word ("COVID-19") or a decimal tail is not a value.
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-/."):
            continue
        groups.append(ValueGroup(tuple(items), _unit_norm(m.group("unit")), m.start(), m.end(), versus))
    return tuple(groups)


_PCT_SD = r"(?:\s*(?:±|\+/-|\+-)\s*" + NUM + r")?"
_PCT_GROUP_RE = re.compile(
    rf"{NUM}{_PCT_SD}\s?%?(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+|\s*\b(?:vs\.?|versus)\s*){NUM}{_PCT_SD}\s?%?)*"
    rf"(?<=%)",
    re.IGNORECASE,
)
_PCT_ITEM_RE = re.compile(rf"(?P<n>{NUM})(?P<sd>\s*(?:±|\+/-|\+-)\s*{NUM})?", re.IGNORECASE)


_RANGE_BEFORE = re.compile(r"\b(?:rang(?:ed|es|ing)|var(?:ied|ies|ying))\s+(?:\w+\s+){0,2}?(?:from|between)\s*$"
                           r"|\bbetween\s*$|\brang(?:ed|es|ing)\s*(?:from\s*)?$", re.IGNORECASE)


def _is_percent_range(text: str, m: re.Match[str]) -> bool:
    """``m`` (a percentage group) is the low end of / one bound of a range across studies or patients."""
    before = text[max(0, m.start() - 40):m.start()]
    chunk = m.group(0)
    if re.search(r"\bbetween\s*$", before, re.I) and re.search(r"\sand\s", chunk):
        return True  # "between 70% and 95%"
    if _RANGE_BEFORE.search(before) and not re.search(r",", chunk):
        return True  # "ranged from 6%", "ranging between 6 and 44%"
    if re.search(r"\bfrom\s*$", before, re.I) and re.match(r"\s*%?\s*to\s*\d", text[m.end():m.end() + 8]):
        return True  # "morbidity from 6% to 44%"
    return False


def find_percent_groups(text: str) -> list[ValueGroup]:
    """Percentages: ``"49.6%"``, ``"95%, 63% and 40%"``, ``"38% vs 39%"``, ``"35 and 31%"``, ``"78 ± 4.5%"``.

    Confidence levels ("95% CI"), numbers inside a CI bracket and the ends of a
    percentage range ("21-61%") are left out; in ``78 ± 4.5%`` the value is 78.
    """
    return list(_percent_groups(text))


@lru_cache(maxsize=_MEMO)
def _percent_groups(text: str) -> tuple[ValueGroup, ...]:
    groups = []
    for m in _PCT_GROUP_RE.finditer(text):
        before = text[max(0, m.start() - 8):m.start()]
        if re.search(r"\d\s*%?\s*(?:-|to)\s*$", before):  # high end of a range "21-61%", "20% to 30%"
            continue
        last = m.group(0).rstrip(" %")
        last_num = list(_PCT_ITEM_RE.finditer(last))
        if last_num and is_distractor(text, m.start() + last_num[-1].start(), m.end()):
            continue  # "r=-0.06, 95% CI": the % belongs to a confidence level, not to 0.06
        if _is_percent_range(text, m):
            continue  # "from 6% to 44%", "between 70% and 95%", "ranged from 21% ...": a spread, not a value
        items = []
        for sub in _PCT_ITEM_RE.finditer(m.group(0)):
            s, e = m.start() + sub.start(), m.start() + sub.end()
            if is_distractor(text, s, e):
                continue
            if re.match(r"\s*%?\s*(?:-|to)\s*\d", text[e:e + 7]) or re.match(r"\s*%?\s*(?:CI|confidence)", text[e:e + 14], re.I):
                continue
            if "=" in text[max(0, s - 4):s] and re.search(r"\bn\s*=\s*$", text[max(0, s - 6):s], re.I):
                continue  # "(n = 11, 15.7%)": the count before the share, not a percentage of its own
            value = parse_number(sub.group("n"))
            if value is None:
                continue
            items.append(ValueItem(float(value), s, e, sd=bool(sub.group("sd"))))
        if items:
            versus = bool(re.search(r"\b(?:vs\.?|versus)", m.group(0), re.IGNORECASE))
            groups.append(ValueGroup(tuple(items), "%", items[0].start, items[-1].end, versus))
    return tuple(groups)


def clause_index(sent: Sent, pos: int) -> int:
    """Index of the clause holding character ``pos`` of the sentence."""
    for i, (s, e) in enumerate(sent.clauses):
        if s <= pos <= e:
            return i
    return len(sent.clauses) - 1


_BOUNDARY_AFTER = re.compile(r"[,;]|\band\b|\bagainst\b|\bvs\b|\bversus\b|\bwhereas\b|\bwhile\b|\bbut\b",
                             re.IGNORECASE)
_BOUNDARY_BEFORE = re.compile(
    r"[;]|\bagainst\b|\bvs\.?|\bversus\b|\bcompared\s+(?:with|to)\b|\bwhereas\b|\bwhile\b|\bbut\b|\bthan\b",
    re.IGNORECASE)


def post_context(text: str, end: int, limit: int = 45) -> str:
    """Words right after a value: first out of any bracket it sits in, then up to a boundary."""
    depth = text[:end].count("(") - text[:end].count(")")
    pos = end
    while depth > 0 and pos < len(text):
        if text[pos] == ")":
            depth -= 1
        elif text[pos] == "(":
            depth += 1
        pos += 1
    rest = text[pos:pos + limit]
    m = _BOUNDARY_AFTER.search(rest)
    return rest[: m.start()] if m else rest


def pre_context(text: str, start: int, limit: int = 90) -> str:
    """Words before a value back to the previous boundary (``;``, ``against``, ``vs``...)."""
    chunk = text[max(0, start - limit):start]
    last = None
    for m in _BOUNDARY_BEFORE.finditer(chunk):
        last = m
    return chunk[last.end():] if last else chunk


def arm_of(text: str, start: int, end: int, rule_file: str = "survival.jsonl") -> str | None:
    """``"surgical"``, ``"other"`` or ``None``: the treatment arm a value is labelled with."""
    after = post_context(text, end)
    before = pre_context(text, start)
    surgical = rule(rule_file, "arm.surgical")
    other = rule(rule_file, "arm.other")
    for chunk in (after, before):
        o = other.search(chunk)
        # "the women who were not resected": the surgical word inside an other-arm phrase is not a surgical arm
        s = next((m for m in surgical.finditer(chunk) if not (o and o.start() <= m.start() < o.end())), None)
        if s and o:
            return "surgical" if s.start() > o.start() else "other"  # the nearer word to the value
        if s:
            return "surgical"
        if o:
            return "other"
    return None


# "Compared with non-surgical patients, the surgical cohort was ... (34.6% vs 27.9%)": the values follow the
# sentence's subject first, whatever the order in which the arms are named
_LEADING_COMPARISON = re.compile(r"^\s*(?:(?:when|as)\s+)?(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|"
                                 r"relative\s+to|unlike)\s+(?P<group>[^,;]{1,80}),", re.IGNORECASE)


def vs_index(text: str, rule_file: str = "survival.jsonl") -> int | None:
    """For ``A vs B`` in a sentence: 0 if the surgical arm is named first, 1 if second, else None."""
    surgical, other = rule(rule_file, "arm.surgical"), rule(rule_file, "arm.other")
    s, o = surgical.search(text), other.search(text)
    lead = _LEADING_COMPARISON.match(text) if s and o else None
    if lead:
        rest = text[lead.end():]
        compared_with_other = bool(other.search(lead.group("group")))
        if compared_with_other and surgical.search(rest):
            return 0  # compared with the other arm: the surgical subject's value comes first
        if not compared_with_other and other.search(rest):
            return 1
    if s and o:
        return 0 if s.start() < o.start() else 1
    if s and not re.search(r"\b(?:major|minor|extended|limited|anatomic(?:al)?|non-?anatomic(?:al)?|open|"
                           r"laparoscopic|robotic|repeat|first|second|R0|R1|R2)\b", text, re.IGNORECASE):
        return 0  # "longer in the resection group (56 vs 32 months)": the surgical arm is the one named
    return None  # no surgical arm, or two surgical subgroups ("major vs minor hepatectomy")


def arm_order(text: str, rule_file: str = "survival.jsonl") -> int | None:
    """For "X and Y, respectively" after a surgical and a non-surgical arm: 0/1 = the surgical arm's position.

    Both kinds of arm must be named ("the surgery group versus the systemic group ... 51.3% and 27.8%,
    respectively"); two surgical subgroups or unnamed groups give ``None``.
    """
    s = rule(rule_file, "arm.surgical").search(text)
    o = rule(rule_file, "arm.other").search(text)
    if not (s and o):
        return None
    return 0 if s.start() < o.start() else 1


_COMPARISON = re.compile(r"\b(?:comparable|similar|consistent|in\s+line|in\s+keeping|compared|comparing|than)\b"
                         r"[^,;.]*", re.IGNORECASE)


def without_comparisons(text: str) -> str:
    """``text`` without comparison tails ("..., comparable to published series")."""
    return _COMPARISON.sub(" ", text) if may_match(_COMPARISON, text) else text


@lru_cache(maxsize=_MEMO)
def cites_other_study(text: str) -> bool:
    """The sentence attributes its figures to another study ("In the largest series ...", "X et al. reported").

    A comparison ("50 months, comparable to previously published series") does not make the figure
    another study's.
    """
    cited = rule("survival.jsonl", "cue.cited_study")
    stripped = without_comparisons(text)
    return has_match(cited, stripped)


def section_weight(section: str | None) -> float:
    """How much a figure in this section is trusted (RESULTS outweighs BACKGROUND)."""
    return SECTION_WEIGHTS.get(section, 0.8)


def make_finding(doc: Doc, sent: Sent, field_name: str, value: object, unit: str | None, start: int, end: int,
                 confidence: float, rule_id: str, note: str | None = None) -> Finding:
    """A Finding for ``sent.text[start:end]`` (sentence offsets), via :func:`litreview.extract.base.make_finding`."""
    return base_make_finding(doc, field_name, value, start=sent.start + start, end=sent.start + end, rule=rule_id,
                             confidence=round(max(0.05, min(confidence, 0.99)), 2), unit=unit, note=note,
                             sentence=sent.base)
