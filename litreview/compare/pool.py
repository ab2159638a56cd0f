"""Pooled estimates over the included literature studies.

Proportions (``r0_rate_pct``, ``five_year_os_pct``): DerSimonian-Laird random
effects on the logit scale. Each study contributes ``events`` of ``total`` patients;
a study at 0% or 100% gets a 0.5 continuity correction (``events + 0.5`` of
``total + 1``), without which its logit and variance are infinite. The logit of
study *i* is ``y = log(e / (n - e))`` with variance ``v = 1/e + 1/(n - e)``;
statsmodels' :func:`~statsmodels.stats.meta_analysis.combine_effects` combines them.
statsmodels 0.15 does not truncate a negative DL tau-squared at 0 (homogeneous
studies then give NaN intervals and a negative I-squared), so a negative tau-squared
is set to 0, which makes the random-effects estimate the fixed-effect (inverse
variance) one; I-squared is ``max(0, (Q - df) / Q)``. The pooled logit and its 95%
interval are transformed back to percentages.

The local case series is never pooled: it is set beside the pooled figure. Neither
are systematic reviews and meta-analyses (:data:`SECONDARY_DESIGNS`): their patients
are those of the primary studies, so pooling them would count patients twice; they
are listed in ``excluded`` with the reason.

Medians (``median_os_months``): study medians cannot be pooled from abstracts
(no variances), so :func:`median_summary` gives the median of study medians, their
range and the number of studies, with the studies not reporting one listed apart.
"""

from __future__ import annotations

import math
import warnings
from statistics import median
from typing import TYPE_CHECKING, Sequence

import numpy as np

