"""Growth of the figure just taken: '同比增长 73.95%', '相比“十二五”末增长181%', '为“十二五”末的
4.2倍', and rates stated respectively for several figures ('…分别达28.47%、23.62%')."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.models import Record
from ingest.numbers import Quantity, parse_quantities

_RATES_LEAD = re.compile(
    r"^\s*(?:年均|平均|年平均)?(?:增长率?|增速|增幅)(?:分别)?(?:达到?|为|是)?\s*(?=\d)"
)
_RATE_ONLY = re.compile(r"^\s*\d+(?:\.\d+)?\s*[%％]\s*[、，,；;。]?\s*$")
Growth = tuple[str, Quantity, None, bool, bool]  # (indicator, rate, baseline, growth, generic)


def respective_rates(
    clauses: Sequence[str], at: int, earlier: Sequence[Record]
) -> dict[int, Growth]:
    """Clause index → the growth record it states, when clause `at` starts a run of two or
    more rates that pair, in order, with the figures just taken ('分别达28.47%、23.62%')."""
    if not _RATES_LEAD.match(clauses[at]):
        return {}
    run = [at]
    for n in range(at + 1, len(clauses)):
        if not _RATE_ONLY.match(clauses[n]):
            break
        run.append(n)
    rates = {n: [q for q in parse_quantities(clauses[n]) if q.unit == "%"] for n in run}
    if len(run) < 2 or any(len(r) != 1 for r in rates.values()):
        return {}
    bases = [r for r in earlier if r.unit != "%"][-len(run) :]
    if len(bases) < len(run):
        return {}
    out = {}
    for base, n in zip(bases, run, strict=True):
        name = base.indicator.removesuffix("年均增长率")
        out[n] = (name + "年均增长率", rates[n][0], None, True, False)
    return out


_GROWTH_CLAUSE = re.compile(
    r"^\s*(?:同比|比上年|较上年|较去年|(?:相比|相较|较|比)[^，,；;\d]{1,12}?)?(?:增长|增加|上升)(?:了)?\s*(?=\d)"
)
_MULTIPLE = re.compile(r"^\s*(?:是|为|相当于)[^，,；;\d]{1,12}?的\s*(?=\d+(?:\.\d+)?\s*倍)")


def growth_of(clause: str, earlier: Sequence[Record]) -> Growth | None:
    """'同比增长 73.95%' after '全市专利申请 9837 件，': the growth of the figure just taken;
    '为“十二五”末的4.2倍': its multiple of an earlier level."""
    if not earlier or earlier[-1].unit in ("%", "倍"):
        return None
    base = earlier[-1].indicator.removesuffix("年均增长率").removesuffix("同比增长率")
    if _MULTIPLE.match(clause):
        times = [q for q in parse_quantities(clause) if q.unit == "倍"]
        return (base + "倍数", times[0], None, True, False) if len(times) == 1 else None
    rates = [q for q in parse_quantities(clause) if q.unit == "%"]
    if not rates or not _GROWTH_CLAUSE.match(clause) or len(rates) > 1:
        return None
    return base + "年均增长率", rates[0], None, True, False


_SHARE_CLAUSE = re.compile(
    r"^\s*(?:占比|占[^，,；;\d]{1,12}?(?:的)?(?:比重|比例)?)(?:达到?|为|约)?\s*(?=\d)"
)


def share_of(clause: str, earlier: Sequence[Record]) -> Growth | None:
    """'占比68.86%' after '企业累计获得授权23456件，': the share of the figure just taken."""
    if not earlier or earlier[-1].unit in ("%", "倍") or not _SHARE_CLAUSE.match(clause):
        return None
    rates = [q for q in parse_quantities(clause) if q.unit == "%"]
    if len(rates) != 1:
        return None
    return earlier[-1].indicator + "占比", rates[0], None, False, True
