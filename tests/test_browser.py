"""The HTML reports, opened in a real browser (headless Chromium)."""

import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium; .ci/run does it)"),
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium(tmp_path, *args):
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_index_links_every_report_and_each_page_renders(built_reports, tmp_path):
    out, results = built_reports
    index = chromium(tmp_path, "--dump-dom", (out / "index.html").as_uri())
    assert "<h1>mediacompare reports</h1>" in index
    for comparison, notebook_results in results.items():
        for result in notebook_results:
            assert f'href="{comparison}/{result.html}"' in index
            page = chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom", (out / comparison / result.html).as_uri())
            assert f"<title>{result.title}" in page
            assert "<table" in page and "<img" in page  # tables and a figure made it into the page
            assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page  # no warning, no error


def test_overview_page_screenshot_is_not_blank(built_reports, tmp_path):
    out, _ = built_reports
    shot = tmp_path / "overview.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,900",
             (out / "sputnik-vs-moscow-times" / "01_overview.html").as_uri())
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.size == (1200, 900)
    low, high = image.getextrema()
    assert high - low > 200  # text and tables drawn, not an empty page
