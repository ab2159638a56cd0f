"""The rewrites and views a sentence is read through.

* House-style rewrites in place, every offset kept (the ``norm.*`` rules: "i.q.r." -> "IQR", "five year survival" ->
  "five-year survival"; "four years and two months" -> "50 months").
* The arm view: the doc's abbreviations that name a treatment arm spelled out ("the LR and ST groups"), and a pronoun
  arm after a surgical "with" phrase ("54.6 months with LDS and 31.9 months without it").
* The value view: the doc's abbreviation of the operation hidden where it reads as a statistic's label ("the 5-year
  survival after HR was 45%", HR = hepatic resection).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc

from litreview.extract.measures import Sent, rules
from litreview.extract.numbers import is_distractor, words_to_int
from litreview.extract.prefilter import may_match
from litreview.rules import RegexRule
from litreview.extract.survival.vocab import RULES, ArmView, _cue, _same
from litreview.extract.survival.arms import _names_an_arm


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
