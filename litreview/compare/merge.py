"""Merge literature extractions and local series into one study table.

One row per study (after de-duplication): bibliographic columns, the extraction
fields (:data:`~litreview.records.FIELD_NAMES`; a value not reported is None/NaN,
never zero) and the counts behind the pooled proportions; plus an evidence table
with the provenance of every cell. Curations are applied here, before counts are
derived, so a curated percentage or cohort size changes the counts too.

Counts for pooling (``r0_rate_pct``, ``five_year_os_pct``), in order of preference:

1. a curated ``"34/40"``;
2. per-patient counts of a local series;
3. "explicit": the finding's text holds ``k/n`` or ``k of n`` with ``100*k/n``
   within 0.6 points of the value;
4. "derived": ``events = round(pct * n / 100)`` with ``n = cohort_size``, an
   approximation (a percentage printed to whole numbers of a cohort of 86 cannot be
   off by more than half a patient, but the cohort size may count patients the
   percentage does not cover).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from litreview.compare.curation import (
    AppliedCell,
    StudyKeys,
    apply_curations,
    cell_value,
    curated_counts,
    values_agree,
)
from litreview.compare.dedup import DedupResult, deduplicate
from litreview.compare.model import (
    EVIDENCE_COLUMNS,
    EXCLUDE_FIELD,
    NOT_REACHED,
    POOLED_FIELDS,
    TABLE_COLUMNS,
    Curation,
    CurationReport,
    Proportion,
    SeriesSummary,
    count_columns,
)
from litreview.records import FIELD_NAMES, Extraction, Finding, Record

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["StudyDraft", "MergeResult", "merge", "study_label", "derive_counts", "explicit_counts", "table_value"]

_COUNT_IN_TEXT = re.compile(r"\b(\d{1,6})\s*(?:/|of|out of)\s*(\d{1,6})\b")
_PCT_FIELDS = tuple(f for f in FIELD_NAMES if f.endswith("_pct"))
_MONTH_FIELDS = tuple(f for f in FIELD_NAMES if f.endswith("_months"))
_NOT_REACHED_WORDS = {"nr", "not reached", "not attained", "not yet reached"}


def table_value(name: str, value: Any) -> Any:
    """A field value as the table holds it: a median not reached ("NR") -> :data:`NOT_REACHED`."""
    if name in _MONTH_FIELDS and isinstance(value, str) and value.strip().lower() in _NOT_REACHED_WORDS:
        return NOT_REACHED
    return value
_INT_COLUMNS = ("cohort_size", "year") + tuple(c for f in POOLED_FIELDS for c in count_columns(f))


@dataclass
class StudyDraft:
    """One study while the table is being built (plain Python, no pandas)."""

    study_id: str
    label: str
    is_local: bool
    relevant: bool
    relevance_reasons: tuple[str, ...] = ()
    extracted_relevant: bool = True  # relevance before any curation
    first_author: str | None = None
    year: int | None = None
    title: str | None = None
    journal: str | None = None
    design: str | None = None
    pmid: str | None = None
    doi: str | None = None
    period: str | None = None
    sources: tuple[str, ...] = ()
    merged_ids: tuple[str, ...] = ()
    excluded: bool = False
    curated_fields: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    counts: dict[str, Proportion] = field(default_factory=dict)
    series_counts: dict[str, Proportion] = field(default_factory=dict)


@dataclass
class MergeResult:
    """What :func:`merge` returns: the tables and what happened on the way."""

    table: "pd.DataFrame"
    evidence: "pd.DataFrame"
    drafts: list[StudyDraft]
    dedup: DedupResult
    curation_report: CurationReport
    identified: list[tuple[str, tuple[str, ...]]]
    notes: list[str]


def study_label(first_author: str | None, year: int | None, fallback: str) -> str:
    """``"Abbott 2012"`` from a last name (or ``"Abbott R"``); without an author the fallback."""
    name = first_author.strip() if first_author else None
    if name and " " in name and name.split()[-1].isupper() and len(name.split()[-1]) <= 3:
        name = name.rsplit(" ", 1)[0]  # "van der Berg AJ" -> "van der Berg"
    if name and year:
        return f"{name} {year}"
    if name:
        return name
    if year:
        return f"{fallback} {year}"
    return fallback


def explicit_counts(finding: Finding | None, value: Any) -> Proportion | None:
    """Counts stated in a finding's text (``"34/40"``, ``"34 of 40"``) that agree with its value."""
    if finding is None or not isinstance(value, (int, float)):
        return None
    for match in _COUNT_IN_TEXT.finditer(finding.text or ""):
        k, n = int(match.group(1)), int(match.group(2))
        if 0 < n and k <= n and abs(100.0 * k / n - float(value)) <= 0.6:
            return Proportion(events=k, total=n, source="explicit")
    return None


