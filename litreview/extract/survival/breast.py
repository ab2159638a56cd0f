"""Mixed-primary series (liver metastases by primary site) that state their breast patients' own figures.

There the breast patients are the cohort: the whole series' values are dropped and a value labelled with the breast
patients ranks up (:func:`breast_group_first`), and the words naming them ("in the breast subgroup", "For the 37 women
with breast cancer", "in this subgroup" right after them) are no subgroup words (:func:`breast_label_views`). Both are
used by the outcome family too. A list of values by primary tumour ("3- and 5-year survival was 17.3% and 8.6% for
gastrointestinal carcinoma, 53.9% and 24.6% for breast cancer, ...") gives the breast value (survival only,
:func:`_primary_list_values`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from spacy.tokens import Doc

from litreview.extract.base import doc_text
from litreview.extract.measures import ValueCandidate, Sent, ValueGroup, iter_sentences
from litreview.extract.prefilter import may_match
from litreview.extract.survival.vocab import ArmView, _cue, _same


def breast_scoped_series(doc: Doc) -> bool:
    """A series of liver metastases from several primaries that states its breast patients' own figures ("In the
    breast cancer subgroup, ..."): the breast patients are the cohort.
    Used by the margin family too."""
    text = doc_text(doc)
    mixed, scope = _cue("cue.mixed_primaries"), _cue("cue.breast_scope")
    return may_match(mixed, text) and may_match(scope, text) and bool(mixed.search(text)) and any(
        scope.search(s.text) for s in iter_sentences(doc) if s.section not in ("BACKGROUND", "OBJECTIVE"))


def _whole_series_value(c: ValueCandidate) -> bool:
    """The value is the whole series' ("For the whole cohort, 90-day mortality was 2.1%", "13 months overall"),
    unless a breast scope follows the whole-series words before it ("... for the entire cohort was 2.1%, and no
    patient with breast cancer died")."""
    text = c.sent.text
    if _cue("cue.whole_series_after").match(text, c.end):
        return True
    whole = list(_cue("cue.whole_series_any").finditer(text[:c.start]))
    return bool(whole) and not _cue("cue.breast_scope").search(text, whole[-1].end(), c.end)


def breast_group_first(doc: Doc, cands: list[ValueCandidate]) -> list[ValueCandidate]:
    """In a mixed-primary series with breast-scoped figures, without the whole series' values: they are not the
    breast cohort's (a wrong number is worse than none). Used by the outcome family too."""
    if not cands or not breast_scoped_series(doc):
        return cands
    return [_breast_labelled_first(c) for c in cands if not _whole_series_value(c)]


def _breast_labelled_first(c: ValueCandidate) -> ValueCandidate:
    """A value whose sentence names the breast patients before it ("In the breast cancer subgroup, morbidity was
    19%") ranks above an unlabelled one ("Overall morbidity was 30%", which may be the whole series')."""
    lead = c.sent.text[:c.start]
    if "breast" in lead.lower() and (_cue("cue.breast_label").search(lead) or _cue("cue.breast_scope").search(lead)):
        return replace(c, score=c.score * 1.15)
    # "Complications occurred in 7 of the 36 women with breast cancer": the label right after the value
    label = _cue("cue.breast_label").search(c.sent.text, c.start, c.end + 60)
    if label is not None and label.start() - c.end <= 25 and not re.search(r"[,;]|\b(?:and|or|vs|versus)\b",
                                                                             c.sent.text[c.end:label.start()]):
        return replace(c, score=c.score * 1.15)
    return c


def breast_label_views(doc: Doc, sents: list[Sent]) -> Callable[[int], ArmView]:
    """Per sentence index of ``sents``: the view blanking the words that name the breast patients
    (:func:`_breast_label_view`) in a mixed-primary series with breast-scoped figures, the identity elsewhere.
    Built lazily: asked only when subgroup words label a value. Used by the outcome family too."""
    scoped: list[bool] = []
    views: dict[int, ArmView] = {}

    def breast(index: int) -> ArmView:
        if not scoped:
            scoped.append(breast_scoped_series(doc))
        if not scoped[0]:
            return _same
        if index not in views:
            views[index] = _breast_label_view(sents, index)
        return views[index]
    return breast


def _continues_breast_label(context: str) -> bool:
    """The last group named in ``context`` (the sentence before and the sentence up to an anaphor) is the breast
    patients ("For the 41 women with breast cancer, ...; median RFS in this subgroup was 16 months"), with no other
    subgroup named after them."""
    marks = [m.end() for name in ("cue.breast_label", "cue.breast_scope")
             for m in _cue(name).finditer(context)] if "breast" in context.lower() else []
    return bool(marks) and not _cue("cue.subgroup").search(_blank(_cue("cue.breast_anaphor"), context[max(marks):]))


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text) if may_match(pattern, text) else text


def _breast_label_view(sents: list[Sent], index: int) -> ArmView:
    """For a sentence of a mixed-primary series with breast-scoped figures: a window with the words naming the breast
    patients blanked ("in the breast subgroup", "For the 37 women with breast cancer", "in this subgroup" continuing
    them), so that they are no subgroup words: there the breast patients are the cohort."""
    text = sents[index].text
    patterns = [_cue("cue.breast_label")]
    anaphor = _cue("cue.breast_anaphor")
    first = anaphor.search(text) if may_match(anaphor, text) else None
    if first is not None:
        before = sents[index - 1].text + " " if index > 0 else ""
        if _continues_breast_label(before + text[:first.start()]):
            patterns.append(anaphor)

    def view(window: str) -> str:
        for pattern in patterns:
            window = _blank(pattern, window)
        return window
    return view


def _primary_list_values(sent: Sent, groups: list[ValueGroup]) -> dict[int, str]:
    """Value groups of a list by primary tumour ("17.3% and 8.6% for gastrointestinal carcinoma, 53.9% and 24.6% for
    breast cancer"; "63 months for genitourinary primaries (...), followed by 44.4 months for breast cancer"): group
    start -> "breast" or "other", only for sentences with at least two groups so labelled, exactly one of them breast.
    Empty when the sentence does not name breast."""
    text = sent.text
    if "breast" not in text and "Breast" not in text:
        return {}
    label = _cue("cue.primary_label")
    labelled: list[tuple[int, str]] = []
    for g in groups:
        m = label.match(text[g.end:g.end + 90])
        if m is not None:
            labelled.append((g.start, "breast" if m.group("breast") else "other"))
    # read per sentence, not per clause: such lists put "(n = 549; range 5.4-142 months)" after each value
    kinds = [kind for _start, kind in labelled]
    return dict(labelled) if len(labelled) >= 2 and kinds.count("breast") == 1 else {}


def _cohort_of_primary_list(sent: Sent, groups: list[ValueGroup]) -> dict[int, str]:
    """:func:`_primary_list_values` in the terms of a per-site list (see :mod:`.sites`): the breast value is read like
    the liver's value of a series of several metastatic sites ("breast": the cohort's), the others are "other"."""
    return {start: kind for start, kind in _primary_list_values(sent, groups).items()}


#: a list value that is the cohort's: the liver's of a per-site list, the breast value of a list by primary tumour
LIST_COHORT = ("liver", "breast")
#: the breast value of a list by primary tumour outranks the whole (mixed-primary) series' value
PRIMARY_LIST_WEIGHT = 1.25
