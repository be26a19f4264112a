"""``kg export``: the graph as Turtle or JSON-LD, optionally SHACL-validated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        out: Annotated[Path, typer.Option("--out", help="Output file (a directory for neo4j-admin).")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, json-ld, nt or neo4j-admin.")] = "turtle",
        store: Annotated[str | None, typer.Option("--store", help="Store URI.")] = None,
        validate: Annotated[bool, typer.Option("--validate", help="Check the export against the SHACL shapes.")] = False,
    ) -> None:
        """Export the graph to RDF (every relationship also as a kg:Assertion with its provenance),
        or as node/relationship CSVs for `neo4j-admin database import full` (--format neo4j-admin)."""
        from kg import rdf
        from kg.errors import ValidationError
        from kg.stores import open_store

        if fmt == "neo4j-admin":
            from kg.admin_export import export_admin_csv

            st = open_store(store, read_only=True)
            try:
                manifest = export_admin_csv(st, out)
            finally:
                st.close()
            typer.echo(f"wrote {manifest['node_count']} nodes in {len(manifest['nodes'])} files and "
                       f"{manifest['relationship_count']} relationships in {len(manifest['relationships'])} files "
                       f"to {out}")
            typer.echo(f"import: neo4j-admin database import full @{out / 'import.args'} "
                       f"(run from {out}), then the statements of {out / 'schema.cypher'}")
            return
        st = open_store(store, read_only=True)
        try:
            graph = rdf.to_rdf(st)
        finally:
            st.close()
        text = rdf.serialize(graph, fmt)
        if validate:
            ok, report = rdf.validate(graph)
            if not ok:
                raise ValidationError("the export does not conform to ontology/shapes.ttl:\n" + report)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        typer.echo(f"wrote {len(graph)} triples to {out}" + (" (SHACL: conforms)" if validate else ""))
