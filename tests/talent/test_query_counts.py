"""The talent pages and API lists make as many queries for many rows as for few: each is measured with
N rows, then with 3N, and the two counts must be equal (and under a ceiling a little above what they
make today). A count that grows names the statement that repeats, so the failure says where."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ppuri.reference.models import Complex, Process, Qualification
from ppuri.talent import services
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganizationFactory, SiteFactory
from tests.talent.conftest import job_input, make_seeker, open_job

N = 3
WELDING_QUALIFICATIONS = [
    "smaw-craftsman",
    "gtaw-craftsman",
    "co2-arc-welding-craftsman",
    "welding-industrial-engineer",
]


# --- measuring ----------------------------------------------------------------------------------------


def measured(client, url: str, **params):
    """The queries of a GET once caches are warm (the first GET fills the matcher's facts and the
    reference caches), and its response."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return captured, response


def _shape(sql: str) -> str:
    """A statement without its values, so the same query for another row counts as the same."""
    sql = re.sub(r"^SELECT (.{60}).*? FROM ", r"SELECT \1… FROM ", sql)
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"IN \((?:\?, )*\?\)", "IN (…)", sql)


def assert_no_growth(few: CaptureQueriesContext, many: CaptureQueriesContext) -> None:
    if len(many) == len(few):
        return
    grown = Counter(_shape(q["sql"]) for q in many) - Counter(_shape(q["sql"]) for q in few)
    lines = [f"{n}× more: {sql}" for sql, n in grown.most_common()]
    raise AssertionError(
        f"{len(few)} queries with {N} rows, {len(many)} with {3 * N}; repeated:\n" + "\n".join(lines)
    )


def assert_same_queries(django_assert_max_num_queries, ceiling: int, client, url: str, grow, rows, **params):
    """Measure the GET, add rows with grow(), measure again: the same count, under the ceiling, and the
    page shows the rows added (rows(response) counts them)."""
    few, response = measured(client, url, **params)
    assert rows(response) == N
    grow()
    many, response = measured(client, url, **params)
    assert rows(response) == 3 * N
    assert_no_growth(few, many)
    with django_assert_max_num_queries(ceiling):
        assert client.get(url, params).status_code == 200


def html_count(marker: str):
    return lambda response: response.content.decode().count(marker)


# --- the cast at scale --------------------------------------------------------------------------------


def add_postings(count: int, start: int) -> list:
    """Open welding postings of `count` public companies, each with its own site, complex, process and
    qualifications, so no row's related rows are another's."""
    processes = list(Process.objects.filter(technology__slug="welding").order_by("slug"))
    complexes = list(Complex.objects.order_by("slug"))
    qualifications = [Qualification.objects.get(slug=slug) for slug in WELDING_QUALIFICATIONS]
    jobs = []
    for i in range(start, start + count):
        company = OrganizationFactory(name=f"채용용접{i}(주)")
        site = SiteFactory(organization=company, complex=complexes[i % len(complexes)])
        poster = MembershipFactory(organization=company, user__username=f"poster{i}").user
        jobs.append(
            open_job(
                poster,
                company,
                title=f"용접공 모집 {i}",
                site=site,
                processes=[processes[i % len(processes)]],
                required_qualifications=[qualifications[i % 4]],
                preferred_qualifications=[qualifications[(i + 1) % 4]],
                wage_max=3_400_000 + i * 10_000,
            )
        )
    return jobs


def add_own_postings(actor, company, count: int, start: int) -> None:
    """The company's own postings in every status: open, draft, closed."""
    processes = list(Process.objects.filter(technology__slug="welding").order_by("slug"))
    for i in range(start, start + count):
        fields = {"title": f"우리 공고 {i}", "processes": [processes[i % len(processes)]]}
        if i % 3 == 0:
            open_job(actor, company, **fields)
        elif i % 3 == 1:
            services.job_create(actor=actor, company=company, data=job_input(**fields))
        else:
            services.job_close(actor=actor, job=open_job(actor, company, **fields))


def add_applicants(job, employer, count: int, start: int) -> None:
    """Seekers who applied to the posting, some moved on by the company, some by invitation."""
    for i in range(start, start + count):
        seeker = make_seeker(f"applicant{i}", display_name=f"지원자{i}")
        if i % 3 == 2:
            interest = services.interest_send(actor=employer, job=job, seeker_id=seeker.pk)
            services.interest_respond(actor=seeker, interest=interest, accept=True, consent=True)
            continue
        application = services.application_submit(actor=seeker, job=job, message=f"지원 {i}", consent=True)
        if i % 3 == 1:
            services.application_stage(actor=employer, application=application, stage="reviewing")


