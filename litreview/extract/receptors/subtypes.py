"""Receptor groups listed together: cross-classifications, intrinsic subtype lists and nested counts.

* Cross-classifications ("ER+/PR+ in 23, ER+/PR- in 8, ER-/PR+ in 1, ER-/PR- in
  8"; "HR+/HER2- 31, HR+/HER2+ 12, HR-/HER2+ 9, triple-negative 9") are summed per
  receptor, over the groups that all state that receptor.
* Intrinsic subtype lists ("21 luminal A-like, 12 luminal B-like HER2-negative,
  10 luminal B-like HER2-positive, 8 HER2-enriched and 6 triple-negative") are
  summed: HR = luminal groups, HER2 = luminal B HER2-positive + HER2-enriched,
  triple-negative = basal-like/TN; definitions in the abstract ("luminal B (ER+
  and/or PR+, HER2+)", "Luminal B was defined as ...") override standard usage;
  plain "luminal B" leaves HER2 underivable.
* Nested triple-negative counts ("ER-PR- in 6, of whom 4 were also HER2-negative", "of the four ER-negative
  tumours, three were triple-negative") and a lead group split by its nested count and continued by "a further N";
  a group split by the count in its bracket ("HER2-positive in 9 (six of them also HR-positive)").
* (seventeenth round) Combined groups listed first and their values after them, closed by "respectively"
  ("The HR+/HER2-, HR+/HER2+, HR-/HER2+ and triple-negative subtypes accounted for 33, 16, 12 and 14 patients,
  respectively"): read as a cross-classification.
* (eighteenth round, short pass) Luminal B defined by "HER2+ or Ki-67 >= 14%" has no HER2 status of its own (its split
  "(among them HER2+ 9 cases)" gives it); "HER2-positive (non-luminal)" and a bare "HER2 (HR-/HER2+)" are the
  non-luminal HER2 group; "(luminal = ER and/or PR positive)" is a definition; "luminal A (...) were 11 cases"; a
  plain HER2-positive group beside plain "luminal" keeps HR unsummed unless its HR split follows ("HER2-positive in
  22% (HR-positive 12%, HR-negative 10%)"), and one listed among the subtypes keeps HER2 unsummed.
* (eighteenth round, last pass) Flattened sign cross-tables ("ER/HER2 status was +/- in 18, +/+ in 7, -/+ in 5 and
  -/- in 6", "HR/HER2: +/- 17, +/+ 6, ..."): cells adding up to the cohort, summed per receptor; -/- is triple-negative
  for HR/HER2, and for ER/HER2 only when PR is said negative for it or it is glossed "(triple-negative)".
* (nineteenth round) Subtype lists with a verb or "for" before each share ("luminal A-like accounted for 45.0%,
  luminal B-like HER2-negative for 17.5%, ..."); a group's nested count after its noun ("had HER2-positive tumours,
  24 of whom were also HR-positive"); "two of which also overexpressed HER2".
* (round 19 short pass) Flattened tables of three receptors' signs ("(ER/PR/HER2) were: +/+/- in 22, +/-/- in 6, ...",
  -/-/- triple-negative). A group named once as the header of its listed parts ("luminal (HR-positive) tumours comprised
  luminal A in 14, luminal B HER2-negative in 19 and ..."; a counted "36 luminal (luminal A 20, luminal B 16)" whose
  parts add up to it) is counted through its parts, and its profile takes no part's count; "HER2-enriched tumours were
  found in 9"; a list read in one clause is no sum when another clause counts a subtype family it lacks.
* (round 20 short pass) Subtypes named (and defined in brackets) as one list in a sentence, their counts or shares in
  the next one after "these subtypes/groups" closed by "respectively" (values of another measure - units, outcome
  words - are not read); bracketed definitions between the names of a "respectively" list.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from litreview.extract.base import NUMBERED_SERIES_MAX, Sentence, doc_text, make_finding, sentences
from litreview.extract.prefilter import has_match, may_match
from litreview.extract.numbers import INT, PCT, is_distractor, parse_number, percent
from litreview.records import Finding
from litreview.rules import expand_placeholders
from litreview.extract.receptors.profiles import (
    _FIELDS,
    _attach_values,
    _LISTED_NUMBER,
    _OF_THE_N,
    _OTHER_MEASURE,
    _RESPECTIVELY,
    Profile,
    _last,
    _vocab,
    find_profiles,
)


_NESTED = re.compile(r"\b(?:of\s+whom|of\s+(?:these|them|those)|among\s+(?:them|these|those))\b|"
                     r"^\s*(?:tumou?rs|patients|cases|women|primaries)?\s*,", re.IGNORECASE)


# "N of the M <profile> tumours were also <profile>": the subject before the first profile, the verb between them
# ... "four of the ER-negative tumours were also negative for PR and HER2": the group's size may be left out
_PART_OF_BEFORE = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?|\band\s+)(?P<n>{INT})\s+of\s+(?:the|these|those)\s+"
                             rf"(?:{INT}\s+)?$", re.IGNORECASE)
# ... "also" may be left out, or the third receptor written as lacking ("five of the eight ER-/PR- tumours lacked
# HER2 overexpression", "four of the six ER-/HER2- tumours were PR-negative as well"): the merged statuses must
# still be all negative
_ALSO_GAP = re.compile(r"^\s*(?:tumou?rs|patients|cases|women|primaries)\s+(?:(?:were|was|had)\s+(?:also\s+)?"
                       r"(?:(?:an?)\s+|negative\s+for\s+)?|(?:also\s+)?lacked\s+)$", re.IGNORECASE)


_TN_OF_NEGATIVE_GAP = re.compile(r"^\s*(?:tumou?rs|patients|cases|women|primaries)\s+(?:were|was|had)\s+(?:also\s+)?"
                                 r"(?:(?:an?)\s+)?$", re.IGNORECASE)
_SUBJECT_COUNT = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?|\band\s+)(?<![\w.\-/])(?P<n>{INT})\s+$", re.IGNORECASE)


def _whole_subject_count(text: str, start: int, cohort: int | None) -> int | None:
    """The count right before ``start`` opening its clause ("; six HER2-negative patients had ..."), unless the
    sentence names a part of the cohort first ("Of the 10 patients who relapsed, six ...")."""
    m = _SUBJECT_COUNT.search(text[max(0, start - 40):start])
    n = parse_number(m.group("n")) if m else None
    if n is None or not float(n).is_integer() or (cohort and n > cohort):
        return None
    before = text[max(text.rfind(";", 0, start), 0):start]
    of_n = _last(_OF_THE_N, before)
    if _vocab()["subgroup"].search(before) or (of_n and parse_number(of_n.group("n")) != cohort):
        return None
    return int(n)


def _nested_triple_negative(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                            cohort: int | None) -> list[Finding]:
    """ "ER-PR- in 6, of whom 4 were also HER2-negative" / "of the 5 ER-negative tumours, 3 were also PR- and
    HER2-negative": the nested count is the triple-negative one."""
    out = []
    for q, p in zip(profiles, profiles[1:]):
        if not cohort or q.ambiguous or p.ambiguous:
            continue
        gap = text[q.end:p.start]
        count = p.count
        named_tn = bool(p.status.get("TN")) and bool(q.status) and not any(q.status.values())
        subject_count = count is None and q.count is None and named_tn and bool(_TN_OF_NEGATIVE_GAP.match(gap))
        if subject_count:
            # "six HER2-negative patients had triple-negative disease": every triple-negative tumour is HER2-negative,
            # so the count of the negative group's triple-negative tumours is the cohort's
            count = _whole_subject_count(text, q.start, cohort)
            if count is None:
                continue
        elif count is None and q.count is None and _ALSO_GAP.match(gap):
            # "five of the nine HR-negative tumours were also HER2-negative": the count is the nested subject
            subject = _PART_OF_BEFORE.search(text[max(0, q.start - 40):q.start])
            n = parse_number(subject.group("n")) if subject else None
            count = int(n) if n is not None and float(n).is_integer() else None
        elif len(gap) > 60 or not _NESTED.search(gap):
            continue
        if count is None:
            continue
        if q.count is None and not subject_count and not re.search(
                r"\b(?:of|among)\s+(?:the|these)\s+(?:\S+\s+)?$", text[max(0, q.start - 25):q.start], re.IGNORECASE):
            continue
        merged = {**q.status, **p.status}
        # "of the four ER-negative tumours, three were triple-negative": the named subtype within a negative group
        if not named_tn and any(merged.get(k) is not False for k in ("ER", "PR", "HER2")) and not (
                merged.get("HR") is False and merged.get("HER2") is False):
            continue
        if q.count is not None and count > q.count:
            continue
        share = percent(count, cohort)
        if share is not None:
            out.append(make_finding(doc, _FIELDS["TN"], share, start=sent.start + q.start,
                                    end=sent.start + (p.value_end or p.end), rule="receptors.tn.nested",
                                    confidence=0.8, unit="%", sentence=sent))
    if not out and cohort:
        out.extend(_listed_in_negative_group(doc, sent, text, profiles, cohort))
    return out


