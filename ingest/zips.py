"""Zip-based formats (.docx, .xlsx, .ofd): budgets checked from the zip directory first."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ingest.decode import format_size, short_error
from ingest.models import IngestError, Limits

OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy Office (.doc/.xls/.wps) and encrypted OOXML files


def check_zip_budget(data: bytes, path: Path, limits: Limits) -> None:
    """Refuse a zip that would decompress to too much, or any member that is a bomb, from the
    sizes its directory declares (the readers would inflate every part in memory)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise IngestError(path, f"corrupt {path.suffix.lower()}: {short_error(exc)}") from exc
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        shown, limit = format_size(total), format_size(limits.max_unzipped_bytes)
        raise IngestError(path, f"decompresses to {shown} (> {limit} limit): refused")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > limits.max_zip_ratio * max(
            m.compress_size, 1
        ):
            ratio = m.file_size / max(m.compress_size, 1)
            raise IngestError(
                path,
                f"part {m.filename} compressed {ratio:.0f}:1 (> {limits.max_zip_ratio:.0f}:1 limit, "
                "zip bomb?): refused",
            )
