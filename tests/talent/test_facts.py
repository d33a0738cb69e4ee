"""The matcher's facts kept per process are never staler than the request that reads them, and the
quick ranking figure is the full score's."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ppuri.registry.models import Organization
from ppuri.talent import matching, selectors, services
from ppuri.talent.facts import DISCOVERABLE_SEEKERS, OPEN_JOBS
from ppuri.talent.models import SeekerProfile
from tests.talent.conftest import make_seeker, open_job, profile_input

ids = st.frozensets(st.integers(1, 8), max_size=4)


@st.composite
def pairs(draw):
    job = matching.JobFacts(
        job_id=draw(st.integers(1, 1000)), technology_id=draw(st.integers(1, 4)), process_ids=draw(ids),
        required_ids=draw(ids), preferred_ids=draw(ids), experience_years_min=draw(st.integers(0, 5)),
        shift=draw(st.sampled_from(["day", "two_shift", "three_shift"])), wage_min=2_000_000,
        wage_max=draw(st.integers(2_000_000, 5_000_000)), complex_id=draw(st.none() | st.integers(1, 4)),
        dormitory=draw(st.booleans()), commuter_bus=draw(st.booleans()),
    )  # fmt: skip
    seeker = matching.SeekerFacts(
        seeker_id=draw(st.integers(1, 1000)), qualification_ids=draw(ids), process_ids=draw(ids),
        technology_ids=draw(st.frozensets(st.integers(1, 4), max_size=3)),
        experience_years=draw(st.integers(0, 9)),
        complex_ids=draw(st.frozensets(st.integers(1, 4), max_size=2)),
        desired_wage=draw(st.none() | st.integers(2_000_000, 5_000_000)),
        shifts=draw(st.frozensets(st.sampled_from(["day", "two_shift", "three_shift"]))),
        dormitory=draw(st.booleans()),
    )  # fmt: skip
    return job, seeker


@given(pairs())
@settings(max_examples=300, deadline=None)
def test_the_quick_figure_is_the_full_score(pair):
    job, seeker = pair
    assert matching.points(job, seeker) == matching.score(job, seeker).score
    assert matching.seeker_points(job)(seeker) == matching.score(job, seeker).score  # the ranking's loop


def test_the_best_few_are_the_top_of_the_full_ranking():
    rng = random.Random(3)
    jobs = [
        matching.JobFacts(
            job_id=i,
            technology_id=1,
            process_ids=frozenset(rng.sample(range(1, 9), 2)),
            required_ids=frozenset(rng.sample(range(1, 6), rng.randint(0, 2))),
            preferred_ids=frozenset(),
            experience_years_min=rng.randint(0, 3),
            shift=rng.choice(["day", "two_shift"]),
            wage_min=2_500_000,
            wage_max=rng.randint(2_600_000, 4_000_000),
            complex_id=rng.randint(1, 4),
            dormitory=False,
            commuter_bus=rng.random() < 0.5,
        )
        for i in range(1, 400)
    ]
    seeker = matching.SeekerFacts(
        seeker_id=1, qualification_ids=frozenset({1, 2}), process_ids=frozenset({1, 2, 3}),
        technology_ids=frozenset({1}), experience_years=2, complex_ids=frozenset({1}), desired_wage=3_000_000,
        shifts=frozenset({"day"}), dormitory=False,
    )  # fmt: skip
    everything = matching.best_jobs(seeker, jobs)
    assert matching.best_jobs(seeker, jobs, limit=20) == everything[:20]


@pytest.mark.django_db
def test_the_kept_facts_follow_every_change(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("kim")
    assert {f.job_id for f in OPEN_JOBS.everything()} == {job.pk}
    assert {f.seeker_id for f in DISCOVERABLE_SEEKERS.everything()} == {seeker.pk}

    # A new posting, a closed one, and a changed requirement are read at the next use.
    second = open_job(welder_admin, welder_company, title="두 번째")
    services.job_close(actor=welder_admin, job=job)
    assert {f.job_id for f in OPEN_JOBS.everything()} == {second.pk}
    # A seeker who withdraws the consent to be found, and one whose profile is destroyed.
    other = make_seeker("lee")
    services.seeker_profile_save(actor=seeker, data=profile_input(discoverable=False), consent=False)
    assert {f.seeker_id for f in DISCOVERABLE_SEEKERS.everything()} == {other.pk}
    SeekerProfile.objects.filter(user=other).delete()  # as the retention task does, without a save
    assert DISCOVERABLE_SEEKERS.everything() == []
    # A changed profile is read again.
    services.seeker_profile_save(actor=seeker, data=profile_input(experience_years=9), consent=False)
    assert selectors.matches_for_seeker(user=seeker).matches[0].seeker.experience_years == 9


@pytest.mark.django_db
def test_a_posting_of_a_company_hidden_after_it_was_read_is_not_matched(welder_company, welder_admin):
    job = open_job(welder_admin, welder_company)
    seeker = make_seeker("kim")
    assert [m.job.job_id for m in selectors.matches_for_seeker(user=seeker).matches] == [job.pk]
    Organization.objects.filter(pk=welder_company.pk).update(is_public=False)
    assert selectors.matches_for_seeker(user=seeker).matches == []


@pytest.mark.django_db
def test_a_process_idle_longer_than_the_deletion_log_reads_everything_again(welder_company, welder_admin):
    from ppuri.talent.facts import DELETION_LOG_KEPT
    from ppuri.talent.models import DeletedRow

    seeker = make_seeker("idle-reader")
    assert {f.seeker_id for f in DISCOVERABLE_SEEKERS.everything()} == {seeker.pk}
    SeekerProfile.objects.filter(user=seeker).delete()
    # The log of that deletion is pruned away, and this process last looked two days ago.
    DeletedRow.objects.all().delete()
    DISCOVERABLE_SEEKERS._held.checked_at -= DELETION_LOG_KEPT * 2

    assert DISCOVERABLE_SEEKERS.everything() == []
