"""End to end in a real headless browser: Debian's chromium driven by Playwright against the live service."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from service.app import create_app
from service.launcher import free_port
from service.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTICLE = (
    "Envoy 🕊️ rejects lecture on patrols 👩‍👩‍👧\n\nALDOVA, May 2 — The ministry said no outside power would decide "
    "how the "
    "country guards its coast. “Those who sent fleets across the world have no standing to lecture us,” "
    "spokeswoman Ila Varn said.\n\nShe said the patrols would continue. <script>window.injected = 1</script> "
    "Talks resume on Friday."
)


@pytest.fixture(scope="module")
def live_server(tiny_artifact: Path) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(Settings(model_path=tiny_artifact)), port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        yield context.new_page()
        browser.close()


def score_in_page(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.fill("#article", ARTICLE)
    page.click("#score")
    page.wait_for_selector("#sentences .sentence")


def test_page_highlights_match_api(live_server: str, page: Page, tmp_path: Path) -> None:
    api = httpx.post(f"{live_server}/v1/score", json={"text": ARTICLE}).json()
    score_in_page(page, live_server)
    spans = page.locator("#sentences .sentence")
    assert spans.count() == len(api["sentences"])
    for i, sentence in enumerate(api["sentences"]):
        shown = (spans.nth(i).get_attribute("data-labels") or "").split()
        assert shown == sentence["labels"], i
    assert page.evaluate("window.injected") is None, "article HTML must be shown as text, never run"
    speakers = {row["speaker"] for row in api["summary"]["speakers"] if row["speaker"]}
    assert speakers and page.locator("#speakers").is_visible()
    assert all(name in page.inner_text("#speaker-table") for name in speakers)
    assert "<script>" in page.inner_text("#sentences")

    spans.nth(1).hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    for label, value in api["sentences"][1]["scores"].items():
        assert f"{value:.3f}" in tooltip.locator(f"tr[data-label='{label}']").inner_text()

    counts = {b.get_attribute("data-label"): b.inner_text() for b in page.locator("#legend button").all()}
    for label, count in api["summary"]["label_counts"].items():
        assert f"({count})" in counts[label]

    page.fill("#threshold-whataboutism", "0")
    for i in range(spans.count()):
        assert "whataboutism" in (spans.nth(i).get_attribute("data-labels") or "")
    page.fill("#threshold-whataboutism", "1")
    for i in range(spans.count()):
        assert "whataboutism" not in (spans.nth(i).get_attribute("data-labels") or "")

    shot = Path(os.environ.get("FRAMESCOPE_SCREENSHOT", tmp_path / "page.png"))
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_page_keyboard_focus_shows_scores(live_server: str, page: Page) -> None:
    score_in_page(page, live_server)
    page.locator("#sentences .sentence").first.focus()
    assert page.locator("#tooltip").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#tooltip").is_visible()


def test_page_legend_filters(live_server: str, page: Page) -> None:
    score_in_page(page, live_server)
    for label in ("sovereignty", "security_concerns", "cold_war_rhetoric", "whataboutism"):
        page.fill(f"#threshold-{label}", "0")
    page.click("#legend button[data-label='sovereignty']")
    assert page.get_attribute("#legend button[data-label='sovereignty']", "aria-pressed") == "false"
    first = page.locator("#sentences .sentence").first.get_attribute("data-labels") or ""
    assert "sovereignty" not in first and "whataboutism" in first


def test_page_csv_download(live_server: str, page: Page, tmp_path: Path) -> None:
    score_in_page(page, live_server)
    with page.expect_download() as download:
        page.click("#download-csv")
    path = tmp_path / "out.csv"
    download.value.save_as(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("index,start,end,text,labels,score_sovereignty")
    assert len(lines) == 1 + page.locator("#sentences .sentence").count()


def test_page_shows_error_for_empty_text(live_server: str, page: Page) -> None:
    page.goto(live_server + "/")
    page.click("#score")
    assert "Paste an article" in page.inner_text("#error")


def test_page_marks_evidence_phrases_inside_their_sentence(live_server: str, page: Page) -> None:
    api = httpx.post(f"{live_server}/v1/score", json={"text": ARTICLE, "explain": True}).json()
    page.goto(live_server + "/")
    page.fill("#article", ARTICLE)
    page.check("#explain")
    page.click("#score")
    page.wait_for_selector("#sentences .sentence")
    spans = page.locator("#sentences .sentence")
    marked = 0
    for i, sentence in enumerate(api["sentences"]):
        wanted = {(label, item["text"]) for label, items in (sentence["evidence"] or {}).items() for item in items}
        marks = spans.nth(i).locator("mark.evidence").all()
        rendered = {(m.get_attribute("data-label"), m.inner_text()) for m in marks}
        assert rendered <= wanted, i  # a phrase is marked in its own sentence, under a label it evidences
        assert bool(rendered) == bool(wanted), i
        for mark in marks:  # in the label's colour: the underline is exactly the legend's colour for that label
            underline, legend = mark.evaluate(
                """m => { const probe = document.createElement("i");
                probe.style.color = getComputedStyle(document.documentElement).getPropertyValue("--" + m.dataset.label);
                document.body.append(probe); const c = getComputedStyle(probe).color; probe.remove();
                return [getComputedStyle(m).borderBottomColor, c]; }"""
            )
            assert underline == legend, (i, mark.inner_text())
        marked += len(marks)
    assert marked, "the tiny model labels some sentences at its 0.5 thresholds"


QUOTED = (
    "Envoy answers critics\n\nThe talks ended on Friday. “They encircle us with bases,” said envoy Tarin Vosk. "
    "“Then they call us paranoid. We will not apologise for guarding our coast.” Ministers left without a statement."
)


def test_page_shows_one_speaker_chip_per_run_of_one_speaker(live_server: str, page: Page) -> None:
    api = httpx.post(f"{live_server}/v1/score", json={"text": QUOTED}).json()
    speakers = [s["speaker"] for s in api["sentences"]]
    assert any(a and a == b for a, b in pairwise(speakers)), speakers
    page.goto(live_server + "/")
    page.fill("#article", QUOTED)
    page.click("#score")
    page.wait_for_selector("#sentences .sentence")
    spans = page.locator("#sentences .sentence")
    for i, speaker in enumerate(speakers):
        chips = spans.nth(i).locator(".speaker").all_inner_texts()
        starts_run = speaker is not None and (i == 0 or speakers[i - 1] != speaker)
        assert chips == ([speaker] if starts_run else []), (i, speakers)
