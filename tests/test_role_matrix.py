"""Every role of the design against every page of the site, and the menu each role is shown.

PAGES classifies every named URL of Ppuri's own apps (the URL resolver is walked, so a new page that is
not classified here fails the test and says so): what each role gets on a GET — 200, 302 to log in,
403, 404, 405 (a page that only takes POST) or REDIRECT (a page that sends one elsewhere, e.g. 내 기업
with one company). Adding a page is one line. The menu: every link a role sees answers (after
redirects) 200 for it, and no page the role may not use is in its menu (accounts.navigation).

The cast belongs where the design puts them: the city, the labor office and the graduate school are
members of their institutions (as in the demo), so a membership alone never lets them act as buyers.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ppuri.accounts.models import Role
from ppuri.accounts.navigation import NAVIGATION
from ppuri.challenges import services as desk
from ppuri.challenges.models import Challenge
from ppuri.knowledge.models import Article
from ppuri.reference.models import Process, Technology
from ppuri.registry.claims import services as claims
from ppuri.registry.invitations import services as invitations
from ppuri.registry.models import ImportRun, Membership, Organization
from ppuri.sourcing import services as sourcing
from ppuri.sourcing.models import SourcingRequest
from tests.conftest import client_for
from tests.desk_fixtures import make_expert
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.test_url_access import own_url_names

pytestmark = pytest.mark.django_db

ROLES = (
    "operator",
    "city",
    "labor_office",
    "company_admin",
    "company_member",
    "expert",
    "university",
    "seeker",
    "anonymous",
)
SIGNED_IN = tuple(role for role in ROLES if role != "anonymous")
COMPANY = ("company_admin", "company_member")
INSTITUTIONS = ("city", "labor_office", "university")

OK, LOGIN, FORBIDDEN, MISSING, NOT_ALLOWED = 200, 302, 403, 404, 405
REDIRECT = "redirect"  # a 302 somewhere other than the login page
MUST_USE_A_SECOND_FACTOR = ("operator", "city", "labor_office", "expert", "university")
BAD_LINK = 400  # a mailed link that is not valid: the page explains


def everyone() -> dict[str, object]:
    return dict.fromkeys(ROLES, OK)


def signed_in(**exceptions: object) -> dict[str, object]:
    return {**dict.fromkeys(SIGNED_IN, OK), "anonymous": LOGIN, **exceptions}


def only(*allowed: str, others: object = FORBIDDEN, **exceptions: object) -> dict[str, object]:
    """The allowed roles get the page, the other signed-in roles `others`, anonymous visitors log in."""
    return {
        **{role: OK if role in allowed else others for role in SIGNED_IN},
        "anonymous": LOGIN,
        **exceptions,
    }


def parties(*allowed: str, **exceptions: object) -> dict[str, object]:
    """An object's page: those who may know it get it, the others a 404 (no existence leak)."""
    return only(*allowed, others=MISSING, **exceptions)


def post_only(**exceptions: object) -> dict[str, object]:
    return {**dict.fromkeys(SIGNED_IN, NOT_ALLOWED), "anonymous": LOGIN, **exceptions}


def operator_post_only() -> dict[str, object]:
    """An operator's action (POST only); everyone else is refused before the method is looked at."""
    return {**dict.fromkeys(SIGNED_IN, FORBIDDEN), "operator": NOT_ALLOWED, "anonymous": LOGIN}


def school_post_only() -> dict[str, object]:
    """The graduate school's action (POST only): its staff and operators get a 405 to a GET, everyone
    else is refused before the method is looked at."""
    return {**operator_post_only(), "university": NOT_ALLOWED}


def nowhere(status: object = MISSING) -> dict[str, object]:
    """A page of an object that does not exist in the cast (a file): nobody gets it."""
    return {**dict.fromkeys(SIGNED_IN, status), "anonymous": LOGIN}


def staff_post_only() -> dict[str, object]:
    """The programmes' staff's action (POST only): operators and the city get a 405 to a GET, everyone
    else is refused before the method is looked at."""
    return {**operator_post_only(), "city": NOT_ALLOWED}


