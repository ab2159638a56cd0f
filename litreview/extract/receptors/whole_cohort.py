"""Receptor statements about the whole cohort rather than a counted group of it.

* All or none ("All tumours were ER-positive", "none was HER2-positive", "N patients ..., all with
  HR-positive/HER2-negative disease"), a status required for inclusion ("Women with HER2-positive breast cancer
  who underwent resection ... were included", the title naming it too).
* HER2 immunohistochemistry score tallies that make up the cohort; the sizes of a receptor's positive and
  negative groups adding up to the cohort, or one sized group against all others.
* Negative counts that leave the rest positive (a count of the whole cohort, alone or with a cue such as "Only
  four ...") and the checks they need (statuses unknown or a tested subset - but "HER2 amplification was recorded in
  8" counts a status -, "them" being the cohort).
* A count over the cohort restated only in the conclusions, for receptors the rest of the abstract leaves empty.
* A HER2 count's part placed in the counted hormone-receptor-negative group ("three of whom belonged to the
  HR-negative group"): the rest of that group is triple-negative.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from litreview.extract.base import PATIENT_NOUNS, Sentence, make_finding, sentences
from litreview.extract.measures import normalise
from litreview.extract.prefilter import has_match, may_match
from litreview.extract.numbers import INT, is_distractor, parse_number, percent
from litreview.records import Finding
from litreview.extract.receptors.profiles import (
    _FIELDS,
    Profile,
    _attach_values,
    _last,
    _names_receptor,
    _outcome_by_group,
    _vocab,
    find_profiles,
)


_ALL_BEFORE = re.compile(r"\b(?:all|every|each)\s+(?:of\s+the\s+)?(?:[\w-]+\s+){0,2}?(?:patients?|tumou?rs?|cases?|women|primar(?:y|ies))"
                         r"\s+(?:were|was|had|showed|expressed)\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
_NONE_TN = re.compile(r"\b(?:none|no\s+(?:patients?|tumou?rs?|cases?|women)|nobody)\s+(?:of\s+them\s+)?(?:had|was|were|showed)\s+"
                      r"(?:an?\s+)?(?:triple[- ](?:receptor[- ])?negative|TNBC)|\bno\s+(?:triple[- ]negative|TNBC)\s+"
                      r"(?:tumou?rs?|cases?|disease|patients?)\b", re.IGNORECASE)


def _all_of_cohort(text: str, p: Profile, cohort: int | None) -> bool:
    """ "All tumours were ER-positive", "Thirty-five patients were included, all with HR+/HER2- disease" (35 = the
    cohort): the profile is every patient's."""
    if _ALL_BEFORE.search(text[max(0, p.start - 60):p.start]):
        return True
    if not cohort or "all" not in text[max(0, p.start - 40):p.start].lower():
        return False
    m = _vocab()["all_with_before"].search(text[max(0, p.start - 160):p.start])
    return bool(m) and parse_number(m.group("n")) == cohort


def _all_of_profile(doc: Doc, sent: Sentence, p: Profile) -> list[Finding]:
    """Every status of a combined profile said of all patients ("all with HR-positive/HER2-negative disease"):
    positive 100%, negative 0%, triple-negative from the statuses; the hormone receptor only when ER is not
    written."""
    out = []
    for key in ("ER", "HR", "HER2", "TN"):
        if key == "HR" and "HR" not in p.status and not p.either:
            continue  # ER-positive implies HR-positive, but ER is the field to report
        polarity = p.positive(key) if key in ("HR", "TN") else p.status.get(key)
        if polarity is None:
            continue
        out.append(make_finding(doc, _FIELDS[key], 100.0 if polarity else 0.0, start=sent.start + p.start,
                                end=sent.start + p.end, rule=f"receptors.{key.lower()}.all_profile", confidence=0.75,
                                unit="%", sentence=sent))
    return out


