"""De-duplication of records found through several sources or queries.

Three passes, each merging groups of records (union-find), each decision logged:

1. the same record id or the same PMID;
2. the same DOI, normalised (case-insensitive; ``https://doi.org/``, ``doi:``
   prefixes and trailing punctuation removed);
3. similar titles: rapidfuzz ``token_set_ratio`` on normalised titles (lower case,
   no markup, accents or punctuation) at or above ``threshold`` (default 90), AND the
   first authors' last names agree AND the years differ by at most 1. A missing
   author or year does not veto; two different PMIDs or two different DOIs do (two
   PubMed records are two articles). ``token_set_ratio`` scores a title that is a
   subset of a longer one at 100, so when the word counts differ by more than 20%
   ``token_sort_ratio`` is used instead.

Of each group the richest record is kept (a PMID counts most, then DOI, abstract,
authors, year, journal and the number of extracted values); the others are recorded
as merged into it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from litreview.compare.model import DedupDecision
from litreview.io.fields import clean_doi
from litreview.records import Record

__all__ = ["DedupResult", "deduplicate", "normalize_doi", "normalize_title", "title_similarity", "richness"]

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalize_doi(doi: str | None) -> str | None:
    """``"https://doi.org/10.1016/J.SURG.2012.05.002."`` -> ``"10.1016/j.surg.2012.05.002"``."""
    if not doi:
        return None
    bare = clean_doi(doi)  # the io layer's DOI parser: strips URL/doi: prefixes and trailing punctuation
    if bare is None:
        bare = _DOI_PREFIX.sub("", doi.strip()).strip().rstrip(".,;")
    return bare.lower() or None


def normalize_title(title: str | None) -> str:
    """Lower case, no markup, accents, punctuation or repeated spaces."""
    if not title:
        return ""
    text = _TAG.sub(" ", html.unescape(title))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text.lower()).replace("_", " ")
    return _SPACE.sub(" ", text).strip()


def title_similarity(a: str, b: str) -> float:
    """Similarity (0-100) of two normalised titles (see module docstring)."""
    if not a or not b:
        return 0.0
    na, nb = len(a.split()), len(b.split())
    if min(na, nb) / max(na, nb) < 0.8:
        return float(fuzz.token_sort_ratio(a, b))
    return float(fuzz.token_set_ratio(a, b))


def _last_name(record: Record) -> str | None:
    if not record.authors:
        return None
    author = record.authors[0]
    name = author.last_name or author.collective
    if not name and record.first_author:
        name = record.first_author.split()[0]
    return normalize_title(name) or None


def richness(record: Record, n_values: int = 0) -> float:
    """How much a record holds; the richest of a duplicate group is kept."""
    score = 0.0
    score += 100 if record.pmid else 0
    score += 10 if record.doi else 0
    score += 10 + min(len(record.abstract), 5000) / 1000 if record.abstract else 0
    score += 3 if record.authors else 0
    score += 2 if record.year else 0
    score += 1 if record.journal else 0
    score += 1 if record.sections else 0
    score += 2 * n_values
    return score


@dataclass
class DedupResult:
    """Outcome of :func:`deduplicate`.

    Attributes:
        kept: ids of the kept records, in input order of their group's first record.
        groups: kept id -> ids merged into it (the kept id first).
        decisions: one :class:`DedupDecision` per dropped record.
    """

    kept: list[str] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)
    decisions: list[DedupDecision] = field(default_factory=list)

    @property
    def kept_of(self) -> dict[str, str]:
        """Every id -> the id kept for its group."""
        return {member: kept for kept, members in self.groups.items() for member in members}


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def deduplicate(records: Sequence[Record], threshold: float = 90.0,
                n_values: Mapping[str, int] | None = None) -> DedupResult:
    """Group duplicate records and choose one to keep of each group.

    Args:
        records: records in input order; the same id may occur several times.
        threshold: title similarity (0-100) from which titles count as the same.
        n_values: record id -> number of extracted values (makes a record richer).

    Returns:
        A :class:`DedupResult`; its ``decisions`` say why each record was dropped.
    """
    n_values = n_values or {}
    n = len(records)
    uf = _UnionFind(n)
    reasons: dict[tuple[int, int], tuple[str, float, str]] = {}

    def link(i: int, j: int, reason: str, score: float, detail: str) -> None:
        if uf.find(i) != uf.find(j):
            reasons[(i, j)] = (reason, score, detail)
            uf.union(i, j)

    _link_exact(records, lambda r: r.id, "id", "same record id", link)
    _link_exact(records, lambda r: (r.pmid or "").strip() or None, "pmid", "same PMID", link)
    _link_exact(records, lambda r: normalize_doi(r.doi), "doi", "same DOI", link)

    titles = [normalize_title(r.title) for r in records]
    names = [_last_name(r) for r in records]
    for i in range(n):
        if not titles[i]:
            continue
        for j in range(i + 1, n):
            if not titles[j] or uf.find(i) == uf.find(j):
                continue
            a, b = records[i], records[j]
            if a.year and b.year and abs(a.year - b.year) > 1:
                continue
            if a.pmid and b.pmid and a.pmid != b.pmid:
                continue
            da, db = normalize_doi(a.doi), normalize_doi(b.doi)
            if da and db and da != db:
                continue
            if names[i] and names[j] and fuzz.ratio(names[i], names[j]) < 85:
                continue
            score = title_similarity(titles[i], titles[j])
            if score >= threshold:
                link(i, j, "title", score,
                     f"title similarity {score:.1f} >= {threshold:g}; first author "
                     f"{names[i] or '?'} / {names[j] or '?'}; year {a.year or '?'} / {b.year or '?'}")

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    result = DedupResult()
    for root in sorted(groups):
        members = groups[root]
        best = max(members, key=lambda i: (richness(records[i], n_values.get(records[i].id, 0)), -i))
        kept_id = records[best].id
        result.kept.append(kept_id)
        member_ids = [kept_id] + [records[i].id for i in members if i != best]
        result.groups[kept_id] = list(dict.fromkeys(member_ids))
        for i in members:
            if i == best:
                continue
            reason, score, detail = _why(i, members, reasons, uf)
            result.decisions.append(DedupDecision(kept_id=kept_id, dropped_id=records[i].id, reason=reason,
                                                  score=score, detail=detail))
    return result


def _link_exact(records: Sequence[Record], key, reason: str, detail: str, link) -> None:  # type: ignore[no-untyped-def]
    first: dict[str, int] = {}
    for i, record in enumerate(records):
        value = key(record)
        if not value:
            continue
        if value in first:
            link(first[value], i, reason, 100.0, f"{detail} {value}")
        else:
            first[value] = i


def _why(i: int, members: Iterable[int], reasons: Mapping[tuple[int, int], tuple[str, float, str]],
         uf: _UnionFind) -> tuple[str, float, str]:
    """The link that brought record ``i`` into its group."""
    for (a, b), why in reasons.items():
        if i in (a, b):
            return why
    return ("id", 100.0, "same group")  # pragma: no cover - every member has a link
