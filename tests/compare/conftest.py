"""Fixtures for the compare tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HUASHAN = REPO / "corpora" / "local_series" / "huashan_2016_2019.yml"


@pytest.fixture(scope="session")
def huashan_path() -> Path:
    return HUASHAN


@pytest.fixture(scope="session")
def compare_fixtures(fixtures_dir: Path) -> Path:
    return fixtures_dir / "compare"
