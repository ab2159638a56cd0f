"""The litreview spaCy pipeline: sentences, sections, abbreviations, entities, offsets, models."""

from __future__ import annotations

import pytest

from litreview.errors import ModelError
from litreview.records import Record, Section, join_sections

STRUCTURED = (
    "BACKGROUND: Liver resection (LR) for breast cancer liver metastases (BCLM) is debated, e.g. in "
    "Smith et al. 2010 vs. others. PATIENTS AND METHODS: We reviewed 40 women who underwent LR between "
    "2004 and 2017. RESULTS: The median OS was 52.5 months (Fig. 1). R0 resection was achieved in 34 "
    "patients (85%). CONCLUSIONS: LR is safe."
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from litreview.nlp.pipeline import build_pipeline

    return build_pipeline()


def _doc(nlp, title: str | None, abstract: str, sections=()):  # type: ignore[no-untyped-def]
    from litreview.nlp.pipeline import attach_record, record_text

    record = Record(id="r1", title=title, abstract=abstract, sections=tuple(sections))
    doc = nlp(record_text(record))
    attach_record(doc, record)
    return doc


def test_pipeline_is_built_once_and_uses_scispacy_tokenizer(nlp) -> None:  # type: ignore[no-untyped-def]
    from litreview.nlp.pipeline import build_pipeline

    assert build_pipeline() is nlp
    assert nlp.pipe_names == ["litreview_sentences", "litreview_sections", "abbreviation_detector",
                              "litreview_entities"]
    # scispaCy keeps "HER2/neu"-style slashes inside one token.
    assert "HER2/neu" in [t.text for t in nlp.make_doc("HER2/neu amplification")]


BRACKETS = (
    "Liver resection (LR) after neoadjuvant chemotherapy (NAC (two regimens)) in women (n = 12) "
    "with breast cancer liver metastases (BCLM) ) ( gave a median overall survival (OS) of 40 "
    "months (range 12-98 (one censored) months; hazard ratio (HR) 0.5 (0.3-0.9)); LR and BCLM again."
)


def test_bracket_pairs_equal_scispacy_matcher_where_scispacy_reads_them(nlp) -> None:  # type: ignore[no-untyped-def]
    """The array-based ``( ... )`` pairs are the Matcher's, restricted to what scispaCy keeps."""
    from spacy.matcher import Matcher

    detector = nlp.get_pipe("abbreviation_detector")
    reference = Matcher(nlp.vocab)
    reference.add("parenthesis", [[{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]])
    doc = nlp.make_doc(BRACKETS)
    kept = [m for m in reference(doc) if m[2] - m[1] - 2 <= 8]
    assert len(kept) > 10  # nested, unbalanced and long pairs are all exercised
    assert detector.matcher(doc) == kept
    pairs = nlp(BRACKETS)._.abbreviation_pairs
    assert pairs["LR"] == "Liver resection" and pairs["OS"] == "overall survival"


def test_kept_text_is_the_doc_text_and_ignored_when_borrowed(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Doc

    from litreview.nlp.extensions import TEXT_KEY, text_of

    doc = nlp("A title\n\n" + STRUCTURED)
    assert doc.user_data[TEXT_KEY] == doc.text == text_of(doc)
    other = Doc(nlp.vocab, words=["R0", "in", "34"])
    other.user_data[TEXT_KEY] = doc.text  # e.g. copied by hand: not this doc's text
    assert text_of(other) == "R0 in 34 "


def test_sentences_do_not_split_on_abbreviations_and_decimals(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, "A title", STRUCTURED)
    texts = [s.text.strip() for s in doc.sents]
    assert "A title" in texts
    assert any(t.startswith("Liver resection (LR)") and "et al. 2010 vs. others." in t for t in texts)
    assert "The median OS was 52.5 months (Fig. 1)." in texts
    assert "RESULTS:" in texts and "PATIENTS AND METHODS:" in texts


def test_month_abbreviations_end_no_sentence_before_a_number(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, None, "Patients operated on from Apr. 2006 to Sept. 2019 were included. Registry No. 4 was used. "
                          "Surgery was done in Dec. The others were treated medically.")
    texts = [s.text.strip() for s in doc.sents]
    assert texts[-4:] == ["Patients operated on from Apr. 2006 to Sept. 2019 were included.", "Registry No. 4 was used.",
                     # no number after it: "Dec." may end a sentence
                     "Surgery was done in Dec.", "The others were treated medically."]


def test_section_label_with_ampersand_is_its_category(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, None, "INTRODUCTION: Surgery is debated. PATIENTS & METHODS: We reviewed 20 women. "
                          "RESULTS: R0 in 18.")
    sections = {s.text.strip(): s._.section for s in doc.sents}
    assert sections["PATIENTS & METHODS:"] == sections["We reviewed 20 women."] == "METHODS"
    assert sections["Surgery is debated."] == "BACKGROUND"


def test_sentences_may_start_with_a_lower_case_symbol(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, None, "Ki-67 was compared with the systemic group. c-erbB-2 was positive in 12 of 40. "
                          "p53 was mutated in 9. Drugs were given s.c. anti-HER2 agents were not used.")
    texts = [s.text.strip() for s in doc.sents]
    assert texts[-4:] == ["Ki-67 was compared with the systemic group.", "c-erbB-2 was positive in 12 of 40.",
                          "p53 was mutated in 9.",
                          # "s.c." (subcutaneously) is an abbreviation: no split after it
                          "Drugs were given s.c. anti-HER2 agents were not used."]


def test_numbered_cases_are_not_section_labels(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, "Three cases", "Case 1, aged 49, underwent hepatectomy. Patient 2 had a wedge resection. "
                                   "CASE REPORT: A woman was treated.")
    texts = [s.text.strip() for s in doc.sents]
    assert "Case 1, aged 49, underwent hepatectomy." in texts
    assert "Patient 2 had a wedge resection." in texts
    assert "CASE REPORT:" in texts  # a real label still is one


def test_hyphenated_compound_of_a_label_word_is_no_label(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, None, "Background: Population-based data are scarce. Setting - Two hospitals took part. "
                          "Methods - We reviewed 30 women.")
    sections = [(s.text.strip(), s._.section) for s in doc.sents]
    assert ("Population-based data are scarce.", "BACKGROUND") in sections
    assert ("Two hospitals took part.", "METHODS") in sections  # a spaced dash still ends a label
    assert ("We reviewed 30 women.", "METHODS") in sections


@pytest.mark.parametrize("abstract, expected", [
    # a case report's headings
    ("Introduction: Such metastases are rare. Presentation of case: A 51-year-old woman underwent hepatectomy. "
     "Discussion: Selection matters.",
     {"A 51-year-old woman underwent hepatectomy.": "METHODS", "Such metastases are rare.": "BACKGROUND"}),
    # the CARE case-report headings
    ("Rationale: Such cases are rare. Patient concerns: A woman had a liver lesion. Interventions: Hepatectomy was "
     "done. Outcomes: She is well. Lessons: Resection helps.",
     {"A woman had a liver lesion.": "METHODS", "She is well.": "RESULTS", "Resection helps.": "CONCLUSIONS"}),
    # review headings (European Urology / JAMA style)
    ("Evidence acquisition: We searched three databases. Evidence synthesis: Twelve studies were included. "
     "Data synthesis: Pooled R0 was 83%.",
     {"We searched three databases.": "METHODS", "Twelve studies were included.": "RESULTS",
      "Pooled R0 was 83%.": "RESULTS"}),
])
def test_case_report_and_review_labels(nlp, abstract: str, expected: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    sections = {s.text.strip(): s._.section for s in _doc(nlp, None, abstract).sents}
    assert {text: sections.get(text) for text in expected} == expected


def test_sections_from_labels_and_title(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, "A title", STRUCTURED)
    by_text = {s.text.strip(): s._.section for s in doc.sents}
    assert by_text["A title"] == "TITLE"
    assert by_text["We reviewed 40 women who underwent LR between 2004 and 2017."] == "METHODS"
    assert by_text["R0 resection was achieved in 34 patients (85%)."] == "RESULTS"
    assert by_text["LR is safe."] == "CONCLUSIONS"


def test_lone_opening_summary_label_is_no_conclusion(nlp) -> None:  # type: ignore[no-untyped-def]
    one_paragraph = _doc(nlp, "A title", "SUMMARY: We reviewed 23 women. Median survival was 38 months.")
    assert {s.text.strip(): s._.section for s in one_paragraph.sents}["Median survival was 38 months."] is None
    closing = _doc(nlp, "A title", "We reviewed 23 women. Median survival was 38 months. CONCLUSION: Resection helps.")
    assert {s.text.strip(): s._.section for s in closing.sents}["Resection helps."] == "CONCLUSIONS"
    structured = _doc(nlp, "A title", "SUMMARY: Resection is debated. METHODS: We reviewed 23 women.")
    assert {s.text.strip(): s._.section for s in structured.sents}["Resection is debated."] == "CONCLUSIONS"


def test_unpunctuated_labels_start_sections(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, None, "Purpose To describe results. Methods We looked back at 16 women. "
                          "Results Median survival was 42 months. Results were good.")
    sections = [(s.text.strip(), s._.section) for s in doc.sents]
    assert ("We looked back at 16 women.", "METHODS") in sections
    assert ("Median survival was 42 months.", "RESULTS") in sections
    # "Results were" is an ordinary sentence, not a label
    assert ("Results were good.", "RESULTS") in sections


def test_record_sections_override_labels(nlp) -> None:  # type: ignore[no-untyped-def]
    sections = (Section("Liver resection is debated.", "INTRODUCTORY NOTE", "BACKGROUND"),
                Section("Forty women were operated on.", "SERIES", "METHODS"))
    doc = _doc(nlp, "T", join_sections(sections), sections)
    by_text = {s.text.strip(): s._.section for s in doc.sents}
    assert by_text["Forty women were operated on."] == "METHODS"


def test_abbreviations_usable_by_extractors(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, None, STRUCTURED)
    assert doc._.abbreviation_pairs["LR"] == "Liver resection"
    assert doc._.abbreviation_pairs["BCLM"] == "breast cancer liver metastases"


def test_abbreviation_pairs_are_read_only_and_survive_serialisation(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Doc

    doc = nlp(STRUCTURED)
    pairs = doc._.abbreviation_pairs
    with pytest.raises(TypeError):
        pairs["LR"] = "something else"  # type: ignore[index]
    # the cache travels with the doc (as --jobs workers would ship it) and is still read back right
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert dict(copy._.abbreviation_pairs) == dict(pairs)


def test_abbreviation_pairs_cache_is_not_lent_to_another_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    first = _doc(nlp, None, STRUCTURED)
    assert "LR" in first._.abbreviation_pairs
    other = nlp("Hepatectomy for breast cancer liver metastases was done in 12 women.")
    from litreview.nlp.extensions import PAIRS_KEY

    other.user_data[PAIRS_KEY] = first.user_data[PAIRS_KEY]  # a cache copied with another doc's user_data
    assert "LR" not in other._.abbreviation_pairs


def test_entity_rules(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, None, "Tumours were HER2-positive or triple-negative; 12 underwent hepatectomy and 3 RFA. "
                          "Estrogen receptor status was known.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("HER2-positive", "SUBTYPE") in ents or ("HER2-positive", "RECEPTOR") in ents
    assert ("triple-negative", "SUBTYPE") in ents
    assert ("hepatectomy", "PROCEDURE") in ents
    assert ("RFA", "NONRESECTION") in ents
    assert ("Estrogen receptor", "RECEPTOR") in ents


def test_finding_offsets_refer_to_abstract_and_title(nlp) -> None:  # type: ignore[no-untyped-def]
    from litreview.extract.base import make_finding, sentences

    title = "Hepatectomy in three women"
    doc = _doc(nlp, title, STRUCTURED)
    start = doc.text.index("34 patients")
    finding = make_finding(doc, "cohort_size", 34, start=start, end=start + 2, rule="t", confidence=0.9)
    assert STRUCTURED[finding.start:finding.end] == "34"
    assert finding.section == "RESULTS"
    assert finding.sentence == "R0 resection was achieved in 34 patients (85%)."
    tstart = doc.text.index("three")
    tfinding = make_finding(doc, "cohort_size", 3, start=tstart, end=tstart + 5, rule="t", confidence=0.9)
    assert tfinding.section == "TITLE" and title[tfinding.start:tfinding.end] == "three"
    assert sentences(doc)[0].section == "TITLE"


def test_unknown_model_name_raises_model_error() -> None:
    from litreview.nlp.pipeline import build_pipeline

    with pytest.raises(ModelError, match="en_core_sci_sm"):
        build_pipeline("en_no_such_model_xyz")


def test_pipe_with_one_and_two_processes_gives_identical_docs(nlp) -> None:  # type: ignore[no-untyped-def]
    from litreview.extract import extract_doc
    from litreview.nlp.pipeline import pipe_records

    records = [Record(id=str(i), title=f"Title {i}", abstract=STRUCTURED.replace("40", str(30 + i)))
               for i in range(6)]

    def summary(doc) -> tuple:  # type: ignore[no-untyped-def]
        return (doc.text, doc._.abstract_start,
                tuple((s.start_char, s.end_char, s._.section) for s in doc.sents),
                tuple((e.start_char, e.end_char, e.label_) for e in doc.ents),
                tuple(sorted(doc._.abbreviation_pairs.items())),
                extract_doc(doc).to_dict())

    one = [summary(d) for d in pipe_records(records, jobs=1)]
    two = [summary(d) for d in pipe_records(records, jobs=2)]
    assert one == two
    assert [s[0] for s in one] == [f"Title {i}\n\n" + r.abstract for i, r in enumerate(records)]


def test_extract_with_one_and_two_processes_gives_identical_extractions() -> None:
    from litreview.extract import extract

    records = [Record(id=str(i), title="Hepatectomy for breast cancer liver metastases",
                      abstract=STRUCTURED.replace("40", str(30 + i)), pmid=str(1000 + i)) for i in range(5)]
    one = extract(records, jobs=1)
    two = extract(records, jobs=2)
    assert [e.to_dict() for e in one] == [e.to_dict() for e in two]
    assert [e.record for e in two] == records
    assert [e.value("cohort_size") for e in two] == [30, 31, 32, 33, 34]


def test_label_search_at_allowed_offsets_equals_full_scan() -> None:
    """Section labels found only where the look-behinds allow (and UPPER-CASE labels only at line
    starts) equal those of a scan of every offset."""
    import json
    from pathlib import Path

    from litreview.nlp.components.sentences import _UPPER_LABEL_RE, _label_matches, _label_re, _upper_labels

    texts = [STRUCTURED, "RESULTS: x", "Methods. Results: a.  CONCLUSIONS  We\n  Background - b;\tAims: c.) Purpose: d",
             "Objective:Results?  Methods\u00a0: e! Conclusion\u2009- f.\r\nDESIGN\nSetting:"]
    for path in sorted((Path(__file__).parents[1] / "extract" / "golden").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("//"):
                case = json.loads(line)
                texts.append(f"{case.get('title') or ''}\n\n{case.get('abstract') or ''}")
    texts += [t.replace(". ", ".  ").replace(": ", ":\n") for t in texts] + [t.replace(". ", ".) ").upper() for t in texts]
    labelled = upper_labelled = 0
    for text in texts:
        for start in (0, 1, text.find("\n\n") + 2):
            full = [(m.span(), m.group("label")) for m in _label_re().finditer(text, start)]
            assert [(m.span(), m.group("label")) for m in _label_matches(text, start)] == full, text
            labelled += bool(full)
            upper = [m.span() for m in _UPPER_LABEL_RE.finditer(text, start)]
            assert [m.span() for m in _upper_labels(text, start)] == upper, text
            upper_labelled += bool(upper)
    assert labelled > 100 and upper_labelled > 20
