"""How values look in tables and reports: one place, so CSV, XLSX, Markdown and HTML agree.

A value that was not reported is ``None`` (or NaN once in a DataFrame) and is shown
as :data:`NR`, never as 0: a real zero ("no deaths") and a missing value must not
look alike.
"""

from __future__ import annotations

import math
from typing import Any

from litreview.records import FIELD_NAMES

__all__ = [
    "NR",
    "NR_LONG",
    "FIELD_LABELS",
    "FIELD_TITLES",
    "FIELD_UNITS",
    "PERCENT_FIELDS",
    "MONTH_FIELDS",
    "is_missing",
    "format_number",
    "format_value",
    "format_period",
    "format_cell",
    "join_list",
]

#: Short marker for "not reported" in table cells.
NR = "NR"
#: Long form, used in legends and tooltips.
NR_LONG = "not reported"

#: Column headers for the extraction fields.
FIELD_LABELS: dict[str, str] = {
    "cohort_size": "n",
    "er_positive_pct": "ER+ %",
    "hr_positive_pct": "HR+ %",
    "her2_positive_pct": "HER2+ %",
    "triple_negative_pct": "TN %",
    "r0_rate_pct": "R0 %",
    "median_os_months": "Median OS (mo)",
    "five_year_os_pct": "5-y OS %",
    "median_dfs_months": "Median DFS (mo)",
    "median_followup_months": "Median FU (mo)",
    "morbidity_pct": "Morbidity %",
    "mortality_pct": "Mortality %",
    "study_period": "Period",
    "country": "Country",
}
assert set(FIELD_LABELS) == set(FIELD_NAMES)

#: Long names, for plot titles and tooltips.
FIELD_TITLES: dict[str, str] = {
    "cohort_size": "Cohort size",
    "er_positive_pct": "ER-positive",
    "hr_positive_pct": "Hormone receptor-positive",
    "her2_positive_pct": "HER2-positive",
    "triple_negative_pct": "Triple-negative",
    "r0_rate_pct": "R0 resection rate",
    "median_os_months": "Median overall survival",
    "five_year_os_pct": "5-year overall survival",
    "median_dfs_months": "Median disease-free survival",
    "median_followup_months": "Median follow-up",
    "morbidity_pct": "Morbidity",
    "mortality_pct": "Mortality",
    "study_period": "Study period",
    "country": "Country",
}

PERCENT_FIELDS: tuple[str, ...] = tuple(f for f in FIELD_NAMES if f.endswith("_pct"))
MONTH_FIELDS: tuple[str, ...] = tuple(f for f in FIELD_NAMES if f.endswith("_months"))
FIELD_UNITS: dict[str, str] = {**{f: "%" for f in PERCENT_FIELDS}, **{f: "months" for f in MONTH_FIELDS}}


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA/NaT (anything that means "not reported")."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas.NA / NaT without importing pandas: both refuse to be truth-tested or equal themselves
    kind = type(value).__name__
    return kind in ("NAType", "NaTType")


def format_number(value: float | int, digits: int = 1) -> str:
    """``56.0 -> "56"``, ``89.63 -> "89.6"``, ``0 -> "0"``."""
    if isinstance(value, bool):
        return str(value)
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".")


def format_period(value: Any) -> str:
    """``(2008, 2017) -> "2008-2017"``; strings pass through; missing -> NR."""
    if is_missing(value):
        return NR
    if isinstance(value, (tuple, list)):
        parts = [str(int(v)) if isinstance(v, (int, float)) and not is_missing(v) else str(v)
                 for v in value if not is_missing(v)]
        if not parts:
            return NR
        if len(parts) == 2 and parts[0] == parts[1]:
            return parts[0]
        return "-".join(parts)
    return str(value)


def format_value(field_name: str, value: Any) -> str:
    """A field's value as shown in a table cell (no unit: the header carries it)."""
    if is_missing(value):
        return NR
    if field_name == "study_period":
        return format_period(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return format_number(value, 0 if field_name == "cohort_size" else 1)
    if isinstance(value, (tuple, list)):
        return join_list(value)
    # some extractors keep words ("not reached") where there is no number
    return str(value)


def join_list(value: Any, sep: str = "; ") -> str:
    """Lists for flat files (CSV/XLSX cells): items joined; missing -> ""."""
    if is_missing(value):
        return ""
    if isinstance(value, (tuple, list)):
        return sep.join(str(v) for v in value if not is_missing(v))
    return str(value)


def format_cell(column: str, value: Any) -> Any:
    """A table cell for flat files: fields formatted like :func:`format_value` but numbers
    stay numbers; lists are joined; missing field values become :data:`NR`."""
    if column in FIELD_LABELS:
        if is_missing(value):
            return NR
        if column == "study_period":
            return format_period(value)
        if isinstance(value, (tuple, list)):
            return join_list(value)
        return value
    if isinstance(value, (tuple, list)):
        return join_list(value)
    if is_missing(value):
        return None
    return value
