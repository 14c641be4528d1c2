"""Answer accuracy and confidently-wrong rate of one split at several answer thresholds.

Usage (index holding the documents the questions are about, as for scripts/fit_answerer.py):

    POLICYQA_DATA_DIR=/tmp/policyqa-eval .venv/bin/python scripts/sweep_threshold.py \
        --qa data/eval/gen/regs_train.jsonl ... --split train --thresholds 0.3247 0.4 0.5 0.6

Only the Chinese-question threshold changes; every other weight is the fitted one. For
development splits only: a sweep over a test split is tuning on it.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.evaluation import evaluate, load_qa
from policyqa.services import Services
from policyqa.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qa", nargs="+", required=True)
    parser.add_argument("--split", required=True)
    parser.add_argument("--thresholds", nargs="+", type=float, required=True)
    args = parser.parse_args()
    items = [i for path in args.qa for i in load_qa(Path(path)) if i.split == args.split]
    chain = Services(Settings()).chain
    fitted = chain.extractive.weights
    print("threshold  answer_acc  conf_wrong  abstention")
    for threshold in args.thresholds:
        chain.extractive.weights = replace(fitted, threshold=threshold)
        m = evaluate(chain, items, k=chain.config.k, mode="offline").metrics()
        print(
            f"{threshold:9.4f}  {m['answer_acc']:10.3f}  {m['conf_wrong']:10.3f}  "
            f"{m['abstention']:10.3f}"
        )


if __name__ == "__main__":
    main()
