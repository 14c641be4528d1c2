"""The hybrid search exposed as a LangChain `BaseRetriever` (for use in any LangChain chain)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.query import understand
from assistant.retrieval import HybridSearch


class PolicyRetriever(BaseRetriever):
    """Hybrid BM25 + dense retrieval with query understanding and optional filters."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: HybridSearch
    k: int = 5
    mode: str = "hybrid"
    filters: dict[str, Any] = Field(default_factory=dict)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        """Documents carrying chunk metadata plus the fused score and per-retriever ranks."""
        index = self.search.index
        index.sync()
        info = understand(query, index.cities, index.doc_types).with_filters(**self.filters)
        return [
            Document(
                page_content=p.text,
                id=p.id,
                metadata={**p.metadata, "score": p.score, "ranks": dict(p.ranks)},
            )
            for p in self.search.search(info, self.k, self.mode)
        ]
