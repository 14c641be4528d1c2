"""The 知识库 tab: uploads, document table, metadata edits, delete and re-index (admins only)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import gradio as gr

from ingest.loaders import SUPPORTED_EXTENSIONS
from ingest.metadata import DOC_TYPES
from policyqa.access import ADMIN_ONLY, Access
from policyqa.kb import KnowledgeBase
from policyqa.render import DOC_COLUMNS, document_rows
from policyqa.services import Services
from policyqa.ui_inspect import ALL, detail_panel, hit_test_panel
from policyqa.ui_log import conversation_panel

log = logging.getLogger(__name__)

# Runs in the browser before the delete: the user confirms, naming the documents (null = cancel).
CONFIRM_DELETE = (
    "(chosen) => (chosen && chosen.length && window.confirm('确定删除以下 ' + chosen.length"
    " + ' 篇文档？此操作不可撤销。\\n' + chosen.map((c) => '《' + c + '》').join('\\n')))"
    " ? [chosen] : [null]"  # one list per input: the picked documents
)


def require_admin(access: Access, request: gr.Request | None) -> str:
    """The admin's name (or host) making this request; refuses anyone else with a clear error."""
    username = getattr(request, "username", None)
    host = getattr(getattr(request, "client", None), "host", None)
    if not access.may_administer(username, host):
        log.warning("拒绝修改知识库：用户 %r，来自 %s", username, host)
        raise gr.Error(ADMIN_ONLY + ("，请用管理员账号登录" if access.login_required else ""))
    return str(username or host)


