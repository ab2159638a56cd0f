"""fetch_query / search_count end to end: store, refresh, vanished PMIDs, date windows."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from eutils_server import FakeEutils, Fault
from litreview.errors import QueryError, RetrievalError
from litreview.retrieval import Store, fetch_query, search_count
from litreview.retrieval.entrez import ClientConfig, EntrezClient
from litreview.retrieval.fetch import list_windows
from litreview.retrieval.retry import RetryPolicy

from retrieval_helpers import make_config

TERM = "hepatectomy AND breast cancer"


def _served(fake: FakeEutils, n: int, first: int = 31_000_000) -> list[str]:
    clones = fake.add_clones(list(fake.articles), first, n, date(2005, 1, 1), date(2024, 12, 31))
    fake.set_query(TERM, list(fake.articles) + clones)
    return list(fake.articles) + clones


def _efetched(fake: FakeEutils) -> list[str]:
    """PMIDs the server was asked for (by id or by position), in order."""
    out: list[str] = []
    sessions = fake._sessions
    for request in fake.requests("efetch"):
        if request.fault:
            continue
        if "id" in request.params:
            out.extend(request.params["id"].split(","))
        else:
            hits = sessions[request.params["WebEnv"]][int(request.params["query_key"]) - 1]
            start = int(request.params["retstart"])
            out.extend(hits[start:start + int(request.params["retmax"])])
    return out


def test_fetch_then_refresh_fetches_only_new(fake: FakeEutils, tmp_path: Path) -> None:
    pmids = _served(fake, 53)
    store_path = tmp_path / "bclm.sqlite"
    config = make_config(fake, batch_size=10)
    first = fetch_query(TERM, store_path, client_config=config, progress=False)
    assert (first.count_reported, first.matched, first.fetched, first.stored) == (57, 57, 57, 57)
    assert sorted(first.new_pmids) == sorted(pmids) and first.vanished_pmids == ()
    assert first.status == "complete" and first.difference == 0
    assert first.summary().startswith("stored 57 records (57 new, 0 no longer matching)")
    # a new window of the whole query was fetched through the history server, by position
    assert all("WebEnv" in r.params for r in fake.requests("efetch"))
    assert sorted(_efetched(fake)) == sorted(pmids)

    second = fetch_query(TERM, store_path, client_config=config, progress=False)
    assert (second.fetched, second.new_pmids, second.vanished_pmids, second.stored) == (0, (), (), 57)
    assert "(0 new, 0 no longer matching)" in second.summary()
    assert len(fake.requests("efetch")) == 6  # nothing fetched the second time

    # PubMed changes: three new records, two earlier hits no longer match
    newer = fake.add_clones(list(fake.articles), 32_000_000, 3, date(2025, 1, 1), date(2025, 2, 1))
    now = [p for p in pmids if p not in ("31000000", "31000001")] + newer
    fake.set_query(TERM, now)
    third = fetch_query(TERM, store_path, client_config=config, progress=False)
    assert sorted(third.new_pmids) == sorted(newer) and third.fetched == 3
    assert third.vanished_pmids == ("31000000", "31000001")
    assert third.stored == 58
    assert sorted(_efetched(fake)) == sorted(pmids + newer)  # every record fetched exactly once

    with Store(store_path) as store:
        assert store.count() == 60  # vanished records stay in the store ...
        assert len(store.pmids(TERM)) == 58  # ... but no longer belong to the query
        runs = store.runs(TERM)
        assert [(r.status, r.new, r.vanished, r.fetched) for r in runs] == [
            ("complete", 57, 0, 57), ("complete", 0, 0, 0), ("complete", 3, 2, 3)]
        record = next(iter(store.records(TERM)))
        assert record.pmid and record.title and "raw_xml" not in record.extra


def test_max_and_since(fake: FakeEutils, tmp_path: Path) -> None:
    _served(fake, 40)
    store_path = tmp_path / "s.sqlite"
    config = make_config(fake, batch_size=7)
    limited = fetch_query(TERM, store_path, max_records=10, client_config=config, progress=False)
    assert limited.fetched == 10 and limited.status == "partial" and limited.difference == 34
    assert any("--max 10" in w for w in limited.warnings)
    rest = fetch_query(TERM, store_path, client_config=config, progress=False)
    assert rest.fetched == 34 and rest.stored == 44 and rest.status == "complete"
    assert len(set(_efetched(fake))) == len(_efetched(fake)) == 44
    # clones are dated 2005..2024 and the four fixture articles 2020/01/01 (the server's dates)
    since = fetch_query(TERM, store_path, since="2020-06-01", client_config=config, progress=False)
    request = fake.requests("esearch")[-1].params
    assert (request["mindate"], request["datetype"]) == ("2020/06/01", "pdat")
    assert 0 < since.matched < 44 and since.fetched == 0 and since.vanished_pmids == ()


def test_window_split_covers_every_hit(fake: FakeEutils, tmp_path: Path) -> None:
    # 25,000 hits: more than PubMed pages; the fake server refuses retstart > 9,998 as NCBI does.
    pmids = _served(fake, 24_996)
    config = make_config(fake, batch_size=25)
    report = fetch_query(TERM, tmp_path / "big.sqlite", max_records=50, client_config=config, progress=False)
    assert report.count_reported == 25_000 and report.matched == 25_000
    assert report.windows >= 3 and report.fetched == 50
    # no ESearch asked to page past PubMed's cap
    assert all(int(r.params.get("retstart", 0)) + int(r.params.get("retmax", 0)) <= 10_000
               for r in fake.requests("esearch"))
    with Store(tmp_path / "big.sqlite") as store:
        run = store.runs()[0]
        assert run.matched == 25_000 and run.count_reported == 25_000
        assert len(store.query_pmids(TERM)) == 25_000
    assert set(pmids) == set(store_pmids(tmp_path / "big.sqlite", TERM))


def store_pmids(path: Path, name: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT pmid FROM query_hits WHERE query_name=?", (name,))]


def test_list_windows_bisects_and_pages(fake: FakeEutils) -> None:
    pmids = _served(fake, 296)  # 300 hits
    client = EntrezClient(make_config(fake, window_cap=100, id_page_size=30))
    count, windows = list_windows(client, TERM)
    assert count == 300
    assert all(w.count < 100 for w in windows)
    listed = [p for w in windows for p in w.ids]
    assert len(listed) == len(set(listed)) == 300 and set(listed) == set(pmids)
    assert sum(w.count for w in windows) == 300
    # consecutive windows touch without overlapping
    bounds = sorted((w.mindate or "", w.maxdate or "") for w in windows)
    for (_, hi), (lo, _) in zip(bounds, bounds[1:]):
        assert hi < lo
    assert any(int(r.params.get("retstart", 0)) > 0 for r in fake.requests("esearch"))  # paging used


def test_too_many_hits_on_one_day_is_reported(fake: FakeEutils) -> None:
    clones = fake.add_clones(list(fake.articles), 33_000_000, 150, date(2021, 5, 5), date(2021, 5, 5))
    fake.set_query(TERM, clones)
    notes: list[str] = []
    count, windows = list_windows(EntrezClient(make_config(fake, window_cap=100)), TERM,
                                  "2021/01/01", "2021/12/31", warnings=notes)
    assert count == 150 and len(windows) == 1 and len(windows[0].ids) == 99
    assert any("2021/05/05 alone" in n for n in notes)


def test_expired_history_falls_back_to_ids(fake: FakeEutils, tmp_path: Path) -> None:
    pmids = _served(fake, 6)
    config = make_config(fake, retry=RetryPolicy(max_tries=2, base=0.01, cap=0.01))
    fake.inject(Fault("error"), Fault("error"))  # "Unable to obtain query #1", twice
    report = fetch_query(TERM, tmp_path / "h.sqlite", client_config=config, progress=False)
    assert report.stored == len(pmids) and report.status == "complete"
    assert "id" in fake.requests("efetch")[-1].params


def test_failure_keeps_stored_batches_and_resume_completes(fake: FakeEutils, tmp_path: Path) -> None:
    pmids = _served(fake, 26)
    store_path = tmp_path / "f.sqlite"
    config = make_config(fake, batch_size=10, retry=RetryPolicy(max_tries=2, base=0.01, cap=0.01))
    # the first batch succeeds, then the server keeps failing
    fake.inject(Fault("delay", seconds=0), *[Fault("503") for _ in range(8)])
    with pytest.raises(RetrievalError, match="gave up after 2 attempts.*kept in .*f.sqlite"):
        fetch_query(TERM, store_path, client_config=config, progress=False)
    with Store(store_path) as store:
        assert store.count() == 10
        assert store.runs()[0].status == "failed"
    fake.faults.clear()
    report = fetch_query(TERM, store_path, client_config=config, progress=False)
    assert report.fetched == 20 and report.stored == 30 and sorted(report.new_pmids) == sorted(pmids)


def test_missing_records_are_reported(fake: FakeEutils, tmp_path: Path) -> None:
    fake.set_query(TERM, list(fake.articles) + ["39999999"])  # listed, but EFetch has no such article
    report = fetch_query(TERM, tmp_path / "m.sqlite", client_config=make_config(fake), progress=False)
    assert report.missing_pmids == ("39999999",) and report.status == "partial"
    assert report.difference == 1 and "1 not stored" in report.summary()


def test_bad_query_is_a_query_error_and_recorded(fake: FakeEutils, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="phrase not found: nonsenseterm"):
        fetch_query("nonsenseterm", tmp_path / "q.sqlite", client_config=make_config(fake), progress=False)
    with Store(tmp_path / "q.sqlite") as store:
        assert store.runs()[0].status == "failed"


def test_search_count(fake: FakeEutils, config: ClientConfig) -> None:
    _served(fake, 30)
    result = search_count(TERM, config, show=5)
    assert result.count == 34 and len(result.pmids) == 5 and result.translation == TERM
    assert fake.requests("efetch") == []
