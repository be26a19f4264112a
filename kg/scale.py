"""Scale corpora: the bundled gazettes rewritten into N distinct issues.

Benchmarks at 32× or 100× must run on realistic text that is not the same
issue over and over (duplicates would merge into the same nodes and flatter
every figure). :class:`ScaleCorpus` reads a corpus once, learns from its own
graph which strings are names (the cities of its gazettes, the people, the
places, the distinctive part of each mine's name) and writes copy ``k`` of
every file with

* other cities (a new two-character stem; the 文号 prefix takes its first
  character: 朔政发 → 青政发),
* other people, places and mines (generated names of the same length, a
  spaced two-character name keeps its space),
* other years: every year 2000–2039 and so every date and 文号 moves by the
  copy's shift (a 29 February that does not exist becomes the 28th),

and the same layouts (line breaks, tables, furniture untouched). Nothing of
the corpus is written in this module: the names come from the graph.

    from kg.scale import ScaleCorpus
    sc = ScaleCorpus.from_corpus(["data/gazettes"])
    files = sc.write("/tmp/scale", copies=32)        # 32 × the corpus, all distinct

:meth:`ScaleCorpus.rewrite_batch` applies the same rewriting to a built
:class:`~kg.model.GraphBatch` (keys, names, provenance), so a 100× graph can
be made without extracting 100× text.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.model import Edge, GraphBatch, Node, NodeRef
from kg.thresholds import MINE_CORE_SHARED

# Characters the generated names are made of (common, neutral).
_CITY_FIRST = "青云临江安平和泰丰宁清远嘉兴华济川武昌南德明长永怀靖通沧定保承新景金章乐固鹤凤松桐兰岳陵益衡"
_CITY_SECOND = "川源阳泉丰城宁山州原安河峰林溪浦川岭湾台"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞辉建国峰斌波宇浩凯健俊帆帅旭宁龙林欣"
    "佳雪琳晨阳亮成志文博新海东南北山川德才荣福贵永昌盛兴旺瑞祥宏伟光耀卫民安康泰金银珍宝"
)
_PLACE_CHARS = "东西南北上下前后高低新旧大小长宽青红白黄金银石木水火土山川河湖桥沟岭坡湾堡庄屯寨营坪台峪"
_PINYIN = ("QING", "YUN", "LIN", "JIANG", "AN", "PING", "HE", "TAI", "FENG", "NING", "YUAN", "JIA", "HUA", "CHUAN")

_SPACE = "[ \u3000]"
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
_FEB29 = re.compile(r"(?<!\d)(20[0-3]\d)(年|-)(0?2)(月|-)29(?!\d)")
# a 文号 prefix: the city's one-character abbreviation, up to six more characters, 〔 or [ or ( and a year
_DOCNO_PREFIX = "(?={rest}{{0,6}}[〔\\[（(［]20\\d\\d)"
_PINYIN_LINE = re.compile(r"^([A-Z]+?)(\s?SHI\s)(?=RENMIN)", re.MULTILINE)
_MINE_SUFFIXES = ("有限责任公司", "有限公司", "集团", "煤业", "煤矿", "露天矿", "公司", "矿")


@dataclass
class Vocabulary:
    """What is a name in a corpus, learnt from its graph."""

    cities: list[str] = field(default_factory=list)  # city stems, 朔州 (without 市)
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # counties, districts, towns with their suffix
    mine_cores: list[str] = field(default_factory=list)  # the distinctive runs of mine names

    @classmethod
    def from_batch(cls, batch: GraphBatch) -> Vocabulary:
        cities: set[str] = set()
        people: set[str] = set()
        places: set[str] = set()
        mines: set[str] = set()
        for node in batch.nodes.values():
            name = str(node.props.get("name") or "")
            if node.label == "Gazette" and node.props.get("city"):
                cities.add(_stem(str(node.props["city"])))
            elif node.label == "Person" and 2 <= len(name) <= 4:
                people.add(name)
            elif node.label == "Place" and node.props.get("level") in ("县", "乡镇") and len(name) >= 2:
                places.add(name)
            elif node.label == "CoalMine" and name:
                mines.add(name)
        cities.discard("")
        return cls(sorted(cities), sorted(people), sorted(places), mine_cores(sorted(mines)))


def _stem(city: str) -> str:
    return city[:-1] if city.endswith(("市", "州", "盟")) and len(city) > 2 else city


def mine_cores(names: Sequence[str], shared: int = MINE_CORE_SHARED) -> list[str]:
    """The distinctive runs of mine names: what remains of each name after
    removing every substring (2+ characters) that at least ``shared`` names
    have in common (group and company words), runs of 2+ characters."""
    counts: dict[str, int] = {}
    for name in names:
        subs = {name[i:j] for i in range(len(name)) for j in range(i + 2, min(len(name), i + 12) + 1)}
        for s in subs:
            counts[s] = counts.get(s, 0) + 1
    common = {s for s, c in counts.items() if c >= shared}
    cores: set[str] = set()
    for name in names:
        covered = [False] * len(name)
        for i in range(len(name)):
            for j in range(i + 2, min(len(name), i + 12) + 1):
                if name[i:j] in common:
                    for k in range(i, j):
                        covered[k] = True
        runs: list[tuple[int, str]] = []
        run = ""
        for i, (ch, cov) in enumerate(zip(name, covered, strict=True)):
            if cov:
                if run:
                    runs.append((i - len(run), run))
                run = ""
            else:
                run += ch
        if run:
            runs.append((len(name) - len(run), run))
        long_runs = [r for _, r in runs if len(r) >= 2]
        if long_runs:
            cores.update(long_runs)
        elif runs:  # only one-character runs (东露天矿): the first with the character after it
            i = runs[0][0]
            cores.add(name[i : i + 2])
    return sorted(c for c in cores if c not in _MINE_SUFFIXES)


class Rewriter:
    """Copy ``k``'s rewriting of text: one regex, longest name first, one pass."""

    def __init__(self, mapping: dict[str, str], abbreviations: dict[str, str], year_shift: int,
                 pinyin: str) -> None:
        self.mapping = mapping
        self.year_shift = year_shift
        self.pinyin = pinyin
        self.abbreviations = abbreviations
        alts = []
        self._spaced: dict[str, str] = {}
        for old in sorted(mapping, key=lambda s: (-len(s), s)):
            if len(old) == 2:  # a two-character personal name may be printed spaced: 贺　亮
                alts.append(re.escape(old[0]) + f"{_SPACE}{{0,2}}" + re.escape(old[1]))
            else:
                alts.append(re.escape(old))
        for abbr in sorted(abbreviations):
            rest = "[^\\s〔\\[（(［]"
            alts.append(re.escape(abbr) + _DOCNO_PREFIX.format(rest=rest))
        self._names = re.compile("|".join(alts)) if alts else None

    def _name(self, m: re.Match[str]) -> str:
        s = m.group(0)
        if s in self.abbreviations:
            return self.abbreviations[s]
        if s in self.mapping:
            return self.mapping[s]
        key = s[0] + s[-1]  # a spaced two-character name: keep the space
        new = self.mapping.get(key)
        if new is None:
            return s
        return new[0] + s[1:-1] + new[1]

    def _year(self, m: re.Match[str]) -> str:
        return str(int(m.group(1)) + self.year_shift)

    def text(self, s: str) -> str:
        if self._names is not None:
            s = self._names.sub(self._name, s)
        if self.year_shift:
            s = _YEAR.sub(self._year, s)
            s = _FEB29.sub(_fix_feb29, s)
        return _PINYIN_LINE.sub(lambda m: self.pinyin + m.group(2), s)

    def value(self, v: Any) -> Any:
        if isinstance(v, str):
            return self.text(v)
        if isinstance(v, list):
            return [self.value(x) for x in v]
        return v


