"""The programmes' cast beside tests/conftest.py's: the city's programme officer (who edits, like an
operator) and an officer of the free-economic-zone authority (a city-role account)."""

import pytest

from ppuri.accounts.models import Role
from tests.factories import UserFactory


@pytest.fixture
def city_official(db):
    return UserFactory(username="city-official", role=Role.CITY, display_name="인천시 뿌리산업팀 담당자")


@pytest.fixture
def fez_officer(db):
    return UserFactory(username="fez-officer", role=Role.CITY, display_name="경제자유구역청 투자유치 담당관")