def _all_or_none(doc: Doc, sent: Sentence, text: str, profiles: list[Profile], cohort: int | None = None) -> list[Finding]:
    """ "All tumours were ER-positive" (100%, not triple-negative); "none had triple-negative disease" (0%)."""
    out = []
    m = _NONE_TN.search(text)
    if m:
        out.append(make_finding(doc, _FIELDS["TN"], 0.0, start=sent.start + m.start(), end=sent.start + m.end(),
                                rule="receptors.tn.none", confidence=0.8, unit="%", sentence=sent))
    for p in profiles:
        if p.count is not None or p.pct is not None or p.ambiguous or not p.status:
            continue
        if not _all_of_cohort(text, p, cohort):
            continue
        if p.either or len(p.status) != 1:
            out.extend(_all_of_profile(doc, sent, p))
            continue
        key, pol = next(iter(p.status.items()))
        if pol is not True or key not in _FIELDS:
            continue
        out.append(make_finding(doc, _FIELDS[key], 100.0, start=sent.start + p.start, end=sent.start + p.end,
                                rule=f"receptors.{key.lower()}.all", confidence=0.8, unit="%", sentence=sent))
        if key in ("ER", "HR"):
            out.append(make_finding(doc, _FIELDS["TN"], 0.0, start=sent.start + p.start, end=sent.start + p.end,
                                    rule="receptors.tn.all_hr_positive", confidence=0.75, unit="%", sentence=sent))
    return out


def _none_positive(doc: Doc, sent: Sentence, text: str, profiles: list[Profile]) -> list[Finding]:
    """ "none was HER2-positive", "no patient had ER-positive disease": nobody of the cohort has the status (0%)."""
    pattern = _vocab()["none_before"]
    out = []
    for p in profiles:
        if p.count is not None or p.pct is not None or p.ambiguous or p.either or len(p.status) != 1:
            continue
        (key, polarity), = p.status.items()
        if polarity is not True or key not in _FIELDS or not pattern.search(text, max(0, p.start - 60), p.start):
            continue
        out.append(make_finding(doc, _FIELDS[key], 0.0, start=sent.start + p.start, end=sent.start + p.end,
                                rule=f"receptors.{key.lower()}.none", confidence=0.75, unit="%", sentence=sent))
    return out


# the profile (and its bracketed definition) right before the operation of "N women with <profile> underwent ..."
_DISEASE_NOUN = r"(?:(?:breast\s+)?(?:cancers?|carcinomas?)|disease|tumou?rs)"
_OPERATED_AFTER = re.compile(rf"\s*(?:{_DISEASE_NOUN}\s*)?(?:[\(\[][^()\[\]]*[\)\]]\s*)?(?:{_DISEASE_NOUN}\s+)?"
                             r"(?:who\s+)?(?:underwent|had\s+undergone)\b", re.IGNORECASE)
# "TNBC (ER-, PR- and HER2-negative)", "triple-negative breast cancer (...)": the bracket right after the status defines it
_DEFINED_GAP = re.compile(rf"\s*(?:{_DISEASE_NOUN}\s*)?[\(\[]\s*", re.IGNORECASE)


