"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Playwright's synchronous API runs an event loop in this thread; the ORM calls the tests make
between browser steps are still synchronous, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import os
import shutil

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-background-networking",  # the machines have no internet: no calls home
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


# The phone the portal was tried on: 375 × 812 CSS pixels, touch, a mobile browser's layout.
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


class BrowserSession:
    """A browser context that records every Content-Security-Policy violation its pages report."""

    def __init__(self, browser, base_url, **options):
        self.context = browser.new_context(base_url=base_url, locale="fr-FR", **options)
        self.context.set_default_timeout(10_000)
        self.csp_violations: list[str] = []
        self.page = self.new_page()

    def new_page(self):
        page = self.context.new_page()
        page.on("console", self._record)
        return page

    def _record(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def close(self):
        self.context.close()


@pytest.fixture
def browser_session(browser, live_server):
    sessions = []

    def open_session(**options):
        """A new browser window; `browser_session(**PHONE)` for a phone's screen."""
        session = BrowserSession(browser, live_server.url, **options)
        sessions.append(session)
        return session

    yield open_session
    for session in sessions:
        session.close()
