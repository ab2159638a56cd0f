"""Vocabulary and patterns as data: the one validating loader.

Every rule file lives in this package (``litreview/rules/``) and is read with
:mod:`importlib.resources`, once per process (results are cached). Files are
validated when loaded: an unknown or missing key, bad JSON or an invalid regular
expression raises :class:`~litreview.errors.ConfigError` naming the file, the line
and the valid keys.

Contract for every extraction module (core and secondary helpers alike):

* ``load_jsonl(name, required=..., optional=...)`` -> tuple of dicts, one per
  non-blank, non-``//`` line. Keys outside ``required | optional`` are rejected.
* ``load_regex_rules(name)`` -> tuple of :class:`RegexRule` from a JSONL file whose
  lines are ``{"id": "cohort.underwent", "pattern": "<python regex>", ...}`` with
  optional keys ``field``, ``value``, ``unit``, ``confidence`` (default 0.9),
  ``priority`` (default 0), ``flags`` (a string of ``i``/``x``; default ``"i"``),
  ``note`` and ``example`` (a sentence the pattern must match: checked at load
  time, so rule files document themselves). Patterns may use the placeholders
  ``{NUM}`` (a number in digits or words, see :data:`litreview.extract.numbers.NUM`),
  ``{INT}`` (an integer in digits or words), ``{PCT}`` (a percentage number) and
  ``{NAME}`` for a named part shared by several rules (``fragments.json``, each
  with a note and an example it must match); they are expanded before compiling.
* ``load_cue_rules(name)`` -> tuple of :class:`CueRule` from a JSONL file whose
  lines are ``{"id", "pattern", "where", "weight"}`` (optional ``flags``, ``note``,
  ``example``): weighted context cues ("where" says which text the pattern is
  searched in, e.g. ``"before"``/``"after"`` a candidate number, or ``"mention"`` for
  the patterns that find candidates). Same placeholders and example check as above.
* ``load_json(name)`` / ``load_yaml(name)`` -> the parsed object (validate it yourself
  or pass ``required`` keys for a top-level mapping).
* ``load_lines(name)`` -> tuple of stripped lines, ``#`` comments and blanks removed.

Rule files of the extraction core: ``entities.jsonl`` (SpanRuler patterns),
``sections.json`` (section labels -> NLM categories), ``abbreviations.txt``
(abbreviations a sentence never ends on), ``cohort.jsonl``, ``receptors.jsonl``,
``margins.jsonl``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from litreview.errors import ConfigError

__all__ = [
    "RegexRule",
    "read_text",
    "load_jsonl",
    "load_json",
    "load_yaml",
    "load_lines",
    "load_regex_rules",
    "expand_placeholders",
    "CueRule",
    "load_cue_rules",
]

_PACKAGE = "litreview.rules"


def read_text(name: str) -> str:
    """The text of rule file ``name`` (a file name inside ``litreview/rules``)."""
    try:
        return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        available = sorted(
            p.name for p in resources.files(_PACKAGE).iterdir()
            if p.name.endswith((".jsonl", ".json", ".yml", ".txt"))
        )
        raise ConfigError(f"rule file {name!r} not found. Available: {', '.join(available)}") from None


@lru_cache(maxsize=None)
def _load_jsonl_cached(name: str, required: frozenset[str], optional: frozenset[str]) -> tuple[dict[str, Any], ...]:
    allowed = required | optional
    rows: list[dict[str, Any]] = []
    for lineno, line in enumerate(read_text(name).splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            row = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"rules/{name}, line {lineno}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ConfigError(f"rules/{name}, line {lineno}: expected a JSON object")
        unknown = set(row) - allowed
        if unknown:
            raise ConfigError(
                f"rules/{name}, line {lineno}: unknown key(s) {', '.join(sorted(unknown))}. "
                f"Valid keys: {', '.join(sorted(allowed))}"
            )
        missing = required - set(row)
        if missing:
            raise ConfigError(f"rules/{name}, line {lineno}: missing key(s) {', '.join(sorted(missing))}")
        row["_line"] = lineno
        rows.append(row)
    return tuple(rows)


def load_jsonl(name: str, required: Iterable[str], optional: Iterable[str] = ()) -> tuple[dict[str, Any], ...]:
    """Rows of a JSONL rule file, each checked against the allowed keys.

    Each returned dict also carries ``_line`` (its line number) for error messages.
    Do not mutate the returned dicts: they are cached and shared.
    """
    return _load_jsonl_cached(name, frozenset(required), frozenset(optional))


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """A JSON rule file, parsed."""
    try:
        return json.loads(read_text(name))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"rules/{name}, line {exc.lineno}: invalid JSON ({exc.msg})") from None


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A YAML rule file, parsed."""
    import yaml

    try:
        return yaml.safe_load(read_text(name))
    except yaml.YAMLError as exc:
        raise ConfigError(f"rules/{name}: invalid YAML ({exc})") from None


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Non-blank lines of a text rule file, without ``#`` comments."""
    out = []
    for line in read_text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@dataclass(frozen=True)
