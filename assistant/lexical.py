"""jieba tokens of questions and chunks (domain dictionary, stopwords): what BM25 matches on."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba

log = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)

USER_DICT = Path(__file__).with_name("userdict.txt")
# Words that carry no topic: question words, particles, generic verbs of asking.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "是",
        "在",
        "对",
        "为",
        "把",
        "被",
        "将",
        "从",
        "到",
        "于",
        "以",
        "等",
        "也",
        "都",
        "而",
        "并",
        "其",
        "中",
        "之",
        "个",
        "有",
        "有没有",
        "没有",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "什么",
        "多少",
        "几",
        "哪些",
        "哪个",
        "哪几",
        "哪",
        "怎么",
        "怎样",
        "如何",
        "为什么",
        "为何",
        "是否",
        "能否",
        "可以",
        "会",
        "请问",
        "请",
        "一下",
        "具体",
        "分别",
        "主要",
        "一共",
        "总共",
        "共",
        "大概",
        "大约",
        "这",
        "那",
        "那么",
        "这些",
        "那些",
        "哪里",
        "情况",
        "方面",
        "问题",
        "市",
        "全市",
        "我市",
        "该市",
        "本市",
        "提到",
        "提出",
        "指出",
        "报告",
        "说",
        "里",
        "中的",
        "之中",
        "呢",
        "要求",
    ]
)
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer with the domain dictionary (built once per process)."""
    tok = jieba.Tokenizer()
    tok.load_userdict(str(USER_DICT))
    return tok


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), lower case, no spaces between CJK characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def word_starts(text: str) -> set[int]:
    """Offsets where jieba's words begin in `text` (default mode, no sub-words)."""
    return {start for _word, start, _end in _tokenizer().tokenize(text)}


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (words plus their sub-words), without stopwords or punctuation."""
    tokens = _tokenizer().lcut_for_search(normalise(text))
    return [t for t in tokens if t.strip() and _TOKEN_OK.search(t) and t not in STOPWORDS]
