"""Unit tests: query understanding, numeric check, fusion, prompts, BM25 bookkeeping."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer_types import find_spans, wanted_type
from assistant.evidence import Evidence, measure_coverage
from assistant.lexical import tokenize
from assistant.numeric import remove_unsupported, unsupported_numbers
from assistant.query import rewrite_followup, understand
from assistant.retrieval import FusionParams, HybridSearch, Passage, chunk_tokens
from prompts import Prompt, PromptError, load_prompt
from vectorstore.lexical import LexicalStore

CITIES = ("衡阳", "岳阳", "邵阳", "长春", "某市")


@pytest.mark.parametrize(
    ("question", "kind", "amount"),
    [
        ("衡阳市2020年专利申请量是多少？", "figure", True),
        ("岳阳市2021年国内发明专利授权量的目标是多少？", "target", True),
        ("衡阳发明专利失效严重的原因是什么？", "reason", False),
        ("邵阳“十四五”知识产权规划的保障措施有哪些？", "list", False),
        ("长春哪些人可以申报发明专利后补助？", "subsidy", False),
    ],
)
def test_question_kind(question: str, kind: str, amount: bool) -> None:
    """The kind of question and whether it asks for an amount are recognised."""
    info = understand(question, CITIES)
    assert (info.kind, info.wants_amount) == (kind, amount)


def test_entities() -> None:
    """Cities (with or without 市), unknown cities, years, periods and document types."""
    info = understand("衡阳和广州市“十三五”规划2020年的目标", CITIES, {"规划", "工作总结"})
    assert info.cities == ("衡阳",) and info.unknown_cities == ("广州",)
    assert info.years == (2020,) and info.periods == ("十三五",) and info.doc_types == ("规划",)
    assert understand("全市专利申请", CITIES).unknown_cities == ()


def test_followup_rewrite_replaces_entities() -> None:
    """The follow-up's city and year replace the previous question's ones."""
    rewritten = rewrite_followup(
        "那岳阳2020年呢？", "邵阳市“十三五”期间PCT专利申请量是多少？", CITIES
    )
    assert "岳阳" in rewritten and "邵阳" not in rewritten and "十三五" not in rewritten
    assert "PCT专利申请量" in rewritten
    assert understand("那岳阳呢？", CITIES).is_followup


def test_numeric_check() -> None:
    """Figures must occur in a source as whole numbers; unsupported sentences are dropped."""
    sources = ["全市专利申请 9837 件，同比增长 73.95%。平均每万人 2.60 件。"]
    assert unsupported_numbers("申请9837件[1]，增长73.95%[1]，每万人2.6件[1]。", sources) == []
    assert unsupported_numbers("申请983件[1]。", sources) == ["983"]
    assert unsupported_numbers("申请9,837件[2]。", sources) == []
    check = remove_unsupported("申请9837件[1]。授权5000件[1]。", sources)
    assert check.removed == ["5000"] and check.text == "申请9837件[1]。"


def test_tokenizer_uses_domain_dictionary() -> None:
    """Domain terms stay whole; question words are dropped."""
    tokens = tokenize("每万人发明专利拥有量是多少？质押融资呢")
    assert "发明专利" in tokens and "质押融资" in tokens and "多少" not in tokens


def test_lexical_store_add_remove_filter_reopen(tmp_path: Path) -> None:
    """The on-disk lexical index: a document's chunks are found, filtered, removed, and still
    there after reopening (nothing is re-tokenised)."""
    store = LexicalStore(tmp_path / "lex", chunk_tokens)
    store.add_document("a", [("a:0", "发明专利申请9837件", {"city": "衡阳", "chunk": 0})])
    store.add_document("b", [("b:0", "商标注册2000件", {"city": "长春", "chunk": 0})])
    [(hit, _score)] = store.search(tokenize("发明专利"), 5)
    assert hit.id == "a:0" and hit.metadata["city"] == "衡阳"
    assert store.search(tokenize("衡阳"), 5)[0][0].doc_id == "a"  # the city is indexed too
    assert store.search(tokenize("发明专利"), 5, doc_ids={"b"}) == []
    reopened = LexicalStore(tmp_path / "lex", chunk_tokens)
    assert reopened.documents() == {"a": 1, "b": 1} and len(reopened) == 2
    reopened.delete_documents(["a"])
    assert reopened.search(tokenize("发明专利"), 5) == [] and len(reopened) == 1
    assert store.documents() == {"b": 1}  # the first handle sees the other one's write


def test_fusion_rewards_agreement() -> None:
    """A passage both retrievers rank well beats one that only one retriever found."""
    search = HybridSearch(index=None, params=FusionParams(lexical_weight=0.5))  # type: ignore[arg-type]
    lexical = [Passage("x", "", {}, 10.0), Passage("y", "", {}, 9.0), Passage("z", "", {}, 1.0)]
    dense = [Passage("w", "", {}, 0.95), Passage("y", "", {}, 0.94), Passage("z", "", {}, 0.80)]
    fused = sorted(search._fuse(lexical, dense, "hybrid"), key=lambda p: -p.score)
    assert fused[0].id == "y" and fused[0].ranks == {"bm25": 2, "dense": 2}
    bm25_only = search._fuse(lexical, dense, "bm25")
    assert max(bm25_only, key=lambda p: p.score).id == "x"


def test_prompts_fail_loudly() -> None:
    """Prompt files load by name; a missing or unknown variable is an error naming it."""
    prompt = load_prompt("answer_user")
    assert prompt.variables == {"sources", "question"}
    with pytest.raises(PromptError, match="question"):
        prompt.render(sources="[1] …")
    with pytest.raises(PromptError, match="extra"):
        prompt.render(sources="", question="?", extra=1)
    with pytest.raises(PromptError, match="not found"):
        load_prompt("no_such_prompt")
    assert Prompt("t", "{{x}} {y}").render(y=1) == "{x} 1"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("行政处理决定或法院判决生效后，同一家又侵犯同一个专利，能罚多少？", "money"),
        ("专利申请被驳回后，多少天内可以请求复审？", "duration"),
        ("条例什么时候生效？", "date"),
        (
            "In Zhejiang, when a university implements a service invention itself, "
            "what minimum share of the profit can be used for rewards?",
            "percent",
        ),
        ("When did the regulation come into force?", "date"),
        ("Which earlier regulation was repealed when the new one took effect?", "fact"),
        ("邵阳“十四五”规划要求企业专利转化实施率达到多少？", "percent"),
        ("行政处理决定都生效了还接着侵犯同一个专利，要罚多少钱？", "money"),
        ("重大科技创新资金每年安排多少亿元？", "money"),
        ("创业投资引导资金的总规模有多大？", "count"),
        ("示范区在财政上有多大的管理权限？", "fact"),
        ("这些报酬要不要计入绩效工资总额基数？", "yesno"),
        ("衡阳2020年发明专利授权量？", "count"),
        ("2021年知识产权宣传周是哪几天？", "date"),
        ("完成人最多能占多少股权？", "percent"),
        ("几天之内要作出决定？", "duration"),
        ("那这个机构的负责人是谁？", "who"),
        ("罚款由谁决定？", "who"),
    ],
)
def test_answer_type_of_what_is_asked(question: str, expected: str) -> None:
    """'…生效后，…能罚多少' and '…生效了…罚多少钱' ask for a sum, not a date; 'when …, what
    share' for a share; '实施率达到多少' for a percentage; '多少亿元' for a sum; '规模有多大' for
    a figure but '多大的权限' not; a question ending in 基数 worded '要不要' for yes or no."""
    assert wanted_type(question) == expected


def test_an_article_number_is_no_count() -> None:
    """'第二十七条' numbers an article; '115起' and '第3位' are figures."""
    assert find_spans("第二十七条 市政府应当设立创业投资引导资金。", "count") == []
    assert len(find_spans("共立案查办案件115起，排名第3位。", "count")) == 2


def test_a_date_range_is_one_date_and_percentage_points_are_no_count() -> None:
    """'活动周为4月20日至26日' is answered whole, not '20日'; '三个百分点' is a share, not 三个."""
    sentence = "2021年全国知识产权宣传周活动周为4月20日至26日，活动主题为……"
    assert [sentence[slice(*s)] for s in find_spans(sentence, "date")][-1] == "4月20日至26日"
    assert find_spans("增长幅度应当高于经常性收入增长幅度三个百分点以上。", "count") == []


def test_measure_words_of_a_lead_in_sentence_count() -> None:
    """'专利授权总量为11894件。其中：发明专利2600件' — the 其中 sentence holds the asked-for
    measure (发明专利授权) once the sentence it continues is counted."""
    query = understand("长春市2019年发明专利授权量是多少件？", ["长春"])
    passage = Passage("c1", "其中：发明专利2600件。", {"section": "答复"}, 1.0)
    alone = Evidence(passage, "其中：发明专利2600件。", 0, 13)
    led = Evidence(passage, alone.text, 0, 13, lead_in="2019年长春市专利授权总量为11894件。")
    assert measure_coverage(query, [led], lambda t: 1.0) > measure_coverage(
        query, [alone], lambda t: 1.0
    )


def test_question_words_load_from_data_and_fail_loudly(tmp_path: Path) -> None:
    """The paraphrase table is data: a sentence with 质押 answers a 抵押 question; a malformed
    file is an error naming the file and the entry."""
    from assistant.evidence import with_synonyms
    from assistant.synonyms import load_synonyms

    assert "抵押" in with_synonyms({"质押"}) and "抵押" not in with_synonyms({"融资"})
    bad = tmp_path / "words.yaml"
    bad.write_text("'质押': 抵押\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"words\.yaml.*质押"):
        load_synonyms(bad)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        (
            "岳阳市2021年商标注册量的目标是多少件？",
            "商标",
        ),  # generic words after 的: look before it
        ("长春有效注册商标总量有多少？", "注册"),
    ],
)
def test_measure_terms_name_what_is_counted(question: str, term: str) -> None:
    """The measure of a figure question is its topic words before 多少, skipping generic ones."""
    from assistant.evidence import measure_terms

    assert term in measure_terms(understand(question, CITIES))


@pytest.mark.parametrize(
    ("question", "told", "expected"),
    [
        (
            "第二条短板具体是怎么说的？",
            "一是意识淡薄。……二是能力较弱。",
            "能力较弱，具体是怎么说的？",
        ),
        (
            "第三点呢？",
            "- （一）营造氛围[1]\n- （二）强化执法[2]\n- （三）优化服务[3]",
            "优化服务，具体是什么？",
        ),
        ("第2项具体指什么", "1. 甲方案\n2. 乙方案", "乙方案，具体指什么"),
        ("第一次会议是哪天", "一是意识淡薄。", None),  # no item named: 次 is no list unit
        ("第四条呢？", "一是意识淡薄。二是能力较弱。", None),  # the answer has no fourth item
        ("第二条是什么？", "根据《条例》第十六条：一是奖励。二是报酬。", None),  # an article
        ("第二点是什么？", "根据《条例》第十六条：一是奖励。二是报酬。", "报酬，是什么？"),
    ],
)
def test_ordinal_followups_name_the_item(question: str, told: str, expected: str | None) -> None:
    """A follow-up naming the n-th item is rewritten to that item, whatever its numbering."""
    from assistant.ordinals import resolve_ordinal

    assert resolve_ordinal(question, told) == expected


def test_interviewers_question_is_no_candidate_answer() -> None:
    """In a section titled by an interview question, the line asking it is not evidence."""
    from assistant.evidence import Evidence
    from assistant.extractive import _is_heading

    title = "请问，今年将如何推动专利转化运用？"
    passage = Passage("c", f"记者：{title}\n李局长：一是建平台。", {"section": title}, 1.0)
    asking = Evidence(passage, f"记者：{title}", 0, 20)
    reply = Evidence(passage, "李局长：一是建平台。", 21, 31)
    assert _is_heading(asking) and not _is_heading(reply)


def test_a_followup_keeps_the_kind_of_answer_it_asks_for() -> None:
    """'那这笔经费能挪作他用吗？' asks yes or no although its rewritten question still holds the
    previous '…比例要求是多少'; '那授权呢？' keeps the previous question's kind (a count)."""
    from assistant.query import with_own_type

    previous = "杭州市财政用于科学技术经费占经常性支出的比例要求是多少？"
    rewritten = understand(f"这笔经费能挪作他用吗 {previous} 那这笔经费能挪作他用吗？", ["杭州"])
    assert rewritten.answer_type == "percent" and rewritten.wants_amount
    own = with_own_type(rewritten, "那这笔经费能挪作他用吗？")
    assert (own.answer_type, own.wants_amount) == ("yesno", False)
    counted = understand("长春2019年外观设计专利授权多少件？ 那授权呢？", ["长春"])
    assert with_own_type(counted, "那授权呢？") == counted


