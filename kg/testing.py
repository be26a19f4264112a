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


def hard_wrap(text: str, width: int = 20, *, keep_tab_rows: bool = True) -> str:
    """Hard-wrap every line longer than ``width`` characters, as narrow PDF columns
    come out of text extraction. Tab-separated table rows are left whole unless
    ``keep_tab_rows`` is false."""
    out: list[str] = []
    for line in text.split("\n"):
        if (keep_tab_rows and "\t" in line) or len(line) <= width:
            out.append(line)
        else:
            out.extend(line[k : k + width] for k in range(0, len(line), width))
    return "\n".join(out)


def insert_page_furniture(text: str, every: int, *, city: str = "测试市", number_by_line: bool = False) -> str:
    """A page number and a running header every ``every`` lines, so page seams
    fall inside sentences, rosters and tables. Pages are numbered 1, 2, … (or by
    the line index with ``number_by_line``)."""
    out: list[str] = []
    page = 1
    for i, line in enumerate(text.split("\n"), 1):
        if i % every == 0:
            out.extend(["", f"— {i if number_by_line else page} —", "", f"{city}人民政府公报", ""])
            page += 1
        out.append(line)
    return "\n".join(out)
