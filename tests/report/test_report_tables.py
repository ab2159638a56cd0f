"""CSV, XLSX and Markdown tables of a comparison."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from litreview.compare.model import Comparison
from litreview.report.tables import (
    STATUS_CURATED_OUT,
    STATUS_INCLUDED,
    STATUS_LOCAL,
    STATUS_NOT_RELEVANT,
    comparison_frame,
    display_frame,
    prisma_frame,
    write_csv,
    write_markdown,
    write_xlsx,
)


def test_full_table_has_every_row_with_status(comparison: Comparison) -> None:
    frame = comparison_frame(comparison)
    status = dict(zip(frame["study_id"], frame["status"]))
    assert status == {"90000101": STATUS_INCLUDED, "90000102": STATUS_INCLUDED, "90000103": STATUS_INCLUDED,
                      "90000104": STATUS_NOT_RELEVANT, "90000105": STATUS_CURATED_OUT,
                      "local:huashan_2016_2019": STATUS_LOCAL}
    # the local series comes last, right above where pooled rows go
    assert frame["status"].iloc[-1] == STATUS_LOCAL


def test_csv_writes_nr_not_zero_and_keeps_real_zero(comparison: Comparison, tmp_path: Path) -> None:
    path = tmp_path / "comparison.csv"
    write_csv(comparison_frame(comparison), path)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    local = back[back["status"] == STATUS_LOCAL].iloc[0]
    assert local["cohort_size"] == "3"
    assert local["morbidity_pct"] == "0.0"          # reported: no complications
    assert local["median_os_months"] == "NR"        # not reported
    assert local["study_period"] == "2016-2019"
    assert local["r0_rate_pct_events"] == "3" and local["r0_rate_pct_total"] == "3"
    alpha = back[back["study_id"] == "90000101"].iloc[0]
    assert alpha["sources"] == "fixture.xml"
    assert alpha["mortality_pct"] == "0.0" and alpha["hr_positive_pct"] == "NR"
    # documented way to read it back as numbers
    numeric = pd.read_csv(path, na_values="NR", keep_default_na=False)
    assert numeric["r0_rate_pct"].dtype.kind == "f"
    assert not list(tmp_path.glob(".*.tmp"))


def test_display_frame_pooled_rows_at_bottom(comparison: Comparison) -> None:
    frame = display_frame(comparison)
    assert list(frame["status"].iloc[-3:]) == ["pooled"] * 3
    assert frame["status"].iloc[-4] == STATUS_LOCAL
    pooled_r0 = frame[frame["study_id"] == "pooled:r0_rate_pct"].iloc[0]
    assert pooled_r0["R0 %"] == "87.9 [80.1-92.9]"
    assert pooled_r0["n"] == ""
    mos = frame[frame["study_id"] == "pooled:median_os_months"].iloc[0]
    assert mos["Median OS (mo)"] == "50.5 (49-52)"
    local = frame[frame["status"] == STATUS_LOCAL].iloc[0]
    assert (local["n"], local["R0 %"], local["Morbidity %"], local["Median OS (mo)"]) == ("3", "100", "0", "NR")
    assert "90000104" not in set(frame["study_id"])  # excluded studies are not in the display table


def test_xlsx_sheets_and_evidence(comparison: Comparison, tmp_path: Path) -> None:
    path = tmp_path / "comparison.xlsx"
    write_xlsx(comparison, path)
    book = load_workbook(path)
    assert book.sheetnames == ["comparison", "evidence", "pooled", "prisma"]
    sheet = book["comparison"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    local = [r for r in rows if r["status"] == STATUS_LOCAL][0]
    assert local["cohort_size"] == 3 and local["r0_rate_pct"] == 100 and local["morbidity_pct"] == 0
    assert local["median_os_months"] == "NR"
    # the local row is highlighted
    local_index = [r["status"] for r in rows].index(STATUS_LOCAL) + 2
    assert sheet.cell(row=local_index, column=1).fill.fgColor.rgb.endswith("FFF3C4")
    evidence = book["evidence"]
    ev_header = [c.value for c in evidence[1]]
    assert ev_header[:5] == ["label", "study_id", "field", "value", "sentence"]
    ev_rows = [dict(zip(ev_header, (c.value for c in row))) for row in evidence.iter_rows(min_row=2)]
    r0 = [r for r in ev_rows if r["study_id"] == "90000102" and r["field"] == "r0_rate_pct"][0]
    assert r0["sentence"] == "Surgical margins were negative in 83 patients (86.5%)."
    assert r0["value"] == "86.5"
    pooled = [[c.value for c in row] for row in book["pooled"].iter_rows()]
    assert pooled[0][:3] == ["field", "measure", "estimate"]
    assert {row[0] for row in pooled[1:]} == {"r0_rate_pct", "five_year_os_pct", "median_os_months"}
    prisma = {row[2]: row[3] for row in book["prisma"].iter_rows(min_row=2, values_only=True)}
    assert prisma["identified"] == 6 and prisma["included"] == 3 and prisma["source:fixture.ris"] == 1


def test_markdown_table(comparison: Comparison, tmp_path: Path) -> None:
    path = tmp_path / "comparison.md"
    write_markdown(comparison, path, title="Fixture", preamble=["> demo"])
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Fixture"
    table = [line for line in lines if line.startswith("|")]
    assert table[0].startswith("| Study | Design | Country | Period | n |")
    local = [line for line in table if "Huashan" in line][0]
    assert local.startswith("| **Huashan 2016-2019 (local series)** |")
    assert "| 3 |" in local and "| 100 |" in local
    assert table[-3].startswith("| _Pooled R0 resection rate")
    assert "87.9 [80.1-92.9]" in table[-3]
    assert "NR = not reported" in text


def test_prisma_frame(comparison: Comparison) -> None:
    frame = prisma_frame(comparison.prisma)
    counts = dict(zip(frame["key"], frame["count"]))
    assert counts["identified"] == 6
    assert counts["duplicates_removed"] == 1
    assert counts["reason:colorectal primary"] == 1
    assert counts["local_series"] == 1
