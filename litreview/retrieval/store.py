"""The local store of a review project: one SQLite file (stdlib sqlite3, WAL mode).

Tables::

    meta        key/value; schema_version
    records     pmid (primary key), id, record (Record.to_dict as JSON), raw_xml,
                first_seen, last_seen
    runs        run_id, query_name, query_string, since, started, finished,
                count_reported, matched, fetched, new, vanished, listed, status, message
    query_hits  query_name, pmid, run_id, seen_at   (which run of which query found a PMID)

Each EFetch batch is written in one transaction, together with nothing else, so a
run killed at any moment (Ctrl-C, kill -9, power cut aside) leaves whole batches
only; the next run lists the query again and fetches what is still missing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Iterable, Iterator, Sequence

from litreview.errors import StoreError
from litreview.records import Record

__all__ = ["Store", "RunInfo", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    pmid TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    record TEXT NOT NULL,
    raw_xml TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    query_name TEXT NOT NULL,
    query_string TEXT NOT NULL,
    since TEXT,
    started TEXT NOT NULL,
    finished TEXT,
    count_reported INTEGER,
    matched INTEGER,
    fetched INTEGER NOT NULL DEFAULT 0,
    new INTEGER,
    vanished INTEGER,
    listed INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    message TEXT
);
CREATE TABLE IF NOT EXISTS query_hits (
    query_name TEXT NOT NULL,
    pmid TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seen_at TEXT NOT NULL,
    PRIMARY KEY (query_name, pmid, run_id)
);
CREATE INDEX IF NOT EXISTS query_hits_run ON query_hits(query_name, run_id);
"""

#: Run states: ``running`` while a process works on it; ``complete`` when every listed
#: PMID is stored; ``partial`` when some could not be fetched; ``interrupted`` when the
#: process was stopped; ``failed`` when retrieval gave up.
RUN_STATES = ("running", "complete", "partial", "interrupted", "failed")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _pmid_key(pmid: str) -> tuple[int, str]:
    return (int(pmid), pmid) if pmid.isdigit() else (1 << 62, pmid)


@dataclass(frozen=True)
class RunInfo:
    """One row of the ``runs`` table."""

    run_id: int
    query_name: str
    query_string: str
    since: str | None
    started: str
    finished: str | None
    count_reported: int | None
    matched: int | None
    fetched: int
    new: int | None
    vanished: int | None
    listed: bool
    status: str
    message: str | None


_RUN_COLUMNS = ("run_id", "query_name", "query_string", "since", "started", "finished", "count_reported",
                "matched", "fetched", "new", "vanished", "listed", "status", "message")


