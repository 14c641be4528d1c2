"""The web app in a real browser (Debian Chromium via Playwright) and through gradio_client."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, wait_for_http
from tests.test_server_mode import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
    reason="Debian chromium not installed (make test installs it)",
)

ZHUZHOU = "株洲市2024年知识产权工作简报\n一、主要成效\n2024年，株洲市知识产权质押融资金额为4321万元，同比增长12%。\n"
XSS = (
    "湘潭市2024年知识产权工作简报\n一、专利导航\n"
    '湘潭市专利导航项目共有7个<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    "[点击这里](javascript:window.__xss=3)。\n"
)


DATA_DIRS: dict[str, Path] = {}


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python app.py --port N --data-dir D` (the flags win over the environment) on a free
    loopback port with a temporary index (first start ingests)."""
    tmp = tmp_path_factory.mktemp("webapp")
    port = free_port()
    env = {
        **os.environ,
        "POLICYQA_PORT": "1",  # overridden by --port
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    log = (tmp / "app.log").open("w")
    command = [sys.executable, str(ROOT / "app.py"), "--port", str(port)]
    command += ["--data-dir", str(tmp / "index")]
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    DATA_DIRS[url] = tmp / "index"
    try:
        wait_for_http(url, proc, 240, tmp / "app.log")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=flags)
        yield b
        b.close()


def open_page(
    browser: object, url: str, locale: str = "zh-CN", width: int = 1400, **extra: Any
) -> Any:
    """A new browser context (its language and window width) with the app loaded."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 1000}, locale=locale, **extra
    )
    pg = context.new_page()
    pg.goto(url)
    pg.wait_for_selector("#pq-input textarea")
    return pg


@pytest.fixture
def page(browser: object, app_url: str) -> Iterator[object]:
    """A fresh page on the app in a Chinese browser."""
    pg = open_page(browser, app_url)
    yield pg
    pg.context.close()


def open_tab(pg: Any, name: str) -> None:
    """Click a top-level tab, through the overflow menu where a narrow window folds it away."""
    tab = pg.get_by_role("tab", name=name)
    if tab.count():
        tab.click()
    else:
        pg.locator(".overflow-menu > button").click()
        pg.locator(".overflow-dropdown button", has_text=name).click()


def ask(pg: object, question: str) -> str:
    """Type a question, send it, wait for the answer; returns the last chat message text."""
    turn = pg.evaluate(  # type: ignore[attr-defined]  # the turn the sources panel shows now
        "() => document.querySelector('#pq-sources .pq-sources')?.dataset.turn ?? '-1'"
    )
    pg.wait_for_selector("#pq-input textarea", state="visible")  # type: ignore[attr-defined]
    pg.fill("#pq-input textarea", question)  # type: ignore[attr-defined]
    pg.click("#pq-send")  # type: ignore[attr-defined]
    pg.wait_for_function(  # type: ignore[attr-defined]  # done: the new answer's sources shown
        "([t, q]) => { const p = document.querySelector('#pq-sources .pq-sources');"
        " return p && p.dataset.turn !== t && p.textContent.includes(q); }",
        arg=[turn, question[:8]],
        timeout=60000,
    )
    return pg.locator("#pq-chat .message").last.inner_text()  # type: ignore[attr-defined]


def wait_for_text(pg: Any, selector: str, text: str, timeout: int = 60000) -> None:
    """Wait until an element's visible text contains `text`; on a timeout the failure says
    what the element showed and a screenshot is saved."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        pg.wait_for_function(
            "([sel, t]) => (document.querySelector(sel)?.innerText || '').includes(t)",
            arg=[selector, text],
            timeout=timeout,
        )
    except PlaywrightTimeout:
        shown = pg.evaluate("(sel) => document.querySelector(sel)?.innerText ?? null", selector)
        shot(pg, f"timeout-{selector.strip('#')}.png")
        raise AssertionError(f"{selector} never showed {text!r}; it shows {shown!r}") from None


def pick(pg: object, elem_id: str, option: str) -> None:
    """Choose an option of a Gradio dropdown, and wait until the dropdown shows it (its input
    or a chip): the next click must not race the choice. A choice that did not stick is
    made once more before the test fails."""
    for _ in range(2):
        pg.click(f"#{elem_id} input")  # type: ignore[attr-defined]
        pg.get_by_role("option", name=option).first.click()  # type: ignore[attr-defined]
        if _shows(pg, elem_id, option):
            return
    raise AssertionError(f"#{elem_id}: '{option}' was not chosen")


