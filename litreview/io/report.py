"""What a read did: files, record counts, skipped records, deleted PMIDs, file errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from litreview.errors import InputError, RecordError

__all__ = ["ReadReport"]

log = logging.getLogger("litreview.io")


@dataclass
class ReadReport:
    """Collects what happened while reading inputs; readers fill it as they go.

    Attributes:
        files: every input opened, in order (``"-"`` for standard input).
        records: records yielded.
        skipped: malformed records that were left out, one :class:`RecordError` each.
        deleted_pmids: PMIDs listed in ``DeleteCitation`` blocks (update files).
        errors: file-level errors (unreadable, unknown format, XML cut off ...).
        notes: remarks that did not lose data (e.g. "decoded as latin-1").
    """

    files: list[str] = field(default_factory=list)
    records: int = 0
    skipped: list[RecordError] = field(default_factory=list)
    deleted_pmids: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, error: RecordError) -> None:
        """Record and log one skipped record."""
        self.skipped.append(error)
        log.warning("skipped %s", error)

    def fail(self, error: InputError) -> None:
        """Record and log one file-level error."""
        self.errors.append(error)
        log.error("%s", error)

    def note(self, message: str) -> None:
        """Record and log a remark that lost no data."""
        self.notes.append(message)
        log.info("%s", message)

    @property
    def ok(self) -> bool:
        """True when nothing was skipped and no file failed."""
        return not self.skipped and not self.errors

    def summary(self, detail: bool = True) -> str:
        """One line, e.g. ``"412 records read from 3 files; 2 skipped: a.ris, record 4: no TY"``.

        Args:
            detail: include the first three reasons; without it only the counts are given
                (for callers that already showed each reason, e.g. the CLI's log lines).
        """
        nfiles = len(self.files)
        text = (f"{self.records} record{'s' if self.records != 1 else ''} read from "
                f"{nfiles} file{'s' if nfiles != 1 else ''}")
        if self.deleted_pmids:
            text += f"; {len(self.deleted_pmids)} deleted PMIDs listed"
        if not detail:
            if self.skipped:
                text += f"; {len(self.skipped)} skipped"
            if self.errors:
                text += f"; {len(self.errors)} file error{'s' if len(self.errors) != 1 else ''}"
            return text
        if self.skipped:
            first = "; ".join(str(e) for e in self.skipped[:3])
            more = f" (+{len(self.skipped) - 3} more)" if len(self.skipped) > 3 else ""
            text += f"; {len(self.skipped)} skipped: {first}{more}"
        if self.errors:
            first = "; ".join(str(e) for e in self.errors[:3])
            more = f" (+{len(self.errors) - 3} more)" if len(self.errors) > 3 else ""
            text += f"; {len(self.errors)} file error{'s' if len(self.errors) != 1 else ''}: {first}{more}"
        return text
