"""Tests for ingest.metadata: detection from text, sidecar files and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.locate import ANON_CITY, UNKNOWN_CITY, detect_city
from ingest.metadata import (
    DOC_TYPES,
    detect_doc_type,
    detect_doc_year,
    detect_issuer,
    detect_metadata,
    detect_title,
    detect_years,
)
from ingest.models import DocumentMeta
from ingest.overrides import apply_overrides, load_sidecar

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

# distinctive phrase -> (title, city, doc_type, year, issuer)
EXPECTED: dict[str, tuple[str, str, str, int, str | None]] = {
    "知识产权运用促进科": (
        "2020 年知识产权运用促进工作总结及 2021 年工作打算",
        "衡阳",
        "工作总结",
        2020,
        "知识产权运用促进科",
    ),
    "许平亚": (
        "加强知识产权工作 助推“三区一中心”建设",
        "岳阳",
        "答记者问",
        2021,
        "岳阳市市场监督管理局",
    ),
    "邵阳市发展和改革委员会": (
        "邵阳市“十四五”知识产权发展规划",
        "邵阳",
        "规划",
        2021,
        "邵阳市市场监督管理局、邵阳市发展和改革委员会",
    ),
    "向联席会议报告": ("2023年某市知识产权工作报告", "某市", "工作报告", 2023, None),
    "长市监议字": (
        "对政协长春市第十三届委员会 第四次会议第 247 号提案的答复",
        "长春",
        "提案答复",
        2020,
        "长春市市场监督管理局",
    ),
}


def corpus_text(phrase: str) -> str:
    """Text of the single sample document containing phrase."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    matches = [t for t in texts if phrase in t]
    assert len(matches) == 1, f"expected one document containing {phrase!r}"
    return matches[0]


@pytest.mark.parametrize("phrase", sorted(EXPECTED))
def test_sample_documents(phrase: str) -> None:
    """Each sample document yields the expected title, city, type, year and issuer."""
    title, city, doc_type, year, issuer = EXPECTED[phrase]
    meta = detect_metadata(corpus_text(phrase), source="doc.txt", content_hash="abc")
    assert (meta.title, meta.city, meta.doc_type, meta.year, meta.issuer) == (
        title,
        city,
        doc_type,
        year,
        issuer,
    )
    assert meta.source == "doc.txt" and meta.content_hash == "abc"
    assert meta.year in meta.years and meta.years == sorted(set(meta.years))


def test_sample_years_lists() -> None:
    """Year lists of samples include ranges and skip hotline/phone numbers."""
    assert detect_years(corpus_text("邵阳市发展和改革委员会"))[-2:] == [2025, 2035]
    assert detect_years(corpus_text("长市监议字")) == [2018, 2019, 2020]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系人：李冰 15948770029 88500116", []),
        ("我市 12315、12330-2 等 5 个维权与举报投诉热线", []),
        ("规划期为2021-2025年。", [2021, 2025]),
        ("《知识产权强国建设纲要(2021—2035年)》", [2021, 2035]),
        ("2020 年工作总结及 2021 年工作打算", [2020, 2021]),
        ("长市监议字〔2020〕21号", [2020]),
        ("商标注册 2023 件，资金 2000 元", []),
        ("1985年起步，2036年远景", []),
        ("２０２２年全角数字", [2022]),
        ("12019年不是年份，2019年是", [2019]),
    ],
)
def test_detect_years(text: str, expected: list[int]) -> None:
    """Only genuine year mentions are returned, sorted and distinct."""
    assert detect_years(text) == expected


def test_synthetic_summary() -> None:
    """A short summary with city and year in the title."""
    text = "株洲市知识产权局2022年工作总结\n\n2022年，我市专利申请量稳步增长。\n"
    meta = detect_metadata(text, "x.txt", "")
    assert (meta.title, meta.city, meta.doc_type, meta.year) == (
        "株洲市知识产权局2022年工作总结",
        "株洲",
        "工作总结",
        2022,
    )


def test_city_from_counties_and_enumeration_penalty() -> None:
    """County names point to their city; cities listed in enumerations do not count."""
    text = (
        "加强创新驱动\n\n全市发明专利增速居一类地区（长沙、株洲、湘潭、衡阳、常德）第2位。"
        "醴陵市、攸县、茶陵县申报强县，我市成效明显。"
    )
    assert detect_city(text, detect_title(text)) == "株洲"


