"""Helpers for golden tests: turn a snippet into the objects extractors take."""

from __future__ import annotations

from kg.model import Block, DocKind, Document, Gazette, SourceFile


def make_source(text: str, path: str = "snippet.txt") -> SourceFile:
    return SourceFile.from_text(text, path)


def _blocks(source: SourceFile) -> list[Block]:
    from kg import layout

    return layout.repair(source)


def make_document(
    text: str,
    *,
    doc_number: str | None = "测政发〔2020〕1号",
    title: str = "测试市人民政府关于测试的通知",
    issuer: str | None = "测试市人民政府",
    date: str | None = "2020-01-01",
    kind: DocKind = "notice",
    city: str | None = "测试市",
    path: str = "snippet.txt",
) -> Document:
    """A one-document gazette around ``text`` (every line belongs to the document)."""
    source = make_source(text, path)
    gazette = Gazette(source, source.name, city, None, 2020, 1, 1, None)
    doc = Document(
        source=source,
        gazette_id=gazette.id,
        title=title,
        doc_number=doc_number,
        issuer=issuer,
        date=date,
        kind=kind,
        section=None,
        start_line=1,
        end_line=max(source.line_count, 1),
        city=city,
    )
    doc.blocks = _blocks(source)
    gazette.documents.append(doc)
    return doc


def make_gazette(doc: Document) -> Gazette:
    return Gazette(doc.source, doc.gazette_id, doc.city, None, 2020, 1, 1, None, [doc])
