"""The self-contained HTML report (structure checked with an HTML parser)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from litreview.compare.model import Comparison
from litreview.report.html import NCBI_DISCLAIMER, Figure, ReportContext, render_html


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _parse(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(text)
    return parser.tags


def _render(comparison: Comparison, **context: object) -> str:
    png = b"\x89PNG\r\n\x1a\nfake"
    return render_html(comparison, ReportContext(title="Fixture <review>", version="9.9", generated="2026-11-26",
                                                 query_name="bclm", query_text='"breast"[tiab] AND liver',
                                                 **context),  # type: ignore[arg-type]
                       [Figure("forest_r0_rate_pct", "R0 forest", png)], Figure("prisma", "PRISMA", png))


def test_self_contained(comparison: Comparison) -> None:
    text = _render(comparison)
    tags = _parse(text)
    assert not [t for t, _ in tags if t in ("script", "link", "iframe")]
    images = [a for t, a in tags if t == "img"]
    assert len(images) == 2 and all((a["src"] or "").startswith("data:image/png;base64,") for a in images)
    assert "<style>" in text and "td.ev:hover .tip" in text
    assert "Fixture &lt;review&gt;" in text


def test_header_names_query_date_version_and_disclaimer(comparison: Comparison) -> None:
    text = _render(comparison)
    assert "bclm" in text and html.escape('"breast"[tiab] AND liver') in text
    assert "2026-11-26" in text and "9.9" in text
    assert NCBI_DISCLAIMER in text
    assert "demo-banner" not in text.split("</style>")[1]


def test_demo_banner(comparison: Comparison) -> None:
    text = _render(comparison, demo=True, invented_ids="INVENTED PMIDs")
    assert "DEMO DATA &mdash; invented studies, not evidence" in text
    assert "INVENTED PMIDs" in text
    # invented PMIDs are never linked to PubMed
    assert "pubmed.ncbi.nlm.nih.gov/9000" not in text


def test_table_rows_local_highlight_pooled_footer(comparison: Comparison) -> None:
    text = _render(comparison)
    tags = _parse(text)
    rows = [a for t, a in tags if t == "tr" and a.get("data-study-id")]
    assert [r["data-study-id"] for r in rows] == ["90000101", "90000102", "90000103", "local:huashan_2016_2019"]
    assert rows[-1]["class"] == "local"
    pooled = [a["data-field"] for t, a in tags if t == "tr" and a.get("class") == "pooled"]
    assert pooled == ["r0_rate_pct", "five_year_os_pct", "median_os_months"]
    tfoot = text.split("<tfoot>")[1].split("</tfoot>")[0]
    assert "87.9 [80.1-92.9]" in tfoot and "50.5 (49-52)" in tfoot
    # real PMIDs link to PubMed outside demo mode
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/90000101/"' in text


def test_values_carry_their_evidence_sentence_escaped(comparison: Comparison) -> None:
    text = _render(comparison)
    cells = [a for t, a in _parse(text) if t == "td" and "ev" in (a.get("class") or "").split()]
    titles = [c["title"] or "" for c in cells]
    sentence = 'Pathology showed negative margins in 85% <of> "all" patients & more.'
    assert any(t.startswith(sentence) for t in titles)  # parser unescapes the attribute
    assert "&lt;of&gt; &quot;all&quot; patients &amp; more." in text
    assert "<of>" not in text
    # the tooltip marks the words the value came from
    assert "<mark>86.5</mark>" in text
    # the curated cell says so
    curated = [t for t in titles if "curated by Dr Demo" in t]
    assert curated and curated[0].startswith("Beta 2019 reported cohort_size")


def test_not_reported_cells(comparison: Comparison) -> None:
    text = _render(comparison)
    local_row = re.search(r'<tr class="local".*?</tr>', text, re.S).group(0)  # type: ignore[union-attr]
    assert local_row.count('<td class="nr" title="not reported">NR</td>') >= 8
    assert '<span class="val">0</span>' in local_row  # morbidity 0 is a real zero


def test_curation_and_exclusions_listed(comparison: Comparison) -> None:
    text = _render(comparison, relevance_reasons={"90000104": ("breast cancer (title)",
                                                                "not relevant: colorectal primary")})
    section = text.split('id="curation"')[1].split("</section>")[0]
    assert "checked full text" in section and "overlapping cohort" in section
    assert "no study 99999999 in this run" in section
    assert "sha1:abc" in section
    assert "not relevant: colorectal primary (also found: breast cancer (title))" in section
    assert "<code>curations.yml:3</code>" in section
    assert "excluded by reviewer curation: overlapping cohort" in section
