"""The objects of the comparison layer: local case series, de-duplication, curation,
pooled estimates, PRISMA counts and the :class:`Comparison` that holds them all.

This module is the contract the report layer codes against; it imports nothing
heavy (pandas only for type checking). Missing values are ``None``; lists are tuples.

Tables (pandas DataFrames inside :class:`Comparison`):

* ``table``: one row per study, columns :data:`TABLE_COLUMNS` (bibliographic
  columns, then :data:`~litreview.records.FIELD_NAMES`, then the counts behind the
  pooled proportions, :data:`COUNT_COLUMNS`). A value not reported is ``None``/NaN,
  never zero; the report layer renders it "NR". A median that was not reached is
  the string :data:`NOT_REACHED` (then the column has object dtype).
* ``evidence``: one row per (study, field) that has a value, columns
  :data:`EVIDENCE_COLUMNS`: where each cell came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from litreview.records import FIELD_NAMES

if TYPE_CHECKING:  # pandas is imported by merge/pool at run time only
    import pandas as pd

__all__ = [
    "RECEPTORS",
    "RECEPTOR_STATUSES",
    "MARGINS",
    "VITAL_STATUSES",
    "POOLED_FIELDS",
    "MEDIAN_FIELDS",
    "NOT_REACHED",
    "BIB_COLUMNS",
    "COUNT_COLUMNS",
    "TABLE_COLUMNS",
    "EVIDENCE_COLUMNS",
    "Patient",
    "LocalSeries",
    "Proportion",
    "SeriesSummary",
    "DedupDecision",
    "EXCLUDE_FIELD",
    "Curation",
    "CurationNote",
    "CurationReport",
    "StudyCount",
    "PooledEstimate",
    "MedianSummary",
    "PrismaCounts",
    "Comparison",
    "count_columns",
]

#: Receptors a patient record may state.
RECEPTORS: tuple[str, ...] = ("er", "pr", "her2")
#: Values of a per-receptor status. ``unknown`` is the default and stays unknown.
RECEPTOR_STATUSES: tuple[str, ...] = ("positive", "negative", "unknown")
#: Resection margins.
MARGINS: tuple[str, ...] = ("R0", "R1", "R2")
#: Vital status at last follow-up.
VITAL_STATUSES: tuple[str, ...] = ("alive", "dead")

#: Percent fields pooled by random-effects meta-analysis of proportions.
POOLED_FIELDS: tuple[str, ...] = ("r0_rate_pct", "five_year_os_pct")
#: Fields summarised as the median of study medians (not pooled).
MEDIAN_FIELDS: tuple[str, ...] = ("median_os_months",)
#: Table value of a median survival that was not reached (extractors write ``"NR"``;
#: the table spells it out so it cannot be confused with "not reported").
NOT_REACHED = "not reached"

#: Bibliographic columns of the study table, in order.
BIB_COLUMNS: tuple[str, ...] = (
    "study_id",      # the kept record id (PMID, "doi:...", "sha1:...") or "local:<series id>"
    "label",         # "Abbott 2012"; a local series: its short label
    "first_author",
    "year",
    "title",
    "journal",
    "design",
    "pmid",
    "doi",
    "period",        # "1997-2010" or "2016-10 to 2019-11"; None when unknown
    "sources",       # tuple of input names the study was found in (after de-duplication)
    "merged_ids",    # tuple of record ids merged into this row by de-duplication
    "is_local",      # True for a local case series
    "relevant",      # extraction's (or the curator's) relevance decision
    "excluded",      # True when excluded by curation
    "curated_fields",  # tuple of field names whose value comes from a curation
    "notes",         # tuple of notes for the row (series-level facts, curation conflicts)
)


def count_columns(field_name: str) -> tuple[str, str]:
    """The table columns holding the counts behind a pooled percent field.

    ``count_columns("r0_rate_pct") == ("r0_rate_pct_events", "r0_rate_pct_total")``.
    """
    return (f"{field_name}_events", f"{field_name}_total")


#: Count columns of the study table: events, total and where the counts come from
#: (``<field>_count_source``: "patients", "explicit", "derived", "curated"; see
#: :class:`Proportion`) for each :data:`POOLED_FIELDS`.
COUNT_COLUMNS: tuple[str, ...] = tuple(
    c for f in POOLED_FIELDS for c in (*count_columns(f), f"{f}_count_source"))

#: All columns of ``Comparison.table``, in order.
TABLE_COLUMNS: tuple[str, ...] = BIB_COLUMNS + FIELD_NAMES + COUNT_COLUMNS

#: Columns of ``Comparison.evidence`` (one row per study and field with a value).
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "study_id",
    "label",
    "field",
    "value",
    "unit",
    "text",        # the words the value came from ("3 of 3 patients R0")
    "sentence",    # the sentence (or, for a series, how it was derived)
    "rule",        # extractor rule id, "series.<field>" or "curation"
    "confidence",
    "curated",     # True when a reviewer's curation set this value
    "curator",     # reviewer name for curated rows, else None
    "reason",      # the curation's reason, else None
    "note",        # e.g. "fresh extraction now says 85.0 (curated value kept)"
)


# --------------------------------------------------------------------- local series


@dataclass(frozen=True)
class Patient:
    """One patient of a local case series. Every unknown is ``None`` (or ``"unknown"``
    for receptors) and stays unknown: summaries never guess.

    Attributes:
        id: patient label within the series ("1", "P2").
        age_years: age at hepatectomy.
        sex: "female" / "male" or None.
        er, pr, her2: "positive", "negative" or "unknown" per receptor.
        receptors_any_positive: receptors of which AT LEAST ONE is positive when
            the source does not say which, e.g. ``("er", "her2")`` for "ER and/or
            HER2 positive". The per-receptor statuses stay "unknown".
        liver_metastases_count: number of liver metastases.
        largest_metastasis_cm: size of the largest liver metastasis (cm).
        interval_months: months from breast surgery to the liver metastasis.
        extrahepatic_disease: True/False/None; ``extrahepatic_detail`` describes it.
        resection: type of resection ("hepatectomy", "right hemihepatectomy").
        margin: "R0", "R1", "R2" or None.
        complications: True/False/None; ``complications_detail`` describes them.
        postoperative_death: died within 90 days of / during the stay for surgery.
        systemic_before / systemic_after: therapies before/after the resection;
            None = not reported, ``()`` = none given.
        followup_months: follow-up of this patient.
        progression: True/False/None.
        pfs_months: progression-free survival of this patient.
        vital_status: "alive", "dead" or None at last follow-up.
        response: tumour response in words ("clinical complete remission").
        notes: free text.
    """

    id: str
    age_years: float | None = None
    sex: str | None = None
    er: str = "unknown"
    pr: str = "unknown"
    her2: str = "unknown"
    receptors_any_positive: tuple[str, ...] = ()
    liver_metastases_count: int | None = None
    largest_metastasis_cm: float | None = None
    interval_months: float | None = None
    extrahepatic_disease: bool | None = None
    extrahepatic_detail: str | None = None
    resection: str | None = None
    margin: str | None = None
    complications: bool | None = None
    complications_detail: str | None = None
    postoperative_death: bool | None = None
    systemic_before: tuple[str, ...] | None = None
    systemic_after: tuple[str, ...] | None = None
    followup_months: float | None = None
    progression: bool | None = None
    pfs_months: float | None = None
    vital_status: str | None = None
    response: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class LocalSeries:
    """A local (institutional) case series, loaded from a YAML file (see
    :mod:`litreview.series` and ``docs/compare.md``).

    Attributes:
        id: short identifier ("huashan_2016_2019"); its study id is ``"local:<id>"``.
        label: label in tables ("Huashan 2016-2019").
        title: title of the series or its publication.
        institution, departments, city, country: where it was treated.
        period_start, period_end: "YYYY-MM" (or "YYYY") of the first/last patient.
        citation: source citation (publication, URL) or None.
        design: "case series" unless stated.
        followup_range_months: series-level follow-up range (min, max) when the
            source gives it only for the series, not per patient.
        longest_pfs_exceeds_months: "the longest PFS is above X months".
        notes: series-level notes (e.g. why receptors are unknown per patient).
        patients: one :class:`Patient` per patient.
        path: file it was loaded from.
    """

    id: str
    label: str
    patients: tuple[Patient, ...]
    title: str | None = None
    institution: str | None = None
    departments: tuple[str, ...] = ()
    city: str | None = None
    country: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    citation: str | None = None
    design: str = "case series"
    followup_range_months: tuple[float, float] | None = None
    longest_pfs_exceeds_months: float | None = None
    notes: tuple[str, ...] = ()
    path: str | None = None

    @property
    def study_id(self) -> str:
        return f"local:{self.id}"

    @property
    def size(self) -> int:
        return len(self.patients)

    @property
    def study_period(self) -> tuple[int, int] | None:
        """(first year, last year) from ``period_start``/``period_end``, or None."""
        if not self.period_start or not self.period_end:
            return None
        return (int(self.period_start[:4]), int(self.period_end[:4]))


@dataclass(frozen=True)
class Proportion:
    """Events out of a total behind a percentage.

    ``source`` says where the counts come from: "patients" (counted per patient),
    "explicit" (stated as counts in the text: "59/86"), or "derived"
    (``round(pct * n / 100)`` from a percentage and the cohort size, an approximation),
    or "curated" (a reviewer gave "34/40").
    """

    events: int
    total: int
    source: str = "derived"

    @property
    def pct(self) -> float:
        return 100.0 * self.events / self.total if self.total else float("nan")


@dataclass(frozen=True)
class SeriesSummary:
    """What :func:`litreview.series.summarize_series` says of a series.

    Attributes:
        series: the series summarised.
        extraction: the summary in the shape of a literature extraction
            (same :data:`~litreview.records.FIELD_NAMES`, rules ``"series.<field>"``).
        counts: events/total behind each percent field that was computed.
        notes: what could not be computed and why.
    """

    series: LocalSeries
    extraction: Any  # litreview.records.Extraction (Any avoids a cycle in docs tools)
    counts: dict[str, Proportion] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


# ------------------------------------------------------------------------ dedup


@dataclass(frozen=True)
class DedupDecision:
    """One de-duplication decision: ``dropped_id`` was merged into ``kept_id``.

    Attributes:
        reason: "pmid", "doi" or "title" (fuzzy title + first author + year).
        score: title similarity (0-100) for "title"; 100.0 for exact matches.
        detail: a human-readable explanation.
    """

    kept_id: str
    dropped_id: str
    reason: str
    score: float
    detail: str = ""


# --------------------------------------------------------------------- curation

#: The ``field`` of a curation that excludes (value true) or re-includes (false) a study.
EXCLUDE_FIELD = "exclude"


@dataclass(frozen=True)
class Curation:
    """One reviewer decision from a curation file.

    Attributes:
        study: the study key: a PMID, a DOI (any case, with or without
            https://doi.org/), a record id or a local series study id.
        field: a name from FIELD_NAMES, or ``"exclude"``.
        value: the corrected value; None means "not reported" (clears a wrongly
            extracted value). For ``exclude``: True/False.
        reviewer, reason, date: who, why, when (date as written, "2026-11-26").
        source: "<file>:<line or entry number>" it came from.
        was: optional: the extracted value the reviewer corrected. While the fresh
            extraction still says this, no conflict is reported.

    Percent values may be counts, ``"34/40"``: the table shows 85.0 and pooling uses
    the counts.
    """

    study: str
    field: str
    value: Any
    reviewer: str | None = None
    reason: str | None = None
    date: str | None = None
    source: str = ""
    was: Any = None


@dataclass(frozen=True)
class CurationNote:
    """A curation that is stale or conflicts with the fresh extraction."""

    curation: Curation
    message: str


@dataclass(frozen=True)
class CurationReport:
    """The outcome of applying curations.

    Attributes:
        applied: curations applied to a study (as ``(study_id, curation)``).
        stale: curations matching no study (or an unknown field).
        conflicts: curated cells whose fresh extraction now says something else
            (the curated value was kept).
    """

    applied: tuple[tuple[str, Curation], ...] = ()
    stale: tuple[CurationNote, ...] = ()
    conflicts: tuple[CurationNote, ...] = ()


# ---------------------------------------------------------------------- pooling


@dataclass(frozen=True)
class StudyCount:
    """One study's contribution to a pooled proportion."""

    study_id: str
    label: str
    events: int
    total: int
    pct: float            # 100 * events / total (before continuity correction)
    weight_pct: float     # random-effects weight, percent of the total
    corrected: bool = False  # continuity correction (0.5) applied (0 or 100 %)
    count_source: str = "derived"


@dataclass(frozen=True)
class PooledEstimate:
    """A random-effects pooled proportion.

    Attributes:
        field: the percent field ("r0_rate_pct").
        estimate_pct, ci_low_pct, ci_high_pct: pooled percent and 95% CI, or None
            when there is no estimate (see ``note``).
        i2: I-squared in percent (0-100), tau2 between-study variance (logit scale),
            q: Cochran's Q.
        k: number of studies pooled; total_n: patients in them.
        method: e.g. "DerSimonian-Laird random effects, logit proportions, 0.5
            continuity correction".
        studies: each study's events/total and weight.
        excluded: study ids with the field not reported (not pooled).
        note: why no estimate, or a caveat.
    """

    field: str
    estimate_pct: float | None
    ci_low_pct: float | None
    ci_high_pct: float | None
    i2: float | None
    tau2: float | None
    q: float | None
    k: int
    total_n: int
    method: str
    studies: tuple[StudyCount, ...] = ()
    excluded: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class MedianSummary:
    """Median of study medians (a descriptive summary, NOT a pooled estimate).

    Attributes:
        field: "median_os_months".
        median, low, high: median of the reported study medians and their range.
        k: studies with a reported number; values: (study_id, label, value) each.
        not_reported: study ids without the value (listed separately).
        not_reached: study ids whose median was not reached (listed separately;
            they are left out of the median, which is therefore conservative).
        note: caveat / why there is no summary.
    """

    field: str
    median: float | None
    low: float | None
    high: float | None
    k: int
    values: tuple[tuple[str, str, float], ...] = ()
    not_reported: tuple[str, ...] = ()
    method: str = "median of study medians (unweighted), with range"
    not_reached: tuple[str, ...] = ()
    note: str | None = None


# ----------------------------------------------------------------------- PRISMA


@dataclass(frozen=True)
class PrismaCounts:
    """PRISMA 2020 flow counts for the literature (local series are not counted).

    Invariants: ``identified - duplicates_removed == screened`` and
    ``screened - excluded_not_relevant - excluded_by_curation == included``.

    Attributes:
        identified: records in, before de-duplication.
        identified_by_source: records per source (query name or input file).
        duplicates_removed: records merged into another by de-duplication.
        screened: unique records screened.
        excluded_not_relevant: screened but judged not relevant by extraction
            (minus those a curator re-included).
        exclusion_reasons: reason -> number of excluded records (a record may
            give several reasons; "no reason given" when none).
        excluded_by_curation: records a curator excluded (whatever extraction said).
        included_by_curation: not-relevant records a curator re-included
            (already counted in ``included``).
        included: studies in the comparison (literature only).
        local_series: number of local series set beside them.
    """

    identified: int
    identified_by_source: dict[str, int]
    duplicates_removed: int
    screened: int
    excluded_not_relevant: int
    exclusion_reasons: dict[str, int]
    excluded_by_curation: int
    included_by_curation: int
    included: int
    local_series: int = 0

    def check(self) -> None:
        """Raise AssertionError when an invariant does not hold."""
        assert self.identified - self.duplicates_removed == self.screened, self
        assert self.screened - self.excluded_not_relevant - self.excluded_by_curation == self.included, self


# ------------------------------------------------------------------- comparison

Pooled = Union[PooledEstimate, MedianSummary]


@dataclass
class Comparison:
    """Everything :func:`litreview.compare.compare` produces.

    Attributes:
        table: one row per study (included literature first, then excluded, then
            local series), columns :data:`TABLE_COLUMNS`.
        evidence: provenance, columns :data:`EVIDENCE_COLUMNS`.
        pooled: field -> :class:`PooledEstimate` (r0_rate_pct, five_year_os_pct)
            or :class:`MedianSummary` (median_os_months).
        prisma: flow counts.
        dedup_log: every de-duplication decision.
        curation_report: applied, stale and conflicting curations.
        local_ids: study ids of the local series rows.
        series_summaries: the summaries behind the local rows.
        notes: anything else the user should know (records without extraction...).
    """

    table: "pd.DataFrame"
    evidence: "pd.DataFrame"
    pooled: dict[str, Pooled]
    prisma: PrismaCounts
    dedup_log: tuple[DedupDecision, ...] = ()
    curation_report: CurationReport = field(default_factory=CurationReport)
    local_ids: tuple[str, ...] = ()
    series_summaries: tuple[SeriesSummary, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def included(self) -> "pd.DataFrame":
        """Rows of included literature studies (not excluded, relevant, not local)."""
        t = self.table
        return t[(~t["is_local"].astype(bool)) & (t["relevant"].astype(bool)) & (~t["excluded"].astype(bool))]

    @property
    def local(self) -> "pd.DataFrame":
        """Rows of the local series."""
        return self.table[self.table["is_local"].astype(bool)]
