"""Read input files into :class:`~kg.model.SourceFile` objects.

``.txt`` files may be UTF-8 (with or without BOM) or GB18030/GBK; the encoding
is detected with charset-normalizer. ``.pdf`` files must carry a text layer and
are read with pypdfium2 (pages joined with a blank line). Every failure is a
coded :class:`~kg.errors.InputError` that names the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.errors import (
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    MissingPathError,
    PdfTextError,
    UnsupportedFileError,
)
from kg.model import SourceFile

SUPPORTED_SUFFIXES = (".txt", ".pdf")


def iter_input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories (recursively) into a sorted list of inputs.

    Directories contribute every ``.txt`` / ``.pdf`` below them; a file named
    explicitly must exist and have a supported suffix.
    """
    out: set[Path] = set()
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise MissingPathError("no such file or directory", path=str(path))
        if path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    out.add(child)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            out.add(path)
        else:
            raise UnsupportedFileError(
                f"unsupported file type {path.suffix or '(none)'!r}; expected .txt or .pdf", path=str(path)
            )
    return sorted(out)


def read_source(path: str | Path) -> SourceFile:
    """Decode ``path`` into a :class:`SourceFile` (universal newlines, no BOM)."""
    p = Path(path)
    if not p.exists():
        raise MissingPathError("no such file", path=str(p))
    if p.is_dir():
        raise UnsupportedFileError("is a directory, not a file", path=str(p))
    suffix = p.suffix.lower()
    if suffix == ".txt":
        data = p.read_bytes()
        text, encoding = decode_text(data, str(p))
    elif suffix == ".pdf":
        text, encoding = _read_pdf(p), "pdf"
    else:
        raise UnsupportedFileError(
            f"unsupported file type {p.suffix or '(none)'!r}; expected .txt or .pdf", path=str(p)
        )
    if not text.strip():
        raise EmptyFileError("file is empty or holds only whitespace", path=str(p))
    return SourceFile.from_text(text, str(p), encoding)


def decode_text(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes of a text file; returns (text, encoding name)."""
    if not data.strip():
        raise EmptyFileError("file is empty or holds only whitespace", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise EncodingError(f"UTF-8 BOM but invalid UTF-8 at byte {exc.start}", path=path) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise EncodingError("UTF-16 BOM but undecodable", path=path) from exc
    if b"\x00" in data:
        raise BinaryFileError("file holds NUL bytes; not a text file", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: the only other encoding accepted is GB18030 (superset of GBK /
    # GB2312). charset-normalizer confirms it; a file it reads as something else
    # (latin-1, cp1252 …) is still tried as GB18030, strictly.
    detected = _detect(data)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        hint = f" (charset-normalizer guesses {detected})" if detected and detected != "gb18030" else ""
        raise EncodingError(f"cannot decode as UTF-8 or GB18030/GBK at byte {exc.start}{hint}", path=path) from exc
    if _looks_binary(text):
        raise BinaryFileError("file holds control characters; not a text file", path=path)
    return text, "gb18030"


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess on the whole file (a sample cut mid-character
    would make it return nothing)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    enc = best.encoding.lower().replace("-", "_")
    # GB2312 and GBK are subsets of GB18030: decode with the superset.
    if enc in {"gb2312", "gbk", "gb18030", "hz", "cp936"}:
        return "gb18030"
    return best.encoding


def _looks_binary(text: str) -> bool:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad > max(2, len(text) // 100)


def _read_pdf(p: Path) -> str:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise PdfTextError("pypdfium2 is not installed", path=str(p)) from exc
    try:
        pdf = pdfium.PdfDocument(str(p))
    except Exception as exc:  # pypdfium2 raises PdfiumError (and others) on broken files
        raise PdfTextError(f"unreadable PDF: {exc}", path=str(p)) from exc
    pages: list[str] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                pages.append(textpage.get_text_range())
            finally:
                textpage.close()
                page.close()
    except Exception as exc:
        raise PdfTextError(f"cannot extract text: {exc}", path=str(p)) from exc
    finally:
        pdf.close()
    text = "\n\n".join(pg.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") for pg in pages)
    if not text.strip():
        raise PdfTextError("PDF has no text layer (scanned images?); run OCR first", path=str(p))
    return text + "\n"