# "of the 14 hormone receptor-negative tumours, ": a negative group opening a list of its parts
_NEGATIVE_GROUP_OPEN = re.compile(rf"\b(?:of|among)\s+(?:the|these)\s+(?:(?P<n>{INT})\s+)?$", re.IGNORECASE)
_NEGATIVE_GROUP_CLOSE = re.compile(r"\s*(?:tumou?rs|patients|cases|women|primaries)?\s*,", re.IGNORECASE)


def _listed_in_negative_group(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                              cohort: int) -> list[Finding]:
    """ "of the 14 hormone receptor-negative tumours, 6 overexpressed HER2 and 8 were triple-negative": the parts of
    a negative group listed after it; every triple-negative tumour lies in that group, so the triple-negative count
    is the cohort's. The parts must be counted and stay within the group's size."""
    for i, q in enumerate(profiles):
        if q.ambiguous or not q.status or any(q.status.values()) or "TN" in q.status:
            continue
        opener = _NEGATIVE_GROUP_OPEN.search(text, max(0, q.start - 30), q.start)
        close = _NEGATIVE_GROUP_CLOSE.match(text, q.end)
        if opener is None or close is None:
            continue
        size = parse_number(opener.group("n")) if opener.group("n") else None
        parts = []
        for p in profiles[i + 1:]:
            if re.search(r"[;.]\s|,\s*(?:giving|making|yielding)\b", text[close.end():p.start]):
                break  # "..., giving 15 HER2-positive patients (36.6%) overall": a summary, no part of the group
            parts.append(p)
        tn = [p for p in parts if p.status == {"TN": True}]
        if len(tn) != 1 or any(p.count is None or p.pct is not None or p.denominator for p in parts):
            continue
        total = sum(p.count for p in parts if p.count is not None)
        if size is not None and total > size or tn[0].count > cohort:
            continue
        share = percent(tn[0].count, cohort)
        if share is not None:
            return [make_finding(doc, _FIELDS["TN"], share, start=sent.start + q.start,
                                 end=sent.start + (tn[0].value_end or tn[0].end), rule="receptors.tn.nested_list",
                                 confidence=0.8, unit="%", sentence=sent)]
    return []


# "luminal A/B in 31" lumps luminal B in too
_LUMINAL_B = re.compile(r"\bluminal[- ](?:A\s*(?:/|\bor\b|\band\b|&)\s*)?B\b", re.IGNORECASE)


def _states_her2(text: str) -> bool:
    """Whether ``text`` writes a HER2 status with its polarity ("HER2-negative", "HER2 3+"; not "HER2-enriched")."""
    return any(m.group("HER2") and (m.group("neg") or (m.group("pos") and "enriched" not in m.group("pos").lower()))
               for m in _vocab()["term"].finditer(text))

# intrinsic (surrogate) subtypes; "luminal B-like HER2-positive" keeps its HER2 qualifier
_SUBTYPE = re.compile(
    r"(?<![\w-])(?:(?P<la>luminal[- ]A(?:[- ]like)?)|(?P<lb>luminal[- ]B(?:[- ]like)?)"
    # "luminal B (HER2-enriched)" is one subtype, "luminal B, HER2-enriched and ..." two listed ones
    r"(?:[\s,(/]+(?:HER-?2|ErbB-?2)[- ]?(?:(?P<lbpos>positive|\+)|(?P<lbneg>negative|[-−–]))\)?"
    r"|[\s(/]+(?:HER-?2|ErbB-?2)[- ]?(?P<lbenr>enriched)\)?"
    # "luminal B/HER2 15 (19.2%)": the luminal-HER2 group named without a sign
    r"|/(?P<lbbare>HER-?2|ErbB-?2)(?![- ]?(?:positive|negative|enriched|low|[+−–-]))(?=\s+\d|\s*[\(\[,;:]))?"
    # "luminal/HER2-negative" (HR+, HER2-), before the luminal-HER2 group it would otherwise start
    r"|(?P<ln>luminal[- /]+HER-?2[- ]?(?:negative|[-−–](?![\w-])))"
    r"|(?P<lh>luminal[- /]+HER-?2(?:[- ](?:positive|enriched|type|like))?\+?)"  # luminal-HER2: HR+ and HER2+
    r"|(?P<lum>luminal(?:[- ]like)?)(?![- ]?[AB]\b)"
    r"|(?P<her2>(?:non-?luminal[- ])?HER-?2[- ](?:enriched|type|over-?expressing)(?:[- ]like)?|non-?luminal[- ]HER-?2[- ]positive"
    # "HER2-positive non-luminal"; "HER-2 overexpression (hormone receptor negative)" / "HER2 overexpression type"
    # (the bare "HER2 overexpression" is a receptor status, not a subtype)
    r"|HER-?2[- ]positive[- ]non-?luminal|HER-?2[- ]over-?expression(?:[- ](?:sub)?type|(?=\s*[\(\[][^()\[\]]{0,30}negative))"
    # "HER2-positive (non-luminal) in 4"; the bare "HER2 (HR-/HER2+), 8" defined as hormone receptor-negative
    r"|HER-?2[- ]positive\s*[\(\[]\s*non-?luminal\s*[\)\]]"
    r"|HER-?2(?=\s*[\(\[]\s*(?:HR|ER|hormone[- ]receptors?)[- ]?(?:[-\u2212\u2013]|negative)\s*[/,;]\s*(?:HER-?2|ErbB-?2)))"
    # "TN" as written, in upper case, only as a subtype name ("luminal A 13, ..., TN 5": a concise list)
    r"|(?P<tn>(?:triple[- ](?:receptor[- ])?negative|TNBC|basal[- ]like|(?-i:TN))"
    r"(?:\s*/\s*(?:triple[- ]negative|TNBC|basal[- ]like))?))"
    r"(?![\w])", re.IGNORECASE)
# standard usage when the abstract gives no definition: (HR, HER2); None = not implied
_SUBTYPE_DEFAULT: dict[str, tuple[bool | None, bool | None]] = {
    "la": (True, False), "lb+": (True, True), "lb-": (True, False), "lb": (True, None), "lum": (True, None),
    "lh": (True, True), "ln": (True, False),
    "her2": (False, True), "tn": (False, False)}
_SUB_BEFORE = re.compile(
    rf"(?<![\w.\-/])(?P<n>{INT})(?:\s*[\(\[]\s*{PCT}\s?%\s*[\)\]])?\s+(?:(?:patients|women|cases|tumou?rs)\s+)?"
    r"(?:(?:had|were|with|showed|presented\s+with)\s+)?(?:(?:an?|the)\s+)?$", re.IGNORECASE)
_SUB_AFTER = re.compile(
    rf"^\s*(?:(?:disease|tumou?rs?|subtypes?|types?|phenotypes?|breast\s+cancers?)\s*)?(?:[\(\[][^()\[\]]*[\)\]]\s*)?"
    # "luminal A-like (12)": a bare count in a bracket, as well as "(n = 12)"
    # ... "luminal A (HR positive, HER2 negative) were 11 cases": the verb between name and count
    # ... "luminal A accounted for 36 patients, luminal B for 24 patients": a verb (or "for" alone) before a counted noun
    # ... "HER2-enriched tumours were found in 9 cases": a verb of finding before "in"
    rf"(?:[:,]\s*|\s[\u2013\u2014-]\s+)?(?:(?:(?:(?:were|was)\s+(?:found|seen|observed|noted|present|identified|diagnosed|detected)\s+|occurred\s+)?in|n\s*=|(?:were|was|(?:accounted\s+)?for|made\s+up|represented|comprised)"
    rf"(?=\s+{INT}\s+(?:cases|patients|women|tumou?rs)\b))\s*)?"
    rf"(?:[\(\[]\s*(?:n\s*=\s*)?)?(?P<n>{INT})(?!\s*%|[.,]\d|\s*(?:years|months|mo)\b)",
    re.IGNORECASE)
# "luminal/HER2-negative in patients 1, 2 and 3, ... triple-negative in patient 6": a small series' subtype list by
# patient number; the count is how many numbers are listed ("(cases 2 and 5)", "in patients 1-3")
_SUB_PATIENTS = re.compile(expand_placeholders(
    r"\s*(?:(?:disease|tumou?rs?|carcinomas?|primar(?:y|ies))\s+)?(?:(?:in|for)\s+|[\(\[]\s*)(?:the\s+)?"
    r"{NUMBERED_PATIENT_LABEL}(?P<ids>\d{1,2}(?:\s*(?:-|–|to)\s*\d{1,2}|(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)\d{1,2})*)"
    r"\b(?!\s*(?:[%/.]\d|%|years?|months?|mm|cm))"), re.IGNORECASE)


def _listed_patients(text: str, pos: int) -> set[int] | None:
    """The patient numbers listed after a subtype ("in patients 1, 2 and 3", "in patients 1-3", "in patient 4"), or
    None."""
    m = _SUB_PATIENTS.match(text, pos)
    if m is None:
        return None
    ids: set[int] = set()
    for part in re.split(r"\s*(?:,\s*(?:and\s+)?|\band\b|&)\s*", m.group("ids")):
        span = re.match(r"(\d+)\s*(?:(?:-|–|to)\s*(\d+))?$", part.strip())
        if span is None:
            return None
        a, b = int(span.group(1)), int(span.group(2) or span.group(1))
        if b < a or b - a > 12:
            return None
        ids.update(range(a, b + 1))
    return ids


