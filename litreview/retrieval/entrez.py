"""The E-utilities client: the only module of litreview that imports ``Bio.Entrez``.

Requests are made with ``Entrez.esearch`` / ``Entrez.efetch`` and ESearch answers
read with ``Entrez.read``; litreview adds what Biopython leaves to its callers:

* **Redirection.** Bio.Entrez 1.88 hard-codes ``https://eutils.ncbi.nlm.nih.gov``
  in every function and exposes no base-URL setting. It sends each request through
  the module-level name ``Bio.Entrez.urlopen``; litreview replaces that name once
  with a dispatcher that, only while one of *litreview's* calls runs in the current
  thread, sends the request through litreview's own opener (prefix rewritten to the
  configured base URL, socket timeout set, rate limiter applied). Any other
  Bio.Entrez call in the process goes to the original ``urlopen`` untouched.
* **Rate limit.** Every HTTP request waits for a slot of the process-wide
  :data:`~litreview.retrieval.ratelimit.LIMITER` (3/s, 10/s with an API key).
  Biopython's own 0.37 s spacing is neutralised per call so the two do not add up.
* **Retries.** ``Entrez.max_tries = 1``: Biopython re-sends 429/5xx immediately;
  litreview retries with backoff instead (:mod:`litreview.retrieval.retry`),
  including bodies that are cut off or not well-formed XML.
"""

from __future__ import annotations

import http.client
import io
import logging
import os
import re
import threading
import warnings
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Sequence
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, build_opener

from Bio import Entrez
from Bio.Entrez.Parser import CorruptedXMLError, NotXMLError, ValidationError

from litreview.errors import ConfigError, InputError, QueryError, RecordError, RetrievalError
from litreview.records import Record
from litreview.retrieval.ratelimit import LIMITER, NCBI_RATE, NCBI_RATE_WITH_KEY
from litreview.retrieval.retry import RetryPolicy, TransientError, call_with_retry

__all__ = [
    "NCBI_EUTILS_URL",
    "RECORD_SOURCE",
    "ClientConfig",
    "EntrezClient",
    "ESearchResult",
    "FetchedBatch",
]

log = logging.getLogger("litreview.retrieval")

#: ``Record.source`` of every record fetched from PubMed.
RECORD_SOURCE = "PubMed"

#: The prefix Bio.Entrez puts before ``esearch.fcgi`` etc.
NCBI_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"

# litreview governs retries; Biopython's loop would re-send 429/5xx with no pause.
Entrez.max_tries = 1
# litreview checks the identity itself and says so once, instead of once per request.
warnings.filterwarnings("ignore", message=r"\s*Email address is not specified", category=UserWarning)

_ORIGINAL_URLOPEN: Callable[..., Any] = Entrez.urlopen
_active = threading.local()


def _dispatch_urlopen(request: Any, *args: Any, **kwargs: Any) -> Any:
    client = getattr(_active, "client", None)
    if client is None:
        return _ORIGINAL_URLOPEN(request, *args, **kwargs)
    return client._send(request)


Entrez.urlopen = _dispatch_urlopen


def _env_float(name: str) -> float | None:
    value = os.environ.get(name)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"environment variable {name}={value!r} is not a number") from None


