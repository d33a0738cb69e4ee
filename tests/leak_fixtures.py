"""A world for the leak test (tests/test_leaks.py): every object a stranger may not see carries a marker.

Everything is written through the services, acted out by the users who would do it in production
(the buyer invites, the supplier quotes, the buyer awards; the company posts, the operator triages
and offers, the expert accepts, consults and resolves, the company rates), so the activity log,
the notifications and the search index hold exactly what they would hold in production.

A marker is short ASCII ("LEAKMARK-R1-TITLE", it survives HTML escaping and JSON) at the start of
the field, so truncation keeps it; one is Korean, and phone numbers and prices are markers too. Each
marker says which of the walked viewers may legitimately see it (most: none of them).

The graduate school's markers ("LEAKMARK-G…") are walked by three more viewers (GRADUATE_VIEWERS): the
city and the labor office, which get only its aggregates, and a student of the school who accepted no
NDA and was matched to nothing, who reads the published projects' titles and summaries and no more.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from ppuri.accounts.models import Role
from ppuri.accounts.services import api_token_create
from ppuri.challenges import services as desk
from ppuri.challenges.models import Challenge, Expert, Offer
from ppuri.knowledge import services as knowledge
from ppuri.knowledge.models import Article
from ppuri.reference.models import Complex, Defect, Material, Process, Technology
from ppuri.registry import services as registry
from ppuri.registry.models import ImportReviewItem, ImportRun, Membership, Organization
from ppuri.search.services import index_refresh
from ppuri.sourcing import services as sourcing
from ppuri.sourcing.models import SourcingRequest
from tests.conftest import client_for
from tests.desk_fixtures import make_expert
from tests.factories import UserFactory

ANONYMOUS = "anonymous"
UNRELATED_COMPANY = "unrelated-company"  # a member of a company that is neither buyer, supplier nor poster
UNRELATED_EXPERT = "unrelated-expert"  # an expert with an account who was offered nothing
SEEKER = "seeker"
VIEWERS = (ANONYMOUS, UNRELATED_COMPANY, UNRELATED_EXPERT, SEEKER)
SIGNED_IN = frozenset({UNRELATED_COMPANY, UNRELATED_EXPERT, SEEKER})
# Viewers judged on the graduate school's markers only (Marker.graduate): the others' rules were made
# for the four above (a labor office, say, reads the incentive applications it decides).
CITY = "city"
LABOR_OFFICE = "labor-office"
STUDENT = "unrelated-student"  # enrolled and studying: no NDA accepted, no interest, no match
GRADUATE_VIEWERS = (CITY, LABOR_OFFICE, STUDENT)
ALL_VIEWERS = (*VIEWERS, *GRADUATE_VIEWERS)

KOREAN_MARKER = "누설시험표지"
# Queries of the same shape as a marker but stored nowhere: what a search page echoes of its query.
CONTROL_MARKER = "LEAKMARK-ZZ-CONTROL"
KOREAN_CONTROL = "누설대조문구"

IN_A_MONTH = timezone.localdate() + timedelta(days=30)


@dataclass(frozen=True)
class Marker:
    text: str
    kind: str  # what it stands for, for the failure report: "draft request title" …
    # Walked viewers who may legitimately see it (an open-to-all request for a qualified company …).
    allowed: frozenset[str] = frozenset()
    # Paths (and the paths below them) where nobody may see it even so: a published case must not be
    # tied to its company.
    hidden_at: tuple[str, ...] = ()
    # The graduate school's: judged for GRADUATE_VIEWERS too.
    graduate: bool = False

    def judged_for(self, viewer: str) -> bool:
        return viewer in VIEWERS or self.graduate

    def forbidden(self, viewer: str, path: str) -> bool:
        below = [prefix.rstrip("/") for prefix in self.hidden_at]
        return viewer not in self.allowed or any(path == p or path.startswith(p + "/") for p in below)


@dataclass
class World:
    markers: dict[str, Marker] = field(default_factory=dict)
    # Ids to put in URLs, by kind, and (parent, child) pairs for nested URLs.
    ids: dict[str, list[object]] = field(default_factory=dict)
    pairs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # The parties, the viewers and the objects the tests name.
    users: dict[str, object] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def mark(self, text: str, kind: str, **options: object) -> str:
        assert text not in self.markers, text
        self.markers[text] = Marker(text, kind, **options)  # type: ignore[arg-type]
        return text

    def add(self, kind: str, *values: object) -> None:
        self.ids.setdefault(kind, []).extend(values)

    def pair(self, kind: str, parent: int, child: int) -> None:
        self.pairs.setdefault(kind, []).append((parent, child))


def pdf(world: World, name: str, kind: str, **options: object) -> SimpleUploadedFile:
    """A PDF whose file name and content are markers."""
    world.mark(name, f"{kind} (file name)", **options)
    body = world.mark(f"{name}-BODY", f"{kind} (file content)", **options)
    return SimpleUploadedFile(f"{name}.pdf", f"%PDF-1.7\n{body}\n".encode())


def _process(slug: str) -> Process:
    return Process.objects.get(slug=slug)


def _seed_sourcing(world: World, buyer_user, buyer_org, supplier_admin, supplier, other_admin, other) -> None:
    casting, carburizing = _process("casting.die-casting"), _process("heat-treatment.carburizing")
    aluminum = Material.objects.get(slug="aluminum")

    def create(n: str, state: str, *, processes, visibility=SourcingRequest.Visibility.INVITED, allowed=(),
               title_extra="", files=True):  # fmt: skip
        allowed = frozenset(allowed)
        request = sourcing.request_create(
            actor=buyer_user,
            buyer=buyer_org,
            title=world.mark(f"LEAKMARK-{n}-TITLE", f"{state} request title", allowed=allowed)
            + f" {title_extra}알루미늄 하우징",
            description=world.mark(f"LEAKMARK-{n}-DESC", f"{state} request description", allowed=allowed)
            + " 알루미늄 다이캐스팅 후 침탄",
            tolerance=world.mark(f"LEAKMARK-{n}-TOL", f"{state} request tolerance", allowed=allowed),
            material_grade=world.mark(
                f"LEAKMARK-{n}-GRADE", f"{state} request material grade", allowed=allowed
            ),
            material=aluminum,
            quantity=500,
            deadline=IN_A_MONTH,
            visibility=visibility,
            processes=processes,
            attachments=[pdf(world, f"LEAKMARK-{n}-FILE", f"{state} request file", allowed=allowed)]
            if files
            else [],
        )
        world.add("requests", request.pk)
        for attachment in request.attachments.all():
            world.pair("sourcing:attachment_pk", request.pk, attachment.pk)
        world.objects[n] = request
        return request

    def quote(n: str, request, user, organization, price: int, state: str, *, files=False):
        notes = world.mark(f"LEAKMARK-{n}-NOTES", f"quote notes ({state} request)")
        for shown in (str(price), f"{price:,}"):
            world.mark(shown, f"quote price ({state} request)")
        made = sourcing.quote_submit(
            actor=user,
            request=request,
            supplier=organization,
            price_krw=price,
            lead_time_days=20,
            valid_until=IN_A_MONTH,
            notes=f"{notes} 금형 포함",
            attachments=[pdf(world, f"LEAKMARK-{n}-FILE", f"quote file ({state} request)")] if files else [],
        )
        world.pair("sourcing:quote_pk", request.pk, made.pk)
        world.objects[n] = made
        return made

    def invite(request, organization, position):
        return sourcing.invitation_create(
            actor=buyer_user,
            request=request,
            supplier=organization,
            steps=[request.steps.get(position=position)],
        )

    # R1: a draft, with the Korean marker in its title.
    world.mark(KOREAN_MARKER, "draft request title (Korean)")
    create("R1", "draft", processes=[casting, carburizing], title_extra=f"{KOREAN_MARKER} ")

    # R2: open, invite-only: one supplier quotes (with a file), the other declines with a reason.
    r2 = sourcing.request_open(
        actor=buyer_user, request=create("R2", "open invite-only", processes=[casting, carburizing])
    )
    invite(r2, supplier, 1)
    declined = invite(r2, other, 2)
    quote("R2Q1", r2, supplier_admin, supplier, 7_346_291, "open invite-only", files=True)
    sourcing.invitation_decline(
        actor=other_admin,
        invitation=declined,
        reason=world.mark("LEAKMARK-R2-DECLINE", "supplier's decline reason") + " 설비 부족",
    )

    # R3: awarded, one quote per step.
    r3 = sourcing.request_open(
        actor=buyer_user, request=create("R3", "awarded", processes=[casting, carburizing])
    )
    invite(r3, supplier, 1)
    invite(r3, other, 2)
    first = quote("R3Q1", r3, supplier_admin, supplier, 8_157_263, "awarded", files=True)
    second = quote("R3Q2", r3, other_admin, other, 6_428_519, "awarded")
    sourcing.quote_award(actor=buyer_user, quote=first)
    sourcing.quote_award(actor=buyer_user, quote=second)

    # R4: opened, one invitation, then cancelled.
    r4 = sourcing.request_open(
        actor=buyer_user, request=create("R4", "cancelled", processes=[casting], files=False)
    )
    invite(r4, supplier, 1)
    sourcing.request_cancel(actor=buyer_user, request=r4)

    # R5: open to every qualified supplier: the unrelated company (a die caster) may read it, but not
    # the quote another supplier sent without an invitation.
    r5 = create("R5", "open-to-all", processes=[casting], visibility=SourcingRequest.Visibility.OPEN,
                allowed={UNRELATED_COMPANY})  # fmt: skip
    sourcing.request_open(actor=buyer_user, request=r5)
    quote("R5Q1", r5, supplier_admin, supplier, 9_531_847, "open-to-all")

    # R6: was open to all, closed without an award: nobody outside reads it any more.
    r6 = create("R6", "closed open-to-all", processes=[casting], visibility=SourcingRequest.Visibility.OPEN,
                files=False)  # fmt: skip
    sourcing.request_open(actor=buyer_user, request=r6)
    sourcing.request_close(actor=buyer_user, request=r6)


def _seed_desk(world: World, operator, company_admin, company, experts, decliner) -> None:
    heat = experts["heat"]

    def triage(challenge):
        return desk.challenge_triage(
            actor=operator,
            challenge=challenge,
            technology=Technology.objects.get(slug="heat-treatment"),
            process=_process("heat-treatment.quench-temper"),
            material=Material.objects.get(slug="alloy-steel"),
            defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
        )

    def post(n: str, label: str, *, confidential: bool):
        title = description = "SCM440 샤프트 담금질 균열"
        if confidential:
            title = (
                world.mark(f"LEAKMARK-{n}-TITLE", f"{label} challenge title") + " SCM440 샤프트 담금질 균열"
            )
            description = world.mark(f"LEAKMARK-{n}-DESC", f"{label} challenge description")
            description += " 유냉 후 샤프트 키홈에서 균열이 생깁니다."
        else:
            description = "유냉 후 샤프트 키홈에서 균열이 생깁니다. SCM440 담금질."
        challenge = desk.challenge_create(
            actor=company_admin,
            company=company,
            title=title,
            description=description,
            confidentiality=Challenge.Confidentiality.CONFIDENTIAL
            if confidential
            else Challenge.Confidentiality.PUBLIC,
            attachments=[pdf(world, f"LEAKMARK-{n}-FILE", f"{label} challenge file")],
        )
        world.add("challenges", challenge.pk)
        for attachment in challenge.attachments.all():
            world.pair("challenges:attachment_pk", challenge.pk, attachment.pk)
        world.objects[n] = challenge
        return challenge

    def full_case(n: str, label: str, challenge, *, consent: bool) -> None:
        triage(challenge)
        offers = desk.offers_create(actor=operator, challenge=challenge, experts=[heat, decliner])
        for offer in offers:
            world.pair("challenges:offer_pk", challenge.pk, offer.pk)
        by_expert = {offer.expert_id: offer for offer in Offer.objects.filter(challenge=challenge)}
        desk.offer_decline(
            actor=decliner.user,
            offer=by_expert[decliner.pk],
            reason=world.mark(f"LEAKMARK-{n}-DECLINE", f"expert's decline reason ({label})") + " 일정 없음",
        )
        desk.offer_accept(actor=heat.user, offer=by_expert[heat.pk])
        consultation = desk.consultation_log(
            actor=heat.user,
            challenge=challenge,
            held_on=timezone.localdate(),
            mode="visit",
            hours=Decimal("2"),
            notes=world.mark(f"LEAKMARK-{n}-CONSULT", f"consultation notes ({label})") + " 유온 확인",
            attachments=[pdf(world, f"LEAKMARK-{n}-CFILE", f"consultation file ({label})")],
        )
        for attachment in consultation.attachments.all():
            world.pair("challenges:file_pk", challenge.pk, attachment.pk)
        desk.challenge_resolve(
            actor=heat.user,
            challenge=challenge,
            outcome=Challenge.Outcome.SOLVED,
            resolution=world.mark(f"LEAKMARK-{n}-RESULT", f"result ({label})") + " 템퍼링 온도 조정",
            effect_metric=Challenge.Metric.DEFECT_RATE,
            effect_before=Decimal("12"),
            effect_after=Decimal("2"),
        )
        desk.challenge_rate(
            actor=company_admin,
            challenge=challenge,
            rating=5,
            comment=world.mark(f"LEAKMARK-{n}-RATING", f"rating comment ({label})") + " 도움이 되었습니다",
            publish_consent=consent,
        )

    # C1: confidential, the whole case; the company consents and the operator publishes it
    # anonymised. The article is public, but nothing may tie it to the company.
    c1 = post("C1", "confidential", confidential=True)
    full_case("C1", "confidential", c1, consent=True)
    case_title = world.mark(
        "LEAKMARK-CASE-TITLE",
        "published case title, tied to its company",
        allowed=frozenset(VIEWERS),
        hidden_at=(f"/companies/{company.pk}/", f"/api/v1/companies/{company.pk}"),
    )
    article = knowledge.article_publish_from_challenge(
        actor=operator,
        challenge=c1,
        title=f"{case_title} 담금질 균열 해결 사례",
        body="문제\n샤프트 담금질 균열.\n\n해결\n템퍼링 온도를 조정했습니다.",
    )
    world.add("articles", article.pk)
    world.objects["case_article"] = article

    # C2: confidential, just posted.
    post("C2", "submitted confidential", confidential=True)

    # C3: public: its title and description are public, its files, offers, consultations, result and
    # rating are not.
    c3 = post("C3", "public", confidential=False)
    full_case("C3", "public", c3, consent=False)

    # C4: confidential, offered, then withdrawn by the company.
    c4 = post("C4", "withdrawn confidential", confidential=True)
    triage(c4)
    for offer in desk.offers_create(actor=operator, challenge=c4, experts=[heat]):
        world.pair("challenges:offer_pk", c4.pk, offer.pk)
    desk.challenge_withdraw(actor=company_admin, challenge=c4)


def _seed_registry(world: World, operator, supplier_admin, supplier, tmp_path: Path) -> None:
    # Contacts of the supplier: a private one (members only) and a public one (signed-in users).
    private = registry.contact_save(
        actor=supplier_admin,
        organization=supplier,
        name=world.mark("LEAKMARK-CT1-NAME", "private contact's name"),
        title="품질팀장",
        email=world.mark("LEAKMARK-CT1-MAIL", "private contact's e-mail") + "@example.com",
        phone=world.mark("010-7346-2915", "private contact's phone"),
        is_public=False,
    )
    public = registry.contact_save(
        actor=supplier_admin,
        organization=supplier,
        name=world.mark("LEAKMARK-CT2-NAME", "public contact's name", allowed=SIGNED_IN),
        title="영업팀장",
        email=world.mark("LEAKMARK-CT2-MAIL", "public contact's e-mail", allowed=SIGNED_IN) + "@example.com",
        phone=world.mark("010-8462-7351", "public contact's phone", allowed=SIGNED_IN),
        is_public=True,
    )
    for contact in (private, public):
        world.pair("registry:contact_pk", supplier.pk, contact.pk)

    # A company that is not public, with a member, a site and a capability.
    hidden = registry.organization_create(
        actor=operator,
        name=world.mark("LEAKMARK-ORG-NAME", "non-public company's name") + " 은밀정밀",
        description=world.mark("LEAKMARK-ORG-DESC", "non-public company's description") + " 정밀 다이캐스팅",
        products="알루미늄 다이캐스팅 부품",
        is_public=False,
    )
    member = UserFactory(username="hidden-admin", role=Role.COMPANY)
    registry.membership_set(actor=operator, organization=hidden, user=member, role=Membership.Role.ADMIN)
    registry.site_save(
        actor=member,
        organization=hidden,
        address="인천광역시 남동구 남동서로 12",
        district="남동구",
        complex=Complex.objects.get(slug="namdong"),
        is_primary=True,
    )
    registry.capability_create(
        actor=member,
        organization=hidden,
        process=_process("casting.die-casting"),
        materials=[Material.objects.get(slug="aluminum")],
        equipment=world.mark("LEAKMARK-ORG-EQUIP", "non-public company's equipment") + " 다이캐스팅기 350톤",
    )
    world.organizations["hidden"] = hidden
    world.users["hidden_admin"] = member

    # An upload waiting for the worker (through the operator's page), and an import (through the
    # command) that sent a near-duplicate of the supplier to the review queue.
    header = "순번,회사명,단지명,생산품,공장주소\n"
    upload = SimpleUploadedFile(
        world.mark("LEAKMARK-IMPORT-FILE", "queued import's file name") + ".csv",
        (header + "1,한빛주물,남동국가산업단지,알루미늄 주물,인천광역시 남동구 남동대로 9\n").encode(),
    )
    response = client_for(operator).post("/imports/", {"file": upload})
    assert response.status_code == 302, "the operator's upload should queue an import"
    path = tmp_path / (world.mark("LEAKMARK-IMPORT-REVIEW", "finished import's file name") + ".csv")
    path.write_text(
        header
        + f"1,{supplier.name},남동국가산업단지,"
        + world.mark("LEAKMARK-IMPORT-PRODUCTS", "pending review item's products")
        + " 알루미늄 주물,인천광역시 남동구 고잔로 500\n",
        encoding="utf-8",
    )
    call_command("import_factories", str(path), stdout=StringIO(), stderr=StringIO())
    assert ImportReviewItem.objects.count() == 1, "the import should have sent one row to review"
    world.add("import_runs", *ImportRun.objects.values_list("pk", flat=True))
    world.add("review_items", *ImportReviewItem.objects.values_list("pk", flat=True))
    world.objects["import_run"] = ImportRun.objects.get(file_name__startswith="LEAKMARK-IMPORT-FILE")


def _seed_claims_and_invitations(world: World, operator, supplier_admin, supplier) -> None:
    """Claims of an imported company (one waiting with a document, one refused) and invitations of the
    supplier (one open, one revoked): their evidence, messages and addresses are the claimant's, the
    organization's admins' and the operators' only."""
    from ppuri.registry.claims import services as claims
    from ppuri.registry.invitations import services as invitations

    imported = registry.organization_create(actor=operator, name="청구대상주조(주)", products="회주철 주물")
    claimant = UserFactory(
        username="claimant",
        role=Role.COMPANY,
        email=world.mark("LEAKMARK-CLAIMANT-MAIL", "claimant's account e-mail") + "@example.com",
    )
    rival = UserFactory(username="rival-claimant", role=Role.COMPANY, email="rival@example.com")
    for shown in ("220-81-62517", "2208162517"):
        world.mark(shown, "claim's business number")
    waiting = claims.claim_create(
        actor=claimant,
        organization=imported,
        business_number="220-81-62517",
        work_email=world.mark("LEAKMARK-CL1-MAIL", "claim's work e-mail") + "@example.com",
        message=world.mark("LEAKMARK-CL1-MSG", "claim's message") + " 품질팀장입니다",
        document=pdf(world, "LEAKMARK-CL1-FILE", "claim's document"),
    )
    for shown in ("120-81-47521", "1208147521"):
        world.mark(shown, "refused claim's business number")
    refused = claims.claim_create(
        actor=rival,
        organization=imported,
        business_number="1208147521",
        message=world.mark("LEAKMARK-CL2-MSG", "refused claim's message") + " 대표입니다",
    )
    claims.claim_refuse(
        actor=operator,
        claim=refused,
        reason=world.mark("LEAKMARK-CL2-REASON", "claim's refusal reason") + " 증빙 부족",
    )
    world.add("claims", waiting.pk, refused.pk)
    for document in waiting.documents.all():
        world.pair("registry:document_pk", waiting.pk, document.pk)
    world.users["claimant"] = claimant
    world.objects["claim"] = waiting
    world.objects["refused_claim"] = refused

    open_invitation, _token = invitations.invitation_create(
        actor=supplier_admin,
        organization=supplier,
        email=world.mark("LEAKMARK-INV1-MAIL", "invited colleague's e-mail") + "@example.com",
    )
    revoked, revoked_token = invitations.invitation_create(
        actor=supplier_admin, organization=supplier, email="revoked-colleague@example.com"
    )
    invitations.invitation_revoke(actor=supplier_admin, invitation=revoked)
    for invitation in (open_invitation, revoked):
        world.pair("registry:invitation_pk", supplier.pk, invitation.pk)
    for membership in Membership.objects.filter(organization=supplier):
        world.pair("registry:membership_pk", supplier.pk, membership.pk)
    # Only a link whose page shows no address is walked: an open link shows its holder the address
    # it was sent to, and holding it is the permission.
    world.add("invitation_tokens", revoked_token, "not-a-token")
    world.objects["invitation"] = open_invitation


