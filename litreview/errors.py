"""The one exception hierarchy of litreview.

::

    LitReviewError                  any failure litreview reports to its user
    ├── InputError                  an input file or record cannot be read
    │   ├── UnknownFormatError      no reader recognises the file
    │   └── RecordError             one record is malformed (the rest still go through)
    ├── RetrievalError              PubMed / E-utilities failed after all retries
    │   └── QueryError              NCBI rejected the query (ErrorList, <ERROR>, phrase not found)
    ├── StoreError                  the SQLite store is unusable
    ├── ConfigError                 a saved query, rule file, series or curation file is invalid
    └── ModelError                  a spaCy/scispaCy model cannot be loaded

Messages name the file, the record and, where there is a choice, the valid options.
The library raises and logs; only the CLI prints.
"""

from __future__ import annotations

__all__ = [
    "LitReviewError",
    "InputError",
    "UnknownFormatError",
    "RecordError",
    "RetrievalError",
    "QueryError",
    "StoreError",
    "ConfigError",
    "ModelError",
]


class LitReviewError(Exception):
    """Base class of every error litreview reports."""


class InputError(LitReviewError):
    """An input file cannot be read."""


class UnknownFormatError(InputError):
    """No reader recognises a file."""


class RecordError(InputError):
    """One record of an input is malformed.

    Readers report it and carry on with the next record.
    """

    def __init__(self, source: str, index: int | None, reason: str, line: int | None = None):
        self.source = source
        self.index = index
        self.line = line
        self.reason = reason
        where = source
        if index is not None:
            where += f", record {index}"
        if line is not None:
            where += f", line {line}"
        super().__init__(f"{where}: {reason}")


class RetrievalError(LitReviewError):
    """PubMed could not be reached or answered wrongly after all retries."""


class QueryError(RetrievalError):
    """NCBI rejected or altered a query."""


class StoreError(LitReviewError):
    """The local SQLite store cannot be used."""


class ConfigError(LitReviewError):
    """A configuration or data file of the user's is invalid."""


class ModelError(LitReviewError):
    """A spaCy/scispaCy model cannot be loaded."""