EDITORS = ("operator", "company_admin")
STAFF = ("operator", "city")  # accounts.roles.runs_programs
SCHOOL = ("operator", "university")  # accounts.roles.runs_graduate_school
PAGES: dict[str, dict[str, object]] = {
    # site
    "home": everyone(),
    "workspace": signed_in(),
    "livez": everyone(),
    "healthz": everyone(),
    "readyz": everyone(),
    "notifications": signed_in(),
    "search:results": everyone(),
    # accounts
    "accounts:login": everyone(),
    "accounts:logout": dict.fromkeys(ROLES, NOT_ALLOWED),
    "accounts:api_tokens": signed_in(),
    "accounts:api_token_revoke": post_only(),
    # registry
    "registry:directory": everyone(),
    "registry:company_detail": everyone(),
    "registry:complex_detail": everyone(),
    "registry:company_edit": only(*EDITORS),
    "registry:capability_create": only(*EDITORS),
    "registry:capability_edit": only(*EDITORS),
    "registry:capability_delete": post_only(),
    "registry:site_create": only(*EDITORS),
    "registry:site_edit": only(*EDITORS),
    "registry:contact_create": only(*EDITORS),
    "registry:contact_edit": only(*EDITORS),
    "registry:contact_detail": parties("operator", *COMPANY),
    "registry:my_companies": only("operator", *COMPANY, company_admin=REDIRECT),
    "registry:import_upload": only("operator"),
    "registry:import_detail": only("operator"),
    "registry:import_progress": only("operator"),
    "registry:import_retry": operator_post_only(),
    "registry:import_review": only("operator"),
    "registry:import_review_resolve": operator_post_only(),
    # sourcing
    "sourcing:list": only("operator", *COMPANY),
    "sourcing:create": only(*COMPANY),
    "sourcing:request": parties("operator", *COMPANY),
    "sourcing:steps": post_only(),
    "sourcing:open": post_only(),
    "sourcing:cancel": post_only(),
    "sourcing:close": post_only(),
    "sourcing:invite": post_only(),
    "sourcing:quote": post_only(),
    "sourcing:decline": post_only(),
    "sourcing:award": nowhere(),
    "sourcing:attachment": nowhere(),
    # the limit-technology desk
    "challenges:list": only(*(role for role in SIGNED_IN if role != "seeker")),
    "challenges:create": only(*COMPANY),
    "challenges:route_batch": post_only(),
    "challenges:detail": parties("operator", *COMPANY, "expert", anonymous=MISSING),
    "challenges:triage": post_only(),
    "challenges:offer": post_only(),
    "challenges:accept": post_only(),
    "challenges:decline": post_only(),
    "challenges:consult": post_only(),
    "challenges:resolve": post_only(),
    "challenges:rate": post_only(),
    "challenges:withdraw": post_only(),
    "challenges:attachment": {**nowhere(), "anonymous": MISSING},
    "challenges:consultation_file": {**nowhere(), "anonymous": MISSING},
    "challenges:expert": signed_in(),
    # knowledge
    "knowledge:list": everyone(),
    "knowledge:detail": everyone(),
    "knowledge:create": only("operator", "expert"),
    "knowledge:publish_case": only("operator"),
    "knowledge:publish_project": only("operator"),
    # Joining (issue 13): open to anyone; a signed-in person asking to sign up is sent on.
    "privacy": everyone(),
    "accounts:signup": {**dict.fromkeys(SIGNED_IN, REDIRECT), "anonymous": OK},
    "accounts:signup_sent": everyone(),
    "accounts:verification_resend": everyone(),
    "accounts:verify": dict.fromkeys(ROLES, BAD_LINK),  # the cast's token is not a sign-up link
    "accounts:password_reset": everyone(),
    "accounts:password_reset_done": everyone(),
    "accounts:password_reset_confirm": everyone(),  # a made-up link: the page says it cannot be used
    "accounts:password_reset_complete": everyone(),
    "accounts:consents": signed_in(),
    "accounts:consent_change": post_only(),
    # The second factor: those who must use one have it (client_for), so setting up again sends them on.
    "accounts:mfa_setup": signed_in(**dict.fromkeys(MUST_USE_A_SECOND_FACTOR, REDIRECT)),
    "accounts:mfa_verify": signed_in(**dict.fromkeys(SIGNED_IN, REDIRECT)),  # already passed
    "accounts:security": signed_in(),
    "accounts:password_change": signed_in(),
    "accounts:mfa_recovery_codes": post_only(),
    "accounts:mfa_disable": post_only(),
    "accounts:sessions_end_others": post_only(),
    # My data: each signed-in person's own (PIPA 제35~37조).
    "accounts:my_data": signed_in(),
    "accounts:my_data_download": signed_in(),
    "accounts:my_data_download_as": signed_in(),
    "accounts:my_data_profile": post_only(),
    "accounts:my_data_email": post_only(),
    "accounts:my_data_email_confirm": dict.fromkeys(ROLES, BAD_LINK),
    "accounts:my_data_delete": signed_in(),
    # Shown once, right after a deletion (the session carries what was done); otherwise sent home.
    "accounts:my_data_deleted": dict.fromkeys(ROLES, REDIRECT),
    # Claims: company staff claim, the operator decides; a claim is its claimant's and the operator's.
    "registry:claim_create": only(*COMPANY),
    "registry:my_claims": only("operator", *COMPANY),
    "registry:claim_queue": only("operator"),
    "registry:claim_detail": parties("operator"),
    "registry:claim_approve": post_only(),
    "registry:claim_refuse": post_only(),
    "registry:claim_withdraw": post_only(),
    "registry:claim_document": nowhere(),
    # People of a company: its staff see them, its admins (and operators) invite and remove.
    "registry:company_people": only("operator", *COMPANY),
    "registry:invitation_revoke": post_only(),
    "registry:membership_remove": post_only(),
    "registry:staff_invite": only("operator"),
    "registry:invitation_accept": everyone(),  # the link's page explains whom it is for
    # Talent: open postings are public; companies post and read their applicants; seekers their own.
    "talent:list": everyone(),
    "talent:job": everyone(),
    "talent:apply": post_only(),
    "talent:my_jobs": only("operator", *COMPANY),
    "talent:create": only(*COMPANY),  # an operator posts for a company from its members' side
    "talent:edit": only("operator", *COMPANY),
    "talent:open": post_only(),
    "talent:close": post_only(),
    "talent:matches": only("operator", *COMPANY),
    "talent:invite": post_only(),
    "talent:application": parties("operator", *COMPANY, "seeker"),
    "talent:stage": post_only(),
    "talent:withdraw": post_only(),
    "talent:my_profile": only("seeker"),
    "talent:my_matches": only("seeker"),
    "talent:my_applications": only("seeker"),
    "talent:wage_arrears": only("operator"),
    "talent:wage_arrears_clear": operator_post_only(),
    "talent:interest_respond": {
        **dict.fromkeys(SIGNED_IN, FORBIDDEN),
        "seeker": NOT_ALLOWED,
        "anonymous": LOGIN,
    },
    # the youth incentive (issue 15): programmes are public; companies apply, the labor office decides
    "incentives:programs": everyone(),
    "incentives:program": everyone(),
    "incentives:retention": everyone(),
    "incentives:program_create": only("operator"),
    "incentives:apply": only(*COMPANY),  # an operator applies from a company's side, as a member
    "incentives:mine": only("operator", *COMPANY),
    "incentives:queue": only("operator", "labor_office"),
    "incentives:application": parties("operator", "labor_office", *COMPANY),
    "incentives:approve": {**operator_post_only(), "labor_office": NOT_ALLOWED},
    "incentives:reject": {**operator_post_only(), "labor_office": NOT_ALLOWED},
    "incentives:evidence_upload": post_only(),
    "incentives:separation": post_only(),
    "incentives:installment_confirm": post_only(),
    "incentives:installment_approve": post_only(),
    "incentives:installment_pay": post_only(),
    "incentives:installment_recovered": post_only(),
    "incentives:evidence": nowhere(),
    # The consent link: the token is the permission; the cast's (an invitation's) is no consent link.
    "incentives:consent": dict.fromkeys(ROLES, MISSING),
    # tenure of every hire: the company's own, the labor office's and operators'
    "tenure:employments": only("operator", "labor_office", *COMPANY),
    **{
        name: {
            **dict.fromkeys(SIGNED_IN, FORBIDDEN),
            "anonymous": LOGIN,
            **dict.fromkeys(("operator", "labor_office", *COMPANY), NOT_ALLOWED),
        }
        for name in ("tenure:confirm", "tenure:separation")
    },
    # The graduate school: its overview (aggregates) is public; the school runs cohorts, students,
    # publication, matches and reviews; companies propose projects (an operator from a company's side,
    # as a member); a student and a project are their parties' only (a 404 for the others: the cast's
    # student is sponsored by the supplier, its project is the supplier's, the cast's seeker is no
    # student); 내 대학원 기록 is every signed-in person's own.
    "graduate:overview": everyone(),
    "graduate:cohort_create": only(*SCHOOL),
    "graduate:cohort": only(*SCHOOL),
    "graduate:cohort_edit": only(*SCHOOL),
    "graduate:enrol": school_post_only(),
    "graduate:student": parties(*SCHOOL, *COMPANY),
    "graduate:student_status": school_post_only(),
    "graduate:internship": school_post_only(),
    "graduate:placement": school_post_only(),
    "graduate:me": signed_in(),
    "graduate:projects": signed_in(),
    "graduate:propose": only(*COMPANY),
    "graduate:project": parties(*SCHOOL, *COMPANY),
    "graduate:publish": school_post_only(),
    "graduate:withdraw": post_only(),
    "graduate:nda": post_only(),
    "graduate:interest": post_only(),
    "graduate:match": school_post_only(),
    "graduate:milestone": school_post_only(),
    "graduate:complete": school_post_only(),
    "graduate:consent": post_only(),
    # programs: public agreements, projects and events; the staff edit; a visited company reads its visit
    # dashboards: Incheon and each complex, public aggregates for everyone (operators unsuppressed)
    "dashboards:index": dict.fromkeys(ROLES, REDIRECT),
    "dashboards:detail": everyone(),
    "dashboards:map": everyone(),
    # The cast's `fmt` is my data's "json": not a report format, a clear 400 for everyone.
    "dashboards:report": dict.fromkeys(ROLES, 400),
    # Asking for a report made in the background takes POST; a job is its reader's (none in the cast).
    "dashboards:report_job_new": dict.fromkeys(ROLES, NOT_ALLOWED),
    "dashboards:report_job": dict.fromkeys(ROLES, MISSING),
    "dashboards:report_job_file": dict.fromkeys(ROLES, MISSING),
    "programs:index": everyone(),
    "programs:agreements": everyone(),
    "programs:agreement": everyone(),
    "programs:agreement_create": only(*STAFF),
    "programs:agreement_edit": only(*STAFF),
    "programs:partner_add": only(*STAFF),
    "programs:partner_edit": only(*STAFF),
    "programs:commitment_create": only(*STAFF),
    "programs:agreement_document_add": only(*STAFF),
    "programs:agreement_document": dict.fromkeys(ROLES, MISSING),  # no such document in the cast
    "programs:commitment": everyone(),
    "programs:commitment_edit": only(*STAFF),
    "programs:period_add": only(*STAFF),
    "programs:period_edit": only(*STAFF),
    # A counted commitment takes no typed figure: the staff are sent back to it; others may not report.
    "programs:period_report": only(*STAFF, operator=REDIRECT, city=REDIRECT),
    "programs:period_evidence": dict.fromkeys(ROLES, MISSING),  # no evidence file in the cast
    "programs:commitment_records": everyone(),
    "programs:projects": everyone(),
    "programs:project": everyone(),
    "programs:project_create": only(*STAFF),
    "programs:project_edit": only(*STAFF),
    "programs:subproject_add": staff_post_only(),
    "programs:subproject_edit": only(*STAFF),
    "programs:budget_line_add": staff_post_only(),
    "programs:budget_line_edit": staff_post_only(),
    "programs:milestone_add": staff_post_only(),
    "programs:milestone_edit": only(*STAFF),
    "programs:milestone_outcome": staff_post_only(),
    "programs:output_add": staff_post_only(),
    "programs:output_update": staff_post_only(),
    "programs:project_document_add": staff_post_only(),
    "programs:project_document": dict.fromkeys(ROLES, MISSING),  # no such document in the cast
    "programs:leads": only(*STAFF),
    "programs:lead_create": only(*STAFF),
    "programs:lead": only(*STAFF),
    "programs:lead_edit": only(*STAFF),
    "programs:lead_stage": staff_post_only(),
    "programs:visits": only(*STAFF, *COMPANY),
    "programs:visit_create": only(*STAFF),
    "programs:visit": parties(*STAFF, *COMPANY),
    "programs:follow_up": only(*STAFF),
    "programs:follow_up_route": staff_post_only(),
    "programs:follow_up_done": staff_post_only(),
    "programs:follow_up_cancel": staff_post_only(),
    "programs:events": everyone(),
    "programs:event": everyone(),
    "programs:event_create": only(*STAFF),
    "programs:event_edit": only(*STAFF),
    "programs:event_participant_add": only(*STAFF),
    "programs:event_schedule": only(*STAFF),
    "programs:event_participant_schedule": parties(*STAFF, *COMPANY),
    **{
        f"programs:event_{action}": post_only()
        for action in (
            "open",
            "close",
            "finish",
            "session_add",
            "tables_add",
            "register",
            "participant_withdraw",
            "request",
            "request_accept",
            "request_decline",
            "request_cancel",
            "schedule_run",
            "meeting_add",
            "meeting_move",
            "meeting_remove",
            "meeting_outcome",
        )
    },
}

