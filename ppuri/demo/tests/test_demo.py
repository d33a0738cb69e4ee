"""The demo data: loaded once per module (a few seconds) inside a transaction rolled back at the end."""

import base64
import time
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ppuri.accounts.models import Role, User
from ppuri.challenges import selectors as challenge_selectors
from ppuri.challenges.models import Challenge, Consultation, Expert, Offer
from ppuri.core.models import ActivityLog, Notification
from ppuri.core.text import normalize_company_name
from ppuri.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_KEY
from ppuri.demo.challenges import expert_plan
from ppuri.demo.companies import REFERENCE_DATE
from ppuri.demo.organizations import COMPLEX_COMPANY_COUNTS, demo_plan
from ppuri.demo.services import demo_load
from ppuri.knowledge.models import Article
from ppuri.reference.models import Confidence, KsicCode, Process
from ppuri.registry.models import Capability, Membership, Organization, OrganizationCertification, Site
from ppuri.sourcing import selectors
from ppuri.sourcing.models import Invitation, Quote, SourcingRequest

SEED = 7


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # The fast hasher of conftest.py's per-test fixture, already for the module's accounts.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        summary = demo_load(seed=SEED)
        yield summary
        transaction.set_rollback(True)


def _root_companies():
    return Organization.objects.filter(
        is_demo=True, kind=Organization.Kind.COMPANY, capabilities__isnull=False
    ).distinct()


@pytest.mark.django_db
def test_demo_builds_the_four_complexes_in_their_real_proportions(demo):
    assert demo.created
    assert demo.root_companies >= 2000
    counts = demo.by_complex
    assert all(counts[slug] > 0 for slug in COMPLEX_COMPANY_COUNTS)
    assert counts["namdong"] > counts["bupyeong"] > counts["juan"] > counts["seobu"]
    in_complexes = sum(counts.values())
    real_total = sum(COMPLEX_COMPANY_COUNTS.values())
    for slug, real in COMPLEX_COMPANY_COUNTS.items():
        assert counts[slug] / in_complexes == pytest.approx(real / real_total, abs=0.002)
    # About 8% more are individual sites outside the complexes.
    assert demo.outside_complexes == pytest.approx(0.08 * in_complexes, rel=0.05)
    assert Site.objects.filter(organization__in=_root_companies(), complex__isnull=True).count() == (
        demo.outside_complexes
    )
    assert demo.technology_companies == 45
    assert set(Organization.objects.filter(is_demo=True).values_list("kind", flat=True)) == set(
        Organization.Kind.values
    )


@pytest.mark.django_db
def test_demo_companies_have_sites_unique_names_and_factory_numbers(demo):
    demo_organizations = Organization.objects.filter(is_demo=True)
    assert not demo_organizations.annotate(n=Count("sites")).filter(n=0).exists()
    primary = Site.objects.filter(organization__in=_root_companies(), is_primary=True)
    assert primary.count() == demo.root_companies
    numbers = list(primary.values_list("factory_number", flat=True))
    assert all(number and len(number) == 14 and number.isdigit() for number in numbers)
    assert len(set(numbers)) == len(numbers)
    names = list(demo_organizations.values_list("normalized_name", flat=True))
    assert len(set(names)) == len(names)
    # ksic_main only from the High-confidence rows (domain-facts §2.2).
    high = set(KsicCode.objects.filter(confidence=Confidence.HIGH).values_list("code", flat=True))
    used = set(demo_organizations.exclude(ksic_main="").values_list("ksic_main", flat=True))
    assert used and used <= high
    # Most root companies are small (68.4% below 10 employees, domain-facts §1.4).
    employees = list(_root_companies().values_list("employees", flat=True))
    assert 0.62 < sum(e < 10 for e in employees) / len(employees) < 0.74


