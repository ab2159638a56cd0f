"""Local case series: load a YAML file, validate it, summarise it like a study.

A series file holds the series metadata at the top level and one entry per patient
under ``patients`` (format: ``docs/compare.md``; example:
``corpora/local_series/huashan_2016_2019.yml``). Unknown values are ``null`` and stay
unknown: :func:`summarize_series` computes a percentage only when every patient's
value is known, and says why otherwise.

The summary has the same fields as a literature extraction
(:data:`~litreview.records.FIELD_NAMES`), each a :class:`~litreview.records.Finding`
whose ``rule`` is ``"series.<field>"`` and whose ``text``/``sentence`` say how it was
derived ("3 of 3 patients R0"), so the series sits in the same table as the papers.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path
from statistics import median
from typing import Any, Callable, Iterable, Sequence

import yaml

from litreview.compare.model import (
    MARGINS,
    RECEPTOR_STATUSES,
    RECEPTORS,
    VITAL_STATUSES,
    LocalSeries,
    Patient,
    Proportion,
    SeriesSummary,
)
from litreview.errors import ConfigError
from litreview.records import Extraction, Finding

__all__ = [
    "SERIES_KEYS",
    "PATIENT_KEYS",
    "load_series",
    "parse_series",
    "summarize_series",
]

log = logging.getLogger(__name__)

#: Keys allowed at the top level of a series file; ``id`` and ``patients`` are required.
SERIES_KEYS: tuple[str, ...] = (
    "id", "label", "title", "institution", "departments", "city", "country",
    "period_start", "period_end", "citation", "design", "followup_range_months",
    "longest_pfs_exceeds_months", "notes", "patients",
)
#: Keys allowed in one patient entry; ``id`` is required.
PATIENT_KEYS: tuple[str, ...] = (
    "id", "age_years", "sex", "er", "pr", "her2", "receptors_any_positive",
    "liver_metastases_count", "largest_metastasis_cm", "interval_months",
    "extrahepatic_disease", "extrahepatic_detail", "resection", "margin",
    "complications", "complications_detail", "postoperative_death",
    "systemic_before", "systemic_after", "followup_months", "progression", "pfs_months",
    "vital_status", "response", "notes",
)
_SEXES = ("female", "male")
# quoted yes/no ("no" in quotes is a string in YAML) still mean yes/no, not a description
_WORD_FLAGS: dict[str, bool | None] = {"yes": True, "no": False, "true": True, "false": False,
                                       "unknown": None}
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


# ------------------------------------------------------------------- loading


def load_series(path: str | Path) -> LocalSeries:
    """Load and validate one series file.

    Raises:
        ConfigError: the file cannot be read, is not YAML, or breaks the format; the
            message names the file, the patient and the valid keys or values.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read series file: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    return parse_series(data, str(path))


