"""The workspace (/home/): each role lands there after signing in and sees what needs its attention,
its own items and nobody else's (markers of one company's request and case never reach another
company, an uninvolved expert, the city or a seeker), an honest "준비 중" for the modules not built yet,
and a number of queries that does not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ppuri.accounts.models import Role
from ppuri.challenges import services as desk
from ppuri.reference.models import Process, Technology
from ppuri.registry.models import Organization
from ppuri.sourcing import services as sourcing
from ppuri.talent import services as talent
from tests.conftest import PASSWORD, client_for, count_queries
from tests.desk_fixtures import make_expert
from tests.factories import (
    CapabilityFactory,
    MembershipFactory,
    OrganizationFactory,
    SiteFactory,
    UserFactory,
)
from tests.talent.conftest import make_seeker, open_job

pytestmark = pytest.mark.django_db

REQUEST_MARKER = "MARKER-WS-REQUEST-7731"
CASE_MARKER = "MARKER-WS-CASE-4410"
OTHER_CASE_MARKER = "MARKER-WS-OTHER-CASE-9920"
IN_A_MONTH = timezone.localdate() + timezone.timedelta(days=30)


def post_request(actor, buyer, title):
    request = sourcing.request_create(
        actor=actor,
        buyer=buyer,
        title=title,
        description="알루미늄 다이캐스팅",
        quantity=100,
        deadline=IN_A_MONTH,
        processes=[Process.objects.get(slug="casting.die-casting")],
    )
    return sourcing.request_open(actor=actor, request=request)


def post_case(actor, company, title):
    return desk.challenge_create(actor=actor, company=company, title=title, description="담금질 후 균열")


@pytest.fixture
def desk_world(operator, supplier, supplier_admin, buyer, other_admin, other_company):
    """The buyer's company asks 세광주조 for a quote; 세광주조 brings a case that an expert is offered;
    동진열처리 has a case of its own."""
    buyer_org = buyer.memberships.get().organization
    request = post_request(buyer, buyer_org, REQUEST_MARKER)
    sourcing.invitation_create(
        actor=buyer, request=request, supplier=supplier, steps=list(request.steps.all())
    )
    case = post_case(supplier_admin, supplier, CASE_MARKER)
    post_case(other_admin, other_company, OTHER_CASE_MARKER)
    institution = OrganizationFactory(name="포스코 기술연구원", kind=Organization.Kind.RESEARCH_INSTITUTE)
    offered = make_expert(
        "김담금", institution, user=UserFactory(username="offered-expert", role=Role.EXPERT)
    )
    make_expert("이도금", institution, user=UserFactory(username="idle-expert", role=Role.EXPERT))
    desk.challenge_triage(
        actor=operator, challenge=case, technology=Technology.objects.get(slug="heat-treatment")
    )
    desk.offers_create(actor=operator, challenge=case, experts=[offered])
    return {"request": request, "case": case}


def workspace_of(user) -> str:
    response = client_for(user).get(reverse("workspace"))
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("workspace"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signing_in_lands_on_the_workspace(client, seeker):
    seeker.set_password(PASSWORD)
    seeker.save()
    response = client.post(reverse("accounts:login"), {"username": "seeker", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace")


def test_the_supplier_sees_its_invitation_and_its_case_and_not_the_others(desk_world, supplier_admin):
    page = workspace_of(supplier_admin)
    assert REQUEST_MARKER in page  # invited to quote
    assert CASE_MARKER in page  # its own case, with its state
    assert OTHER_CASE_MARKER not in page
    assert 'data-attention="sourcing.invitations"' in page


def test_the_buyer_sees_its_own_request_and_no_case(desk_world, buyer):
    page = workspace_of(buyer)
    assert REQUEST_MARKER in page
    assert CASE_MARKER not in page and OTHER_CASE_MARKER not in page


def test_an_unrelated_company_sees_none_of_it(desk_world, outsider):
    company = OrganizationFactory(name="무관기업")
    CapabilityFactory(organization=company, process=Process.objects.get(slug="welding.tig"))
    MembershipFactory(organization=company, user=outsider)
    page = workspace_of(outsider)
    for marker in (REQUEST_MARKER, CASE_MARKER, OTHER_CASE_MARKER):
        assert marker not in page


def test_the_offered_expert_sees_the_offer_and_another_expert_does_not(desk_world, django_user_model):
    page = workspace_of(django_user_model.objects.get(username="offered-expert"))
    assert CASE_MARKER in page and 'data-attention="challenges.offers"' in page
    assert OTHER_CASE_MARKER not in page and REQUEST_MARKER not in page
    idle = workspace_of(django_user_model.objects.get(username="idle-expert"))
    for marker in (REQUEST_MARKER, CASE_MARKER, OTHER_CASE_MARKER):
        assert marker not in idle


def test_the_operator_sees_cases_to_triage_and_imports_to_review(desk_world, operator):
    page = workspace_of(operator)
    assert OTHER_CASE_MARKER in page  # submitted, waiting for triage
    for key in ("challenges.triage", "challenges.overdue", "registry.import_review"):
        assert f'data-attention="{key}"' in page


@pytest.mark.parametrize(
    ("role", "coming"),
    [
        (Role.SEEKER, "청년 일자리 장려금 현황"),
    ],
)
def test_roles_whose_modules_are_coming_see_an_honest_coming_state_and_no_one_elses_items(
    desk_world, role, coming
):
    user = UserFactory(username=f"as-{role}", role=role)
    MembershipFactory(
        organization=OrganizationFactory(name=f"{role} 기관", kind=Organization.Kind.AGENCY), user=user
    )
    page = workspace_of(user)
    assert coming in page and "준비 중" in page
    for marker in (REQUEST_MARKER, CASE_MARKER, OTHER_CASE_MARKER):
        assert marker not in page


def test_the_city_official_finds_the_dashboards_and_no_longer_a_coming_module(desk_world):
    """The city's module is built (ppuri.dashboards): its workspace links Incheon and every complex."""
    city = UserFactory(username="ws-city", role=Role.CITY)
    page = workspace_of(city)
    assert 'data-attention="dashboards"' in page and "준비 중" not in page
    for slug in ("incheon", "namdong", "juan", "bupyeong", "seobu"):
        assert f'href="/dashboards/{slug}/"' in page
    for marker in (REQUEST_MARKER, CASE_MARKER, OTHER_CASE_MARKER):
        assert marker not in page


