"""Small, dependency-free string normalisations shared by every stage."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")

# Brackets around the year of a 文号: 〔〕 [] () （） 【】 ［］ ﹝﹞ are all printed.
_DOCNO_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕",
                                 "【": "〔", "】": "〕", "［": "〔", "］": "〕", "﹝": "〔", "﹞": "〕",
                                 "〖": "〔", "〗": "〕"})

_ALL_BRACKETS = str.maketrans({"[": "(", "]": ")", "（": "(", "）": ")", "〔": "(", "〕": ")",
                               "【": "(", "】": ")", "［": "(", "］": ")", "﹝": "(", "﹞": ")"})


def strip_ws(s: str) -> str:
    """Remove ALL whitespace (the gold convention: "张 韬" -> "张韬")."""
    return _WS.sub("", s)


def nfkc_digits(s: str) -> str:
    """Full-width digits to ASCII, leaving other characters alone."""
    return "".join(unicodedata.normalize("NFKC", ch) if "０" <= ch <= "９" else ch for ch in s)


def normalize_doc_number(s: str) -> str:
    """Canonical 文号: no whitespace, year in 〔〕, ASCII digits.

    ``"晋政办发 (2020) 17 号"`` -> ``"晋政办发〔2020〕17号"``. Numbers that have no
    bracketed year (``2019年农业农村部令第3号``) only lose their whitespace.
    """
    s = nfkc_digits(strip_ws(s))
    m = re.match(r"^(.*?)([\[\(（【［﹝〔〖])(\d{4})([\]\)）】］﹞〕〗])(.*)$", s)
    if m:
        return f"{m.group(1)}〔{m.group(3)}〕{m.group(5)}"
    return s


def compare_key(s: str | None) -> str:
    """Loose comparison form used by the evaluator: no whitespace, one bracket
    style, full-width ASCII folded (，-> , ：-> :)."""
    if s is None:
        return ""
    s = strip_ws(s).translate(_ALL_BRACKETS)
    return unicodedata.normalize("NFKC", s).translate(_ALL_BRACKETS)
