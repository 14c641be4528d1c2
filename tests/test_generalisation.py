"""Answers on documents and wording the project was not tuned on (issue 9 regressions).

Each test reproduces a failure of the first version: another place's figure for a place the
index does not cover, regulation dates and articles, answer types (ranges, durations, 几成),
follow-ups that swap one facet, English questions, comparisons, and the batch interface.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer import Answer
from assistant.chain import AnswerChain
from assistant.glossary import load_glossary
from policyqa.services import Services


def ask(services: Services, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
    """The chain's answer (offline)."""
    return services.chain.ask(question, history or [])


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("深圳2020年专利申请量是多少？", "深圳"),
        ("长沙2020年专利申请量是多少？", "长沙"),
        ("株洲有没有发明专利授权奖励？", "株洲"),
        ("湖南省2020年全省发明专利授权量是多少？", "湖南"),
        ("广东省2022年全省专利授权量是多少？", "广东"),
    ],
)
def test_uncovered_place_never_gets_another_places_figure(
    policy_services: Services, question: str, place: str
) -> None:
    """A place (city or province) no document is about: not found, naming the covered places."""
    answer = ask(policy_services, question)
    assert not answer.found and answer.citations == [] and answer.closest == []
    assert place in answer.text and "已收录文件涉及" in answer.text and "衡阳" in answer.text
    assert "8000" not in answer.text and "3000" not in answer.text


def test_province_regulation_answers_for_its_city_labelled(policy_services: Services) -> None:
    """A city without its own document is answered from its province's, and says so."""
    answer = ask(policy_services, "在杭州，职务科技成果转让给别人，奖励比例是多少？")
    assert answer.found and "百分之七十" in answer.text
    assert "上级文件" in answer.text
    assert {c.city for c in answer.citations} == {"浙江"}


def test_city_question_prefers_its_own_regulation(policy_services: Services) -> None:
    """宁波 has its own regulation: it is cited, never 淄博's or 上海's."""
    answer = ask(policy_services, "宁波市科技创新促进条例什么时候施行？")
    assert answer.found and "2011年5月1日" in answer.text
    assert {c.city for c in answer.citations} == {"宁波"}


def test_effective_date_from_the_article_not_the_title(policy_services: Services) -> None:
    """'从哪天起施行' is answered with the 施行 article, cited as 第三十四条, date highlighted."""
    answer = ask(policy_services, "上海市专利保护条例从哪天起施行？")
    assert answer.found and "2002年7月1日" in answer.text
    citation = answer.citations[0]
    assert citation.section.endswith("第三十四条")
    assert citation.answer_span is not None
    start, end = citation.answer_highlight or (0, 0)
    assert "2002年7月1日" in citation.passage[start:end]


def test_adoption_date_is_not_the_effective_date(policy_services: Services) -> None:
    """'哪天通过' wants the adoption date of the header, not the 施行 date."""
    answer = ask(policy_services, "宁波市科技创新促进条例是哪天通过的？")
    first = answer.text.split("\n", 1)[0]  # the exact answer, before the quoted header
    assert answer.found and "2010年12月24日" in first and "2011年5月1日" not in first


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("在淄博，同一侵权人再次侵犯同一专利权的，罚款区间是多少？", "二万元以上二十万元以下"),
        ("上海市知识产权局收到专利侵权纠纷处理请求书后，几日内决定是否受理？", "五日内"),
        ("浙江省促进科技成果转化条例规定，技术转让职务科技成果的奖励不低于几成？", "百分之七十"),
    ],
)
def test_answer_types(policy_services: Services, question: str, expected: str) -> None:
    """Ranges, durations and 几成 are found in the article and shown first, in bold."""
    answer = ask(policy_services, question)
    assert answer.found and expected in answer.text.split("\n", 1)[0]
    assert answer.text.startswith("**")


def test_followup_swaps_applications_for_grants(policy_services: Services) -> None:
    """'那授权呢？' after a 申请 question asks for the grants (902), not the applications (1445)."""
    history = [("长春2019年外观设计专利申请多少件？", "其中：…外观设计1445件。")]
    answer = ask(policy_services, "那授权呢？", history)
    assert answer.found and "902件" in answer.text.split("\n", 1)[0]
    assert (
        "授权" in answer.standalone_question and "申请" not in answer.standalone_question.split()[1]
    )


