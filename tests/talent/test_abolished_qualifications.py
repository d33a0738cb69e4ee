"""An abolished qualification (특수용접기능사, split on 2023-01-01): its holders are matched as holding the
items it was split into, with a reason that says so; a posting cannot newly ask for it."""

import pytest
from django.core.exceptions import ValidationError

from ppuri.reference.models import Qualification
from ppuri.talent import matching, selectors, services
from ppuri.talent.models import JobPosting, SeekerProfile
from tests.conftest import client_for
from tests.talent.conftest import job_input, make_seeker, open_job, qualifications


@pytest.mark.django_db
def test_the_file_marks_special_welding_abolished_and_counted_as_its_two_successors():
    special = Qualification.objects.get(slug="special-welding-craftsman")

    assert special.in_use_until.isoformat() == "2022-12-31"
    assert special.abolished
    assert sorted(special.counts_as.values_list("slug", flat=True)) == [
        "co2-arc-welding-craftsman",
        "gtaw-craftsman",
    ]
    # The rule goes one way: holding a successor is not holding the old item.
    assert not Qualification.objects.get(slug="gtaw-craftsman").counts_as.exists()


@pytest.mark.django_db
def test_the_api_lists_the_last_day_in_use_and_what_an_item_counts_as(client):
    rows = {row["slug"]: row for row in client.get("/api/v1/qualifications").json()}

    assert rows["special-welding-craftsman"]["in_use_until"] == "2022-12-31"
    assert sorted(rows["special-welding-craftsman"]["counts_as"]) == [
        "co2-arc-welding-craftsman",
        "gtaw-craftsman",
    ]
    assert rows["gtaw-craftsman"]["in_use_until"] is None
    assert rows["gtaw-craftsman"]["counts_as"] == []


@pytest.mark.django_db
def test_a_holder_of_the_abolished_item_matches_a_posting_that_requires_a_successor(
    welder_company, welder_admin
):
    tig = open_job(
        welder_admin,
        welder_company,
        title="TIG 용접공",
        required_qualifications=qualifications("gtaw-craftsman"),
    )
    old_holder = make_seeker(
        "old-holder", qualifications=[(q, 2015) for q in qualifications("special-welding-craftsman")]
    )
    nobody = make_seeker("no-certificate", qualifications=[])

    (held,) = [m for m in selectors.matches_for_seeker(user=old_holder).matches if m.job.job_id == tig.pk]
    (lacking,) = [m for m in selectors.matches_for_seeker(user=nobody).matches if m.job.job_id == tig.pk]

    assert held.missing_required == ()
    assert lacking.missing_required == (Qualification.objects.get(slug="gtaw-craftsman").pk,)
    assert held.score > lacking.score
    reasons = matching.reasons(held, selectors.vocabulary())
    assert "필수 자격 보유: 가스텅스텐아크용접기능사" in reasons
    assert "특수용접기능사(폐지 종목) 보유를 가스텅스텐아크용접기능사 보유로 봄(Ppuri의 매칭 규칙)" in reasons
    # What the seeker holds is still what they entered.
    profile = SeekerProfile.objects.get(user=old_holder)
    assert list(profile.held.values_list("qualification__slug", flat=True)) == ["special-welding-craftsman"]


@pytest.mark.django_db
def test_a_seeker_holding_the_successor_itself_gets_no_counted_reason(welder_company, welder_admin):
    tig = open_job(
        welder_admin,
        welder_company,
        title="TIG 용접공",
        required_qualifications=qualifications("gtaw-craftsman"),
    )
    both = make_seeker(
        "both",
        qualifications=[(q, 2020) for q in qualifications("special-welding-craftsman", "gtaw-craftsman")],
    )

    (match,) = [m for m in selectors.matches_for_seeker(user=both).matches if m.job.job_id == tig.pk]

    assert not any("폐지 종목" in line for line in matching.reasons(match, selectors.vocabulary()))


@pytest.mark.django_db
def test_a_new_posting_cannot_ask_for_the_abolished_item_on_the_page_or_the_api(welder_company, welder_admin):
    with pytest.raises(ValidationError) as refused:
        services.job_create(
            actor=welder_admin,
            company=welder_company,
            data=job_input(preferred_qualifications=qualifications("special-welding-craftsman")),
        )
    (message,) = refused.value.message_dict["preferred_qualifications"]
    assert "특수용접기능사(2022-12-31까지 시행)" in message
    assert "가스텅스텐아크용접기능사" in message and "이산화탄소가스아크용접기능사" in message

    company = client_for(welder_admin)
    body = {
        "company_id": welder_company.pk, "title": "특수용접공", "technology": "welding",
        "required_qualifications": ["특수용접기능사"], "employment_type": "full_time", "shift": "day",
        "wage_min": 2_800_000, "wage_max": 3_000_000,
    }  # fmt: skip
    response = company.post("/api/v1/jobs", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "required_qualifications" in response.content.decode()
    assert not JobPosting.objects.exists()

    page = company.get("/jobs/new/").content.decode()
    special = Qualification.objects.get(slug="special-welding-craftsman")
    assert f'name="required_qualifications" value="{special.pk}"' not in page
    gtaw = Qualification.objects.get(slug="gtaw-craftsman")
    assert f'name="required_qualifications" value="{gtaw.pk}"' in page


@pytest.mark.django_db
def test_a_posting_that_already_asks_for_it_keeps_it_when_edited(welder_company, welder_admin):
    # A posting written before the item was abolished (as an import of older data would make it).
    job = open_job(welder_admin, welder_company)
    job.preferred_qualifications.set(qualifications("special-welding-craftsman"))

    services.job_update(
        actor=welder_admin,
        job=job,
        data=job_input(
            title="제목만 고침", preferred_qualifications=qualifications("special-welding-craftsman")
        ),
    )

    job.refresh_from_db()
    assert job.title == "제목만 고침"
    assert list(job.preferred_qualifications.values_list("slug", flat=True)) == ["special-welding-craftsman"]
    page = client_for(welder_admin).get(f"/jobs/{job.pk}/edit/").content.decode()
    special = Qualification.objects.get(slug="special-welding-craftsman")
    # Offered where the posting has it, and so not lost on save; not offered as a new requirement.
    assert f'name="preferred_qualifications" value="{special.pk}"' in page
    assert f'name="required_qualifications" value="{special.pk}"' not in page
