"""Forest plots and the PRISMA diagram (real matplotlib, Agg)."""

from __future__ import annotations

import pytest

from report_browser import png_stats

from litreview.compare.model import Comparison
from litreview.report.plots import (
    LOCAL_COLOR,
    figure_png,
    forest_figure,
    forest_points,
    local_points,
    prisma_figure,
    wilson_interval,
)


def test_wilson_interval() -> None:
    low, high = wilson_interval(3, 3)
    assert high == pytest.approx(100.0)
    assert low == pytest.approx(43.85, abs=0.05)  # not degenerate at 100 %
    low, high = wilson_interval(0, 10)
    assert low == pytest.approx(0.0) and 0 < high < 35
    low, high = wilson_interval(34, 40)
    assert low < 85 < high


def test_forest_points_put_local_series_in_its_own_row(comparison: Comparison) -> None:
    points = forest_points(comparison.pooled["r0_rate_pct"], comparison)
    assert [p.study_id for p in points] == ["90000101", "90000102", "90000103", "local:huashan_2016_2019"]
    local = points[-1]
    assert local.is_local and local.weight_pct is None and (local.events, local.total) == (3, 3)
    # no 5-year counts for the local series: no local row in that plot
    assert not local_points(comparison, "five_year_os_pct")


def test_forest_plot_png(comparison: Comparison) -> None:
    estimate = comparison.pooled["r0_rate_pct"]
    fig = forest_figure(estimate, forest_points(estimate, comparison))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "Huashan 2016-2019 (local, not pooled)"
    assert labels[-2].startswith("Random-effects pooled (k=3")
    local_label = fig.axes[0].get_yticklabels()[-1]
    assert local_label.get_color() == LOCAL_COLOR
    width, height, std = png_stats(figure_png(fig))
    assert width > 600 and height > 200 and std > 10


def test_prisma_png(comparison: Comparison) -> None:
    fig = prisma_figure(comparison.prisma)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "Records identified (n = 6)" in texts
    assert "duplicates: n = 1" in texts
    assert "Records screened (n = 5)" in texts
    assert "colorectal primary: n = 1" in texts
    assert "Excluded by reviewer (n = 1)" in texts
    assert "Studies included in review (n = 3)" in texts
    width, height, std = png_stats(figure_png(fig))
    assert width > 600 and std > 10
