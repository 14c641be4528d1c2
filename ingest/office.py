"""Legacy Word .doc and WPS .wps: converted to .docx by headless LibreOffice, then read by the
.docx loader. Each conversion has its own profile folder and is killed at the time budget."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import olefile

from ingest.decode import read_bytes, short_error
from ingest.docx_text import DocxLoader
from ingest.models import IngestError, Limits
from ingest.zips import OLE2_MAGIC

_RTF_MAGIC = b"{\\rtf"
_ZIP_MAGIC = b"PK\x03\x04"
_FIB_ENCRYPTED = 0x0100  # FibBase flags (bytes 10-11 of the WordDocument stream): fEncrypted
_TEXT_STREAMS = frozenset({"WordDocument", "CONTENTS"})  # Word / WPS Office; MS Works
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"


def soffice_path() -> str | None:
    """The LibreOffice executable on PATH, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process group of a child not yet reaped (so its id cannot have been reused)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _run(command: list[str], path: Path, seconds: float) -> subprocess.CompletedProcess[bytes]:
    """Run in its own process group; kill the whole group when over the time budget."""
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as proc:
        try:
            output, _ = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            proc.communicate()
            raise IngestError(
                path, f"LibreOffice took over {seconds:g} s converting it: refused"
            ) from exc
        finally:
            _kill_group(proc)
    return subprocess.CompletedProcess(command, proc.returncode, output)


def convert_to_docx(path: Path, data: bytes, limits: Limits, folder: Path) -> Path:
    """Write the document into `folder`, convert it there and return the .docx it became."""
    soffice = soffice_path()
    if soffice is None:
        raise IngestError(path, f"reading {path.suffix.lower()} needs LibreOffice ({INSTALL_HINT})")
    source = folder / f"source{path.suffix.lower()}"
    source.write_bytes(data)
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    result = _run(command, path, limits.max_seconds)
    converted = folder / "out" / "source.docx"
    if not converted.is_file():
        detail = result.stdout.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise IngestError(
            path, f"corrupt {path.suffix.lower()}: LibreOffice could not convert it ({detail[0]})"
        )
    return converted


def check_word_container(data: bytes, path: Path) -> None:
    """Refuse, before starting LibreOffice, bytes that are no Word/WPS file (LibreOffice would
    import any bytes as plain text): an OLE2 file needs a Word or Works text stream."""
    kind = path.suffix.lower()
    if data.startswith((_RTF_MAGIC, _ZIP_MAGIC)):
        return
    if not data.startswith(OLE2_MAGIC):
        raise IngestError(path, f"corrupt {kind}: not a Word or WPS document")
    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
            head = ole.openstream("WordDocument").read(12) if "WordDocument" in streams else b""
    except Exception as exc:
        raise IngestError(path, f"corrupt {kind}: {short_error(exc)}") from exc
    if not streams & _TEXT_STREAMS:
        raise IngestError(path, f"corrupt {kind}: no Word or WPS text stream")
    if len(head) == 12 and int.from_bytes(head[10:12], "little") & _FIB_ENCRYPTED:
        raise IngestError(path, f"encrypted {kind} (password protected)")


class LegacyWordLoader:
    """.doc (Word 97–2003, RTF saved as .doc) and .wps (WPS Office / Works) via LibreOffice."""

    extensions: tuple[str, ...] = (".doc", ".wps")

    def load(self, path: Path, limits: Limits) -> str:
        """Convert to .docx in a private temporary folder and read that."""
        data = read_bytes(path)
        kind = path.suffix.lower()
        check_word_container(data, path)
        with tempfile.TemporaryDirectory(prefix="policyqa-office-") as tmp:
            if data.startswith(_ZIP_MAGIC):  # a .docx saved under the old extension
                docx_path = Path(tmp) / "source.docx"
                docx_path.write_bytes(data)
            else:
                docx_path = convert_to_docx(path, data, limits, Path(tmp))
            try:
                return DocxLoader().load(docx_path, limits)
            except IngestError as exc:
                raise IngestError(path, exc.reason.replace(".docx", kind)) from exc
