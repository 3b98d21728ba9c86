"""Record the scripts a lesson page loads, for the page to ask for them all at once.

Run ``.venv/bin/python tools/record_page_scripts.py`` after changing the version of Voilà,
anywidget or jupyterlab_widgets; it rewrites ``metsedu/server/page_scripts.json``. The
browser test ``ui-tests/test_assets_in_browser.py`` fails, naming this script, when the list
no longer matches what a page loads.

Why: Voilà's bundle finds the scripts it needs in three waves, each only after the one
before has run (its chunks, then the widget extensions, then the chunks the notebook's
widgets need), and a page sits idle on the network in between. Named in the page's head as
``<link rel="preload">``, every script is fetched from the start (see the lesson template).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from metsedu.server.page_scripts import RECORD, installed_versions  # noqa: E402
from tests.browser import CHROMIUM_ARGS, find_chromium  # noqa: E402
from tests.processes import free_port  # noqa: E402

BUNDLE = re.compile(r"/voila/static/v-[0-9a-f]+/(?P<name>[^/?]+)$")
EXTENSION = re.compile(r"/voila/labextensions/(?P<path>.+)$")
#: Pages recorded: the start page (body map) and a lesson in each language (quiz).
PAGES = ["00-start.ipynb", "02-bones.ipynb", "02-bones.es.ipynb"]


def recorded(url: str) -> tuple[list[str], list[str]]:
    from playwright.sync_api import sync_playwright

    bundle: list[str] = []
    extensions: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        for name in PAGES:
            context = browser.new_context()
            tab = context.new_page()

            def seen(request, bundle=bundle, extensions=extensions) -> None:
                if request.resource_type != "script":
                    return
                path = request.url.removeprefix(url)
                if found := BUNDLE.search(path):
                    if found["name"] != "voila.js" and found["name"] not in bundle:
                        bundle.append(found["name"])
                elif (found := EXTENSION.search(path)) and found["path"] not in extensions:
                    extensions.append(found["path"])

            tab.on("request", seen)
            tab.goto(f"{url}/voila/render/{name}")
            tab.wait_for_selector(".metsedu-quiz, .metsedu-body-map", timeout=60_000)
            tab.wait_for_load_state("networkidle")
            context.close()
        browser.close()
    return bundle, extensions


def main() -> int:
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen(
            [
                *(str(Path(sys.executable).parent / "metsedu"), "serve", "--port", str(port)),
                *("--data-dir", data, "--no-preheat", "--no-preload-scripts"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/", timeout=5).read()
                    break
                except OSError:
                    time.sleep(0.2)
            bundle, extensions = recorded(url)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    record = {"versions": installed_versions(), "bundle": bundle, "labextensions": extensions}
    RECORD.write_text(json.dumps(record, indent=1) + "\n")
    print(f"{RECORD.relative_to(REPO)}: {len(bundle)} chunks, {len(extensions)} extension scripts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
