"""Case reports and small series: receptor profiles of single patients, without counts.

* Case reports and small case series (cohort <= 5) without counts: each profile
  is one patient ("The second ... had an ER+/PR-/HER2+ carcinoma"); in a case report the first status told
  wins, a title's label of the liver metastasis ("a HER2-positive liver metastasis") after the abstract's; staining
  percentages of one tumour ("oestrogen receptor 95%") mean positive; HER2 "1+"
  means negative; triple-negative is 0 when ER, PR and HER2 are all known and one
  is positive, or when ER/PR is positive. A profile in a later sentence that contradicts
  the last-named patient's own profile is no patient's ("triple-negative disease recurred early").
  Numbered patients, several to a marker ("Patients 1, 2 and 4 had ...; patient 3 had ..."), in any series.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from litreview.extract.base import UNNUMBERED_SERIES_MAX, Sentence, doc_text, make_finding
from litreview.extract.numbers import percent
from litreview.records import Finding
from litreview.rules import expand_placeholders
from litreview.extract.prefilter import may_match
from litreview.extract.receptors.profiles import _FIELDS, Profile, _names_receptor, _vocab


# one patient of a small series, by her place in it or by her number ("case 3"; one patient's, not the plural of the
# fragment)
_PATIENT_MARKER = re.compile(expand_placeholders(
    r"\b(?:(?:the\s+)?(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|other|last|remaining)\s+"
    r"(?:patient|case|woman|one)|(?!patients|cases){NUMBERED_PATIENT_LABEL}[1-5]|the\s+(?:former|latter)"
    r"|the\s+(?:first|second|third|fourth|fifth|other)(?=\s+(?:had|was|showed|presented|developed)|\s*,\s+(?:an?|aged)\s))\b"),
    re.IGNORECASE)


# a longer series told patient by patient ("Patient 6: ER-, PR- and HER2-negative; segmentectomy 6; R0"): read
# only through numbered patients 1..N, each with its own profile; a marker may name several ("Patients 1, 3 and 4")
# ... also the short label of a patient table flattened into text ("P1 | 48 | ER+/PR+/HER2- | ...; P2 | ...", "P3: ...")
_NUMBERED_PATIENT = re.compile(expand_placeholders(
    r"(?:{NUMBERED_PATIENT_LABEL}|(?-i:\bP)(?=\d{1,2}\s*[|:]))(?P<ids>\d{1,2}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)\d{1,2})*)\b"
    r"(?!\s*(?:[%/.,]\d|%|years?|months?|mm|cm|-))"), re.IGNORECASE)


# a bracketed percentage right after a profile ("an ER-positive (90%), PR-positive (40%) primary")
_BRACKET_PCT = re.compile(r"\s*[\(\[]\s*[<>≤≥]?\s*\d+(?:[.,]\d+)?\s?%\s*$")
# ... in a clause about one patient of the series ("Patient 1, aged 44 years, had ...", "The second patient had ...",
# "In case 3 the tumour was ..."): her own patient number, never a list of several ("Patients 1 and 3")
_ONE_PATIENT = re.compile(expand_placeholders(
    r"(?:(?!patients|cases){NUMBERED_PATIENT_LABEL}\d{1,2}\b(?!\s*(?:,|and|&|-|–|to)\s*\d)"
    r"|\b(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|other|last|remaining)\s+"
    r"(?:patient|case|woman)\b)"), re.IGNORECASE)


def _one_patient_staining(text: str, p: Profile) -> bool:
    """Whether the percentage the profile took is one tumour's staining: a bracket right after the profile
    ("ER-positive (90%)") in a clause about a single patient of a small series. Her share of the cohort would be 0
    or 100; the percentage is how many of her tumour's cells stained."""
    if p.pct is None or p.count is not None or p.value_end is None \
            or not _BRACKET_PCT.match(text, p.end, p.value_end):
        return False
    clause_start = max(text.rfind(";", 0, p.start), 0)
    return _ONE_PATIENT.search(text, clause_start, p.start) is not None


