"""Reviewer curations: corrections, filled-in values and exclusions that survive
every refresh of the literature.

A curation file (YAML or CSV, format in ``docs/compare.md``) holds one decision per
entry: the study (PMID, DOI, record id or ``local:<series id>``), the field (a name
of :data:`~litreview.records.FIELD_NAMES`, or ``exclude``), the value, and who, why
and when. Curations are applied on every run after extraction: a curated value
always wins over an extracted one; if the fresh extraction says something else, a
conflict note is reported and the curated value is kept. A curation that matches no
study, or names an unknown field, is reported as stale. The user's file is only
ever read, never rewritten.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from litreview.compare.dedup import normalize_doi
from litreview.compare.model import EXCLUDE_FIELD, NOT_REACHED, Curation, CurationNote, CurationReport, Proportion
from litreview.errors import ConfigError
from litreview.records import FIELD_NAMES

__all__ = [
    "CURATION_KEYS",
    "load_curations",
    "parse_curations",
    "normalize_value",
    "curated_counts",
    "cell_value",
    "AppliedCell",
    "values_agree",
    "StudyKeys",
    "apply_curations",
]

log = logging.getLogger(__name__)

#: Keys of one curation entry (YAML) or the columns of a CSV curation file.
#: ``study`` and ``field`` are required; ``was`` (optional) is the extracted value the
#: reviewer corrected: while the fresh extraction still says ``was``, no conflict is noted.
CURATION_KEYS: tuple[str, ...] = ("study", "field", "value", "reviewer", "reason", "date", "was")
_REQUIRED = ("study", "field")
_NR = {"", "nr", "na", "n/a", "not reported", "null", "none"}
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}
_COUNT = re.compile(r"^\s*(\d+)\s*(?:/|of)\s*(\d+)\s*$")
_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-|–|to|,)\s*(\d{4})\s*$")
_INT_FIELDS = ("cohort_size",)
_TEXT_FIELDS = ("country",)
_PERIOD_FIELDS = ("study_period",)


def load_curations(path: str | Path) -> list[Curation]:
    """Read a curation file (``.yml``/``.yaml`` or ``.csv``); it is never written to.

    Raises:
        ConfigError: unreadable file, unknown keys/columns, missing study or field,
            or a value of the wrong kind; the message names the file and entry.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read curation file: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _parse_csv(text, str(path))
    if suffix in (".yml", ".yaml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
        return parse_curations(data, str(path))
    raise ConfigError(f"{path}: unknown curation file type {suffix or '(none)'}; valid: .yml, .yaml, .csv")


def parse_curations(data: Any, source: str = "<curations>") -> list[Curation]:
    """Validate parsed YAML: a list of entries, or a mapping with a ``curations`` list."""
    if data is None:
        return []
    if isinstance(data, dict):
        extra = [k for k in data if k != "curations"]
        if extra:
            raise ConfigError(f"{source}: unknown top-level key(s) {', '.join(map(str, extra))}; "
                              "valid: curations")
        data = data.get("curations") or []
    if not isinstance(data, list):
        raise ConfigError(f"{source}: a curation file holds a list of entries with keys {', '.join(CURATION_KEYS)}")
    return [_entry(item, source, f"entry {i}") for i, item in enumerate(data, start=1)]


def _parse_csv(text: str, source: str) -> list[Curation]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    unknown = [c for c in columns if c not in CURATION_KEYS]
    if unknown:
        raise ConfigError(f"{source}: unknown column(s) {', '.join(unknown)}; valid columns: {', '.join(CURATION_KEYS)}")
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise ConfigError(f"{source}: missing column(s) {', '.join(missing)}")
    out = []
    for row in reader:
        line = reader.line_num
        clean = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        if not any(clean.values()):
            continue
        for key in ("value", "was"):
            if key in clean and (clean[key] or "").lower() in _NR:
                clean[key] = None
        out.append(_entry(clean, source, f"line {line}"))
    return out


def _entry(item: Any, source: str, where: str) -> Curation:
    if not isinstance(item, dict):
        raise ConfigError(f"{source}, {where}: an entry must be a mapping with keys {', '.join(CURATION_KEYS)}")
    unknown = [str(k) for k in item if k not in CURATION_KEYS]
    if unknown:
        raise ConfigError(f"{source}, {where}: unknown key(s) {', '.join(unknown)}; valid keys: {', '.join(CURATION_KEYS)}")
    for key in _REQUIRED:
        if item.get(key) is None or str(item.get(key)).strip() == "":
            raise ConfigError(f"{source}, {where}: '{key}' is required")
    study = str(item["study"]).strip()
    name = str(item["field"]).strip()
    value = item.get("value")
    was = item.get("was")
    if name in FIELD_NAMES or name == EXCLUDE_FIELD:
        try:
            value = normalize_value(name, value)
            was = normalize_value(name, was) if name != EXCLUDE_FIELD else None
        except ValueError as exc:
            raise ConfigError(f"{source}, {where} (study {study}, field {name}): {exc}") from exc
    # an unknown field is not an error here: it is reported as stale, so one typo
    # or a renamed field never stops a run
    return Curation(
        study=study,
        field=name,
        value=value,
        reviewer=_opt_text(item.get("reviewer")),
        reason=_opt_text(item.get("reason")),
        date=_opt_text(item.get("date")),
        source=f"{source}:{where}",
        was=was,
    )


def _opt_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def normalize_value(name: str, value: Any) -> Any:
    """Check and convert a curated value for field ``name``.

    None / "NR" mean "not reported"; a median not reached is written "not reached".
    Percent fields take a number (0-100) or counts
    ``"34/40"`` (kept as the string so :func:`curated_counts` can use them);
    ``study_period`` takes ``[2001, 2010]`` or ``"2001-2010"``; ``exclude`` a yes/no.

    Raises:
        ValueError: a value of the wrong kind.
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in _NR and name != EXCLUDE_FIELD):
        return None
    if name == EXCLUDE_FIELD:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text == "":
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"exclude takes yes/no, got {value!r}")
    if name in _TEXT_FIELDS:
        return str(value).strip()
    if name.endswith("_months") and isinstance(value, str) and value.strip().lower() == NOT_REACHED:
        return NOT_REACHED
    if name in _PERIOD_FIELDS:
        if isinstance(value, (list, tuple)) and len(value) == 2:
            start, end = int(value[0]), int(value[1])
        else:
            match = _RANGE.match(str(value))
            if not match:
                raise ValueError(f"study_period takes [start, end] years or 'YYYY-YYYY', got {value!r}")
            start, end = int(match.group(1)), int(match.group(2))
        if start > end:
            raise ValueError(f"study_period start {start} is after end {end}")
        return (start, end)
    if isinstance(value, str):
        match = _COUNT.match(value)
        if match and name.endswith("_pct"):
            events, total = int(match.group(1)), int(match.group(2))
            if total == 0 or events > total:
                raise ValueError(f"counts must be events/total with 0 <= events <= total, got {value!r}")
            return f"{events}/{total}"
        try:
            value = float(value.strip().rstrip("%"))
        except ValueError:
            raise ValueError(f"{name} takes a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} takes a number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative, got {value!r}")
    if name.endswith("_pct") and value > 100:
        raise ValueError(f"{name} is a percentage (0-100), got {value!r}")
    if name in _INT_FIELDS:
        if value != int(value):
            raise ValueError(f"{name} takes a whole number, got {value!r}")
        return int(value)
    return float(value)


def curated_counts(value: Any) -> Proportion | None:
    """Explicit counts of a curated ``"34/40"`` value, else None."""
    if isinstance(value, str):
        match = _COUNT.match(value)
        if match:
            return Proportion(events=int(match.group(1)), total=int(match.group(2)), source="curated")
    return None


def cell_value(value: Any) -> Any:
    """The table value of a curated value (``"34/40"`` -> 85.0)."""
    counts = curated_counts(value)
    if counts is not None:
        return round(counts.pct, 1)
    return value


def values_agree(a: Any, b: Any) -> bool:
    """Whether two field values say the same thing (numbers within 0.05)."""
    a, b = cell_value(a), cell_value(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(values_agree(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 0.05
    return str(a).strip().lower() == str(b).strip().lower()


@dataclass
class StudyKeys:
    """The keys a curation may use for one study of the table."""

    study_id: str
    keys: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, study_id: str, pmid: str | None, doi: str | None, ids: Iterable[str]) -> "StudyKeys":
        keys = {study_id.lower()}
        keys.update(i.lower() for i in ids)
        if pmid:
            keys.update({pmid.lower(), f"pmid:{pmid}".lower()})
        d = normalize_doi(doi)
        if d:
            keys.update({d, f"doi:{d}"})
        return cls(study_id=study_id, keys=keys)


def _key(study: str) -> set[str]:
    s = study.strip().lower()
    d = normalize_doi(s[4:] if s.startswith("doi:") else s)
    out = {s}
    if d and d.startswith("10."):
        out.update({d, f"doi:{d}"})
    return out


@dataclass
class AppliedCell:
    """A curated cell: what the table and evidence show for it."""

    study_id: str
    curation: Curation
    extracted: Any  # the fresh extracted value (None when not reported)
    conflict: str | None = None


def apply_curations(studies: Sequence[StudyKeys], extracted: dict[str, dict[str, Any]],
                    curations: Sequence[Curation]) -> tuple[list[AppliedCell], CurationReport]:
    """Match curations to studies and decide which are applied, stale or conflicting.

    Args:
        studies: the keys of every study in the table.
        extracted: study id -> field -> freshly extracted value (before curation).
        curations: in file order; a later curation of the same study and field
            supersedes an earlier one (the earlier is reported stale).

    Returns:
        The applied cells (the caller writes them into the table) and the report.
    """
    index: dict[str, str] = {}
    for st in studies:
        for key in st.keys:
            index.setdefault(key, st.study_id)
    valid_fields = FIELD_NAMES + (EXCLUDE_FIELD,)
    stale: list[CurationNote] = []
    latest: dict[tuple[str, str], Curation] = {}
    for cur in curations:
        if cur.field not in valid_fields:
            stale.append(CurationNote(cur, f"{cur.source}: unknown field {cur.field!r}; valid fields: "
                                           f"{', '.join(valid_fields)}"))
            continue
        sid = next((index[k] for k in _key(cur.study) if k in index), None)
        if sid is None:
            stale.append(CurationNote(cur, f"{cur.source}: study {cur.study!r} is not among the "
                                           f"{len(studies)} studies of this run (removed or renamed?)"))
            continue
        previous = latest.get((sid, cur.field))
        if previous is not None:
            stale.append(CurationNote(previous, f"{previous.source}: superseded by {cur.source} "
                                                f"(same study {sid}, field {cur.field})"))
        latest[(sid, cur.field)] = cur
    cells: list[AppliedCell] = []
    conflicts: list[CurationNote] = []
    for (sid, name), cur in latest.items():
        fresh = extracted.get(sid, {}).get(name) if name != EXCLUDE_FIELD else None
        cell = AppliedCell(study_id=sid, curation=cur, extracted=fresh)
        if name != EXCLUDE_FIELD and fresh is not None and not values_agree(fresh, cur.value):
            # the reviewer recorded what they corrected: while extraction still says
            # that, nothing changed and there is nothing to report
            if cur.was is None or not values_agree(fresh, cur.was):
                said = f"fresh extraction says {_show(fresh)}; curated value {_show(cur.value)} kept"
                cell.conflict = f"{said} ({cur.source})"
                conflicts.append(CurationNote(cur, f"{sid} {name}: {said}"))
        cells.append(cell)
    for note in stale:
        log.warning("stale curation: %s", note.message)
    report = CurationReport(applied=tuple((c.study_id, c.curation) for c in cells),
                            stale=tuple(stale), conflicts=tuple(conflicts))
    return cells, report


def _show(value: Any) -> str:
    if value is None:
        return "not reported"
    if isinstance(value, tuple):
        return "-".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
