"""The jobs pages in English (the header's switch): labels, stages, reasons and qualification names in
English; no Hangul on the page when the data itself is written in English."""

import re

import pytest

from ppuri.talent import services
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory
from tests.talent.conftest import make_seeker, open_job
from tests.test_english import english_client, visible_text

HANGUL = re.compile(r"[\uac00-\ud7a3]+")


@pytest.fixture
def english_world(db):
    company = OrganizationFactory(name="한빛용접(주)", name_en="Hanbit Welding Co., Ltd.")
    SiteFactory(organization=company, address="215 Namdong-daero, Namdong-gu, Incheon", district="Namdong-gu")
    admin = MembershipFactory(organization=company, user__username="welder-admin").user
    job = open_job(
        admin,
        company,
        title="Pipe welder (SMAW)",
        description="Structural and pipe welding.",
        shift="three_shift",
    )
    seeker = make_seeker("min", display_name="Min Lee", experience_years=0)
    return company, admin, job, seeker


def _no_hangul(text: str, *allowed: str) -> None:
    for word in allowed:
        text = text.replace(word, "")
    assert not HANGUL.findall(text), HANGUL.findall(text)[:20]


@pytest.mark.django_db
def test_the_postings_and_a_posting_in_english(english_world):
    _company, _admin, job, seeker = english_world
    anonymous = english_client()
    listing = visible_text(anonymous.get("/jobs/"))
    assert "Pipe welder (SMAW)" in listing and "Hanbit Welding Co., Ltd." in listing
    _no_hangul(listing, "한국어", "뿌리")  # the language switch and the logo
    page = visible_text(english_client(seeker).get(job.get_absolute_url()))
    assert "Required qualification held: Craftsman Shielded Metal Arc Welding" in page or "Shielded" in page
    _no_hangul(page, "한국어", "뿌리")


@pytest.mark.django_db
def test_the_seekers_matches_and_the_companys_applicant_in_english(english_world):
    _company, admin, job, seeker = english_world
    matches = visible_text(english_client(seeker).get("/jobs/me/matches/"))
    assert "Pipe welder (SMAW)" in matches
    _no_hangul(matches, "한국어", "뿌리")
    application = services.application_submit(actor=seeker, job=job, message="", consent=True)
    page = visible_text(english_client(admin).get(f"/jobs/applications/{application.pk}/"))
    assert "Min Lee" in page and "Received" in page
    _no_hangul(page, "한국어", "뿌리")