def _seed_talent(world: World, operator, supplier_admin, supplier) -> None:
    """Postings (a draft, an open one with applicants, one of the hidden company), seekers (one who
    applied, one discoverable, one hidden) and the supplier's wage-arrears history: a seeker's name,
    contact, introduction and messages and the company's notes are the parties' and operators' only."""
    from ppuri.talent import services as talent
    from tests.talent.conftest import job_input

    welding = Technology.objects.get(slug="welding")
    namdong = Complex.objects.get(slug="namdong")

    def job(title: str, **changes: object) -> talent.JobInput:
        values: dict[str, object] = {
            "title": title, "description": "배관 용접", "required_qualifications": [],
            "wage_max": 3_300_000, "positions": 1,
        }  # fmt: skip
        return job_input(**{**values, **changes})

    draft = talent.job_create(
        actor=supplier_admin,
        company=supplier,
        data=job(
            world.mark("LEAKMARK-JOB-DRAFT", "draft posting's title") + " 용접공",
            description=world.mark("LEAKMARK-JOB-DRAFT-DESC", "draft posting's description") + " 초안",
        ),
    )
    posting = talent.job_open(
        actor=supplier_admin,
        job=talent.job_create(actor=supplier_admin, company=supplier, data=job("배관 용접공")),
    )
    hidden_company, hidden_admin = world.organizations["hidden"], world.users["hidden_admin"]
    hidden_job = talent.job_open(
        actor=hidden_admin,
        job=talent.job_create(
            actor=hidden_admin,
            company=hidden_company,
            data=job(world.mark("LEAKMARK-JOB-HIDDEN", "hidden company's posting title") + " 제관공"),
        ),
    )

    def seeker(username: str, marker: str, phone: str, *, discoverable: bool):
        person = UserFactory(
            username=username,
            role=Role.SEEKER,
            display_name=world.mark(f"LEAKMARK-{marker}-NAME", f"{username} seeker's name") + " 김용접",
            email=world.mark(f"LEAKMARK-{marker}-MAIL", f"{username} seeker's e-mail") + "@example.com",
        )
        talent.seeker_profile_save(
            actor=person,
            consent=True,
            data=talent.ProfileInput(
                qualifications=[], processes=[_process("welding.arc")], technologies=[welding],
                experience_years=2, education="college", preferred_complexes=[namdong],
                desired_wage=3_000_000,
                shifts=["day"], dormitory=False, available_from=None, discoverable=discoverable,
                headline=world.mark(f"LEAKMARK-{marker}-HEAD", f"{username} seeker's introduction") + " 성실",
                phone=world.mark(phone, f"{username} seeker's phone"),
            ),
        )  # fmt: skip
        return person

    applicant = seeker("applicant", "APL", "010-4821-7395", discoverable=False)
    seeker("discoverable", "DSC", "010-5932-8406", discoverable=True)
    seeker("hidden-seeker", "HSK", "010-6043-9517", discoverable=False)
    application = talent.application_submit(
        actor=applicant,
        job=posting,
        message=world.mark("LEAKMARK-APL-MSG", "application message") + " 지원합니다",
        consent=True,
    )
    talent.application_stage(
        actor=supplier_admin,
        application=application,
        stage="interview",
        comment=world.mark("LEAKMARK-APL-NOTE", "company's note on an application") + " 면접 일정",
    )
    interest = talent.interest_send(
        actor=supplier_admin,
        job=posting,
        seeker_id=UserFactory._meta.model.objects.get(username="discoverable").pk,
        message=world.mark("LEAKMARK-INT-MSG", "company's invitation to a seeker") + " 면접 제안",
    )
    mark = talent.wage_arrears_mark(
        actor=operator,
        company=world.organizations["other"],
        listed_on=timezone.localdate() - timedelta(days=10),
        source=world.mark("LEAKMARK-ARREARS", "wage-arrears mark's source") + " 체불 명단",
    )
    world.add("jobs", draft.pk, posting.pk, hidden_job.pk)
    world.add("applications", application.pk)
    world.add("interests", interest.pk)
    world.add("arrears", mark.pk)
    world.objects.update({"job": posting, "draft_job": draft, "application": application, "arrears": mark})
    world.users["applicant"] = applicant