def parse_series(data: Any, source: str = "<series>") -> LocalSeries:
    """Validate the parsed YAML of a series file (see :func:`load_series`)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a series file must be a mapping with keys {', '.join(SERIES_KEYS)}")
    _check_keys(data, SERIES_KEYS, source, "series")
    sid = _text(data, "id", source, "series", required=True)
    assert sid is not None
    if not _ID.match(sid):
        raise ConfigError(f"{source}: series id {sid!r} may hold only letters, digits, '_', '.', '-'")
    raw_patients = data.get("patients")
    if not isinstance(raw_patients, list) or not raw_patients:
        raise ConfigError(f"{source}: 'patients' must be a non-empty list of patient entries")
    patients = []
    seen: set[str] = set()
    for index, entry in enumerate(raw_patients, start=1):
        patient = _parse_patient(entry, source, index)
        if patient.id in seen:
            raise ConfigError(f"{source}, patient {patient.id}: duplicate patient id")
        seen.add(patient.id)
        patients.append(patient)
    start = _period(data.get("period_start"), source, "period_start")
    end = _period(data.get("period_end"), source, "period_end")
    if start and end and start > end:
        raise ConfigError(f"{source}: period_start {start} is after period_end {end}")
    fu_range = data.get("followup_range_months")
    followup_range: tuple[float, float] | None = None
    if fu_range is not None:
        if (not isinstance(fu_range, list) or len(fu_range) != 2
                or not all(_is_number(v) for v in fu_range) or fu_range[0] > fu_range[1]):
            raise ConfigError(f"{source}: followup_range_months must be [min, max] in months, got {fu_range!r}")
        followup_range = (float(fu_range[0]), float(fu_range[1]))
    where = "series"
    return LocalSeries(
        id=sid,
        label=_text(data, "label", source, where) or sid,
        patients=tuple(patients),
        title=_text(data, "title", source, where),
        institution=_text(data, "institution", source, where),
        departments=_texts(data, "departments", source, where) or (),
        city=_text(data, "city", source, where),
        country=_text(data, "country", source, where),
        period_start=start,
        period_end=end,
        citation=_text(data, "citation", source, where),
        design=_text(data, "design", source, where) or "case series",
        followup_range_months=followup_range,
        longest_pfs_exceeds_months=_number(data, "longest_pfs_exceeds_months", source, where),
        notes=_texts(data, "notes", source, where) or (),
        path=source,
    )


def _parse_patient(entry: Any, source: str, index: int) -> Patient:
    if not isinstance(entry, dict):
        raise ConfigError(f"{source}, patient entry {index}: must be a mapping with keys {', '.join(PATIENT_KEYS)}")
    pid = entry.get("id")
    if pid is None or isinstance(pid, (bool, dict, list)) or str(pid).strip() == "":
        raise ConfigError(f"{source}, patient entry {index}: 'id' is required (e.g. id: \"{index}\")")
    pid = str(pid).strip()
    where = f"patient {pid}"
    _check_keys(entry, PATIENT_KEYS, source, where)
    receptors = {}
    for receptor in RECEPTORS:
        value = entry.get(receptor)
        value = "unknown" if value is None else str(value).strip().lower()
        if value not in RECEPTOR_STATUSES:
            raise ConfigError(f"{source}, {where}: {receptor} must be one of "
                              f"{', '.join(RECEPTOR_STATUSES)} (or null), got {entry.get(receptor)!r}")
        receptors[receptor] = value
    any_pos = tuple(r.lower() for r in (_texts(entry, "receptors_any_positive", source, where) or ()))
    bad = [r for r in any_pos if r not in RECEPTORS]
    if bad:
        raise ConfigError(f"{source}, {where}: receptors_any_positive holds {', '.join(bad)}; "
                          f"valid: {', '.join(RECEPTORS)}")
    if len(any_pos) == 1:
        raise ConfigError(f"{source}, {where}: receptors_any_positive needs two or more receptors "
                          f"('one of these is positive'); for one receptor set {any_pos[0]}: positive")
    if any_pos and all(receptors[r] == "negative" for r in any_pos):
        raise ConfigError(f"{source}, {where}: receptors_any_positive {list(any_pos)} but all are negative")
    sex = _text(entry, "sex", source, where)
    if sex is not None:
        sex = sex.lower()
        if sex not in _SEXES:
            raise ConfigError(f"{source}, {where}: sex must be one of {', '.join(_SEXES)} (or null), got {sex!r}")
    margin = _text(entry, "margin", source, where)
    if margin is not None:
        margin = margin.upper()
        if margin not in MARGINS:
            raise ConfigError(f"{source}, {where}: margin must be one of {', '.join(MARGINS)} (or null), got {margin!r}")
    vital = _text(entry, "vital_status", source, where)
    if vital is not None:
        vital = vital.lower()
        if vital not in VITAL_STATUSES:
            raise ConfigError(f"{source}, {where}: vital_status must be one of "
                              f"{', '.join(VITAL_STATUSES)} (or null), got {vital!r}")
    extra, extra_detail = _flag_with_detail(entry, "extrahepatic_disease", "extrahepatic_detail", source, where)
    comp, comp_detail = _flag_with_detail(entry, "complications", "complications_detail", source, where)
    count = _number(entry, "liver_metastases_count", source, where)
    if count is not None and (count != int(count) or count < 0):
        raise ConfigError(f"{source}, {where}: liver_metastases_count must be a whole number, got {count!r}")
    return Patient(
        id=pid,
        age_years=_number(entry, "age_years", source, where),
        sex=sex,
        er=receptors["er"],
        pr=receptors["pr"],
        her2=receptors["her2"],
        receptors_any_positive=any_pos,
        liver_metastases_count=None if count is None else int(count),
        largest_metastasis_cm=_number(entry, "largest_metastasis_cm", source, where),
        interval_months=_number(entry, "interval_months", source, where),
        extrahepatic_disease=extra,
        extrahepatic_detail=extra_detail,
        resection=_text(entry, "resection", source, where),
        margin=margin,
        complications=comp,
        complications_detail=comp_detail,
        postoperative_death=_flag(entry, "postoperative_death", source, where),
        systemic_before=_texts(entry, "systemic_before", source, where),
        systemic_after=_texts(entry, "systemic_after", source, where),
        followup_months=_number(entry, "followup_months", source, where),
        progression=_flag(entry, "progression", source, where),
        pfs_months=_number(entry, "pfs_months", source, where),
        vital_status=vital,
        response=_text(entry, "response", source, where),
        notes=_text(entry, "notes", source, where),
    )


def _check_keys(data: dict, valid: Sequence[str], source: str, where: str) -> None:
    unknown = [str(k) for k in data if k not in valid]
    if unknown:
        raise ConfigError(f"{source}, {where}: unknown key(s) {', '.join(sorted(unknown))}; "
                          f"valid keys: {', '.join(valid)}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(data: dict, key: str, source: str, where: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if not _is_number(value) or value < 0:
        raise ConfigError(f"{source}, {where}: {key} must be a non-negative number or null, got {value!r}")
    return float(value)


def _text(data: dict, key: str, source: str, where: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ConfigError(f"{source}, {where}: '{key}' is required")
        return None
    if isinstance(value, (dict, list, bool)):
        raise ConfigError(f"{source}, {where}: {key} must be text, got {value!r}")
    text = str(value).strip()
    if not text and required:
        raise ConfigError(f"{source}, {where}: '{key}' is required")
    return text or None


def _texts(data: dict, key: str, source: str, where: str) -> tuple[str, ...] | None:
    """A list of strings (a single string is a one-item list); null -> None, [] -> ()."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                              for v in value):
        raise ConfigError(f"{source}, {where}: {key} must be a list of text items, got {value!r}")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _flag(data: dict, key: str, source: str, where: str) -> bool | None:
    value = data.get(key)
    if isinstance(value, str) and value.strip().lower() in _WORD_FLAGS:
        value = _WORD_FLAGS[value.strip().lower()]
    if value is None or isinstance(value, bool):
        return value
    raise ConfigError(f"{source}, {where}: {key} must be yes, no or null, got {value!r}")