def _shows(pg: object, elem_id: str, option: str, timeout: int = 10000) -> bool:
    """Whether the dropdown shows `option` within `timeout` ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        pg.wait_for_function(  # type: ignore[attr-defined]
            "([id, t]) => { const el = document.getElementById(id);"
            " const input = el?.querySelector('input');"
            " return ((input?.value || '') + (el?.innerText || '')).includes(t); }",
            arg=[elem_id, option],
            timeout=timeout,
        )
    except PlaywrightTimeout:
        return False
    return True


def shot(pg: object, name: str) -> None:
    """Save a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)  # type: ignore[attr-defined]


def test_answer_with_highlighted_source(page: object) -> None:
    """A question gets an answer with [1]; the sources panel highlights the supporting sentence."""
    text = ask(page, "衡阳市2020年1-11月专利申请量是多少？")
    assert "9837" in text and "[1]" in text
    mark = page.locator("#pq-sources mark").first  # type: ignore[attr-defined]
    assert "9837" in mark.inner_text()
    assert "衡阳" in page.locator("#pq-sources summary").first.inner_text()  # type: ignore[attr-defined]
    shot(page, "chat.png")


def test_city_filter(page: object) -> None:
    """With the city filter on 长春, sources come from 长春 documents only."""
    pick(page, "pq-city", "长春")
    ask(page, "发明专利授权量是多少？")
    summaries = page.locator("#pq-sources summary").all_inner_texts()  # type: ignore[attr-defined]
    assert summaries and all("长春" in s for s in summaries)


def test_not_found_shows_closest(page: object) -> None:
    """A question about a city not in the knowledge base says so and shows passages."""
    text = ask(page, "广州市2020年专利申请量是多少？")
    assert "没有找到" in text
    assert "最接近的段落" in page.locator("#pq-sources").inner_text()  # type: ignore[attr-defined]


def test_upload_ask_delete(page: object, tmp_path: Path) -> None:
    """Upload a new document, ask about it, delete it; a bad file fails alone."""
    doc = tmp_path / "株洲简报.txt"
    doc.write_text(ZHUZHOU, encoding="utf-8")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    page.get_by_role("tab", name="知识库 Knowledge base").click()  # type: ignore[attr-defined]
    page.set_input_files("#pq-upload input[type=file]", [str(doc), str(bad)])  # type: ignore[attr-defined]
    page.click("#pq-ingest")  # type: ignore[attr-defined]
    wait_for_text(page, "#pq-results", "已导入")
    results = page.locator("#pq-results").inner_text()  # type: ignore[attr-defined]
    assert "broken.pdf" in results and "失败" in results
    assert "株洲" in page.locator("#pq-docs").inner_text()  # type: ignore[attr-defined]
    shot(page, "knowledge-base.png")

    page.get_by_role("tab", name="问答 Chat").click()  # type: ignore[attr-defined]
    assert "4321" in ask(page, "株洲市2024年知识产权质押融资金额是多少？")

    page.get_by_role("tab", name="知识库 Knowledge base").click()  # type: ignore[attr-defined]
    pick(page, "pq-doc-choice", "株洲市2024年知识产权工作简报")  # its detail: chunks, records
    page.click("#pq-detail")  # type: ignore[attr-defined]
    wait_for_text(page, "#pq-detail-chunks", "4321")
    assert "株洲" in page.locator("#pq-detail-meta").inner_text()  # type: ignore[attr-defined]
    page.click("#pq-hits")  # type: ignore[attr-defined]  # hit testing ranks its chunk first
    page.fill("#pq-hit-query textarea", "株洲知识产权质押融资金额")  # type: ignore[attr-defined]
    page.click("#pq-hit-run")  # type: ignore[attr-defined]
    wait_for_text(page, "#pq-hit-table", "株洲")
    table = page.locator("#pq-hit-table").inner_text()  # type: ignore[attr-defined]
    first_row = table.split("内容", 1)[1].split("\n2\n", 1)[0]  # the cells of rank 1
    assert "株洲市2024年知识产权工作简报" in first_row and "4321" in first_row
    shot(page, "knowledge-base-detail.png")
    pick(page, "pq-delete-choice", "株洲市2024年知识产权工作简报")
    asked: list[str] = []

    def answer_dialog(dialog: object, accept: bool) -> None:
        asked.append(dialog.message)  # type: ignore[attr-defined]
        dialog.accept() if accept else dialog.dismiss()  # type: ignore[attr-defined]

    page.once("dialog", lambda d: answer_dialog(d, accept=False))  # type: ignore[attr-defined]
    page.click("#pq-delete")  # type: ignore[attr-defined]
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    assert "株洲" in page.locator("#pq-docs").inner_text()  # type: ignore[attr-defined]  # cancelled
    page.once("dialog", lambda d: answer_dialog(d, accept=True))  # type: ignore[attr-defined]
    page.click("#pq-delete")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('#pq-docs').innerText.includes('株洲')", timeout=30000
    )
    assert len(asked) == 2 and all("株洲市2024年知识产权工作简报" in m for m in asked)
    page.get_by_role("tab", name="问答 Chat").click()  # type: ignore[attr-defined]
    assert "没有找到" in ask(page, "株洲市2024年知识产权质押融资金额是多少？")


