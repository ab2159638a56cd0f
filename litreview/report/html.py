"""The self-contained HTML report: one file, inline CSS, figures as base64 data URIs.

No JavaScript and nothing fetched when the file is opened, so it can be mailed,
archived with the run, or opened offline. The page is filled from
``templates/report.html`` and ``templates/report.css`` (package data) with
:class:`string.Template`; every value from the data is HTML-escaped here.
"""

from __future__ import annotations

import base64
import html
import os
from dataclasses import dataclass, field
from importlib import resources
from string import Template
from typing import Any, Iterable, Mapping

from litreview.compare.model import Comparison, MedianSummary, PooledEstimate
from litreview.io.atomic import atomic_write

from .format import FIELD_LABELS, FIELD_TITLES, NR, NR_LONG, format_number, format_value, is_missing
from .tables import (
    DISPLAY_FIELDS,
    STATUS_CURATED_OUT,
    STATUS_LOCAL,
    STATUS_NOT_RELEVANT,
    format_pooled,
    ordered_rows,
)

__all__ = ["ReportContext", "Figure", "NCBI_DISCLAIMER", "render_html", "write_html", "data_uri"]

#: Shown in every report that contains PubMed data (NCBI asks software to show it).
NCBI_DISCLAIMER = (
    "Bibliographic records and abstracts come from PubMed&reg; (U.S. National Library of Medicine, NLM) "
    "or from files the user supplied. NLM and NCBI do not endorse and are not responsible for litreview "
    "or this report; abstracts may be copyrighted by their publishers. See NCBI's "
    '<a href="https://www.ncbi.nlm.nih.gov/home/about/policies/">website and data usage policies and '
    "disclaimers</a>."
)


@dataclass(frozen=True)
class Figure:
    """A PNG figure to embed: ``name`` (file stem), caption and the PNG bytes."""

    name: str
    caption: str
    png: bytes
    alt: str = ""


@dataclass
class ReportContext:
    """What the report says about the run (the header and footer).

    Attributes:
        title: page title.
        generated: date/time of the run (ISO 8601 text).
        version: litreview version.
        query_name, query_text, query_description: the saved query, if any.
        inputs: input files / store / query the records came from.
        demo: True for the bundled demo (shows the DEMO banner).
        invented_ids: text naming the invented identifiers (demo).
        records_read: records read or fetched before de-duplication.
        relevance_reasons: record id -> extraction's relevance reasons (for the
            list of excluded records).
        link_pubmed: link PMIDs to pubmed.ncbi.nlm.nih.gov (off for invented PMIDs).
        extra_notes: more notes for the Notes section.
    """

    title: str = "Literature review report"
    generated: str = ""
    version: str = ""
    query_name: str | None = None
    query_text: str | None = None
    query_description: str | None = None
    inputs: tuple[str, ...] = ()
    demo: bool = False
    invented_ids: str | None = None
    records_read: int | None = None
    relevance_reasons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    link_pubmed: bool = True
    extra_notes: tuple[str, ...] = ()


def _e(value: Any) -> str:
    return html.escape("" if is_missing(value) else str(value), quote=True)


