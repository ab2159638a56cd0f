"""Fixtures for retrieval tests: a fake E-utilities server on 127.0.0.1 and a client config for it."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from eutils_server import FakeEutils, articles_from, serve
from litreview.retrieval.entrez import ClientConfig
from retrieval_helpers import make_config


@pytest.fixture(scope="session")
def fixture_articles(fixtures_dir: Path) -> dict[str, str]:
    return articles_from(fixtures_dir / "eutils" / "bclm_articles.xml")


@pytest.fixture
def fake(fixture_articles: dict[str, str]) -> Iterator[FakeEutils]:
    server = FakeEutils()
    server.add_articles(fixture_articles)
    with serve(server) as running:
        yield running


@pytest.fixture
def config(fake: FakeEutils) -> ClientConfig:
    return make_config(fake)


@pytest.fixture
def fast_env(monkeypatch: pytest.MonkeyPatch, fake: FakeEutils) -> FakeEutils:
    """Environment for CLI runs against the fake server."""
    monkeypatch.setenv("LITREVIEW_EUTILS_URL", fake.url)
    monkeypatch.setenv("LITREVIEW_EUTILS_RATE", "500")
    monkeypatch.setenv("LITREVIEW_EUTILS_TIMEOUT", "2")
    monkeypatch.setenv("LITREVIEW_RETRY_BASE", "0.01")
    monkeypatch.setenv("NCBI_EMAIL", "tests@example.org")
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    return fake
