"""Detect per-document metadata (title, city, type, year, issuer) from text."""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from pathlib import Path

from ingest.dates import detect_dates
from ingest.locate import detect_place
from ingest.models import DocumentMeta

logger = logging.getLogger(__name__)

DOC_TYPES = (
    "工作总结",
    "规划",
    "答记者问",
    "工作报告",
    "提案答复",
    "条例",
    "规定",
    "办法",
    "实施细则",
    "通知",
    "意见",
    "方案",
    "公报",
    "其他",
)


_YEAR = r"(?:199\d|20[0-3]\d)"
_YEAR_RANGE_RE = re.compile(rf"(?<![\d.])({_YEAR})\s*[-—–－~～至到]\s*({_YEAR})(?![\d.])")
_YEAR_SINGLE_RE = re.compile(rf"(?<![\d.])({_YEAR})(?!\d)\s*年")
_YEAR_BRACKET_RE = re.compile(rf"[〔\[【(（]\s*({_YEAR})\s*[〕\]】)）]")
_DOC_NUMBER_RE = re.compile(rf"^\S{{1,20}}[〔\[【(（]\s*({_YEAR})\s*[〕\]】)）]\s*第?\s*\d+\s*号$")
_CN_DIGITS = "〇一二三四五六七八九"
_DATE_LINE_RE = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九]{4})\s*年"
    r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?)?$"
)
_MARKER_RE = re.compile(
    r"^(?:【[^】]*】\s*)+$|^[（(]?此件.{0,6}公开[)）]?$|^(?:特急|加急|急件|绝密|机密|秘密)$"
)
_SIGNER_RE = re.compile(r"^(?:签发人|签发|审核人|拟稿人|核稿人)\s*[:：]")
_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十\d]+[章节条部])"
)
_TITLE_KW_RE = re.compile(
    r"答复|规划|总结|报告|答记者问|记者问|意见|办法|通知|方案|纲要|计划|措施|决定|通报|公告|细则|规定|条例|要点|批复"
)
_ORG_RE = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,40}(?:局|委员会|人民政府|政府|办公室|办公厅|厅|院|中心|科|处|部|协会|学会|小组)$"
)
_SUBTITLE_ORG_RE = re.compile(
    r"^[—\-－]+\s*([\u4e00-\u9fff]{3,40}?(?:局|委员会|政府|办公室|办公厅|厅|院|中心))"
    r"(?=党组|党委|局长|主任|厅长|书记|副|负责人|新闻发言人|在|就|答|关于)"
)
_TARGET_BEFORE_RE = re.compile(r"(?:到|(?<!截)至|力争|预计|确保|目标)\s*$")

# (keyword pattern, doc type) used on titles; the keyword found last in the title wins.
_TITLE_TYPE_RULES: tuple[tuple[str, str], ...] = (
    (r"总结", "工作总结"),
    (r"规划|纲要", "规划"),
    (r"答记者问|记者问|答问", "答记者问"),
    (r"答复|复函", "提案答复"),
    (r"报告", "工作报告"),
    (r"条例", "条例"),
    (r"规定", "规定"),
    (r"实施细则|细则", "实施细则"),
    (r"办法", "办法"),
    (r"通知", "通知"),
    (r"意见", "意见"),
    (r"方案|行动计划", "方案"),
    (r"公报", "公报"),
)
_ISSUES = re.compile(r"印发|转发|颁布|公布")  # '关于印发《X》的通知': the type is X's
# Body cues checked in order when the title is not conclusive.
_BODY_TYPE_RULES: tuple[tuple[str, str], ...] = (
    (r"答记者问|(?:^|\n)\s*记者[:：][\s\S]*\n\s*记者[:：]", "答记者问"),
    (r"提案[\s\S]{0,40}收悉|现答复如下|提案的答复", "提案答复"),
    (r"制定本规划|规划期为|本规划", "规划"),
    (r"现总结如下|总结如下", "工作总结"),
    (r"报告如下|请予以审议|各位代表[:：]|各位领导[:：]", "工作报告"),
)


