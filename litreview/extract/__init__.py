"""Extraction: a spaCy Doc (from :mod:`litreview.nlp.pipeline`) -> one Extraction per record.

Registry (the contract between extraction modules)
--------------------------------------------------
:data:`EXTRACTORS` lists ``"module:function"`` strings, one per attribute family.
Each function has the signature ``extract_<family>(doc: Doc) -> list[Finding]``
and may return several candidates per field (the orchestrator keeps the best per
field with :func:`litreview.extract.base.select_best`). Field names must be in
:data:`litreview.records.FIELD_NAMES`; findings for other names are dropped with a
warning. Build findings with :mod:`litreview.extract.base` helpers so offsets and
sections follow the conventions; parse numbers with :mod:`litreview.extract.numbers`.

Families: cohort (``cohort_size``), receptors (``er_positive_pct``,
``hr_positive_pct``, ``her2_positive_pct``, ``triple_negative_pct``), margins
(``r0_rate_pct``) - extraction core; survival (``median_os_months``,
``five_year_os_pct``, ``median_dfs_months``, ``median_followup_months``), outcomes
(``morbidity_pct``, ``mortality_pct``), study (``study_period`` as a
``(first_year, last_year)`` tuple, ``country`` as a string, several countries joined
with ``"; "``) - secondary helper.

:data:`DESIGN_CLASSIFIER`: ``"module:function"`` with signature
``classify_design(doc: Doc) -> str | None`` (one of :data:`DESIGNS`).
:data:`RELEVANCE_ASSESSOR`: ``assess_relevance(doc: Doc) -> tuple[bool, tuple[str, ...]]``
(relevant?, reasons). While either is ``None`` the design is ``None`` and every
record counts as relevant with no reasons.

Shared per-doc values other families may use (cached per doc):
:func:`litreview.extract.cohort.cohort_denominator` (the resected cohort size as an
int, or ``None``) and :func:`design_of` (the design label, or ``None``).

Library entry points: :func:`extract_doc`, :func:`extract_records`, :func:`extract`.
"""

from __future__ import annotations

import gc
import importlib
import logging
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from litreview.records import FIELD_NAMES, Extraction, Finding, Record

if TYPE_CHECKING:  # spaCy is imported lazily: `litreview --help` stays fast
    from spacy.tokens import Doc

__all__ = [
    "EXTRACTORS",
    "DESIGN_CLASSIFIER",
    "RELEVANCE_ASSESSOR",
    "DESIGNS",
    "extract_doc",
    "extract_records",
    "extract",
    "design_of",
    "load_function",
]

log = logging.getLogger(__name__)

#: Field extractors, ``"module:function"``; one line per family (add yours on its own line).
EXTRACTORS: tuple[str, ...] = (
    "litreview.extract.cohort:extract_cohort",
    "litreview.extract.receptors:extract_receptors",
    "litreview.extract.margins:extract_margins",
    "litreview.extract.survival:extract_survival",
    "litreview.extract.outcomes:extract_outcomes",
    "litreview.extract.study:extract_study",
)

#: ``classify_design(doc) -> str | None``; ``None`` = no design classifier yet.
DESIGN_CLASSIFIER: str | None = "litreview.extract.design:classify_design"
#: ``assess_relevance(doc) -> tuple[bool, tuple[str, ...]]``; ``None`` = everything relevant.
RELEVANCE_ASSESSOR: str | None = "litreview.extract.relevance:assess_relevance"

#: Design labels of the gold standard.
DESIGNS: tuple[str, ...] = (
    "case report",
    "case series",
    "retrospective cohort",
    "prospective cohort",
    "registry",
    "randomized trial",
    "systematic review",
    "meta-analysis",
    "other",
)

_FUNCTIONS: dict[str, Callable[..., Any]] = {}


def load_function(spec: str) -> Callable[..., Any]:
    """The function named by ``"package.module:function"`` (imported once)."""
    if spec not in _FUNCTIONS:
        module_name, _, attr = spec.partition(":")
        module = importlib.import_module(module_name)
        _FUNCTIONS[spec] = getattr(module, attr)
    return _FUNCTIONS[spec]


def design_of(doc: Doc) -> str | None:
    """The study design of ``doc`` (cached per doc); ``None`` without a classifier."""
    from litreview.extract.base import doc_cache

    def compute() -> str | None:
        if not DESIGN_CLASSIFIER:
            return None
        if doc.user_data.get("litreview_design_running"):
            # an extractor called by the classifier asked for the design: no recursion
            return None
        doc.user_data["litreview_design_running"] = True
        try:
            result = load_function(DESIGN_CLASSIFIER)(doc)
        finally:
            doc.user_data.pop("litreview_design_running", None)
        if isinstance(result, tuple):  # tolerate (design, reasons)
            result = result[0] if result else None
        return result

    return doc_cache(doc, "design", compute)


def _record_id(doc: Doc) -> str:
    record = doc._.record
    if record is not None:
        return record.id
    return doc._.record_id or ""