# What each role's header links to (accounts.navigation).
MENUS = {
    "operator": [
        "workspace",
        "registry:directory",
        "sourcing:list",
        "challenges:list",
        "knowledge:list",
        "home",
        "registry:import_upload",
        "admin:index",
        "registry:my_companies",
        "accounts:api_tokens",
    ],
    "company_admin": [
        "workspace",
        "registry:directory",
        "sourcing:list",
        "challenges:list",
        "knowledge:list",
        "home",
        "registry:my_companies",
        "accounts:api_tokens",
    ],
    "expert": [
        "workspace",
        "registry:directory",
        "challenges:list",
        "knowledge:list",
        "home",
        "accounts:api_tokens",
    ],
    "seeker": ["workspace", "registry:directory", "knowledge:list", "home", "accounts:api_tokens"],
    "anonymous": ["registry:directory", "knowledge:list", "home"],
}
MENUS["operator"] += [
    "registry:claim_queue",
    "registry:staff_invite",
    "talent:my_jobs",
    "talent:wage_arrears",
]
MENUS["operator"] += ["incentives:mine", "incentives:queue", "incentives:programs", "tenure:employments"]
MENUS["company_admin"] += ["registry:my_claims", "talent:my_jobs", "incentives:mine", "tenure:employments"]
MENUS["seeker"] += ["talent:my_profile", "talent:my_matches", "talent:my_applications"]
for menu in MENUS.values():
    menu.insert(menu.index("knowledge:list") + 1, "talent:list")