def _numbered_patients(doc: Doc, items: list[tuple[Sentence, Profile]], cohort: int) -> list[Profile]:
    """Profiles merged per numbered patient ("Patient 1: ER-positive, HER2-negative; ... Patient 2: ..."): empty
    unless the numbers are exactly 1..N of the cohort and every patient gets a profile."""
    text = doc_text(doc)
    # "Patients 1, 3, 4 and 6 had ER-positive tumours; patient 2 was ...": a marker may name several patients
    markers = [(m.start(), tuple(int(x) for x in re.findall(r"\d+", m.group("ids"))))
               for m in _NUMBERED_PATIENT.finditer(text, doc._.abstract_start)]
    if sorted({n for _, ids in markers for n in ids}) != list(range(1, cohort + 1)):
        return []
    patients: dict[int, Profile] = {}
    for sent, p in items:
        pos = sent.start + p.start
        owner = max(((start, ids) for start, ids in markers if start <= pos), default=None)
        # the profile must lie in the sentence that names its patient
        if owner is None or owner[0] < sent.start:
            return []
        for n in owner[1]:
            merged = patients.setdefault(n, Profile(start=p.start, end=p.end))
            for key, value in p.status.items():
                merged.status.setdefault(key, value)
    return [patients[n] for n in sorted(patients)] if len(patients) == cohort else []


def _per_patient(doc: Doc, items: list[tuple[Sentence, Profile]], cohort: int) -> list[Profile]:
    """Small series described patient by patient ("The first patient had ER 90%, PR 40% and HER2 1+. The second
    had ..."): the profiles after each patient marker are merged into that patient; empty unless every patient of
    the cohort gets one."""
    text = doc_text(doc)
    # a patient named again later ("whereas case 3 had died") is the same patient
    markers = [(m.start(), " ".join(m.group(0).lower().split()))
               for m in _PATIENT_MARKER.finditer(text, doc._.abstract_start)]
    if len({name for _, name in markers}) < cohort:
        return []
    patients: dict[str, Profile] = {}
    for sent, p in items:
        pos = sent.start + p.start
        owner = max(((start, name) for start, name in markers if start <= pos), default=None)
        if owner is None:
            continue
        merged = patients.get(owner[1])
        if merged is not None and owner[0] < sent.start and any(
                merged.positive(k) is not None and p.positive(k) is not None and merged.positive(k) != p.positive(k)
                for k in ("ER", "PR", "HR", "HER2", "TN")):
            # "Case 4: ER-/PR-/HER2 1+. ... (case 3) ... In our experience, triple-negative disease recurred early": a
            # later sentence that contradicts the last-named patient's own profile speaks of no one patient
            continue
        merged = patients.setdefault(owner[1], Profile(start=p.start, end=p.end))
        for key, value in p.status.items():
            merged.status.setdefault(key, value)
    return list(patients.values()) if len(patients) == cohort else []


# a title's profile naming the liver metastasis itself ("a HER2-positive liver metastasis", "HER2-positive hepatic
# metastases"), not the breast cancer ("HER2-positive breast cancer liver metastasis")
_METASTASIS_LABEL = re.compile(r"\s+(?:solitary\s+|single\s+|isolated\s+)?(?:liver|hepatic)\s+metasta", re.IGNORECASE)


def _metastasis_first(doc: Doc, items: list[tuple[Sentence, Profile]]) -> list[tuple[Sentence, Profile]]:
    """A case report's profiles in the order they are merged (the first status of a receptor wins): as written, so the
    primary's status told first wins; the metastasis' profiles first when the abstract says its tumour is classified by
    the metastasis ("For this report the tumour is classified according to the liver metastasis")."""
    vocab = _vocab()
    text = doc_text(doc)
    cue = vocab["classified_by_metastasis"]
    if not (may_match(cue, text) and cue.search(text)):
        return items
    before = vocab["case_metastasis_before"]
    return sorted(items, key=lambda item: not before.search(item[0].text, 0, item[1].start))


