"""Extractor registry.

Every extractor is one module in this package that registers a function with
:func:`register`, giving it a name and a version (both travel into the
provenance of every fact it makes), what it requires and what it assigns::

    @register("tasks", version="0.1.0", assigns=("Task", "LEADS", "RESPONSIBLE_FOR", "SUPPORTS"))
    def extract_tasks(doc: Document, ctx: ExtractContext) -> GraphBatch: ...

The pipeline (:mod:`kg.pipeline`) runs them in registration order per
document. Modules are imported lazily by :func:`load_all`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.errors import UnknownExtractorError
from kg.model import Confidence, Document, Gazette, GraphBatch, Provenance, Span, Text

# Order matters: later extractors may use what earlier ones put into the context.
EXTRACTOR_MODULES: tuple[str, ...] = (
    "documents",
    "citations",
    "tasks",
    "groups",
    "appointments",
    "people",
    "mines",
    "places",
    "events",
)


@dataclass
class ExtractContext:
    """Gazette-wide state shared by the extractors of one gazette."""

    gazette: Gazette
    # Agency names (as printed, whitespace removed) seen anywhere in this gazette.
    known_agencies: set[str] = field(default_factory=set)
    # Person names seen in this gazette (whitespace removed).
    known_people: set[str] = field(default_factory=set)

    @property
    def city(self) -> str | None:
        return self.gazette.city


ExtractFn = Callable[[Document, ExtractContext], GraphBatch]


@dataclass(frozen=True)
class ExtractorInfo:
    name: str
    version: str
    func: ExtractFn
    requires: tuple[str, ...] = ("documents",)
    assigns: tuple[str, ...] = ()

    def provenance(
        self,
        doc: Document,
        text: Text | Span,
        start: int = 0,
        end: int | None = None,
        *,
        confidence: Confidence = "certain",
        reason: str | None = None,
    ) -> Provenance:
        """Provenance for ``text[start:end]`` of ``doc``, stamped with this extractor."""
        span = text if isinstance(text, Span) else text.span(start, end)
        return Provenance.from_span(
            span,
            doc_number=doc.doc_number,
            extractor=self.name,
            version=self.version,
            confidence=confidence,
            reason=reason,
        )


_REGISTRY: dict[str, ExtractorInfo] = {}


def register(
    name: str,
    *,
    version: str,
    requires: tuple[str, ...] = ("documents",),
    assigns: tuple[str, ...] = (),
) -> Callable[[ExtractFn], ExtractFn]:
    def deco(func: ExtractFn) -> ExtractFn:
        info = ExtractorInfo(name, version, func, requires, assigns)
        _REGISTRY[name] = info
        func.info = info  # type: ignore[attr-defined]
        return func

    return deco


def load_all() -> dict[str, ExtractorInfo]:
    """Import every extractor module (once) and return the registry in run order."""
    for mod in EXTRACTOR_MODULES:
        try:
            importlib.import_module(f"kg.extractors.{mod}")
        except ModuleNotFoundError as exc:  # a module not written yet
            if exc.name != f"kg.extractors.{mod}":
                raise
    return {n: _REGISTRY[n] for n in _ordered_names()}


def _ordered_names() -> list[str]:
    first = [m for m in EXTRACTOR_MODULES if m in _REGISTRY]
    return first + [n for n in _REGISTRY if n not in first]


def get(name: str) -> ExtractorInfo:
    reg = load_all()
    if name not in reg:
        raise UnknownExtractorError(f"no extractor named {name!r}; known: {', '.join(reg)}")
    return reg[name]
