"""The Gradio web app: chat with verifiable citations, knowledge-base management, an `ask` API."""

from __future__ import annotations

import json
import logging
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answer import Answer
from policyqa.access import Access
from policyqa.kb import KnowledgeBase
from policyqa.render import (
    answer_body_markdown,
    answer_markdown,
    conversation_markdown,
    escape_md,
    sources_html,
)
from policyqa.services import Services
from policyqa.ui_kb import ALL, kb_tab
from policyqa.ui_records import records_tabs

log = logging.getLogger(__name__)

ANY_YEAR = "不限"
EXAMPLES = {
    "领导干部 · 查数字": [
        "衡阳市2020年1-11月专利申请量是多少？",
        "长春市2019年专利授权总量是多少？",
        "邵阳市“十三五”期间专利质押融资总额达到多少？",
    ],
    "企业 · 查资助政策": [
        "长春哪些人可以申报发明专利后补助？",
        "衡阳组织部人才经费对发明专利授权奖励多少钱？",
        "岳阳市对引进的高价值专利有什么激励政策？",
    ],
    "工作人员 · 查规划目标": [
        "邵阳“十四五”规划中，到2025年每万人有效发明专利要达到多少？",
        "衡阳“十三五”规划中每万人发明专利拥有量的目标是多少？完成了没有？",
        "衡阳知识产权“十四五”规划提出了哪些主要措施？",
    ],
}
CSS = """
.pq-sources { font-size: 14px; line-height: 1.7; }
.pq-source { border: 1px solid var(--border-color-primary); border-radius: 6px; margin: 6px 0; padding: 4px 8px; }
.pq-source summary { cursor: pointer; }
.pq-meta { color: var(--body-text-color-subdued); font-size: 12px; }
.pq-passage mark { background: #ffe58f; padding: 0 2px; }
.pq-passage .pq-answer { color: #ad2102; }
.pq-q { font-weight: 600; margin-bottom: 4px; }
.pq-source.pq-flash { outline: 2px solid #fa8c16; }
a.pq-cite { text-decoration: none; font-weight: 600; cursor: pointer; }
"""
# A clicked [n] marker opens source n of its answer: clicking the message also selects it, which
# puts that answer's sources in the panel; wait for them (tagged with the turn), then open card n.
CITE_JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.pq-cite');
    if (!link) return;
    const target = /^#pq-src-(\\d+)-(\\d+)$/.exec(link.getAttribute('href') || '');
    if (!target) return;
    event.preventDefault();
    const [, turn, n] = target;
    const open = (tries) => {
      const panel = document.querySelector(`#pq-sources .pq-sources[data-turn="${turn}"]`);
      const card = panel && panel.querySelector(`details[data-n="${n}"]`);
      if (!card) { if (tries > 0) setTimeout(() => open(tries - 1), 100); return; }
      card.open = true;
      card.scrollIntoView({behavior: 'smooth', block: 'center'});
      card.classList.add('pq-flash');
      setTimeout(() => card.classList.remove('pq-flash'), 1500);
    };
    open(40);
  }, true);
}
"""
_SENTENCE_END = re.compile(r"(?<=[。；！？\n])")


def _filters(city: str, year_from: Any, year_to: Any, doc_type: str) -> dict[str, Any]:
    """UI filter values → chain filters (empty ones dropped)."""
    return {
        "city": None if city in (ALL, "", None) else city,
        "doc_type": None if doc_type in (ALL, "", None) else doc_type,
        "year_from": int(year_from) if str(year_from).isdigit() else None,
        "year_to": int(year_to) if str(year_to).isdigit() else None,
    }


def _user(request: gr.Request | None) -> str:
    """Who asked: the login name, else the client's address."""
    username = getattr(request, "username", None)
    return str(username or getattr(getattr(request, "client", None), "host", "") or "")


