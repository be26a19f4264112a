"""kg.tables: one logical table, every flattening, the same rows.

The table is invented; each renderer prints it the way a PDF or web extraction
does: tabs, runs of spaces, single spaces, one cell per line (header cells cut
mid-word, a parent header over 姓名/职务 printed on one line, merged cells printed
once at the top of their span, a two-line mine name with its row number between
the lines, a post fused with the next row's number, the header repeated after a
page break), reordered columns and reworded headers. Every rendering must parse
to the same rows.
"""

from __future__ import annotations

import itertools

import pytest

from kg.model import SourceFile
from kg.tables import MINE, PNAME, POST, fill, find_tables, parse_header, tokens

# (mine, district, gas, ((level, name, post), ...)); rows 2 shares its district, gas
# and leaders with row 1 (merged cells in the printed table)
ROWS = [
    ("东岭煤业有限公司", "东城区", "低瓦斯", (("市政府", "王大明", "副市长"), ("市应急管理局", "李小红", "市应急管理局副局长"))),
    ("东岭露天煤矿", "东城区", "低瓦斯", (("市政府", "王大明", "副市长"), ("市应急管理局", "李小红", "市应急管理局副局长"))),
    ("西山煤矿", "西河县", "高瓦斯", (("市政府", "赵刚", "市长"), ("市应急管理局", "孙伟", "市应急管理局局长"))),
    ("北坡煤业有限责任公司", "西河县", "高瓦斯", (("市政府", "赵刚", "市长"), ("市应急管理局", "周强", "市应急管理局副局长"))),
]
TITLE = "某市2021年度煤矿安全生产挂牌责任人名单"
HEADERS = ["序号", "煤矿名称", "所在行政区域", "瓦斯等级", "姓名", "职务", "姓名", "职务"]
PARENTS = ["市政府挂牌煤矿领导", "市应急局挂牌煤矿领导"]


def _cells(i: int, row: tuple, merged: bool) -> list[str]:
    mine, district, gas, leaders = row
    if merged and i > 0 and ROWS[i - 1][1:] == row[1:]:
        return [str(i + 1), mine, "", "", "", "", "", ""]
    out = [str(i + 1), mine, district, gas]
    for _, name, post in leaders:
        out += [name, post]
    return out


def tabs(merged: bool = False) -> str:
    head = "\t".join(HEADERS[:4] + PARENTS[:1] + [""] + PARENTS[1:] + [""])
    sub = "\t".join(["", "", "", "", *HEADERS[4:]])
    body = ["\t".join(_cells(i, r, merged)) for i, r in enumerate(ROWS)]
    return "\n".join([TITLE, head, sub, *body]) + "\n"


def spaces(sep: str = "  ") -> str:
    head = sep.join(HEADERS[:4] + PARENTS)
    sub = sep.join(HEADERS[4:])
    body = [sep.join(c for c in _cells(i, r, False) if c) for i, r in enumerate(ROWS)]
    return "\n".join([TITLE, head, sub, *body]) + "\n"


def one_cell_per_line() -> str:
    """Header cells cut mid-word, sub-headers on one line, merged cells printed once,
    row 1's mine name over two lines with its number between them, a post fused with
    the next row's number, the header repeated after a page break."""
    out = [TITLE, "序", "号", "煤矿名称", "所在行", "政区域", "瓦斯等级", "市政府挂牌煤", "矿领导", "市应急局挂牌",
           "煤矿领导", "姓名 职务 姓名 职务"]
    out += ["东岭煤业", "1", "有限公司", "东城区", "低瓦斯", "王大明", "副市长", "李小红", "市应急管理局",
            "副局长2", "东岭露天煤矿"]
    out += ["— 3 —", "序号", "煤矿名称", "所在行政区域", "瓦斯等级", "市政府挂牌煤矿领导", "市应急局挂牌煤矿领导",
            "姓名", "职务", "姓名", "职务"]
    out += ["3", "西山煤矿", "西河县", "高瓦斯", "赵刚", "市长", "孙伟", "市应急管理局局长"]
    out += ["4", "北坡煤业有限", "责任公司", "周强", "市应急管理局副局长"]
    return "\n".join(out) + "\n"


