"""Document words and the question words they answer (paraphrase support, offline mode)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

QUESTION_WORDS = Path(__file__).with_name("data") / "question_words.yaml"


@lru_cache(maxsize=2)
def load_synonyms(path: Path = QUESTION_WORDS) -> dict[str, tuple[str, ...]]:
    """Document word → the question words it answers, from the data file (fails loudly)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of document word → question words")
    table: dict[str, tuple[str, ...]] = {}
    for word, asked in raw.items():
        if not isinstance(asked, list) or not all(isinstance(a, str) and a for a in asked):
            raise ValueError(f"{path}: '{word}' needs a list of question words")
        table[str(word)] = tuple(asked)
    return table
