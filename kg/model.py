"""Typed contracts between the pipeline stages.

read (:mod:`kg.ingest`) -> :class:`SourceFile`
layout repair (:mod:`kg.layout`) -> :class:`Block` list, each a :class:`Text`
segment (:mod:`kg.segment`) -> :class:`Gazette` with :class:`Document` s
extract (``kg.extractors.*``) -> :class:`GraphBatch` of :class:`Node` / :class:`Edge`
resolve / validate -> store

The one rule every stage keeps: any character handed to an extractor can be
traced back to the original file's line and column. :class:`Text` carries, for
each of its characters, the offset of that character in the decoded source
file; joining, slicing and stripping keep that map, so a fact's
:class:`Provenance` always points at the page.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

# --------------------------------------------------------------------------
# Source
# --------------------------------------------------------------------------


@dataclass(slots=True)
class SourceFile:
    """A decoded input file.

    ``text`` is the decoded text with universal newlines (``\\r\\n`` and ``\\r``
    become ``\\n``) and without a BOM, in its reading view
    (:func:`kg.textview.reading_view`: web debris blanked, half-width marks and
    traditional characters mapped, every line its printed length). ``printed``
    keeps the decoded text as printed when the view differs from it; evidence is
    taken from it. Line numbers are 1-based; character offsets are 0-based
    code-point offsets, the same in both.
    """

    path: str
    text: str
    encoding: str
    sha256: str
    line_starts: list[int] = field(default_factory=list)
    printed: str | None = None

    def __post_init__(self) -> None:
        if not self.line_starts:
            starts = [0]
            for i, ch in enumerate(self.text):
                if ch == "\n":
                    starts.append(i + 1)
            self.line_starts = starts

    @property
    def name(self) -> str:
        """The file name without directory and extension (the gazette id)."""
        base = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return base.rsplit(".", 1)[0] if "." in base else base

    @property
    def line_count(self) -> int:
        n = len(self.line_starts)
        if self.text.endswith("\n"):
            n -= 1
        return n

    def line(self, no: int) -> str:
        """The text of 1-based line ``no`` without its newline."""
        start = self.line_starts[no - 1]
        end = self.line_starts[no] - 1 if no < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def line_text(self, no: int) -> Text:
        """Line ``no`` as a :class:`Text` that keeps its offsets."""
        start = self.line_starts[no - 1]
        s = self.line(no)
        return Text(s, list(range(start, start + len(s))), self)

    def locate(self, offset: int) -> tuple[int, int]:
        """(1-based line, 0-based column) of a character offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i]

    @classmethod
    def from_text(cls, text: str, path: str = "<memory>.txt", encoding: str = "utf-8") -> SourceFile:
        """Build a source from decoded text (files, tests, snippets): universal
        newlines, then the reading view."""
        from kg.textview import reading_view

        text = text.replace("\r\n", "\n").replace("\r", "\n")
        view = reading_view(text)
        return cls(
            path, view, encoding, hashlib.sha256(text.encode("utf-8")).hexdigest(),
            printed=text if view != text else None,
        )


