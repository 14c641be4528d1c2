"""Follow-ups that point at an item of the previous answer: '第二条短板具体是怎么说的？' after a
list of 短板 asks about the second one, whatever the list's own numbering (二是, （二）, 2.)."""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十"
_ORDINAL = re.compile(
    rf"(?:这)?第\s*([{_CN}]|十[{_CN}]|\d{{1,2}})\s*(?P<unit>条|点|项|个|方面|类|部分)"
    r"([\u4e00-\u9fff]{0,4}?)(?=具体|是|有|说|讲|怎|指|呢|的|[，,？?])"
)
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")
_ITEM_END = re.compile(r"[。；;\n！!？?]|\[\d+\]")


def _number(text: str) -> int:
    """'二' → 2, '十一' → 11, '3' → 3."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN.index(text[1]) + 1 if len(text) > 1 else 0)
    return _CN.index(text) + 1


def _markers(n: int) -> list[str]:
    """How a document or an answer numbers its n-th item."""
    cn = _CN[n - 1] if n <= 10 else f"十{_CN[n - 11]}"
    return [
        f"{cn}是",
        f"第{cn}，",
        f"第{cn}、",
        f"（{cn}）",
        f"({cn})",
        f"{cn}、",
        f"{n}.",
        f"{n}、",
    ]


def nth_item(answer: str, n: int) -> str | None:
    """The n-th numbered item of an answer's text, without its number, or None."""
    for marker in _markers(n):
        at = answer.find(marker)
        if at < 0:
            continue
        rest = answer[at + len(marker) :]
        item = _ITEM_END.split(rest, maxsplit=1)[0].strip(" ，,：:")
        if len(item) >= 2:
            return item
    return None


def resolve_ordinal(question: str, previous_answer: str) -> str | None:
    """'第二条短板具体是怎么说的？' → '公共服务能力较弱，具体是怎么说的？' when the previous answer
    numbers a second item; None when the question names no item or the answer has none."""
    m = _ORDINAL.search(question)
    if m is None or (m.group("unit") == "条" and _ARTICLE.search(previous_answer)):
        return None  # after a regulation's answer, '第二条' is its Article 2, not an item
    item = nth_item(previous_answer, _number(m.group(1)))
    if item is None:
        return None
    rest = re.sub(r"^呢", "", (question[: m.start()] + question[m.end() :]).strip(" ，,的"))
    return f"{item}，{rest}" if rest.strip("？?。 ") else f"{item}，具体是什么？"
