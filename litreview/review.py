"""The main job, end to end: records -> extraction -> comparison with the local series -> report folder.

Records come from PubMed (a saved query, fetched into the SQLite store), from files
(``offline``), from a store filled earlier (``store``), or from the bundled demo
corpus (``demo=True``, no network). Relevance screening is part of extraction
(:attr:`Extraction.relevant`); de-duplication, curations, pooling and PRISMA counts
happen in :func:`litreview.compare.compare`; :func:`litreview.report.write_report`
writes the folder.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

from litreview.errors import ConfigError, InputError, RecordError
from litreview.records import Extraction, Record

__all__ = [
    "DEMO_FILES",
    "DEMO_QUERY",
    "DEMO_CURATIONS",
    "DEFAULT_SERIES",
    "ReviewResult",
    "bundled_path",
    "default_out_dir",
    "read_extractions",
    "review",
    "compare_files",
    "summary_lines",
]

log = logging.getLogger(__name__)

#: Bundled corpus files, relative to the corpora folder (see :func:`bundled_path`).
DEMO_FILES: tuple[str, ...] = ("demo/bclm_demo.xml", "demo/bclm_demo_zotero.ris")
DEMO_QUERY = "demo/bclm_demo.toml"
DEMO_CURATIONS = "demo/curations.yml"
#: The local case series a review is compared with unless told otherwise.
DEFAULT_SERIES = "local_series/huashan_2016_2019.yml"

_ENV_CORPORA = "LITREVIEW_CORPORA"


def _corpora_roots() -> list[Path]:
    roots = []
    env = os.environ.get(_ENV_CORPORA)
    if env:
        roots.append(Path(env))
    # inside the installed package, when the build ships the corpora as package data
    try:
        packaged = resources.files("litreview").joinpath("data", "corpora")
        roots.append(Path(str(packaged)))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - zipped installs
        pass
    # a source checkout (editable install, or running from the clone)
    roots.append(Path(__file__).resolve().parent.parent / "corpora")
    return roots


def bundled_path(relative: str) -> Path:
    """The path of a bundled corpus file (``"demo/bclm_demo.xml"``).

    Looks in ``$LITREVIEW_CORPORA``, then the package's ``data/corpora`` folder, then
    the ``corpora/`` folder of a source checkout.

    Raises:
        ConfigError: the file is in none of them.
    """
    roots = _corpora_roots()
    for root in roots:
        candidate = root / relative
        if candidate.is_file():
            return candidate
    raise ConfigError(f"bundled file {relative} not found; looked in: {', '.join(str(r) for r in roots)} "
                      f"(set {_ENV_CORPORA} to the corpora folder of a litreview checkout)")


def default_out_dir(query_path: Path | None = None, now: datetime | None = None) -> Path:
    """``<query folder>/runs/<YYYYmmdd-HHMMSS>``, or ``runs/<...>`` in the working folder."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d-%H%M%S")
    base = query_path.parent if query_path is not None else Path.cwd()
    return base / "runs" / stamp


@dataclass
class ReviewResult:
    """What :func:`review` (or :func:`compare_files`) did.

    Attributes:
        out_dir: the report folder.
        files: key -> path of each file written (see ``litreview.report.FILE_NAMES``).
        comparison: the :class:`~litreview.compare.Comparison`.
        extractions: one per record read.
        records: the records read (before de-duplication).
        skipped: one message per input record or file that could not be read.
        fetch: the retrieval's ``FetchReport`` when PubMed was searched, else None.
        run: the content of ``run.json``.
    """

    out_dir: Path
    files: dict[str, Path]
    comparison: Any
    extractions: list[Extraction]
    records: list[Record]
    skipped: list[str] = field(default_factory=list)
    fetch: Any = None
    run: dict[str, Any] = field(default_factory=dict)

    @property
    def report(self) -> Path:
        """The HTML report."""
        return self.files["html"]


