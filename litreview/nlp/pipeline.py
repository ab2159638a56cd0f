"""The one spaCy pipeline of litreview, configured here and nowhere else.

:func:`build_pipeline` returns a ``Language`` (cached: built once per process per
model) with scispaCy's rule tokenizer and these components, in order::

    litreview_sentences   rule-based sentences and section labels (components/sentences.py)
    litreview_sections    sent._.section (components/sections.py)
    abbreviation_detector scispaCy's AbbreviationDetector, serialisable form
    litreview_model_ner   only with ``model``: the model's NER entities (components/model_ner.py)
    litreview_entities    spaCy SpanRuler over rules/entities.jsonl -> doc.spans["litreview_rules"]
                          and doc.ents (merged with model entities, longest span wins)

Text convention: the pipeline reads ``record_text(record)`` = ``title + "\\n\\n" +
abstract`` (the separator is always present, also for an empty title, so the
abstract starts at ``doc._.abstract_start``). Character offsets of findings are
given in ``Record.abstract`` (doc offset minus ``abstract_start``); findings in the
title have section ``"TITLE"`` and offsets in ``Record.title``. Raw text without a
blank line is read as abstract only.

Process many records with :func:`pipe_records` (``nlp.pipe(..., as_tuples=True,
n_process=jobs)``); it attaches each Record to its Doc in the parent process
(``doc._.record``) and applies the Record's NLM section categories.
"""

from __future__ import annotations

import logging
import os
import warnings
from typing import Any, Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from litreview.nlp.components.sentences import TITLE_SEPARATOR
from litreview.nlp.extensions import RULES_KEY, TEXT_KEY, register_extensions, text_of, token_orths
from litreview.records import Record

__all__ = ["build_pipeline", "record_text", "attach_record", "make_doc", "pipe_records", "TITLE_SEPARATOR",
           "entity_patterns"]

log = logging.getLogger(__name__)

_CACHE: dict[str, Language] = {}


def entity_patterns() -> list[dict]:
    """SpanRuler patterns of ``rules/entities.jsonl`` (``label``, ``pattern``, ``id``)."""
    from litreview.rules import load_jsonl

    return [{k: v for k, v in row.items() if k != "_line"}
            for row in load_jsonl("entities.jsonl", required=("label", "pattern"), optional=("id",))]


def build_pipeline(model: str | os.PathLike[str] | None = None) -> Language:
    """Build (or return the cached) litreview pipeline.

    Args:
        model: ``None`` for the rule-only pipeline; otherwise an installed spaCy /
            scispaCy model name (``en_core_sci_sm``, ``en_ner_bc5cdr_md``) or a model
            directory, whose NER entities join the rule entities.

    Raises:
        ModelError: the model cannot be loaded (the message says how to install one).
    """
    key = "" if model is None else str(model)
    if key in _CACHE:
        return _CACHE[key]
    nlp = _build(key)
    _CACHE[key] = nlp
    log.debug("built pipeline %s (model=%s)", nlp.pipe_names, key or None)
    return nlp


def _build(key: str) -> Language:
    """A new pipeline (see :func:`build_pipeline`)."""
    import spacy
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers "abbreviation_detector")
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    import litreview.nlp.components  # noqa: F401  (registers the litreview factories)

    register_extensions()
    nlp = spacy.blank("en")
    with warnings.catch_warnings():
        # scispaCy's infix regex triggers a harmless "possible set union" FutureWarning.
        warnings.simplefilter("ignore", FutureWarning)
        nlp.tokenizer = _TextKeepingTokenizer(combined_rule_tokenizer(nlp))
    nlp.add_pipe("litreview_sentences")
    nlp.add_pipe("litreview_sections")
    detector = nlp.add_pipe("abbreviation_detector", config={"make_serializable": True})
    # scispaCy runs its global Matcher on every doc, also when it holds no rules (no
    # abbreviation defined: spaCy would warn W036 once per doc), and its "( ... )" Matcher
    # also on docs without brackets. Both scans cost about a tokenizer pass; they are
    # skipped when they cannot match (same result: no matches).
    detector.matcher = _BracketMatcher(detector.matcher)  # type: ignore[attr-defined]
    detector.global_matcher = _OrthSequenceMatcher(nlp.vocab)  # type: ignore[attr-defined]
    detector.make_short_form_serializable = _serialisable_short_form  # type: ignore[attr-defined]
    if key:
        nlp.add_pipe("litreview_model_ner", config={"model": key})
    ruler = nlp.add_pipe(
        "span_ruler",
        name="litreview_entities",
        config={"spans_key": RULES_KEY, "annotate_ents": True, "overwrite": False,
                "phrase_matcher_attr": "LOWER", "validate": True},
    )
    ruler.add_patterns(entity_patterns())  # type: ignore[attr-defined]
    # The token Matcher scans every doc (a Python Token object per token); its patterns all
    # start with a literal ORTH token ("ER", "HER2", ...), absent from most abstracts.
    ruler.matcher = _AnchoredMatcher(ruler.matcher, ruler)  # type: ignore[attr-defined]
    register_extensions()  # scispaCy re-registers its own; ours stay
    return nlp