def _flag_with_detail(data: dict, key: str, detail_key: str, source: str,
                      where: str) -> tuple[bool | None, str | None]:
    """``yes``/``no``/null, or a description (which means yes)."""
    value = data.get(key)
    detail = _text(data, detail_key, source, where)
    if isinstance(value, str) and value.strip().lower() in _WORD_FLAGS:
        value = _WORD_FLAGS[value.strip().lower()]
    if isinstance(value, str) and value.strip():
        if detail:
            raise ConfigError(f"{source}, {where}: give the description either as {key} or as {detail_key}")
        return True, value.strip()
    flag = _flag(data, key, source, where)
    if flag is False and detail:
        raise ConfigError(f"{source}, {where}: {key} is no but {detail_key} describes some")
    if flag is None and detail:
        flag = True
    return flag, detail


def _period(value: Any, source: str, key: str) -> str | None:
    """"YYYY-MM" or "YYYY" (YAML may give an int for a bare year)."""
    if value is None:
        return None
    match = _PERIOD.match(str(value).strip())
    if not match or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        raise ConfigError(f"{source}: {key} must be YYYY-MM or YYYY, got {value!r}")
    year, month = match.group(1), match.group(2)
    return f"{year}-{int(month):02d}" if month else year


# --------------------------------------------------------------- summarising


