"""The answer chain on the real sample index: offline answers, citations, abstention, LLM mode."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answer import markers
from assistant.chain import AnswerChain
from assistant.evaluation import evaluate, load_qa
from assistant.llm import LlmAnswerer, make_chat_model
from ingest.chunker import count_tokens
from ingest.clean import clean_text
from policyqa.cli import main
from policyqa.services import Services
from tests.conftest import CORPUS, ScriptedLLM

HENGYANG = "衡阳市2020年1-11月专利申请量是多少？"


def cleaned(source: str) -> str:
    """Cleaned text of a sample document (what citation spans point into)."""
    return clean_text((CORPUS / source).read_text(encoding="utf-8")).text


def test_offline_figure_answer_is_cited(sample_services: Services) -> None:
    """A figure question gets the sentence holding the figure, cited with an exact span."""
    answer = sample_services.chain.ask(HENGYANG)
    assert answer.found and "9837" in answer.text and "[1]" in answer.text
    citation = answer.citations[0]
    assert citation.n == 1 and citation.city == "衡阳" and citation.year == 2020
    assert citation.section.startswith("一、2020 年工作亮点")
    start, end = citation.span
    assert cleaned(citation.doc)[start:end] == citation.snippet
    assert "9837" in citation.snippet
    low, high = citation.highlight
    assert citation.passage[low:high] == citation.snippet


def test_offline_answer_states_only_cited_figures(sample_services: Services) -> None:
    """Every number in an offline answer occurs in its cited snippets or document titles."""
    questions = [
        "长春市2019年专利申请总量是多少？",
        "邵阳“十四五”规划提出全市知识产权人才总量要达到多少？",
    ]
    for question in questions:
        answer = sample_services.chain.ask(question)
        assert answer.found
        support = " ".join(c.snippet + c.title for c in answer.citations).replace(" ", "")
        for number in re.findall(r"\d+(?:\.\d+)?", re.sub(r"\[\d+\]", "", answer.text)):
            assert number in support


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("广州市2020年专利申请量是多少？", "广州"),
        ("衡阳市2010年专利申请量是多少？", "2010"),
        ("某市2023年知识产权工作报告中，截至7月底每万人发明专利拥有量具体是多少件？", "XX"),
    ],
)
def test_abstains_with_closest_passages(
    sample_services: Services, question: str, missing: str
) -> None:
    """Unknown cities, uncovered years and placeholder figures give 'not found' plus passages
    (never passages of other places for a place the index does not cover)."""
    answer = sample_services.chain.ask(question)
    assert not answer.found and answer.text.startswith("在已收录的文件中没有找到")
    assert missing in answer.text
    assert answer.citations == [] and bool(answer.closest) == (missing != "广州")
    assert not re.search(r"\d{3,}件", answer.text)


def test_figure_of_another_measure_is_not_stated(sample_services: Services) -> None:
    """'岳阳2021年商标注册量的目标' is not in the documents; the 2021 goals sentence beside it
    states other measures' figures (360件, 3.31件), which must not be given as the answer."""
    answer = sample_services.chain.ask("岳阳市2021年商标注册量的目标是多少件？")
    assert not answer.found
    assert "360" not in answer.text and "3.31" not in answer.text


def test_followup_uses_history(sample_services: Services) -> None:
    """'那岳阳2020年呢？' after a 邵阳 PCT question is answered about 岳阳's PCT applications."""
    history = [("邵阳市“十三五”期间PCT专利申请量是多少？", "PCT专利申请量42件。")]
    answer = sample_services.chain.ask("那岳阳2020年呢？", history)
    assert answer.found and "岳阳" in answer.standalone_question
    assert {c.city for c in answer.citations} == {"岳阳"}
    assert "PCT" in answer.text or "国际专利" in answer.text


def test_list_question_lists_measures(sample_services: Services) -> None:
    """'哪些措施' returns the sub-headings of the matching section as a list."""
    answer = sample_services.chain.ask("衡阳知识产权“十四五”规划提出了哪些主要措施？")
    assert answer.found
    assert all(item in answer.text for item in ("加大资金投入", "加大培育力度", "加大服务监管"))


