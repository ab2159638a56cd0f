"""Comparison tables as DataFrames and as CSV, XLSX and Markdown files.

Two shapes of the study table:

* the *full* table (:func:`comparison_frame`): every row of ``Comparison.table``
  (included, excluded and local), every column, plus a ``status`` column; lists
  joined with ``"; "``, field values not reported written as ``NR``. Read it back
  with ``pandas.read_csv(path, na_values="NR", keep_default_na=False)``.
* the *display* table (:func:`display_frame`): included studies and the local series,
  one column per field with readable headers, values as text, pooled rows at the
  bottom (:func:`pooled_rows`). Markdown and HTML show this one.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Iterable

from litreview.compare.model import (
    EVIDENCE_COLUMNS,
    TABLE_COLUMNS,
    Comparison,
    MedianSummary,
    PooledEstimate,
    PrismaCounts,
)
from litreview.io.atomic import atomic_write
from litreview.records import FIELD_NAMES

from .format import FIELD_LABELS, FIELD_TITLES, NR, NR_LONG, format_cell, format_number, format_value, is_missing

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STATUS_INCLUDED",
    "STATUS_NOT_RELEVANT",
    "STATUS_CURATED_OUT",
    "STATUS_LOCAL",
    "DISPLAY_FIELDS",
    "study_status",
    "ordered_rows",
    "comparison_frame",
    "display_frame",
    "pooled_rows",
    "pooled_frame",
    "evidence_frame",
    "prisma_frame",
    "prisma_dict",
    "format_pooled",
    "write_csv",
    "write_xlsx",
    "write_markdown",
    "markdown_table",
]

STATUS_INCLUDED = "included"
STATUS_NOT_RELEVANT = "excluded: not relevant"
STATUS_CURATED_OUT = "excluded by curation"
STATUS_LOCAL = "local series"

#: Fields shown in the display table (study_period is shown through ``period``).
DISPLAY_FIELDS: tuple[str, ...] = tuple(f for f in FIELD_NAMES if f not in ("study_period", "country"))

#: Leading (non-field) columns of the display table.
_DISPLAY_LEAD = ("Study", "Design", "Country", "Period")


def study_status(row: Any) -> str:
    """The status of one table row (a mapping or a pandas row)."""
    if bool(row["is_local"]):
        return STATUS_LOCAL
    if bool(row["excluded"]):
        return STATUS_CURATED_OUT
    if not bool(row["relevant"]):
        return STATUS_NOT_RELEVANT
    return STATUS_INCLUDED


def _sort_key(row: Any) -> tuple:
    year = row.get("year")
    year = 9999 if is_missing(year) else int(year)
    return (year, str(row.get("label") or row.get("study_id")))


def ordered_rows(comparison: Comparison, *, include_excluded: bool = False) -> list[dict[str, Any]]:
    """Rows of the study table as dicts: included studies by year, (excluded ones,)
    then the local series, so the local row sits right above the pooled rows."""
    rows = [dict(r) for r in comparison.table.to_dict(orient="records")]
    for row in rows:
        row["status"] = study_status(row)
    included = sorted((r for r in rows if r["status"] == STATUS_INCLUDED), key=_sort_key)
    excluded = sorted((r for r in rows if r["status"] in (STATUS_NOT_RELEVANT, STATUS_CURATED_OUT)),
                      key=_sort_key)
    local = [r for r in rows if r["status"] == STATUS_LOCAL]
    return included + (excluded if include_excluded else []) + local


def comparison_frame(comparison: Comparison) -> "pd.DataFrame":
    """The full study table for flat files: ``status`` then :data:`TABLE_COLUMNS`."""
    import pandas as pd

    rows = ordered_rows(comparison, include_excluded=True)
    columns = ["status"] + [c for c in TABLE_COLUMNS if c in comparison.table.columns]
    columns += [c for c in comparison.table.columns if c not in columns]
    data = [{c: _integral(c, format_cell(c, row.get(c))) for c in columns} for row in rows]
    return pd.DataFrame(data, columns=columns, dtype=object)


def _integral(column: str, value: Any) -> Any:
    # counts come out of pandas as floats (NaN forces the column to float): 34.0 -> 34
    if (column in ("cohort_size", "year") or column.endswith(("_events", "_total"))) \
            and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _period(row: dict[str, Any]) -> str:
    period = row.get("period")
    if not is_missing(period) and period:
        return str(period)
    return format_value("study_period", row.get("study_period"))


def _label(row: dict[str, Any]) -> str:
    label = row.get("label")
    if is_missing(label) or not label:
        label = row.get("study_id")
    return str(label)


def display_frame(comparison: Comparison, *, include_excluded: bool = False,
                  pooled: bool = True) -> "pd.DataFrame":
    """The readable table: included studies, the local series, then the pooled rows.

    Every cell is text; not reported is ``NR``. Extra columns ``study_id`` and
    ``status`` say what each row is (the Markdown/HTML writers hide them).
    """
    import pandas as pd

    columns = list(_DISPLAY_LEAD) + [FIELD_LABELS[f] for f in DISPLAY_FIELDS]
    out = []
    for row in ordered_rows(comparison, include_excluded=include_excluded):
        cells = {
            "Study": _label(row) + (" (local series)" if row["status"] == STATUS_LOCAL else ""),
            "Design": "" if is_missing(row.get("design")) else str(row.get("design") or ""),
            "Country": format_value("country", row.get("country")),
            "Period": _period(row),
        }
        for name in DISPLAY_FIELDS:
            cells[FIELD_LABELS[name]] = format_value(name, row.get(name))
        cells["study_id"] = row["study_id"]
        cells["status"] = row["status"]
        out.append(cells)
    if pooled:
        for prow in pooled_rows(comparison):
            out.append(prow)
    return pd.DataFrame(out, columns=columns + ["study_id", "status"])


def format_pooled(summary: PooledEstimate | MedianSummary) -> str:
    """``"86.1 [82.0-89.4]"`` for a pooled proportion, ``"54 (39-74)"`` for a median
    of medians, ``NR`` when there is no estimate."""
    if isinstance(summary, PooledEstimate):
        if summary.estimate_pct is None:
            return NR
        text = format_number(summary.estimate_pct)
        if summary.ci_low_pct is not None and summary.ci_high_pct is not None:
            text += f" [{format_number(summary.ci_low_pct)}-{format_number(summary.ci_high_pct)}]"
        return text
    if summary.median is None:
        return NR
    text = format_number(summary.median)
    if summary.low is not None and summary.high is not None:
        text += f" ({format_number(summary.low)}-{format_number(summary.high)})"
    return text


def _pooled_caption(summary: PooledEstimate | MedianSummary) -> str:
    title = FIELD_TITLES.get(summary.field, summary.field)
    if isinstance(summary, PooledEstimate):
        parts = [f"k={summary.k}", f"{summary.total_n} patients"]
        if summary.i2 is not None:
            parts.append(f"I²={format_number(summary.i2, 0)}%")
        return f"Pooled {title} (random effects, 95% CI; {', '.join(parts)})"
    return f"{title}: median of study medians (range; k={summary.k})"


def pooled_rows(comparison: Comparison) -> list[dict[str, str]]:
    """One display row per pooled field: the caption in the Study column, the estimate
    under its field, everything else blank."""
    rows = []
    for name, summary in comparison.pooled.items():
        if name not in FIELD_LABELS:
            continue
        row = {c: "" for c in _DISPLAY_LEAD}
        row.update({FIELD_LABELS[f]: "" for f in DISPLAY_FIELDS})
        row["Study"] = _pooled_caption(summary)
        row[FIELD_LABELS[name]] = format_pooled(summary)
        row["study_id"] = f"pooled:{name}"
        row["status"] = "pooled"
        rows.append(row)
    return rows


def pooled_frame(comparison: Comparison) -> "pd.DataFrame":
    """One row per pooled field (estimate, CI, heterogeneity, method) for flat files."""
    import pandas as pd

    rows = []
    for name, summary in comparison.pooled.items():
        if isinstance(summary, PooledEstimate):
            rows.append({
                "field": name,
                "measure": "pooled proportion (%)",
                "estimate": summary.estimate_pct,
                "ci_low": summary.ci_low_pct,
                "ci_high": summary.ci_high_pct,
                "k": summary.k,
                "total_n": summary.total_n,
                "i2_pct": summary.i2,
                "tau2": summary.tau2,
                "q": summary.q,
                "method": summary.method,
                "studies": "; ".join(f"{s.label} {s.events}/{s.total}" for s in summary.studies),
                "not_reported": "; ".join(summary.excluded),
                "note": summary.note,
            })
        else:
            rows.append({
                "field": name,
                "measure": "median of study medians",
                "estimate": summary.median,
                "ci_low": summary.low,
                "ci_high": summary.high,
                "k": summary.k,
                "total_n": None,
                "i2_pct": None,
                "tau2": None,
                "q": None,
                "method": summary.method,
                "studies": "; ".join(f"{label} {format_number(v)}" for _, label, v in summary.values),
                "not_reported": "; ".join(summary.not_reported),
                "note": summary.note,
            })
    columns = ["field", "measure", "estimate", "ci_low", "ci_high", "k", "total_n", "i2_pct", "tau2", "q",
               "method", "studies", "not_reported", "note"]
    return pd.DataFrame(rows, columns=columns)


def evidence_frame(comparison: Comparison) -> "pd.DataFrame":
    """The evidence table with values as text (lists joined, periods as ``2008-2017``)."""
    import pandas as pd

    evidence = comparison.evidence
    columns = [c for c in EVIDENCE_COLUMNS if c in evidence.columns]
    rows = []
    for rec in evidence.to_dict(orient="records"):
        row = {c: rec.get(c) for c in columns}
        row["value"] = format_value(str(rec.get("field")), rec.get("value"))
        for key, val in row.items():
            if key != "value" and is_missing(val):
                row[key] = None
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


_PRISMA_STAGES = (
    ("identified", "Identification", "Records identified"),
    ("duplicates_removed", "Identification", "Duplicates removed"),
    ("screened", "Screening", "Records screened"),
    ("excluded_not_relevant", "Screening", "Records excluded (not relevant)"),
    ("excluded_by_curation", "Eligibility", "Studies excluded by reviewer (curation)"),
    ("included_by_curation", "Eligibility", "Studies re-included by reviewer (curation)"),
    ("included", "Included", "Studies included"),
    ("local_series", "Included", "Local case series set beside them"),
)


def prisma_frame(prisma: PrismaCounts) -> "pd.DataFrame":
    """PRISMA counts as rows ``stage, item, count`` (sources and exclusion reasons too)."""
    import pandas as pd

    rows = []
    for key, stage, item in _PRISMA_STAGES:
        rows.append({"stage": stage, "item": item, "key": key, "count": int(getattr(prisma, key))})
        if key == "identified":
            for source, n in prisma.identified_by_source.items():
                rows.append({"stage": stage, "item": f"  from {source}", "key": f"source:{source}", "count": int(n)})
        if key == "excluded_not_relevant":
            for reason, n in prisma.exclusion_reasons.items():
                rows.append({"stage": stage, "item": f"  reason: {reason}", "key": f"reason:{reason}",
                             "count": int(n)})
    return pd.DataFrame(rows, columns=["stage", "item", "key", "count"])


# ------------------------------------------------------------------ writers


def write_csv(frame: "pd.DataFrame", path: str | os.PathLike[str]) -> None:
    """Write ``frame`` as UTF-8 CSV, atomically (no index)."""
    with atomic_write(path, newline="") as handle:
        frame.to_csv(handle, index=False)


def _autosize(sheet: Any, frame: "pd.DataFrame", max_width: int = 60) -> None:
    from openpyxl.utils import get_column_letter

    for i, column in enumerate(frame.columns, start=1):
        values = [str(column)] + [str(v) for v in frame[column].head(200) if not is_missing(v)]
        width = min(max_width, max(len(v) for v in values) + 2)
        sheet.column_dimensions[get_column_letter(i)].width = max(8, width)


def _write_sheet(workbook: Any, title: str, frame: "pd.DataFrame", *, wrap: Iterable[str] = ()) -> Any:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(title)
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False):
        sheet.append([None if is_missing(v) else v for v in values])
    sheet.freeze_panes = "B2"
    _autosize(sheet, frame)
    wrap = set(wrap)
    for i, column in enumerate(frame.columns, start=1):
        if column in wrap:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return sheet


def write_xlsx(comparison: Comparison, path: str | os.PathLike[str]) -> None:
    """Workbook with sheets ``comparison`` (full table), ``evidence`` (study, field,
    value, sentence ...), ``pooled`` and ``prisma``; local series rows highlighted,
    ``NR`` cells grey."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    workbook.remove(workbook.active)

    table = comparison_frame(comparison)
    sheet = _write_sheet(workbook, "comparison", table)
    local_fill = PatternFill("solid", fgColor="FFF3C4")
    grey = Font(color="808080", italic=True)
    status_col = list(table.columns).index("status")
    for row in sheet.iter_rows(min_row=2):
        if row[status_col].value == STATUS_LOCAL:
            for cell in row:
                cell.fill = local_fill
        for cell in row:
            if cell.value == NR:
                cell.font = grey

    evidence = evidence_frame(comparison)
    lead = [c for c in ("label", "study_id", "field", "value", "sentence") if c in evidence.columns]
    evidence = evidence[lead + [c for c in evidence.columns if c not in lead]]
    ev_sheet = _write_sheet(workbook, "evidence", evidence, wrap=("sentence",))
    if "sentence" in evidence.columns:
        from openpyxl.utils import get_column_letter

        ev_sheet.column_dimensions[get_column_letter(list(evidence.columns).index("sentence") + 1)].width = 90

    _write_sheet(workbook, "pooled", pooled_frame(comparison), wrap=("studies",))
    _write_sheet(workbook, "prisma", prisma_frame(comparison.prisma))

    with atomic_write(path, "wb") as handle:
        workbook.save(handle)