PROJECT_MARKER = "MARKER-WS-PROJECT-5512"
GRADUATE_TITLES = (
    "학생 모집을 기다리는 기업 과제",
    "학생 확인 요청",
    "관심 학생이 있어 배정할 과제",
    "진로 조사를 기록할 졸업생",
)


def test_the_graduate_school_sees_its_proposals_and_requests_and_no_longer_a_coming_module(
    desk_world, supplier, supplier_admin, other_admin
):
    """The university role's module is built (ppuri.graduate): its workspace shows what the school
    should do, with students' names masked, and the proposing company follows its own project."""
    from datetime import date

    from ppuri.graduate import services as graduate

    school = UserFactory(username="ws-school", role=Role.UNIVERSITY)
    MembershipFactory(
        organization=OrganizationFactory(
            name="인하대학교 제조혁신전문대학원", kind=Organization.Kind.UNIVERSITY
        ),
        user=school,
    )
    year = timezone.localdate().year - 1
    cohort = graduate.cohort_save(actor=school, year=year, target=30, starts_on=date(year, 3, 2))
    graduate.student_request(
        actor=UserFactory(username="ws-student", role=Role.SEEKER), cohort=cohort, name="김다은", consent=True
    )
    graduate.project_propose(
        actor=supplier_admin,
        data=graduate.ProjectInput(
            company=supplier,
            title=PROJECT_MARKER,
            summary="알루미늄 하우징의 기공을 줄이는 과제",
            problem="가스 기공 불량률 4.2%",
            mentor_name="최멘토",
        ),
    )

    page = workspace_of(school)

    for title in GRADUATE_TITLES:
        assert title in page, title
    assert 'data-attention="graduate.proposals"' in page and 'data-attention="graduate.pending"' in page
    proposals = page.split('data-attention="graduate.proposals"', 1)[1].split("</section>", 1)[0]
    assert PROJECT_MARKER in proposals
    assert "김*은" in page and "김다은" not in page  # masked, as every list
    assert "대학원 과정 관리" not in page and "준비 중" not in page
    for marker in (REQUEST_MARKER, CASE_MARKER, OTHER_CASE_MARKER):
        assert marker not in page
    company = workspace_of(supplier_admin)
    assert 'data-attention="graduate.company"' in company and PROJECT_MARKER in company
    other = workspace_of(other_admin)
    assert PROJECT_MARKER not in other and not any(title in other for title in GRADUATE_TITLES)


