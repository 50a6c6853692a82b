"""The demo handbook served on 127.0.0.1 and opened in Debian's headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from ..conftest import run_build, write_project

# Debian's package; scripts/test.sh points CJM_CHROMIUM at whichever `chromium` it found.
CHROMIUM = os.environ.get("CJM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
# Lines test_axe.py reports at the end of the run: what it checked and the findings it accepts.
AXE_REPORT = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, config) -> None:
    lines = config.stash.get(AXE_REPORT, [])
    if lines:
        terminalreporter.section("axe-core: pages checked and accepted findings")
        for line in lines:
            terminalreporter.write_line(line)


# Colours as the browser computes them (rgb() or color(srgb)), blended and compared the way
# WCAG measures contrast: `backdrop(element)` is what is painted behind it (its ancestors'
# backgrounds, translucent ones blended), `ratio(fg, bg)` the contrast of fg laid over bg.
COLOUR_MATH = """
const parse = (text) => {
  let m = text.match(/^rgba?\\(([^)]*)\\)/);
  if (m) {
    const n = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1];
  }
  m = text.match(/^color\\(srgb ([^)]*)\\)/);
  if (m) {
    const n = m[1].split(/[\\s\\/]+/).filter(Boolean).map(Number);
    return [n[0] * 255, n[1] * 255, n[2] * 255, n.length > 3 ? n[3] : 1];
  }
  if (text === 'transparent' || text === 'none') return [0, 0, 0, 0];
  throw new Error(`cannot read the colour ${text}`);
};
const over = (top, bottom) => [0, 1, 2].map(i => top[3] * top[i] + (1 - top[3]) * bottom[i])
  .concat([1]);
const backdrop = (element) => {
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const colour = parse(getComputedStyle(e).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
};
const luminance = (rgb) => {
  const [r, g, b] = rgb.slice(0, 3).map(c => c / 255)
    .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (fg, bg) => {
  const [a, b] = [luminance(over(fg, bg)), luminance(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
};"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A built site over http on 127.0.0.1: search runs in a web worker, which file:// URLs
    cannot start. Yields the site's base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(demo_build) -> str:
    """The demo site."""
    assert demo_build.returncode == 0, demo_build.log
    with serve(demo_build.site) as url:
        yield url


def twelve_stages() -> str:
    """A map wider than the window: 12 stages with 0 to 3 touchpoints, long names, a stage
    without a score."""
    stages = []
    for n in range(12):
        name = (f"Stage {n + 1}" if n % 4 else
                f"Stage {n + 1} with a name long enough to wrap over lines")
        stage = f"  - name: {name}\n    goals: [Goal of stage {n + 1}]\n"
        if n == 6:  # no score: the line crosses it dashed
            stages.append(stage + "    touchpoints:\n      - {channel: Web, name: Unrated step}\n")
            continue
        touchpoints = "".join(f"      - {{channel: Web, name: Step {n + 1}.{k + 1}, "
                              f"emotion: {(n + k) % 5 - 2}}}\n" for k in range(n % 4))
        stages.append(stage + (f"    touchpoints:\n{touchpoints}" if touchpoints
                               else f"    emotion: {n % 5 - 2}\n"))
    return ("title: Twelve stages\npersona: pat\nstatus: current\nstages:\n"
            + "".join(stages))


def six_stages() -> str:
    """A small map that prints on A4: six stages of short lanes, a narrative and a KPI."""
    stages = "".join(
        f"  - name: Step {n + 1}\n    goals: [Get step {n + 1} done]\n"
        f"    touchpoints:\n      - {{channel: Web, name: Page {n + 1}, emotion: {n % 3 - 1}}}\n"
        for n in range(6))
    return ("title: Six stages\npersona: pat\nstatus: current\n"
            "description: Pat goes through six short steps.\nstages:\n" + stages
            + "    kpis:\n      - {name: Done in one go, value: 70, target: 80, unit: '%'}\n")


@pytest.fixture(scope="session")
def wide_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A handbook of its own with a 12-stage map (the demo's widest has 8) and a 6-stage one
    small enough for A4."""
    project = write_project(tmp_path_factory.mktemp("wide"), {
        "journeys/personas/pat.yml": "name: Pat Example\nquote: Just tell me what is next.\n"
                                     "goals: [Finish in one go]\n",
        "journeys/twelve.yml": twelve_stages(),
        "journeys/six.yml": six_stages(),
    }, config=WIDE_CONFIG)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    with serve(build.site) as url:
        yield url


# The demo's theme settings: palettes with a toggle, no web fonts.
WIDE_CONFIG = """\
site_name: Wide maps
theme:
  name: material
  font: false
  palette:
    - scheme: default
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - scheme: slate
      toggle: {icon: material/brightness-4, name: Switch to light mode}
plugins:
  - search
  - cjm
"""


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page in its own browser context, and everything it fetched or complained about."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, browser: Browser, base: str, **context_options) -> Visit:
        """A fresh context: desktop size and light palette unless told otherwise."""
        context = browser.new_context(**{"viewport": DESKTOP, "color_scheme": "light",
                                         **context_options})
        visit = cls(context.new_page(), base)
        visit.page.on("request", lambda request: visit.requests.append(request.url))
        visit.page.on("console", lambda message: message.type == "error"
                      and visit.errors.append(message.text))
        visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
        return visit

    def close(self) -> None:
        self.page.context.close()

    def open(self, path: str, wait_until: str = "networkidle") -> Page:
        self.page.goto(self.base + path, wait_until=wait_until)
        return self.page

    def foreign_requests(self) -> list[str]:
        local = urlsplit(self.base).netloc
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != local]

    def screenshot(self, name: str) -> Path:
        """A full-page PNG in tests/screenshots/, for a person to look at after a run."""
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def pdf(self, name: str, **options) -> bytes:
        SCREENSHOTS.mkdir(exist_ok=True)
        return self.page.pdf(path=str(SCREENSHOTS / name), **options)


@pytest.fixture
def new_visit(browser: Browser, site_url: str):
    """new_visit(**context_options) -> Visit, closed after the test; `base` picks another
    site than the demo."""
    visits = []

    def make(base: str = site_url, **context_options) -> Visit:
        visits.append(Visit.start(browser, base, **context_options))
        return visits[-1]

    yield make
    for visit in visits:
        visit.close()


@pytest.fixture
def visit(new_visit) -> Visit:
    return new_visit()


@pytest.fixture(scope="module")
def static_visit(browser: Browser, site_url: str):
    """One page without the theme's scripts, for a quick tour of the markup as generated."""
    visit = Visit.start(browser, site_url, java_script_enabled=False)
    yield visit
    visit.close()