MENUS["company_member"] = MENUS["company_admin"]
for institution in INSTITUTIONS:
    MENUS[institution] = MENUS["expert"]
MENUS["labor_office"] = [
    *MENUS["labor_office"],
    "tenure:employments",
    "incentives:queue",
    "incentives:programs",
]
MENUS["city"] = [*MENUS["city"], "incentives:programs"]
# The graduate school: its overview for those who run or follow it, its projects for the school and
# companies, a student's own record for seekers.
for role in ("operator", "university", "city"):
    MENUS[role] = [*MENUS[role], "graduate:overview"]
for role in ("operator", "university", "company_admin"):  # company_member shares company_admin's menu
    MENUS[role] = [*MENUS[role], "graduate:projects"]
MENUS["company_member"] = MENUS["company_admin"]
MENUS["seeker"] = [*MENUS["seeker"], "graduate:me"]
# The programmes: "협약·사업" for everyone (the top row), matchmaking days for the staff and companies.
for role in ROLES:
    MENUS[role] = [*MENUS[role], "programs:index", "dashboards:index"]
for role in (*STAFF, "company_admin"):
    MENUS[role] = [*MENUS[role], "programs:events"]
MENUS["company_member"] = MENUS["company_admin"]
for role in SIGNED_IN:  # every signed-in person's own account pages
    MENUS[role] = [*MENUS[role], "accounts:my_data", "accounts:security", "accounts:consents"]


