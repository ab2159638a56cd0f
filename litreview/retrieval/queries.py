"""Saved PubMed search strategies: one TOML file per strategy.

A query file looks like::

    name = "bclm_hepatectomy"
    description = "Hepatectomy for breast cancer liver metastases"
    query = '''
    ("Breast Neoplasms"[MeSH] OR breast cancer[tiab])
    AND ("Hepatectomy"[MeSH] OR liver resection[tiab])
    '''
    mindate = "1990"          # optional, YYYY, YYYY/MM or YYYY/MM/DD
    maxdate = "2026/12/31"    # optional
    datetype = "pdat"         # optional: pdat (default), edat or mdat
    notes = "free text"       # optional

Wherever a query file is accepted, an inline PubMed query string is accepted too.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litreview.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = ["SavedQuery", "load_query", "QUERY_KEYS", "DATETYPES", "normalize_date"]

#: Every key a query file may hold; ``name`` and ``query`` are required.
QUERY_KEYS: tuple[str, ...] = ("name", "description", "query", "mindate", "maxdate", "datetype", "notes")
_REQUIRED = ("name", "query")
#: PubMed date types ESearch accepts for mindate/maxdate.
DATETYPES: tuple[str, ...] = ("pdat", "edat", "mdat")
_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?$")


@dataclass(frozen=True)
class SavedQuery:
    """One PubMed search strategy.

    Attributes:
        name: short identifier; the store records hits under this name.
        query: the PubMed query string, whitespace-normalised.
        description: one line saying what the strategy is for.
        mindate: lower date bound (``YYYY[/MM[/DD]]``) or None.
        maxdate: upper date bound or None.
        datetype: which date mindate/maxdate refer to (pdat, edat, mdat).
        notes: free text (e.g. the librarian's remarks).
        path: the file it was loaded from; None for an inline query.
    """

    name: str
    query: str
    description: str | None = None
    mindate: str | None = None
    maxdate: str | None = None
    datetype: str = "pdat"
    notes: str | None = None
    path: Path | None = None

    @property
    def default_store_path(self) -> Path:
        """``<query-stem>.sqlite`` beside the query file; ``litreview.sqlite`` in the cwd for inline queries."""
        if self.path is not None:
            return self.path.with_suffix(".sqlite")
        return Path("litreview.sqlite")


def normalize_date(value: str, where: str = "date") -> str:
    """Return ``value`` as PubMed's ``YYYY[/MM[/DD]]``; accepts ``-`` as separator.

    Raises:
        ConfigError: when ``value`` is not such a date.
    """
    match = _DATE.match(str(value).strip())
    if not match:
        raise ConfigError(f"{where}: {value!r} is not a date; use YYYY, YYYY/MM or YYYY/MM/DD")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ConfigError(f"{where}: {value!r} has no month {month}")
    if day is not None and not 1 <= int(day) <= 31:
        raise ConfigError(f"{where}: {value!r} has no day {day}")
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p is not None]
    return "/".join(parts)


def _clean_query(text: str) -> str:
    # Query files keep one block per line for readability; PubMed wants one line.
    return " ".join(text.split())


def _from_mapping(data: dict[str, Any], where: str, path: Path | None) -> SavedQuery:
    unknown = sorted(set(data) - set(QUERY_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(unknown)}; valid keys: {', '.join(QUERY_KEYS)}")
    missing = [key for key in _REQUIRED if not data.get(key)]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}; valid keys: {', '.join(QUERY_KEYS)}")
    for key, value in data.items():
        if not isinstance(value, str):
            raise ConfigError(f"{where}: {key} must be a string, not {type(value).__name__}")
    datetype = data.get("datetype") or "pdat"
    if datetype not in DATETYPES:
        raise ConfigError(f"{where}: datetype {datetype!r} is not one of {', '.join(DATETYPES)}")
    query = _clean_query(data["query"])
    if not query:
        raise ConfigError(f"{where}: query is empty")
    return SavedQuery(
        name=data["name"].strip(),
        query=query,
        description=(data.get("description") or "").strip() or None,
        mindate=normalize_date(data["mindate"], f"{where}: mindate") if data.get("mindate") else None,
        maxdate=normalize_date(data["maxdate"], f"{where}: maxdate") if data.get("maxdate") else None,
        datetype=datetype,
        notes=(data.get("notes") or "").strip() or None,
        path=path,
    )


def _looks_like_file(text: str) -> bool:
    return text.endswith(".toml") and "\n" not in text


def load_query(source: str | Path | SavedQuery) -> SavedQuery:
    """Load a saved query file, or wrap an inline PubMed query string.

    A :class:`pathlib.Path`, or a string naming an existing file or ending in
    ``.toml``, is read as a query file; any other string is the query itself (its
    name is then the query string).

    Raises:
        ConfigError: unreadable or invalid file (unknown keys, missing name/query,
            bad date), or an empty inline query.
    """
    if isinstance(source, SavedQuery):
        return source
    if isinstance(source, Path) or _looks_like_file(str(source)) or (
            "\n" not in str(source) and len(str(source)) < 4096 and Path(str(source)).is_file()):
        path = Path(source)
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ConfigError(f"{path}: query file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read query file: {exc.strerror or exc}") from None
        return _from_mapping(data, str(path), path.resolve())
    query = _clean_query(str(source))
    if not query:
        raise ConfigError("the query is empty")
    return SavedQuery(name=query, query=query)