def test_list_question_goes_down_to_a_section_without_sub_sections(
    sample_services: Services,
) -> None:
    """A question about one highlight of a listed section gets that sub-section's text, not
    the list of its sibling headings."""
    answer = sample_services.chain.ask("衡阳市2020年在推进知识产权质押融资方面做了哪些工作？")
    assert answer.found
    assert "促成 6 家企业与银行对接" in answer.text
    assert "有效商标稳步增长" not in answer.text


def test_question_naming_one_listed_item_gets_its_details(sample_services: Services) -> None:
    """'一是…二是公共服务能力较弱。<details>': a question about item 二 gets its details,
    not the headline of every item."""
    answer = sample_services.chain.ask(
        "某市2023年知识产权工作报告说公共服务能力较弱，具体表现在哪些方面？"
    )
    assert answer.found
    assert "知识产权财政投入逐年递减" in answer.text
    assert "部门协同有待加强" not in answer.text
    (citation,) = answer.citations
    assert "专业人才保障不足" in citation.snippet


def test_how_question_on_a_topic_sentence_gets_the_details(sample_services: Services) -> None:
    """'具体是怎么做的' about a one-line topic sentence quotes the sentence after it too."""
    answer = sample_services.chain.ask(
        "衡阳市知识产权部门2020年开展的“三会三调”活动具体是怎么做的？"
    )
    assert answer.found and "3次工作促进会" in answer.text


def test_explicit_city_filter(sample_services: Services) -> None:
    """An explicit city filter restricts citations to that city's documents."""
    answer = sample_services.chain.ask("专利授权总量是多少？", filters={"city": "长春"})
    assert answer.found and {c.city for c in answer.citations} == {"长春"}
    assert "11894" in answer.text


def test_answer_is_json_serialisable(sample_services: Services) -> None:
    """Answers are data: to_dict() round-trips through JSON."""
    data = json.loads(json.dumps(sample_services.chain.ask(HENGYANG).to_dict(), ensure_ascii=False))
    assert data["citations"][0]["doc"].endswith(".txt") and data["found"] is True


def llm_chain(services: Services, server: ScriptedLLM) -> AnswerChain:
    """The sample chain with an LLM answerer pointed at the scripted server."""
    model = make_chat_model(server.base_url, "test-model", "sk-test")
    llm = LlmAnswerer(model, count_tokens, context_tokens=1500)
    base = services.chain
    return AnswerChain(base.index, base.search, base.config, llm)


def test_llm_mode_streams_and_cites(sample_services: Services, scripted_llm: ScriptedLLM) -> None:
    """Tokens stream from the endpoint; markers become citations; the prompt holds sources."""
    chain = llm_chain(sample_services, scripted_llm)
    scripted_llm.replies.append("1-11月全市专利申请9837件，同比增长73.95%[1]。")
    pieces = list(chain.stream(HENGYANG, mode="llm"))
    texts = [p for p in pieces if isinstance(p, str)]
    answer = pieces[-1]
    assert len(texts) > 3 and "".join(texts) == answer.text  # streamed in pieces
    assert answer.found and answer.mode == "llm" and not answer.warnings
    assert [c.n for c in answer.citations] == [1] and "9837" in answer.citations[0].passage
    request = scripted_llm.requests[-1]
    assert request["stream"] is True and request["model"] == "test-model"
    messages = request["messages"]
    assert isinstance(messages, list)
    assert "[1]" in messages[-1]["content"] and HENGYANG.rstrip("？") in messages[-1]["content"]
    assert count_tokens(messages[-1]["content"]) < 1500 + 200


def test_llm_unsupported_figure_is_removed(
    sample_services: Services, scripted_llm: ScriptedLLM
) -> None:
    """A figure the cited passage does not contain is removed and the answer says so."""
    chain = llm_chain(sample_services, scripted_llm)
    scripted_llm.replies.append("全市专利申请9837件[1]。发明专利授权达到12345件[1]。")
    answer = chain.ask(HENGYANG, mode="llm")
    assert "12345" in "".join(answer.warnings)
    assert "9837件[1]" in answer.text and "12345件" not in answer.text.split("（注意")[0]


