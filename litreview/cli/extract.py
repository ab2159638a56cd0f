"""``litreview extract``: extract cohort, receptor, margin, survival and study fields from abstracts."""

from __future__ import annotations

import argparse
import itertools
import sys

EXAMPLES = """\
examples:
  litreview extract pubmed_result.xml -o extractions.jsonl
  litreview extract records.jsonl -o table.csv --jobs 2
  litreview extract export.ris -o out.jsonl --model en_core_sci_sm   # add a scispaCy model's NER
  litreview extract records.jsonl --model ./my_ner_model -o out.jsonl  # or a model directory
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract cohort size, receptor subtypes, R0 rate, survival and study facts from abstracts",
        description=(
            "Read records from any supported input (PubMed XML, MEDLINE, RIS, CSV/TSV, JSONL, text; '-' for stdin), "
            "run the scispaCy rule pipeline and write one extraction per record: JSONL (default; each field with "
            "its value, unit, evidence text, sentence, offsets, confidence and rule) or a flat CSV table of values "
            "(-o *.csv). Exit code 3 when some input records were skipped."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="input files or directories ('-' = stdin)")
    parser.add_argument("-o", "--output", default="-", metavar="OUT",
                        help="output file: .jsonl (default, stdout) or .csv; written atomically")
    parser.add_argument("--model", default=None, metavar="NAME|PATH",
                        help="spaCy/scispaCy NER model (installed name or directory) whose entities join the rules")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="processes for the NLP pipeline (default 1)")
    parser.add_argument("--format", default=None, metavar="FMT",
                        help="input format, skipping detection (pubmed-xml, medline, ris, csv, tsv, jsonl, text)")


def run(args: argparse.Namespace) -> int:
    from litreview.extract import extract_records
    from litreview.extract.output import write_extractions
    from litreview.io import ReadReport, read_records
    from litreview.nlp.pipeline import build_pipeline

    if args.jobs < 1:
        print("litreview extract: error: --jobs must be at least 1", file=sys.stderr)
        return 1
    build_pipeline(args.model)  # a bad --model fails before any input is read or output touched
    report = ReadReport()
    records = read_records(args.inputs, report=report, format=args.format)
    first = next(records, None)
    if first is None:
        print(f"litreview extract: {report.summary(detail=False)}; nothing to extract", file=sys.stderr)
        return 1 if (report.errors or report.skipped) else 0
    stream = itertools.chain([first], records)
    written = write_extractions(
        extract_records(stream, model=args.model, jobs=args.jobs, progress=sys.stderr.isatty()), args.output
    )
    where = "stdout" if args.output == "-" else args.output
    print(f"litreview extract: {report.summary(detail=False)}; {written} extractions written to {where}",
          file=sys.stderr)
    if report.errors or report.skipped:
        return 3
    return 0
