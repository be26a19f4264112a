"""Single official documents as users bring them (kg.segment): one document per file,
as published on a government site or cut from one. Invented snippets, one structure
each: the 红头 layout (文号 above the title), web captures with navigation, metadata
lists and HTML remnants, a 人大常委会 decision with its adoption line, a decree
number, a page with no official title, traditional characters, CRLF."""

from __future__ import annotations

import pytest

from kg.model import SourceFile
from kg.segment import parse_gazette

RED_HEAD = """某川市人民政府文件
某政发〔2021〕3号
某川市人民政府
关于印发某川市2021年重点工作任务分工方案的通知
各县（市、区）人民政府，市直各有关单位：
现将《某川市2021年重点工作任务分工方案》印发给你们，请认真贯彻执行。
某川市人民政府
2021年1月20日
一、加快推进项目建设。（市发改委牵头，市财政局配合）
抄送：市委各部门。
"""

WEB_CAPTURE = """首页 > 政务公开 > 政府文件
【字体：大 中 小】 打印本页 关闭窗口
<p>&nbsp;</p>
  • 索引号:

    1141000/2021-00012
  • 发文字号:

    某政办发〔2021〕8号
某河市人民政府办公室
关于成立某河市国土绿化工作领导小组的通知
各县(市、区)人民政府,市直各有关单位:
为加强组织领导,市政府决定成立领导小组。现将组成人员名单通知如下:
组&nbsp;&nbsp;长:王&nbsp;&nbsp;明&nbsp;&nbsp;市政府副市长
副组长:李&nbsp;华&nbsp;&nbsp;市林业局局长
<br/>
某河市人民政府办公室
2021年3月2日
分享到:
"""

DECISION = """某梁市人民代表大会常务委员会关于接受张某辞去某梁市人民政府市长职务的决定
（2021年6月30日某梁市第四届人民代表大会常务委员会第三十次会议通过）
某梁市第四届人民代表大会常务委员会第三十次会议决定：接受张某辞去某梁市人民政府市长职务的请求。
"""

DECREE = """您的位置: 首页 » 法规 »

某州市人民政府关于废止部分政策性文件的决定

某州市人民政府令
                     第12号
  《某州市人民政府关于废止部分政策性文件的决定》已经市政府常务会议通过，现予公布。

                         二○○八年十月十三日
"""

PIPE_META = """索引号: | 1133/2022-1 | 成文日期: | 2022-04-18 |
文件编号: | 某政办发〔2022〕16号 | 组配分类: | 其他 |
某盐县人民政府办公室关于印发2022年重点工作责任分解的通知 |
||
各镇人民政府,县政府各部门: 《2022年重点工作责任分解》已经县政府讨论确定,现印发给你们,请认真贯彻执行。
"""

HEADLINE_ONLY = """当前位置:首页 > 人大动态
县十六届人大常委会第九次会议召开
来源:县人大
日期:2020-03-31
3月30日上午,县十六届人大常委会召开第九次会议,听取县政府工作情况报告,会议还进行了有关人事任免。
"""

PERIOD_TITLE = """当前位置:首页
>> 专题专栏 >> 重点工作
市政府工作报告重点工作责任分解(2023年)
时间:2023-07-11 17:01 浏览次数: 信息来源: 某水市政府

一、全市经济社会发展主要预期目标
1.生产总值增长6%以上。
责任单位:市发改委
"""

TRADITIONAL = """某莞市人民政府關於印發重點工作任務分工方案的通知
某府〔2021〕54號
各鎮人民政府（街道辦事處），市府直屬各單位：
現將《重點工作任務分工方案》印發給你們，請認真貫徹執行。
某莞市人民政府
2021年8月2日
"""

