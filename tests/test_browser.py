"""The report page in a real browser: headless Chromium (Debian's package) opens the file
written by ``rulegov report``, and the charts, highlights and links are checked in the DOM it
renders. Screenshots are saved next to the page (and to $RULEGOV_SCREENSHOT_DIR when set, which
is how docs/img/ is refreshed)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rulegov_nlp
from rulegov_nlp.cli import app
from tests.conftest import ROOT
from tests.test_report import FORESTRY, VILLAGE

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHARTS = ("completeness", "laws", "misspellings", "commitments", "sections")
LABELS = ("LAW", "COMMITMENT", "PARTY")


def find_browser() -> str:
    for name in BROWSERS:
        if path := shutil.which(name):
            return path
    pytest.skip(
        f"no headless browser found (tried {', '.join(BROWSERS)}); .ci/run installs Debian's chromium"
    )


def chromium(browser: str, profile: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    """One headless run; virtual time lets the charts finish drawing before the DOM is read."""
    command = [
        browser, "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args, url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def page(tmp_path_factory, nlp) -> Path:
    """The page for the example, two reports written for the tests and the corpus test split
    (re-extracted), made by the command line as a user would."""
    folder = tmp_path_factory.mktemp("browser")
    texts = folder / "texts"
    texts.mkdir()
    (texts / "songling_forestry_2022.txt").write_text(FORESTRY, encoding="utf-8")
    (texts / "taoxi_village_2023.txt").write_text(VILLAGE, encoding="utf-8")
    corpus = [
        json.loads(line) for line in (ROOT / "corpus" / "test.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    records = folder / "corpus_test.jsonl"
    with records.open("w", encoding="utf-8") as fh:
        for gold in corpus:
            record = rulegov_nlp.extract(gold["text"], nlp=nlp, record_id=f"corpus/{gold['id']}")
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    shutil.copy(ROOT / "examples" / "qingchuan_town_2023.txt", texts)
    out = folder / "report.html"
    cwd = Path.cwd()
    os.chdir(folder)  # relative paths, so the page names the reports as a user would see them
    try:
        result = CliRunner().invoke(app, ["report", "texts", records.name, "-o", out.name])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out


def screenshot(browser: str, page: Path, fragment: str, name: str, height: int) -> Path:
    shot = page.parent / name
    chromium(browser, page.parent / "profile", page.as_uri() + fragment, f"--screenshot={shot}",
             f"--window-size=1280,{height}")  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if target := os.environ.get("RULEGOV_SCREENSHOT_DIR"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / name)
    return shot


def test_summary_charts_are_drawn(page):
    browser = find_browser()
    dom = chromium(browser, page.parent / "profile", page.as_uri(), "--dump-dom").stdout
    for name in CHARTS:
        drawn = re.search(rf'id="chart-{name}"[^>]*>((?:(?!id="chart-).)*)', dom, re.S)
        assert drawn, f"chart {name} missing"
        assert re.search(r"<(svg|canvas)\b", drawn.group(1)), f"chart {name} was not drawn"
        assert "<path" in drawn.group(1), f"chart {name} has no marks"
    assert 'data-failed="true"' not in dom
    assert re.search(r'<section class="view summary" id="summary">', dom)  # shown, not hidden
    screenshot(browser, page, "", "report-summary.png", 1900)


def test_report_page_highlights_every_label_and_links_back(page):
    browser = find_browser()
    dom = chromium(browser, page.parent / "profile", page.as_uri() + "#report-0", "--dump-dom").stdout
    view = re.search(
        r'<section class="view report" id="report-0">(.*?)</section>\s*<section class="view', dom, re.S
    )
    assert view, "the first report's view is missing or hidden"
    assert re.search(r'<section class="view summary" id="summary" hidden', dom)  # one view at a time
    for label in LABELS:
        assert f'class="ent ent-{label}" data-ent=' in view.group(1), label
    assert '<a class="back" href="#summary">' in view.group(1)
    assert "治安管理法" in view.group(1) and "治安管理处罚法" in view.group(1)  # the misspelling check
    screenshot(browser, page, "#report-0", "report-page.png", 1400)
