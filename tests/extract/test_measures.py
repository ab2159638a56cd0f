"""Value groups, arms and contexts of litreview.extract.measures."""

from __future__ import annotations

import pytest

from litreview.extract.measures import (
    arm_of,
    arm_order,
    find_duration_groups,
    find_measures,
    find_percent_groups,
    normalise,
    post_context,
    vs_index,
)


def _groups(text: str) -> list[tuple[list[float], str, bool, bool]]:
    return [([i.value for i in g.items], g.unit, g.versus, g.is_range) for g in find_duration_groups(text)]


def test_duration_groups_lists_versus_ranges_and_units() -> None:
    assert _groups("the DFS and OS were 14 and 57 months") == [([14.0, 57.0], "months", False, False)]
    assert _groups("median OS: 50 vs 45 months") == [([50.0, 45.0], "months", True, False)]
    assert _groups("during 28-64 mo of follow-up") == [([28.0], "months", False, True)]
    assert _groups("was 3.5 yr") == [([3.5], "years", False, False)]
    assert _groups("a median of 32 (IQR 18-60) months") == [([32.0], "months", False, False)]
    assert _groups("the 5-year survival") == []  # an adjective, not a duration


def test_mean_sd_is_flagged() -> None:
    (group,) = find_duration_groups("overall survival was 47.7 ± 22.3 months")
    assert group.items[0].value == 47.7 and group.items[0].sd


def test_percent_groups_skip_confidence_levels_and_range_ends() -> None:
    groups = find_percent_groups("were 95%, 63% and 40% (95% CI 30-50%), ranging 21-61%")
    assert [[i.value for i in g.items] for g in groups] == [[95.0, 63.0, 40.0]]
    (shared,) = find_percent_groups("and 35 and 31% at 5 years")
    assert [i.value for i in shared.items] == [35.0, 31.0]
    (sd,) = find_percent_groups("Overall survival at 5 years was 78 ± 4.5% and")
    assert [i.value for i in sd.items] == [78.0]
    (versus,) = find_percent_groups("(68.6 vs. 58.8 %, p = 0.08)")
    assert versus.versus


def test_measures_prefer_the_specific_survival() -> None:
    kinds = [m.kind for m in find_measures("disease-free survival and overall survival (OS)", "survival.jsonl")]
    assert kinds == ["dfs", "os", "os"]
    kinds = [m.kind for m in find_measures("disease-free and overall survival", "survival.jsonl")]
    assert kinds == ["dfs", "os"]


def test_post_context_leaves_the_bracket_first() -> None:
    text = "9.6 months (range 3-18, median 9 months; Fig. 1) after RFA."
    end = text.index("9 months") + len("9 months")
    assert post_context(text, end).strip() == "after RFA."


def test_arms() -> None:
    text = "operated patients reached 29 months (median 29.5 months) against 13.5 months after RFA"
    assert arm_of(text, text.index("29.5"), text.index("29.5") + 4) == "surgical"
    assert arm_of(text, text.index("13.5"), text.index("13.5") + 4) == "other"
    assert vs_index("The surgical and medical groups (median OS: 50 vs 45 months)") == 0
    assert vs_index("systemic therapy alone versus resection") == 1
    assert vs_index("women versus men (81% vs 70%)") is None
    assert vs_index("longer in the resection group (56 vs 32 months)") == 0
    assert vs_index("after major vs minor hepatectomy (40 vs 50 months)") is None


def test_normalise_keeps_offsets() -> None:
    raw = "12\u201358 months \u2212 x"
    assert len(normalise(raw)) == len(raw) and normalise(raw).startswith("12-58")


def test_bracketed_range_between_value_and_unit() -> None:
    assert _groups("Median (range) follow-up was 41 (3-156) months") == [([41.0], "months", False, False)]


@pytest.mark.parametrize("text", [
    "postoperative morbidity from 6% to 44%",
    "R0 resection rates between 70% and 95%",
    "5-year survival of 21% to 61%",
    "morbidity ranged from 6 to 44%",
    "mortality ranging from 0%",
])
def test_percentage_ranges_are_not_values(text: str) -> None:
    assert find_percent_groups(text) == []


def test_percentage_lists_are_not_ranges() -> None:
    assert [[i.value for i in g.items] for g in find_percent_groups("were 95%, 63% and 40%")] == [[95.0, 63.0, 40.0]]
    assert [[i.value for i in g.items] for g in find_percent_groups("morbidity 20% and mortality 2%")] == [[20.0], [2.0]]


@pytest.mark.parametrize("text, index", [
    ("62.4 months in the surgery group versus 35.1 months in the systemic group; 51.3% and 27.8%, respectively", 0),
    ("31 and 55 months in the medical and the surgical groups, respectively", 1),
    ("the hepatectomy and non-hepatectomy groups were 52.0% and 21.6%, respectively", 0),
    ("58% and 30% for hormone receptor-positive and -negative tumours after hepatectomy, respectively", None),
])
def test_arm_order_needs_both_arms(text: str, index: int | None) -> None:
    assert arm_order(text) == index
