"""The HTML report renders in Debian's chromium (through Playwright) and prints to A4 PDF with
nothing cut: at the printable width no element reaches past the page, and the map and chart each
fit on a page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from stores import run

pytestmark = pytest.mark.model

CHROMIUM = Path("/usr/bin/chromium")
# A4 is 210 × 297 mm; the report's @page margins are 14 mm and 16 mm: 182 × 265 mm at 96 dpi.
PRINT_WIDTH, PRINT_HEIGHT = round(182 / 25.4 * 96), round(265 / 25.4 * 96)


def test_the_html_report_renders_and_prints_to_a4_with_nothing_cut(demo_db: str, tmp_path: Path) -> None:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip(
            "Debian's chromium is not installed (scripts/test.sh installs it: apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    run("report", "--db", demo_db, "--format", "html", "-o", str(page_file))
    html = page_file.read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r"(src|href)=\"(https?:)?//", html)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": PRINT_WIDTH, "height": PRINT_HEIGHT})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_file.as_uri())
            assert page.locator("svg.map circle").count() > 0 and page.locator("svg.chart rect").count() > 0
            # The key points open the page, before the map and the chart.
            assert page.locator("h2").first.text_content() == "Key points"
            first_figure = page.locator("figure").first.bounding_box()
            last_point = page.locator("h2 + ul").first.locator("li").last.bounding_box()
            assert first_figure and last_point and last_point["y"] < first_figure["y"]
            notes = page.locator("ol.notes li").count()
            assert notes > 0 and page.locator("sup a").count() >= notes
            page.emulate_media(media="print")
            overflow = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                     .filter(e => {
                       const box = e.getBoundingClientRect(), svg = e.closest('svg');
                       if (e.tagName === 'text') {  // a label must stay inside its drawing
                         const frame = svg.getBoundingClientRect();
                         return box.left < frame.left - 1 || box.right > frame.right + 1;
                       }
                       return (!svg || e.tagName === 'svg') && box.right > width + 1;
                     })
                     .map(e => e.tagName + ': ' + (e.textContent || '').slice(0, 60))""",
                PRINT_WIDTH,
            )
            assert overflow == []
            heights = page.evaluate(
                "() => [...document.querySelectorAll('figure')].map(f => f.getBoundingClientRect().height)"
            )
            assert heights and max(heights) < PRINT_HEIGHT
            pdf = page.pdf(
                format="A4", margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
            )
            assert errors == []
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
