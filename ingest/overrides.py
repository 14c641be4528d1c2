"""User corrections of detected metadata: validated override values and sidecar YAML files."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from ingest.locate import named_place, place_fields
from ingest.metadata import DOC_TYPES
from ingest.models import DocumentMeta

logger = logging.getLogger(__name__)

OVERRIDE_KEYS = ("title", "city", "doc_type", "year", "issuer", "years")


def _bad(field: str, expected: str, value: object) -> ValueError:
    """ValueError naming the field, the expectation and the (shortened) value."""
    return ValueError(f"invalid value for '{field}': expected {expected}, got {repr(value)[:60]}")


def _as_text(field: str, value: object, optional: bool = False) -> str | None:
    """Non-empty stripped string (None allowed when optional)."""
    if optional and (value is None or value == ""):
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(field, "a non-empty string", value)
    return value.strip()


def _as_year(field: str, value: object) -> int:
    """An int-like year in 1900..2100 (int, integral float, or digit string)."""
    year: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value)
    ):
        year = int(value)
    if year is None or not 1900 <= year <= 2100:
        raise _bad(field, "a year such as 2021", value)
    return year


def _validate_field(field: str, value: object) -> object:
    """Validate and normalise one override value."""
    if field in ("title", "issuer"):
        return _as_text(field, value, optional=field == "issuer")
    if field == "city":
        city = _as_text(field, value) or ""
        return named_place(city).name
    if field == "doc_type":
        if value not in DOC_TYPES:
            raise _bad(field, f"one of {'/'.join(DOC_TYPES)}", value)
        return value
    if field == "year":
        return None if value is None else _as_year(field, value)
    if not isinstance(value, list | tuple):
        raise _bad(field, "a list of years", value)
    return sorted({_as_year(field, item) for item in value})


def validate_overrides(overrides: Mapping[str, object]) -> dict[str, object]:
    """Checked, normalised copy of overrides; ValueError on unknown keys or bad values."""
    unknown = sorted(str(k) for k in overrides if k not in OVERRIDE_KEYS)
    if unknown:
        raise ValueError(
            f"unknown metadata field(s) {', '.join(unknown)}; allowed: {', '.join(OVERRIDE_KEYS)}"
        )
    return {key: _validate_field(key, value) for key, value in overrides.items()}


def apply_overrides(meta: DocumentMeta, overrides: Mapping[str, object]) -> DocumentMeta:
    """New DocumentMeta with validated overrides applied."""
    checked = validate_overrides(overrides)
    if "city" in checked:
        checked.update(place_fields(str(checked["city"])))
    return dataclasses.replace(meta, **checked)  # type: ignore[arg-type]


def sidecar_path(path: Path) -> Path | None:
    """Existing '<name>.meta.yaml' (or '<stem>.meta.yaml') beside a document, else None."""
    for name in (
        f"{path.name}.meta.yaml",
        f"{path.name}.meta.yml",
        f"{path.stem}.meta.yaml",
        f"{path.stem}.meta.yml",
    ):
        candidate = path.with_name(name)
        if candidate.is_file():
            return candidate
    return None


def load_sidecar(path: Path) -> dict[str, object]:
    """Validated overrides from the document's sidecar YAML; {} when there is none."""
    sidecar = sidecar_path(Path(path))
    if sidecar is None:
        return {}
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split())
        raise ValueError(f"{sidecar}: invalid YAML ({reason})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(
            f"{sidecar}: expected a mapping of metadata fields, got {type(data).__name__}"
        )
    try:
        overrides = validate_overrides({str(k): v for k, v in data.items()})
    except ValueError as exc:
        raise ValueError(f"{sidecar}: {exc}") from exc
    logger.info("metadata overrides from %s: %s", sidecar, sorted(overrides))
    return overrides
