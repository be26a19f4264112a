"""``kg neo4j``: run the local Neo4j 5 Community server (Bolt on 127.0.0.1).

Every command prints the Bolt URI last, on its own line, so scripts can take
it with ``tail -n 1``. The server itself lives in :mod:`kg.neo4j_server`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help=(
        "Local Neo4j 5 Community server (jars fetched by `make install`; Bolt and Browser on 127.0.0.1 only). "
        "User neo4j, password $NEO4J_PASSWORD (default kgpassword)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Server home (conf, data, logs). Default: $KG_NEO4J_DATA, else tools/neo4j/run.",
        file_okay=False,
    ),
]


@app.command()
def start(
    port: Annotated[int, typer.Option("--port", help="Bolt port on 127.0.0.1.")] = 7687,
    http_port: Annotated[int, typer.Option("--http-port", help="HTTP port (Neo4j Browser at /browser/).")] = 7474,
    data: DataOpt = None,
    heap: Annotated[str | None, typer.Option("--heap", help="JVM heap, e.g. 2g (default $KG_NEO4J_HEAP or 1g).")] = None,
    pagecache: Annotated[
        str | None, typer.Option("--pagecache", help="Page cache, e.g. 256m (default $KG_NEO4J_PAGECACHE or 256m).")
    ] = None,
    no_auth: Annotated[bool, typer.Option("--no-auth", help="Disable authentication.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for Bolt to answer.")] = 180.0,
) -> None:
    """Start the server in the background; wait until Bolt answers; print the Bolt URI."""
    from kg import neo4j_server as srv

    before = srv.status(data) if data is not None else None
    info = srv.start(
        data, bolt_port=port, http_port=http_port, heap=heap, pagecache=pagecache, auth=not no_auth, timeout=timeout
    )
    already = before is not None and before.running
    typer.echo(f"neo4j {'already running' if already else 'started'}: pid {info.pid}, home {info.home}")
    if not no_auth:
        user = os.environ.get("NEO4J_USER") or srv.DEFAULT_USER
        typer.echo(f"auth: user {user}, password from $NEO4J_PASSWORD (default {srv.DEFAULT_PASSWORD!r} on first start)")
    typer.echo(f"browser: {info.browser_url}")
    typer.echo(f"logs: {info.log_file}")
    typer.echo(info.bolt_uri)


@app.command()
def stop(
    data: DataOpt = None,
    port: Annotated[int | None, typer.Option("--port", help="Stop the server on this Bolt port.")] = None,
) -> None:
    """Stop the local server (the only running one, or the one of --data / --port)."""
    from kg import neo4j_server as srv

    info = srv.stop(data, port=port)
    typer.echo(f"neo4j {'stopped' if info.running else 'was not running'}: home {info.home}")
    typer.echo(info.bolt_uri)


@app.command()
def status(
    data: DataOpt = None,
    uri: Annotated[
        str | None,
        typer.Option("--uri", help="Check this Bolt URI instead (any server: uses NEO4J_USER / NEO4J_PASSWORD)."),
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="The local server on this Bolt port.")] = None,
) -> None:
    """Print whether the server runs, then its Bolt URI. Exit status 1 when it does not."""
    from kg import neo4j_server as srv

    if uri is not None:
        from kg.errors import StoreError
        from kg.stores.neo4j import Neo4jStore

        store = Neo4jStore(uri, read_only=True)
        try:
            agent = store.server_agent()
        except StoreError as exc:
            typer.echo(f"unreachable: {exc.message}")
            typer.echo(uri)
            raise typer.Exit(1) from None
        finally:
            store.close()
        typer.echo(f"running: {agent}")
        typer.echo(uri)
        return
    info = srv.status(data, port=port)
    if info.running:
        version = f"Neo4j {info.version}, " if info.version else ""
        typer.echo(f"running: {version}pid {info.pid}, home {info.home}, browser {info.browser_url}")
    else:
        typer.echo(f"stopped: home {info.home}")
    typer.echo(info.bolt_uri)
    if not info.running:
        raise typer.Exit(1)