def _seed_incentives(world: World, operator, supplier_admin, supplier) -> None:
    """A youth-incentive programme (public) and the supplier's applications for three young people: one
    approved, paid once and then separated, one rejected, one awaiting the person's consent. The young
    people's names and phones, the evidence and the labor office's reasons are the company's, the labor
    office's and operators' only."""
    from ppuri.incentives import services as incentives
    from ppuri.tenure.services import employment_separate

    today = timezone.localdate()
    reviewer = UserFactory(username="leak-labor-office", role=Role.LABOR_OFFICE)
    program = incentives.program_create(
        actor=operator,
        data=incentives.ProgramInput(
            name="누리 청년 장려금", budget=100_000_000, headcount_cap=10, per_company_cap=3,
            per_root_company_cap=5, age_min=19, age_max=39, hire_from=today - timedelta(days=400),
            hire_to=today, min_employees=0,
            installments=[{"month": 1, "amount": 500_000}, {"month": 60, "amount": 500_000}],
        ),
    )  # fmt: skip

    def apply(marker: str, phone: str, consent: bool = True):
        application, token = incentives.application_submit(
            actor=supplier_admin,
            data=incentives.ApplicationInput(
                program=program, company=supplier, site=supplier.sites.first(),
                person=incentives.PersonInput(
                    name=world.mark(f"LEAKMARK-{marker}-YOUTH", "young person's name") + " 청년",
                    birth_year_month="1999-04", incheon_resident=True,
                    phone=world.mark(phone, "young person's phone"),
                ),
                hire_date=today - timedelta(days=70), full_time=True, contract_months=0, wage=2_800_000,
                employees=20,
            ),
        )  # fmt: skip
        if consent:
            application = incentives.application_consent(token=token, agree=True)
        return application

    approved = apply("INC", "010-7154-0628")
    incentives.application_approve(actor=reviewer, application=approved)
    evidence = incentives.evidence_add(
        actor=supplier_admin, application=approved, document="insurance",
        upload=pdf(world, "LEAKMARK-INC-EVIDENCE", "incentive evidence"),
    )  # fmt: skip
    case = approved.case
    first = case.installments.order_by("number").first()
    incentives.evidence_add(
        actor=supplier_admin, application=approved, installment=first, document="employment",
        upload=pdf(world, "LEAKMARK-INC-TENURE", "incentive tenure evidence"),
    )  # fmt: skip
    incentives.installment_confirm(actor=supplier_admin, installment=first)
    incentives.installment_approve(actor=reviewer, installment=first)
    incentives.installment_pay(actor=reviewer, installment=first)
    employment_separate(
        actor=supplier_admin, employment=case.employment, separated_on=today, reason="voluntary"
    )
    rejected = apply("INR", "010-8265-1739")
    incentives.application_reject(
        actor=reviewer,
        application=rejected,
        reason=world.mark("LEAKMARK-INC-REASON", "labor office's reason for a rejection") + " 서류 미비",
    )
    waiting = apply("INW", "010-9376-2840", consent=False)
    world.add("incentive_programs", program.pk)
    world.add("incentive_applications", approved.pk, rejected.pk, waiting.pk)
    world.add("incentive_cases", case.pk)
    world.add("installments", *case.installments.values_list("pk", flat=True))
    world.add("incentive_evidence", evidence.pk)
    world.add("employments", case.employment_id)
    world.pair("tenure:milestone", case.employment_id, "3m")  # type: ignore[arg-type]


