#!/usr/bin/env bash
# Run the whole test suite offline (no model or data downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