@pytest.mark.django_db
def test_demo_capabilities_and_certifications_are_consistent(demo):
    process_materials = {
        process.pk: {material.pk for material in process.materials.all()}
        for process in Process.objects.prefetch_related("materials")
    }
    capabilities = Capability.objects.filter(organization__is_demo=True).prefetch_related("materials")
    per_company = Counter(capabilities.values_list("organization_id", flat=True))
    assert set(per_company.values()) <= {1, 2, 3, 4}
    for capability in capabilities:
        assert {m.pk for m in capability.materials.all()} <= process_materials[capability.process_id]
        assert capability.site is not None and capability.site.organization_id == capability.organization_id
    sources = Counter(capabilities.values_list("source", flat=True))
    assert sources[Capability.Source.IMPORTED] > sources[Capability.Source.DECLARED] > 0
    assert not capabilities.filter(source=Capability.Source.VERIFIED, verified_by__isnull=True).exists()

    root_certificates = OrganizationCertification.objects.filter(
        organization__is_demo=True, certification__slug="root-company"
    )
    assert root_certificates.count() > 0.25 * demo.root_companies
    for certificate in root_certificates:
        issued = certificate.issued_on
        assert certificate.valid_until == issued.replace(year=issued.year + 3)
        assert issued <= REFERENCE_DATE
    assert OrganizationCertification.objects.filter(
        organization__is_demo=True, certification__slug="iatf-16949", organization__sectors__slug="automotive"
    ).exists()


@pytest.mark.django_db
def test_demo_loads_once(demo):
    before = (
        Organization.objects.count(),
        Site.objects.count(),
        Capability.objects.count(),
        OrganizationCertification.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        SourcingRequest.objects.count(),
        Invitation.objects.count(),
        Expert.objects.count(),
        Challenge.objects.count(),
        Offer.objects.count(),
    )

    again = demo_load(seed=SEED + 1)

    assert not again.created
    assert again.root_companies == demo.root_companies
    assert before == (
        Organization.objects.count(),
        Site.objects.count(),
        Capability.objects.count(),
        OrganizationCertification.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        SourcingRequest.objects.count(),
        Invitation.objects.count(),
        Expert.objects.count(),
        Challenge.objects.count(),
        Offer.objects.count(),
    )


@pytest.mark.django_db
def test_a_second_start_after_an_import_keeps_the_import_and_says_what_it_serves(demo):
    """The first-round complaint: the import page used, then `make demo` refused to start again."""
    imported = Organization.objects.create(name="세광주조(주)", normalized_name="세광주조")
    demo_rows = Organization.objects.filter(is_demo=True).count()

    again = demo_load(seed=SEED)

    assert not again.created
    assert Organization.objects.filter(is_demo=True).count() == demo_rows
    assert Organization.objects.filter(pk=imported.pk, is_demo=False).exists()
    assert again.companies == demo.companies + 1 and again.other_companies == 1
    assert again.message.startswith(
        f"기존 데이터베이스를 그대로 씁니다: 기업 {demo.companies + 1:,}곳 "
        f"(데모 {demo.companies:,}곳, 가져오거나 등록한 기업 1곳)"
    )


@pytest.mark.django_db
def test_same_seed_same_data(demo):
    first = [planned.organization.name for planned in demo_plan(seed=SEED)[:20]]
    again = [planned.organization.name for planned in demo_plan(seed=SEED)[:20]]
    other = [planned.organization.name for planned in demo_plan(seed=SEED + 1)[:20]]

    assert first == again
    assert first != other
    loaded = list(
        Organization.objects.filter(is_demo=True).order_by("pk").values_list("name", flat=True)[:20]
    )
    assert loaded == first


@pytest.mark.django_db
def test_demo_accounts_of_every_role_log_in(demo, client):
    users = {
        user.username: user for user in User.objects.filter(username__in=[a.username for a in demo.accounts])
    }
    assert {user.role for user in users.values()} == set(Role.values)
    for account in demo.accounts:
        response = client.post(
            reverse("accounts:login"), {"username": account.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.username
        assert client.session["_auth_user_id"] == str(users[account.username].pk)
        client.logout()
    assert users["operator"].is_staff

    def membership(username):
        return Membership.objects.select_related("organization").get(user=users[username])

    supplier = membership("supplier")
    assert supplier.role == Membership.Role.ADMIN
    assert supplier.organization.sites.get(is_primary=True).complex.slug == "namdong"
    assert supplier.organization.capabilities.filter(process__slug="casting.die-casting").exists()
    assert membership("supplier2").role == Membership.Role.MEMBER
    buyer = membership("buyer").organization
    assert buyer.sectors.filter(slug="robotics").exists() and not buyer.capabilities.exists()
    assert "청라" in buyer.description
    assert membership("expert").organization.name == "포스코 기술연구원"
    assert membership("university").organization.kind == Organization.Kind.UNIVERSITY
    assert not Membership.objects.filter(user=users["seeker"]).exists()


@pytest.mark.django_db
def test_the_privileged_demo_accounts_pass_the_second_factor_with_the_documented_key(demo, client):
    with_key = set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True))
    assert {"operator", "city", "labor", "expert", "university"} <= with_key
    assert not with_key & {"supplier", "buyer", "seeker", "student", "alumni"}
    assert set(demo.expert_accounts) <= with_key
    totp = TOTP(base64.b32decode(DEMO_TOTP_KEY))
    totp.time = time.time()
    client.post(reverse("accounts:login"), {"username": "city", "password": DEMO_PASSWORD})
    assert client.get("/")["Location"].startswith(reverse("accounts:mfa_verify"))

    response = client.post(reverse("accounts:mfa_verify"), {"code": f"{totp.token():06d}"})

    assert response.status_code == 302 and client.get("/").status_code == 200


