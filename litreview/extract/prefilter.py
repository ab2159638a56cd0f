"""A substring pre-filter for the extractors' regular expressions.

Most rule regexes match nothing in most sentences, and Python's ``re`` tries a
case-insensitive alternation at every position of the text. Before that, a cheap
test: from the parsed pattern, :func:`required_literals` derives a set of literal
strings of which every match must contain at least one; a text holding none of
them cannot match, and :func:`may_match` says so with a few ``str.__contains__``
calls. The test is exact (never hides a match): it only ever answers "maybe" or
"certainly not".

Literals come in two kinds: those from case-insensitive parts of a pattern are
compared lower-cased, those from case-sensitive parts (``(?-i:R0)``, a pattern
compiled without IGNORECASE) as written, which keeps "R0" from being tested as the
"r0" of every "r0utine"-like word. Among the literal sets a pattern offers, the one
whose weakest literal is least likely in English text is kept (length first, then
rarer characters: digits, punctuation, upper case, uncommon letters).

The literals of every pattern seen so far sit in two Aho-Corasick automata
(pyahocorasick): a sentence is scanned once, in C, for all of them, and each
pattern's test is then a set intersection. The scan is memoised per text (the
extractors read the same sentences many times).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Iterable, Iterator

import ahocorasick
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

__all__ = ["Literals", "PatternGroup", "required_literals", "may_match", "may_match_once", "may_match_any", "search",
           "has_match", "finditer_at"]

_COMMON = frozenset("etaoinsrhlcdu ")
_FREQUENT_MARKS = frozenset("(),.;:-'\"")
#: characters found in few sentences of an abstract (statistics, group sizes): a filter on their own
_RARE_MARKS = frozenset("=")
#: literal sets whose weakest member scores below this are no filter (see :func:`_rarity`)
_WEAKEST = 3.0
#: at most this many strings when a short character class multiplies a literal run ("R[0O]" -> R0, RO)
_MAX_ALTERNATIVES = 16
#: at most this many strings when a literal run is joined to the alternatives that follow it
_MAX_LEADS = 4096


@dataclass(frozen=True)
class Literals:
    """Every match contains one of ``folded`` (lower-cased, found in the lower-cased text) or of ``exact``."""

    folded: tuple[str, ...]
    exact: tuple[str, ...]
    _folded_set: frozenset[str] = field(init=False, repr=False, compare=False)
    _exact_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_folded_set", frozenset(self.folded))
        object.__setattr__(self, "_exact_set", frozenset(self.exact))

    def any_found(self, found: tuple[frozenset[str], frozenset[str]]) -> bool:
        """Whether one of the literals is among ``found`` (``(folded, exact)`` of :func:`_found_in`)."""
        return not self._folded_set.isdisjoint(found[0]) or not self._exact_set.isdisjoint(found[1])


class _LiteralIndex:
    """The literals of every pattern seen: folded ones are looked for in the lower-cased text, exact ones as written."""

    def __init__(self) -> None:
        self.folded: set[str] = set()
        self.exact: set[str] = set()
        self._automata: tuple[ahocorasick.Automaton | None, ahocorasick.Automaton | None] = (None, None)

    def add(self, literals: Literals) -> None:
        if self.folded.issuperset(literals.folded) and self.exact.issuperset(literals.exact):
            return
        self.folded.update(literals.folded)
        self.exact.update(literals.exact)
        self._rebuild()
        _found_in.cache_clear()  # memoised scans did not look for the new literals
        _found_in_all.cache_clear()

    def _rebuild(self) -> None:
        # Two automata: folded literals are looked for in the lower-cased text, exact ones in the
        # text as written. One automaton over lower-cased keys for both would report every "er"
        # of "were" for the exact literal "ER", and each hit costs a step of a Python loop; two C
        # scans whose hits go straight into a set cost less.
        self._automata = (self._build(self.folded), self._build(self.exact))

    @staticmethod
    def _build(words: set[str]) -> ahocorasick.Automaton | None:
        if not words:
            return None
        automaton = ahocorasick.Automaton()
        for word in words:
            automaton.add_word(word, word)
        automaton.make_automaton()
        return automaton

    def scan(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        folded, exact = self._automata
        return (frozenset(map(_WORD, folded.iter(text.lower()))) if folded is not None else _NONE,
                frozenset(map(_WORD, exact.iter(text))) if exact is not None else _NONE)


_INDEX = _LiteralIndex()
_WORD = itemgetter(1)  # automaton.iter yields (end, word)
_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=8192)
def _found_in(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The indexed literals occurring in ``text``: ``(folded, exact)``."""
    return _INDEX.scan(text)


