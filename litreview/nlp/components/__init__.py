"""Pipeline components of litreview, one module each.

Each module registers a ``@Language.factory("litreview_<name>")`` whose config
holds only primitives; components talk to each other only through the extensions
of :mod:`litreview.nlp.extensions` and ``doc.spans``. Importing this package
registers every factory.
"""

from litreview.nlp.components import model_ner, sections, sentences  # noqa: F401  (registers factories)

__all__ = ["sentences", "sections", "model_ner"]
