"""Knowledge-base operations for the web app (no Gradio here): upload, list, relabel, delete."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.retrieval import document_years
from ingest.models import IngestError
from ingest.pipeline import FileResult
from policyqa.services import Services

log = logging.getLogger(__name__)

ProgressFn = Callable[..., Any]  # gr.Progress-like: progress(fraction, desc=...)
STATUS = {"added": "已导入", "updated": "已更新", "unchanged": "未变化（已存在）", "failed": "失败"}


def safe_name(uploaded: str) -> str:
    """The uploaded file's base name with path parts and odd characters removed (never a path)."""
    name = Path(str(uploaded).replace("\\", "/")).name
    name = re.sub(r"[^\w.\-\u4e00-\u9fff（）()]+", "_", name).lstrip(".")
    return name[:120] or "upload.txt"


class KnowledgeBase:
    """What the knowledge-base page does, on top of the services."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents with metadata (the registry as the index holds it: read once, and
        again only after a change)."""
        index = self.services.index
        index.sync()
        return sorted(index.documents.values(), key=lambda d: str(d.get("source", "")))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document's record."""
        return self.services.store.get_document(doc_id)

    def document_choices(self) -> list[str]:
        """'标题 (doc_id)' labels for the document picker."""
        return [f"{d.get('title', '')} ({d['doc_id']})" for d in self.documents()]

    @staticmethod
    def doc_id_of(choice: str | None) -> str | None:
        """'标题 (doc_id)' → doc_id (None when nothing is chosen)."""
        match = re.search(r"\(([0-9a-f]{16})\)$", choice or "")
        return match.group(1) if match else None

    def cities(self) -> list[str]:
        """Places of the indexed documents and the provinces above them, province first
        (a filter on a province keeps its cities' documents too)."""
        self.services.index.sync()
        return self.services.index.places

    def years(self) -> list[int]:
        """Years the documents mention (for the year-range filter)."""
        return sorted({y for d in self.documents() for y in document_years(d)})

    def doc_types(self) -> list[str]:
        """Document types present in the index."""
        return sorted(self.services.index.doc_types)

    def stats_markdown(self) -> str:
        """Index statistics as Markdown."""
        s = self.services.settings
        docs = self.documents()
        where = (
            f"Chroma 服务器 {s.chroma_host}:{s.chroma_port}"
            if s.chroma_host
            else "本地目录（服务器端）"
        )
        return (
            f"**文档** {len(docs)} 篇 · **段落** {self.services.store.count()} 个 · "
            f"**向量模型** `{self.services.embedder.model_id}`（{self.services.embedder.dim} 维） · "
            f"**存储** {where} · **集合** `{s.collection}`"
        )

    def audit_rows(self) -> list[list[str]]:
        """The newest changes to the knowledge base, for the 操作记录 table."""
        return [list(row) for row in self.services.audit.recent()]

    def mode_note(self) -> str:
        """Which answer modes are available."""
        s = self.services.settings
        if self.services.llm is None:
            return "当前：**离线抽取模式**（直接摘录原文句子，不调用大模型）。配置 `POLICYQA_LLM_BASE_URL` 后可切换到大模型模式。"
        return f"已配置大模型：`{s.llm_model}`；默认模式：**{s.answer_mode}**。"

    def ingest_uploads(
        self, files: Sequence[str], progress: ProgressFn, who: str = ""
    ) -> list[list[str]]:
        """Ingest uploaded files one by one; one result row per file (errors per file)."""
        rows: list[list[str]] = []
        for n, uploaded in enumerate(files):
            name = safe_name(uploaded)
            progress(n / max(len(files), 1), desc=f"导入 {name}")
            try:
                result = self.services.ingest_file(Path(uploaded), source=name)
            except (IngestError, ValueError) as exc:
                reason = str(exc).split(": ", 1)[-1]
                result = FileResult(Path(name), "failed", error=f"{name}: {reason}")
            except Exception as exc:
                log.exception("upload %s failed", name)
                result = FileResult(Path(name), "failed", error=f"{name}: {type(exc).__name__}")
            rows.append(_row(name, result))
            self.services.audit.record(
                who, STATUS.get(result.status, result.status), name, rows[-1][2]
            )
        progress(1.0, desc="完成")
        return rows

    def reindex(self, progress: ProgressFn, who: str = "") -> list[list[str]]:
        """Rebuild the whole index from the archived originals."""

        def step(done: int, total: int, name: str) -> None:
            progress(done / max(total, 1), desc=f"重建索引 {name}")

        report = self.services.reindex(step)
        self.services.audit.record(who, "重建索引", "", report.summary())
        return [_row(r.name, r) for r in report.results]

    def delete(self, doc_id: str, who: str = "") -> str:
        """Delete a document; returns a message for the user."""
        record = self.document(doc_id)
        if record is None or not self.services.delete(doc_id):
            return f"文档 {doc_id} 不存在"
        self.services.audit.record(who, "删除", str(record.get("source", doc_id)))
        return f"已删除《{record.get('title', '')}》"

    def relabel(self, doc_id: str, overrides: dict[str, Any], who: str = "") -> str:
        """Correct a document's metadata; returns a message for the user."""
        values = {k: v for k, v in overrides.items() if v not in (None, "")}
        try:
            changed = self.services.relabel(doc_id, values)
        except (KeyError, ValueError) as exc:
            return f"未保存：{exc}"
        if changed:
            source = str((self.document(doc_id) or {}).get("source", doc_id))
            detail = "、".join(f"{k}={v}" for k, v in sorted(changed.items()))
            self.services.audit.record(who, "修改元数据", source, detail)
        return f"已更新：{'、'.join(sorted(changed))}" if changed else "没有变化"


def _row(name: str, result: FileResult) -> list[str]:
    """One row of the import results table."""
    detail = result.error.split(": ", 1)[-1] if result.error else f"{result.chunks} 个段落"
    return [name, STATUS.get(result.status, result.status), detail]
