"""One process-wide request limiter for every E-utilities call litreview makes.

NCBI allows 3 requests per second per IP without an API key and 10 with one.
Biopython spaces its own calls, but litreview retries on its own and may run
several fetches in threads, so the limit is enforced here, once per process.
"""

from __future__ import annotations

import threading
import time

__all__ = ["RateLimiter", "LIMITER", "NCBI_RATE", "NCBI_RATE_WITH_KEY"]

NCBI_RATE = 3.0
NCBI_RATE_WITH_KEY = 10.0
#: Spacing is stretched by this factor so that N+1 requests never fit in one second as
#: NCBI sees them, even when network and scheduling delays shift single requests by up
#: to 0.15 s (Biopython stretches 1/3 s to 0.37 s for the same reason).
_MARGIN = 1.15


class RateLimiter:
    """Spaces calls at least ``margin / rate`` seconds apart, across threads.

    Each :meth:`acquire` reserves the next free slot under a lock and sleeps
    outside it, so concurrent callers queue up in order.
    """

    def __init__(self, rate: float = NCBI_RATE, margin: float = _MARGIN) -> None:
        self._lock = threading.Lock()
        self._next = 0.0
        self._margin = margin
        self.rate = rate

    @property
    def rate(self) -> float:
        """Requests per second allowed."""
        return self._rate

    @rate.setter
    def rate(self, value: float) -> None:
        if value <= 0:
            raise ValueError(f"rate must be positive, not {value}")
        with self._lock:
            self._rate = float(value)
            self._interval = self._margin / self._rate

    def acquire(self) -> float:
        """Wait for the next slot; returns the seconds waited."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self._interval
        wait = slot - now
        if wait > 0:
            time.sleep(wait)
        return wait


#: The limiter all litreview E-utilities requests go through.
LIMITER = RateLimiter()
