"""Page numbers of paged documents (PDF, OFD): kept by the cleaner and chunker, stored with each
chunk, shown in citations as 第N页."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from assistant.answer import Citation, page_of
from ingest.chunker import chunk_document
from ingest.clean import clean_text
from ingest.loaders import load_document
from ingest.models import join_pages
from policyqa.kb_inspect import chunk_rows
from policyqa.render import answer_markdown, cite_label
from policyqa.services import Services
from tests.test_ofd import make_ofd

LIMIT = 10 * 1024 * 1024
SENTENCES = [
    [f"Article {n}. The city supports patent filing in district {n} with funds." for n in (1, 2)],
    [
        f"Article {n}. Trademark applicants in district {n} get guidance and training."
        for n in (3, 4)
    ],
    [f"Article {n}. Disputes in district {n} are settled by the mediation office." for n in (5, 6)],
]


def make_pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def test_pdf_chunks_keep_their_page(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(["\n".join(page) for page in SENTENCES]))
    raw = load_document(path, LIMIT)
    assert raw.count("\f\n") == 3  # every page ended, the last one too
    chunks = chunk_document(clean_text(raw), 20, 0)
    texts = [c for c in chunks if c.kind == "text"]
    assert len(texts) == 6
    for chunk in texts:
        number = int(chunk.text.split()[1].rstrip("."))
        assert chunk.page == (number + 1) // 2, chunk
        assert chunk.page_starts == () and chunk.ocr is False


def test_sentence_across_a_page_end_is_joined_and_keeps_where_the_page_turns() -> None:
    raw = join_pages(
        [
            "第一条 为加强知识产权保护，激发全社会创新活力，促进经济社会",
            "高质量发展，制定本办法。\n第二条 本办法适用于全市行政区域。",
            "第三条 市知识产权局负责组织实施本办法。",
        ]
    )
    doc = clean_text(raw)
    assert doc.text.split("\n")[0].endswith("促进经济社会高质量发展，制定本办法。")
    chunks = {c.text: c for c in chunk_document(doc, 480, 0) if c.kind == "text"}
    first = next(c for text, c in chunks.items() if text.startswith("第一条"))
    assert (first.page, first.page_starts) == (1, ((doc.text.index("高质量"), 2),))
    assert next(c for t, c in chunks.items() if t.startswith("第二条")).page == 2
    assert next(c for t, c in chunks.items() if t.startswith("第三条")).page == 3


def test_chunk_spanning_pages_records_where_each_begins() -> None:
    doc = clean_text(join_pages(["甲段落内容。", "", "乙段落内容。"]))  # page 2 is blank
    (chunk,) = [c for c in chunk_document(doc, 480, 0) if c.kind == "text"]
    second = doc.text.index("乙")
    assert (chunk.page, chunk.page_starts) == (1, ((second, 3),))
    metadata = {"page": chunk.page, "page_starts": f"{second}:3"}
    assert page_of(metadata, 0) == 1 and page_of(metadata, second) == 3
    assert page_of({}, 5) is None


def test_documents_without_pages_have_none() -> None:
    chunks = chunk_document(clean_text("第一条 本办法自发布之日起施行。\n"), 480, 0)
    assert all(c.page is None and not c.ocr for c in chunks)


def _citation(**fields: object) -> Citation:
    return Citation(
        1, "a.pdf", "保护办法", "衡阳", 2021, "第二条", (0, 4), "句子", "句子", 0, **fields
    )  # type: ignore[arg-type]


def test_citation_label_shows_page_and_ocr() -> None:
    assert cite_label(_citation()) == "衡阳《保护办法》(2021) § 第二条"
    assert cite_label(_citation(page=3)).endswith("§ 第二条 · 第3页")
    assert cite_label(_citation(page=3, ocr=True)).endswith("§ 第二条 · 第3页 · OCR")


def test_stored_chunks_and_answer_citations_carry_pages(
    fake_services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "衡阳市知识产权保护办法.ofd"
    path.write_bytes(make_ofd())
    report = fake_services.ingestor.ingest([path])
    assert report.count("added") == 1, report.summary()
    stored = fake_services.store.search("全市专利申请 9837 件", k=5)
    pages = {hit.text.split("\n")[0][:3]: hit.metadata.get("page") for hit in stored}
    assert pages.get("第一条") == 1 and pages.get("第二条") == 2, pages
    answer = fake_services.chain.ask("衡阳市2021年全市专利申请多少件？")
    assert answer.found, answer.text
    cited = [c for c in answer.citations if "9837" in c.snippet]
    assert cited and cited[0].page == 2 and not cited[0].ocr
    assert "第2页" in answer_markdown(answer)
    sections = [row[1] for row in chunk_rows(fake_services, report.results[0].doc_id)]
    assert any(s.endswith("第2页") for s in sections), sections  # the document-detail table
