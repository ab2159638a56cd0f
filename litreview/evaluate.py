"""Scoring extraction against a gold file (the format of ``shared/gold/bclm_dev.jsonl``).

Tolerances (:func:`values_match`): counts equal; percentages within 1.0 point;
months within 0.5; ``"NR"`` (not reached) equals ``"NR"``; ``study_period`` both
years equal; ``country`` equal ignoring case, a country's other names (``countries.json``:
"United States" = "USA") counting as the same.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from litreview.errors import InputError
from litreview.records import FIELD_NAMES, Extraction

__all__ = ["values_match", "FIELD_KINDS", "GoldItem", "FieldScore", "Miss", "EvalResult", "load_gold",
           "score_extractions", "evaluate", "CORE_FIELDS", "RECEPTOR_FIELDS", "format_report"]

#: How each field is compared.
FIELD_KINDS: dict[str, str] = {
    "cohort_size": "count",
    "er_positive_pct": "percent",
    "hr_positive_pct": "percent",
    "her2_positive_pct": "percent",
    "triple_negative_pct": "percent",
    "r0_rate_pct": "percent",
    "median_os_months": "months",
    "five_year_os_pct": "percent",
    "median_dfs_months": "months",
    "median_followup_months": "months",
    "morbidity_pct": "percent",
    "mortality_pct": "percent",
    "study_period": "period",
    "country": "text",
}

_TOLERANCE = {"count": 0.0, "percent": 1.0, "months": 0.5}


def values_match(field: str, gold: Any, predicted: Any) -> bool:
    """Whether ``predicted`` counts as the gold value of ``field`` (both not None)."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    kind = FIELD_KINDS.get(field, "text")
    if isinstance(gold, str) or isinstance(predicted, str):
        if field == "country":
            return _countries_of(str(gold)) == _countries_of(str(predicted))
        if kind == "text":
            return str(gold).strip().lower() == str(predicted).strip().lower()
        return str(gold).strip().upper() == str(predicted).strip().upper()
    if kind == "period":
        try:
            return [int(y) for y in gold] == [int(y) for y in predicted]
        except (TypeError, ValueError):
            return False
    try:
        return abs(float(gold) - float(predicted)) <= _TOLERANCE.get(kind, 0.0) + 1e-9
    except (TypeError, ValueError):
        return False



def _countries_of(value: str) -> list[str]:
    """The countries of a ``country`` value ("France; Italy"), each by its name in the vocabulary."""
    canonical = _country_names()
    return [canonical.get(part.strip().lower(), part.strip().lower()) for part in value.split(";") if part.strip()]


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from litreview.rules import load_json

    names: dict[str, str] = {}
    for country, entry in load_json("countries.json")["countries"].items():
        for name in [country, *entry.get("names", ())]:
            names.setdefault(name.lower(), country.lower())
    return names


#: Fields of the "core F1" summary (pooled counts).
CORE_FIELDS: tuple[str, ...] = ("cohort_size", "er_positive_pct", "hr_positive_pct", "her2_positive_pct",
                                "triple_negative_pct", "r0_rate_pct", "median_os_months")
RECEPTOR_FIELDS: tuple[str, ...] = ("er_positive_pct", "hr_positive_pct", "her2_positive_pct",
                                    "triple_negative_pct")
_ER_HR = ("er_positive_pct", "hr_positive_pct")


@dataclass(frozen=True)
class GoldItem:
    """One gold line: the id, whether relevant, the design and the gold values."""

    id: str
    relevant: bool
    design: str | None
    values: dict[str, object]