from litreview.compare.model import (
    MEDIAN_FIELDS,
    NOT_REACHED,
    POOLED_FIELDS,
    MedianSummary,
    PooledEstimate,
    StudyCount,
    count_columns,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["METHOD", "CONTINUITY", "SECONDARY_DESIGNS", "pool", "pool_proportions", "median_summary", "logit_effect", "included_rows"]

#: Continuity correction added to events (and twice to the total) for 0% / 100% studies.
CONTINUITY = 0.5
METHOD = ("DerSimonian-Laird random effects on logit proportions (0.5 continuity correction "
          "for 0% and 100% studies), 95% CI")
_Z = 1.959963984540054
#: Designs whose results summarise other studies; never pooled with primary studies.
SECONDARY_DESIGNS: tuple[str, ...] = ("systematic review", "meta-analysis", "review", "narrative review",
                                      "pooled analysis")


def logit_effect(events: int, total: int) -> tuple[float, float, bool]:
    """(logit, variance, corrected) of ``events`` out of ``total``."""
    e, n = float(events), float(total)
    corrected = events == 0 or events == total
    if corrected:
        e, n = e + CONTINUITY, n + 2 * CONTINUITY
    return math.log(e / (n - e)), 1.0 / e + 1.0 / (n - e), corrected


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def pool_proportions(field: str, studies: Sequence[tuple[str, str, int, int, str]],
                     excluded: Sequence[str] = ()) -> PooledEstimate:
    """Pool ``(study_id, label, events, total, count_source)`` tuples.

    Fewer than two studies give no estimate (``estimate_pct`` None, ``note`` says why).
    """
    from statsmodels.stats.meta_analysis import combine_effects

    usable = [s for s in studies if s[3] > 0 and 0 <= s[2] <= s[3]]
    total_n = sum(s[3] for s in usable)
    if len(usable) < 2:
        return PooledEstimate(
            field=field, estimate_pct=None, ci_low_pct=None, ci_high_pct=None, i2=None, tau2=None, q=None,
            k=len(usable), total_n=total_n, method=METHOD,
            studies=tuple(StudyCount(sid, label, e, n, 100.0 * e / n, 100.0, e in (0, n), src)
                          for sid, label, e, n, src in usable),
            excluded=tuple(excluded),
            note=(f"no pooled estimate: {len(usable)} included "
                  f"{'study reports' if len(usable) == 1 else 'studies report'} it with counts (2 needed)"))
    effects = [logit_effect(e, n) for _, _, e, n, _ in usable]
    y = np.array([eff[0] for eff in effects])
    v = np.array([eff[1] for eff in effects])
    with warnings.catch_warnings():
        # a negative DL tau2 makes statsmodels take square roots of negatives; handled below
        warnings.simplefilter("ignore", RuntimeWarning)
        res = combine_effects(y, v, method_re="dl")
    q = float(res.q)
    df = len(usable) - 1
    tau2 = float(res.tau2)
    note = None
    if not math.isfinite(tau2) or tau2 <= 0:
        # statsmodels leaves a negative DL tau2 as is; truncate at 0 (DL's definition),
        # which makes the random-effects model the fixed-effect one
        if tau2 < 0:
            note = "tau-squared truncated at 0 (no between-study heterogeneity beyond chance)"
        tau2 = 0.0
        est = float(res.mean_effect_fe)
        se = float(res.sd_eff_w_fe)
        weights = np.asarray(res.weights_rel_fe, dtype=float)
    else:
        est = float(res.mean_effect_re)
        se = float(res.sd_eff_w_re)
        weights = np.asarray(res.weights_rel_re, dtype=float)
    i2 = 100.0 * max(0.0, (q - df) / q) if q > 0 else 0.0
    counts = tuple(
        StudyCount(study_id=sid, label=label, events=e, total=n, pct=100.0 * e / n,
                   weight_pct=100.0 * float(w), corrected=eff[2], count_source=src)
        for (sid, label, e, n, src), w, eff in zip(usable, weights, effects))
    return PooledEstimate(
        field=field,
        estimate_pct=100.0 * _expit(est),
        ci_low_pct=100.0 * _expit(est - _Z * se),
        ci_high_pct=100.0 * _expit(est + _Z * se),
        i2=i2, tau2=tau2, q=q, k=len(usable), total_n=total_n, method=METHOD,
        studies=counts, excluded=tuple(excluded), note=note)


def included_rows(table: "pd.DataFrame") -> "pd.DataFrame":
    """Literature studies that are relevant and not excluded (never local series)."""
    mask = (~table["is_local"].astype(bool)) & table["relevant"].astype(bool) & (~table["excluded"].astype(bool))
    return table[mask]


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN / pd.NA
    except TypeError:
        return True


def _secondary(row: "pd.Series") -> bool:
    design = row.get("design")
    return isinstance(design, str) and design.strip().lower() in SECONDARY_DESIGNS


def pool(table: "pd.DataFrame", field: str) -> PooledEstimate | MedianSummary:
    """Pooled estimate of ``field`` over the included literature rows of ``table``.

    Proportion fields (:data:`POOLED_FIELDS`) use the count columns
    (:func:`~litreview.compare.model.count_columns`); median fields
    (:data:`MEDIAN_FIELDS`) give a :class:`MedianSummary`.
    """
    if field in MEDIAN_FIELDS:
        return median_summary(table, field)
    if field not in POOLED_FIELDS:
        raise ValueError(f"cannot pool {field!r}; valid: {', '.join(POOLED_FIELDS + MEDIAN_FIELDS)}")
    ev_col, tot_col = count_columns(field)
    src_col = f"{field}_count_source"
    rows = included_rows(table)
    studies: list[tuple[str, str, int, int, str]] = []
    excluded: list[str] = []
    for _, row in rows.iterrows():
        if _secondary(row) and not _missing(row[field]):
            excluded.append(f"{row['study_id']} ({row['design']}: secondary data, would count patients twice)")
            continue
        if _missing(row[ev_col]) or _missing(row[tot_col]):
            if not _missing(row[field]):
                excluded.append(f"{row['study_id']} (cohort size not reported)")
            continue
        src = row[src_col] if src_col in row.index and not _missing(row[src_col]) else "derived"
        studies.append((str(row["study_id"]), str(row["label"]), int(row[ev_col]), int(row[tot_col]), str(src)))
    return pool_proportions(field, studies, excluded)


def median_summary(table: "pd.DataFrame", field: str) -> MedianSummary:
    """Median of the study medians of ``field`` over the included literature rows."""
    rows = included_rows(table)
    values: list[tuple[str, str, float]] = []
    not_reported: list[str] = []
    not_reached: list[str] = []
    secondary: list[str] = []
    for _, row in rows.iterrows():
        value = row[field]
        if _secondary(row):
            secondary.append(str(row["study_id"]))
            continue
        if isinstance(value, str):
            (not_reached if value == NOT_REACHED else not_reported).append(str(row["study_id"]))
        elif _missing(value):
            not_reported.append(str(row["study_id"]))
        else:
            values.append((str(row["study_id"]), str(row["label"]), float(value)))
    if not values:
        return MedianSummary(field=field, median=None, low=None, high=None, k=0, values=(),
                             not_reported=tuple(not_reported), not_reached=tuple(not_reached),
                             note="no included study reports it as a number")
    nums = [v for _, _, v in values]
    note = "descriptive only: study medians are not weighted or pooled"
    if secondary:
        note += f"; reviews/meta-analyses left out: {', '.join(secondary)}"
    if not_reached:
        note += (f"; {len(not_reached)} stud{'y' if len(not_reached) == 1 else 'ies'} with a median not reached "
                 "left out (the summary is conservative)")
    return MedianSummary(field=field, median=float(median(nums)), low=min(nums), high=max(nums), k=len(values),
                         values=tuple(values), not_reported=tuple(not_reported), not_reached=tuple(not_reached),
                         note=note)
