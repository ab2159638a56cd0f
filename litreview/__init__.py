"""litreview: literature review and evidence extraction.

PubMed retrieval (Bio.Entrez) and abstract-dump readers produce
:class:`~litreview.records.Record` objects; a spaCy/scispaCy pipeline with rules
turns each into an :class:`~litreview.records.Extraction` of study attributes,
every value tied to its sentence; comparison tables, pooled estimates and reports
set them beside a local case series.
"""

__version__ = "0.1.0"

from litreview.errors import LitReviewError  # noqa: E402
from litreview.records import Author, Extraction, Finding, Record, Section  # noqa: E402

__all__ = [
    "__version__",
    "Author",
    "Extraction",
    "Finding",
    "LitReviewError",
    "Record",
    "Section",
]

# --- Python API (litreview/api.py), imported on first use so `import litreview` stays light.
#
# Three API names are also the names of subpackages/modules: ``compare``, ``extract``
# and ``review``. Importing ``litreview.compare`` (as any code that uses it does) sets
# the package attribute ``compare`` to that module, which would hide the function.
# So those modules are made callable instead: ``litreview.compare(...)`` calls
# ``litreview.api.compare(...)`` and ``litreview.compare.model`` etc. still work.
import sys as _sys  # noqa: E402
import types as _types  # noqa: E402
from typing import Any as _Any  # noqa: E402

_API = ("read", "extract", "extractions_frame", "read_extractions", "load_series", "bundled_series",
        "compare", "pool", "review", "write_report")
_CALLABLE_MODULES = ("compare", "extract", "review")


class _CallableModule(_types.ModuleType):
    """A module that, called, runs the API function of the same name."""

    def __call__(self, *args: _Any, **kwargs: _Any) -> _Any:
        from litreview import api

        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


class _Package(_types.ModuleType):
    """The ``litreview`` package: makes the API submodules callable as they are attached."""

    def __setattr__(self, name: str, value: _Any) -> None:
        if name in _CALLABLE_MODULES and isinstance(value, _types.ModuleType) \
                and type(value) is _types.ModuleType:
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
for _name in _CALLABLE_MODULES:  # already imported before this line ran
    _module = _sys.modules.get(f"{__name__}.{_name}")
    if _module is not None:
        setattr(_sys.modules[__name__], _name, _module)


def __getattr__(name: str) -> _Any:
    if name in _CALLABLE_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    if name in _API:
        from litreview import api

        return getattr(api, name)
    raise AttributeError(f"module 'litreview' has no attribute {name!r}")


__all__ += list(_API)