def single_spaces_merged() -> str:
    """Cells that share a baseline joined by single spaces; merged cells printed once."""
    lines = [TITLE, " ".join(HEADERS[:4] + PARENTS), " ".join(HEADERS[4:])]
    lines += ["1 东岭煤业有限公司 东城区 低瓦斯 王大明 副市长 李小红 市应急管理局副局长", "2 东岭露天煤矿",
              "3 西山煤矿 西河县 高瓦斯 赵刚 市长 孙伟 市应急管理局局长", "4 北坡煤业有限责任公司 周强 市应急管理局 副局长"]
    return "\n".join(lines) + "\n"


def reordered_reworded() -> str:
    """Columns in another order under other words: 应急 group first, 所在地 before 矿井名称."""
    head = "\t".join(["编号", "所在地", "矿井名称", "瓦斯等级", "市应急管理局包保领导", "", "市人民政府包保领导", ""])
    sub = "\t".join(["", "", "", "", "姓名", "职务", "姓名", "职务"])
    body = []
    for i, (mine, district, gas, leaders) in enumerate(ROWS):
        (_, n1, p1), (_, n2, p2) = leaders
        body.append("\t".join([str(i + 1), district, mine, gas, n2, p2, n1, p1]))
    return "\n".join([TITLE, head, sub, *body]) + "\n"


RENDERINGS = {
    "tabs": tabs(),
    "tabs, merged cells empty": tabs(merged=True),
    "runs of spaces": spaces(),
    "ideographic spaces": spaces("\u3000"),
    "one cell per line": one_cell_per_line(),
    "single spaces, merged cells printed once": single_spaces_merged(),
    "reordered columns, reworded headers": reordered_reworded(),
}


def read(text: str) -> list[tuple]:
    src = SourceFile.from_text(text, "/tmp/table.txt")
    lines = [src.line_text(no) for no in range(1, src.line_count + 1)]
    tables = find_tables(lines)
    assert len(tables) == 1, f"{len(tables)} tables"
    t = tables[0]
    out = []
    for row, cells in zip(t.rows, fill(t), strict=True):
        def val(kind: str, level: str | None = None, cells: dict = cells) -> str | None:
            for ci, col in enumerate(t.columns):
                if col.kind == kind and (level is None or col.level == level):
                    c = cells[ci]
                    return "".join(c.text.text.split()) if c.text is not None else None
            return None
        levels = sorted({c.level for c in t.columns if c.kind == PNAME and c.level})
        leaders = tuple(sorted((lv, val(PNAME, lv), val(POST, lv)) for lv in levels))
        out.append((row.seq, val(MINE), val("district"), val("gas"), leaders))
    return out


EXPECTED = [(i + 1, m, d, g, tuple(sorted(ls))) for i, (m, d, g, ls) in enumerate(ROWS)]


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_every_flattening_reads_the_same_rows(name: str) -> None:
    assert read(RENDERINGS[name]) == EXPECTED


def test_cells_keep_their_lines() -> None:
    src = SourceFile.from_text(one_cell_per_line(), "/tmp/t.txt")
    lines = [src.line_text(no) for no in range(1, src.line_count + 1)]
    t = find_tables(lines)[0]
    mine_col = next(i for i, c in enumerate(t.columns) if c.kind == MINE)
    first = t.rows[0].cells[mine_col]
    assert first.first_line == 13  # "东岭煤业", printed above its row number
    assert src.line(first.first_line) == "东岭煤业"
    assert t.seams  # the repeated header was recognised and dropped


