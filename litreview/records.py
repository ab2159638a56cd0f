"""Typed records that flow through litreview.

readers -> :class:`Record` -> pipeline (spaCy Doc) -> extractors -> :class:`Finding`
-> :class:`Extraction` (one per record) -> comparison tables and reports.

Missing values are ``None`` and lists stay lists (tuples here, since records are
frozen); nothing is flattened into joined strings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterable, Union

__all__ = [
    "Author",
    "Section",
    "Record",
    "Finding",
    "Extraction",
    "FIELD_NAMES",
    "join_sections",
]

#: Extraction fields, in the order of comparison tables. Names are fixed: the
#: evaluation and the JSONL output use them.
FIELD_NAMES: tuple[str, ...] = (
    "cohort_size",
    "er_positive_pct",
    "hr_positive_pct",
    "her2_positive_pct",
    "triple_negative_pct",
    "r0_rate_pct",
    "median_os_months",
    "five_year_os_pct",
    "median_dfs_months",
    "median_followup_months",
    "morbidity_pct",
    "mortality_pct",
    "study_period",
    "country",
)


@dataclass(frozen=True)
class Author:
    """One author of a record; ``collective`` holds a group name instead of a person."""

    last_name: str | None = None
    fore_name: str | None = None
    initials: str | None = None
    collective: str | None = None
    affiliations: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        if self.collective:
            return self.collective
        parts = [p for p in (self.last_name, self.initials or self.fore_name) if p]
        return " ".join(parts)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Author":
        return cls(
            last_name=data.get("last_name"),
            fore_name=data.get("fore_name"),
            initials=data.get("initials"),
            collective=data.get("collective"),
            affiliations=tuple(data.get("affiliations") or ()),
        )


@dataclass(frozen=True)
class Section:
    """One labelled part of a structured abstract.

    ``label`` is the label as printed (``"PATIENTS AND METHODS"``); ``category`` is
    NLM's normalised category (BACKGROUND, OBJECTIVE, METHODS, RESULTS, CONCLUSIONS,
    UNASSIGNED) when known.
    """

    text: str
    label: str | None = None
    category: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Section":
        return cls(text=data.get("text") or "", label=data.get("label"), category=data.get("category"))


def join_sections(sections: Iterable[Section]) -> str:
    """The plain abstract text: ``"LABEL: text"`` per section, one section per line."""
    parts = []
    for section in sections:
        text = section.text.strip()
        if not text and not section.label:
            continue
        parts.append(f"{section.label}: {text}" if section.label else text)
    return "\n".join(parts)


@dataclass(frozen=True)
class Record:
    """One bibliographic item, whatever file or query it came from.

    ``abstract`` is the plain joined text (see :func:`join_sections`); ``sections``
    keeps the structure when the source had it. Character offsets of findings
    refer to ``abstract``.
    """

    id: str
    title: str | None = None
    abstract: str | None = None
    sections: tuple[Section, ...] = ()
    pmid: str | None = None
    doi: str | None = None
    journal: str | None = None
    year: int | None = None
    authors: tuple[Author, ...] = ()
    mesh: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    language: str | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def first_author(self) -> str | None:
        return self.authors[0].name if self.authors else None

    @property
    def affiliations(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for author in self.authors:
            for aff in author.affiliations:
                seen.setdefault(aff, None)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["first_author"] = self.first_author
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        """Inverse of :meth:`to_dict`; unknown keys go to ``extra``."""
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        kwargs["authors"] = tuple(Author.from_dict(a) for a in data.get("authors") or ())
        kwargs["sections"] = tuple(Section.from_dict(s) for s in data.get("sections") or ())
        for key in ("mesh", "publication_types", "keywords"):
            kwargs[key] = tuple(data.get(key) or ())
        extra = dict(data.get("extra") or {})
        extra.update({k: v for k, v in data.items() if k not in known and k != "first_author"})
        kwargs["extra"] = extra
        if kwargs.get("year") is not None:
            kwargs["year"] = int(kwargs["year"])
        for key in ("id", "pmid"):
            if kwargs.get(key) is not None:
                kwargs[key] = str(kwargs[key])
        return cls(**kwargs)


FindingValue = Union[int, float, str, tuple, None]


@dataclass(frozen=True)
class Finding:
    """One extracted value with the evidence behind it.

    ``start``/``end`` are character offsets of ``text`` in the record's abstract
    (the text the pipeline processed); ``sentence`` is the sentence it came from;
    ``rule`` names the rule that produced it (``"cohort.underwent"``).
    """

    field: str
    value: FindingValue
    unit: str | None
    text: str
    sentence: str
    start: int
    end: int
    confidence: float
    rule: str
    section: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if isinstance(self.value, tuple):
            data["value"] = list(self.value)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        if isinstance(kwargs.get("value"), list):
            kwargs["value"] = tuple(kwargs["value"])
        return cls(**kwargs)


@dataclass(frozen=True)
class Extraction:
    """What extraction says of one record: relevance, design and one finding per field."""

    id: str
    pmid: str | None
    title: str | None
    relevant: bool
    relevance_reasons: tuple[str, ...] = ()
    design: str | None = None
    fields: dict[str, Finding] = field(default_factory=dict)
    record: Record | None = field(default=None, compare=False)

    def value(self, name: str) -> FindingValue:
        finding = self.fields.get(name)
        return finding.value if finding else None

    def to_dict(self) -> dict[str, Any]:
        """The JSONL shape of ``litreview extract``."""
        return {
            "id": self.id,
            "pmid": self.pmid,
            "title": self.title,
            "relevant": self.relevant,
            "relevance_reasons": list(self.relevance_reasons),
            "design": self.design,
            # the field name is the key; each finding keeps its evidence only
            "fields": {name: {k: v for k, v in f.to_dict().items() if k != "field"}
                       for name, f in self.fields.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Extraction":
        return cls(
            id=str(data["id"]),
            pmid=None if data.get("pmid") is None else str(data["pmid"]),
            title=data.get("title"),
            relevant=bool(data.get("relevant")),
            relevance_reasons=tuple(data.get("relevance_reasons") or ()),
            design=data.get("design"),
            fields={
                name: Finding.from_dict({**f, "field": name})
                for name, f in (data.get("fields") or {}).items() if f
            },
        )
