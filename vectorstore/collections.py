"""Chroma clients and whole collections: open, read a registry, swap, recover, reload.

Separate from `store.py` (one collection's chunks and documents) so that re-index bookkeeping
stays readable on its own.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api import ClientAPI, ServerAPI
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings
from chromadb.config import System
from chromadb.telemetry.product import ProductTelemetryClient

from vectorstore.faults import crash_point

log = logging.getLogger(__name__)

Metadata = dict[str, Any]
VERSION_ID = "~version"  # the registry row every write changes (what other instances follow)


def open_client(path: Path | None = None, host: str | None = None, port: int = 8000) -> ClientAPI:
    """A Chroma HttpClient when a host is given, else a PersistentClient on `path`."""
    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    if path is None:
        raise ValueError("either a data folder or a Chroma server host is required")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def read_registry(client: ClientAPI, name: str) -> list[Metadata]:
    """Document records of a collection without opening it (works whatever its model)."""
    try:
        docs = client.get_collection(f"{name}-docs")
    except Exception:
        return []
    got = docs.get(include=["metadatas"])
    return [
        dict(m, doc_id=i)
        for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)
        if i != VERSION_ID
    ]


def drop_collections(client: ClientAPI, name: str) -> None:
    """Delete the chunk and registry collections of one index name."""
    for collection in (name, f"{name}-docs"):
        try:
            client.delete_collection(collection)
        except Exception:
            log.debug("collection %s did not exist", collection)


def _exists(client: ClientAPI, name: str) -> bool:
    return name in {c.name for c in client.list_collections()}


def _rename(client: ClientAPI, old: str, new: str) -> None:
    for suffix in ("", "-docs"):
        if _exists(client, old + suffix):
            client.get_collection(old + suffix).modify(name=new + suffix)


def replace_collections(client: ClientAPI, name: str, staging: str) -> None:
    """Make the fully built `staging` index the live `name` one, keeping the old one until the
    new one is in place: live → retired, staging → live, then the retired one is dropped.
    A crash in between is undone by `recover_collections`."""
    retired = f"{name}-retired"
    drop_collections(client, retired)
    _rename(client, name, retired)
    crash_point("reindex:retired")
    _rename(client, staging, name)
    drop_collections(client, retired)


def needs_recovery(client: ClientAPI, name: str, staging: str) -> bool:
    """Whether an interrupted re-index left a retired or staging index behind."""
    names = {c.name for c in client.list_collections()}
    return bool({f"{name}-retired-docs", f"{staging}-docs", f"{name}-retired", staging} & names)


def reset_local_clients(path: Path) -> None:
    """Make local clients on `path` read the folder afresh (another process wrote to it: an open
    local client keeps its vector index in memory and would not see the change).

    The cached Chroma system of that folder is replaced in one assignment, never removed, so
    threads still using the old client keep working (on the old view) instead of failing.
    """
    systems = SharedSystemClient._identifier_to_system
    for identifier, system in list(systems.items()):
        if system.settings.persist_directory != str(path):
            continue
        fresh = System(system.settings)
        fresh.instance(ProductTelemetryClient)  # type: ignore[type-abstract]  # as chromadb does
        fresh.instance(ServerAPI)  # type: ignore[type-abstract]
        fresh.start()
        systems[identifier] = fresh


def recover_collections(client: ClientAPI, name: str, staging: str) -> None:
    """After a crash: bring back a retired index whose replacement never arrived, and drop a
    half-built staging index (the live one is untouched while staging is built)."""
    retired = f"{name}-retired"
    if not _exists(client, f"{name}-docs") and _exists(client, f"{retired}-docs"):
        if _exists(client, f"{staging}-docs"):  # killed between the two renames
            _rename(client, staging, name)
        else:
            _rename(client, retired, name)
        log.warning("recovered the index '%s' after an interrupted re-index", name)
    drop_collections(client, retired)
    drop_collections(client, staging)