def data_uri(png: bytes) -> str:
    """``data:image/png;base64,...`` for ``png``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _load_template(name: str) -> str:
    return resources.files("litreview.report").joinpath("templates", name).read_text(encoding="utf-8")


def _highlight(sentence: str, text: str | None) -> str:
    """The sentence, escaped, with the first occurrence of ``text`` in <mark>."""
    if text and sentence:
        index = sentence.find(text)
        if index < 0:
            index = sentence.lower().find(text.lower())
        if index >= 0:
            end = index + len(text)
            return f"{_e(sentence[:index])}<mark>{_e(sentence[index:end])}</mark>{_e(sentence[end:])}"
    return _e(sentence)


def _evidence_index(comparison: Comparison) -> dict[tuple[str, str], dict[str, Any]]:
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for row in comparison.evidence.to_dict(orient="records"):
        index.setdefault((str(row.get("study_id")), str(row.get("field"))), row)
    return index


def _value_cell(name: str, value: Any, evidence: dict[str, Any] | None) -> str:
    text = format_value(name, value)
    if text == NR:
        return f'<td class="nr" title="{NR_LONG}">{NR}</td>'
    css = "txt nowrap" if name == "country" else "num"
    if not evidence:
        return f'<td class="{css}">{_e(text)}</td>'
    sentence = "" if is_missing(evidence.get("sentence")) else str(evidence.get("sentence"))
    source_text = None if is_missing(evidence.get("text")) else str(evidence.get("text"))
    curated = bool(evidence.get("curated")) and not is_missing(evidence.get("curated"))
    meta = []
    if curated:
        who = evidence.get("curator")
        reason = evidence.get("reason")
        meta.append("curated" + (f" by {who}" if not is_missing(who) and who else "")
                    + (f": {reason}" if not is_missing(reason) and reason else ""))
    rule = evidence.get("rule")
    if not is_missing(rule) and rule:
        meta.append(f"rule {rule}")
    confidence = evidence.get("confidence")
    if not is_missing(confidence):
        meta.append(f"confidence {format_number(float(confidence), 2)}")
    note = evidence.get("note")
    if not is_missing(note) and note:
        meta.append(str(note))
    title = sentence + (f" [{'; '.join(meta)}]" if meta else "")
    mark = '<sup class="curated-mark" aria-label="curated">&#9998;</sup>' if curated else ""
    tip = (f'<span class="tip" role="tooltip">{_highlight(sentence, source_text) or "(no sentence)"}'
           f'<small>{_e(FIELD_TITLES.get(name, name))}: {_e("; ".join(meta))}</small></span>')
    return (f'<td class="{css} ev" tabindex="0" title="{_e(title)}"><span class="val">{_e(text)}</span>'
            f"{mark}{tip}</td>")


def _study_cell(row: dict[str, Any], link_pubmed: bool) -> str:
    label = row.get("label") or row.get("study_id")
    pmid = row.get("pmid")
    title = row.get("title")
    if row["status"] == STATUS_LOCAL:
        head = f"{_e(label)}"
        sub = "local case series (not pooled)"
    elif link_pubmed and not is_missing(pmid) and pmid:
        head = f'<a href="https://pubmed.ncbi.nlm.nih.gov/{_e(pmid)}/">{_e(label)}</a>'
        sub = f"PMID {pmid}"
    else:
        head = _e(label)
        sub = f"PMID {pmid}" if not is_missing(pmid) and pmid else str(row.get("study_id"))
    merged = row.get("merged_ids")
    others = [m for m in merged if m != row.get("study_id")] if isinstance(merged, (tuple, list)) else []
    if others:
        sub += f"; {len(others)} duplicate record{'s' if len(others) > 1 else ''} merged"
    return (f'<td class="study" title="{_e(title)}">{head}<span class="sub">{_e(sub)}</span></td>')


def _period(row: dict[str, Any]) -> str:
    period = row.get("period")
    if not is_missing(period) and period:
        return str(period)
    return format_value("study_period", row.get("study_period"))


def render_table(comparison: Comparison, *, link_pubmed: bool = True) -> str:
    """The comparison table: included studies, the local series highlighted, pooled rows in tfoot."""
    evidence = _evidence_index(comparison)
    head = ["Study", "Design", "Country", "Period"] + [FIELD_LABELS[f] for f in DISPLAY_FIELDS]
    titles = ["", "", "", ""] + [FIELD_TITLES[f] for f in DISPLAY_FIELDS]
    out = ['<table class="cmp" id="comparison-table">', "<thead><tr>"]
    out += [f'<th scope="col" title="{_e(t)}">{_e(h)}</th>' for h, t in zip(head, titles)]
    out.append("</tr></thead>\n<tbody>")
    for row in ordered_rows(comparison):
        sid = str(row["study_id"])
        css = "local" if row["status"] == STATUS_LOCAL else "lit"
        cells = [_study_cell(row, link_pubmed)]
        design = row.get("design")
        cells.append(f'<td class="txt nowrap">{_e(design) if not is_missing(design) and design else ""}</td>')
        cells.append(_value_cell("country", row.get("country"), evidence.get((sid, "country"))))
        period = _period(row)
        if period == NR:
            cells.append(f'<td class="nr" title="{NR_LONG}">{NR}</td>')
        else:
            ev = evidence.get((sid, "study_period"))
            cells.append(_value_cell("study_period", row.get("study_period"), ev) if ev and is_missing(row.get("period"))
                         else f'<td class="txt">{_e(period)}</td>')
        for name in DISPLAY_FIELDS:
            cells.append(_value_cell(name, row.get(name), evidence.get((sid, name))))
        out.append(f'<tr class="{css}" data-study-id="{_e(sid)}">' + "".join(cells) + "</tr>")
    out.append("</tbody>\n<tfoot>")
    for name, summary in comparison.pooled.items():
        if name not in FIELD_LABELS:
            continue
        if isinstance(summary, PooledEstimate):
            i2 = "" if summary.i2 is None else f", I&sup2; {format_number(summary.i2, 0)}%"
            caption = (f"Pooled {_e(FIELD_TITLES[name])} <span class=\"sub\">random effects, 95% CI; "
                       f"k = {summary.k}, {summary.total_n} patients{i2}</span>")
        else:
            caption = (f"{_e(FIELD_TITLES[name])}: median of study medians "
                       f"<span class=\"sub\">range; k = {summary.k}; not a pooled estimate</span>")
        cells = [f'<td class="study" colspan="4">{caption}</td>']
        for fname in DISPLAY_FIELDS:
            if fname == name:
                cells.append(f'<td class="pooled" title="{_e(summary.method)}">{_e(format_pooled(summary))}</td>')
            else:
                cells.append("<td></td>")
        out.append(f'<tr class="pooled" data-field="{_e(name)}">' + "".join(cells) + "</tr>")
    out.append("</tfoot></table>")
    return "\n".join(out)


def _pooled_text(comparison: Comparison) -> str:
    items = []
    for name, summary in comparison.pooled.items():
        title = FIELD_TITLES.get(name, name)
        if isinstance(summary, PooledEstimate):
            if summary.estimate_pct is None:
                items.append(f"<li><b>{_e(title)}</b>: no pooled estimate"
                             f"{' (' + _e(summary.note) + ')' if summary.note else ''}.</li>")
                continue
            het = ""
            if summary.i2 is not None:
                het = f"; I&sup2; = {format_number(summary.i2, 0)}%"
                if summary.tau2 is not None:
                    het += f", &tau;&sup2; = {format_number(summary.tau2, 3)}"
            nr = f"; not reported in {len(summary.excluded)} studies" if summary.excluded else ""
            items.append(f"<li><b>{_e(title)}</b>: {_e(format_pooled(summary))} % "
                         f"(k = {summary.k}, {summary.total_n} patients{het}{nr}). "
                         f"<span class=\"hint\">{_e(summary.method)}"
                         f"{'. ' + _e(summary.note) if summary.note else ''}</span></li>")
        elif isinstance(summary, MedianSummary):
            if summary.median is None:
                items.append(f"<li><b>{_e(title)}</b>: no summary"
                             f"{' (' + _e(summary.note) + ')' if summary.note else ''}.</li>")
                continue
            nr = f"; not reported in {len(summary.not_reported)}" if summary.not_reported else ""
            items.append(f"<li><b>{_e(title)}</b>: {_e(format_pooled(summary))} months "
                         f"(median of {summary.k} study medians, range{nr}). "
                         f"<span class=\"hint\">{_e(summary.method)}"
                         f"{'. ' + _e(summary.note) if summary.note else ''}</span></li>")
    if not items:
        return "<p>No pooled estimates.</p>"
    return '<ul class="tight">' + "".join(items) + "</ul>"


def _figures(figures: Iterable[Figure]) -> str:
    out = []
    for fig in figures:
        out.append(f'<figure id="fig-{_e(fig.name)}"><img src="{data_uri(fig.png)}" alt="{_e(fig.alt or fig.caption)}">'
                   f"<figcaption>{_e(fig.caption)}</figcaption></figure>")
    return "\n".join(out)


def _header(context: ReportContext, comparison: Comparison) -> str:
    rows = []
    if context.query_name or context.query_text:
        query = _e(context.query_name or "")
        if context.query_description:
            query += f" &mdash; {_e(context.query_description)}"
        rows.append(("Query", query))
        if context.query_text and context.query_text != context.query_name:
            rows.append(("PubMed search", f"<code>{_e(context.query_text)}</code>"))
    if context.inputs:
        rows.append(("Inputs", ", ".join(f"<code>{_e(i)}</code>" for i in context.inputs)))
    if context.generated:
        rows.append(("Date", _e(context.generated)))
    rows.append(("litreview", _e(context.version)))
    if context.invented_ids:
        rows.append(("Identifiers", f"<b>{_e(context.invented_ids)}</b>"))
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _summary(context: ReportContext, comparison: Comparison) -> str:
    p = comparison.prisma
    cards = [(str(p.identified), "records identified"), (str(p.duplicates_removed), "duplicates removed"),
             (str(p.screened), "records screened"), (str(p.included), "studies included")]
    r0 = comparison.pooled.get("r0_rate_pct")
    if isinstance(r0, PooledEstimate):
        cards.append((format_pooled(r0), f"pooled R0 % (k = {r0.k})"))
    out = ['<div class="cards">']
    out += [f'<div class="card"><div class="num">{_e(n)}</div><div class="lbl">{_e(lbl)}</div></div>'
            for n, lbl in cards]
    for row in ordered_rows(comparison):
        if row["status"] != STATUS_LOCAL:
            continue
        size = format_value("cohort_size", row.get("cohort_size"))
        r0v = format_value("r0_rate_pct", row.get("r0_rate_pct"))
        out.append(f'<div class="card local"><div class="num">n = {_e(size)}, R0 {_e(r0v)}'
                   f'{"" if r0v == NR else "%"}</div><div class="lbl">{_e(row.get("label"))} (local series)</div></div>')
    out.append("</div>")
    return "".join(out)


def _curation(context: ReportContext, comparison: Comparison) -> str:
    report = comparison.curation_report
    out = []
    out.append("<h3>Reviewer curations</h3>")
    if report.applied:
        out.append('<table class="plain"><thead><tr><th>Study</th><th>Field</th><th>Value</th><th>Reviewer</th>'
                   "<th>Reason</th><th>Date</th><th>Source</th></tr></thead><tbody>")
        for study_id, cur in report.applied:
            value = ("exclude" if cur.value else "re-include") if cur.field == "exclude" else format_value(
                cur.field, cur.value)
            out.append(f"<tr><td>{_e(study_id)}</td><td>{_e(cur.field)}</td><td>{_e(value)}</td>"
                       f"<td>{_e(cur.reviewer)}</td><td>{_e(cur.reason)}</td><td>{_e(cur.date)}</td>"
                       f"<td><code>{_e(_short_source(cur.source))}</code></td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>No curations applied.</p>")
    for title, notes in (("Stale curations (matched no study)", report.stale),
                         ("Conflicts (fresh extraction differs; curated value kept)", report.conflicts)):
        if notes:
            out.append(f"<h3>{_e(title)}</h3><ul class=\"tight\">")
            out += [f"<li><code>{_e(_short_source(n.curation.source))}</code> {_e(n.curation.study)} / {_e(n.curation.field)}: "
                    f"{_e(n.message)}</li>" for n in notes]
            out.append("</ul>")

    out.append("<h3>De-duplication</h3>")
    if comparison.dedup_log:
        out.append('<ul class="tight">')
        for d in comparison.dedup_log:
            score = "" if d.reason in ("pmid", "doi") else f", similarity {format_number(d.score)}"
            out.append(f"<li><code>{_e(d.dropped_id)}</code> merged into <code>{_e(d.kept_id)}</code> "
                       f"(by {_e(d.reason)}{score}){': ' + _e(d.detail) if d.detail else ''}</li>")
        out.append("</ul>")
    else:
        out.append("<p>No duplicates found.</p>")

    excluded = [r for r in ordered_rows(comparison, include_excluded=True)
                if r["status"] in (STATUS_NOT_RELEVANT, STATUS_CURATED_OUT)]
    out.append(f"<h3>Excluded records ({len(excluded)})</h3>")
    if excluded:
        out.append('<table class="plain"><thead><tr><th>Record</th><th>Title</th><th>Why</th></tr></thead><tbody>')
        for row in excluded:
            sid = str(row["study_id"])
            if row["status"] == STATUS_CURATED_OUT:
                why = "excluded by reviewer curation"
                for study_id, cur in report.applied:
                    if study_id == sid and cur.field == "exclude" and cur.reason:
                        why += f": {cur.reason}"
            else:
                why = _why_not_relevant(context.relevance_reasons.get(sid, ()))
            out.append(f"<tr><td>{_e(row.get('label') or sid)}<br><code>{_e(sid)}</code></td>"
                       f"<td>{_e(row.get('title'))}</td><td>{_e(why)}</td></tr>")
        out.append("</tbody></table>")
    return "\n".join(out)


def _short_source(source: str) -> str:
    """``/long/path/curations.yml:entry 1`` -> ``curations.yml:entry 1`` (paths differ per machine)."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _why_not_relevant(reasons: Iterable[str]) -> str:
    """The exclusion reasons first; the other screening signals after them."""
    prefix = "not relevant:"
    against = [r[len(prefix):].strip() for r in reasons if r.lower().startswith(prefix)]
    other = [r for r in reasons if not r.lower().startswith(prefix)]
    text = "not relevant" + (f": {'; '.join(against)}" if against else "")
    if other:
        text += f" (also found: {'; '.join(other)})"
    return text


