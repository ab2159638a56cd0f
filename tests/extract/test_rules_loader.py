"""The validating rule loader and the shipped rule files."""

from __future__ import annotations

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
