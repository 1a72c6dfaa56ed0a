"""Take the README's screenshot: the page scoring one of the project's own articles with the default model.

.venv/bin/python docs/screenshot.py [--model artifacts/default] [--article-id ch-001] [--out docs/page.png]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.launcher import running_server  # noqa: E402
from tests.service.test_page import CHROMIUM  # noqa: E402
from training.corpus import DEFAULT_CORPUS, load_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "artifacts" / "default")
    parser.add_argument("--article-id", default="ch-001")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "page.png")
    args = parser.parse_args()
    text = next(a.text for a in load_corpus(DEFAULT_CORPUS) if a.id == args.article_id)
    with running_server(args.model) as server:
        base = server.base
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/")
            page.fill("#article", text)
            page.check("#explain")
            page.click("#score")
            page.wait_for_selector("#sentences .sentence")
            page.locator("#sentences .sentence[data-labels*='_']").first.hover()
            page.screenshot(path=str(args.out), full_page=True)
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
