"""Pooled proportions (DerSimonian-Laird, logit) and the median summary."""

from __future__ import annotations

import math

import numpy as np
import pytest

from litreview.compare import compare
from litreview.compare.pool import logit_effect, pool_proportions

from compare_helpers import extraction


def _hand_dl(counts: list[tuple[int, int]]) -> tuple[float, float, float, float, float]:
    """Independent DerSimonian-Laird on logit proportions: (pct, low, high, tau2, i2)."""
    e = np.array([c[0] for c in counts], dtype=float)
    n = np.array([c[1] for c in counts], dtype=float)
    fix = (e == 0) | (e == n)
    e = np.where(fix, e + 0.5, e)
    n = np.where(fix, n + 1.0, n)
    y = np.log(e / (n - e))
    v = 1 / e + 1 / (n - e)
    w = 1 / v
    y_fe = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - y_fe) ** 2)
    df = len(y) - 1
    c = np.sum(w) - np.sum(w ** 2) / np.sum(w)
    tau2 = max(0.0, (q - df) / c)
    w_re = 1 / (v + tau2)
    mu = np.sum(w_re * y) / np.sum(w_re)
    se = math.sqrt(1 / np.sum(w_re))
    expit = lambda x: 100 / (1 + math.exp(-x))  # noqa: E731
    i2 = max(0.0, (q - df) / q) * 100 if q > 0 else 0.0
    return expit(mu), expit(mu - 1.959964 * se), expit(mu + 1.959964 * se), tau2, i2


HETERO = [(46, 52), (27, 30), (70, 100), (18, 20), (40, 62)]


def test_pooled_r0_matches_hand_worked_dl() -> None:
    exs = [extraction(str(i), pmid=str(i), cohort_size=n, r0_rate_pct=(round(100 * e / n, 1), f"{e}/{n}"))
           for i, (e, n) in enumerate(HETERO, start=1)]
    comp = compare(exs)
    est = comp.pooled["r0_rate_pct"]
    pct, low, high, tau2, i2 = _hand_dl(HETERO)
    assert tau2 > 0  # heterogeneous on purpose
    assert est.k == 5 and est.total_n == sum(n for _, n in HETERO)
    assert est.estimate_pct == pytest.approx(pct, abs=1e-6)
    assert est.ci_low_pct == pytest.approx(low, abs=1e-4)
    assert est.ci_high_pct == pytest.approx(high, abs=1e-4)
    assert est.tau2 == pytest.approx(tau2, rel=1e-9)
    assert est.i2 == pytest.approx(i2, rel=1e-9)
    assert sum(s.weight_pct for s in est.studies) == pytest.approx(100.0)
    assert all(s.count_source == "explicit" for s in est.studies)
    assert "DerSimonian-Laird" in est.method


def test_homogeneous_studies_truncate_tau2() -> None:
    # identical proportions: Q = 0 < df, so the DL tau2 is negative before truncation
    studies = [("a", "A", 8, 10, "x"), ("b", "B", 16, 20, "x"), ("c", "C", 24, 30, "x")]
    est = pool_proportions("r0_rate_pct", studies)
    assert est.tau2 == 0.0 and est.i2 == 0.0
    assert est.estimate_pct == pytest.approx(80.0)
    assert all(math.isfinite(x) for x in (est.ci_low_pct, est.ci_high_pct))
    pct, low, high, tau2, _ = _hand_dl([(8, 10), (16, 20), (24, 30)])
    assert (est.ci_low_pct, est.ci_high_pct) == pytest.approx((low, high), abs=1e-4)
    assert "truncated" in (est.note or "")


def test_continuity_correction_for_0_and_100_percent() -> None:
    y, v, corrected = logit_effect(10, 10)
    assert corrected and y == pytest.approx(math.log(10.5 / 0.5)) and v == pytest.approx(1 / 10.5 + 1 / 0.5)
    assert logit_effect(0, 5)[2] and not logit_effect(3, 5)[2]
    counts = [(10, 10), (0, 8), (12, 15)]
    est = pool_proportions("r0_rate_pct", [(str(i), str(i), e, n, "x") for i, (e, n) in enumerate(counts)])
    assert [s.corrected for s in est.studies] == [True, True, False]
    assert [s.pct for s in est.studies] == [100.0, 0.0, 80.0]  # reported uncorrected
    pct, low, high, _, _ = _hand_dl(counts)
    assert est.estimate_pct == pytest.approx(pct, abs=1e-6)
    assert (est.ci_low_pct, est.ci_high_pct) == pytest.approx((low, high), abs=1e-4)


def test_fewer_than_two_studies_no_estimate() -> None:
    est = pool_proportions("five_year_os_pct", [("a", "A", 4, 10, "x")])
    assert est.estimate_pct is None and est.k == 1
    assert est.note == "no pooled estimate: 1 included study reports it with counts (2 needed)"


def test_local_series_and_excluded_studies_are_not_pooled(huashan_path) -> None:
    exs = [extraction("1", pmid="1", cohort_size=20, r0_rate_pct=80.0),
           extraction("2", pmid="2", cohort_size=40, r0_rate_pct=75.0),
           extraction("3", pmid="3", r0_rate_pct=70.0),  # no cohort size: cannot be weighted
           extraction("4", pmid="4", relevant=False, cohort_size=50, r0_rate_pct=10.0),
           extraction("5", pmid="5", design="meta-analysis", cohort_size=900, r0_rate_pct=82.0)]
    comp = compare(exs, [huashan_path])
    est = comp.pooled["r0_rate_pct"]
    assert [s.study_id for s in est.studies] == ["1", "2"]
    assert est.excluded == ("3 (cohort size not reported)",
                            "5 (meta-analysis: secondary data, would count patients twice)")
    assert est.total_n == 60
    assert comp.local.iloc[0]["r0_rate_pct"] == 100.0  # beside the pooled figure, not in it


def test_median_summary() -> None:
    exs = [extraction("1", pmid="1", median_os_months=57.0), extraction("2", pmid="2", median_os_months=32.0),
           extraction("3", pmid="3", median_os_months=40.0), extraction("4", pmid="4")]
    summary = compare(exs).pooled["median_os_months"]
    assert (summary.median, summary.low, summary.high, summary.k) == (40.0, 32.0, 57.0, 3)
    assert summary.not_reported == ("4",)
    assert "not weighted or pooled" in summary.note


def test_median_not_reached_is_listed_apart() -> None:
    exs = [extraction("1", pmid="1", median_os_months=57.0), extraction("2", pmid="2", median_os_months="NR"),
           extraction("3", pmid="3", median_os_months=41.0)]
    comp = compare(exs)
    t = comp.table.set_index("study_id")
    assert t.loc["2", "median_os_months"] == "not reached"  # never confused with "not reported" (NaN)
    assert t.loc["1", "median_os_months"] == 57.0
    summary = comp.pooled["median_os_months"]
    assert (summary.median, summary.k, summary.not_reached, summary.not_reported) == (49.0, 2, ("2",), ())
    assert "not reached left out" in summary.note
