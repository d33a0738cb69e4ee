"""Forms in real Chromium (issue 12, items 2 and 4): every page with a form, walked as the person who
sees it, has no English placeholder or option on a Korean page; the expert's consultation comes back
after an error with what was typed and the error at its field; the sourcing steps are built, moved and
posted in the order shown; a destructive button asks first."""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from ppuri.accounts import services as account_services
from ppuri.accounts.joining.tokens import verification_token
from ppuri.accounts.models import Role
from ppuri.accounts.services import api_token_create
from ppuri.challenges import services as desk
from ppuri.challenges.models import Consultation
from ppuri.reference.models import Material, Process, Technology
from ppuri.registry.claims import services as claims
from ppuri.registry.invitations import services as invitations
from ppuri.registry.models import ImportReviewItem, ImportRun, Organization
from ppuri.sourcing import services as sourcing
from ppuri.sourcing.models import SourcingRequest
from tests.browser.conftest import log_in
from tests.factories import OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What Django and browsers put in selects and boxes when a page forgets to: none of it on a Korean page.
ENGLISH = re.compile(r"select|option|choose|search|-{3,}", re.IGNORECASE)

# Every select's, placeholder's and process picker's text on the page.
READ_FORMS = """() => {
const isFilter = (s) => (s.form?.getAttribute("method") || "").toLowerCase() === "get";
return {
  options: Array.from(document.querySelectorAll("option")).map((o) => o.textContent.trim()),
  groups: Array.from(document.querySelectorAll("optgroup")).map((g) => g.label),
  placeholders: Array.from(document.querySelectorAll("[placeholder]")).map((e) => e.placeholder),
  blanks: Array.from(document.querySelectorAll("select"))
    .filter((s) => s.options.length && s.options[0].value === "" && !isFilter(s))
    .map((s) => s.options[0].textContent.trim()),
  filterBlanks: Array.from(document.querySelectorAll("select"))
    .filter((s) => s.options.length && s.options[0].value === "" && isFilter(s))
    .map((s) => s.options[0].textContent.trim()),
  selects: document.querySelectorAll("select").length,
  forms: document.querySelectorAll("main form").length,
};
}"""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the live server runs in this process


def _case(company_user, company):
    return desk.challenge_create(
        actor=company_user,
        company=company,
        title="SCM440 샤프트 담금질 균열",
        description="유냉 후 샤프트 키홈에서 균열이 생깁니다. 템퍼링까지 시간이 걸립니다.",
    )


def _offered(company_user, company, operator, expert):
    challenge = desk.challenge_triage(
        actor=operator,
        challenge=_case(company_user, company),
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
    )
    (offer,) = desk.offers_create(actor=operator, challenge=challenge, experts=[expert])
    return offer


def _in_progress(company_user, company, operator, expert):
    offer = _offered(company_user, company, operator, expert)
    desk.offer_accept(actor=expert.user, offer=offer)
    return offer.challenge


def _resolved(company_user, company, operator, expert):
    challenge = _in_progress(company_user, company, operator, expert)
    desk.consultation_log(
        actor=expert.user,
        challenge=challenge,
        held_on=timezone.localdate(),
        mode="remote",
        hours=Decimal("1"),
        notes="유온 확인",
    )
    return desk.challenge_resolve(
        actor=expert.user, challenge=challenge, outcome="solved", resolution="담금질 직후 템퍼링으로 해소"
    )


def _sourcing_request(buyer):
    buyer_org = Organization.objects.get(memberships__user=buyer)
    return sourcing.request_create(
        actor=buyer,
        buyer=buyer_org,
        title="협동로봇 암 하우징",
        description="알루미늄 다이캐스팅",
        material=Material.objects.get(slug="aluminum"),
        quantity=500,
        deadline=timezone.localdate() + timedelta(days=30),
        processes=[Process.objects.get(slug="casting.die-casting")],
    )


def templates_with_forms() -> set[str]:
    """Every template of Ppuri that writes a form, by its name: the walk below must render each."""
    names = set()
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            if "<form" in path.read_text(encoding="utf-8"):
                names.add(path.relative_to(folder).as_posix())
    return names


