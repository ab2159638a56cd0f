"""``litreview review``: the main job, from a saved query (or files, or the demo) to a report folder."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from litreview.cli.search import add_client_arguments, client_config

if TYPE_CHECKING:
    from litreview.review import ReviewResult

EXAMPLES = """\
examples:
  litreview review --demo -o out/                      # bundled invented demo corpus, no network
  litreview review queries/bclm_hepatectomy.toml       # search + fetch PubMed, report in queries/runs/<time>/
  litreview review queries/bclm_hepatectomy.toml --offline pubmed.xml zotero.ris -o out/
  litreview review queries/bclm_hepatectomy.toml --store queries/bclm_hepatectomy.sqlite \\
      --curations curations.yml --series my_series.yml -o out/

outputs (in the output folder):
  report.html            self-contained report (open in any browser; hover a value for its sentence)
  comparison.csv/.xlsx/.md   study table (local series beside the literature; NR = not reported)
  evidence.csv pooled.csv prisma.csv   provenance, pooled estimates, PRISMA counts
  forest_<field>.png prisma.png         forest plots and the PRISMA 2020 flow diagram
  extractions.jsonl      one extraction per record     included.ris   included studies
  run.json               query, date, litreview version, inputs, counts
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review",
        help="the main job: search/read records, screen, extract, compare with the local series, write a report",
        description=("Run a review end to end: search PubMed for a saved query and fetch the records into "
                     "the store (or read them from --offline files or an existing --store), screen them "
                     "for relevance, extract study attributes, merge them with the local case series, "
                     "apply curations, pool R0 and 5-year survival, and write one report folder (HTML, "
                     "CSV, XLSX, Markdown, forest plots, PRISMA diagram, run.json). --demo reviews the "
                     "bundled invented demo corpus with no network. Exit code 3 when some input records "
                     "were skipped."),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", metavar="QUERY_FILE", nargs="?", default=None,
                        help="saved query file (.toml) or a PubMed query string (optional with --demo/--offline)")
    parser.add_argument("-o", "--out", default=None, metavar="OUTDIR",
                        help="output folder (default: runs/<UTC time>/ beside the query file, or in the "
                             "current folder)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--offline", nargs="+", default=None, metavar="DUMP",
                        help="read records from these files (PubMed XML, MEDLINE, RIS, CSV/TSV, JSONL; "
                             ".gz fine) instead of searching PubMed")
    source.add_argument("--store", default=None, metavar="FILE",
                        help="use the records already in this SQLite store (those of QUERY_FILE if given); "
                             "no network")
    source.add_argument("--demo", action="store_true",
                        help="review the bundled demo corpus (INVENTED studies) with its curations; no network")
    parser.add_argument("--series", nargs="+", default=None, metavar="PATH",
                        help="local case series YAML file(s) (default: the bundled Huashan 2016-2019 series)")
    parser.add_argument("--no-series", action="store_true", help="compare with no local series")
    parser.add_argument("--curations", default=None, metavar="FILE",
                        help="reviewer curations (YAML or CSV): corrections and exclusions")
    parser.add_argument("--model", default=None, metavar="NAME|PATH",
                        help="spaCy/scispaCy model whose NER joins the rules (default: rules only)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="extraction processes (default 1)")
    parser.add_argument("--max", type=int, default=None, metavar="N", dest="max_records",
                        help="fetch at most N new records from PubMed")
    add_client_arguments(parser)


def series_option(args: argparse.Namespace) -> list[str] | None:
    """None = the bundled default series; [] = none."""
    if getattr(args, "no_series", False):
        return []
    return args.series


def print_result(result: "ReviewResult", command: str) -> int:
    """Print the summary (stdout) and skipped records (stderr); the exit code."""
    from litreview.cli import EXIT_OK, EXIT_PARTIAL
    from litreview.review import summary_lines

    for message in result.skipped[:20]:
        print(f"litreview {command}: skipped: {message}", file=sys.stderr)
    if len(result.skipped) > 20:
        print(f"litreview {command}: ... and {len(result.skipped) - 20} more skipped", file=sys.stderr)
    for note in result.comparison.curation_report.stale:
        print(f"litreview {command}: stale curation {note.curation.source}: {note.message}", file=sys.stderr)
    for note in result.comparison.curation_report.conflicts:
        print(f"litreview {command}: curation conflict {note.curation.source}: {note.message}", file=sys.stderr)
    print("\n".join(summary_lines(result)))
    return EXIT_PARTIAL if result.skipped else EXIT_OK


def run(args: argparse.Namespace) -> int:
    from litreview.review import review

    if args.series and args.no_series:
        print("litreview review: error: --series and --no-series exclude each other", file=sys.stderr)
        return 1
    config = None
    if not (args.demo or args.offline or args.store):
        config = client_config(args)
    result = review(args.query, args.out, offline=args.offline or (), store=args.store, demo=args.demo,
                    series=series_option(args), curations=args.curations, model=args.model, jobs=args.jobs,
                    eutils_url=None if config is not None else args.eutils_url, max_records=args.max_records,
                    client_config=config, progress=sys.stderr.isatty())
    return print_result(result, "review")
