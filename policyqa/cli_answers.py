"""`policyqa` commands that answer: ask, eval, eval-records, targets, subsidies."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.answer import Answer
from assistant.chain import AnswerChain
from assistant.evaluation import evaluate, format_report, load_qa
from assistant.retrieval import RETRIEVERS
from assistant.tracker import track
from ingest import records_eval
from policyqa.services import Services
from policyqa.tables import subsidy_rows, write_csv


def print_answer(answer: Answer) -> None:
    """The answer, then its numbered sources (or the closest passages)."""
    print(answer.text)
    for warning in answer.warnings:
        print(f"⚠ {warning}")
    sources = answer.citations or answer.closest
    if sources:
        print("\n来源 / sources:" if answer.found else "\n最接近的段落 / closest passages:")
    for c in sources:
        print(
            f"[{c.n}] {c.city}《{c.title}》({c.year or '—'}) § {c.section}"
            f"{' · ' + c.location if c.location else ''}  〔{c.doc} {c.span[0]}-{c.span[1]}〕"
        )
        print("    " + c.snippet.replace("\n", " ")[:300])


def chain_for(services: Services, args: argparse.Namespace) -> AnswerChain:
    """The configured chain, with the retriever overridden when asked."""
    chain = services.chain
    retriever = getattr(args, "retriever", None)
    if retriever and retriever != chain.config.retriever:
        config = replace(chain.config, retriever=retriever)
        chain = AnswerChain(chain.index, chain.search, config, chain.llm, chain.records)
    return chain


def cmd_ask(args: argparse.Namespace, services: Services) -> int:
    """Answer one question with citations (or a batch file of them)."""
    mode = args.mode or services.settings.answer_mode
    if args.batch:
        return run_batch(chain_for(services, args), args.batch, mode)
    if not args.question:
        raise ValueError("ask needs a question or --batch FILE.jsonl")
    filters = {
        "city": args.city,
        "doc_type": args.doc_type,
        "year_from": args.year_from,
        "year_to": args.year_to,
    }
    chain = chain_for(services, args)
    if args.json:
        final = chain.ask(args.question, filters=filters, mode=mode)
        services.log_turn("cli", final, mode)
        print(json.dumps(final.to_dict(), ensure_ascii=False, indent=2))
        return 0 if final.found else 3
    answer: Answer | None = None
    for piece in chain.stream(args.question, filters=filters, mode=mode):
        if isinstance(piece, Answer):
            answer = piece
        elif mode == "llm":
            print(piece, end="", flush=True)
    assert answer is not None
    services.log_turn("cli", answer, mode)
    if mode == "llm" and answer.found:
        print("\n")
    print_answer(answer)
    return 0 if answer.found else 3


def run_batch(chain: AnswerChain, path: str, mode: str) -> int:
    """Answer every line of a JSONL file, writing one JSON answer per line to stdout.

    A bad line gives an error object naming the line; the other lines are still answered.
    Exit status 1 when any line was bad.
    """
    source = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    bad = 0
    with source:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                request = parse_batch_line(line)
            except ValueError as exc:
                bad += 1
                out = {"id": None, "line": number, "error": f"line {number}: {exc}"}
                print(json.dumps(out, ensure_ascii=False), flush=True)
                continue
            answer = chain.ask(request["q"], request["history"], request["filters"], mode)
            print(json.dumps({"id": request["id"], **answer.to_dict()}, ensure_ascii=False))
    return 1 if bad else 0


def parse_batch_line(line: str) -> dict[str, Any]:
    """A checked batch request: id, q, history [(q, a)], filters {}."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from exc
    if not isinstance(raw, dict):
        raise ValueError("expected a JSON object")
    q = raw.get("q")
    if not isinstance(q, str) or not q.strip():
        raise ValueError("field 'q' must be a non-empty string")
    history = raw.get("history") or []
    if not isinstance(history, list) or not all(
        isinstance(h, list | tuple) and len(h) == 2 for h in history
    ):
        raise ValueError("field 'history' must be a list of [question, answer] pairs")
    filters = raw.get("filters") or {}
    if not isinstance(filters, dict):
        raise ValueError("field 'filters' must be an object")
    unknown = set(filters) - {"city", "doc_type", "year_from", "year_to"}
    if unknown:
        raise ValueError(f"unknown filter(s) {', '.join(sorted(unknown))}")
    pairs = [(str(a), str(b)) for a, b in history]
    return {"id": raw.get("id"), "q": q, "history": pairs, "filters": filters}


