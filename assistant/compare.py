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
    if len(info.place_paths) >= 2:
        sides = []
        for path in info.place_paths:
            name = path.rsplit("/", 1)[-1]
            cities = tuple(c for c in info.cities if c == name) or (name,)
            sub = replace(
                info, place_paths=(path,), places=(name,), cities=cities, answer_type=kind
            )
            sides.append((name, sub))
        return sides
    if len(info.years) >= 2:
        return [(f"{y}年", replace(info, years=(y,), answer_type=kind)) for y in info.years]
    return None


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
