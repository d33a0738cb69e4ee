"""The desk's cast (a plugin of tests/conftest.py): experts of POSCO, KITECH and Inha, one with an
account per field, and a media folder per test for the files people attach."""

import pytest
from django.test import override_settings

from ppuri.accounts.models import Role
from ppuri.challenges.models import Expert
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.registry.models import Organization
from tests.factories import OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield


def make_expert(
    name,
    institution,
    *,
    technologies=(),
    processes=(),
    materials=(),
    defects=(),
    keywords=(),
    capacity=3,
    user=None,
):
    expert = Expert.objects.create(
        name=name,
        organization=institution,
        capacity=capacity,
        keywords=list(keywords),
        user=user,
        languages=["ko"],
    )
    expert.technologies.set(Technology.objects.filter(slug__in=technologies))
    expert.processes.set(Process.objects.filter(slug__in=processes))
    expert.materials.set(Material.objects.filter(slug__in=materials))
    expert.defects.set(Defect.objects.filter(slug__in=defects))
    return expert


@pytest.fixture
def institutions(db):
    kind = Organization.Kind.RESEARCH_INSTITUTE
    return {
        "posco": OrganizationFactory(name="포스코 기술연구원", kind=kind),
        "kitech": OrganizationFactory(name="한국생산기술연구원", kind=kind),
        "inha": OrganizationFactory(name="인하대학교", kind=Organization.Kind.UNIVERSITY),
    }


@pytest.fixture
def experts(institutions):
    """A heat-treatment expert (with an account), a surface-treatment expert, a casting expert."""
    return {
        "heat": make_expert(
            "김담금",
            institutions["posco"],
            technologies=["heat-treatment"],
            processes=["heat-treatment.quench-temper", "heat-treatment.carburizing"],
            materials=["alloy-steel"],
            defects=["heat-treatment.quench-crack", "heat-treatment.distortion"],
            keywords=["담금질", "균열", "SCM440"],
            user=UserFactory(username="expert-heat", role=Role.EXPERT),
        ),
        "plating": make_expert(
            "이도금",
            institutions["kitech"],
            technologies=["surface-treatment"],
            processes=["surface-treatment.electroplating"],
            defects=["surface-treatment.hydrogen-embrittlement"],
            keywords=["아연도금", "베이킹"],
            user=UserFactory(username="expert-plating", role=Role.EXPERT),
        ),
        "casting": make_expert(
            "박주조",
            institutions["inha"],
            technologies=["casting"],
            processes=["casting.die-casting"],
            materials=["aluminum"],
            defects=["casting.gas-porosity"],
            keywords=["기공", "다이캐스팅"],
        ),
    }