def test_city_anonymised_and_unknown() -> None:
    """XX placeholders give '某市'; no evidence gives '未知'."""
    text = (
        "知识产权保护工作情况\n\n出台《XX市专利资助办法》《XX市知识产权保护办法》，株洲企业受益。"
    )
    assert detect_city(text, detect_title(text)) == ANON_CITY
    assert detect_city("工作要点\n\n全市上下共同努力。", "工作要点") == UNKNOWN_CITY


def test_ambiguous_names_need_shi() -> None:
    """Common-word names such as 长治 (长治久安) count only in their '长治市' form."""
    assert detect_city("维护长治久安，长治久安。", "") == UNKNOWN_CITY
    assert detect_city("长治市知识产权局召开会议。", "") == "长治"


def test_split_title_and_signature_issuer() -> None:
    """A title split over two lines is joined; the closing signature names the issuer."""
    text = (
        "【同意公开】\n\n关于印发《长沙市知识产权\n保护办法》的通知\n\n各区县（市）：\n"
        "现将办法印发给你们，请遵照执行。\n\n长沙市市场监督管理局\n二〇二二年三月五日\n"
    )
    title = detect_title(text)
    assert title == "关于印发《长沙市知识产权保护办法》的通知"
    assert detect_city(text, title) == "长沙"
    assert detect_issuer(text) == "长沙市市场监督管理局"
    assert detect_doc_year(text, title, detect_years(text)) == 2022
    assert detect_doc_type(text, title) == "办法"  # the issued document's type


def test_doc_type_body_cues() -> None:
    """Without a telling title, body cues decide the type."""
    interview = "推动创新发展\n\n记者：请问今年有何举措？\n\n局长：一是……\n\n记者：还有呢？\n"
    reply = "关于专利工作\n\n您提出的提案收悉，现答复如下：\n"
    assert detect_doc_type(interview, detect_title(interview)) == "答记者问"
    assert detect_doc_type(reply, "关于专利工作") == "提案答复"
    assert detect_doc_type("随便写写\n\n没有线索。", "随便写写") == "其他"
    assert set(DOC_TYPES) >= {"工作总结", "规划", "答记者问", "工作报告", "提案答复", "其他"}


def test_doc_year_skips_targets() -> None:
    """Opening cues ignore target years such as '到2025年'."""
    text = "推动高质量发展\n\n2021年，全市专利稳步增长，力争到2025年翻番。\n"
    assert detect_doc_year(text, detect_title(text), detect_years(text)) == 2021
    assert detect_doc_year("没有年份\n\n正文。", "没有年份", []) is None


def base_meta() -> DocumentMeta:
    """A detected-looking metadata record for override tests."""
    return DocumentMeta(title="标题", city="衡阳", doc_type="工作总结", year=2020, years=[2020])


def test_apply_overrides_normalises() -> None:
    """Overrides return a new record with normalised values and leave the input unchanged."""
    meta = base_meta()
    new = apply_overrides(
        meta, {"year": "2021", "years": [2021, 2020, 2021], "city": "长沙市", "issuer": ""}
    )
    assert (new.year, new.years, new.city, new.issuer) == (2021, [2020, 2021], "长沙", None)
    assert meta.year == 2020 and new is not meta
    assert apply_overrides(meta, {}) == meta


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"year": "twenty"}, "year"),
        ({"year": True}, "year"),
        ({"year": 20.5}, "year"),
        ({"years": 2020}, "years"),
        ({"years": [2020, "x"]}, "years"),
        ({"doc_type": "文件"}, "doc_type"),
        ({"title": ""}, "title"),
        ({"city": 3}, "city"),
        ({"source": "other.txt"}, "source"),
    ],
)
def test_apply_overrides_rejects(overrides: dict[str, object], field: str) -> None:
    """Bad values and unknown keys raise ValueError naming the field."""
    with pytest.raises(ValueError, match=field):
        apply_overrides(base_meta(), overrides)


