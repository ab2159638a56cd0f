"""A fetch killed with SIGKILL in the middle resumes to the full set, with no duplicate."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from eutils_server import FakeEutils
from litreview.retrieval import Store, fetch_query

from retrieval_helpers import make_config

TERM = "hepatectomy AND breast cancer"
REPO = Path(__file__).resolve().parents[2]


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(path, timeout=5)
        try:
            return int(db.execute("SELECT COUNT(*) FROM records").fetchone()[0])
        finally:
            db.close()
    except sqlite3.DatabaseError:  # file or schema not created yet
        return 0


def test_sigkill_mid_fetch_then_resume(fake: FakeEutils, tmp_path: Path) -> None:
    clones = fake.add_clones(list(fake.articles), 37_000_000, 56, date(2000, 1, 1), date(2020, 1, 1))
    pmids = list(fake.articles) + clones
    fake.set_query(TERM, pmids)
    fake.efetch_delay = 0.15  # slow enough that the kill lands mid-run
    store = tmp_path / "kill.sqlite"
    env = dict(os.environ, LITREVIEW_EUTILS_URL=fake.url, LITREVIEW_EUTILS_RATE="500",
               LITREVIEW_RETRY_BASE="0.01", NCBI_EMAIL="tests@example.org", PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "litreview", "fetch", TERM, "--store", str(store),
                             "--batch-size", "5"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while _stored(store) < 15 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    with Store(store) as s:
        before = set(s.pmids())
    assert 15 <= len(before) < 60 and len(before) % 5 == 0  # whole batches only
    fake.efetch_delay = 0.0
    # tool= tells the resumed run's requests from one the killed process had in flight
    report = fetch_query(TERM, store, client_config=make_config(fake, batch_size=5, tool="resumed"),
                         progress=False)
    assert report.stored == 60 and report.fetched == 60 - len(before) and report.status == "complete"
    assert sorted(report.new_pmids) == sorted(pmids)  # the killed run never finished

    resumed = [r for r in fake.requests("efetch") if r.params.get("tool") == "resumed"]
    refetched = [p for r in resumed for p in r.params["id"].split(",")]
    assert len(refetched) == 60 - len(before)
    assert not before & set(refetched)  # what was stored was not fetched again
    with sqlite3.connect(store) as db:
        rows = [r[0] for r in db.execute("SELECT pmid FROM records")]
        statuses = [r[0] for r in db.execute("SELECT status FROM runs ORDER BY run_id")]
    assert sorted(rows) == sorted(pmids)  # each record once
    assert statuses == ["interrupted", "complete"]


def test_ctrl_c_keeps_what_was_stored(fake: FakeEutils, tmp_path: Path) -> None:
    clones = fake.add_clones(list(fake.articles), 38_000_000, 36, date(2000, 1, 1), date(2020, 1, 1))
    fake.set_query(TERM, list(fake.articles) + clones)
    fake.efetch_delay = 0.15
    store = tmp_path / "int.sqlite"
    env = dict(os.environ, LITREVIEW_EUTILS_URL=fake.url, LITREVIEW_EUTILS_RATE="500",
               LITREVIEW_RETRY_BASE="0.01", NCBI_EMAIL="tests@example.org", PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "litreview", "fetch", TERM, "--store", str(store),
                             "--batch-size", "5"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 30
        while _stored(store) < 10 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "interrupted; what was written so far is kept" in err and "Traceback" not in err
    with sqlite3.connect(store) as db:
        stored = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        status = db.execute("SELECT status FROM runs").fetchone()[0]
    assert 10 <= stored < 40 and stored % 5 == 0 and status == "interrupted"
