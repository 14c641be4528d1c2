"""Reward and remuneration rules of regulations: minimum bonuses, shares of income or profit.

`一项发明专利的奖金最低不少于三千元` and `从转让净收入中提取不低于百分之七十的比例用于奖励`
state what is paid, how much (a fixed sum, a minimum, a maximum or a percentage) and to whom.
"""

from __future__ import annotations

import re

from ingest.awards import GRADE
from ingest.models import Record
from ingest.numbers import Quantity, parse_quantities

_PAID = re.compile(r"奖金|奖励|报酬|酬金|资助|补贴|补助|奖补|给付|贴息")
_INTEREST = re.compile(r"贴息")  # an interest subsidy names the loan it pays towards
_CAP = re.compile(r"最高|不超过|上限|封顶")
# fines, fees, rates, budget lines: no figure of the sentence is paid to applicants; money
# obtained from higher levels or proposed: the figures after the cue are not
NOT_PAID = re.compile(r"罚款|罚金|没收|违法所得|收费|税率|利率|贷款|增长幅度|预算|经费共")
OBTAINED = re.compile(r"争取|建议|请求|下达|拨付")  # from higher levels, or only proposed
NOT_YET = re.compile(OBTAINED.pattern + r"|申报")  # ... or only applied for
LIST_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)"
)
_CLAUSE = re.compile(r"[^，,；;：:。]+")
_SHARE_OF = re.compile(
    r"(?:从|在|自|将)?(?P<base>[^，,；;从在自将]{2,30}?)(?:中|里)?(?:提取|提成|划出|占)"
)
_BENEFICIARY = re.compile(
    r"(?:对|给予?|向|奖励)(?P<who>[^，,；;。]{0,30}?(?:人员|个人|发明人|设计人|团队|专利权人|单位|企业|学生|教师))"
)
_CONDITION = re.compile(r"[^，,；;。]{4,60}?的(?=[，,])")
_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条\s*")
_GIVEN = re.compile(r"^\s*(?P<who>对?[^，,；;。\d]{2,40}?)(?:给予|予以)(?P<once>一次性)?\s*$")
_PAID_AFTER = re.compile(r"^\s*的?(奖励|资助|补助|补贴|奖补|贴息)")
_OBJECT = re.compile(r"\s*对[^，,；;。]{4,40}(?=[，,])")  # '对获得授权的国内发明专利，每件资助…'

_LEAD = re.compile(r"^(?:其中|一项|每项|每件|对|其|并|应当|可以|按照|给予|以上|的)+")
_RECEIVED = re.compile(r"(?:拿到|获得|领取|得到|收到)\s*$")  # narration of money received
_TAIL = re.compile(r"(?:最低|不少于|不低于|不超过|最高|达到|为|的|应当|可以|提取|中|占|数额)+$")
_MONEY = ("元", "万元", "亿元")
_GRADE = re.compile(GRADE)
_GRADE_END = re.compile(rf"{GRADE}$")
_AFTER_SUM = re.compile(r"\d[\d.]*\s*[万亿]?元(?:[、，,\s]|以及|和|及)*")
_PRIZE = re.compile(rf"{GRADE}\s*[\d.]+\s*[万亿]?元")  # a prize's sum, listed on
BOUNDS = {"不低于": "minimum", "不少于": "minimum", "以上": "minimum", "最高": "maximum",
          "以下": "maximum", "不超过": "maximum", "不高于": "maximum"}  # fmt: skip


def reward_rules(sentence: str, start: int, section: str, lead: str = "") -> list[Record]:
    """One record per amount or percentage that the sentence says is paid as a reward
    (`lead`: the sentence introducing a list the sentence is an item of)."""
    if not _PAID.search(lead + sentence):
        return []
    interest = bool(_INTEREST.search(sentence))
    if NOT_PAID.search(sentence) and not interest:
        return []
    out: list[Record] = []
    for q in parse_quantities(sentence):
        if (q.unit != "%" and q.unit not in _MONEY) or NOT_YET.search(sentence[: q.start]):
            continue
        clause = _clause_at(sentence, q)
        prize = bool(out) and bool(
            _PRIZE.fullmatch(clause.strip())
        )  # '…一等奖50万元，特等奖100万元'
        if interest and NOT_PAID.search(clause):
            continue  # '办理贴息贷款30万元': the loan, not the interest paid on it
        cap = bool(out) and not _PAID.search(clause) and bool(_CAP.search(clause))
        if q.unit in _MONEY and not _PAID.search(clause) and not prize and not cap:
            continue  # a sum elsewhere in the sentence (a project's size, a threshold)
        if _RECEIVED.search(clause[: clause.find(q.text)] if q.text in clause else ""):
            continue
        rule = _rule(sentence, start, section, q, clause, lead)
        if out and _GRADE.fullmatch(rule.indicator):  # '二等奖' of the prizes listed first
            rule.indicator = _TAIL.sub("", _GRADE_END.sub("", out[0].indicator)) + rule.indicator
        if cap:  # '…每件资助20000元，每个单位每年最高不超过10万元': that item's ceiling
            if not re.search(r"奖|资助|补|贴息", rule.indicator):
                rule.indicator, rule.conditions = f"{out[-1].indicator}上限", out[-1].conditions
            rule.extra["amount_type"] = "maximum"
        out.append(rule)
    return out