def _inclusion_criterion(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                         cohort: int | None = None) -> list[Finding]:
    """ "Women with HER2-positive (IHC 3+ or FISH-amplified) breast cancer who underwent resection ... were
    included": the status is an inclusion criterion, so the whole cohort has it (and is not triple-negative).

    One profile without a value, in a METHODS (or unlabelled) sentence with an inclusion verb,
    written as "patients/women with <profile> <disease noun>"; never in sentences that compare,
    exclude or name a subgroup or another population.
    """
    vocab = _vocab()
    if sent.section not in ("METHODS", None) or not profiles:
        return []
    p = profiles[0]
    if p.count is not None or p.pct is not None or p.ambiguous or p.staining or not p.status:
        return []
    # "... and compared them with TNBC patients given chemotherapy alone": a comparison group of the same status
    # (every later profile states it, without a value) leaves the criterion the cohort's
    same = all(q.count is None and q.pct is None and not q.ambiguous and q.start > p.end
               and all(q.positive(k) == p.positive(k) for k in ("ER", "HR", "HER2", "TN")) for q in profiles[1:])
    # "Nineteen women with liver metastases from TNBC (...) underwent hepatectomy": the counted cohort is the subject,
    # its operation the verb (the count must be the cohort's)
    operated = cohort is not None and "underw" in text and vocab["inclusion_underwent"].match(text)
    if operated and (parse_number(operated.group("n")) != cohort or operated.end() < p.end
                     or not _OPERATED_AFTER.match(text, p.end)):
        operated = None
    if not same or not vocab["inclusion_before"].search(text[max(0, p.start - 60):p.start]) \
            or not (operated or vocab["inclusion_after"].match(text, p.end) and vocab["inclusion_verb"].search(text)) \
            or any(len(profiles) == 1 or not m.group(0).lower().startswith("compar") or m.start() < p.end
                   for m in vocab["inclusion_exclude"].finditer(text)):
        return []
    # the title names the same status ("Liver resection for HER2-positive breast cancer liver metastases")
    title = " ".join(s.text for s in sentences(doc) if s.section == "TITLE")
    titled = [q for q in find_profiles(title) if not q.ambiguous]
    if not any(q.positive(k) is True for q in titled for k, v in p.status.items() if v):
        return []
    out = []
    # "TNBC (oestrogen receptor-, progesterone receptor- and HER2-negative)": the bracket right after it defines it
    defined = next((q for q in profiles[1:2] if _DEFINED_GAP.fullmatch(text, p.end, q.start)), None)
    for key in ("ER", "HR", "HER2", "TN"):
        polarity = p.positive(key)
        if key == "HR" and "HR" not in p.status and not p.either:
            continue  # ER-positive implies HR-positive, but ER is the field to report
        # "Women with TNBC (ER, PR and HER2 all negative)": a negative receptor the definition names is 0%
        named_negative = polarity is False and key in ("ER", "HER2") and (
            _names_receptor(text[p.start:p.end], p, key)
            or defined is not None and defined.positive(key) is False
            and _names_receptor(text[defined.start:defined.end], defined, key))
        if polarity is True or (key == "TN" and polarity is False) or named_negative:
            out.append(make_finding(doc, _FIELDS[key], 100.0 if polarity else 0.0, start=sent.start + p.start,
                                    end=sent.start + p.end, rule=f"receptors.{key.lower()}.inclusion", confidence=0.7,
                                    unit="%", sentence=sent, note="a receptor status required for inclusion"))
    return out


def _conclusion_counts(doc: Doc, cohort: int | None, found: set[str]) -> list[Finding]:
    """ "Conclusions: In this series, in which 28 of the 35 resected patients had hormone receptor-positive tumours,
    ...", "almost a quarter of the patients (15 of 64) had triple-negative tumours": a count over the whole cohort
    (its denominator is the cohort size) restated only in the conclusions. Conclusions otherwise speak of patients
    in general, so nothing else of them is read, and only for receptors the rest of the abstract leaves empty."""
    if not cohort:
        return []
    vocab = _vocab()
    out: list[Finding] = []
    for sent in sentences(doc):
        if sent.section != "CONCLUSIONS" or not (str(cohort) in sent.text or "%" in sent.text):
            continue  # the denominator (or a share) is written in digits: a cheap literal guard before any regex
        text = normalise(sent.text)
        if has_match(vocab["skip"], text) or (may_match(vocab["cited_work"], text) and vocab["cited_work"].search(text)):
            continue  # a comparison, or other series quoted beside ours
        profiles = find_profiles(text)
        if not profiles or _outcome_by_group(text, profiles):
            continue
        _attach_values(text, profiles)
        for p in profiles:
            # "In this cohort, in which 81% of patients had hormone receptor-positive tumours, ...": a share of ours
            own = vocab["own_cohort_pct"].search(text, max(0, p.start - 120), p.start) if "%" in text else None
            if own is not None and not (p.ambiguous or p.staining or p.all_but):
                p.pct = float(parse_number(own.group("p")) or 0.0)
            elif p.denominator != cohort or p.count is None or p.ambiguous or p.staining or p.all_but:
                continue
            keys = ["TN"] if p.positive("TN") is True else [k for k, v in p.status.items() if v is True]
            if len(keys) != 1 or keys[0] not in _FIELDS or (len(p.status) > 1 and keys != ["TN"] and not p.either):
                continue
            key = "HR" if p.either else keys[0]
            if _FIELDS[key] in found or (key == "HR" and "er_positive_pct" in found):
                continue
            share = p.pct if own is not None else percent(p.count or 0, cohort)
            out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + p.start,
                                    end=sent.start + (p.value_end or p.end), rule=f"receptors.{key.lower()}.conclusion",
                                    confidence=0.6, unit="%", sentence=sent, note="a share of the cohort, in the conclusions"))
    return out


