"""Curations: applied on every run, surviving refreshes, stale ones reported."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from litreview.compare import compare
from litreview.compare.curation import load_curations, parse_curations
from litreview.errors import ConfigError
from litreview.io import read_records

from compare_helpers import extraction


def _run(compare_fixtures: Path, r0: float, curations: object):
    records = list(read_records([str(compare_fixtures / "pubmed_two.xml")]))
    exs = [
        extraction("90000001", pmid="90000001", cohort_size=52, r0_rate_pct=r0),
        extraction("90000002", pmid="90000002", cohort_size=30, r0_rate_pct=90.0, five_year_os_pct=50.0),
    ]
    return compare(exs, records=records, curations=curations)


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def test_curation_survives_a_refresh_and_notes_conflicts(compare_fixtures: Path) -> None:
    path = compare_fixtures / "curations.yml"
    before = _digest(path)
    first = _run(compare_fixtures, 88.0, path)
    # the literature is refreshed: the same study is re-extracted, now saying 85%
    second = _run(compare_fixtures, 85.0, path)
    for comp in (first, second):
        row = comp.table.set_index("study_id").loc["90000001"]
        assert row["r0_rate_pct"] == pytest.approx(84.6)  # 44/52, curated value wins
        assert (row["r0_rate_pct_events"], row["r0_rate_pct_total"], row["r0_rate_pct_count_source"]) == (44, 52, "curated")
        assert "r0_rate_pct" in row["curated_fields"]
        ev = comp.evidence.set_index(["study_id", "field"]).loc[("90000001", "r0_rate_pct")]
        assert ev["curated"] and ev["curator"] == "Dr. Reviewer" and ev["rule"] == "curation"
        assert ev["reason"].startswith("Table 2 gives 44 of 52")
        # curated by DOI (URL, upper case) onto the PMID-keyed study
        assert comp.table.set_index("study_id").loc["90000002", "country"] == "Nigeria"
    conflicts = second.curation_report.conflicts
    assert len(conflicts) == 1 and "fresh extraction says 85" in conflicts[0].message
    assert "curated value 44/52 kept" in conflicts[0].message
    # the reviewer's file is never rewritten
    assert _digest(path) == before


def test_stale_curations_are_reported(compare_fixtures: Path) -> None:
    comp = _run(compare_fixtures, 88.0, compare_fixtures / "curations.yml")
    stale = {n.curation.study: n.message for n in comp.curation_report.stale}
    assert set(stale) == {"99999999", "90000002"}
    assert "is not among the 2 studies" in stale["99999999"]
    assert "unknown field 'r0_rate'" in stale["90000002"] and "r0_rate_pct" in stale["90000002"]
    assert len(comp.curation_report.applied) == 2


def test_was_silences_an_expected_correction() -> None:
    cur = parse_curations([{"study": "1", "field": "cohort_size", "value": 40, "was": 400,
                            "reviewer": "R", "reason": "typo in abstract"}], "mem.yml")
    same = compare([extraction("1", pmid="1", cohort_size=400)], curations=cur)
    assert same.curation_report.conflicts == ()
    assert same.table.iloc[0]["cohort_size"] == 40
    changed = compare([extraction("1", pmid="1", cohort_size=410)], curations=cur)
    assert len(changed.curation_report.conflicts) == 1


def test_csv_curations_exclude_and_clear(compare_fixtures: Path) -> None:
    curations = load_curations(compare_fixtures / "curations.csv")
    assert [c.field for c in curations] == ["five_year_os_pct", "exclude", "study_period"]
    assert curations[0].value is None and curations[1].value is True
    assert curations[2].value == (2010, 2018) and curations[2].source.endswith("curations.csv:line 4")
    comp = _run(compare_fixtures, 88.0, curations)
    t = comp.table.set_index("study_id")
    assert t.loc["90000001", "excluded"] and list(comp.included["study_id"]) == ["90000002"]
    assert t.loc["90000002", "five_year_os_pct"] != t.loc["90000002", "five_year_os_pct"]  # NaN: cleared
    assert t.loc["90000002", "period"] == "2010-2018"
    ev = comp.evidence.set_index(["study_id", "field"]).loc[("90000002", "five_year_os_pct")]
    assert ev["curated"] and ev["note"].startswith("fresh extraction says 50; curated value not reported kept")
    assert comp.prisma.excluded_by_curation == 1 and comp.prisma.included == 1


def test_reinclude_a_study_judged_not_relevant() -> None:
    cur = parse_curations({"curations": [{"study": "2", "field": "exclude", "value": False,
                                          "reviewer": "R", "reason": "is about BCLM"}]}, "mem.yml")
    comp = compare([extraction("1", pmid="1"), extraction("2", pmid="2", relevant=False, reasons=("off topic",))],
                   curations=cur)
    assert set(comp.included["study_id"]) == {"1", "2"}
    assert comp.prisma.included == 2 and comp.prisma.included_by_curation == 1
    assert comp.prisma.excluded_not_relevant == 0


@pytest.mark.parametrize("entry, message", [
    ({"study": "1", "field": "r0_rate_pct", "value": 120}, r"mem.yml, entry 1 \(study 1, field r0_rate_pct\): .*0-100"),
    ({"study": "1", "field": "r0_rate_pct", "value": "many"}, "takes a number"),
    ({"study": "1", "field": "cohort_size", "value": 10.5}, "whole number"),
    ({"study": "1", "field": "r0_rate_pct", "value": "50/40"}, "events/total"),
    ({"study": "1", "value": 3}, "'field' is required"),
    ({"study": "1", "field": "cohort_size", "value": 3, "who": "me"}, "unknown key.*who.*valid keys: study, field"),
])
def test_invalid_curations(entry: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_curations([entry], "mem.yml")


def test_csv_unknown_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("study,field,value,curator\n1,cohort_size,3,me\n")
    with pytest.raises(ConfigError, match=r"c\.csv: unknown column\(s\) curator; valid columns: study, field"):
        load_curations(path)


def test_curation_keyed_by_a_merged_duplicate(compare_fixtures: Path) -> None:
    # written against the RIS copy (no PMID yet); the PubMed record of the same paper arrives later
    records = list(read_records([str(compare_fixtures / "pubmed_two.xml"), str(compare_fixtures / "zotero_export.ris")]))
    exs = [extraction(r.id, cohort_size=52) for r in records]
    cur = parse_curations([{"study": "sha1:e4d7c989892c42fd", "field": "mortality_pct", "value": 0,
                            "reviewer": "R", "reason": "no 90-day deaths in the full text"}], "mem.yml")
    comp = compare(exs, records=records, curations=cur)
    row = comp.table.set_index("study_id").loc["90000001"]
    assert row["mortality_pct"] == 0.0 and row["curated_fields"] == ("mortality_pct",)
    assert comp.curation_report.stale == () and comp.curation_report.conflicts == ()