@dataclass(frozen=True)
class ClientConfig:
    """How to talk to E-utilities.

    Attributes:
        email: contact address NCBI may write to (env ``NCBI_EMAIL``).
        api_key: NCBI API key (env ``NCBI_API_KEY``); raises the limit to 10 requests/s.
        tool: tool name sent with each request (no spaces).
        eutils_url: base URL to which ``esearch.fcgi``/``efetch.fcgi`` are appended
            (env ``LITREVIEW_EUTILS_URL``).
        rate: requests per second; None means NCBI's limit (3, or 10 with a key).
        timeout: socket timeout in seconds for connecting and for each read.
        retry: backoff policy for transient failures.
        batch_size: records per EFetch request.
        id_page_size: ids per ESearch request when listing a query's PMIDs (max 10,000).
        window_cap: PubMed pages only the first 10,000 hits of a query; a query or
            date window with this many hits or more is split by date.
    """

    email: str | None = None
    api_key: str | None = None
    tool: str = "litreview"
    eutils_url: str = NCBI_EUTILS_URL
    rate: float | None = None
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    batch_size: int = 200
    id_page_size: int = 10_000
    window_cap: int = 10_000

    def __post_init__(self) -> None:
        scheme = urlsplit(self.eutils_url).scheme
        if scheme not in ("http", "https"):
            raise ConfigError(f"E-utilities URL {self.eutils_url!r} must start with http:// or https://")
        if not self.eutils_url.endswith("/"):
            object.__setattr__(self, "eutils_url", self.eutils_url + "/")
        if " " in self.tool:
            raise ConfigError(f"tool name {self.tool!r} must not contain spaces (NCBI's rule)")
        if not 1 <= self.batch_size <= 10_000:
            raise ConfigError(f"batch size {self.batch_size} must be between 1 and 10,000")
        if not 1 <= self.id_page_size <= 10_000:
            raise ConfigError(f"ESearch page size {self.id_page_size} must be between 1 and 10,000")
        if self.rate is not None and self.rate <= 0:
            raise ConfigError(f"rate {self.rate} must be positive")

    @property
    def effective_rate(self) -> float:
        """Requests per second this configuration allows."""
        if self.rate is not None:
            return self.rate
        return NCBI_RATE_WITH_KEY if self.api_key else NCBI_RATE

    @classmethod
    def from_env(cls, *, email: str | None = None, api_key: str | None = None,
                 tool: str | None = None, eutils_url: str | None = None, **overrides: Any) -> "ClientConfig":
        """Options given here win; otherwise environment variables; otherwise defaults.

        Environment: ``NCBI_EMAIL``, ``NCBI_API_KEY``, ``NCBI_TOOL``, ``LITREVIEW_EUTILS_URL``,
        and for mirrors and tests ``LITREVIEW_EUTILS_RATE`` (requests/s),
        ``LITREVIEW_EUTILS_TIMEOUT`` (s), ``LITREVIEW_RETRY_BASE`` (s),
        ``LITREVIEW_RETRY_TRIES``.
        """
        env = os.environ
        kwargs: dict[str, Any] = {
            "email": email or env.get("NCBI_EMAIL") or None,
            "api_key": api_key or env.get("NCBI_API_KEY") or None,
            "tool": tool or env.get("NCBI_TOOL") or "litreview",
            "eutils_url": eutils_url or env.get("LITREVIEW_EUTILS_URL") or NCBI_EUTILS_URL,
        }
        rate = _env_float("LITREVIEW_EUTILS_RATE")
        if rate is not None:
            kwargs["rate"] = rate
        timeout = _env_float("LITREVIEW_EUTILS_TIMEOUT")
        if timeout is not None:
            kwargs["timeout"] = timeout
        retry = RetryPolicy()
        base = _env_float("LITREVIEW_RETRY_BASE")
        if base is not None:
            retry = replace(retry, base=base, cap=max(base, min(retry.cap, base * 32)))
        tries = _env_float("LITREVIEW_RETRY_TRIES")
        if tries is not None:
            retry = replace(retry, max_tries=max(1, int(tries)))
        kwargs["retry"] = retry
        kwargs.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kwargs)


@dataclass(frozen=True)
class ESearchResult:
    """One ESearch answer.

    Attributes:
        count: hits NCBI reports for the query (within the date window, if any).
        ids: the PMIDs of this page.
        retstart: offset of the page.
        webenv: history server session, when usehistory was asked for.
        query_key: the query's key in that session.
        translation: how PubMed translated the query.
        warnings: ESearch ErrorList/WarningList entries, as sentences.
    """

    count: int
    ids: tuple[str, ...]
    retstart: int = 0
    webenv: str | None = None
    query_key: str | None = None
    translation: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchedBatch:
    """Records from one EFetch answer; ``skipped`` holds malformed articles left out."""

    records: tuple[Record, ...]
    skipped: tuple[RecordError, ...] = ()


_LIST_LABELS = {
    "PhraseNotFound": "phrase not found",
    "FieldNotFound": "field not found",
    "PhraseIgnored": "phrase ignored",
    "QuotedPhraseNotFound": "quoted phrase not found",
    "OutputMessage": "",
}


#: ESearch <ERROR>s that are NCBI's backend hiccups rather than a rejected query.
_TRANSIENT_ESEARCH = re.compile(r"backend|temporarily|unavailable|timed? ?out|try again", re.I)


def _messages(block: Any) -> list[str]:
    out: list[str] = []
    if not block:
        return out
    for key, values in dict(block).items():
        items = values if isinstance(values, list) else [values]
        for value in items:
            if not str(value).strip():
                continue
            label = _LIST_LABELS.get(key, key)
            out.append(f"{label}: {value}" if label else str(value))
    return out


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        import time as _time

        return max(0.0, parsedate_to_datetime(value).timestamp() - _time.time())
    except (TypeError, ValueError):
        return None


