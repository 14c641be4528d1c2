"""Dense similarity of candidate sentences to a question (query/passage roles of the model)."""

from __future__ import annotations

import numpy as np

from vectorstore.embeddings import Embedder


class SentenceSimilarity:
    """Cosine similarity between a question and sentences, with the index's embedding model.

    Sentence vectors are cached by the embedder's cache (passage role), so a sentence is
    embedded once; the question is embedded once per call.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, question: str, sentences: list[str]) -> list[float]:
        """One cosine per sentence (0.0 for all when there are none)."""
        if not sentences:
            return []
        q = np.asarray(self.embedder.embed_batch([question], is_query=True)[0], dtype=np.float32)
        m = np.asarray(self.embedder.embed_batch(sentences), dtype=np.float32)
        norms = np.linalg.norm(m, axis=1) * (np.linalg.norm(q) or 1.0)
        return [float(x) for x in (m @ q) / np.where(norms == 0, 1.0, norms)]
