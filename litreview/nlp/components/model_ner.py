"""Entities of a trained spaCy/scispaCy NER model joining the rule entities (``litreview_model_ner``).

The model is loaded with ``spacy.load(model)`` (a package name such as
``en_core_sci_sm`` / ``en_ner_bc5cdr_md``, or a directory written by
``nlp.to_disk``) and cached per process. The model's own tokenizer is NOT used:
the component copies litreview's tokens (scispaCy tokenizer) into a Doc of the
model's vocab, runs the model's components on it and copies the entities back by
token index, so offsets and tokens of the litreview Doc never change. Entities are
merged into ``doc.ents`` with ``spacy.util.filter_spans`` (longest span wins);
the entity rule layer that runs afterwards adds its matches the same way.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from litreview.errors import ModelError
from litreview.nlp.extensions import register_extensions

__all__ = ["ModelNER", "load_model", "INSTALL_HINT"]

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "Install a scispaCy model with pip, e.g. "
    "`pip install https://s3-us-west-2.amazonaws.com/ai2-s2-scispacy/releases/v0.5.4/en_core_sci_sm-0.5.4.tar.gz` "
    "(other models: en_core_sci_md, en_core_sci_lg, en_ner_bc5cdr_md, en_ner_bionlp13cg_md, en_ner_craft_md, "
    "en_ner_jnlpba_md; see https://allenai.github.io/scispacy/), or pass the path of a directory written by "
    "spaCy's nlp.to_disk()"
)

_MODELS: dict[str, Language] = {}


def load_model(model: str) -> Language:
    """Load (once per process) the spaCy model named or located by ``model``."""
    key = str(model)
    if key in _MODELS:
        return _MODELS[key]
    import spacy

    path = Path(key).expanduser()
    try:
        nlp = spacy.load(path if path.exists() else key)
    except OSError as exc:
        from spacy.util import get_installed_models

        installed = ", ".join(sorted(get_installed_models())) or "none"
        raise ModelError(
            f"cannot load spaCy model {key!r}: not an installed package or a model directory "
            f"(installed models: {installed}). {INSTALL_HINT}"
        ) from exc
    except Exception as exc:  # a broken model directory, incompatible versions, ...
        raise ModelError(f"cannot load spaCy model {key!r}: {exc}") from exc
    if "ner" not in nlp.pipe_names and not any(
        getattr(proc, "moves", None) is not None or name.endswith("ner") for name, proc in nlp.pipeline
    ):
        raise ModelError(f"spaCy model {key!r} has no 'ner' component (components: {', '.join(nlp.pipe_names)})")
    _MODELS[key] = nlp
    return nlp


class ModelNER:
    """Runs a trained NER model on litreview's tokens; see the module docstring."""

    def __init__(self, nlp: Language, name: str, model: str):
        register_extensions()
        self.name = name
        self.model = model
        self.model_nlp = load_model(model)
        # Only what NER needs: embedding layers and the recogniser itself.
        self.components: list[tuple[str, Any]] = [
            (n, p) for n, p in self.model_nlp.pipeline
            if n in ("tok2vec", "transformer", "ner") or n.endswith("ner")
        ]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        words = [t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        mdoc = Doc(self.model_nlp.vocab, words=words, spaces=spaces)
        for _name, proc in self.components:
            mdoc = proc(mdoc)
        found = [Span(doc, ent.start, ent.end, label=ent.label_) for ent in mdoc.ents]
        if found:
            doc.ents = filter_spans(list(doc.ents) + found)
        return doc


@Language.factory("litreview_model_ner", default_config={"model": ""})
def make_model_ner(nlp: Language, name: str, model: str) -> ModelNER:
    """Factory of :class:`ModelNER` (config: the model name or path, a string)."""
    if not model:
        raise ModelError("litreview_model_ner needs a model name or path")
    return ModelNER(nlp, name, model)