def test_llm_marker_without_a_source_is_removed(
    sample_services: Services, scripted_llm: ScriptedLLM
) -> None:
    """A marker pointing at no source is removed, and the warning says it was a bad one."""
    chain = llm_chain(sample_services, scripted_llm)
    scripted_llm.replies.append("全市专利申请9837件[1][7]。")
    answer = chain.ask(HENGYANG, mode="llm")
    assert "[7]" not in answer.text and "9837件[1]" in answer.text
    assert [c.n for c in answer.citations] == [1]
    assert any("不存在的来源编号 [7]" in w for w in answer.warnings)


def test_bracketed_numbers_in_documents_are_not_markers(
    fake_services: Services, tmp_path: Path
) -> None:
    """'[1][2]' written in a document never reaches an answer as a citation marker."""
    doc = tmp_path / "a.txt"
    doc.write_text(
        "株洲市2024年简报\n一、成效\n株洲市专利申请 1234 件[2]。注释见附表[3]。\n",
        encoding="utf-8",
    )
    fake_services.ingest([doc])
    answer = fake_services.chain.ask("株洲市专利申请多少件？")
    assert "1234" in answer.text
    assert markers(answer.text) == [c.n for c in answer.citations] == [1]
    assert "［2］" in answer.text and "[2]" not in answer.text


def test_followup_about_the_nth_item_of_a_list(sample_services: Services) -> None:
    """'第二条具体表现在哪些方面？' after a list of 短板 is about the second item: its details,
    not the list again and not the first item."""
    question = "某市知识产权保护工作存在哪些短板？"
    listed = sample_services.chain.ask(question)
    answer = sample_services.chain.ask("第二条具体表现在哪些方面？", [(question, listed.text)])
    assert answer.found and "落后于长沙和湘潭" in answer.text
    assert "意识淡薄" not in answer.text


INTERVIEW = (
    "株洲市知识产权局局长答记者问\n"
    "记者：请问，我市将如何提升商标品牌价值，推动品牌建设？\n"
    "王局长：一是抓注册。引导企业申请注册商标。二是抓培育。培育一批知名品牌。"
    "三是抓保护。严厉打击商标侵权行为。\n"
    "记者：品牌工作离不开服务，服务水平直接影响企业获得感。\n"
    "王局长：是的。首先，建设服务窗口。其次，开展品牌指导。\n"
)


def test_interview_question_is_answered_by_its_reply(
    fake_services: Services, tmp_path: Path
) -> None:
    """Each interviewer's turn (a question, or a prompt without one) opens its own section;
    a question worded like the interviewer's is answered with the items of that reply only."""
    doc = tmp_path / "访谈.txt"
    doc.write_text(INTERVIEW, encoding="utf-8")
    fake_services.ingest([doc])
    sections = {
        c.metadata.get("section")
        for c in fake_services.index.chunks_of(next(iter(fake_services.index.documents)))
    }
    assert any(str(s).startswith("品牌工作离不开服务") for s in sections)
    answer = fake_services.chain.ask("株洲将如何提升商标品牌价值？")
    assert all(word in answer.text for word in ("抓注册", "抓培育", "抓保护"))
    assert "服务窗口" not in answer.text


def test_llm_not_found_and_rewrite(sample_services: Services, scripted_llm: ScriptedLLM) -> None:
    """The model's 'not found' becomes found=False; follow-ups are rewritten by the model."""
    chain = llm_chain(sample_services, scripted_llm)
    scripted_llm.replies += [
        "长春市2019年专利授权总量是多少？",
        "在已收录的文件中没有找到相关内容。",
    ]
    answer = chain.ask("授权量呢？", [("长春市2019年专利申请总量是多少？", "23144件")], mode="llm")
    assert answer.standalone_question == "长春市2019年专利授权总量是多少？"
    assert not answer.found and answer.closest


def test_llm_mode_unavailable_without_endpoint(sample_services: Services) -> None:
    """Asking for LLM mode without an endpoint, or for a mode that does not exist, is a clear
    error saying which modes there are; an over-long question is refused without searching."""
    with pytest.raises(ValueError, match=r"POLICYQA_LLM_BASE_URL.*offline"):
        sample_services.chain.ask(HENGYANG, mode="llm")
    with pytest.raises(ValueError, match=r"没有回答模式 'bogus'.*offline"):
        sample_services.chain.ask(HENGYANG, mode="bogus")
    long = sample_services.chain.ask(HENGYANG * 200)
    assert not long.found and "问题太长" in long.text and not long.citations


