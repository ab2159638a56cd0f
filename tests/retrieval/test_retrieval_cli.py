"""``litreview search``, ``fetch`` and ``export`` through the real command line."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from eutils_server import FakeEutils
from litreview.cli import main
from litreview.io.pubmed_xml import parse_pubmed_xml
from litreview.retrieval.queries import load_query

REPO = Path(__file__).resolve().parents[2]
QUERY_FILE = REPO / "queries" / "bclm_hepatectomy.toml"


@pytest.fixture
def bclm(fast_env: FakeEutils, tmp_path: Path) -> tuple[FakeEutils, Path, list[str]]:
    """The saved BCLM query copied to tmp_path; the fake server matches it with 57 records."""
    query = tmp_path / "bclm_hepatectomy.toml"
    shutil.copy(QUERY_FILE, query)
    fake = fast_env
    clones = fake.add_clones(list(fake.articles), 35_000_000, 53, date(1995, 1, 1), date(2025, 6, 30))
    pmids = list(fake.articles) + clones
    fake.set_query(load_query(query).query, pmids)
    return fake, query, pmids


def test_fetch_saved_query_twice(bclm: tuple[FakeEutils, Path, list[str]], capsys: pytest.CaptureFixture[str],
                                 tmp_path: Path) -> None:
    fake, query, pmids = bclm
    # the base URL is given explicitly here, as a user would; the env var is the fallback
    assert main(["fetch", str(query), "--eutils-url", fake.url, "-o", str(tmp_path / "dump.xml"),
                 "--batch-size", "20"]) == 0
    out = capsys.readouterr().out
    store = tmp_path / "bclm_hepatectomy.sqlite"  # beside the query file
    assert f"stored 57 records (57 new, 0 no longer matching); fetched 57 this run; store: {store}" in out
    assert "wrote 57 records to" in out
    first_dump = (tmp_path / "dump.xml").read_bytes()
    assert sorted(r.pmid for r in parse_pubmed_xml(tmp_path / "dump.xml")) == sorted(pmids)

    assert main(["fetch", str(query), "--eutils-url", fake.url, "-o", str(tmp_path / "dump.xml")]) == 0
    out = capsys.readouterr().out
    assert "stored 57 records (0 new, 0 no longer matching); fetched 0 this run" in out
    assert (tmp_path / "dump.xml").read_bytes() == first_dump  # same matches, same file

    assert main(["export", "--store", str(store), "-o", str(tmp_path / "all.jsonl"),
                 "--query", "bclm_hepatectomy"]) == 0
    lines = (tmp_path / "all.jsonl").read_text().splitlines()
    assert len(lines) == 57 and {json.loads(line)["pmid"] for line in lines} == set(pmids)
    assert main(["export", "--store", str(store), "-o", str(tmp_path / "all.ris")]) == 0
    assert (tmp_path / "all.ris").read_text().count("ER  -") == 57


def test_fetch_reports_vanished_and_new(bclm: tuple[FakeEutils, Path, list[str]],
                                        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fake, query, pmids = bclm
    store = tmp_path / "elsewhere" / "s.sqlite"
    query = QUERY_FILE  # the file shipped in queries/, its store redirected
    assert main(["fetch", str(query), "--store", str(store)]) == 0
    newer = fake.add_clones(list(fake.articles), 36_000_000, 2, date(2026, 1, 1), date(2026, 1, 2))
    fake.set_query(load_query(query).query, [p for p in pmids if p != "39100002"] + newer)
    capsys.readouterr()
    assert main(["fetch", str(query), "--store", str(store), "-o", str(tmp_path / "now.csv")]) == 0
    out = capsys.readouterr().out
    assert f"new: {' '.join(sorted(newer, reverse=True))}" in out
    assert "no longer matching: 39100002" in out
    assert "stored 58 records (2 new, 1 no longer matching); fetched 2 this run" in out
    assert "wrote 58 records" in out


def test_search_prints_count_and_pmids(bclm: tuple[FakeEutils, Path, list[str]],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    fake, query, pmids = bclm
    assert main(["search", str(query), "--show", "3"]) == 0
    out = capsys.readouterr().out
    assert "bclm_hepatectomy: 57 PubMed records" in out
    assert "PMIDs (first 3): 39100004 39100003 39100002" in out
    assert fake.requests("efetch") == []


def test_inline_query_and_errors(fast_env: FakeEutils, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fast_env.set_query("hepatectomy[MeSH] AND breast", fast_env.articles)
    monkeypatch.chdir(tmp_path)
    assert main(["fetch", "hepatectomy[MeSH] AND breast", "-o", "out.jsonl"]) == 0
    assert (tmp_path / "litreview.sqlite").is_file()
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 4
    assert main(["search", "hepatectomy[MeSH]   AND breast"]) == 0
    assert "query: 4 PubMed records" in capsys.readouterr().out

    assert main(["search", "nonsenseterm"]) == 1
    err = capsys.readouterr().err
    assert "litreview search: error: PubMed found nothing for 'nonsenseterm': phrase not found" in err
    assert "Traceback" not in err

    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nquery = "y"\nfilter = "z"\n')
    assert main(["fetch", str(bad)]) == 1
    assert "unknown key filter; valid keys: name, description, query" in capsys.readouterr().err

    assert main(["fetch", "hepatectomy[MeSH] AND breast", "-o", "out.docx"]) == 1
    assert "out.docx: cannot write .docx; available: jsonl" in capsys.readouterr().err
    assert main(["export", "--store", str(tmp_path / "absent.sqlite"), "-o", "x.jsonl"]) == 1
    assert "no such store" in capsys.readouterr().err
    assert main(["export", "--store", "litreview.sqlite", "-o", "x.jsonl", "--query", "other"]) == 1
    assert "no query 'other' in this store; available: hepatectomy[MeSH] AND breast" in capsys.readouterr().err


def test_dropped_phrase_is_reported_not_hidden(fast_env: FakeEutils, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    term = "hepatectomy AND brest-cancr"
    fast_env.set_query(term, fast_env.articles)
    fast_env.dropped_phrases[term] = "brest-cancr"
    assert main(["search", term]) == 0
    assert "warning: phrase not found: brest-cancr" in capsys.readouterr().err
    assert main(["fetch", term, "--store", str(tmp_path / "w.sqlite")]) == 0
    captured = capsys.readouterr()
    assert "warning: phrase not found: brest-cancr" in captured.err
    assert "stored 4 records (4 new, 0 no longer matching)" in captured.out