def read_extractions(paths: Iterable[str | os.PathLike[str]], skipped: list[str] | None = None) -> list[Extraction]:
    """Read ``Extraction.to_dict()`` JSONL files (``litreview extract`` output).

    A malformed line is logged, added to ``skipped`` and left out; the rest is read.

    Raises:
        InputError: a file cannot be opened.
    """
    out: list[Extraction] = []
    for path in paths:
        name = os.fspath(path)
        try:
            handle = open(name, encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"{name}: cannot open: {exc.strerror or exc}") from exc
        with handle:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    out.append(Extraction.from_dict(json.loads(line)))
                except (ValueError, KeyError, TypeError) as exc:
                    error = RecordError(name, None, f"not an extraction: {exc}", line=lineno)
                    log.warning("skipped %s", error)
                    if skipped is not None:
                        skipped.append(str(error))
    return out


def _read_files(paths: Sequence[str | os.PathLike[str]], skipped: list[str]) -> list[Record]:
    from litreview.io import ReadReport, read_records

    report = ReadReport()
    records = list(read_records([os.fspath(p) for p in paths], report=report))
    skipped += [str(e) for e in report.skipped] + [str(e) for e in report.errors]
    if report.errors and not records:
        raise InputError(report.summary())
    return records


def _series_paths(series: Sequence[str | os.PathLike[str]] | None) -> list[Path]:
    if series is None:
        return [bundled_path(DEFAULT_SERIES)]
    return [Path(s) for s in series]


def _load_config_files(series_paths: Sequence[Path], curations: str | os.PathLike[str] | None) -> tuple[list, Any]:
    """Load the series and curation files up front, so a typo fails before a long fetch or extraction."""
    from litreview.compare.curation import load_curations
    from litreview.series import load_series

    loaded = [load_series(p) for p in series_paths]
    return loaded, (load_curations(curations) if curations is not None else None)


def _context(title: str, query: Any, inputs: Sequence[str], demo: bool, extractions: Sequence[Extraction],
             records_read: int) -> Any:
    from litreview import __version__
    from litreview.report import ReportContext

    reasons = {e.id: tuple(e.relevance_reasons) for e in extractions if not e.relevant}
    return ReportContext(
        title=title,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        query_name=getattr(query, "name", None),
        query_text=getattr(query, "query", None),
        query_description=getattr(query, "description", None),
        inputs=tuple(inputs),
        demo=demo,
        invented_ids=("INVENTED: PMIDs 90000001-90000017 and DOIs 10.5555/demo.* are fake; the studies do not exist"
                      if demo else None),
        records_read=records_read,
        relevance_reasons=reasons,
        link_pubmed=not demo,
    )


def _query_info(query: Any) -> dict[str, Any] | None:
    if query is None:
        return None
    return {"name": query.name, "query": query.query, "description": query.description,
            "mindate": query.mindate, "maxdate": query.maxdate, "datetype": query.datetype,
            "path": None if query.path is None else str(query.path)}


def _finish(comparison: Any, out_dir: Path, *, title: str, query: Any, inputs: Sequence[str], demo: bool,
            extractions: list[Extraction], records: list[Record], skipped: list[str],
            series_paths: Sequence[Path], curations: str | os.PathLike[str] | None, model: str | None,
            fetch: Any = None, records_read: int | None = None) -> ReviewResult:
    from litreview.report import write_report

    records_read = len(records) if records_read is None else records_read
    context = _context(title, query, inputs, demo, extractions, records_read)
    run_info = {
        "query": _query_info(query),
        "inputs": list(inputs),
        "series": [str(p) for p in series_paths],
        "curations": None if curations is None else os.fspath(curations),
        "model": model,
        "counts": {"records_read": records_read, "records_skipped": len(skipped),
                   "extractions": len(extractions), "relevant": sum(1 for e in extractions if e.relevant)},
        "skipped": skipped[:100],
    }
    if fetch is not None:
        run_info["fetch"] = {"status": fetch.status, "count_reported": fetch.count_reported,
                             "matched": fetch.matched, "fetched": fetch.fetched, "stored": fetch.stored,
                             "new_pmids": list(fetch.new_pmids), "store": str(fetch.store_path)}
    files = write_report(comparison, out_dir, context=context, extractions=extractions, records=records,
                         run_info=run_info)
    return ReviewResult(out_dir=out_dir, files=dict(files.files), comparison=comparison, extractions=extractions,
                        records=records, skipped=skipped, fetch=fetch, run=files.run)


