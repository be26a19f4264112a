"""Refuse Cypher that could write, administer or leave the graph.

The service and ``kg render`` open stores read-only; this checker is the
second lock. It works on tokens, never on raw text, so keywords inside
string literals, comments and backticked names do not count, and keywords
hidden by case, comments, unusual whitespace or zero-width characters do.

The rules, all conservative (a false refusal is an annoyance, a false pass a
hole):

* one statement only: a ``;`` may end the text but not separate two;
* prefixes are read first — ``CYPHER [version] [option=value …]``,
  ``EXPLAIN``, ``PROFILE`` — and the statement after them (and every
  ``CALL { … }`` subquery body) must start with a read clause: MATCH,
  OPTIONAL, WITH, UNWIND, RETURN or CALL — admin commands (SHOW, USE,
  START/STOP DATABASE, GRANT, BEGIN …) start with something else, with or
  without a prefix (``CYPHER SHOW USERS`` and ``EXPLAIN SHOW USERS`` are
  refused); a prefix word anywhere else is refused;
* write and admin words are refused wherever they stand as keywords (CREATE,
  MERGE, SET, DELETE, DETACH, REMOVE, DROP, FOREACH, LOAD, COPY, ALTER,
  GRANT, REVOKE, DENY, … ``IN TRANSACTIONS``); a word right after ``.``,
  ``:`` or ``$`` or right before ``:`` is a property, label, parameter or
  map key, not a keyword; a clause word standing where no clause can (a whole
  item of ``(…)``/``[…]``, before ``.``, after ``AS``) is a variable
  (``MATCH (set) RETURN set.name``);
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
# The clauses a statement may open with once its prefixes are read.
STATEMENT_OPENERS: frozenset[str] = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
# Prefixes: ``CYPHER [version] [option=value …]``, ``EXPLAIN``, ``PROFILE`` (any order, repeated).
PREFIX_WORDS: frozenset[str] = frozenset({"CYPHER", "EXPLAIN", "PROFILE"})

# Clause words that may also be a variable's name: read as a variable only where
# no clause can stand — inside ``(…)``/``[…]``/a list as a whole item, before a
# property access ``.``, or after ``AS`` (``MATCH (set) RETURN set.name``).
VARIABLE_LIKE: frozenset[str] = frozenset(
    {"SET", "MERGE", "CREATE", "DELETE", "REMOVE", "LOAD", "COPY", "DETACH", "DROP", "FOREACH", "EXPORT",
     "IMPORT", "INSTALL", "ATTACH", "RENAME", "ALTER", "TRUNCATE", "ENABLE", "DISABLE", "UNINSTALL"}
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

    def is_variable_position(k: int) -> bool:
        p, q = prev(k), nxt(k)
        if q is not None and q.kind == "punct" and q.text == ".":
            return True
        if p is not None and p.kind == "word" and p.text == "AS" and k >= 2:
            return True
        return (
            p is not None and p.kind == "punct" and p.text in "([,"
            and q is not None and q.kind == "punct" and q.text in "):{],"
        )

    # 2. prefixes (CYPHER options, EXPLAIN, PROFILE), then a read clause.
    start = _skip_prefixes(tokens)
    if start >= n:
        return "a prefix (CYPHER / EXPLAIN / PROFILE) without a statement"
    first = tokens[start]
    if first.kind != "word" or first.text not in STATEMENT_OPENERS:
        return f"statements must start with a read clause (MATCH, WITH, UNWIND, RETURN, CALL …), not {_show(first)}"

    for k, t in enumerate(tokens):
        if t.kind != "word" or k < start:
            continue
        if is_name_position(k):
            continue
        w = t.text
        if w in VARIABLE_LIKE and is_variable_position(k):
            continue
        if w in PREFIX_WORDS and k > start:
            return f"{w} may only prefix a statement"
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


def _skip_prefixes(tokens: list[Token]) -> int:
    """Index of the first token after ``CYPHER …`` / ``EXPLAIN`` / ``PROFILE`` prefixes."""
    i, n = 0, len(tokens)
    while i < n and tokens[i].kind == "word" and tokens[i].text in PREFIX_WORDS:
        word = tokens[i].text
        i += 1
        if word != "CYPHER":
            continue
        if i < n and tokens[i].kind == "number":  # CYPHER 5, CYPHER 25
            i += 1
        # option=value pairs: planner=dp, runtime=slotted, expressionEngine=compiled …
        while i + 2 < n and tokens[i].kind == "word" and tokens[i + 1].kind == "punct" and tokens[i + 1].text == "=":
            i += 3
    return i


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


# ---------------------------------------------------------------------------
# The stores' own lock: plans, not text
# ---------------------------------------------------------------------------
# A read-only store asks the database for the plan of every statement (EXPLAIN,
# which runs nothing) and runs it only when every operator of the plan is on
# these allow-lists. Behind the checker above, this holds even for a statement
# the checker misreads: COPY … TO, CHECKPOINT, LOAD FROM, INSTALL, ATTACH,
# CALL x = v (LadybugDB) and LOAD CSV, admin commands, procedures off the read
# list (Neo4j) plan to operators that are not here.

LADYBUG_READ_OPERATORS: frozenset[str] = frozenset(
    {
        "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "COUNT_REL_TABLE", "CROSS_PRODUCT", "DUMMY_SINK",
        "EMPTY_RESULT", "FILTER", "FLATTEN", "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INDEX_LOOKUP", "INTERSECT",
        "INTERSECT_BUILD", "LIMIT", "MULTIPLICITY_REDUCER", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN",
        "PATH_PROPERTY_PROBE", "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION", "QUERY_PRIMARY_KEY_LOOKUP",
        "RECURSIVE_EXTEND", "RESULT_COLLECTOR", "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP",
        "TABLE_FUNCTION_CALL", "TOP_K", "TOP_K_SCAN", "UNION_ALL_SCAN", "UNWIND",
    }
)
# Table functions (TABLE_FUNCTION_CALL) that only read the catalogue or the query's own rows.
LADYBUG_READ_FUNCTIONS: frozenset[str] = frozenset(
    {
        "READ_FTABLE", "SHOW_TABLES", "TABLE_INFO", "SHOW_CONNECTION", "DB_VERSION", "SHOW_FUNCTIONS",
        "SHOW_INDEXES", "CURRENT_SETTING", "SHOW_WARNINGS",
    }
)
NEO4J_READ_OPERATORS: frozenset[str] = frozenset(
    {
        "AllNodesScan", "Anti", "AntiConditionalApply", "AntiSemiApply", "Apply", "Argument", "AssertSameNode",
        "BFSPruningVarExpand", "CacheProperties", "CartesianProduct", "ConditionalApply",
        "DirectedAllRelationshipsScan", "DirectedRelationshipByElementIdSeek", "DirectedRelationshipByIdSeek",
        "DirectedRelationshipIndexContainsScan", "DirectedRelationshipIndexEndsWithScan",
        "DirectedRelationshipIndexScan", "DirectedRelationshipIndexSeek", "DirectedRelationshipIndexSeekByRange",
        "DirectedRelationshipTypeScan", "DirectedUnionRelationshipTypesScan", "Distinct", "EagerAggregation",
        "Eager", "EmptyResult", "EmptyRow", "ExhaustiveLimit", "Expand(All)", "Expand(Into)", "Filter",
        "IntersectionNodeByLabelsScan", "LetAntiSemiApply", "LetSelectOrAntiSemiApply", "LetSelectOrSemiApply",
        "LetSemiApply", "Limit", "MultiNodeIndexSeek", "NodeByElementIdSeek", "NodeByIdSeek", "NodeByLabelScan",
        "NodeCountFromCountStore", "NodeHashJoin", "NodeIndexContainsScan", "NodeIndexEndsWithScan",
        "NodeIndexScan", "NodeIndexSeek", "NodeIndexSeekByRange", "NodeLeftOuterHashJoin",
        "NodeRightOuterHashJoin", "NodeUniqueIndexSeek", "NodeUniqueIndexSeekByRange", "NullifyMetadata",
        "Optional", "OptionalExpand(All)", "OptionalExpand(Into)", "OrderedAggregation", "OrderedDistinct",
        "PartialSort", "PartialTop", "ProcedureCall", "ProduceResults", "ProjectEndpoints", "Projection",
        "RelationshipCountFromCountStore", "Repeat(Trail)", "RollUpApply", "SelectOrAntiSemiApply",
        "SelectOrSemiApply", "SemiApply", "ShortestPath", "Skip", "Sort", "StatefulShortestPath(All)",
        "StatefulShortestPath(Into)", "Top", "Trail", "TriadicBuild", "TriadicFilter", "TriadicSelection",
        "UndirectedAllRelationshipsScan", "UndirectedRelationshipByElementIdSeek",
        "UndirectedRelationshipByIdSeek", "UndirectedRelationshipIndexContainsScan",
        "UndirectedRelationshipIndexEndsWithScan", "UndirectedRelationshipIndexScan",
        "UndirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeekByRange",
        "UndirectedRelationshipTypeScan", "UndirectedUnionRelationshipTypesScan", "Union",
        "UnionNodeByLabelsScan", "Unwind", "ValueHashJoin", "VarLengthExpand(All)", "VarLengthExpand(Into)",
        "VarLengthExpand(Pruning)", "VarLengthExpand(Pruning,BFS)",
    }
)


def plan_statement(cypher: str) -> str:
    """``cypher`` with ``EXPLAIN`` put where a prefix may stand (after ``CYPHER``
    options, instead of the statement's own EXPLAIN / PROFILE)."""
    import re

    try:
        tokens = tokenize(cypher)
    except _Unreadable:
        return "EXPLAIN " + cypher
    start = _skip_prefixes(tokens)
    if start >= len(tokens):
        return "EXPLAIN " + cypher
    pos = tokens[start].pos
    if not any(t.text == "CYPHER" for t in tokens[:start] if t.kind == "word"):
        return "EXPLAIN " + cypher[pos:]  # leading comments go (LadybugDB wants EXPLAIN first)
    head = re.sub(r"(?i)\b(?:EXPLAIN|PROFILE)\b", " ", cypher[:pos])
    return f"{head} EXPLAIN {cypher[pos:]}"


def ladybug_plan_refusal(plan_text: str) -> str | None:
    """Why a LadybugDB plan (the text EXPLAIN returns) is not a read, or None."""
    import re

    operators = set(re.findall(r"([A-Z][A-Z_]+)\[\d+\]", plan_text))
    if not operators:
        return "the database gave no plan for the statement"
    bad = sorted(operators - LADYBUG_READ_OPERATORS)
    if bad:
        return f"the plan holds {', '.join(bad)}, which is not a read"
    functions = set(re.findall(r"Function: ([A-Z_][A-Z0-9_]*)", plan_text))
    bad = sorted(functions - LADYBUG_READ_FUNCTIONS)
    if bad:
        return f"the plan calls {', '.join(bad)}, which is not a read"
    return None


def neo4j_plan_refusal(plan: dict[str, object] | None) -> str | None:
    """Why a Neo4j plan (``ResultSummary.plan``) is not a read, or None."""
    if not plan:
        return "the database gave no plan for the statement"
    stack = [plan]
    while stack:
        op = stack.pop()
        kind = str(op.get("operatorType", "")).split("@", 1)[0]
        if kind not in NEO4J_READ_OPERATORS:
            return f"the plan holds {kind}, which is not a read"
        if kind == "ProcedureCall":
            args = op.get("args")
            details = str(args.get("Details", "")) if isinstance(args, dict) else ""
            name = details.split("(", 1)[0].strip().lower()
            if name not in READ_PROCEDURES:
                return f"the plan calls procedure {name or '?'}, which is not on the read-only allowlist"
        children = op.get("children")
        if isinstance(children, list):
            stack.extend(c for c in children if isinstance(c, dict))
    return None
