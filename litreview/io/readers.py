"""``read_records``: stream records from any number of inputs of any supported format."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable, Iterator, Union

from litreview.errors import InputError
from litreview.records import Record

from .detect import FORMATS, file_extension, detect_format
from .report import ReadReport
from .sources import open_binary

__all__ = ["read_records", "expand_inputs"]

log = logging.getLogger("litreview.io")

Input = Union[str, os.PathLike]


def expand_inputs(inputs: Iterable[Input] | Input) -> Iterator[str]:
    """Each input as a path string; a directory gives its supported files, sorted, recursively."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    known = {ext for fmt in FORMATS.values() for ext in fmt.extensions}
    for item in inputs:
        path = Path(item)
        if str(item) != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and file_extension(child.name) in known:
                    yield str(child)
        else:
            yield str(item)


def read_records(inputs: Iterable[Input] | Input, *, report: ReadReport | None = None,
                 format: str | None = None) -> Iterator[Record]:
    """Stream the records of every input, in order.

    A malformed record is skipped and an unreadable file given up; both are recorded
    in ``report`` and logged as one line naming the file, record and line, and
    reading goes on with the next record or file.

    Args:
        inputs: paths (``.gz`` is fine), directories (their supported files), or ``"-"``
            for standard input; one or many.
        report: filled as the records are read; pass one to see what was skipped.
        format: a name from :data:`FORMATS` to skip detection (e.g. ``"text"`` on stdin).

    Yields:
        :class:`Record` objects.

    Raises:
        UnknownFormatError: ``format`` is not a known format name.
    """
    if report is None:
        report = ReadReport()
    if format is not None:
        detect_format("", b"", format)  # an unknown --format fails once, up front
    for name in expand_inputs(inputs):
        label = "<stdin>" if name == "-" else name
        report.files.append(label)
        try:
            with open_binary(name) as (stream, head, label):
                fmt = detect_format(label, head, format)
                log.debug("%s: reading as %s", label, fmt)
                for record in FORMATS[fmt].reader(stream, label, report):
                    report.records += 1
                    yield record
        except InputError as exc:
            report.fail(exc)
        except (OSError, EOFError) as exc:
            report.fail(InputError(f"{label}: cannot read: {exc}"))