@pytest.fixture
def cast(operator):
    supplier = OrganizationFactory(name="세광주조(주)")
    supplier.sites.create(name="본사", address="인천 남동구")
    capability = supplier.capabilities.create(process=Process.objects.get(slug="casting.die-casting"))
    contact = supplier.contacts.create(name="홍길동")
    agency, university = Organization.Kind.AGENCY, Organization.Kind.UNIVERSITY
    people = {"operator": operator, "anonymous": None}
    for role, organization in [
        ("city", OrganizationFactory(name="인천광역시", kind=agency)),
        ("labor_office", OrganizationFactory(name="중부지방고용노동청", kind=agency)),
        ("university", OrganizationFactory(name="인하대학교 제조혁신전문대학원", kind=university)),
    ]:
        people[role] = MembershipFactory(organization=organization, user__username=role, user__role=role).user
    people["company_admin"] = MembershipFactory(organization=supplier, user__username="admin").user
    people["company_member"] = MembershipFactory(
        organization=supplier, user__username="member", role=Membership.Role.MEMBER
    ).user
    people["seeker"] = UserFactory(username="seeker", role=Role.SEEKER)
    people["expert"] = UserFactory(username="expert", role=Role.EXPERT)
    posco = OrganizationFactory(name="포스코 기술연구원", kind=Organization.Kind.RESEARCH_INSTITUTE)
    MembershipFactory(organization=posco, user=people["expert"], role=Membership.Role.MEMBER)
    expert = make_expert("김담금", posco, technologies=["heat-treatment"], user=people["expert"])

    request = sourcing.request_create(
        actor=people["company_admin"],
        buyer=supplier,
        title="로봇 하우징",
        description="알루미늄 다이캐스팅",
        quantity=100,
        deadline=timezone.localdate() + timezone.timedelta(days=30),
        processes=[Process.objects.get(slug="casting.die-casting")],
    )
    challenge = desk.challenge_create(
        actor=people["company_admin"], company=supplier, title="SCM440 샤프트 균열", description="담금질 균열"
    )
    desk.challenge_triage(
        actor=operator, challenge=challenge, technology=Technology.objects.get(slug="heat-treatment")
    )
    offer = desk.offers_create(actor=operator, challenge=challenge, experts=[expert])[0]
    article = Article.objects.create(
        kind=Article.Kind.GUIDE, title="다이캐스팅 기공 줄이기", body="본문", published_at=timezone.now()
    )
    run = ImportRun.objects.create(file_name="factories.csv", created_by=operator)
    # A claim of an unclaimed company by a company user outside the cast, and an invitation into the
    # supplier: their pages are the claimant's, the company's admins' and the operator's only.
    unclaimed = OrganizationFactory(name="한결알루미늄주조")
    claimant = UserFactory(username="claimant", role=Role.COMPANY)
    claim = claims.claim_create(actor=claimant, organization=unclaimed, business_number="220-81-62517")
    invitation, token = invitations.invitation_create(
        actor=people["company_admin"], organization=supplier, email="new-colleague@example.kr"
    )
    membership = Membership.objects.get(organization=supplier, user=people["company_member"])
    job, application, interest = _talent(people, supplier)
    program, incentive, installment = _incentive(people, supplier)
    cohort, student, project = _graduate(people, supplier)
    programme_pks, programme_values = _programs(people, supplier)
    pks = {
        "incentives": incentive.pk,
        "tenure": incentive.case.employment_id,
        "incentives:program": program.pk,
        "incentives:apply": program.pk,
        "incentives:evidence": 999_999,
        **{
            f"incentives:installment_{step}": installment.pk
            for step in ("confirm", "approve", "pay", "recovered")
        },
        "talent": job.pk,
        "talent:application": application.pk,
        "talent:stage": application.pk,
        "talent:withdraw": application.pk,
        "talent:interest_respond": interest.pk,
        "talent:wage_arrears_clear": 999_999,
        "registry": supplier.pk,
        "sourcing": request.pk,
        "challenges": challenge.pk,
        "knowledge": article.pk,
        "challenges:expert": expert.pk,
        "registry:import_detail": run.pk,
        "registry:import_progress": run.pk,
        "registry:import_retry": run.pk,
        "registry:import_review_resolve": 999_999,
        "accounts:api_token_revoke": 999_999,
        "graduate": project.pk,
        **{
            f"graduate:{name}": student.pk
            for name in ("student", "student_status", "internship", "placement")
        },
        "graduate:milestone": 999_999,
        "dashboards:report_job": 999_999,
        "dashboards:report_job_file": 999_999,
        **{
            f"registry:claim_{step}": claim.pk
            for step in ("detail", "approve", "refuse", "withdraw", "document")
        },
    }
    values = {
        "capability_pk": capability.pk,
        "site_pk": supplier.sites.get().pk,
        "contact_pk": contact.pk,
        "slug": "namdong",
        "scope": "namdong",
        "offer_pk": offer.pk,
        "challenge_pk": challenge.pk,
        "quote_pk": 999_999,
        "attachment_pk": 999_999,
        "file_pk": 999_999,
        "document_pk": 999_999,
        "invitation_pk": invitation.pk,
        "membership_pk": membership.pk,
        "token": token,
        "uidb64": "MQ",
        "fmt": "json",
        "milestone": "3m",
        "year": cohort.year,
        "project_pk": project.pk,
        **programme_values,
    }
    pks.update(programme_pks)
    return people, pks, values


