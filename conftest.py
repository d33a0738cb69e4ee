"""Shared by every test folder (tests/ and the apps' own tests)."""

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache is shared (files or Redis); tests must not see each other's entries."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