def _failed_import(operator_user):
    """A failed import whose file is kept: its page offers to run it again."""
    run = ImportRun.objects.create(
        file_name="남동공단_공장.csv",
        status=ImportRun.Status.FAILED,
        message="파일을 읽지 못했습니다.",
        created_by=operator_user,
        finished_at=timezone.now(),
    )
    run.file.save("남동공단_공장.csv", ContentFile("회사명\n세광주조\n".encode()))
    return run


def _talent(supplier, supplier_admin, operator):
    """An open posting of 세광주조 with an applicant, and an invitation to a discoverable seeker."""
    from ppuri.talent import services as talent
    from tests.talent.conftest import make_seeker, open_job

    posting = open_job(supplier_admin, supplier, title="다이캐스팅 셀 용접공")
    invited = open_job(supplier_admin, supplier, title="제관 용접공")
    applicant = make_seeker("applicant", display_name="한지원")
    application = talent.application_submit(actor=applicant, job=posting, message="", consent=True)
    talent.interest_send(actor=supplier_admin, job=invited, seeker_id=applicant.pk)
    make_seeker("found", display_name="오수빈")  # discoverable, not invited yet: the invite form
    return posting, invited, application


def _incentive(supplier, supplier_admin, operator):
    """A youth-incentive programme, the supplier's approved application (its case's employment on the
    tenure page) and one awaiting the young person's consent (its link)."""
    from datetime import timedelta

    from django.utils import timezone

    from ppuri.incentives import services as incentives
    from tests.incentives.conftest import application_input, program_input

    today = timezone.localdate()
    labor = UserFactory(username="labor-walk", role=Role.LABOR_OFFICE)
    program = incentives.program_create(
        actor=operator,
        data=program_input(hire_from=today - timedelta(days=365), hire_to=today, min_employees=0),
    )
    hired = today - timedelta(days=30)
    approved, token = incentives.application_submit(
        actor=supplier_admin, data=application_input(program, supplier, hire_date=hired, employees=10)
    )
    incentives.application_consent(token=token, agree=True)
    incentives.application_approve(actor=labor, application=approved)
    _waiting, consent_token = incentives.application_submit(
        actor=supplier_admin,
        data=application_input(
            program,
            supplier,
            hire_date=hired,
            employees=10,
            person={"name": "오하람", "phone": "010-7777-1212"},
        ),
    )
    return program, approved, consent_token


def _graduate(supplier, supplier_admin):
    """The graduate school (its staff, an Inha advisor, last year's cohort): a finished NDA project of
    세광주조 whose student graduated and whose company consented to a case; an open NDA project with
    one student's interest (the school's suggestions and match form), the other student not yet past
    its NDA."""
    from ppuri.graduate import services as graduate
    from ppuri.graduate.models import AdvisorInstitution, ThesisMilestone
    from tests.desk_fixtures import make_expert

    today = timezone.localdate()
    casting = Technology.objects.get(slug="casting")
    die_casting = Process.objects.get(slug="casting.die-casting")
    school = UserFactory(username="grad-school", role=Role.UNIVERSITY, email="school@inha.example")
    inha = OrganizationFactory(name="인하대학교 제조혁신전문대학원", kind=Organization.Kind.UNIVERSITY)
    AdvisorInstitution.objects.create(organization=inha)
    advisor = make_expert("정주조", inha, technologies=["casting"], processes=["casting.die-casting"])
    cohort = graduate.cohort_save(
        actor=school, year=today.year - 1, target=30, starts_on=date(today.year - 1, 3, 2)
    )
    students = []
    for username, name in (("grad-student", "김다은"), ("grad-graduate", "이준호"), ("grad-other", "박서연")):
        user = UserFactory(username=username, role=Role.SEEKER, email=f"{username}@inha.example")
        students.append(
            graduate.student_enrol(
                actor=school,
                cohort=cohort,
                name=name,
                email=user.email,
                technology=casting,
                processes=[die_casting],
            )
        )
    _student, graduate_, other = students

    def nda_project(title):
        project = graduate.project_propose(
            actor=supplier_admin,
            data=graduate.ProjectInput(
                company=supplier,
                title=title,
                summary="알루미늄 다이캐스팅 부품의 기공 불량을 줄이는 과제",
                problem="다이캐스팅 하우징의 가스 기공 불량률을 1% 이하로 낮춘다.",
                mentor_name="최멘토",
                confidentiality="nda",
                technology=casting,
                processes=[die_casting],
            ),
        )
        return graduate.project_publish(actor=school, project=project)

    def interested(student, project):
        graduate.nda_accept(actor=student.user, project=project)
        graduate.interest_express(
            actor=student.user, project=project, motivation="기공 저감을 연구하고 싶습니다."
        )

    done = nda_project("다이캐스팅 기공 저감 공정 최적화")
    interested(graduate_, done)
    match = graduate.match_create(actor=school, project=done, student=graduate_, advisor=advisor)
    reviewed = today - timedelta(days=10)
    for kind in ThesisMilestone.ORDER:
        graduate.milestone_update(
            actor=school,
            milestone=match.milestones.get(kind=kind),
            planned_on=reviewed,
            held_on=reviewed,
            state="passed",
        )
    graduate.student_status_set(
        actor=school, student=graduate_, status="graduated", day=today - timedelta(days=5)
    )
    done = graduate.project_complete(
        actor=school, project=done, outcome="solved", result="금형 온도와 진공 조건으로 기공률 0.8%"
    )
    graduate.project_publish_consent(actor=supplier_admin, project=done, consent=True)
    open_project = nda_project("다이캐스팅 금형 수명 연장")
    interested(other, open_project)
    return cohort, graduate_, done, open_project


