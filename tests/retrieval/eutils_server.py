"""A small E-utilities server for tests: real HTTP on 127.0.0.1, real PubMed XML.

It speaks ``esearch.fcgi`` and ``efetch.fcgi`` for db=pubmed, GET and POST, with the
history server (``usehistory=y`` -> WebEnv/QueryKey; EFetch by WebEnv/query_key with
retstart/retmax), id lists, and mindate/maxdate windows on a per-PMID publication
date. ESearch answers have NCBI's shape (DOCTYPE, Count, RetMax, RetStart, QueryKey,
WebEnv, IdList, TranslationSet, QueryTranslation) and, like PubMed, refuse to page
past the first 10,000 hits.

Articles are real ``<PubmedArticle>`` elements (from ``tests/fixtures/eutils`` or
``../shared/corpora``); :meth:`FakeEutils.add_clones` claims large result sets by
serving copies of them under fresh PMIDs.

Faults are queued per test with :meth:`FakeEutils.inject`; each is used once, by the
next request to the endpoint it names.
"""

from __future__ import annotations

import gzip
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterable, Sequence
from urllib.parse import parse_qs, urlsplit

ESEARCH_HEAD = ('<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch '
                '20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n')
EFETCH_HEAD = ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
               '1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
               '<PubmedArticleSet>\n')
EFETCH_TAIL = '</PubmedArticleSet>\n'
RATE_LIMIT_BODY = b'{"error":"API rate limit exceeded","count":"11"}'

_ARTICLE = re.compile(r"<PubmedArticle>.*?</PubmedArticle>", re.S)
_PMID = re.compile(r'(<PMID Version="\d+">)(\d+)(</PMID>)')
_ARTICLE_ID = re.compile(r'(<ArticleId IdType="pubmed">)(\d+)(</ArticleId>)')


