"""kg: a knowledge graph of Chinese municipal government gazettes (市人民政府公报).

The library does the work; the ``kg`` CLI (:mod:`kg.cli`) and the HTTP service
(:mod:`kg.service`) are thin edges over it. Heavy dependencies (rdflib, the
stores, pyvis, FastAPI) are imported lazily by the modules that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

__version__ = "0.1.0"

__all__ = ["__version__", "nlp"]


def nlp(**options: Any) -> Language:
    """kg's pipeline as a ``spacy.Language`` (blank ``zh``): ``doc = kg.nlp()(text)`` gives
    ``doc.spans["agency"|"person"|"post"|"task"|"document"|"mine"|"group"|…]`` and
    ``doc._.facts``. Options: see :func:`kg.language.make_nlp`."""
    from kg.language import make_nlp

    return make_nlp(**options)
