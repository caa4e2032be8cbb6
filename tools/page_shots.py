"""Screenshots of a built lesson page for the README: presenter mode on a laptop and on a phone, and a question.

    .venv/bin/python tools/page_shots.py MEDIA/<config>/low/site docs/

Drives the system Chromium (as the page's tests do) over a local server with byte ranges.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from page_fixtures import ARGS, CHROMIUM  # noqa: E402
from page_server import serve  # noqa: E402

VIDEO = "document.getElementById('video')"


def presenter(browser, address: str, size: tuple[int, int], step: int, out: Path, touch: bool) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=touch,
                                  is_mobile=touch, color_scheme="dark", device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{address}index.html?present#step={step}")
    page.wait_for_function(f"{VIDEO}.readyState >= 2", timeout=30_000)
    page.evaluate(f"{VIDEO}.muted = true; {VIDEO}.playbackRate = 2")
    page.click("#next")
    page.wait_for_function(f"!{VIDEO}.paused")
    page.wait_for_function(f"{VIDEO}.paused && !{VIDEO}.seeking", timeout=120_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(out))
    context.close()


def question(browser, address: str, out: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, color_scheme="dark")
    page.goto(f"{address}index.html#chapter=valley")
    page.wait_for_function(f"{VIDEO}.readyState >= 2", timeout=30_000)
    end = page.evaluate("lesson.data.chapters.find(c => c.key === 'valley').end")
    page.evaluate(f"{VIDEO}.muted = true; {VIDEO}.currentTime = {end - 1}; {VIDEO}.play()")
    page.wait_for_selector("#quiz", state="visible", timeout=20_000)
    page.fill("#quiz-number", "2.5")
    page.click("#quiz-check")
    page.locator("#quiz").scroll_into_view_if_needed()
    page.screenshot(path=str(out))
    page.close()


def main() -> None:
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    with sync_playwright() as playwright, serve(site) as address:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        presenter(browser, address, (1440, 900), 40, out / "site-presenter.png", False)
        presenter(browser, address, (390, 844), 40, out / "site-presenter-phone.png", True)
        question(browser, address, out / "site-question.png")
        browser.close()
    print(f"wrote {out}/site-presenter.png, site-presenter-phone.png, site-question.png")


if __name__ == "__main__":
    main()
