"""Composition root of the application: settings → services → (web UI in a later step)."""

from __future__ import annotations

import logging

from policyqa.cli import index_stats
from policyqa.services import Services
from policyqa.settings import Settings


def main() -> None:
    """Build the index on first start and report what is served."""
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    services = Services(settings)
    services.ensure_sample_corpus()
    print(index_stats(services))
    print('知识库已就绪。检索示例 / try: .venv/bin/policyqa search "衡阳每万人发明专利拥有量"')


if __name__ == "__main__":
    main()
