"""Study design of a record: one of :data:`DESIGNS`.

Decision order (first that applies wins), from cues in ``rules/design.jsonl``:

1. ``meta-analysis`` - "meta-analysis" in the title, or the abstract says one was
   performed / pooled odds ratios (pooled ratios not when the title calls the work a systematic review).
2. ``systematic review`` - in the title, or databases were searched (unless the authors call their own work a
   narrative review: ``other``). Then ``other`` for an animal or laboratory study named in the title.
3. ``other`` - a consensus statement, guideline, editorial or commentary (title); a trial in the title, no
   procedure there (a drug trial) and nothing retrospective.
4. ``case report`` - a single patient ("case report", "we report the case of a
   48-year-old woman") unless a larger cohort was counted.
   Then ``other`` for an expert question-and-answer piece ("Question: ... Answer: ...", nothing
   retrospective): its patient counts are the quoted studies'.
5. ``other`` - a narrative review ("...: a review", "This review ...") without the
   authors' own patients.
6. ``case series`` - "report of two cases", "series of three patients", "two case reports", a title's "series of fifteen
   patients" / "21-patient series" (up to :data:`TITLE_SERIES_MAX`); "five cases" only when no cohort size was found.
   Then ``other`` for a survey of clinicians' attitudes or one that collected no patient data (no cohort counted).
7. ``registry`` - nationwide survey/registry/database, SEER, NCDB (not an
   institution's own "prospectively maintained database"); "register-based"; "population-based" only when the
   abstract names a data source (a registry, database, national data, a linkage). A registry only wished for ("a multicentre registry
   would be the next step", "we would welcome the creation of a national registry") is none.
8. ``case series`` - an own cohort of at most :data:`CASE_SERIES_MAX` patients
   (``case report`` for one), unless a sentence about operated patients counts
   more of them ("Seventeen patients ... were operated on").
   Then ``other`` for a letter to the editor ("To the Editor: ...") with a larger own cohort.
9. ``prospective cohort`` - "prospective(ly)" (not "prospectively maintained
   database", "not randomised", "needs confirmation in prospective studies", "while awaiting prospective data") and
   nothing retrospective.
10. ``retrospective cohort`` - retrospective cues, or any own patient cohort.
11. ``other``.

A systematic search done to compare an own retrospective cohort with published series ("a systematic search of
MEDLINE identified further series for comparison") does not make the work a systematic review.

Cues in BACKGROUND sentences are ignored (backgrounds cite other reviews).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from litreview.extract.base import title_text
from litreview.extract.measures import iter_sentences, normalise, rules
from litreview.extract.prefilter import first_match, has_match, may_match, may_match_any
from litreview.extract.numbers import parse_number

__all__ = ["DESIGNS", "CASE_SERIES_MAX", "classify_design", "design_with_reasons"]

RULES = "design.jsonl"
DESIGNS = ("retrospective cohort", "prospective cohort", "case series", "case report", "systematic review",
           "meta-analysis", "registry", "other")
#: An own cohort this small is reported as a case series (11 patients: case series; 13: cohort).
CASE_SERIES_MAX = 12
#: A title calling the work "a series of N patients" names a case series up to this N ("a 21-patient series").
TITLE_SERIES_MAX = 25

_LOCAL_REGISTRY = re.compile(
    r"(?:institutional|institution's|hospital|departmental|single[- ]cent\w+|our|maintained|local|unit's)\s+"
    r"(?:[\w\-]+\s+){0,4}$", re.IGNORECASE)


def _cohort(doc: Doc) -> int | None:
    try:
        from litreview.extract.cohort import cohort_denominator

        size = cohort_denominator(doc)
    except Exception:  # noqa: BLE001 - design must not fail because a cohort rule did
        return None
    return int(size) if size else None


# a title naming patients is a clinical study even if it also names a model ("patient-derived xenografts" aside)
_HUMAN_TITLE = re.compile(r"\b(?:patients|women|woman|men|cases?|case\s+report|series|cohort)\b(?!-derived)", re.IGNORECASE)
_OPERATED = re.compile(r"\b(?:underw\w+|operated|resect\w*|hepatectom\w*|surgery|treated)\b", re.IGNORECASE)


def _larger_operated_count(body: tuple[str, ...], cohort: int) -> bool:
    """A sentence counts more operated patients than the cohort size says (a cross-check of the small-series rule)."""
    pattern = rules(RULES)["patient_count"].pattern
    for text in body:
        if not _OPERATED.search(text):
            continue
        for m in pattern.finditer(text):
            n = parse_number(m.group("n"))
            if n is not None and CASE_SERIES_MAX < n <= 5 * CASE_SERIES_MAX and n > cohort:
                return True
    return False


def _title_series(title: str) -> str | None:
    """The title's "series of N patients" / "N-patient series" when N is at most :data:`TITLE_SERIES_MAX`."""
    pattern = rules(RULES)["series.title"].pattern
    if not may_match(pattern, title):
        return None
    for m in pattern.finditer(title):
        n = parse_number(m.group("n") or m.group("n2") or "")
        if n is not None and 2 <= n <= TITLE_SERIES_MAX:
            return m.group(0)
    return None


