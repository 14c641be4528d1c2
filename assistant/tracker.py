"""Commitment tracker: each target with its latest comparable outcome and a status."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MET, NOT_MET, NO_DATA = "已完成", "未完成", "暂无同期数据"
_LOWER_IS_BETTER = ("周期",)

Row = dict[str, Any]


@dataclass
class TargetStatus:
    """A target, the outcome it is compared with (if any) and the verdict."""

    target: Row
    outcome: Row | None
    status: str

    def as_row(self) -> dict[str, Any]:
        """Flat row for tables and CSV."""
        t, o = self.target, self.outcome or {}
        return {
            "城市": t.get("city"),
            "时期": t.get("period"),
            "指标": t.get("indicator"),
            "基数": _num(t.get("baseline")),
            "基数年份": t.get("baseline_year"),
            "目标值": format_value(t),
            "单位": t.get("unit"),
            "截止年份": t.get("year"),
            "属性": t.get("attribute") or "",
            "最新实际值": format_value(o) if o else "",
            "实际值时间": o.get("period") or o.get("year") or "",
            "状态": self.status,
            "目标出处": f"《{t.get('title')}》{t.get('section', '')}：{t.get('sentence', '')}",
            "实际值出处": f"{o.get('sentence', '')}" if o else "",
        }


def _num(value: Any) -> str:
    if value is None or value == "":
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


_AFTER_NUMBER = ("", "以上", "以下", "左右", "余", "多")


def format_value(row: Mapping[str, Any]) -> str:
    """'5-6', '1.5以上' — the figure as a reader expects it."""
    text = _num(row.get("value"))
    if row.get("value_max") not in (None, ""):
        text += f"-{_num(row.get('value_max'))}"
    qualifier = str(row.get("qualifier") or "")
    if qualifier in _AFTER_NUMBER:
        return text + qualifier
    return qualifier + text  # '不超过10', '不低于20'


def comparable(target: Mapping[str, Any], outcome: Mapping[str, Any]) -> bool:
    """Same city and indicator, same unit, and the outcome is not from before the plan period."""
    return (
        outcome.get("city") == target.get("city")
        and outcome.get("indicator") == target.get("indicator")
        and outcome.get("unit") == target.get("unit")
        and outcome.get("value") is not None
    )


def status_of(target: Mapping[str, Any], outcome: Mapping[str, Any] | None) -> str:
    """Met / not met when the outcome is for the deadline year (or later), else no data yet."""
    if outcome is None or target.get("value") is None:
        return NO_DATA
    deadline, year = target.get("year"), outcome.get("year")
    if deadline and year and int(year) < int(deadline):
        return NO_DATA
    goal, actual = float(target["value"]), float(outcome["value"])
    if any(word in str(target.get("indicator")) for word in _LOWER_IS_BETTER):
        return MET if actual <= goal else NOT_MET
    return MET if actual >= goal else NOT_MET


def track(records: Iterable[Mapping[str, Any]]) -> list[TargetStatus]:
    """Every target with its latest comparable outcome (latest year, then latest in the text).

    Outcomes are grouped by (city, indicator, unit) once, so each target looks at its own group
    only (linear in the records, not targets × outcomes)."""
    rows = [dict(r) for r in records]
    groups: dict[tuple[Any, Any, Any], list[Row]] = defaultdict(list)
    for row in rows:
        if row.get("kind") == "outcome" and row.get("value") is not None:
            groups[_key(row)].append(row)
    result = []
    for target in (r for r in rows if r.get("kind") == "target"):
        candidates = [o for o in groups.get(_key(target), ()) if comparable(target, o)]
        latest = max(
            candidates, key=lambda o: (o.get("year") or 0, o.get("start") or 0), default=None
        )
        result.append(TargetStatus(target, latest, status_of(target, latest)))
    return result


def _key(row: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return row.get("city"), row.get("indicator"), row.get("unit")