def test_harness_on_small_qa_file(sample_services: Services, tmp_path: Path) -> None:
    """The evaluation harness computes hit@k, answer, citation and abstention accuracy."""
    qa = tmp_path / "qa.jsonl"
    rows = [
        {
            "id": "a",
            "type": "fact",
            "q": HENGYANG,
            "doc": "000_5b541e14f83c3092.txt",
            "any": ["9837件"],
        },
        {
            "id": "b",
            "type": "fact",
            "q": "长春市2019年专利申请总量是多少？",
            "doc": "004_dfa2ab6d117b2ce2.txt",
            "any": ["23144"],
        },
        {"id": "c", "type": "none", "q": "广州市2020年专利申请量是多少？", "doc": None, "any": []},
        {
            "id": "d",
            "type": "fact",
            "q": HENGYANG,
            "doc": "000_5b541e14f83c3092.txt",
            "any": ["不存在的答案"],
        },
    ]
    qa.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = evaluate(sample_services.chain, load_qa(qa), k=5, warmup=0)
    metrics = report.metrics()
    assert metrics["hit@5"] == pytest.approx(2 / 3) and metrics["abstention"] == 1.0
    assert metrics["answer_acc"] == pytest.approx(2 / 3)
    assert metrics["citation_acc"] == 1.0
    assert set(report.by_type()) == {"fact", "none"}


def test_harness_rejects_bad_line(tmp_path: Path) -> None:
    """A malformed QA line is an error naming the file, line and field."""
    qa = tmp_path / "bad.jsonl"
    qa.write_text('{"id": "x", "doc": null}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: field 'q'"):
        load_qa(qa)


def test_cli_ask_json(
    sample_services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`policyqa ask --json` prints the answer and citations as JSON."""
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(sample_services.settings.data_dir))
    assert main(["ask", HENGYANG, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "9837" in data["text"] and data["citations"][0]["city"] == "衡阳"


def test_langchain_retriever(sample_services: Services) -> None:
    """The search works as a LangChain retriever, honouring filters."""
    from assistant.langchain_retriever import PolicyRetriever

    retriever = PolicyRetriever(search=sample_services.chain.search, k=3, filters={"city": "长春"})
    docs = retriever.invoke("发明专利授权量")
    assert len(docs) == 3 and {d.metadata["city"] for d in docs} == {"长春"}
    assert docs[0].metadata["score"] >= docs[-1].metadata["score"]


def test_cli_search_hybrid(
    sample_services: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`policyqa search --json` returns fused hits with per-retriever ranks under the city filter."""
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(sample_services.settings.data_dir))
    assert main(["search", "发明专利后补助", "-k", "3", "--city", "长春", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and {r["city"] for r in rows} == {"长春"}
    assert "后补助" in rows[0]["text"] and set(rows[0]["ranks"]) == {"bm25", "dense"}


def test_a_question_naming_no_place_is_answered_per_place(
    fake_services: Services, tmp_path: Path
) -> None:
    """Several places' documents answer a question that names none: each place gets its own
    labelled, cited answer, never one arbitrary place's figure as the answer."""
    for name, city, figure in (("a.txt", "株洲市", "1234"), ("b.txt", "湘潭市", "5678")):
        (tmp_path / name).write_text(
            f"{city}2024年知识产权工作简报\n一、成效\n{city}2024年专利申请 {figure} 件。\n",
            encoding="utf-8",
        )
    fake_services.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    answer = fake_services.chain.ask("2024年专利申请多少件？")
    assert answer.found and "没有指明地区" in answer.text
    lines = {line for line in answer.text.splitlines() if line.startswith("- ")}
    by_place = {"株洲": "1234", "湘潭": "5678"}
    for place, figure in by_place.items():
        (line,) = [ln for ln in lines if f"**{place}**" in ln]
        assert figure in line and by_place[{"株洲": "湘潭", "湘潭": "株洲"}[place]] not in line
    assert {c.doc for c in answer.citations} == {"a.txt", "b.txt"}
    named = fake_services.chain.ask("株洲市2024年专利申请多少件？")
    assert "1234" in named.text and "5678" not in named.text and "没有指明地区" not in named.text
