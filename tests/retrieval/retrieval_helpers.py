"""Helpers shared by the retrieval tests (a module with a unique name: no clash between conftest modules)."""

from __future__ import annotations

from eutils_server import FakeEutils
from litreview.retrieval.entrez import ClientConfig
from litreview.retrieval.retry import RetryPolicy

#: Tests use tiny backoffs (retrying still happens, just fast) and a raised rate limit,
#: except the test of the rate limit itself.
FAST_RETRY = RetryPolicy(max_tries=6, base=0.01, cap=0.05, jitter=0.5, max_retry_after=1.0)


def make_config(fake: FakeEutils, **overrides: object) -> ClientConfig:
    """A client config for the fake server: fast retries, rate 500/s, 2 s timeout."""
    options: dict[str, object] = {"eutils_url": fake.url, "email": "tests@example.org", "rate": 500.0,
                                  "timeout": 2.0, "retry": FAST_RETRY}
    options.update(overrides)
    return ClientConfig(**options)  # type: ignore[arg-type]
