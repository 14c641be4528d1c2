"""The `policyqa` command line: the composition root for terminal use."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.chain import MODES
from assistant.retrieval import RETRIEVERS
from ingest.pipeline import STAGES
from policyqa.bench import FAST_EMBEDDER, scale
from policyqa.cli_answers import cmd_ask, cmd_eval, cmd_eval_records, cmd_subsidies, cmd_targets
from policyqa.cli_kb import (
    cmd_delete,
    cmd_ingest,
    cmd_list,
    cmd_reindex,
    cmd_search,
    cmd_stats,
)
from policyqa.services import Services
from policyqa.settings import Settings
from vectorstore.conversations import write_csv as write_turns_csv

log = logging.getLogger("policyqa")


def cmd_bench_ingest(args: argparse.Namespace, services: Services) -> int:
    """Ingest the sample corpus into a throw-away index (no cache) and print stage timings."""
    import tempfile
    import time

    with tempfile.TemporaryDirectory() as tmp:
        settings = services.settings.model_copy(update={"data_dir": Path(tmp)})
        fresh = Services(settings)
        start = time.perf_counter()
        report = fresh.ingestor.ingest([Path(args.path or settings.sample_corpus_dir)])
        total = time.perf_counter() - start
        chunks = sum(r.chunks for r in report.results)
    print(f"documents: {report.count('added')}  chunks: {chunks}  model: {fresh.embedder.model_id}")
    for stage in STAGES:
        print(f"  {stage:<6} {report.timings.get(stage, 0.0):7.2f} s")
    print(f"  total  {total:7.2f} s   {chunks / total:.1f} chunks/s")
    return 1 if report.failed else 0


def cmd_log(args: argparse.Namespace, services: Services) -> int:
    """The conversation log: newest first, or only the unanswered and 👎 questions."""
    log = services.conversations
    turns = log.gaps(args.limit) if args.gaps else log.recent(args.limit)
    if args.csv:
        write_turns_csv(turns, sys.stdout)
        return 0
    for t in turns:
        rating = {1: "👍", -1: "👎"}.get(t["rating"], "  ")
        found = "答出" if t["found"] else "未答出"
        comment = f"  〔{t['comment']}〕" if t["comment"] else ""
        print(f"{t['at']}  {rating} {found:<3} {t['user']:<12} {t['question']}{comment}")
    return 0


def cmd_bench_scale(args: argparse.Namespace, services: Services) -> int:
    """Build (once) and measure an index of the sample corpus plus bulk distractors."""

    figures = scale(
        services.settings,
        args.data_dir,
        args.bulk,
        args.chunks,
        args.fast_embedder,
        runs=args.runs,
        per_doc=args.articles_per_doc,
    )
    if args.json:
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}))
    else:
        for key, value in figures.items():
            print(f"{key:<40} {value:12.3f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with all subcommands."""
    parser = argparse.ArgumentParser(prog="policyqa", description="政策问答 policy Q&A assistant")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="导入文件或文件夹 / ingest files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument(
        "--meta",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override detected metadata (title, city, doc_type, year, issuer)",
    )
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("list", help="列出文档 / list documents")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("delete", help="删除文档 / delete a document")
    p.add_argument("doc", help="document id, file name or title")
    p.set_defaults(func=cmd_delete)
    sub.add_parser("stats", help="索引统计 / index statistics").set_defaults(func=cmd_stats)
    p = sub.add_parser("search", help="检索段落 / raw retrieval")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--city")
    p.add_argument("--retriever", choices=RETRIEVERS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("ask", help="提问 / ask a question")
    p.add_argument("question", nargs="?", help="the question (or use --batch)")
    p.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help='one JSON object per line: {"id", "q", "history"?, "filters"?}; writes one JSON '
        "answer per line ('-' reads standard input)",
    )
    p.add_argument("--city")
    p.add_argument("--doc-type", dest="doc_type")
    p.add_argument("--year-from", dest="year_from", type=int)
    p.add_argument("--year-to", dest="year_to", type=int)
    p.add_argument("--mode", choices=MODES)
    p.add_argument("--retriever", choices=RETRIEVERS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("eval", help="评测 / evaluate on a QA file")
    p.add_argument(
        "--qa", required=True, nargs="+", help="JSONL file(s): id, type, q, doc, any[, history]"
    )
    p.add_argument("--split", help="only questions of this split (train, dev, test)")
    p.add_argument(
        "--by", default="type", help="comma-separated fields to group by (type, style, split)"
    )
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--mode", choices=MODES)
    p.add_argument("--retriever", choices=(*RETRIEVERS, "all"), default="hybrid")
    p.add_argument("--failures", action="store_true", help="list questions answered wrongly")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("eval-records", help="评测记录抽取 / extraction against hand labels")
    p.add_argument("--gold", default="data/eval/records", help="records, ambiguous, splits")
    p.add_argument("--docs", nargs="+", default=["data/corpus", "data/eval/regs"])
    p.add_argument("--split", help="dev or heldout (default: both)")
    p.add_argument("--failures", action="store_true", help="list wrong and missed records")
    p.set_defaults(func=cmd_eval_records)
    p = sub.add_parser("targets", help="规划承诺 / targets and whether they were met")
    p.add_argument("--city")
    p.add_argument("--period", help="e.g. 十三五, 十四五, 2021")
    p.add_argument("--csv", action="store_true")
    p.set_defaults(func=cmd_targets)
    p = sub.add_parser("subsidies", help="资助政策 / subsidy and reward items")
    p.add_argument("--city")
    p.add_argument("--csv", action="store_true")
    p.set_defaults(func=cmd_subsidies)
    p = sub.add_parser("bench-ingest", help="导入性能 / ingestion figures on the sample corpus")
    p.add_argument("path", nargs="?", help="folder to ingest (default: the sample corpus)")
    p.set_defaults(func=cmd_bench_ingest)
    p = sub.add_parser("log", help="问答记录 / questions asked, answers, 👍/👎")
    p.add_argument("--gaps", action="store_true", help="only unanswered and 👎 questions")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--csv", action="store_true")
    p.set_defaults(func=cmd_log)
    p = sub.add_parser("bench", help="性能测试 / benchmarks")
    bench = p.add_subparsers(dest="bench", required=True)
    p = bench.add_parser("scale", help="大规模索引 / sample corpus plus N chunks of bulk text")
    p.add_argument("--bulk", type=Path, required=True, help="articles, one per line (.xz ok)")
    p.add_argument("--chunks", type=int, default=100_000, help="about this many bulk chunks")
    p.add_argument("--data-dir", type=Path, required=True, help="where the index is built")
    p.add_argument("--fast-embedder", action="store_true", help=f"embed with {FAST_EMBEDDER}")
    p.add_argument("--articles-per-doc", type=int, default=20)
    p.add_argument("--runs", type=int, default=3, help="fresh processes per cold-start figure")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=cmd_bench_scale)
    p = sub.add_parser("reindex", help="重建索引 / rebuild the index")
    p.set_defaults(func=cmd_reindex)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `policyqa` console script."""
    args = build_parser().parse_args(argv)
    settings = Settings()
    level = logging.DEBUG if args.verbose else getattr(logging, settings.log_level.upper(), 20)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    services = Services(settings)
    try:
        if args.command not in ("reindex", "bench-ingest", "bench", "log", "eval-records"):
            services.ensure_sample_corpus()
            services.sync_records()
        return int(args.func(args, services))
    except (ValueError, RuntimeError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