def test_a_followup_asking_who_is_not_answered_with_the_previous_figure(
    policy_services: Services,
) -> None:
    """'那这个机构的负责人是谁？' after a count asks who, which no document says: the answer is
    the not-found one, quoting the user's own words rather than the internal rewrite."""
    first = "长春2019年外观设计专利申请多少件？"
    previous = ask(policy_services, first)
    assert previous.found and "1445" in previous.text
    for told in (previous.text, "其中：…外观设计1445件。"):  # the app's answer, a user's summary
        answer = ask(policy_services, "那这个机构的负责人是谁？", [(first, told)])
        assert not answer.found and "1445" not in answer.text
        assert "“那这个机构的负责人是谁？”" in answer.text and first not in answer.text


def test_followup_keeps_place_and_replaces_year(policy_services: Services) -> None:
    """After a 2021 target question, '那2020年实际授权了多少件？' gives the 2020 figure (244)."""
    history = [("岳阳2021年发明专利授权目标是多少？", "今年全市国内发明专利授权量要达到360件")]
    answer = ask(policy_services, "那2020年实际授权了多少件？", history)
    assert answer.found and "244" in answer.text and "360" not in answer.text.split("\n", 1)[0]


def test_english_question_answered_in_chinese(policy_services: Services) -> None:
    """An English question is answered from the Chinese documents, with a one-line note."""
    answer = ask(
        policy_services, "When did the Shanghai Patent Protection Regulations take effect?"
    )
    assert answer.found and "2002年7月1日" in answer.text
    assert answer.text.startswith("（英文提问")


def test_english_words_count_as_evidence_through_the_dictionary(policy_services: Services) -> None:
    """The Chinese renderings of an English question's words (CC-CEDICT) are lexical evidence:
    without them the article holding 股权 / 奖励 / 百分之二十 is not trusted and the
    question abstains."""
    question = (
        "Under the Ningbo regulation, what share of the shares must equity rewards account for?"
    )
    answer = ask(policy_services, question)
    assert answer.found and "百分之二十以上" in answer.text
    assert answer.citations[0].section.endswith("第二十四条")
    no_dictionary = AnswerChain(
        policy_services.index, policy_services.search(), policy_services.chain.config
    )
    assert not no_dictionary.ask(question).found


def test_glossary_matches_phrases_first_and_keeps_known_words() -> None:
    """'took effect' is looked up as the phrase 'take effect' (施行/生效), not as 'take' and
    'effect'; 'IP' is spelled out and found as 知识产权 (CC-CEDICT glosses it 'intellectual
    property rights'); only renderings the index knows are kept; function words never."""
    glossary = load_glossary()
    known = {"施行", "知识产权", "财产"}.__contains__
    concepts = dict(glossary.concepts("When did the IP rules take effect?", known))
    assert concepts == {"intellectual property": ("知识产权",), "take effect": ("施行",)}
    assert dict(glossary.concepts("It took effect", known)) == {"took effect": ("施行",)}
    assert glossary.concepts("When does it take effect?", lambda w: False) == []


def test_a_question_naming_the_document_is_not_answered_with_its_adoption_lines(
    policy_services: Services,
) -> None:
    """'宁波市科技创新促进条例里，哪些…？' names the document, not a section: the lines under
    its title (…会议通过 … 施行) are no list of what the question asks for."""
    answer = ask(policy_services, "宁波市科技创新促进条例里，哪些企业可以享受房租补贴？")
    assert "会议通过" not in answer.text and "公告第28号" not in answer.text


def test_a_question_about_what_actually_happened_is_not_answered_by_a_goal(
    policy_services: Services,
) -> None:
    """'…实际完成了多少' is not answered by '力争…超1.5亿元以上' (a goal for the year)."""
    answer = ask(policy_services, "岳阳2020年知识产权质押融资实际完成了多少？")
    assert "1.5亿元" not in answer.text


def test_a_condition_that_took_effect_does_not_make_a_sum_question_a_date_question(
    policy_services: Services,
) -> None:
    """'处理决定生效后…罚款多少' asks for the fine, not for the date the rules took effect."""
    answer = ask(
        policy_services, "淄博的规定里，处理决定生效后同一侵权人再次侵犯同一专利权，罚款多少？"
    )
    assert answer.found and "二十万元以下" in answer.text and "2015年1月1日" not in answer.text


