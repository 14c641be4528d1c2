"""A place hierarchy: provinces, prefecture cities, districts/counties and special areas.

The administrative divisions come from jionlp's `china_location_loader` (maintained, ships the
national division codes with short aliases); special areas such as 中关村 or 郑洛新 that are not
divisions come from `special_areas.yaml`. Finding places in text is a longest-match Aho-Corasick scan over
full names (宁波市, 浦东新区) and the short names of provinces and cities (宁波, 浙江).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import ahocorasick
import yaml

log = logging.getLogger(__name__)

DATA = Path(__file__).parent
PROVINCE, CITY, COUNTY, ZONE = "省", "市", "区县", "园区"
_SUFFIXES = ("市", "省", "区", "县", "州", "盟", "旗")


@dataclass(frozen=True)
class Place:
    """One place: full name, short name, level and the full name of its parent."""

    name: str
    short: str
    level: str
    parent: str | None = None
    code: str = ""
    aliases: tuple[str, ...] = ()  # other short names (中关村示范区)


@dataclass(frozen=True)
class Mention:
    """A place named in a text, with its span and whether it was written in full (X市)."""

    start: int
    end: int
    place: Place
    full: bool


class Gazetteer:
    """Places by name, their ancestors, and place mentions in a text."""

    def __init__(self, places: Iterable[Place], ambiguous: Iterable[str] = ()) -> None:
        self.places: dict[str, Place] = {}
        self._names: dict[str, list[Place]] = {}
        self._full: set[str] = set()
        ambiguous = set(ambiguous)
        places = list(places)
        for place in places:  # names shared by several districts (南山区) keep the first here
            self.places.setdefault(place.name, place)
        for place in places:
            self._add_name(place.name, place, full=True)
            short_ok = place.level in (PROVINCE, CITY, ZONE) or len(place.short) >= 3
            for short in (place.short, *place.aliases):
                if short != place.name and short not in ambiguous and short_ok:
                    self._add_name(short, place, full=False)

    def _add_name(self, name: str, place: Place, full: bool) -> None:
        if len(name) < (3 if place.level == COUNTY else 2):  # 和县, 沛县 read as words
            return
        bucket = self._names.setdefault(name, [])
        if place not in bucket:
            bucket.append(place)
        if full:
            self._full.add(name)

    def get(self, name: str) -> Place | None:
        """The place with this full or short name (the highest level when several)."""
        if name in self.places:
            return self.places[name]
        found = self._names.get(name) or self._names.get(name.rstrip("市省"))
        return min(found, key=_level_rank) if found else None

    def ancestors(self, place: Place) -> list[Place]:
        """Parent, grandparent, … of a place (nearest first)."""
        out: list[Place] = []
        current = place
        while current.parent and current.parent in self.places and len(out) < 5:
            current = self.places[current.parent]
            out.append(current)
        return out

    def chain(self, place: Place) -> list[Place]:
        """The place and its ancestors, top level first."""
        return [*reversed(self.ancestors(place)), place]

    def province_of(self, place: Place) -> Place:
        """The province-level ancestor of a place (itself for a province)."""
        return self.chain(place)[0]

    def path(self, place: Place) -> str:
        """Short names from the province down: '浙江/宁波'."""
        return "/".join(p.short for p in self.chain(place))

    def romanised_counties(self) -> dict[str, list[Place]]:
        """Districts and counties by the pinyin of their short name ('siming' → 思明区, and
        every other county of that sound: the caller tells them apart by the city named)."""
        from pypinyin import lazy_pinyin

        out: dict[str, list[Place]] = {}
        for place in self.places.values():
            if place.level == COUNTY and place.short.isalpha():
                out.setdefault("".join(lazy_pinyin(place.short)), []).append(place)
        return out

    def romanised(self) -> dict[str, Place]:
        """Provinces, cities and zones by their pinyin without tones ('hengyang' → 衡阳)."""
        from pypinyin import lazy_pinyin

        out: dict[str, Place] = {}
        for place in self.places.values():
            if place.level in (PROVINCE, CITY, ZONE) and place.short.isalpha():
                out.setdefault("".join(lazy_pinyin(place.short)), place)
        return out

    def mentions(self, text: str) -> Iterator[Mention]:
        """Place mentions, the longest name at each position, non-overlapping, left to right."""
        for last, name in self._automaton.iter_long(text):
            start, end = last + 1 - len(name), last + 1
            place = self._resolve(self._names[name], text)
            if place is not None:
                full = name in self._full or text[end : end + 1] in _SUFFIXES
                yield Mention(start, end, place, full)

    @cached_property
    def _automaton(self) -> ahocorasick.Automaton:
        """Every name in one Aho-Corasick automaton (pyahocorasick): one pass per text."""
        automaton = ahocorasick.Automaton()
        for name in self._names:
            automaton.add_word(name, name)
        automaton.make_automaton()
        return automaton

    def _resolve(self, candidates: list[Place], text: str) -> Place | None:
        """One place for a name: the only one, one whose parent the text names, else the
        highest-level one when it is unique at that level."""
        if len(candidates) == 1:
            return candidates[0]
        named = [
            p
            for p in candidates
            if any(a.short in text or a.name in text for a in self.ancestors(p))
        ]
        if len(named) == 1:
            return named[0]
        top = min(_level_rank(p) for p in candidates)
        best = [p for p in candidates if _level_rank(p) == top]
        return best[0] if len(best) == 1 else None


def _level_rank(place: Place) -> int:
    return {PROVINCE: 0, CITY: 1, ZONE: 2, COUNTY: 3}.get(place.level, 4)


def _aliases(node: dict[str, object]) -> list[str]:
    raw = node.get("_alias") or []
    if isinstance(raw, str):
        return [raw]
    return [str(a) for a in raw] if isinstance(raw, list | tuple) else []


def _short(name: str, node: dict[str, object]) -> str:
    aliases = [a for a in _aliases(node) if a and a != name]
    return min(aliases, key=len) if aliases else name


def _children(node: dict[str, object]) -> Iterator[tuple[str, dict[str, object]]]:
    for key, value in node.items():
        if not key.startswith("_") and isinstance(value, dict):
            yield key, value


def divisions() -> list[Place]:
    """Provinces, prefecture cities and counties from jionlp (municipalities merged)."""
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp

        tree = jionlp.china_location_loader(detail=True)
    out: list[Place] = []
    for prov_name, prov in tree.items():
        out.append(
            Place(prov_name, _short(prov_name, prov), PROVINCE, None, str(prov["_admin_code"]))
        )
        for city_name, city in _children(prov):
            parent = prov_name
            if city_name != prov_name:  # municipalities repeat themselves as their only city
                out.append(
                    Place(
                        city_name,
                        _short(city_name, city),
                        CITY,
                        prov_name,
                        str(city["_admin_code"]),
                    )
                )
                parent = city_name
            for county_name, county in _children(city):
                out.append(
                    Place(
                        county_name,
                        _short(county_name, county),
                        COUNTY,
                        parent,
                        str(county["_admin_code"]),
                    )
                )
    return out


def special_areas(path: Path = DATA / "special_areas.yaml") -> list[Place]:
    """Development and demonstration zones that are not divisions (from the data file)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for name, spec in data.items():
        aliases = list(spec.get("aliases") or [])
        short = min(aliases, key=len) if aliases else name
        others = tuple(a for a in aliases if a != short)
        out.append(Place(str(name), short, ZONE, str(spec["parent"]), aliases=others))
    return out


def _ambiguous(path: Path = DATA / "ambiguous.txt") -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def cached_divisions(cache_dir: Path | None = None) -> list[Place]:
    """`divisions()`, read from a JSON cache once built (loading jionlp's tables takes over a
    second at every process start; the cache is keyed by jionlp's version)."""
    folder = cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = folder / "policyqa" / f"divisions-jionlp-{importlib.metadata.version('jionlp')}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [Place(**{**row, "aliases": tuple(row["aliases"])}) for row in rows]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    places = divisions()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([asdict(p) for p in places], ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only home: build it every time
        log.debug("gazetteer cache not written: %s", exc)
    return places


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shared gazetteer (built once per process)."""
    return Gazetteer([*cached_divisions(), *special_areas()], _ambiguous())
