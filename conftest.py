"""Shared by every test folder (tests/ and the apps' own tests)."""

import sys

import pytest
from django.test import override_settings

# This machine's environment sets PYTHONDONTWRITEBYTECODE, so every pytest process (the controller and
# each xdist worker) would compile Ppuri and rewrite the assertions of ~400 test modules afresh: five
# seconds a process. The suite keeps its bytecode (under __pycache__/, ignored by git) like any Python.
sys.dont_write_bytecode = False

# The modules that take longest (10 s and more on two cores), run first: pytest-xdist hands whole
# modules (--dist loadfile) to whichever worker is free, so a long one dealt last would leave the other
# worker idle while it finishes. Longest first, the rest fill in around them.
LONGEST_FIRST = (
    "tests/importing/test_worker_processes.py",
    "tests/test_leaks.py",
    "ppuri/demo/tests/test_demo.py",
    "tests/test_api_fuzz.py",
    "tests/test_resident_numbers.py",
    "tests/test_role_matrix.py",
    "tests/browser/test_demo_restart.py",
    "tests/test_settings.py",
    "tests/test_search.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: position for position, path in enumerate(LONGEST_FIRST)}
    # sort is stable: within a module, and among the other modules, the order stays as collected.
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture(autouse=True, scope="session")
def _a_cache_and_media_folder_per_worker(tmp_path_factory):
    """Under pytest-xdist each worker is a process of its own: a cache shared between workers would be
    cleared by one worker's test in the middle of another's, and uploads would meet in one media folder.
    The cache is the process's memory: production's file cache is shared between processes, which no
    test here needs (tests/importing/test_worker_processes.py sets up its own), and listing its folder
    on every write cost a few percent of the suite."""
    folder = tmp_path_factory.mktemp("worker")
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "ppuri-tests",
            }
        },
        MEDIA_ROOT=folder / "media",
        # WhiteNoise reads every static file's name and headers when its middleware is made: once per
        # process in production, but once per test client here (50 ms each, thousands of clients).
        # Autorefresh looks a file up when it is asked for instead, as in development.
        WHITENOISE_AUTOREFRESH=True,
        # The anonymous page cache starts a new generation when a write commits, and most tests run in
        # a transaction that never does; tests/test_page_cache.py commits and turns it on.
        PPURI_PAGE_CACHE_SECONDS=0,
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache is shared (files or Redis); tests must not see each other's entries."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_doc_values():
    """Each test's database is rolled back, so search document ids come round again: the in-memory
    doc values (kept for a process's life in production, where ids are never reused) must start empty."""
    from ppuri.search.doc_values import doc_values

    doc_values.clear()
    yield
    doc_values.clear()


@pytest.fixture(autouse=True)
def _forget_talent_facts():
    """The same for the matcher's kept facts (talent.facts): a rolled-back posting or profile leaves no
    trace in the change log, and its id comes round again."""
    from ppuri.talent.facts import DISCOVERABLE_SEEKERS, OPEN_JOBS

    for cache in (OPEN_JOBS, DISCOVERABLE_SEEKERS):
        cache.forget()
    yield
    for cache in (OPEN_JOBS, DISCOVERABLE_SEEKERS):
        cache.forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The cast's passwords are hashed with a fast hasher: PBKDF2's deliberate cost (about 0.3 s a
    user) buys nothing in tests. The settings keep a slow one (tests/test_settings.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _korean_after_each_test():
    """LocaleMiddleware activates a request's language for the thread and nothing resets it, so a test
    client's English request would leave the next test in English; each test starts in Korean."""
    from django.utils import translation

    yield
    translation.deactivate()
