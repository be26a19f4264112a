"""Golden tests for the appointments extractor (人事任免 notices and inline sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kg.extractors import ExtractContext
from kg.extractors.appointments import extract_appointments

from kg.testing import hard_wrap, insert_page_furniture, make_document, make_gazette

Fact = tuple[str, str, str]  # person, action, position


def _facts(text: str, *, title: str = "测试市人民政府关于张三等三人任免职务的通知", kind: str = "appointment",
           city: str = "测试市", act_date: str = "2020-09-07") -> tuple[set[Fact], set[tuple[str, str]]]:
    """Facts of ``text`` as a document dated 2020-09-07; every act dated ``act_date``."""
    doc = make_document(text, title=title, kind=kind, city=city, date="2020-09-07")  # type: ignore[arg-type]
    batch = extract_appointments(doc, ExtractContext(make_gazette(doc)))
    facts: set[Fact] = set()
    holds: set[tuple[str, str]] = set()
    for e in batch.edges.values():
        person = batch.nodes[e.src].props["name"]
        if e.type in ("APPOINTED_TO", "REMOVED_FROM"):
            facts.add((person, "appoint" if e.type == "APPOINTED_TO" else "remove", e.props["position"]))
            assert e.props["date"] == act_date
            assert person in e.prov.evidence.replace(" ", "")
        elif e.type == "HOLDS_POST":
            holds.add((person, e.props["position"]))
    return facts, holds


LIST = """经测试市人民政府2020年9月1日常务会议决定，任命：

张峥嵘为测试市公安局常务副局长（试用期一年）；

刘怀禄为测试市市场监管综合行政执法队队长；

张鹏程为测试市农业综合行政执法队队长

（试用期一年）；

王 垚为测试市城市管理综合行政执法队队长（试用期一年）。

免去：

刘怀禄的测试市私营企业协会秘书长职务；

权红红的测试市疾病预防控制中心副主任职务。
"""

NO_KEYWORD = """石峥等五人任免职务的提请已经市人民代表大会常务委员会审议通过，现通知如下：

石 峥为测试市发展和改革委员会主任；

王 刚为测试市市场监督管理局局长。

免去：

冯维明的测试市发展和改革委员会主任职

务；

王 刚的测试市信访局局长职务。
"""

SCRAMBLED = """各县（区）人民政府，市直各单位：

孙福利的测试市文化艺术学校副校长职务。

经测试市人民政府2020年10月19日常务会议决定，任命：

测试市人民政府

2020年10月26日

李 军为测试市审计局副局长。

免去：

李 军的测试市审计局总审计师职务；
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            LIST,
            {
                ("张峥嵘", "appoint", "测试市公安局常务副局长"),
                ("刘怀禄", "appoint", "测试市市场监管综合行政执法队队长"),
                ("张鹏程", "appoint", "测试市农业综合行政执法队队长"),
                ("王垚", "appoint", "测试市城市管理综合行政执法队队长"),
                ("刘怀禄", "remove", "测试市私营企业协会秘书长"),
                ("权红红", "remove", "测试市疾病预防控制中心副主任"),
            },
        ),
        (
            NO_KEYWORD,
            {
                ("石峥", "appoint", "测试市发展和改革委员会主任"),
                ("王刚", "appoint", "测试市市场监督管理局局长"),
                ("冯维明", "remove", "测试市发展和改革委员会主任"),
                ("王刚", "remove", "测试市信访局局长"),
            },
        ),
        (
            SCRAMBLED,
            {
                ("孙福利", "remove", "测试市文化艺术学校副校长"),
                ("李军", "appoint", "测试市审计局副局长"),
                ("李军", "remove", "测试市审计局总审计师"),
            },
        ),
    ],
    ids=["list", "no-keyword", "scrambled"],
)
def test_notice(text: str, expected: set[Fact]) -> None:
    facts, holds = _facts(text)
    assert facts == expected
    # people_posts convention: both appointed and removed posts are held posts
    assert holds == {(p, pos) for p, _a, pos in expected}


def test_inline_chronicle_entry() -> None:
    text = "9月1日，市政府常务会议决定，任命赵六为测试市统计局局长，免去钱七的测试市统计局局长职务。\n"
    facts, _ = _facts(text, title="测试市2020年9月大事记", kind="chronicle", act_date="2020-09-01")
    assert facts == {("赵六", "appoint", "测试市统计局局长"), ("钱七", "remove", "测试市统计局局长")}


