"""The substring pre-filter of the extractors' regexes: exact (it never hides a match) and useful."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import litreview.extract
from litreview.extract.numbers import INT, has_number, int_starts
from litreview.extract.prefilter import (_top_level_branches, finditer_at, first_match, has_match, may_match,
                                         may_match_once, required_literals, search)

GOLDEN = Path(__file__).parent / "golden"


def _patterns() -> list[re.Pattern[str]]:
    """Every compiled regex the extractors hold: module constants and rule-file patterns."""
    from litreview.rules import load_regex_rules

    found: dict[tuple[str, int], re.Pattern[str]] = {}
    # walk_packages: the receptor extractor is a package of modules, whose patterns count too
    for info in pkgutil.walk_packages(litreview.extract.__path__, "litreview.extract."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[(value.pattern, value.flags)] = value
    from litreview.extract import cohort, margins, receptors

    rules = [rule for name in ("design.jsonl", "outcomes.jsonl", "relevance.jsonl", "study.jsonl", "survival.jsonl")
             for rule in load_regex_rules(name)]
    rules += [*cohort._mentions(), *(rule for where in cohort._WHERES for rule in cohort._rules(where))]
    for rule in rules:
        found[(rule.pattern.pattern, rule.pattern.flags)] = rule.pattern

    from litreview.extract.study import country_patterns

    places = country_patterns()
    for pattern in (places.places, places.demonyms, places.nouns, places.not_after):
        found[(pattern.pattern, pattern.flags)] = pattern
    for vocab in (margins._vocab(), receptors._vocab()):
        for value in vocab.values():
            if isinstance(value, re.Pattern):
                found[(value.pattern, value.flags)] = value
    return list(found.values())


def _texts() -> list[str]:
    """Sentences of the golden cases, as written, upper-cased and lower-cased."""
    sentences: list[str] = []
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("//"):
                continue
            case = json.loads(line)
            for text in (case.get("title") or "", case.get("abstract") or ""):
                sentences.extend(s for s in re.split(r"(?<=[.;:])\s+", text) if s)
    sentences = sorted(set(sentences))[::3]  # a third of them keeps the test quick
    return sentences + [s.upper() for s in sentences] + [s.lower() for s in sentences]


def test_filter_never_hides_a_match_and_rules_out_most_pairs() -> None:
    patterns = _patterns()
    texts = _texts()
    assert len(patterns) > 150 and len(texts) > 600
    ruled_out = hidden = 0
    for pattern in patterns:
        for text in texts:
            if not may_match(pattern, text):
                ruled_out += 1
                if pattern.search(text):
                    hidden += 1
                    pytest.fail(f"pre-filter hid a match of {pattern.pattern[:80]!r} in {text!r}")
    assert hidden == 0
    # most (pattern, sentence) pairs never match: the filter must say so for most of them
    assert ruled_out > 0.5 * len(patterns) * len(texts)


def test_branch_by_branch_search_finds_what_search_finds() -> None:
    patterns = [p for p in _patterns() if _top_level_branches(p)]
    texts = _texts()[::2]
    assert len(patterns) > 50
    for pattern in patterns:
        for text in texts:
            assert has_match(pattern, text) == (pattern.search(text) is not None), (pattern.pattern[:80], text)


def test_branch_by_branch_first_match_is_the_match_search_finds() -> None:
    patterns = [p for p in _patterns() if _top_level_branches(p)]
    texts = _texts()[1::4]
    for pattern in patterns:
        for text in texts:
            for pos in (0, len(text) // 2):
                expected, found = pattern.search(text, pos), first_match(pattern, text, pos)
                assert (found and (found.span(), found.group(0))) == (expected and (expected.span(), expected.group(0))), \
                    (pattern.pattern[:80], text, pos)


def test_first_match_takes_the_leftmost_start_then_the_earlier_branch() -> None:
    pattern = re.compile(r"metastases|liver metastases|liver", re.IGNORECASE)
    m = first_match(pattern, "Hepatectomy for LIVER metastases of breast cancer")
    assert m is not None and (m.group(0), m.start()) == ("LIVER metastases", 16)  # leftmost start wins over branch order
    m = first_match(re.compile(r"liver|liver resection"), "liver resection in 12")
    assert m is not None and m.group(0) == "liver"  # same start: the earlier branch, as re does
    assert first_match(pattern, "no such words here") is None
    assert first_match(pattern, "liver and then metastases", 1) is not None  # from pos on
    assert first_match(re.compile(r"liver|spleen"), "a liver", 2).group(0) == "liver"  # type: ignore[union-attr]
    assert first_match(re.compile(r"liver|spleen"), "a liver", 3) is None  # "iver": no match from there, as re


def test_only_top_level_bars_split_a_pattern() -> None:
    branches = _top_level_branches(re.compile(r"a[|)]b|(c|d)|[]|x]|e\|f", re.IGNORECASE))
    assert branches is not None
    assert [b.pattern for b in branches] == ["a[|)]b", "(c|d)", "[]|x]", r"e\|f"]
    assert all(b.flags == re.compile("", re.IGNORECASE).flags for b in branches)
    # a global inline flag belongs to every branch; a group reference reaches into another branch
    assert _top_level_branches(re.compile(r"(?i)a|b")) is None
    assert _top_level_branches(re.compile(r"(a)|\1")) is None
    assert _top_level_branches(re.compile(r"abc")) is None


def test_case_sensitive_parts_are_tested_as_written() -> None:
    pattern = re.compile(r"(?-i:R0|RO)(?!\w)|negative\s+margins?", re.IGNORECASE)
    literals = required_literals(pattern)
    assert literals is not None
    assert set(literals.exact) == {"R0", "RO"} and "negative" in literals.folded
    assert not may_match(pattern, "The r0le of surgery is debated, from RFA to TACE.")
    assert may_match(pattern, "R0 resection was achieved in 20 patients.")
    assert may_match(pattern, "NEGATIVE MARGINS in all.")


def test_small_classes_multiply_and_redundant_literals_go() -> None:
    literals = required_literals(re.compile(r"HER[2-]|tumou?r\s+size|tumor", re.IGNORECASE))
    assert literals is not None
    # "tumou?r" requires "tumor" or "tumour"; the branch "tumor" adds nothing beside them
    assert literals.folded == ("her-", "her2", "tumor", "tumour")


def test_optional_characters_branch_the_literal() -> None:
    pattern = re.compile(r"\b(?:HER-?2|ErbB[- ]?2)\b", re.IGNORECASE)
    literals = required_literals(pattern)
    assert literals is not None
    # not the bare "her", which "other" and "there" hold
    assert set(literals.folded) >= {"her2", "her-2", "erbb2", "erbb-2", "erbb 2"} and "her" not in literals.folded
    assert not may_match(pattern, "Other markers were positive there.")
    assert may_match(pattern, "HER-2 positive in 7.") and search(pattern, "HER-2 positive in 7.")
    assert may_match(pattern, "ErbB 2 positive in 7.") and search(pattern, "ErbB 2 positive in 7.")


def test_patterns_without_literals_and_non_ascii_texts_are_not_filtered() -> None:
    assert required_literals(re.compile(r"\d+\s*\w+")) is None
    assert may_match(re.compile(r"\d+\s*\w+"), "no digits here")
    pattern = re.compile(r"strasse", re.IGNORECASE)
    # re folds the long s onto "s"; str.lower does not: such texts pass unfiltered
    assert pattern.search("Hauptſtraſſe") and may_match(pattern, "Hauptſtraſſe")
    assert search(pattern, "Main Street") is None


def test_patterns_first_seen_after_a_text_was_scanned_still_match_it() -> None:
    from litreview.extract.prefilter import PatternGroup, may_match_any

    text = "The quokkaward and the wallabyunit admitted 12 patients."
    assert not may_match(re.compile(r"platypus\w*"), text)  # scans and memoises the text
    late = re.compile(r"quokkaward", re.IGNORECASE)  # new literals: the memo must not answer for them
    assert may_match(late, text) and may_match_any(late, ("nothing here", text))
    group = PatternGroup([re.compile("echidna"), re.compile("WALLABYUNIT", re.IGNORECASE)])
    assert group.candidates(text) == (1,)
    assert group.candidates("a wallabyunit", within=text) == (1,)  # a part looks up its sentence's literals


def test_place_names_are_found_through_their_joined_literals() -> None:
    """The country vocabulary's alternation, factored by first letter, still yields whole names."""
    from litreview.extract.study import country_patterns

    places = country_patterns().places
    literals = required_literals(places)
    assert literals is not None and "Japan" in literals.exact
    for text in ("Patients were treated in Zürich between 2001 and 2010.", "A cohort from São Paulo, Brazil."):
        assert places.search(text) and may_match(places, text)  # case-sensitive literals: non-ASCII texts too
    assert not may_match(places, "Forty women underwent hepatectomy.")