def _talent(people, supplier):
    """An open posting of the supplier, the seeker's application to it and an invitation of another
    posting to the seeker."""
    from ppuri.talent import services as talent
    from tests.talent.conftest import job_input

    def posting(title: str):
        data = job_input(
            title=title, description="", processes=[], required_qualifications=[], wage_max=3_200_000,
            complex=None, commuter_bus=False, positions=1,
        )  # fmt: skip
        admin = people["company_admin"]
        return talent.job_open(actor=admin, job=talent.job_create(actor=admin, company=supplier, data=data))

    job = posting("용접공")
    talent.seeker_profile_save(
        actor=people["seeker"],
        consent=True,
        data=talent.ProfileInput(
            qualifications=[], processes=[], technologies=[], experience_years=0, education="",
            preferred_complexes=[], desired_wage=None, shifts=[], dormitory=False, available_from=None,
            discoverable=True,
        ),
    )  # fmt: skip
    application = talent.application_submit(actor=people["seeker"], job=job, message="", consent=True)
    interest = talent.interest_send(
        actor=people["company_admin"], job=posting("제관공"), seeker_id=people["seeker"].pk
    )
    return job, application, interest


def _incentive(people, supplier):
    """A youth-incentive programme and the supplier's approved application for a hire."""
    from ppuri.incentives import services as incentives
    from tests.incentives.conftest import application_input, program_input

    today = timezone.localdate()
    program = incentives.program_create(
        actor=people["operator"],
        data=program_input(hire_from=today - timezone.timedelta(days=365), hire_to=today, min_employees=0),
    )
    application, token = incentives.application_submit(
        actor=people["company_admin"],
        data=application_input(
            program, supplier, hire_date=today - timezone.timedelta(days=10), employees=10
        ),
    )
    incentives.application_consent(token=token, agree=True)
    incentives.application_approve(actor=people["labor_office"], application=application)
    return program, application, application.case.installments.first()


