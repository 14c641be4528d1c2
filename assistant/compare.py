"""Comparisons ("对比一下衡阳和岳阳…", "2019年和2020年分别…"): one sub-question per side."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from assistant.answer import NOT_FOUND, Answer, Citation
from assistant.answer_types import wanted_type
from assistant.query import QueryInfo
from assistant.retrieval import Passage, doc_place_path
from places.gazetteer import load_gazetteer

UNPLACED = "未知"  # the place of a document whose place could not be detected
PLACE_SHARE = 0.6  # passages scoring at least this share of the best one count
MOST_PLACES = 4

_CUE = re.compile(
    r"对比一下|对比|比较一下|比较|相比|分别|各自|各(?=是|为|有|规定|要求)|哪个先|哪个更\w?"
    r"|谁更\w?|有何不同|有什么区别"
)
_MARK = re.compile(r"\[(\d{1,2})\]")


def comparison_sides(info: QueryInfo) -> list[tuple[str, QueryInfo]] | None:
    """(label, sub-question) per compared place or year, or None when it is no comparison."""
    if info.answer_type != "comparison" and not _CUE.search(info.text):
        return None
    text = _CUE.sub("", info.text)
    kind = wanted_type(text)
    kind = "fact" if kind == "comparison" else kind
    paths = _compared_paths(info)
    if len(paths) >= 2:
        names = [path.rsplit("/", 1)[-1] for path in paths]
        sides = []
        for path, name in zip(paths, names, strict=True):
            cities = tuple(c for c in info.cities if c == name) or (name,)
            sub = replace(
                info,
                text=without_others(info.text, [n for n in names if n != name]),
                place_paths=(path,),
                places=(name,),
                cities=cities,
                answer_type=kind,
            )
            sides.append((name, sub))
        return sides
    if len(info.years) >= 2:
        labels = [f"{y}年" for y in info.years]
        sides = []
        for year, label in zip(info.years, labels, strict=True):
            text = without_others(info.text, [o for o in labels if o != label])
            sides.append((label, replace(info, text=text, years=(year,), answer_type=kind)))
        return sides
    return None


def _compared_paths(info: QueryInfo) -> tuple[str, ...]:
    """The places compared: the named places, a place and the province around it included
    ('宁波…和浙江省…各规定了'), which as a filter would collapse into the more specific one."""
    if len(info.place_paths) >= 2 or len(info.places) < 2:
        return info.place_paths
    g = load_gazetteer()
    found = [g.get(name) for name in info.places]
    return tuple(g.path(p) for p in found if p is not None)


_TITLE_TAIL = r"[^，,、和与及跟？?]*?(?:条例|规定|办法|细则|规划|报告|总结|答复|意见|方案)"
# the rest of the other side's name before the conjunction ('东莞|松山湖和合肥市…')
_NAME_TAIL = r"[\u4e00-\u9fff]{1,3}?(?=[和与及跟、])"


def without_others(text: str, others: list[str]) -> str:
    """One side's question: the other sides' places or years, and the titles they begin
    ('浙江省促进科技成果转化条例'), taken out so their words do not count as evidence."""
    for other in others:
        text = re.sub(rf"{re.escape(other)}(?:{_TITLE_TAIL}|{_NAME_TAIL})?", "", text)
    return text


def place_sides(
    info: QueryInfo, passages: list[Passage], documents: Mapping[str, Mapping[str, Any]]
) -> list[tuple[str, QueryInfo]] | None:
    """When a question names no place but its best passages come from documents of several
    places: (place, the question about that place) for each, best first; else None."""
    if info.place_paths or info.cities or info.unknown_cities or info.filters.get("city"):
        return None
    if not passages:
        return None
    places: dict[str, str] = {}  # place path → name
    for passage in passages:
        doc = documents.get(passage.doc_id, {})
        name = str(doc.get("city") or UNPLACED)
        if passage.score >= PLACE_SHARE * passages[0].score and name != UNPLACED:
            places.setdefault(doc_place_path(doc), name)
    if len(places) < 2:
        return None
    return [(name, _about(info, path, name)) for path, name in list(places.items())[:MOST_PLACES]]


def _about(info: QueryInfo, path: str, name: str) -> QueryInfo:
    """The question as it would be asked about one place ('湘潭市' + question)."""
    place = load_gazetteer().get(name)
    text = f"{place.name if place else name}{info.text}"
    return replace(info, text=text, place_paths=(path,), places=(name,), cities=(name,))


def compose_places(parts: list[tuple[str, Answer]]) -> Answer:
    """Answers for each place the documents cover, labelled, when the question named none."""
    found = [(label, a) for label, a in parts if a.found]
    if not found:
        return parts[0][1]
    answer = compose_comparison(found, heading="问题没有指明地区，已收录文件中各地的情况如下：")
    answer.text += "\n如只关心其中一地，请在问题中写明地区。"
    return answer


def compose_comparison(parts: list[tuple[str, Answer]], heading: str = "对比如下：") -> Answer:
    """Side-by-side answer: one line per side with its own renumbered citations."""
    lines: list[str] = []
    citations: list[Citation] = []
    for label, answer in parts:
        offset = len(citations)
        body = shift_markers(answer.text, offset)
        body = body.replace("\n", " ").strip() if answer.found else f"{NOT_FOUND}相关内容。"
        lines.append(f"- **{label}**：{body}")
        citations += [replace(c, n=c.n + offset) for c in answer.citations]
    found = any(a.found for _, a in parts)
    return Answer(heading + "\n" + "\n".join(lines), citations, found=found, mode="offline")


def shift_markers(text: str, offset: int) -> str:
    """'[1]' → '[1+offset]' for every citation marker."""
    return _MARK.sub(lambda m: f"[{int(m.group(1)) + offset}]", text)
