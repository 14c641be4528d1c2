"""Web app tabs for the structured records: 规划承诺 (targets and status) and 资助政策 (subsidies)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.tracker import track
from policyqa.services import Services
from policyqa.tables import subsidy_rows, write_csv

ALL = "全部"
# (column, width): what users compare first fits in 1280 px, the cited sentences scroll into
# view; on a phone the whole table scrolls sideways inside its box
TARGET_LAYOUT = [("城市", 64), ("时期", 72), ("指标", 200), ("目标值", 96), ("单位", 56),
                 ("截止年份", 80), ("最新实际值", 96), ("实际值时间", 120), ("状态", 104),
                 ("基数", 72), ("基数年份", 80), ("属性", 72), ("目标出处", 360),
                 ("实际值出处", 360)]  # fmt: skip
SUBSIDY_LAYOUT = [("城市", 64), ("项目", 180), ("金额", 120), ("对象", 160), ("条件", 220),
                  ("发放/主管", 100), ("出处", 360)]  # fmt: skip
TARGET_COLUMNS = [c for c, _ in TARGET_LAYOUT]
SUBSIDY_COLUMNS = [c for c, _ in SUBSIDY_LAYOUT]


def target_rows(services: Services, city: str, period: str, indicator: str) -> list[dict[str, Any]]:
    """Tracked targets under the filters."""
    rows = [t.as_row() for t in track(services.records.query(city=None if city == ALL else city))]
    if period and period != ALL:
        rows = [r for r in rows if str(r["时期"]) == period]
    if indicator:
        rows = [r for r in rows if indicator in str(r["指标"])]
    return rows


def _as_table(rows: list[dict[str, Any]], columns: list[str]) -> list[list[Any]]:
    return [[r.get(c, "") for c in columns] for r in rows]


def _widths(layout: list[tuple[str, int]]) -> list[str | int]:
    return [f"{w}px" for _, w in layout]


def _csv_file(rows: list[dict[str, Any]], name: str) -> Any:
    """The rows as a UTF-8 CSV download, shown under the table."""
    buffer = io.StringIO()
    write_csv(rows, buffer)
    path = Path(tempfile.mkdtemp(prefix="policyqa-csv-")) / name
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")  # BOM: Excel opens it as UTF-8
    return gr.update(value=str(path), visible=True)


def records_tabs(services: Services) -> None:
    """Add the two tabs to the Blocks being built."""
    records = services.records.query()
    cities = [ALL, *sorted({str(r["city"]) for r in records})]
    periods = [
        ALL,
        *sorted({str(r["period"]) for r in records if r["kind"] == "target" and r["period"]}),
    ]
    with gr.Tab("规划承诺 Targets", id="targets"):
        gr.Markdown(
            "规划和报告中的量化目标，与文件中报告的最新实际值对比。只有城市、指标、单位一致且实际值"
            "属于目标年份时才判断“已完成 / 未完成”，否则显示“暂无同期数据”。每行附原文出处。"
        )
        with gr.Row():
            city = gr.Dropdown(cities, value=ALL, label="城市", elem_id="pq-t-city")
            period = gr.Dropdown(periods, value=ALL, label="时期")
            indicator = gr.Textbox(label="指标包含", placeholder="例如：发明专利")
            csv_btn = gr.Button("导出 CSV", elem_id="pq-t-csv")
        table = gr.Dataframe(
            _as_table(target_rows(services, ALL, ALL, ""), TARGET_COLUMNS),
            headers=TARGET_COLUMNS, interactive=False, wrap=True, elem_id="pq-targets",
            column_widths=_widths(TARGET_LAYOUT),
        )  # fmt: skip
        csv_file = gr.File(label="CSV", interactive=False, visible=False, elem_id="pq-t-file")

        def refresh(c: str, p: str, i: str) -> list[list[Any]]:
            return _as_table(target_rows(services, c, p, i), TARGET_COLUMNS)

        for control in (city, period, indicator):
            control.change(refresh, [city, period, indicator], table, api_visibility="private")
        csv_btn.click(
            lambda c, p, i: _csv_file(target_rows(services, c, p, i), "规划承诺.csv"),
            [city, period, indicator], csv_file, api_visibility="private",
        )  # fmt: skip
    with gr.Tab("资助政策 Subsidies", id="subsidies"):
        gr.Markdown(
            "文件中提到的资助、补贴和奖励项目：金额（文件未载明时留空）、条件、主管部门和出处。"
        )
        s_city = gr.Dropdown(cities, value=ALL, label="城市", elem_id="pq-s-city")
        s_table = gr.Dataframe(
            _as_table(subsidy_rows(services.records.query("subsidy")), SUBSIDY_COLUMNS),
            headers=SUBSIDY_COLUMNS, interactive=False, wrap=True, elem_id="pq-subsidies",
            column_widths=_widths(SUBSIDY_LAYOUT),
        )  # fmt: skip
        s_city.change(
            lambda c: _as_table(
                subsidy_rows(services.records.query("subsidy", None if c == ALL else c)), SUBSIDY_COLUMNS
            ),
            s_city, s_table, api_visibility="private",
        )  # fmt: skip