def _md_escape(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: "pd.DataFrame", columns: Iterable[str] | None = None) -> str:
    """A GitHub-flavoured Markdown table of ``frame`` (all cells as text)."""
    columns = list(columns) if columns is not None else list(frame.columns)
    lines = ["| " + " | ".join(_md_escape(c) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    for record in frame[columns].to_dict(orient="records"):
        cells = ["" if is_missing(record[c]) else _md_escape(record[c]) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_markdown(comparison: Comparison, path: str | os.PathLike[str], *, title: str = "Comparison",
                   preamble: Iterable[str] = ()) -> None:
    """The display table (with the pooled rows) as Markdown, with a legend and notes."""
    frame = display_frame(comparison)
    visible = [c for c in frame.columns if c not in ("study_id", "status")]
    frame = frame.copy()
    is_local = frame["status"] == STATUS_LOCAL
    frame.loc[is_local, "Study"] = "**" + frame.loc[is_local, "Study"] + "**"
    is_pooled = frame["status"] == "pooled"
    frame.loc[is_pooled, "Study"] = "_" + frame.loc[is_pooled, "Study"] + "_"
    lines = [f"# {title}", ""]
    for paragraph in preamble:
        lines += [paragraph, ""]
    lines += [markdown_table(frame, visible), ""]
    lines.append(f"{NR} = {NR_LONG}. Local series in **bold**; pooled rows in _italics_ "
                 "(the local series is not part of any pooled estimate).")
    p = comparison.prisma
    lines += ["", f"Records identified: {p.identified}; duplicates removed: {p.duplicates_removed}; "
                  f"screened: {p.screened}; excluded as not relevant: {p.excluded_not_relevant}; "
                  f"excluded by curation: {p.excluded_by_curation}; included: {p.included}."]
    for note in comparison.notes:
        lines.append(f"- {note}")
    with atomic_write(path) as handle:
        handle.write("\n".join(lines) + "\n")


def prisma_dict(prisma: PrismaCounts) -> dict[str, Any]:
    """PRISMA counts as a plain dict (for run.json)."""
    return asdict(prisma)

