"""Tabular views of the structured records (subsidies, targets) and CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from assistant.tracker import format_value


def subsidy_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per subsidy / reward item."""
    return [
        {
            "城市": r.get("city"),
            "项目": r.get("indicator"),
            "金额": _amount(r),
            "对象": r.get("beneficiary") or "",
            "条件": r.get("conditions") or "",
            "发放/主管": r.get("grantor") or "",
            "出处": f"《{r.get('title')}》{r.get('section', '')}：{r.get('sentence', '')}",
        }
        for r in records
    ]


def _amount(r: Mapping[str, Any]) -> str:
    """The document's own wording of the amount ('不少于三千元', '不低于百分之七十')."""
    if r.get("value") is None:
        return ""
    return str(r.get("value_text") or f"{format_value(r)}{r.get('unit') or ''}")


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    """Rows as CSV with a header (UTF-8 text; Excel users open it with 'UTF-8')."""
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
