"""Write one run's report folder: tables, figures, the HTML report, extractions, RIS, run.json.

Every file is written atomically; ``run.json`` is written last and lists the other
files, so a folder with a ``run.json`` is complete. Outputs of an earlier run in the
same folder that this run did not write are removed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

from litreview.compare.model import Comparison, MedianSummary, PooledEstimate
from litreview.io.atomic import atomic_write
from litreview.records import Extraction, Record

from . import html as html_report
from . import plots, tables
from .format import FIELD_TITLES, is_missing

__all__ = ["ReportFiles", "FILE_NAMES", "write_report", "included_records", "pooled_dict"]

#: File name of each output (keys are the ``ReportFiles.files`` keys).
FILE_NAMES: dict[str, str] = {
    "html": "report.html",
    "csv": "comparison.csv",
    "xlsx": "comparison.xlsx",
    "markdown": "comparison.md",
    "evidence_csv": "evidence.csv",
    "pooled_csv": "pooled.csv",
    "prisma_csv": "prisma.csv",
    "prisma_png": "prisma.png",
    "extractions": "extractions.jsonl",
    "ris": "included.ris",
    "run": "run.json",
}


@dataclass(frozen=True)
class ReportFiles:
    """What :func:`write_report` wrote: ``files`` maps a key (see :data:`FILE_NAMES`,
    plus ``forest_<field>``) to its path."""

    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Path:
        return self.files[key]


def included_records(comparison: Comparison, records: Iterable[Record]) -> list[Record]:
    """The records of the included literature studies, in table order (one per study:
    the record kept by de-duplication)."""
    by_id = {r.id: r for r in records}
    out = []
    for row in tables.ordered_rows(comparison):
        if row["status"] != tables.STATUS_INCLUDED:
            continue
        record = by_id.get(str(row["study_id"]))
        if record is None:
            for other in row.get("merged_ids") or ():
                record = by_id.get(str(other))
                if record is not None:
                    break
        if record is not None:
            out.append(record)
    return out


def _num(value: Any) -> Any:
    return None if is_missing(value) else value


def pooled_dict(comparison: Comparison) -> dict[str, Any]:
    """Pooled results as plain JSON-able dicts (for run.json)."""
    out: dict[str, Any] = {}
    for name, s in comparison.pooled.items():
        if isinstance(s, PooledEstimate):
            out[name] = {"estimate_pct": _num(s.estimate_pct), "ci_low_pct": _num(s.ci_low_pct),
                         "ci_high_pct": _num(s.ci_high_pct), "k": s.k, "total_n": s.total_n,
                         "i2": _num(s.i2), "method": s.method, "note": s.note}
        elif isinstance(s, MedianSummary):
            out[name] = {"median": _num(s.median), "low": _num(s.low), "high": _num(s.high), "k": s.k,
                         "method": s.method, "note": s.note}
    return out


def _figures(comparison: Comparison) -> list[tuple[str, html_report.Figure]]:
    figures = []
    for name, summary in comparison.pooled.items():
        if not isinstance(summary, PooledEstimate) or not summary.studies:
            continue
        points = plots.forest_points(summary, comparison)
        png = plots.figure_png(plots.forest_figure(summary, points))
        title = FIELD_TITLES.get(name, name)
        caption = (f"{title}: each included study (events/N, Wilson 95% CI) and the random-effects pooled "
                   "estimate (diamond); the local series is drawn below it and not pooled.")
        figures.append((f"forest_{name}", html_report.Figure(f"forest_{name}", caption, png,
                                                               alt=f"Forest plot of {title.lower()}")))
    return figures


def write_report(comparison: Comparison, out_dir: str | os.PathLike[str], *,
                 context: html_report.ReportContext | None = None,
                 extractions: Iterable[Extraction] | None = None,
                 records: Iterable[Record] | None = None,
                 run_info: Mapping[str, Any] | None = None) -> ReportFiles:
    """Write the report folder of ``comparison`` into ``out_dir`` (created if needed).

    Args:
        comparison: what :func:`litreview.compare.compare` returned.
        out_dir: the run's output folder.
        context: header facts for the HTML report (query, date, version, demo).
        extractions: the run's extractions, written to ``extractions.jsonl``.
        records: the records read; the included ones are written to ``included.ris``.
        run_info: extra keys for ``run.json`` (query, inputs, counts ...).

    Returns:
        The files written.
    """
    from litreview import __version__

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    context = context or html_report.ReportContext()
    if not context.version:
        context.version = __version__
    if not context.generated:
        context.generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    files: dict[str, Path] = {}

    def path(key: str) -> Path:
        files[key] = out / FILE_NAMES[key]
        return files[key]

    tables.write_csv(tables.comparison_frame(comparison), path("csv"))
    tables.write_csv(tables.evidence_frame(comparison), path("evidence_csv"))
    tables.write_csv(tables.pooled_frame(comparison), path("pooled_csv"))
    tables.write_csv(tables.prisma_frame(comparison.prisma), path("prisma_csv"))
    tables.write_xlsx(comparison, path("xlsx"))
    preamble = [f"Query: {context.query_name}" if context.query_name else "",
                f"Generated {context.generated} by litreview {context.version}."]
    if context.demo:
        preamble.insert(0, "> **DEMO DATA — invented studies, not evidence.**")
    tables.write_markdown(comparison, path("markdown"), title=context.title, preamble=[p for p in preamble if p])

    figures = _figures(comparison)
    for key, fig in figures:
        files[key] = out / f"{key}.png"
        plots.write_png(fig.png, files[key])
    prisma_png = plots.figure_png(plots.prisma_figure(comparison.prisma))
    plots.write_png(prisma_png, path("prisma_png"))
    prisma_fig = html_report.Figure("prisma", "PRISMA 2020 flow diagram of the literature records.", prisma_png,
                                    alt="PRISMA 2020 flow diagram")

    if extractions is not None:
        from litreview.extract.output import write_extractions

        write_extractions(extractions, path("extractions"))
    if records is not None:
        from litreview.io import write_records

        write_records(included_records(comparison, records), path("ris"))

    page = html_report.render_html(comparison, context, [f for _, f in figures], prisma_fig)
    html_report.write_html(page, path("html"))

    # A report folder reused by a later run must not keep an earlier run's outputs that
    # this run did not produce (a forest plot of a field no longer pooled, old extractions).
    written = set(files.values())
    stale = [out / name for key, name in FILE_NAMES.items() if key != "run"] + sorted(out.glob("forest_*.png"))
    for old_file in stale:
        if old_file not in written and old_file.is_file():
            old_file.unlink()

    p = comparison.prisma
    run: dict[str, Any] = {
        "litreview_version": context.version,
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "demo": context.demo,
        "title": context.title,
    }
    run.update(dict(run_info or {}))
    counts = dict(run.get("counts") or {})
    counts.update({
        "identified": p.identified, "duplicates_removed": p.duplicates_removed, "screened": p.screened,
        "excluded_not_relevant": p.excluded_not_relevant, "excluded_by_curation": p.excluded_by_curation,
        "included": p.included, "local_series": p.local_series,
        "curations_applied": len(comparison.curation_report.applied),
        "curations_stale": len(comparison.curation_report.stale),
        "curation_conflicts": len(comparison.curation_report.conflicts),
    })
    run["counts"] = counts
    run["prisma"] = tables.prisma_dict(p)
    run["pooled"] = pooled_dict(comparison)
    files["run"] = out / FILE_NAMES["run"]
    run["files"] = {key: value.name for key, value in sorted(files.items())}
    with atomic_write(files["run"]) as handle:
        json.dump(run, handle, indent=2, ensure_ascii=False, default=str)
        handle.write("\n")
    return ReportFiles(out, files, run)