def _case_findings(doc: Doc, items: list[tuple[Sentence, Profile]], cohort: int) -> list[Finding]:
    """Case reports / small series without counts: each profile is one patient.

    In a case report (cohort 1) every profile describes the same tumour and they are
    merged. In a small series the profiles must be one per patient (as many as the
    cohort), or a single profile said of "all"/"every" patient.
    """
    if not items:
        return []
    sent = items[0][0]
    if cohort > UNNUMBERED_SERIES_MAX:
        patients = _numbered_patients(doc, items, cohort)
        if not patients:
            return []
    elif cohort == 1:
        merged = Profile(start=items[0][1].start, end=items[-1][1].end)
        # a title's label of the liver metastasis after the abstract's statuses ("... for a HER2-positive liver
        # metastasis arising from a HER2-negative luminal breast cancer": the primary, told in the abstract, wins)
        ordered = sorted(items, key=lambda item: item[0].section == "TITLE"
                         and _METASTASIS_LABEL.match(item[0].text, item[1].end) is not None)
        for _, p in _metastasis_first(doc, ordered):
            for key, value in p.status.items():
                merged.status.setdefault(key, value)
        patients = [merged]
    elif _per_patient(doc, items, cohort):
        patients = _per_patient(doc, items, cohort)
    elif _numbered_patients(doc, items, cohort):
        # "Patients 1, 2 and 4 had luminal tumours (ER-positive, HER2-negative); patient 3 had ...": a marker may
        # name several patients of a short series too
        patients = _numbered_patients(doc, items, cohort)
    elif len(items) == cohort:
        patients = [p for _, p in items]
    elif len(items) == 1 and re.search(r"\b(?:all|every|each|both)\b", sent.text, re.IGNORECASE):
        patients = [items[0][1]] * cohort
    else:
        return []
    out = []
    for key in ("ER", "HER2", "TN", "HR"):
        values = [p.positive(key) for p in patients]
        if any(v is None for v in values):
            continue
        if key != "TN" and not any(_names_receptor(sent.text[p.start:p.end], p, key) for sent, p in items):
            continue  # "a triple-negative carcinoma" says nothing of ER or HER2 written as such
        if key == "TN" and cohort == 1:
            status = patients[0].status
            # "not triple-negative" needs all three receptors known, or a positive hormone
            # receptor (an ER-positive case is not triple-negative); HER2-positive alone says
            # nothing about the abstract's view of the hormone receptors
            # a HER2 status written as such ("HER2-positive", "HER2 3+") also rules it out;
            # a subtype label alone ("HER2-enriched") does not
            explicit_her2 = any(p.status.get("HER2") and not p.worded for _, p in items)
            if not (status.get("TN") or all(k in status for k in ("ER", "PR", "HER2"))
                    or any(status.get(k) for k in ("ER", "PR", "HR")) or explicit_her2):
                continue
        if key == "HR" and any("ER" in p.status for p in patients) \
                and not (all(p.positive("HR") is False and p.status.get("ER") is False for p in patients)
                         and any(p.status.get("ER") is False and _vocab()["hr_negative_written"].search(sent.text)
                                 for sent, p in items)):
            # ER is derivable: report ER, not the hormone receptor share (unless both are written negative, "negative
            # for oestrogen and progesterone receptors (hormone receptor-negative)": both 0, see _prefer_er)
            continue
        share = percent(sum(1 for v in values if v), cohort)
        if share is None:
            continue
        first = items[0][1]
        out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + first.start, end=sent.start + first.end,
                                rule=f"receptors.{key.lower()}.per_patient", confidence=0.75, unit="%",
                                sentence=sent, note=f"{len(items)} patient profile(s), cohort {cohort}"))
    return out
