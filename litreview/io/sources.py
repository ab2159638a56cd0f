"""Opening inputs: paths, ``-`` for standard input, bytes, open binary streams.

Gzip is recognised by its magic bytes (whatever the file name), so ``x.xml.gz`` and
a gzipped stream on stdin both just work. Text formats are decoded line by line:
UTF-8 first, a line that is not valid UTF-8 falls back to cp1252/latin-1 and the
report says so, so one bad byte never loses a file.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterator, Union

from litreview.errors import InputError

from .report import ReadReport

__all__ = ["Source", "open_binary", "source_name", "text_lines", "HEAD_SIZE"]

#: What an input may be: a path, ``"-"`` (stdin), raw bytes, or an open binary stream.
Source = Union[str, os.PathLike, bytes, BinaryIO]

#: Bytes read ahead to sniff the format.
HEAD_SIZE = 4096

_GZIP_MAGIC = b"\x1f\x8b"


class _Prefixed(io.RawIOBase):
    """A raw stream that first returns ``head`` then the rest of ``stream``.

    Lets us sniff the start of a non-seekable stream (stdin, a pipe) and still hand
    the whole content to a parser.
    """

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        if not data:
            return 0
        buffer[:len(data)] = data
        return len(data)


def source_name(source: Source, name: str | None = None) -> str:
    """The name used in messages and in ``Record.source``."""
    if name:
        return name
    if isinstance(source, (str, os.PathLike)):
        return "<stdin>" if str(source) == "-" else str(source)
    if isinstance(source, (bytes, bytearray)):
        return "<bytes>"
    return str(getattr(source, "name", "<stream>"))


def _read_head(stream: BinaryIO, size: int) -> bytes:
    chunks = []
    want = size
    while want > 0:
        data = stream.read(want)
        if not data:
            break
        chunks.append(data)
        want -= len(data)
    return b"".join(chunks)


@contextlib.contextmanager
def open_binary(source: Source, name: str | None = None) -> Iterator[tuple[BinaryIO, bytes, str]]:
    """Open ``source`` for reading and sniff it.

    Yields:
        ``(stream, head, name)``: the (decompressed) content as a binary stream
        positioned at its start, its first :data:`HEAD_SIZE` bytes, and its name.

    Raises:
        InputError: the file does not exist, cannot be read or is a broken gzip file.
    """
    label = source_name(source, name)
    with contextlib.ExitStack() as stack:
        raw: BinaryIO
        if isinstance(source, (bytes, bytearray)):
            raw = io.BytesIO(bytes(source))
        elif isinstance(source, (str, os.PathLike)):
            if str(source) == "-":
                raw = sys.stdin.buffer
            else:
                path = Path(source)
                if path.is_dir():
                    raise InputError(f"{label}: is a directory, not a file")
                try:
                    raw = stack.enter_context(open(path, "rb"))
                except OSError as exc:
                    raise InputError(f"{label}: cannot open: {exc.strerror or exc}") from exc
        else:
            raw = source
        try:
            seekable = raw.seekable()
        except (AttributeError, ValueError, OSError):
            seekable = False
        try:
            start = raw.tell() if seekable else 0
            head = _read_head(raw, HEAD_SIZE)
            if seekable:
                # files: rewind instead of wrapping, the parsers then read at full speed
                raw.seek(start)
                stream: BinaryIO = raw
            else:
                stream = io.BufferedReader(_Prefixed(head, raw), buffer_size=1 << 16)  # type: ignore[arg-type]
        except OSError as exc:
            raise InputError(f"{label}: cannot read: {exc}") from exc
        if head[:2] == _GZIP_MAGIC:
            zipped = gzip.GzipFile(fileobj=stream, mode="rb")
            try:
                head = _read_head(zipped, HEAD_SIZE)
                if seekable:
                    zipped.seek(0)  # rewinding restarts decompression: cheap this early
                    stream = zipped  # type: ignore[assignment]
                else:
                    stream = io.BufferedReader(_Prefixed(head, zipped),  # type: ignore[arg-type]
                                               buffer_size=1 << 16)
            except (OSError, EOFError) as exc:
                raise InputError(f"{label}: broken gzip data: {exc}") from exc
        yield stream, head, label


def text_lines(stream: BinaryIO, name: str, report: ReadReport | None = None) -> Iterator[str]:
    """Decode ``stream`` into lines ending in ``"\\n"`` (CRLF and CR normalised, BOM dropped).

    A line that is not valid UTF-8 is decoded as cp1252 (latin-1 for the bytes cp1252
    leaves undefined); the first such line is noted in ``report``.
    """
    warned = False
    first = True
    try:
        for lineno, raw in enumerate(stream, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    line = raw.decode("cp1252")
                except UnicodeDecodeError:
                    line = raw.decode("latin-1")
                if not warned:
                    warned = True
                    message = (f"{name}: not valid UTF-8 from line {lineno}; "
                               "such lines were decoded as cp1252/latin-1")
                    if report is not None:
                        report.note(message)
            if first:
                first = False
                if line.startswith("\ufeff"):
                    line = line[1:]
            if line.endswith("\r\n"):
                line = line[:-2] + "\n"
            elif line.endswith("\r"):
                line = line[:-1] + "\n"
            # lone CRs inside a line (old Mac files) become line breaks too
            if "\r" in line:
                yield from (part + "\n" for part in line.rstrip("\n").split("\r"))
                continue
            yield line
    except (OSError, EOFError) as exc:
        raise InputError(f"{name}: cannot read: {exc}") from exc
