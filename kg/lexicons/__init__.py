"""Lexicons as data: the word lists kg matches with, each a TSV file with a ``source`` column.

=====================  ==============================================================  ======================
file                   rows                                                            read by
=====================  ==============================================================  ======================
``agencies.tsv``       level, standard unit name, a printed short form (市发改委 = …)   kg.resolve, kg_lexicon
``morphemes.tsv``      full morpheme -> short morpheme (发展和改革 -> 发改)               kg.resolve
``endings.tsv``        full ending -> short ending (委员会 -> 委)                        kg.resolve
``org_suffixes.tsv``   endings that make a string a unit name (局, 委, 中心 …)          kg.agencies, kg_lexicon
``posts.tsv``          post titles (局长, 副主任 …)                                     kg.names, kg_lexicon
=====================  ==============================================================  ======================

Lines starting with ``#`` are comments; the first other line is the header. The
files hold general knowledge of how units and posts are named, never a name
taken from a corpus. They are read once (cached).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "agency_forms",
    "endings",
    "morphemes",
    "org_suffixes",
    "post_titles",
    "rows",
    "standard_name",
]

LEXICONS: tuple[str, ...] = ("agencies", "morphemes", "endings", "org_suffixes", "posts")


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``kg/lexicons/<name>.tsv`` as dicts keyed by the header."""
    text = (resources.files("kg.lexicons") / f"{name}.tsv").read_text(encoding="utf-8")
    header: list[str] | None = None
    out: list[dict[str, str]] = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ValueError(f"kg/lexicons/{name}.tsv:{no}: {len(cells)} cells, the header has {len(header)}")
        out.append(dict(zip(header, cells, strict=True)))
    return tuple(out)


@lru_cache(maxsize=1)
def morphemes() -> tuple[tuple[str, str], ...]:
    """(full, short) morphemes in file order (the file lists a longer form before its parts)."""
    return tuple((r["full"], r["short"]) for r in rows("morphemes"))


@lru_cache(maxsize=1)
def endings() -> tuple[tuple[str, str], ...]:
    return tuple((r["full"], r["short"]) for r in rows("endings"))


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[str, ...]:
    return tuple(r["suffix"] for r in rows("org_suffixes"))


@lru_cache(maxsize=1)
def post_titles() -> tuple[str, ...]:
    """Post titles, longest first (so that an alternation prefers them)."""
    return tuple(sorted({r["title"] for r in rows("posts")}, key=len, reverse=True))


@lru_cache(maxsize=1)
def agency_forms() -> dict[str, str]:
    """Every printed form of ``agencies.tsv`` (standard names and short forms) -> its standard name."""
    out: dict[str, str] = {}
    for r in rows("agencies"):
        out.setdefault(r["name"], r["name"])
        if r["short"]:
            out.setdefault(r["short"], r["name"])
    return out


# A county or district printed before a unit (朔城区应急局): the place, then the unit.
_PLACE_PREFIX_RE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,6}?(?P<level>[县区]))(?P<unit>[\u4e00-\u9fff]{2,})$")


def standard_name(form: str) -> str | None:
    """The standard name of a printed unit form by ``agencies.tsv``, or ``None``.

    ``市发改委`` -> ``市发展和改革委员会``; a county's own name before the unit is kept:
    ``朔城区应急局`` -> ``朔城区应急管理局``. The form must be a whole row entry: the
    lexicon never shortens or guesses.
    """
    table = agency_forms()
    if form in table:
        return table[form]
    m = _PLACE_PREFIX_RE.match(form)
    if m:
        key = m.group("level") + m.group("unit")
        if key in table:
            return m.group("place") + table[key][1:]
    return None
