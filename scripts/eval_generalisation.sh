#!/usr/bin/env bash
# Evaluate on documents and questions nobody tuned on: builds an index of the sample corpus plus
# the 16 regulations in data/eval/regs (bundled e5 model) and prints the tables per split.
# Usage: scripts/eval_generalisation.sh [INDEX_DIR] [SPLIT ...]   (default: /tmp/policyqa-eval, test)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/policyqa-eval}"
shift || true
splits=("${@:-test}")
export POLICYQA_DATA_DIR="$dir" POLICYQA_AUTO_INGEST_SAMPLE=false POLICYQA_LOG_LEVEL=WARNING
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
.venv/bin/policyqa ingest data/corpus data/eval/regs >/dev/null
for split in "${splits[@]}"; do
  .venv/bin/policyqa eval --qa data/eval/gen/*.jsonl --split "$split" --by style,type
done