@pytest.mark.parametrize(
    ("header", "kinds"),
    [
        ("序号煤矿名称所在行政区域瓦斯等级市政府挂牌煤矿领导市应急局挂牌煤矿领导姓名职务姓名职务",
         ["seq", "mine", "district", "gas", "name", "post", "name", "post"]),
        ("序号矿井名称备注", ["seq", "mine", "remark"]),
        ("编号企业名称所在县（市、区）县政府包保领导", ["seq", "mine", "district", "name"]),
        ("序号煤矿名称监管类别姓名职务", ["seq", "mine", "other", "name", "post"]),
    ],
)
def test_header_words(header: str, kinds: list[str]) -> None:
    assert [c.kind for c in parse_header(header)] == kinds


def test_levels_from_parent_headers() -> None:
    cols = parse_header("序号煤矿名称市人民政府挂牌领导市应急局挂牌领导姓名职务姓名职务")
    assert [(c.kind, c.level) for c in cols if c.level] == [
        ("name", "市政府"), ("post", "市政府"), ("name", "市应急管理局"), ("post", "市应急管理局")]


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(["\t", "  ", "\n"], 2)))
def test_tokens_do_not_depend_on_the_separator(a: str, b: str) -> None:
    row = ["3", "西山煤矿", "西河县", "张 韬", "市长"]

    def toks(sep: str) -> list[str]:
        src = SourceFile.from_text(sep.join(row) + "\n")
        return ["".join(t.text.split()) for t in tokens([src.line_text(n) for n in range(1, src.line_count + 1)])]
    assert toks(a) == toks(b) == ["3", "西山煤矿", "西河县", "张韬", "市长"]


NOTICE = """某市人民政府办公室关于公布2021年度煤矿安全生产挂牌责任人的通知
某政办发〔2021〕30号
各县（区）人民政府，市直有关单位：
现将2021年度煤矿安全生产挂牌责任人名单公布如下。
某市人民政府办公室
2021年3月1日
"""


def _supervision(text: str, tmp_path) -> set[tuple[str, str, str]]:
    from kg.facts import extract_facts

    f = tmp_path / "mines.txt"
    f.write_text(NOTICE + text, encoding="utf-8")
    facts = extract_facts([f])["mines"]["mine_supervision"]
    return {(r["mine"], r["leader"], r["level"]) for r in facts}


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_the_mines_extractor_gives_the_same_assignments_in_every_flattening(name: str, tmp_path) -> None:
    want = {(m, n, lv) for m, _, _, ls in ROWS for lv, n, _ in ls}
    assert _supervision(RENDERINGS[name], tmp_path) == want


# ---------------------------------------------------------------- the bundled 挂牌 table, re-flattened


def _reflatten(text: str, mode: str) -> str:
    """The tab-separated 挂牌 table of a bundled gazette (the rows under the header that
    names 挂牌; found by structure, not by line number) printed another way."""
    lines = text.split("\n")
    head = next(i for i, s in enumerate(lines) if "\t" in s and "挂牌" in s and "序号" in s)
    rows = set()
    i = head
    while i < len(lines) and (lines[i].count("\t") >= 4 or not lines[i].strip() or "挂牌" in lines[i]):
        if lines[i].count("\t") >= 4:
            rows.add(i)
        i += 1
    out: list[str] = []
    for k, s in enumerate(lines):
        if k not in rows:
            out.append(s)
            continue
        cells = [c.strip() for c in s.split("\t") if c.strip()]  # a merged cell prints nothing
        if mode == "one cell per line":
            out.extend(cells)
        else:
            out.append({"single spaces": " ", "runs of spaces": "   "}[mode].join(cells))
    return "\n".join(out)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["one cell per line", "single spaces", "runs of spaces"])
