"""The demo handbook served on 127.0.0.1 and opened in Debian's headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Debian's package; scripts/test.sh points CJM_CHROMIUM at whichever `chromium` it found.
CHROMIUM = os.environ.get("CJM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(demo_build) -> str:
    """The demo site over http: search runs in a web worker, which file:// URLs cannot start."""
    assert demo_build.returncode == 0, demo_build.log
    handler = functools.partial(_QuietHandler, directory=str(demo_build.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


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
    """new_visit(**context_options) -> Visit, closed after the test."""
    visits = []

    def make(**context_options) -> Visit:
        visits.append(Visit.start(browser, site_url, **context_options))
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