_SUB_AFTER_PCT = re.compile(
    rf"^\s*(?:(?:disease|tumou?rs?|subtypes?|types?|phenotypes?|breast\s+cancers?)\s*)?(?:[\(\[][^()\[\]]*[\)\]]\s*)?"
    # "luminal/HER2-negative (45.3%)": the share alone in a bracket
    # ... "the luminal A-like subtype accounted for 45.0%, luminal B-like HER2-negative for 17.5%": the verb, or "for"
    # alone where the verb is left out
    rf"(?:[:,]\s*)?(?:(?:accounted\s+for|made\s+up|represented|comprised|constituted|in|for)\s+)?"
    rf"(?:[\(\[]\s*(?={PCT}\s?%\s*[\)\]]))?(?P<p>{PCT})\s?%", re.IGNORECASE)
# the HER2-positive part of a luminal B count, in a bracket after it
# ... or after a comma with its "of them": "luminal B in 8, three of the latter HER2-positive"
_LB_HER2_SPLIT = re.compile(rf"\s*(?:(?:patients|women|cases|tumou?rs)\s*)?(?:[\(\[]\s*(?:including\s+|among\s+(?:them|these|whom|which)\s*,?\s*)?(?P<k>{INT})\s+(?:(?:of\s+(?:them|these|whom|the\s+latter)|of\s+which)\s+)?"
                            rf"|,\s*(?P<k2>{INT})\s+(?:of\s+(?:them|these|whom|the\s+latter)|of\s+which)\s+)"
                            r"(?:(?:were|was|being)\s+)?(?:HER-?2|ErbB-?2)[- ]?(?:positive|\+)", re.IGNORECASE)
# ... or continuing the bracket its count opened: "luminal B (n = 12; HER2-negative 7, HER2-positive 5)"
_LB_BRACKET = re.compile(r"\s*(?:(?:patients|women|cases|tumou?rs)\s*(?=[\(\[]))?(?:[\(\[]|[;,]\s*)([^()\[\]]{3,80})[\)\]]")
_LB_PARTS = re.compile(r"\s*(?:[,;]\s*(?:and\s+)?|\band\s+)")


def _labelled_her2_split(text: str, pos: int, n: float | None) -> float | None:
    """The HER2-positive part of a luminal B count given as labelled counts in a bracket after it ("luminal B in 19
    (HER2-negative 13, HER2-positive 6)", "(6 HER2-positive and 13 HER2-negative)"): every part must be a labelled
    HER2 count, one of them positive, and with a negative part the two must add up to the group."""
    m = _LB_BRACKET.match(text, pos)
    if m is None or n is None:
        return None
    item = _vocab()["lb_her2_item"]
    pos_k = neg_k = None
    for part in _LB_PARTS.split(m.group(1).strip()):
        i = item.match(part)
        if i is None:
            return None
        k = parse_number(i.group("n") or i.group("n2"))
        if k is None or not float(k).is_integer():
            return None
        if i.group("pos") or i.group("pos2"):
            if pos_k is not None:
                return None
            pos_k = float(k)
        else:
            if neg_k is not None:
                return None
            neg_k = float(k)
    if pos_k is None or pos_k > n or (neg_k is not None and pos_k + neg_k != n):
        return None
    return pos_k


_SUB_DEFINITION = re.compile(r"^\s*(?:(?:disease|tumou?rs?|subtypes?|types?|phenotypes?)\s*)?(?:[\(\[](?P<d>[^()\[\]]*)[\)\]]|"
                             r"(?:(?:was|were)\s+)?defined\s+as\s+(?P<d2>[^.;]*))", re.IGNORECASE)


# ... nor a nested count ("luminal B-like (including 5 HER2-positive)", "(3 of them HER2-positive)")
_COUNT_BRACKET = re.compile(rf"\s*(?:(?:n\s*=\s*)?{INT}\s*(?:[;,)]|$)|including\s+{INT}\s|\d+\s+(?:of\s+(?:them|these|whom|which)\b"
                            r"|(?:HER-?2|ER|PR|HR)\b))", re.IGNORECASE)


def _subtype_key(m: re.Match[str]) -> str:
    if m.group("lb"):
        return "lb+" if m.group("lbpos") or m.group("lbenr") or m.group("lbbare") else "lb-" if m.group("lbneg") else "lb"
    return next(k for k in ("la", "ln", "lh", "lum", "her2", "tn") if m.group(k))


# a HER2 status offered as an alternative criterion inside a subtype's definition ("... or HER2 overexpression")
_HER2_ALTERNATIVE = re.compile(
    r"\b(?:or|and/or)\s+(?:an?\s+)?(?:HER-?2|ERBB-?2|c-erbB-?2|human\s+epidermal)"
    # ... or named first, the proliferation criterion after it ("luminal B (HR+, with HER2+ or Ki-67 >= 14%)")
    r"|\b(?:HER-?2|ERBB-?2)(?:[- ]?(?:positive|\+|over-?expression|amplification))?\s+(?:or|and/or)\s+"
    r"(?:an?\s+)?(?:(?:high|elevated|increased)\s+)?(?:Ki-?67|proliferation|grade)", re.IGNORECASE)


def _subtype_status(key: str, bracket: str | None) -> tuple[bool | None, bool | None]:
    """(HR, HER2) of a subtype: from its bracketed definition ("luminal B (ER+ and/or PR+, HER2+)") or usage."""
    if bracket:
        merged = Profile(start=0, end=0)
        profiles = find_profiles(bracket)
        if any(p.ambiguous for p in profiles):
            # "luminal (ER and/or PR positive, HER2 negative)": the comma ends the hormone-receptor part
            profiles = [q for part in re.split(r"\s*[,;]\s*", bracket) for q in find_profiles(part)]
        alternative = False
        conflicting: set[str] = set()
        for p in profiles:
            if p.either:
                merged.status.setdefault("HR", True)
            if "HER2" in p.status and _HER2_ALTERNATIVE.search(bracket):
                # "luminal B (ER and/or PR positive with high Ki-67 or HER2 overexpression)": HER2 is one of two
                # criteria, so the group's HER2 status is unknown
                alternative = True
                continue
            for k, v in p.status.items():
                if merged.status.setdefault(k, v) != v:
                    conflicting.add(k)
        for k in conflicting:
            # "luminal B-like (HER2-negative or HER2-positive)": both polarities named, the status is not defined
            merged.status.pop(k, None)
        hr, her2 = merged.positive("HR"), merged.positive("HER2")
        if alternative:
            return (hr if hr is not None else _SUBTYPE_DEFAULT[key][0], None)
        if hr is not None or her2 is not None:
            default = _SUBTYPE_DEFAULT[key]
            return (hr if hr is not None else default[0], her2 if her2 is not None else
                    (default[1] if key not in ("lb", "lum") else None))
    return _SUBTYPE_DEFAULT[key]


_GLOSS = re.compile(r"\s*[\)\]]")
_DEFINED_AS = re.compile(r"\s*(?:=|:=|≡)\s*(?![\d(\[])", re.IGNORECASE)
# ... a name's bracketed definition may stand before the separator ("luminal A-like (HR-positive, HER2-negative), ...")
_SUB_LIST_GAP = re.compile(r"^\s*(?:(?:tumou?rs?|disease|subtypes?|types?)\s*)?(?:[\(\[](?:[^()\[\]]|[\(\[][^()\[\]]*[\)\]])*[\)\]]\s*)?"
                           r"(?:,|/|and|or|,\s*and)\s*$", re.IGNORECASE)


def _subtype_respectively(text: str) -> tuple[list[tuple[re.Match[str], float, str]], set[str]]:
    """ "Luminal A, luminal B, HER2-enriched and triple-negative subtypes accounted for 28, 35, 21 and 18 cases,
    respectively": consecutive subtype names, then as many values (all counts or all percentages) before
    "respectively" in the same clause. Empty when the names are not one list or the values do not pair up."""
    resp = _RESPECTIVELY.search(text)
    names = list(_SUBTYPE.finditer(text, 0, resp.start())) if resp else []
    if len(names) < 2 or any(not _SUB_LIST_GAP.match(text[a.end():b.start()]) for a, b in zip(names, names[1:])):
        return [], set()
    tail = text[names[-1].end():resp.start()]
    if len(tail) > 80 or ";" in tail:
        return [], set()
    values = [m for m in _LISTED_NUMBER.finditer(tail) if not is_distractor(tail, m.start(), m.end())]
    kinds = {"p" if m.group("pct") else "n" for m in values}
    if len(values) != len(names) or len(kinds) != 1:
        return [], set()
    return [(m, float(v.group("n")), _subtype_key(m)) for m, v in zip(names, values)], kinds


# "Subtypes were defined as luminal A-like (...), ..., HER2-enriched (...) and triple-negative. The numbers of patients
# in these subtypes were 22, 11, 9, 8 and 7, respectively": the list named in the sentence before, its values here
_THESE_SUBTYPES = re.compile(r"\b(?:these|the\s+(?:above|respective|(?:two|three|four|five|six)))\s+(?:[\w-]+\s+)?"
                             r"(?:(?:sub)?types|(?:sub)?groups|categories|classes|phenotypes)\b", re.IGNORECASE)


