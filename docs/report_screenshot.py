"""Take the README's report screenshot: the corpus scored by the default model, compared by country and source type.

.venv/bin/python docs/report_screenshot.py [--model artifacts/default] [--scored SCORED.jsonl] [--out docs/report.png]

Runs the README's commands: `framescope score training/data/corpus.jsonl --keep country,source_type` (skipped when
--scored names the output of an earlier run), then `framescope report --by country --by source_type`, opens the
page in Debian's chromium with the network refused, waits for every chart and captures the top of the page.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.service.test_page import CHROMIUM  # noqa: E402
from training.corpus import DEFAULT_CORPUS  # noqa: E402


def framescope(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "service.cli", *args], cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "artifacts" / "default")
    parser.add_argument("--scored", type=Path, help="framescope score's output for the corpus (default: score it now).")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--height", type=int, default=1900, help="Pixels of the page's top to capture.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="framescope-report-shot-") as folder:
        scored = args.scored or Path(folder) / "corpus-scored.jsonl"
        if args.scored is None:
            framescope("score", str(DEFAULT_CORPUS), "-o", str(scored), "--model", str(args.model), "-q",
                       "--keep", "country,source_type")  # fmt: skip
        page_path = Path(folder) / "corpus-report.html"
        framescope("report", str(scored), "-o", str(page_path), "--by", "country", "--by", "source_type",
                   "--title", "Framing in the project's corpus, by country and source type")  # fmt: skip
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": args.height})
            page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
            page.goto(page_path.as_uri())
            page.wait_for_function("[...document.querySelectorAll('[data-chart]')].every(e => e.dataset.rendered)")
            page.screenshot(path=str(args.out), clip={"x": 0, "y": 0, "width": 1280, "height": args.height})
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
