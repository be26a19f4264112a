"""kg.scale: rewritten copies of the corpus are distinct issues with the same layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import pipeline
from kg.model import GraphBatch
from kg.scale import Rewriter, ScaleCorpus, Vocabulary, mine_cores, scaled_batch
from tests.conftest import DATA


def test_rewriter_cases() -> None:
    rw = Rewriter({"朔州": "青川", "张韬": "李明", "安家岭": "石桥沟"}, {"朔": "青"}, 2, "QINGCHUAN")
    cases = [
        ("朔州市人民政府公报", "青川市人民政府公报"),
        ("朔政办发〔2020〕49号", "青政办发〔2022〕49号"),  # the 文号 prefix takes the new city's first character
        ("朔政发[2020]47号", "青政发[2022]47号"),
        ("平朔集团", "平朔集团"),  # an abbreviation elsewhere is not a 文号 prefix
        ("张　韬 市委常委", "李　明 市委常委"),  # a spaced name keeps its space
        ("张韬", "李明"),
        ("中煤平朔集团有限公司安家岭露天矿", "中煤平朔集团有限公司石桥沟露天矿"),
        ("2020年1月10日出版", "2022年1月10日出版"),
        ("2020 年 10 月 31 日", "2022 年 10 月 31 日"),
        ("SHUOZHOU SHI RENMIN ZHENG FU GONGBAO", "QINGCHUAN SHI RENMIN ZHENG FU GONGBAO"),
    ]
    for src, want in cases:
        assert rw.text(src) == want, src
    leap = Rewriter({}, {}, 1, "X")
    assert leap.text("2019年2月29日") == "2020年2月29日"
    assert leap.text("2020年2月29日") == "2021年2月28日"  # 2021 has no 29 February
    assert leap.text("2020-02-29") == "2021-02-28"


def test_mine_cores_drop_shared_company_words() -> None:
    names = ["甲乙集团有限公司东山露天矿", "甲乙集团有限公司西河露天矿", "甲乙集团有限公司东露天矿",
             "丙丁煤业有限公司"]
    cores = mine_cores(names)
    assert "东山" in cores and "西河" in cores
    assert "东露" in cores  # a one-character core takes the character after it
    assert not any("集团" in c or "有限公司" in c for c in cores)


@pytest.fixture(scope="module")
def corpus() -> tuple[ScaleCorpus, GraphBatch, Path]:
    small = min(DATA.glob("*.txt"), key=lambda f: f.stat().st_size)
    batch = pipeline.run([small]).batch
    return ScaleCorpus([small], Vocabulary.from_batch(batch)), batch, small


def test_a_rewritten_issue_reads_the_same_and_shares_no_names(corpus: tuple[ScaleCorpus, GraphBatch, Path],
                                                             tmp_path: Path) -> None:
    sc, batch, small = corpus
    files = sc.write(tmp_path, 2, include_original=False)
    assert [f.name.split("-", 1)[0] for f in files] == ["scale001", "scale002"]
    a, b = (f.read_text(encoding="utf-8") for f in files)
    assert a != b and a.count("\n") == b.count("\n") == small.read_text(encoding="utf-8").count("\n")
    copy = pipeline.run([files[0]]).batch
    assert copy.counts() == batch.counts()  # same layouts: every fact is read again

    def names(bt: GraphBatch, label: str) -> set[str]:
        return {str(n.props.get("name")) for n in bt.nodes.values() if n.label == label}

    for label in ("Person", "CoalMine", "Gazette"):
        assert not names(copy, label) & names(batch, label), label
    assert not {d for d in names(copy, "Document") if "〔" in d} & names(batch, "Document")


def test_scaled_batch_is_n_distinct_copies(corpus: tuple[ScaleCorpus, GraphBatch, Path]) -> None:
    sc, batch, _ = corpus
    three = scaled_batch(sc, batch, 3)
    people = sum(1 for n in batch.nodes.values() if n.label == "Person")
    assert sum(1 for n in three.nodes.values() if n.label == "Person") == 3 * people
    assert len(three.edges) == 3 * len(batch.edges)
    again = ScaleCorpus(sc.files, sc.vocabulary)  # copy k is the same however it is asked for
    assert again.rewriter(2).mapping == sc.rewriter(2).mapping
