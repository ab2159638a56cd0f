"""Figures: a forest plot per pooled proportion and the PRISMA 2020 flow diagram (PNG).

matplotlib runs with the Agg backend (no display needed). Each figure is drawn on
its own ``Figure`` object, never through pyplot's global state, so concurrent
reports cannot draw into each other's figures.
"""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from litreview.compare.model import Comparison, PooledEstimate, PrismaCounts, count_columns
from litreview.io.atomic import atomic_write

from .format import FIELD_TITLES, format_number, is_missing

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "StudyPoint",
    "wilson_interval",
    "forest_points",
    "local_points",
    "forest_figure",
    "prisma_figure",
    "figure_png",
    "write_png",
    "LOCAL_COLOR",
]

#: Colour of the local series in every figure (and the HTML highlight).
LOCAL_COLOR = "#c45a00"
_STUDY_COLOR = "#1f4e79"
_POOLED_COLOR = "#111111"


@dataclass(frozen=True)
class StudyPoint:
    """One row of a forest plot."""

    study_id: str
    label: str
    events: int
    total: int
    weight_pct: float | None = None
    is_local: bool = False

    @property
    def pct(self) -> float:
        return 100.0 * self.events / self.total if self.total else float("nan")


def wilson_interval(events: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score 95% interval of ``events/total`` in percent.

    Used for the per-study whiskers: unlike the Wald interval it stays inside 0-100
    and is not degenerate at 0 % or 100 % (a 3/3 series gets 43.9-100, not 100-100).
    """
    if total <= 0:
        return (float("nan"), float("nan"))
    p = events / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


def local_points(comparison: Comparison, field_name: str) -> list[StudyPoint]:
    """The local series rows of ``comparison`` that have counts for ``field_name``."""
    events_col, total_col = count_columns(field_name)
    table = comparison.table
    if events_col not in table.columns or total_col not in table.columns:
        return []
    points = []
    for row in table[table["is_local"].astype(bool)].to_dict(orient="records"):
        events, total = row.get(events_col), row.get(total_col)
        if is_missing(events) or is_missing(total) or not total:
            continue
        points.append(StudyPoint(str(row["study_id"]), str(row.get("label") or row["study_id"]),
                                 int(events), int(total), None, True))
    return points


def forest_points(estimate: PooledEstimate, comparison: Comparison | None = None) -> list[StudyPoint]:
    """Rows of the forest plot of ``estimate``: the pooled studies, then any local
    series (from ``comparison``) that is not among them."""
    local_ids = set(comparison.local_ids) if comparison is not None else set()
    points = [StudyPoint(s.study_id, s.label, s.events, s.total, s.weight_pct, s.study_id in local_ids)
              for s in estimate.studies]
    if comparison is not None:
        pooled_ids = {p.study_id for p in points}
        points += [p for p in local_points(comparison, estimate.field) if p.study_id not in pooled_ids]
    return points


def forest_figure(estimate: PooledEstimate, points: Sequence[StudyPoint], *,
                  title: str | None = None) -> "Figure":
    """A forest plot: one row per study (square sized by weight, Wilson 95% CI), the
    pooled diamond at the bottom, local series rows marked in :data:`LOCAL_COLOR`
    below a rule with "(local, not pooled)" unless they were pooled."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon
    from matplotlib.transforms import blended_transform_factory

    literature = [p for p in points if not (p.is_local and p.weight_pct is None)]
    local = [p for p in points if p.is_local and p.weight_pct is None]
    nrows = len(literature) + len(local) + 2  # + pooled row + spacer
    height = 1.5 + 0.34 * nrows
    fig = Figure(figsize=(9.6, height), dpi=110)
    ax = fig.add_axes((0.30, 0.9 / height, 0.40, 1 - 1.55 / height))
    right = blended_transform_factory(ax.transAxes, ax.transData)

    y = nrows - 1
    ys, labels, colors = [], [], []
    max_w = max((p.weight_pct or 0.0) for p in literature) if literature else 0.0

    def draw(point: StudyPoint, ypos: float) -> None:
        lo, hi = wilson_interval(point.events, point.total)
        color = LOCAL_COLOR if point.is_local else _STUDY_COLOR
        ax.plot([lo, hi], [ypos, ypos], color=color, lw=1.3, solid_capstyle="butt")
        if point.weight_pct is not None and max_w > 0:
            size = 30 + 170 * math.sqrt(point.weight_pct / max_w)
        else:
            size = 70
        ax.scatter([point.pct], [ypos], s=size, marker="D" if point.is_local and point.weight_pct is None else "s",
                   color=color, zorder=3, edgecolors="white" if not point.is_local else color)
        weight = "" if point.weight_pct is None else f"{format_number(point.weight_pct)}%"
        ax.text(1.03, ypos, f"{point.events}/{point.total}", transform=right, va="center", fontsize=8.5,
                color=color)
        ax.text(1.22, ypos, f"{format_number(point.pct)} [{format_number(lo)}-{format_number(hi)}]",
                transform=right, va="center", fontsize=8.5, color=color)
        ax.text(1.62, ypos, weight, transform=right, va="center", fontsize=8.5, color=color)

    for point in literature:
        draw(point, y)
        ys.append(y)
        labels.append(point.label + (" (local)" if point.is_local else ""))
        colors.append(LOCAL_COLOR if point.is_local else "#222222")
        y -= 1

    # pooled diamond
    if estimate.estimate_pct is not None and estimate.ci_low_pct is not None and estimate.ci_high_pct is not None:
        est, lo, hi = estimate.estimate_pct, estimate.ci_low_pct, estimate.ci_high_pct
        ax.add_patch(Polygon([(lo, y), (est, y + 0.35), (hi, y), (est, y - 0.35)], closed=True,
                             color=_POOLED_COLOR, zorder=3))
        ax.axvline(est, color="#888888", lw=0.8, ls="--", zorder=1)
        summary = f"{format_number(est)} [{format_number(lo)}-{format_number(hi)}]"
    else:
        summary = "no estimate"
    ax.text(1.03, y, f"{sum(p.events for p in literature)}/{estimate.total_n}", transform=right, va="center",
            fontsize=8.5, fontweight="bold")
    ax.text(1.22, y, summary, transform=right, va="center", fontsize=8.5, fontweight="bold")
    ax.text(1.62, y, "100%" if literature else "", transform=right, va="center", fontsize=8.5, fontweight="bold")
    i2 = "" if estimate.i2 is None else f", I²={format_number(estimate.i2, 0)}%"
    ys.append(y)
    labels.append(f"Random-effects pooled (k={estimate.k}{i2})")
    colors.append("#000000")
    y -= 1

    if local:
        ax.axhline(y + 0.5, color=LOCAL_COLOR, lw=0.8, ls=":")
        for point in local:
            ax.axhspan(y - 0.45, y + 0.45, color=LOCAL_COLOR, alpha=0.10, lw=0)
            draw(point, y)
            ys.append(y)
            labels.append(f"{point.label} (local, not pooled)")
            colors.append(LOCAL_COLOR)
            y -= 1

    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=9)
    for tick, color in zip(ax.get_yticklabels(), colors):
        tick.set_color(color)
        if color != "#222222":
            tick.set_fontweight("bold")
    ax.set_ylim(y + 0.4, nrows - 0.4)
    ax.set_xlim(-3, 103)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel("% (95% CI)", fontsize=9)
    ax.tick_params(axis="x", labelsize=8.5)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    top = nrows - 0.4
    for x, head in ((1.03, "Events/N"), (1.22, "% [95% CI]"), (1.62, "Weight")):
        ax.text(x, top, head, transform=right, va="bottom", fontsize=8.5, fontweight="bold")
    fig.suptitle(title or f"{FIELD_TITLES.get(estimate.field, estimate.field)}: forest plot",
                 x=0.02, ha="left", fontsize=11, fontweight="bold")
    foot = estimate.method
    if estimate.note:
        foot += f". {estimate.note}"
    fig.text(0.02, 0.12 / height, foot + ". Study CIs: Wilson score.", fontsize=7, color="#555555")
    return fig


