"""``--model PATH``: a tiny NER model trained here, saved to disk and loaded by path."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

TRAIN = [
    ("She received trastuzumab before hepatectomy.", [(13, 24, "DRUG")]),
    ("Trastuzumab and pertuzumab were given.", [(0, 11, "DRUG"), (16, 26, "DRUG")]),
    ("After letrozole the liver lesion shrank.", [(6, 15, "DRUG")]),
    ("Patients were treated with trastuzumab.", [(27, 38, "DRUG")]),
    ("Fulvestrant was continued after surgery.", [(0, 11, "DRUG")]),
    ("Tamoxifen was stopped.", [(0, 9, "DRUG")]),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import spacy
    from spacy.training import Example

    random.seed(0)
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    # a deliberately small network: the test is about loading by path, not accuracy
    ner = nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 32,
                    "depth": 1, "embed_size": 300, "window_size": 1, "maxout_pieces": 2,
                    "subword_features": True}}})
    ner.add_label("DRUG")  # type: ignore[attr-defined]
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": ents}) for text, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(60):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("tiny_ner") / "model"
    nlp.to_disk(path)
    return path


def test_model_entities_join_rule_entities(tiny_model: Path) -> None:
    from litreview.nlp.pipeline import build_pipeline

    nlp = build_pipeline(str(tiny_model))
    assert "litreview_model_ner" in nlp.pipe_names
    doc = nlp("She received trastuzumab before hepatectomy.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("trastuzumab", "DRUG") in labels  # from the trained model
    assert ("hepatectomy", "PROCEDURE") in labels  # from the rule layer
    # the model's tokenizer does not replace scispaCy's: offsets match the text
    assert all(doc.text[e.start_char:e.end_char] == e.text for e in doc.ents)
    assert build_pipeline(str(tiny_model)) is nlp


def test_cli_extract_with_model_path(tiny_model: Path, tmp_path: Path) -> None:
    from litreview.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "title": "Hepatectomy after trastuzumab",
                               "abstract": "Forty women underwent hepatectomy after trastuzumab."}) + "\n")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(src), "-o", str(out), "--model", str(tiny_model)])
    assert code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a"]


def test_cli_unknown_model_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from litreview.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "title": "t", "abstract": "x"}) + "\n")
    code = main(["extract", str(src), "-o", str(tmp_path / "o.jsonl"), "--model", "en_no_such_model_xyz"])
    assert code == 1
    assert "scispaCy" in capsys.readouterr().err
