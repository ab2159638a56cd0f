"""Against the shared gold dev set (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litreview.compare import compare
from litreview.records import FIELD_NAMES, Extraction, Finding
from litreview.series import load_series, summarize_series


def _gold_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_huashan_summary_equals_gold_annotation(shared_gold: Path, huashan_path: Path) -> None:
    gold = next(r for r in _gold_rows(shared_gold) if r["id"] == "huashan2016")["gold"]
    summary = summarize_series(load_series(huashan_path)).extraction
    for name in FIELD_NAMES:
        expected = gold[name]
        got = summary.value(name)
        if isinstance(expected, list):
            expected = tuple(expected)
        assert got == expected, name


def test_compare_over_gold_extractions(shared_gold: Path, huashan_path: Path) -> None:
    extractions = []
    for row in _gold_rows(shared_gold):
        if row["id"] == "huashan2016":
            continue
        fields = {name: Finding(field=name, value=tuple(v) if isinstance(v, list) else v, unit=None, text=str(v),
                                sentence="gold", start=0, end=0, confidence=1.0, rule="gold")
                  for name, v in row["gold"].items() if v is not None}
        extractions.append(Extraction(id=row["id"], pmid=row.get("pmid"), title=row["title"],
                                      relevant=row["relevant"], design=row["design"], fields=fields))
    comp = compare(extractions, [huashan_path])
    r0 = comp.pooled["r0_rate_pct"]
    assert r0.k >= 5 and 70 < r0.estimate_pct < 100 and r0.ci_low_pct < r0.estimate_pct < r0.ci_high_pct
    assert "local:huashan_2016_2019" not in {s.study_id for s in r0.studies}
    assert comp.prisma.screened == len(extractions) - comp.prisma.duplicates_removed
    median_os = comp.pooled["median_os_months"]
    assert "syn_dev_telaviv48" in median_os.not_reached
