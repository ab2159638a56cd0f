"""``litreview export``: write records from a store in any output format."""

from __future__ import annotations

import argparse

EXAMPLES = """\
examples:
  litreview export --store queries/bclm_hepatectomy.sqlite -o bclm.ris
  litreview export --store queries/bclm_hepatectomy.sqlite -o bclm.xml --query bclm_hepatectomy
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write records from a SQLite store as PubMed XML, JSONL, CSV/TSV or RIS",
        description=("Write the records of a store filled by 'litreview fetch' (all of them, or those a "
                     "query currently matches) in PMID order. The -o extension picks the format: .xml "
                     "(PubMed XML as fetched), .jsonl, .csv, .tsv, .ris, optionally .gz."),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", required=True, metavar="FILE", help="the SQLite store")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output file")
    parser.add_argument("--query", default=None, metavar="NAME",
                        help="only records this query matches (its name, or the inline query string)")


def run(args: argparse.Namespace) -> int:
    from litreview.retrieval.export import export_store
    from litreview.retrieval.store import Store

    with Store(args.store, create=False) as store:
        written = export_store(store, args.output, args.query)
    print(f"wrote {written} record{'s' if written != 1 else ''} to {args.output}")
    return 0
