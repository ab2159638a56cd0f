"""Example: a review in a few lines of Python, to adapt to your own files.

Run it on the bundled (invented) demo corpus::

    python docs/example_review.py                 # writes example_out/
    python docs/example_review.py my_out/ pubmed.xml zotero.ris --series my_series.yml

Replace the input files, the local series and the curation file with your own.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import litreview
from litreview.review import DEMO_CURATIONS, DEMO_FILES, bundled_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", default="example_out", help="output folder")
    parser.add_argument("inputs", nargs="*", help="record files (default: the bundled demo corpus)")
    parser.add_argument("--series", default=None, help="local case series YAML (default: bundled Huashan series)")
    parser.add_argument("--curations", default=None, help="curation file (default: the demo's, with the demo)")
    args = parser.parse_args()

    demo = not args.inputs
    inputs = args.inputs or [bundled_path(p) for p in DEMO_FILES]
    curations = args.curations or (bundled_path(DEMO_CURATIONS) if demo else None)
    series = args.series or litreview.bundled_series()

    # 1. read records from any mix of PubMed XML, MEDLINE, RIS, CSV, JSONL files
    records = litreview.read(inputs)
    # 2. extract study attributes (each value keeps the sentence it came from)
    extractions = litreview.extract(records)
    frame = litreview.extractions_frame(extractions)
    print(frame.loc[frame["relevant"], ["id", "cohort_size", "r0_rate_pct", "five_year_os_pct"]].to_string())
    # 3. compare with the local series: de-duplicate, curate, pool
    comparison = litreview.compare(extractions, [series], records=records, curations=curations)
    local = comparison.local.iloc[0]
    print(f"local series {local['label']}: n = {local['cohort_size']}, R0 {local['r0_rate_pct']} %")
    r0 = litreview.pool(comparison.table, "r0_rate_pct")
    print(f"pooled R0: {r0.estimate_pct:.1f} % (95% CI {r0.ci_low_pct:.1f}-{r0.ci_high_pct:.1f}), k = {r0.k}")
    # 4. write the report folder (HTML, CSV, XLSX, Markdown, figures, run.json)
    files = litreview.write_report(comparison, Path(args.out), extractions=extractions, records=records,
                                   title="Example review", demo=demo)
    print(f"report: {files['html']}")


if __name__ == "__main__":
    main()
