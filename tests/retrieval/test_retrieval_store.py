"""The SQLite store: schema, batches, query membership, export."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from litreview.errors import StoreError, UnknownFormatError
from litreview.io.pubmed_xml import parse_pubmed_xml
from litreview.records import Record
from litreview.retrieval.export import export_store
from litreview.retrieval.store import SCHEMA_VERSION, Store


@pytest.fixture
def records(fixtures_dir: Path) -> list[Record]:
    return list(parse_pubmed_xml(fixtures_dir / "eutils" / "bclm_articles.xml", keep_raw=True))


def test_schema_and_round_trip(tmp_path: Path, records: list[Record]) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        run = store.start_run("q", "a AND b")
        store.record_listing(run, "q", [r.pmid or "" for r in records], 4)
        assert store.add_records(run, "q", records[:2]) == 2
        assert store.add_records(run, "q", records[1:]) == 2  # the repeated one is replaced, not doubled
        store.finish_run(run, status="complete", new=4, vanished=0)
        assert store.count() == 4 and store.count("q") == 4 and store.count("a AND b") == 4
        stored = list(store.records("q"))
        assert stored == sorted((replace(r) for r in records), key=lambda r: int(r.pmid or 0))
        assert all("raw_xml" not in r.extra for r in stored)
        assert [p for p, raw in store.raw_xml() if raw and raw.startswith("<PubmedArticle>")] == store.pmids()
        (info,) = store.runs()
        assert (info.query_name, info.status, info.matched, info.fetched, info.listed) == ("q", "complete", 4, 5, True)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
            "records", "runs", "query_hits", "meta"}


def test_membership_follows_latest_full_listing(tmp_path: Path, records: list[Record]) -> None:
    a, b, c, d = (r.pmid or "" for r in records)
    with Store(tmp_path / "s.sqlite") as store:
        first = store.start_run("q", "q")
        store.record_listing(first, "q", [a, b, c], 3)
        store.add_records(first, "q", records)
        store.finish_run(first, status="complete")
        second = store.start_run("q", "q")
        store.record_listing(second, "q", [a, b], 2)
        store.finish_run(second, status="complete")
        update = store.start_run("q", "q", since="2024")
        store.record_listing(update, "q", [d], 1)
        store.finish_run(update, status="complete")
        assert store.query_pmids("q") == {a, b, d}
        assert store.pmids("q") == sorted([a, b, d], key=int)
        killed = store.start_run("q", "q")
        store.record_listing(killed, "q", [c], 1)
        assert store.query_pmids("q", finished_only=True) == {a, b, d}
        assert store.query_pmids("q") == {c}
        store.start_run("q", "q")  # a new run marks the one left running as interrupted
        assert [r.status for r in store.runs("q")][-2:] == ["interrupted", "running"]
        with pytest.raises(StoreError, match="no query 'other' in this store; available: q"):
            store.pmids("other")


def test_export_formats(tmp_path: Path, records: list[Record]) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        run = store.start_run("q", "q")
        store.record_listing(run, "q", [r.pmid or "" for r in records], 4)
        store.add_records(run, "q", records)
        assert export_store(store, tmp_path / "out.xml", "q") == 4
        again = list(parse_pubmed_xml(tmp_path / "out.xml"))
        assert sorted(r.pmid or "" for r in again) == sorted(r.pmid or "" for r in records)
        assert {r.pmid: r.title for r in again} == {r.pmid: r.title for r in records}
        assert export_store(store, tmp_path / "out.jsonl") == 4
        with pytest.raises(UnknownFormatError):
            export_store(store, tmp_path / "out.pdf")
        assert not (tmp_path / "out.pdf").exists()


def test_unusable_files(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable litreview store"):
        Store(junk)
    newer = tmp_path / "newer.sqlite"
    Store(newer).close()
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(newer)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.sqlite", create=False)