def test_sidecar_round_trip(tmp_path: Path) -> None:
    """'<name>.meta.yaml' beside the document is read, validated and applied."""
    doc = tmp_path / "report.txt"
    doc.write_text("2023年某市知识产权工作报告\n各位领导：\n", encoding="utf-8")
    assert load_sidecar(doc) == {}
    (tmp_path / "report.txt.meta.yaml").write_text(
        "city: 株洲\nyear: 2023\nissuer: 株洲市市场监督管理局\n", encoding="utf-8"
    )
    overrides = load_sidecar(doc)
    assert overrides == {"city": "株洲", "year": 2023, "issuer": "株洲市市场监督管理局"}
    meta = apply_overrides(
        detect_metadata(doc.read_text(encoding="utf-8"), "report.txt", ""), overrides
    )
    assert (meta.city, meta.doc_type, meta.issuer) == ("株洲", "工作报告", "株洲市市场监督管理局")


def test_sidecar_stem_name(tmp_path: Path) -> None:
    """'<stem>.meta.yaml' is accepted too; an empty file means no overrides."""
    doc = tmp_path / "plan.txt"
    doc.write_text("x", encoding="utf-8")
    (tmp_path / "plan.meta.yaml").write_text(
        "doc_type: 规划\nyears: [2021, 2025]\n", encoding="utf-8"
    )
    assert load_sidecar(doc) == {"doc_type": "规划", "years": [2021, 2025]}
    (tmp_path / "plan.meta.yaml").write_text("", encoding="utf-8")
    assert load_sidecar(doc) == {}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("city: [unclosed\n", "invalid YAML"),
        ("- a\n- b\n", "mapping"),
        ("colour: red\n", "colour"),
        ("year: soon\n", "year"),
    ],
)
def test_bad_sidecar(tmp_path: Path, content: str, reason: str) -> None:
    """Invalid sidecars raise a one-line ValueError naming the sidecar file."""
    doc = tmp_path / "report.txt"
    doc.write_text("x", encoding="utf-8")
    (tmp_path / "report.txt.meta.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=reason) as info:
        load_sidecar(doc)
    message = str(info.value)
    assert "report.txt.meta.yaml" in message and "\n" not in message


REGS = Path(__file__).resolve().parents[1] / "data" / "eval" / "regs"


@pytest.mark.parametrize(
    ("name", "place", "level", "path", "effective"),
    [
        ("01_", "上海", "省", "上海", "2002-07-01"),
        ("04_", "中关村", "园区", "北京/中关村", None),
        ("05_", "淄博", "市", "山东/淄博", "2015-01-01"),
        ("08_", "浙江", "省", "浙江", "2017-10-01"),
        ("09_", "宁波", "市", "浙江/宁波", "2011-05-01"),
        ("13_", "郑洛新", "园区", "河南/郑洛新", "2020-09-01"),
    ],
)
def test_regulation_place_level_type_and_dates(
    name: str, place: str, level: str, path: str, effective: str | None
) -> None:
    """Provinces, cities and special zones issue regulations: place, level, 条例/规定, dates."""
    file = next(REGS.glob(f"{name}*.md"))
    meta = detect_metadata(file.read_text(encoding="utf-8"), file.name, "x")
    assert (meta.city, meta.level, meta.place_path) == (place, level, path)
    assert meta.doc_type in ("条例", "规定")
    assert meta.effective == effective


def test_regulation_adoption_and_revision_dates() -> None:
    """'…通过' and '…修订/修正' header lines become adoption and revision dates."""
    file = next(REGS.glob("08_*.md"))
    meta = detect_metadata(file.read_text(encoding="utf-8"), file.name, "x")
    assert meta.adopted == "2004-01-16"
    assert meta.revised == ["2017-03-30", "2021-09-29"]


def test_province_city_and_district_places() -> None:
    """Places come from the national division data, at every level, with their parents."""
    from ingest.locate import detect_place

    assert detect_place("", "广东省知识产权保护条例").path == "广东"
    assert detect_place("", "深圳市南山区科技创新资助办法").path == "广东/深圳/南山"
    assert detect_place("浦东新区人民政府发布。浦东新区加强保护。", "").path == "上海/浦东"


def test_city_override_sets_level_and_path() -> None:
    """Correcting a document's place also corrects its level, province and path."""
    meta = DocumentMeta(title="某办法", city="未知", doc_type="办法")
    fixed = apply_overrides(meta, {"city": "宁波市"})
    assert (fixed.city, fixed.level, fixed.province, fixed.place_path) == (
        "宁波",
        "市",
        "浙江",
        "浙江/宁波",
    )
    assert apply_overrides(meta, {"city": "某市"}).place_path == ""