def _seed_graduate(world: World, operator, supplier_admin, supplier, institutions) -> None:
    """The graduate school (ppuri.graduate): a cohort; a student who accepts the NDA of the supplier's
    project, shows interest, is matched to it with an Inha advisor, passes the reviews, graduates and is
    placed; a student invited by e-mail who has not signed up; a seeker's request waiting for the
    school; another project only proposed; and the finished project published as an anonymised case.
    Names, addresses, motivations, reviews' notes, placements and an NDA project's problem, data, mentor
    and result are the school's, the company's and the student's and advisor's only; a proposed project
    is not even a student's to read."""
    from ppuri.graduate import services as graduate
    from ppuri.graduate.models import AdvisorInstitution, Project, ThesisMilestone

    def mark(text: str, kind: str, **options: object) -> str:
        return world.mark(text, f"graduate school: {kind}", graduate=True, **options)

    today = timezone.localdate()
    casting, die_casting = Technology.objects.get(slug="casting"), _process("casting.die-casting")
    agency = Organization.Kind.AGENCY
    # The viewers, members of their institutions as in the demo.
    for viewer, role, name in [
        (CITY, Role.CITY, "인천광역시"),
        (LABOR_OFFICE, Role.LABOR_OFFICE, "중부지방고용노동청"),
    ]:
        user = UserFactory(username=f"leak-{viewer}", role=role)
        organization = registry.organization_create(actor=operator, name=name, kind=agency)
        registry.membership_set(
            actor=operator, organization=organization, user=user, role=Membership.Role.MEMBER
        )
        world.users[viewer] = user
    school = UserFactory(username="leak-school", role=Role.UNIVERSITY)
    registry.membership_set(
        actor=operator, organization=institutions["inha"], user=school, role=Membership.Role.MEMBER
    )
    for institution in ("inha", "kitech"):
        AdvisorInstitution.objects.create(organization=institutions[institution])
    advisor = make_expert(
        "정지도",
        institutions["inha"],
        technologies=["casting"],
        processes=["casting.die-casting"],
        user=UserFactory(username="grad-advisor", role=Role.EXPERT),
    )

    year = today.year - 1
    cohort = graduate.cohort_save(actor=school, year=year, target=30, starts_on=date(year, 3, 2))
    account = UserFactory(
        username="grad-student",
        role=Role.SEEKER,
        email="grad-student@inha.example",
        display_name=mark("LEAKMARK-GS1-ACCOUNT", "student's account name") + " 김다은",
    )
    student = graduate.student_enrol(
        actor=school,
        cohort=cohort,
        name=mark("LEAKMARK-GS1-NAME", "student's name") + " 김다은",
        email=account.email,
        technology=casting,
        processes=[die_casting],
    )
    invited = graduate.student_enrol(
        actor=school,
        cohort=cohort,
        name=mark("LEAKMARK-GS2-NAME", "invited student's name") + " 박서연",
        # Stored lower-case, as the invitations' addresses.
        email=mark("LEAKMARK-GS2-MAIL", "invited student's e-mail") + "@inha.example",
    )
    viewer = UserFactory(
        username="unrelated-student", role=Role.SEEKER, email="unrelated-student@inha.example"
    )
    viewing = graduate.student_enrol(actor=school, cohort=cohort, name="이준호", email=viewer.email)
    world.users[STUDENT] = viewer
    applicant = UserFactory(username="grad-applicant", role=Role.SEEKER)
    waiting = graduate.student_request(
        actor=applicant,
        cohort=cohort,
        name=mark("LEAKMARK-GS3-NAME", "name in a request to be recognised as a student") + " 최민수",
        consent=True,
    )

    # The supplier's NDA project, from proposal to result: students read its title and summary only.
    project = graduate.project_propose(
        actor=supplier_admin,
        data=graduate.ProjectInput(
            company=supplier,
            title=mark("LEAKMARK-GP1-TITLE", "published project's title", allowed=frozenset({STUDENT}))
            + " 다이캐스팅 기공 저감",
            summary=mark("LEAKMARK-GP1-SUMMARY", "published project's summary", allowed=frozenset({STUDENT}))
            + " 알루미늄 하우징의 기공을 줄입니다",
            problem=mark("LEAKMARK-GP1-PROBLEM", "NDA project's problem") + " 가스 기공 불량률 4.2%",
            data_shared=mark("LEAKMARK-GP1-DATA", "NDA project's data") + " 주조 조건 로그",
            mentor_name=mark("LEAKMARK-GP1-MENTOR", "NDA project's mentor") + " 최멘토",
            mentor_title="생산기술팀장",
            confidentiality=Project.Confidentiality.NDA,
            technology=casting,
            processes=[die_casting],
        ),
    )
    graduate.project_publish(actor=school, project=project)
    graduate.nda_accept(actor=account, project=project)
    graduate.interest_express(
        actor=account,
        project=project,
        motivation=mark("LEAKMARK-GIN-MOTIVE", "student's motivation") + " 기공을 연구하고 싶습니다",
    )
    match = graduate.match_create(actor=school, project=project, student=student, advisor=advisor)
    milestones = {m.kind: m for m in match.milestones.all()}
    for kind in ThesisMilestone.ORDER:
        graduate.milestone_update(
            actor=school,
            milestone=milestones[kind],
            planned_on=today,
            held_on=today,
            state=ThesisMilestone.State.PASSED,
            note=mark("LEAKMARK-GMS-NOTE", "thesis review's note") + " 실험 보완"
            if kind == ThesisMilestone.Kind.PROPOSAL
            else "",
        )
    graduate.project_complete(
        actor=school,
        project=project,
        outcome=Project.Outcome.SOLVED,
        result=mark("LEAKMARK-GP1-RESULT", "NDA project's result") + " 금형 온도 조정",
    )
    project = graduate.project_publish_consent(actor=supplier_admin, project=project, consent=True)
    graduate.student_status_set(actor=school, student=student, status="graduated", day=today)
    graduate.placement_record(
        actor=school,
        student=student,
        survey="graduation",
        outcome="employed",
        employer_name=mark("LEAKMARK-GPL-EMPLOYER", "graduate's employer (not registered)") + " 한빛주물",
        role=mark("LEAKMARK-GPL-ROLE", "graduate's job") + " 공정기술",
        hired_on=today,
    )
    # The anonymised case: public, but nothing may tie it to its company or its project.
    case_title = mark(
        "LEAKMARK-GCASE-TITLE",
        "case published from a project, tied to its company",
        allowed=frozenset(ALL_VIEWERS),
        hidden_at=(
            f"/companies/{supplier.pk}/",
            f"/api/v1/companies/{supplier.pk}",
            f"/graduate/projects/{project.pk}/",
        ),
    )
    article = knowledge.article_publish_from_project(
        actor=operator,
        project=project,
        title=f"{case_title} 다이캐스팅 기공 저감 사례",
        body="문제\n하우징의 가스 기공.\n\n해결\n금형 온도를 조정했습니다.",
    )
    world.add("articles", article.pk)

    # Proposed, not published: not even a student reads it.
    proposed = graduate.project_propose(
        actor=supplier_admin,
        data=graduate.ProjectInput(
            company=supplier,
            title=mark("LEAKMARK-GP2-TITLE", "proposed project's title") + " 용접 로봇 경로",
            summary=mark("LEAKMARK-GP2-SUMMARY", "proposed project's summary") + " 경로 자동 생성",
            problem=mark("LEAKMARK-GP2-PROBLEM", "proposed project's problem") + " 티칭 시간 단축",
            data_shared=mark("LEAKMARK-GP2-DATA", "proposed project's data") + " 로봇 프로그램",
            mentor_name=mark("LEAKMARK-GP2-MENTOR", "proposed project's mentor") + " 한멘토",
        ),
    )

    world.add("cohorts", cohort.year)
    world.add("graduate_students", student.pk, invited.pk, viewing.pk, waiting.pk)
    world.add("graduate_projects", project.pk, proposed.pk)
    world.add("graduate_milestones", *match.milestones.values_list("pk", flat=True))
    world.users.update({"school": school, "advisor": advisor.user, "graduate_student": account})
    world.objects.update(
        {
            "graduate_project": project,
            "proposed_project": proposed,
            "graduate_student": student,
            "invited_student": invited,
            "requesting_student": waiting,
            "graduate_case": article,
        }
    )