def _graduate(people, supplier):
    """A cohort of the graduate school, a student it enrolled (another seeker's account) sponsored by
    the supplier, and the supplier's project, published to students."""
    from datetime import date

    from ppuri.graduate import services as graduate

    school = people["university"]
    year = timezone.localdate().year - 1
    cohort = graduate.cohort_save(actor=school, year=year, target=30, starts_on=date(year, 3, 2))
    account = UserFactory(username="grad-student", role=Role.SEEKER, email="grad-student@inha.example")
    student = graduate.student_enrol(
        actor=school, cohort=cohort, name="김다은", email=account.email, sponsor=supplier
    )
    proposed = graduate.project_propose(
        actor=people["company_admin"],
        data=graduate.ProjectInput(
            company=supplier,
            title="다이캐스팅 기공 저감",
            summary="알루미늄 하우징의 기공을 줄이는 과제",
            problem="가스 기공 불량률 4.2%",
            mentor_name="최멘토",
        ),
    )
    return cohort, student, graduate.project_publish(actor=school, project=proposed)


def _programs(people, supplier):
    """The seeded 2019 agreement, a public project, a lead, a visit to the supplier with a follow-up,
    and an open matchmaking day the city organises with the supplier taking part."""
    from datetime import date

    from ppuri.programs.models import Agreement, BudgetLine, FollowUp, Lead, Milestone, Output, Visit
    from tests.programs.conftest_events import join, make_event
    from tests.programs.projects_setup import build_namdong

    agreement = Agreement.objects.get(slug="incheon-root-2019")
    commitment = agreement.commitments.order_by("order").first()
    project = build_namdong(people["operator"])
    subproject = project.subprojects.first()
    milestone = Milestone.objects.create(project=project, title="착공", planned_on=date(2021, 3, 1))
    output = Output.objects.create(subproject=subproject, indicator="주차면", unit="면", target=100)
    lead = Lead.objects.create(code_name="PROJECT MATRIX", created_by=people["operator"])
    visit = Visit.objects.create(
        organization=supplier, visited_on=date(2026, 11, 2), visitor=people["operator"]
    )
    follow_up = FollowUp.objects.create(
        visit=visit,
        kind=FollowUp.Kind.HIRING,
        title="채용 지원",
        owner=people["operator"],
        due_on=date(2026, 11, 16),
    )
    event = make_event(people["city"])
    participant = join(event, supplier, people["company_admin"])
    pks = {
        "programs:agreement": agreement.pk,
        "programs:agreement_edit": agreement.pk,
        "programs:partner_add": agreement.pk,
        "programs:partner_edit": agreement.pk,
        "programs:commitment_create": agreement.pk,
        "programs:agreement_document_add": agreement.pk,
        "programs:agreement_document": agreement.pk,
        **{
            f"programs:{name}": commitment.pk
            for name in ("commitment", "commitment_edit", "period_add", "period_edit", "period_report",
                         "period_evidence", "commitment_records")
        },
        "programs:lead": lead.pk,
        "programs:lead_edit": lead.pk,
        "programs:lead_stage": lead.pk,
        "programs:visit": visit.pk,
        **{f"programs:follow_up{step}": follow_up.pk for step in ("", "_route", "_done", "_cancel")},
        "programs": project.pk,
        **{
            f"programs:event{name}": event.pk
            for name in ("", "_edit", "_open", "_close", "_finish", "_session_add", "_tables_add",
                         "_register", "_participant_add", "_participant_withdraw", "_request",
                         "_schedule_run", "_schedule", "_participant_schedule", "_meeting_add")
        },
        **{
            f"programs:event_{name}": 999_999
            for name in ("request_accept", "request_decline", "request_cancel", "meeting_move",
                         "meeting_remove", "meeting_outcome")
        },
    }  # fmt: skip
    values = {
        "partner_pk": agreement.partners.first().pk,
        "period_pk": commitment.periods.first().pk,
        "subproject_pk": subproject.pk,
        "line_pk": BudgetLine.objects.filter(subproject__project=project).first().pk,
        "milestone_pk": milestone.pk,
        "output_pk": output.pk,
        "participant_pk": participant.pk,
    }
    return pks, values


def url_of(name, pattern, pks, values) -> str:
    kwargs = {}
    for key in pattern.pattern.converters:
        kwargs[key] = pks.get(name, pks.get(name.split(":")[0])) if key == "pk" else values[key]
    return reverse(name, kwargs=kwargs)


def client_as(user) -> Client:
    # client_for signs in as a person would, the second factor passed for the roles that need one.
    return Client() if user is None else client_for(user)


def outcome(response) -> object:
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith("/accounts/login/") else REDIRECT
    return response.status_code