def _box(ax: Any, x: float, y: float, w: float, h: float, text: str, *, face: str = "white",
         edge: str = "#333333", size: float = 9, bold_first: bool = True) -> None:
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.3,rounding_size=0.8",
                                facecolor=face, edgecolor=edge, lw=1.1))
    lines = text.split("\n")
    ax.text(x + 1.2, y + h - 1.4, lines[0], ha="left", va="top", fontsize=size,
            fontweight="bold" if bold_first else "normal")
    if len(lines) > 1:
        ax.text(x + 1.2, y + h - 1.4 - 2.7, "\n".join(lines[1:]), ha="left", va="top", fontsize=size - 0.8,
                linespacing=1.35)


def _arrow(ax: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="-|>", color="#333333", lw=1.1))


def _trim(items: list[str], limit: int = 6) -> list[str]:
    if len(items) <= limit:
        return items
    return items[:limit - 1] + [f"  ... and {len(items) - limit + 1} more"]


def _source_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1] if ("/" in name or "\\" in name) else name


def _wrap(text: str, width: int = 50, max_lines: int = 2) -> str:
    """One list item for a diagram box: indented, wrapped to the box, at most ``max_lines``."""
    import textwrap

    lines = textwrap.wrap(text, width=width, max_lines=max_lines, placeholder=" ...")
    return "\n".join(["  " + lines[0]] + ["    " + line for line in lines[1:]]) if lines else ""


