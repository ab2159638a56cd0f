"""The rewrites and views a sentence is read through.

* House-style rewrites in place, every offset kept (the ``norm.*`` rules: "i.q.r." -> "IQR", "five year survival" ->
  "five-year survival"; "four years and two months" -> "50 months", "two and a half years" -> "30 months").
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

from litreview.extract.base import doc_text
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
    if "half" in text or "quarter" in text:  # the cheap literals first: "two and a half years", "and a quarter"
        text = _cue("cue.and_a_half").sub(_half_in_months, text)
    worded = _cue("cue.word_percent")
    if ("per" in text or "%" in text) and may_match(worded, text):
        text = worded.sub(_in_digits, text)
    probabilities = _cue("cue.probability_list")
    if "probabilit" in text and may_match(probabilities, text):
        text = probabilities.sub(_as_percentages, text)
    text = pooled_as_percentages(text)
    return sent if text == sent.text else replace(sent, text=text)


def pooled_as_percentages(text: str) -> str:
    """``text`` with a meta-analysis' pooled proportions written as decimals with their interval ("pooled morbidity
    0.21 (0.16-0.27)") rewritten as percentages of the same length ("21% "), every offset kept; also used by the
    outcome family."""
    if "pooled" not in text.lower():  # the cheap literal first
        return text
    return _cue("cue.pooled_proportion").sub(_as_percentages, text)


_DECIMAL = re.compile(r"0?\.(\d{1,3})")


def _as_percentages(m: re.Match[str]) -> str:
    """The decimals of a probability list as percentages of the same length ("0.71 and 0.47" -> "71%  and 47% ",
    "0.473" -> "47.3%", ".7" -> "70%")."""
    def percentage(d: re.Match[str]) -> str:
        digits = d.group(1).ljust(2, "0")
        value = digits[:2].lstrip("0") or "0"
        if len(digits) > 2:
            value += "." + digits[2:]
        return f"{value}%".ljust(len(d.group(0)))[:max(len(d.group(0)), len(value) + 1)]
    lo, hi = m.start("list") - m.start(), m.end("list") - m.start()
    whole = m.group(0)
    rewritten = _DECIMAL.sub(percentage, whole[lo:hi])
    if len(rewritten) != hi - lo:
        return whole  # offsets must not move
    return whole[:lo] + rewritten + whole[hi:]


def _in_digits(m: re.Match[str]) -> str:
    """ "thirty-four per cent" -> "34%", padded to the same length (offsets kept)."""
    value = words_to_int(m.group("w").replace(" ", "-"))
    if value is None:
        return m.group(0)
    return f"{value}%".ljust(len(m.group(0)))


def _in_months(m: re.Match[str]) -> str:
    """ "four years and two months" -> "50 months", padded to the same length (offsets kept)."""
    years, months = (int(raw) if raw.isdigit() else words_to_int(raw) for raw in (m.group("y"), m.group("m")))
    if years is None or months is None or months >= 12:
        return m.group(0)
    value = f"{years * 12 + months} months"
    if len(value) > len(m.group(0)):
        value = f"{years * 12 + months} mo"  # "3 y 4 mo": the short unit keeps the offsets
    return value.ljust(len(m.group(0)))


def _half_in_months(m: re.Match[str]) -> str:
    """ "two and a half years" -> "30 months", "a year and a half" -> "18 months", "two and a quarter years" -> "27
    months", "one and three-quarter years" -> "21 months", "two and a half months" -> "2.5 months", padded to the same
    length (offsets kept)."""
    raw = m.group("n") or m.group("n2")
    unit = (m.group("u") or m.group("u2")).lower()
    part = (m.group("f") or m.group("f2")).lower()
    fraction = 0.75 if part.startswith("three") else 0.25 if "quarter" in part else 0.5
    whole = 1 if raw.lower() in ("a", "an") else int(raw) if raw.isdigit() else words_to_int(raw)
    if whole is None:
        return m.group(0)
    value = f"{round(whole * 12 + fraction * 12)} months" if unit.startswith("year") \
        else f"{whole + fraction:g} months"
    return value.ljust(len(m.group(0)))


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
    pairs = {**_counted_abbreviations(doc_text(doc)), **pairs}
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


#: "a hepatectomy plus systemic therapy group (HS; n = 74)", "who received systemic therapy only (ST group, n = 54)":
#: an abbreviation sharing its bracket with the group's size, which the abbreviation detector does not pair with its
#: long form
_COUNTED_SHORT = re.compile(r"\(\s*(?P<short>[A-Z]{2,5})(?:\s+(?:group|arm|cohort))?\s*[;,]\s*n\s*=\s*\d")


def _counted_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations defined in a bracket with the group's size ("(HS; n = 74)"), each with its long form: the
    shortest run of the words before the bracket whose letters spell the abbreviation, the first letter starting a
    word (as abbreviation detectors read "hepatectomy plus systemic therapy group (HS")."""
    if "n =" not in text and "n=" not in text:
        return {}
    found: dict[str, str] = {}
    for m in _COUNTED_SHORT.finditer(text):
        before = " ".join(re.split(r"[,;:()]", text[max(0, m.start() - 80):m.start()])[-1].split()[-8:])
        long = _long_form(before, m.group("short"))
        if long:
            found.setdefault(m.group("short"), long)
    return found


def _long_form(before: str, short: str) -> str | None:
    """The end of ``before`` whose letters spell ``short`` in order, its first letter at the start of a word."""
    letters = short.lower()
    pos = len(before) - 1
    for index in range(len(letters) - 1, -1, -1):
        while pos >= 0 and (before[pos].lower() != letters[index]
                            or (index == 0 and pos > 0 and before[pos - 1].isalnum())):
            pos -= 1
        if pos < 0:
            return None
        if index:
            pos -= 1
    return before[pos:] if pos >= 0 else None


def _with_pronoun_arm(view: ArmView) -> ArmView:
    """``view`` followed by spelling out a pronoun arm ("54.6 months with LDS and 31.9 months without it" -> "...
    without surgery") when the "with" phrase before it names the surgical arm; likewise an elliptic arm ("71.4 months
    in women who underwent hepatectomy and 34.2 months in those who did not" -> "... those without surgery")."""
    patterns = [(_cue(name), str(rules(RULES)[name].value)) for name in ("arm.other_pronoun", "arm.other_elliptic")]
    surgical, other = _cue("arm.surgical"), _cue("arm.other")

    def spelled(text: str) -> str:
        text = view(text)
        for pattern, replacement in patterns:
            if not may_match(pattern, text):
                continue
            out, last = [], 0
            for m in pattern.finditer(text):
                arm = m.group("arm")
                if surgical.search(arm) and not other.search(arm):
                    out.append(text[last:m.start("pronoun")] + replacement)
                    last = m.end("pronoun")
            if out:
                text = "".join(out) + text[last:]
        return text
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
