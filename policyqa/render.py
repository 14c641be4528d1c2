"""Render answers and citations as escaped Markdown / HTML (no Gradio here; pure functions).

Everything that comes from documents is escaped: HTML special characters always, and Markdown
syntax where the text goes through a Markdown renderer, so a document containing `<script>`,
`<img onerror=…>` or `[x](javascript:…)` shows as plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from assistant.answer import Answer, Citation

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def escape_md(text: str) -> str:
    """Text safe for a Markdown renderer: HTML-escaped, Markdown syntax backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


_BOLD = re.compile(r"\*\*([^*\n]{1,80})\*\*")


def _escape_keeping_bold(text: str) -> str:
    """Escaped text; the answer's own **bold** spans (the exact answer, a side's label) stay
    bold (documents cannot add any: the cleaner removes '**' from document text)."""
    out, pos = [], 0
    for m in _BOLD.finditer(text):
        out += [escape_md(text[pos : m.start()]), f"**{escape_md(m.group(1))}**"]
        pos = m.end()
    return "".join([*out, escape_md(text[pos:])])


def answer_body_markdown(text: str) -> str:
    """The answer text escaped, keeping [n] markers, bold answers and '- ' list items readable."""
    lines = []
    for line in text.split("\n"):
        bullet = line.startswith("- ")
        body = _escape_keeping_bold(line[2:] if bullet else line)
        lines.append(("- " if bullet else "") + body)
    return "  \n".join(lines)


def cite_label(c: Citation) -> str:
    """'衡阳《…》(2020) § 一、… > (一)…', then '· 第3页' (and '· OCR') for paged documents."""
    year = c.year if c.year is not None else "—"
    label = f"{c.city}《{c.title}》({year}) § {c.section}"
    return f"{label} · {c.location}" if c.location else label


_ESCAPED_MARKER = re.compile(r"\\\[(\d{1,2})\\\]")


def _linked_markers(markdown: str, turn: int) -> str:
    """Escaped '[n]' markers (ours only: a document's own brackets were made full-width) as
    links that open source n of this turn in the sources panel (the chat's sanitiser keeps
    class and href, not data attributes, so the target is in the href)."""
    return _ESCAPED_MARKER.sub(
        lambda m: f'<a class="pq-cite" href="#pq-src-{turn}-{m.group(1)}">[{m.group(1)}]</a>',
        markdown,
    )


def answer_markdown(answer: Answer, turn: int = 0) -> str:
    """Chat message: the answer (its [n] markers clickable), warnings, and a compact numbered
    source list."""
    parts = [_linked_markers(answer_body_markdown(answer.text), turn)]
    for warning in answer.warnings:
        parts.append(f"⚠️ {escape_md(warning)}")
    sources = answer.citations if answer.found else answer.closest
    if sources:
        heading = "来源（点击右侧“来源”面板查看原文）" if answer.found else "最接近的段落"
        items = [f"**[{c.n}]** {escape_md(cite_label(c))}" for c in sources]
        parts.append(f"*{heading}：*  \n" + "  \n".join(items))
    return "\n\n".join(parts)


def highlighted_passage(c: Citation) -> str:
    """The passage as HTML with the supporting sentence(s) in <mark>."""
    start, end = c.highlight
    if c.passage[start:end] != c.snippet:  # outline or moved text: highlight by search
        found = c.passage.find(c.snippet)
        start, end = (found, found + len(c.snippet)) if found >= 0 else (0, 0)
    before, mark, after = c.passage[:start], c.passage[start:end], c.passage[end:]
    esc = html.escape
    if not mark:
        return esc(c.passage).replace("\n", "<br>")
    inner = esc(mark)
    exact = c.answer_highlight
    if exact is not None and start <= exact[0] < exact[1] <= end:  # the exact answer, in bold
        a, b = exact[0] - start, exact[1] - start
        inner = f"{esc(mark[:a])}<strong class='pq-answer'>{esc(mark[a:b])}</strong>{esc(mark[b:])}"
    return f"{esc(before)}<mark>{inner}</mark>{esc(after)}".replace("\n", "<br>")


def _card(c: Citation, open_: bool) -> str:
    esc = html.escape
    return (
        f'<details class="pq-source" data-n="{c.n}"{" open" if open_ else ""}>'
        f"<summary><b>[{c.n}]</b> {esc(cite_label(c))}</summary>"
        f'<div class="pq-meta">文件 {esc(c.doc)} · 字符 {c.span[0]}–{c.span[1]}</div>'
        f'<blockquote class="pq-passage">{highlighted_passage(c)}</blockquote>'
        "</details>"
    )


def sources_html(answer: Answer | None, turn: int = 0) -> str:
    """The sources panel: every citation with its passage and the supporting sentence marked
    (tagged with the turn, so that a clicked marker opens the right answer's source)."""
    if answer is None:
        return '<div class="pq-sources pq-empty">提问后，这里显示每条引用的原文，支撑答案的句子会高亮。</div>'
    sources = answer.citations if answer.found else answer.closest
    title = "引用来源" if answer.found else "未找到答案 · 最接近的段落"
    cards = "".join(_card(c, open_=answer.found and n == 0) for n, c in enumerate(sources))
    question = html.escape(answer.question)
    return (
        f'<div class="pq-sources" data-turn="{turn}"><div class="pq-q">问：{question}</div>'
        f"<h4>{title}</h4>{cards or '（无）'}</div>"
    )


def conversation_markdown(turns: Sequence[Answer]) -> str:
    """A conversation with its citations as a Markdown document (for export)."""
    lines = [f"# 政策问答记录（{datetime.now():%Y-%m-%d %H:%M}）", ""]
    for n, answer in enumerate(turns, 1):
        lines += [
            f"## 问题 {n}：{escape_md(answer.question)}",
            "",
            answer_body_markdown(answer.text),
            "",
        ]
        for c in answer.citations or answer.closest:
            lines.append(f"- **[{c.n}]** {escape_md(cite_label(c))}（{escape_md(c.doc)}）")
            lines.append(f"  > {escape_md(c.snippet)}")
        lines.append("")
    return "\n".join(lines)


DOC_COLUMNS = [
    "文档ID", "标题", "地区", "层级", "所属", "年份", "类型", "施行日期", "段落数", "文件名", "导入时间",
]  # fmt: skip


def document_rows(docs: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """Rows of the knowledge-base table (plain values; the table renders them as text)."""
    return [
        [
            d.get("doc_id", ""),
            d.get("title", ""),
            d.get("city", ""),
            d.get("level", ""),
            d.get("place_path", ""),
            d.get("year", ""),
            d.get("doc_type", ""),
            d.get("effective", ""),
            d.get("chunks", 0),
            d.get("source", ""),
            str(d.get("added_at", ""))[:19].replace("T", " "),
        ]
        for d in docs
    ]
