"""Figures stated respectively for several named things: '专利申请量、发明专利授权量和PCT国际专利
申请量分别为12000件、1200件和45件', '科研单位、机关和个人分别获得授权865件、1188件和1136件'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ingest.indicators import LEAD, indicator_of
from ingest.numbers import Quantity, parse_quantities

_RESPECTIVELY = re.compile(r"分别")
_BOUNDARY = re.compile(r"[，,；;：:。（(]")
_JOINERS = re.compile(r"、|以及|和|及|与")
_VERB = re.compile(r"^(?:为|是|达到?|有|实现|完成|增至|突破|超过)+")
_MIN_NAME = 2


@dataclass(frozen=True)
class Respective:
    """One named thing and its figure; `start`/`end` bound the whole statement in the sentence."""

    name: str
    quantity: Quantity
    start: int
    end: int


def respective_figures(sentence: str) -> list[Respective]:
    """Pairs of names and figures, in order, when as many names precede '分别' as figures follow
    it (two or more); the figures after a verb phrase name it ('获得授权' → '…获得授权')."""
    for m in _RESPECTIVELY.finditer(sentence):
        head_start = _head_start(sentence, m.start())
        names = _names(sentence[head_start : m.start()])
        tail_end = _tail_end(sentence, m.end())
        tail = sentence[m.end() : tail_end]
        quantities = parse_quantities(tail)
        if len(names) < 2 or len(names) != len(quantities) or not _only_figures(tail, quantities):
            continue
        verb = _VERB.sub("", tail[: quantities[0].start]).strip()
        return [
            Respective(_full_name(name, verb), _shift(q, m.end()), head_start, tail_end)
            for name, q in zip(names, quantities, strict=True)
        ]
    return []


def _head_start(sentence: str, before: int) -> int:
    """Where the list of names begins: after the last clause boundary before '分别'."""
    cuts = [b.end() for b in _BOUNDARY.finditer(sentence, 0, before)]
    return cuts[-1] if cuts else 0


def _tail_end(sentence: str, after: int) -> int:
    """Where the figures end: the next clause boundary other than '、'."""
    m = _BOUNDARY.search(sentence, after)
    return m.start() if m else len(sentence)


def _names(head: str) -> list[str]:
    """The names joined by '、', '和', '及' …, each long enough to name something."""
    parts = [LEAD.sub("", p).strip() for p in _JOINERS.split(head)]
    return parts if all(len(p) >= _MIN_NAME for p in parts) else []


def _only_figures(tail: str, quantities: list[Quantity]) -> bool:
    """Between the figures only joiners: the figures are one list, not a longer statement."""
    between = [tail[a.end : b.start] for a, b in pairwise(quantities)]
    return all(not _JOINERS.sub("", gap).strip() for gap in between)


def _full_name(name: str, verb: str) -> str:
    """The name as an indicator: itself when it is one, else with the verb phrase after it."""
    found = indicator_of(name)
    if found is not None and found[1] == len(name):
        return found[0]
    return name + verb if verb and not re.search(r"\d", verb) else name


def _shift(q: Quantity, offset: int) -> Quantity:
    """The quantity with its position counted from the sentence start."""
    return Quantity(
        q.value, q.value_max, q.unit, q.qualifier, q.text, q.start + offset, q.end + offset
    )