@pytest.mark.django_db
def test_demo_command_prints_accounts_without_serving(demo):
    out = StringIO()

    call_command("demo", "--no-serve", "--addrport", "0.0.0.0:8123", stdout=out)

    text = out.getvalue()
    # Loaded by the fixture: nothing new, and it says what it serves.
    assert f"기존 데이터베이스를 그대로 씁니다: 기업 {demo.companies:,}곳 (모두 데모 데이터)" in text
    assert "지식 문서 / knowledge articles: defect_case 5, guide 4" in text
    assert f"제조혁신전문대학원 / graduate school: 기수 / cohorts 2020–{demo.graduate_cohorts[-1]}" in text
    assert "대학원 데모의 학생 / graduate demo students: student, alumni, seeker-minseo" in text
    assert DEMO_PASSWORD in text
    assert "demo TOTP key" in text and "PPUR IDEM OPPU RIDE MOPP URID EMOP PURI" in text
    assert "http://127.0.0.1:8123/" in text
    for username in (
        "operator",
        "city",
        "labor",
        "supplier",
        "supplier2",
        "buyer",
        "buyer2",
        "expert",
        "university",
    ):
        assert f"  {username} " in text


@pytest.mark.django_db
def test_demo_sourcing_suppliers_have_clear_checked_profiles(demo):
    suppliers = Organization.objects.filter(
        is_demo=True, memberships__user__username__in=demo.supplier_accounts
    )
    assert suppliers.count() == len(demo.supplier_accounts) >= 10
    for supplier in suppliers.prefetch_related("capabilities__materials", "certifications", "sectors"):
        site = supplier.sites.get(is_primary=True)
        assert site.complex is not None and site.latitude and site.longitude
        capabilities = list(supplier.capabilities.all())
        assert any(c.source == Capability.Source.VERIFIED and c.verified_at for c in capabilities)
        assert all(c.batch_band and c.equipment and c.materials.all() for c in capabilities)
        assert any(c.valid_until and c.valid_until > REFERENCE_DATE for c in supplier.certifications.all())
        assert supplier.sectors.exists() and supplier.products


@pytest.mark.django_db
def test_demo_sourcing_requests_go_through_every_state(demo):
    requests = SourcingRequest.objects.filter(buyer__is_demo=True)
    assert set(demo.sourcing_requests) == set(SourcingRequest.Status.values)
    draft = requests.get(status=SourcingRequest.Status.DRAFT)
    assert not draft.processes_confirmed and draft.steps.count() == 3
    assert {step.process.slug for step in draft.steps.all()} == {
        "casting.gravity",
        "heat-treatment.solution-aging",
        "surface-treatment.anodizing",
    }
    open_requests = requests.filter(status=SourcingRequest.Status.OPEN)
    invited = open_requests.filter(visibility=SourcingRequest.Visibility.INVITED)
    assert Invitation.objects.filter(request__in=invited, status=Invitation.Status.INVITED).exists()
    assert Invitation.objects.filter(request__in=invited, status=Invitation.Status.DECLINED).exists()
    to_all = open_requests.get(visibility=SourcingRequest.Visibility.OPEN)
    assert (
        to_all.invitations.filter(origin=Invitation.Origin.OPEN, status=Invitation.Status.QUOTED).count() == 2
    )
    awarded = requests.get(status=SourcingRequest.Status.AWARDED)
    assert awarded.invitations.filter(status=Invitation.Status.AWARDED).count() == 2
    assert awarded.invitations.filter(status=Invitation.Status.NOT_AWARDED).exists()
    assert requests.filter(status=SourcingRequest.Status.CLOSED).exists()
    assert requests.filter(status=SourcingRequest.Status.CANCELLED).exists()
    assert Quote.objects.filter(invitation__request__in=requests).count() >= 7
    # Written by the services: the log and the notifications are the real ones.
    verbs = set(ActivityLog.objects.filter(verb__startswith="sourcing.").values_list("verb", flat=True))
    assert {"sourcing.request.created", "sourcing.invited", "sourcing.quoted", "sourcing.declined"} <= verbs
    assert {"sourcing.awarded", "sourcing.request.cancelled", "sourcing.request.closed"} <= verbs
    assert Notification.objects.filter(recipient__username="buyer", verb="sourcing.quoted").exists()


