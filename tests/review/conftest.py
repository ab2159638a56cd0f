"""The demo review, run once per test session through the real CLI (a subprocess)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
# the headless-Chromium helpers live beside the report-layer tests
sys.path.insert(0, str(REPO / "tests" / "report"))


@dataclass(frozen=True)
class DemoRun:
    out: Path
    returncode: int
    stdout: str
    stderr: str

    def table(self) -> pd.DataFrame:
        return pd.read_csv(self.out / "comparison.csv", dtype=str, keep_default_na=False)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "litreview", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """``litreview review --demo -o <tmp>/out`` (no network), once."""
    base = tmp_path_factory.mktemp("demo")
    proc = run_cli("review", "--demo", "-o", str(base / "out"), cwd=base)
    return DemoRun(base / "out", proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture()
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``litreview ARGS...`` in this process (the spaCy pipeline stays loaded between
    tests): returns (exit code, stdout, stderr)."""
    from litreview.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
