"""tests/browser.py itself: a request to another site is recorded (so a test that finds
none has looked), a Content-Security-Policy refusal shows among the console errors, and
screenshots land in the test's folder, and without Chromium the test skips, saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import browser
from tests.browser import headless_chromium, serve_directory

LEAKY = """<!doctype html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self'">
</head><body><h1>Leaky</h1><img src="https://tracker.example.invalid/pixel.png"></body></html>
"""


def test_a_request_to_another_site_is_recorded_and_refused(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "leaky.html").write_text(LEAKY, encoding="utf-8")
    with headless_chromium(tmp_path) as chromium:
        page = chromium.open(tmp_path / "site" / "leaky.html")
        assert page.text("h1") == "Leaky"
        assert page.requests_outside(tmp_path / "site") == [
            "https://tracker.example.invalid/pixel.png"]
        [refusal] = page.console_errors()
        assert "violates the following Content Security Policy directive" in refusal
        shot = page.screenshot("leaky")
    assert shot == tmp_path / "screenshots" / "leaky.png"
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_a_served_page_is_judged_by_its_base_url(tmp_path: Path) -> None:
    (tmp_path / "leaky.html").write_text(LEAKY, encoding="utf-8")
    with serve_directory(tmp_path) as base, headless_chromium(tmp_path) as chromium:
        page = chromium.open(base + "leaky.html")
        assert page.requests_outside(base) == ["https://tracker.example.invalid/pixel.png"]
        assert next(r.url for r in page.requests) == base + "leaky.html"


def test_without_chromium_the_test_skips_saying_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception) as skipped:
        browser.start_chromium()
    assert str(skipped.value.msg).startswith("no Chromium and ChromeDriver on this machine: "
                                            "install the Debian packages chromium and "
                                            "chromium-driver")
