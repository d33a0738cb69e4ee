"""Two-way matching: one score, read the same from both sides, with reasons and what to learn next."""

import pytest

from ppuri.reference.models import Process, Technology
from ppuri.reference.selectors import qualification_resolve
from ppuri.talent import matching, selectors, services
from ppuri.talent.facts import seeker_facts
from ppuri.talent.models import SeekerProfile
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.talent.conftest import make_seeker, open_job, profile_input, qualifications


def _facts(user):
    return seeker_facts(SeekerProfile.objects.filter(user=user))[0]


@pytest.mark.django_db
def test_a_missing_required_qualification_ranks_a_job_below_one_the_seeker_qualifies_for(
    welder_company, welder_admin
):
    # Given two postings alike but for what they require: SMAW (held) and GTAW (not held).
    held = open_job(welder_admin, welder_company, title="피복아크용접공")
    not_held = open_job(
        welder_admin,
        welder_company,
        title="TIG 용접공",
        required_qualifications=qualifications("gtaw-craftsman"),
    )
    seeker = make_seeker("kim")

    found = selectors.matches_for_seeker(user=seeker).matches

    assert [m.job.job_id for m in found] == [held.pk, not_held.pk]
    first, second = found
    assert first.missing_required == ()
    assert second.missing_required == (qualification_resolve("gtaw-craftsman").pk,)
    assert second.score < first.score * 0.5  # a strong penalty, not a nudge
    reasons = matching.reasons(second, selectors.vocabulary())
    assert reasons[0] == "필수 자격 없음: 가스텅스텐아크용접기능사"


