"""``litreview compare``: the comparison and report part of ``review``, from extraction files."""

from __future__ import annotations

import argparse

EXAMPLES = """\
examples:
  litreview extract pubmed.xml -o extractions.jsonl
  litreview compare extractions.jsonl --records pubmed.xml -o out/
  litreview compare a.jsonl b.jsonl --records a.xml b.ris --series my_series.yml --curations curations.yml -o out/
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare existing extractions (JSONL) with the local series and write the report folder",
        description=("Read extraction files written by `litreview extract` (one JSON object per line), "
                     "de-duplicate them, merge them with the local case series, apply curations, pool "
                     "R0 and 5-year survival and write the same report folder as `litreview review`. "
                     "Give the record files with --records for authors, journals, years and the RIS of "
                     "included studies. Exit code 3 when some lines were skipped."),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("extractions", nargs="+", metavar="EXTRACTIONS.jsonl", help="extraction JSONL file(s)")
    parser.add_argument("-o", "--out", required=True, metavar="OUTDIR", help="output folder")
    parser.add_argument("--records", nargs="+", default=(), metavar="DUMP",
                        help="the record files the extractions came from (any format litreview reads)")
    parser.add_argument("--series", nargs="+", default=None, metavar="PATH",
                        help="local case series YAML file(s) (default: the bundled Huashan 2016-2019 series)")
    parser.add_argument("--no-series", action="store_true", help="compare with no local series")
    parser.add_argument("--curations", default=None, metavar="FILE",
                        help="reviewer curations (YAML or CSV): corrections and exclusions")
    parser.add_argument("--title", default=None, help="report title")


def run(args: argparse.Namespace) -> int:
    from litreview.cli.review import print_result, series_option
    from litreview.review import compare_files

    result = compare_files(args.extractions, args.out, records=args.records, series=series_option(args),
                           curations=args.curations, title=args.title)
    return print_result(result, "compare")
