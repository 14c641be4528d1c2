#!/usr/bin/env bash
# Create .venv with the CPU build of torch first (so nothing pulls CUDA wheels), then the project.
# Re-running is cheap: it does nothing when pyproject.toml has not changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ -f "$stamp" ]; then exit 0; fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test]"
rm -f .venv/.installed-*
touch "$stamp"
echo "环境已就绪 / environment ready (.venv)"