def test_figures_joined_by_a_conjunction_are_one_answer() -> None:
    """'分别不低于百分之六和百分之四' is shown whole (its first half alone is a wrong figure for
    the 区、县); figures each named by their own item stay apart."""
    from assistant.answer_types import best_span

    shares = "市和区、县（市）人民政府财政用于科学技术经费占本级财政经常性支出的比例应当分别不低于百分之六和百分之四。"
    span = best_span(shares, "percent", "比例要求是多少？")
    assert span is not None and shares[span[0] : span[1]] == "不低于百分之六和百分之四"
    counts = "其中：发明专利2600件、实用新型5000件、外观设计902件。"
    span = best_span(counts, "count", "外观设计授权多少件？", ["外观设计"])
    assert span is not None and counts[span[0] : span[1]] == "902件"


def test_a_bare_how_much_takes_the_sum_its_clause_names() -> None:
    """'质押融资每年要达到多少？' names no unit: the sum of the clause naming 质押融资 answers it,
    not the count of the clause before; '备案多少件' still takes the count."""
    from assistant.answer_types import best_span

    goals = "专利转让及许可合同备案数量达到年均10件,专利运营及质押融资额度年均达到0.4亿元。"
    near = ["专利", "质押", "融资", "每年", "达到"]
    span = best_span(goals, "count", "质押融资每年要达到多少？", near)
    assert span is not None and goals[span[0] : span[1]] == "0.4亿元"
    span = best_span(goals, "count", "合同备案每年多少件？", ["合同", "备案", "每年"])
    assert span is not None and goals[span[0] : span[1]] == "10件"