def articles_from(path: Path) -> dict[str, str]:
    """``{pmid: <PubmedArticle> XML}`` from a PubMed XML file (``.gz`` too)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    text = data.decode("utf-8")
    out: dict[str, str] = {}
    for match in _ARTICLE.finditer(text):
        article = match.group(0)
        pmid = _PMID.search(article)
        if pmid:
            out[pmid.group(2)] = article
    return out


def clone_article(article: str, pmid: str) -> str:
    """The same article under another PMID (MedlineCitation and ArticleIdList)."""
    article = _PMID.sub(lambda m: m.group(1) + pmid + m.group(3), article, count=1)
    return _ARTICLE_ID.sub(lambda m: m.group(1) + pmid + m.group(3), article, count=1)


def _parse_date(value: str, end: bool) -> date:
    parts = [int(p) for p in re.split(r"[/-]", value.strip()) if p]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if end else 1)
    if len(parts) > 2:
        day = parts[2]
    elif end:
        day = 28
        while True:
            try:
                date(year, month, day + 1)
                day += 1
            except ValueError:
                break
    else:
        day = 1
    return date(year, month, day)


@dataclass
class Fault:
    """One injected failure.

    kind: ``429`` (JSON body; ``retry_after`` adds the header), ``429-200`` (the same
    body with HTTP 200), ``500``/``502``/``503``, ``delay`` (sleep ``seconds`` before
    answering normally), ``truncate`` (cut the body in the middle of a PubmedArticle, no
    Content-Length), ``short`` (a body shorter than its Content-Length),
    ``reset`` (close the connection with a TCP reset), ``error`` (HTTP 200 with an XML
    ``<ERROR>``), ``backend-error`` (ESearch's transient "Search Backend failed").
    """

    kind: str
    endpoint: str = "efetch"
    retry_after: str | None = None
    seconds: float = 0.0


@dataclass
class LoggedRequest:
    time: float
    endpoint: str
    method: str
    params: dict[str, str]
    fault: str | None = None


@dataclass
class FakeEutils:
    """State of the fake server; start it with :func:`serve`."""

    articles: dict[str, str] = field(default_factory=dict)
    clones: dict[str, str] = field(default_factory=dict)
    pubdates: dict[str, date] = field(default_factory=dict)
    queries: dict[str, list[str]] = field(default_factory=dict)
    #: term -> a phrase PubMed "did not find" and dropped, while the rest still matched
    dropped_phrases: dict[str, str] = field(default_factory=dict)
    log: list[LoggedRequest] = field(default_factory=list)
    #: when each connection was accepted (time.monotonic)
    accepted: list[float] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    efetch_delay: float = 0.0
    paging_cap: int = 10_000
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sessions: dict[str, list[list[str]]] = field(default_factory=dict)

    # -- set-up ----------------------------------------------------------------------

    def add_articles(self, articles: dict[str, str], pubdate: date | None = None) -> list[str]:
        """Serve these articles; returns their PMIDs."""
        for pmid, xml in articles.items():
            self.articles[pmid] = xml
            self.pubdates.setdefault(pmid, pubdate or date(2020, 1, 1))
        return list(articles)

    def add_clones(self, template_pmids: Sequence[str], first_pmid: int, n: int,
                   start: date, stop: date) -> list[str]:
        """Claim ``n`` more articles: copies of the templates with PMIDs from ``first_pmid``,
        publication dates spread evenly from ``start`` to ``stop``."""
        span = (stop - start).days
        pmids = []
        for i in range(n):
            pmid = str(first_pmid + i)
            self.clones[pmid] = template_pmids[i % len(template_pmids)]
            self.pubdates[pmid] = date.fromordinal(start.toordinal() + (span * i) // max(1, n - 1))
            pmids.append(pmid)
        return pmids

    def set_query(self, term: str, pmids: Iterable[str]) -> None:
        """Make ``term`` (whitespace-normalised) match these PMIDs."""
        self.queries[" ".join(term.split())] = sorted(set(pmids), key=int, reverse=True)

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def requests(self, endpoint: str | None = None) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.log if endpoint is None or r.endpoint == endpoint]

    def article_xml(self, pmid: str) -> str | None:
        if pmid in self.articles:
            return self.articles[pmid]
        if pmid in self.clones:
            return clone_article(self.articles[self.clones[pmid]], pmid)
        return None

    # -- answers ---------------------------------------------------------------------

    def _take_fault(self, endpoint: str) -> Fault | None:
        with self._lock:
            for i, fault in enumerate(self.faults):
                if fault.endpoint in (endpoint, "any"):
                    return self.faults.pop(i)
        return None

    def esearch(self, params: dict[str, str]) -> bytes:
        term = " ".join(params.get("term", "").split())
        if not term and not params.get("query_key"):
            return (ESEARCH_HEAD + "<eSearchResult><ERROR>Empty term and query_key - nothing todo"
                    "</ERROR></eSearchResult>\n").encode()
        if term not in self.queries:
            phrase = term.split()[0] if term else ""
            return (ESEARCH_HEAD + "<eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart>"
                    f"<IdList/><TranslationSet/><QueryTranslation>({_esc(term)}[All Fields])</QueryTranslation>"
                    f"<ErrorList><PhraseNotFound>{_esc(phrase)}</PhraseNotFound></ErrorList><WarningList>"
                    "<OutputMessage>No items found.</OutputMessage></WarningList></eSearchResult>\n").encode()
        hits = self.queries[term]
        if params.get("mindate") and params.get("maxdate"):
            lo = _parse_date(params["mindate"], end=False)
            hi = _parse_date(params["maxdate"], end=True)
            hits = [p for p in hits if lo <= self.pubdates[p] <= hi]
        retstart = int(params.get("retstart") or 0)
        retmax = int(params.get("retmax") or 20)
        if retstart > self.paging_cap - 2 and len(hits) >= self.paging_cap:
            # PubMed's answer past the paging cap.
            return (ESEARCH_HEAD + "<eSearchResult><ERROR>Search Backend failed: Exception:\n'retstart' "
                    f"cannot be larger than {self.paging_cap - 2}. For PubMed, ESearch can only retrieve the "
                    f"first {self.paging_cap:,} records matching the query. To obtain more than "
                    f"{self.paging_cap:,} PubMed records, consider using EDirect</ERROR></eSearchResult>\n"
                    ).encode()
        page = hits[retstart:retstart + retmax]
        history = ""
        if params.get("usehistory") == "y":
            with self._lock:
                webenv = params.get("WebEnv") or params.get("webenv") or f"MCID_{len(self._sessions) + 1:024x}"
                keys = self._sessions.setdefault(webenv, [])
                keys.append(list(hits))
                history = f"<QueryKey>{len(keys)}</QueryKey><WebEnv>{webenv}</WebEnv>"
        ids = "".join(f"<Id>{p}</Id>\n" for p in page)
        dropped = self.dropped_phrases.get(term)
        errors = (f"<ErrorList><PhraseNotFound>{_esc(dropped)}</PhraseNotFound></ErrorList>"
                  if dropped else "")
        body = (f"<eSearchResult><Count>{len(hits)}</Count><RetMax>{len(page)}</RetMax>"
                f"<RetStart>{retstart}</RetStart>{history}<IdList>\n{ids}</IdList><TranslationSet/>"
                f"<QueryTranslation>{_esc(term)}</QueryTranslation>{errors}</eSearchResult>\n")
        return (ESEARCH_HEAD + body).encode()

    def efetch(self, params: dict[str, str]) -> bytes:
        if params.get("id"):
            pmids = [p.strip() for p in params["id"].split(",") if p.strip()]
        else:
            webenv = params.get("WebEnv") or params.get("webenv") or ""
            try:
                hits = self._sessions[webenv][int(params.get("query_key") or 0) - 1]
            except (KeyError, IndexError, ValueError):
                return (b'<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n'
                        b"\t<ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n")
            retstart = int(params.get("retstart") or 0)
            pmids = hits[retstart:retstart + int(params.get("retmax") or 20)]
        parts = [EFETCH_HEAD]
        for pmid in pmids:
            xml = self.article_xml(pmid)
            if xml is not None:
                parts.append(xml + "\n\n")
        parts.append(EFETCH_TAIL)
        return "".join(parts).encode("utf-8")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep tests quiet
        pass

    def do_GET(self) -> None:
        self._answer(parse_qs(urlsplit(self.path).query))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        params = parse_qs(urlsplit(self.path).query)
        params.update(parse_qs(body))
        self._answer(params)

    def _answer(self, raw: dict[str, list[str]]) -> None:
        fake = self.server.fake
        params = {k: v[-1] for k, v in raw.items()}
        endpoint = urlsplit(self.path).path.rsplit("/", 1)[-1].replace(".fcgi", "")
        fault = fake._take_fault(endpoint) if endpoint in ("esearch", "efetch") else None
        with fake._lock:
            fake.log.append(LoggedRequest(time.monotonic(), endpoint, self.command, params,
                                          fault.kind if fault else None))
        if endpoint == "esearch":
            make = fake.esearch
        elif endpoint == "efetch":
            make = fake.efetch
            if fake.efetch_delay:
                time.sleep(fake.efetch_delay)
        else:
            self._send(404, b"unknown E-utility", "text/plain")
            return
        if fault is None:
            self._send(200, make(params), "text/xml; charset=UTF-8")
            return
        kind = fault.kind
        if kind in ("429", "429-200"):
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(429 if kind == "429" else 200, RATE_LIMIT_BODY, "application/json", headers)
        elif kind in ("500", "502", "503"):
            self._send(int(kind), f"<html><body>{kind} server error</body></html>".encode(), "text/html")
        elif kind == "delay":
            time.sleep(fault.seconds)
            try:
                self._send(200, make(params), "text/xml; charset=UTF-8")
            except OSError:
                pass  # the client gave up waiting
        elif kind == "truncate":
            body = make(params)
            cut = body.find(b"</PubmedArticle>")
            cut = cut if cut > 0 else len(body) // 2
            # No Content-Length: the client can only tell from the XML that the body is cut.
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[:cut - 40])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "short":
            # Content-Length promises the whole body; the connection closes half-way.
            body = make(params)
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif kind == "backend-error":
            body = (ESEARCH_HEAD + "<eSearchResult><ERROR>Search Backend failed: Couldn't resolve "
                    "#pmsearch.fcgi, the address table is empty.</ERROR></eSearchResult>\n")
            self._send(200, body.encode(), "text/xml; charset=UTF-8")
        elif kind == "error":
            if endpoint == "esearch":
                body = ESEARCH_HEAD + "<eSearchResult><ERROR>Invalid query syntax</ERROR></eSearchResult>\n"
            else:
                body = ('<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n\t<ERROR>Unable to obtain '
                        'query #1</ERROR>\n</eFetchResult>\n')
            self._send(200, body.encode(), "text/xml; charset=UTF-8")
        else:  # pragma: no cover - a typo in a test
            raise ValueError(f"unknown fault {kind!r}")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeEutils

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and timeouts are what the tests ask for

    def process_request(self, request: Any, client_address: Any) -> None:
        # Connection times are taken here, in the accepting thread, before any handler
        # work, so that a busy machine does not bunch them up.
        with self.fake._lock:
            self.fake.accepted.append(time.monotonic())
        super().process_request(request, client_address)


class serve:
    """Context manager: run ``fake`` on a free port of 127.0.0.1; sets ``fake.url``.

    ``fake.url`` is the E-utilities base (``http://127.0.0.1:PORT/entrez/eutils/``).
    """

    def __init__(self, fake: FakeEutils) -> None:
        self.fake = fake
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.fake = fake
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self) -> FakeEutils:
        self.thread.start()
        host, port = self.server.server_address[:2]
        self.fake.url = f"http://{host}:{port}/entrez/eutils/"
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def max_in_window(times: Sequence[float], window: float = 1.0) -> int:
    """Most requests seen in any window of ``window`` seconds (half-open)."""
    ordered = sorted(times)
    best = 0
    j = 0
    for i, t in enumerate(ordered):
        while ordered[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


__all__ = ["FakeEutils", "Fault", "serve", "articles_from", "clone_article", "max_in_window",
           "RATE_LIMIT_BODY"]
