"""The validating rule loader and the shipped rule files."""

from __future__ import annotations

import re

import pytest

from litreview.errors import ConfigError
from litreview.rules import _FLAGS, load_cue_rules, load_json, load_jsonl, load_lines, read_text


def test_shipped_rule_files_load_and_validate() -> None:
    assert load_cue_rules("cohort.jsonl")
    assert load_json("receptors.json")["terms"]["HER2"]
    assert load_json("margins.json")["r0"]
    assert "vs" in load_lines("abbreviations.txt")
    rows = load_jsonl("entities.jsonl", required=("label", "pattern"), optional=("id",))
    assert {"RECEPTOR", "PROCEDURE", "NONRESECTION", "OUTCOME", "DISEASE", "SUBTYPE"} <= {r["label"] for r in rows}


def test_unknown_file_lists_available_files() -> None:
    with pytest.raises(ConfigError, match="Available: .*cohort.jsonl"):
        read_text("no_such_rules.jsonl")


def test_unknown_key_is_rejected_with_valid_keys() -> None:
    with pytest.raises(ConfigError, match=r"line \d+: unknown key\(s\) id.*Valid keys: label, pattern"):
        load_jsonl("entities.jsonl", required=("label", "pattern"))


def test_flags_are_known() -> None:
    assert set(_FLAGS) == {"i", "x", "s"}


def test_named_fragments_expand_like_the_number_placeholders() -> None:
    from litreview.rules import _fragments, expand_placeholders

    assert "LIVER_OPERATION_AHEAD" in _fragments()
    pattern = re.compile(expand_placeholders(r"^\s+(?:underwent)\b{LIVER_OPERATION_AHEAD}"), re.IGNORECASE)
    assert pattern.search(" underwent an extended right hepatectomy")
    # the fragment's own guard: an operation of another organ or another time is not the one counted
    assert not pattern.search(" underwent lung metastasectomy")
    assert re.fullmatch(expand_placeholders("{INT}"), "forty-two")


def test_unknown_placeholder_names_the_rule_and_the_known_names() -> None:
    from litreview import rules

    bad = {"id": "x.bad", "pattern": "{NO_SUCH_FRAGMENT} patients", "_line": 7}
    with pytest.raises(ConfigError, match=r"rules/cohort.jsonl, line 7 \(x.bad\): unknown placeholder "
                                          r"\{NO_SUCH_FRAGMENT\}.*LIVER_OPERATION_AHEAD"):
        rules._compile(bad, "cohort.jsonl")


def test_every_shipped_fragment_is_used_by_a_rule_file() -> None:
    from importlib import resources

    from litreview.rules import _fragments

    texts = "".join(p.read_text(encoding="utf-8") for p in resources.files("litreview.rules").iterdir()
                    if p.name.endswith((".jsonl", ".json")) and p.name != "fragments.json")
    assert [name for name in _fragments() if "{" + name + "}" not in texts] == []
