"""The demo never mixes with real data (a separate module: test_demo.py keeps demo rows for the module)."""

import pytest


@pytest.mark.django_db
def test_demo_is_refused_next_to_real_organizations():
    from ppuri.demo.services import DemoRefusedError, demo_load
    from ppuri.registry.models import Organization

    Organization.objects.create(name="실제정밀", normalized_name="실제정밀")
    with pytest.raises(DemoRefusedError):
        demo_load(seed=1)
    assert not Organization.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_demo_is_refused_in_production(settings):
    from ppuri.demo.services import DemoRefusedError, demo_load
    from ppuri.registry.models import Organization

    settings.PRODUCTION = True
    with pytest.raises(DemoRefusedError):
        demo_load(seed=1)
    assert not Organization.objects.exists()
