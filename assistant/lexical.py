"""BM25 over jieba-segmented text, kept in memory and synchronised with the chunk store."""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class LexicalDoc:
    """One indexed chunk."""

    id: str
    doc_id: str
    text: str
    metadata: dict[str, object]


class BM25Index:
    """Okapi BM25 with an inverted index; add/remove by document id keep it current."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs: dict[str, LexicalDoc] = {}
        self._tf: dict[str, Counter[str]] = {}
        self._len: dict[str, int] = {}
        self._postings: dict[str, set[str]] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def doc_ids(self) -> set[str]:
        """Ids of the source documents whose chunks are indexed."""
        return {d.doc_id for d in self.docs.values()}

    def add(self, items: Iterable[LexicalDoc], index_text: Sequence[str] | None = None) -> None:
        """Index chunks (the text to index defaults to each chunk's text)."""
        with self._lock:
            for n, item in enumerate(items):
                counts = Counter(tokenize(index_text[n] if index_text else item.text))
                self.docs[item.id] = item
                self._tf[item.id] = counts
                self._len[item.id] = sum(counts.values())
                for term in counts:
                    self._postings.setdefault(term, set()).add(item.id)

    def remove_document(self, doc_id: str) -> None:
        """Drop every chunk of one source document."""
        with self._lock:
            for chunk_id in [c for c, d in self.docs.items() if d.doc_id == doc_id]:
                for term in self._tf.pop(chunk_id):
                    self._postings[term].discard(chunk_id)
                del self.docs[chunk_id], self._len[chunk_id]

    def idf(self, term: str) -> float:
        """BM25 idf (never negative)."""
        n = len(self._postings.get(term, ()))
        return math.log(1 + (len(self.docs) - n + 0.5) / (n + 0.5))

    def search(
        self, query_tokens: Sequence[str], k: int = 10, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """Top (chunk id, score) pairs; `allowed` restricts to these chunk ids."""
        with self._lock:
            if not self.docs:
                return []
            avg = sum(self._len.values()) / len(self._len)
            scores: dict[str, float] = {}
            for term, qtf in Counter(query_tokens).items():
                idf = self.idf(term)
                for cid in self._postings.get(term, ()):
                    if allowed is not None and cid not in allowed:
                        continue
                    tf = self._tf[cid][term]
                    norm = tf + self.k1 * (1 - self.b + self.b * self._len[cid] / avg)
                    gain = qtf * idf * tf * (self.k1 + 1) / norm
                    scores[cid] = scores.get(cid, 0.0) + gain
            return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:k]