def _series(comparison: Comparison) -> str:
    if not comparison.series_summaries:
        return "<p>No local case series in this comparison.</p>"
    out = []
    for summary in comparison.series_summaries:
        s = summary.series
        where = ", ".join(x for x in (s.institution, s.city, s.country) if x)
        period = " to ".join(x for x in (s.period_start, s.period_end) if x)
        out.append(f"<h3>{_e(s.label)}</h3><p>{_e(s.title)}<br>{_e(where)}; {len(s.patients)} patients"
                   f"{'; ' + _e(period) if period else ''}; {_e(s.design)}.</p>")
        counts = [f"{FIELD_TITLES.get(k, k)}: {v.events}/{v.total} ({v.source})" for k, v in summary.counts.items()]
        if counts:
            out.append("<p>Counts: " + _e("; ".join(counts)) + "</p>")
        notes = list(dict.fromkeys(list(s.notes) + list(summary.notes)))  # summaries may repeat the series notes
        if notes:
            out.append('<ul class="tight">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    return "\n".join(out)


def _notes(context: ReportContext, comparison: Comparison) -> str:
    notes = list(comparison.notes) + list(context.extra_notes)
    notes.append("Values are extracted automatically from abstracts by rules; check each against its sentence "
                 "(hover) and the full text before use. The local case series is shown beside the literature "
                 "and is never part of a pooled estimate.")
    return '<ul class="tight">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>"


def render_html(comparison: Comparison, context: ReportContext, figures: Iterable[Figure] = (),
                prisma_figure: Figure | None = None) -> str:
    """The whole report as one HTML string."""
    banner = ""
    if context.demo:
        banner = ('<div class="demo-banner" id="demo-banner" role="alert">DEMO DATA &mdash; invented studies, '
                  "not evidence<small>Every literature record in this report (titles starting with [demo], "
                  "PMIDs 9000000x, DOIs 10.5555/demo.*) was made up to show what litreview does. "
                  "Do not cite or use these numbers.</small></div>")
    footer = (f"<p>{NCBI_DISCLAIMER}</p><p>Generated by litreview {_e(context.version)}"
              f"{' on ' + _e(context.generated) if context.generated else ''}.</p>")
    page = Template(_load_template("report.html")).substitute(
        title=_e(context.title),
        version=_e(context.version),
        style=_load_template("report.css"),
        banner=banner,
        header=_header(context, comparison),
        summary=_summary(context, comparison),
        table=render_table(comparison, link_pubmed=context.link_pubmed and not context.demo),
        pooled=_pooled_text(comparison),
        forest=_figures(figures) or "<p>No forest plots (no pooled proportions).</p>",
        prisma=_figures([prisma_figure]) if prisma_figure else "",
        curation=_curation(context, comparison),
        series=_series(comparison),
        notes=_notes(context, comparison),
        footer=footer,
    )
    return page


def write_html(text: str, path: str | os.PathLike[str]) -> None:
    """Write the report atomically."""
    with atomic_write(path) as handle:
        handle.write(text)