def derive_counts(value: Any, cohort_size: Any) -> Proportion | None:
    """``events = round(pct * n / 100)`` (half up); None without a value or a cohort size."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return None
    if not isinstance(cohort_size, (int, float)) or isinstance(cohort_size, bool) or cohort_size <= 0:
        return None
    n = int(cohort_size)
    events = int(math.floor(float(value) * n / 100.0 + 0.5))
    return Proportion(events=min(max(events, 0), n), total=n, source="derived")


def _evidence_row(finding: Finding, note: str | None = None) -> dict[str, Any]:
    return {
        "value": finding.value, "unit": finding.unit, "text": finding.text, "sentence": finding.sentence,
        "rule": finding.rule, "confidence": finding.confidence, "curated": False, "curator": None,
        "reason": None, "note": note if note is not None else finding.note,
    }


def _sources(record: Record, given: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """Where a record was found: ``given[record.id]``, its ``extra["queries"]``, or its input file."""
    if given and given.get(record.id):
        return tuple(str(s) for s in given[record.id])
    extra = record.extra or {}
    queries = extra.get("queries") or extra.get("query")
    if isinstance(queries, str):
        queries = [queries]
    out = [str(q) for q in (queries or ()) if q]
    if not out and record.source:
        out = [record.source]
    return tuple(out)


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if v not in (None, "", ())), None)


def _period_text(value: Any) -> str | None:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return f"{value[0]}-{value[1]}"
    return None


def _literature_drafts(extractions: Sequence[Extraction], records: Mapping[str, Record],
                       dedup: DedupResult,
                       given: Mapping[str, Sequence[str]] | None = None) -> list[StudyDraft]:
    by_id: dict[str, list[Extraction]] = {}
    for ex in extractions:
        by_id.setdefault(ex.id, []).append(ex)
    drafts = []
    for kept_id in dedup.kept:
        members = dedup.groups[kept_id]
        exs = [e for m in members for e in by_id.get(m, [])]
        recs = [records[m] for m in members if m in records]
        main = exs[0]
        rec = records.get(kept_id)
        first_author = _first(r.first_author for r in recs)
        year = _first(r.year for r in recs)
        journal = _first(r.journal for r in recs)
        draft = StudyDraft(
            study_id=kept_id,
            label="",
            is_local=False,
            relevant=main.relevant,
            extracted_relevant=main.relevant,
            relevance_reasons=main.relevance_reasons,
            first_author=first_author,
            year=year,
            title=(rec.title if rec and rec.title else None) or main.title or _first(r.title for r in recs),
            journal=journal,
            design=main.design or _first(e.design for e in exs),
            pmid=_first([main.pmid] + [r.pmid for r in recs] + [e.pmid for e in exs]),
            doi=_first(r.doi for r in recs),
            sources=tuple(dict.fromkeys(s for r in recs for s in _sources(r, given))),
            merged_ids=tuple(members),
        )
        last_name = _first((r.authors[0].last_name or r.authors[0].collective) for r in recs if r.authors)
        draft.label = study_label(last_name or first_author, year, journal or kept_id)
        for name in FIELD_NAMES:
            finding = main.fields.get(name)
            note = None
            if finding is None:
                # the richer record lacks it; a duplicate (e.g. another source) may have it
                for other in exs[1:]:
                    if name in other.fields:
                        finding = other.fields[name]
                        note = f"from duplicate record {other.id}"
                        break
            if finding is None or finding.value is None:
                continue
            draft.values[name] = table_value(name, finding.value)
            draft.findings[name] = finding
            draft.evidence[name] = _evidence_row(finding, note)
        draft.period = _period_text(draft.values.get("study_period"))
        drafts.append(draft)
    return drafts


def _series_draft(summary: SeriesSummary) -> StudyDraft:
    series = summary.series
    period = None
    if series.period_start or series.period_end:
        period = f"{series.period_start or '?'} to {series.period_end or '?'}"
    draft = StudyDraft(
        study_id=series.study_id,
        label=series.label,
        is_local=True,
        relevant=True,
        relevance_reasons=summary.extraction.relevance_reasons,
        first_author=None,
        year=None,
        title=series.title or series.label,
        journal=None,
        design=series.design,
        period=period,
        sources=(series.path,) if series.path else (),
        merged_ids=(series.study_id,),
        notes=list(summary.notes),
        series_counts=dict(summary.counts),
    )
    for name, finding in summary.extraction.fields.items():
        if finding.value is None:
            continue
        draft.values[name] = table_value(name, finding.value)
        draft.findings[name] = finding
        draft.evidence[name] = _evidence_row(finding)
    return draft


def _disambiguate(drafts: list[StudyDraft]) -> None:
    """Two studies labelled "Smith 2010" become "Smith 2010a" and "Smith 2010b"."""
    seen: dict[str, list[StudyDraft]] = {}
    for d in drafts:
        seen.setdefault(d.label, []).append(d)
    for label, same in seen.items():
        if len(same) > 1:
            for i, d in enumerate(same):
                d.label = f"{label}{chr(ord('a') + i)}" if i < 26 else f"{label} ({d.study_id})"


def _apply(drafts: list[StudyDraft], curations: Sequence[Curation]) -> CurationReport:
    keys = [StudyKeys.of(d.study_id, d.pmid, d.doi, d.merged_ids) for d in drafts]
    extracted = {d.study_id: dict(d.values) for d in drafts}
    cells, report = apply_curations(keys, extracted, curations)
    by_id = {d.study_id: d for d in drafts}
    for cell in cells:
        _apply_cell(by_id[cell.study_id], cell)
    return report


def _apply_cell(draft: StudyDraft, cell: AppliedCell) -> None:
    cur = cell.curation
    who = f"{cur.reviewer or 'a reviewer'}" + (f" ({cur.date})" if cur.date else "")
    if cur.field == EXCLUDE_FIELD:
        if cur.value:
            draft.excluded = True
            draft.notes.append(f"excluded by {who}: {cur.reason or 'no reason given'}")
        else:
            draft.excluded = False
            if not draft.relevant:
                draft.relevant = True
                draft.notes.append(f"included by {who} although extraction judged it not relevant: "
                                   f"{cur.reason or 'no reason given'}")
        draft.curated_fields.append(EXCLUDE_FIELD)
        return
    value = cell_value(cur.value)
    note = cell.conflict
    if note is None and cell.extracted is not None and cur.value is not None and not values_agree(cell.extracted, value):
        note = f"corrects extracted value {cell.extracted}"
    elif note is None and cell.extracted is not None and cur.value is None:
        note = f"extracted value {cell.extracted} set to not reported"
    if value is None:
        draft.values.pop(cur.field, None)
    else:
        draft.values[cur.field] = value
    draft.findings.pop(cur.field, None)
    draft.evidence[cur.field] = {
        "value": value, "unit": None, "text": "" if cur.value is None else str(cur.value),
        "sentence": cur.reason or "", "rule": "curation", "confidence": 1.0, "curated": True,
        "curator": cur.reviewer, "reason": cur.reason, "note": note,
    }
    counts = curated_counts(cur.value)
    if counts is not None:
        draft.counts[cur.field] = counts
    draft.curated_fields.append(cur.field)
    if cell.conflict:
        draft.notes.append(f"{cur.field}: {cell.conflict}")
    if cur.field == "study_period":
        draft.period = _period_text(value)


def _fill_counts(draft: StudyDraft) -> None:
    n = draft.values.get("cohort_size")
    for name in POOLED_FIELDS:
        if name in draft.counts:  # curated counts
            continue
        value = draft.values.get(name)
        if value is None:
            continue
        counts = None
        if name not in draft.curated_fields and "cohort_size" not in draft.curated_fields:
            counts = draft.series_counts.get(name) or explicit_counts(draft.findings.get(name), value)
        counts = counts or derive_counts(value, n)
        if counts is not None:
            draft.counts[name] = counts


def _order(drafts: list[StudyDraft]) -> list[StudyDraft]:
    def key(d: StudyDraft) -> tuple:
        included = d.relevant and not d.excluded
        return (d.is_local, not included, d.year or 9999, d.label.lower())
    return sorted(drafts, key=key)


def _to_frames(drafts: list[StudyDraft]) -> tuple["pd.DataFrame", "pd.DataFrame"]:
    import pandas as pd

    rows = []
    ev_rows = []
    for d in drafts:
        row: dict[str, Any] = {
            "study_id": d.study_id, "label": d.label, "first_author": d.first_author, "year": d.year,
            "title": d.title, "journal": d.journal, "design": d.design, "pmid": d.pmid, "doi": d.doi,
            "period": d.period, "sources": d.sources, "merged_ids": d.merged_ids, "is_local": d.is_local,
            "relevant": d.relevant, "excluded": d.excluded, "curated_fields": tuple(d.curated_fields),
            "notes": tuple(d.notes),
        }
        for name in FIELD_NAMES:
            row[name] = d.values.get(name)
        for name in POOLED_FIELDS:
            ev_col, tot_col = count_columns(name)
            counts = d.counts.get(name)
            row[ev_col] = counts.events if counts else None
            row[tot_col] = counts.total if counts else None
            row[f"{name}_count_source"] = counts.source if counts else None
        rows.append(row)
        for name in FIELD_NAMES:
            if name in d.evidence:
                ev_rows.append({"study_id": d.study_id, "label": d.label, "field": name, **d.evidence[name]})
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    for col in _PCT_FIELDS:
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    for col in _MONTH_FIELDS:
        values = [float("nan") if v is None else v for v in table[col]]
        if any(isinstance(v, str) for v in values):
            table[col] = pd.Series(values, index=table.index, dtype="object")  # numbers and "not reached"
        else:
            table[col] = pd.to_numeric(pd.Series(values, index=table.index), errors="coerce").astype("float64")
    for col in _INT_COLUMNS:
        table[col] = pd.array([None if v is None or v != v else int(v) for v in table[col]], dtype="Int64")
    for col in ("is_local", "relevant", "excluded"):
        table[col] = table[col].astype(bool)
    evidence = pd.DataFrame(ev_rows, columns=list(EVIDENCE_COLUMNS))
    return table, evidence


def merge(extractions: Sequence[Extraction], summaries: Sequence[SeriesSummary] = (), *,
          records: Iterable[Record] | Mapping[str, Record] | None = None,
          curations: Sequence[Curation] = (), dedup_threshold: float = 90.0,
          record_sources: Mapping[str, Sequence[str]] | None = None) -> MergeResult:
    """Build the study table and the evidence table.

    Args:
        extractions: one per input record (from ``litreview extract``); the same
            study may come several times from different sources.
        summaries: local series summaries (:func:`litreview.series.summarize_series`).
        records: the records the extractions were made from, for bibliographic
            data; an extraction's own ``record`` is used too.
        curations: reviewer curations, applied after de-duplication.
        dedup_threshold: title similarity for fuzzy de-duplication.
        record_sources: record id -> where it was found (e.g. the saved query names
            that returned it); default: ``record.extra["queries"]``, else ``record.source``.
    """
    notes: list[str] = []
    rec_map: dict[str, Record] = {}
    if isinstance(records, Mapping):
        rec_map.update(records)
    elif records is not None:
        for r in records:
            rec_map.setdefault(r.id, r)
    for ex in extractions:
        if ex.record is not None:
            rec_map.setdefault(ex.id, ex.record)
    ex_ids = {ex.id for ex in extractions}
    unmatched = [rid for rid in rec_map if rid not in ex_ids]
    if unmatched:
        notes.append(f"{len(unmatched)} record(s) without an extraction were left out: "
                     + ", ".join(unmatched[:10]) + (" ..." if len(unmatched) > 10 else ""))
    # one Record per extraction, in order (a synthetic one when only the extraction is known)
    units = [rec_map.get(ex.id) or Record(id=ex.id, title=ex.title, pmid=ex.pmid) for ex in extractions]
    n_values = {ex.id: len(ex.fields) for ex in extractions}
    dedup = deduplicate(units, threshold=dedup_threshold, n_values=n_values)
    identified = [(r.id, _sources(r, record_sources)) for r in units]
    drafts = _literature_drafts(extractions, rec_map, dedup, record_sources)
    drafts += [_series_draft(s) for s in summaries]
    _disambiguate(drafts)
    report = _apply(drafts, curations)
    for d in drafts:
        _fill_counts(d)
    drafts = _order(drafts)
    table, evidence = _to_frames(drafts)
    return MergeResult(table=table, evidence=evidence, drafts=drafts, dedup=dedup, curation_report=report,
                       identified=identified, notes=notes)
