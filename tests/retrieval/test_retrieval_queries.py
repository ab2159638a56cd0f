"""Saved query files: loading, validation, inline strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from litreview.errors import ConfigError
from litreview.retrieval.queries import QUERY_KEYS, load_query, normalize_date

REPO = Path(__file__).resolve().parents[2]


def test_bclm_query_combines_mesh_and_free_text() -> None:
    query = load_query(REPO / "queries" / "bclm_hepatectomy.toml")
    assert query.name == "bclm_hepatectomy"
    assert query.path == (REPO / "queries" / "bclm_hepatectomy.toml").resolve()
    assert query.default_store_path == (REPO / "queries" / "bclm_hepatectomy.sqlite").resolve()
    for term in ('"Breast Neoplasms"[MeSH]', '"Liver Neoplasms/secondary"[MeSH]', '"Hepatectomy"[MeSH]',
                 '"Metastasectomy"[MeSH]', '"liver resection"[tiab]', '"hepatic resection"[tiab]',
                 '"hepatic metastasectomy"[tiab]', '"BCLM"[tiab]', '"breast cancer liver metastases"[tiab]'):
        assert term in query.query
    assert "\n" not in query.query and "  " not in query.query
    assert query.query.count("(") == query.query.count(")")
    assert query.datetype == "pdat" and query.notes and query.description


def test_query_file_as_string_path(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text('name = "q"\nquery = """\nhepatectomy[MeSH]\n  AND breast[tiab]\n"""\n'
                    'mindate = "2010-3"\nmaxdate = "2024/12/31"\ndatetype = "edat"\n')
    query = load_query(str(path))
    assert query.query == "hepatectomy[MeSH] AND breast[tiab]"
    assert (query.mindate, query.maxdate, query.datetype) == ("2010/03", "2024/12/31", "edat")
    assert query.default_store_path == tmp_path.resolve() / "q.sqlite"


def test_unknown_key_names_file_and_valid_keys(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nquery = "a"\nterm = "b"\n')
    with pytest.raises(ConfigError) as info:
        load_query(path)
    message = str(info.value)
    assert str(path) in message and "term" in message
    assert all(key in message for key in QUERY_KEYS)


@pytest.mark.parametrize("text, fragment", [
    ('name = "x"\n', "missing query"),
    ('query = "a"\n', "missing name"),
    ('name = "x"\nquery = "a"\ndatetype = "xdat"\n', "datetype"),
    ('name = "x"\nquery = "a"\nmindate = "last year"\n', "not a date"),
    ('name = "x"\nquery = 3\n', "must be a string"),
    ('name = "x"\nquery = "a\n', "not valid TOML"),
])
def test_invalid_query_files(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=fragment):
        load_query(path)


def test_missing_file_and_inline_query(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_query(str(tmp_path / "absent.toml"))
    inline = load_query('  "breast neoplasms"[MeSH]\n AND hepatectomy ')
    assert inline.query == inline.name == '"breast neoplasms"[MeSH] AND hepatectomy'
    assert inline.path is None and str(inline.default_store_path) == "litreview.sqlite"
    with pytest.raises(ConfigError):
        load_query("   ")


def test_normalize_date() -> None:
    assert normalize_date("2024") == "2024"
    assert normalize_date("2024-1-5") == "2024/01/05"
    with pytest.raises(ConfigError):
        normalize_date("2024/13")