class Text:
    """A string whose characters remember where they came from.

    ``offsets[i]`` is the source offset of ``text[i]``, or ``-1`` for a
    character that layout repair inserted (e.g. a tab between cells). Slicing
    and concatenation keep the map; :meth:`span` turns a slice into a
    :class:`Span` on the original file.
    """

    __slots__ = ("offsets", "source", "text")

    def __init__(self, text: str, offsets: Sequence[int], source: SourceFile | None) -> None:
        if len(text) != len(offsets):
            raise ValueError("Text and offsets differ in length")
        self.text = text
        self.offsets = list(offsets)
        self.source = source

    # -- construction ---------------------------------------------------
    @classmethod
    def join(cls, parts: Iterable[Text], sep: str = "") -> Text:
        parts = list(parts)
        source = next((p.source for p in parts if p.source is not None), None)
        text: list[str] = []
        offsets: list[int] = []
        for i, p in enumerate(parts):
            if i and sep:
                text.append(sep)
                offsets.extend([-1] * len(sep))
            text.append(p.text)
            offsets.extend(p.offsets)
        return cls("".join(text), offsets, source)

    @classmethod
    def plain(cls, text: str) -> Text:
        """A Text with no source (offsets all -1)."""
        return cls(text, [-1] * len(text), None)

    # -- str-like -------------------------------------------------------
    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        loc = self.first_line
        return f"Text({self.text!r}, line={loc})"

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, item: slice) -> Text:
        if not isinstance(item, slice):
            raise TypeError("Text supports slices only; use .text[i] for a character")
        return Text(self.text[item], self.offsets[item], self.source)

    def __add__(self, other: Text) -> Text:
        return Text.join([self, other])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return self.text == other.text and self.offsets == other.offsets
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def find(self, sub: str, start: int = 0) -> int:
        return self.text.find(sub, start)

    def strip(self, chars: str | None = None) -> Text:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self[left:right] if right > left else self[0:0]

    def remove_whitespace(self) -> Text:
        keep = [i for i, ch in enumerate(self.text) if not ch.isspace()]
        return Text("".join(self.text[i] for i in keep), [self.offsets[i] for i in keep], self.source)

    def printed(self) -> str:
        """The characters as printed in the source (traditional characters, half-width marks),
        where the reading view changed them; inserted characters as they are."""
        src = self.source.printed if self.source is not None else None
        if src is None:
            return self.text
        return "".join(src[o] if o >= 0 else ch for ch, o in zip(self.text, self.offsets, strict=True))

    # -- provenance -----------------------------------------------------
    def source_offset(self, i: int) -> int | None:
        """Source offset of character ``i``, searching outward past inserted chars."""
        n = len(self.offsets)
        if not n:
            return None
        i = min(max(i, 0), n - 1)
        for j in range(i, n):
            if self.offsets[j] >= 0:
                return self.offsets[j]
        for j in range(i - 1, -1, -1):
            if self.offsets[j] >= 0:
                return self.offsets[j]
        return None

    @property
    def first_line(self) -> int | None:
        off = self.source_offset(0)
        if off is None or self.source is None:
            return None
        return self.source.locate(off)[0]

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The :class:`Span` of ``text[start:end]`` in the source file."""
        end = len(self.text) if end is None else end
        if self.source is None:
            return Span("<memory>", 0, 0, 0, 0, self.text[start:end])
        a = self.source_offset(start)
        b = self.source_offset(max(end - 1, start))
        if a is None or b is None:
            return Span(self.source.path, 0, 0, 0, 0, self.text[start:end])
        line, col = self.source.locate(a)
        if self.source.printed is not None:  # evidence as printed, not as read
            return Span(self.source.path, line, col, a, b + 1, self.source.printed[a : b + 1])
        return Span(self.source.path, line, col, a, b + 1, self.text[start:end])


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an original file: line/col of its start and char offsets."""

    file: str
    line: int
    col: int
    char_start: int
    char_end: int
    text: str


# --------------------------------------------------------------------------
# Layout and documents
# --------------------------------------------------------------------------

BlockKind = Literal["heading", "paragraph", "table_row", "list_item", "blank", "header_footer"]


@dataclass(slots=True)
class Block:
    """A unit of repaired layout: a paragraph with hard wraps joined, a heading,
    a list item, or a flattened table row (``cells`` filled)."""

    kind: BlockKind
    text: Text
    cells: list[Text] | None = None
    outline: str | None = None  # "一、", "（一）", "1.", "（1）" when the block opens with one
    level: int | None = None  # outline depth: 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）

    @property
    def line(self) -> int:
        return self.text.first_line or 0

    @property
    def lines(self) -> list[int]:
        src = self.text.source
        if src is None:
            return []
        seen: list[int] = []
        for off in self.text.offsets:
            if off >= 0:
                ln = src.locate(off)[0]
                if not seen or seen[-1] != ln:
                    seen.append(ln)
        return seen


DocKind = Literal["notice", "opinion", "approval", "report", "appointment", "chronicle", "plan", "other"]


@dataclass(slots=True)
class Attachment:
    title: str
    line: int
    kind: str | None = None  # 方案, 预案, 办法, 分解表 …


@dataclass(slots=True)
class Document:
    """One official document of a gazette issue (attachments included)."""

    source: SourceFile
    gazette_id: str
    title: str
    doc_number: str | None
    issuer: str | None
    date: str | None  # ISO yyyy-mm-dd of the 落款 (covering notice)
    kind: DocKind
    section: str | None
    start_line: int  # first line of the title block (body, not TOC)
    end_line: int  # last line (inclusive)
    recipients: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    city: str | None = None

    @property
    def key(self) -> str:
        from kg.keys import document_key

        return document_key(self.doc_number, self.gazette_id, self.title)

    def line_texts(self) -> Iterator[tuple[int, Text]]:
        """(line number, Text) for every original line of the document."""
        for no in range(self.start_line, self.end_line + 1):
            yield no, self.source.line_text(no)