@pytest.mark.django_db
def test_demo_accounts_see_their_side_of_the_round(demo):
    buyer, supplier, supplier2 = (
        User.objects.get(username=name) for name in ("buyer", "supplier", "supplier2")
    )
    assert selectors.requests_of_buyer(buyer).count() == 5
    inbox = selectors.supplier_inbox(supplier)
    assert Invitation.objects.filter(
        request__in=inbox, supplier__memberships__user=supplier, status=Invitation.Status.INVITED
    ).exists()
    assert Invitation.objects.filter(
        supplier__memberships__user=supplier2, status=Invitation.Status.NOT_AWARDED
    ).exists()
    assert selectors.requests_of_buyer(User.objects.get(username="buyer2")).count() == 2


# --- the limit-technology desk --------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_experts_have_coherent_expertise_at_the_three_institutions(demo):
    experts = Expert.objects.filter(organization__is_demo=True).prefetch_related(
        "technologies", "processes__technology", "defects__technology", "materials"
    )
    assert demo.experts == experts.count() == 180
    per_institution = Counter(experts.values_list("organization__name", flat=True))
    assert per_institution == {"포스코 기술연구원": 130, "한국생산기술연구원": 30, "인하대학교": 20}
    for expert in experts:
        technologies = {t.slug for t in expert.technologies.all()}
        assert technologies and expert.defects.all(), expert.name
        assert {d.technology.slug for d in expert.defects.all()} <= technologies, expert.name
        assert {p.technology.slug for p in expert.processes.all()} <= technologies, expert.name
        assert 2 <= expert.capacity <= 5 and expert.keywords and expert.title
    assert len(set(experts.values_list("name", flat=True))) == 180
    assert any("en" in expert.languages for expert in experts)
    away = (
        experts.filter(available=False).count() + experts.filter(unavailable_until__gt=REFERENCE_DATE).count()
    )
    assert 0 < away < 10
    assert experts.filter(conflicts__is_demo=True).distinct().count() >= 3
    # The demo's `expert` account is one of POSCO's experts; the desk's other experts log in too.
    expert_user = User.objects.get(username="expert")
    assert expert_user.expert_profile.organization.name == "포스코 기술연구원"
    assert demo.expert_accounts and "expert" not in demo.expert_accounts
    for user in User.objects.filter(username__in=demo.expert_accounts).select_related("expert_profile"):
        assert user.role == Role.EXPERT
        assert Membership.objects.filter(user=user, organization=user.expert_profile.organization).exists()


@pytest.mark.django_db
def test_demo_experts_are_the_same_for_the_same_seed(demo):
    first = [(e.key, e.name, e.processes) for e in expert_plan(seed=SEED)]
    assert first == [(e.key, e.name, e.processes) for e in expert_plan(seed=SEED)]
    assert first != [(e.key, e.name, e.processes) for e in expert_plan(seed=SEED + 1)]


