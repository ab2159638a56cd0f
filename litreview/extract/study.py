"""Where and when the patients were treated: ``study_period`` and ``country``.

* ``study_period`` - ``(start_year, end_year)`` from "between October 2016 and
  November 2019", "From 1997-2010", "from 1985 through 2012", "In 2000 to 2006",
  "the period 2009-2013", numeric month/year dates "(04/2009 - 11/2018)", "over a 12-year period ending in December
  2018" (2007-2018), an open
  start closed later ("since 2014 ... until 2022", "enrolled from March 2014; accrual closed in
  2021", "From 2016, all patients ... were registered; ... enrolled until 2022"). Years in a literature-search statement ("studies
  published 1999-2010", "searched from 2000 to 2020", a bibliographic database named earlier in the
  sentence, a review of the literature named before the years: "a systematic review of the surgical literature,
  1991-2005") or a follow-up date are not a study period; a registry searched for its own patients or
  operations ("the registry was searched for all liver resections performed between 2014 and 2022") is.
  METHODS sentences win over others; BACKGROUND is ignored unless it introduces the
  paper's own patients ("We describe four women treated between ...").
* ``country`` - from the text of the title and abstract only (never from
  affiliations): country names ("Shanghai, China"), demonyms followed by a place
  or population noun ("a Turkish university hospital", "Polish women"), cities and
  well-known institutions ("Gangnam Severance Hospital" -> South Korea). Several
  countries are joined with ``"; "`` in order of appearance ("France; Italy").
  Places in literature-search sentences (not a database searched for its own patients) and epidemiological statements ("12,000 deaths a year in
  the UK") are ignored; regions count ("Catalonia", "Kyushu"); places in BACKGROUND count
  only when nothing else names one; a stain named after a place ("Sudan black B") is none. A sentence that names the
  sites only in part - a place coordinated with a continent or region ("centres in the United States and Europe",
  "Japanese and European centres") or with "other countries" - gives no country. A bracketed address whose first part
  names a hospital or university ("(Paul Brousse Hospital, Villejuif, France)") is the site, not a maker's bracket.
  A place in a comparison with another study ("agree with the larger French series", "similar to reports from
  Japan") is not the study's.

Rules: ``rules/study.jsonl`` (periods) and ``rules/countries.json`` (places).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from litreview.errors import ConfigError
from litreview.extract.measures import Sent, cites_other_study, iter_sentences, make_finding, rule, rules
from litreview.extract.numbers import words_to_int
from litreview.extract.prefilter import PatternGroup, may_match
from litreview.records import Finding
from litreview.rules import RegexRule, load_json

__all__ = ["extract_study", "extract_study_period", "extract_country", "country_patterns", "canonical_country"]

RULES = "study.jsonl"
COUNTRIES = "countries.json"

_PERIOD_SECTION_SCORE = {"METHODS": 1.0, None: 0.9, "RESULTS": 0.85, "OBJECTIVE": 0.8, "TITLE": 0.7,
                         "CONCLUSIONS": 0.6}


@lru_cache(maxsize=1)
def _period_rules() -> tuple[tuple[str, RegexRule], ...]:
    return tuple((rid, r) for rid, r in rules(RULES).items() if rid.startswith("period."))


@lru_cache(maxsize=1)
def _period_group() -> PatternGroup:
    return PatternGroup(r.pattern for _rid, r in _period_rules())


def extract_study_period(doc: Doc) -> list[Finding]:
    """The study period as ``(start, end)`` years, or nothing."""
    found: list[tuple[float, Finding, str | None]] = []
    searched: set[tuple[int, int]] = set()  # the years of periods rejected as a literature search
    for sent in iter_sentences(doc, include_title=True):
        # a background cites others' periods; "We describe four women treated between 2015 and 2022" is ours
        if sent.section == "BACKGROUND" and not rule(RULES, "cue.own_study").match(sent.text):
            continue
        text = sent.text
        taken: list[tuple[int, int]] = []
        period_rules = _period_rules()
        for index in _period_group().candidates(text):
            rid, r = period_rules[index]
            for m in r.pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                after = re.split(r"[,;]", text[m.end():m.end() + 60], maxsplit=1)[0]
                if _literature_search(text, m.start(), text[max(0, m.start() - 80):m.start()] + " " + after):
                    if "s" in m.re.groupindex and "e" in m.re.groupindex and m.group("s") and m.group("e"):
                        searched.add((int(m.group("s")), int(m.group("e"))))
                    continue  # "studies published 1999-2010", "PubMed was searched (2000-2020)"
                years = _span_years(m) if "n" in m.re.groupindex else (int(m.group("s")), int(m.group("e")))
                if years is None:
                    continue
                start, end = years
                if not start <= end or end - start > 60:
                    continue
                clause_start = max(text.rfind(";", 0, m.start()), text.rfind(",", 0, max(0, m.start() - 40)))
                tail = re.split(r"[;,]", text[m.end():m.end() + 20], maxsplit=1)[0]
                if rule(RULES, "cue.followup").search(text[clause_start + 1:m.end()] + tail):
                    continue
                taken.append((m.start(), m.end()))
                score = r.confidence * _PERIOD_SECTION_SCORE.get(sent.section, 0.7)
                finding = make_finding(doc, sent, "study_period", (start, end), "years", m.start(), m.end(),
                                       r.confidence, f"study.{rid}")
                found.append((score, finding, sent.section))
    # "What do 19 surgical series tell us? ..., 2000-2023" over "studies published from January 2000 to June 2023
    # were searched": a title's years that are the abstract's literature-search window are that window too
    found = [f for f in found if not (f[2] == "TITLE" and f[1].value in searched)]
    if not found:
        opened = _open_period(doc)
        return [opened] if opened else []
    return [max(found, key=lambda f: f[0])[1]]


def _literature_search(text: str, start: int, context: str) -> bool:
    """The period at ``start`` belongs to a literature search: a search cue around it ("studies published
    1999-2010"), unless the search is a registry's for its own patients or operations ("the registry was searched for
    all liver resections performed between 2014 and 2022"), or a bibliographic database named before it in the
    sentence ("MEDLINE was searched for patients who underwent ... between 1995 and 2019")."""
    # "a systematic review of the surgical literature, 1991-2005": the reviewed studies' publication window (only
    # a review named before the period: "six women treated 2011-2021 and a review of the literature" are ours)
    review, before = rule(RULES, "cue.review_before"), text[max(0, start - 100):start]
    if may_match(review, before) and review.search(before):
        return True
    own = rule(RULES, "cue.search_own_patients")
    if may_match(own, context):
        context = own.sub(" ", context)
    if rule(RULES, "cue.search").search(context):
        return True
    bibliographic = rule(RULES, "cue.bibliographic")
    return may_match(bibliographic, text) and bool(bibliographic.search(text, 0, start))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _span_years(m: re.Match[str]) -> tuple[int, int] | None:
    """The calendar years of "a 12-year period ending in December 2018" (2007-2018) or "a ten-year period beginning
    in 2005" (2005-2014): N years counted back from the end month (forward from the start month). No month means
    whole calendar years. ``None`` when N is no number ("a multi-year period")."""
    raw = m.group("n")
    n = int(raw) if raw.isdigit() else words_to_int(raw)
    if not n or n > 60:
        return None
    month = _MONTHS.index(m.group("m")[:3].lower()) + 1 if m.group("m") else None
    if "e" in m.re.groupindex:
        end = int(m.group("e"))
        # ending in December (or a whole year): N calendar years; ending in June: it began in July N years back
        return (end - n + 1 if month in (None, 12) else end - n), end
    start = int(m.group("s"))
    return start, (start + n - 1 if month in (None, 1) else start + n)


def _open_period(doc: Doc) -> Finding | None:
    """"Since January 2014, all patients ... were enrolled. Patients operated on up to December 2022 were analysed":
    an open start closed by an end in the same or one of the next two sentences (neither a follow-up date)."""
    since, until = rule(RULES, "open.since"), rule(RULES, "open.until")
    search, followup = rule(RULES, "cue.search"), rule(RULES, "cue.followup")
    sents = [s for s in iter_sentences(doc) if s.section not in ("BACKGROUND", "CONCLUSIONS")]
    for i, sent in enumerate(sents):
        opening = since.search(sent.text) if may_match(since, sent.text) else None
        if opening is None and sent.text.lstrip(" (").lower().startswith("from "):
            opening = rule(RULES, "open.from_start").search(sent.text)  # "From 2016, all patients ... were ..."
        if opening is None or search.search(sent.text):
            continue
        for later in sents[i:i + 3]:
            offset = opening.end() if later is sent else 0
            closing = until.search(later.text, offset) if may_match(until, later.text) else None
            if closing is None or followup.search(later.text) or search.search(later.text):
                continue
            start, end = int(opening.group("s")), int(closing.group("e"))
            if start <= end and end - start <= 60:
                return make_finding(doc, sent, "study_period", (start, end), "years", opening.start(), opening.end(),
                                    0.7, "study.open.since_until", "start and end stated apart")
            return None
    return None


@dataclass(frozen=True)
class CountryRules:
    """Compiled place vocabulary: one alternation for names/places, one for demonyms."""

    places: re.Pattern[str]
    demonyms: re.Pattern[str]
    country_of: dict[str, tuple[str, str]]  # term -> (country, kind)
    nouns: re.Pattern[str]
    not_after: re.Pattern[str]


def _alternation(terms: list[str]) -> re.Pattern[str]:
    # Longest first, so "Mexico City" wins over "Mexico" and "West China Hospital" over "China".
    # Terms are grouped by first character ("C(?:hina|anada|...)"): at each position only one
    # group can apply, and inside it the longest-first order is kept, so the matches are the
    # same as with one flat alternation - about ten times faster (re tries every term otherwise).
    ordered = sorted(terms, key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for term in ordered:
        groups.setdefault(term[:1], []).append(term)
    if "" in groups:  # an empty term matches everywhere; keep the flat form
        body = "|".join(re.escape(t) for t in ordered)
    else:
        body = "|".join(re.escape(first) + "(?:" + "|".join(re.escape(t[1:]) for t in group) + ")"
                        for first, group in groups.items())
    # a hyphen and a capital after the term is an institution's double name ("Hamburg-Eppendorf",
    # "Paris-Saclay"); "Japan-based" or "Milan-style" stay out as before
    return re.compile(rf"(?<![\w\-])(?:{body})(?!\w|-[^A-Z])")


@lru_cache(maxsize=1)
def country_patterns() -> CountryRules:
    """The compiled vocabulary of ``rules/countries.json`` (validated, built once)."""
    data = load_json(COUNTRIES)
    try:
        countries = data["countries"]
        nouns = re.compile(rf"^(?:[\s\-]+[\w'\-]+){{0,3}}?[\s\-]+(?:{data['demonym_nouns']})\b", re.IGNORECASE)
        not_after = re.compile(data["demonym_not_after"])
    except (KeyError, TypeError, re.error) as exc:
        raise ConfigError(f"rules/{COUNTRIES}: invalid ({exc}). Required keys: countries, demonym_nouns, "
                          "demonym_not_after") from None
    country_of: dict[str, tuple[str, str]] = {}
    for country, spec in countries.items():
        unknown = set(spec) - {"names", "demonyms", "places"}
        if unknown:
            raise ConfigError(f"rules/{COUNTRIES}, {country}: unknown key(s) {', '.join(sorted(unknown))}. "
                              "Valid keys: names, demonyms, places")
        for kind in ("names", "places", "demonyms"):
            for term in spec.get(kind, ()):
                country_of.setdefault(term, (country, kind.rstrip("s")))
    places = [t for t, (_c, k) in country_of.items() if k != "demonym"]
    demonyms = [t for t, (_c, k) in country_of.items() if k == "demonym"]
    return CountryRules(_alternation(places), _alternation(demonyms), country_of, nouns, not_after)


def canonical_country(value: str | None) -> str | None:
    """One spelling per country, the keys of ``rules/countries.json``: ``"USA"``, ``"UK"``, ``"South Korea"``.

    Accepts a name or alias ("United States", "U.S.A.", "Republic of Korea", "The Netherlands",
    "england"), any case, or several joined with ``";"``; unknown names are kept as written (stripped).
    The convention follows the dev gold: short common names, ``USA`` and ``UK`` as abbreviations.
    """
    if value is None:
        return None
    vocab = country_patterns()
    lowered = {term.lower(): country for term, (country, kind) in vocab.country_of.items() if kind == "name"}
    lowered.update({country.lower(): country for country, _kind in vocab.country_of.values()})
    out: list[str] = []
    for part in value.split(";"):
        name = part.strip()
        if not name:
            continue
        country = lowered.get(name.lower()) or lowered.get(name.lower().rstrip(".")) or name
        if country not in out:
            out.append(country)
    return "; ".join(out) if out else None


_MAKER = re.compile(r"\b(?:Inc|Ltd|LLC|GmbH|AG|S\.?A|S\.?p\.?A|Srl|S\.r\.l|Co|Corp|Corporation|Company|KG|BV|AB|"
                    r"Medical|Healthcare|Pharma\w*|Biotech\w*|Instruments?|Systems?|Surgical)\b")


# the first part of a bracketed address that names a hospital or university: the study site, not a maker
_INSTITUTION = re.compile(r"\b(?:Hospitals?|Hôpital|Hopital|Ospedale|Hospital|Klinikum|Clinic|Clinique|Klinik|Cl[ií]nica|"
                          r"(?<!SAS\s)Institut[eo]?|Instituto|University|Universit[äaéy]\w*|Cancer\s+Cent(?:re|er)|Medical\s+Cent(?:re|er)|"
                          r"Infirmary|Charit[ée])\b")


_COMPANY = re.compile(r"\b(?:Inc|Ltd|LLC|GmbH|AG|S\.?p\.?A|Srl|S\.r\.l|Corp|Corporation|Company|KG|BV)\b")


def _in_maker_brackets(text: str, pos: int) -> bool:
    """A place inside "(Olympus, Tokyo, Japan)": where a device or drug was made, not the study site."""
    open_at = text.rfind("(", 0, pos)
    if open_at == -1 or text.rfind(")", 0, pos) > open_at:
        return False
    close_at = text.find(")", pos)
    inside = text[open_at + 1:close_at if close_at != -1 else len(text)]
    first = inside.split(",", 1)[0].strip()
    if _INSTITUTION.search(first) and not _COMPANY.search(inside):
        return False  # "(Paul Brousse Hospital, Villejuif, France)", "(Duke University Medical Center, ...)": the site
    if _MAKER.search(inside):
        return True
    # "(Olympus, Tokyo, Japan)" names a maker first; "(Houston, TX, USA)" is the study site's own address
    return inside.count(",") >= 2 and not country_patterns().places.fullmatch(first)


def _places_in(sent: Sent) -> list[tuple[int, int, str, str]]:
    vocab = country_patterns()
    text = sent.text
    found = []
    taken: list[tuple[int, int]] = []
    for m in vocab.places.finditer(text) if may_match(vocab.places, text) else ():
        if _in_maker_brackets(text, m.start()):
            continue
        if rule(RULES, "cue.named_instrument").match(text[m.end():m.end() + 60]):
            continue  # "Brisbane 2000 nomenclature", "Nottingham Prognostic Index", "Milan criteria": named tools
        if rule(RULES, "cue.stain_after").match(text[m.end():m.end() + 12]):
            continue  # "Sudan black B", "Sudan III": a stain named after a place
        country, kind = vocab.country_of[m.group(0)]
        taken.append((m.start(), m.end()))
        found.append((m.start(), m.end(), country, kind))
    for m in vocab.demonyms.finditer(text) if may_match(vocab.demonyms, text) else ():
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue  # "South African" inside a longer place name
        if vocab.not_after.search(text[max(0, m.start() - 24):m.start()]):
            continue
        if not vocab.nouns.match(text[m.end():m.end() + 60]):
            # "nationwide Japanese survey": the noun may also come before the demonym
            if not re.search(r"\b(?:nationwide|national|single|multicent(?:re|er))\s+$",
                             text[max(0, m.start() - 20):m.start()], re.I):
                continue
        if _in_maker_brackets(text, m.start()):
            continue
        country, kind = vocab.country_of[m.group(0)]
        found.append((m.start(), m.end(), country, kind))
    found.sort()
    return found


def _sites_in_part(text: str, places: list[tuple[int, int, str, str]]) -> bool:
    """A place of the sentence is coordinated with a continent or region, or with "other countries": "centres in the
    United States and Europe", "in Europe and Japan", "Japanese and European centres"."""
    after, before = rule(RULES, "cue.region_after"), rule(RULES, "cue.region_before")
    if not (may_match(after, text) or may_match(before, text)):
        return False  # the cheap literal first: few sentences name a region
    return any(after.match(text, end) or before.search(text[max(0, start - 40):start]) for start, end, _c, _k in places)


def _searches_literature(text: str) -> bool:
    """A sentence with a search cue is a literature search unless the search is an institution's or a registry's
    for its own patients ("A prospectively maintained database at a cancer center in Houston, Texas, USA, was searched
    for women who underwent ..."); a bibliographic database named in it makes it one again."""
    own = rule(RULES, "cue.search_own_patients")
    if not (may_match(own, text) and own.search(text)):
        return True
    bibliographic = rule(RULES, "cue.bibliographic")
    return bool(rule(RULES, "cue.search").search(own.sub(" ", text))) or (
        may_match(bibliographic, text) and bool(bibliographic.search(text)))


def _compared_series(text: str, start: int, end: int) -> bool:
    """The place at ``start:end`` names the country of a study the sentence compares with ("agree with the larger
    French series", "similar to reports from Japan"): a comparison just before it and a study noun between the two or
    right after the place, in the same clause."""
    before = text[max(0, start - 90):start]
    cue = rule(RULES, "cue.compared_series").search(before)
    if cue is None:
        return False
    noun = rule(RULES, "cue.study_noun")
    after = re.match(r"[^,;.()]{0,25}", text[end:])
    return bool(noun.search(before, cue.start()) or (after is not None and noun.search(after.group(0))))


def extract_country(doc: Doc) -> list[Finding]:
    """Countries named in the title/abstract text, joined with ``"; "``."""
    main: list[tuple[Sent, int, int, str]] = []
    background: list[tuple[Sent, int, int, str]] = []
    search = rule(RULES, "cue.search")
    partial = False  # a sentence outside the background named the sites only in part
    for sent in iter_sentences(doc, include_title=True):
        not_a_place = rule(RULES, "cue.not_a_place")
        if (may_match(search, sent.text) and search.search(sent.text) and _searches_literature(sent.text)) or (
                may_match(not_a_place, sent.text) and not_a_place.search(sent.text)):
            continue
        places = _places_in(sent)
        epidemiology = rule(RULES, "cue.epidemiology")
        if places and may_match(epidemiology, sent.text) and epidemiology.search(sent.text):
            continue  # "12,000 deaths a year in the UK": a country's population, not the study site
        if places and sent.section != "METHODS" and cites_other_study(sent.text):
            # "In a study from Japan ...", "similar to previous Japanese series": another study's place; in the
            # methods "In a prospective study at <hospital>, <city>" describes the authors' own study; "... the
            # recent report ... and wish to share two cases from our institution in Sao Paulo": places after the
            # authors' own site are theirs
            own = rule(RULES, "cue.own_site").search(sent.text) if "our" in sent.text or "this" in sent.text else None
            places = [p for p in places if own is not None and p[0] >= own.start()]
        if places and may_match(rule(RULES, "cue.compared_series"), sent.text):
            # "these results agree with the larger French series", "similar to reports from Japan": another study's
            # country, named in a comparison
            places = [p for p in places if not _compared_series(sent.text, p[0], p[1])]
        if places and _sites_in_part(sent.text, places):
            # "at nine centres in the United States and Europe", "in Germany and other European countries": the
            # sentence names only some of the sites' countries; any country list would be incomplete
            partial = partial or sent.section != "BACKGROUND"
            continue
        if not places:
            continue
        target = background if sent.section == "BACKGROUND" else main
        for start, end, country, _kind in places:
            target.append((sent, start, end, country))
    hits = main or (background if not partial else [])
    if not hits:
        return []
    # title first in doc order, then abstract: keep order of appearance
    ordered: list[str] = []
    for _sent, _s, _e, country in hits:
        if country not in ordered:
            ordered.append(country)
    sent, start, end, _country = hits[0]
    confidence = 0.85 if hits is main else 0.6
    note = None
    if len(ordered) > 1:
        note = "several countries named"
        confidence *= 0.9
    return [make_finding(doc, sent, "country", "; ".join(ordered), None, start, end, confidence,
                         "study.country", note)]


def extract_study(doc: Doc) -> list[Finding]:
    """``study_period`` and ``country`` findings of a processed doc."""
    return extract_study_period(doc) + extract_country(doc)
