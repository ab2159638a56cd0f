"""Rule-based sentence segmentation for abstracts (``litreview_sentences``).

Why not spaCy's ``sentencizer``: it splits after "vs.", "et al.", "e.g." and "Fig.",
and does not know that "RESULTS:" or "Patients and methods" (printed without a colon)
opens a new part of the abstract. This component works on the text with a few
regular expressions (cheap: no per-token rules) and then marks sentence starts in
one ``Doc.from_array`` call.

Rules
    * A title (text before the first :data:`TITLE_SEPARATOR`) is its own sentence;
      ``doc._.abstract_start`` / ``doc._.has_title`` are set here.
    * A section label (vocabulary in ``rules/sections.json``) at the start of the
      abstract, of a line or after a sentence end, followed by ``:``, ``.``, a dash
      or a capitalised word, becomes its own one-label sentence; its span goes to
      ``doc.spans["litreview_section_labels"]`` with the category as label. Any
      other upper-case ``LABEL:`` opening a line is a label of category
      ``UNASSIGNED`` (section ``None`` unless the Record's sections say more).
    * A sentence ends after ``.``, ``!`` or ``?`` (and closing brackets/quotes) that
      is followed by whitespace and an upper-case letter, a digit, an opening
      bracket or a symbol written in lower case first ("c-erbB-2", "p53") - unless the word before the period is an abbreviation from
      ``rules/abbreviations.txt`` (vs., et al., e.g., i.e., approx., Fig., ...), a
      single capital letter (an initial) or "No." before a number. Decimal numbers
      never split (no whitespace after their point).
    * A line break followed by an upper-case letter or digit ends a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from litreview.nlp.extensions import LABELS_KEY, STARTS_KEY, keep_token_orths, register_extensions, text_of
from litreview.rules import load_json, load_lines

__all__ = ["TITLE_SEPARATOR", "SentenceSegmenter", "section_labels", "find_boundaries"]

#: Separates the title from the abstract in the text the pipeline reads.
TITLE_SEPARATOR = "\n\n"


@lru_cache(maxsize=1)
def section_labels() -> dict[str, str]:
    """Lower-cased section label -> category, from ``rules/sections.json``."""
    data = load_json("sections.json")
    from litreview.errors import ConfigError

    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict):
        raise ConfigError("rules/sections.json: expected {\"categories\": {CATEGORY: [label, ...]}}")
    valid = {"BACKGROUND", "OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS"}
    out: dict[str, str] = {}
    for category, labels in data["categories"].items():
        if category not in valid:
            raise ConfigError(
                f"rules/sections.json: unknown category {category!r}. Valid categories: {', '.join(sorted(valid))}"
            )
        for label in labels:
            out[label.lower()] = category
    return out


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    labels = sorted(section_labels(), key=len, reverse=True)
    # "and" in a label may be printed as "&" ("PATIENTS & METHODS"); _label_key maps it back
    alternatives = "|".join(re.escape(label).replace(r"\ ", r"\s+").replace(r"\s+and\s+", r"\s+(?:and|&)\s+")
                            for label in labels)
    # Group "label" must be followed by a colon/period/dash, or by a capitalised word; a hyphen joined to
    # the next word makes a compound ("Population-based evidence"), not a label.
    return re.compile(
        rf"(?:^|(?<=\n)|(?<=[.!?:;]\s)|(?<=[.!?]\)\s)|(?<=[.!?]\s\s))[ \t]*"
        rf"(?P<label>(?i:{alternatives}))"
        rf"(?:[ \t]*[:.–—][ \t]*|[ \t]*-(?![^\s])[ \t]*|[ \t]+-[ \t]*|[ \t]*\n|[ \t]+(?=[A-Z0-9\"'(\[]))",
    )


def _label_key(label: str) -> str:
    """A printed label as listed in ``rules/sections.json``: lower case, single spaces, "&" spelled "and"."""
    return re.sub(r"\s+", " ", label.lower().replace("&", " and ")).strip()


_BEFORE_NUMBER = "(before a number)"


@lru_cache(maxsize=1)
def _abbreviation_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(words that never end a sentence, words that end none when a number follows: "No. 3", "Apr. 2006")."""
    always, before_number = set(), set()
    for line in load_lines("abbreviations.txt"):
        if line.endswith(_BEFORE_NUMBER):
            before_number.add(line[:-len(_BEFORE_NUMBER)].strip().lower())
        else:
            always.add(line.lower())
    return frozenset(always), frozenset(before_number)


