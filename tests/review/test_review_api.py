"""The Python API: `import litreview` stays light; litreview.read/extract/compare/pool/...; the example script."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import litreview
from litreview.review import DEMO_CURATIONS, DEMO_FILES, bundled_path

REPO = Path(__file__).resolve().parents[2]



def test_import_is_light() -> None:
    code = ("import sys, litreview; litreview.__version__; "
            "heavy = [m for m in ('pandas', 'spacy', 'matplotlib', 'statsmodels', 'Bio', 'litreview.api') "
            "if m in sys.modules]; print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_api_names_resolve_even_after_submodule_imports() -> None:
    import litreview.compare.model  # noqa: F401  (attaches the subpackage to the package)
    import litreview.extract  # noqa: F401
    import litreview.review  # noqa: F401

    assert callable(litreview.compare) and callable(litreview.extract) and callable(litreview.review)
    assert litreview.compare.model.Comparison is not None  # still the subpackage
    from litreview.compare import compare as compare_function

    assert callable(compare_function)
    for name in ("read", "extractions_frame", "read_extractions", "load_series", "bundled_series", "pool",
                 "write_report"):
        assert callable(getattr(litreview, name)) and name in litreview.__all__
    with pytest.raises(AttributeError):
        litreview.no_such_function  # noqa: B018


def test_api_on_the_demo_corpus(tmp_path: Path) -> None:
    records = litreview.read([bundled_path(p) for p in DEMO_FILES])
    assert len(records) == 19
    extractions = litreview.extract(records)
    assert len(extractions) == 19
    frame = litreview.extractions_frame(extractions)
    lin = frame.set_index("id").loc["90000001"]
    assert lin["cohort_size"] == 48 and lin["r0_rate_pct"] == pytest.approx(89.6)
    assert "43 patients (89.6%)" in lin["r0_rate_pct_sentence"]

    series = litreview.load_series(litreview.bundled_series())
    assert series.size == 3
    comparison = litreview.compare(extractions, [series], records=records,
                                   curations=bundled_path(DEMO_CURATIONS))
    local = comparison.local.iloc[0]
    assert local["cohort_size"] == 3 and local["r0_rate_pct"] == 100.0 and local["morbidity_pct"] == 0.0
    r0 = litreview.pool(comparison.table, "r0_rate_pct")
    assert r0.estimate_pct is not None and r0.k == comparison.pooled["r0_rate_pct"].k
    assert litreview.pool(comparison, "median_os_months").k >= 1

    files = litreview.write_report(comparison, tmp_path / "out", extractions=extractions, records=records,
                                   demo=True)
    assert files["html"].is_file() and "DEMO DATA" in files["html"].read_text(encoding="utf-8")
    back = litreview.read_extractions(files["extractions"])
    assert [e.id for e in back] == [e.id for e in extractions]


def test_example_script_runs_on_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "example_out"
    monkeypatch.setattr(sys, "argv", ["example_review.py", str(out)])
    runpy.run_path(str(REPO / "docs" / "example_review.py"), run_name="__main__")
    printed = capsys.readouterr().out
    assert "local series Huashan 2016-2019: n = 3, R0 100.0 %" in printed
    assert "pooled R0:" in printed
    assert (out / "report.html").is_file() and (out / "comparison.xlsx").is_file()
