"""``kg export``: the graph as Turtle or JSON-LD, optionally SHACL-validated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        out: Annotated[Path, typer.Option("--out", help="Output file.")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, json-ld or nt.")] = "turtle",
        store: Annotated[str | None, typer.Option("--store", help="Store URI.")] = None,
        validate: Annotated[bool, typer.Option("--validate", help="Check the export against the SHACL shapes.")] = False,
    ) -> None:
        """Export the graph to RDF (every relationship also as a kg:Assertion with its provenance)."""
        from kg import rdf
        from kg.errors import ValidationError
        from kg.stores import open_store

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