def _abbreviations() -> frozenset[str]:
    return _abbreviation_lists()[0]


# after the end mark: an upper-case letter, a digit, an opening bracket, or a gene/stage symbol that starts in
# lower case ("c-erbB-2 was ...", "p53 ...", "mTOR ...", "ypN0 ...": lower-case letters then a capital or digit)
_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]?[A-Z0-9]|[a-z][a-z\-]{0,5}[A-Z0-9]))")
_NEWLINE_RE = re.compile(r"\n\s*(?=[\"'“‘(\[]?[A-Z0-9•\-])")
_UPPER_LABEL_RE = re.compile(r"(?:^|(?<=\n))(?P<label>[A-Z][A-Z0-9 /&,\-]{2,50}):[ \t]*")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at ``text[period]`` ends an abbreviation, not a sentence."""
    if text[period] != ".":
        return False
    m = _WORD_BEFORE_RE.search(text, max(0, period - 12), period)
    if not m:
        return False
    word = m.group(1)
    lower = word.lower().rstrip(".")
    if lower in _abbreviations():
        return True
    if lower == "al" and text[max(0, period - 6):period].lower().endswith("et al"):
        return True
    if lower in _abbreviation_lists()[1] and re.match(r"\s*\d", text[period + 1:period + 4]):
        return True
    return False


_LABEL_CONTEXT_RE = re.compile(r"[\n.!?:;]")


def _label_matches(text: str, start: int) -> list[re.Match[str]]:
    """``_label_re().finditer(text, start)``, trying only the offsets its look-behinds allow.

    A label opens the text, follows a line break, or follows ``.``/``!``/``?``/``:``/``;``
    and whitespace (see :func:`_label_re`); scanning the text for those characters and
    matching there finds the same labels as the full scan, which tests five look-behinds at
    every character.
    """
    candidates = {0} if start == 0 else set()
    size = len(text)
    for m in _LABEL_CONTEXT_RE.finditer(text, max(0, start - 3)):
        i = m.start()
        ch = text[i]
        if ch == "\n":
            candidates.add(i + 1)
            continue
        nxt = text[i + 1] if i + 1 < size else ""
        if nxt.isspace():
            candidates.add(i + 2)  # ". Methods"
        if ch in ".!?" and i + 2 < size and text[i + 2].isspace() and (nxt == ")" or nxt.isspace()):
            candidates.add(i + 3)  # ".) Methods", ".  Methods"
    pattern = _label_re()
    found: list[re.Match[str]] = []
    end = start
    for pos in sorted(candidates):
        if pos < end or pos > size:
            continue
        m = pattern.match(text, pos)
        if m:
            found.append(m)
            end = m.end()
    return found


def _upper_labels(text: str, start: int) -> list[re.Match[str]]:
    """``_UPPER_LABEL_RE.finditer(text, start)``, trying only where a line begins.

    The pattern opens with "start of text or after a line break"; testing that
    look-behind at every character costs more than finding the line breaks.
    """
    found: list[re.Match[str]] = []
    end = start
    pos = start if start == 0 or text[start - 1] == "\n" else _after_next_break(text, start)
    while pos != -1:
        if pos >= end:
            m = _UPPER_LABEL_RE.match(text, pos)
            if m:
                found.append(m)
                end = m.end()
        pos = _after_next_break(text, pos)
    return found


def _after_next_break(text: str, pos: int) -> int:
    """The offset after the next line break from ``pos`` on; -1 when there is none."""
    brk = text.find("\n", pos)
    return brk + 1 if brk != -1 else -1


def find_boundaries(text: str, start: int = 0) -> tuple[list[int], list[tuple[int, int, str]]]:
    """Sentence start offsets of ``text[start:]`` and its section labels ``(start, end, category)``."""
    starts = {start}
    labels: list[tuple[int, int, str]] = []
    categories = section_labels()
    for m in _label_matches(text, start):
        label = m.group("label")
        if not (label[0].isupper()):
            continue
        # A label without punctuation must be Title case or UPPER case ("Results Of the 139").
        followed_by_word = not re.match(r"[ \t]*[:.\-–—\n]", text[m.end("label"):m.end("label") + 3])
        if followed_by_word and not (label.isupper() or label.istitle() or label[0].isupper()):
            continue
        if followed_by_word and not label.isupper() and re.match(r"[ \t]+\d", text[m.end("label"):m.end("label") + 3]):
            continue  # "Case 1, a 45-year-old ...", "Patient 2 had ...": a numbered case, not a section label
        category = categories.get(_label_key(label))
        if category is None:
            continue
        end = m.end()
        while end > m.end("label") and text[end - 1].isspace():
            end -= 1
        labels.append((m.start("label"), end, category))
        starts.add(m.start("label"))
        if m.end() < len(text):
            starts.add(m.end())
    # Any other UPPER-CASE label opening a line ("SERIES:"): a label of unknown category.
    for m in _upper_labels(text, start):
        if any(m.start("label") == lab[0] for lab in labels):
            continue
        labels.append((m.start("label"), m.end("label") + 1, "UNASSIGNED"))
        starts.add(m.start("label"))
        if m.end() < len(text):
            starts.add(m.end())
    for m in _END_RE.finditer(text, start):
        dot = m.start()
        if _is_abbreviation(text, dot):
            continue
        nxt = m.end()
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        starts.add(nxt)
    for m in _NEWLINE_RE.finditer(text, start):
        starts.add(m.end())
    return sorted(s for s in starts if s < len(text)), labels


# SENT_START values go through attr_t (uint64): -1 ("not a start") wraps around.
_NOT_A_START = numpy.iinfo(numpy.uint64).max


class SentenceSegmenter:
    """Sets sentence starts and section-label spans; see the module docstring."""

    def __init__(self, nlp: Language, name: str = "litreview_sentences", title_separator: str = TITLE_SEPARATOR):
        register_extensions()
        self.name = name
        self.title_separator = title_separator
        section_labels()  # validate the rule file when the pipeline is built
        _abbreviations()

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        if not len(doc):
            return doc
        abstract_start = 0
        cut = text.find(self.title_separator) if self.title_separator else -1
        if cut != -1:
            abstract_start = cut + len(self.title_separator)
            doc._.has_title = cut > 0
            doc._.abstract_start = abstract_start
        char_starts, labels = find_boundaries(text, abstract_start)
        if abstract_start:
            char_starts = [0] + char_starts
        # token offsets as an array: no per-token Python objects; the ORTH ids read in the same call (a fixed cost
        # per call) are handed to the matchers that scan them
        attrs = doc.to_array([IDX, ORTH])
        token_starts = attrs[:, 0]
        keep_token_orths(doc, numpy.ascontiguousarray(attrs[:, 1]))
        flags = numpy.full((len(doc), 1), _NOT_A_START, dtype="uint64")
        n_tokens = len(doc)
        firsts = {0}
        for i in numpy.searchsorted(token_starts, numpy.asarray(char_starts, dtype=token_starts.dtype)).tolist():
            # a whitespace token (spaCy splits where whitespace starts or ends: it is all whitespace) starts none
            while i < n_tokens and text[token_starts[i]].isspace():
                i += 1
            if i < n_tokens:
                firsts.add(i)
        starts = sorted(firsts)
        flags[starts, 0] = 1
        doc.from_array([SENT_START], flags)
        doc.user_data[STARTS_KEY] = [n_tokens, starts, token_starts[starts].tolist()]
        spans = []
        for start, end, category in labels:
            span = doc.char_span(start, end, label=category, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[LABELS_KEY] = spans
        return doc


@Language.factory("litreview_sentences", default_config={"title_separator": TITLE_SEPARATOR})
def make_sentence_segmenter(nlp: Language, name: str, title_separator: str) -> SentenceSegmenter:
    """Factory of :class:`SentenceSegmenter` (config: the title separator string)."""
    return SentenceSegmenter(nlp, name, title_separator)