def _her2_scores(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> list[Finding]:
    """HER2 immunohistochemistry scores with their counts ("IHC 3+ in 7, 2+ with ISH amplification in 3, 2+
    without amplification in 5 and 0-1+ in 26"): 3+ and amplified 2+ are HER2-positive (the ASCO/CAP rule). Only
    when every listed score's status is known and the counts make up the cohort (or, without one, each other)."""
    items = list(_vocab()["her2_score"].finditer(text))
    if len(items) < 2 or not any(m.group("score") == "3+" for m in items):
        return []
    positive = total = 0
    for m in items:
        n = parse_number(m.group("n"))
        if n is None or not float(n).is_integer():
            return []
        score = m.group("score")
        total += int(n)
        if score == "2+" and not (m.group("amp") or m.group("noamp")):
            # "2+ in 12 (ISH-amplified in 4)": the amplified part is positive, the other 2+ tumours are not
            part = _vocab()["her2_amplified_bracket"].match(text, m.end())
            amplified = parse_number(part.group("a") or part.group("a2")) if part else _amplified_later(doc, sent, text, m.end(), n)
            if amplified is None or not float(amplified).is_integer() or amplified > n:
                return []  # equivocal without an ISH result: its status is unknown
            positive += int(amplified)
            continue
        positive += int(n) if score == "3+" or (score == "2+" and m.group("amp")) else 0
    if cohort and total != cohort:
        return []
    share = percent(positive, total)
    if share is None:
        return []
    return [make_finding(doc, "her2_positive_pct", share, start=sent.start + items[0].start(),
                         end=sent.start + items[-1].end(), rule="receptors.her2.ihc_scores", confidence=0.8,
                         unit="%", sentence=sent, note="IHC 3+ and amplified 2+ counted as HER2-positive")]


def _amplified_later(doc: Doc, sent: Sentence, text: str, pos: int, n: float) -> float | None:
    """The amplified part of a tally's 2+ count of ``n`` told later, with the 2+ group's size ("...; five of the 11
    IHC 2+ tumours were FISH-amplified"), in the rest of the sentence or in the next one ("FISH showed amplification in
    five of the 11 equivocal tumours.")."""
    pattern = _vocab()["her2_amplified_nested"]
    following = sentences(doc)[sent.index + 1].text if sent.index + 1 < len(sentences(doc)) else ""
    for part in (text[pos:], following):
        for m in pattern.finditer(part) if may_match(pattern, part) else ():
            size = parse_number(m.group("m") or m.group("m2") or m.group("m3"))
            if size == n:
                return parse_number(m.group("a") or m.group("a2") or m.group("a3"))
    return None


# a count directly before a group's profile, opening its phrase: "in 19 HER2-positive and 35 HER2-negative patients"
_GROUP_COUNT_BEFORE = re.compile(rf"(?:^|[\s(,;:])(?<![\w.\-/])(?P<n>{INT})\s+$", re.IGNORECASE)


# ... or the subject count of a clause: "Fourteen tumours also expressed hormone receptors, and the other nine were
# hormone receptor-negative" (the two must still add up to the cohort)
_GROUP_SUBJECT_BEFORE = re.compile(
    rf"(?<![\w.\-/])(?P<n>{INT})\s+(?:(?:primary\s+)?(?:patients|women|tumou?rs|cases|primaries)\s+)?(?:also\s+)?"
    r"(?:were|was|had|showed|expressed|carried|harbou?red)\s+(?:(?:an?|the)\s+)?$", re.IGNORECASE)


def _group_sizes(doc: Doc, sent: Sentence, text: str, cohort: int | None, profiles: list[Profile]) -> list[Finding]:
    """ "Patients with ER-positive tumours (n = 34) had a median OS of 56 months compared with 31 months for those
    with ER-negative tumours (n = 13)": the sizes of a receptor's positive and negative groups, when they add up
    to the cohort, give its share, whatever outcome the sentence compares."""
    lowered = text.lower()
    # "outcomes in 19 HER2-positive and 35 HER2-negative patients": a count right before each of the two groups
    counted = ("positive" in lowered or "+" in text or "express" in lowered) and ("negative" in lowered or "-" in text)
    if not cohort or ("=" not in text and not counted):
        return []
    pattern = _vocab()["group_size_after"]
    sized: list[tuple[Profile, int]] = []
    before: list[tuple[Profile, int]] = []
    for p in profiles:
        m = pattern.match(text, p.end) if p.status and not (p.ambiguous or p.either) else None
        if m:
            sized.append((p, int(m.group("n"))))
            continue
        b = _GROUP_COUNT_BEFORE.search(text, max(0, p.start - 30), p.start) if counted and len(p.status) == 1 else None
        if b is None and counted and len(p.status) == 1:
            b = _GROUP_SUBJECT_BEFORE.search(text, max(0, p.start - 50), p.start)
        n = parse_number(b.group("n")) if b else None
        if n is not None and float(n).is_integer() and not is_distractor(text, b.start("n"), b.end("n")):
            before.append((p, int(n)))
    out = []
    if len(sized) == 1:
        out.extend(_group_against_rest(doc, sent, text, sized[0][0], sized[0][1], cohort))
    sized = [(p, n) for p, n in sized if len(p.status) == 1] + before
    for key in ("ER", "HR", "HER2"):
        pos = [(p, n) for p, n in sized if p.status.get(key) is True]
        neg = [n for p, n in sized if p.status.get(key) is False]
        if len(pos) != 1 or len(neg) != 1 or pos[0][1] + neg[0] != cohort:
            continue
        p, n = pos[0]
        out.append(make_finding(doc, _FIELDS[key], percent(n, cohort), start=sent.start + p.start,
                                end=sent.start + p.end, rule=f"receptors.{key.lower()}.group_sizes", confidence=0.7,
                                unit="%", sentence=sent, note="positive and negative group sizes add up to the cohort"))
    return out


def _group_against_rest(doc: Doc, sent: Sentence, text: str, p: Profile, n: int, cohort: int) -> list[Finding]:
    """ "Patients with HR-/HER2- tumours (n=6) had a median OS of 22 months versus 68 months for all others": one
    sized group set against the rest of the cohort is its share of the cohort (a positive status or
    triple-negative)."""
    rest = _vocab()["rest_of_cohort"].search(text, p.end)
    if rest is None or n >= cohort:
        return []
    others = parse_number(rest.group("n")) if rest.group("n") else None
    if others is not None and n + others != cohort:
        return []
    out = []
    for key in ("ER", "HR", "HER2", "TN"):
        if key == "TN" and p.positive("TN") is not True:
            continue
        if key != "TN" and (p.status.get(key) is not True or len(p.status) != 1):
            continue
        out.append(make_finding(doc, _FIELDS[key], percent(n, cohort), start=sent.start + p.start,
                                end=sent.start + rest.end(), rule=f"receptors.{key.lower()}.group_vs_rest",
                                confidence=0.65, unit="%", sentence=sent, note="a sized group against all others"))
    return out


def _negative_only(doc: Doc, p: Profile, key: str, text: str, cohort: int | None) -> bool:
    """ "Only four patients had ER-negative tumours", "HER2 was not overexpressed in 29": a negative count of the
    cohort when the abstract gives no unknown or untested status (nor only a tested subset, nor exclusions by
    status) - the others are positive. Kept only when no positive share of the receptor is written (see
    :func:`extract_receptors`); HER2 beside equivocal (2+) tumours has a third status."""
    if not cohort or p.count is None or p.count > cohort or (p.denominator not in (None, cohort)):
        return False
    if p.pct is not None and abs(100.0 * p.count / cohort - p.pct) > 0.6:
        return False  # the share is over another denominator
    if key == "HER2" and _vocab()["her2_equivocal"].search(text):
        return False
    return not _statuses_incomplete(doc)


def _says_unknown(text: str) -> bool:
    """Whether ``text`` says some status was unknown ("could not be retrieved", "missing"), but not when it says
    none was ("no patient had missing receptor data")."""
    vocab = _vocab()
    if not vocab["status_unknown"].search(text):
        return False
    if "no" in text.lower():
        text = vocab["none_unknown"].sub(lambda m: " " * len(m.group(0)), text)
    return vocab["status_unknown"].search(text) is not None


def _statuses_incomplete(doc: Doc) -> bool:
    """Whether a receptor sentence of the abstract says some statuses were unknown, only a subset was tested, or
    patients were excluded by status."""
    vocab = _vocab()
    for sent in sentences(doc):
        text = sent.text
        if not (may_match(vocab["term"], text) and vocab["term"].search(text)) and "receptor" not in text.lower():
            continue
        if _says_unknown(text) or any(not _STATUS_COUNTED_BEFORE.search(text, 0, m.start())
                                      for m in vocab["status_subset"].finditer(text)):
            return True
    return False


# "HER2 overexpression (3+ on IHC) was recorded in 8 women": a status counted, not a tested subset
_STATUS_COUNTED_BEFORE = re.compile(r"(?:positiv|negativ|amplifi|over-?expressi)\w*\s+(?:\([^()]{0,40}\)\s+)?"
                                    r"(?:was|were|had\s+been|has\s+been)\s+$", re.IGNORECASE)


_HORMONE_FAMILY = {"ER", "PR", "HR"}


def _names_only_other_family(text: str, keys: set[str]) -> bool:
    """Whether ``text`` names receptors, all of the family (hormone receptors or HER2) that ``keys`` lack."""
    named = {k for m in _vocab()["term"].finditer(text) for k in ("ER", "PR", "HR", "HER2") if m.group(k)}
    if not named or "TN" in keys or _vocab()["tn"].search(text):
        return False
    ours = ({"HER2"} if "HER2" in keys else set()) | (_HORMONE_FAMILY if keys & _HORMONE_FAMILY else set())
    return not named & ours


_PATIENT_COUNT = re.compile(rf"(?<![\w.\-/])(?P<n>{INT})\s+(?:[\w-]+\s+){{0,2}}?{PATIENT_NOUNS}\b", re.IGNORECASE)


def _them_is_cohort(doc: Doc, sent: Sentence, before: str, cohort: int | None) -> bool:
    """Whether "them" in "in 19 of them" is the whole cohort: the group counted last before it, in this sentence or
    else in the previous one ("Twenty-eight patients underwent resection. ... ER was positive in 19 of them"), has
    the cohort's size."""
    if not cohort:
        return False
    last = _last(_PATIENT_COUNT, before)
    if last is None and sent.index:
        previous = [s for s in sentences(doc)[:sent.index] if len(s.text.split()) > 2]  # not a section label
        last = _last(_PATIENT_COUNT, normalise(previous[-1].text)) if previous else None
        if last is None and not any(_PATIENT_COUNT.search(normalise(s.text)) for s in previous if s.section != "TITLE"):
            # "Liver resection ... in 23 women" (title) ... "in four of these women": no group counted in the
            # abstract before it, so "these women" are the women the title counts
            title = " ".join(normalise(s.text) for s in sentences(doc) if s.section == "TITLE")
            last = _last(_PATIENT_COUNT, title)
    return last is not None and parse_number(last.group("n")) == cohort


def _counted_over_cohort(text: str, profiles: list[Profile], cohort: int | None) -> bool:
    """Whether a positive count of the sentence comes with its share of the whole cohort ("The primary was ER-negative
    in nine patients, and HER2 was positive in 10 (21.7%)" of 46): the sentence counts over the whole cohort, so a
    bare negative count in it leaves the rest positive (as after "negative in 14 of 52")."""
    if not cohort or _says_unknown(text):
        return False
    return any(q.count is not None and q.pct is not None and q.denominator in (None, cohort) and not q.all_but
               and any(q.status.values()) and abs(100.0 * q.count / cohort - q.pct) <= 0.6 for q in profiles)


def _negative_of_whole(p: Profile, key: str, text: str, cohort: int | None, whole_seen: bool) -> bool:
    """A negative count over the whole cohort, so the others are positive: "ER was negative in 14 of 52" (52 =
    the cohort), or a bare negative count after such a one in the same sentence ("... and HER2 was not
    overexpressed in 41"). A count alone ("ER-negative in 11") may leave unknown statuses and is not enough;
    HER2 with equivocal (2+) tumours named beside it has a third status, so no complement either."""
    if not cohort or p.count is None:
        return False
    if p.pct is not None:
        # "ER was negative in 13 patients (24.5%)": the share is the count over the whole cohort, and no status is
        # said to be unknown
        if p.denominator is not None or abs(100.0 * p.count / cohort - p.pct) > 0.6 \
                or _unknown_for(text, key):
            return False
    elif not (p.denominator == cohort or (p.denominator is None and whole_seen)):
        # "Among the resected women, the tumour was ER-negative in nine": the count is over the whole cohort
        if p.denominator is not None or not _vocab()["cohort_opener"].match(text) \
                or _unknown_for(text, key):
            return False
    return not (key == "HER2" and _vocab()["her2_equivocal"].search(text))


def _unknown_for(text: str, key: str) -> bool:
    """Whether a clause of ``text`` says some status was unknown, other than a clause naming only the other family's
    receptors ("...; HER2 status was unavailable for 11 patients" beside a hormone receptor count)."""
    return any(_says_unknown(clause) and not _names_only_other_family(clause, {key}) for clause in text.split(";"))


def _all_statuses_known(doc: Doc) -> bool:
    """The abstract says every tumour's receptor status was known (a negative count then implies the positive).

    "ER and PR status was available for all", "Receptor testing (ER, PR and HER2) was complete for every
    patient"; the sentence must speak of receptors ("follow-up data were complete for all" does not count).
    """
    vocab = _vocab()
    for sent in sentences(doc):
        text = sent.text
        # ... or that none was unknown: "no patient had missing receptor data"
        if not (re.search(r"\b(?:all|every|each)\b", text, re.IGNORECASE) and vocab["all_known"].search(text)) \
                and not ("no" in text.lower() and vocab["none_unknown"].search(text)):
            continue
        if re.search(r"receptor", text, re.IGNORECASE) or vocab["term"].search(text):
            return True
    return False


def _sibling_denominator(doc_text: str, text: str, profiles: list[Profile], cohort: int | None) -> int | None:
    """The group a sentence counts over, read off its one count given with a percentage, when that group is not the
    cohort found ("In the hepatectomy group, forty-five patients (60.8%) had HR-positive disease, 28 had HER2-positive
    tumours and 9 were triple-negative", the arm of 74 inside 1,012 screened): the bare counts of the sentence are
    shares of the same group. Only a group smaller than the cohort found (or larger, read off two counts that agree)
    and written as a number in the abstract."""
    if not cohort or _says_unknown(text):
        return None
    found = None
    agreeing = 0
    for q in profiles:
        if q.count is None or q.pct is None or q.denominator is not None or q.all_but or not q.pct \
                or not any(q.status.values()):
            continue
        n = round(100.0 * q.count / q.pct)
        if n <= 0 or n == cohort or abs(100.0 * q.count / n - q.pct) > 0.06 or q.count > n:
            return None
        if found is not None and found != n:
            return None
        found = n
        agreeing += 1
    # a group larger than the cohort found ("Oestrogen receptor positivity was documented in 20 men (87.0%) and HER2
    # overexpression in 4 (17.4%); one tumour was triple-negative", 23 men pooled, the cohort misread): only when two
    # counts with their percentages agree on it
    if found is not None and found > cohort and agreeing < 2:
        return None
    if found is None or not re.search(rf"(?<![\w.,]){found}(?![\w.,]\d|\d|\s?%)", doc_text):
        return None
    return found


# "HER2 was overexpressed in 11 patients (31.4%), three of whom belonged to the HR-negative group": a HER2 count's
# part placed in a negative group named by its status
_BELONGED_TO = re.compile(rf"\b(?P<k>{INT})\s+of\s+(?:whom|them|these|which)\s+(?:(?:belonged|belong)\s+to|were\s+(?:in|from|among)|"
                          r"came\s+from|fell\s+(?:in|into|within))\s+the\s+(?P<group>[^,;.()]{2,60}?)\s*"
                          r"(?:group|subgroup|category|tumou?rs|patients)\b", re.IGNORECASE)


_HOST_VALUE_REST = re.compile(r"\s*(?:patients|women|tumou?rs|cases)?\s*(?:[\(\[]\s*[\d.]+\s?%\s*[\)\]]|\s?%?\s*[\)\]])?\s*,?\s*",
                              re.IGNORECASE)


def _her2_in_negative_group(doc: Doc, cohort: int | None, found: set[str]) -> list[Finding]:
    """ "Twenty-seven patients were HR-positive and eight were HR-negative. HER2 was overexpressed or amplified in 11
    patients (31.4%), three of whom belonged to the HR-negative group": the rest of the hormone-receptor-negative
    group (8 - 3) is triple-negative. Needs the HER2-positive count right before "of whom", one counted
    hormone-receptor-negative group of the abstract with its HER2 status unstated, and no triple-negative share found."""
    if not cohort or _FIELDS["TN"] in found:
        return []
    texts = [normalise(s.text) for s in sentences(doc) if s.section not in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE")]
    hits = [(t, m) for t in texts if may_match(_BELONGED_TO, t) for m in _BELONGED_TO.finditer(t)]
    if len(hits) != 1:
        return []
    text, m = hits[0]
    group = [p for p in find_profiles(m.group("group")) if p.positive("HR") is False and "HER2" not in p.status]
    host = [p for p in find_profiles(text[:m.start()])]
    if len(group) != 1 or not host:
        return []
    _attach_values(text[:m.start()], host)
    k = parse_number(m.group("k"))
    if host[-1].status != {"HER2": True} or host[-1].count is None or k is None or not float(k).is_integer() \
            or k > host[-1].count or not _HOST_VALUE_REST.fullmatch(text, host[-1].value_end or host[-1].end, m.start()):
        return []
    sizes = []
    for t in texts:
        profiles = find_profiles(t)
        _attach_values(t, profiles)
        sizes += [p.count for p in profiles if p.count is not None and p.pct is None and not p.ambiguous
                  and p.positive("HR") is False and "HER2" not in p.status and "TN" not in p.status]
    if len(sizes) != 1 or not k <= sizes[0] <= cohort:
        return []
    sent = next(s for s in sentences(doc) if normalise(s.text) == text)
    return [make_finding(doc, _FIELDS["TN"], percent(sizes[0] - int(k), cohort), start=sent.start + m.start(),
                         end=sent.start + m.end(), rule="receptors.tn.negative_group_rest", confidence=0.7, unit="%",
                         sentence=sent, note="the hormone-receptor-negative group less its HER2-positive part")]


_ER_POSITIVE_LEAD = re.compile(r"(?:\b(?:ER|o?estrogen[- ]receptors?)\b[^;]{0,20}?(?:positive|\+)|expressed\s+(?:the\s+)?"
                               r"(?:ER|o?estrogen[- ]receptors?)\b|(?:ER|o?estrogen[- ]receptor)[- ]?(?:positive|\+))", re.IGNORECASE)
_HR_POSITIVE_LEAD = re.compile(r"(?:\b(?:HR|hormone[- ]receptors?)\b[^;]{0,20}?(?:positive|\+)|expressed\s+(?:the\s+)?"
                               r"hormone[- ]receptors?\b|(?:HR|hormone[- ]receptor)[- ]?(?:positive|\+))", re.IGNORECASE)
_PR_NAMED = re.compile(r"\b(?:PR|PgR|progesterone)\b", re.IGNORECASE)
_HER2_NAMED = re.compile(r"\bHER-?2\b|\bERBB2\b", re.IGNORECASE)
_NEGATIVE_REST = re.compile(r"^(?:also\s+)?(?:negative\s+for\b|lacking\b|devoid\s+of\b|[^;]{0,40}?\bnegative\b)", re.IGNORECASE)


def _all_but_rest_negative(text: str, cohort: int | None) -> tuple[float, int, int] | None:
    """The triple-negative share of "All but one tumour expressed oestrogen receptor; the remaining tumour was also
    negative for progesterone receptor and HER2" (also "All but two were ER-positive, and the other two were PR- and
    HER2-negative as well", "All but one patient had hormone receptor-positive disease; the exception was also
    HER2-negative"): the tumours left out of a positive ER/HR statement, said negative for the rest of the receptors.
    Returns (share, start, end) in ``text``; nothing when the left-out tumours are positive for anything."""
    if not cohort or "all but" not in text.lower():
        return None
    m = _vocab()["all_but_rest_negative"].search(text)
    if m is None:
        return None
    n = parse_number(m.group("n"))
    rest = m.group("rest")
    if n is None or n >= cohort or not _NEGATIVE_REST.match(rest) or re.search(r"positive|\+|amplified|overexpress", rest, re.IGNORECASE):
        return None
    lead = m.group("lead")
    if _ER_POSITIVE_LEAD.search(lead):
        named = _PR_NAMED.search(rest) and _HER2_NAMED.search(rest)
    elif _HR_POSITIVE_LEAD.search(lead):
        named = _HER2_NAMED.search(rest)
    else:
        return None
    if not named:
        return None
    return percent(int(n), cohort), m.start(), m.end()
