"""litreview's retry policy for E-utilities: bounded exponential backoff with jitter.

Biopython's own retrying is switched off (``Entrez.max_tries = 1``) because it
retries HTTP 429 and 5xx immediately, without a pause, which is exactly what makes
NCBI keep answering 429. Here every transient failure waits
``min(cap, base * 2**attempt)`` seconds, spread by a random jitter, or the
server's ``Retry-After`` when it sent one.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from typing import Callable, TypeVar

from litreview.errors import RetrievalError

__all__ = ["RetryPolicy", "TransientError", "call_with_retry"]

log = logging.getLogger("litreview.retrieval")
T = TypeVar("T")


class TransientError(Exception):
    """A failure worth retrying: 429, 5xx, reset, timeout, cut-off or corrupt body.

    Attributes:
        retry_after: seconds the server asked us to wait, if it said so.
    """

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry.

    Attributes:
        max_tries: attempts per request, the first included.
        base: delay before the first retry, in seconds; doubles each time.
        cap: longest delay between two attempts.
        jitter: fraction of the delay added or removed at random (0.5 = ±50%),
            so that many clients do not retry in lockstep.
        max_retry_after: longest ``Retry-After`` honoured (a bogus header must not
            stall a run for hours).
    """

    max_tries: int = 6
    base: float = 2.0
    cap: float = 60.0
    jitter: float = 0.5
    max_retry_after: float = 300.0

    def delay(self, attempt: int, retry_after: float | None = None,
              rng: Callable[[], float] = random.random) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (0-based)."""
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_retry_after)
        raw = min(self.cap, self.base * (2 ** attempt))
        spread = raw * self.jitter * (2 * rng() - 1)
        return max(0.0, min(self.cap, raw + spread))


def call_with_retry(func: Callable[[], T], policy: RetryPolicy, what: str,
                    sleep: Callable[[float], None] = time.sleep) -> T:
    """Call ``func`` until it succeeds, retrying :class:`TransientError` per ``policy``.

    Raises:
        RetrievalError: after ``policy.max_tries`` transient failures, naming
            ``what`` and the last failure.
    """
    last: TransientError | None = None
    for attempt in range(max(1, policy.max_tries)):
        try:
            return func()
        except TransientError as exc:
            last = exc
            if attempt + 1 >= policy.max_tries:
                break
            wait = policy.delay(attempt, exc.retry_after)
            log.warning("%s: %s; retrying in %.1f s (attempt %d of %d)",
                        what, exc, wait, attempt + 2, policy.max_tries)
            sleep(wait)
    raise RetrievalError(f"{what}: gave up after {policy.max_tries} attempts; last error: {last}")
