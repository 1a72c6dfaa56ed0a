"""The report in a real headless browser: Debian's chromium driven by Playwright, offline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from typer.testing import CliRunner

from report import ReportOptions, aggregate
from report.page import render_html
from service.cli import app
from tests.service.test_page import CHROMIUM

MARKS = "svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > text"  # data marks, not axes or legends


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        yield browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        browser.close()


def open_report(page: Page, path: Path) -> tuple[list[str], list[str]]:
    """Load the report from disk with every request that is not the file itself refused; wait for the charts."""
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(re.compile(r"^(?!file:).*"), lambda route: (requests.append(route.request.url), route.abort()))
    page.goto(path.as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('[data-chart]')].every(e => e.dataset.rendered)", timeout=60_000
    )
    return errors, requests


def test_report_renders_every_chart_offline(browser_page: Page, scored_jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(scored_jsonl), "-o", str(out), "--by", "outlet", "--by", "month"])
    assert result.exit_code == 0, result.output
    errors, requests = open_report(browser_page, out)
    charts = browser_page.locator("[data-chart]")
    ids = [charts.nth(i).get_attribute("id") for i in range(charts.count())]
    assert ids == ["chart-time-0", "chart-groups-0", "chart-cooccurrence", "chart-speakers"]
    for chart_id in ids:
        chart = browser_page.locator(f"#{chart_id}")
        assert chart.get_attribute("data-rendered") == "true", chart_id
        assert chart.locator(MARKS).count() > 0, f"{chart_id} drew no marks"
    assert errors == [] and requests == []
    for section in ("#time-0", "#groups-0", "#cooccurrence", "#speakers"):
        assert browser_page.locator(f"{section} .counts table").count() == 1, section
    aggregates = aggregate(scored_jsonl, ["outlet", "month"])
    for group in aggregates["groups"]["outlet"]:
        assert group["group"] in browser_page.inner_text("#groups-0 .counts")
    assert browser_page.locator("#time-0 svg g.mark-symbol.role-mark > path").count() == len(
        aggregates["over_time"]["outlet"]
    ) * len(aggregates["labels"])
    assert browser_page.evaluate("document.querySelectorAll('b').length") == 0, "an outlet's HTML is shown as text"


def test_report_escapes_archive_text(browser_page: Page, scored_jsonl: Path, tmp_path: Path) -> None:
    aggregates = aggregate(scored_jsonl, ["outlet"], ReportOptions(bootstrap=50))
    first = aggregates["groups"]["outlet"][0]
    first["group"] = "</script><script>window.injected = 1</script>"
    examples = aggregates["examples"]["outlet"]
    examples[first["group"]] = examples.pop(next(iter(examples)))
    for by_label in examples.values():
        for items in by_label.values():
            for item in items:
                item["text"] = "<img src=x onerror='window.injected = 2'>"
                item["link"] = "javascript:window.injected = 3"
    out = tmp_path / "hostile.html"
    out.write_text(render_html(aggregates), encoding="utf-8")
    errors, requests = open_report(browser_page, out)
    assert browser_page.evaluate("window.injected") is None
    assert browser_page.locator("a[href^='javascript']").count() == 0
    assert "</script><script>" in browser_page.inner_text("#groups-0 .counts")
    assert errors == [] and requests == []
    assert json.dumps(aggregates)  # the aggregates stay plain JSON
