from django.core.cache import cache
from django.http import HttpRequest

from ppuri.registry.models import Organization

DEMO_FLAG_CACHE_KEY = "registry:holds-demo-data"


def demo_data(request: HttpRequest) -> dict[str, object]:
    """Every page says so while the database holds demo organizations, however Ppuri was started."""
    holds_demo = cache.get(DEMO_FLAG_CACHE_KEY)
    if holds_demo is None:
        holds_demo = Organization.objects.filter(is_demo=True).exists()
        cache.set(DEMO_FLAG_CACHE_KEY, holds_demo, timeout=60)
    return {"PPURI_DEMO": holds_demo}