@pytest.fixture
def pages_with_forms(supplier, supplier_admin, buyer, operator, experts):
    """Every page of Ppuri that holds a form, each with who sees it there (None: anyone)."""
    heat = experts["heat"]  # capacity 3: the finished case first, the three open ones after
    consented = desk.challenge_rate(
        actor=supplier_admin,
        challenge=_resolved(supplier_admin, supplier, operator, heat),
        rating=5,
        publish_consent=True,
    )
    resolved = _resolved(supplier_admin, supplier, operator, heat)
    in_progress = _in_progress(supplier_admin, supplier, operator, heat)
    offered = _offered(supplier_admin, supplier, operator, heat).challenge
    triage = _case(supplier_admin, supplier)
    draft = _sourcing_request(buyer)
    opened = sourcing.request_open(actor=buyer, request=_sourcing_request(buyer))
    sourcing.invitation_create(actor=buyer, request=opened, supplier=supplier, steps=[opened.steps.get()])
    quote = sourcing.quote_submit(
        actor=supplier_admin,
        request=opened,
        supplier=supplier,
        price_krw=1_200_000,
        lead_time_days=20,
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    api_token_create(user=supplier_admin, name="ERP 연동")
    capability = supplier.capabilities.get()
    site = supplier.sites.get()
    company = f"/companies/{supplier.pk}"
    failed_import = _failed_import(operator)
    ImportReviewItem.objects.create(
        run=failed_import,
        candidate=supplier,
        record={"company_name": "세광주조", "address": "인천광역시 남동구 고잔로 500"},
        reason="같은 이름의 기업이 다른 구에 있습니다.",
    )
    # Joining, claims, invitations and my data (issue 13): the mailed links are made as the mail makes them.
    waiting = UserFactory(username="waiting", email="waiting@example.kr", awaiting_email_verification=True)
    verify_link = reverse(
        "accounts:verify", args=[verification_token(user_id=waiting.pk, email=waiting.email)]
    )
    reset_link = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(supplier_admin.pk)),
            "token": default_token_generator.make_token(supplier_admin),
        },
    )
    email_link = reverse(
        "accounts:my_data_email_confirm",
        args=[account_services.email_change_request(user=supplier_admin, email="new@sekwang.co.kr")],
    )
    _invitation, invitation_token = invitations.invitation_create(
        actor=supplier_admin, organization=supplier, email="park@sekwang.co.kr"
    )
    unclaimed = OrganizationFactory(name="한결알루미늄주조")
    claimant = UserFactory(username="claimant", role=Role.COMPANY)
    claim = claims.claim_create(actor=claimant, organization=unclaimed, business_number="220-81-62517")
    posting, invited, application = _talent(supplier, supplier_admin, operator)
    program, incentive, consent_token = _incentive(supplier, supplier_admin, operator)
    cohort, graduated, done_project, open_project = _graduate(supplier, supplier_admin)
    programmes = _programs(supplier, supplier_admin, operator)
    return [
        (None, "/accounts/signup/"),
        (None, "/accounts/verify/resend/"),
        (None, verify_link),
        (None, "/accounts/verify/a-link-cut-short/"),  # answers 400 with the resend form
        (None, "/accounts/password_reset/"),
        (None, reset_link),
        (None, reverse("registry:invitation_accept", args=[invitation_token])),
        ("supplier-admin", "/accounts/consents/"),
        ("supplier-admin", "/accounts/my-data/"),
        ("supplier-admin", "/accounts/my-data/delete/"),
        ("supplier-admin", email_link),
        ("supplier-admin", f"/companies/{supplier.pk}/people/"),
        ("claimant", f"/companies/{unclaimed.pk}/claim/"),
        ("operator", f"/claims/{claim.pk}/"),
        ("operator", "/invitations/new/"),
        (None, "/"),
        (None, "/companies/"),
        (None, "/search/?q=다이캐스팅"),
        (None, "/accounts/login/"),
        ("supplier-admin", f"{company}/edit/"),
        ("supplier-admin", f"{company}/capabilities/new/"),
        ("supplier-admin", f"{company}/capabilities/{capability.pk}/"),
        ("supplier-admin", f"{company}/sites/new/"),
        ("supplier-admin", f"{company}/sites/{site.pk}/"),
        ("supplier-admin", f"{company}/contacts/new/"),
        ("supplier-admin", "/accounts/tokens/"),
        ("supplier-admin", "/accounts/security/"),
        ("supplier-admin", "/accounts/password_change/"),
        ("supplier-admin", "/accounts/mfa/"),  # enrolment (optional for a company)
        ("supplier-admin", "/notifications/"),  # unread: the invitation and the quote's news
        ("supplier-admin", "/challenges/new/"),
        ("supplier-admin", resolved.get_absolute_url()),  # the rating
        ("supplier-admin", opened.get_absolute_url()),  # the quote and the decline
        ("buyer", "/sourcing/new/"),
        ("buyer", draft.get_absolute_url()),  # the steps
        ("buyer", f"/sourcing/{opened.pk}/quotes/{quote.pk}/award/"),
        ("operator", triage.get_absolute_url()),  # the triage
        ("operator", "/imports/"),
        ("operator", f"/imports/{failed_import.pk}/"),  # run it again
        ("operator", "/imports/review/"),  # merge, keep apart or leave out
        ("operator", "/challenges/"),  # route the triaged cases at once
        ("operator", "/knowledge/new/"),
        ("operator", f"/knowledge/publish/{consented.pk}/"),
        ("expert-heat", offered.get_absolute_url()),  # accept or decline
        ("expert-heat", in_progress.get_absolute_url()),  # the consultation and the result
        ("expert-heat", "/knowledge/new/"),
        # Talent, after the mailed links (signing in as supplier-admin ends the reset link's token).
        (None, "/jobs/"),
        ("applicant", "/jobs/me/"),
        ("applicant", invited.get_absolute_url()),  # apply
        ("applicant", "/jobs/me/applications/"),  # answer the invitation
        ("applicant", f"/jobs/applications/{application.pk}/"),  # withdraw
        ("supplier-admin", "/jobs/new/"),
        ("supplier-admin", f"/jobs/{posting.pk}/edit/"),
        ("supplier-admin", posting.get_absolute_url()),  # close
        ("supplier-admin", f"/jobs/{posting.pk}/matches/"),  # invite
        ("supplier-admin", f"/jobs/applications/{application.pk}/"),  # the stage
        ("operator", "/jobs/wage-arrears/"),
        # The youth incentive and tenure (issue 15).
        (None, "/incentives/retention/"),
        (None, reverse("incentives:consent", args=[consent_token])),
        # The dashboards (issue 18): the period, the map's measure, an operator's report reason.
        (None, "/dashboards/namdong/"),
        (None, "/dashboards/map/"),
        ("operator", "/dashboards/incheon/"),
        ("operator", "/incentives/new/"),
        ("supplier-admin", f"/incentives/{program.pk}/apply/"),
        ("supplier-admin", incentive.get_absolute_url()),  # evidence, separation
        ("supplier-admin", "/tenure/"),
        # The graduate school.
        ("grad-school", "/graduate/cohorts/new/"),
        ("grad-school", cohort.get_absolute_url()),  # enrol a student
        ("grad-school", graduated.get_absolute_url()),  # status, internship, placement
        ("grad-school", done_project.get_absolute_url()),  # the reviews
        ("grad-school", open_project.get_absolute_url()),  # the suggestions and the match
        ("grad-student", "/graduate/me/"),  # consent, the request form
        ("grad-student", open_project.get_absolute_url()),  # the NDA
        ("supplier-admin", "/graduate/projects/"),
        ("supplier-admin", "/graduate/projects/new/"),
        ("operator", f"/knowledge/publish/project/{done_project.pk}/"),
        # The programmes (issue 17), as the staff.
        ("operator", "/programs/agreements/new/"),
        ("operator", "/programs/projects/new/"),
        ("operator", programmes["project"].get_absolute_url()),  # lines, milestones, outputs, documents
        ("operator", "/programs/leads/new/"),
        ("operator", programmes["lead"].get_absolute_url()),  # the stage
        ("operator", "/programs/visits/new/"),
        ("operator", programmes["visit"].get_absolute_url()),
        ("operator", programmes["follow_up"]),  # route, done, cancel
        ("operator", "/programs/events/new/"),
        ("operator", programmes["event"].get_absolute_url()),  # sessions, tables, schedule, meetings
        ("operator", f"/programs/events/{programmes['event'].pk}/participants/new/"),
        ("operator", programmes["commitment_create"]),  # the partner, the measure, the verification
        # A participant's requests and suggestions; a company member's registration.
        ("supplier-admin", programmes["event"].get_absolute_url()),
        ("buyer", programmes["event"].get_absolute_url()),
    ]


