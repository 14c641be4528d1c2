"""Reading a file's bytes and decoding them to text (any encoding, binary refused)."""

from __future__ import annotations

import codecs
import logging
import unicodedata
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.models import IngestError

logger = logging.getLogger(__name__)

# UTF-32 BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_SUSPICIOUS_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})
_MAX_SUSPICIOUS_RATIO = 0.05
_MAX_REPLACEMENT_RATIO = 0.01
_SNIFF_CHARS = 65536


def short_error(exc: BaseException, limit: int = 120) -> str:
    """One-line, length-limited description of an exception."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_bytes(path: Path) -> bytes:
    """Read a whole file, mapping OS errors to IngestError."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {short_error(exc)}") from exc


def _binary_error(path: Path) -> IngestError:
    """IngestError for binary content."""
    return IngestError(path, "binary content, not text")


def _decode_nul_bytes(data: bytes, path: Path) -> str:
    """Decode data containing NULs as BOM-less UTF-16 if plausible, else reject as binary."""
    sample = data[:_SNIFF_CHARS]
    le_first = sample[1::2].count(0) >= sample[0::2].count(0)
    for codec in ("utf-16-le", "utf-16-be") if le_first else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text
    raise _binary_error(path)


def _decode_unchecked(data: bytes, path: Path) -> str:
    """Decode via BOM, BOM-less UTF-16, UTF-8, GB18030, then charset_normalizer."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if b"\x00" in data:
        return _decode_nul_bytes(data, path)
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= _MAX_REPLACEMENT_RATIO * len(lenient):
        logger.warning("%s: invalid UTF-8 bytes replaced with U+FFFD", path.name)
        return lenient
    best = from_bytes(data).best()
    if best is None:
        raise _binary_error(path)
    logger.info("%s: decoded as %s (charset_normalizer guess)", path.name, best.encoding)
    return str(best)


def _looks_binary(text: str) -> bool:
    """True when many leading chars are control, surrogate, private-use or unassigned."""
    sample = text[:_SNIFF_CHARS]
    bad = sum(  # per distinct character: a document repeats a few thousand
        n
        for ch, n in Counter(sample).items()
        if ch not in _TEXT_CONTROLS and unicodedata.category(ch) in _SUSPICIOUS_CATEGORIES
    )
    return bad > _MAX_SUSPICIOUS_RATIO * len(sample)


def decode_bytes(data: bytes, path: Path) -> str:
    """Decode text bytes of unknown encoding, normalise newlines; IngestError if binary."""
    text = _decode_unchecked(data, path).removeprefix("\ufeff")
    if _looks_binary(text):
        raise _binary_error(path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def format_size(n_bytes: float) -> str:
    """Human-readable size such as '63.2 MB', '12 KB' or '7 bytes'."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n_bytes >= factor:
            return f"{n_bytes / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(n_bytes)} bytes"