@dataclass
class FieldScore:
    """True/false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def add(self, other: "FieldScore") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, object]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Miss:
    """One disagreement with the gold standard."""

    id: str
    field: str
    gold: object
    predicted: object
    sentence: str | None
    rule: str | None


@dataclass
class EvalResult:
    """Scores of one evaluation run."""

    fields: dict[str, FieldScore]
    relevance_correct: int
    design_correct: int
    total: int
    misses: list[Miss] = field(default_factory=list)
    seconds: float = 0.0

    def pooled(self, names: tuple[str, ...]) -> FieldScore:
        total = FieldScore()
        for name in names:
            total.add(self.fields[name])
        return total

    @property
    def relevance_accuracy(self) -> float | None:
        return self.relevance_correct / self.total if self.total else None

    @property
    def design_accuracy(self) -> float | None:
        return self.design_correct / self.total if self.total else None

    def summary(self) -> str:
        def fmt(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.3f}"

        return (f"core F1 {fmt(self.pooled(CORE_FIELDS).f1)} | all-field F1 {fmt(self.pooled(FIELD_NAMES).f1)} | "
                f"relevance accuracy {fmt(self.relevance_accuracy)} | design accuracy {fmt(self.design_accuracy)} | "
                f"{self.total} records in {self.seconds:.1f} s")

    def to_dict(self) -> dict[str, object]:
        return {
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "receptors": self.pooled(RECEPTOR_FIELDS).to_dict(),
            "core": self.pooled(CORE_FIELDS).to_dict(),
            "all_fields": self.pooled(FIELD_NAMES).to_dict(),
            "relevance_accuracy": self.relevance_accuracy,
            "design_accuracy": self.design_accuracy,
            "records": self.total,
            "seconds": round(self.seconds, 2),
            "misses": [m.__dict__ for m in self.misses],
            "summary": self.summary(),
        }


def load_gold(path: str | Path) -> dict[str, GoldItem]:
    """Gold values by record id, read with ``json`` from a gold JSONL file."""
    items: dict[str, GoldItem] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read gold file ({exc.strerror})") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            items[str(data["id"])] = GoldItem(
                id=str(data["id"]),
                relevant=bool(data.get("relevant")),
                design=data.get("design"),
                values=dict(data.get("gold") or {}),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}, line {lineno}: not a gold record ({exc})") from None
    return items


def _normalise(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def score_extractions(gold: dict[str, GoldItem], extractions: list[Extraction]) -> EvalResult:
    """Score extractions against gold (fields only over records gold calls relevant)."""
    scores = {name: FieldScore() for name in FIELD_NAMES}
    result = EvalResult(fields=scores, relevance_correct=0, design_correct=0, total=0)
    for extraction in extractions:
        item = gold.get(extraction.id)
        if item is None:
            continue
        result.total += 1
        result.relevance_correct += int(extraction.relevant == item.relevant)
        result.design_correct += int((extraction.design or None) == (item.design or None))
        # record-level misses are listed too: a wrong relevance call hides every field of the record
        if extraction.relevant != item.relevant:
            reasons = "; ".join(extraction.relevance_reasons) or None
            result.misses.append(Miss(extraction.id, "relevant", item.relevant, extraction.relevant, reasons, None))
        if (extraction.design or None) != (item.design or None):
            result.misses.append(Miss(extraction.id, "design", item.design, extraction.design, None, None))
        if not item.relevant:
            continue
        predicted = {name: extraction.value(name) for name in FIELD_NAMES}
        gold_values = {name: _normalise(item.values.get(name)) for name in FIELD_NAMES}
        # An ER share reported where gold has it as HR (or the reverse) counts as right.
        for a, b in (_ER_HR, _ER_HR[::-1]):
            if predicted[a] is not None and gold_values[a] is None and predicted[b] is None \
                    and gold_values[b] is not None and values_match(b, gold_values[b], predicted[a]):
                predicted[b], predicted[a] = predicted[a], None
        for name in FIELD_NAMES:
            g, p = gold_values[name], predicted[name]
            if g is None and p is None:
                continue
            finding = extraction.fields.get(name)
            if g is not None and p is not None and values_match(name, g, p):
                scores[name].tp += 1
                continue
            if p is not None:
                scores[name].fp += 1
            if g is not None:
                scores[name].fn += 1
            result.misses.append(Miss(extraction.id, name, g, p, finding.sentence if finding else None,
                                      finding.rule if finding else None))
    return result


def evaluate(gold_path: str | Path, *, model: str | None = None, jobs: int = 1) -> EvalResult:
    """Run extraction on the records of a gold file and score it."""
    from litreview.extract import extract

    gold = load_gold(gold_path)
    started = time.perf_counter()
    records = _read_gold_records(gold_path)
    extractions = extract(records, model=model, jobs=jobs)
    result = score_extractions(gold, extractions)
    result.seconds = time.perf_counter() - started
    return result


def _read_gold_records(path: str | Path) -> list:
    """The records of the gold file, through the IO layer's JSONL reader."""
    from litreview.io import ReadReport, read_records

    report = ReadReport()
    records = list(read_records([str(path)], report=report))
    if report.errors:
        raise InputError(f"{path}: {report.summary(detail=False)}")
    return records


def format_report(result: EvalResult, *, show_misses: bool = True) -> str:
    """The plain-text report of ``litreview eval``."""

    def fmt(value: float | None) -> str:
        return "  n/a" if value is None else f"{value:5.3f}"

    lines = [f"{'field':<24} {'prec':>5} {'rec':>5} {'F1':>5}   tp  fp  fn"]
    for name in FIELD_NAMES:
        s = result.fields[name]
        lines.append(f"{name:<24} {fmt(s.precision)} {fmt(s.recall)} {fmt(s.f1)}  {s.tp:3d} {s.fp:3d} {s.fn:3d}")
    for label, names in (("receptors (4 fields)", RECEPTOR_FIELDS), ("core (7 fields)", CORE_FIELDS),
                         ("all fields", FIELD_NAMES)):
        s = result.pooled(names)
        lines.append(f"{label:<24} {fmt(s.precision)} {fmt(s.recall)} {fmt(s.f1)}  {s.tp:3d} {s.fp:3d} {s.fn:3d}")
    lines.append(f"relevance accuracy: {fmt(result.relevance_accuracy)}   "
                 f"design accuracy: {fmt(result.design_accuracy)}")
    if show_misses and result.misses:
        lines.append("")
        lines.append(f"misses ({len(result.misses)}):")
        for m in result.misses:
            lines.append(f"  {m.id}  {m.field}: gold={m.gold!r} predicted={m.predicted!r}"
                         + (f"  [{m.rule}] {m.sentence}" if m.sentence else ""))
    lines.append("")
    lines.append(result.summary())
    return "\n".join(lines)
