"""The 问答记录 panel (admins): questions not answered or answered with a 👎, as CSV too."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from policyqa.access import Access
from policyqa.services import Services
from vectorstore.conversations import write_csv

LOG_COLUMNS = ["时间 (UTC)", "用户", "问题", "是否答出", "评价", "反馈说明", "回答"]
RATING = {1: "👍", -1: "👎"}


def log_rows(turns: list[dict[str, Any]]) -> list[list[Any]]:
    """Conversation-log rows for the table (answer shortened)."""
    return [
        [
            t["at"],
            t["user"],
            t["question"],
            "是" if t["found"] else "否",
            RATING.get(t["rating"], ""),
            t["comment"] or "",
            (t["answer"] or "")[:120],
        ]
        for t in turns
    ]


def conversation_panel(
    services: Services, access: Access, require_admin: Callable[[Access, gr.Request], str]
) -> None:
    """What the knowledge base is missing: unanswered and 👎 questions, for admins only."""
    with gr.Accordion("问答记录 Conversation log", open=False, elem_id="pq-log"):
        gr.Markdown("未答出或被点 👎 的问题：知识库缺什么，一目了然。")
        with gr.Row():
            show = gr.Button("查看未答出和 👎 的问题", elem_id="pq-log-show")
            export = gr.Button("导出全部记录 CSV", elem_id="pq-log-export")
        table = gr.Dataframe(
            headers=LOG_COLUMNS, interactive=False, wrap=True, elem_id="pq-log-table"
        )
        file = gr.File(label="导出文件", visible=False, interactive=False)

    def gaps(request: gr.Request) -> list[list[Any]]:
        require_admin(access, request)
        return log_rows(services.conversations.gaps())

    def export_csv(request: gr.Request) -> Any:
        require_admin(access, request)
        path = Path(tempfile.mkdtemp(prefix="policyqa-log-")) / "问答记录.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            write_csv(services.conversations.recent(limit=100_000), out)
        return gr.update(value=str(path), visible=True)

    show.click(gaps, None, [table], api_visibility="private")
    export.click(export_csv, None, [file], api_visibility="private")
