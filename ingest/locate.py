"""Which place a document is about: its issuing place, the level and the province above it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from places.gazetteer import CITY, PROVINCE, Gazetteer, Mention, Place, load_gazetteer

ANON_CITY = "某市"
UNKNOWN_CITY = "未知"
_ANON_RE = re.compile(r"(?:某|[XxＸｘ×*＊]{2,})\s*市")
_LIST_SEPARATORS = re.compile(r"^\s*(?:市|省)?\s*[、，,和及与]\s*$")
_SPECIFIC_SHARE = 0.3  # a city scoring this share of its province's score is the document's place


@dataclass(frozen=True)
class DocPlace:
    """A document's place: short name (衡阳, 浙江, 中关村), level, province and path."""

    name: str
    level: str = ""
    province: str = ""
    chain: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """Short names from the province down, joined by '/': '浙江/宁波'."""
        return "/".join(self.chain)


def doc_place(place: Place | None, gazetteer: Gazetteer | None = None) -> DocPlace:
    """The DocPlace of a gazetteer place."""
    if place is None:
        return DocPlace(UNKNOWN_CITY)
    chain = (gazetteer or load_gazetteer()).chain(place)
    return DocPlace(place.short, place.level, chain[0].short, tuple(p.short for p in chain))


def named_place(name: str) -> DocPlace:
    """The DocPlace of a user-given place name ('宁波市', '某市'); unknown names stay as given."""
    if name in (ANON_CITY, UNKNOWN_CITY):
        return DocPlace(name, CITY if name == ANON_CITY else "")
    place = load_gazetteer().get(name)
    return doc_place(place) if place is not None else DocPlace(name)


def place_fields(name: str) -> dict[str, str]:
    """Stored place fields for a (user-given) place name: city, level, province, place_path."""
    place = named_place(name)
    return {"city": place.name, "level": place.level, "province": place.province,
            "place_path": place.path}  # fmt: skip


def _in_enumeration(mentions: list[Mention], n: int, text: str) -> bool:
    """Whether mention n is part of a list of three or more places ('长沙、株洲、湘潭')."""
    run = 1
    for step in (-1, 1):
        k = n
        while 0 <= k + step < len(mentions):
            a, b = sorted((mentions[k], mentions[k + step]), key=lambda m: m.start)
            if not _LIST_SEPARATORS.match(text[a.end : b.start]):
                break
            run += 1
            k += step
    return run >= 3


def place_scores(text: str, gazetteer: Gazetteer | None = None) -> dict[Place, int]:
    """Evidence per place: full-form mentions 3, short 1; districts also count for their city;
    places listed in enumerations of three or more do not count."""
    g = gazetteer or load_gazetteer()
    mentions = list(g.mentions(text))
    scores: dict[Place, int] = {}
    for n, m in enumerate(mentions):
        if _in_enumeration(mentions, n, text):
            continue
        weight = 3 if m.full else 1
        scores[m.place] = scores.get(m.place, 0) + weight
        if m.place.level not in (PROVINCE, CITY):
            for up in g.ancestors(m.place):
                if up.level == CITY:
                    scores[up] = scores.get(up, 0) + 2
    return scores


def _most_specific(scores: dict[Place, int], g: Gazetteer) -> Place | None:
    """The best-scored place, or a city inside it that is mentioned nearly as much."""
    if not scores:
        return None
    best = max(scores, key=lambda p: scores[p])
    inside = [p for p in scores if best in g.ancestors(p) and p.level in (CITY, "园区")]
    if inside:
        top = max(inside, key=lambda p: scores[p])
        if scores[top] >= _SPECIFIC_SHARE * scores[best] and scores[top] >= 3:
            return top
    return best


def _title_place(title: str, g: Gazetteer) -> Place | None:
    """The most specific place written in the title ('宁波市…条例' → 宁波)."""
    found = [m.place for m in g.mentions(title) if m.full or m.place.level != "区县"]
    if not found:
        return None
    return max(found, key=lambda p: len(g.ancestors(p)))


def detect_place(text: str, title: str) -> DocPlace:
    """The place a document is about: title first, then the mentions in its text; '某市' when
    anonymised, '未知' without evidence."""
    g = load_gazetteer()
    if _ANON_RE.search(title):
        return DocPlace(ANON_CITY, CITY)
    found = _title_place(title, g)
    if found is not None:
        return doc_place(found, g)
    scores = place_scores(text, g)
    best = _most_specific(scores, g)
    anon = 3 * len(_ANON_RE.findall(text))
    if anon and anon >= max(scores.values(), default=0):
        return DocPlace(ANON_CITY, CITY)
    if best is None or scores[best] < 2:
        return DocPlace(UNKNOWN_CITY)
    return doc_place(best, g)


def detect_city(text: str, title: str) -> str:
    """Short name of the document's place (kept for callers that need only the name)."""
    return detect_place(text, title).name


# a higher level's award or designation names the place without being about it:
# '6 户企业获得吉林省专利金奖', '湖南省知识产权中小试点企业5家' in a 长春 / 邵阳 report
_AWARDED = re.compile(r"(?:获得?|荣获|评为|认定为|入选|列入)\s*$")
_DESIGNATION = re.compile(r"^\s*(?:级|知识产权[^，,；;。\d]{0,8}(?:企业|单位)|专利[金银优]|专利奖)")


def other_places(clause: str, own: str) -> bool:
    """Whether a clause names a place other than `own` ('邵阳市…0.81 件' in the 衡阳 report);
    a place above `own` awarding or designating something does not count."""
    g = load_gazetteer()
    mentions = list(g.mentions(clause))
    if not mentions:
        return False  # most clauses name no place at all
    home = g.get(own)
    above = set(g.ancestors(home)) if home is not None else set()
    designated = {
        m.place
        for m in mentions
        if m.place in above
        and (_AWARDED.search(clause[: m.start]) or _DESIGNATION.match(clause[m.end :]))
    }
    return any(p.short != own and p not in designated for p in place_scores(clause))
