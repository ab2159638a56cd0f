"""De-duplication: PMID, DOI, fuzzy title + author + year."""

from __future__ import annotations

from pathlib import Path

import pytest

from litreview.compare.dedup import deduplicate, normalize_doi, normalize_title, title_similarity
from litreview.io import read_records
from litreview.records import Author, Record


def _records(compare_fixtures: Path) -> list[Record]:
    return list(read_records([str(compare_fixtures / "pubmed_two.xml"), str(compare_fixtures / "zotero_export.ris")]))


def test_pubmed_xml_and_ris_duplicates(compare_fixtures: Path) -> None:
    records = _records(compare_fixtures)
    assert len(records) == 5
    result = deduplicate(records)
    # the PubMed records (with PMIDs) are the richer ones and are kept
    assert result.kept == ["90000001", "90000002", "sha1:40e26132390aaa04"]
    by_dropped = {d.dropped_id: d for d in result.decisions}
    assert len(result.decisions) == 2
    ris_title = by_dropped["sha1:e4d7c989892c42fd"]  # slightly different title, year 2015 vs 2014, no DOI/PMID
    assert ris_title.kept_id == "90000001" and ris_title.reason == "title"
    assert 90 <= ris_title.score < 100
    assert "mercier" in ris_title.detail
    ris_doi = by_dropped["doi:10.9999/ior.2019.330"]  # DOI given as an upper-case https://doi.org/ URL
    assert ris_doi.kept_id == "90000002" and ris_doi.reason == "doi" and ris_doi.score == 100.0
    assert result.kept_of["sha1:e4d7c989892c42fd"] == "90000001"
    assert result.groups["90000001"] == ["90000001", "sha1:e4d7c989892c42fd"]


def test_threshold_is_configurable(compare_fixtures: Path) -> None:
    result = deduplicate(_records(compare_fixtures), threshold=99.5)
    assert [d.reason for d in result.decisions] == ["doi"]


def test_same_pmid_from_two_queries() -> None:
    a = Record(id="123", pmid="123", title="A title", source="query_a")
    b = Record(id="123", pmid="123", title="A title", source="query_b", abstract="longer")
    result = deduplicate([a, b])
    assert result.kept == ["123"] and result.decisions[0].reason == "id"


def test_different_pmids_are_never_merged_by_title() -> None:
    a = Record(id="1", pmid="1", title="Hepatectomy for breast cancer liver metastases", year=2010)
    b = Record(id="2", pmid="2", title="Hepatectomy for breast cancer liver metastases.", year=2010)
    assert deduplicate([a, b]).decisions == []


def test_author_and_year_must_agree() -> None:
    title = "Outcome of liver resection for metastatic breast cancer"
    a = Record(id="a", title=title, year=2010, authors=(Author(last_name="Smith"),))
    b = Record(id="b", title=title, year=2013, authors=(Author(last_name="Smith"),))
    c = Record(id="c", title=title, year=2010, authors=(Author(last_name="Nguyen"),))
    d = Record(id="d", title=title, year=2011, authors=(Author(last_name="Smith"),))
    result = deduplicate([a, b, c, d])
    assert [(x.kept_id, x.dropped_id) for x in result.decisions] == [("a", "d")]


def test_subset_title_is_not_a_duplicate() -> None:
    a = Record(id="a", title="Liver resection", year=2010)
    b = Record(id="b", title="Liver resection for breast cancer metastases: a systematic review", year=2010)
    assert title_similarity(normalize_title(a.title), normalize_title(b.title)) < 90
    assert deduplicate([a, b]).decisions == []


@pytest.mark.parametrize("raw, expected", [
    ("https://doi.org/10.1016/J.SURG.2012.05.002.", "10.1016/j.surg.2012.05.002"),
    ("doi:10.1245/S10434-011-1234-5", "10.1245/s10434-011-1234-5"),
    ("http://dx.doi.org/10.1002/jso.1234", "10.1002/jso.1234"),
    (None, None),
])
def test_normalize_doi(raw: str | None, expected: str | None) -> None:
    assert normalize_doi(raw) == expected


def test_normalize_title() -> None:
    assert normalize_title("<i>Hépatectomie</i>: a  single-centre  study.") == "hepatectomie a single centre study"
