"""``litreview fetch``: fetch or refresh a query's PubMed records into the local store."""

from __future__ import annotations

import argparse
import sys

from litreview.cli.search import add_client_arguments, client_config

EXAMPLES = """\
examples:
  litreview fetch queries/bclm_hepatectomy.toml                 # store: queries/bclm_hepatectomy.sqlite
  litreview fetch queries/bclm_hepatectomy.toml -o bclm.jsonl   # and write every matching record
  litreview fetch queries/bclm_hepatectomy.toml                 # again later: fetches only what is new
  litreview fetch queries/bclm_hepatectomy.toml --since 2025/01/01 -o update.ris
  litreview fetch 'hepatectomy[MeSH] AND "breast neoplasms"[MeSH]' --store bclm.sqlite --max 100
"""

_SHOW = 20


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="fetch or refresh a query's PubMed records into the SQLite store (only new ones are fetched)",
        description=("List every PMID a saved query (or inline query string) matches, fetch the PubMed XML "
                     "of those not yet in the store, and report what is new since the last run and which "
                     "earlier hits no longer match. Queries over PubMed's 10,000-hit paging cap are split "
                     "by publication date automatically. An interrupted fetch resumes where it stopped. "
                     "Exit code 3 when some listed records could not be fetched."),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", metavar="QUERY", help="saved query file (.toml) or a PubMed query string")
    parser.add_argument("--store", default=None, metavar="FILE",
                        help="SQLite store (default: <query>.sqlite beside the query file, or "
                             "./litreview.sqlite for an inline query)")
    parser.add_argument("--max", type=int, default=None, metavar="N", dest="max_records",
                        help="fetch at most N records not yet stored")
    parser.add_argument("--since", default=None, metavar="DATE",
                        help="only records dated on or after DATE (YYYY[/MM[/DD]]; the query's datetype, "
                             "publication date by default)")
    parser.add_argument("-o", "--output", default=None, metavar="OUT",
                        help="also write every stored record the query matches: .xml (PubMed XML as "
                             "fetched), .jsonl, .csv, .tsv or .ris")
    parser.add_argument("--batch-size", type=int, default=None, metavar="N",
                        help="records per EFetch request (default 200)")
    add_client_arguments(parser)


def _pmid_list(pmids: tuple[str, ...]) -> str:
    text = " ".join(pmids[:_SHOW])
    return text + (f" ... (+{len(pmids) - _SHOW} more)" if len(pmids) > _SHOW else "")


def run(args: argparse.Namespace) -> int:
    from litreview.io.detect import writer_for
    from litreview.retrieval.export import export_store
    from litreview.retrieval.fetch import fetch_query
    from litreview.retrieval.queries import load_query
    from litreview.retrieval.store import Store

    if args.output and not args.output.lower().endswith(".xml"):
        writer_for(args.output, None)  # a bad -o extension fails before any request
    saved = load_query(args.query)
    store_path = args.store or saved.default_store_path
    config = client_config(args, batch_size=args.batch_size)
    report = fetch_query(saved, store_path, max_records=args.max_records, since=args.since,
                         client_config=config, progress=True)
    for note in report.warnings:
        print(f"warning: {note}", file=sys.stderr)
    for skipped in report.skipped:
        print(f"skipped: {skipped}", file=sys.stderr)
    if report.new_pmids:
        print(f"new: {_pmid_list(report.new_pmids)}")
    if report.vanished_pmids:
        print(f"no longer matching: {_pmid_list(report.vanished_pmids)}")
    print(report.summary())
    if args.output:
        with Store(store_path) as store:
            written = export_store(store, args.output, saved.name)
        print(f"wrote {written} record{'s' if written != 1 else ''} to {args.output}")
    return 3 if (report.missing_pmids or report.skipped) else 0
