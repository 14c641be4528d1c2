"""Unit tests: query understanding, numeric check, fusion, prompts, BM25 bookkeeping."""

from __future__ import annotations

import pytest

from assistant.lexical import BM25Index, LexicalDoc, tokenize
from assistant.numeric import remove_unsupported, unsupported_numbers
from assistant.query import rewrite_followup, understand
from assistant.retrieval import FusionParams, HybridSearch, Passage
from prompts import Prompt, PromptError, load_prompt

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


def test_bm25_add_remove() -> None:
    """Removing a document drops its chunks from results and postings."""
    index = BM25Index()
    index.add(
        [LexicalDoc("a:0", "a", "发明专利申请9837件", {}), LexicalDoc("b:0", "b", "商标注册", {})]
    )
    assert index.search(tokenize("发明专利"))[0][0] == "a:0"
    index.remove_document("a")
    assert index.search(tokenize("发明专利")) == [] and len(index) == 1


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
