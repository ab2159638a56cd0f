"""Relevance decisions and their reasons."""

from __future__ import annotations

from litreview.extract.relevance import assess_relevance

from secondary_helpers import make_doc


def test_relevant_record_gives_its_reasons() -> None:
    relevant, reasons = assess_relevance(make_doc(
        "Methods: We reviewed 30 women who underwent hepatectomy for breast cancer liver metastases.",
        title="Hepatectomy for breast cancer liver metastases"))
    assert relevant
    assert any(r.startswith("breast cancer liver metastases (title)") for r in reasons)
    assert any(r.startswith("liver resection (title)") for r in reasons)


def test_colorectal_series_is_not_relevant() -> None:
    relevant, reasons = assess_relevance(make_doc(
        "Methods: 200 patients underwent hepatectomy for colorectal liver metastases.",
        title="Hepatectomy for colorectal liver metastases"))
    assert not relevant and reasons[-1].startswith("not relevant: no breast cancer liver metastases")


def test_ablation_only_is_not_relevant() -> None:
    relevant, reasons = assess_relevance(make_doc(
        "Methods: 40 women with breast cancer liver metastases were treated with microwave ablation.",
        title="Microwave ablation of breast cancer liver metastases"))
    assert not relevant and "ablation" in reasons[-1]


def test_lung_metastasectomy_is_not_relevant() -> None:
    relevant, _ = assess_relevance(make_doc(
        "Methods: 60 patients underwent resection of pulmonary metastases from breast cancer.",
        title="Pulmonary metastasectomy for breast cancer"))
    assert not relevant


def test_surgery_named_only_as_what_patients_could_not_have_is_no_surgery() -> None:
    relevant, reasons = assess_relevance(make_doc(
        "Methods: 25 women with breast cancer liver metastases who were unfit for, or refused, liver resection "
        "underwent percutaneous cryoablation.",
        title="Cryoablation of breast cancer liver metastases in women ineligible for surgery"))
    assert not relevant and "ablation" in reasons[-1]


def test_liver_transplantation_title_is_not_relevant() -> None:
    relevant, reasons = assess_relevance(make_doc(
        "Methods: Recipients transplanted for breast cancer liver metastases were identified.",
        title="Liver transplantation for unresectable breast cancer liver metastases"))
    assert not relevant and "transplantation" in reasons[-1]


def test_non_surgical_is_no_surgery() -> None:
    relevant, reasons = assess_relevance(make_doc(
        "Surgical resection is the usual local treatment of breast cancer liver metastases. Ablation and "
        "chemoembolisation are alternatives.",
        title="Non-surgical treatment options for breast cancer liver metastases"))
    assert not relevant and "non-surgical" in reasons[-1]


def test_caudate_lobe_is_liver() -> None:
    relevant, _ = assess_relevance(make_doc(
        "A 50-year-old woman underwent caudate lobectomy for a solitary metastasis of breast cancer.",
        title="Caudate lobectomy for a metastasis of breast cancer"))
    assert relevant
