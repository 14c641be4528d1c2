"""List answers and the structure they rest on: enumerated items (一是…), section outlines,
sections a question names, and the sentences that elaborate a short topic sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.evidence import Evidence, Extract, has_figure, split_evidence
from assistant.lexical import squash, tokenize
from assistant.query import QueryInfo
from assistant.retrieval import Passage

ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]是|首先|其次|再次|最后|第[一二三四五六七八九十]|"
    r"[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．])"
)
_TITLE_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．]?"
    r"|第[一二三四五六七八九十百零〇\d]+[章节条部分]+)\s*[.．、]?\s*"
)
# "具体怎么做 / 表现在哪些方面": the question wants the detail behind a topic sentence
_DETAIL = re.compile(r"具体|怎么做|怎样做|如何做|做法|表现|哪些方面|什么内容|内容是")
_SPEAKER = re.compile(r"^[\u4e00-\u9fff]{2,4}[：:]")  # '许平亚：一是抓增量。' in an interview
_SHORT_TOPIC = 24  # a sentence this short, without figures, only names a topic
_BODY_SENTENCES = 4  # sentences quoted from a section body or an item's elaboration
OutlineLookup = Callable[..., Passage | None]  # (doc id, section path, exact) → outline chunk


def title_of(section: str) -> str:
    """A section path's last heading without its number ('四、保障措施' → '保障措施')."""
    last = section.rsplit(" > ", 1)[-1]
    return _TITLE_NUMBER.sub("", last.strip()).strip(" 。.．")


def merge(pieces: Sequence[Evidence]) -> Evidence:
    """Adjacent sentences of one passage as one piece of evidence (one span, one citation)."""
    first, last = pieces[0], pieces[-1]
    base = int(first.passage.metadata.get("start", 0))
    text = first.passage.text[first.start - base : last.end - base]
    return Evidence(
        first.passage, text, first.start, last.end, first.score, first.coverage, first.similarity
    )


def elaboration(lead: Evidence) -> list[Evidence]:
    """The sentences after a topic sentence that say what it means, up to the next item."""
    if lead.passage.metadata.get("kind") == "outline":
        return []
    after = [e for e in split_evidence(lead.passage) if e.start >= lead.end]
    out: list[Evidence] = []
    for ev in after:
        if ENUMERATED.match(ev.text) or len(out) >= _BODY_SENTENCES:
            break
        out.append(ev)
    return out


def elaborated(chosen: list[Evidence], query: QueryInfo) -> list[Evidence]:
    """A short topic sentence ('今年开展了“三会三调”活动。') comes with its details when the
    question asks how or in what respects."""
    if len(chosen) != 1 or query.wants_amount or not _DETAIL.search(query.text):
        return chosen
    lead = chosen[0]
    if len(lead.text) > _SHORT_TOPIC or has_figure(lead.text):
        return chosen
    details = elaboration(lead)
    return [merge([lead, *details])] if details else chosen


def with_items(chosen: list[Evidence]) -> list[Evidence]:
    """A sentence that introduces a list ('…提供下列服务：') comes with the items after it."""
    if len(chosen) != 1 or not chosen[0].text.rstrip().endswith(("：", ":")):
        return chosen
    lead = chosen[0]
    after = [e for e in split_evidence(lead.passage) if e.start >= lead.end]
    items: list[Evidence] = []
    for ev in after:
        if not ENUMERATED.match(ev.text) or len(items) >= 8:
            break
        items.append(ev)
    return [lead, *items] if items else chosen


def enumerates(text: str) -> bool:
    """Whether a sentence lists several items itself (A、B、C or 《A》《B》)."""
    return text.count("、") >= 2 or len(re.findall(r"《[^》]+》", text)) >= 2


def depth(ev: Evidence) -> int:
    """Nesting depth of the evidence's section."""
    return str(ev.passage.metadata.get("section", "")).count(" > ") + 1


def _content_words(text: str) -> set[str]:
    return {t for t in tokenize(text) if len(t) > 1}