def cmd_eval(args: argparse.Namespace, services: Services) -> int:
    """Evaluate retrieval and answers on JSONL QA files."""
    items = [item for path in args.qa for item in load_qa(Path(path))]
    if args.split:
        items = [i for i in items if i.split == args.split]
    groups = tuple(g for g in args.by.split(",") if g)
    mode = args.mode or services.settings.answer_mode
    retrievers = RETRIEVERS if args.retriever == "all" else (args.retriever,)
    out: dict[str, Any] = {}
    for retriever in retrievers:
        args.retriever = retriever
        report = evaluate(chain_for(services, args), items, k=args.k, mode=mode)
        out[retriever] = {
            "overall": report.metrics(),
            **{f"by_{g}": report.grouped(g) for g in groups},
        }
        if args.failures:
            out[retriever]["failures"] = [
                {"id": r.id, "rank": r.rank, "abstained": r.abstained, "answer": r.answer[:200]}
                for r in report.results
                if not (r.answer_ok or (not r.answerable and r.abstained))
            ]
        if not args.json:
            print(format_report(report, f"{retriever}/{mode}", groups))
            for failure in out[retriever].get("failures", []):
                print(f"  ✗ {failure['id']} rank={failure['rank']} {failure['answer'][:160]!r}")
            print()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def cmd_targets(args: argparse.Namespace, services: Services) -> int:
    """Targets with their latest outcome and status (table or CSV)."""
    rows = [t.as_row() for t in track(services.records.query(city=args.city))]
    if args.period:
        rows = [r for r in rows if args.period in str(r["时期"])]
    if args.csv:
        write_csv(rows, sys.stdout)
        return 0
    for r in rows:
        print(
            f"{r['城市']} {r['时期']} {r['指标']}：目标 {r['目标值']}{r['单位']}"
            f"（{r['截止年份'] or '—'}） 实际 {r['最新实际值'] or '—'} {r['实际值时间']} → {r['状态']}"
        )
    return 0


def cmd_subsidies(args: argparse.Namespace, services: Services) -> int:
    """Subsidy and reward items with amounts, conditions and sources."""
    rows = subsidy_rows(services.records.query("subsidy", args.city))
    if args.csv:
        write_csv(rows, sys.stdout)
        return 0
    for r in rows:
        print(f"{r['城市']} {r['项目']}：{r['金额'] or '金额未载明'}  条件：{r['条件'] or '—'}")
        print(f"    出处：{r['出处']}")
    return 0


def cmd_eval_records(args: argparse.Namespace, services: Services) -> int:
    """Precision and recall of the extracted records against the hand-labelled ones."""
    gold = Path(args.gold)
    splits = records_eval.load_splits(gold)
    if args.split:
        splits = {name: s for name, s in splits.items() if s == args.split}
    files = records_eval.find_files(splits, [Path(d) for d in args.docs])
    totals = records_eval.evaluate(gold, files, splits)
    for line in records_eval.report_lines(totals):
        print(line)
    for split, scores in sorted(totals.items()) if args.failures else ():
        for kind, score in scores.items():
            for wrong in score.wrong:
                print(f"  ✗ {split} {kind} wrong: {wrong}")
            for missed in score.missed:
                print(f"  ∅ {split} {kind} missed: {missed}")
    return 0