def _serialisable_short_form(abbreviation: Any) -> dict[str, Any]:
    """scispaCy's ``make_short_form_serializable``, reading both forms' texts from the doc's string.

    ``Span.text`` joins a Token object per token; the detector asks it of the long form
    once per later use of the abbreviation. A span's text is the slice of the doc's
    text between its character offsets, so the result is the same dict (and the same
    ``._.long_form`` string left on the short form).
    """
    text = text_of(abbreviation.doc)
    underscore = abbreviation._  # built once: a Span's ``_`` reads five of its properties each time
    long_form = underscore.long_form
    long_text = text[long_form.start_char:long_form.end_char]
    underscore.long_form = long_text
    return {
        "short_text": text[abbreviation.start_char:abbreviation.end_char],
        "short_start": abbreviation.start,
        "short_end": abbreviation.end,
        "long_text": long_text,
        "long_start": long_form.start,
        "long_end": long_form.end,
    }


class _TextKeepingTokenizer:
    """scispaCy's tokenizer, keeping the input string in ``doc.user_data`` (see ``extensions.text_of``)."""

    def __init__(self, tokenizer: Any):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


class _NonEmptyMatcher:
    """A spaCy ``Matcher`` that returns no matches without scanning the doc when it holds no rule."""

    def __init__(self, matcher: Any):
        self.matcher = matcher

    def __call__(self, doc: Doc, *args: Any, **kwargs: Any) -> Any:
        if not len(self.matcher):
            return []
        return self.matcher(doc, *args, **kwargs)

    def __len__(self) -> int:
        return len(self.matcher)

    def __getattr__(self, name: str) -> Any:
        if name == "matcher":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.matcher, name)


class _BracketMatcher(_NonEmptyMatcher):
    """scispaCy's ``( ... )`` Matcher, answered from the bracket positions.

    Its one rule, ``( + )`` with any tokens between, is all (open, close) pairs, which
    the spaCy Matcher finds by walking every token; scispaCy's ``filter_matches`` then
    drops every pair holding more than 8 tokens between the brackets. Only the pairs it
    keeps are returned, in the Matcher's order (by end, then by later start first), so
    the abbreviations found are the same.
    """

    MAX_INSIDE = 8  # scispaCy's filter_matches: "Ignore spans with more than 8 words in them"

    def __call__(self, doc: Doc, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or set(self.matcher._patterns) != {doc.vocab.strings["parenthesis"]}:
            return self.matcher(doc, *args, **kwargs)  # not scispaCy's one rule: the real Matcher
        strings = doc.vocab.strings
        orths = token_orths(doc)
        opens = numpy.flatnonzero(orths == strings["("]).tolist()
        if not opens:
            return []
        closes = numpy.flatnonzero(orths == strings[")"]).tolist()
        key = strings["parenthesis"]
        pairs = [(key, i, j + 1) for i in opens for j in closes if i + 1 < j <= i + self.MAX_INSIDE + 1]
        pairs.sort(key=lambda m: (m[2], -m[1]))
        return pairs


class _OrthSequenceMatcher:
    """Drop-in for the ``Matcher`` scispaCy's AbbreviationDetector keeps as ``global_matcher``.

    Its rules are only ever exact token sequences (``[{"ORTH": "LR"}, ...]``: every later
    use of an abbreviation defined in the doc); they are found with array comparisons
    instead of a spaCy Matcher scan (which builds two Token objects per token). Same
    matches, as ``(key, start, end)`` tuples sorted by position; rules not of that form
    are refused (ValueError) rather than matched differently.
    """

    def __init__(self, vocab: Any):
        self.vocab = vocab
        self._rules: dict[int, list[tuple[int, ...]]] = {}

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, key: str) -> bool:
        return self.vocab.strings.add(key) in self._rules

    def add(self, key: str, patterns: list[list[dict[str, Any]]], *, on_match: Any = None) -> None:
        if on_match is not None:
            raise ValueError("_OrthSequenceMatcher: on_match callbacks are not supported")
        sequences = []
        for pattern in patterns:
            if not pattern or any(token.keys() != {"ORTH"} or not isinstance(token["ORTH"], str) for token in pattern):
                raise ValueError(f"_OrthSequenceMatcher: only exact ORTH sequences, got {pattern!r}")
            sequences.append(tuple(self.vocab.strings.add(token["ORTH"]) for token in pattern))
        self._rules.setdefault(self.vocab.strings.add(key), []).extend(sequences)

    def remove(self, key: str) -> None:
        del self._rules[self.vocab.strings.add(key)]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not self._rules or not len(doc):
            return []
        orths = token_orths(doc)
        n = len(orths)
        found: set[tuple[int, int, int]] = set()
        for key, sequences in self._rules.items():
            for sequence in sequences:
                size = len(sequence)
                if size > n:
                    continue
                for start in numpy.flatnonzero(orths[: n - size + 1] == sequence[0]).tolist():
                    if size == 1 or tuple(orths[start:start + size].tolist()) == sequence:
                        found.add((key, start, start + size))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