def test_document_markup_renders_inert(page: object, tmp_path: Path) -> None:
    """<script>, onerror and javascript: links from a document show as text and never run."""
    doc = tmp_path / "xss.txt"
    doc.write_text(XSS, encoding="utf-8")
    page.get_by_role("tab", name="知识库 Knowledge base").click()  # type: ignore[attr-defined]
    page.set_input_files("#pq-upload input[type=file]", str(doc))  # type: ignore[attr-defined]
    page.click("#pq-ingest")  # type: ignore[attr-defined]
    wait_for_text(page, "#pq-results", "已导入")
    page.get_by_role("tab", name="问答 Chat").click()  # type: ignore[attr-defined]
    text = ask(page, "湘潭市专利导航项目共有几个？")
    page.locator("#pq-sources details").first.click()  # type: ignore[attr-defined]
    time.sleep(1)
    assert "<script>" in text or "<script>" in page.locator("#pq-sources").inner_text()  # type: ignore[attr-defined]
    assert page.evaluate("() => window.__xss") is None  # type: ignore[attr-defined]
    assert page.locator("img[src='x']").count() == 0  # type: ignore[attr-defined]
    assert page.locator("a[href^='javascript']").count() == 0  # type: ignore[attr-defined]


def test_api_endpoint(app_url: str) -> None:
    """The named `ask` endpoint returns the answer and its citations as JSON."""
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    result = client.predict("长春市2019年专利申请总量是多少？", "", "offline", api_name="/ask")
    assert "23144" in result["text"] and result["found"] is True
    assert result["citations"][0]["city"] == "长春" and result["citations"][0]["span"]


def test_data_dir_is_not_served(app_url: str) -> None:
    """Files of the index cannot be fetched through Gradio's file route."""
    import urllib.error

    db = DATA_DIRS[app_url] / "chroma" / "chroma.sqlite3"
    assert db.exists()
    for route in ("gradio_api/file=", "file="):
        try:
            with urllib.request.urlopen(f"{app_url}{route}{db}", timeout=5) as reply:
                assert reply.status != 200 or b"SQLite" not in reply.read(64)
        except urllib.error.HTTPError as exc:
            assert exc.code in (403, 404)


def test_targets_tab_and_csv(page: object) -> None:
    """The 规划承诺 tab shows met / not met targets for 衡阳 and exports them as CSV."""
    page.get_by_role("tab", name="规划承诺 Targets").click()  # type: ignore[attr-defined]
    pick(page, "pq-t-city", "衡阳")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => { const t = document.querySelector('#pq-targets').innerText;"
        " return t.includes('已完成') && !t.includes('邵阳') && !t.includes('processing'); }",
        timeout=30000,
    )
    table = page.locator("#pq-targets").inner_text()  # type: ignore[attr-defined]
    assert "未完成" in table and "9837" in table and "邵阳" not in table
    shot(page, "targets.png")
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.click("#pq-t-csv")  # type: ignore[attr-defined]
        page.locator("#pq-t-file a").first.click(timeout=30000)  # type: ignore[attr-defined]
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("城市,时期,指标") and "衡阳" in text and "已完成" in text


def test_feedback_is_stored_and_listed(page: object) -> None:
    """👎 with a comment on an answer is stored; the admin's 问答记录 lists it."""
    ask(page, "衡阳市2020年1-11月专利申请量是多少？")
    page.fill("#pq-feedback-comment textarea", "想看同比增速")  # type: ignore[attr-defined]
    page.locator("#pq-chat button[aria-label='踩']").last.click()  # type: ignore[attr-defined]  # 👎 in zh-CN
    wait_for_text(page, "body", "已记录您的反馈")
    page.get_by_role("tab", name="知识库 Knowledge base").click()  # type: ignore[attr-defined]
    page.click("#pq-log")  # type: ignore[attr-defined]
    page.click("#pq-log-show")  # type: ignore[attr-defined]
    wait_for_text(page, "#pq-log-table", "想看同比增速")
    table = page.locator("#pq-log-table").inner_text()  # type: ignore[attr-defined]
    assert "衡阳市2020年1-11月专利申请量是多少" in table and "👎" in table