def test_a_long_follow_up_opened_by_na_keeps_the_previous_subject(
    policy_services: Services,
) -> None:
    """'那如果是…的呢？' is a follow-up however long: it keeps the previous question's subject
    (the reward share) and gets that article's item for the case it names."""
    history = [
        (
            "浙江省政府设立的高等院校以转让、许可方式转化职务科技成果，给完成人的奖励比例是多少？",
            "从净收入中提取不低于百分之七十的比例用于奖励",
        )
    ]
    answer = ask(policy_services, "那如果是高校自己实施或者与他人合作实施转化的呢？", history)
    assert answer.found and "不低于百分之十" in answer.text


def test_comparison_answers_each_side_with_its_citation(policy_services: Services) -> None:
    """Two places compared: one line each, each figure cited to its own document."""
    answer = ask(policy_services, "对比一下衡阳和岳阳2020年的发明专利授权量")
    assert answer.found
    衡阳, 岳阳 = (line for line in answer.text.splitlines() if line.startswith("- "))
    assert "衡阳" in 衡阳 and "339" in 衡阳 and "岳阳" in 岳阳 and "244" in 岳阳
    assert {c.city for c in answer.citations} == {"衡阳", "岳阳"}


def test_batch_interface(
    policy_services: Services,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`policyqa ask --batch` answers each line with the `ask --json` object; a bad line is an
    error naming its line and the rest is still answered."""
    from policyqa import cli

    batch = tmp_path / "questions.jsonl"
    lines = [
        {"id": "a", "q": "上海市专利保护条例从哪天起施行？"},
        {
            "id": "b",
            "q": "那授权呢？",
            "history": [["长春2019年外观设计专利申请多少件？", "1445件"]],
        },
        "not json",
        {"id": "c", "q": "深圳2020年专利申请量是多少？", "filters": {"city": ""}},
    ]
    batch.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines),
        encoding="utf-8",
    )
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(policy_services.settings.data_dir))
    monkeypatch.setenv("POLICYQA_AUTO_INGEST_SAMPLE", "false")
    code = cli.main(["ask", "--batch", str(batch)])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1 and [r["id"] for r in rows] == ["a", "b", None, "c"]
    assert rows[0]["found"] and rows[0]["citations"][0]["section"].endswith("第三十四条")
    assert rows[1]["found"] and "902件" in rows[1]["text"]
    assert "line 3" in rows[2]["error"]
    assert not rows[3]["found"] and "深圳" in rows[3]["text"]
    assert {"text", "found", "citations", "closest"} <= set(rows[0])


def test_list_question_naming_a_heading_lists_that_section(policy_services: Services) -> None:
    """'保障措施有哪些' answers with the items of the 保障措施 section, not a nearby sentence."""
    answer = policy_services.chain.ask("邵阳“十四五”知识产权规划的保障措施有哪些？")
    assert answer.found
    assert "加强组织领导" in answer.text and "加大财政投入" in answer.text
    assert "习近平" not in answer.text


def test_sum_asked_after_a_condition_is_not_answered_with_a_date(
    policy_services: Services,
) -> None:
    """'判决生效后，…能罚多少' is answered with the fine, not the regulation's effective date."""
    answer = policy_services.chain.ask(
        "淄博这边，行政处理决定或法院判决生效后，同一家又侵犯同一个专利，能罚多少？"
    )
    assert "施行" not in answer.text.split("\n", 1)[0]
    assert not answer.found or "二万元以上二十万元以下" in answer.text


def test_this_years_figure_is_not_another_years_answer(policy_services: Services) -> None:
    """A 2020 report's '今年…商标注册 6237 件' does not answer a question about 2019."""
    answer = policy_services.chain.ask("衡阳2019年全年商标注册了多少件？")
    assert not answer.found and "6237" not in answer.text
    assert "6237" in policy_services.chain.ask("衡阳2020年商标注册了多少件？").text


def test_a_sentence_without_a_year_is_dated_by_the_one_before(policy_services: Services) -> None:
    """In 岳阳's 2021 interview '新增地理标志商标9件' follows '2020年，我市发明专利授权…':
    it answers 2020, not a question about 2021's plan."""
    history = [("岳阳2020年新增地理标志商标多少件？", "新增地理标志商标9件，总数达到32件")]
    answer = policy_services.chain.ask("那2021年计划新增多少件？", history)
    assert not answer.found and "**9件**" not in answer.text
    assert "9件" in policy_services.chain.ask("岳阳2020年新增地理标志商标多少件？").text


def test_an_undated_figure_is_the_documents_year_not_an_earlier_one(
    policy_services: Services,
) -> None:
    """衡阳's 2020 report says '1-11 月，全市专利申请 9837 件' with no year and none before it:
    that is 2020's figure, no answer to a question about 2019."""
    answer = policy_services.chain.ask("衡阳2019年全市专利申请多少件？")
    assert not answer.found and "**9837" not in answer.text
    assert "9837" in policy_services.chain.ask("衡阳2020年1-11月全市专利申请多少件？").text


def test_english_list_question_lists_the_items(policy_services: Services) -> None:
    """'which kinds of …' is a list question in English too; the items are quoted in Chinese."""
    answer = policy_services.chain.ask(
        "Under the Shanghai Patent Protection Regulations, which kinds of patent disputes "
        "can the parties ask to have mediated?"
    )
    assert answer.found
    assert "专利申请权和专利权归属纠纷" in answer.text and "发明人、设计人资格纠纷" in answer.text


def test_comparison_of_a_city_and_its_province_answers_both(policy_services: Services) -> None:
    """'宁波…条例和浙江省…条例各规定了…' compares two documents, one each side, although
    宁波 lies inside 浙江; each side's question leaves the other side's title out."""
    answer = ask(
        policy_services,
        "对以技术转让方式转化职务科技成果的人员，宁波科技创新促进条例和浙江省促进科技成果转化条例"
        "各规定了多高的奖励比例？",
    )
    宁波, 浙江 = (line for line in answer.text.splitlines() if line.startswith("- "))
    assert "宁波" in 宁波 and "百分之二十" in 宁波
    assert "浙江" in 浙江 and "百分之七十" in 浙江
    assert "没有单独的文件" not in answer.text


def test_each_side_leaves_the_other_sides_out() -> None:
    """A side's question without the other side's place and the title it begins."""
    from assistant.compare import without_others

    assert (
        without_others(
            "奖励比例，青岛科技创新促进条例和浙江省促进科技成果转化条例各规定了多少", ["浙江"]
        )
        == "奖励比例，青岛科技创新促进条例和各规定了多少"
    )
    assert (
        without_others("2019年和2020年分别申请了多少件", ["2020年"]) == "2019年和分别申请了多少件"
    )
    # the rest of the other side's name ('东莞|松山湖') left the 合肥 side unanswered
    asked = "获得中国专利金奖，东莞松山湖和合肥市分别奖励多少？"
    assert without_others(asked, ["东莞"]) == "获得中国专利金奖，和合肥市分别奖励多少？"
    assert "外观设计" in without_others("长春外观设计和发明专利申请量比岳阳多吗", ["长春"])


def test_a_conversation_keeps_its_place_and_asks_for_what_the_followup_adds(
    policy_services: Services,
) -> None:
    """'…质押融资每年要达到多少？' is a sum (0.4亿元, not the 10件 of another clause); '那风险基金呢？'
    asks for the figure of the same sentence that names 风险基金 (0.6亿元), although that sentence
    was already quoted; a third question that names no place keeps 邵阳 from two turns back."""
    first = "邵阳十四五期间专利质押融资每年要达到多少？"
    answer = ask(policy_services, first)
    assert answer.found and answer.text.startswith("**0.4亿元**")
    history = [(first, answer.text)]
    second = ask(policy_services, "那风险基金呢？", history)
    assert second.found and second.text.startswith("**0.6亿元**")
    history.append(("那风险基金呢？", second.text))
    third = ask(policy_services, "这个规划是哪个部门负责实施的？", history)
    assert "邵阳" in third.standalone_question and "没有指明地区" not in third.text


def test_a_bare_followup_of_a_followup_keeps_what_both_asked(policy_services: Services) -> None:
    """'发明专利呢？' after '那授权呢？' after a question about 长春's 2019 design applications
    asks for 长春's 2019 invention grants (2600件), not for an unnamed place's 发明专利."""
    first = "长春2019年外观设计专利申请多少件？"
    history = [(first, ask(policy_services, first).text)]
    second = ask(policy_services, "那授权呢？", history)
    assert second.text.startswith("**902件**")
    history.append(("那授权呢？", second.text))
    third = ask(policy_services, "发明专利呢？", history)
    assert third.found and third.text.startswith("**2600件**")