def _programs(supplier, supplier_admin, operator):
    """A project with its lines, a lead, a visit with a follow-up, and a matchmaking day with a meeting."""
    from ppuri.programs.services import investment, visits
    from ppuri.programs.services.events_meetings import event_schedule
    from ppuri.programs.services.events_participants import meeting_request_accept
    from tests.programs.conftest_events import ask, company, join, make_event
    from tests.programs.projects_setup import build_namdong

    lead = investment.lead_create(actor=operator, data=investment.LeadInput(code_name="PROJECT WALK"))
    visit = visits.visit_log(
        actor=operator,
        data=visits.VisitInput(
            organization=supplier, visited_on=timezone.localdate(), hiring_need=True, hiring_detail="용접공"
        ),
    )
    event = make_event(operator)
    other, other_member = company("동방열처리", process="heat-treatment.carburizing")
    first, second = join(event, supplier, supplier_admin), join(event, other, other_member)
    meeting_request_accept(user=other_member, request=ask(first, second, user=supplier_admin))
    event_schedule(user=operator, event=event)
    from ppuri.programs.models import Agreement

    agreement = Agreement.objects.get(slug="incheon-root-2019")
    return {
        "commitment_create": reverse("programs:commitment_create", args=[agreement.pk]),
        "project": build_namdong(operator),
        "lead": lead,
        "visit": visit,
        "follow_up": reverse("programs:follow_up", args=[visit.follow_ups.get().pk]),
        "event": event,
    }