def test_not_an_appointment_notice() -> None:
    """Outside 任免 notices a line "X为Y" is not read as an appointment."""
    text = "本办法为测试市行政规范性文件。\n\n张三为联系人。\n"
    facts, _ = _facts(text, title="测试市人民政府关于印发某办法的通知", kind="notice")
    assert facts == set()


def _wrap(text: str, width: int) -> str:
    return hard_wrap(text, width, keep_tab_rows=False)


def _paged(text: str, every: int) -> str:
    """A page number and a running header every ``every`` lines: seams fall inside items."""
    return insert_page_furniture(text, every, number_by_line=True)


@pytest.mark.parametrize(
    "variant",
    [lambda t: _wrap(t, 20), lambda t: _wrap(t, 12), lambda t: _paged(t, 4), lambda t: _paged(_wrap(t, 12), 3)],
    ids=["wrap20", "wrap12", "paged", "wrap12-paged"],
)
@pytest.mark.parametrize("text", [LIST, NO_KEYWORD], ids=["list", "no-keyword"])
def test_layout_variants(text: str, variant: Callable[[str], str]) -> None:
    assert _facts(variant(text))[0] == _facts(text)[0]


GLUED = """经2021年3月9日市人民政府第5次常务会议研究决定：

任命柯 达为测试市水务局副局长
（试用期一年）；

蒲青云为测试市审计局副局长（试用期一年）。

免去韦 华的测试市统计局副局长职务；

庞立新的测试市商务局副局长职务（退休）。
"""


def test_verbs_glued_to_first_items_and_notes_after_duty() -> None:
    facts, holds = _facts(GLUED)
    assert facts == {
        ("柯达", "appoint", "测试市水务局副局长"),
        ("蒲青云", "appoint", "测试市审计局副局长"),
        ("韦华", "remove", "测试市统计局副局长"),
        ("庞立新", "remove", "测试市商务局副局长"),
    }
    assert holds == {(p, pos) for p, _a, pos in facts}


def test_list_header_glued_to_first_item() -> None:
    text = ("经市人民政府常务会议研究决定，任命：柯 达为测试市水务局副局长\n（试用期一年）；\n\n"
            "蒲青云为测试市审计局副局长。\n\n免去：韦 华的测试市统计局副局长职务；\n\n庞立新的测试市商务局副局长职务。\n")
    facts, _holds = _facts(text)
    assert facts == {
        ("柯达", "appoint", "测试市水务局副局长"),
        ("蒲青云", "appoint", "测试市审计局副局长"),
        ("韦华", "remove", "测试市统计局副局长"),
        ("庞立新", "remove", "测试市商务局副局长"),
    }


# One wrapped run-on paragraph (narrow column, no blank lines): items separated by ；, the wrap
# cuts a verb from its name ("任" / "命…"), a probation note and a name printed with a space.
RUN_ON = """经2023年2月3日市政府第八次常务会议研究，决定：任命钱明远为测试市交通运输局副局长（试用期一年）；任命孔　卫为测试市水利局副局长；任命齐国栋为测试市统计局总统计师；免去齐国栋的测试市统计局副局长职务；免去沈佳宁的测试市水利局副局长职务。
测试市人民政府
二〇二三年二月六日
"""

RUN_ON_FACTS = {
    ("钱明远", "appoint", "测试市交通运输局副局长"),
    ("孔卫", "appoint", "测试市水利局副局长"),
    ("齐国栋", "appoint", "测试市统计局总统计师"),
    ("齐国栋", "remove", "测试市统计局副局长"),
    ("沈佳宁", "remove", "测试市水利局副局长"),
}


@pytest.mark.parametrize("width", [17, 19, 21, 23, 200])
def test_run_on_paragraph_wrapped_anywhere(width: int) -> None:
    """Every wrap width cuts somewhere else (inside names, verbs, notes); a person appointed and
    removed in the same notice gives both facts."""
    facts, holds = _facts(_wrap(RUN_ON, width))
    assert facts == RUN_ON_FACTS
    assert holds == {(p, pos) for p, _a, pos in RUN_ON_FACTS}


def test_run_on_paragraph_across_page_seams() -> None:
    text = _paged(_wrap(RUN_ON, 18), 3).replace("测试市人民政府公报", "2023年第2期", 1)
    assert _facts(text)[0] == RUN_ON_FACTS


