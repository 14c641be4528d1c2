"""Re-index: rebuild the index from the archived originals beside the live one, then swap it in."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.pipeline import FileResult, Ingestor, IngestReport, Item, Progress, stored_overrides
from policyqa.settings import Settings
from vectorstore.collections import (
    drop_collections,
    open_client,
    read_registry,
    recover_collections,
    replace_collections,
)
from vectorstore.faults import crash_point
from vectorstore.store import ChunkStore

if TYPE_CHECKING:
    from policyqa.services import Services

log = logging.getLogger(__name__)


def rebuild_index(services: Services, progress: Progress | None) -> IngestReport:
    """Build the staging collection from the archive, then swap it in (lock held)."""
    s = services.settings
    client = open_client(s.chroma_dir, s.chroma_host, s.chroma_port)
    recover_collections(client, s.collection, services.staging_name)
    records = read_registry(client, s.collection)
    shutil.rmtree(s.lexical_staging_dir, ignore_errors=True)
    staging = ChunkStore(
        client, services.staging_name, services.embedder, services.lexical(s.lexical_staging_dir)
    )
    ingestor = services.ingestor_for(staging)
    items, missing = _archived_items(ingestor, records, s.files_dir)
    report = ingestor.ingest_items(items, progress)
    for result in report.results:
        result.status = "added" if result.status != "failed" else "failed"
    report.results += missing
    if report.failed:
        drop_collections(client, services.staging_name)
        shutil.rmtree(s.lexical_staging_dir, ignore_errors=True)
        log.warning("re-index abandoned, the index is unchanged: %s", report.summary())
        return report
    crash_point("reindex:staged")
    replace_collections(client, s.collection, services.staging_name)
    _swap_lexical(s)
    services.drop_views()
    return report


def _swap_lexical(settings: Settings) -> None:
    """Put the re-indexed lexical index in place (a crash here is healed by the next sync,
    which re-indexes any document whose lexical entries do not match the registry)."""
    live = settings.lexical_dir
    retired = live.with_name(f"{live.name}-retired")
    shutil.rmtree(retired, ignore_errors=True)
    if live.exists():
        live.rename(retired)
    settings.lexical_staging_dir.rename(live)
    shutil.rmtree(retired, ignore_errors=True)


def _archived_items(
    ingestor: Ingestor, records: list[dict[str, object]], files_dir: Path
) -> tuple[list[Item], list[FileResult]]:
    """Each registered document's archived original with its stored metadata as
    overrides, and a failure for each document whose original is missing."""
    items, missing = [], []
    for record in records:
        doc_id, source = str(record["doc_id"]), str(record.get("source", ""))
        path = ingestor.archived_path(doc_id, source)
        if path is None or not path.is_file():
            error = f"{source}: original file missing from {files_dir}; ingest it again"
            where = path or files_dir
            missing.append(FileResult(where, "failed", doc_id, error=error, source=source))
        else:
            items.append(Item(path, source, stored_overrides(record)))
    return items, missing
