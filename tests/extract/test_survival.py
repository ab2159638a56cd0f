"""Survival findings: values, units, notes, evidence offsets."""

from __future__ import annotations

from litreview.extract.survival import extract_survival

from secondary_helpers import by_field, make_doc


def test_respectively_years_and_evidence_offsets() -> None:
    abstract = ("Results: Forty women underwent hepatectomy. With a median follow-up of 3 years, median DFS and "
                "OS were 1.5 and 4 years, respectively.")
    doc = make_doc(abstract)
    found = by_field(extract_survival(doc))
    assert found["median_followup_months"].value == 36.0
    assert found["median_dfs_months"].value == 18.0
    assert found["median_dfs_months"].note == "disease-free survival"
    os_finding = found["median_os_months"]
    assert os_finding.value == 48.0 and os_finding.unit == "months" and os_finding.section == "RESULTS"
    assert abstract[os_finding.start:os_finding.end] == os_finding.text == "4"


def test_dfs_note_names_the_measure() -> None:
    doc = make_doc("Results: The median recurrence-free interval was 20 months after hepatectomy.")
    assert by_field(extract_survival(doc))["median_dfs_months"].note == "recurrence-free interval"


def test_background_and_from_diagnosis_values_are_ignored() -> None:
    doc = make_doc("Background: Median survival of women with breast cancer liver metastases treated with "
                   "chemotherapy alone is 20 months. Results: Median overall survival from diagnosis of the "
                   "primary tumour was 110 months.")
    assert "median_os_months" not in by_field(extract_survival(doc))


def test_bracketed_median_of_the_resected_arm() -> None:
    doc = make_doc("Results: Counting from treatment, overall survival was 20.1 ± 10.2 months (median 16 months) "
                   "overall; resected patients reached 30.2 ± 12.5 months (median 28 months) against "
                   "14.2 ± 4.1 months (median 13 months) after ablation.")
    finding = by_field(extract_survival(doc))["median_os_months"]
    assert finding.value == 28.0 and finding.rule.startswith("survival.os")


def test_unreached_median() -> None:
    doc = make_doc("Results: At a median follow-up of 20 months the median overall survival was not reached.")
    found = by_field(extract_survival(doc))
    assert found["median_os_months"].value == "NR" and found["median_os_months"].unit is None
    assert found["median_followup_months"].value == 20.0


def test_mean_follow_up_stays_below_the_reporting_threshold() -> None:
    doc = make_doc("Results: The mean follow-up was 30 months. The minimum follow-up was 12 months.")
    found = by_field(extract_survival(doc))
    assert "median_followup_months" not in found or found["median_followup_months"].confidence < 0.5


def test_five_year_from_a_word_list_and_not_from_dfs() -> None:
    doc = make_doc("Results: One-, three- and five-year disease-free survival rates were 60%, 30% and 20%. "
                   "Five-year overall survival was 45.5%.")
    assert by_field(extract_survival(doc))["five_year_os_pct"].value == 45.5