@pytest.mark.django_db
def test_demo_challenges_go_through_every_state_of_the_desk(demo):
    challenges = Challenge.objects.filter(company__is_demo=True)
    assert set(demo.challenges) == set(Challenge.Status.values)
    assert sum(demo.challenges.values()) == challenges.count() >= 20
    closed = challenges.filter(status=Challenge.Status.CLOSED)
    assert not closed.filter(rating=None).exists() and closed.filter(publish_consent=True).exists()
    assert not closed.filter(offers__status=Offer.Status.OFFERED).exists()
    for challenge in challenges.filter(status=Challenge.Status.IN_PROGRESS):
        assert challenge.offers.filter(status=Offer.Status.ACCEPTED).count() == 1
    assert Consultation.objects.filter(challenge__status=Challenge.Status.IN_PROGRESS).exists()
    # A case whose only offer was declined went back to the operator; a batch routed others.
    assert challenges.filter(status=Challenge.Status.TRIAGED, offers__status=Offer.Status.DECLINED).exists()
    assert Offer.objects.filter(status=Offer.Status.DECLINED).exclude(decline_reason="").count() >= 2
    assert set(challenges.values_list("confidentiality", flat=True)) == set(Challenge.Confidentiality.values)
    assert challenges.filter(confidentiality=Challenge.Confidentiality.CONFIDENTIAL).count() > (
        challenges.filter(confidentiality=Challenge.Confidentiality.PUBLIC).count()
    )
    # Dated on the days of their steps, all before the day of loading, in order.
    today = timezone.now()
    for challenge in challenges:
        steps = [challenge.created_at, challenge.triaged_at, challenge.resolved_at, challenge.closed_at]
        steps = [moment for moment in steps if moment is not None]
        assert steps == sorted(steps) and steps[-1] < today, challenge.title
    assert challenges.filter(created_at__lt=today - timedelta(days=60)).exists()
    # Written by the services, as the parties themselves.
    verbs = set(ActivityLog.objects.filter(verb__startswith="challenges.").values_list("verb", flat=True))
    assert {
        "challenges.challenge.created",
        "challenges.challenge.triaged",
        "challenges.offer.created",
        "challenges.offer.accepted",
        "challenges.offer.declined",
        "challenges.consultation.logged",
        "challenges.challenge.resolved",
        "challenges.challenge.rated",
        "challenges.challenge.withdrawn",
    } <= verbs
    assert Notification.objects.filter(recipient__username="expert", verb="challenges.offer.created").exists()
    assert (
        challenge_selectors.expert_offers(User.objects.get(username="expert"))
        .filter(status=Offer.Status.OFFERED)
        .exists()
    )


@pytest.mark.django_db
def test_a_confidential_demo_challenge_is_seen_only_by_its_parties(demo):
    confidential = Challenge.objects.filter(
        company__is_demo=True,
        confidentiality=Challenge.Confidentiality.CONFIDENTIAL,
        status=Challenge.Status.CLOSED,
    ).first()
    assert confidential is not None
    company_user = Membership.objects.filter(organization=confidential.company).first().user
    other = User.objects.get(username="supplier")  # a die caster's admin: another demo company
    assert not Membership.objects.filter(user=other, organization=confidential.company).exists()

    assert confidential not in challenge_selectors.challenges_visible_to(other)
    assert confidential not in challenge_selectors.challenges_visible_to(User.objects.get(username="buyer"))
    assert confidential in challenge_selectors.challenges_visible_to(company_user)
    assert confidential in challenge_selectors.challenges_visible_to(User.objects.get(username="operator"))
    public = Challenge.objects.filter(
        company__is_demo=True, confidentiality=Challenge.Confidentiality.PUBLIC
    ).exclude(status=Challenge.Status.WITHDRAWN)
    assert set(public) <= set(challenge_selectors.challenges_visible_to(other))


# --- the knowledge base ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_publishes_its_consented_cases_anonymised_and_expert_guides(demo):
    consented = Challenge.objects.filter(
        company__is_demo=True,
        status=Challenge.Status.CLOSED,
        publish_consent=True,
        outcome__in=[Challenge.Outcome.SOLVED, Challenge.Outcome.PARTLY],
    )
    cases = Article.objects.filter(kind=Article.Kind.DEFECT_CASE).select_related("source_challenge__company")
    assert demo.articles == {"defect_case": consented.count(), "guide": 4}
    assert {article.source_challenge for article in cases} == set(consented) and consented.count() == 5
    assert not Article.objects.filter(source_challenge__publish_consent=False).exists()
    now = timezone.now()
    for article in cases:
        challenge = article.source_challenge
        # Anonymised as the service requires, tagged like the case, dated after it closed.
        company = challenge.company
        for name in (company.name, company.name_en):
            core = normalize_company_name(name) if name else ""
            for text in (article.title, article.summary, article.body):
                assert not core or core not in normalize_company_name(text), (article.title, name)
        assert (article.technology, article.process, article.defect) == (
            challenge.technology,
            challenge.process,
            challenge.defect,
        )
        assert article.summary and article.audience == Article.Audience.PUBLIC
        # The service's draft, its effect line rewritten in words as an operator would.
        assert article.body.startswith("문제\n") and "\n\n해결\n" in article.body
        assert "\n\n효과: " in article.body and ".00" not in article.body
        assert challenge.closed_at < article.published_at < now
    guides = Article.objects.filter(kind=Article.Kind.GUIDE).select_related("author", "process", "defect")
    for guide in guides:
        assert guide.author.role == Role.EXPERT and guide.published_at < now
        assert guide.process.technology_id == guide.technology_id
        assert guide.defect is None or guide.defect.technology_id == guide.technology_id
    assert {guide.process.slug for guide in guides} >= {
        "casting.die-casting",
        "heat-treatment.carburizing",
        "surface-treatment.anodizing",
    }
    # Published through the services: logged and announced as a real publication is.
    verbs = set(ActivityLog.objects.filter(verb__startswith="knowledge.").values_list("verb", flat=True))
    assert verbs == {"knowledge.article.published", "knowledge.case.published"}
    assert Notification.objects.filter(verb="knowledge.case.published").exists()