def test_the_labor_office_sees_its_queue_and_the_payments_waiting(desk_world):
    from ppuri.incentives import services as incentives
    from tests.incentives.conftest import application_input, program_input

    operator = UserFactory(username="ws-operator", role=Role.OPERATOR, is_staff=True)
    labor = UserFactory(username="ws-labor", role=Role.LABOR_OFFICE)
    company = OrganizationFactory(name="장려금정밀(주)", employees=20)
    SiteFactory(organization=company)
    admin = MembershipFactory(organization=company, user__username="ws-company").user
    today = timezone.localdate()
    program = incentives.program_create(
        actor=operator, data=program_input(hire_from=today - timedelta(days=365), hire_to=today)
    )
    _application, token = incentives.application_submit(
        actor=admin, data=application_input(program, company, hire_date=today - timedelta(days=10))
    )
    incentives.application_consent(token=token, agree=True)

    page = workspace_of(labor)

    assert 'data-attention="incentives.queue"' in page and 'data-attention="incentives.payments"' in page
    assert "김*늘" in page and "김하늘" not in page  # masked, as every list
    assert 'data-attention="incentives.confirm"' in workspace_of(admin)


def test_the_workspace_is_in_english_too(desk_world, supplier_admin):
    client = client_for(supplier_admin)
    page = client.get(reverse("workspace"), headers={"accept-language": "en"}).content.decode()
    assert "My work" in page and "Requests to quote for" in page


def _more(operator, supplier, supplier_admin, buyer, n):
    buyer_org = buyer.memberships.get().organization
    for i in range(n):
        request = post_request(buyer, buyer_org, f"추가 요청 {i}")
        sourcing.invitation_create(
            actor=buyer, request=request, supplier=supplier, steps=list(request.steps.all())
        )
        post_case(supplier_admin, supplier, f"추가 과제 {i}")


@pytest.mark.parametrize("who", ["operator", "supplier_admin", "buyer", "expert", "seeker", "city"])
def test_the_workspace_reads_a_fixed_number_of_queries(
    desk_world, operator, supplier, supplier_admin, buyer, django_user_model, who
):
    users = {
        "operator": operator,
        "supplier_admin": supplier_admin,
        "buyer": buyer,
        "expert": django_user_model.objects.get(username="offered-expert"),
        "seeker": UserFactory(username="ws-seeker", role=Role.SEEKER),
        "city": UserFactory(username="ws-city", role=Role.CITY),
    }
    client = client_for(users[who])
    url = reverse("workspace")
    before = count_queries(client, url)
    _more(operator, supplier, supplier_admin, buyer, 7)
    assert count_queries(client, url) == before
    # The operator's is the longest: every app's providers, the programmes' three at a query each, the
    # dashboards' list of complexes.
    assert before <= 27, before


def test_a_quote_puts_the_request_among_those_the_buyer_should_decide(
    desk_world, buyer, supplier, supplier_admin
):
    page = workspace_of(buyer)
    assert 'data-attention="sourcing.quotes"' in page
    decide = page.split('data-attention="sourcing.quotes"', 1)[1].split("</section>", 1)[0]
    assert REQUEST_MARKER not in decide
    sourcing.quote_submit(
        actor=supplier_admin,
        request=desk_world["request"],
        supplier=supplier,
        price_krw=1_200_000,
        lead_time_days=20,
        valid_until=IN_A_MONTH,
    )
    page = workspace_of(buyer)
    decide = page.split('data-attention="sourcing.quotes"', 1)[1].split("</section>", 1)[0]
    assert REQUEST_MARKER in decide
    # The supplier has answered: the invitation no longer waits on its workspace.
    invited = workspace_of(supplier_admin).split('data-attention="sourcing.invitations"', 1)[1]
    assert REQUEST_MARKER not in invited.split("</section>", 1)[0]


def test_a_company_sees_its_new_applicants_masked_and_a_seeker_their_applications_and_invitations():
    company = OrganizationFactory(name="한빛용접(주)")
    admin = MembershipFactory(organization=company, user__username="welder-admin").user
    job = open_job(admin, company, title="배관 용접공")
    seeker = make_seeker("applicant", display_name="한지원")
    other = make_seeker("invited", display_name="오수빈")
    talent.application_submit(actor=seeker, job=job, message="", consent=True)
    talent.interest_send(actor=admin, job=job, seeker_id=other.pk)

    company_page = workspace_of(admin)
    assert 'data-attention="talent.applicants"' in company_page
    assert "한*원" in company_page and "한지원" not in company_page
    assert "배관 용접공" in workspace_of(
        seeker
    ) and 'data-attention="talent.my_applications"' in workspace_of(seeker)
    invited_page = workspace_of(other)
    assert 'data-attention="talent.interests"' in invited_page and "한빛용접(주)" in invited_page
