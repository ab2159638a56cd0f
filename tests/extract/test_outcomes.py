"""Morbidity and mortality findings."""

from __future__ import annotations

from litreview.extract.outcomes import extract_outcomes

from secondary_helpers import by_field, make_doc


def test_percentages_and_zero_mortality() -> None:
    doc = make_doc("Results: Thirty patients underwent hepatectomy. Complications occurred in 6 patients (20.0%), "
                   "and there were no postoperative deaths.")
    found = by_field(extract_outcomes(doc))
    assert found["morbidity_pct"].value == 20.0 and found["morbidity_pct"].unit == "%"
    assert found["mortality_pct"].value == 0.0 and found["mortality_pct"].rule == "outcomes.mortality.none"


def test_count_over_explicit_total_is_noted() -> None:
    doc = make_doc("Results: Postoperative complications developed in 5 of 25 patients.")
    finding = by_field(extract_outcomes(doc))["morbidity_pct"]
    assert finding.value == 20.0 and finding.note == "5/25"


def test_deaths_during_follow_up_are_not_operative_mortality() -> None:
    doc = make_doc("Results: Twenty patients underwent hepatectomy. During follow-up 8 patients died of "
                   "recurrent disease, two of them at 16 and 20 months.")
    assert "mortality_pct" not in by_field(extract_outcomes(doc))


def test_subgroup_without_complications_is_not_zero_morbidity() -> None:
    doc = make_doc("Results: Survival did not differ between patients with and patients without complications.")
    assert "morbidity_pct" not in by_field(extract_outcomes(doc))


def test_uneventful_course() -> None:
    doc = make_doc("We report a 50-year-old woman who underwent left hepatectomy. The postoperative course was "
                   "uneventful.")
    assert by_field(extract_outcomes(doc))["morbidity_pct"].value == 0.0


def test_range_across_series_is_no_count() -> None:
    doc = make_doc("Results: Across the included series, postoperative morbidity was reported in 4-35% of patients and "
                   "mortality in 0-2.5%.")
    found = by_field(extract_outcomes(doc))
    assert "morbidity_pct" not in found and "mortality_pct" not in found


def test_two_unlabelled_rates_after_one_measure_are_no_rate() -> None:
    doc = make_doc("Results: After matching, complication rates were 10.0% and 24.0% (p = 0.12).")
    assert "morbidity_pct" not in by_field(extract_outcomes(doc))


def test_count_equal_to_a_misread_cohort_is_no_rate(monkeypatch) -> None:
    # the cohort size taken from a subgroup ("seven patients had an R1 resection") must not turn "complications
    # occurred in 7 patients" into 100%: a series where every patient had a complication says "all"
    import litreview.extract.outcomes as outcomes

    monkeypatch.setattr(outcomes, "_cohort", lambda doc: 7)
    doc = make_doc("Results: Seven patients had an R1 resection. Postoperative complications occurred in 7 patients.")
    assert "morbidity_pct" not in by_field(extract_outcomes(doc))
    monkeypatch.setattr(outcomes, "_cohort", lambda doc: 30)
    assert by_field(extract_outcomes(doc))["morbidity_pct"].value == 23.3