@pytest.mark.django_db
def test_the_public_knowledge_page_of_a_fresh_demo_lists_guides_and_cases(demo, client):
    html = client.get(reverse("knowledge:list")).content.decode()

    for article in Article.objects.all():
        assert article.title in html and article.summary in html
    guide = Article.objects.get(title__startswith="다이캐스팅 기공 줄이기")
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "가스 기공" in page and "수축 기공" in page


# --- jobs -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_jobs_span_the_four_complexes_and_applications_every_stage(demo):
    from ppuri.talent.models import Application, Interest, JobPosting, SeekerProfile

    postings = JobPosting.objects.filter(company__is_demo=True)
    open_postings = postings.filter(status=JobPosting.Status.OPEN)
    assert set(demo.job_postings) == {"draft", "open", "filled"}
    assert set(open_postings.values_list("complex__slug", flat=True)) >= {
        "namdong",
        "juan",
        "bupyeong",
        "seobu",
    }
    assert open_postings.count() >= 40
    assert set(open_postings.values_list("technology__slug", flat=True)) >= {
        "casting", "mold", "forming", "welding", "surface-treatment", "heat-treatment"
    }  # fmt: skip
    assert set(Application.objects.values_list("stage", flat=True)) == set(Application.Stage.values)
    assert demo.job_applications == dict(Counter(Application.objects.values_list("stage", flat=True)))
    hired = Application.objects.get(stage=Application.Stage.HIRED, job__status=JobPosting.Status.OPEN)
    assert hired.hired_on == timezone.localdate() and hired.hire_site is not None
    profiles = SeekerProfile.objects.all()
    assert profiles.count() == 8 and profiles.filter(discoverable=False).count() == 2
    # The seeker who typed the old name 용접기능사 holds 피복아크용접기능사.
    yujin = profiles.get(user__username="seeker-yujin")
    assert "smaw-craftsman" in set(yujin.held.values_list("qualification__slug", flat=True))
    assert Interest.objects.filter(status=Interest.Status.SENT).count() == 1


@pytest.mark.django_db
def test_the_demo_seeker_finds_the_welding_job_first_with_reasons(demo, client):
    client.force_login(User.objects.get(username="seeker"))
    page = client.get(reverse("talent:my_matches")).content.decode()
    rows = page.split('data-testid="match-row"')[1:]
    assert any("구조물 피복아크용접 기능공" in row for row in rows[:10])
    assert "필수 자격 없음" not in rows[0]
    assert "아크용접" in rows[0] or "피복아크" in rows[0]  # the seeker's own process first


@pytest.mark.django_db
def test_demo_incentive_cases_in_every_state_with_a_ledger_that_adds_up(demo, client):
    from ppuri.incentives import selectors
    from ppuri.incentives.models import IncentiveApplication, Installment, LedgerEntry, Program
    from ppuri.tenure.models import Employment

    program = Program.objects.get()
    assert (program.budget, program.headcount_cap, program.amount_per_person) == (
        1_580_000_000,
        300,
        3_600_000,
    )
    assert set(IncentiveApplication.objects.values_list("status", flat=True)) == set(
        IncentiveApplication.Status.values
    )
    assert {"paid", "released", "recovering", "scheduled"} <= set(
        Installment.objects.values_list("status", flat=True)
    )
    # The late-reported separation: its payment waits for the labor office to record it recovered.
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.RECOVERY).exists()
    the_ledger = selectors.ledger(program)
    assert the_ledger.adds_up() and the_ledger.paid > 0 and the_ledger.released > 0
    # History enough for the curves: at least a hundred hires, some of whom left.
    assert (
        Employment.objects.count() >= 100
        and Employment.objects.filter(separated_on__isnull=False).count() >= 20
    )
    client.force_login(User.objects.get(username="labor"))
    groups = client.get("/api/v1/retention?by=complex").json()["groups"]
    assert {"namdong", "juan", "bupyeong", "seobu"} <= {group["group"] for group in groups}