def test_the_bundled_mine_table_in_other_flattenings_gives_the_same_assignments(mode: str, tmp_path) -> None:
    from kg.facts import extract_facts
    from tests.conftest import DATA

    src = DATA / "shuozhou-2020-04.txt"
    f = tmp_path / src.name
    f.write_text(_reflatten(src.read_text(encoding="utf-8"), mode), encoding="utf-8")

    def key(r: dict) -> tuple:
        return (r["mine"], r["leader"] or r["leader_position"], r["level"], r["confidence"])

    want = sorted(key(r) for r in extract_facts([src])[src.stem]["mine_supervision"])
    got = sorted(key(r) for r in extract_facts([f])[src.stem]["mine_supervision"])
    assert len(want) == 56
    assert got == want


def test_unfamiliar_headers_are_read_by_content() -> None:
    """No header word known but 序号: the columns take the meaning of their cells."""
    text = TITLE + "\n" + "\n".join([
        "序号\t煤矿\t属地\t类别\t监管人\t岗位",
        "1\t东岭煤业有限公司\t东城区\t低瓦斯\t王大明\t副市长",
        "2\t西山煤矿\t西河县\t高瓦斯\t赵刚\t市长",
        "3\t北坡煤业有限责任公司\t西河县\t高瓦斯\t赵刚\t市长",
    ]) + "\n"
    src = SourceFile.from_text(text, "/tmp/u.txt")
    t = find_tables([src.line_text(n) for n in range(1, src.line_count + 1)])[0]
    assert [c.kind for c in t.columns] == ["seq", "mine", "district", "gas", "name", "post"]
    assert [strip(t.rows[1].cells[i]) for i in range(1, 6)] == ["西山煤矿", "西河县", "高瓦斯", "赵刚", "市长"]


def strip(t) -> str:
    return "".join(t.text.split())


# ---------------------------------------------------------------- a task table, every flattening

TASK_HEAD = ["序号", "重点工作", "牵头单位", "责任单位", "责任领导", "完成时限"]
TASK_ROWS = [
    ["1", "全力推进开发区空间再造，盘活存量土地400亩。", "区发改局", "区自然资源局、区财政局", "王大明", "2021年12月底前"],
    ["2", "持续提升园区承载能力，加快推进污水处理厂建设。", "区住建局", "区生态环境局", "李小红", "2021年10月底前"],
    ["3", "深化招商引资，全年引进亿元以上项目10个。", "区商务局", "各街道", "赵刚", "2021年12月底前"],
]
TASK_NOTICE = """某区人民政府办公室关于印发2021年重点工作责任清单的通知
某政办发〔2021〕8号
各街道，区直各部门：
现将责任清单印发给你们，请认真落实。
某区人民政府办公室
2021年2月1日
2021年重点工作责任清单
"""


def _task_rendering(mode: str) -> str:
    rows = [TASK_HEAD, *TASK_ROWS]
    if mode == "tabs":
        body = ["\t".join(r) for r in rows]
    elif mode == "runs of spaces":
        body = ["   ".join(r) for r in rows]
    elif mode == "one cell per line":
        body = [c for r in rows for c in r]
    else:  # "|"-bordered cells, one per line (a web table flattened)
        body = [c + " |" for r in rows for c in r]
    return TASK_NOTICE + "\n".join(body) + "\n"


@pytest.mark.parametrize("mode", ["tabs", "runs of spaces", "one cell per line", "bordered cells"])
def test_a_task_table_gives_the_same_tasks_in_every_flattening(mode: str, tmp_path) -> None:
    from kg.facts import extract_facts

    f = tmp_path / "tasks.txt"
    f.write_text(_task_rendering(mode), encoding="utf-8")
    rows = extract_facts([f])["tasks"]["task_responsibilities"]
    got = [(r["task"][:8], r["lead"], sorted(r["responsible"]), r["deadline"]) for r in rows]
    assert got == [
        ("全力推进开发区空", ["区发改局"], sorted(["区自然资源局", "区财政局", "王大明"]), "2021年12月底前"),
        ("持续提升园区承载", ["区住建局"], sorted(["区生态环境局", "李小红"]), "2021年10月底前"),
        ("深化招商引资，全", ["区商务局"], sorted(["各街道", "赵刚"]), "2021年12月底前"),
    ]