def kb_tab(
    services: Services, kb: KnowledgeBase, access: Access, city: gr.Dropdown, doc_type: gr.Dropdown
) -> tuple[Callable[[], tuple[Any, ...]], list[Any]]:
    """Build the knowledge-base tab; `city` and `doc_type` are the chat filters it refreshes.
    Returns the refresh function and the components it updates (run again on page load)."""
    with gr.Tab("知识库 Knowledge base", id="kb"):
        stats = gr.Markdown(kb.stats_markdown(), elem_id="pq-stats")
        with gr.Row():
            uploads = gr.File(
                label=f"上传文档（{' / '.join(e.lstrip('.') for e in SUPPORTED_EXTENSIONS)}）",
                file_count="multiple",
                file_types=list(SUPPORTED_EXTENSIONS),
                elem_id="pq-upload",
            )
            with gr.Column():
                ingest_btn = gr.Button("导入所选文件", variant="primary", elem_id="pq-ingest")
                reindex_btn = gr.Button("重建全部索引", elem_id="pq-reindex")
        results = gr.Dataframe(
            headers=["文件", "结果", "说明"],
            label="导入结果",
            interactive=False,
            elem_id="pq-results",
        )
        table = gr.Dataframe(
            document_rows(kb.documents()),
            headers=DOC_COLUMNS,
            label="文档列表",
            interactive=False,
            elem_id="pq-docs",
        )
        with gr.Row():
            to_delete = gr.Dropdown(  # nothing chosen until the user picks: no one-click delete
                kb.document_choices(),
                value=[],
                multiselect=True,
                label="选择要删除的文档（可多选）",
                elem_id="pq-delete-choice",
                scale=4,
            )
            delete_btn = gr.Button("删除所选文档", variant="stop", elem_id="pq-delete", scale=1)
        chosen = gr.Dropdown(
            kb.document_choices(),
            value=None,
            label="选择文档（查看详情、修改元数据）",
            elem_id="pq-doc-choice",
        )
        with gr.Row():
            m_title = gr.Textbox(label="标题")
            m_city = gr.Textbox(label="城市")
            m_year = gr.Number(label="年份", precision=0)
            m_type = gr.Dropdown(list(DOC_TYPES), label="类型")
            save_btn = gr.Button("保存元数据修改", elem_id="pq-save-meta")
        with gr.Accordion("操作记录 Audit log", open=False):
            audit = gr.Dataframe(
                kb.audit_rows(),
                headers=["时间 (UTC)", "用户", "操作", "文档", "说明"],
                interactive=False,
                elem_id="pq-audit",
            )
        detail_panel(kb, chosen)
        hit_place = hit_test_panel(kb)
        conversation_panel(services, access, require_admin)
        refresh_targets = [table, to_delete, chosen, city, doc_type, hit_place, stats, audit]

        def refreshed() -> tuple[Any, ...]:
            services.refresh_if_changed()
            choices = kb.document_choices()
            places = [ALL, *kb.cities()]
            return (
                document_rows(kb.documents()),
                gr.update(choices=choices, value=[]),
                gr.update(choices=choices, value=None),
                gr.update(choices=places),
                gr.update(choices=[ALL, *kb.doc_types()]),
                gr.update(choices=places),
                kb.stats_markdown(),
                kb.audit_rows(),
            )

        def do_ingest(
            files: list[str] | None,
            request: gr.Request,
            progress: gr.Progress = gr.Progress(),
        ) -> tuple[Any, ...]:
            who = require_admin(access, request)
            rows = kb.ingest_uploads(files or [], progress, who)
            log.info("%s 上传：%s", who, "；".join(f"{r[0]} {r[1]}" for r in rows))
            return (rows, *refreshed())

        def do_reindex(
            request: gr.Request, progress: gr.Progress = gr.Progress()
        ) -> tuple[Any, ...]:
            who = require_admin(access, request)
            log.info("%s 重建索引", who)
            return (kb.reindex(progress, who), *refreshed())

        def do_delete(chosen_: list[str] | None, request: gr.Request) -> tuple[Any, ...]:
            who = require_admin(access, request)
            if not chosen_:  # nothing picked, or the confirmation was cancelled: keep the page
                gr.Info("没有删除任何文档")
                return tuple(gr.skip() for _ in refresh_targets)
            for choice in chosen_:
                message = kb.delete(_doc_id(choice), who)
                log.info("%s 删除文档 %s：%s", who, choice, message)
                gr.Info(message)
            return refreshed()

        def load_meta(choice: str | None) -> tuple[Any, ...]:
            d = (kb.document(_doc_id(choice)) if choice else None) or {}
            return d.get("title", ""), d.get("city", ""), d.get("year"), d.get("doc_type")

        def save_meta(
            choice: str | None,
            title: str,
            city_: str,
            year: float | None,
            type_: str | None,
            request: gr.Request,
        ) -> tuple[Any, ...]:
            who = require_admin(access, request)
            log.info("%s 修改元数据 %s", who, choice)
            gr.Info(
                kb.relabel(
                    _doc_id(choice),
                    {
                        "title": title,
                        "city": city_,
                        "year": int(year) if year else None,
                        "doc_type": type_,
                    },
                    who,
                )
            )
            return refreshed()

        ingest_btn.click(
            do_ingest, [uploads], [results, *refresh_targets], api_visibility="private"
        )
        reindex_btn.click(do_reindex, None, [results, *refresh_targets], api_visibility="private")
        delete_btn.click(
            do_delete,
            [to_delete],
            refresh_targets,
            api_visibility="private",
            js=CONFIRM_DELETE,
        )
        chosen.change(
            load_meta, [chosen], [m_title, m_city, m_year, m_type], api_visibility="private"
        )
        save_btn.click(
            save_meta,
            [chosen, m_title, m_city, m_year, m_type],
            refresh_targets,
            api_visibility="private",
        )

    return refreshed, refresh_targets


def _doc_id(choice: str | None) -> str:
    """'标题 (doc_id)' → doc_id; an error the user sees when nothing is chosen."""
    doc_id = KnowledgeBase.doc_id_of(choice)
    if doc_id is None:
        raise gr.Error("请先选择一个文档")
    return doc_id
