"""Composition root of the web app: settings → services → first-start ingestion → Gradio UI."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from policyqa.services import Services
from policyqa.settings import Settings


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options; each overrides its POLICYQA_* setting."""
    parser = argparse.ArgumentParser(description="政策问答 web app")
    parser.add_argument("--host", help="address to listen on (POLICYQA_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (POLICYQA_PORT)")
    parser.add_argument("--data-dir", help="index folder (POLICYQA_DATA_DIR)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Build the index on first start (with progress in the log), then serve the web app."""
    args = parse_args(argv)
    given = {"host": args.host, "port": args.port, "data_dir": args.data_dir}
    settings = Settings(**{k: v for k, v in given.items() if v is not None})
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
