"""A small hand-made Comparison for the report layer's own tests.

It mirrors what litreview.compare produces (columns from the model module) so the
report layer is tested on its own; the end-to-end tests in tests/review run the real
pipeline.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from litreview.compare.model import (
    EVIDENCE_COLUMNS,
    TABLE_COLUMNS,
    Comparison,
    Curation,
    CurationNote,
    CurationReport,
    DedupDecision,
    MedianSummary,
    PooledEstimate,
    PrismaCounts,
    StudyCount,
)
from litreview.records import FIELD_NAMES

_STUDIES = [
    # study_id, label, year, relevant, excluded, local, values
    ("90000101", "Alpha 2015", 2015, True, False, False,
     dict(cohort_size=40, er_positive_pct=70.0, r0_rate_pct=85.0, median_os_months=52.0, five_year_os_pct=40.0,
          morbidity_pct=20.0, mortality_pct=0.0, study_period=(2004, 2013), country="Switzerland"),
     (34, 40), (16, 40)),
    ("90000102", "Beta 2019", 2019, True, False, False,
     dict(cohort_size=96, r0_rate_pct=86.5, median_os_months=49.0, five_year_os_pct=41.2, mortality_pct=1.0,
          study_period=(2001, 2015), country="Japan"),
     (83, 96), (40, 96)),
    ("90000103", "Gamma 2021", 2021, True, False, False,
     dict(cohort_size=18, r0_rate_pct=100.0, median_os_months="not reached", country="Korea"),
     (18, 18), (None, None)),
    ("90000104", "Delta 2020", 2020, False, False, False,
     dict(cohort_size=210, r0_rate_pct=88.6, country="Belgium"), (None, None), (None, None)),
    ("90000105", "Epsilon 2018", 2018, True, True, False,
     dict(cohort_size=41, median_os_months=74.0), (None, None), (None, None)),
    ("local:huashan_2016_2019", "Huashan 2016-2019", 2016, True, False, True,
     dict(cohort_size=3, r0_rate_pct=100.0, morbidity_pct=0.0, study_period=(2016, 2019), country="China"),
     (3, 3), (None, None)),
]

SENTENCES = {
    ("90000101", "r0_rate_pct"): "Pathology showed negative margins in 85% <of> \"all\" patients & more.",
    ("90000101", "cohort_size"): "Forty women who underwent liver resection were included.",
    ("90000102", "r0_rate_pct"): "Surgical margins were negative in 83 patients (86.5%).",
    ("90000103", "r0_rate_pct"): "R0 resection was accomplished in all 18 patients.",
    ("local:huashan_2016_2019", "r0_rate_pct"): "3 of 3 patients R0",
}


def make_comparison() -> Comparison:
    rows, evidence = [], []
    for sid, label, year, relevant, excluded, local, values, r0, os5 in _STUDIES:
        row = {c: None for c in TABLE_COLUMNS}
        row.update(study_id=sid, label=label, first_author=label.split()[0], year=year,
                   title=f"[demo] Study {label}", journal="Demo J", design="case series" if local else
                   "retrospective cohort", pmid=None if local else sid, doi=None,
                   period="2016-10 to 2019-11" if local else None, sources=("fixture.xml",), merged_ids=(),
                   is_local=local, relevant=relevant, excluded=excluded,
                   curated_fields=("cohort_size",) if sid == "90000102" else (), notes=())
        for name in FIELD_NAMES:
            row[name] = values.get(name)
        row["r0_rate_pct_events"], row["r0_rate_pct_total"] = r0
        row["five_year_os_pct_events"], row["five_year_os_pct_total"] = os5
        rows.append(row)
        for name, value in values.items():
            sentence = SENTENCES.get((sid, name), f"{label} reported {name} = {value}.")
            evidence.append(dict(study_id=sid, label=label, field=name, value=value, unit=None,
                                 text=str(value), sentence=sentence, rule="fixture." + name, confidence=0.9,
                                 curated=(sid == "90000102" and name == "cohort_size"),
                                 curator="Dr Demo" if (sid == "90000102" and name == "cohort_size") else None,
                                 reason=None, note=None))
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    ev = pd.DataFrame(evidence, columns=list(EVIDENCE_COLUMNS))
    r0 = PooledEstimate(
        field="r0_rate_pct", estimate_pct=87.9, ci_low_pct=80.1, ci_high_pct=92.9, i2=12.0, tau2=0.05, q=2.3,
        k=3, total_n=154, method="DerSimonian-Laird random effects, logit proportions",
        studies=(StudyCount("90000101", "Alpha 2015", 34, 40, 85.0, 38.0),
                 StudyCount("90000102", "Beta 2019", 83, 96, 86.5, 52.0),
                 StudyCount("90000103", "Gamma 2021", 18, 18, 100.0, 10.0, corrected=True)),
        excluded=())
    os5 = PooledEstimate(
        field="five_year_os_pct", estimate_pct=40.8, ci_low_pct=34.0, ci_high_pct=48.0, i2=0.0, tau2=0.0, q=0.02,
        k=2, total_n=136, method="DerSimonian-Laird random effects, logit proportions",
        studies=(StudyCount("90000101", "Alpha 2015", 16, 40, 40.0, 30.0),
                 StudyCount("90000102", "Beta 2019", 40, 96, 41.7, 70.0)),
        excluded=("90000103",))
    mos = MedianSummary(field="median_os_months", median=50.5, low=49.0, high=52.0, k=2,
                        values=(("90000101", "Alpha 2015", 52.0), ("90000102", "Beta 2019", 49.0)),
                        not_reported=("90000103",))
    prisma = PrismaCounts(identified=6, identified_by_source={"fixture.xml": 5, "fixture.ris": 1},
                          duplicates_removed=1, screened=5, excluded_not_relevant=1,
                          exclusion_reasons={"colorectal primary": 1}, excluded_by_curation=1,
                          included_by_curation=0, included=3, local_series=1)
    prisma.check()
    cur = Curation(study="90000102", field="cohort_size", value=96, reviewer="Dr Demo",
                   reason="checked full text", date="2026-11-26", source="curations.yml:3")
    excl = Curation(study="90000105", field="exclude", value=True, reviewer="Dr Demo",
                    reason="overlapping cohort", source="curations.yml:9")
    stale = Curation(study="99999999", field="r0_rate_pct", value=50, source="curations.yml:14")
    report = CurationReport(applied=(("90000102", cur), ("90000105", excl)),
                            stale=(CurationNote(stale, "no study 99999999 in this run"),), conflicts=())
    return Comparison(table=table, evidence=ev, pooled={"r0_rate_pct": r0, "five_year_os_pct": os5,
                                                         "median_os_months": mos},
                      prisma=prisma,
                      dedup_log=(DedupDecision("90000101", "sha1:abc", "title", 95.0, "same title"),),
                      curation_report=report, local_ids=("local:huashan_2016_2019",),
                      notes=("fixture comparison",))


@pytest.fixture()
def comparison() -> Comparison:
    return make_comparison()