@pytest.mark.django_db
def test_the_old_name_of_a_qualification_matches_a_posting_that_asks_for_the_new_one(
    welder_company, welder_admin, token_for
):
    job = open_job(welder_admin, welder_company)  # requires 피복아크용접기능사
    seeker = make_seeker("park", qualifications=[])
    # The seeker types the name on an old certificate: 용접기능사 (renamed on 2023-01-01).
    response = client_for(seeker).put(
        "/api/v1/seekers/me",
        {
            "qualifications": [{"qualification": "용접기능사", "acquired_year": 2019}],
            "processes": ["welding.arc"],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["qualifications"] == [
        {"qualification": "smaw-craftsman", "name": "피복아크용접기능사", "acquired_year": 2019}
    ]

    matches = client_for(seeker).get("/api/v1/seekers/me/matches").json()

    (match,) = [m for m in matches if m["job_id"] == job.pk]
    assert match["missing"] == []
    assert "필수 자격 보유: 피복아크용접기능사" in match["reasons"]


@pytest.mark.django_db
def test_the_seeker_and_the_company_read_the_same_score_parts_and_reasons(welder_company, welder_admin):
    job = open_job(
        welder_admin,
        welder_company,
        shift="three_shift",
        experience_years_min=3,
        preferred_qualifications=qualifications("co2-arc-welding-craftsman"),
    )
    seeker = make_seeker("lee", experience_years=1)

    seen_by_seeker = client_for(seeker).get("/api/v1/seekers/me/matches").json()
    seen_by_company = client_for(welder_admin).get(f"/api/v1/jobs/{job.pk}/matches").json()

    (mine,) = [m for m in seen_by_seeker if m["job_id"] == job.pk]
    (theirs,) = [m for m in seen_by_company if m["seeker_id"] == seeker.pk]
    assert (mine["score"], mine["parts"], mine["reasons"], mine["missing"]) == (
        theirs["score"],
        theirs["parts"],
        theirs["reasons"],
        theirs["missing"],
    )
    assert "경력 부족: 1년 (요구 3년 이상)" in mine["reasons"]
    assert "근무 형태 다름: 3교대 (가능: 주간, 2교대)" in mine["reasons"]
    assert mine["missing"] == [
        {
            "qualification": "co2-arc-welding-craftsman",
            "name": "이산화탄소가스아크용접기능사",
            "required": False,
        }
    ]


@pytest.mark.django_db
def test_a_seeker_who_does_not_allow_discovery_never_appears_to_companies(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    found = make_seeker("found", display_name="찾아짐")
    hidden = make_seeker("hidden", display_name="숨은사람", discoverable=False)

    seekers = client_for(welder_admin).get(f"/api/v1/jobs/{job.pk}/matches").json()
    ids = {s["seeker_id"] for s in seekers}

    assert found.pk in ids
    assert hidden.pk not in ids
    # Withdrawing the consent takes a seeker out at once.
    services.seeker_profile_save(actor=found, data=profile_input(discoverable=False), consent=False)
    assert client_for(welder_admin).get(f"/api/v1/jobs/{job.pk}/matches").json() == []


@pytest.mark.django_db
def test_companies_see_discoverable_seekers_masked(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    make_seeker("choi", display_name="최민준")

    (row,) = client_for(welder_admin).get(f"/api/v1/jobs/{job.pk}/matches").json()

    assert row["name"] != "최민준" and row["name"].startswith("최")
    assert "choi@mail.example" not in row["email"]
    assert "2345-6789" not in row["phone"]
    assert row["applied"] is False


@pytest.mark.django_db
def test_the_seeker_is_told_which_qualification_opens_the_most_postings(welder_company, welder_admin):
    for title in ("TIG 배관", "TIG 압력용기", "TIG 스테인리스"):
        open_job(
            welder_admin,
            welder_company,
            title=title,
            required_qualifications=qualifications("gtaw-craftsman"),
        )
    open_job(
        welder_admin,
        welder_company,
        title="둘 다 필요",
        required_qualifications=qualifications("gtaw-craftsman", "co2-arc-welding-craftsman"),
    )
    seeker = make_seeker("jung")

    learn = client_for(seeker).get("/api/v1/seekers/me/learn-next").json()

    assert learn[0]["qualification"] == "gtaw-craftsman"
    assert learn[0]["jobs"] == 3  # the posting that needs two more is not opened by one
    assert (
        learn[0]["text"] == "가스텅스텐아크용접기능사 취득 시 필수 자격을 모두 갖추는 공고가 3개 늘어납니다."
    )


def test_each_factor_moves_the_score_the_way_a_person_would_expect():
    job = matching.JobFacts(
        job_id=1, technology_id=1, process_ids=frozenset({10, 11}), required_ids=frozenset({100}),
        preferred_ids=frozenset({101}), experience_years_min=2, shift="day", wage_min=2_500_000,
        wage_max=3_000_000, complex_id=5, dormitory=False, commuter_bus=False,
    )  # fmt: skip
    ideal = matching.SeekerFacts(
        seeker_id=1, qualification_ids=frozenset({100, 101}), process_ids=frozenset({10, 11}),
        technology_ids=frozenset({1}), experience_years=3, complex_ids=frozenset({5}),
        desired_wage=2_800_000, shifts=frozenset({"day"}), dormitory=False,
    )  # fmt: skip
    best = matching.score(job, ideal)
    assert best.score == 100

    def changed(**fields):
        return matching.score(job, matching.SeekerFacts(**{**ideal.__dict__, **fields})).score

    assert changed(qualification_ids=frozenset({101})) < 40  # the required one missing
    assert 80 < changed(qualification_ids=frozenset({100})) < 100  # only the preferred one missing
    assert changed(process_ids=frozenset({10})) < 100
    assert changed(experience_years=1) < 100
    assert changed(complex_ids=frozenset({6})) < 100
    assert changed(shifts=frozenset({"three_shift"})) < 100
    assert changed(desired_wage=3_600_000) < changed(desired_wage=3_100_000) < 100
    assert changed(dormitory=True) < 100
    assert changed(complex_ids=frozenset()) == 100  # no preference is no penalty


@pytest.mark.django_db
def test_a_seekers_technologies_include_those_of_their_processes_and_qualifications():
    user = UserFactory(username="tech", role="seeker")
    services.seeker_profile_save(
        actor=user,
        data=profile_input(processes=[Process.objects.get(slug="heat-treatment.carburizing")]),
        consent=True,
    )
    facts = _facts(user)
    slugs = set(Technology.objects.filter(pk__in=facts.technology_ids).values_list("slug", flat=True))
    assert {
        "heat-treatment",
        "welding",
    } <= slugs  # carburizing; and 피복아크용접기능사 is a welding qualification
