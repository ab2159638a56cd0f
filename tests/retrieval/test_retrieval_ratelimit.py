"""The process-wide rate limit, as seen by the server, and the backoff policy."""

from __future__ import annotations

import threading
import time
from datetime import date

from eutils_server import FakeEutils, max_in_window
from litreview.retrieval.entrez import EntrezClient
from litreview.retrieval.ratelimit import _MARGIN, LIMITER, RateLimiter
from litreview.retrieval.retry import RetryPolicy

from retrieval_helpers import make_config

TERM = "hepatectomy AND breast cancer"


def test_server_never_sees_more_than_the_limit_per_second(fake: FakeEutils) -> None:
    clones = fake.add_clones(list(fake.articles), 34_000_000, 40, date(2010, 1, 1), date(2011, 1, 1))
    fake.set_query(TERM, clones)
    limit = 8.0  # requests per second, test-sized
    config = make_config(fake, rate=limit)

    def work() -> None:
        client = EntrezClient(config)
        for start in range(0, 40, 5):
            client.efetch_ids(clones[start:start + 5])

    # two threads with their own clients share the one process-wide limiter
    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = list(fake.accepted)
    assert len(times) == len(fake.requests()) == 16
    assert max_in_window(times, 1.0) <= limit
    assert LIMITER.rate == limit


def test_limiter_spacing_is_ordered_across_threads() -> None:
    limiter = RateLimiter(rate=50.0)
    stamps: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(10):
            limiter.acquire()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=take) for _ in range(3)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stamps) == 30
    # 30 slots handed out to 3 threads: the last no earlier than 29 spacings after the first
    assert max(stamps) - start >= 29 * (_MARGIN / 50) - 0.001


def test_backoff_grows_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base=1.0, cap=10.0, jitter=0.5)
    assert [policy.delay(a, rng=lambda: 0.5) for a in range(6)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert policy.delay(1, rng=lambda: 0.0) == 1.0 and policy.delay(1, rng=lambda: 1.0) == 3.0
    assert policy.delay(3, retry_after=7.5) == 7.5
    assert RetryPolicy(max_retry_after=30).delay(0, retry_after=3600) == 30