def _box_height(text: str) -> float:
    return 5.0 + 2.5 * text.count("\n")


def prisma_figure(prisma: PrismaCounts, *, title: str = "PRISMA 2020 flow diagram") -> "Figure":
    """The PRISMA 2020 flow diagram of ``prisma`` (identification, screening,
    eligibility by curation, included, plus the local series beside them)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    assessed = prisma.screened - prisma.excluded_not_relevant
    # file sources by their base name: full paths do not fit and say nothing on a shared report
    sources = [_wrap(f"{_source_name(name)}: n = {n}") for name, n in prisma.identified_by_source.items()]
    reasons = [_wrap(f"{reason}: n = {n}") for reason, n in sorted(prisma.exclusion_reasons.items(),
                                                                   key=lambda kv: (-kv[1], kv[0]))]
    stages: list[tuple[str, str, str | None]] = [
        ("Identification", f"Records identified (n = {prisma.identified})\n" + "\n".join(_trim(sources, 5)),
         f"Records removed before screening\n  duplicates: n = {prisma.duplicates_removed}"),
        ("Screening", f"Records screened (n = {prisma.screened})\n  title/abstract, rule-based relevance",
         f"Records excluded (n = {prisma.excluded_not_relevant})"
         + ("\n" + "\n".join(_trim(reasons, 5)) if reasons else "")),
        ("Eligibility", f"Studies assessed for eligibility (n = {assessed})\n  reviewer curations applied",
         f"Excluded by reviewer (n = {prisma.excluded_by_curation})"
         + (f"\n  re-included by reviewer: n = {prisma.included_by_curation}" if prisma.included_by_curation
            else "")),
        ("Included", f"Studies included in review (n = {prisma.included})\n"
         f"  set beside {prisma.local_series} local case series\n  (not counted above, never pooled)", None),
    ]
    gap = 5.0
    # at least tall enough for the rotated phase label
    heights = [max(12.5, _box_height(left), _box_height(right) if right else 0.0) for _, left, right in stages]
    total = 10.0 + sum(heights) + gap * (len(stages) - 1) + 5.0
    fig = Figure(figsize=(9.0, 9.0 * total / 100 * 0.95), dpi=110)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, total)
    ax.axis("off")
    ax.text(50, total - 4.5, title, ha="center", va="center", fontsize=13, fontweight="bold")

    phase_colors = {"Identification": "#dbe8f5", "Screening": "#e3efdc", "Eligibility": "#f3ead6",
                    "Included": "#f6dede"}
    left_x, left_w, right_x, right_w = 12, 40, 58, 40
    top = total - 10.0
    previous_bottom = None
    for (phase, left, right), h in zip(stages, heights):
        y = top - h
        ax.add_patch(FancyBboxPatch((1.5, y), 6.5, h, boxstyle="round,pad=0.2,rounding_size=0.8",
                                    facecolor=phase_colors[phase], edgecolor="none"))
        ax.text(4.75, y + h / 2, phase, rotation=90, ha="center", va="center", fontsize=9, fontweight="bold")
        _box(ax, left_x, y, left_w, h, left, face="#ffffff")
        if right is not None:
            rh = _box_height(right)
            ry = y + h - rh
            _box(ax, right_x, ry, right_w, rh, right, face="#fafafa")
            _arrow(ax, (left_x + left_w + 0.4, ry + rh / 2), (right_x - 0.4, ry + rh / 2))
        if previous_bottom is not None:
            _arrow(ax, (left_x + left_w / 2, previous_bottom - 0.5), (left_x + left_w / 2, top + 0.6))
        previous_bottom = y
        top = y - gap
    ax.text(50, 2.0, "Counts cover the literature only; the local case series is compared, never pooled.",
            ha="center", fontsize=8, color="#555555")
    return fig


def figure_png(fig: "Figure") -> bytes:
    """Render ``fig`` to PNG bytes (Agg)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def write_png(data: bytes, path: str | os.PathLike[str]) -> None:
    """Write PNG bytes atomically."""
    with atomic_write(path, "wb") as handle:
        handle.write(data)
