"""The README's picture of a journey page: the demo handbook built, served on 127.0.0.1 and
opened in Debian's headless Chromium; the title, persona card and map saved as WebP.

    bash scripts/test.sh tests/test_docs.py   # once: the virtualenv with the test extras
    .venv/bin/python scripts/screenshot.py    # writes docs/assets/journey-map.webp

Run it again after a change to how the map looks, and commit the image with the change.
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "docs" / "assets" / "journey-map.webp"
PAGE = "journeys/first-purchase/"
WINDOW = {"width": 1440, "height": 2000}  # tall enough for the whole map to show unscrolled
CHROMIUM = os.environ.get("CJM_CHROMIUM", "/usr/bin/chromium")
QUALITY = 80  # WebP: sharp text at about a tenth of a PNG's size


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(site: Path) -> None:
    """The demo as a maintainer builds it, with the mkdocs beside this Python."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=REPO, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def capture(site: Path, output: Path, scheme: str) -> int:
    """The page from its title to the map's last row; returns the image's size in bytes."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport=WINDOW, color_scheme=scheme)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PAGE}",
                      wait_until="networkidle")
            bottom = page.evaluate(
                "document.querySelector('.cjm-map-scroll').getBoundingClientRect().bottom")
            # Playwright writes PNG or JPEG only; Chromium itself writes WebP.
            shot = page.context.new_cdp_session(page).send("Page.captureScreenshot", {
                "format": "webp", "quality": QUALITY,
                "clip": {"x": 0, "y": 0, "width": WINDOW["width"], "height": bottom + 16,
                         "scale": 1}})
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    data = base64.b64decode(shot["data"])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build(site)
        size = capture(site, args.output, args.scheme)
    print(f"{args.output}: {size // 1024} KB")


if __name__ == "__main__":
    main()
