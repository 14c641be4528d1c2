"""Awards won, counted: '共获得2项金奖、2项银奖以及15项优秀奖', '19个项目获第二十四届中国专利奖',
'优秀奖13项'. Each figure counts the award named beside it (not a reward paid: 奖励 / 奖金)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numbers import Quantity, parse_quantities

_UNITS = ("项", "个", "件", "人", "名")
# an award's name: up to 12 characters ending in 奖, not 奖励 / 奖金 / 奖补 / 奖项
_AWARD = r"[^\d，,。；;、：:（()）“”]{0,12}?奖(?![励金补项])"
_AFTER = re.compile(rf"^\s*(?:{_AWARD})")  # '2项|金奖'
_WON = re.compile(rf"^([^，,。；;、\d]{{0,12}}?)(?:获得?|斩获|荣获|摘得)(?:了)?({_AWARD})")
_BEFORE = re.compile(rf"({_AWARD})\s*$")  # '优秀奖|13项'
GRADE = r"[一二三四五六七八九十特]等奖"  # a prize's grade: '二等奖', '特等奖'
_GRADE = re.compile(rf"^{GRADE}$")  # a bare grade: the award named before it
_WHO = {"个": "项目", "人": "人", "名": "人"}  # what won, when the clause does not say
_TRAIL = re.compile(r"(?:分别|均|都|共|已|先后)+$")
_LEAD = re.compile(r"^(?:以及|和|及|与|共|其中|分别|本届|第[一二三四五六七八九十百\d]+届)+")


@dataclass(frozen=True)
class AwardCount:
    """How many of an award were won."""

    name: str
    quantity: Quantity
    award: str  # the award's own name ('省科学技术进步奖', '二等奖'), '' when unnamed


def award_counts(clause: str, parent: str = "") -> list[AwardCount]:
    """The award counts of a clause, in order (none when it names no award beside a figure);
    a bare grade ('二等奖') belongs to `parent`, the award named last before it."""
    out = []
    previous_end = 0
    for q in parse_quantities(clause):
        if q.unit not in _UNITS or not q.text.lstrip()[:1].isdigit():
            continue
        tail, head = clause[q.end :], clause[previous_end : q.start]
        if m := _WON.match(tail):
            several = tail[m.end() :].startswith(
                "、"
            )  # '…荣获自然科学奖、技术发明奖…': all of them
            what = _clean(m.group(1)) or _WHO.get(q.unit, "")
            award = "" if several or len(_clean(m.group(2))) < 2 else _clean(m.group(2))
            name = f"{award}获奖{what}"
        elif m := _AFTER.match(tail) or _BEFORE.search(head):
            award = _clean(m.group(m.lastindex or 0))
            if _GRADE.match(award) and parent:
                award = f"{parent}{award}"
            name = award if award.endswith("获奖") else f"{award}获奖"  # '专利获奖': unnamed
        else:
            continue
        previous_end = q.end
        out.append(AwardCount(f"{name}数", q, award))
    return out


def parent_award(counts: list[AwardCount], parent: str) -> str:
    """The award a later bare grade belongs to: the last one named ('自治区自然科学奖一等奖' →
    '自治区自然科学奖'), or `parent` when none was."""
    for a in reversed(counts):
        if m := re.match(rf"(.+?奖){GRADE}$", a.award):
            return m.group(1)
        if a.award and not _GRADE.match(a.award) and not a.award.endswith("获奖"):
            return a.award
    return parent


def _clean(name: str) -> str:
    """An award's name without the joiners and lead words before it."""
    return _TRAIL.sub("", _LEAD.sub("", name.strip())).strip()
