"""Renders the dbt docs site's full lineage graph to docs/images/dbt-lineage.png.

`.venv/bin/python scripts/dbt_lineage_screenshot.py` after `dbt docs generate` (`make docs`): it
serves dbt_project/target/ on 127.0.0.1, opens the lineage view in headless Chromium (the one the
browser tests use) and saves what it shows.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "dbt_project" / "target"
OUTPUT = ROOT / "docs" / "images" / "dbt-lineage.png"
CHROMIUM = "/usr/bin/chromium"
# The docs site's "View Lineage Graph": every node of the project, sources to exposures.
LINEAGE = "#!/overview?g_v=1"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line per request: the site asks for a few icons it does not ship."""


def serve(site: Path) -> ThreadingHTTPServer:
    """A static file server for `site` on a free port of 127.0.0.1, in a daemon thread."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def screenshot(url: str, output: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            # Wide enough for the ~100 nodes to be legible, small enough for a ~400 KB PNG.
            page = browser.new_page(
                viewport={"width": 1800, "height": 1000}, device_scale_factor=1.4
            )
            page.goto(url)
            # The graph is drawn on canvases once its layout settles.
            page.wait_for_selector("#cy canvas", timeout=60_000)
            page.wait_for_timeout(3_000)
            page.locator("#cy").screenshot(path=str(output))
        finally:
            browser.close()


def main() -> int:
    if not (SITE / "manifest.json").exists() or not (SITE / "index.html").exists():
        print(f"{SITE} holds no docs site: run `dbt docs generate` first", file=sys.stderr)
        return 1
    server = serve(SITE)
    try:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        screenshot(f"http://127.0.0.1:{server.server_port}/{LINEAGE}", OUTPUT)
    finally:
        server.shutdown()
    print(f"saved {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
