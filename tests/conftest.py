import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    used = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in used or "live_server" in used


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the reference data the migrations wrote
    too (the 34 provinces in force): it is written back, so the tests after it (in whatever order
    pytest-xdist hands them out) see a database as migrated."""
    result = yield
    if nextitem is not None and _flushes_the_database(item):  # after the last test the database is gone
        import importlib

        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        provinces = importlib.import_module("ocop.areas.migrations.0002_provinces_2025")
        with item.config.stash[blocking_manager_key].unblock():
            provinces.add_provinces(apps, None)
    return result


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_listing_cache():
    """Listing results are cached in the process's memory: no test sees another test's."""
    from django.core.cache import caches

    caches["listings"].clear()


@pytest.fixture
def artifacts_dir(request) -> Path:
    path = ARTIFACTS / request.node.name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture
def seeded(db):
    from seeds.loader import load

    load(images=False, quiet=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("OCOP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
