"""OFD documents built in the test from the published GB/T 33190 structure."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from ingest.chunker import chunk_document
from ingest.clean import clean_text
from ingest.loaders import load_document
from ingest.models import IngestError, Limits

LIMIT = 10 * 1024 * 1024
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
# (x, y, text) of each text object, in millimetres from the page's top left corner
Run = tuple[float, float, str]
PAGES: list[list[Run]] = [
    [
        (20, 60, "制定本办法。"),  # out of order in the XML: placed by position
        (25, 30, "衡阳市知识产权保护办法"),
        (20, 45, "第一条 为加强知识产权保护，激发全社会创新活力，"),
        (20, 52, "促进经济社会高质量发展，根据有关法律法规，"),
    ],
    [(20, 30, "第二条 2021 年全市专利申请"), (95, 30.4, "9837 件。")],  # one line, two runs
]


def content_xml(runs: list[Run]) -> str:
    objects = "".join(
        f'<ofd:TextObject ID="{n + 10}" Boundary="{x} {y - 4} 150 6" Font="3" Size="4.2">'
        f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="4">{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
        for n, (x, y, text) in enumerate(runs)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Template TemplateID="2"/>'
        f'<ofd:Content><ofd:Layer ID="4" Type="Body">{objects}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def make_ofd(pages: list[list[Run]] = PAGES, template: str = "页眉：内部资料") -> bytes:
    """A minimal OFD package: OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml."""
    entries = "".join(
        f'<ofd:Page ID="{n + 100}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
        for n in range(len(pages))
    )
    parts = {
        "OFD.xml": f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
        "<ofd:DocID>a1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
        "</ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>200</ofd:MaxUnitID>"
        "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
        f"<ofd:Pages>{entries}</ofd:Pages></ofd:Document>",
        "Doc_0/Tpls/Tpl_0/Content.xml": content_xml([(20, 10, template)]),
    }
    for n, runs in enumerate(pages):
        parts[f"Doc_0/Pages/Page_{n}/Content.xml"] = content_xml(runs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def load(tmp_path: Path, data: bytes, name: str = "办法.ofd", **limits: int) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, LIMIT, Limits(max_bytes=LIMIT, **limits))  # type: ignore[arg-type]


def test_lines_in_reading_order_pages_ended_by_form_feed(tmp_path: Path) -> None:
    text = load(tmp_path, make_ofd())
    assert text.split("\n") == [
        "衡阳市知识产权保护办法",
        "第一条 为加强知识产权保护，激发全社会创新活力，",
        "促进经济社会高质量发展，根据有关法律法规，",
        "制定本办法。",
        "\f",
        "第二条 2021 年全市专利申请9837 件。",  # no space added between CJK and digits
        "\f",
        "",
    ]
    assert "页眉" not in text  # template (background) content is left out


def test_ofd_text_cleans_into_articles(tmp_path: Path) -> None:
    chunks = chunk_document(clean_text(load(tmp_path, make_ofd())), 480, 1)
    texts = [c.text for c in chunks if c.kind == "text"]
    assert (
        "第一条 为加强知识产权保护，激发全社会创新活力，促进经济社会高质量发展，根据有关法律法规，制定本办法。"
        in texts
    )


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _replace_part(name: str, data: bytes | str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(make_ofd()))
    parts: dict[str, bytes | str] = {n: source.read(n) for n in source.namelist()}
    parts[name] = data
    return _zip(parts)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (random.Random(1).randbytes(3000), "corrupt .ofd"),
        (make_ofd()[:900], "corrupt .ofd"),
        (_zip({"hello.txt": "not an ofd"}), "corrupt .ofd: missing part OFD.xml"),
        (_replace_part("OFD.xml", "<ofd:OFD><unclosed>"), "corrupt .ofd"),
        (_replace_part("OFD.xml", f"<ofd:OFD {NS}><ofd:DocBody/></ofd:OFD>"), "no pages"),
        (
            _replace_part("Doc_0/Pages/Page_1/Content.xml", b"\x00\xff"),
            "corrupt .ofd",
        ),
        (
            _zip({"OFD.xml": b"x", "Doc_0/big.xml": b" " * (8 << 20)}),
            "zip bomb",
        ),
    ],
    ids=["random", "truncated", "no-ofd-xml", "bad-xml", "no-docroot", "bad-page", "bomb"],
)
def test_bad_ofd(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        load(tmp_path, data, "bad.ofd")
    message = str(info.value)
    assert message.startswith("bad.ofd: ") and "\n" not in message, message
    assert reason in message, message


def test_ofd_over_page_budget(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^a\.ofd: 2 pages \(> 1 page limit\)$"):
        load(tmp_path, make_ofd(), "a.ofd", max_pdf_pages=1)


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    page = content_xml([(20, 30, "PLACEHOLDER")]).replace(
        "<ofd:Page", '<!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/hostname">]><ofd:Page', 1
    )
    page = page.replace('<?xml version="1.0" encoding="UTF-8"?>', "").replace("PLACEHOLDER", "&e;")
    data = _replace_part("Doc_0/Pages/Page_1/Content.xml", page)
    text = load(tmp_path, data)
    assert Path("/etc/hostname").read_text().strip() not in text