def test_clicking_a_marker_opens_that_source(page: object) -> None:
    """Clicking [2] in an answer opens source 2 of that answer (also for an earlier answer)."""
    first = ask(page, "长春和衡阳的专利申请量分别是多少？")
    assert "[2]" in first
    ask(page, "衡阳市2020年1-11月专利申请量是多少？")
    earlier = "#pq-chat a.pq-cite[href='#pq-src-0-2']"  # [2] of the first answer
    page.locator(earlier).first.click()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        '() => document.querySelector(\'#pq-sources .pq-sources[data-turn="0"] '
        'details[data-n="2"]\')?.open === true',
        timeout=15000,
    )
    assert "长春和衡阳" in page.locator("#pq-sources .pq-q").inner_text()  # type: ignore[attr-defined]


def test_chinese_page_has_no_english_gradio_strings(page: object) -> None:
    """A Chinese browser sees Gradio's own strings in Chinese; no empty export box on page one."""
    page.get_by_role("tab", name="知识库 Knowledge base").click()  # type: ignore[attr-defined]
    body = page.locator("body").inner_text()  # type: ignore[attr-defined]
    assert "Drop File Here" not in body and "Click to Upload" not in body
    page.get_by_role("tab", name="问答 Chat").click()  # type: ignore[attr-defined]
    assert "导出文件" not in page.locator("body").inner_text()  # type: ignore[attr-defined]


GRADIO_ENGLISH = (
    "Drop File Here",
    "Click to Upload",
    "Use via API",
    "Built with Gradio",
    "Textbox",
)


@pytest.mark.parametrize("locale", ["en-US", "fr-FR"])
def test_gradio_strings_are_chinese_in_any_browser_language(
    browser: object, app_url: str, locale: str
) -> None:
    """Gradio's own strings are Chinese on the Chinese page whatever the browser's language."""
    pg = open_page(browser, app_url, locale=locale)
    try:
        for tab in ("问答 Chat", "知识库 Knowledge base", "规划承诺 Targets"):
            open_tab(pg, tab)
            pg.wait_for_timeout(300)
            body = pg.locator("body").inner_text()
            assert [s for s in GRADIO_ENGLISH if s in body] == [], tab
        open_tab(pg, "知识库 Knowledge base")
        assert "将文件拖放到此处" in pg.locator("body").inner_text()  # Gradio's zh-CN string
    finally:
        pg.context.close()


HEADER_BOX = """([sel, name]) => {
  const box = document.querySelector(sel).getBoundingClientRect();
  const th = [...document.querySelectorAll(sel + ' th')].find(t => t.innerText.trim() === name);
  const r = th.getBoundingClientRect();
  return r.left >= box.left - 1 && r.right <= box.right + 1;
}"""


def test_tables_fit_a_laptop_and_scroll_sideways_on_a_phone(browser: object, app_url: str) -> None:
    """At 1280 px the targets' 状态 and the subsidies' 出处 are on screen; at phone width the
    page itself never scrolls sideways, the tables scroll inside their box."""
    pg = open_page(browser, app_url, width=1280)
    try:
        open_tab(pg, "规划承诺 Targets")
        pg.wait_for_selector("#pq-targets th")
        assert pg.evaluate(HEADER_BOX, ["#pq-targets", "状态"])
        open_tab(pg, "资助政策 Subsidies")
        pg.wait_for_selector("#pq-subsidies th")
        assert pg.evaluate(HEADER_BOX, ["#pq-subsidies", "出处"])
    finally:
        pg.context.close()
    phone = open_page(browser, app_url, width=390, is_mobile=True, has_touch=True)
    try:
        open_tab(phone, "规划承诺 Targets")
        phone.wait_for_selector("#pq-targets th")
        widths = phone.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth,"
            " document.querySelector('#pq-targets table').scrollWidth,"
            " document.querySelector('#pq-targets').getBoundingClientRect().width]"
        )
        assert widths[0] <= widths[1] and widths[2] > widths[3], widths
    finally:
        phone.context.close()
