"""The HTML reports, opened in a real browser (headless Chromium)."""

import html
import json
import re
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


#: Run in the page once it has laid out at 1280 px: how wide it is, where the findings and the first table sit,
#: and any cell that shows a traceback, a missing-value marker or a Python repr instead of a value.
CHECK = """<script>
const cells = [...document.querySelectorAll('td')].map(td => td.textContent.trim());
const bad = cells.filter(c => /Traceback|<NA>|^(nan|NaN|None|True|False|\\*)$|^\\(\\d+, \\d+\\)$|^\\[\\(|^\\{'/.test(c));
const findings = document.querySelector('.mc-findings'), table = document.querySelector('table');
document.body.setAttribute('data-check', JSON.stringify({
  width: document.documentElement.scrollWidth, view: window.innerWidth,
  findings: findings ? findings.getBoundingClientRect().top : null,
  table: table ? table.getBoundingClientRect().top : null, bad: bad.slice(0, 5)}));
</script></body>"""


def test_every_page_opens_with_its_findings_fits_1280_px_and_shows_no_raw_value(built_reports, tmp_path):
    out, results = built_reports
    for comparison, notebook_results in results.items():
        for result in notebook_results:
            page = (out / comparison / result.html).read_text(encoding="utf-8")
            probe = out / comparison / f"probe-{result.html}"  # beside the page, so its relative links still work
            probe.write_text(page.replace("</body>", CHECK, 1), encoding="utf-8")
            dom = chromium(tmp_path, "--window-size=1280,900", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
            probe.unlink()
            found = json.loads(html.unescape(re.search(r'data-check="([^"]*)"', dom).group(1)))
            where = f"{comparison}/{result.html}"
            assert found["width"] <= found["view"], f"{where} is {found['width']} px wide in a {found['view']} px window"
            assert found["findings"] is not None, f"{where} has no findings"
            assert found["table"] is None or found["findings"] < found["table"], f"{where}: a table comes before the findings"
            assert found["bad"] == [], f"{where} shows raw values: {found['bad']}"
