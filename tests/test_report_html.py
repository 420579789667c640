"""summary.html: one self-contained file, and it renders with its charts in headless
Chromium (Debian's `chromium`; .ci/run installs it). Without a browser the render test
says so and skips."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers.report import DECLARATION

from provscan.declaration import load_declaration
from provscan.report import write_report
from provscan.store import Catalog

CHARTS = ("domains", "languages", "optouts", "licences", "time")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Appended to a copy of the page: measures every chart after layout and writes the result
# into the DOM, which --dump-dom prints. The report itself carries no script.
PROBE = """<script>
const charts = [...document.querySelectorAll("svg.chart")].map(svg => {
  const box = svg.getBoundingClientRect();
  const bars = [...svg.querySelectorAll("rect")].filter(r => {
    const b = r.getBBox(); return b.width > 0 && b.height > 0; }).length;
  return {chart: svg.dataset.chart, width: box.width, height: box.height, bars: bars};
});
const pre = document.createElement("pre");
pre.id = "probe";
pre.textContent = JSON.stringify({charts: charts, height: document.body.scrollHeight,
  h2: [...document.querySelectorAll("h2")].map(h => h.textContent)});
document.body.appendChild(pre);
</script>"""


@pytest.fixture(scope="module")
def page(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    with Catalog(sample_store, read_only=True) as cat:
        write_report(cat, out, declaration=load_declaration(DECLARATION),
                     now=datetime(2026, 12, 1, tzinfo=timezone.utc))
    return out / "summary.html"


def test_the_html_is_self_contained(page: Path) -> None:
    html = page.read_text()
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"url\(", html)
    for name in CHARTS:
        assert f'data-chart="{name}"' in html, name
    assert html.count('<svg class="chart"') == len(CHARTS)


def _browser() -> str | None:
    return next((b for b in map(shutil.which, BROWSERS) if b), None)


def _run(browser: str, args: list[str], tmp: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--enable-logging=stderr",
             "--v=0", f"--user-data-dir={tmp / 'profile'}", "--window-size=1200,3000"]
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True,
                          timeout=60, check=False)


def test_the_html_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser installed (Debian: apt-get install chromium); "
                    "the HTML render test did not run")
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text().replace("</body>", PROBE + "</body>"))
    dom = _run(browser, ["--dump-dom", probe.as_uri()], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    assert m, "the page did not load or lay out"
    result: dict[str, Any] = json.loads(m.group(1).replace("&quot;", '"')
                                        .replace("&amp;", "&"))
    charts = {c["chart"]: c for c in result["charts"]}
    assert set(charts) == set(CHARTS)
    for name, c in charts.items():
        assert c["width"] > 100 and c["height"] > 30, name
        assert c["bars"] > 0, name
    assert result["height"] > 3000
    assert result["h2"][:3] == ["1. General information", "2. List of data sources",
                                "3. Data processing aspects"]
    errors = [x for x in dom.stderr.splitlines() if ":CONSOLE" in x or "ERR_" in x]
    assert errors == []
    shot = tmp_path / "page.png"
    _run(browser, [f"--screenshot={shot}", page.as_uri()], tmp_path)
    assert shot.exists() and shot.stat().st_size > 20_000  # a rendered page, not blank
