"""Turn evidence into answer text with [n] markers and Citation records."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer import NOT_FOUND, Citation, neutralise_markers, page_of
from assistant.answer_types import touches_illegible
from assistant.evidence import Evidence, Extract
from assistant.query import QueryInfo
from assistant.retrieval import Passage

_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条$")


def citation_for(n: int, passage: Passage, evidence: Sequence[Evidence]) -> Citation:
    """A citation of one passage; the span covers its supporting sentence(s)."""
    m = passage.metadata
    start = int(m.get("start", 0))
    if evidence:
        span = (min(e.start for e in evidence), max(e.end for e in evidence))
        snippet = "".join(e.text for e in sorted(evidence, key=lambda e: e.start))
    else:
        span, snippet = (start, start + len(passage.text)), passage.text
    year = m.get("year")
    answer = next(
        (
            (e.start + e.answer_span[0], e.start + e.answer_span[1])
            for e in evidence
            if e.answer_span
        ),
        None,
    )
    return Citation(
        n=n,
        doc=str(m.get("source", "")),
        title=str(m.get("title", "")),
        city=str(m.get("city", "")),
        year=int(year) if year is not None else None,
        section=str(m.get("section", "")),
        span=span,
        snippet=snippet,
        passage=passage.text,
        passage_start=start if m.get("kind") != "outline" else span[0],
        doc_id=passage.doc_id,
        chunk_id=passage.id,
        score=round(passage.score, 4),
        answer_span=answer,
        page=page_of(m, span[0]),
        ocr=bool(m.get("ocr")),
    )


def compose_extract(extract: Extract) -> tuple[str, list[Citation]]:
    """'根据…：<sentence>[1]<sentence>[2]'; each run of adjacent sentences gets one citation."""
    runs: list[list[Evidence]] = []
    for ev in extract.evidence:
        last = runs[-1][-1] if runs else None
        if last is not None and last.passage.id == ev.passage.id and 0 <= ev.start - last.end <= 1:
            runs[-1].append(ev)
        else:
            runs.append([ev])
    citations = [citation_for(n, run[0].passage, run) for n, run in enumerate(runs, 1)]
    lead = _lead(citations, extract.evidence[0].text if extract.evidence else "")
    if extract.is_list and len(extract.evidence) > 1:
        body = "\n".join(
            f"- {neutralise_markers(ev.text)}[{n}]" for n, run in enumerate(runs, 1) for ev in run
        )
        return f"{lead}\n{body}", citations
    body = "".join(
        f"{neutralise_markers(''.join(ev.text for ev in run))}[{n}]"
        for n, run in enumerate(runs, 1)
    )
    spanned = [ev for ev in extract.evidence if ev.answer_span]
    best = max(spanned, key=lambda ev: ev.score, default=None)  # the best sentence's answer
    short = best.text[slice(*best.answer_span)] if best and best.answer_span else ""
    if best and best.answer_span and touches_illegible(best.text, best.answer_span):
        short = ""  # '1□70元': the sentence is quoted, no part of the figure is stated alone
    return (f"**{short.strip()}**\n" if short.strip() else "") + f"{lead}{body}", citations


def _lead(citations: Sequence[Citation], first: str = "") -> str:
    """'根据衡阳《…》第十二条：' naming the source document(s) and articles (unless the quoted
    text starts with the article number itself)."""
    docs: dict[tuple[str, str], list[str]] = {}
    for c in citations:
        article = c.section.rsplit(" > ", 1)[-1]
        articles = docs.setdefault((c.city, c.title), [])
        if first.startswith(article):
            continue
        if _ARTICLE.match(article) and article not in articles:
            articles.append(article)
    named = "、".join(
        (f"{city}《{title}》" if city else f"《{title}》") + "、".join(articles)
        for (city, title), articles in docs.items()
    )
    return f"根据{named}："


def not_found_text(info: QueryInfo, gap: str | None, closest: bool = True) -> str:
    """The not-found sentence, naming what is missing when known."""
    more = "以下是最接近的段落，供参考。" if closest else ""
    if gap:
        return f"{NOT_FOUND}{gap}。{more}"
    return f"{NOT_FOUND}能直接回答“{info.asked or info.text}”的内容。{more}"