def test_verb_cut_from_name_keeps_the_name_line() -> None:
    """Provenance starts at the name: a verb left on the line above does not move the fact."""
    doc = make_document("决定：任命钱明远为测试市交通运输局副局长；任\n命孔　卫为测试市水利局副局长。\n",
                        title="测试市人民政府关于钱明远等同志职务任免的通知", kind="appointment", city="测试市")
    batch = extract_appointments(doc, ExtractContext(make_gazette(doc)))
    lines = {batch.nodes[e.src].props["name"]: e.prov.line for e in batch.edges.values() if e.type == "APPOINTED_TO"}
    assert lines == {"钱明远": 1, "孔卫": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("决定：\n任命周　平、吴晓东为测试市应急管理局副局长（试用期一年）；\n任命郑好为测试市能源局局长。\n",
         {("周平", "appoint", "测试市应急管理局副局长"), ("吴晓东", "appoint", "测试市应急管理局副局长"),
          ("郑好", "appoint", "测试市能源局局长")}),
        ("免去：\n冯一凡、褚文的测试市商务局副局长职务。\n",
         {("冯一凡", "remove", "测试市商务局副局长"), ("褚文", "remove", "测试市商务局副局长")}),
        ("任命：杨柳为测试市林业局局长；卫东为测试市气象局局长；\n蒋青为测试市农业农村局局长。\n",
         {("杨柳", "appoint", "测试市林业局局长"), ("卫东", "appoint", "测试市气象局局长"),
          ("蒋青", "appoint", "测试市农业农村局局长")}),
    ],
    ids=["two-people-one-post", "two-people-removed", "verbless-items-in-a-run"],
)
def test_several_people_and_run_on_items(text: str, expected: set[Fact]) -> None:
    assert _facts(text)[0] == expected


def test_chronicle_entry_wrapped() -> None:
    text = ("6月3日　市政府第九次常务会议研究人\n事事项，决定任命秦　朗为测试市人民政府副\n秘书长。\n"
            "6月9日　副市长韩东出席全市防汛工作会议。\n")
    facts, _ = _facts(text, title="2023年6月测试市人民政府大事记", kind="chronicle", act_date="2023-06-03")
    assert facts == {("秦朗", "appoint", "测试市人民政府副秘书长")}


# ---------------------------------------------------------------- chronicles and 人大常委会 decisions

DatedFact = tuple[str, str, str, str | None]  # person, action, position, date


def _dated(text: str, *, title: str, kind: str, date: str | None = None, issuer: str | None = None) -> set[DatedFact]:
    doc = make_document(text, title=title, kind=kind, city="测试市", date=date, issuer=issuer)  # type: ignore[arg-type]
    batch = extract_appointments(doc, ExtractContext(make_gazette(doc)))
    out: set[DatedFact] = set()
    for e in batch.edges.values():
        person = batch.nodes[e.src].props["name"]
        if e.type in ("APPOINTED_TO", "REMOVED_FROM"):
            out.add((person, "appoint" if e.type == "APPOINTED_TO" else "remove", e.props["position"],
                     e.props.get("date")))
            assert person in e.prov.evidence.replace(" ", "")
        else:  # HOLDS_POST carries the act's date as since / until
            assert (e.props.get("since") or e.props.get("until")) in {f[3] for f in out} | {None}
    return out


CHRONICLE = """3月
5日　市人大常委会第三十次会议决定：周建国任测试市财政局局长；吴明不再担任测试市财政局局长职务。
8日　测试市第五届人民代表大会第二次会议选举产生新一届领导，郑光明当选为测试市人民政府市长。
4月
2日　市人大常委会决定接受冯远辞去测试市人民政府副市长职务的请求。
10日　市人大常委会会议决定任命陈立同志为测试市人民政府副市长、代理市长。
12日　市政府成立防汛工作领导小组，王刚任组长，李强任副组长。
4月15日　会议决定由韩梅代理测试市审计局局长；免去褚卫同志的测试市审计局局长职务。
"""

