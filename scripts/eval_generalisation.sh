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
gen=data/eval/gen
for split in "${splits[@]}"; do
  if [ "$split" = test ]; then
    echo "## test split (regulations 02 06 07 11 12 15 16, 邵阳, 长春)"
    .venv/bin/policyqa eval --qa $gen/regs_test.jsonl $gen/sample.jsonl --split test --by style,type
    echo "## fresh test set (same documents, questions written later)"
    .venv/bin/policyqa eval --qa $gen/test2.jsonl --by style,type
    echo "## test3 (same documents, a third writer)"
    .venv/bin/policyqa eval --qa $gen/test3.jsonl --by style,type
    echo "## test4 (same documents, written 2026-12-03)"
    .venv/bin/policyqa eval --qa $gen/test4.jsonl --by style,type
  else
    .venv/bin/policyqa eval --qa $gen/regs_train.jsonl $gen/sample.jsonl $gen/dev_set.jsonl \
      $gen/extra.jsonl $gen/train4.jsonl data/eval/dev.jsonl --split "$split" --by style,type
  fi
done