# A candidate set: frozenset of (literal, exact) pairs.
_Set = frozenset


def _rarity(lit: str, exact: bool) -> float:
    """How unlikely ``lit`` is in a sentence: its length, rare characters counting more."""
    score = 0.0
    for ch in lit:
        if ch in _COMMON:
            score += 1.0
        elif ch.isalpha():
            score += 1.6 if not (exact and ch.isupper()) else 2.2
        elif ch in _FREQUENT_MARKS:
            score += 1.0
        elif ch in _RARE_MARKS:
            score += 3.0
        else:
            score += 2.0
    return score


def _strength(found: _Set) -> float:
    return min(_rarity(lit, exact) for lit, exact in found)


def _class_chars(items: list, fold: bool) -> list[str] | None:
    """The characters of a small character class of plain literals (``[0O]``), or ``None``."""
    chars: list[str] = []
    for op, av in items:
        if op is not _c.LITERAL:
            return None
        chars.append(chr(av).lower() if fold else chr(av))
    return chars if 0 < len(chars) <= 4 else None


def _chars_of(op: object, av: object, fold: bool) -> list[str] | None:
    """The characters one item can be: a literal's, a small class's (``[0O]``); ``None`` for anything else."""
    if op is _c.LITERAL:
        return [chr(av).lower() if fold else chr(av)]  # type: ignore[arg-type]
    if op is _c.IN:
        return _class_chars(av, fold)  # type: ignore[arg-type]
    return None


def _expansions(items: object, fold: bool) -> set[str] | None:
    """Every text a match of ``items`` can be, when they are only literals, small classes and groups, alternatives or
    optional parts of such (``(?:receptor[- ])?``, ``HER-?2``); ``None`` otherwise or beyond ``_MAX_ALTERNATIVES``."""
    out = {""}
    for op, av in items:  # type: ignore[attr-defined]
        parts: set[str] | None
        if op is _c.LITERAL or op is _c.IN:
            parts = set(chars) if (chars := _chars_of(op, av, fold)) is not None else None
        elif op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            parts = _expansions(sub, fold) if not add_flags and not del_flags else None
        elif op is _c.BRANCH:
            parts = set()
            for alternative in av[1]:
                sub_parts = _expansions(alternative, fold)
                if sub_parts is None:
                    return None
                parts |= sub_parts
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] == 0 and av[1] == 1:
            parts = _expansions(av[2], fold)
            if parts is not None:
                parts = parts | {""}
        else:
            return None
        if parts is None or len(out) * len(parts) > _MAX_ALTERNATIVES:
            return None
        out = {text + part for text in out for part in parts}
    return out


def _leads(items: object, fold: bool) -> set[str] | None:
    """The literal texts a match of ``items`` may start with ("" where it starts otherwise), or ``None``.

    ``A(?:frica|ustralia)`` after the parser factored the common letter out: the leads of
    the group are "frica" and "ustralia", so "A" + lead gives the whole words back.
    """
    leads = {""}
    for op, av in items:  # type: ignore[attr-defined]
        chars = _chars_of(op, av, fold)
        if chars is not None and (len(chars) == 1 or len(leads) * len(chars) <= _MAX_ALTERNATIVES):
            leads = {lead + ch for lead in leads for ch in chars}
            continue
        if op is _c.BRANCH and leads == {""}:
            out: set[str] = set()
            for alt in av[1]:
                sub = _leads(alt, fold)
                if sub is None:
                    return None
                out |= sub
            return out if len(out) <= _MAX_LEADS else None
        if op is _c.SUBPATTERN and leads == {""} and not av[1] and not av[2]:
            return _leads(av[3], fold)
        break
    return leads


