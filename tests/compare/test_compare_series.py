"""Local case series: loading, validation and the summary in extraction fields."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from litreview.errors import ConfigError
from litreview.records import FIELD_NAMES
from litreview.series import PATIENT_KEYS, load_series, parse_series, summarize_series


def test_huashan_series_encodes_exactly_the_abstract(huashan_path: Path) -> None:
    series = load_series(huashan_path)
    assert series.size == 3
    assert series.country == "China" and series.city == "Shanghai"
    assert series.institution == "Huashan Hospital, Fudan University"
    assert series.departments == ("Department of Oncology", "Department of General Surgery")
    assert (series.period_start, series.period_end) == ("2016-10", "2019-11")
    assert series.followup_range_months == (28.0, 64.0)
    assert series.longest_pfs_exceeds_months == 64.0
    p1, p2, p3 = series.patients
    assert p1.age_years == 73 and p2.age_years is None and p3.age_years is None
    assert p2.liver_metastases_count == 8 and p2.interval_months == 7
    assert p1.liver_metastases_count is None and p3.liver_metastases_count is None
    assert p3.largest_metastasis_cm == 6.3 and p3.extrahepatic_disease is True
    assert "lymph node" in (p3.extrahepatic_detail or "")
    assert p1.extrahepatic_disease is None and p2.extrahepatic_disease is None
    for p in series.patients:
        # "ER and/or HER2 positive": not separable, so unknown per receptor
        assert (p.er, p.pr, p.her2) == ("unknown", "unknown", "unknown")
        assert p.receptors_any_positive == ("er", "her2")
        assert p.margin == "R0" and p.complications is False
        assert p.sex is None and p.followup_months is None and p.vital_status is None
        assert p.systemic_after == ("postoperative chemotherapy", "sequential targeted therapy", "endocrine therapy")
        assert p.systemic_before is None


def test_huashan_summary(huashan_path: Path) -> None:
    summary = summarize_series(load_series(huashan_path))
    ex = summary.extraction
    assert ex.id == "local:huashan_2016_2019" and ex.design == "case series" and ex.relevant
    assert ex.value("cohort_size") == 3
    assert ex.value("r0_rate_pct") == 100.0
    assert ex.value("morbidity_pct") == 0.0
    assert ex.value("study_period") == (2016, 2019)
    assert ex.value("country") == "China"
    for name in ("er_positive_pct", "hr_positive_pct", "her2_positive_pct", "triple_negative_pct",
                 "median_os_months", "five_year_os_pct", "median_dfs_months", "median_followup_months",
                 "mortality_pct"):
        assert ex.value(name) is None, name
    assert set(ex.fields) <= set(FIELD_NAMES)
    r0 = ex.fields["r0_rate_pct"]
    assert r0.rule == "series.r0_rate_pct" and r0.text == "3 of 3 patients R0"
    assert summary.counts["r0_rate_pct"].events == 3 and summary.counts["r0_rate_pct"].total == 3
    assert summary.counts["morbidity_pct"].events == 0
    notes = " | ".join(summary.notes)
    assert "follow-up 28-64 months (series range" in notes
    assert "longest progression-free survival > 64 months" in notes
    assert "er_positive_pct: not reported" in notes


def test_synthetic_series_percentages(compare_fixtures: Path) -> None:
    summary = summarize_series(load_series(compare_fixtures / "series_synthetic.yml"))
    v = summary.extraction.value
    assert v("cohort_size") == 4
    assert v("er_positive_pct") == 50.0      # A, D
    assert v("hr_positive_pct") == 50.0      # A, D (D: ER+ with PR unknown is still HR+)
    assert v("her2_positive_pct") == 25.0    # B
    assert v("triple_negative_pct") == 25.0  # C
    assert v("r0_rate_pct") == 75.0          # margin "r0" is read as R0
    assert v("morbidity_pct") == 25.0        # B: a description means yes
    assert v("mortality_pct") == 0.0
    assert v("median_followup_months") == 35.0
    # Kaplan-Meier: deaths at 12 (4 at risk) and 40 (2 at risk): S = 0.75 then 0.375
    assert v("median_os_months") == 40.0
    assert v("five_year_os_pct") is None     # A alive but followed only 30 months
    assert v("study_period") == (2015, 2020) and v("country") == "France"
    assert summary.counts["r0_rate_pct"].events == 3
    assert summary.extraction.fields["her2_positive_pct"].text == "1 of 4 patients HER2 positive"
    b = summary.series.patients[1]
    assert b.complications is True and b.complications_detail == "bile leak" and b.systemic_before == ()


def _series(**patient_values: object) -> dict:
    return {"id": "s", "patients": [{"id": "1", **patient_values}]}


def test_five_year_os_and_not_reached_median() -> None:
    data = {"id": "s", "patients": [
        {"id": "1", "followup_months": 72, "vital_status": "alive"},
        {"id": "2", "followup_months": 61, "vital_status": "alive"},
        {"id": "3", "followup_months": 20, "vital_status": "dead"},
    ]}
    summary = summarize_series(parse_series(data, "mem.yml"))
    assert summary.extraction.value("five_year_os_pct") == pytest.approx(66.7)
    assert summary.counts["five_year_os_pct"].events == 2
    assert summary.extraction.value("median_os_months") == "NR"  # the extractors' "not reached"
    assert any("median_os_months: not reached (1 of 3" in n for n in summary.notes)


def test_partly_known_values_stay_unknown() -> None:
    data = {"id": "s", "patients": [{"id": "1", "margin": "R0"}, {"id": "2", "margin": None}]}
    summary = summarize_series(parse_series(data, "mem.yml"))
    assert summary.extraction.value("r0_rate_pct") is None
    assert "r0_rate_pct: not reported (margin unknown for patient(s) 2)" in summary.notes


def test_unknown_patient_key_names_file_patient_and_valid_keys(tmp_path: Path) -> None:
    path = tmp_path / "mine.yml"
    path.write_text(yaml.safe_dump({"id": "mine", "patients": [{"id": "7", "margins": "R0"}]}))
    with pytest.raises(ConfigError) as info:
        load_series(path)
    message = str(info.value)
    assert str(path) in message and "patient 7" in message and "margins" in message
    assert "valid keys: " + ", ".join(PATIENT_KEYS) in message


def test_unknown_series_key(tmp_path: Path) -> None:
    path = tmp_path / "mine.yml"
    path.write_text("id: mine\nhospital: X\npatients:\n  - id: '1'\n")
    with pytest.raises(ConfigError, match=r"mine\.yml, series: unknown key\(s\) hospital; valid keys: id, label"):
        load_series(path)


@pytest.mark.parametrize("values, expected", [
    ({"margin": "R3"}, "margin must be one of R0, R1, R2"),
    ({"er": "pos"}, "er must be one of positive, negative, unknown"),
    ({"age_years": "seventy"}, "age_years must be a non-negative number"),
    ({"vital_status": "ok"}, "vital_status must be one of alive, dead"),
    ({"receptors_any_positive": ["er", "ki67"]}, "receptors_any_positive holds ki67"),
    ({"complications": "no", "complications_detail": "x"}, "complications is no but complications_detail"),
    ({"progression": "maybe"}, "progression must be yes, no or null"),
])
def test_bad_values_are_rejected(values: dict, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        parse_series(_series(**values), "mem.yml")


def test_bad_period_and_missing_patients() -> None:
    with pytest.raises(ConfigError, match="period_start must be YYYY-MM"):
        parse_series({"id": "s", "period_start": "Oct 2016", "patients": [{"id": "1"}]}, "mem.yml")
    with pytest.raises(ConfigError, match="'patients' must be a non-empty list"):
        parse_series({"id": "s"}, "mem.yml")
    with pytest.raises(ConfigError, match="duplicate patient id"):
        parse_series({"id": "s", "patients": [{"id": 1}, {"id": "1"}]}, "mem.yml")
