"""kg.ingest: decoding .txt (UTF-8 / BOM / GB18030), .pdf text layers, coded errors."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest

from kg.errors import (
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    MissingPathError,
    PdfTextError,
    UnsupportedFileError,
)
from kg.ingest import iter_input_files, read_source

SAMPLE = "朔州市人民政府公报\r\n\r\n朔州市人民政府办公室关于印发《朔州市气象灾害应急预案》的通知\r\n朔政办发〔2020〕47号\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
    ],
)
def test_txt_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, encoding: str) -> None:
    src = read_source(_write(tmp_path, "a.txt", data))
    assert src.encoding == encoding
    assert not src.text.startswith("\ufeff")
    assert "\r" not in src.text
    assert src.line(1) == "朔州市人民政府公报"
    assert src.line(4) == "朔政办发〔2020〕47号"
    assert src.line_count == 4
    assert src.name == "a"


def test_gb18030_long_file_detected(tmp_path: Path) -> None:
    body = "各县（市、区）人民政府，市直各有关单位：现将《方案》印发给你们，请认真组织实施。\n" * 300
    src = read_source(_write(tmp_path, "long.txt", body.encode("gb18030")))
    assert src.text == body


def test_errors_carry_path_and_code(tmp_path: Path) -> None:
    with pytest.raises(MissingPathError) as e:
        read_source(tmp_path / "nope.txt")
    assert "nope.txt" in str(e.value) and e.value.code == "KG101"
    with pytest.raises(EmptyFileError):
        read_source(_write(tmp_path, "empty.txt", b""))
    with pytest.raises(EmptyFileError):
        read_source(_write(tmp_path, "blank.txt", b" \n\t\r\n  \n"))
    with pytest.raises(BinaryFileError):
        read_source(_write(tmp_path, "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    with pytest.raises(UnsupportedFileError):
        read_source(_write(tmp_path, "a.docx", b"PK\x03\x04"))


def test_undecodable_bytes_are_an_encoding_error(tmp_path: Path) -> None:
    # Invalid in UTF-8 and in GB18030 (0x80 and 0xFF are never valid lead bytes).
    with pytest.raises(EncodingError):
        read_source(_write(tmp_path, "bad.txt", b"\xff\x80\xff\x80\xff" * 50))


def _pdf_with_text(path: Path, lines_per_page: list[list[str]]) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for lines in lines_per_page:
        page = pdf.new_page(300, 300)
        for k, line in enumerate(lines):
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 12.0)
            buf = ctypes.create_string_buffer((line + "\x00").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 20, 260 - 20 * k)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
        page.close()
    pdf.save(str(path))
    pdf.close()


def test_pdf_with_text_layer(tmp_path: Path) -> None:
    p = tmp_path / "issue.pdf"
    _pdf_with_text(p, [["Gazette 2020 No 4", "Page one"], ["Page two"]])
    src = read_source(p)
    assert src.encoding == "pdf"
    assert "Gazette 2020 No 4" in src.text
    assert src.text.index("Page one") < src.text.index("Page two")
    assert "\r" not in src.text


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    p = tmp_path / "scan.pdf"
    _pdf_with_text(p, [[]])
    with pytest.raises(PdfTextError) as e:
        read_source(p)
    assert "scan.pdf" in str(e.value)


def test_broken_pdf(tmp_path: Path) -> None:
    with pytest.raises(PdfTextError):
        read_source(_write(tmp_path, "broken.pdf", b"%PDF-1.4\nnot really a pdf\n"))


def test_iter_input_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    a = _write(tmp_path, "b.txt", b"x")
    b = _write(tmp_path / "sub", "a.pdf", b"%PDF")
    _write(tmp_path, "notes.md", b"x")
    assert iter_input_files([tmp_path]) == sorted([a, b])
    assert iter_input_files([a, tmp_path]) == sorted([a, b])
    with pytest.raises(MissingPathError):
        iter_input_files([tmp_path / "missing"])
    with pytest.raises(UnsupportedFileError):
        iter_input_files([tmp_path / "notes.md"])
