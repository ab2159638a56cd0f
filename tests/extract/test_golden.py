"""Golden cases: one parametrised test runs full extraction on every case of every file.

Format of ``tests/extract/golden/<family>.jsonl`` (one case per line; lines starting
with ``//`` are comments)::

    {"case": "cohort-underwent-digits",          # unique name
     "title": "...", "abstract": "...",
     "affiliations": ["..."],                    # optional
     "expect": {"cohort_size": 42, "r0_rate_pct": null, ...},   # only these fields are checked
     "expect_relevant": true,                    # optional
     "expect_design": "case series",             # optional
     "pattern": "what reporting pattern this case exercises"}

Values are compared with the evaluation tolerances (:func:`litreview.evaluate.values_match`);
``null`` means the field must stay empty.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litreview.evaluate import values_match
from litreview.records import FIELD_NAMES, Author, Record

GOLDEN = Path(__file__).parent / "golden"
_KEYS = {"case", "title", "abstract", "affiliations", "expect", "expect_relevant", "expect_design", "pattern"}


def _cases() -> list:
    params = []
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            case = json.loads(line)
            params.append(pytest.param(case, id=f"{path.stem}:{case.get('case', lineno)}"))
    return params


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from litreview.nlp.pipeline import build_pipeline

    return build_pipeline()


@pytest.mark.parametrize("case", _cases())
def test_golden_case(case: dict, pipeline) -> None:  # type: ignore[no-untyped-def]
    from litreview.extract import extract_doc
    from litreview.nlp.pipeline import attach_record, record_text

    assert set(case) <= _KEYS, f"unknown keys {set(case) - _KEYS}"
    assert set(case["expect"]) <= set(FIELD_NAMES), f"unknown fields {set(case['expect']) - set(FIELD_NAMES)}"
    authors = (Author(last_name="X", affiliations=tuple(case["affiliations"])),) if case.get("affiliations") else ()
    record = Record(id=case["case"], title=case.get("title"), abstract=case.get("abstract"), authors=authors)
    doc = pipeline(record_text(record))
    attach_record(doc, record)
    extraction = extract_doc(doc)
    problems = []
    for field, gold in case["expect"].items():
        predicted = extraction.value(field)
        if isinstance(gold, list):
            gold = tuple(gold)
        if not values_match(field, gold, predicted):
            finding = extraction.fields.get(field)
            problems.append(f"{field}: expected {gold!r}, got {predicted!r}"
                            + (f" from {finding.rule} in {finding.sentence!r}" if finding else ""))
    if "expect_relevant" in case:
        if extraction.relevant != case["expect_relevant"]:
            problems.append(f"relevant: expected {case['expect_relevant']}, got {extraction.relevant}")
    if "expect_design" in case:
        if extraction.design != case["expect_design"]:
            problems.append(f"design: expected {case['expect_design']!r}, got {extraction.design!r}")
    assert not problems, f"{case.get('pattern', '')}\n" + "\n".join(problems)
