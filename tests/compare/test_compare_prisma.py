"""PRISMA 2020 flow counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from litreview.compare import compare
from litreview.compare.curation import parse_curations
from litreview.compare.prisma import prisma_counts
from litreview.io import read_records

from compare_helpers import extraction


def test_prisma_arithmetic(compare_fixtures: Path, huashan_path: Path) -> None:
    records = list(read_records([str(compare_fixtures / "pubmed_two.xml"), str(compare_fixtures / "zotero_export.ris")]))
    ids = [r.id for r in records]
    exs = [extraction(i, relevant=True) for i in ids]
    # the colorectal paper is not relevant
    exs[4] = extraction(ids[4], relevant=False, reasons=("not breast cancer", "colorectal"))
    cur = parse_curations([{"study": "90000002", "field": "exclude", "value": True, "reviewer": "R",
                            "reason": "duplicate cohort"}], "mem.yml")
    p = compare(exs, [huashan_path], records=records, curations=cur).prisma
    assert p.identified == 5
    src = {Path(k).name: v for k, v in p.identified_by_source.items()}
    assert src == {"pubmed_two.xml": 2, "zotero_export.ris": 3}
    assert p.duplicates_removed == 2 and p.screened == 3
    assert p.excluded_not_relevant == 1
    assert p.exclusion_reasons == {"not breast cancer": 1, "colorectal": 1}
    assert p.excluded_by_curation == 1 and p.included == 1 and p.local_series == 1
    assert p.identified - p.duplicates_removed == p.screened
    assert p.screened - p.excluded_not_relevant - p.excluded_by_curation == p.included


def test_prisma_counts_direct() -> None:
    identified = [("1", ("q1",)), ("1", ("q2",)), ("2", ("q1", "q2")), ("3", ()), ("4", ("q2",))]
    p = prisma_counts(identified, ["1", "2", "3", "4"],
                      {"1": (True, ()), "2": (False, ()), "3": (False, ("case report",)), "4": (True, ())},
                      excluded_by_curation=["4"])
    assert p.identified_by_source == {"q1": 2, "q2": 3, "unknown source": 1}
    assert (p.identified, p.duplicates_removed, p.screened) == (5, 1, 4)
    assert p.exclusion_reasons == {"no reason given": 1, "case report": 1}
    assert (p.excluded_not_relevant, p.excluded_by_curation, p.included) == (2, 1, 1)
    p.check()


def test_check_catches_broken_counts() -> None:
    p = prisma_counts([("1", ("q",))], ["1"], {"1": (True, ())})
    from dataclasses import replace
    with pytest.raises(AssertionError):
        replace(p, included=2).check()


def test_identified_per_query() -> None:
    exs = [extraction("1", pmid="1"), extraction("2", pmid="2"), extraction("3", pmid="3", relevant=False)]
    p = compare(exs, record_sources={"1": ["bclm_main", "bclm_broad"], "2": ["bclm_broad"],
                                     "3": ["bclm_broad"]}).prisma
    assert p.identified == 3 and p.identified_by_source == {"bclm_broad": 3, "bclm_main": 1}
    assert p.exclusion_reasons == {"no reason given": 1} and p.included == 2