def review(query: Any = None, out_dir: str | os.PathLike[str] | None = None, *,
           offline: Sequence[str | os.PathLike[str]] = (), store: str | os.PathLike[str] | None = None,
           demo: bool = False, series: Sequence[str | os.PathLike[str]] | None = None,
           curations: str | os.PathLike[str] | None = None, model: str | None = None, jobs: int = 1,
           eutils_url: str | None = None, max_records: int | None = None,
           client_config: Any = None, progress: bool = False) -> ReviewResult:
    """Run a review end to end and write its report folder.

    Args:
        query: a saved-query file, a :class:`~litreview.retrieval.SavedQuery` or an
            inline PubMed query; optional with ``demo`` or ``offline``.
        out_dir: the report folder; default :func:`default_out_dir`.
        offline: read records from these files (PubMed XML, MEDLINE, RIS, CSV,
            JSONL ...) instead of searching PubMed.
        store: read the records already in this SQLite store (those of ``query``
            when one is given) instead of searching PubMed.
        demo: review the bundled invented demo corpus (no network); uses the demo
            query and curations unless others are given.
        series: local case series files; None = the bundled Huashan series, ``()`` = none.
        curations: a curation file (YAML or CSV).
        model: spaCy/scispaCy model name or path for extraction.
        jobs: extraction processes.
        eutils_url: E-utilities base URL (a mirror or a test server).
        max_records: fetch at most this many new records from PubMed.
        client_config: a :class:`~litreview.retrieval.ClientConfig` (email, API key,
            URL); default from the environment (and ``eutils_url``).
        progress: show progress bars (on a terminal).

    Returns:
        A :class:`ReviewResult`; ``skipped`` lists unreadable input records.

    Raises:
        ConfigError: bad query, series or curation file. InputError: no input readable.
        RetrievalError: PubMed could not be searched.
    """
    from litreview.compare import compare
    from litreview.extract import extract_records
    from litreview.retrieval import load_query

    shown_inputs: list[str] | None = None
    if demo:
        if query is None:
            query = bundled_path(DEMO_QUERY)
        if not offline:
            offline = [bundled_path(p) for p in DEMO_FILES]
            shown_inputs = [f"bundled {p}" for p in DEMO_FILES]
        if curations is None:
            curations = bundled_path(DEMO_CURATIONS)
    saved = load_query(query) if query is not None else None
    if saved is None and not offline and store is None:
        raise ConfigError("nothing to review: give a query (file or PubMed query string), --offline files, "
                          "--store, or --demo")
    series_paths = _series_paths(series)
    series_list, curation_list = _load_config_files(series_paths, curations)

    skipped: list[str] = []
    fetch = None
    inputs: list[str]
    if offline:
        inputs = shown_inputs or [os.fspath(p) for p in offline]
        records = _read_files(offline, skipped)
    elif store is not None:
        from litreview.retrieval import Store

        with Store(store, create=False) as db:
            records = list(db.records(query=saved.name if saved is not None else None))
        inputs = [f"store {os.fspath(store)}" + (f" (query {saved.name})" if saved is not None else "")]
        if not records:
            raise InputError(f"{os.fspath(store)}: no stored records"
                             + (f" for query {saved.name!r}; run `litreview fetch` first" if saved else ""))
    else:
        from litreview.retrieval import ClientConfig, Store, fetch_query

        assert saved is not None
        config = client_config or ClientConfig.from_env()
        if eutils_url:
            config = replace(config, eutils_url=eutils_url)
        store_path = saved.default_store_path
        fetch = fetch_query(saved, store_path, max_records=max_records, client_config=config, progress=progress)
        skipped += list(fetch.skipped)
        with Store(store_path) as db:
            records = list(db.records(query=saved.name))
        inputs = [f"PubMed via {config.eutils_url}", f"store {store_path}"]

    extractions = list(extract_records(records, model=model, jobs=jobs, progress=progress))
    comparison = compare(extractions, series_list, records=records, curations=curation_list)
    out = Path(out_dir) if out_dir is not None else default_out_dir(saved.path if saved else None)
    title = "Literature review" + (f": {saved.description or saved.name}" if saved else "")
    return _finish(comparison, out, title=title, query=saved, inputs=inputs, demo=demo, extractions=extractions,
                   records=records, skipped=skipped, series_paths=series_paths, curations=curations, model=model,
                   fetch=fetch)


