#!/usr/bin/env bash
# Create .venv with the CPU build of torch first (so nothing pulls CUDA wheels), then the project.
# Re-running is cheap: it does nothing when pyproject.toml has not changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
# LibreOffice reads legacy .doc and .wps files (converted to .docx); without it they are refused.
# OpenCV (used by the OCR of scanned PDFs) needs libGL and GLib.
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! command -v soffice >/dev/null 2>&1; then
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; } \
    || echo "warning: could not install libreoffice-writer-nogui; .doc and .wps files will be refused" >&2
fi
if ! { dpkg -s libgl1 && dpkg -s libglib2.0-0; } >/dev/null 2>&1; then
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libgl1 libglib2.0-0 >/dev/null; } \
    || echo "warning: could not install libgl1/libglib2.0-0; scanned PDFs cannot be read by OCR" >&2
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ -f "$stamp" ]; then exit 0; fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test]"
rm -f .venv/.installed-*
touch "$stamp"
echo "环境已就绪 / environment ready (.venv)"
