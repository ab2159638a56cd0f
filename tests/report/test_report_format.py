"""Value formatting: not reported is NR, never 0; real zeros stay 0."""

from __future__ import annotations

import math

import pytest

from litreview.records import FIELD_NAMES
from litreview.report.format import FIELD_LABELS, NR, format_cell, format_period, format_value, is_missing


@pytest.mark.parametrize("value", [None, float("nan")])
def test_missing_values_are_nr_never_zero(value: object) -> None:
    for name in FIELD_NAMES:
        assert format_value(name, value) == NR
        assert format_cell(name, value) == NR


def test_real_zero_stays_zero() -> None:
    assert format_value("morbidity_pct", 0.0) == "0"
    assert format_value("mortality_pct", 0) == "0"
    assert format_cell("morbidity_pct", 0.0) == 0.0


@pytest.mark.parametrize("name, value, shown", [
    ("r0_rate_pct", 89.63, "89.6"),
    ("r0_rate_pct", 100.0, "100"),
    ("cohort_size", 48, "48"),
    ("median_os_months", 71.3, "71.3"),
    ("median_os_months", "not reached", "not reached"),
    ("study_period", (2008, 2017), "2008-2017"),
    ("study_period", [2016, 2016], "2016"),
    ("country", "China; Japan", "China; Japan"),
])
def test_format_value(name: str, value: object, shown: str) -> None:
    assert format_value(name, value) == shown


def test_period_with_missing_end() -> None:
    assert format_period((2010, None)) == "2010"
    assert format_period(()) == NR


def test_pandas_missing_markers() -> None:
    import pandas as pd

    assert is_missing(pd.NA) and is_missing(pd.NaT) and is_missing(math.nan)
    assert not is_missing(0) and not is_missing("")


def test_every_field_has_a_label() -> None:
    assert set(FIELD_LABELS) == set(FIELD_NAMES)