def compare_files(extraction_files: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str], *,
                  records: Sequence[str | os.PathLike[str]] = (),
                  series: Sequence[str | os.PathLike[str]] | None = None,
                  curations: str | os.PathLike[str] | None = None, title: str | None = None,
                  demo: bool = False) -> ReviewResult:
    """The comparison and report part of :func:`review`, from existing extraction JSONL files.

    Args:
        extraction_files: ``litreview extract`` outputs.
        out_dir: the report folder.
        records: record files (for authors, journal, year, DOI, sources and the RIS of
            included studies).
        series: local series files; None = the bundled Huashan series, ``()`` = none.
        curations: a curation file.
    """
    from litreview.compare import compare

    skipped: list[str] = []
    series_paths = _series_paths(series)
    series_list, curation_list = _load_config_files(series_paths, curations)
    extractions = read_extractions(extraction_files, skipped)
    record_list = _read_files(records, skipped) if records else []
    comparison = compare(extractions, series_list, records=record_list or None, curations=curation_list)
    inputs = [os.fspath(p) for p in extraction_files] + [os.fspath(p) for p in records]
    records_read = len(record_list)
    if not record_list:
        # without record files, the included.ris still lists each study by id, PMID and title
        record_list = [Record(id=e.id, pmid=e.pmid, title=e.title) for e in extractions]
    return _finish(comparison, Path(out_dir), title=title or "Literature comparison", query=None, inputs=inputs,
                   demo=demo, extractions=extractions, records=record_list, skipped=skipped,
                   series_paths=series_paths, curations=curations, model=None, records_read=records_read)


def summary_lines(result: ReviewResult) -> list[str]:
    """A short human summary of a run (what the CLI prints)."""
    from litreview.compare.model import PooledEstimate
    from litreview.report.tables import format_pooled

    p = result.comparison.prisma
    read = result.run.get("counts", {}).get("records_read", len(result.records))
    lines = [(f"records: {read} read" if read else f"extractions: {len(result.extractions)} read")
             + (f", {len(result.skipped)} skipped" if result.skipped else "")
             + f"; {p.duplicates_removed} duplicate{'s' if p.duplicates_removed != 1 else ''} removed; "
             f"{p.screened} screened; {p.included} included"
             + (f" ({p.excluded_by_curation} excluded by curation)" if p.excluded_by_curation else "")]
    r0 = result.comparison.pooled.get("r0_rate_pct")
    if isinstance(r0, PooledEstimate):
        lines.append(f"pooled R0: {format_pooled(r0)} % (k = {r0.k}, {r0.total_n} patients)"
                     if r0.estimate_pct is not None else f"pooled R0: no estimate ({r0.note or 'no studies'})")
    for row in result.comparison.local.to_dict(orient="records"):
        from litreview.report.format import format_value

        lines.append(f"local series {row.get('label')}: n = {format_value('cohort_size', row.get('cohort_size'))}, "
                     f"R0 {format_value('r0_rate_pct', row.get('r0_rate_pct'))} %")
    lines.append(f"report: {result.report}")
    lines.append(f"output folder: {result.out_dir}")
    return lines
