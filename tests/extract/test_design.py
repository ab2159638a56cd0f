"""Design labels and their reasons."""

from __future__ import annotations

import pytest

from litreview.extract import DESIGNS as REGISTRY_DESIGNS
from litreview.extract.design import DESIGNS, design_with_reasons

from secondary_helpers import make_doc


def test_labels_are_known_to_the_registry() -> None:
    assert set(DESIGNS) <= set(REGISTRY_DESIGNS)


@pytest.mark.parametrize("title, abstract, label", [
    ("Resection versus ablation for breast cancer liver metastases: a meta-analysis",
     "Methods: PubMed was searched. Results: Nine studies were pooled.", "meta-analysis"),
    ("Liver resection for breast cancer metastases",
     "Methods: MEDLINE and Embase were searched for series. Results: 30 studies with 1500 patients were included.",
     "systematic review"),
    ("Liver resection for breast cancer metastases: a review",
     "Breast cancer liver metastases are frequent. This review discusses liver resection.", "other"),
    ("Hepatectomy for breast cancer liver metastasis",
     "We report the case of a 45-year-old woman who underwent right hepatectomy.", "case report"),
    ("Hepatectomy for breast cancer liver metastases: report of three cases",
     "Three women underwent hepatectomy.", "case series"),
    ("Hepatectomy for breast cancer liver metastases",
     "Methods: A nationwide survey collected 120 hepatectomies for breast cancer liver metastases.", "registry"),
    ("Hepatectomy for breast cancer liver metastases",
     "Methods: Forty women were enrolled prospectively and underwent hepatectomy.", "prospective cohort"),
    ("Hepatectomy for breast cancer liver metastases",
     "Methods: A prospectively maintained database of 52 patients who underwent hepatectomy was reviewed.",
     "retrospective cohort"),
    ("Resection of liver metastases from breast cancer: an expert's answer",
     "Question: Which women benefit from hepatectomy? Answer: A pooled series of 400 patients suggests those with "
     "a long disease-free interval.", "other"),
    ("Hepatectomy for breast cancer liver metastases: a literature review",
     "We reviewed the literature, searching PubMed and Embase. Twelve series were included.", "systematic review"),
    ("Hepatectomy for breast cancer liver metastases in older women",
     "Methods: Medicare claims identified 300 women who underwent hepatectomy.", "registry"),
    ("Hepatic resection for liver metastases of breast cancer: an update",
     "PubMed was searched for reports since 1990. We wrote a narrative review rather than a pooled analysis.", "other"),
    ("Partial hepatectomy promotes breast cancer liver metastases in mice",
     "Mice were randomised to partial hepatectomy (n = 12) or sham laparotomy (n = 12).", "other"),
    ("Chemotherapy for liver-only metastatic breast cancer",
     "Methods: We reviewed 80 women treated on prospective chemotherapy protocols.", "retrospective cohort"),
])
def test_design(title: str, abstract: str, label: str) -> None:
    design, reasons = design_with_reasons(make_doc(abstract, title=title))
    assert design == label and reasons