def _required(items: object, fold: bool) -> _Set | None:
    best: _Set | None = None
    runs: set[str] = {""}

    def keep(found: _Set | None) -> None:
        nonlocal best
        # non-ASCII literals compared lower-cased are no filter: re may fold them onto ASCII letters
        # (long s -> s); compared as written (case-sensitive) they are
        if not found or not all(lit and (lit.isascii() or exact) for lit, exact in found):
            return
        if best is None or _strength(found) > _strength(best):
            best = found

    def flush() -> None:
        nonlocal runs
        if "" not in runs:
            keep(frozenset((run, not fold) for run in runs))
        runs = {""}

    for op, av in items:  # type: ignore[attr-defined]
        chars = _chars_of(op, av, fold)
        if chars is not None and (len(chars) == 1 or len(runs) * len(chars) <= _MAX_ALTERNATIVES):
            runs = {run + ch for run in runs for ch in chars}
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT, _c.SUBPATTERN, _c.BRANCH):
            # "HER-?2", "tumou?r", "triple[- ](?:receptor[- ])?negative": the run goes on through every text the
            # part can be, so that "her2"/"her-2" is required instead of the bare "her" (in "other", "there", ...)
            parts = _expansions([(op, av)], fold)
            if parts is not None and len(runs) * len(parts) <= _MAX_ALTERNATIVES:
                runs = {run + part for run in runs for part in parts}
                continue
        if "" not in runs and op in (_c.SUBPATTERN, _c.BRANCH):
            # the run joined to what the group starts with ("A" + "frica", "A" + "ustralia")
            leads = _leads([(op, av)], fold)
            if leads is not None and len(runs) * len(leads) <= _MAX_LEADS:
                keep(frozenset((run + lead, not fold) for run in runs for lead in leads))
        flush()
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner_fold = (fold or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            keep(_required(sub, inner_fold))
        elif op is _c.BRANCH:
            alternatives = [_required(alt, fold) for alt in av[1]]
            if all(alternatives):
                keep(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            keep(_required(av[2], fold))
        elif op is _c.ATOMIC_GROUP:
            keep(_required(av, fold))
    flush()
    return best


# By id, not through lru_cache: hashing or comparing a compiled pattern hashes its whole
# compiled code (tens of kB for the place-name alternation) on every call. The pattern is
# kept in the entry, so its id cannot be reused while the entry lives.
_LITERALS: dict[int, tuple[re.Pattern[str], Literals | None]] = {}


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Literals one of which is in every text the pattern can match (``None``: no such set is known)."""
    entry = _LITERALS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = _LITERALS[id(pattern)] = (pattern, _derive_literals(pattern))
    return entry[1]


def _derive_literals(pattern: re.Pattern[str]) -> Literals | None:
    try:
        found = _required(_parser.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - a pre-filter only: without it the regex simply runs
        return None
    if not found or _strength(found) < _WEAKEST:
        return None  # "in", "of", "(": in nearly every sentence; testing for them costs more than it saves
    folded = {lit for lit, exact in found if not exact}
    exact = {lit for lit, is_exact in found if is_exact}
    # a literal holding a shorter one of the set adds nothing to the test
    folded = {lit for lit in folded if not any(other != lit and other in lit for other in folded)}
    exact = {lit for lit in exact if not any(other != lit and other in lit for other in exact)
             and not any(other in lit.lower() for other in folded)}
    literals = Literals(folded=tuple(sorted(folded)), exact=tuple(sorted(exact)))
    _INDEX.add(literals)
    return literals


def may_match(pattern: re.Pattern[str], text: str, ascii: bool | None = None, within: str | None = None) -> bool:
    """False only when ``pattern`` certainly has no match in ``text``.

    Only ASCII texts are filtered (``re`` folds a few non-ASCII characters onto ASCII
    letters that ``str.lower`` does not); ``ascii=True`` vouches for it when ``text`` was
    masked with non-ASCII placeholders after the check. ``within``: the sentence ``text``
    was cut from (or masked from); its literals, a superset, are looked up instead of
    scanning ``text`` again.
    """
    entry = _LITERALS.get(id(pattern))  # required_literals(), inlined: this runs for every rule and sentence
    literals = entry[1] if entry is not None and entry[0] is pattern else required_literals(pattern)
    if literals is None:
        return True
    if literals.folded and not (text.isascii() if ascii is None else ascii):
        return True
    folded, exact = _found_in(text if within is None else within)
    return not literals._folded_set.isdisjoint(folded) or not literals._exact_set.isdisjoint(exact)


def may_match_once(pattern: re.Pattern[str], text: str) -> bool:
    """:func:`may_match` for a text asked about once or twice (a whole abstract): the pattern's own literals are
    looked for with substring searches, not every indexed literal with a scan (about ten times the cost)."""
    literals = required_literals(pattern)
    if literals is None:
        return True
    if literals.exact and any(lit in text for lit in literals.exact):
        return True
    if not literals.folded:
        return False
    if not text.isascii():
        return True
    low = text.lower()
    return any(lit in low for lit in literals.folded)


def may_match_any(pattern: re.Pattern[str], texts: tuple[str, ...]) -> bool:
    """False only when ``pattern`` certainly matches none of ``texts``."""
    literals = required_literals(pattern)
    if literals is None:
        return True
    if literals.folded and not all(text.isascii() for text in texts):
        return True
    return literals.any_found(_found_in_all(texts))


@lru_cache(maxsize=256)
def _found_in_all(texts: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    found = [_found_in(text) for text in texts]
    return (frozenset().union(*(f[0] for f in found)), frozenset().union(*(f[1] for f in found)))


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when :func:`may_match` rules a match out."""
    return pattern.search(text) if may_match(pattern, text) else None


def has_match(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text) is not None``, a top-level alternation tried branch by branch.

    A long vocabulary alternation ("R0|margin-negative|clear margins|...") gets a weak
    pre-filter (the union of its branches' literals: "tumour", "negative", ... are in most
    sentences of an abstract) and is then tried branch by branch at every position by
    ``re``. Each branch on its own has a stronger filter, and most branches are skipped.
    """
    group = _branch_group(pattern)
    if group is None:
        return search(pattern, text) is not None
    return any(group.patterns[index].search(text) for index in group.candidates(text))


def first_match(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """The match of ``pattern.search(text, pos)``, a top-level alternation tried branch by branch (see :func:`has_match`).

    ``re`` returns the leftmost match, and at that position the first branch that matches; so
    does this: each branch the pre-filter lets through is searched on its own, the earliest
    start wins, the lower branch on a tie. The match has the same span and ``group(0)``; its
    groups are those of its branch (its ``re`` is the branch).
    """
    group = _branch_group(pattern)
    if group is None:
        return pattern.search(text, pos) if may_match(pattern, text) else None
    best: re.Match[str] | None = None
    for index in group.candidates(text):
        m = group.patterns[index].search(text, pos)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    return best


_BRANCH_GROUPS: dict[int, tuple[re.Pattern[str], PatternGroup | None]] = {}


def _branch_group(pattern: re.Pattern[str]) -> PatternGroup | None:
    entry = _BRANCH_GROUPS.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        branches = _top_level_branches(pattern)
        entry = _BRANCH_GROUPS[id(pattern)] = (pattern, PatternGroup(branches) if branches else None)
    return entry[1]


def _top_level_branches(pattern: re.Pattern[str]) -> list[re.Pattern[str]] | None:
    """The branches of ``pattern``'s top-level ``|``, each compiled with its flags; None when it has one branch
    or cannot be split faithfully (a global inline flag, a backreference across branches)."""
    source = pattern.pattern
    if source.startswith("(?") and re.match(r"\(\?[aiLmsux]+\)", source):
        return None
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1:i + 2] == "]" or source[i + 1:i + 3] == "^]":  # "[]...]": the "]" is a member
                i += 2 if source[i + 1] == "]" else 3
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    if len(parts) < 2:
        return None
    try:
        return [re.compile(part, pattern.flags) for part in parts]
    except re.error:  # a group reference into another branch
        return None


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match begins at one of ``starts`` (ascending).

    ``re`` tries a match at every position of the text; when a cheap scan has already
    found the only places a match can begin (:func:`litreview.extract.numbers.int_starts`
    for a rule opening with a number), trying just those gives the same matches.
    Look-behinds and ``\\b`` still see the text before a start.
    """
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            yield m
            end = m.end() if m.end() > start else start + 1


class PatternGroup:
    """Patterns asked about the same texts: which of them may match, from one scan and an index.

    ``candidates(text)`` gives the positions (ascending) of the patterns :func:`may_match`
    would not rule out, without asking each pattern in turn.
    """

    def __init__(self, patterns: Iterable[re.Pattern[str]]):
        self.patterns = tuple(patterns)
        always: set[int] = set()
        folded: dict[str, set[int]] = {}
        exact: dict[str, set[int]] = {}
        for index, pattern in enumerate(self.patterns):
            literals = required_literals(pattern)
            if literals is None:
                always.add(index)
                continue
            for lit in literals.folded:
                folded.setdefault(lit, set()).add(index)
            for lit in literals.exact:
                exact.setdefault(lit, set()).add(index)
        self._always = frozenset(always)
        self._folded = {lit: frozenset(ids) for lit, ids in folded.items()}
        self._exact = {lit: frozenset(ids) for lit, ids in exact.items()}
        self._all = tuple(range(len(self.patterns)))

    def candidates(self, text: str, ascii: bool | None = None, within: str | None = None) -> tuple[int, ...]:
        """Positions of the patterns that may match ``text`` (``ascii``, ``within``: as for :func:`may_match`)."""
        if not (text.isascii() if ascii is None else ascii):
            return self._all
        found_folded, found_exact = _found_in(text if within is None else within)
        hits = set(self._always)
        for lit in found_folded:
            ids = self._folded.get(lit)
            if ids:
                hits.update(ids)
        for lit in found_exact:
            ids = self._exact.get(lit)
            if ids:
                hits.update(ids)
        return tuple(sorted(hits))