def test_an_amount_is_the_one_its_condition_names() -> None:
    """In '对…发明专利，每件资助8000元；对…PCT…，每件资助20000元，…最高不超过10万元' the
    amount follows the condition before its own clause: 8000元 for an invention patent (the
    longer '不超过10万元' was chosen), and the 银奖 prize for a 银奖 question."""
    from assistant.answer_types import best_span

    rule = (
        "第四条 对获得授权的国内发明专利，每件资助8000元；对通过PCT途径提交国际专利申请并进入"
        "国家阶段的，每件资助20000元，每个单位每年最高不超过10万元。"
    )
    span = best_span(rule, "money", "发明专利授权一件补多少钱？", ["发明专利", "授权", "一件"])
    assert span is not None and rule[span[0] : span[1]] == "8000元"
    prizes = "对获得中国专利金奖的，奖励50万元；获得中国专利银奖的，奖励30万元。"
    near = ["中国专利", "银奖", "奖励", "多少钱"]
    span = best_span(prizes, "money", "拿了中国专利银奖奖励多少钱？", near)
    assert span is not None and prizes[span[0] : span[1]] == "30万元"
    review = "区市场监督管理局应当自受理申请之日起30个工作日内完成审核，审核结果公示5个工作日。"
    span = best_span(review, "duration", "审核要多长时间？", ["审核", "多长时间"])
    assert span is not None and "30个工作日" in review[span[0] : span[1]]  # the deadline's event


