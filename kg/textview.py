"""The view of a file the readers match on.

Real captures of official documents carry web debris (``<p>``, ``&nbsp``
without its semicolon, ``&ldquo;``), half-width punctuation beside Chinese
text (``组长:``, ``市财政局,市教育局``) and sometimes traditional characters.
:func:`reading_view` rewrites all of that **without changing the length of
any line**: a tag or an entity becomes the character it stands for padded with
spaces, a half-width mark becomes its full-width twin, a traditional character
its simplified one. Every offset, line and column of the view is therefore the
printed file's own, and provenance points at the page as printed
(:attr:`kg.model.SourceFile.printed` keeps the original for evidence).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.thresholds import TRADITIONAL_MIN_SHARE, TRADITIONAL_SAMPLE_CHARS

# A tag: <p>, </td>, <br/>, <span style="…">; never across a line.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>")
# An entity, with or without its semicolon (captures drop it: "&nbsp&nbsp").
_ENTITY = re.compile(r"&(?:#(?P<dec>\d{1,6})|#[xX](?P<hex>[0-9A-Fa-f]{1,6})|(?P<name>[A-Za-z]{2,8}));?")
_NAMED = {
    "nbsp": " ", "ensp": " ", "emsp": " ", "thinsp": " ", "amp": "&", "lt": "<", "gt": ">",
    "quot": '"', "apos": "'", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’",
    "middot": "·", "hellip": "…", "mdash": "—", "ndash": "–", "times": "×", "deg": "°",
}
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Half-width marks next to Chinese text (the neighbour decides, so "1,000" and "a:b" stay).
# Brackets are left as printed: 文号 keep their printed brackets, and every reader
# already takes ( ) beside （ ）.
_HALF = {":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}
_HALF_NEAR_CJK = re.compile(rf"(?<=[{_CJK}）)])[:,;?!]|[:,;?!](?=[{_CJK}（(])")


def _entity(m: re.Match[str]) -> str:
    if m.group("dec") or m.group("hex"):
        try:
            ch = chr(int(m.group("dec"), 10) if m.group("dec") else int(m.group("hex"), 16))
        except (ValueError, OverflowError):
            return m.group(0)
        ch = " " if ch in "\xa0\u3000" or not ch.isprintable() else ch
    else:
        name = m.group("name").lower()
        # "&nbsp" glued to the next word: the longest known name that starts the run
        for n in sorted(_NAMED, key=len, reverse=True):
            if name.startswith(n):
                ch = _NAMED[n]
                end = m.start() + 1 + len(n) + (1 if m.group(0)[1 + len(n) : 2 + len(n)] == ";" else 0)
                return (ch + " " * (end - m.start() - 1)) + m.group(0)[end - m.start() :]
        return m.group(0)
    return ch + " " * (len(m.group(0)) - 1)


def _strip_markup(text: str) -> str:
    if "<" in text:
        text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text.replace("\xa0", " ")


def _full_width(text: str) -> str:
    return _HALF_NEAR_CJK.sub(lambda m: _HALF[m.group(0)], text)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    from opencc_purepy import OpenCC

    return OpenCC("t2s")


def _char_t2s(ch: str, cache: dict[str, str]) -> str:
    out = cache.get(ch)
    if out is None:
        conv = _t2s().convert(ch)
        out = conv if len(conv) == 1 else ch
        cache[ch] = out
    return out


def is_traditional(text: str) -> bool:
    """Does ``text`` read as traditional Chinese? (Share of its Chinese characters that
    the traditional→simplified table changes, on a sample.)"""
    sample = [ch for ch in text[:TRADITIONAL_SAMPLE_CHARS] if "\u4e00" <= ch <= "\u9fff"]
    if not sample:
        return False
    cache: dict[str, str] = {}
    changed = sum(1 for ch in sample if _char_t2s(ch, cache) != ch)
    return changed / len(sample) >= TRADITIONAL_MIN_SHARE


def to_simplified(text: str) -> str:
    """Traditional → simplified, character for character (the length never changes)."""
    conv = _t2s().convert(text)
    if len(conv) == len(text):
        return conv
    cache: dict[str, str] = {}
    return "".join(_char_t2s(ch, cache) if "\u3400" <= ch <= "\ufaff" else ch for ch in text)


def reading_view(text: str) -> str:
    """``text`` as the readers see it: same length, line for line (see the module doc)."""
    view = _full_width(_strip_markup(text))
    if is_traditional(view):
        view = to_simplified(view)
    assert len(view) == len(text)
    return view


def printed_map(view: str, printed: str) -> dict[str, str]:
    """For a file read through the traditional→simplified table: each simplified
    character of the view mapped back to the character the file prints for it most
    often (关 -> 關, 于 -> 于 where the file prints 關于)."""
    from collections import Counter

    counts: dict[str, Counter[str]] = {}
    changed = {v for v, p in zip(view, printed, strict=True) if v != p}
    for v, p in zip(view, printed, strict=True):
        if v in changed:
            counts.setdefault(v, Counter())[p] += 1
    return {v: c.most_common(1)[0][0] for v, c in counts.items() if c.most_common(1)[0][0] != v}


def as_printed(s: str, cmap: dict[str, str]) -> str:
    """``s`` (read from the view) in the characters its file prints."""
    return "".join(cmap.get(ch, ch) for ch in s) if cmap else s
