"""``litreview search``: how many PubMed records a query matches, and the first PMIDs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXAMPLES = """\
examples:
  litreview search queries/bclm_hepatectomy.toml
  litreview search '"breast neoplasms"[MeSH] AND hepatectomy[MeSH]' --show 5
  NCBI_EMAIL=you@hospital.org NCBI_API_KEY=... litreview search queries/bclm_hepatectomy.toml
"""


def add_client_arguments(parser: argparse.ArgumentParser) -> None:
    """Identity and endpoint options shared by ``search`` and ``fetch``."""
    group = parser.add_argument_group("NCBI E-utilities")
    group.add_argument("--email", default=None,
                       help="your email, sent with each request as NCBI asks (default: $NCBI_EMAIL)")
    group.add_argument("--api-key", default=None,
                       help="your NCBI API key: 10 instead of 3 requests/s (default: $NCBI_API_KEY)")
    group.add_argument("--eutils-url", default=None, metavar="URL",
                       help="E-utilities base URL, e.g. a mirror or test server "
                            "(default: $LITREVIEW_EUTILS_URL or https://eutils.ncbi.nlm.nih.gov/entrez/eutils/)")


def client_config(args: argparse.Namespace, **overrides: Any) -> Any:
    """The :class:`~litreview.retrieval.entrez.ClientConfig` from options and environment."""
    from litreview.retrieval.entrez import ClientConfig

    return ClientConfig.from_env(email=args.email, api_key=args.api_key, eutils_url=args.eutils_url,
                                 **overrides)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="count the PubMed records a query matches and show the first PMIDs (fetches nothing)",
        description=("Run one ESearch for a saved query file (queries/*.toml) or an inline PubMed query "
                     "string, and print how many records match, how PubMed translated the query, any "
                     "warnings (e.g. phrases not found) and the first PMIDs. Nothing is stored."),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", metavar="QUERY", help="saved query file (.toml) or a PubMed query string")
    parser.add_argument("--show", type=int, default=20, metavar="N", help="PMIDs to list (default 20)")
    add_client_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from litreview.retrieval.fetch import search_count

    result = search_count(args.query, client_config(args), show=max(0, args.show))
    label = result.name if result.name != result.query else "query"
    print(f"{label}: {result.count:,} PubMed record{'s' if result.count != 1 else ''}")
    if result.translation:
        print(f"PubMed translation: {result.translation}")
    for note in result.warnings:
        print(f"warning: {note}", file=sys.stderr)
    if result.pmids:
        shown = f"first {len(result.pmids)}" if len(result.pmids) < result.count else "all"
        print(f"PMIDs ({shown}): {' '.join(result.pmids)}")
    return 0