def test_what_an_enterprise_can_get_is_a_sum() -> None:
    """'一年的贴息最多能拿多少' / '一件能补多少' ask for money; '能拿多少件' still counts."""
    assert wanted_type("我们公司在青岛用专利质押贷了款，一年的贴息最多能拿多少？") == "money"
    assert wanted_type("发明专利授权一件能补多少？") == "money"
    assert wanted_type("去年全市能拿多少件授权？") == "count"


def test_an_english_question_names_a_district_by_its_pinyin() -> None:
    """'Siming District of Xiamen' is 思明区 (a district document answers it), not just 厦门;
    a county sound that several cities share needs its city ('Binjiang District in Hangzhou')."""
    from assistant.query import most_specific, named_places

    places = most_specific(named_places("In Siming District of Xiamen, what is subsidized?"))
    assert [p.name for p in places] == ["思明区"]
    places = most_specific(named_places("How much does Binjiang District in Hangzhou pay?"))
    assert [p.name for p in places] == ["滨江区"]
    assert [p.name for p in named_places("How much does Hengyang pay?")] == ["衡阳市"]


def test_words_a_followup_adds() -> None:
    """The follow-up's own subject, not the words it shares with the previous question."""
    from assistant.query import new_words

    added = new_words("那风险基金呢？", "邵阳十四五期间专利质押融资每年要达到多少？")
    assert "风险" in added and "融资" not in added and "那" not in added