_VALUE_GAP = re.compile(r"^\s*(?:%\s*)?(?:,\s*(?:and\s+)?|and\s+|/\s*)$", re.IGNORECASE)
_VALUES_CLOSE = re.compile(r"\s*(?:%\s*)?(?:(?:patients|women|cases|tumou?rs)\s*)?,?\s*$", re.IGNORECASE)
_HEADING_ONLY = re.compile(r"^\s*[A-Za-z][A-Za-z ]{0,40}:\s*$")


def _subtypes_named_before(prev: str, text: str, cohort: int | None) -> tuple[list[tuple[re.Match[str], float, str]], float, float, tuple[int, int]]:
    """Subtype groups named (and defined) as one list in ``prev``, with their values given in ``text`` in the same
    order and closed by "respectively" after a reference to "these subtypes"; the values' span in ``text``."""
    empty: tuple[list[tuple[re.Match[str], float, str]], float, float, tuple[int, int]] = ([], 0.0, 0.0, (0, 0))
    resp = _RESPECTIVELY.search(text)
    ref = _THESE_SUBTYPES.search(text, 0, resp.start()) if resp else None
    if ref is None or _SUBTYPE.search(text, 0, resp.start()):
        return empty
    names = list(_SUBTYPE.finditer(prev))
    if len(names) < 2 or any(not _SUB_LIST_GAP.match(prev[a.end():b.start()]) for a, b in zip(names, names[1:])):
        return empty
    tail = text[ref.end():resp.start()]
    if len(tail) > 80 or ";" in tail:
        return empty
    values = [m for m in _LISTED_NUMBER.finditer(tail) if not is_distractor(tail, m.start(), m.end())]
    kinds = {"p" if m.group("pct") else "n" for m in values}
    if len(values) != len(names) or len(kinds) != 1 or len({_subtype_key(m) for m in names}) < 2:
        return empty
    if not _VALUES_CLOSE.match(tail, values[-1].end()) \
            or any(not _VALUE_GAP.match(tail[a.end():b.start()]) for a, b in zip(values, values[1:])):
        return empty  # "... were 3, 4, 2 and 5 cm, respectively": values of another measure
    groups = [(m, float(v.group("n")), _subtype_key(m)) for m, v in zip(names, values)]
    if kinds == {"n"} and any(not n.is_integer() for _, n, _ in groups):
        return empty
    total = sum(n for _, n, _ in groups)
    denominator = (cohort or total) if kinds == {"n"} else 100.0
    if total > denominator + (0.5 if kinds == {"p"} else 0):
        return empty
    return groups, total, denominator, (ref.end() + values[0].start(), ref.end() + values[-1].end())


def _subtype_counts(text: str, cohort: int | None) -> tuple[list[tuple[re.Match[str], float, str]], float, float]:
    """The subtype groups of a list with their counts (or percentages), the total and the denominator.

    Counts ("21 luminal A-like, 12 luminal B-like") are over the cohort; a list given in
    percentages only ("luminal A-like 38%, ..., triple-negative 12%") is over 100. Empty when
    a subtype lacks a value, the list mixes counts and percentages, or exceeds its denominator.
    """
    groups, kinds = _subtype_respectively(text) if "respectively" in text.lower() else ([], set())
    prev_end = 0
    numbered: list[int] = []  # the patient numbers of groups listed by patient
    for m in _SUBTYPE.finditer(text) if not groups else ():
        before = _SUB_BEFORE.search(text[prev_end:m.start()])
        after = _SUB_AFTER.match(text[m.end():])
        nt = before.group("n") if before else after.group("n") if after else None
        n = parse_number(nt) if nt else None
        listed = _listed_patients(text, m.end()) if not before and cohort and cohort <= NUMBERED_SERIES_MAX else None
        if listed is not None:
            # "luminal/HER2-negative in patients 1, 2 and 3": three patients, not a count of one (nor of three)
            n, after = float(len(listed)), _SUB_PATIENTS.match(text[m.end():])
            numbered.extend(listed)
        if n is not None and float(n).is_integer():
            kinds.add("n")
            prev_end = m.end() + (after.end() if after and not before else 0)
        else:
            pct_after = _SUB_AFTER_PCT.match(text[m.end():]) if "%" in text else None
            if pct_after is None and _GLOSS.match(text, m.end()) and re.search(r"[\(\[]\s*$", text[:m.start()]):
                continue  # "hormone receptor-positive (luminal) tumours": a gloss of a profile, not a listed group
            if pct_after is None and _DEFINED_AS.match(text, m.end()):
                continue  # "(luminal = ER and/or PR positive), tumours were ...": a definition, not a listed group
            if pct_after is None and _vocab()["parts_header"].match(text[m.end():]):
                continue  # "luminal (HR-positive) tumours comprised luminal A in 14, ...": the header of its parts
            if pct_after is None:
                return [], 0.0, 0.0  # a subtype name without a value: the list is not fully understood
            n = parse_number(pct_after.group("p"))
            if n is None:
                return [], 0.0, 0.0
            kinds.add("p")
            prev_end = m.end() + pct_after.end()
        key = _subtype_key(m)
        split = _LB_HER2_SPLIT.match(text, prev_end) if key == "lb" and kinds == {"n"} else None
        k = parse_number(split.group("k") or split.group("k2")) if split else None
        if k is None and key == "lb" and kinds == {"n"}:
            k = _labelled_her2_split(text, prev_end, n)  # "luminal B in 19 (HER2-negative 13, HER2-positive 6)"
        if k is not None and float(k).is_integer() and k <= n:
            # "luminal B in 6 (3 of them HER2-positive)": the group's HER2 split is given
            groups += [(m, float(k), "lb+"), (m, float(n) - float(k), "lb-")]
            continue
        groups.append((m, float(n), key))
    groups = _without_counted_header(groups)
    if len(groups) < 2 or len({k for _, _, k in groups}) < 2 or len(kinds) != 1:
        return [], 0.0, 0.0
    if numbered and sorted(numbered) != list(range(1, (cohort or 0) + 1)):
        return [], 0.0, 0.0  # groups by patient number must name every patient of the series once
    total = sum(n for _, n, _ in groups)
    denominator = (cohort or total) if kinds == {"n"} else 100.0
    if total > denominator + (0.5 if kinds == {"p"} else 0):
        return [], 0.0, 0.0
    return groups, total, denominator


_LUMINAL_KEYS = ("la", "lb", "lb-", "lum", "ln")


# the family of a subtype key: luminal (any), HER2-enriched, triple-negative
_FAMILY = {"la": "L", "lb": "L", "lb+": "L", "lb-": "L", "lum": "L", "ln": "L", "lh": "L", "her2": "H", "tn": "T"}


def _valued_subtype(clause: str) -> set[str]:
    """The families of the subtypes ``clause`` names with their own count or share ("HER2-enriched in 9", "8
    triple-negative"): another clause's list lacking such a family is only a part of the groups."""
    return {_FAMILY[_subtype_key(m)] for m in _SUBTYPE.finditer(clause)
            if _SUB_AFTER.match(clause[m.end():]) or _SUB_AFTER_PCT.match(clause[m.end():])
            or _SUB_BEFORE.search(clause[:m.start()])}
_LUMINAL_PARTS = ("la", "lb", "lb+", "lb-")


def _without_counted_header(groups: list[tuple[re.Match[str], float, str]]) -> list[tuple[re.Match[str], float, str]]:
    """The list without a counted plain "luminal" group whose luminal A/B parts follow it and add up to it ("41
    luminal tumours (14 luminal A, 27 luminal B), 9 HER2-enriched and 7 triple-negative"): the group is their header,
    counted once through its parts (which may also tell its HER2 split)."""
    for i, (_, n, key) in enumerate(groups):
        if key != "lum":
            continue
        j = i + 1
        while j < len(groups) and groups[j][2] in _LUMINAL_PARTS:
            j += 1
        if j - i > 2 and abs(sum(g[1] for g in groups[i + 1:j]) - n) < 0.05:
            return groups[:i] + groups[i + 1:]
    return groups


# what may stand between a list's last subtype and one more group of it: its value and a separator, no summary
_LIST_CONTINUED = re.compile(r"[^;.]{0,30}?(?:,\s*(?:and\s+)?|\s+and\s+)$", re.IGNORECASE)


def _plain_her2_group(text: str, groups: list[tuple[re.Match[str], float, str]], listed: bool = False) -> bool:
    """Whether the list also names a plain "HER2-positive" group (a receptor status, not a subtype word such as
    "HER2-enriched"): "Fifteen tumours were luminal (ER and/or PR positive, HER2 negative), six were HER2-positive
    and three were triple-negative" - with every luminal group HER2-negative, that group holds the HR-positive,
    HER2-positive tumours too, so the luminal counts are not the hormone-receptor share. With ``listed`` the group
    must lie among the subtypes, outside brackets: a split of a group ("luminal B 21 (among them HER2+ 9)") and a
    summary after the list ("thus eight patients in all were HER2-positive") are no such group."""
    spans = [(m.start(), m.end()) for m, _, _ in groups]
    return any(p.status == {"HER2": True} and not p.worded and not any(a <= p.start < b for a, b in spans)
               and not (listed and (not (spans[0][0] < p.start < spans[-1][1] or _LIST_CONTINUED.match(text, spans[-1][1], p.start))
                                    or len(re.findall(r"[(\[]", text[:p.start])) > len(re.findall(r"[)\]]", text[:p.start]))))
               for p in find_profiles(text))