def _seed_programs(world: World, operator, supplier_admin, supplier, other_admin, other) -> None:
    """The programmes (ppuri.programs): a non-public agreement with a partner, a commitment and a
    reported figure; a non-public commitment of the public 2019 agreement; a public project with a
    budget change and a staff-only document, and a non-public project; an investment lead (confidential
    as a whole) that was lost; a visit to the supplier with its notes, survey and a follow-up routed and
    done; a draft matchmaking day, and an open one where the supplier and the other company meet."""
    from ppuri.programs.models import Agreement, BudgetLine, FollowUp
    from ppuri.programs.services import agreements as programme
    from ppuri.programs.services import investment, visits
    from ppuri.programs.services import project_progress as progress
    from ppuri.programs.services import projects as budgets
    from ppuri.programs.services.events_meetings import event_schedule, meeting_outcome_record
    from ppuri.programs.services.events_participants import meeting_request_accept
    from tests.programs.conftest_events import ask, join, make_event
    from tests.programs.projects_setup import build_namdong

    def mark(text: str, kind: str) -> str:
        return world.mark(text, f"programmes: {kind}")

    hidden = programme.agreement_create(
        actor=operator,
        data=programme.AgreementInput(
            slug="leak-agreement",
            title=mark("LEAKMARK-PA1-TITLE", "non-public agreement's title") + " 비공개 협약",
            signed_on=date(2025, 3, 1),
            summary=mark("LEAKMARK-PA1-SUMMARY", "non-public agreement's summary") + " 협약 개요",
            public=False,
        ),
    )
    partner = programme.partner_add(
        actor=operator,
        agreement=hidden,
        data=programme.PartnerInput(
            name=mark("LEAKMARK-PA1-PARTNER", "non-public agreement's partner") + " 기관",
            editors=[supplier_admin.username],
        ),
    )
    commitment = programme.commitment_create(
        actor=operator,
        agreement=hidden,
        data=programme.CommitmentInput(
            partner=partner,
            code="1",
            title=mark("LEAKMARK-PC1-TITLE", "non-public agreement's commitment") + " 약속",
            indicator=mark("LEAKMARK-PC1-INDICATOR", "non-public agreement's indicator") + " 지표",
            unit="건",
        ),
    )
    period = programme.period_add(
        actor=operator,
        commitment=commitment,
        data=programme.PeriodInput(
            label="2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), target=10
        ),
    )
    programme.period_report(
        actor=supplier_admin,
        period=period,
        actual=4,
        evidence=mark("LEAKMARK-PC1-EVIDENCE", "a non-public commitment's evidence") + " 증빙 설명",
    )
    public_agreement = Agreement.objects.get(slug="incheon-root-2019")
    internal = programme.commitment_create(
        actor=operator,
        agreement=public_agreement,
        data=programme.CommitmentInput(
            partner=public_agreement.partners.order_by("order").first(),
            code="99",
            title=mark("LEAKMARK-PC2-TITLE", "the public agreement's internal commitment") + " 내부 약속",
            indicator=mark("LEAKMARK-PC2-INDICATOR", "the internal commitment's indicator") + " 내부 지표",
            unit="건",
            public=False,
        ),
    )
    internal_period = programme.period_add(
        actor=operator,
        commitment=internal,
        data=programme.PeriodInput(
            label="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), target=5
        ),
    )

    project = build_namdong(operator, slug="leak-namdong")
    line = BudgetLine.objects.filter(subproject__project=project).order_by("pk").first()
    budgets.budget_line_update(
        actor=operator,
        line=line,
        approved=line.approved,
        revised=line.approved,
        contracted=line.contracted,
        executed=line.executed,
        reason=mark("LEAKMARK-PB-REASON", "a budget change's reason") + " 추경 반영",
    )
    document = progress.document_add(
        actor=operator,
        project=project,
        title=mark("LEAKMARK-PD-TITLE", "a project's staff-only document") + " 내부 검토 문서",
        url="https://example.kr/internal-review",
    )
    closed = budgets.project_create(
        actor=operator,
        data=budgets.ProjectInput(
            slug="leak-closed",
            title=mark("LEAKMARK-PJ2-TITLE", "non-public project's title") + " 비공개 사업",
            summary=mark("LEAKMARK-PJ2-SUMMARY", "non-public project's summary") + " 사업 개요",
            public=False,
        ),
    )

    lead = investment.lead_create(
        actor=operator,
        data=investment.LeadInput(
            code_name=mark("LEAKMARK-PL-CODE", "an investment lead's code name"),
            investor_name=mark("LEAKMARK-PL-INVESTOR", "an investor's real name") + " Robotics GmbH",
            country="DE",
            summary=mark("LEAKMARK-PL-SUMMARY", "a lead's summary") + " 로봇 감속기 공장",
            incentives_asked=mark("LEAKMARK-PL-INCENTIVES", "a lead's incentives asked") + " 법인세 감면",
            site_needs=mark("LEAKMARK-PL-SITE", "a lead's site needs") + " 2만㎡ 부지",
            next_step=mark("LEAKMARK-PL-NEXT", "a lead's next step") + " 현장 방문 안내",
        ),
    )
    investment.lead_stage_set(
        actor=operator,
        lead=lead,
        stage="lost",
        note=mark("LEAKMARK-PL-NOTE", "a lead's stage change note") + " 본사 결정",
        lost_reason=mark("LEAKMARK-PL-LOST", "why a lead was lost") + " 타 지역 선택",
    )

    visit = visits.visit_log(
        actor=operator,
        data=visits.VisitInput(
            organization=supplier,
            visited_on=timezone.localdate() - timedelta(days=3),
            met=mark("LEAKMARK-PV-MET", "whom a visit met") + " 생산이사",
            relocation_risk="high",
            supplier_need=True,
            supplier_detail=mark("LEAKMARK-PV-SUPPLIER", "a visit's supplier need") + " 열처리 협력사",
            notes=mark("LEAKMARK-PV-NOTES", "a visit's internal notes") + " 경영 악화",
            summary_for_company=mark("LEAKMARK-PV-SHARED", "the summary shared with the visited company")
            + " 협력사 소개 예정",
        ),
    )
    follow_up = visit.follow_ups.order_by("pk").first()
    visits.follow_up_done(
        actor=operator,
        follow_up=follow_up,
        result=mark("LEAKMARK-PV-RESULT", "a follow-up's result") + " 협력사 2곳 소개",
    )
    # A second visit with every other red flag's detail; the hiring and technology follow-ups routed
    # (a draft posting and a confidential desk case in the company's name carry the details on).
    flagged = visits.visit_log(
        actor=operator,
        data=visits.VisitInput(
            organization=supplier,
            visited_on=timezone.localdate() - timedelta(days=2),
            hiring_need=True,
            hiring_detail=mark("LEAKMARK-PV-HIRING", "a visit's hiring need") + " 용접공 2명",
            technology_problem=True,
            technology_detail=mark("LEAKMARK-PV-TECH", "a visit's technology problem") + " 용접 균열",
            regulation_issue=True,
            regulation_detail=mark("LEAKMARK-PV-REGULATION", "a visit's regulation issue") + " 인허가 지연",
            site_need=True,
            site_detail=mark("LEAKMARK-PV-SITE", "a visit's site need") + " 창고 부지",
        ),
    )
    for routed in flagged.follow_ups.filter(kind__in=("hiring", "technology", "expansion")):
        visits.follow_up_route(actor=operator, follow_up=routed)
    expansion = flagged.follow_ups.get(kind="expansion").lead  # the site need's lead

    draft = make_event(operator, status="draft")
    draft.title = mark("LEAKMARK-PE1-TITLE", "a draft matchmaking day's title") + " 상담회"
    draft.description = mark("LEAKMARK-PE1-DESCRIPTION", "a draft matchmaking day's description") + " 소개"
    draft.save(update_fields=["title", "description"])
    event = make_event(operator)
    first = join(
        event,
        supplier,
        supplier_admin,
        contact_name=mark("LEAKMARK-PP-CONTACT", "a participant's contact person") + " 김담당",
        needs=mark("LEAKMARK-PP-NEEDS", "a participant's needs") + " 열처리 협력사",
        offers=mark("LEAKMARK-PP-OFFERS", "a participant's offers") + " 다이캐스팅",
    )
    second = join(event, other, other_admin)
    request = ask(
        first,
        second,
        user=supplier_admin,
        reason=mark("LEAKMARK-PM-REASON", "a meeting request's reason") + " 침탄 견적 상담",
    )
    meeting_request_accept(user=other_admin, request=request)
    event_schedule(user=operator, event=event)
    meeting = event.meetings.get()
    # The day (2026-10-15) has come: the supplier records what came of the meeting.
    meeting_outcome_record(
        user=supplier_admin,
        meeting=meeting,
        outcome="quote",
        note=mark("LEAKMARK-PM-OUTCOME", "a meeting's outcome note") + " 견적 송부 예정",
    )

    world.objects.update(
        {
            "programs_agreement": hidden,
            "programs_visit": visit,
            "programs_flagged_visit": flagged,
            "programs_lead": lead,
            "programs_event": event,
        }
    )
    world.add("programs_agreements", hidden.pk, public_agreement.pk)
    world.add("programs_commitments", commitment.pk, internal.pk)
    world.add("programs_projects", project.pk, closed.pk)
    world.add("programs_leads", lead.pk, expansion.pk)
    world.add("programs_visits", visit.pk, flagged.pk)
    world.add(
        "programs_follow_ups",
        *FollowUp.objects.filter(visit__in=(visit, flagged)).values_list("pk", flat=True),
    )
    world.add("programs_events", draft.pk, event.pk)
    world.add("programs_requests", request.pk)
    world.add("programs_meetings", meeting.pk)
    world.pair("programs:partner_edit", hidden.pk, partner.pk)
    world.pair("programs:agreement_document", hidden.pk, 999_999)
    for name in ("period_edit", "period_report", "period_evidence", "commitment_records"):
        world.pair(f"programs:{name}", commitment.pk, period.pk)
        world.pair(f"programs:{name}", internal.pk, internal_period.pk)
    subproject = project.subprojects.order_by("pk").first()
    world.pair("programs:subproject_edit", project.pk, subproject.pk)
    world.pair("programs:budget_line_edit", project.pk, line.pk)
    world.pair("programs:project_document", project.pk, document.pk)
    for milestone in project.milestones.all():
        world.pair("programs:milestone_edit", project.pk, milestone.pk)
        world.pair("programs:milestone_outcome", project.pk, milestone.pk)
    for output in project.subprojects.first().outputs.all():
        world.pair("programs:output_update", project.pk, output.pk)
    world.pair("programs:output_update", project.pk, 999_999)
    world.pair("programs:milestone_edit", project.pk, 999_999)
    world.pair("programs:milestone_outcome", project.pk, 999_999)
    for participant in (first, second):
        world.pair("programs:event_participant_withdraw", event.pk, participant.pk)
        world.pair("programs:event_participant_schedule", event.pk, participant.pk)