def _rate_limit_body(body: bytes) -> bool:
    # NCBI's 429 body, sometimes seen with HTTP 200 as well.
    head = body[:500].lstrip()
    return head.startswith(b"{") and b"rate limit" in head.lower()


def _snippet(body: bytes, limit: int = 200) -> str:
    text = body[:limit].decode("utf-8", "replace").strip()
    return " ".join(text.split())


class EntrezClient:
    """ESearch and EFetch for PubMed with litreview's identity, limit and retry policy.

    Attributes:
        requests: HTTP requests sent by this client (retries included).
    """

    def __init__(self, config: ClientConfig | None = None) -> None:
        self.config = config or ClientConfig.from_env()
        self.requests = 0
        self._opener = build_opener()
        self._lock = threading.Lock()
        LIMITER.rate = self.config.effective_rate
        if not self.config.email:
            log.warning("no contact email set: NCBI asks every E-utilities user for one "
                        "(set NCBI_EMAIL or pass --email)")

    # -- transport -------------------------------------------------------------------

    def _send(self, request: Request) -> Any:
        """Send one request prepared by Bio.Entrez (called through the dispatcher)."""
        url = request.full_url
        if url.startswith(NCBI_EUTILS_URL) and self.config.eutils_url != NCBI_EUTILS_URL:
            request.full_url = self.config.eutils_url + url[len(NCBI_EUTILS_URL):]
        LIMITER.acquire()
        with self._lock:
            self.requests += 1
        log.debug("%s %s", request.get_method(), request.full_url[:200])
        return self._opener.open(request, timeout=self.config.timeout)

    def _call(self, func: Callable[..., Any], params: dict[str, Any], what: str,
              parse: Callable[[bytes], Any]) -> Any:
        params = dict(params)
        params.setdefault("tool", self.config.tool)
        if self.config.email:
            params.setdefault("email", self.config.email)
        if self.config.api_key:
            params.setdefault("api_key", self.config.api_key)

        def attempt() -> Any:
            body = self._fetch_body(func, params)
            return parse(body)

        return call_with_retry(attempt, self.config.retry, what)

    def _fetch_body(self, func: Callable[..., Any], params: dict[str, Any]) -> bytes:
        _active.client = self
        # Biopython spaces its calls through one module timestamp; litreview's limiter
        # already does, so reset it to keep the two delays from adding up.
        Entrez._open.previous = 0.0
        try:
            handle = func(**params)
            try:
                body = handle.read()
            finally:
                handle.close()
        except HTTPError as exc:
            try:
                detail = _snippet(exc.read() or b"")
            except (OSError, http.client.HTTPException):
                detail = ""
            message = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            if exc.code == 429 or exc.code >= 500:
                raise TransientError(message, _retry_after(exc.headers.get("Retry-After"))) from None
            raise RetrievalError(f"E-utilities refused the request: {message}") from None
        except URLError as exc:
            raise TransientError(f"cannot reach {self.config.eutils_url}: {exc.reason}") from None
        except TimeoutError:
            raise TransientError(f"no answer within {self.config.timeout:g} s") from None
        except (http.client.HTTPException, OSError) as exc:
            raise TransientError(f"connection failed: {type(exc).__name__}: {exc}") from None
        finally:
            _active.client = None
        if isinstance(body, str):  # Bio.Entrez wraps text/plain answers in a text wrapper
            body = body.encode("utf-8")
        if _rate_limit_body(body):
            raise TransientError(f"rate limit exceeded: {_snippet(body)}")
        return body

    # -- ESearch ---------------------------------------------------------------------

    def esearch(self, term: str, *, retstart: int = 0, retmax: int = 20, usehistory: bool = False,
                mindate: str | None = None, maxdate: str | None = None,
                datetype: str = "pdat") -> ESearchResult:
        """Run one ESearch on PubMed.

        Raises:
            QueryError: NCBI rejected the query (``<ERROR>``), or found nothing because a
                phrase or field does not exist (ErrorList with no hits).
            RetrievalError: E-utilities failed after all retries.
        """
        params: dict[str, Any] = {"db": "pubmed", "term": term, "retstart": retstart, "retmax": retmax}
        if usehistory:
            params["usehistory"] = "y"
        if mindate or maxdate:
            # ESearch ignores one bound without the other.
            params.update(mindate=mindate or "1000", maxdate=maxdate or "3000", datetype=datetype)
        what = f"ESearch {term[:80]!r}" + (f" {mindate}-{maxdate}" if mindate or maxdate else "")
        return self._call(Entrez.esearch, params, what, lambda body: self._parse_esearch(body, term))

    @staticmethod
    def _parse_esearch(body: bytes, term: str) -> ESearchResult:
        try:
            data = Entrez.read(io.BytesIO(body), validate=False, ignore_errors=True)
        except (CorruptedXMLError, NotXMLError, ValidationError) as exc:
            raise TransientError(f"ESearch answer is not well-formed XML ({exc}): {_snippet(body, 120)}") from None
        except ValueError as exc:  # e.g. a DOCTYPE whose DTD Biopython does not bundle
            raise RetrievalError(f"cannot read the ESearch answer: {exc}") from None
        error = data.get("ERROR") if isinstance(data, dict) else None
        if error:
            message = str(error)
            if _TRANSIENT_ESEARCH.search(message) and "cannot be larger" not in message:
                raise TransientError(f"NCBI answered with an error: {message}")
            raise QueryError(f"PubMed rejected the query {term!r}: {message}")
        if not isinstance(data, dict) or "Count" not in data:
            raise TransientError(f"unexpected ESearch answer: {_snippet(body, 120)}")
        count = int(data["Count"])
        errors = _messages(data.get("ErrorList"))
        notes = errors + _messages(data.get("WarningList"))
        if errors and count == 0:
            raise QueryError(f"PubMed found nothing for {term!r}: {'; '.join(notes)}")
        return ESearchResult(
            count=count,
            ids=tuple(str(i) for i in data.get("IdList") or ()),
            retstart=int(data.get("RetStart") or 0),
            webenv=str(data["WebEnv"]) if data.get("WebEnv") else None,
            query_key=str(data["QueryKey"]) if data.get("QueryKey") else None,
            translation=str(data["QueryTranslation"]) if data.get("QueryTranslation") else None,
            warnings=tuple(notes),
        )

    # -- EFetch ----------------------------------------------------------------------

    def efetch_history(self, webenv: str, query_key: str, retstart: int, retmax: int) -> FetchedBatch:
        """Fetch PubMed XML for positions ``retstart``.. of a history-server result set."""
        params = {"db": "pubmed", "retmode": "xml", "rettype": "abstract", "WebEnv": webenv,
                  "query_key": query_key, "retstart": retstart, "retmax": retmax}
        what = f"EFetch records {retstart + 1}-{retstart + retmax}"
        return self._call(Entrez.efetch, params, what, lambda body: self._parse_efetch(body, what))

    def efetch_ids(self, pmids: Sequence[str]) -> FetchedBatch:
        """Fetch PubMed XML for a list of PMIDs (Bio.Entrez POSTs 200 ids or more)."""
        if not pmids:
            return FetchedBatch(records=())
        params = {"db": "pubmed", "retmode": "xml", "rettype": "abstract", "id": list(pmids)}
        what = f"EFetch {len(pmids)} PMIDs ({pmids[0]}..{pmids[-1]})"
        return self._call(Entrez.efetch, params, what, lambda body: self._parse_efetch(body, what))

    @staticmethod
    def _parse_efetch(body: bytes, what: str) -> FetchedBatch:
        from litreview.io.pubmed_xml import parse_pubmed_xml
        from litreview.io.report import ReadReport

        head = body[:4000]
        if b"<ERROR>" in head and b"<PubmedArticle" not in head:
            start = head.index(b"<ERROR>") + len(b"<ERROR>")
            end = head.find(b"</ERROR>", start)
            message = head[start:end if end > 0 else None].decode("utf-8", "replace").strip()
            # Seen from NCBI when the backend or the history session hiccups; retried,
            # and reported with NCBI's words if it persists.
            raise TransientError(f"NCBI answered with an error: {message}")
        report = ReadReport()
        try:
            records = tuple(parse_pubmed_xml(body, name=RECORD_SOURCE, report=report, keep_raw=True))
        except InputError as exc:
            raise TransientError(f"answer is cut off or not well-formed XML: {exc}") from None
        if report.errors:
            raise TransientError(f"answer is cut off or not well-formed XML: {report.errors[0]}")
        if not records and b"PubmedArticleSet" not in body:
            raise TransientError(f"answer is not PubMed XML: {_snippet(body, 120)}")
        return FetchedBatch(records=records, skipped=tuple(report.skipped))
