"""Fixtures of the browser tests: a live server on a free port and Debian's Chromium.

The server is uvicorn in a background thread, serving the app of a fresh test world (a
temporary SQLite database, the test users). Chromium is Debian's (``/usr/bin/chromium``);
Playwright's own browser download is not used. Without it the tests are skipped locally,
and fail under ``CI=true``, where a skip would hide that nothing was tested.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.integration.web.world import World, build_world

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The world the live server serves (a test may add to its store)."""
    world = build_world(tmp_path_factory.mktemp("browser"))
    yield world
    world.store.engine.dispose()


@contextmanager
def serving(app: FastAPI, port: int) -> Iterator[None]:
    """``app`` served by uvicorn on 127.0.0.1:``port`` in a background thread, while in the
    block (the block starts once the server accepts connections)."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.05)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(live_world: World) -> Iterator[str]:
    """The base URL of a running server (``localhost``, where Secure cookies are allowed)."""
    port = _free_port()
    with serving(live_world.app, port):
        yield f"http://localhost:{port}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires the browser tests to run. {message}")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


#: How long a step or an expectation may wait (ms). Playwright's 5 s for ``expect`` and the
#: 10 s set here before were exceeded on a machine at load average 15–20 (the API docs' script
#: still loading, a navigation not finished): a timeout there is the machine, not the page.
WAIT_MS = 30_000


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page screenshot as a test artifact (``artifacts/screenshots``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