def build_world(
    *,
    operator,
    buyer,
    supplier,
    supplier_admin,
    other_company,
    other_admin,
    seeker,
    experts,
    institutions,
    tmp_path,
) -> World:
    """The world, from the personas of tests/conftest.py and the desk's experts and institutions."""
    world = World()
    buyer_org = Organization.objects.get(memberships__user=buyer)

    # The viewers. The unrelated company is a die caster and heat treater: qualified for every request,
    # invited to none.
    unrelated = registry.organization_create(
        actor=operator, name="무관정밀(주)", products="알루미늄 다이캐스팅"
    )
    unrelated_admin = UserFactory(username="unrelated-admin", role=Role.COMPANY)
    registry.membership_set(
        actor=operator, organization=unrelated, user=unrelated_admin, role=Membership.Role.ADMIN
    )
    for slug in ("casting.die-casting", "heat-treatment.carburizing"):
        registry.capability_create(actor=unrelated_admin, organization=unrelated, process=_process(slug))
    unrelated_expert = make_expert(
        "최무관",
        institutions["inha"],
        technologies=["casting"],
        processes=["casting.die-casting"],
        user=UserFactory(username="expert-unrelated", role=Role.EXPERT),
    )
    decliner = make_expert(
        "정거절",
        institutions["kitech"],
        technologies=["heat-treatment"],
        processes=["heat-treatment.quench-temper"],
        defects=["heat-treatment.quench-crack"],
        user=UserFactory(username="expert-decliner", role=Role.EXPERT),
    )
    world.users.update(
        {
            UNRELATED_COMPANY: unrelated_admin,
            UNRELATED_EXPERT: unrelated_expert.user,
            SEEKER: seeker,
            "operator": operator,
            "buyer": buyer,
            "supplier_admin": supplier_admin,
            "other_admin": other_admin,
            "expert": experts["heat"].user,
            "decliner": decliner.user,
        }
    )
    world.organizations.update(
        {"buyer": buyer_org, "supplier": supplier, "other": other_company, "unrelated": unrelated}
    )
    # Who deals with whom is not public either (an invitation, a quote, an award): no party's name on
    # another party's pages.
    parties = {"buyer": buyer_org, "supplier": supplier, "other supplier": other_company}
    for role, organization in parties.items():
        world.mark(
            organization.name,
            f"{role}'s name on another party's page",
            allowed=frozenset(VIEWERS),
            hidden_at=tuple(
                path
                for other in parties.values()
                if other != organization
                for path in (f"/companies/{other.pk}/", f"/api/v1/companies/{other.pk}")
            ),
        )

    _seed_sourcing(world, buyer, buyer_org, supplier_admin, supplier, other_admin, other_company)
    _seed_desk(world, operator, supplier_admin, supplier, experts, decliner)
    _seed_registry(world, operator, supplier_admin, supplier, tmp_path)
    _seed_claims_and_invitations(world, operator, supplier_admin, supplier)
    _seed_talent(world, operator, supplier_admin, supplier)
    _seed_incentives(world, operator, supplier_admin, supplier)
    _seed_graduate(world, operator, supplier_admin, supplier, institutions)
    _seed_programs(world, operator, supplier_admin, supplier, other_admin, other_company)

    article = knowledge.article_create(
        actor=operator,
        kind=Article.Kind.GUIDE,
        title=world.mark("LEAKMARK-ART-TITLE", "members-only article title", allowed=SIGNED_IN)
        + " 침탄 가이드",
        summary="회원용 가이드",
        body=world.mark("LEAKMARK-ART-BODY", "members-only article body", allowed=SIGNED_IN)
        + " 침탄 깊이 관리",
        audience=Article.Audience.MEMBERS,
        technology=Technology.objects.get(slug="heat-treatment"),
    )
    world.add("articles", article.pk)
    world.objects["members_article"] = article

    tokens = [
        api_token_create(user=buyer, name=world.mark("LEAKMARK-TOKEN-BUYER", "buyer's API token name"))[0],
        api_token_create(
            user=supplier_admin, name=world.mark("LEAKMARK-TOKEN-SUPPLIER", "supplier's API token name")
        )[0],
    ]
    world.add("tokens", *(token.pk for token in tokens))

    # Companies made by the test's factories were never handed to search; the services kept the rest
    # of the index in step as they wrote.
    organizations = list(Organization.objects.order_by("pk"))
    index_refresh(doc_type="company", object_ids=[o.pk for o in organizations])
    world.add("organizations", *(o.pk for o in organizations))
    for organization in organizations:
        for capability in organization.capabilities.all():
            world.pair("registry:capability_pk", organization.pk, capability.pk)
        for site in organization.sites.all():
            world.pair("registry:site_pk", organization.pk, site.pk)
    world.add(
        "complexes", *Complex.objects.filter(sites__isnull=False).values_list("slug", flat=True).distinct()
    )
    world.add("experts", *Expert.objects.order_by("pk").values_list("pk", flat=True))
    world.add("dashboard_scopes", "incheon", *Complex.objects.values_list("slug", flat=True))
    # A dashboard report the operator had made in the background (unsuppressed figures): theirs alone.
    from django.core.files.base import ContentFile

    from ppuri.dashboards.models import ReportJob

    job = ReportJob.objects.create(
        user=operator,
        scope="namdong",
        period="all",
        format="pdf",
        exact=True,
        reason=world.mark("LEAKMARK-RJ-REASON", "operator's report job reason"),
        status=ReportJob.Status.DONE,
        file_name=world.mark("LEAKMARK-RJ-NAME", "operator's report job file name") + ".pdf",
    )
    job.file.save("report.pdf", ContentFile(world.mark("LEAKMARK-RJ-FILE", "operator's report").encode()))
    world.add("report_jobs", job.pk)
    return world