class ListAnswerer:
    """Answers 'which measures / what problems' questions from the document's structure."""

    def __init__(self, outline_for: OutlineLookup | None) -> None:
        self.outline_for = outline_for

    def answer(
        self, ranked: list[Evidence], query: QueryInfo, passages: Sequence[Passage]
    ) -> Extract | None:
        """A named section's items, the enumerated items around the best sentence, or the
        outline of the best sentence's section; None when the best sentence is the list."""
        named = self.named_section(query, passages)
        if named is not None:
            return named
        best = ranked[0]
        is_outline = best.passage.metadata.get("kind") == "outline"
        if not is_outline and enumerates(best.text):
            return None  # the best sentence lists the items itself ("出台了《…》《…》《…》")
        same = [e for e in split_evidence(best.passage) if ENUMERATED.match(e.text)]
        if len(same) >= 2 and not is_outline:
            item = _named_item(same, query)
            if item is not None:
                return Extract([item], best.coverage, is_list=True)
            scored = {(e.start, e.end): e for e in ranked}
            items = [scored.get((e.start, e.end), e) for e in same][:6]
            return Extract(items, best.coverage, is_list=True)
        own = str(best.passage.metadata.get("section", ""))
        outlines = [
            e
            for e in ranked[:12]
            if e.passage.metadata.get("kind") == "outline"
            and (
                own.startswith(str(e.passage.metadata.get("section")))
                or (e.score >= 0.7 * best.score and e.coverage >= 0.6 * best.coverage)
            )
        ]
        if not outlines:
            return None
        # Prefer the most specific outline when scores are close ("（二）措施" over "四、规划情况").
        top = max(outlines, key=lambda e: e.score + 0.1 * depth(e))
        chosen = self.descend(top, query, passages)
        return Extract([chosen], max(chosen.coverage, best.coverage), is_list=True)

    def named_section(self, query: QueryInfo, passages: Sequence[Passage]) -> Extract | None:
        """A retrieved section whose heading the question names ('保障措施有哪些'): its
        sub-headings, or the start of its text when it has none. A heading that is the
        document's title names the document, not one of its sections."""
        asked = squash(query.text)
        named = [
            p
            for p in passages[:5]
            if len(title := title_of(str(p.metadata.get("section", "")))) >= 4
            and squash(title) not in squash(str(p.metadata.get("title", "")))  # the document
            and (squash(title) in asked or _asks_as(title, query))
        ]
        if not named:
            return None
        best = max(
            named,
            key=lambda p: (
                _ask_share(title := title_of(str(p.metadata.get("section", ""))), query),
                len(title),
            ),
        )
        section = str(best.metadata.get("section", ""))
        if _asks_as(title_of(section), query):  # an interview's question: its reply's items
            items = _reply_items(best, passages)
            if items:
                return Extract(items, 1.0, is_list=True)
        piece = self.section_items(best.doc_id, section, passages)
        if piece is None:
            return None
        piece.score, piece.coverage = best.score, 1.0
        return Extract([piece], 1.0, is_list=True)

    def section_items(
        self, doc_id: str, section: str, passages: Sequence[Passage]
    ) -> Evidence | None:
        """A section's outline (its sub-headings), or the first sentences of its text."""
        if self.outline_for is not None:
            outline = self.outline_for(doc_id, section, True)
            if outline is not None:
                return split_evidence(outline)[0]
        body = next(
            (
                p
                for p in passages
                if p.doc_id == doc_id
                and p.metadata.get("section") == section
                and p.metadata.get("kind") != "outline"
            ),
            None,
        )
        if body is None:
            return None
        title = title_of(section)
        sentences = [e for e in split_evidence(body) if squash(title) not in squash(e.text)[:40]]
        return merge(sentences[:_BODY_SENTENCES]) if sentences else None

    def descend(self, outline: Evidence, query: QueryInfo, passages: Sequence[Passage]) -> Evidence:
        """Go down to the listed sub-section the question names best ("措施" in "目标；措施"),
        to its own outline or, for a section without sub-sections, to its text."""
        if self.outline_for is None:
            return outline
        words = _content_words(query.text)
        section = str(outline.passage.metadata.get("section", ""))
        titles = outline.text.split("，包括：", 1)[-1].rstrip("。").split("；")
        overlap = {t: len(words & _content_words(t)) for t in titles}
        for title in sorted(titles, key=lambda t: -overlap[t]):
            if not overlap[title]:
                break
            child = self.section_items(outline.passage.doc_id, f"{section} > {title}", passages)
            if child is not None:
                child.score, child.coverage = outline.score, outline.coverage
                return child
        return outline


def _named_item(items: Sequence[Evidence], query: QueryInfo) -> Evidence | None:
    """The one enumerated item the question names ('公共服务能力较弱，具体表现在哪些方面'),
    with the sentences that elaborate it."""
    asked = _content_words(query.text)
    shares: dict[int, float] = {}
    for n, item in enumerate(items):
        if squash(title_of(item.text)) == squash(
            title_of(str(item.passage.metadata.get("section", "")))
        ):
            continue  # the section's heading line, not one of its items
        core = _content_words(ENUMERATED.sub("", item.text))
        if len(core) >= 2 and len(core & asked) >= 0.75 * len(core):
            shares[n] = len(core & asked) / len(core)
    best = sorted(shares.values(), reverse=True)
    if not best or (len(best) > 1 and best[1] == best[0]):
        return None
    named = items[max(shares, key=lambda n: shares[n])]
    details = elaboration(named)
    return merge([named, *details]) if details else None


def _asks_as(title: str, query: QueryInfo) -> bool:
    """Whether a section titled by an interviewer's question asks what the user asks."""
    return _ask_share(title, query) >= 0.8


def _ask_share(title: str, query: QueryInfo) -> float:
    """Share of the user's content words (places aside, at least three) in a section titled
    by an interviewer's question; 0 for any other title."""
    if not title.endswith(("？", "?")):
        return 0.0
    words = {t for t in _content_words(query.text) if not any(c in t for c in query.cities)}
    return len(words & _content_words(title)) / len(words) if len(words) >= 3 else 0.0


def _reply_items(section_passage: Passage, passages: Sequence[Passage]) -> list[Evidence]:
    """The enumerated items of the reply to an interview question (一是… 二是…), in order."""
    section = section_passage.metadata.get("section")
    body = [
        p
        for p in passages
        if p.doc_id == section_passage.doc_id
        and p.metadata.get("section") == section
        and p.metadata.get("kind") != "outline"
    ]
    sentences = [e for p in body for e in split_evidence(p)]
    items = sorted(
        {
            (e.start, e.end): e for e in sentences if ENUMERATED.match(_SPEAKER.sub("", e.text))
        }.values(),
        key=lambda e: e.start,
    )
    return items[:8] if len(items) >= 2 else []