# the opening of a bracket that splits a group by hormone receptor: "(", "(of whom ", "(including "
# ... or its count first: "HER2 positive in 3 (two of them also hormone receptor positive)"
_HR_SPLIT_GAP = re.compile(rf"\s*%?\s*[\(\[]\s*(?:(?:of\s+(?:whom|which|them|these)|among\s+(?:them|these|whom|which)|including)"
                           rf"\s*,?\s*|(?P<k>{INT})\s+of\s+(?:them|these|whom|which)\s+(?:(?:were|was|being)\s+)?(?:also\s+)?)?$",
                           re.IGNORECASE)


def _her2_group_hr_part(text: str, groups: list[tuple[re.Match[str], float, str]], kind: str) -> float | None:
    """The hormone receptor-positive part of a plain HER2-positive group listed beside subtypes, given in a bracket
    right after its value ("HER2-positive tumours in 22% (HR-positive 12%, HR-negative 10%)", "HER2-positive in 11
    (of whom 6 HR-positive)"): the parts are of the list's kind (counts or percentages) and, when both are given, add
    up to the group. None when not so."""
    spans = [(m.start(), m.end()) for m, _, _ in groups]
    profiles = find_profiles(text)
    _attach_values(text, profiles)

    def value(p: Profile) -> float | None:
        return p.pct if kind == "p" and p.count is None else float(p.count) if kind == "n" and p.pct is None \
            and p.count is not None else None

    for i, p in enumerate(profiles):
        if p.status != {"HER2": True} or p.worded or any(a <= p.start < b for a, b in spans):
            continue
        whole = value(p)
        rest = profiles[i + 1:i + 3]
        gap = _HR_SPLIT_GAP.match(text[p.value_end:rest[0].start]) if rest and p.value_end is not None else None
        if whole is None or gap is None:
            return None
        pos = rest[0]
        part = value(pos)
        if part is None and pos.pct is None and kind == "n" and gap.group("k"):
            # "HER2 positive in 3 (two of them also hormone receptor positive)": the count opens the bracket
            k = parse_number(gap.group("k"))
            part = float(k) if k is not None and float(k).is_integer() else None
        if pos.status != {"HR": True} or part is None or part > whole:
            return None
        if len(rest) > 1 and rest[1].status == {"HR": False} and pos.value_end is not None \
                and re.match(r"\s*[,;]\s*(?:and\s+)?$", text[pos.value_end:rest[1].start]):
            other = value(rest[1])
            if other is None or abs(part + other - whole) > 0.5:
                return None
        return part
    return None


def _subtype_groups(doc: Doc, cohort: int | None) -> list[Finding]:
    """Counts per intrinsic subtype ("21 luminal A-like, 12 luminal B-like ..., 6 triple-negative") summed per receptor.

    HR+ = luminal groups; HER2+ = luminal B HER2-positive + HER2-enriched; triple-negative =
    basal-like/triple-negative. A receptor is reported only if every listed group's status
    for it is known (from a definition in the abstract or unambiguous usage).
    """
    sents = [s for s in sentences(doc) if s.section not in ("BACKGROUND", "CONCLUSIONS", "OBJECTIVE")]
    definitions: dict[str, tuple[bool | None, bool | None]] = {}
    # "... and triple-negative. The numbers of patients in these subtypes were 22, ..., respectively": values given in
    # the sentence after the list (one without a subtype name of its own before "respectively")
    named_before = {}
    prev = None
    for sent in sents:
        if _HEADING_ONLY.match(sent.text):
            continue  # "Results:" between the two sentences
        if prev is not None and "espectively" in sent.text and may_match(_SUBTYPE, prev.text) \
                and all(_HEADING_ONLY.match(s.text) for s in sentences(doc)[prev.index + 1:sent.index]):
            found = _subtypes_named_before(prev.text, sent.text, cohort)
            if found[0]:
                named_before[sent.index] = (sent, found, prev.text)
        prev = sent
    # every subtype name contains one of these literals: most sentences need no regex at all
    sents = [s for s in sents if may_match(_SUBTYPE, s.text)]
    for sent in sents:
        for m in _SUBTYPE.finditer(sent.text):
            d = _SUB_DEFINITION.match(sent.text[m.end():])
            # "luminal B (n = 12; HER2-negative 7, HER2-positive 5)": a bracket of counts is no definition
            if d and not _COUNT_BRACKET.match(d.group("d") or ""):
                status = _subtype_status(_subtype_key(m), d.group("d") or d.group("d2"))
                if status != _SUBTYPE_DEFAULT[_subtype_key(m)]:
                    definitions.setdefault(_subtype_key(m), status)
    out: list[Finding] = []
    skip = _vocab()["skip"]
    listed = {s.index for s in sents}
    for sent in sorted(sents + [s for s, _, _ in named_before.values() if s.index not in listed], key=lambda s: s.index):
        text = sent.text
        if has_match(skip, text) or has_match(_OTHER_MEASURE, text):
            continue  # "recurrence in 10 of 18 luminal and 7 of 10 triple-negative patients": an outcome by subtype
        span, list_text = None, text
        if sent.index in named_before:
            (groups, total, denominator, span), list_text = named_before[sent.index][1:]
        else:
            groups, total, denominator = _subtype_counts(text, cohort)
        offset = 0
        if not groups and ";" in text:
            # "luminal A-like 40%, ..., triple-negative 10%; luminal-like subtypes thus accounted for 77%": a
            # summary clause after the list is no group of it
            clauses = text.split(";")
            for c, clause in enumerate(clauses):
                groups, total, denominator = _subtype_counts(clause, cohort)
                if groups:
                    families = {_FAMILY[k] for _, _, k in groups}
                    if any(_valued_subtype(other) - families for other in clauses[:c] + clauses[c + 1:]):
                        # "luminal A in 14, luminal B in 19; HER2-enriched ... in 9": a part of the list (a summary
                        # clause, "luminal-like subtypes accounted for 77%", names a family of the list again)
                        groups = []
                    break
                offset += len(clause) + 1
        if not groups:
            continue
        statuses = [definitions.get(k) or _subtype_status(k, None) for _, _, k in groups]
        values: dict[str, float | None] = {}
        for key, idx in (("HR", 0), ("HER2", 1)):
            pols = [st[idx] for st in statuses]
            if all(p is not None for p in pols):
                values[key] = percent(sum(n for (_, n, _), p in zip(groups, pols) if p), denominator)
        plain_her2 = _plain_her2_group(list_text[offset:], groups)
        if "HR" in values and all(st[1] is not True for (_, _, k), st in zip(groups, statuses) if k in _LUMINAL_KEYS) \
                and not any(k in ("lb+", "lh") for _, _, k in groups) and plain_her2:
            # the HR-positive/HER2-positive tumours sit in the HER2 group, of unstated HR status (a plain "luminal"
            # beside it is its HER2-negative part), unless the group's HR split follows it ("HER2-positive in 22%
            # (HR-positive 12%, HR-negative 10%)")
            part = _her2_group_hr_part(list_text[offset:], groups, "p" if denominator == 100.0 and cohort != 100 else "n")
            hr_sum = sum(n for (_, n, _), st in zip(groups, statuses) if st[0])
            values["HR"] = percent(hr_sum + part, denominator) if part is not None else None
            if values["HR"] is None:
                del values["HR"]
        if "HER2" in values and plain_her2 and _plain_her2_group(list_text[offset:], groups, listed=True):
            del values["HER2"]  # a plain HER2-positive group beside the subtypes is not in their sum
        tn_pols = [True if k == "tn" else (False if (st[0] or st[1]) else None) for (_, _, k), st in zip(groups, statuses)]
        if all(p is not None for p in tn_pols):
            values["TN"] = percent(sum(n for (_, n, _), p in zip(groups, tn_pols) if p), denominator)
        for key, share in values.items():
            if share is None or (not share and abs(total - denominator) > 0.5):
                continue  # groups that do not cover the cohort cannot show that nobody is positive
            start, end = span or (offset + groups[0][0].start(), offset + groups[-1][0].end())
            out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + start,
                                    end=sent.start + end, rule=f"receptors.{key.lower()}.subtypes",
                                    confidence=0.85, unit="%", sentence=sent,
                                    note=f"sum over {len(groups)} subtype groups"))
    return out


_FURTHER_GROUP = re.compile(rf"[;,]\s*(?:and\s+)?(?:a\s+further|another|an\s+additional|(?:a\s+)?further)\s+(?P<n>{INT})\s+"
                            r"(?:(?:patients|women|tumou?rs|cases)\s+)?(?:had|were|showed|carried)\s+(?:(?:an?)\s+)?$",
                            re.IGNORECASE)
