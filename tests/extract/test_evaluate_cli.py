"""``litreview eval`` scoring and ``litreview extract`` output, on the project's own fixtures."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from litreview.cli import main
from litreview.evaluate import evaluate, format_report, values_match


def test_values_match_tolerances() -> None:
    assert values_match("cohort_size", 40, 40) and not values_match("cohort_size", 40, 41)
    assert values_match("r0_rate_pct", 85.0, 85.9) and not values_match("r0_rate_pct", 85.0, 86.1)
    assert values_match("median_os_months", 42.0, 42.4) and not values_match("median_os_months", 42.0, 42.6)
    assert values_match("median_os_months", "NR", "nr")
    assert values_match("study_period", [2004, 2017], (2004, 2017))
    assert values_match("country", "France; Italy", "france; italy")
    # a country's other names in the vocabulary are the same country; different countries are not
    assert values_match("country", "United States", "USA") and values_match("country", "United Kingdom", "UK")
    assert not values_match("country", "USA", "UK") and not values_match("country", "Atlantis", "USA")


def test_evaluate_scores_fields_over_relevant_records(fixtures_dir: Path) -> None:
    result = evaluate(fixtures_dir / "extract" / "mini_gold.jsonl")
    cohort = result.fields["cohort_size"]
    # g1 right; g2 wrong (gold 21, text says twenty) = one FP + one FN; g3 not relevant: not scored
    assert (cohort.tp, cohort.fp, cohort.fn) == (1, 1, 1)
    # g2: a hormone-receptor share where gold has it as ER counts as right
    er = result.fields["er_positive_pct"]
    assert (er.tp, er.fp, er.fn) == (2, 0, 0)
    assert result.fields["r0_rate_pct"].f1 == 1.0
    assert result.total == 3
    report = format_report(result)
    assert "g2  cohort_size: gold=21 predicted=20" in report
    assert report.splitlines()[-1].startswith("core F1 ")


def test_eval_cli_json(fixtures_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(fixtures_dir / "extract" / "mini_gold.jsonl"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fields"]["cohort_size"]["tp"] == 1
    assert data["summary"].startswith("core F1")


def test_eval_on_shared_dev_set(shared_gold: Path) -> None:
    result = evaluate(shared_gold)
    assert result.pooled(("cohort_size",)).f1 >= 0.9
    assert result.seconds < 45


def test_extract_cli_jsonl_and_csv(fixtures_dir: Path, tmp_path: Path) -> None:
    src = fixtures_dir / "extract" / "mini_gold.jsonl"
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["g1", "g2", "g3"]
    assert set(rows[0]) == {"id", "pmid", "title", "relevant", "relevance_reasons", "design", "fields"}
    cohort = rows[0]["fields"]["cohort_size"]
    assert cohort["value"] == 40 and cohort["unit"] == "patients"
    abstract = json.loads(src.read_text().splitlines()[0])["abstract"]
    assert abstract[cohort["start"]:cohort["end"]] == cohort["text"]
    assert cohort["sentence"] in abstract
    table = tmp_path / "out.csv"
    assert main(["extract", str(src), "-o", str(table), "--jobs", "2"]) == 0
    with table.open(newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert csv_rows[0]["id"] == "g1" and csv_rows[0]["cohort_size"] == "40" and csv_rows[0]["r0_rate_pct"] == "90.0"
    assert "study_period" in csv_rows[0]


def test_extract_cli_keeps_old_output_when_nothing_readable(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    code = main(["extract", str(bad), "-o", str(out)])
    assert code in (1, 3)
    assert out.read_text() == "old\n"