def _clause_at(sentence: str, q: Quantity) -> str:
    return next(
        (m.group(0) for m in _CLAUSE.finditer(sentence) if m.start() <= q.start < m.end()), ""
    )


def _rule(sentence: str, start: int, section: str, q: Quantity, clause: str, lead: str) -> Record:
    """The rule's record: a readable item name taken from the clause, beneficiary, condition."""
    before = LIST_ITEM.sub("", sentence[: sentence.find(clause)])
    own = _ARTICLE.sub("", re.split(r"[；;]", before)[-1])  # this amount's part of the sentence
    rest = re.split(r"[；;]", sentence[len(before) :] if sentence.startswith(before) else clause)
    who = _BENEFICIARY.search(own + rest[0]) or _borrowed_beneficiary(sentence, lead)
    name, beneficiary = _item_name(clause, q), who.group("who") if who else ""
    condition = _condition(own, _ARTICLE.sub("", before))
    if given := _given_to(clause, q):  # '（六）对…示范企业给予20万元奖励，优势企业给予10万元奖励'
        recipient, name = given
        condition, beneficiary = condition or recipient, recipient.removeprefix("对")
    return Record(
        "subsidy",
        name,
        q.value,
        q.unit,
        sentence.strip(),
        start,
        start + len(sentence.rstrip()),
        value_max=q.value_max,
        qualifier=q.qualifier,
        value_text=q.text,
        conditions=condition[:200],
        beneficiary=beneficiary,
        section=section,
        extra={"amount_type": amount_type(q)},
    )


def _given_to(clause: str, q: Quantity) -> tuple[str, str] | None:
    """(recipient, what is paid) of a clause worded '[对]X给予[一次性]N元奖励', else None."""
    at = clause.find(q.text)
    head = _ARTICLE.sub("", LIST_ITEM.sub("", clause[: max(at, 0)]))
    given, paid = _GIVEN.match(head), _PAID_AFTER.match(clause[at + len(q.text) :])
    if at < 0 or given is None or paid is None:
        return None
    return given.group("who").strip(), (given.group("once") or "") + paid.group(1)


def _borrowed_beneficiary(sentence: str, lead: str) -> re.Match[str] | None:
    """The beneficiary named elsewhere in the sentence (or its list's lead), unless it is part
    of another amount's condition ('对…示范企业的，…30万元；…优势企业的，…10万元')."""
    other = _BENEFICIARY.search(sentence) or _BENEFICIARY.search(lead)
    conditions = _CONDITION.findall(sentence + "，")
    if other is None or any(other.group("who") in str(c) for c in conditions):
        return None
    return other


def _condition(own: str, before: str) -> str:
    """The condition of an amount: the '…的，' of its own part of the sentence (after the last
    ；; alternatives '…的，或…的' all), else the '对…' it opens with, else the first '…的，' of
    the sentence."""
    found = _CONDITION.findall(own + "，")
    if found:
        return "，".join(str(c).strip() for c in found)
    opening = _OBJECT.match(own)
    if opening and not _PAID.search(opening.group(0)):  # not another amount's clause
        return opening.group(0).strip()
    first = _CONDITION.search(before + "，")
    return first.group(0).strip() if first else ""


def _item_name(clause: str, q: Quantity) -> str:
    """'一项发明专利的奖金最低不少于三千元' → '发明专利的奖金'; a share → '<base>提取比例'."""
    before = clause[: clause.find(q.text)] if q.text in clause else clause
    if q.unit == "%":
        share = _SHARE_OF.search(before)
        if share:
            return _LEAD.sub("", share.group("base")).strip() + "提取比例"
        given = re.match(
            r"\s*(?:的)?(?:比例)?给予([\u4e00-\u9fff]{2,3}?)(?:[，,；;。]|$)",
            clause[clause.find(q.text) + len(q.text) :],
        )
        if given and _PAID.search(given.group(1)):  # '按实际支付利息的50%给予贴息' → 贴息比例
            return f"{given.group(1)}比例"
    before = _AFTER_SUM.split(before)[-1]  # '一等奖50万元、二等奖' → '二等奖'
    name = _TAIL.sub("", _LEAD.sub("", before.strip()))
    return name or clause.strip()[:30]


def amount_type(q: Quantity) -> str:
    """percentage, minimum, maximum or fixed."""
    if q.unit == "%":
        return "percentage"
    return BOUNDS.get(q.qualifier, "fixed")