# ... "two of which also overexpressed HER2": the verb before the receptor (the profile starts at the receptor)
_ALSO_BEFORE = re.compile(r"\b(?:of\s+(?:whom|which)|of\s+(?:them|these))\s+(?:(?:were|was|had)\s+)?also\s+"
                          r"(?:(?:were|was|had|(?:over-?)?expressed|showed)\s+)?(?:an?\s+)?$", re.IGNORECASE)


def _split_lead(text: str, profiles: list[Profile], lead: list[Profile], groups: list[Profile],
                cohort: int | None) -> list[Profile]:
    """ "18 expressed hormone receptors, five of whom were also HER2-positive; a further two had HER2-positive,
    HR-negative tumours, and the remaining four were triple-negative": the lead group split by its nested count (5
    with HER2, the other 13 without: "a further two" continues that count) joins the listed groups, which then
    cover the cohort. Empty unless that is exactly so."""
    if not cohort or len(lead) != 1 or lead[0].count is None or not _partial_list(groups, cohort):
        return []
    head = lead[0]
    # "Five tumours were ER-positive, one of which was also HER2-positive; one was ER-negative and HER2-positive, and
    # one was triple-negative": groups whose statuses exclude the lead's are other patients even without "a further"
    disjoint = all(any(g.positive(k) is False for k, v in head.status.items() if v) for g in groups)
    if not disjoint and not _FURTHER_GROUP.search(text, head.end, groups[0].start):
        return []
    nested = [p for p in profiles if head.end <= p.start < groups[0].start and p.count is not None
              and len(p.status) == 1 and all(p.status.values()) and _ALSO_BEFORE.search(text, head.end, p.start)]
    if len(nested) != 1 or (nested[0].count or 0) > head.count:
        return []
    (key, _), = nested[0].status.items()
    if key in head.status or not any(key in g.status or g.status.get("TN") for g in groups):
        return []
    inside = Profile(start=head.start, end=head.end, status={**head.status, key: True}, count=nested[0].count,
                     value_end=nested[0].value_end)
    rest = Profile(start=head.start, end=head.end, status={**head.status, key: False},
                   count=head.count - (nested[0].count or 0), value_end=nested[0].value_end)
    if head.count + sum(g.count or 0 for g in groups) != cohort:
        return []
    return [inside, rest]


# "Of the remaining two, ...", "Among the other 13:": a sentence listing the patients left after a group counted before
_REMAINING_OPENER = re.compile(rf"^\s*(?:of|among|in)\s+the\s+(?:remaining|other)\s+(?P<n>{INT})\b[^,;:\d]{{0,30}}[,:]",
                               re.IGNORECASE)


def _lead_before(doc: Doc, sent: Sentence, text: str, groups: list[Profile],
                 cohort: int | None) -> tuple[list[Profile], list[Profile]]:
    """ "Five tumours were ER-positive; one of these was also HER2-positive. Of the remaining two, one was ER-negative
    and HER2-positive, and one was triple-negative": a sentence opened by "of the remaining N" whose groups add up to
    N continues the lead group counted in the sentence before (lead + N = the cohort). Returns the lead split by its
    nested "K of these also X" count (as :func:`_split_lead`, placed at the first group) and, when it cannot be split,
    the lead as a group whose unstated receptors keep those from being summed. Both empty when the rest is not so."""
    m = _REMAINING_OPENER.match(text) if "remaining" in text[:40].lower() or "other" in text[:40].lower() else None
    if not m or not cohort or not sent.index or not groups or not _partial_list(groups, cohort):
        return [], []
    n = parse_number(m.group("n"))
    if n is None or n != sum(g.count or 0 for g in groups):
        return [], []
    from litreview.extract.measures import normalise  # the sentence before, read as extract_receptors reads its own
    from litreview.extract.receptors.profiles import _attach_values

    before = normalise(sentences(doc)[sent.index - 1].text)
    profiles = find_profiles(before)
    _attach_values(before, profiles)
    heads = [p for p in profiles if p.count is not None and p.pct is None and not p.ambiguous and not p.denominator
             and len(p.status) == 1 and all(p.status.values()) and "TN" not in p.status
             and not _ALSO_BEFORE.search(before, 0, p.start)]
    if len(heads) != 1 or heads[0].count + n != cohort:
        return [], []
    joined = f"{before} {text}"
    shift = len(before) + 1
    moved = [replace(g, start=g.start + shift, end=g.end + shift,
                     value_end=None if g.value_end is None else g.value_end + shift) for g in groups]
    split = _split_lead(joined, profiles + moved, heads, moved, cohort)
    if not split:
        return [], heads
    first = groups[0]
    return [replace(q, start=first.start, end=first.end, value_end=first.value_end) for q in split], []


def _closing_group(text: str, groups: list[Profile], with_values: list[Profile],
                   cohort: int | None) -> list[Profile]:
    """ "Thirty tumours were HR-positive/HER2-negative and six were triple-negative; the remaining eight overexpressed
    HER2, and in five of these the hormone receptors were also positive": a single-receptor group after a
    cross-classification whose status every listed group lacks (so other patients) and whose count completes the
    cohort is one more group of it; a count nested in it ("K of these/which were also X-positive") splits it in
    two (K with X, the rest without). Without that split its unstated statuses keep those receptors unsummed."""
    if not cohort or not groups or any(g.count is None for g in groups):
        return []
    after = [p for p in with_values if p.start > groups[-1].start and p not in groups]
    if len(after) != 1:
        return []
    tail = after[0]
    if tail.count is None or tail.pct is not None or tail.denominator or len(tail.status) != 1 \
            or not all(tail.status.values()) or "TN" in tail.status:
        return []
    (key, _), = tail.status.items()
    if any(g.positive(key) is not False for g in groups) or sum(g.count or 0 for g in groups) + tail.count != cohort:
        return []
    nested = _vocab()["nested_also"].match(text, max(tail.end, tail.value_end or 0))
    if not nested:
        return [tail]
    inner = next((k for k in ("ER", "HR") if nested.group(k)), None)
    k = parse_number(nested.group("k"))
    if inner is None or inner in tail.status or k is None or not float(k).is_integer() or k > tail.count:
        return [tail] if inner is None else []  # a progesterone-receptor split leaves ER/HR unsummed anyway
    return [Profile(start=tail.start, end=tail.end, status={key: True, inner: True}, count=int(k),
                    value_end=nested.end()),
            Profile(start=tail.start, end=tail.end, status={key: True, inner: False}, count=tail.count - int(k),
                    value_end=nested.end())]


def _partial_list(groups: list[Profile], cohort: int | None) -> bool:
    """Whether counted groups cover less than the cohort: "18 expressed hormone receptors, five of whom were also
    HER2-positive; a further two had HER2-positive, HR-negative tumours, and four were triple-negative" lists the
    rest after a group named in an earlier clause, whose unstated statuses then block summing those receptors."""
    counts = [g.count for g in groups]
    return bool(cohort) and all(c is not None for c in counts) and sum(c or 0 for c in counts) < (cohort or 0)


# "HER2-positive in 9 (six of them also HR-positive)": a count nested in the group, in a bracket right after its value;
# also after a comma or a dash ("HER2-positive in 15 (26.3%), of whom 9 were also HR-positive, and ...", "HER2+ in 22
# (30.1%)—14 of whom were also HR+—and ...", the dash normalised to a hyphen), "(five of them ER-positive)", "(including 6 that were also HR-positive)"
# and the bare "(6 HR-positive)"; the group's noun may come first ("had HER2-positive tumours, 24 of whom ...")
_NESTED_ASIDE = re.compile(
    rf"\s*(?:%?\s*[\)\]]\s*)?(?:(?:tumou?rs|disease|primaries|cancers|carcinomas)\s*)?(?:[\(\[]|,|;|[—–]|-{{1,2}})\s*(?:(?P<k>{INT})\s+of\s+(?:them|these|which|whom)\s+(?:(?:were|was|had)\s+)?"
    rf"(?:also\s+)?(?:(?:were|was|had)\s+)?|including\s+(?P<k2>{INT})\s+(?:(?:that|which|who)\s+(?:were|was|had)\s+)?"
    rf"(?:also\s+)?|(?<=[\(\[])(?P<k3>{INT})\s+(?:also\s+)?"
    rf"|(?:of|among)\s+(?:whom|which|these|them)\s*,?\s+(?P<k4>{INT})\s+(?:(?:were|was|had)\s+)?(?:also\s+)?(?:(?:were|was|had)\s+)?)$",
    re.IGNORECASE)
# what may follow the nested profile: the aside's end, or the next group of the list
_NESTED_ASIDE_END = re.compile(r"\s*(?:[\)\]]|[—–]|-{1,2}|[,;.]|$)")


