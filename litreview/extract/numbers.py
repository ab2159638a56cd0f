"""Numbers as abstracts write them, and the statistics that only look like results.

Regex fragments (plain strings, to embed in larger patterns; rule files reach
them as ``{NUM}``, ``{INT}``, ``{PCT}`` placeholders):

* :data:`INT` - an integer in digits (``86``, ``1,686``, ``1 686``) or words
  (``Fifty-nine``, ``twenty one``, ``one hundred and two``).
* :data:`NUM` - :data:`INT` or a decimal (``85.2``, ``85,2`` with a decimal comma
  is read as 85.2 only when not followed by three digits).
* :data:`PCT` - a decimal number directly followed by an optional space and ``%``.

Functions:

* :func:`parse_number` - ``"Fifty-nine"`` -> 59, ``"1,686"`` -> 1686, ``"85.2"`` -> 85.2.
* :func:`find_numbers` - every number mention of a text with its kind (count,
  percent, fraction, range, duration) and whether it is a distractor (hazard ratio,
  odds/relative risk, confidence interval, p-value).
* :func:`to_months` - ``(4.5, "years")`` -> 54.0.
* :func:`percent` - ``percent(73, 86)`` -> 84.9 (rounded to one decimal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Pure functions of their text arguments are memoised: every family parses the same
# sentences (and the same number strings) again.
_MEMO = 16384

__all__ = [
    "INT",
    "NUM",
    "PCT",
    "WORD_NUMBER",
    "NumberMention",
    "parse_number",
    "words_to_int",
    "find_numbers",
    "has_number",
    "int_starts",
    "is_distractor",
    "to_months",
    "percent",
]

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}

_UNIT_WORDS = "|".join(sorted((w for w in _UNITS if w not in ("no", "none")), key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
_WORD = rf"(?:{_TEN_WORDS}|{_UNIT_WORDS}|hundred|thousand)"
#: A number written in words ("Fifty-nine", "one hundred and two"); case-insensitive by itself.
#: "and" joins words only after hundred/thousand: "sixty-six and forty-one" are two numbers.
WORD_NUMBER = rf"(?i:\b{_WORD}(?:(?:[\s\-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)(?:{_WORD}))*\b)"
# "78,5%", "4,5 years": the digits before a decimal comma are no integer of their own
_DIGITS = r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?![\d])(?!,\d{1,2}\s?(?:%|years?|months?)(?!\w))"
#: An integer in digits or words.
INT = rf"(?:{_DIGITS}|{WORD_NUMBER})"
_DECIMAL = r"(?<![\w.,])\d+[.·]\d+(?![\d])|(?<![\w.,])\d+,\d{1,2}(?![\d])"
#: Any number: a decimal, an integer in digits or an integer in words.
NUM = rf"(?:{_DECIMAL}|{INT})"
#: A percentage value (the number only; the ``%`` follows).
PCT = rf"(?:{_DECIMAL}|(?<![\w.,])\d+(?![\d]))(?=\s?%)"


_DIGIT_RUN = re.compile(r"\d+")
_WORD_NUMBER_START = re.compile(rf"\b(?i:{_WORD})")


@lru_cache(maxsize=1)
def _number_words() -> "ahocorasick.Automaton":
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in re.findall(r"[a-z]+", _WORD):
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1024)  # has_number and int_starts ask it of the same sentence in turn
def _word_starts(text: str) -> tuple[int, ...]:
    """Positions where a number in words may begin: a number word after a word boundary."""
    if not text.isascii():  # re folds a few non-ASCII letters ("\u017f") onto ASCII ones; str.lower does not
        return tuple(m.start() for m in _WORD_NUMBER_START.finditer(text))
    lower = text.lower()
    starts = set()
    for end, length in _number_words().iter(lower):
        start = end - length + 1
        if start == 0 or not (lower[start - 1].isalnum() or lower[start - 1] == "_"):
            starts.add(start)
    return tuple(sorted(starts))


def has_number(text: str) -> bool:
    """False only when :data:`INT` certainly has no match in ``text``.

    Searching with :data:`INT` itself tries its look-behinds and a case-insensitive word
    alternation at every position of the text: several times slower than these tests.
    """
    return _DIGIT_RUN.search(text) is not None or bool(_word_starts(text))


def int_starts(text: str) -> list[int]:
    """Ascending positions at which every match of :data:`INT` in ``text`` begins, and maybe a few more.

    An integer in digits starts a run of digits (its look-behind forbids a digit before it);
    one in words starts at a word boundary with a number word.
    """
    starts = [m.start() for m in _DIGIT_RUN.finditer(text)]
    words = _word_starts(text)
    if words:
        starts = sorted([*starts, *words])
    return starts


def words_to_int(text: str) -> int | None:
    """``"one hundred and two"`` -> 102; ``None`` when the words are not one number."""
    tokens = [t for t in re.split(r"[\s\-]+", text.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = 0
    current = 0
    last: str | None = None  # kind of the previous word: unit, teen, ten, scale
    for token in tokens:
        if token in _UNITS:
            value = _UNITS[token]
            if last in ("unit", "teen") or (last == "ten" and value >= 10):
                return None
            current += value
            last = "teen" if value >= 10 else "unit"
        elif token in _TENS:
            if last in ("unit", "teen", "ten"):
                return None
            current += _TENS[token]
            last = "ten"
        elif token in _SCALES:
            scale = _SCALES[token]
            if current == 0:
                current = 1
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            last = "scale"
        else:
            return None
    return total + current


@lru_cache(maxsize=_MEMO)
def parse_number(text: str) -> int | float | None:
    """Parse one number in digits or words; ``None`` if it is not a number."""
    s = text.strip().replace("\u00b7", ".").replace("\u2009", "").replace("\u00a0", "")
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        return int(s.replace(",", ""))
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    if re.fullmatch(r"\d+,\d{1,2}", s):  # decimal comma
        return float(s.replace(",", "."))
    return words_to_int(s)


@dataclass(frozen=True)
class NumberMention:
    """One number in a text.

    ``kind`` is ``"percent"`` (85.2%), ``"fraction"`` (73/86 or 73 of 86: ``value``
    is the numerator, ``denominator`` the total), ``"range"`` (28-64: ``value`` the
    low end, ``high`` the high end), ``"duration"`` (4.5 years; ``unit`` set) or
    ``"count"`` (anything else). ``distractor`` names the statistic it belongs to
    (``"hazard ratio"``, ``"odds ratio"``, ``"confidence interval"``, ``"p-value"``)
    or is ``None``.
    """

    value: int | float
    start: int
    end: int
    kind: str
    text: str
    denominator: int | None = None
    high: float | None = None
    unit: str | None = None
    distractor: str | None = None


_DURATION_UNITS = {
    "day": "days", "days": "days", "d": "days",
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "month": "months", "months": "months", "mo": "months", "mos": "months", "mth": "months", "mths": "months",
    "year": "years", "years": "years", "yr": "years", "yrs": "years", "y": "years",
}
_DURATION = r"(?P<unit>months?|mos?\b|mths?|years?|yrs?|y\b|weeks?|wks?|days?|d\b)"
_MENTION_RE = re.compile(
    rf"(?P<num>{NUM})"
    rf"(?:\s*(?:/|of|out\s+of)\s*(?P<den>{_DIGITS}|{WORD_NUMBER})(?!\s*%)"  # 73/86, 73 of 86
    rf"|\s*(?:-|–|—|to)\s*(?P<high>{NUM})(?:\s*(?P<rpct>%))?"  # 28-64, 20 to 67%
    rf"|\s?(?P<pct>%)"
    rf")?"
    rf"(?:[\s\-]*{_DURATION})?",
    re.IGNORECASE,
)

_DISTRACTOR_BEFORE = [
    ("hazard ratio", re.compile(r"(?:\bHRs?\b|hazard\s+ratios?)\s*(?:\[[^\]]*\]|\([^)]*\))?\s*(?:[:=,]|of|was|were|is)?\s*$",
                                re.IGNORECASE)),
    ("odds ratio", re.compile(r"(?:\b(?:a?OR|RR|IRR|SHR|sHR)\b|odds\s+ratios?|relative\s+risks?|risk\s+ratios?)"
                              r"\s*(?:\([^)]*\))?\s*(?:[:=,]|of|was|were|is)?\s*$", re.IGNORECASE)),
    ("confidence interval", re.compile(r"(?:\bCI\b|confidence\s+intervals?)\s*(?:\([^)]*\))?\s*[:=,]?\s*$",
                                       re.IGNORECASE)),
    ("p-value", re.compile(r"\bp\s*(?:[<>=≤≥]|&lt;|&gt;)\s*$", re.IGNORECASE)),
]
# "95% CI" - the 95 itself.
_CI_LEVEL_RE = re.compile(r"^\s?%\s*(?:CI\b|confidence)", re.IGNORECASE)


@lru_cache(maxsize=_MEMO)
def is_distractor(text: str, start: int, end: int) -> str | None:
    """Which statistic the number at ``text[start:end]`` belongs to, or ``None``.

    Looks at the few characters before the number (``HR 3.3``, ``OR=0.41``, ``95% CI:
    1.4-8.2``, ``p < 0.001``) and after it (``95% CI``).
    """
    before = text[max(0, start - 40):start]
    for name, pattern in _DISTRACTOR_BEFORE:
        if pattern.search(before):
            return name
    if _CI_LEVEL_RE.match(text[end - 1 if text[end - 1:end] == "%" else end:end + 16]):
        return "confidence interval"
    # inside the brackets of a CI: "(95% CI 1.4-8.2)" - the range after CI
    bracket = before.rfind("(")
    if bracket != -1 and ")" not in before[bracket:] and re.search(r"\bCI\b", before[bracket:]):
        return "confidence interval"
    return None


def find_numbers(text: str) -> list[NumberMention]:
    """Every number of ``text`` as a :class:`NumberMention`, in order."""
    return list(_find_numbers(text))


@lru_cache(maxsize=_MEMO)
def _find_numbers(text: str) -> tuple[NumberMention, ...]:
    mentions: list[NumberMention] = []
    for m in _MENTION_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        unit = m.group("unit")
        unit_norm = _DURATION_UNITS.get(unit.lower()) if unit else None
        if m.group("den") is not None:
            den = parse_number(m.group("den"))
            kind = "fraction"
            mention = NumberMention(value, m.start(), m.end(), kind, m.group(0), denominator=int(den) if den else None,
                                    unit=unit_norm)
        elif m.group("high") is not None:
            high = parse_number(m.group("high"))
            mention = NumberMention(value, m.start(), m.end(), "range", m.group(0),
                                    high=float(high) if high is not None else None,
                                    unit="%" if m.group("rpct") else unit_norm)
        elif m.group("pct"):
            mention = NumberMention(value, m.start(), m.end(), "percent", m.group(0), unit="%")
        elif unit_norm:
            mention = NumberMention(value, m.start(), m.end(), "duration", m.group(0), unit=unit_norm)
        else:
            mention = NumberMention(value, m.start(), m.end(), "count", m.group(0))
        distractor = is_distractor(text, m.start(), m.end())
        if distractor:
            mention = NumberMention(**{**mention.__dict__, "distractor": distractor})
        mentions.append(mention)
    return tuple(mentions)


_MONTHS_PER = {"days": 12 / 365.25, "weeks": 12 / 52.18, "months": 1.0, "years": 12.0}


def to_months(value: float, unit: str | None) -> float | None:
    """A duration in months, rounded to 0.1; ``None`` for an unknown unit."""
    if unit is None:
        return None
    norm = _DURATION_UNITS.get(unit.lower().rstrip("."), unit.lower())
    factor = _MONTHS_PER.get(norm)
    if factor is None:
        return None
    return round(value * factor, 1)


def percent(numerator: float, denominator: float) -> float | None:
    """``100 * numerator / denominator`` rounded to one decimal; ``None`` if impossible."""
    if not denominator or numerator < 0 or numerator > denominator:
        return None
    return round(100.0 * numerator / denominator, 1)
