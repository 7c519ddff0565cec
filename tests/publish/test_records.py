"""Where a pledge's page is written: a reference loaded from elsewhere cannot name a
path outside `pledges/`, a hidden file or a page of another kind."""

from __future__ import annotations

import pytest

from bot.publish.records import page_path


@pytest.mark.parametrize(("reference", "page"), [
    ("P2C-2026-00042", "pledges/P2C-2026-00042.html"),
    ("../../etc/passwd", "pledges/______etc_passwd.html"),
    (".htaccess", "pledges/_htaccess.html"),
    ("x.html?y", "pledges/x_html_y.html"),
    ("ITU/2021 42", "pledges/ITU_2021_42.html"),
])
def test_a_reference_becomes_a_plain_file_name(reference: str, page: str) -> None:
    assert page_path(reference) == page