def _clean_line(line: str) -> str:
    """Strip markdown marks, odd spaces and table pipes from one line."""
    line = line.replace("\u3000", " ").replace("\xa0", " ").strip()
    line = re.sub(r"^#+\s*", "", line).replace("**", "").replace("__", "")
    return re.sub(r"\s+", " ", line.strip(" |")).strip()


def _is_noise(line: str) -> bool:
    """Whether a header line carries no title/body content (markers, numbers, signer)."""
    if not re.search(r"[\u4e00-\u9fff]", line) or _MARKER_RE.match(line):
        return True
    return bool(
        _DOC_NUMBER_RE.match(line) or _SIGNER_RE.match(line) or re.fullmatch(r"目\s*录", line)
    )


def _meaningful_lines(text: str) -> list[str]:
    """Cleaned, non-empty lines with markers, document numbers and signer lines removed."""
    cleaned = (_clean_line(raw) for raw in text.splitlines())
    return [line for line in cleaned if line and not _is_noise(line)]


def _is_sentence(line: str) -> bool:
    """Whether a line reads like body text rather than a title."""
    return len(line) > 60 or "。" in line or line[-1] in "。；;：:！？!?，,"


def _is_subtitle(line: str) -> bool:
    """Whether a line is a dash-led subtitle."""
    return line.startswith(("—", "--", "－"))


def _is_org(line: str) -> bool:
    """Whether a line is just an organisation name."""
    return bool(_ORG_RE.match(line)) and not _TITLE_KW_RE.search(line)


def _is_titleish(line: str) -> bool:
    """Whether a line could be a title (not body, heading, subtitle, organisation or date)."""
    if _is_sentence(line) or _is_subtitle(line) or _HEADING_RE.match(line) or _is_org(line):
        return False
    return not _DATE_LINE_RE.match(line) and not re.fullmatch(r"[(（].*[)）]", line)


def _join_fragment(lines: list[str], idx: int) -> str:
    """Join a title split over two lines (e.g. '关于印发《…' + '…》的通知')."""
    line = lines[idx]
    prev = lines[idx - 1] if idx > 0 else ""
    joins_prev = prev.startswith("关于") or prev.count("《") > prev.count("》") or line[0] in "的》"
    if prev and _is_titleish(prev) and not _TITLE_KW_RE.search(prev) and joins_prev:
        return prev + line
    nxt = lines[idx + 1] if idx + 1 < len(lines) else ""
    if nxt and _is_titleish(nxt) and line.count("《") > line.count("》"):
        return line + nxt
    return line


def detect_title(text: str) -> str:
    """First title-like line of the document, without markers, numbers or '——' subtitles."""
    lines = _meaningful_lines(text)[:15]
    chosen = next(
        (i for i, ln in enumerate(lines) if _is_titleish(ln) and _TITLE_KW_RE.search(ln)), None
    )
    if chosen is None:
        chosen = next((i for i, ln in enumerate(lines) if _is_titleish(ln)), None)
    if chosen is None:
        return lines[0] if lines else ""
    return re.split(r"\s*——", _join_fragment(lines, chosen))[0].strip()


def _type_from_title(title: str) -> str | None:
    """Doc type from the title keyword that appears last, or None; a notice issuing another
    document ('关于印发《…办法》的通知') takes the issued document's type."""
    inner = re.search(r"《([^》]+)》", title)
    if inner and _ISSUES.search(title[: inner.start()]):
        found = _type_from_title(inner.group(1))
        if found:
            return found
    best: tuple[int, str] | None = None
    for pattern, doc_type in _TITLE_TYPE_RULES:
        for m in re.finditer(pattern, title):
            if best is None or m.start() >= best[0]:
                best = (m.start(), doc_type)
    return best[1] if best else None


def detect_doc_type(text: str, title: str) -> str:
    """One of DOC_TYPES: title keywords first, then the header lines, then body cues."""
    found = _type_from_title(title)
    if found:
        return found
    for line in _meaningful_lines(text)[:6]:
        if len(line) <= 80 and (found := _type_from_title(line)):
            return found
    for pattern, doc_type in _BODY_TYPE_RULES:
        if re.search(pattern, text):
            return doc_type
    return "其他"


