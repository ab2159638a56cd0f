"""The E-utilities client against a real HTTP server on 127.0.0.1, faults included."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from urllib.request import Request

import pytest
from Bio import Entrez

from eutils_server import FakeEutils, Fault, articles_from
from litreview.errors import ConfigError, QueryError, RetrievalError
from litreview.io.pubmed_xml import parse_pubmed_xml
from litreview.retrieval.entrez import NCBI_EUTILS_URL, ClientConfig, EntrezClient
from litreview.retrieval.retry import RetryPolicy

from retrieval_helpers import make_config

TERM = "hepatectomy AND breast cancer"


def test_esearch_answers_in_ncbi_shape(fake: FakeEutils, config: ClientConfig) -> None:
    fake.set_query(TERM, fake.articles)
    result = EntrezClient(config).esearch(TERM, usehistory=True, retmax=2)
    assert result.count == 4
    assert result.ids == ("39100004", "39100003")
    assert result.webenv and result.query_key == "1"
    assert result.translation == TERM
    request = fake.requests("esearch")[0]
    assert request.params["usehistory"] == "y" and request.params["db"] == "pubmed"
    assert request.params["tool"] == "litreview" and request.params["email"] == "tests@example.org"


def test_history_efetch_returns_records_with_raw_xml(fake: FakeEutils, config: ClientConfig) -> None:
    fake.set_query(TERM, fake.articles)
    client = EntrezClient(config)
    found = client.esearch(TERM, usehistory=True, retmax=0)
    batch = client.efetch_history(found.webenv or "", found.query_key or "", 1, 2)
    assert [r.pmid for r in batch.records] == ["39100003", "39100002"]
    assert batch.records[0].extra["raw_xml"].startswith("<PubmedArticle>")
    params = fake.requests("efetch")[-1].params
    assert (params["retstart"], params["retmax"], params["retmode"]) == ("1", "2", "xml")


def test_long_id_lists_are_posted(fake: FakeEutils, config: ClientConfig) -> None:
    clones = fake.add_clones(list(fake.articles), 20_000_000, 250, *_dates())
    batch = EntrezClient(config).efetch_ids(clones)
    assert [r.pmid for r in batch.records] == clones
    assert fake.requests("efetch")[-1].method == "POST"
    EntrezClient(config).efetch_ids(clones[:3])
    assert fake.requests("efetch")[-1].method == "GET"


@pytest.mark.parametrize("fault", [
    Fault("429"), Fault("429", retry_after="0"), Fault("429-200"), Fault("500"), Fault("502"), Fault("503"),
    Fault("delay", seconds=2.5), Fault("truncate"), Fault("short"), Fault("reset"), Fault("error"),
], ids=lambda f: f.kind + ("+retry-after" if f.retry_after else ""))
def test_every_fault_is_retried_and_records_arrive_once(fake: FakeEutils, fault: Fault) -> None:
    config = make_config(fake, timeout=1.0) if fault.kind == "delay" else make_config(fake)
    fake.set_query(TERM, fake.articles)
    # An ESearch <ERROR> is NCBI rejecting the query (tested below); EFetch <ERROR>s are hiccups.
    on_esearch = [] if fault.kind == "error" else [Fault(fault.kind, "esearch", fault.retry_after, fault.seconds)]
    fake.inject(fault, *on_esearch)
    client = EntrezClient(config)
    found = client.esearch(TERM, usehistory=True, retmax=10)
    batch = client.efetch_history(found.webenv or "", found.query_key or "", 0, 10)
    assert sorted(r.pmid for r in batch.records) == sorted(fake.articles)
    faulty = sorted(r.endpoint for r in fake.log if r.fault)
    assert faulty == (["efetch"] if fault.kind == "error" else ["efetch", "esearch"])
    assert client.requests == 2 + len(faulty)  # each faulty request was sent once more


def test_esearch_error_element_is_a_query_error(fake: FakeEutils, config: ClientConfig) -> None:
    with pytest.raises(QueryError, match="nothing todo"):
        EntrezClient(config).esearch("")
    fake.set_query(TERM, fake.articles)
    fake.inject(Fault("error", "esearch"))
    with pytest.raises(QueryError, match="Invalid query syntax"):
        EntrezClient(config).esearch(TERM)
    assert len(fake.requests("esearch")) == 2  # no retry of a rejected query


def test_esearch_backend_hiccup_is_retried(fake: FakeEutils, config: ClientConfig) -> None:
    fake.set_query(TERM, fake.articles)
    fake.inject(Fault("backend-error", "esearch"))
    assert EntrezClient(config).esearch(TERM).count == 4
    assert [r.fault for r in fake.requests("esearch")] == ["backend-error", None]


def test_phrase_not_found_is_a_clear_query_error(fake: FakeEutils, config: ClientConfig) -> None:
    with pytest.raises(QueryError) as info:
        EntrezClient(config).esearch("abcXYZ")
    assert "phrase not found: abcXYZ" in str(info.value) and "No items found" in str(info.value)


def test_warnings_with_hits_are_reported(shared_corpora: Path, fake: FakeEutils, config: ClientConfig) -> None:
    # esearch8.xml is NCBI's real answer with ErrorList + WarningList (and no hits).
    from litreview.retrieval.entrez import EntrezClient as Client

    body = (shared_corpora / "eutils" / "esearch8.xml").read_bytes()
    with pytest.raises(QueryError, match="phrase not found: abcXYZ"):
        Client._parse_esearch(body, "abcXYZ")
    with_hits = body.replace(b"<Count>0</Count>", b"<Count>5</Count>")
    result = Client._parse_esearch(with_hits, "abcXYZ")
    assert result.count == 5 and "phrase not found: abcXYZ" in result.warnings


def test_fake_esearch_has_the_shape_of_real_answers(shared_corpora: Path, fake: FakeEutils) -> None:
    real = Entrez.read((shared_corpora / "eutils" / "esearch2.xml").open("rb"))
    fake.set_query(TERM, fake.articles)
    ours = Entrez.read(io.BytesIO(fake.esearch({"term": TERM, "usehistory": "y"})))
    assert list(ours.keys()) == list(real.keys())
    assert {k: type(v) for k, v in ours.items()} == {k: type(v) for k, v in real.items()}


def test_real_esearch_answers_parse(shared_corpora: Path) -> None:
    result = EntrezClient._parse_esearch((shared_corpora / "eutils" / "esearch2.xml").read_bytes(), "cancer")
    assert result.count == 42249 and len(result.ids) == 100 and result.webenv == "MCID_6927d6e7fee3e90f880ec190"


def test_gives_up_after_max_tries_with_clear_message(fake: FakeEutils) -> None:
    config = make_config(fake, retry=RetryPolicy(max_tries=3, base=0.01, cap=0.02))
    fake.set_query(TERM, fake.articles)
    fake.inject(*[Fault("503", "esearch") for _ in range(3)])
    with pytest.raises(RetrievalError, match=r"gave up after 3 attempts; last error: HTTP 503"):
        EntrezClient(config).esearch(TERM)
    assert len(fake.requests("esearch")) == 3


def test_retry_after_is_honoured(fake: FakeEutils, config: ClientConfig) -> None:
    fake.set_query(TERM, fake.articles)
    fake.inject(Fault("429", "esearch", retry_after="0.4"))
    EntrezClient(config).esearch(TERM)
    first, second = fake.requests("esearch")
    assert first.fault == "429" and second.fault is None
    assert second.time - first.time >= 0.35  # the fast default backoff would retry within 0.05 s


def test_other_4xx_is_not_retried(fake: FakeEutils, config: ClientConfig) -> None:
    client = EntrezClient(make_config(fake, eutils_url=fake.url + "nothing-here/"))
    # the fake server answers 404 for an unknown E-utility path
    client.config  # noqa: B018
    with pytest.raises(RetrievalError, match="HTTP 404"):
        client._call(Entrez.einfo, {}, "EInfo", lambda body: body)
    assert len(fake.log) == 1


def test_unreachable_server_gives_retrieval_error() -> None:
    config = ClientConfig(eutils_url="http://127.0.0.1:9/", rate=500, email="tests@example.org", timeout=0.5,
                          retry=RetryPolicy(max_tries=2, base=0.01, cap=0.01))
    with pytest.raises(RetrievalError, match="cannot reach http://127.0.0.1:9/"):
        EntrezClient(config).esearch(TERM)


def test_redirection_applies_only_to_litreview_calls(tmp_path: Path) -> None:
    # Outside a litreview call, Bio.Entrez's urlopen is the standard one (a file: URL
    # proves it without any network).
    path = tmp_path / "x.txt"
    path.write_text("plain urllib")
    assert Entrez.max_tries == 1
    with Entrez.urlopen(Request(path.as_uri())) as handle:
        assert handle.read() == b"plain urllib"
    assert NCBI_EUTILS_URL == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"


def test_config_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCBI_EMAIL", "me@example.org")
    monkeypatch.setenv("NCBI_API_KEY", "k123")
    monkeypatch.setenv("LITREVIEW_EUTILS_URL", "http://127.0.0.1:1234/eutils")
    config = ClientConfig.from_env()
    assert (config.email, config.api_key, config.eutils_url) == ("me@example.org", "k123",
                                                                 "http://127.0.0.1:1234/eutils/")
    assert config.effective_rate == 10
    assert ClientConfig.from_env(email="other@example.org", api_key="").email == "other@example.org"
    monkeypatch.delenv("NCBI_API_KEY")
    assert ClientConfig.from_env().effective_rate == 3
    with pytest.raises(ConfigError, match="http"):
        ClientConfig(eutils_url="ftp://example.org/")
    with pytest.raises(ConfigError, match="spaces"):
        ClientConfig(tool="lit review")


def test_real_pubmed_samples_come_through_unchanged(shared_corpora: Path, fake: FakeEutils,
                                                   config: ClientConfig) -> None:
    files = sorted((shared_corpora / "eutils").glob("pubmed*.xml"))
    files.append(shared_corpora / "medline" / "test_current_medline.xml.gz")
    served: dict[str, str] = {}
    for path in files:
        served.update(articles_from(path))
    fake.add_articles(served)
    fake.set_query("real samples", served)
    client = EntrezClient(config)
    found = client.esearch("real samples", usehistory=True, retmax=0)
    fetched = client.efetch_history(found.webenv or "", found.query_key or "", 0, 100).records
    assert len(fetched) == len(served) >= 10
    expected = {r.pmid: replace(r, source="PubMed") for path in files for r in parse_pubmed_xml(path)}
    for record in fetched:
        assert record == expected[record.pmid]


def _dates():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2001, 1, 1), date(2020, 12, 31)
