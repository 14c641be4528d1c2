"""Comparisons ("对比一下衡阳和岳阳…", "2019年和2020年分别…"): one sub-question per side."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer import NOT_FOUND, Answer, Citation
from assistant.answer_types import wanted_type
from assistant.query import QueryInfo

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


def compose_comparison(parts: list[tuple[str, Answer]]) -> Answer:
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
    return Answer("对比如下：\n" + "\n".join(lines), citations, found=found, mode="offline")


def shift_markers(text: str, offset: int) -> str:
    """'[1]' → '[1+offset]' for every citation marker."""
    return _MARK.sub(lambda m: f"[{int(m.group(1)) + offset}]", text)