class _AnchoredMatcher(_NonEmptyMatcher):
    """A SpanRuler's token Matcher, skipped on docs holding none of the literal first tokens of its patterns.

    Only when every token pattern starts with a plain ``{"ORTH": "x"}`` or
    ``{"ORTH": {"IN": [...]}}`` token (no operator); otherwise it always runs. The
    anchors are recomputed whenever the ruler's pattern count changes.
    """

    def __init__(self, matcher: Any, ruler: Any):
        super().__init__(matcher)
        self.ruler = ruler
        self._version = -1
        self._anchors: Any = None

    def _anchor_ids(self, doc: Doc) -> Any:
        patterns = getattr(self.ruler, "_patterns", None)
        if patterns is None:
            return None
        if self._version != len(patterns):
            anchors: set[str] | None = set()
            for row in patterns:
                pattern = row.get("pattern")
                if isinstance(pattern, str):
                    continue  # phrase pattern: the PhraseMatcher's
                first = pattern[0] if pattern else None
                value = first.get("ORTH") if isinstance(first, dict) and set(first) == {"ORTH"} else None
                if isinstance(value, str):
                    anchors.add(value)  # type: ignore[union-attr]
                elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                    anchors.update(value["IN"])  # type: ignore[union-attr]
                else:
                    anchors = None
                    break
            self._anchors = None if anchors is None else frozenset(doc.vocab.strings.add(a) for a in anchors)
            self._version = len(patterns)
        return self._anchors

    def __call__(self, doc: Doc, *args: Any, **kwargs: Any) -> Any:
        anchors = self._anchor_ids(doc)
        if anchors is not None and len(self.matcher) and anchors.isdisjoint(token_orths(doc).tolist()):
            return []
        return self.matcher(doc, *args, **kwargs)


def record_text(record: Record) -> str:
    """The text the pipeline reads for ``record``: title, blank line, abstract."""
    title = " ".join((record.title or "").split())
    abstract = (record.abstract or "").strip()
    return f"{title}{TITLE_SEPARATOR}{abstract}"


def attach_record(doc: Doc, record: Record) -> None:
    """Attach ``record`` to ``doc`` (``doc._.record``, ``doc._.record_id``) and apply its sections."""
    from litreview.nlp.components.sections import apply_record_sections

    doc._.record = record
    doc._.record_id = record.id
    apply_record_sections(doc, record)


def make_doc(record: Record, model: str | None = None) -> Doc:
    """Process one record: the Doc with the record attached."""
    nlp = build_pipeline(model)
    doc = nlp(record_text(record))
    attach_record(doc, record)
    return doc


def pipe_records(records: Iterable[Record], *, model: str | None = None, jobs: int = 1,
                 batch_size: int = 64) -> Iterator[Doc]:
    """Yield one processed Doc per record, in input order, with the record attached.

    ``jobs > 1`` uses spaCy's multiprocessing (``n_process``); Docs come back
    serialised, so every extension value set by components is msgpack-safe.
    """
    nlp = build_pipeline(model)
    pending: dict[int, Record] = {}

    def texts() -> Iterator[tuple[str, int]]:
        for index, record in enumerate(records):
            pending[index] = record
            yield record_text(record), index

    for doc, index in nlp.pipe(texts(), as_tuples=True, n_process=max(1, jobs), batch_size=batch_size):
        record = pending.pop(index)
        attach_record(doc, record)
        yield doc