class RegexRule:
    """One regular-expression rule of a JSONL rule file."""

    id: str
    pattern: re.Pattern[str]
    field: str | None = None
    value: Any = None
    unit: str | None = None
    confidence: float = 0.9
    priority: int = 0
    note: str | None = None


_REGEX_REQUIRED = frozenset({"id", "pattern"})
_REGEX_OPTIONAL = frozenset({"field", "value", "unit", "confidence", "priority", "flags", "note", "example"})


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@lru_cache(maxsize=None)
def _fragments() -> dict[str, str]:
    """Named regex parts shared by rules (``fragments.json``: NAME -> {"pattern", "note", "example"})."""
    data = load_json("fragments.json")
    out = {}
    for name, entry in data.items():
        where = f"rules/fragments.json ({name})"
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise ConfigError(f"{where}: each fragment is an object with a 'pattern' (and 'note', 'example')")
        try:
            compiled = re.compile(entry["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"{where}: invalid regular expression ({exc})") from None
        if entry.get("example") is not None and not compiled.search(entry["example"]):
            raise ConfigError(f"{where}: pattern does not match its own example {entry['example']!r}")
        out[name] = entry["pattern"]
    return out


def expand_placeholders(pattern: str) -> str:
    """Replace ``{NUM}``, ``{INT}`` and ``{PCT}`` by the number regexes of :mod:`litreview.extract.numbers`, and
    ``{NAME}`` by the fragment of that name in ``fragments.json`` (which may itself use the number placeholders).

    Raises:
        ConfigError: an upper-case ``{NAME}`` that is neither.
    """
    from litreview.extract.numbers import INT, NUM, PCT

    numbers = {"NUM": NUM, "INT": INT, "PCT": PCT}

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in numbers:
            return numbers[name]
        fragments = _fragments()
        if name not in fragments:
            raise ConfigError(f"unknown placeholder {{{name}}}: use {{NUM}}, {{INT}}, {{PCT}} or a name from "
                              f"rules/fragments.json ({', '.join(sorted(fragments)) or 'none'})")
        return _PLACEHOLDER.sub(expand, fragments[name])

    return _PLACEHOLDER.sub(expand, pattern)


_FLAGS = {"i": re.IGNORECASE, "x": re.VERBOSE, "s": re.DOTALL}


@lru_cache(maxsize=None)
def load_regex_rules(name: str) -> tuple[RegexRule, ...]:
    """Compiled regex rules of a JSONL file (see the module docstring for its keys)."""
    rules = []
    for row in load_jsonl(name, _REGEX_REQUIRED, _REGEX_OPTIONAL):
        compiled = _compile(row, name)
        rules.append(
            RegexRule(
                id=row["id"],
                pattern=compiled,
                field=row.get("field"),
                value=row.get("value"),
                unit=row.get("unit"),
                confidence=float(row.get("confidence", 0.9)),
                priority=int(row.get("priority", 0)),
                note=row.get("note"),
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class CueRule:
    """One weighted context cue of a JSONL cue file."""

    id: str
    pattern: re.Pattern[str]
    where: str
    weight: float
    note: str | None = None


def _compile(row: dict[str, Any], name: str) -> re.Pattern[str]:
    where = f"rules/{name}, line {row['_line']} ({row['id']})"
    flags = 0
    for letter in row.get("flags", "i"):
        if letter not in _FLAGS:
            raise ConfigError(f"{where}: unknown regex flag {letter!r}. Valid flags: i, x, s")
        flags |= _FLAGS[letter]
    try:
        compiled = re.compile(expand_placeholders(row["pattern"]), flags)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regular expression ({exc})") from None
    example = row.get("example")
    if example is not None and not compiled.search(example):
        raise ConfigError(f"{where}: pattern does not match its own example {example!r}")
    return compiled


@lru_cache(maxsize=None)
def load_cue_rules(name: str, wheres: tuple[str, ...] = ()) -> tuple[CueRule, ...]:
    """Weighted cue rules of a JSONL file; ``wheres`` (if given) lists the valid ``where`` values."""
    out = []
    for row in load_jsonl(name, ("id", "pattern", "where", "weight"), ("flags", "note", "example")):
        if wheres and row["where"] not in wheres:
            raise ConfigError(f"rules/{name}, line {row['_line']} ({row['id']}): unknown where "
                              f"{row['where']!r}. Valid: {', '.join(wheres)}")
        out.append(CueRule(row["id"], _compile(row, name), row["where"], float(row["weight"]), row.get("note")))
    return tuple(out)
