"""Knowledge-base panels that only read: a document's detail (metadata, chunks, records) and
hit testing (命中测试). Open to every user who may ask questions."""

from __future__ import annotations

import gradio as gr

from policyqa.kb import KnowledgeBase
from policyqa.kb_inspect import (
    CHUNK_COLUMNS,
    HIT_COLUMNS,
    RECORD_COLUMNS,
    chunk_rows,
    hit_rows,
    record_rows,
)

ALL = "全部"  # the "no filter" choice of a place dropdown


def detail_panel(kb: KnowledgeBase, chosen: gr.Dropdown) -> None:
    """Metadata, chunks in order and extracted records of the document picked in `chosen`."""
    with gr.Accordion("文档详情 Document detail", open=False, elem_id="pq-detail"):
        meta = gr.JSON(label="元数据", elem_id="pq-detail-meta")
        chunks = gr.Dataframe(
            headers=CHUNK_COLUMNS,
            label="段落（按原文顺序）",
            interactive=False,
            wrap=True,
            max_height=420,
            elem_id="pq-detail-chunks",
        )
        records = gr.Dataframe(
            headers=RECORD_COLUMNS,
            label="抽取的目标、完成情况与资助条款",
            interactive=False,
            wrap=True,
            max_height=320,
            elem_id="pq-detail-records",
        )

    def show(choice: str | None) -> tuple[object, list[list[object]], list[list[object]]]:
        doc_id = kb.doc_id_of(choice)
        if doc_id is None:
            return None, [], []
        services = kb.services
        return kb.document(doc_id), chunk_rows(services, doc_id), record_rows(services, doc_id)

    chosen.change(show, [chosen], [meta, chunks, records], api_visibility="private")


def hit_test_panel(kb: KnowledgeBase) -> gr.Dropdown:
    """A query and an optional place: the ranked chunks with lexical, dense and fused scores."""
    with gr.Accordion("命中测试 Hit testing", open=False, elem_id="pq-hits"):
        with gr.Row():
            query = gr.Textbox(
                label="测试问题",
                placeholder="输入一个问题，查看检索到哪些段落",
                scale=4,
                elem_id="pq-hit-query",
            )
            place = gr.Dropdown([ALL, *kb.cities()], value=ALL, label="地区", scale=1)
            k = gr.Slider(1, 20, value=10, step=1, label="返回段落数", scale=1)
        run = gr.Button("测试检索", elem_id="pq-hit-run")
        hits = gr.Dataframe(
            headers=HIT_COLUMNS, interactive=False, wrap=True, elem_id="pq-hit-table"
        )

    def test(q: str, where: str, n: float) -> list[list[object]]:
        if not (q or "").strip():
            raise gr.Error("请输入测试问题")
        kb.services.refresh_if_changed()
        return hit_rows(kb.services, q.strip(), None if where in (ALL, "") else where, int(n))

    run.click(test, [query, place, k], [hits], api_visibility="private")
    query.submit(test, [query, place, k], [hits], api_visibility="private")
    return place
