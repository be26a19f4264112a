"""Read input files into :class:`~kg.model.SourceFile` objects.

``.txt`` files may be UTF-8 (with or without BOM) or GB18030/GBK; the encoding
is detected with charset-normalizer. ``.pdf`` files must carry a text layer and
are read with pypdfium2 (pages joined with a blank line). Every failure is a
coded :class:`~kg.errors.InputError` that names the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import (
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    InputTooLargeError,
    KgError,
    MissingPathError,
    PdfTextError,
    UnreadableInputError,
    UnsupportedFileError,
)
from kg.model import SourceFile

SUPPORTED_SUFFIXES = (".txt", ".pdf")


@dataclass
class InputScan:
    """The input files found under the given paths, and what was skipped (with why)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def scan_inputs(paths: Iterable[str | Path]) -> InputScan:
    """Expand files and directories (recursively) into a sorted list of inputs.

    Directories contribute every regular ``.txt`` / ``.pdf`` below them; what a
    directory holds but cannot be read is skipped and reported in ``skipped``
    (dangling links, links to folders — not followed, so a link loop cannot
    hang the walk —, folders that cannot be listed, FIFOs, devices and sockets
    named like inputs). A path named explicitly must exist, be a regular file
    and have a supported suffix (KG101, KG106, KG515).
    """
    out: set[Path] = set()
    scan = InputScan()
    for p in paths:
        path = Path(p)
        if not path.exists():
            if path.is_symlink():
                raise UnreadableInputError("a link to nothing (dangling symbolic link)", path=str(path))
            raise MissingPathError("no such file or directory", path=str(path))
        if path.is_dir():
            _walk(path, out, scan)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            _check_regular(path)
            out.add(path)
        else:
            raise UnsupportedFileError(
                f"unsupported file type {path.suffix or '(none)'!r}; expected .txt or .pdf", path=str(path)
            )
    scan.files = sorted(out)
    scan.skipped.sort()
    return scan


def _walk(root: Path, out: set[Path], scan: InputScan) -> None:
    def unlistable(err: OSError) -> None:
        scan.skipped.append((str(err.filename or root), f"folder cannot be listed ({err.strerror or err})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=False):
        base = Path(dirpath)
        for d in sorted(dirnames):
            if (base / d).is_symlink():
                scan.skipped.append((str(base / d), "link to a folder (not followed)"))
        for name in sorted(filenames):
            child = base / name
            if child.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            why = _not_regular(child)
            if why:
                scan.skipped.append((str(child), why))
            else:
                out.add(child)


def _not_regular(path: Path) -> str | None:
    """Why ``path`` is not a regular file kg can read, or None."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "a link to nothing (dangling symbolic link)"
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    mode = st.st_mode
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def _check_regular(path: Path) -> None:
    why = _not_regular(path)
    if why:
        raise UnreadableInputError(why, path=str(path))


def iter_input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files of :func:`scan_inputs` (what it skipped is dropped)."""
    return scan_inputs(paths).files


def read_source(path: str | Path, *, max_mb: float | None = None) -> SourceFile:
    """Decode ``path`` into a :class:`SourceFile` (universal newlines, no BOM).

    Refused before a byte is read: a path that is not a regular file (KG515) and
    a file over ``max_mb`` megabytes (KG514; default :data:`kg.limits.MAX_INPUT_MB`,
    ``KG_MAX_INPUT_MB``). A file that cannot be opened is KG515 too.
    """
    from kg.limits import MAX_INPUT_MB

    p = Path(path)
    if not p.exists() and not p.is_symlink():
        raise MissingPathError("no such file", path=str(p))
    if p.is_dir():
        raise UnsupportedFileError("is a directory, not a file", path=str(p))
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileError(
            f"unsupported file type {p.suffix or '(none)'!r}; expected .txt or .pdf", path=str(p)
        )
    _check_regular(p)
    limit = MAX_INPUT_MB if max_mb is None else max_mb
    size = p.stat().st_size
    if size > limit * 1_000_000:
        raise InputTooLargeError(
            f"{size / 1e6:.3g} MB is over the input size limit of {limit:g} MB "
            "(raise it with --max-input-mb or KG_MAX_INPUT_MB)",
            path=str(p),
        )
    try:
        if suffix == ".txt":
            data = p.read_bytes()
            text, encoding = decode_text(data, str(p))
        else:
            text, encoding = _read_pdf(p), "pdf"
    except PermissionError as exc:
        raise UnreadableInputError(f"cannot be read: {exc.strerror or 'permission denied'}", path=str(p)) from exc
    except IsADirectoryError as exc:
        raise UnsupportedFileError("is a directory, not a file", path=str(p)) from exc
    except OSError as exc:
        if isinstance(exc, KgError):
            raise
        raise UnreadableInputError(f"cannot be read: {exc.strerror or exc}", path=str(p)) from exc
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
    except UnicodeDecodeError as exc:
        utf8_at = exc.start
    # Not UTF-8: the only other encoding accepted is GB18030 (superset of GBK /
    # GB2312). charset-normalizer confirms it; a file it reads as something else
    # (latin-1, cp1252 …) is still tried as GB18030, strictly.
    detected = _detect(data)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        hint = f" (charset-normalizer guesses {detected})" if detected and detected != "gb18030" else ""
        raise EncodingError(
            f"cannot decode as UTF-8 (first bad byte at {utf8_at}) or GB18030/GBK (at byte {exc.start}){hint}",
            path=path,
        ) from exc
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