def test_no_english_placeholder_or_option_on_any_korean_page_with_a_form(open_page, pages_with_forms):
    browsers = {}
    blanks, groups, forms = [], [], 0
    rendered: set[str] = set()

    def seen(sender, template, **kwargs):  # the live server renders in this process
        rendered.add(template.name)

    template_rendered.connect(seen, dispatch_uid="form-walk")
    for who, url in pages_with_forms:
        if who not in browsers:
            browsers[who] = open_page()
            if who is not None:
                log_in(browsers[who], who)
        page = browsers[who]
        response = page.goto(url)
        assert response is not None and response.status == (400 if "a-link-cut-short" in url else 200), url
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        found = page.evaluate(READ_FORMS)
        english = [text for text in found["options"] + found["placeholders"] if ENGLISH.search(text)]
        assert english == [], (url, english)
        assert set(found["blanks"]) <= {"선택하세요"}, (url, found["blanks"])
        # A list's filter (a GET form) may name its empty option for what it shows: everything.
        assert set(found["filterBlanks"]) <= {"선택하세요", "전체"}, (url, found["filterBlanks"])
        assert found["forms"], url
        blanks += found["blanks"] + found["filterBlanks"]
        groups += found["groups"]
        forms += found["forms"]
    template_rendered.disconnect(dispatch_uid="form-walk")
    # The walk saw what it is about: every template that writes a form (a new one must join the walk),
    # empty options, and the processes under their technologies.
    assert templates_with_forms() - rendered == set()
    assert len(blanks) >= 20 and forms >= 30, (len(blanks), forms)
    assert {"주조", "열처리", "표면처리"} <= set(groups)