def test_every_page_is_classified():
    names = set(own_url_names())
    unclassified = sorted(names - PAGES.keys())
    assert not unclassified, (
        f"Classify these pages in PAGES of tests/test_role_matrix.py (what each role gets): {unclassified}"
    )
    assert not sorted(PAGES.keys() - names), "PAGES names pages the site no longer has"
    assert all(set(expected) == set(ROLES) for expected in PAGES.values())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_role_table_gives_it(cast, role):
    people, pks, values = cast
    client = client_as(people[role])
    wrong = {}
    for name, pattern in own_url_names().items():
        got = outcome(client.get(url_of(name, pattern, pks, values)))
        if got != PAGES[name][role]:
            wrong[name] = (PAGES[name][role], got)
    assert not wrong, f"{role}: page → (expected, got): {wrong}"


def menu_of(client) -> set[str]:
    """The pages the header links to by role (the utility row, the main menu, the user's menu and
    the phone menu, which repeats them)."""
    html = client.get(reverse("knowledge:list")).content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'data-nav="([^"]+)"', header))


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_holds_what_the_role_may_use_and_nothing_else(cast, role):
    people, pks, values = cast
    client = client_as(people[role])
    menu = menu_of(client)
    assert menu == set(MENUS[role])
    names = own_url_names()
    for name in menu:
        if name == "admin:index":
            continue  # Django's admin, checked by its own tests
        href = url_of(name, names[name], pks, values)
        assert client.get(href, follow=True).status_code == OK, (role, name)
        assert PAGES[name][role] in (OK, REDIRECT), (role, name)
    # No page of the menu table that this role may not use is offered to it.
    refused = {
        entry.url_name
        for entry in NAVIGATION
        if entry.url_name in PAGES and PAGES[entry.url_name][role] not in (OK, REDIRECT)
    }
    assert not refused & set(menu)


def header_of(user) -> str:
    html = client_as(user).get(reverse("knowledge:list")).content.decode()
    return html.split("<header", 1)[1].split("</header>", 1)[0]


def test_seekers_never_see_company_tools_and_the_city_no_longer_sees_sourcing(cast):
    people, _pks, _values = cast
    for label in ("견적 요청", "내 기업", "한계기술 자문"):
        assert label not in header_of(people["seeker"])
    assert "견적 요청" not in header_of(people["city"])
    assert "내 기업" not in header_of(people["city"])


def test_an_institution_allowed_by_an_operator_sees_sourcing_in_its_menu(cast):
    people, _pks, _values = cast
    city = people["city"]
    city.may_post_for_institution = True
    city.save(update_fields=["may_post_for_institution"])
    client = client_as(city)
    assert "sourcing:list" in menu_of(client)
    assert client.get(reverse("sourcing:list")).status_code == OK
    assert client.get(reverse("sourcing:create")).status_code == OK


REQUEST_BODY = {
    "title": "하우징",
    "description": "알루미늄 다이캐스팅",
    "quantity": 10,
    "deadline": "2099-01-01",
}


@pytest.mark.parametrize("role", ["city", "labor_office", "university", "expert", "seeker"])
def test_roles_that_may_not_post_get_403_from_the_api_and_nothing_is_written(cast, token_for, role):
    people, pks, _values = cast
    requests_before, cases_before = SourcingRequest.objects.count(), Challenge.objects.count()
    headers = token_for(people[role])
    client = Client()
    response = client.post(
        "/api/v1/sourcing/requests", REQUEST_BODY, content_type="application/json", headers=headers
    )
    assert response.status_code == 403, response.content
    assert response.json()["detail"]
    organization = people[role].memberships.values_list("organization_id", flat=True).first()
    response = client.post(
        "/api/v1/challenges",
        # One's own organization, or (a seeker has none) a company that exists: ids are not reused on
        # PostgreSQL, so a made-up id would be refused as unknown before the role is looked at.
        {"company_id": organization or pks["registry"], "title": "균열", "description": "담금질 균열"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code in (403, 404), response.content
    assert (SourcingRequest.objects.count(), Challenge.objects.count()) == (requests_before, cases_before)


def test_the_city_posts_in_its_name_once_an_operator_allows_it(cast, token_for, operator):
    from ppuri.accounts.services import user_institution_posting_set
    from ppuri.core.models import ActivityLog

    people, _pks, _values = cast
    city = people["city"]
    headers = token_for(city)
    client = Client()
    post = lambda: client.post(  # noqa: E731
        "/api/v1/sourcing/requests", REQUEST_BODY, content_type="application/json", headers=headers
    )
    assert post().status_code == 403
    user_institution_posting_set(actor=operator, user=city, allowed=True)
    assert ActivityLog.objects.filter(verb="accounts.user.institution_posting_allowed").exists()
    response = post()
    assert response.status_code == 201, response.content
    assert SourcingRequest.objects.get(pk=response.json()["id"]).buyer.name == "인천광역시"
