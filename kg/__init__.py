"""kg: a knowledge graph of Chinese municipal government gazettes (市人民政府公报).

The library does the work; the ``kg`` CLI (:mod:`kg.cli`) and the HTTP service
(:mod:`kg.service`) are thin edges over it. Heavy dependencies (rdflib, the
stores, pyvis, FastAPI) are imported lazily by the modules that need them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
