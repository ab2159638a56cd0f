"""Command line: parses arguments and calls one library function per subcommand.

Each subcommand lives in its own module ``litreview/cli/<name>.py`` with
``add_parser(subparsers)`` and ``run(args) -> int``. Modules are imported only when
their command runs, except for building ``--help``, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Sequence

from litreview import __version__
from litreview.errors import LitReviewError

#: Subcommands in the order ``--help`` lists them; one module each.
COMMANDS: tuple[str, ...] = ("records", "search", "fetch", "export", "extract", "eval", "review", "compare")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_PARTIAL = 3  # the run finished, but some input records were skipped


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="litreview",
        description="Literature review and evidence extraction for clinicians and systematic reviewers.",
    )
    parser.add_argument("--version", action="version", version=f"litreview {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"litreview.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_ERROR
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    module = importlib.import_module(f"litreview.cli.{args.command}")
    try:
        return int(module.run(args) or 0)
    except LitReviewError as exc:
        print(f"litreview {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"litreview {args.command}: interrupted; what was written so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
