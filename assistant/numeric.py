"""Numeric check: every figure in an answer must occur in one of the passages it cites."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answer import strip_markers

_NUMBER = re.compile(r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?(?![\d])")
_SENTENCE = re.compile(r"[^。！？；\n]*(?:[。！？；]|\n|$)")


def _normalise(text: str) -> str:
    """NFKC, no whitespace, no thousands separators."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", "", text)


def numbers_in(text: str) -> list[str]:
    """Figures in a text (citation markers ignored), normalised, in order."""
    return [m.group(0) for m in _NUMBER.finditer(_normalise(strip_markers(text)))]


def _occurs(number: str, haystack: str) -> bool:
    """Whether `number` occurs in `haystack` as a whole number (not inside a longer one)."""
    pattern = rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)"
    if re.search(pattern, haystack):
        return True
    if "." in number:  # "2.60" is supported by "2.6" and vice versa
        return bool(
            re.search(rf"(?<![\d.]){re.escape(number.rstrip('0').rstrip('.'))}0*(?![\d])", haystack)
        )
    return False


def unsupported_numbers(answer: str, sources: Iterable[str]) -> list[str]:
    """Figures of the answer that occur in none of the sources."""
    haystack = " ".join(_normalise(s) for s in sources)
    return list(dict.fromkeys(n for n in numbers_in(answer) if not _occurs(n, haystack)))


@dataclass
class NumericCheck:
    """Result of checking an answer: the cleaned text and what was removed."""

    text: str
    removed: list[str]


def remove_unsupported(answer: str, sources: Iterable[str]) -> NumericCheck:
    """Drop each sentence that states a figure no source contains; report the figures."""
    sources = list(sources)
    bad = unsupported_numbers(answer, sources)
    if not bad:
        return NumericCheck(answer, [])
    kept = [
        s
        for s in _SENTENCE.findall(answer)
        if s and not any(_occurs(n, _normalise(strip_markers(s))) for n in bad)
    ]
    return NumericCheck("".join(kept).strip(), bad)
