"""Roles: only admins change the knowledge base; failed logins are slowed down; clear refusals."""

from __future__ import annotations

import asyncio
import json
import urllib.request
import uuid
from pathlib import Path

import pytest
from pydantic import SecretStr

from policyqa.access import Access
from policyqa.services import Services
from policyqa.webapp import launch
from tests.conftest import FakeEmbedder, make_settings
from tests.test_server_mode import free_port


def make_access(**overrides: object) -> tuple[Access, list[float]]:
    """An Access with one admin and one reader, and a recorded (instant) sleep."""
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    values: dict[str, object] = {
        "admins": {"admin": "a-pw"},
        "readers": {"staff": "r-pw"},
        "trusted_hosts": frozenset({"127.0.0.1"}),
        "sleep": fake_sleep,
    }
    values.update(overrides)
    return Access(**values), slept  # type: ignore[arg-type]


def test_failed_logins_wait_longer_each_time() -> None:
    """Each wrong password for a name doubles the wait before the next answer; the right
    password still works and clears the record."""
    access, slept = make_access()
    for _ in range(4):
        assert not asyncio.run(access.check_login("admin", "guess"))
    assert slept == [0.5, 1.0, 2.0]
    assert asyncio.run(access.check_login("admin", "a-pw"))
    assert asyncio.run(access.check_login("admin", "a-pw"))
    assert slept == [0.5, 1.0, 2.0, 4.0]  # only the first after the failures waited


def test_roles_decide_who_may_change_the_knowledge_base() -> None:
    """With logins: admins only. Without: trusted hosts only."""
    access, _ = make_access()
    assert access.may_administer("admin", "10.0.0.9")
    assert not access.may_administer("staff", "127.0.0.1")
    assert not access.may_administer(None, "127.0.0.1")
    open_access, _ = make_access(admins={}, readers={})
    assert open_access.may_administer(None, "127.0.0.1")
    assert not open_access.may_administer(None, "10.0.0.9")
    assert "不能修改知识库" in (open_access.exposure_warning("0.0.0.0") or "")
    assert open_access.exposure_warning("127.0.0.1") is None


def _queue_call(url: str, fn_index: int, data: list[object]) -> list[dict[str, object]]:
    """Call an event the way a browser does (queue/join, then read the event stream)."""
    session = uuid.uuid4().hex
    body = {"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None}
    request = urllib.request.Request(
        f"{url}gradio_api/queue/join",
        json.dumps(body).encode(),
        {"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=30).read()
    stream = urllib.request.urlopen(
        f"{url}gradio_api/queue/data?session_hash={session}", timeout=60
    )
    messages = []
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("data:"):
            message = json.loads(line[5:])
            messages.append(message)
            if message.get("msg") in ("process_completed", "close_stream"):
                break
    return messages


@pytest.mark.parametrize("event", ["do_delete", "do_reindex"])
def test_anonymous_remote_client_cannot_destroy(tmp_path: Path, event: str) -> None:
    """Without a login, a client that is not on a trusted host gets a clear refusal from the
    delete and re-index events, even when calling them directly through the queue."""
    port = free_port()
    settings = make_settings(tmp_path, port=port, admin_hosts=[])  # every client is 'remote'
    services = Services(settings)
    services.__dict__["embedder"] = FakeEmbedder()
    doc = tmp_path / "a.txt"
    doc.write_text("株洲市2024年简报\n一、成效\n株洲市专利申请 1234 件。\n", encoding="utf-8")
    services.ingest([doc])
    doc_id = str(services.store.list_documents()[0]["doc_id"])
    demo = launch(services, prevent_thread_lock=True, quiet=True)
    try:
        fn_index = next(i for i, f in demo.fns.items() if f.fn and f.fn.__name__ == event)
        data: list[object] = [f"株洲市2024年简报 ({doc_id})"] if event == "do_delete" else []
        messages = _queue_call(f"http://127.0.0.1:{port}/", fn_index, data)
        final = messages[-1]
        assert final["msg"] == "process_completed" and not final.get("success")
        assert "只有管理员" in json.dumps(final, ensure_ascii=False)
        assert [d["doc_id"] for d in services.store.list_documents()] == [doc_id]
    finally:
        demo.close()


def test_login_roles_in_the_running_app(tmp_path: Path) -> None:
    """A reader may ask through the API; an unknown password is refused."""
    from gradio_client import Client

    port = free_port()
    settings = make_settings(
        tmp_path,
        port=port,
        auth_username="admin",
        auth_password=SecretStr("a-pw"),
        reader_accounts={"staff": SecretStr("r-pw")},
    )
    services = Services(settings)
    services.__dict__["embedder"] = FakeEmbedder()
    doc = tmp_path / "a.txt"
    doc.write_text("株洲市2024年简报\n一、成效\n株洲市专利申请 1234 件。\n", encoding="utf-8")
    services.ingest([doc])
    demo = launch(services, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        client = Client(url, auth=("staff", "r-pw"), verbose=False)
        result = client.predict("株洲市专利申请多少件？", "", "offline", api_name="/ask")
        assert "1234" in result["text"]
        with pytest.raises(Exception, match=r"(?i)mode|模式"):
            client.predict("株洲市专利申请多少件？", "", "llm", api_name="/ask")
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            Client(url, auth=("staff", "wrong"), verbose=False)
    finally:
        demo.close()