def _year_hits(text: str) -> list[tuple[int, int]]:
    """(position, year) for every year mention, in text order."""
    text = unicodedata.normalize("NFKC", text)
    hits: list[tuple[int, int]] = []
    for m in _YEAR_RANGE_RE.finditer(text):
        hits += [(m.start(1), int(m.group(1))), (m.start(2), int(m.group(2)))]
    for regex in (_YEAR_SINGLE_RE, _YEAR_BRACKET_RE):
        hits += [(m.start(1), int(m.group(1))) for m in regex.finditer(text)]
    return sorted({(pos, y) for pos, y in hits if 1990 <= y <= 2035})


def detect_years(text: str) -> list[int]:
    """Sorted distinct years 1990..2035 mentioned as years (not inside longer numbers)."""
    return sorted({year for _, year in _year_hits(text)})


def _date_line_year(line: str) -> int | None:
    """Year of a line that is only a date ('2021年12月', '二〇二〇年十二月'), else None."""
    m = _DATE_LINE_RE.match(unicodedata.normalize("NFKC", line).replace(" ", ""))
    if not m:
        return None
    raw = m.group(1).replace("零", "〇")
    year = int("".join(str(_CN_DIGITS.index(c)) if c in _CN_DIGITS else c for c in raw))
    return year if 1990 <= year <= 2035 else None


def _doc_number_year(text: str) -> int | None:
    """Year of a document number such as '长市监议字〔2020〕21号' in the header."""
    for raw in text.splitlines()[:40]:
        m = _DOC_NUMBER_RE.match(_clean_line(raw))
        if m:
            return int(m.group(1))
    return None


def _opening_year(text: str, window: int = 1000) -> int | None:
    """Latest non-target year mentioned in the opening of the text."""
    head = unicodedata.normalize("NFKC", text)[:window]
    years = [
        y
        for pos, y in _year_hits(head)
        if not _TARGET_BEFORE_RE.search(head[max(0, pos - 4) : pos])
    ]
    return max(years, default=None)


def detect_doc_year(text: str, title: str, years: list[int]) -> int | None:
    """The document's own year: title year, document number, date line, then opening cues."""
    title_years = _year_hits(title)
    if title_years:
        return title_years[0][1]
    found = _doc_number_year(text)
    if found is not None:
        return found
    lines = _meaningful_lines(text)
    for line in lines[:15] + lines[-15:]:
        if (found := _date_line_year(line)) is not None:
            return found
    found = _opening_year(text)
    if found is None or (years and found not in years):
        return None
    return found


def _split_orgs(line: str) -> list[str]:
    """Organisation names on a line ('A局  B委员会' gives both), or [] if not all are orgs."""
    parts = line.split()
    return parts if parts and all(_is_org(p) for p in parts) else []


def detect_issuer(text: str) -> str | None:
    """Issuing body from the header, a '——' subtitle, or the closing signature; None if absent."""
    lines = _meaningful_lines(text)
    orgs: list[str] = []
    for line in lines[:12]:
        if _is_sentence(line):
            break
        if m := _SUBTITLE_ORG_RE.match(line):
            orgs.append(m.group(1))
        orgs += _split_orgs(line)
    if not orgs:
        tail = lines[-12:]
        for line, nxt in itertools.pairwise(tail):
            if _date_line_year(nxt) is not None:
                orgs += _split_orgs(line)
    return "、".join(dict.fromkeys(orgs)) or None


def detect_metadata(text: str, source: str, content_hash: str) -> DocumentMeta:
    """Detect all metadata fields from the text."""
    title = detect_title(text)
    if not title or _is_sentence(title):  # no title line: a paragraph is not a title
        title = Path(source).stem or title[:60]
    years = detect_years(text)
    place = detect_place(text, title)
    dates = detect_dates(text)
    meta = DocumentMeta(
        title=title,
        city=place.name,
        level=place.level,
        province=place.province,
        place_path=place.path,
        adopted=dates.adopted,
        effective=dates.effective,
        revised=dates.revised,
        doc_type=detect_doc_type(text, title),
        year=detect_doc_year(text, title, years),
        years=years,
        issuer=detect_issuer(text),
        source=source,
        content_hash=content_hash,
    )
    logger.debug("detected metadata for %s: %s", source, meta)
    return meta
