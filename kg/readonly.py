"""Refuse Cypher that could write, administer or leave the graph.

The service and ``kg render`` open stores read-only; this checker is the
second lock. It works on tokens, never on raw text, so keywords inside
string literals, comments and backticked names do not count, and keywords
hidden by case, comments, unusual whitespace or zero-width characters do.

The rules, all conservative (a false refusal is an annoyance, a false pass a
hole):

* one statement only: a ``;`` may end the text but not separate two;
* a statement (and every ``CALL { … }`` subquery body) starts with a read
  clause: MATCH, OPTIONAL, WITH, UNWIND, RETURN, CALL, EXPLAIN, PROFILE or a
  ``CYPHER`` prefix — admin commands (SHOW, USE, START/STOP DATABASE, GRANT,
  BEGIN …) start with something else;
* write and admin words are refused wherever they stand as keywords (CREATE,
  MERGE, SET, DELETE, DETACH, REMOVE, DROP, FOREACH, LOAD, COPY, ALTER,
  GRANT, REVOKE, DENY, … ``IN TRANSACTIONS``); a word right after ``.``,
  ``:`` or ``$`` or right before ``:`` is a property, label, parameter or
  map key, not a keyword;
* ``CALL name(…)`` only for procedures on a read allowlist (``db.labels`` …,
  LadybugDB's ``show_tables`` …); ``dbms.*``, write ``db.*`` and non-read
  ``apoc.*`` names are refused anywhere, also as functions; ``CALL x = v``
  (LadybugDB configuration) is refused.

Text the tokenizer cannot read (an unterminated string or comment) is
refused too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from kg.errors import WriteQueryRefusedError

# Words that are never allowed as keywords in a read query.
FORBIDDEN: frozenset[str] = frozenset(
    {
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "DETACH",
        "REMOVE",
        "DROP",
        "FOREACH",
        "LOAD",
        "COPY",
        "ALTER",
        "GRANT",
        "REVOKE",
        "DENY",
        "TERMINATE",
        "TRANSACTIONS",
        "INSTALL",
        "UNINSTALL",
        "ATTACH",
        "EXPORT",
        "IMPORT",
        "CHECKPOINT",
        "COMMIT",
        "ROLLBACK",
        "RENAME",
        "TRUNCATE",
        "DEALLOCATE",
        "REALLOCATE",
        "ENABLE",
        "DISABLE",
    }
)

# Words that are admin commands where they open a statement or follow a
# brace; elsewhere they may be variable names (``MATCH (start)``).
ADMIN_OPENERS: frozenset[str] = frozenset({"USE", "SHOW", "START", "STOP", "BEGIN", "SUSPEND", "DRYRUN"})

# After START/STOP these make a database command wherever they stand.
_DB_WORDS: frozenset[str] = frozenset({"DATABASE", "DATABASES", "COMPOSITE", "SERVER", "SERVERS"})

READ_OPENERS: frozenset[str] = frozenset(
    {"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL", "EXPLAIN", "PROFILE", "CYPHER"}
)

# Procedures a read query may CALL (lower-cased full names).
READ_PROCEDURES: frozenset[str] = frozenset(
    {
        # Neo4j
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.indexes",
        "db.constraints",
        "db.info",
        "db.ping",
        "db.awaitindexes",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.index.vector.querynodes",
        "apoc.meta.schema",
        "apoc.meta.stats",
        "apoc.meta.data",
        "apoc.path.expand",
        "apoc.path.expandconfig",
        "apoc.path.subgraphnodes",
        "apoc.path.subgraphall",
        "apoc.path.spanningtree",
        "apoc.help",
        # LadybugDB / Kuzu table functions
        "show_tables",
        "table_info",
        "show_connection",
        "db_version",
        "show_functions",
        "show_indexes",
        "current_setting",
        "show_warnings",
        "show_attached_databases",
        "query_fts_index",
    }
)

# Function namespaces that are read-only in APOC.
_APOC_READ_NS: frozenset[str] = frozenset(
    {
        "text",
        "coll",
        "map",
        "date",
        "temporal",
        "convert",
        "math",
        "number",
        "meta",
        "path",
        "agg",
        "hashing",
        "bitwise",
        "scoring",
        "label",
        "any",
        "node",
        "nodes",
        "rel",
        "util",
        "help",
        "version",
        "json",
    }
)
_APOC_WRITE_PARTS: frozenset[str] = frozenset(
    {
        "create",
        "merge",
        "delete",
        "refactor",
        "periodic",
        "cypher",
        "do",
        "export",
        "load",
        "import",
        "trigger",
        "schema",
        "atomic",
        "lock",
        "systemdb",
        "log",
        "custom",
        "uuid",
        "ttl",
        "set",
        "remove",
        "setproperty",
        "setlabels",
        "addlabels",
        "removelabels",
        "link",
        "connect",
        "graph",
    }
)

_LINE_ENDS = "\n\r\u2028\u2029\u0085\x0b\x0c"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word", "quoted" (backticks), "string", "number", "param", "punct"
    text: str  # words: NFKC upper-case; punct: the character(s)
    pos: int


class _Unreadable(Exception):
    pass


def _is_format(ch: str) -> bool:
    """Zero-width and other invisible characters (Unicode Cf, ignorable controls)."""
    cat = unicodedata.category(ch)
    return cat == "Cf" or (cat == "Cc" and not ch.isspace())


def _is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _is_word(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def tokenize(text: str, *, join_format_chars: bool = True) -> list[Token]:
    """Split Cypher into tokens; comments and whitespace are dropped.

    With ``join_format_chars`` invisible characters inside a word are
    ignored (``CRE\\u200bATE`` reads CREATE); without it they separate words.
    The checker tries both, since databases disagree.
    """
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _is_space(ch):
            i += 1
            continue
        if _is_format(ch):
            i += 1
            continue
        if text.startswith("//", i):
            while i < n and text[i] not in _LINE_ENDS:
                i += 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise _Unreadable("unterminated /* comment")
            i = end + 2
            continue
        if ch in "'\"":
            j = i + 1
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text[j] == ch:
                    break
                j += 1
            if j >= n:
                raise _Unreadable("unterminated string literal")
            out.append(Token("string", text[i + 1 : j], i))
            i = j + 1
            continue
        if ch == "`":
            j = i + 1
            while True:
                k = text.find("`", j)
                if k < 0:
                    raise _Unreadable("unterminated `name`")
                if k + 1 < n and text[k + 1] == "`":
                    j = k + 2
                    continue
                break
            out.append(Token("quoted", text[i + 1 : k].replace("``", "`"), i))
            i = k + 1
            continue
        if ch == "$":
            j = i + 1
            while j < n and (_is_word(text[j]) or (join_format_chars and _is_format(text[j]))):
                j += 1
            out.append(Token("param", text[i + 1 : j], i))
            i = max(j, i + 1)
            continue
        if ch.isdigit():
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "._"):
                if text[j] == "." and j + 1 < n and text[j + 1] == ".":
                    break  # range 1..3
                j += 1
            out.append(Token("number", text[i:j], i))
            i = j
            continue
        if _is_word(ch):
            j = i
            chars: list[str] = []
            while j < n:
                c = text[j]
                if _is_word(c):
                    chars.append(c)
                elif join_format_chars and _is_format(c):
                    pass
                else:
                    break
                j += 1
            word = unicodedata.normalize("NFKC", "".join(chars)).upper()
            out.append(Token("word", word, i))
            i = j
            continue
        out.append(Token("punct", ch, i))
        i += 1
    return out


def _dotted_name(tokens: list[Token], i: int) -> tuple[str, int]:
    """``a.b.c`` starting at word ``i`` -> ("a.b.c", index after it)."""
    parts = [tokens[i].text if tokens[i].kind == "word" else tokens[i].text.upper()]
    j = i + 1
    while (
        j + 1 < len(tokens)
        and tokens[j].kind == "punct"
        and tokens[j].text == "."
        and tokens[j + 1].kind in ("word", "quoted")
    ):
        t = tokens[j + 1]
        parts.append(t.text if t.kind == "word" else t.text.upper())
        j += 2
    return ".".join(parts).lower(), j


def _namespace_refusal(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) < 2:
        return None
    head = parts[0]
    if head == "dbms":
        return f"{name}: dbms.* procedures and functions are administrative"
    if head == "db" and any(
        w in p for p in parts[1:] for w in ("create", "drop", "clear", "checkpoint", "set", "delete", "kill")
    ):
        return f"{name}: writes or administers the database"
    if head == "apoc" and (parts[1] not in _APOC_READ_NS or any(p in _APOC_WRITE_PARTS for p in parts[1:])):
        return f"{name}: APOC procedure or function that is not known to be read-only"
    if head in ("gds", "genai") and any(
        w in p for p in parts[1:] for w in ("write", "mutate", "drop", "project", "create", "set")
    ):
        return f"{name}: graph data science write/projection"
    return None


def _check_tokens(tokens: list[Token]) -> str | None:
    n = len(tokens)
    # 1. one statement
    for k, t in enumerate(tokens):
        if t.kind == "punct" and t.text == ";" and k != n - 1:
            return "multiple statements (';' inside the text) are not allowed"
    if tokens and tokens[-1].kind == "punct" and tokens[-1].text == ";":
        tokens = tokens[:-1]
        n -= 1
    if not tokens:
        return "empty statement"

    def prev(k: int) -> Token | None:
        return tokens[k - 1] if k > 0 else None

    def nxt(k: int) -> Token | None:
        return tokens[k + 1] if k + 1 < n else None

    def is_name_position(k: int) -> bool:
        p, q = prev(k), nxt(k)
        if p is not None and p.kind == "punct" and p.text in ".:$":
            return True
        return q is not None and q.kind == "punct" and q.text == ":"

    # 2. statement openers: first token and the first token after each '{'
    # that opens a CALL subquery body.
    first = tokens[0]
    if first.kind != "word" or first.text not in READ_OPENERS:
        return f"statements must start with a read clause (MATCH, WITH, UNWIND, RETURN, CALL …), not {_show(first)}"

    for k, t in enumerate(tokens):
        if t.kind != "word":
            continue
        if is_name_position(k):
            continue
        w = t.text
        if w in FORBIDDEN:
            return f"{w} writes to or administers the database"
        p, q = prev(k), nxt(k)
        if w in ADMIN_OPENERS and (p is None or (p.kind == "punct" and p.text in "{;")):
            return f"{w} is an administrative command"
        if w in ("START", "STOP") and q is not None and q.kind == "word" and q.text in _DB_WORDS:
            return f"{w} {q.text} is an administrative command"
        if (
            w == "USE"
            and q is not None
            and q.kind in ("word", "quoted")
            and (p is None or p.kind == "punct" or (p.kind == "word" and p.text in READ_OPENERS))
        ):
            return "USE selects another database"
        # dotted names: procedures and functions
        if q is not None and q.kind == "punct" and q.text == ".":
            name, _ = _dotted_name(tokens, k)
            why = _namespace_refusal(name)
            if why:
                return why
        if w == "CALL":
            if q is None:
                return "CALL without a procedure"
            if q.kind == "punct" and q.text in "{(":
                continue  # subquery CALL { … } / CALL (x) { … }
            if q.kind not in ("word", "quoted"):
                return f"CALL {_show(q)} is not a read procedure call"
            name, j = _dotted_name(tokens, k + 1)
            after = tokens[j] if j < n else None
            if after is not None and after.kind == "punct" and after.text == "=":
                return f"CALL {name} = … changes database configuration"
            if name not in READ_PROCEDURES:
                return f"procedure {name} is not on the read-only allowlist"
    # subquery bodies must open with a read clause too
    for k, t in enumerate(tokens):
        if t.kind == "punct" and t.text == "{":
            q = nxt(k)
            p = prev(k)
            body_of_call = p is not None and (
                (p.kind == "word" and p.text in ("CALL", "EXISTS", "COUNT", "COLLECT"))
                or (p.kind == "punct" and p.text == ")")
            )
            if (
                body_of_call
                and q is not None
                and q.kind == "word"
                and q.text not in READ_OPENERS
                and (q.text in ADMIN_OPENERS or q.text in FORBIDDEN)
            ):
                return f"{q.text} inside a subquery is not allowed"
    return None


def _show(t: Token) -> str:
    return repr(t.text if t.kind != "string" else "'…'")


def refusal_reason(cypher: str) -> str | None:
    """Why ``cypher`` is refused, or None when it is a single read statement."""
    if not isinstance(cypher, str):
        return "the statement must be a string"
    if "\x00" in cypher:
        return "NUL character in the statement"
    try:
        modes = [True, False] if any(_is_format(c) for c in cypher) else [True]
        for mode in modes:
            why = _check_tokens(tokenize(cypher, join_format_chars=mode))
            if why:
                return why
    except _Unreadable as exc:
        return f"cannot read the statement safely: {exc}"
    return None


def is_read_only(cypher: str) -> bool:
    return refusal_reason(cypher) is None


def check_read_only(cypher: str) -> None:
    """Raise :class:`kg.errors.WriteQueryRefusedError` (KG401) unless ``cypher``
    is a single read-only statement."""
    why = refusal_reason(cypher)
    if why is not None:
        raise WriteQueryRefusedError(f"refused: {why}")
