"""Number parsing and statistic distractors."""

from __future__ import annotations

import re

import pytest

from litreview.extract.numbers import INT, NUM, find_numbers, parse_number, percent, to_months, words_to_int


@pytest.mark.parametrize("text, value", [
    ("86", 86), ("1,686", 1686), ("85.2", 85.2), ("85,2", 85.2), ("Fifty-nine", 59), ("fifty nine", 59),
    ("twenty one", 21), ("one hundred and two", 102), ("Three", 3), ("two thousand", 2000),
])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["one two", "twenty thirty", "patients", ""])
def test_words_that_are_not_one_number(text: str) -> None:
    assert words_to_int(text) is None


def test_int_and_num_regexes_find_words_and_digits() -> None:
    assert re.findall(INT, "Forty-eight women and 12 men") == ["Forty-eight", "12"]
    assert re.findall(NUM, "OS 57.3 months") == ["57.3"]
    # digits glued to letters are not numbers: R0, HER2, T2
    assert re.findall(INT, "R0 resection in HER2 tumours") == []


def test_find_numbers_kinds_and_distractors() -> None:
    text = ("R0 in 73 of 86 (85%); OS 4.5 years; follow-up 28-64 months; HR 3.3, 95% CI: 1.4-8.2, "
            "p = 0.009; OR 0.41; n = 19")
    found = {(m.text, m.kind, m.distractor) for m in find_numbers(text)}
    assert ("73 of 86", "fraction", None) in found
    assert ("85%", "percent", None) in found
    assert ("4.5 years", "duration", None) in found
    assert ("28-64 months", "range", None) in found
    assert ("3.3", "count", "hazard ratio") in found
    assert ("95%", "percent", "confidence interval") in found
    assert ("1.4-8.2", "range", "confidence interval") in found
    assert ("0.009", "count", "p-value") in found
    assert ("0.41", "count", "odds ratio") in found
    assert ("19", "count", None) in found


def test_months_and_percent() -> None:
    assert to_months(4.5, "years") == 54.0
    assert to_months(3.5, "yr") == 42.0
    assert to_months(18, "months") == 18.0
    assert to_months(2, "fortnights") is None
    assert percent(73, 86) == 84.9
    assert percent(2, 3) == 66.7
    assert percent(5, 0) is None
    assert percent(9, 4) is None
