"""``litreview eval``: score extraction against a gold JSONL file."""

from __future__ import annotations

import argparse
import json


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score extraction against a gold JSONL file (per-field precision/recall/F1)",
        description=(
            "Run extraction on every record of a gold file (JSONL lines with id/title/abstract and the gold values "
            "under 'gold', 'relevant' and 'design') and print per-field precision, recall and F1, relevance and "
            "design accuracy, every miss (id, field, gold, predicted, sentence) and a one-line summary."
        ),
        epilog="example:\n  litreview eval gold/bclm_dev.jsonl\n  litreview eval gold.jsonl --json > scores.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("gold", metavar="GOLD.jsonl", help="gold file")
    parser.add_argument("--model", default=None, metavar="NAME|PATH", help="spaCy/scispaCy NER model to add")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="processes for the NLP pipeline")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--no-misses", action="store_true", help="do not list the misses")


def run(args: argparse.Namespace) -> int:
    from litreview.evaluate import evaluate, format_report

    result = evaluate(args.gold, model=args.model, jobs=max(1, args.jobs))
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, default=str))
    else:
        print(format_report(result, show_misses=not args.no_misses))
    return 0
