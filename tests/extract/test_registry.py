"""The extractor registry and the orchestrator."""

from __future__ import annotations

from litreview.records import FIELD_NAMES, Record


def test_every_registered_extractor_imports_and_returns_known_fields() -> None:
    from litreview.extract import EXTRACTORS, load_function
    from litreview.nlp.pipeline import make_doc

    doc = make_doc(Record(id="r", title="Hepatectomy for breast cancer liver metastases",
                          abstract="Methods: Forty women underwent hepatectomy. Results: R0 in 36 of 40 (90%)."))
    for spec in EXTRACTORS:
        for finding in load_function(spec)(doc):
            assert finding.field in FIELD_NAMES, spec


def test_design_is_computed_once_and_never_recursively() -> None:
    from litreview.extract import design_of
    from litreview.nlp.pipeline import make_doc

    doc = make_doc(Record(id="r", title="Hepatectomy for breast cancer liver metastases: a case report",
                          abstract="We report a 50-year-old woman who underwent hepatectomy."))
    doc.user_data["litreview_design_running"] = True  # as if called from inside the classifier
    assert design_of(doc) is None
    doc.user_data.pop("litreview_design_running")
    doc.user_data.pop("litreview_cache")
    assert design_of(doc) == design_of(doc)


def test_extraction_offsets_point_into_the_abstract() -> None:
    from litreview.extract import extract

    abstract = "Methods: Forty-eight women underwent hepatectomy for breast cancer liver metastases."
    (extraction,) = extract([Record(id="r", title="Title", abstract=abstract)])
    finding = extraction.fields["cohort_size"]
    assert abstract[finding.start:finding.end] == finding.text == "Forty-eight"
    assert finding.section == "METHODS" and finding.value == 48 and finding.unit == "patients"
