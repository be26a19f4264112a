"""Every input problem has a code, and what a folder holds but cannot be read is reported.

FIFOs, devices, dangling links and linked folders inside a directory are skipped and
listed (never a hang or a MemoryError); named explicitly they are KG515; a file over
the size limit is KG514 before a byte is read; a slow input is KG517, not an extractor
bug; bad `kg query` text and options are KG405; undecodable text names the first bad
UTF-8 byte. And the long-line case of agencies._soft_split stays linear.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import pipeline
from kg.agencies import split_units
from kg.cli import app
from kg.errors import (
    EncodingError,
    ExtractionTimeoutError,
    InputTooLargeError,
    KgError,
    UnreadableInputError,
)
from kg.ingest import decode_text, read_source, scan_inputs
from kg.model import Text
from tests.conftest import ROOT

SMALL = ROOT / "tests/fixtures/heldout/corpus/changzhi-2021-03.txt"


@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copyfile(SMALL, d / "good.txt")
    os.mkfifo(d / "pipe.txt")
    (d / "zero.txt").symlink_to("/dev/zero")
    (d / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(SMALL, other / "linked.txt")
    (d / "linked-folder").symlink_to(other, target_is_directory=True)
    (d / "notes.md").write_text("not an input", encoding="utf-8")
    return d


def test_folder_scan_skips_and_reports(messy: Path) -> None:
    scan = scan_inputs([messy])
    assert [p.name for p in scan.files] == ["good.txt"]
    why = {Path(p).name: reason for p, reason in scan.skipped}
    assert why == {
        "dangling.txt": "a link to nothing (dangling symbolic link)",
        "linked-folder": "link to a folder (not followed)",
        "pipe.txt": "a FIFO (named pipe), not a file",
        "zero.txt": "a device, not a file",
    }


def test_kg_build_reports_skipped_paths(messy: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["build", str(messy), "--store", "embedded://" + str(tmp_path / "g")])
    assert r.exit_code == 0, r.output
    assert "skipped" in r.output and "pipe.txt: a FIFO" in r.output and "zero.txt: a device" in r.output


@pytest.mark.parametrize("name", ["pipe.txt", "zero.txt", "dangling.txt"])
def test_named_non_files_are_coded_not_hangs(messy: Path, name: str) -> None:
    with pytest.raises(UnreadableInputError) as info:
        pipeline.run([messy / name])
    assert info.value.code == "KG515" and info.value.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_coded(tmp_path: Path) -> None:
    p = tmp_path / "locked.txt"
    shutil.copyfile(SMALL, p)
    p.chmod(0)
    with pytest.raises(UnreadableInputError):
        read_source(p)


def test_too_large_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(InputTooLargeError) as info:
        read_source(SMALL, max_mb=0.001)
    assert info.value.code == "KG514" and "--max-input-mb" in info.value.message
    r = CliRunner().invoke(app, ["build", str(SMALL), "--store", "embedded://" + str(tmp_path / "g"),
                                 "--max-input-mb", "0.001"])
    assert r.exit_code != 0 and isinstance(r.exception, InputTooLargeError)


def test_slow_input_is_a_timeout_not_an_extractor_bug() -> None:
    with pytest.raises(ExtractionTimeoutError) as info:
        pipeline.run([ROOT / "data/gazettes/shuozhou-2020-04.txt"], timeout=0.05)
    assert info.value.code == "KG517" and "extractor" not in info.value.message.split("(")[0]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["query", "MATCH (n) RETURN n\udce5"], "not valid UTF-8 (byte 0xe5"),
        (["query", "RETURN 1", "--timeout", "-1"], "--timeout must be"),
        (["query", "RETURN 1", "--timeout", "0"], "--timeout must be"),
        (["query", "RETURN 1", "--max-rows", "0"], "--max-rows must be"),
        (["query", "RETURN $p", "-p", "p=\udcff"], "--param is not valid UTF-8"),
        (["build", str(SMALL), "--timeout", "-5"], "--timeout must be"),
        (["build", str(SMALL), "--wait", "-1"], "--wait must be"),
    ],
)
def test_bad_command_line_text_and_options_are_coded(args: list[str], needle: str) -> None:
    r = CliRunner().invoke(app, args)
    assert r.exit_code != 0
    err = r.exception
    assert isinstance(err, KgError) and err.code == "KG405" and needle in err.message, (r.output, err)


def test_undecodable_text_names_the_first_bad_utf8_byte() -> None:
    good = "朔州市人民政府公报\n".encode()
    data = good + "第二行".encode()[:-1]  # a character cut short at the end
    with pytest.raises(EncodingError) as info:
        decode_text(data + b"\xff\xfe\xfd" * 3)
    assert f"first bad byte at {len(data) - 2}" in info.value.message


def test_soft_split_of_a_long_line_stays_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Calls to is_unit_name grow with the line, not with its square."""
    import kg.agencies as ag

    calls = [0]
    real = ag.is_unit_name

    def counting(s: str) -> bool:
        calls[0] += 1
        return real(s)

    monkeypatch.setattr(ag, "is_unit_name", counting)
    per_word = []
    for n in (100, 800):
        calls[0] = 0
        line = " ".join(["市应急管理局", "负责", "和", "协调"] * (n // 4))
        pieces = split_units(Text.plain(line))
        assert pieces
        per_word.append(calls[0] / n)
    assert per_word[1] <= per_word[0] * 1.5 + 1, per_word