# --- the graduate school --------------------------------------------------------------------------


def _latest_cohort_year() -> int:
    today = timezone.localdate()
    return today.year if today >= date(today.year, 3, 2) else today.year - 1


@pytest.mark.django_db
def test_demo_graduate_school_has_its_cohorts_since_2020_with_figures_that_add_up(demo):
    from ppuri.graduate import selectors as graduate
    from ppuri.graduate.models import AdvisorInstitution, Cohort, Student

    years = list(Cohort.objects.order_by("year").values_list("year", flat=True))
    assert years == list(range(2020, _latest_cohort_year() + 1)) == demo.graduate_cohorts
    assert set(range(2020, 2027)) <= set(years)  # 7 cohorts 2020–2026 at least
    opening = Cohort.objects.get(year=2020)
    assert (opening.target, opening.starts_on) == (30, date(2020, 3, 2))
    assert opening.note == "개원 첫해 정원 30명, 입학 28명(파이낸셜뉴스 2019-09-18)"
    targets = list(Cohort.objects.order_by("year").values_list("target", flat=True))
    assert targets == sorted(targets) and targets[-1] == 50  # a ramp to the agreement's ~50 a year
    assert all(c.starts_on == date(c.year, 3, 2) for c in Cohort.objects.all())
    assert set(AdvisorInstitution.objects.values_list("organization__name", flat=True)) == {
        "인하대학교",
        "한국생산기술연구원",
    }
    figures = {f.year: f for f in graduate.cohort_figures(User.objects.get(username="university"))}
    assert figures[2020].enrolled == 28
    for year, f in figures.items():
        assert f.exact and f.enrolled == f.studying + f.graduated + f.withdrawn, year
        admitted = Student.objects.filter(cohort__year=year, status__in=Student.ADMITTED)
        assert f.enrolled == admitted.count() and f.graduated == admitted.filter(status="graduated").count()
        assert f.placed <= f.graduated
    # Each cohort as far along as the calendar has brought it: the oldest all graduated or withdrawn
    # (a few withdrew), the latest only enrolled; the requests of two seekers wait for the school.
    today = timezone.localdate()
    for year in years:
        if today > date(year + 3, 9, 1):
            assert figures[year].studying == 0 and figures[year].graduated >= 0.85 * figures[year].enrolled
    assert sum(f.withdrawn for f in figures.values()) > 0
    latest = Student.objects.filter(cohort__year=years[-1])
    assert not latest.filter(status__in=["thesis", "graduated"]).exists()
    assert latest.filter(status="pending").count() >= 2
    # Every status but a turned-down request, which the demo's school never needs.
    assert set(Student.objects.values_list("status", flat=True)) == set(Student.Status.values) - {"rejected"}
    assert demo.graduate_students == dict(Counter(Student.objects.values_list("status", flat=True)))
    for student in Student.objects.filter(status="graduated"):
        assert student.cohort.starts_on < student.graduated_on < today
        assert student.matches.filter(milestones__kind="defense", milestones__state="passed").exists()


