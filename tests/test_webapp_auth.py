"""Web app options from settings: login, loopback address, queue — checked in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from policyqa.services import Services
from policyqa.webapp import launch
from tests.conftest import FakeEmbedder, make_settings
from tests.test_server_mode import free_port


def test_login_required_when_configured(tmp_path: Path) -> None:
    """With a username and password set, the API answers only to a logged-in client."""
    from gradio_client import Client

    port = free_port()
    settings = make_settings(
        tmp_path, port=port, auth_username="official", auth_password=SecretStr("s3cret")
    )
    services = Services(settings)
    services.__dict__["embedder"] = FakeEmbedder()
    doc = tmp_path / "a.txt"
    doc.write_text("株洲市2024年简报\n一、成效\n株洲市专利申请 1234 件。\n", encoding="utf-8")
    services.ingestor.ingest([doc])
    demo = launch(services, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        assert settings.host == "127.0.0.1"
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            Client(url, verbose=False).predict(
                "株洲市专利申请多少件？", "", "offline", api_name="/ask"
            )
        client = Client(url, auth=("official", "s3cret"), verbose=False)
        result = client.predict("株洲市专利申请多少件？", "", "offline", api_name="/ask")
        assert "1234" in result["text"]
    finally:
        demo.close()
