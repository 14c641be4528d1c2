"""What one Chroma write costs per chunk, by what the chunk carries (issue 11's writer bound).

    scripts/bench_chroma_write.py --chunks 5000 --runs 2

Writes N chunks (384-d vectors, a 400-character text) into a fresh local collection with
`upsert` or `add`, with the 20 metadata keys a chunk carries today or only its 7 chunk-level
ones, with and without the text; prints ms per chunk for each variant, run by run.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import chromadb
import numpy as np

DOCUMENT_FIELDS = {
    "province": "湖南", "place_path": "湖南/衡阳", "source": "000_5b541e14f83c3092.txt",
    "issuer": "知识产权运用促进科", "revised": "", "years": [2015, 2018, 2019, 2020, 2021],
    "content_hash": "500e9d2f7942b039", "level": "市", "year": 2020, "doc_type": "工作总结",
    "title": "2020 年知识产权运用促进工作总结及 2021 年工作打算", "city": "衡阳",
    "years_text": "2015,2018,2019,2020,2021",
}  # fmt: skip
CHUNK_FIELDS = {"start": 31, "end": 165, "tokens": 155, "section": "一、工作亮点", "kind": "text"}
TEXT = "全市专利申请9837件，同比增长73.95%，其中发明专利申请4587件。" * 12


def one_run(chunks: int, method: str, full: bool, text: bool) -> float:
    """Milliseconds per chunk of one write into a fresh collection."""
    with tempfile.TemporaryDirectory() as folder:
        client = chromadb.PersistentClient(folder)
        collection = client.get_or_create_collection(
            "bench", metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        metas = [
            {
                **(DOCUMENT_FIELDS if full else {}),
                **CHUNK_FIELDS,
                "doc_id": f"d{i // 50}",
                "chunk": i,
            }
            for i in range(chunks)
        ]
        ids = [f"d{i // 50}:{i % 50}" for i in range(chunks)]
        vectors = np.random.default_rng(0).random((chunks, 384), dtype=np.float32)
        documents = [f"{TEXT}{i}" for i in range(chunks)] if text else None
        started = time.perf_counter()
        getattr(collection, method)(
            ids=ids, embeddings=vectors, metadatas=metas, documents=documents
        )
        return 1000 * (time.perf_counter() - started) / chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    variants = [
        ("upsert", True, True),
        ("upsert", False, True),
        ("add", True, True),
        ("add", False, True),
        ("add", False, False),
    ]
    for run in range(args.runs):
        for method, full, text in variants:
            ms = one_run(args.chunks, method, full, text)
            keys = "20 keys" if full else " 7 keys"
            print(
                f"run {run + 1} {method:6s} {keys} {'text' if text else 'no text'}: {ms:.2f} ms/chunk"
            )


if __name__ == "__main__":
    main()