@pytest.mark.django_db
def test_demo_graduate_projects_come_from_the_partner_firms_through_every_state(demo):
    from ppuri.graduate.models import Match, Project, ProjectInterest, Student

    projects = Project.objects.select_related("company", "challenge", "proposed_by")
    assert set(projects.values_list("status", flat=True)) == set(Project.Status.values)
    assert demo.graduate_projects == dict(Counter(projects.values_list("status", flat=True)))
    # Proposed by the companies' own members; some from their desk cases (a confidential case behind
    # an NDA), some NDA, the done ones with a result and a few consented to a published case.
    for project in projects:
        assert Membership.objects.filter(user=project.proposed_by, organization=project.company).exists()
    from_cases = projects.filter(challenge__isnull=False)
    assert from_cases.count() >= 5
    for project in from_cases:
        assert project.challenge.company_id == project.company_id
        assert project.under_nda == project.challenge.is_confidential
    assert from_cases.filter(status=Project.Status.MATCHED).exists()
    assert from_cases.filter(status=Project.Status.PUBLISHED).exists()
    assert projects.filter(confidentiality=Project.Confidentiality.NDA, status=Project.Status.DONE).exists()
    done = projects.filter(status=Project.Status.DONE)
    assert not done.filter(outcome="").exists() and not done.filter(result="").exists()
    assert done.filter(publish_consent=True).exists()
    assert not projects.exclude(status=Project.Status.DONE).filter(publish_consent=True).exists()
    # The school's matches, advisors of Inha and KITECH; interests of the students with an account.
    matches = Match.objects.select_related("advisor__organization", "decided_by")
    assert {m.decided_by.username for m in matches} == {"university"}
    assert {m.advisor.organization.name for m in matches} == {"인하대학교", "한국생산기술연구원"}
    assert matches.exclude(reasons=[]).exists()
    assert ProjectInterest.objects.filter(project__status=Project.Status.PUBLISHED).exists()
    minseo = Student.objects.get(user__username="seeker-minseo")  # asked three weeks ago, confirmed
    if timezone.localdate() >= minseo.cohort.starts_on + timedelta(days=40):
        assert minseo.status == Student.Status.ENROLLED and minseo.interests.count() == 2
    assert Student.objects.filter(user__isnull=True).exclude(invited_email="").exists()
    # Written by the services on the days they happened, all before today.
    verbs = set(ActivityLog.objects.filter(verb__startswith="graduate.").values_list("verb", flat=True))
    assert {
        "graduate.cohort.saved",
        "graduate.student.enrolled",
        "graduate.student.requested",
        "graduate.student.status",
        "graduate.project.proposed",
        "graduate.project.published",
        "graduate.project.withdrawn",
        "graduate.nda.accepted",
        "graduate.interest.sent",
        "graduate.match.created",
        "graduate.milestone.updated",
        "graduate.project.done",
        "graduate.project.consent",
        "graduate.internship.recorded",
        "graduate.placement.recorded",
    } <= verbs
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    logged = ActivityLog.objects.filter(verb__startswith="graduate.")
    assert not logged.filter(created_at__gte=start_of_today).exists()
    assert not projects.filter(updated_at__gte=start_of_today).exists()
    assert not Student.objects.filter(updated_at__gte=start_of_today).exists()


@pytest.mark.django_db
def test_demo_graduates_are_placed_at_both_surveys_and_followed_in_tenure(demo, client):
    from ppuri.graduate import selectors as graduate
    from ppuri.graduate.models import Placement, Student
    from ppuri.tenure.models import Employment

    placements = Placement.objects.select_related("employer", "employment", "student")
    assert set(placements.values_list("survey", flat=True)) == set(Placement.Survey.values)
    assert demo.graduate_placements == dict(Counter(placements.values_list("survey", flat=True)))
    employed = placements.filter(outcome=Placement.Outcome.EMPLOYED)
    assert employed.count() > 0.6 * placements.count()
    assert set(placements.values_list("outcome", flat=True)) >= {"employed", "study", "seeking"}
    # At companies of the registry in the complexes (an employment in tenure), and elsewhere.
    assert employed.filter(employer__is_demo=True, complex__isnull=False).count() > employed.count() / 2
    assert employed.filter(root_industry=False).exists() and employed.filter(employer=None).exists()
    graduates = Employment.objects.filter(source=Employment.Source.GRADUATE)
    assert graduates.exists() and graduates.filter(separated_on__isnull=False).exists()
    for placement in employed.exclude(employer=None):
        assert placement.employment.company_id == placement.employer_id
    # The 15-month survey only for those who graduated at least 15 months ago.
    for placement in placements.filter(survey=Placement.Survey.MONTHS_15):
        assert placement.student.graduated_on <= timezone.localdate() - timedelta(days=15 * 30)
    school = User.objects.get(username="university")
    at_graduation, after_15m = graduate.placement_figures(school)
    assert at_graduation.answered <= at_graduation.graduates and after_15m.answered <= after_15m.graduates
    assert after_15m.employed > 0 and at_graduation.employed_registry > 0
    # The documented accounts: a student in the thesis stage on an NDA project, a graduate at work.
    student = Student.objects.get(user__username="student")
    assert student.status == Student.Status.THESIS and student.consented_at is not None
    assert student.matches.get().project.under_nda
    alumni = Student.objects.get(user__username="alumni")
    assert alumni.status == Student.Status.GRADUATED
    assert alumni.placements.filter(employment__person=alumni.user).count() == 2
    client.force_login(User.objects.get(username="student"))
    page = client.get(reverse("graduate:me")).content.decode()
    assert student.name in page