def _finding(name: str, value: Any, unit: str | None, text: str, how: str) -> Finding:
    # Offsets are 0: a series value is derived from structured data, not a span of an abstract.
    return Finding(field=name, value=value, unit=unit, text=text, sentence=how, start=0, end=0,
                   confidence=1.0, rule=f"series.{name}", section=None)


def _hr_status(p: Patient) -> str:
    if p.er == "positive" or p.pr == "positive":
        return "positive"
    if p.receptors_any_positive and set(p.receptors_any_positive) <= {"er", "pr"}:
        return "positive"
    if p.er == "negative" and p.pr == "negative":
        return "negative"
    return "unknown"


def _tn_status(p: Patient) -> str:
    # Only per-receptor statuses count; an "and/or" group alone leaves it unknown
    # (documented rule: percentages come from per-receptor data only).
    statuses = (p.er, p.pr, p.her2)
    if all(s == "negative" for s in statuses):
        return "positive"
    if any(s == "positive" for s in statuses):
        return "negative"
    return "unknown"


def _proportion(series: LocalSeries, name: str, label: str, status: Callable[[Patient], Any],
                is_event: Callable[[Any], bool], unit_word: str, findings: dict[str, Finding],
                counts: dict[str, Proportion], notes: list[str]) -> None:
    """Percent of patients with an event, when every patient's status is known."""
    values = [status(p) for p in series.patients]
    unknown = [p.id for p, v in zip(series.patients, values) if v in (None, "unknown")]
    n = len(values)
    if unknown:
        notes.append(f"{name}: not reported ({label} unknown for patient(s) {', '.join(unknown)})")
        return
    events = sum(1 for v in values if is_event(v))
    pct = round(100.0 * events / n, 1)
    counts[name] = Proportion(events=events, total=n, source="patients")
    text = f"{events} of {n} patients {unit_word}"
    findings[name] = _finding(name, pct, "%", text, f"{text}: counted from the per-patient data of {series.id}")