CHRONICLE_FACTS = {
    ("周建国", "appoint", "测试市财政局局长", "2021-03-05"),
    ("吴明", "remove", "测试市财政局局长", "2021-03-05"),
    ("郑光明", "appoint", "测试市人民政府市长", "2021-03-08"),
    ("冯远", "remove", "测试市人民政府副市长", "2021-04-02"),
    ("陈立", "appoint", "测试市人民政府副市长、代理市长", "2021-04-10"),
    ("韩梅", "appoint", "代理测试市审计局局长", "2021-04-15"),
    ("褚卫", "remove", "测试市审计局局长", "2021-04-15"),
}


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t,
        lambda t: _wrap(t, 19),
        lambda t: _wrap(t, 23),
        lambda t: _paged(_wrap(t, 21), 4).replace("测试市人民政府公报", "2021年第5期"),
        lambda t: t.replace("：", ":").replace("；", ";").replace("，", ","),
    ],
    ids=["as-printed", "wrap19", "wrap23", "wrap-paged", "half-width"],
)
def test_chronicle_reports_dated_by_their_entry(variant: Callable[[str], str]) -> None:
    """Each act is dated by the entry that reports it (the month heading gives the month);
    a roster sentence in a chronicle ("王刚任组长") is no appointment."""
    got = _dated(variant(CHRONICLE), title="测试市2021年大事记", kind="chronicle", date="2021-06-30")
    assert got == CHRONICLE_FACTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（2023年4月27日测试市第十七届人民代表大会常务委员会第三次会议通过）\n根据有关法律的规定，"
         "测试市第十七届人民代表大会常务委员会第三次会议决定：\n任命陈立为测试市人民政府副市长、代理市长。\n",
         {("陈立", "appoint", "测试市人民政府副市长、代理市长", "2023-04-27")}),
        ("（二〇二三年四月二十七日测试市第十七届人民代表大会常务委员会第三次会议通过）\n"
         "会议决定：接受冯远辞去测试市人民政府市长职务的请求，报测试市人民代表大会备案。\n",
         {("冯远", "remove", "测试市人民政府市长", "2023-04-27")}),
        ("（2023年4月27日测试市第十七届人民代表大会常务委员会第三次\n会议通过）\n测试市第十七届人民代表大会常务委员会"
         "第三次会议决定：\n周平任测试市中级人民法院院长；\n吴刚不再担任测试市中级人民法院院长。\n",
         {("周平", "appoint", "测试市中级人民法院院长", "2023-04-27"),
          ("吴刚", "remove", "测试市中级人民法院院长", "2023-04-27")}),
    ],
    ids=["appoint-acting", "accept-resignation", "任-and-不再担任-wrapped-adoption-line"],
)
def test_congress_decision_dated_by_adoption(text: str, expected: set[DatedFact]) -> None:
    got = _dated(text, title="测试市人民代表大会常务委员会关于人事任免的决定", kind="other",
                 issuer="测试市人民代表大会常务委员会")
    assert got == expected


def test_congress_decision_with_its_own_date_keeps_it() -> None:
    text = "（2023年4月27日测试市人民代表大会常务委员会第三次会议通过）\n会议决定：郑好当选为测试市监察委员会主任。\n"
    got = _dated(text, title="关于郑好当选的决定", kind="other", date="2023-04-28")
    assert got == {("郑好", "appoint", "测试市监察委员会主任", "2023-04-28")}


@pytest.mark.parametrize(
    "text",
    [
        "一、领导小组组成\n王刚任测试市某工作领导小组组长；李强不再担任测试市某工作领导小组副组长。\n",
        "成立测试市防汛指挥部，由周平任总指挥，吴刚任副总指挥兼指挥部办公室主任。\n",
        "办公室设在市应急局，郑好任主任，冯一凡任副主任，褚文任成员。\n",
        "联络员：王刚任联络员。任务由李强任务组负责。\n",
    ],
    ids=["group-roles", "headquarters", "group-office", "liaison-and-a-word-with-ren"],
)
def test_group_roles_are_not_appointments(text: str) -> None:
    """In a roster "X任组长" / "X不再担任…副组长" are group roles, not appointments."""
    assert _dated(text, title="测试市人民政府办公室关于调整某工作领导小组成员的通知", kind="notice") == set()


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("会议进行了人事任免。免去钱明远的测试县人大常委会办公室副主任职务,鲁关平的测试县人大常委会某工作委员会主任"
         "职务;齐国栋的测试县某局局长职务;决定免去沈佳宁的测试县财政局局长职务。任命柯达为测试县人大常委会办公室"
         "副主任,蒲青云为测试县人大常委会某街道工作委员会副主任,卫东为测试县人大常委\n",
         "测试县人大常委会举行第五次会议",
         {("钱明远", "remove", "测试县人大常委会办公室副主任", None),
          ("鲁关平", "remove", "测试县人大常委会某工作委员会主任", None),
          ("齐国栋", "remove", "测试县某局局长", None),
          ("沈佳宁", "remove", "测试县财政局局长", None),
          ("柯达", "appoint", "测试县人大常委会办公室副主任", None),
          ("蒲青云", "appoint", "测试县人大常委会某街道工作委员会副主任", None)}),
        ("关于测试市人民政府副市长韩东\n代理市长职务的决定\n\n（2023年8月18日测试市人民代表大会常务委员会第十一次会议通过）\n\n"
         "鉴于庞立已辞去测试市人民政府市长职务，根据有关法律规定，会议决定：测试市人民政府副市长韩东代理市长职务。\n",
         "测试市人民代表大会常务委员会关于测试市人民政府副市长韩东代理市长职务的决定",
         {("韩东", "appoint", "代理市长", "2023-08-18")}),
        ("1949年8月3日，某工作团在测试县城召开大会，宣布成立测试县人民政府，卫东任县长。\n",
         "测试县人民政府成立",
         {("卫东", "appoint", "县长", None)}),
    ],
    ids=["one-verb-over-a-list-the-open-last-item-cut-off", "acting-after-own-post-title-not-read",
         "bare-government-title"],
)
def test_report_forms_in_news_and_decisions(text: str, title: str, expected: set[DatedFact]) -> None:
    """A verb distributes over the verbless items after it; an act named in a title (the decision's
    heading) is read once, where the body states it; "X已辞去…" background is no act."""
    kind = "other"  # a news item or a history page: the segmenter may not know it is a chronicle
    got = _dated(text, title=title, kind=kind, issuer="测试市人民代表大会常务委员会" if "决定" in title else None)
    assert got == expected