def add_discoverable_seekers(job, employer, count: int, start: int) -> None:
    """Discoverable welders with varied qualifications and complexes; one in three invited."""
    complexes = list(Complex.objects.order_by("slug"))
    for i in range(start, start + count):
        seeker = make_seeker(
            f"welder{i}",
            display_name=f"용접인{i}",
            qualifications=[(Qualification.objects.get(slug=WELDING_QUALIFICATIONS[i % 4]), 2020)],
            preferred_complexes=[complexes[i % len(complexes)]],
            experience_years=i % 7,
        )
        if i % 3 == 0:
            services.interest_send(actor=employer, job=job, seeker_id=seeker.pk)


# --- public lists -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_postings_page_does_not_grow_with_postings(client, django_assert_max_num_queries):
    add_postings(N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        10,
        client,
        "/jobs/",
        lambda: add_postings(2 * N, N),
        html_count('data-testid="job-row"'),
    )


@pytest.mark.django_db
def test_the_postings_page_with_facets_does_not_grow_with_postings(client, django_assert_max_num_queries):
    add_postings(N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        10,
        client,
        "/jobs/",
        lambda: add_postings(2 * N, N),
        html_count('data-testid="job-row"'),
        technology="welding",
        shift="day",
    )


@pytest.mark.django_db
def test_the_postings_api_does_not_grow_with_postings(client, django_assert_max_num_queries):
    add_postings(N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        9,
        client,
        "/api/v1/jobs",
        lambda: add_postings(2 * N, N),
        lambda response: len(response.json()["results"]),
    )


# --- the company's pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_postings_page_does_not_grow_with_postings(
    welder_company, welder_admin, django_assert_max_num_queries
):
    add_own_postings(welder_admin, welder_company, N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        8,
        client_for(welder_admin),
        "/jobs/mine/",
        lambda: add_own_postings(welder_admin, welder_company, 2 * N, N),
        html_count("우리 공고 "),
    )


@pytest.mark.django_db
def test_a_postings_page_seen_by_its_company_does_not_grow_with_applicants(
    welder_company, welder_admin, django_assert_max_num_queries
):
    job = open_job(welder_admin, welder_company)
    add_applicants(job, welder_admin, N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        16,
        client_for(welder_admin),
        f"/jobs/{job.pk}/",
        lambda: add_applicants(job, welder_admin, 2 * N, N),
        html_count('data-testid="applicant-link"'),
    )


@pytest.mark.django_db
def test_the_company_applications_api_does_not_grow_with_applicants(
    welder_company, welder_admin, django_assert_max_num_queries
):
    job = open_job(welder_admin, welder_company)
    add_applicants(job, welder_admin, N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        6,
        client_for(welder_admin),
        "/api/v1/applications",
        lambda: add_applicants(job, welder_admin, 2 * N, N),
        lambda response: len(response.json()),
        job_id=job.pk,
    )


# --- matches ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seekers_matches_page_does_not_grow_with_postings(django_assert_max_num_queries):
    seeker = make_seeker("matcher")
    add_postings(N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        28,
        client_for(seeker),
        "/jobs/me/matches/",
        lambda: add_postings(2 * N, N),
        html_count('data-testid="match-row"'),
    )


@pytest.mark.django_db
def test_the_seekers_matches_api_does_not_grow_with_postings(django_assert_max_num_queries):
    seeker = make_seeker("matcher")
    add_postings(N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        26,
        client_for(seeker),
        "/api/v1/seekers/me/matches",
        lambda: add_postings(2 * N, N),
        lambda response: len(response.json()),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "ceiling", "rows"),
    [
        ("/jobs/{pk}/matches/", 42, html_count('data-testid="seeker-row"')),
        ("/api/v1/jobs/{pk}/matches", 40, lambda response: len(response.json())),
    ],
    ids=["page", "api"],
)
def test_the_company_match_list_does_not_grow_with_seekers(
    welder_company, welder_admin, django_assert_max_num_queries, path, ceiling, rows
):
    job = open_job(welder_admin, welder_company)

    def grow(count: int, start: int) -> None:
        # Discoverable seekers and applicants both (an applicant is listed whether discoverable or not).
        add_discoverable_seekers(job, welder_admin, count - 1, start)
        add_applicants(job, welder_admin, 1, start)

    grow(N, 0)
    assert_same_queries(
        django_assert_max_num_queries,
        ceiling,
        client_for(welder_admin),
        path.format(pk=job.pk),
        lambda: grow(2 * N, N),
        rows,
    )
