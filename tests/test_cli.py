"""CLI tests with exact output (typer's CliRunner), and bad input end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import __version__
from kg.cli import app, main, parse_params
from kg.errors import BadParameterError
from kg.stores import open_store
from tests.conftest import sample_batch

runner = CliRunner()

GAZETTE = """测州市人民政府公报
2021年第1期（总第9期）
测州市人民政府办公室
关于印发测州市煤矿安全隐患排查工作方案的通知
测政办发〔2021〕3号
各县（市、区）人民政府，市直各有关单位：
现将《测州市煤矿安全隐患排查工作方案》印发给你们，请认真贯彻执行。《测州市煤矿安全管理办法》（测政办发〔2018〕7号）同时废止。
测州市人民政府办公室
2021年3月1日
（此件公开发布）
测州市煤矿安全隐患排查工作方案
一、重点任务
（一）开展隐患排查。全面排查煤矿安全隐患。（市应急局牵头，市财政局配合）
"""


@pytest.fixture
def store_uri(tmp_path: Path) -> str:
    uri = "embedded://" + str(tmp_path / "graph")
    st = open_store(uri)
    st.load(sample_batch())
    st.close()
    return uri


def test_version() -> None:
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0
    assert r.output == f"kg {__version__}\n"


def test_help_lists_commands() -> None:
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    for cmd in ("build", "query", "facts", "eval", "who", "duties", "chain", "lineage", "person", "export"):
        assert f" {cmd} " in r.output


def test_query_table(store_uri: str) -> None:
    r = runner.invoke(app, ["query", "MATCH (a:Agency) WHERE a.name = $n RETURN a.name AS name, a.aliases AS aliases",
                            "--param", "n=市应急管理局", "--store", store_uri])
    assert r.exit_code == 0, r.output
    assert r.output == (
        "name          aliases\n"
        "------------  ------------\n"
        '市应急管理局  ["市应急局"]\n'
        "(1 row)\n"
    )


def test_query_json_and_csv(store_uri: str) -> None:
    q = "MATCH (t:Task) RETURN t.text AS text, t.line AS line"
    r = runner.invoke(app, ["query", q, "--format", "json", "--store", store_uri])
    assert r.exit_code == 0
    assert json.loads(r.output) == [{"text": "开展隐患排查。", "line": 3}]
    r = runner.invoke(app, ["query", q, "--format", "csv", "--store", store_uri])
    assert r.output == "text,line\n开展隐患排查。,3\n"


def test_query_refuses_writes(store_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["query", "MATCH (n) DETACH DELETE n", "--store", store_uri])
    assert exc.value.code == 4
    assert capsys.readouterr().err.startswith("error: KG401 ")
    st = open_store(store_uri, read_only=True)
    assert st.counts()["Agency"] == 3
    st.close()


def test_bad_format(store_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["query", "MATCH (n) RETURN n", "--format", "xml", "--store", store_uri])
    assert exc.value.code == 2
    assert "KG405" in capsys.readouterr().err


def test_parse_params() -> None:
    assert parse_params(["a=1", "b=x", 'c=["p"]']) == {"a": 1, "b": "x", "c": ["p"]}
    with pytest.raises(BadParameterError):
        parse_params(["oops"])


def test_build_query_and_questions_end_to_end(tmp_path: Path) -> None:
    src = tmp_path / "测州-2021-01.txt"
    src.write_text(GAZETTE, encoding="utf-8")
    uri = "embedded://" + str(tmp_path / "g")
    r = runner.invoke(app, ["build", str(src), "--store", uri])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"built {uri}: 1 gazette(s), 1 document(s)\n")
    first = r.output
    r = runner.invoke(app, ["build", str(src), "--store", uri])
    assert r.output == first  # idempotent: same counts
    r = runner.invoke(app, ["lineage", "测政办发(2021)3号", "--store", uri, "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)["rows"]
    assert [(x["relation"], x["document"]) for x in rows] == [("repeals", "测政办发〔2018〕7号")]
    r = runner.invoke(app, ["who", "隐患排查", "--store", uri, "--format", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "task,doc_number,deadline,role,unit,evidence"
    assert any(",牵头,市应急局," in line for line in lines[1:])
    assert any(",配合,市财政局," in line for line in lines[1:])


BAD_INPUTS = [
    ("missing", None, "KG101"),
    ("empty.txt", b"", "KG104"),
    ("blank.txt", b"  \n\n \n", "KG104"),
    ("binary.txt", b"\x00\x01\x02\x03garbage\x00" * 50, "KG103"),
    ("notes.docx", "测试".encode(), "KG106"),
    ("no-text.pdf", None, "KG105"),
]


@pytest.mark.parametrize(("name", "content", "code"), BAD_INPUTS)
def test_bad_input_is_refused_and_store_untouched(
    tmp_path: Path, store_uri: str, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, code: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    elif name.endswith(".pdf"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument.new()
        pdf.new_page(200, 200)
        pdf.save(str(path))
    before = open_store(store_uri, read_only=True)
    counts = before.counts()
    before.close()
    with pytest.raises(SystemExit) as exc:
        main(["build", str(path), "--store", store_uri])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert err.startswith(f"error: {code} ") and name in err
    after = open_store(store_uri, read_only=True)
    assert after.counts() == counts
    after.close()


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path: Path, store_uri: str) -> None:
    good = tmp_path / "in" / "a.txt"
    good.parent.mkdir()
    good.write_text(GAZETTE, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    with pytest.raises(SystemExit):
        main(["build", str(tmp_path / "in"), "--store", store_uri])
    st = open_store(store_uri, read_only=True)
    assert st.counts()["Agency"] == 3
    st.close()


def test_facts_writes_seven_files(tmp_path: Path) -> None:
    src = tmp_path / "测州-2021-01.txt"
    src.write_text(GAZETTE, encoding="utf-8")
    r = runner.invoke(app, ["facts", str(src), "--out", str(tmp_path / "facts")])
    assert r.exit_code == 0, r.output
    files = sorted(p.name for p in (tmp_path / "facts").iterdir())
    assert files == sorted(f"{n}.jsonl" for n in ("documents", "citations", "leading_groups", "mine_supervision",
                                                   "task_responsibilities", "appointments", "people_posts"))
    docs = [json.loads(x) for x in (tmp_path / "facts" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert docs == [{"title": "测州市人民政府办公室关于印发测州市煤矿安全隐患排查工作方案的通知",
                     "doc_number": "测政办发〔2021〕3号", "issuer": "测州市人民政府办公室", "date": "2021-03-01",
                     "section": None, "line": 3, "kind": "notice"}]
    cites = (tmp_path / "facts" / "citations.jsonl").read_text(encoding="utf-8")
    assert json.loads(cites) == {"from": "测政办发〔2021〕3号", "to": "测政办发〔2018〕7号", "relation": "repeals", "line": 7}