def test_in_english_the_empty_option_and_the_type_ahead_speak_english(
    browser, live_server, supplier, supplier_admin
):
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "supplier-admin")
    page.goto(f"/companies/{supplier.pk}/capabilities/new/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#id_process option").first).to_have_text("Select…")
    expect(page.locator("input.typeahead").first).to_have_attribute("placeholder", "Find by name")
    context.close()


def test_the_consultation_comes_back_after_an_error_with_the_notes_and_the_error_at_the_date(
    page, supplier, supplier_admin, operator, experts
):
    """Issue 12's example: a date in the future lost the expert's notes, the error only a banner."""
    challenge = _in_progress(supplier_admin, supplier, operator, experts["heat"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    notes = "유온 60℃ 유지, 담금질 후 템퍼링까지 30분 이내로 단축 권고. 키홈 R 0.5 이상."
    log_in(page, "expert-heat")
    page.goto(challenge.get_absolute_url())
    form = page.get_by_test_id("consult")
    form.locator("#id_held_on").fill(tomorrow)
    form.locator("#id_mode").select_option("visit")
    form.locator("#id_hours").fill("2.5")
    form.locator("#id_notes").fill(notes)
    page.get_by_test_id("consult-submit").click()

    form = page.get_by_test_id("consult")
    date = form.locator("#id_held_on")
    expect(form.locator("#id_notes")).to_have_value(notes)
    expect(date).to_have_value(tomorrow)
    expect(form.locator("#id_mode")).to_have_value("visit")
    expect(form.locator("#id_hours")).to_have_value("2.5")
    # The error is the date's: the field says so (aria-invalid, aria-describedby), it sits right by
    # the field, and the keyboard is taken there.
    expect(date).to_have_attribute("aria-invalid", "true")
    described = [page.locator(f"#{name}") for name in (date.get_attribute("aria-describedby") or "").split()]
    (error,) = [found for found in described if "자문일이 미래일 수 없습니다" in (found.text_content() or "")]
    expect(date).to_be_focused()
    # Both measured in one go, on the page rather than the viewport: taking the keyboard to the field
    # scrolls the page, and two bounding_box() calls could fall either side of the scroll.
    gap = error.evaluate(
        "(error, field) => Math.abs(error.getBoundingClientRect().top - field.getBoundingClientRect().top)",
        date.element_handle(),
    )
    assert gap < 120, gap
    assert not Consultation.objects.exists()

    # Mended, it is recorded as typed.
    date.fill(timezone.localdate().isoformat())
    page.get_by_test_id("consult-submit").click()
    expect(page.get_by_test_id("consultations")).to_contain_text("30분 이내로 단축 권고")
    assert Consultation.objects.get().notes == notes


def test_the_step_builder_adds_moves_and_removes_steps_and_posts_them_in_the_order_shown(page, buyer):
    die_casting = Process.objects.get(slug="casting.die-casting")
    carburizing = Process.objects.get(slug="heat-treatment.carburizing")
    plating = Process.objects.get(slug="surface-treatment.electroplating")
    anodizing = Process.objects.get(slug="surface-treatment.anodizing")
    log_in(page, "buyer")
    page.goto("/sourcing/new/")
    builder = page.locator("ol[data-step-builder]")
    steps = builder.locator(":scope > li.step")
    expect(steps).to_have_count(1)  # the spare empty steps of the page without JavaScript are gone

    # Type-ahead: a few letters narrow 90-odd processes, Enter takes the first one left.
    first = steps.nth(0)
    first.locator("input.typeahead").fill("다이캐")
    shown = first.locator("select").evaluate(
        "s => Array.from(s.options).filter(o => o.value && !o.hidden).map(o => o.textContent)"
    )
    assert shown and all("다이캐" in name for name in shown) and len(shown) < 5, shown
    first.locator("input.typeahead").press("Enter")
    expect(page.locator("#id_processes")).to_have_value(str(die_casting.pk))
    expect(steps).to_have_count(2)  # choosing in the last step opens the next

    page.select_option("#id_processes_2", str(carburizing.pk))
    expect(steps).to_have_count(3)
    page.get_by_test_id("add-step").click()  # the empty last step is the one to fill
    expect(steps).to_have_count(3)
    expect(steps.nth(2).locator("input.typeahead")).to_be_focused()
    page.select_option("#id_processes_3", str(plating.pk))
    page.select_option("#id_processes_4", str(anodizing.pk))
    expect(steps).to_have_count(5)

    # Plating before carburizing: step 3 up. Then anodizing out.
    steps.nth(2).locator("button[data-step-action=up]").click()
    steps.nth(3).locator("button[data-step-action=remove]").click()
    expect(steps).to_have_count(4)
    shown_order = [steps.nth(i).locator("select").input_value() for i in range(3)]
    assert shown_order == [str(die_casting.pk), str(plating.pk), str(carburizing.pk)]
    # Ids and names follow the order shown: the second step is plating, named so.
    expect(page.locator("#id_processes_2")).to_have_value(str(plating.pk))
    expect(page.locator("#id_processes_2")).to_have_attribute("aria-label", "2단계 공정")
    expect(steps.nth(0).locator("button[data-step-action=up]")).to_be_disabled()
    # Each step's number and select sit on their own row, below the previous step's select.
    for i in range(1, 4):
        above = steps.nth(i - 1).locator("select").bounding_box()
        row = steps.nth(i).bounding_box()
        assert above and row and row["y"] >= above["y"] + above["height"] - 1, (i, above, row)

    page.fill("#id_title", "감속기 하우징")
    page.fill("#id_quantity", "300")
    page.fill("#id_deadline", (timezone.localdate() + timedelta(days=40)).isoformat())
    page.get_by_test_id("request-form").locator("button[type=submit]").click()
    listed = page.get_by_test_id("steps").locator("li")
    expect(listed).to_have_count(3)
    expect(listed.nth(1)).to_contain_text(plating.name_ko)
    request = SourcingRequest.objects.get()
    assert [s.process for s in request.steps.all()] == [die_casting, plating, carburizing]
    # The draft's step form starts from those steps, in that order, and posts them back unchanged.
    expect(page.locator("#id_processes_2")).to_have_value(str(plating.pk))
    page.get_by_test_id("steps-form").locator("button[type=submit]").click()
    expect(page.locator(".message")).to_contain_text("공정을 확정했습니다.")
    request.refresh_from_db()
    assert request.processes_confirmed
    assert [s.process for s in request.steps.all()] == [die_casting, plating, carburizing]


def test_a_destructive_button_asks_first_and_does_nothing_when_refused(page, supplier_admin):
    token, _key = api_token_create(user=supplier_admin, name="ERP 연동")
    log_in(page, "supplier-admin")
    page.goto("/accounts/tokens/")
    asked = []

    def refuse(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", refuse)
    page.get_by_test_id(f"revoke-{token.pk}").click()
    assert asked and "폐기할까요" in asked[0]
    token.refresh_from_db()
    assert token.revoked_at is None
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id(f"revoke-{token.pk}").click()
    expect(page.locator(".message")).to_contain_text("토큰을 폐기했습니다.")
    token.refresh_from_db()
    assert token.revoked_at is not None
