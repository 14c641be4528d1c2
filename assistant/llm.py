"""LLM mode: any OpenAI-compatible chat endpoint through langchain-openai, streamed and verified."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.answer import (
    NOT_FOUND,
    Answer,
    drop_markers,
    location_of,
    markers,
    neutralise_markers,
)
from assistant.compose import citation_for
from assistant.evidence import split_evidence
from assistant.extractive import ExtractiveAnswerer
from assistant.numeric import remove_unsupported
from assistant.query import QueryInfo
from assistant.retrieval import Passage
from prompts import load_prompt

log = logging.getLogger(__name__)

TokenCounter = Callable[[str], int]


def make_chat_model(
    base_url: str, model: str, api_key: str, temperature: float = 0.0, timeout: float = 60.0
) -> BaseChatModel:
    """A streaming ChatOpenAI client for an OpenAI-compatible server (vLLM, Ollama, DeepSeek…)."""
    from langchain_openai import ChatOpenAI  # lazy: only needed in LLM mode

    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=api_key or "none",  # type: ignore[arg-type]
        temperature=temperature,
        timeout=timeout,
        max_retries=1,
        streaming=True,
    )


class LlmAnswerer:
    """Builds the numbered-sources prompt within a token budget, streams, then verifies."""

    def __init__(
        self,
        model: BaseChatModel,
        count_tokens: TokenCounter,
        context_tokens: int = 3000,
        extractive: ExtractiveAnswerer | None = None,
    ) -> None:
        self.model = model
        self.count_tokens = count_tokens
        self.context_tokens = context_tokens
        self.extractive = extractive

    def build_prompt(self, question: str, passages: Sequence[Passage]) -> tuple[list[Any], int]:
        """System + user messages with as many numbered sources as fit the budget."""
        source_prompt = load_prompt("source")
        blocks: list[str] = []
        used = 0
        for n, p in enumerate(passages, 1):
            m = p.metadata
            block = source_prompt.render(
                n=n,
                title=m.get("title", ""),
                city=m.get("city", ""),
                year=m.get("year", "—"),
                section=" · ".join(x for x in (m.get("section", ""), location_of(m)) if x),
                text=neutralise_markers(p.text),
            )
            cost = self.count_tokens(block)
            if blocks and used + cost > self.context_tokens:
                break
            blocks.append(block)
            used += cost
        user = load_prompt("answer_user").render(sources="\n".join(blocks), question=question)
        system = load_prompt("answer_system").render()
        return [SystemMessage(system), HumanMessage(user)], len(blocks)

    def answer(self, info: QueryInfo, passages: Sequence[Passage]) -> Generator[str, None, Answer]:
        """Stream the model's tokens; return the Answer after the numeric check."""
        messages, n_sources = self.build_prompt(info.text, passages)
        pieces: list[str] = []
        for chunk in self.model.stream(messages):
            text = chunk.text if isinstance(chunk.text, str) else str(chunk.content)
            if text:
                pieces.append(text)
                yield text
        return self.verify("".join(pieces).strip(), info, list(passages[:n_sources]))

    def verify(self, text: str, info: QueryInfo, sources: list[Passage]) -> Answer:
        """Keep citations the text uses; drop sentences with figures no cited source holds."""
        warnings: list[str] = []
        bad = [n for n in markers(text) if not 1 <= n <= len(sources)]
        if bad:
            text = drop_markers(text, bad)
            warnings.append(
                f"回答引用了不存在的来源编号 {'、'.join(f'[{n}]' for n in bad)}，已删除这些编号。"
            )
        cited = markers(text)
        if NOT_FOUND in text and not cited:
            closest = [
                citation_for(n, p, split_evidence(p)[:1]) for n, p in enumerate(sources[:3], 1)
            ]
            return Answer(text, [], found=False, mode="llm", closest=closest)
        if not cited:
            warnings.append("回答未标注有效的来源编号，已按检索顺序列出资料。")
            cited = list(range(1, min(3, len(sources)) + 1))
        cited_passages = [sources[n - 1] for n in cited]
        support = [p.text for p in cited_passages] + [
            str(p.metadata.get("title", "")) for p in cited_passages
        ]
        check = remove_unsupported(text, support)
        if check.removed:
            warnings.append(f"已删除无法在引用原文中核实的数字：{'、'.join(check.removed)}。")
            text = (check.text + "\n\n" if check.text else "") + f"（注意：{warnings[-1]}）"
        citations = [self._cite(n, sources[n - 1], info) for n in cited]
        return Answer(text, citations, found=True, mode="llm", warnings=warnings)

    def _cite(self, n: int, passage: Passage, info: QueryInfo) -> Any:
        """Citation with the best supporting sentence highlighted when we can find it."""
        evidence = []
        if self.extractive is not None:
            extract = self.extractive.extract(info, [passage])
            evidence = extract.evidence
        return citation_for(n, passage, evidence)

    def rewrite(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        """Standalone form of a follow-up question ('' when the model fails)."""
        lines = "\n".join(f"用户：{q}\n助手：{a[:200]}" for q, a in history[-3:])
        prompt = load_prompt("rewrite").render(history=lines, question=question)
        try:
            reply = self.model.invoke([HumanMessage(prompt)])
        except Exception as exc:
            log.warning("LLM rewrite failed: %s", exc)
            return ""
        text = reply.text if isinstance(reply.text, str) else str(reply.content)
        return text.strip().splitlines()[0].strip() if text.strip() else ""
