"""``kg export --format neo4j-admin``: the graph as CSV files for Neo4j's bulk importer.

``neo4j-admin database import full`` builds a database offline from node and
relationship CSVs, orders of magnitude faster than any transactional load
(no Bolt, no transaction log): the way to put a province's years of gazettes
into a fresh Neo4j, a cluster member or an Aura dump. The directory holds

* ``nodes_<Label>.csv`` — ``id:ID(<Label>)`` (one ID space per label, the
  kg id is also stored as the ``id`` property), every ontology property with
  its type (``:long``, ``:boolean``, ``:string[]``), ``:LABEL``;
* ``rels_<TYPE>__<From>__<To>.csv`` — ``:START_ID(<From>)``, ``:END_ID(<To>)``,
  the relationship's properties (provenance included), ``:TYPE``;
* ``import.args`` — the importer's arguments, one per line
  (``neo4j-admin database import full @import.args``, run in the directory);
* ``schema.cypher`` — the constraints and indexes kg's Neo4j store makes,
  to run once the database is started (the importer makes none);
* ``manifest.json`` — counts per file, for checking the import.

Arrays use U+001F (unit separator) between elements, so an alias may hold
any printable character; fields may span lines (evidence text).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from kg.schema import load_schema
from kg.stores.base import GraphStore

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_ARG = "U+001F"
_TYPES = {"string": "", "int": ":long", "bool": ":boolean", "strings": ":string[]"}
DATABASE = "neo4j"


def _cell(v: Any, typ: str) -> str:
    if v is None:
        return ""
    if typ == "strings":
        return ARRAY_DELIMITER.join(str(x) for x in v)
    if typ == "bool":
        return "true" if v else "false"
    return str(v)


def export_admin_csv(store: GraphStore, out: str | Path) -> dict[str, Any]:
    """Write the import directory for ``store``'s graph; returns the manifest."""
    from kg.queries import load

    schema = load_schema()
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    for old in list(root.glob("nodes_*.csv")) + list(root.glob("rels_*.csv")):
        old.unlink()
    manifest: dict[str, Any] = {"nodes": {}, "relationships": {}, "database": DATABASE}
    # the database first: --nodes / --relationships take several files each and would swallow it
    args = [DATABASE, "--overwrite-destination=true", "--multiline-fields=true", f"--array-delimiter={ARRAY_DELIMITER_ARG}",
            "--id-type=string"]

    nodes: dict[str, list[dict[str, Any]]] = {}
    for (node,) in store.query(load("export_nodes", store.dialect)).rows:
        nodes.setdefault(node["_label"], []).append(node)
    for label in sorted(nodes):
        props = [p for p in schema.labels[label].props if p != "id"]
        path = root / f"nodes_{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow([f"id:ID({label})", *(p + _TYPES[schema.labels[label].props[p]] for p in props), ":LABEL"])
            rows = sorted(nodes[label], key=lambda n: str(n["id"]))
            for n in rows:
                w.writerow([n["id"], *(_cell(n.get(p), schema.labels[label].props[p]) for p in props), label])
        manifest["nodes"][path.name] = len(rows)
        args.append(f"--nodes={path.name}")

    rels: dict[tuple[str, str, str], list[tuple[str, dict[str, Any], str]]] = {}
    for sl, sid, rel, dl, did in store.query(load("export_admin_edges", store.dialect)).rows:
        rels.setdefault((rel["_type"], sl, dl), []).append((sid, rel, did))
    for rtype, sl, dl in sorted(rels):
        rdef = schema.rels[rtype].props
        props = list(rdef)
        path = root / f"rels_{rtype}__{sl}__{dl}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow([f":START_ID({sl})", f":END_ID({dl})", *(p + _TYPES[rdef[p]] for p in props), ":TYPE"])
            rows3 = sorted(rels[(rtype, sl, dl)], key=lambda t: str(t[1].get("id")))
            for sid, r, did in rows3:
                w.writerow([sid, did, *(_cell(r.get(p), rdef[p]) for p in props), rtype])
        manifest["relationships"][path.name] = len(rows3)
        args.append(f"--relationships={path.name}")
    (root / "import.args").write_text("\n".join(args) + "\n", encoding="utf-8")
    from kg.stores.neo4j import schema_statements

    (root / "schema.cypher").write_text(";\n".join(schema_statements().values()) + ";\n", encoding="utf-8")
    manifest["node_count"] = sum(manifest["nodes"].values())
    manifest["relationship_count"] = sum(manifest["relationships"].values())
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest
