#!/usr/bin/env bash
# Run the whole test suite offline (no model or data downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
# Browser for the UI tests: Debian's chromium (never a browser downloaded by a test tool).
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
# Chinese font for the OCR tests' page images (they skip without one).
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null; } \
    || echo "warning: could not install fonts-noto-cjk; OCR tests will be skipped" >&2
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check .
.venv/bin/mypy assistant ingest vectorstore policyqa prompts places app.py
.venv/bin/python -m pytest "$@"