def _not_own_design(text: str) -> bool:
    """The sentence names a registry or a prospective study that is not this one (cited, linked, future)."""
    pattern = rules(RULES)["not_own_design"].pattern
    return may_match(pattern, text) and pattern.search(text) is not None


def _search(rule_id: str, texts: tuple[str, ...]) -> str | None:
    """The first match of the rule in ``texts`` (one pre-filter test for all of them first)."""
    pattern = rules(RULES)[rule_id].pattern
    if len(texts) > 1 and not may_match_any(pattern, texts):
        return None
    for text in texts:
        m = first_match(pattern, text)  # a long alternation: branch by branch
        if m:
            return m.group(0)
    return None


def _search_for_comparison(body: tuple[str, ...]) -> bool:
    """Every sentence naming a systematic search says it was done to compare the authors' own series with published
    ones ("A systematic search of MEDLINE identified further series for comparison")."""
    search, comparison = rules(RULES)["sr.abstract"].pattern, rules(RULES)["sr.comparison"].pattern
    hits = [text for text in body if may_match(search, text) and search.search(text)]
    return bool(hits) and all(may_match(comparison, text) and comparison.search(text) for text in hits)


def design_with_reasons(doc: Doc) -> tuple[str, tuple[str, ...]]:
    """The design label and the cues that decided it."""
    title = normalise(title_text(doc)).strip()
    body = tuple(s.text for s in iter_sentences(doc) if s.section != "BACKGROUND")
    cohort = _cohort(doc)

    just_title = (title,)
    everything = just_title + body

    def found(rule_id: str, where: tuple[str, ...]) -> str | None:
        return _search(rule_id, where)

    sr_title = found("sr.title", just_title)
    # "...: a systematic review" with "pooled HR 0.56" in the abstract: the authors' own name for the work wins over a
    # pooled estimate (an abstract saying that a meta-analysis was performed still makes it one)
    hit = found("meta.title", just_title) or found("meta.abstract", body) or (None if sr_title else found("meta.pooled", body))
    if hit:
        return "meta-analysis", (f"meta-analysis: {hit!r}",)
    hit = sr_title
    if not hit:
        # "PubMed was searched ... we therefore carried out a narrative review": the authors' own word wins
        narrative = found("narrative.abstract", body)
        if narrative:
            return "other", (f"narrative review (self-described): {narrative!r}",)
        hit = found("sr.abstract", body)
        if hit and _search_for_comparison(body) and found("retrospective", body):
            hit = None  # "A retrospective review of our patients ...; a systematic search identified further series
            # for comparison": the own cohort is the study, the search its comparison
    if hit:
        return "systematic review", (f"systematic review: {hit!r}",)
    hit = found("animal.title", just_title)
    if hit and not _HUMAN_TITLE.search(title):
        return "other", (f"an animal or laboratory study: {hit!r}",)
    hit = found("statement.title", just_title)
    if hit and cohort is None:
        return "other", (f"a statement or commentary: {hit!r}",)
    hit = found("trial.title", just_title)
    # "Do symptoms matter ... for phase I trials? ... Retrospective chart review": a study about trials
    if hit and not found("trial.procedure", just_title) and not found("retrospective", everything):
        return "other", (f"a trial of drug treatment: {hit!r}",)
    series_hit = found("case_series", everything) or found("case_series_reports", everything) or _title_series(title)
    if not series_hit and cohort is None:
        series_hit = found("few_cases", everything)
    report_hit = found("case_report", everything)
    if report_hit and not series_hit and (cohort is None or cohort <= 1):
        return "case report", (f"single patient: {report_hit!r}",)
    # "Question: ... Answer: ...": an expert's answer quoting other studies' series (its counts are theirs)
    qa_hit = found("qa.question", body) and found("qa.answer", body)
    if qa_hit and not found("retrospective", body):
        return "other", (f"expert question and answer: {qa_hit!r}",)
    # "In the largest series, which included 454 patients, ...": a cited study's patients are not the paper's own
    cited = rules("survival.jsonl")["cue.cited_study"].pattern

    def own() -> str | None:
        # only asked when a review cue or no cohort size leaves it deciding (its searches are costly)
        # the cited-study test only for the sentences the own-patients rule matches
        pattern = rules(RULES)["own_patients"].pattern
        if not may_match_any(pattern, everything):
            return None
        for index, text in enumerate(everything):
            m = pattern.search(text) if may_match(pattern, text) else None
            if m and (index == 0 or not has_match(cited, text)):
                return m.group(0)
        return None

    review_hit = found("review.title", just_title)
    if review_hit and not re.search(r"\b(?:experience|series|cases?|patients|our|institution\w*|cent(?:re|er))\b",
                                    title, re.I):
        return "other", (f"narrative review: {review_hit!r}",)
    review_hit = found("review.abstract", body)
    if review_hit and not own():
        return "other", (f"narrative review: {review_hit!r}",)
    if series_hit:
        return "case series", (f"case series: {series_hit!r}",)
    # "Attitudes of medical oncologists toward liver resection ...: a national survey", "No patient data were
    # collected": a survey of clinicians has no patient design (not a registry); only when no cohort was counted
    survey = found("clinician_survey", just_title) or found("no_patient_data", body) if cohort is None else None
    if survey:
        return "other", (f"a survey of clinicians: {survey!r}",)
    pattern = rules(RULES)["registry"].pattern
    # "a national registry would help ..." in the conclusions is no design
    factual = just_title + tuple(s.text for s in iter_sentences(doc) if s.section not in ("BACKGROUND", "CONCLUSIONS"))
    for text in factual if may_match_any(pattern, factual) else ():
        if not may_match(pattern, text):
            continue
        for m in pattern.finditer(text):
            if _not_own_design(text):
                break
            if _LOCAL_REGISTRY.search(text[max(0, m.start() - 60):m.start()]):
                continue
            if m.group(0).lower().startswith("population") and not _search("registry.source", everything):
                # "a population-based comparison" of one centre's catchment, naming no registry, database or
                # national data: the centre's own cohort
                continue
            return "registry", (f"registry/survey: {m.group(0)!r}",)
    if cohort is not None and cohort <= CASE_SERIES_MAX and not _larger_operated_count(body, cohort):
        if cohort == 1:
            return "case report", (f"cohort of {cohort} patient",)
        return "case series", (f"cohort of {cohort} patients (<= {CASE_SERIES_MAX})",)
    # "To the Editor: We reviewed the 19 women who ...": a letter with a larger own cohort has no design of its own
    # (one with a few patients was a case series or case report above)
    letter = found("letter.opening", (next((s.text for s in iter_sentences(doc)), ""),))
    if letter:
        return "other", (f"letter to the editor: {letter!r}",)
    retro = found("retrospective", everything)
    prospective = found("prospective", everything)
    if prospective:  # the costlier "not this study's design" test only when a cue was found
        prospective = found("prospective", tuple(text for text in everything if not _not_own_design(text)))
    if prospective and not retro:
        return "prospective cohort", (f"prospective: {prospective!r}",)
    if retro:
        return "retrospective cohort", (f"retrospective: {retro!r}",)
    if cohort or own():
        return "retrospective cohort", ("own patient cohort, no prospective design stated",)
    return "other", ("no design cue",)


def classify_design(doc: Doc) -> str:
    """The design label of a processed doc (one of :data:`DESIGNS`)."""
    return design_with_reasons(doc)[0]