def test_number_first_mention_rules_are_the_ones_that_open_with_a_count() -> None:
    """Cohort mention rules skipped in sentences without a number are exactly those whose match starts with it."""
    from litreview.extract.cohort import _count_first, _mentions

    opening = _count_first()
    assert "cohort.mention.patients" in opening and "cohort.mention.n_equals" not in opening
    texts = ["Twenty-nine women were included.", "Patients with bilobar disease had shorter survival.",
             "We report a rare case of a solitary liver metastasis.", "Hepatectomy was performed in 12 of them."]
    any_number = re.compile(INT, re.IGNORECASE)
    for mention in _mentions():
        for text in texts:
            if mention.id in opening and mention.pattern.search(text):
                assert any_number.search(text)


_NUMBER_TEXTS = [
    "Twenty-one women and one hundred and two men", "hormone receptor status was often unknown to someone",
    "In 2019, 1,686 women (n=86) had 4.5 years", "T2 CD44 x86 HER2", "\u017fix cases (the long s folds onto s)",
    "Seventeen", "_one one_ 3one", "a.5 b,6 7", "FORTY-TWO PATIENTS", "weight, tension, arginine, done",
]


def test_number_starts_hold_every_place_an_integer_begins() -> None:
    """``int_starts`` may offer extra places but never misses one; ``has_number`` never says no wrongly."""
    every_start = re.compile(f"(?=(?:{INT}))", re.IGNORECASE)  # overlapping: every place INT can match
    for text in [*_NUMBER_TEXTS, *_texts()]:
        exact = {m.start() for m in every_start.finditer(text)}
        assert exact <= set(int_starts(text)), text
        assert has_number(text) or not exact, text
    assert not has_number("hormone receptor status was often unknown to someone")
    assert int_starts("Twenty-one women and 12 men") == [0, 7, 21]


def test_matching_at_number_starts_finds_what_finditer_finds() -> None:
    from litreview.extract.cohort import _count_first, _mentions

    rules = [m for m in _mentions() if m.id in _count_first()]
    assert len(rules) >= 3
    for text in [*_NUMBER_TEXTS, *_texts()]:
        starts = int_starts(text)
        for rule in rules:
            expected = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in finditer_at(rule.pattern, text, starts)] == expected


def test_may_match_once_answers_as_may_match() -> None:
    patterns = [re.compile(r"\bBCLM\b|breast\s+cancer\s+liver", re.IGNORECASE), re.compile(r"(?-i:R0)|margins?", re.I),
                re.compile(r"\bHER-?2\b")]
    texts = ["Breast cancer liver metastases were resected.", "No BCLM here? bclm.", "R0 in 12.", "r0 and other words",
             "Clear MARGINS.", "HER2 amplified", "her2 in lower case", "Straße, no match", "", "HER‐2 with a dash"]
    for pattern in patterns:
        for text in texts:
            assert may_match_once(pattern, text) == may_match(pattern, text), (pattern.pattern, text)
