"""Composition root of the web app: settings → services → first-start ingestion → Gradio UI."""

from __future__ import annotations

import logging

from policyqa.services import Services
from policyqa.settings import Settings


def main() -> None:
    """Build the index on first start (with progress in the log), then serve the web app."""
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    services = Services(settings)

    def progress(done: int, total: int, name: str) -> None:
        if name:
            logging.getLogger("policyqa").info("导入示例文档 %d/%d：%s", done + 1, total, name)

    services.ensure_sample_corpus(progress)
    services.sync_records()
    from policyqa.webapp import launch  # gradio is imported only by the web app

    launch(services)


if __name__ == "__main__":
    main()