class Store:
    """A review project's SQLite store; use as a context manager.

    Args:
        path: the ``.sqlite`` file; created (with its folder) when absent.
        create: when False, a missing file is a :class:`StoreError`.
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT).
            self._db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a committed batch survives the process being killed.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._init_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable litreview store: {exc}") from None

    # -- lifecycle -------------------------------------------------------------------

    def _init_schema(self) -> None:
        with self._transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)",
                                 (str(SCHEMA_VERSION),))
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema version {row[0]} is newer than this "
                                 f"litreview understands ({SCHEMA_VERSION}); upgrade litreview")

    def _transaction(self) -> "_Transaction":
        return _Transaction(self._db)

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- runs ------------------------------------------------------------------------

    def start_run(self, query_name: str, query_string: str, since: str | None = None) -> int:
        """Open a run; runs left ``running`` by a killed process become ``interrupted``."""
        with self._transaction():
            self._db.execute("UPDATE runs SET status='interrupted' WHERE status='running' AND query_name=?",
                             (query_name,))
            cur = self._db.execute(
                "INSERT INTO runs(query_name, query_string, since, started, status) VALUES (?,?,?,?, 'running')",
                (query_name, query_string, since, _now()))
            return int(cur.lastrowid)

    def record_listing(self, run_id: int, query_name: str, pmids: Sequence[str],
                       count_reported: int) -> None:
        """Store which PMIDs this run's ESearch listed, in one transaction."""
        now = _now()
        with self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO query_hits(query_name, pmid, run_id, seen_at) VALUES (?,?,?,?)",
                ((query_name, pmid, run_id, now) for pmid in pmids))
            self._db.execute("UPDATE runs SET listed=1, count_reported=?, matched=? WHERE run_id=?",
                             (count_reported, len(pmids), run_id))

    def finish_run(self, run_id: int, *, status: str, fetched: int | None = None, new: int | None = None,
                   vanished: int | None = None, message: str | None = None) -> None:
        """Close a run with its outcome."""
        if status not in RUN_STATES:
            raise ValueError(f"unknown run status {status!r}; valid: {', '.join(RUN_STATES)}")
        with self._transaction():
            self._db.execute(
                "UPDATE runs SET status=?, finished=?, fetched=COALESCE(?, fetched), new=?, vanished=?,"
                " message=? WHERE run_id=?",
                (status, _now(), fetched, new, vanished, message, run_id))

    def runs(self, query: str | None = None) -> list[RunInfo]:
        """All runs, oldest first; only those of ``query`` (name or query string) if given."""
        sql = f"SELECT {', '.join(_RUN_COLUMNS)} FROM runs"
        args: tuple[str, ...] = ()
        if query is not None:
            sql += " WHERE query_name=? OR query_string=?"
            args = (query, query)
        rows = self._db.execute(sql + " ORDER BY run_id", args).fetchall()
        return [RunInfo(**{**dict(zip(_RUN_COLUMNS, row)), "listed": bool(row[11])}) for row in rows]

    def queries(self) -> list[str]:
        """Names of the queries that have runs in this store."""
        return [r[0] for r in self._db.execute("SELECT DISTINCT query_name FROM runs ORDER BY query_name")]

    # -- records ---------------------------------------------------------------------

    def add_records(self, run_id: int, query_name: str, records: Iterable[Record]) -> int:
        """Store one fetched batch in one transaction; returns how many PMIDs were new to the store.

        The raw ``<PubmedArticle>`` XML is taken from ``record.extra["raw_xml"]`` and kept
        in its own column, not in the JSON. Records already stored are replaced by the
        newer version (``first_seen`` kept). Each record also counts as a hit of the run.
        """
        now = _now()
        new = 0
        fetched = 0
        with self._transaction():
            for record in records:
                fetched += 1
                pmid = record.pmid or record.id
                extra = dict(record.extra)
                raw = extra.pop("raw_xml", None)
                data = record.to_dict()
                data["extra"] = extra
                payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
                cur = self._db.execute(
                    "UPDATE records SET id=?, record=?, raw_xml=COALESCE(?, raw_xml), last_seen=? WHERE pmid=?",
                    (record.id, payload, raw, now, pmid))
                if cur.rowcount == 0:
                    self._db.execute(
                        "INSERT INTO records(pmid, id, record, raw_xml, first_seen, last_seen) VALUES (?,?,?,?,?,?)",
                        (pmid, record.id, payload, raw, now, now))
                    new += 1
                self._db.execute(
                    "INSERT OR IGNORE INTO query_hits(query_name, pmid, run_id, seen_at) VALUES (?,?,?,?)",
                    (query_name, pmid, run_id, now))
            self._db.execute("UPDATE runs SET fetched=fetched+? WHERE run_id=?", (fetched, run_id))
        return new

    def _resolve_query(self, query: str) -> str:
        row = self._db.execute(
            "SELECT query_name FROM runs WHERE query_name=? OR query_string=? ORDER BY run_id DESC LIMIT 1",
            (query, query)).fetchone()
        if row is None:
            known = self.queries()
            raise StoreError(f"{self.path}: no query {query!r} in this store; available: "
                             f"{', '.join(known) if known else '(none: run litreview fetch first)'}")
        return str(row[0])

    def query_pmids(self, query: str, *, finished_only: bool = False) -> set[str]:
        """PMIDs the query currently matches, by its runs.

        That is the PMIDs listed by its latest full run (one without ``since``) plus
        those listed by later ``since`` runs; before any full run, every run's hits.
        ``finished_only`` ignores runs that did not finish (killed or running).
        """
        name = self._resolve_query(query)
        status_filter = " AND status IN ('complete', 'partial')" if finished_only else ""
        row = self._db.execute(
            "SELECT MAX(run_id) FROM runs WHERE query_name=? AND listed=1 AND since IS NULL" + status_filter,
            (name,)).fetchone()
        first = row[0] if row and row[0] is not None else 0
        rows = self._db.execute(
            "SELECT DISTINCT h.pmid FROM query_hits h JOIN runs r ON r.run_id=h.run_id "
            "WHERE h.query_name=? AND h.run_id>=? AND r.listed=1" + status_filter.replace("status", "r.status"),
            (name, first))
        return {r[0] for r in rows}

    def pmids(self, query: str | None = None) -> list[str]:
        """Stored PMIDs in numeric order; only those the query matches if given."""
        stored = [r[0] for r in self._db.execute("SELECT pmid FROM records")]
        if query is not None:
            wanted = self.query_pmids(query)
            stored = [p for p in stored if p in wanted]
        return sorted(stored, key=_pmid_key)

    def has(self, pmids: Iterable[str]) -> set[str]:
        """Those of ``pmids`` that are stored."""
        wanted = set(pmids)
        return {r[0] for r in self._db.execute("SELECT pmid FROM records")} & wanted

    def count(self, query: str | None = None) -> int:
        """Number of stored records (matching ``query`` if given)."""
        if query is None:
            return int(self._db.execute("SELECT COUNT(*) FROM records").fetchone()[0])
        return len(self.pmids(query))

    def _rows(self, columns: str, query: str | None) -> Iterator[tuple]:
        wanted = self.query_pmids(query) if query is not None else None
        cursor = self._db.execute(f"SELECT pmid, {columns} FROM records ORDER BY CAST(pmid AS INTEGER), pmid")
        for row in cursor:
            if wanted is None or row[0] in wanted:
                yield row[1:]

    def records(self, query: str | None = None) -> Iterator[Record]:
        """Stored records in PMID order (only those ``query`` matches, if given)."""
        for (payload,) in self._rows("record", query):
            yield Record.from_dict(json.loads(payload))

    def raw_xml(self, query: str | None = None) -> Iterator[tuple[str, str | None]]:
        """``(pmid, raw <PubmedArticle> XML)`` pairs in PMID order."""
        for pmid, raw in self._rows("pmid, raw_xml", query):
            yield pmid, raw


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception (Ctrl-C included)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self._db.execute("COMMIT")
        else:
            self._db.execute("ROLLBACK")