def _km(times_events: Iterable[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Kaplan-Meier survival curve as (time, S(t)) steps after each death time."""
    data = sorted(times_events)
    at_risk = len(data)
    surv = 1.0
    curve = []
    i = 0
    while i < len(data):
        t = data[i][0]
        deaths = sum(1 for tt, e in data if tt == t and e)
        leaving = sum(1 for tt, _ in data if tt == t)
        if deaths:
            surv *= 1 - deaths / at_risk
            curve.append((t, surv))
        at_risk -= leaving
        i += leaving
    return curve


def summarize_series(series: LocalSeries) -> SeriesSummary:
    """Summarise a series in the fields of a literature extraction.

    Rules (see ``docs/compare.md``): a percentage is computed only when the value is
    known for every patient (a partly known series is "not reported", with a note
    saying which patients are unknown); receptor percentages use per-receptor
    statuses only, so "ER and/or HER2 positive" leaves them not reported; survival
    medians need every patient's vital status and follow-up (Kaplan-Meier); a
    median that is not reached is noted, not given a number; series-level facts
    (a follow-up range, the longest PFS) become notes, not per-patient values.
    """
    pts = series.patients
    n = len(pts)
    findings: dict[str, Finding] = {}
    counts: dict[str, Proportion] = {}
    notes: list[str] = []

    findings["cohort_size"] = _finding("cohort_size", n, "patients", f"{n} patients",
                                       f"{n} patient entries in series {series.id}")
    _proportion(series, "er_positive_pct", "ER status", lambda p: p.er, lambda v: v == "positive",
                "ER positive", findings, counts, notes)
    _proportion(series, "hr_positive_pct", "ER/PR status", _hr_status, lambda v: v == "positive",
                "hormone receptor (ER or PR) positive", findings, counts, notes)
    _proportion(series, "her2_positive_pct", "HER2 status", lambda p: p.her2, lambda v: v == "positive",
                "HER2 positive", findings, counts, notes)
    _proportion(series, "triple_negative_pct", "ER/PR/HER2 status", _tn_status, lambda v: v == "positive",
                "triple negative", findings, counts, notes)
    if any(p.receptors_any_positive for p in pts):
        grouped = [p for p in pts if p.receptors_any_positive]
        groups = sorted({" and/or ".join(r.upper() for r in p.receptors_any_positive) for p in grouped})
        notes.append(f"receptors: {len(grouped)} of {n} patients reported only as "
                     f"'{' / '.join(groups)} positive'; per-receptor percentages need per-receptor statuses")
    _proportion(series, "r0_rate_pct", "margin", lambda p: p.margin, lambda v: v == "R0",
                "R0", findings, counts, notes)
    _proportion(series, "morbidity_pct", "complications", lambda p: p.complications, lambda v: v is True,
                "with complications", findings, counts, notes)
    _proportion(series, "mortality_pct", "postoperative death", lambda p: p.postoperative_death,
                lambda v: v is True, "died postoperatively", findings, counts, notes)

    # Survival: Kaplan-Meier from per-patient vital status + follow-up.
    known = [(p.followup_months, p.vital_status == "dead") for p in pts
             if p.followup_months is not None and p.vital_status is not None]
    if len(known) < n:
        notes.append("median_os_months, five_year_os_pct: not reported (vital status and follow-up "
                     f"are known for {len(known)} of {n} patients)")
    else:
        curve = _km(known)
        deaths = sum(1 for _, d in known if d)
        below = [t for t, s in curve if s <= 0.5]
        if below:
            findings["median_os_months"] = _finding(
                "median_os_months", float(below[0]), "months", f"median OS {below[0]:g} months",
                f"Kaplan-Meier median over {n} patients ({deaths} deaths)")
        else:
            # "NR" is the extractors' value for a median not reached
            findings["median_os_months"] = _finding(
                "median_os_months", "NR", None, "median OS not reached",
                f"Kaplan-Meier over {n} patients: survival stays above 50% ({deaths} deaths)")
            notes.append(f"median_os_months: not reached ({deaths} of {n} patients died)")
        # 5-year OS only when nobody alive was censored before 60 months
        if all(t >= 60 or d for t, d in known):
            s60 = min([s for t, s in curve if t <= 60], default=1.0)
            alive60 = sum(1 for t, d in known if t >= 60 and not (d and t <= 60))
            counts["five_year_os_pct"] = Proportion(events=alive60, total=n, source="patients")
            findings["five_year_os_pct"] = _finding(
                "five_year_os_pct", round(100 * s60, 1), "%", f"{alive60} of {n} patients alive at 5 years",
                "Kaplan-Meier survival at 60 months from per-patient data (no patient censored before 60 months)")
        else:
            notes.append("five_year_os_pct: not reported (some patients followed < 60 months and alive)")

    fu = [p.followup_months for p in pts]
    if all(v is not None for v in fu):
        med = float(median(fu))  # type: ignore[type-var]
        findings["median_followup_months"] = _finding(
            "median_followup_months", med, "months", f"median follow-up {med:g} months",
            f"median of {n} per-patient follow-up times ({min(fu):g}-{max(fu):g} months)")  # type: ignore[type-var]
    elif series.followup_range_months:
        lo, hi = series.followup_range_months
        notes.append(f"follow-up {lo:g}-{hi:g} months (series range; per-patient follow-up not stated, "
                     "so no median)")
    else:
        notes.append("median_followup_months: not reported (follow-up unknown for some patients)")
    if series.longest_pfs_exceeds_months is not None:
        notes.append(f"longest progression-free survival > {series.longest_pfs_exceeds_months:g} months")

    period = series.study_period
    if period:
        findings["study_period"] = _finding(
            "study_period", period, None, f"{series.period_start} to {series.period_end}",
            f"series period {series.period_start} to {series.period_end}")
    if series.country:
        findings["country"] = _finding("country", series.country, None, series.country,
                                       "country of the treating institution"
                                       + (f" ({series.institution})" if series.institution else ""))
    notes.extend(series.notes)
    extraction = Extraction(
        id=series.study_id,
        pmid=None,
        title=series.title or series.label,
        relevant=True,
        relevance_reasons=("local case series",),
        design=series.design,
        fields=findings,
        record=None,
    )
    return SeriesSummary(series=series, extraction=extraction, counts=counts, notes=tuple(notes))
