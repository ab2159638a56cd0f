"""Search, fetch and refresh a saved PubMed query into the local store.

:func:`fetch_query` is the one entry point: it lists every PMID the query matches
(ESearch; split into date windows when a window reaches PubMed's 10,000-hit
paging cap), compares them with the store, EFetches only what is missing (through
the history server when a whole window is new, by id list otherwise), and writes
each batch in its own transaction. Running it again is a refresh: it fetches only
new PMIDs and reports which earlier hits no longer match.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator, Sequence

from litreview.errors import QueryError, RetrievalError
from litreview.progress import track
from litreview.records import Record
from litreview.retrieval.entrez import ClientConfig, EntrezClient, ESearchResult, FetchedBatch
from litreview.retrieval.queries import SavedQuery, load_query, normalize_date
from litreview.retrieval.store import Store

__all__ = ["FetchReport", "SearchResult", "Window", "fetch_query", "search_count", "list_windows"]

log = logging.getLogger("litreview.retrieval")

#: Date range used when a query without dates has to be split: PubMed's oldest
#: citations are from the 1780s; ahead-of-print items carry future dates.
_EARLIEST = date(1700, 1, 1)
_FUTURE_YEARS = 5


@dataclass(frozen=True)
class SearchResult:
    """What ``litreview search`` shows: the count and the first PMIDs."""

    name: str
    query: str
    count: int
    pmids: tuple[str, ...]
    translation: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Window:
    """One ESearch date window and the PMIDs it lists (all of them, in NCBI's order)."""

    mindate: str | None
    maxdate: str | None
    count: int
    ids: tuple[str, ...]
    webenv: str | None = None
    query_key: str | None = None


@dataclass
class FetchReport:
    """What one :func:`fetch_query` run did.

    Attributes:
        query_name: the saved query's name (the query string for inline queries).
        query: the PubMed query string.
        store_path: the SQLite store written to.
        count_reported: hits NCBI reported for the query (within ``since``, if given).
        matched: PMIDs the ESearch listing returned.
        fetched: records EFetched and stored by this run.
        new_pmids: PMIDs matching now that no earlier finished run of the query listed.
        vanished_pmids: PMIDs an earlier run listed that no longer match (full runs only).
        missing_pmids: listed PMIDs that EFetch did not return (still not stored).
        stored: stored records that match the query now.
        skipped: malformed articles left out, one message each.
        warnings: ESearch warnings and count differences, one sentence each.
        windows: number of ESearch date windows used.
        requests: HTTP requests sent (retries included).
        status: ``complete``, ``partial`` (something missing, or ``--max`` reached).
        run_id: the run's row in the store.
    """

    query_name: str
    query: str
    store_path: Path
    count_reported: int = 0
    matched: int = 0
    fetched: int = 0
    new_pmids: tuple[str, ...] = ()
    vanished_pmids: tuple[str, ...] = ()
    missing_pmids: tuple[str, ...] = ()
    stored: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    windows: int = 0
    requests: int = 0
    status: str = "running"
    run_id: int | None = None

    @property
    def difference(self) -> int:
        """Hits NCBI reports minus records stored for the query (0 when complete)."""
        return self.count_reported - self.stored

    def summary(self) -> str:
        """One line for the terminal, e.g. ``stored 57 records (57 new, 0 no longer matching); ...``."""
        text = (f"stored {self.stored} record{'s' if self.stored != 1 else ''} "
                f"({len(self.new_pmids)} new, {len(self.vanished_pmids)} no longer matching); "
                f"fetched {self.fetched} this run; store: {self.store_path}")
        if self.difference:
            text += f"\nPubMed reports {self.count_reported} hits: {self.difference} not stored"
            if self.missing_pmids:
                text += f" ({len(self.missing_pmids)} listed but not returned by EFetch)"
        return text


# -- dates ---------------------------------------------------------------------------


def _parse_bound(value: str, end: bool) -> date:
    parts = [int(p) for p in normalize_date(value).split("/")]
    year = parts[0]
    if len(parts) == 1:
        return date(year, 12, 31) if end else date(year, 1, 1)
    month = parts[1]
    if len(parts) == 2:
        return date(year, month, calendar.monthrange(year, month)[1]) if end else date(year, month, 1)
    return date(year, month, min(parts[2], calendar.monthrange(year, month)[1]))


def _fmt(day: date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


# -- listing -------------------------------------------------------------------------


def _page_ids(client: EntrezClient, term: str, first: ESearchResult, limit: int,
              mindate: str | None, maxdate: str | None, datetype: str) -> tuple[str, ...]:
    ids = list(first.ids)
    page = client.config.id_page_size
    while len(ids) < limit:
        result = client.esearch(term, retstart=len(ids), retmax=min(page, limit - len(ids)),
                                mindate=mindate, maxdate=maxdate, datetype=datetype)
        if not result.ids:
            break
        ids.extend(result.ids)
    return tuple(ids[:limit])


def list_windows(client: EntrezClient, term: str, mindate: str | None = None, maxdate: str | None = None,
                 datetype: str = "pdat", warnings: list[str] | None = None) -> tuple[int, list[Window]]:
    """List every PMID ``term`` matches, splitting by date so each window stays pageable.

    Returns:
        NCBI's count for the whole query and the windows (empty windows left out).
    """
    notes = warnings if warnings is not None else []
    cap = client.config.window_cap
    page = min(client.config.id_page_size, cap - 1)

    def search(lo: str | None, hi: str | None) -> ESearchResult:
        result = client.esearch(term, usehistory=True, retmax=page, mindate=lo, maxdate=hi, datetype=datetype)
        for note in result.warnings:
            if note not in notes:
                notes.append(note)
        return result

    def window(lo: str | None, hi: str | None, result: ESearchResult) -> Window:
        limit = min(result.count, cap - 1)
        ids = _page_ids(client, term, result, limit, lo, hi, datetype)
        return Window(lo, hi, result.count, ids, result.webenv, result.query_key)

    first = search(mindate, maxdate)
    if first.count < cap:
        return first.count, [window(mindate, maxdate, first)] if first.count else []

    windows: list[Window] = []
    start = _parse_bound(mindate, end=False) if mindate else _EARLIEST
    stop = _parse_bound(maxdate, end=True) if maxdate else date(date.today().year + _FUTURE_YEARS, 12, 31)

    def bisect(lo: date, hi: date, result: ESearchResult | None = None) -> None:
        result = result or search(_fmt(lo), _fmt(hi))
        if result.count == 0:
            return
        if result.count >= cap and lo < hi:
            mid = lo + timedelta(days=(hi - lo).days // 2)
            log.info("window %s-%s has %d hits; splitting", _fmt(lo), _fmt(hi), result.count)
            bisect(lo, mid)
            bisect(mid + timedelta(days=1), hi)
            return
        if result.count >= cap:
            notes.append(f"{result.count} hits published on {_fmt(lo)} alone: PubMed pages only the "
                         f"first {cap - 1} of them")
        windows.append(window(_fmt(lo), _fmt(hi), result))

    log.info("%d hits: more than PubMed pages for one query; splitting by %s", first.count, datetype)
    bisect(start, stop)
    listed = sum(w.count for w in windows)
    if listed != first.count:
        notes.append(f"NCBI reports {first.count} hits but the date windows {_fmt(start)}-{_fmt(stop)} "
                     f"add up to {listed}")
    return first.count, windows


# -- fetching ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Batch:
    window: Window
    pmids: tuple[str, ...]
    retstart: int | None  # position in the window's history set; None = fetch by id


def _plan(windows: Sequence[Window], wanted: set[str], batch_size: int) -> list[_Batch]:
    batches: list[_Batch] = []
    for win in windows:
        todo = [pmid for pmid in win.ids if pmid in wanted]
        if not todo:
            continue
        # A window whose wanted PMIDs are a prefix of its listing is fetched by position
        # through the history server; anything else (a resumed or refreshed run) by id.
        by_position = bool(win.webenv and win.query_key) and tuple(todo) == win.ids[:len(todo)]
        for start in range(0, len(todo), batch_size):
            chunk = tuple(todo[start:start + batch_size])
            batches.append(_Batch(win, chunk, start if by_position else None))
    return batches


def _fetch_batch(client: EntrezClient, batch: _Batch) -> FetchedBatch:
    if batch.retstart is None:
        return client.efetch_ids(batch.pmids)
    try:
        return client.efetch_history(batch.window.webenv or "", batch.window.query_key or "",
                                     batch.retstart, len(batch.pmids))
    except RetrievalError as exc:
        # History sessions expire; the ids are known, so ask for them directly.
        log.warning("%s; fetching the same %d PMIDs by id instead", exc, len(batch.pmids))
        return client.efetch_ids(batch.pmids)


def _run_batches(client: EntrezClient, store: Store, run_id: int, name: str, batches: Sequence[_Batch],
                 report: FetchReport) -> Iterator[Record]:
    for batch in batches:
        fetched = _fetch_batch(client, batch)
        store.add_records(run_id, name, fetched.records)
        report.fetched += len(fetched.records)
        report.skipped.extend(str(error) for error in fetched.skipped)
        yield from fetched.records


def fetch_query(query: str | Path | SavedQuery, store_path: str | Path | None = None, *,
                max_records: int | None = None, since: str | None = None,
                client_config: ClientConfig | None = None, progress: bool = True) -> FetchReport:
    """Fetch (or refresh) every PubMed record a query matches into the store.

    Args:
        query: a saved-query file, a :class:`SavedQuery`, or an inline query string.
        store_path: the SQLite store; default ``<query-stem>.sqlite`` beside the query
            file (``litreview.sqlite`` for inline queries).
        max_records: fetch at most this many records not yet stored.
        since: only records whose date (the query's ``datetype``, pdat by default) is on
            or after this date; such a run does not report vanished PMIDs.
        client_config: identity, base URL, limits; default from the environment.
        progress: show a progress bar on a terminal.

    Returns:
        What the run did; stored records stay stored whatever happens.

    Raises:
        QueryError: NCBI rejected the query.
        RetrievalError: E-utilities kept failing after all retries (the run is kept
            in the store as ``failed``; rerunning resumes it).
    """
    saved = load_query(query)
    path = Path(store_path) if store_path is not None else saved.default_store_path
    client = EntrezClient(client_config)
    mindate = saved.mindate
    if since:
        since = normalize_date(since, "--since")
        if not mindate or _parse_bound(since, False) > _parse_bound(mindate, False):
            mindate = since
    report = FetchReport(query_name=saved.name, query=saved.query, store_path=path)
    with Store(path) as store:
        run_id = store.start_run(saved.name, saved.query, since)
        report.run_id = run_id
        try:
            earlier_full = any(r.listed and r.since is None and r.status in ("complete", "partial")
                               for r in store.runs(saved.name) if r.run_id != run_id)
            previous = store.query_pmids(saved.name, finished_only=True)
            count, windows = list_windows(client, saved.query, mindate, saved.maxdate, saved.datetype,
                                          report.warnings)
            matched: dict[str, None] = {}
            for win in windows:
                matched.update(dict.fromkeys(win.ids))
            report.count_reported = count
            report.matched = len(matched)
            report.windows = len(windows)
            if len(matched) != count:
                report.warnings.append(f"NCBI reports {count} hits; its ESearch listing gave {len(matched)} PMIDs")
            store.record_listing(run_id, saved.name, list(matched), count)
            report.new_pmids = tuple(p for p in matched if p not in previous)
            if since is None and earlier_full:
                report.vanished_pmids = tuple(sorted(previous - set(matched), key=lambda p: (len(p), p)))

            stored = store.has(matched)
            wanted = [p for p in matched if p not in stored]
            limited = max_records is not None and len(wanted) > max_records
            if max_records is not None:
                wanted = wanted[:max(0, max_records)]
            batches = _plan(windows, set(wanted), client.config.batch_size)
            records = _run_batches(client, store, run_id, saved.name, batches, report)
            for _ in track(records, f"fetching {saved.name[:40]}", total=len(wanted),
                           enabled=None if progress else False):
                pass

            now_stored = store.has(wanted)
            report.missing_pmids = tuple(p for p in wanted if p not in now_stored)
            report.stored = len(store.has(matched))
            report.requests = client.requests
            report.status = "partial" if (report.missing_pmids or limited) else "complete"
            message = None
            if limited:
                message = f"stopped at --max {max_records}: {len(stored) + len(wanted)} of {len(matched)} stored"
                report.warnings.append(message)
            if report.missing_pmids:
                report.warnings.append(f"{len(report.missing_pmids)} listed PMIDs were not returned by EFetch: "
                                       + ", ".join(report.missing_pmids[:10])
                                       + (" ..." if len(report.missing_pmids) > 10 else ""))
            store.finish_run(run_id, status=report.status, new=len(report.new_pmids),
                             vanished=len(report.vanished_pmids), message=message)
        except QueryError as exc:
            store.finish_run(run_id, status="failed", message=str(exc))
            raise
        except RetrievalError as exc:
            store.finish_run(run_id, status="failed", message=str(exc))
            raise RetrievalError(f"{exc} ({report.fetched} records stored by this run are kept in {path}; "
                                 f"run the same command again to resume)") from None
        except BaseException:
            store.finish_run(run_id, status="interrupted", message="interrupted")
            raise
    for note in report.warnings:
        log.warning("%s: %s", saved.name[:60], note)
    return report


def search_count(query: str | Path | SavedQuery, client_config: ClientConfig | None = None,
                 *, show: int = 20) -> SearchResult:
    """Count a query's hits and list its first ``show`` PMIDs, without fetching records.

    Raises:
        QueryError: NCBI rejected the query.
        RetrievalError: E-utilities failed after all retries.
    """
    saved = load_query(query)
    client = EntrezClient(client_config)
    result = client.esearch(saved.query, retmax=show, mindate=saved.mindate, maxdate=saved.maxdate,
                            datetype=saved.datetype)
    return SearchResult(name=saved.name, query=saved.query, count=result.count, pmids=result.ids,
                        translation=result.translation, warnings=result.warnings)