def test_act_line_is_the_body_not_the_title() -> None:
    text = ("关于测试市人民政府副市长韩东\n代理市长职务的决定\n\n（2023年8月18日测试市人民代表大会常务委员会第十一次会议通过）\n\n"
            "会议决定：测试市人民政府副市长韩东代理市长职务。\n")
    doc = make_document(text, title="测试市人民代表大会常务委员会关于测试市人民政府副市长韩东代理市长职务的决定",
                        kind="other", issuer="测试市人民代表大会常务委员会", date=None)
    batch = extract_appointments(doc, ExtractContext(make_gazette(doc)))
    assert [e.prov.line for e in batch.edges.values() if e.type == "APPOINTED_TO"] == [6]


@pytest.mark.parametrize(("word", "name"), [("鲁关平", True), ("关平", True), ("有关", False), ("相关", False),
                                            ("机关", False)])
def test_names_may_hold_guan(word: str, name: bool) -> None:
    """关 is in given names; the words it makes in running text (有关, 相关, 机关) are not names."""
    from kg.names import is_name

    assert is_name(word) is name


@given(st.text(alphabet="张李王三四任命免去为的职务不再担任当选辞去接受代理决定：，、；。\n 测试市局长副主任组同志6月3日", max_size=80))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_appointments_without_crashing(text: str) -> None:
    for kind in ("chronicle", "appointment", "notice"):
        doc = make_document(text or "空", title="测试市大事记", kind=kind)  # type: ignore[arg-type]
        batch = extract_appointments(doc, ExtractContext(make_gazette(doc)))
        for e in batch.edges.values():
            assert e.prov.evidence and batch.nodes[e.src].props["name"] in e.prov.evidence.replace(" ", "")


def test_traditional_characters_read_and_output_as_printed() -> None:
    """Matched on the simplified reading view, names and posts given as printed."""
    text = ("3月\n5日　市人大常委會第三十次會議決定：周建國任測試市財政局局長；吳明不再擔任測試市財政局局長職務。\n"
            "8日　會議選舉鄭光明為測試市人民政府市長。\n")
    got = _dated(text, title="測試市2021年大事記", kind="chronicle", date="2021-06-30")
    assert got == {("周建國", "appoint", "測試市財政局局長", "2021-03-05"),
                   ("吳明", "remove", "測試市財政局局長", "2021-03-05"),
                   ("鄭光明", "appoint", "測試市人民政府市長", "2021-03-08")}


def test_chronicle_entries_printed_with_their_full_date() -> None:
    text = ("2021年3月5日，市人大常委会第三十次会议决定：周建国任测试市财政局局长。\n"
            "2021年3月8日　郑光明当选为测试市人民政府市长。\n")
    got = _dated(text, title="测试市大事记", kind="chronicle", date="2021-06-30")
    assert got == {("周建国", "appoint", "测试市财政局局长", "2021-03-05"),
                   ("郑光明", "appoint", "测试市人民政府市长", "2021-03-08")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鉴于测试市人民政府副市长冯远因工作变动提出辞职，会议决定：接受冯远的辞职请求。\n",
         {("冯远", "remove", "测试市人民政府副市长", None)}),
        ("会议决定：接受冯远辞职。\n", set()),  # no post printed anywhere: nothing to say what was left
    ],
    ids=["post-printed-before-the-name", "no-post"],
)
def test_accepted_resignation_without_its_post(text: str, expected: set[DatedFact]) -> None:
    got = _dated(text, title="测试市人民代表大会常务委员会关于接受冯远辞职请求的决定", kind="other")
    assert got == expected
