"""Merging extractions, records and local series into the study and evidence tables."""

from __future__ import annotations

import json
import math
from pathlib import Path

from litreview.compare import TABLE_COLUMNS, EVIDENCE_COLUMNS, compare
from litreview.compare.merge import derive_counts, explicit_counts
from litreview.io import read_records
from litreview.records import Extraction

from compare_helpers import extraction, finding


def _literature(compare_fixtures: Path) -> tuple[list, list]:
    records = list(read_records([str(compare_fixtures / "pubmed_two.xml"), str(compare_fixtures / "zotero_export.ris")]))
    exs = [
        extraction("90000001", pmid="90000001", cohort_size=52,
                   r0_rate_pct=(88.0, "R0 resection was achieved in 46 of 52 patients (88%)"),
                   five_year_os_pct=41.0, study_period=(2001, 2012)),
        extraction("90000002", pmid="90000002", cohort_size=30, r0_rate_pct=(90.0, "R0 in 27 (90%)")),
        # the RIS copy of 90000001: its extraction lacks R0 but says the median OS
        extraction("sha1:e4d7c989892c42fd", cohort_size=52, median_os_months=40.0),
        extraction("doi:10.9999/ior.2019.330", cohort_size=30),
        extraction("sha1:40e26132390aaa04", relevant=False, reasons=("not breast cancer", "colorectal")),
    ]
    return records, exs


def test_table_shape_and_values(compare_fixtures: Path, huashan_path: Path) -> None:
    records, exs = _literature(compare_fixtures)
    comp = compare(exs, [huashan_path], records=records)
    t = comp.table
    assert tuple(t.columns) == TABLE_COLUMNS
    assert tuple(comp.evidence.columns) == EVIDENCE_COLUMNS
    assert list(t["study_id"]) == ["90000001", "90000002", "sha1:40e26132390aaa04", "local:huashan_2016_2019"]
    # two different "Mercier 2014" studies get a/b
    assert list(t["label"]) == ["Mercier 2014a", "Okafor 2019", "Mercier 2014b", "Huashan 2016-2019"]
    row = t.iloc[0]
    assert row["doi"] == "10.9999/jis.2014.0052" and row["journal"] == "J Invent Surg"
    assert row["merged_ids"] == ("90000001", "sha1:e4d7c989892c42fd")
    assert set(row["sources"]) == {str(compare_fixtures / "pubmed_two.xml"), str(compare_fixtures / "zotero_export.ris")}
    assert row["period"] == "2001-2012"
    # not reported is NaN, never zero
    assert math.isnan(row["er_positive_pct"]) and math.isnan(t.iloc[1]["five_year_os_pct"])
    # a value only the duplicate had is filled in, with its provenance
    assert row["median_os_months"] == 40.0
    ev = comp.evidence.set_index(["study_id", "field"])
    assert ev.loc[("90000001", "median_os_months"), "note"] == "from duplicate record sha1:e4d7c989892c42fd"
    assert ev.loc[("90000001", "r0_rate_pct"), "rule"] == "test.rule"
    assert not ev.loc[("90000001", "r0_rate_pct"), "curated"]
    # counts: explicit "46 of 52" beats derivation; "27 (90%)" of 30 is derived
    assert (row["r0_rate_pct_events"], row["r0_rate_pct_total"], row["r0_rate_pct_count_source"]) == (46, 52, "explicit")
    row2 = t.iloc[1]
    assert (row2["r0_rate_pct_events"], row2["r0_rate_pct_total"], row2["r0_rate_pct_count_source"]) == (27, 30, "derived")
    local = comp.local.iloc[0]
    assert local["is_local"] and local["r0_rate_pct"] == 100.0 and local["r0_rate_pct_count_source"] == "patients"
    assert local["period"] == "2016-10 to 2019-11" and local["country"] == "China"
    assert any("28-64" in n for n in local["notes"])
    assert list(comp.included["study_id"]) == ["90000001", "90000002"]
    assert comp.local_ids == ("local:huashan_2016_2019",)


def test_extractions_from_jsonl_dicts(compare_fixtures: Path) -> None:
    records, exs = _literature(compare_fixtures)
    lines = [json.dumps(e.to_dict()) for e in exs]
    again = [Extraction.from_dict(json.loads(line)) for line in lines]
    comp = compare(again, records={r.id: r for r in records})
    assert comp.table.iloc[0]["r0_rate_pct"] == 88.0
    assert comp.table.iloc[0]["study_period"] == (2001, 2012)


def test_extractions_without_records_still_merge() -> None:
    exs = [extraction("1", pmid="1", title="T one", cohort_size=10, r0_rate_pct=80.0),
           extraction("1", pmid="1", title="T one", cohort_size=10)]
    comp = compare(exs)
    assert len(comp.table) == 1 and comp.table.iloc[0]["label"] == "1"
    assert comp.prisma.duplicates_removed == 1


def test_labels() -> None:
    from litreview.compare.merge import study_label
    assert study_label("van der Berg", 2010, "x") == "van der Berg 2010"
    assert study_label("van der Berg AJ", 2010, "x") == "van der Berg 2010"
    assert study_label(None, 2010, "J Surg") == "J Surg 2010"
    assert study_label(None, None, "doi:10.1/x") == "doi:10.1/x"


def test_count_helpers() -> None:
    assert derive_counts(69.0, 86).events == 59
    assert derive_counts(50.0, 3).events == 2  # 1.5 rounds half up
    assert derive_counts(None, 86) is None and derive_counts(69.0, None) is None
    f = finding("r0_rate_pct", 85.0, "34/40 (85%) had R0 resection")
    assert explicit_counts(f, 85.0).events == 34
    assert explicit_counts(finding("r0_rate_pct", 85.0, "in 2 of 2010 cases"), 85.0) is None
