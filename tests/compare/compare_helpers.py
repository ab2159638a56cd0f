"""Helpers for the compare tests: hand-built findings and extractions."""

from __future__ import annotations

from typing import Any

from litreview.records import Extraction, Finding


def finding(field: str, value: Any, text: str | None = None, rule: str = "test.rule") -> Finding:
    text = text if text is not None else str(value)
    return Finding(field=field, value=value, unit=None, text=text, sentence=f"... {text} ...", start=0,
                   end=len(text), confidence=0.9, rule=rule)


def extraction(id: str, relevant: bool = True, reasons: tuple[str, ...] = (), pmid: str | None = None,
               title: str | None = None, design: str | None = "retrospective cohort",
               **values: Any) -> Extraction:
    """``extraction("1", cohort_size=52, r0_rate_pct=(88.0, "46 of 52 patients (88%)"))``."""
    fields = {}
    for name, value in values.items():
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
            fields[name] = finding(name, value[0], value[1])
        else:
            fields[name] = finding(name, value)
    return Extraction(id=id, pmid=pmid, title=title, relevant=relevant, relevance_reasons=reasons,
                      design=design, fields=fields)