def extract_doc(doc: Doc) -> Extraction:
    """Run every registered extractor on a processed Doc; the best finding per field."""
    from litreview.extract.base import select_best

    by_field: dict[str, list[Finding]] = {}
    for spec in EXTRACTORS:
        try:
            found = load_function(spec)(doc)
        except Exception:  # one broken rule must not lose the other fields of the batch
            log.exception("extractor %s failed on record %s", spec, _record_id(doc))
            continue
        for finding in found:
            if finding.field not in FIELD_NAMES:
                log.warning("extractor %s returned unknown field %r (valid: %s)", spec, finding.field,
                            ", ".join(FIELD_NAMES))
                continue
            by_field.setdefault(finding.field, []).append(finding)
    fields: dict[str, Finding] = {}
    for name in FIELD_NAMES:
        best = select_best(by_field.get(name, ()))
        if best is not None and best.value is not None:
            fields[name] = best
    design = None
    try:
        design = design_of(doc)
    except Exception:
        log.exception("design classifier failed on record %s", _record_id(doc))
    relevant, reasons = True, ()
    if RELEVANCE_ASSESSOR:
        try:
            result = load_function(RELEVANCE_ASSESSOR)(doc)
            if isinstance(result, tuple):
                relevant, reasons = bool(result[0]), tuple(result[1]) if len(result) > 1 else ()
            else:
                relevant = bool(result)
        except Exception:
            log.exception("relevance assessor failed on record %s", _record_id(doc))
    record: Record | None = doc._.record
    return Extraction(
        id=_record_id(doc),
        pmid=record.pmid if record else None,
        title=record.title if record else None,
        relevant=relevant,
        relevance_reasons=tuple(reasons),
        design=design,
        fields=fields,
        record=record,
    )


def extract_records(records: Iterable[Record], *, model: str | None = None, jobs: int = 1,
                    progress: bool = False) -> Iterator[Extraction]:
    """Extract every record, in input order (a generator: nothing is held back).

    Args:
        records: any iterable of Records (e.g. ``litreview.io.read_records(...)``).
        model: optional spaCy/scispaCy model name or path whose NER joins the rules.
        jobs: processes; with ``jobs > 1`` worker processes run the pipeline and the
            extractors on chunks of records (see :func:`_extract_in_workers`).
        progress: show a progress bar (on a terminal only).

    Raises:
        ModelError: the model cannot be loaded.
    """
    from litreview.progress import track

    total = len(records) if hasattr(records, "__len__") else None  # type: ignore[arg-type]
    results: Iterator[Extraction]
    if jobs > 1:
        results = _extract_in_workers(records, model=model, jobs=jobs)
    else:
        from litreview.nlp.pipeline import pipe_records

        results = (extract_doc(doc) for doc in pipe_records(records, model=model, jobs=1))
    if progress:
        results = track(results, "Extracting", total=total)
    yield from results


_CHUNK = 16  # records per task: big enough to amortise pickling, small enough to balance the workers


def _extract_chunk(records: list[Record], model: str | None) -> list[dict[str, Any]]:
    """Worker task: pipeline and extractors for a few records; only the Extraction dicts go back."""
    from litreview.nlp.pipeline import attach_record, build_pipeline, record_text

    nlp = build_pipeline(model)  # cached per process (inherited from the parent with fork)
    out = []
    for doc, record in zip(nlp.pipe([record_text(r) for r in records]), records):
        attach_record(doc, record)
        out.append(extract_doc(doc).to_dict())
    return out


def _extract_in_workers(records: Iterable[Record], *, model: str | None, jobs: int) -> Iterator[Extraction]:
    """Pipeline AND extractors in ``jobs`` worker processes, over chunks of records, in input order.

    Why not ``nlp.pipe(n_process=jobs, as_tuples=True)``: with contexts, spaCy tokenises
    every text in the parent process and ships the Doc as bytes (``to_bytes``) to the
    workers and back again (``from_bytes``, where srsly's msgpack looks up its extension
    registry - an entry-point scan - three times per doc); the parent became the
    bottleneck and ``--jobs 2`` was slower than ``--jobs 1``. Here a worker receives
    Records (small) and returns ``Extraction.to_dict()`` (small); at most ``4 * jobs``
    chunks are in flight, so a long input is not read ahead.
    """
    import multiprocessing

    from litreview.nlp.pipeline import build_pipeline

    build_pipeline(model)  # load once here: a bad model fails now, and forked workers inherit it
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    iterator = iter(records)
    # the pipeline and rules loaded so far are shared with forked workers page by page until written; the
    # workers' garbage collector would write to every one of those objects (their GC header) and copy them all
    gc.freeze()
    try:
        yield from _results_in_order(iterator, context, model, jobs)
    finally:
        gc.unfreeze()


def _results_in_order(iterator: Iterator[Record], context: Any, model: str | None, jobs: int) -> Iterator[Extraction]:
    """The workers' Extractions of ``iterator``'s records in input order, at most ``4 * jobs`` chunks in flight."""
    from collections import deque
    from dataclasses import replace
    from itertools import islice

    with context.Pool(jobs) as pool:
        pending: deque[tuple[list[Record], Any]] = deque()
        while True:
            while len(pending) < 4 * jobs:
                chunk = list(islice(iterator, _CHUNK))
                if not chunk:
                    break
                pending.append((chunk, pool.apply_async(_extract_chunk, (chunk, model))))
            if not pending:
                break
            chunk, result = pending.popleft()
            for record, data in zip(chunk, result.get()):
                yield replace(Extraction.from_dict(data), record=record)


def extract(records: Iterable[Record], *, model: str | None = None, jobs: int = 1,
            progress: bool = False) -> list[Extraction]:
    """Like :func:`extract_records`, as a list."""
    return list(extract_records(records, model=model, jobs=jobs, progress=progress))