CASES = [
    ("红头: 文号 above a two-line title", RED_HEAD,
     ("某川市人民政府关于印发某川市2021年重点工作任务分工方案的通知", "某政发〔2021〕3号", "某川市人民政府", "2021-01-20", "notice", 3)),
    ("web capture: navigation, metadata list, &nbsp without semicolon, tags", WEB_CAPTURE,
     ("某河市人民政府办公室关于成立某河市国土绿化工作领导小组的通知", "某政办发〔2021〕8号", "某河市人民政府办公室", "2021-03-02", "notice", 10)),
    ("人大常委会 decision with its adoption line, no 文号", DECISION,
     ("某梁市人民代表大会常务委员会关于接受张某辞去某梁市人民政府市长职务的决定", None, "某梁市人民代表大会常务委员会", None, "appointment", 1)),
    ("decree number on two lines under the title", DECREE,
     ("某州市人民政府关于废止部分政策性文件的决定", "某州市人民政府令第12号", "某州市人民政府", "2008-10-13", "other", 3)),
    ("|-flattened metadata table, title line ending in a cell border", PIPE_META,
     ("某盐县人民政府办公室关于印发2022年重点工作责任分解的通知", "某政办发〔2022〕16号", "某盐县人民政府办公室", None, "notice", 3)),
    ("news page: the headline is the title", HEADLINE_ONLY,
     ("县十六届人大常委会第九次会议召开", None, None, None, "other", 2)),
    ("title ending in a bracketed period", PERIOD_TITLE,
     ("市政府工作报告重点工作责任分解(2023年)", None, None, None, "other", 3)),
    ("traditional characters (read after conversion)", TRADITIONAL,
     ("某莞市人民政府关于印发重点工作任务分工方案的通知", "某府〔2021〕54号", "某莞市人民政府", "2021-08-02", "notice", 1)),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_single_document(name: str, text: str, want: tuple) -> None:
    gz = parse_gazette(SourceFile.from_text(text, "/tmp/single.txt"))
    assert len(gz.documents) == 1, [d.title for d in gz.documents]
    d = gz.documents[0]
    assert (d.title, d.doc_number, d.issuer, d.date, d.kind, d.start_line) == want


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_crlf_changes_nothing(name: str, text: str, want: tuple) -> None:
    a = parse_gazette(SourceFile.from_text(text, "/tmp/a.txt")).documents
    b = parse_gazette(SourceFile.from_text(text.replace("\n", "\r\n"), "/tmp/b.txt")).documents
    assert [(d.title, d.doc_number, d.start_line) for d in a] == [(d.title, d.doc_number, d.start_line) for d in b]


def test_city_of_a_file_without_masthead_comes_from_its_issuer() -> None:
    gz = parse_gazette(SourceFile.from_text(RED_HEAD, "/tmp/red.txt"))
    assert gz.city == "某川市"
    assert gz.documents[0].city == "某川市"


def test_reading_view_keeps_every_offset() -> None:
    src = SourceFile.from_text(WEB_CAPTURE, "/tmp/w.txt")
    assert len(src.text) == len(src.printed or "")
    assert src.line_count == WEB_CAPTURE.count("\n")
    assert "&nbsp" not in src.text and "<p>" not in src.text
    assert "组            长：王            明" in src.text  # entities blanked, colon full width


def test_evidence_is_printed_text() -> None:
    src = SourceFile.from_text(TRADITIONAL, "/tmp/t.txt")
    line = src.line_text(1)
    assert "关于" in line.text
    assert line.span(0, len(line.text)).text.startswith("某莞市人民政府關於印發")


def test_several_documents_without_masthead() -> None:
    two = RED_HEAD + "\n" + RED_HEAD.replace("某政发〔2021〕3号", "某政发〔2021〕4号").replace("2021年1月20日", "2021年2月1日")
    docs = parse_gazette(SourceFile.from_text(two, "/tmp/two.txt")).documents
    assert [(d.doc_number, d.date) for d in docs] == [("某政发〔2021〕3号", "2021-01-20"), ("某政发〔2021〕4号", "2021-02-01")]
    # the second document's 红头 and 文号 are not part of the first
    assert docs[0].end_line < 12


def test_traditional_document_is_read_after_conversion_and_output_as_printed(tmp_path) -> None:
    from kg.facts import extract_facts

    f = tmp_path / "trad.txt"
    f.write_text(TRADITIONAL.replace("現將", "根據《某省就業政策措施》（粵府〔2021〕13號）,現將"), encoding="utf-8")
    facts = extract_facts([f])["trad"]
    doc = facts["documents"][0]
    assert (doc["title"], doc["doc_number"], doc["issuer"]) == (
        "某莞市人民政府關於印發重點工作任務分工方案的通知", "某府〔2021〕54號", "某莞市人民政府")
    assert [(c["from"], c["to"]) for c in facts["citations"]] == [("某府〔2021〕54號", "粵府〔2021〕13號")]