@dataclass(slots=True)
class Gazette:
    """One gazette issue (one input file)."""

    source: SourceFile
    id: str  # file stem
    city: str | None
    province: str | None
    year: int | None
    issue: int | None
    total: int | None
    published: str | None
    documents: list[Document] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # repaired layout of the whole file


# --------------------------------------------------------------------------
# Graph facts
# --------------------------------------------------------------------------

Confidence = Literal["certain", "ambiguous"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from. Travels onto every relationship."""

    file: str
    doc_number: str | None
    line: int
    col: int
    char_start: int
    char_end: int
    evidence: str
    extractor: str
    extractor_version: str
    confidence: Confidence = "certain"
    reason: str | None = None

    @classmethod
    def from_span(
        cls,
        span: Span,
        *,
        doc_number: str | None,
        extractor: str,
        version: str,
        confidence: Confidence = "certain",
        reason: str | None = None,
    ) -> Provenance:
        return cls(
            span.file,
            doc_number,
            span.line,
            span.col,
            span.char_start,
            span.char_end,
            span.text,
            extractor,
            version,
            confidence,
            reason,
        )

    def as_props(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "doc_number": self.doc_number,
            "line": self.line,
            "col": self.col,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "evidence": self.evidence,
            "extractor": self.extractor,
            "extractor_version": self.extractor_version,
            "confidence": self.confidence,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class NodeRef:
    label: str
    key: str


@dataclass(slots=True)
class Node:
    label: str
    key: str
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> NodeRef:
        return NodeRef(self.label, self.key)


@dataclass(slots=True)
class Edge:
    type: str
    src: NodeRef
    dst: NodeRef
    prov: Provenance
    props: dict[str, Any] = field(default_factory=dict)
    origin: str | None = None  # content id of the source file (kg.identity); stands for the file in the key

    @property
    def key(self) -> str:
        """Stable identity: same fact from the same place -> same key (idempotent loads).
        The place is the file's content (``origin``) once :func:`kg.identity.rekey_by_content`
        ran, so a copy or a re-encoding of a file gives the same keys."""
        ident = "|".join(
            [
                self.type,
                self.src.label,
                self.src.key,
                self.dst.label,
                self.dst.key,
                self.origin or self.prov.file.rsplit("/", 1)[-1],
                str(self.prov.line),
                str(self.prov.char_start),
                *(f"{k}={self.props[k]}" for k in sorted(self.props) if k in _EDGE_IDENTITY_PROPS),
            ]
        )
        return hashlib.sha1(ident.encode("utf-8")).hexdigest()


# Relationship properties that distinguish two facts between the same nodes.
_EDGE_IDENTITY_PROPS = frozenset({"role", "level", "position", "as_printed"})


@dataclass(slots=True)
class GraphBatch:
    """Nodes (merged by label+key) and edges produced by the pipeline."""

    nodes: dict[NodeRef, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)

    def add_node(self, label: str, key: str, **props: Any) -> NodeRef:
        ref = NodeRef(label, key)
        node = self.nodes.get(ref)
        if node is None:
            self.nodes[ref] = Node(label, key, {k: v for k, v in props.items() if v is not None})
        else:
            for k, v in props.items():
                if v is None:
                    continue
                if k == "aliases":
                    merged = list(node.props.get("aliases", []))
                    merged.extend(a for a in v if a not in merged)
                    node.props["aliases"] = merged
                elif k not in node.props:
                    node.props[k] = v
        return ref

    def add_edge(self, type: str, src: NodeRef, dst: NodeRef, prov: Provenance, **props: Any) -> Edge:
        edge = Edge(type, src, dst, prov, {k: v for k, v in props.items() if v is not None})
        self.edges.setdefault(edge.key, edge)
        return edge

    def extend(self, other: GraphBatch) -> None:
        for node in other.nodes.values():
            self.add_node(node.label, node.key, **node.props)
        for key, edge in other.edges.items():
            self.edges.setdefault(key, edge)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for ref in self.nodes:
            out[ref.label] = out.get(ref.label, 0) + 1
        for e in self.edges.values():
            out[e.type] = out.get(e.type, 0) + 1
        return dict(sorted(out.items()))
