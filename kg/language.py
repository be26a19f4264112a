"""kg as a spaCy ``Language``: its stages are registered pipeline components.

    >>> import kg
    >>> nlp = kg.nlp()                        # spacy.blank("zh"), character segmenter: nothing downloaded
    >>> doc = nlp(text)
    >>> [(s.text, s.start_char, s.kb_id_) for s in doc.spans["agency"]]
    >>> doc._.facts                           # the kg.model.GraphBatch

The pipeline, in order (``nlp.pipe_names``):

==================  ===========================================================================
``kg_layout``       layout repair and segmentation into documents (:func:`kg.segment.parse_gazette`):
                    ``doc._.source``, ``doc._.gazette``, ``doc._.kg_context``, an empty ``doc._.facts``
``kg_<extractor>``  one per extractor of :mod:`kg.extractors` (``kg_documents``, ``kg_citations``,
                    ``kg_tasks`` …), in registry order: adds its facts to ``doc._.facts``
plugins             components registered under the entry-point group ``kg_extractors``
``kg_coverage``     coverage (:func:`kg.coverage.account`): the tables, rosters and lists no fact read,
                    as UnreadRegion facts (left out with ``only``, as in a build)
``kg_printed``      a file read in simplified characters gives its facts back as printed
                    (:func:`kg.pipeline._output_as_printed`)
``kg_resolve``      alias resolution (:func:`kg.resolve.resolve`) of ``doc._.facts``
``kg_lexicon``      a SpanRuler with ``kg/lexicons``: ``doc.spans["lexicon"]`` (AGENCY, POST_TITLE)
``kg_spans``        facts as spans: ``doc.spans["agency" | "person" | "post" | "task" | "document" |
                    "mine" | "group" | "place" | …]`` (``kb_id_`` = node key) and ``doc.spans["facts"]``
                    (the evidence of each fact, label = relationship type, ``kb_id_`` = fact id)
==================  ===========================================================================

``kg build`` runs the same component objects (:func:`extract_gazette`): ``kg_layout`` finds the
gazette already parsed, each extractor and plugin adds its facts, then coverage and
``kg_printed``; resolution runs once over the whole build (identities merge across gazettes), and the span components are left out because a
build keeps facts, not Docs. A build's Doc is a one-token carrier of the gazette text, so no
tokenisation is paid for.

Every component's version is in ``nlp.meta["kg"]["components"]`` and in the provenance of every
fact it makes (``extractor`` / ``extractor_version``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from kg.errors import ExtractionError, KgError, PluginError
from kg.model import Document, Edge, Gazette, GraphBatch, Node, NodeRef, Provenance, SourceFile, Span, Text
from kg.thresholds import HEADING_LOOKBACK_CHARS, SPAN_MAX_PATTERN_CHARS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.extractors import ExtractContext, ExtractorInfo

__all__ = [
    "PLUGIN_GROUP",
    "SPAN_KEYS",
    "ExtractorComponent",
    "extract_gazette",
    "gazette_doc",
    "make_nlp",
    "plugins",
]

PLUGIN_GROUP = "kg_extractors"
LAYOUT = "kg_layout"
COVERAGE = "kg_coverage"
PRINTED = "kg_printed"
RESOLVE = "kg_resolve"
LEXICON = "kg_lexicon"
SPANS = "kg_spans"
FACTS_KEY = "facts"
LEXICON_KEY = "lexicon"

# node label -> doc.spans key
SPAN_KEYS: dict[str, str] = {
    "Agency": "agency",
    "Person": "person",
    "Post": "post",
    "Task": "task",
    "Document": "document",
    "CoalMine": "mine",
    "Group": "group",
    "Place": "place",
    "Enterprise": "enterprise",
    "Plan": "plan",
    "Event": "event",
    "Gazette": "gazette",
}
# node properties a node may be printed as, first found wins
_NODE_TEXT_PROPS = ("as_printed", "name", "doc_number", "title", "text", "aliases")
# labels whose name is printed above the facts (a heading), not on their line
_HEADED = frozenset({"Group"})

_ATTRS = {
    "facts": "doc._.facts",
    "gazette": "doc._.gazette",
    "source": "doc._.source",
    "context": "doc._.kg_context",
}


def _extensions() -> None:
    from spacy.tokens import Doc

    for name in ("facts", "gazette", "source", "kg_context"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# --------------------------------------------------------------------------
# the extractor component (kg's own and the plugins' base class)
# --------------------------------------------------------------------------


class ExtractorComponent:
    """A pipeline component that runs one extractor over every document of ``doc._.gazette``.

    Subclass it for a plugin: set :attr:`extractor` and :attr:`version` and implement
    :meth:`extract`; :meth:`provenance` stamps a fact with both. The component needs
    ``kg_layout`` before it (``requires``) and adds to ``doc._.facts`` (``assigns``).
    """

    extractor: str = ""
    version: str = "0"
    # the labels and relationship types the extractor makes (documentation, nlp.meta)
    makes: tuple[str, ...] = ()

    def __init__(self, nlp: Language | None = None, name: str = "") -> None:
        self.name = name or self.extractor
        if not self.extractor:
            self.extractor = self.name

    def extract(self, document: Document, ctx: ExtractContext) -> GraphBatch:  # pragma: no cover - abstract
        raise NotImplementedError

    def provenance(
        self,
        document: Document,
        text: Text | Span,
        start: int = 0,
        end: int | None = None,
        *,
        confidence: Any = "certain",
        reason: str | None = None,
    ) -> Provenance:
        """Provenance for ``text[start:end]`` of ``document``, stamped with this extractor."""
        span = text if isinstance(text, Span) else text.span(start, end)
        return Provenance.from_span(
            span, doc_number=document.doc_number, extractor=self.extractor, version=self.version,
            confidence=confidence, reason=reason,
        )

    def __call__(self, doc: Doc) -> Doc:
        gazette: Gazette | None = doc._.gazette
        if gazette is None:
            raise ExtractionError(f"component {self.name!r} needs {LAYOUT!r} before it in the pipeline")
        batch: GraphBatch = doc._.facts
        for document in gazette.documents:
            try:
                batch.extend(self.extract(document, doc._.kg_context))
            except KgError:
                raise
            except Exception as exc:  # an extractor bug must name where it happened
                raise ExtractionError(
                    f"extractor {self.extractor} {self.version} failed on document "
                    f"{document.doc_number or document.title!r} (line {document.start_line}): "
                    f"{type(exc).__name__}: {exc}",
                    path=gazette.source.path,
                ) from exc
        return doc


class RegisteredExtractor(ExtractorComponent):
    """One extractor of the :mod:`kg.extractors` registry as a component."""

    def __init__(self, nlp: Language | None, name: str, info: ExtractorInfo) -> None:
        self.info = info
        self.extractor = info.name
        self.version = info.version
        self.makes = info.assigns
        super().__init__(nlp, name)

    def extract(self, document: Document, ctx: ExtractContext) -> GraphBatch:
        return self.info.func(document, ctx)


class PluginComponent:
    """Runs a third-party component and stamps the facts it adds with its name and version."""

    def __init__(self, inner: Callable[[Doc], Doc], extractor: str, version: str) -> None:
        self.inner = inner
        self.extractor = extractor
        self.version = version

    def __call__(self, doc: Doc) -> Doc:
        batch: GraphBatch = doc._.facts
        before = set(batch.edges)
        try:
            out = self.inner(doc)
        except KgError:
            raise
        except Exception as exc:
            raise ExtractionError(
                f"plugin {self.extractor} {self.version} failed: {type(exc).__name__}: {exc}",
                path=doc._.source.path if doc._.source is not None else None,
            ) from exc
        if out is not doc and out is not None:
            doc = out
        batch = doc._.facts
        for key in [k for k in batch.edges if k not in before]:
            edge = batch.edges[key]
            if (edge.prov.extractor, edge.prov.extractor_version) != (self.extractor, self.version):
                edge.prov = dataclasses.replace(edge.prov, extractor=self.extractor, extractor_version=self.version)
        return doc


# --------------------------------------------------------------------------
# layout, resolve, lexicon, spans
# --------------------------------------------------------------------------


class LayoutComponent:
    """Layout repair + segmentation of ``doc.text`` into a :class:`~kg.model.Gazette`.

    A Doc that already carries its gazette (``kg build``) is left as it is. A text in
    which no official document is found is read as one document (a snippet)."""

    def __init__(self, nlp: Language | None, name: str, path: str) -> None:
        self.name = name
        self.path = path

    def __call__(self, doc: Doc) -> Doc:
        from kg.extractors import ExtractContext

        if doc._.gazette is None:
            text = doc.text
            if "\r" in text:
                raise ExtractionError("kg_layout wants \\n line ends (read files with kg.ingest, which normalises them)")
            path = str(doc.user_data.get("kg_path") or self.path)
            # as a file is read: the reading view (same length, so offsets are doc.text's)
            source = SourceFile.from_text(text, path)
            doc._.source = source
            doc._.gazette = _parse(source)
        elif doc._.source is None:
            doc._.source = doc._.gazette.source
        if doc._.kg_context is None:
            doc._.kg_context = ExtractContext(doc._.gazette)
        if doc._.facts is None:
            doc._.facts = GraphBatch()
        return doc


def _parse(source: SourceFile) -> Gazette:
    from kg.layout import repair
    from kg.segment import parse_gazette

    gazette = parse_gazette(source)
    if not gazette.documents:  # a snippet: every line is one document
        document = Document(
            source=source, gazette_id=gazette.id, title="", doc_number=None, issuer=None, date=None,
            kind="other", section=None, start_line=1, end_line=max(source.line_count, 1), city=gazette.city,
        )
        document.blocks = gazette.blocks or repair(source)
        gazette.documents.append(document)
    return gazette


class CoverageComponent:
    """What the extractors (and plugins) left unread, reported as facts (:mod:`kg.coverage`)."""

    def __init__(self, nlp: Language | None, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from kg.coverage import account

        doc._.facts.extend(account(doc._.gazette, doc._.facts))
        return doc


class PrintedComponent:
    """Facts of a file in traditional characters given back as printed (keys stay as read)."""

    def __init__(self, nlp: Language | None, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from kg.pipeline import _output_as_printed

        _output_as_printed(doc._.gazette, doc._.facts)
        return doc


class ResolveComponent:
    def __init__(self, nlp: Language | None, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from kg.resolve import resolve

        doc._.facts = resolve(doc._.facts)
        return doc


class LexiconComponent:
    """``kg/lexicons`` applied with spaCy's SpanRuler (phrase patterns on characters):
    agency names and short forms (label AGENCY, ``id`` = the standard name) and post
    titles (POST_TITLE) into ``doc.spans["lexicon"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        from spacy.pipeline import SpanRuler

        from kg import lexicons

        self.name = name
        self.ruler = SpanRuler(nlp, name=name + "_ruler", spans_key=LEXICON_KEY, overwrite=True)
        patterns: list[dict[str, Any]] = []
        for form, standard in lexicons.agency_forms().items():
            patterns.append({"label": "AGENCY", "pattern": form, "id": standard})
        for title in lexicons.post_titles():
            patterns.append({"label": "POST_TITLE", "pattern": title})
        self.ruler.add_patterns(patterns)

    def __call__(self, doc: Doc) -> Doc:
        return self.ruler(doc)


class SpansComponent:
    """``doc._.facts`` as span groups, with character offsets into ``doc.text``."""

    def __init__(self, nlp: Language | None, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        source: SourceFile | None = doc._.source
        batch: GraphBatch | None = doc._.facts
        if source is None or batch is None:
            return doc
        groups: dict[str, dict[tuple[int, int, str], str]] = {}
        for edge in batch.edges.values():
            if edge.prov.file != source.path or edge.prov.char_end <= edge.prov.char_start:
                continue
            groups.setdefault(FACTS_KEY, {}).setdefault(
                (edge.prov.char_start, edge.prov.char_end, edge.type), edge.key
            )
            for ref in (edge.src, edge.dst):
                node = batch.nodes.get(ref)
                # doc.text is the text as printed (facts are given back as printed), offsets as read
                hit = node_span(doc.text, edge, node or Node(ref.label, ref.key), ref)
                if hit is not None:
                    key = SPAN_KEYS.get(ref.label, ref.label.lower())
                    groups.setdefault(key, {}).setdefault((hit[0], hit[1], ref.label), ref.key)
        for key, found in groups.items():
            spans = []
            for (a, b, label), kb in sorted(found.items()):
                sp = doc.char_span(a, b, label=label, kb_id=kb, alignment_mode="expand")
                if sp is not None:
                    spans.append(sp)
            doc.spans[key] = spans
        return doc


def _forms(node: Node, edge: Edge, ref: NodeRef) -> list[str]:
    out: list[str] = []
    printed = edge.props.get("as_printed")
    # as_printed is how the agency end of a fact was printed, else its far end (a cited 文号)
    if printed and ref == _printed_end(edge):
        out.append(str(printed))
    if ref.label == "Post" and edge.props.get("position"):
        out.append(str(edge.props["position"]))
    for k in _NODE_TEXT_PROPS[1:]:
        v = node.props.get(k)
        if isinstance(v, list):
            out.extend(str(x) for x in v)
        elif v:
            out.append(str(v))
    seen: list[str] = []
    for f in out:
        f = re.sub(r"\s+", "", f)
        if f and f not in seen:
            seen.append(f)
    return seen


def _printed_end(edge: Edge) -> NodeRef:
    if edge.src.label == "Agency":
        return edge.src
    return edge.dst


@lru_cache(maxsize=4096)
def _pattern(form: str) -> re.Pattern[str]:
    # any whitespace (a wrapped line, 张 韬) may sit between two characters of a printed form
    return re.compile(r"\s*".join(re.escape(ch) for ch in form))


def node_span(text: str, edge: Edge, node: Node, ref: NodeRef) -> tuple[int, int] | None:
    """Where a fact's endpoint is printed: the first of its forms found in the lines of the
    fact's evidence, the occurrence nearest the evidence (for a group, else the nearest one in
    the :data:`kg.thresholds.HEADING_LOOKBACK_CHARS` characters above); ``None`` when none is printed there (a
    post's agency derived from 副市长, say: no span is made up)."""
    a, b = edge.prov.char_start, edge.prov.char_end
    lo = text.rfind("\n", 0, a) + 1
    hi = text.find("\n", b)
    hi = len(text) if hi < 0 else hi
    for form in _forms(node, edge, ref):
        pat = _pattern(form[:SPAN_MAX_PATTERN_CHARS])
        best: tuple[int, int, int] | None = None  # (distance to the evidence, start, end)
        for m in pat.finditer(text, lo, hi):
            dist = 0 if m.end() > a and m.start() < b else min(abs(m.start() - b), abs(m.end() - a))
            if best is None or dist < best[0]:
                best = (dist, m.start(), m.end())
            if dist == 0:
                break
        if best is not None:
            return best[1], best[2]
    if ref.label in _HEADED:
        for form in _forms(node, edge, ref):
            hits = list(_pattern(form[:SPAN_MAX_PATTERN_CHARS]).finditer(text, max(0, lo - HEADING_LOOKBACK_CHARS), lo))
            if hits:
                return hits[-1].start(), hits[-1].end()
    return None


# --------------------------------------------------------------------------
# factories and the Language
# --------------------------------------------------------------------------

_FACTORIES_DONE: set[str] = set()


def _register_factories() -> dict[str, ExtractorInfo]:
    """Register kg's factories with spaCy (once); returns the extractor registry."""
    from spacy.language import Language

    import kg.extractors as registry

    _extensions()
    infos = registry.load_all()
    if LAYOUT not in _FACTORIES_DONE:
        Language.factory(
            LAYOUT, default_config={"path": "<memory>.txt"},
            assigns=[_ATTRS["source"], _ATTRS["gazette"], _ATTRS["context"], _ATTRS["facts"]],
            func=lambda nlp, name, path: LayoutComponent(nlp, name, path),
        )
        Language.factory(
            COVERAGE, requires=[_ATTRS["gazette"], _ATTRS["facts"]], assigns=[_ATTRS["facts"]],
            func=lambda nlp, name: CoverageComponent(nlp, name),
        )
        Language.factory(
            PRINTED, requires=[_ATTRS["gazette"], _ATTRS["facts"]], assigns=[_ATTRS["facts"]],
            func=lambda nlp, name: PrintedComponent(nlp, name),
        )
        Language.factory(
            RESOLVE, requires=[_ATTRS["facts"]], assigns=[_ATTRS["facts"]],
            func=lambda nlp, name: ResolveComponent(nlp, name),
        )
        Language.factory(LEXICON, assigns=["doc.spans"], func=lambda nlp, name: LexiconComponent(nlp, name))
        Language.factory(
            SPANS, requires=[_ATTRS["facts"], _ATTRS["source"]], assigns=["doc.spans"],
            func=lambda nlp, name: SpansComponent(nlp, name),
        )
        Language.factory(
            "kg_plugin", default_config={"factory": "", "extractor": "", "version": "0"},
            requires=[_ATTRS["gazette"], _ATTRS["facts"]], assigns=[_ATTRS["facts"]],
            func=_make_plugin,
        )
        _FACTORIES_DONE.add(LAYOUT)
    for info in infos.values():
        fname = f"kg_{info.name}"
        if fname in _FACTORIES_DONE:
            continue
        Language.factory(
            fname,
            requires=[_ATTRS["gazette"], _ATTRS["context"], _ATTRS["facts"]],
            assigns=[_ATTRS["facts"]],
            func=_extractor_factory(info),
        )
        _FACTORIES_DONE.add(fname)
    return infos


def _extractor_factory(info: ExtractorInfo) -> Callable[[Language, str], RegisteredExtractor]:
    def make(nlp: Language, name: str) -> RegisteredExtractor:
        return RegisteredExtractor(nlp, name, info)

    return make


def _make_plugin(nlp: Language, name: str, factory: str, extractor: str, version: str) -> PluginComponent:
    inner = nlp.create_pipe(factory, name=name)
    # the component's own name and version when it declares them (an ExtractorComponent does),
    # else the entry point's name and its distribution's version
    return PluginComponent(
        inner, getattr(inner, "extractor", None) or extractor or name, getattr(inner, "version", None) or version
    )


@dataclasses.dataclass(frozen=True)
class Plugin:
    """An extractor found under the ``kg_extractors`` entry-point group."""

    name: str  # the entry point's name = the spaCy factory it registers
    value: str  # module:attr
    distribution: str | None
    version: str


def plugins() -> list[Plugin]:
    """Every plugin installed, its module imported (which registers its factory)."""
    from importlib.metadata import entry_points

    from spacy.language import Language

    out: list[Plugin] = []
    for ep in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            ep.load()
        except Exception as exc:
            raise PluginError(f"plugin {ep.name} ({ep.value}) cannot be imported: {type(exc).__name__}: {exc}") from exc
        if not Language.has_factory(ep.name):
            raise PluginError(
                f"plugin {ep.name} ({ep.value}) registers no spaCy factory named {ep.name!r} "
                "(decorate its factory with @Language.factory with the entry point's name)"
            )
        dist = ep.dist
        out.append(Plugin(ep.name, ep.value, dist.name if dist else None, dist.version if dist else "0"))
    return out


def make_nlp(
    *,
    only: Sequence[str] | None = None,
    plugins_: bool | Iterable[Plugin] = True,
    spans: bool = True,
    path: str = "<memory>.txt",
) -> Language:
    """A new ``spacy.Language`` (blank ``zh``) with kg's pipeline (see the module doc).

    ``only`` keeps these extractors (and ``documents``, which the others need) and leaves
    coverage out;
    ``plugins_`` adds the installed plugins (or the given ones); ``spans=False``
    leaves out ``kg_resolve``, ``kg_lexicon`` and ``kg_spans`` (facts only, per gazette)."""
    import spacy

    from kg import __version__
    from kg.extractors import get

    infos = _register_factories()
    if only:
        for n in only:
            if n not in infos:
                get(n)  # raises UnknownExtractorError with the list
        infos = {n: i for n, i in infos.items() if n in only or n == "documents"}
    nlp = spacy.blank("zh")
    nlp.meta["name"] = "kg"
    nlp.meta["version"] = __version__
    nlp.meta["description"] = "kg's stages as spaCy components: layout, extractors, plugins, resolve, spans"
    components: dict[str, dict[str, Any]] = {}
    nlp.add_pipe(LAYOUT, config={"path": path})
    components[LAYOUT] = {"stage": "layout", "version": __version__}
    for info in infos.values():
        pipe = f"kg_{info.name}"
        nlp.add_pipe(pipe)
        components[pipe] = {
            "stage": "extract", "extractor": info.name, "version": info.version,
            "requires": list(info.requires), "makes": list(info.assigns),
        }
    found = plugins() if plugins_ is True else list(plugins_ or [])
    for p in found:
        if p.name in nlp.pipe_names:
            raise PluginError(f"plugin {p.name} clashes with a component of the same name")
        comp = cast(PluginComponent, nlp.add_pipe(
            "kg_plugin", name=p.name, config={"factory": p.name, "extractor": p.name, "version": p.version}
        ))
        components[p.name] = {
            "stage": "extract", "extractor": comp.extractor, "version": comp.version,
            "plugin": p.distribution, "entry_point": p.value,
        }
    if not only:
        from kg.coverage import VERSION as COVERAGE_VERSION

        nlp.add_pipe(COVERAGE)
        components[COVERAGE] = {"stage": "coverage", "version": COVERAGE_VERSION}
    nlp.add_pipe(PRINTED)
    components[PRINTED] = {"stage": "printed", "version": __version__}
    if spans:
        for pipe, stage in ((RESOLVE, "resolve"), (LEXICON, "lexicon"), (SPANS, "spans")):
            nlp.add_pipe(pipe)
            components[pipe] = {"stage": stage, "version": __version__}
    nlp.meta["kg"] = {"version": __version__, "components": components, "plugin_group": PLUGIN_GROUP}
    return nlp


# --------------------------------------------------------------------------
# kg build's extract step
# --------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _build_nlp(only: tuple[str, ...] | None, installed: tuple[tuple[str, str], ...]) -> Language:
    return make_nlp(only=only, spans=False)


def _installed() -> tuple[tuple[str, str], ...]:
    """The entry points of the plugin group now (a plugin installed later makes a new pipeline)."""
    from importlib.metadata import entry_points

    return tuple(sorted((ep.name, ep.value) for ep in entry_points(group=PLUGIN_GROUP)))


def gazette_doc(nlp: Language, gazette: Gazette) -> Doc:
    """A Doc carrying an already parsed gazette: one token holding the whole text (the
    extractors read the gazette, not tokens), so a build pays no tokenisation."""
    from spacy.tokens import Doc

    _extensions()
    text = gazette.source.text
    doc = Doc(nlp.vocab, words=[text], spaces=[False]) if text else Doc(nlp.vocab, words=[])
    doc._.gazette = gazette
    doc._.source = gazette.source
    return doc


def extract_gazette(gazette: Gazette, only: Sequence[str] | None = None) -> GraphBatch:
    """Run the pipeline's components (layout, every extractor, every plugin) over one parsed
    gazette and return its facts (not resolved: a build resolves them all at once)."""
    nlp = _build_nlp(tuple(only) if only else None, _installed())
    doc = gazette_doc(nlp, gazette)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    facts: GraphBatch = doc._.facts
    return facts