def build_app(services: Services, access: Access | None = None) -> gr.Blocks:
    """The whole UI, wired to the services (which are built by app.py)."""
    kb = KnowledgeBase(services)
    access = access or Access.from_settings(services.settings)
    modes = services.chain.modes
    mode_labels = {
        "offline": "离线抽取 (offline)",
        "llm": f"大模型 (LLM: {services.settings.llm_model})",
    }

    def respond(
        message: str,
        chat: list[dict[str, Any]],
        turns: list[Answer],
        logged: list[int],
        city: str,
        year_from: Any,
        year_to: Any,
        doc_type: str,
        mode: str,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        message = (message or "").strip()
        if not message:
            yield chat, turns, logged, gr.skip(), ""
            return
        history = [(a.question, a.text) for a in turns]
        chat = [
            *chat,
            {"role": "user", "content": escape_md(message)},
            {"role": "assistant", "content": "…"},
        ]
        yield chat, turns, logged, gr.skip(), ""
        services.refresh_if_changed()
        streamed = ""
        try:
            services.chain.check_mode(mode)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        for piece in services.chain.stream(
            message, history, _filters(city, year_from, year_to, doc_type), mode
        ):
            if isinstance(piece, Answer):
                turn = len(turns)
                chat[-1] = {"role": "assistant", "content": answer_markdown(piece, turn)}
                turns = [*turns, piece]
                logged = [*logged, services.log_turn(_user(request), piece, mode)]
                yield chat, turns, logged, sources_html(piece, turn), ""
            elif mode == "llm":
                streamed += piece
                chat[-1] = {"role": "assistant", "content": escape_md(streamed)}
                yield chat, turns, logged, gr.skip(), ""
            else:  # an offline answer arrives whole: show it sentence by sentence too
                for sentence in _SENTENCE_END.split(piece):
                    streamed += sentence
                    chat[-1] = {"role": "assistant", "content": answer_body_markdown(streamed)}
                    yield chat, turns, logged, gr.skip(), ""
                    time.sleep(0.03)

    def feedback(logged: list[int], comment: str, evt: gr.LikeData) -> Any:
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        turn = int(index) // 2
        if not 0 <= turn < len(logged) or not isinstance(evt.liked, bool):
            return gr.skip()
        services.conversations.rate(logged[turn], 1 if evt.liked else -1, comment or "")
        gr.Info("已记录您的反馈，谢谢！")
        return ""

    def show_sources(turns: list[Answer], evt: gr.SelectData) -> str:
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        turn = int(index) // 2
        return sources_html(turns[turn], turn) if 0 <= turn < len(turns) else sources_html(None)

    def export(turns: list[Answer]) -> Any:
        if not turns:
            gr.Warning("还没有对话可以导出")
            return gr.skip()
        folder = Path(tempfile.mkdtemp(prefix="policyqa-export-"))
        path = folder / "政策问答记录.md"
        path.write_text(conversation_markdown(turns), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    def ask_api(question: str, city: str = "", mode: str = "offline") -> dict[str, Any]:
        """Answer one question; returns the answer text and its citations as JSON."""
        services.refresh_if_changed()
        try:
            answer = services.chain.ask(question, filters={"city": city or None}, mode=mode)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        services.log_turn("api", answer, mode)
        return answer.to_dict()

    with gr.Blocks(title="政策问答 · Policy Q&A") as demo:
        gr.Markdown(
            "## 政策问答 · 知识产权报告、规划、条例与政策\n"
            "每个答案都标注来源 [n]，点击右侧“来源”查看原文，支撑答案的句子已高亮。"
            "文件中没有的内容，助手会直接说明“没有找到”。"
        )
        turns = gr.State([])
        logged = gr.State([])  # conversation-log ids of the answers in `turns`
        with gr.Tab("问答 Chat", id="chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="对话", height=520, elem_id="pq-chat", buttons=["copy"]
                    )
                    with gr.Row():
                        box = gr.Textbox(
                            label="问题",
                            placeholder="请输入问题，例如：衡阳市2020年专利申请量是多少？",
                            show_label=False,
                            scale=5,
                            elem_id="pq-input",
                        )
                        send = gr.Button("提问", variant="primary", scale=1, elem_id="pq-send")
                    comment = gr.Textbox(
                        label="反馈说明",
                        placeholder="反馈说明（可选）：点答案下的 👍/👎 时一并提交",
                        show_label=False,
                        elem_id="pq-feedback-comment",
                    )
                    with gr.Row():
                        clear = gr.Button("清空对话", elem_id="pq-clear")
                        export_btn = gr.Button("导出 Markdown", elem_id="pq-export")
                        export_file = gr.File(  # shown once there is something exported
                            label="导出文件", visible=False, interactive=False, height=60
                        )
                    for group, questions in EXAMPLES.items():
                        gr.Examples(questions, inputs=[box], label=group)
                with gr.Column(scale=2):
                    with gr.Accordion("筛选 Filters", open=True):
                        city = gr.Dropdown(
                            [ALL, *kb.cities()],
                            value=ALL,
                            label="地区（含下辖）",
                            elem_id="pq-city",
                        )
                        with gr.Row():
                            years: list[str | int] = [ANY_YEAR, *kb.years()]
                            year_from = gr.Dropdown(years, value=ANY_YEAR, label="起始年份")
                            year_to = gr.Dropdown(years, value=ANY_YEAR, label="截止年份")
                        doc_type = gr.Dropdown([ALL, *kb.doc_types()], value=ALL, label="文件类型")
                        mode = gr.Radio(
                            [(mode_labels[m], m) for m in modes],
                            value=modes[0]
                            if services.settings.answer_mode not in modes
                            else services.settings.answer_mode,
                            label="回答模式",
                            visible=len(modes) > 1,  # a choice only when there is one
                        )
                        gr.Markdown(kb.mode_note(), elem_id="pq-mode-note")
                    sources = gr.HTML(sources_html(None), label="来源", elem_id="pq-sources")
            inputs = [box, chatbot, turns, logged, city, year_from, year_to, doc_type, mode]
            outputs = [chatbot, turns, logged, sources, box]
            box.submit(respond, inputs, outputs, api_visibility="private")
            send.click(respond, inputs, outputs, api_visibility="private")
            chatbot.select(show_sources, [turns], [sources], api_visibility="private")
            chatbot.like(feedback, [logged, comment], [comment], api_visibility="private")
            clear.click(
                lambda: ([], [], [], sources_html(None)),
                None,
                [chatbot, turns, logged, sources],
                api_visibility="private",
            )
            export_btn.click(export, [turns], [export_file], api_visibility="private")
        refreshed, refresh_targets = kb_tab(services, kb, access, city, doc_type)
        records_tabs(services)
        gr.api(ask_api, api_name="ask")
        # every page load shows the knowledge base as it is now (another tab or the CLI may
        # have changed it since the app started)
        demo.load(refreshed, None, refresh_targets, api_visibility="private")
    return demo


def chinese_gradio_strings() -> gr.I18n:
    """Gradio's own strings (upload box, footer, settings) in Chinese whatever the browser's
    language: the zh-CN strings Gradio ships, given to every locale it knows."""
    path = Path(__file__).parent / "data" / "gradio_zh.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return gr.I18n(**{locale: data["strings"] for locale in data["locales"]})


def launch(services: Services, **overrides: Any) -> gr.Blocks:
    """Start the web app with the settings' host, port, login and queue limits."""
    s = services.settings
    access = Access.from_settings(s)
    demo = build_app(services, access)
    demo.queue(max_size=s.queue_max_size, default_concurrency_limit=s.concurrency_limit)
    options: dict[str, Any] = {
        "server_name": s.host,
        "server_port": s.port,
        "auth": access.check_login if access.login_required else None,
        "max_file_size": f"{int(s.max_file_mb)}mb",
        "blocked_paths": [str(s.data_dir)],
        "css": CSS,
        "js": CITE_JS,
        "footer_links": ["api"],
        "i18n": chinese_gradio_strings(),
    }
    options.update(overrides)
    if warning := access.exposure_warning(s.host):
        log.warning(warning)
    log.info("政策问答已启动：http://%s:%d", s.host, options["server_port"])
    services.warm_up()
    demo.launch(**options)
    return demo