def _fix_feb29(m: re.Match[str]) -> str:
    year = int(m.group(1))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return m.group(0) if leap else m.group(0)[:-2] + "28"


class ScaleCorpus:
    """N distinct rewritten copies of a corpus (see the module docstring)."""

    def __init__(self, files: Sequence[Path], vocabulary: Vocabulary, seed: int = 12) -> None:
        self.files = list(files)
        self.vocabulary = vocabulary
        self.seed = seed
        self._used: set[str] = set(vocabulary.people) | set(vocabulary.places) | set(vocabulary.mine_cores)
        self._used_cities: set[str] = set(vocabulary.cities)
        self._used_first: set[str] = {c[0] for c in vocabulary.cities if c}
        self._rewriters: dict[int, Rewriter] = {}

    @classmethod
    def from_corpus(cls, paths: Iterable[str | Path], seed: int = 12) -> ScaleCorpus:
        from kg import pipeline
        from kg.ingest import iter_input_files

        plist = list(paths)
        result = pipeline.run(plist)
        return cls(iter_input_files(plist), Vocabulary.from_batch(result.batch), seed)

    # ------------------------------------------------------------ names
    def _fresh(self, rng: random.Random, old: str, used: set[str], make: Any) -> str:
        for _ in range(200):
            new = make(rng, old)
            if new not in used and new != old:
                used.add(new)
                return str(new)
        return str(make(rng, old))  # pools exhausted: a repeat is better than a crash

    @staticmethod
    def _person(rng: random.Random, old: str) -> str:
        return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(len(old) - 1))

    @staticmethod
    def _place(rng: random.Random, old: str) -> str:
        keep = 1 if old[-1] in "区县市乡镇旗" else 0
        body = "".join(rng.choice(_PLACE_CHARS) for _ in range(len(old) - keep))
        return body + old[len(old) - keep :]

    @staticmethod
    def _core(rng: random.Random, old: str) -> str:
        return "".join(rng.choice(_PLACE_CHARS) for _ in range(len(old)))

    def rewriter(self, k: int) -> Rewriter:
        """The rewriting of copy ``k`` (0 = the corpus as it is)."""
        if k in self._rewriters:
            return self._rewriters[k]
        if k == 0:
            rw = Rewriter({}, {}, 0, "")
            self._rewriters[0] = rw
            return rw
        for j in range(1, k):  # names are drawn in copy order, so copy k is the same however it is asked for
            self.rewriter(j)
        rng = random.Random(self.seed * 1_000_003 + k)
        mapping: dict[str, str] = {}
        abbreviations: dict[str, str] = {}
        for city in self.vocabulary.cities:
            new = ""
            for _ in range(400):
                first = rng.choice(_CITY_FIRST)
                cand = first + rng.choice(_CITY_SECOND)
                if cand not in self._used_cities and (first not in self._used_first or len(self._used_first) >= len(_CITY_FIRST)):
                    new = cand
                    break
            if not new:
                new = rng.choice(_CITY_FIRST) + rng.choice(_CITY_SECOND)
            self._used_cities.add(new)
            self._used_first.add(new[0])
            mapping[city] = new
            abbreviations[city[0]] = new[0]
        for p in self.vocabulary.people:
            mapping[p] = self._fresh(rng, p, self._used, self._person)
        for p in self.vocabulary.places:
            if p not in mapping:
                mapping[p] = self._fresh(rng, p, self._used, self._place)
        for c in self.vocabulary.mine_cores:
            if c not in mapping:
                mapping[c] = self._fresh(rng, c, self._used, self._core)
        shift = 1 + (k - 1) % 9  # years 2021–2029 for a 2020 issue: dates stay plausible
        pinyin = "".join(rng.choice(_PINYIN) for _ in range(2))
        rw = Rewriter(mapping, abbreviations, shift, pinyin)
        self._rewriters[k] = rw
        return rw

    # ------------------------------------------------------------ output
    def file_name(self, path: Path, k: int) -> str:
        if k == 0:
            return path.name
        return f"scale{k:03d}-" + self.rewriter(k).text(path.name)

    def write(self, out_dir: str | Path, copies: int, *, include_original: bool = True) -> list[Path]:
        """Write ``copies`` × the corpus into ``out_dir`` (copy 0 is the corpus itself
        when ``include_original``) and return the files written."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        start = 0 if include_original else 1
        for k in range(start, start + copies):
            rw = self.rewriter(k)
            for f in self.files:
                text = f.read_text(encoding="utf-8")
                dest = out / self.file_name(f, k)
                dest.write_text(rw.text(text), encoding="utf-8")
                written.append(dest)
        return written

    def rewrite_batch(self, batch: GraphBatch, k: int) -> GraphBatch:
        """Copy ``k`` of a built graph: every key, string property and provenance field rewritten."""
        rw = self.rewriter(k)
        if k == 0:
            return batch
        out = GraphBatch()
        for node in batch.nodes.values():
            new = Node(node.label, rw.text(node.key), {p: rw.value(v) for p, v in node.props.items()})
            out.nodes[new.ref] = new
        for edge in batch.edges.values():
            prov = dataclasses.replace(
                edge.prov,
                file=f"scale{k:03d}-" + rw.text(edge.prov.file),
                doc_number=rw.value(edge.prov.doc_number),
                evidence=rw.text(edge.prov.evidence),
            )
            e = Edge(edge.type, NodeRef(edge.src.label, rw.text(edge.src.key)),
                     NodeRef(edge.dst.label, rw.text(edge.dst.key)), prov,
                     {p: rw.value(v) for p, v in edge.props.items()})
            out.edges.setdefault(e.key, e)
        return out


def scaled_batch(sc: ScaleCorpus, batch: GraphBatch, copies: int, *, start: int = 0) -> GraphBatch:
    """Copies ``start`` … ``copies - 1`` of ``batch`` in one batch (copy 0 is ``batch``
    itself), so ``scaled_batch(sc, b, 100)`` is the 100× graph."""
    out = GraphBatch()
    for k in range(start, copies):
        part = sc.rewrite_batch(batch, k)
        out.nodes.update(part.nodes)
        for key, e in part.edges.items():
            out.edges.setdefault(key, e)
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Write N distinct rewritten copies of a gazette corpus.")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--copies", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-original", action="store_true", help="write only rewritten copies")
    args = ap.parse_args(argv)
    sc = ScaleCorpus.from_corpus(args.corpus)
    files = sc.write(args.out, args.copies, include_original=not args.no_original)
    print(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
