"""Where a review's records come from: PubMed (a real loopback E-utilities server), the
store, files; the compare command; errors."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from litreview.errors import ConfigError, InputError, StoreError
from litreview.review import DEMO_FILES, DEMO_QUERY, bundled_path, default_out_dir, review

REPO = Path(__file__).resolve().parents[2]


sys.path.insert(0, str(REPO / "tests" / "retrieval"))
from eutils_server import FakeEutils, articles_from, serve  # noqa: E402


@pytest.fixture()
def demo_query(tmp_path: Path) -> Path:
    path = tmp_path / "project" / "bclm_demo.toml"
    path.parent.mkdir()
    shutil.copy(bundled_path(DEMO_QUERY), path)
    return path


def test_review_fetches_from_pubmed_then_reuses_the_store(demo_query: Path, tmp_path: Path) -> None:
    from litreview.retrieval import ClientConfig, load_query
    from litreview.retrieval.retry import RetryPolicy

    fake = FakeEutils()
    pmids = fake.add_articles(articles_from(bundled_path(DEMO_FILES[0])))
    fake.set_query(load_query(demo_query).query, pmids)
    with serve(fake) as running:
        config = ClientConfig(eutils_url=running.url, email="tests@example.org", rate=500.0, timeout=2.0,
                              retry=RetryPolicy(max_tries=3, base=0.01, cap=0.05))
        result = review(demo_query, series=(), client_config=config)
    assert result.fetch is not None and result.fetch.fetched == 17
    assert len(result.records) == 17 and result.skipped == []
    assert result.out_dir.parent == demo_query.parent / "runs"  # the project's runs/<time>/ folder
    assert result.report.is_file()
    run = json.loads((result.out_dir / "run.json").read_text(encoding="utf-8"))
    assert run["fetch"]["fetched"] == 17 and run["query"]["name"] == "bclm_demo"
    assert run["series"] == [] and result.comparison.prisma.local_series == 0
    store = demo_query.with_suffix(".sqlite")
    assert store.is_file()

    # the same records again from the store, no server running
    again = review(demo_query, tmp_path / "again", store=store, series=())
    assert again.fetch is None and len(again.records) == 17
    assert again.comparison.prisma.included == result.comparison.prisma.included


def test_review_offline_files_exit_code_3_on_skipped_record(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "extra.ris"
    bad.write_text("TY  - JOUR\nTI  - [demo] fine record\nAB  - Forty patients underwent hepatectomy.\nER  - \n"
                   "AU  - orphan line without TY\nER  - \n", encoding="utf-8")
    code, out, err = cli("review", "--offline", str(bundled_path(DEMO_FILES[0])), str(bad), "--no-series",
                         "-o", str(tmp_path / "out"))
    assert code == 3, err
    assert "skipped" in err and "extra.ris" in err
    assert (tmp_path / "out" / "report.html").is_file()
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["counts"]["records_read"] == 18 and run["counts"]["records_skipped"] == 1


def test_compare_command_from_extractions(demo_run, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    extractions = demo_run.out / "extractions.jsonl"
    broken = tmp_path / "more.jsonl"
    broken.write_text('{"id": "x1", "relevant": true}\nnot json\n', encoding="utf-8")
    out = tmp_path / "cmp"
    code, _, err = cli("compare", str(extractions), str(broken), "--records",
                       *(str(bundled_path(p)) for p in DEMO_FILES),
                       "--curations", str(bundled_path("demo/curations.yml")), "-o", str(out))
    assert code == 3, err
    assert "more.jsonl, line 2" in err
    review_run = json.loads((demo_run.out / "run.json").read_text(encoding="utf-8"))
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    # the extra relevant record x1 has no fields but is a study; everything else matches the review
    assert run["counts"]["included"] == review_run["counts"]["included"] + 1
    assert run["pooled"]["r0_rate_pct"] == review_run["pooled"]["r0_rate_pct"]
    assert (out / "included.ris").is_file() and (out / "report.html").is_file()


def test_nothing_to_review() -> None:
    with pytest.raises(ConfigError, match="nothing to review"):
        review()


def test_cli_errors_are_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("review", "--demo", "--series", str(tmp_path / "missing.yml"), "-o", str(tmp_path / "o"))
    assert code == 1
    assert err.startswith("litreview review: error:") and "missing.yml" in err and err.count("\n") == 1
    code, _, err = cli("review", "--offline", str(tmp_path / "nope.xml"), "-o", str(tmp_path / "o2"))
    assert code == 1 and "nope.xml" in err
    assert not (tmp_path / "o").exists() and not (tmp_path / "o2").exists()


def test_empty_store_is_an_input_error(tmp_path: Path) -> None:
    from litreview.retrieval import Store

    store = tmp_path / "empty.sqlite"
    with Store(store):
        pass
    with pytest.raises(InputError, match="no stored records"):
        review(None, tmp_path / "o", store=store)
    with pytest.raises(StoreError, match="no query 'bclm_demo' in this store"):
        review(str(bundled_path(DEMO_QUERY)), tmp_path / "o", store=store)


def test_bundled_path_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert bundled_path("demo/bclm_demo.xml").is_file()
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "bclm_demo.xml").write_text("<PubmedArticleSet/>", encoding="utf-8")
    monkeypatch.setenv("LITREVIEW_CORPORA", str(tmp_path))
    assert bundled_path("demo/bclm_demo.xml") == tmp_path / "demo" / "bclm_demo.xml"
    with pytest.raises(ConfigError, match="LITREVIEW_CORPORA"):
        bundled_path("demo/nothing.xml")


def test_default_out_dir(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    now = datetime(2026, 11, 26, 15, 4, 5, tzinfo=timezone.utc)
    assert default_out_dir(tmp_path / "q.toml", now) == tmp_path / "runs" / "20261126-150405"


def test_compare_without_record_files(demo_run, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cmp"
    code, printed, err = cli("compare", str(demo_run.out / "extractions.jsonl"), "--no-series", "-o", str(out))
    assert code == 0, err
    assert printed.startswith("extractions: 19 read;")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["counts"]["records_read"] == 0 and run["series"] == []
    assert run["created"].endswith("Z") and "T" in run["created"]
    ris = (out / "included.ris").read_text(encoding="utf-8")
    # studies still listed by title for a reference manager
    assert ris.count("TY  - ") == run["counts"]["included"] and "[demo] Hepatectomy for breast cancer" in ris
