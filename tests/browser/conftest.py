"""Playwright on Debian's Chromium against the live server, with axe-core on every page."""

from __future__ import annotations

import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


class PageChecker:
    """Checks each page a journey visits: zero axe violations, one h1, and a title no other page has."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.titles: dict[str, str] = {}

    def check(self, page) -> None:
        page.wait_for_load_state("load")  # styles applied: axe measures what a person sees
        path = re.sub(r"\?.*", "", page.url.split("//", 1)[1].split("/", 1)[1])
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        assert results.violations_count == 0, f"/{path}: {results.generate_report()}"
        assert page.locator("h1").count() == 1, f"/{path} has {page.locator('h1').count()} h1 elements"
        title = page.title()
        assert title.endswith("– SEND Resolve"), f"/{path}: title {title!r}"
        for other_path, other_title in self.titles.items():
            if other_path != path:
                assert other_title != title, f"/{path} and /{other_path} share the title {title!r}"
        self.titles[path] = title


@pytest.fixture(scope="session")
def pages_checked() -> PageChecker:
    return PageChecker()
