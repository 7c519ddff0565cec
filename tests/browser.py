"""Headless Chromium for tests that must see a page as a reader does: scripts run,
charts drawn, filters clicked, screenshots taken, and every network request the page
makes recorded, so a test can show that nothing is loaded from another site.

Use the `chromium` fixture (re-export it from a conftest: `from tests.browser import
chromium  # noqa: F401`):

    def test_the_site(chromium: Chromium, tmp_path: Path) -> None:
        page = chromium.open(tmp_path / "site" / "index.html")   # or an http:// URL
        page.choose("#focus-area", "access")
        assert page.text("#total-pledges") == "3"
        page.screenshot("desktop")                  # tmp_path/screenshots/desktop.png
        page.emulate(390, 844, mobile=True)          # a phone
        assert page.requests_outside(tmp_path / "site") == []
        assert page.console_errors() == []

`headless_chromium(folder)` is the same browser for a `with` block (a module-scoped
fixture, say). `serve_directory(root)` serves a folder over HTTP on 127.0.0.1 for as long as its
`with` block lasts, for pages that must behave as they would on a web server.

Tests skip, saying why, where Chromium or ChromeDriver is not installed (the Debian
packages `chromium` and `chromium-driver`; `.ci/run` installs them)."""

from __future__ import annotations

import base64
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver",)
ARGUMENTS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-default-apps", "--disable-sync",
             "--hide-scrollbars", "--force-color-profile=srgb")
"""Headless, and quiet: no update checks or other traffic of the browser's own that
would blur the record of what the page requested."""
DESKTOP = (1280, 900)
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "devtools")
"""What a page may request without anything leaving it: its own inline data."""


def _which(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@dataclass(frozen=True)
class Request:
    """One request the page made, as the DevTools protocol reported it."""

    url: str
    method: str
    resource_type: str


class Page:
    """An open page: the Selenium `driver`, the page's requests and console messages
    so far, and screenshots saved under the test's `screenshots` directory."""

    def __init__(self, driver: WebDriver, screenshots: Path) -> None:
        self.driver = driver
        self._screenshots = screenshots
        self._requests: list[Request] = []
        self._console: list[dict[str, Any]] = []

    @property
    def requests(self) -> list[Request]:
        """Every request since the browser started (Network.requestWillBeSent)."""
        entries: list[dict[str, Any]] = self.driver.get_log(  # type: ignore[no-untyped-call]
            "performance")
        for entry in entries:
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                params = message["params"]
                self._requests.append(Request(params["request"]["url"],
                                              params["request"]["method"],
                                              params.get("type", "")))
        return list(self._requests)

    def requests_outside(self, root: Path | str) -> list[str]:
        """The URLs requested that are neither under `root` (a folder, for file://
        pages, or a base URL such as http://127.0.0.1:8123/) nor the page's own inline
        data: what a test of a self-contained site expects to be empty."""
        return [r.url for r in self.requests if not _within(r.url, root)]

    def console_errors(self) -> list[str]:
        """Console messages of level SEVERE: script errors, refused loads, and
        Content-Security-Policy violations."""
        self._console.extend(self.driver.get_log("browser"))  # type: ignore[no-untyped-call]
        return [entry["message"] for entry in self._console if entry["level"] == "SEVERE"]

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str) -> str:
        """The element's text as rendered (what a reader sees, trimmed)."""
        return str(self.find(css).text).strip()

    def click(self, css: str) -> None:
        self.find(css).click()

    def choose(self, css: str, value: str) -> None:
        """Picks the option with this value in a <select>, as a reader would."""
        Select(self.find(css)).select_by_value(value)

    def type(self, css: str, text: str) -> None:
        field = self.find(css)
        field.clear()
        field.send_keys(text)

    def run(self, script: str, *args: Any) -> Any:
        """Runs JavaScript in the page (`return …` gives a value back)."""
        return self.driver.execute_script(script, *args)

    def emulate(self, width: int, height: int, *, mobile: bool = False) -> None:
        """Shows the page as a screen of this size would (a phone with `mobile`)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1,
            "mobile": mobile})

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        """Saves a PNG of the page (all of it, beyond the window, unless `full_page`
        is off) as `screenshots/<name>.png` and returns its path."""
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": full_page})
        path = self._screenshots / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def _within(url: str, root: Path | str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    if isinstance(root, Path):
        if parts.scheme != "file":
            return False
        return Path(unquote(parts.path)).resolve().is_relative_to(root.resolve())
    base = urlsplit(root)
    return ((parts.scheme, parts.netloc) == (base.scheme, base.netloc)
            and parts.path.startswith(base.path or "/"))


class Chromium:
    """One headless browser for one test; `open` shows a page in it."""

    def __init__(self, driver: WebDriver, screenshots: Path) -> None:
        self.driver = driver
        self._screenshots = screenshots

    def open(self, where: Path | str, *, size: tuple[int, int] = DESKTOP) -> Page:
        """Opens a local file (a Path) or a URL and waits until it has loaded."""
        self.driver.set_window_size(*size)
        page = Page(self.driver, self._screenshots)
        self.driver.get(where.resolve().as_uri() if isinstance(where, Path) else where)
        return page


def start_chromium() -> WebDriver:
    """A headless Chromium recording the page's network and console, or a skip that
    says what to install."""
    browser, driver = _which(CHROMIUM_NAMES), _which(DRIVER_NAMES)
    if browser is None or driver is None:
        missing = " and ".join(name for name, found in (("Chromium", browser),
                                                         ("ChromeDriver", driver))
                               if found is None)
        pytest.skip(f"no {missing} on this machine: install the Debian packages chromium "
                    "and chromium-driver (.ci/run does) to run the browser tests")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ARGUMENTS:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


@contextmanager
def headless_chromium(folder: Path) -> Iterator[Chromium]:
    """A headless Chromium for a `with` block, screenshots in `folder`/screenshots (for
    a fixture of wider scope than the `chromium` one, or outside a fixture)."""
    driver = start_chromium()
    try:
        yield Chromium(driver, folder / "screenshots")
    finally:
        driver.quit()


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Chromium]:
    """A headless Chromium whose screenshots go to tmp_path/screenshots."""
    with headless_chromium(tmp_path) as browser:
        yield browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Served requests are the browser's record to check, not test output."""


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serves `root` at http://127.0.0.1:<free port>/ (the base URL is yielded), as
    any static web server would, until the block ends."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