def _split_nested_asides(text: str, groups: list[Profile], profiles: list[Profile],
                         consumed: list[Profile] | None = None) -> list[Profile]:
    """The groups of a cross-classification with a group split by the count nested in it ("HR-positive/
    HER2-negative in 20, HER2-positive in 9 (six of them also HR-positive) and triple-negative in 4" -> HER2+/HR+ 6
    and HER2+/HR- 3): the nested count has the stated status, the rest of the group not. The nested profiles used
    are added to ``consumed``."""
    out: list[Profile] = []
    nested: list[Profile] = []
    for g in groups:
        if any(g is q for q in nested):
            continue  # "(6 HR-positive)": the nested count read as a group of its own
        # "37 patients (24.7%) had HER2-positive tumours, 24 of whom were also HR-positive": a value written before
        # the group, the aside after the group's words
        after = max(g.value_end, g.end) if g.value_end is not None else None
        q = next((q for q in profiles if after is not None and q.start >= after), None)
        aside = _NESTED_ASIDE.match(text[after:q.start]) if q is not None and after is not None else None
        k = parse_number(aside.group("k") or aside.group("k2") or aside.group("k3") or aside.group("k4")) if aside else None
        (key, polarity), = q.status.items() if q is not None and len(q.status) == 1 else ((None, None),)
        if q is None or k is None or not float(k).is_integer() or g.count is None or not 0 < k < g.count or q.pct is not None or q.count not in (None, int(k)) \
                or polarity is not True or key not in ("ER", "PR", "HR", "HER2") or key in g.status \
                or g.positive(key) is not None or not _NESTED_ASIDE_END.match(text, max(q.value_end or q.end, q.end)):
            out.append(g)
            continue
        nested.append(q)
        if consumed is not None:
            consumed.append(q)
        out.append(replace(g, status={**g.status, key: True}, count=int(k), pct=None))
        out.append(replace(g, status={**g.status, key: False}, count=g.count - int(k), pct=None))
    return [g for g in out if not any(g is q for q in nested)]


def _cross_classification(doc: Doc, sent: Sentence, groups: list[Profile], cohort: int | None,
                          unknown: list[Profile] | None = None) -> list[Finding]:
    """Per-receptor sums over a list of combined profiles; a receptor that one of the ``unknown`` groups listed
    with them does not state cannot be summed (those patients may have it too)."""
    counts = [g.count for g in groups]
    total = sum(c for c in counts if c is not None) if all(c is not None for c in counts) else None
    denominator = cohort or total
    if cohort and total and total > cohort:
        return []
    out = []
    for key in ("ER", "HR", "HER2", "TN"):
        polarities = [g.positive(key) for g in groups]
        if any(p is None for p in polarities) or any(g.positive(key) is None for g in unknown or ()):
            continue
        if key == "HR" and all("HR" not in g.status for g in groups):
            continue  # ER/PR tables: hormone receptor share only if ER is not derivable (handled below)
        chosen = [g for g, p in zip(groups, polarities) if p]
        if total is not None and denominator:
            share = percent(sum(g.count or 0 for g in chosen), denominator)
        elif all(g.pct is not None for g in chosen):
            share = round(sum(g.pct or 0.0 for g in chosen), 1)
        else:
            share = None
        if share is None:
            continue
        if not share and cohort and total != cohort:
            continue  # groups that do not cover the cohort cannot show that nobody is positive
        out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + groups[0].start,
                                end=sent.start + (groups[-1].value_end or groups[-1].end),
                                rule=f"receptors.{key.lower()}.cross_classification", confidence=0.85, unit="%",
                                sentence=sent, note=f"sum over {len(chosen)} of {len(groups)} groups"))
    return out


# "two of the ER-positive tumours also overexpressed HER2": a HER2 count nested in a counted group
_NESTED_COUNT_BEFORE = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?|\band\s+)(?P<k>{INT})\s+of\s+(?:the|these|those)\s+"
                                  rf"(?:{INT}\s+)?$", re.IGNORECASE)
_NESTED_HER2_GAP = re.compile(r"^\s*(?:tumou?rs|patients|cases|women|primaries|disease)?\s*(?:(?:were|was|had)\s+)?also\s+"
                              r"(?:(?:over-?expressed|expressed|had|were|was|showed)\s+)?(?:an?\s+)?$", re.IGNORECASE)


def _nested_her2(doc: Doc, sent: Sentence, text: str, profiles: list[Profile], cohort: int | None) -> list[Finding]:
    """ "Six primary tumours were ER-positive and one was triple-negative; two of the ER-positive tumours also
    overexpressed HER2": counted groups that add up to the cohort, a HER2 count nested in one of them, and every
    other group's HER2 status known (triple-negative is HER2-negative) give the HER2 count."""
    if not cohort:
        return []
    for i, (q, p) in enumerate(zip(profiles, profiles[1:])):
        if q.count is not None or p.count is not None or p.status != {"HER2": True} or len(q.status) != 1 \
                or not all(q.status.values()) or "HER2" in q.status or "TN" in q.status \
                or not _NESTED_HER2_GAP.match(text[q.end:p.start]):
            continue
        nested = _NESTED_COUNT_BEFORE.search(text[max(0, q.start - 40):q.start])
        k = parse_number(nested.group("k")) if nested else None
        groups = [g for g in profiles[:i] if g.count is not None]
        if k is None or not float(k).is_integer() or not groups \
                or any(g.pct is not None or g.denominator or g.ambiguous for g in groups) \
                or sum(g.count for g in groups) != cohort:
            return []
        hosts = [g for g in groups if g.status == q.status]
        others = [g for g in groups if g not in hosts]
        if len(hosts) != 1 or k > hosts[0].count or any(g.positive("HER2") is None for g in others):
            return []
        count = int(k) + sum(g.count for g in others if g.positive("HER2"))
        share = percent(count, cohort)
        if share is None:
            return []
        return [make_finding(doc, _FIELDS["HER2"], share, start=sent.start + groups[0].start,
                             end=sent.start + p.end, rule="receptors.her2.nested_in_group", confidence=0.75,
                             unit="%", sentence=sent, note="HER2 count nested in a group; the other groups' HER2 known")]
    return []


# "three of them with HER2 amplification", "one of which was also HER2-amplified": a count nested in the group before
_NESTED_IN_LEAD = re.compile(rf"(?:^|[,;(]\s*(?:and\s+)?)(?P<k>{INT})\s+of\s+(?:them|these|which|whom)\s+"
                             r"(?:(?:were|was|had|showed)\s+)?(?:also\s+)?(?:(?:were|was|had|showed)\s+)?(?:with\s+)?"
                             r"(?:an?\s+)?$", re.IGNORECASE)
# "the remaining patient had triple-negative disease": one patient left, counted by the cohort
_REMAINING_ONE = re.compile(r"\bthe\s+(?:remaining|other|last)\s+(?:patient|woman|tumou?r|case|one)\s+"
                            r"(?:had|was|showed|presented\s+with)\s+(?:an?\s+)?$", re.IGNORECASE)


# "... and the other four were HER2-positive", "; the remaining 5 patients had": the rest of the cohort after a group
_OTHER_REST = re.compile(rf"\b(?:the\s+)?(?:other|remaining)\s+{INT}\s+(?:(?:patients|tumou?rs|cases|women|primaries)\s+)?"
                         r"(?:were|was|had|showed)\s+(?:an?\s+)?$", re.IGNORECASE)


def _lead_nested_rest(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                      cohort: int | None) -> list[Finding]:
    """ "Four tumours were ER-positive, two of them with HER2 amplification, and one patient had triple-negative
    disease" / "...; the remaining patient had triple-negative disease": a counted group, a count nested in it for a
    second receptor, and triple-negative groups that complete the cohort give the second receptor's count (the
    triple-negative tumours lack it) and the triple-negative count."""
    if not cohort or len(profiles) < 3:
        return []
    lead, nested, rest = profiles[0], profiles[1], profiles[2:]
    if lead.count is None or lead.pct is not None or lead.ambiguous or len(lead.status) != 1 \
            or not all(lead.status.values()) or "TN" in lead.status \
            or (lead.denominator and lead.denominator != cohort):
        return []
    if len(nested.status) != 1 or not all(nested.status.values()) or nested.pct is not None \
            or set(nested.status) & set(lead.status) or "TN" in nested.status:
        return []
    inner = _NESTED_IN_LEAD.search(text, lead.value_end or lead.end, nested.start)
    k = parse_number(inner.group("k")) if inner else None
    if k is None or not float(k).is_integer() or k > lead.count:
        return []
    other = rest[0]
    if other.status == nested.status and other.count is not None and other.pct is None and not other.denominator \
            and lead.count + other.count == cohort and _OTHER_REST.search(text, max(0, other.start - 50), other.start):
        # "Ten tumours were HR-positive (one of them also HER2-positive) and the other four were HER2-positive": the
        # nested count and the rest of the cohort have the second receptor (10 + 4 = the cohort: none triple-negative)
        (key, _), = nested.status.items()
        other.ambiguous = True  # consumed: its count alone is not the receptor's
        out = []
        for field_key, n in ((key, int(k) + other.count), ("TN", 0)):
            if field_key in _FIELDS:
                out.append(make_finding(doc, _FIELDS[field_key], percent(n, cohort), start=sent.start + lead.start,
                                        end=sent.start + (other.value_end or other.end),
                                        rule=f"receptors.{field_key.lower()}.nested_in_lead", confidence=0.8,
                                        unit="%", sentence=sent,
                                        note="a count nested in a group; the rest of the cohort has the same status"))
        return out
    if any(p.status != {"TN": True} or p.pct is not None or p.denominator for p in rest):
        return []
    counts = []
    for p in rest:
        if p.count is not None:
            counts.append(p.count)
        elif _REMAINING_ONE.search(text, max(0, p.start - 50), p.start):
            counts.append(None)
        else:
            return []
    known = lead.count + sum(c for c in counts if c is not None)
    if counts.count(None) > 1 or (None in counts and cohort - known != 1) or (None not in counts and known != cohort):
        return []
    tn = sum(c if c is not None else 1 for c in counts)
    (key, _), = nested.status.items()
    out = []
    for field_key, n in ((key, int(k)), ("TN", tn)):
        share = percent(n, cohort)
        if share is not None and field_key in _FIELDS:
            out.append(make_finding(doc, _FIELDS[field_key], share, start=sent.start + lead.start,
                                    end=sent.start + (rest[-1].value_end or rest[-1].end),
                                    rule=f"receptors.{field_key.lower()}.nested_in_lead", confidence=0.8, unit="%",
                                    sentence=sent, note="a count nested in a group; triple-negative groups complete the cohort"))
    return out


