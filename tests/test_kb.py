"""Knowledge-base operations behind the web app: uploads, safe names, relabel, delete."""

from __future__ import annotations

from pathlib import Path

from policyqa.kb import KnowledgeBase, safe_name
from policyqa.render import answer_markdown, escape_md, sources_html
from policyqa.services import Services

DOC = "株洲市2024年知识产权工作简报\n一、主要成效\n2024年，株洲市知识产权质押融资金额为4321万元。\n"


def progress(*_: object, **__: object) -> None:
    """A no-op progress callback."""


def test_safe_name_never_a_path() -> None:
    """Uploaded names lose directories and odd characters."""
    assert safe_name("/tmp/gradio/abc/../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\报告 2024?.txt") == "报告_2024_.txt"
    assert safe_name("....") == "upload.txt"


def test_upload_relabel_delete(fake_services: Services, tmp_path: Path) -> None:
    """Uploads get one row per file; metadata can be corrected; delete removes everything."""
    good = tmp_path / "gradio-tmp" / "简报.txt"
    good.parent.mkdir()
    good.write_text(DOC, encoding="utf-8")
    bad = tmp_path / "x.exe"
    bad.write_bytes(b"MZ\x00\x00")
    kb = KnowledgeBase(fake_services)
    rows = kb.ingest_uploads([str(good), str(bad)], progress, "admin")
    assert [r[:2] for r in rows] == [["简报.txt", "已导入"], ["x.exe", "失败"]]
    assert "unsupported" in rows[1][2]
    doc = kb.documents()[0]
    assert doc["source"] == "简报.txt" and doc["city"] == "株洲"
    assert kb.cities() == ["湖南", "株洲"] and 2024 in kb.years()  # province first, for filters
    message = kb.relabel(doc["doc_id"], {"city": "湘潭", "year": 2023, "title": ""}, "admin")
    assert "city" in message and kb.document(doc["doc_id"])["city"] == "湘潭"
    assert "湘潭" in fake_services.index.cities
    assert "未保存" in kb.relabel(doc["doc_id"], {"doc_type": "不存在的类型"})
    assert [r[:2] for r in kb.reindex(progress, "admin")] == [
        ["简报.txt", "已导入"]
    ]  # not the archive name
    doc = kb.documents()[0]
    assert "已删除" in kb.delete(doc["doc_id"], "admin")
    assert kb.documents() == [] and fake_services.store.count() == 0
    log = [(user, action, document) for _, user, action, document, _ in kb.audit_rows()]
    assert log == [  # newest first: every change, with who and which document
        ("admin", "删除", "简报.txt"),
        ("admin", "重建索引", ""),
        ("admin", "修改元数据", "简报.txt"),
        ("admin", "失败", "x.exe"),
        ("admin", "已导入", "简报.txt"),
    ]


def test_rendering_escapes_document_text(sample_services: Services) -> None:
    """Answer Markdown and source HTML never carry raw markup from documents."""
    raw = "<img src=x onerror=alert(1)>[a](javascript:x)"
    assert escape_md(raw) == r"&lt;img src=x onerror=alert\(1\)&gt;\[a\]\(javascript:x\)"
    answer = sample_services.chain.ask("衡阳市2020年1-11月专利申请量是多少？")
    answer.citations[0].passage = answer.citations[0].passage + "<script>alert(1)</script>"
    html = sources_html(answer)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>" in html
    assert "[1]" in answer_markdown(answer).replace("\\[", "[").replace("\\]", "]")


def test_conversation_export(sample_services: Services) -> None:
    """The Markdown export holds each question, answer and citation with its sentence."""
    from policyqa.render import conversation_markdown

    answer = sample_services.chain.ask("长春市2019年专利申请总量是多少？")
    text = conversation_markdown([answer])
    assert "## 问题 1：长春市2019年专利申请总量是多少？" in text
    assert "23144" in text and "004\\_dfa2ab6d117b2ce2.txt" in text  # Markdown-escaped name
    assert "> 2019年长春市专利申请总量为23144件" in text


def test_document_detail_and_hit_testing(fake_services: Services, tmp_path: Path) -> None:
    """A document's chunks come in order with sections and tokens, its records with their
    figures; hit testing ranks the chunk holding the figure first, with each retriever's score."""
    from policyqa.kb_inspect import chunk_rows, hit_rows, record_rows

    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    (result,) = fake_services.ingest([tmp_path / "a.txt"]).results
    chunks = chunk_rows(fake_services, result.doc_id)
    assert [c[0] for c in chunks] == sorted(c[0] for c in chunks) and len(chunks) == result.chunks
    assert any("4321" in c[4] and c[1] == "一、主要成效" and int(c[2]) > 0 for c in chunks)
    assert any("4321" in str(r[2]) for r in record_rows(fake_services, result.doc_id))
    (top, *_rest) = hit_rows(fake_services, "株洲知识产权质押融资金额", k=5)
    assert "株洲市2024年知识产权工作简报" in top[1] and "4321" in top[8]
    assert top[0] == 1 and top[4] != "—" and top[6] != "—"  # found by both retrievers
    assert hit_rows(fake_services, "株洲知识产权质押融资金额", city="长春") == []


def test_conversation_log_and_feedback(sample_services: Services) -> None:
    """Every answer is logged; 👍/👎 with a comment is stored; the gaps list shows what the
    knowledge base is missing (unanswered or 👎), and `policyqa log` prints it."""
    import argparse
    import contextlib
    import io

    from policyqa.cli import cmd_log
    from vectorstore.conversations import write_csv

    services = sample_services
    log = services.conversations
    good = services.chain.ask("衡阳市2020年1-11月专利申请量是多少？")
    missing = services.chain.ask("广州市2024年专利申请量是多少？")
    assert good.found and not missing.found
    first = services.log_turn("alice", good, "offline")
    second = services.log_turn("bob", missing, "offline")
    assert log.rate(first, -1, "  数字对，但想看同比  ") and not log.rate(10**9, 1)
    gaps = {t["id"]: t for t in log.gaps() if t["id"] in (first, second)}
    assert set(gaps) == {first, second}  # 👎, and not answered
    assert gaps[first]["comment"] == "数字对，但想看同比" and gaps[second]["found"] == 0
    assert "[1]" in gaps[first]["citations"] and gaps[first]["user"] == "alice"
    log.rate(first, 1)
    assert first not in {t["id"] for t in log.gaps()}
    out = io.StringIO()
    write_csv(log.recent(), out)
    assert out.getvalue().splitlines()[0].startswith("id,at,user,question")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert cmd_log(argparse.Namespace(gaps=True, limit=10, csv=False), services) == 0
    assert "广州市2024年专利申请量" in printed.getvalue() and "未答出" in printed.getvalue()
