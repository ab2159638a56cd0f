"""``litreview records``: read any supported input(s) and write normalised records."""

from __future__ import annotations

import argparse
import itertools
import sys

EXAMPLES = """\
examples:
  litreview records pubmed_result.xml.gz                 # JSONL on stdout
  litreview records export.nbib zotero.ris -o all.jsonl  # merge two exports
  litreview records screened.csv -o for_endnote.ris      # RIS for a reference manager
  cat notes.txt | litreview records - --format text      # stdin
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from litreview.io.detect import FORMATS, WRITERS

    parser = subparsers.add_parser(
        "records",
        help="read PubMed XML, MEDLINE, RIS, CSV/TSV, JSONL or text and write normalised records",
        description=(
            "Read records from any supported input (format detected from content and extension; "
            ".gz and '-' for stdin work) and write them as JSONL (default, to stdout), CSV, TSV or RIS "
            "(chosen by the -o extension). Malformed records are skipped with a one-line reason; "
            "exit code 3 when anything was skipped, 1 when nothing could be read."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="input files or directories ('-' = standard input)")
    parser.add_argument("-o", "--output", default="-", metavar="OUT",
                        help="output file; extension picks the format: "
                             + ", ".join(e for exts, _ in WRITERS.values() for e in exts)
                             + " (optionally .gz); default: JSONL on stdout")
    parser.add_argument("--format", choices=sorted(FORMATS), default=None,
                        help="input format, skipping detection (needed for plain text on stdin)")
    parser.add_argument("--to", dest="output_format", choices=sorted(WRITERS), default=None,
                        help="output format, overriding the -o extension")


def run(args: argparse.Namespace) -> int:
    from litreview.io import ReadReport, read_records, write_records
    from litreview.io.detect import writer_for
    from litreview.progress import track

    writer_for(args.output, args.output_format)  # a bad -o extension fails before reading anything
    report = ReadReport()
    records = read_records(args.inputs, report=report, format=args.format)
    # look at the first record before opening the output, so that a run that reads
    # nothing never replaces an existing output file with an empty one
    first = next(records, None)
    if first is None and args.output != "-":
        print(f"litreview records: {report.summary(detail=False)}; nothing written", file=sys.stderr)
        return 1 if (report.errors or report.skipped) else 0
    stream = itertools.chain([] if first is None else [first], records)
    written = write_records(track(stream, "Reading records"), args.output, args.output_format)
    # each skipped record / file error was already logged as its own line
    print(f"litreview records: {report.summary(detail=False)}; {written} written to "
          f"{'stdout' if args.output == '-' else args.output}", file=sys.stderr)
    for note in report.notes:
        print(f"litreview records: note: {note}", file=sys.stderr)
    if written == 0 and (report.errors or report.skipped):
        return 1
    if report.errors or report.skipped:
        return 3
    return 0