# the items of a list of combined groups written in one run ("HR+/HER2-, HR+/HER2+, HR-/HER2+ and triple-negative")
_GROUP_ITEM_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*;\s*", re.IGNORECASE)


def _grouped_respectively(doc: Doc, sent: Sentence, text: str, profiles: list[Profile],
                          cohort: int | None) -> list[Finding]:
    """ "The HR+/HER2-, HR+/HER2+, HR-/HER2+ and triple-negative subtypes accounted for 33, 16, 12 and 14
    patients, respectively", "ER+/PR+, ER+/PR-, ER-/PR+ and ER-/PR- tumours were found in 50%, 20%, 5% and 25%,
    respectively": combined groups listed first, then one value each in order; summed per receptor as a
    cross-classification. Each item must be a combined profile (two receptors or more) or triple-negative, so that
    "ER-, PR- and HER2-positive in 70%, 55% and 20%, respectively" (one receptor each) stays with
    :func:`~litreview.extract.receptors.arms._respectively`."""
    resp = _RESPECTIVELY.search(text)
    if not resp:
        return []
    out: list[Finding] = []
    for p in profiles:
        if p.end > resp.start() or p.either or p.ambiguous:
            continue  # (a value read for the merged list is not any group's: it is dropped below)
        span = text[p.start:p.end]
        pieces, pos = [], 0
        for sep in list(_GROUP_ITEM_SEP.finditer(span)) + [None]:
            end = sep.start() if sep else len(span)
            pieces.append((pos, end))
            pos = sep.end() if sep else pos
        if len(pieces) < 2:
            continue
        groups: list[Profile] = []
        for a, b in pieces:
            found = find_profiles(span[a:b])
            if len(found) != 1 or found[0].either or found[0].ambiguous:
                break
            status = found[0].status
            if not (len([k for k in status if k != "TN"]) >= 2 or status == {"TN": True}):
                break
            groups.append(Profile(start=p.start + a, end=p.start + b, status=dict(status)))
        if len(groups) != len(pieces) or not any(len(g.status) >= 2 for g in groups):
            continue
        tail = text[p.end:resp.start()]
        if len(tail) > 100 or ";" in tail:
            continue
        values = [m for m in _LISTED_NUMBER.finditer(tail) if not is_distractor(tail, m.start(), m.end())]
        counts = [m for m in values if not m.group("pct")]
        pcts = [m for m in values if m.group("pct")]
        if len(counts) == len(groups) and (not pcts or len(pcts) == len(groups)):
            for g, m in zip(groups, counts):
                g.count = int(float(m.group("n"))) if float(m.group("n")).is_integer() else None
            if any(g.count is None for g in groups):
                continue
        elif len(pcts) == len(groups) and not counts and sum(float(m.group("n")) for m in pcts) <= 100.5:
            for g, m in zip(groups, pcts):  # shares of one cohort's groups add up to 100% at most
                g.pct = float(m.group("n"))
        else:
            continue
        for g in groups:
            g.value_end = resp.end()
        found_here = _cross_classification(doc, sent, groups, cohort)
        if found_here:
            out.extend(found_here)
            p.count = p.pct = None
            p.ambiguous = True  # consumed: no other value for this list
    return out


def _sign_key(name: str) -> str:
    low = name.lower()
    if low.startswith(("her", "erbb")):
        return "HER2"
    if low.startswith(("er", "oe", "es")):
        return "ER"
    if low.startswith(("hr", "hor", "hormone")):
        return "HR"
    return "PR"


def _sign_pair_table(doc: Doc, sent: Sentence, text: str, cohort: int | None) -> list[Finding]:
    """A flattened cross-table of two receptors' signs ("ER/HER2 status was +/- in 18 patients, +/+ in 7, -/+ in 5
    and -/- in 6"; "HR/HER2: +/- 20, +/+ 6, -/+ 4, -/- 5"): each receptor's positive share is the sum of the cells
    with its sign "+". Only when three or more distinct cells follow the header and add up to the cohort (a table of
    a part of the cohort gives nothing). The -/- cell is triple-negative when the first receptor is the hormone
    receptors, or, for ER, when PR is said negative for that cell ("all six ER-/HER2- tumours were also PR-negative")
    or the abstract glosses it as triple-negative ("ER-/HER2- (triple-negative)")."""
    if "/" not in text or not cohort:
        return []
    vocab = _vocab()
    triple = _sign_triple_table(doc, sent, text, cohort)
    if triple:
        return triple
    header_re, item_re, tn_re = vocab["sign_pair_header"], vocab["sign_pair_item"], vocab["sign_pair_tn"]
    if not may_match(header_re, text):
        return []
    for header in header_re.finditer(text):
        a, b = _sign_key(header.group("a")), _sign_key(header.group("b"))
        if a == b:
            continue
        cells, end = _sign_cells(item_re, text, header.end())
        if len(cells) < 3 or sum(cells.values()) != cohort:
            continue
        out: list[Finding] = []
        shares: dict[str, float] = {}
        for index, key in ((0, a), (1, b)):
            if key in _FIELDS:
                shares[key] = percent(sum(n for s, n in cells.items() if s[index * 2] == "+"), cohort)
        if "-/-" in cells and a in ("ER", "HR") and b == "HER2":
            # the gloss may stand in this sentence (as masked) or anywhere in the abstract
            if a == "HR" or tn_re.search(text, header.start()) or tn_re.search(doc_text(doc)):
                shares["TN"] = percent(cells["-/-"], cohort)
        for key, share in shares.items():
            out.append(make_finding(doc, _FIELDS[key], share, start=sent.start + header.start(), end=sent.start + end,
                                    rule=f"receptors.{key.lower()}.sign_pair_table", confidence=0.85, unit="%",
                                    sentence=sent))
        return out
    return []


def _sign_cells(item_re: re.Pattern[str], text: str, pos: int) -> tuple[dict[str, int], int]:
    """The cells of a flattened sign table read from ``pos`` on ("+/- in 18, +/+ in 7, ..."): signs -> count, each
    sign combination once, and where the last cell ends."""
    cells: dict[str, int] = {}
    end = pos
    while (m := item_re.match(text, pos)) is not None:
        n = parse_number(m.group("n"))
        signs = re.sub(r"\s", "", m.group("s")).replace("\u2212", "-")
        if n is None or not float(n).is_integer() or signs in cells:
            break
        cells[signs] = int(n)
        pos = end = m.end()
    return cells, end


def _sign_triple_table(doc: Doc, sent: Sentence, text: str, cohort: int) -> list[Finding]:
    """A flattened table of three receptors' signs ("The receptor constellations (ER/PR/HER2) were: +/+/- in 22
    patients, +/-/- in 6, +/+/+ in 5, -/-/+ in 4 and -/-/- in 7"): as :func:`_sign_pair_table`, each receptor's share
    is the sum of the cells with its sign "+" (three or more distinct cells adding up to the cohort); -/-/- is
    triple-negative when the receptors are ER, PR and HER2."""
    vocab = _vocab()
    header_re, item_re = vocab["sign_triple_header"], vocab["sign_triple_item"]
    if text.count("/") < 4 or not may_match(header_re, text):
        return []
    for header in header_re.finditer(text):
        keys = [_sign_key(header.group(g)) for g in ("a", "b", "c")]
        if len(set(keys)) != 3:
            continue
        cells, end = _sign_cells(item_re, text, header.end())
        if len(cells) < 3 or sum(cells.values()) != cohort:
            continue
        shares: dict[str, float | None] = {}
        for index, key in enumerate(keys):
            if key in _FIELDS:
                shares[key] = percent(sum(n for s, n in cells.items() if s[index * 2] == "+"), cohort)
        if sorted(keys) == ["ER", "HER2", "PR"]:
            shares["TN"] = percent(cells.get("-/-/-", 0), cohort)
        return [make_finding(doc, _FIELDS[key], share, start=sent.start + header.start(), end=sent.start + end,
                             rule=f"receptors.{key.lower()}.sign_triple_table", confidence=0.85, unit="%", sentence=sent)
                for key, share in shares.items() if share is not None]
    return []
