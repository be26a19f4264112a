"""Docs that are tested: every CLI command is in the README, and every `kg …`
command the README shows names a real command."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from kg.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> set[str]:
    group = get_command(app)
    return set(group.commands)  # type: ignore[attr-defined]


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```", 2)[1]
    assert "make demo" in first_block and "make test" in first_block


def test_every_command_is_documented() -> None:
    for cmd in _commands():
        assert re.search(rf"\bkg {cmd}\b", README), f"`kg {cmd}` is not in the README"


def test_readme_commands_exist() -> None:
    cmds = _commands()
    for m in re.finditer(r"^kg ([a-z0-9-]+)", README, flags=re.M):
        assert m.group(1) in cmds, f"README shows `kg {m.group(1)}`, which does not exist"
