"""Growth rates stated 'respectively' for the figures before them:
'专利申请量25501件,专利授权量14111件,年均增长率分别达28.47%、23.62%'."""

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
