"""A local Neo4j 5 Community server for development and CI, without Docker.

``make install`` fetches the server jars from Maven Central into
``tools/neo4j/target/lib/`` (see ``tools/neo4j/pom.xml``). This module runs
them as a separate Java process::

    java -Xmx512m -cp 'tools/neo4j/target/lib/*' org.neo4j.server.CommunityEntryPoint \\
        --home-dir=HOME --config-dir=HOME/conf

with a generated ``HOME/conf/neo4j.conf`` that binds Bolt and HTTP (with
Neo4j Browser) to 127.0.0.1 only. The Neo4j jars are GPLv3; nothing here links
them, the Python side only talks Bolt to the running process.

A server is identified by its home directory (``--data``, default
``tools/neo4j/run``), which holds ``conf/``, ``data/``, ``logs/`` and the
state file ``kg-neo4j.json`` (pid, ports). Each running server is also
registered by Bolt port in :func:`state_dir`, so ``kg neo4j stop`` finds the
server without being told its home.

Authentication is on: on the first start of a home the initial password of
user ``neo4j`` is set to ``$NEO4J_PASSWORD`` (default ``kgpassword``), which
is also what :class:`kg.stores.neo4j.Neo4jStore` uses by default.

Only the standard library is imported here.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.errors import Neo4jServerError

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "kgpassword"
DEFAULT_HEAP = "1g"
DEFAULT_PAGECACHE = "256m"
HOST = "127.0.0.1"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
STATE_FILE = "kg-neo4j.json"
# Servers started by this process, so their exit status is collected.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}
INSTALL_HINT = "run `make install` (or `make -C tools/neo4j jars`, which runs mvn -f tools/neo4j/pom.xml)"

# JVM flags the neo4j launch script passes by default (5.x), minus the ones
# that only matter for big production heaps.
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


# --------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------


def tools_dir() -> Path:
    """``tools/neo4j`` of the source tree (``$KG_NEO4J_TOOLS`` overrides)."""
    env = os.environ.get("KG_NEO4J_TOOLS")
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parents[1] / "tools" / "neo4j"


def lib_dir() -> Path:
    """Where ``make install`` puts the server jars (``$KG_NEO4J_LIB`` overrides)."""
    env = os.environ.get("KG_NEO4J_LIB")
    if env:
        return Path(env).expanduser().resolve()
    return tools_dir() / "target" / "lib"


def default_home() -> Path:
    """Default server home: ``$KG_NEO4J_DATA``, else ``tools/neo4j/run``."""
    env = os.environ.get("KG_NEO4J_DATA")
    if env:
        return Path(env).expanduser().resolve()
    tools = tools_dir()
    if tools.is_dir():
        return tools / "run"
    return Path.home() / ".local" / "share" / "kg" / "neo4j"


def state_dir() -> Path:
    """Registry of running servers, one ``<bolt port>.json`` each (``$KG_NEO4J_STATE`` overrides)."""
    env = os.environ.get("KG_NEO4J_STATE")
    if env:
        return Path(env).expanduser().resolve()
    tools = tools_dir()
    if tools.is_dir():
        return tools / "run" / "servers"
    return Path.home() / ".cache" / "kg" / "neo4j-servers"


def bolt_uri(port: int = DEFAULT_BOLT_PORT) -> str:
    return f"bolt://{HOST}:{port}"


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------


@dataclass
class ServerInfo:
    """What ``status`` reports. ``state`` is ``running`` or ``stopped``."""

    state: str
    home: str
    bolt_port: int = DEFAULT_BOLT_PORT
    http_port: int = DEFAULT_HTTP_PORT
    pid: int | None = None
    version: str | None = None
    started_at: float | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def bolt_uri(self) -> str:
        return bolt_uri(self.bolt_port)

    @property
    def browser_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/browser/"

    @property
    def log_file(self) -> Path:
        return Path(self.home) / "logs" / "neo4j.log"


def _read_state(home: Path) -> ServerInfo | None:
    path = home / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerInfo(**{k: data[k] for k in ServerInfo.__dataclass_fields__ if k in data})
    except (OSError, ValueError, TypeError):
        return None


def _write_state(home: Path, info: ServerInfo) -> None:
    (home / STATE_FILE).write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    reg = state_dir()
    reg.mkdir(parents=True, exist_ok=True)
    (reg / f"{info.bolt_port}.json").write_text(json.dumps({"home": info.home}) + "\n", encoding="utf-8")


def _forget(home: Path, info: ServerInfo | None) -> None:
    with contextlib.suppress(OSError):
        (home / STATE_FILE).unlink()
    if info is not None:
        entry = state_dir() / f"{info.bolt_port}.json"
        with contextlib.suppress(OSError, ValueError):
            if Path(json.loads(entry.read_text(encoding="utf-8"))["home"]) == home:
                entry.unlink()


def _registered_homes() -> list[Path]:
    reg = state_dir()
    homes: list[Path] = []
    if reg.is_dir():
        for entry in sorted(reg.glob("*.json")):
            try:
                homes.append(Path(json.loads(entry.read_text(encoding="utf-8"))["home"]))
            except (OSError, ValueError, KeyError):
                continue
    return homes


def _pid_alive(pid: int | None, home: Path | None = None) -> bool:
    """Is ``pid`` a live Neo4j process (of ``home``, when /proc can tell)?"""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():  # guard against a recycled pid
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            return True
        if ENTRY_POINT.encode() not in args:
            return False
        if home is not None and f"--home-dir={home}".encode() not in args:
            return False
        stat = Path(f"/proc/{pid}/stat")
        with contextlib.suppress(OSError, IndexError):
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":  # zombie: exited
                return False
    return True


# --------------------------------------------------------------------------
# Probes
# --------------------------------------------------------------------------


def port_free(port: int, host: str = HOST) -> bool:
    """Can a server bind ``host:port`` (SO_REUSEADDR, like Neo4j's Netty)?"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def bolt_answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """Does ``host:port`` complete a Bolt handshake (any version 4.x/5.x)?"""
    magic = b"\x60\x60\xb0\x17"
    # Offer 5.0-5.8, 4.4-4.2, 4.1, 3.0 (big-endian [reserved, range, minor, major]).
    versions = bytes([0, 8, 8, 5, 0, 2, 4, 4, 0, 0, 1, 4, 0, 0, 0, 3])
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(magic + versions)
            reply = b""
            while len(reply) < 4:
                chunk = s.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
    except OSError:
        return False
    return reply != b"\x00\x00\x00\x00"


def http_discovery(port: int, timeout: float = 2.0) -> dict[str, str] | None:
    """The HTTP discovery document (``GET /``) of a local server, or None."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    return data if isinstance(data, dict) else None


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


def find_java() -> str:
    """The ``java`` executable: ``$JAVA_HOME/bin/java``, else the one on PATH (17+)."""
    candidates: list[str] = []
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        exe = Path(java_home) / "bin" / ("java.exe" if sys.platform == "win32" else "java")
        if exe.is_file():
            candidates.append(str(exe))
    found = shutil.which("java")
    if found:
        candidates.append(found)
    if not candidates:
        raise Neo4jServerError(
            "java not found: install a Java 17 or newer runtime (e.g. `apt-get install openjdk-17-jre-headless`) "
            "or set JAVA_HOME"
        )
    java = candidates[0]
    major = _java_major(java)
    if major is not None and major < 17:
        raise Neo4jServerError(f"{java} is Java {major}; Neo4j 5 needs Java 17 or newer (set JAVA_HOME)")
    return java


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    import re

    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def check_jars(lib: Path | None = None) -> Path:
    """The jar directory, or :class:`Neo4jServerError` saying how to install it."""
    lib = lib or lib_dir()
    if not lib.is_dir() or not any(lib.glob("neo4j-server-*.jar")) or not any(lib.glob("neo4j-5*.jar")):
        raise Neo4jServerError(f"the Neo4j server jars are not installed in {lib}: {INSTALL_HINT}")
    return lib


def _conf_text(home: Path, bolt_port: int, http_port: int, pagecache: str, auth: bool) -> str:
    lines = [
        "# Generated by kg (kg/neo4j_server.py) on every `kg neo4j start`; edits are overwritten.",
        "# Local development server: loopback only.",
        f"server.default_listen_address={HOST}",
        f"server.default_advertised_address={HOST}",
        f"server.bolt.listen_address={HOST}:{bolt_port}",
        f"server.bolt.advertised_address={HOST}:{bolt_port}",
        "server.bolt.tls_level=DISABLED",
        "server.http.enabled=true",
        f"server.http.listen_address={HOST}:{http_port}",
        f"server.http.advertised_address={HOST}:{http_port}",
        "server.https.enabled=false",
        f"dbms.security.auth_enabled={'true' if auth else 'false'}",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.run={home / 'run'}",
        f"server.directories.import={home / 'import'}",
        f"server.directories.plugins={home / 'plugins'}",
        f"server.memory.pagecache.size={pagecache}",
        "dbms.usage_report.enabled=false",
        # Keep transaction logs small: this is a rebuildable dev database.
        "db.tx_log.rotation.retention_policy=100M size",
        "db.tx_log.rotation.size=32M",
    ]
    return "\n".join(lines) + "\n"


def _tail(path: Path, n: int = 20) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-n:])


def resolve_home(data: str | os.PathLike[str] | None = None, port: int | None = None) -> Path:
    """The home of the server meant by ``--data`` / ``--port`` (for stop and status).

    Without either: the only registered running server, else the default home.
    """
    if data is not None:
        return Path(data).expanduser().resolve()
    homes = [h for h in _registered_homes() if (s := _read_state(h)) and _pid_alive(s.pid, h)]
    if port is not None:
        for h in homes:
            s = _read_state(h)
            if s and s.bolt_port == port:
                return h
        return default_home()
    if len(homes) == 1:
        return homes[0]
    if len(homes) > 1:
        listed = ", ".join(f"{h} (bolt {s.bolt_port if (s := _read_state(h)) else '?'})" for h in homes)
        raise Neo4jServerError(f"several local Neo4j servers are running: {listed}; say which with --data or --port")
    return default_home()


def status(home: str | os.PathLike[str] | None = None, *, port: int | None = None) -> ServerInfo:
    """The state of the local server of ``home`` (see :func:`resolve_home`)."""
    h = resolve_home(home, port)
    info = _read_state(h)
    if info is None or not _pid_alive(info.pid, h):
        if info is not None:
            _forget(h, info)
        return ServerInfo("stopped", str(h), bolt_port=port or (info.bolt_port if info else DEFAULT_BOLT_PORT),
                          http_port=info.http_port if info else DEFAULT_HTTP_PORT)
    return info


def start(
    home: str | os.PathLike[str] | None = None,
    *,
    bolt_port: int = DEFAULT_BOLT_PORT,
    http_port: int = DEFAULT_HTTP_PORT,
    heap: str | None = None,
    pagecache: str | None = None,
    password: str | None = None,
    auth: bool = True,
    timeout: float = 180.0,
) -> ServerInfo:
    """Start the server in the background and wait until Bolt and HTTP answer.

    Idempotent: a server already running from ``home`` is returned as is.
    Raises :class:`Neo4jServerError` when java or the jars are missing, a port
    is taken, or the server does not come up within ``timeout`` seconds (its
    log tail is in the message).
    """
    h = Path(home).expanduser().resolve() if home is not None else default_home()
    current = _read_state(h)
    if current is not None and _pid_alive(current.pid, h):
        return current
    java = find_java()
    lib = check_jars()
    for name, port in (("Bolt", bolt_port), ("HTTP", http_port)):
        if not 0 < port < 65536:
            raise Neo4jServerError(f"{name} port {port} is out of range")
        if not port_free(port):
            raise Neo4jServerError(
                f"{name} port {port} on {HOST} is busy (another Neo4j or service?): "
                f"stop it or pick another with --{'port' if name == 'Bolt' else 'http-port'}"
            )
    if bolt_port == http_port:
        raise Neo4jServerError("--port and --http-port must differ")
    heap = heap or os.environ.get("KG_NEO4J_HEAP") or DEFAULT_HEAP
    pagecache = pagecache or os.environ.get("KG_NEO4J_PAGECACHE") or DEFAULT_PAGECACHE
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (h / sub).mkdir(parents=True, exist_ok=True)
    (h / "conf" / "neo4j.conf").write_text(_conf_text(h, bolt_port, http_port, pagecache, auth), encoding="utf-8")
    env = dict(os.environ, NEO4J_HOME=str(h), NEO4J_CONF=str(h / "conf"))
    classpath = str(lib / "*")
    if auth and not (h / "data" / "dbms" / "auth.ini").exists() and not (h / "data" / "databases" / "system").exists():
        _set_initial_password(java, classpath, env, password or os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD, h)
    console = h / "logs" / "console.log"
    cmd = [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        *_JVM_FLAGS,
        "-cp",
        classpath,
        ENTRY_POINT,
        f"--home-dir={h}",
        f"--config-dir={h / 'conf'}",
    ]
    with open(console, "ab") as out:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=str(h),
            env=env,
            start_new_session=True,
            close_fds=True,
        )
    _CHILDREN[proc.pid] = proc
    info = ServerInfo("running", str(h), bolt_port, http_port, proc.pid, None, time.time())
    _write_state(h, info)
    (h / "run" / "kg-neo4j.pid").write_text(f"{proc.pid}\n", encoding="utf-8")
    deadline = time.monotonic() + timeout
    try:
        while True:
            code = proc.poll()
            if code is not None:
                raise Neo4jServerError(
                    f"Neo4j exited with status {code} while starting; see {console} and {info.log_file}:\n"
                    + (_tail(info.log_file) or _tail(console))
                )
            if bolt_answers(HOST, bolt_port, timeout=1.0):
                disc = http_discovery(http_port, timeout=1.0)
                if disc is not None:
                    info.version = disc.get("neo4j_version")
                    _write_state(h, info)
                    return info
            if time.monotonic() > deadline:
                raise Neo4jServerError(
                    f"Neo4j did not answer on {info.bolt_uri} within {timeout:.0f}s; see {info.log_file}:\n"
                    + _tail(info.log_file)
                )
            time.sleep(0.5)
    except BaseException:
        _terminate(proc.pid, 30.0)
        _forget(h, info)
        raise


def admin_import(
    home: str | os.PathLike[str],
    csv_dir: str | os.PathLike[str],
    *,
    password: str | None = None,
    heap: str = "512m",
    timeout: float = 900.0,
) -> str:
    """Run ``neo4j-admin database import full`` (the AdminTool in the jars) on the
    files of :func:`kg.admin_export.export_admin_csv` into the server home
    ``home`` (made when missing; its server must be stopped). Returns the
    importer's report. Start the server with :func:`start` afterwards."""
    h = Path(home).expanduser().resolve()
    src = Path(csv_dir).expanduser().resolve()
    args_file = src / "import.args"
    if not args_file.is_file():
        raise Neo4jServerError(f"{args_file} is missing: write the CSVs with `kg export --format neo4j-admin`")
    current = _read_state(h)
    if current is not None and _pid_alive(current.pid, h):
        raise Neo4jServerError(f"the server of {h} is running (pid {current.pid}); stop it before importing")
    java = find_java()
    lib = check_jars()
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (h / sub).mkdir(parents=True, exist_ok=True)
    conf = h / "conf" / "neo4j.conf"
    if not conf.exists():
        conf.write_text(_conf_text(h, DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT, DEFAULT_PAGECACHE, True), encoding="utf-8")
    env = dict(os.environ, NEO4J_HOME=str(h), NEO4J_CONF=str(h / "conf"))
    classpath = str(lib / "*")
    if not (h / "data" / "dbms" / "auth.ini").exists() and not (h / "data" / "databases" / "system").exists():
        _set_initial_password(java, classpath, env, password or os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD, h)
    lines = [ln for ln in args_file.read_text(encoding="utf-8").splitlines() if ln.strip()]
    args = [a.replace("--nodes=", f"--nodes={src}/").replace("--relationships=", f"--relationships={src}/")
            for a in lines]
    res = subprocess.run(
        [java, f"-Xmx{heap}", *_JVM_FLAGS, "-cp", classpath, ADMIN_TOOL, "database", "import", "full",
         f"--report-file={h / 'logs' / 'import.report'}", *args],
        capture_output=True, text=True, env=env, cwd=str(h), timeout=timeout, check=False,
    )
    if res.returncode != 0:
        raise Neo4jServerError(f"neo4j-admin database import failed ({res.returncode}):\n"
                               + (res.stderr or res.stdout).strip()[-3000:])
    return (res.stdout or "").strip()


def _set_initial_password(java: str, classpath: str, env: dict[str, str], password: str, home: Path) -> None:
    if len(password) < 8:
        raise Neo4jServerError("NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)")
    res = subprocess.run(
        [java, "-Xmx128m", "-cp", classpath, ADMIN_TOOL, "dbms", "set-initial-password", password],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(home),
        timeout=120,
        check=False,
    )
    if res.returncode != 0:
        raise Neo4jServerError(f"could not set the initial password: {(res.stderr or res.stdout).strip()}")


def _terminate(pid: int, timeout: float) -> bool:
    """SIGTERM, wait, then SIGKILL. True when the process is gone."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _pid_alive(pid):
            return True
        time.sleep(0.3)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    for _ in range(50):
        _reap(pid)
        if not _pid_alive(pid):
            return True
        time.sleep(0.1)
    return False


def _reap(pid: int) -> None:
    """Collect our own child's exit status so it does not linger as a zombie."""
    proc = _CHILDREN.get(pid)
    if proc is not None:
        if proc.poll() is not None:
            del _CHILDREN[pid]
        return
    if sys.platform == "win32":
        return
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def stop(home: str | os.PathLike[str] | None = None, *, port: int | None = None, timeout: float = 60.0) -> ServerInfo:
    """Stop the server (see :func:`resolve_home`); returns its state before stopping.

    Stopping a server that is not running is not an error (``state`` is
    ``stopped``).
    """
    h = resolve_home(home, port)
    info = _read_state(h)
    if info is None or not _pid_alive(info.pid, h):
        _forget(h, info)
        return ServerInfo("stopped", str(h), bolt_port=info.bolt_port if info else (port or DEFAULT_BOLT_PORT))
    assert info.pid is not None
    if not _terminate(info.pid, timeout):
        raise Neo4jServerError(f"Neo4j (pid {info.pid}) did not stop; kill it by hand")
    _forget(h, info)
    with contextlib.suppress(OSError):
        (h / "run" / "kg-neo4j.pid").unlink()
    return info
