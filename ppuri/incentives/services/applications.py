"""A company applies for a hire; the young person consents by the link the company hands them; the labor
office approves (the whole schedule committed under the caps) or rejects, first come first served; an
application refused for a cap waits on the waitlist until commitment is released."""

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts import roles
from ppuri.accounts.models import User
from ppuri.core import clock, files
from ppuri.core.activity import activity_log
from ppuri.core.notifications import notify
from ppuri.core.permissions import is_operator
from ppuri.core.privacy import refuse_resident_number
from ppuri.core.text import clean_spaces
from ppuri.incentives import notice, rules
from ppuri.incentives.models import (
    MAX_MONTHLY_WAGE,
    Evidence,
    IncentiveApplication,
    IncentiveCase,
    Installment,
    LedgerEntry,
    Program,
)
from ppuri.incentives.services import caps
from ppuri.registry.models import Organization, Site
from ppuri.registry.selectors import is_member, organization_people
from ppuri.tenure.models import Employment
from ppuri.tenure.services import employment_start

Status = IncentiveApplication.Status
logger = logging.getLogger(__name__)
logger = logging.getLogger(__name__)
_BIRTH = re.compile(r"^(\d{4})-(\d{2})$")
_PHONE_DIGITS = re.compile(r"^0\d{8,10}$")


class Refused(Exception):
    """A decision the rules do not allow now (the API answers 409 with the message): a cap reached, an
    application not eligible or not waiting for a decision."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class PersonInput:
    name: str
    birth_year_month: str
    incheon_resident: bool
    phone: str


@dataclass
class ApplicationInput:
    program: Program
    company: Organization
    site: Site | None
    person: PersonInput
    hire_date: date
    full_time: bool
    contract_months: int
    wage: int
    employees: int | None = None  # None: the registry's figure
    annual_sales: int | None = None
    job_application: Any = None
    person_email: str = ""  # used once to send the consent link, never stored


def require_company_member(actor: Any, company_id: int) -> None:
    roles.refuse_unless(roles.may_use_company_tools(actor), _("기업 담당자만 신청할 수 있습니다."))
    if not (is_operator(actor) or is_member(user=actor, organization_id=company_id)):
        raise PermissionDenied


def require_reviewer(actor: Any) -> None:
    roles.refuse_unless(roles.may_review_incentives(actor), _("고용노동청 담당자만 심사할 수 있습니다."))


def person_key(name: str, birth_year_month: str, phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return f"{clean_spaces(name).replace(' ', '').casefold()}|{birth_year_month}|{digits}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean(data: ApplicationInput) -> dict[str, Any]:
    """The application's fields, or ValidationError naming each bad one (the API's names)."""
    # A 주민등록번호 is refused as such before any other rule speaks (core.privacy).
    refuse_resident_number(data.person.name, field="person.name")
    refuse_resident_number(data.person.phone, field="person.phone")
    errors: dict[str, str] = {}
    name = clean_spaces(data.person.name)
    if not name:
        errors["person.name"] = _("이름을 입력해 주세요.")
    elif len(name) > 50:
        errors["person.name"] = _("이름은 50자까지 쓸 수 있습니다.")
    birth = _BIRTH.match(data.person.birth_year_month.strip())
    if (
        birth is None
        or not 1 <= int(birth.group(2)) <= 12
        or not 1900 <= int(birth.group(1)) <= clock.today().year
    ):
        errors["person.birth_year_month"] = _("생년월을 YYYY-MM 형식으로 입력해 주세요(예: 1999-04).")
    phone_digits = re.sub(r"[\s-]", "", data.person.phone)
    if not _PHONE_DIGITS.match(phone_digits):
        errors["person.phone"] = _("연락처는 0으로 시작하는 전화번호(9~11자리)로 입력해 주세요.")
    if data.site is None or data.site.organization_id != data.company.pk:
        errors["site_id"] = _("이 기업의 사업장이 아닙니다.")
    if data.hire_date > clock.today():
        errors["hire_date"] = _("입사한 뒤에 신청할 수 있습니다(입사일이 오늘보다 뒤입니다).")
    if not 0 <= data.contract_months <= 120:
        errors["contract_months"] = _("계약 기간은 0에서 120개월 사이로 입력해 주세요.")
    if not 1 <= data.wage <= MAX_MONTHLY_WAGE:
        errors["wage"] = _("월 임금은 1원 이상 1억 원 이하의 정수로 입력해 주세요.")
    employees = data.employees if data.employees is not None else data.company.employees
    if employees is None:
        errors["employees"] = _("상시 근로자 수를 입력해 주세요(기업 정보에 없습니다).")
    elif not 0 <= employees <= 1_000_000:
        errors["employees"] = _("상시 근로자 수가 맞지 않습니다.")
    if data.annual_sales is not None and not 0 <= data.annual_sales <= 10**15:
        errors["annual_sales"] = _("연 매출액이 맞지 않습니다.")
    hire = data.job_application
    if hire is not None:
        # The hire as the jobs app recorded it: its date and site are the case's, so tenure counts
        # from one day at one site.
        if hire.job.company_id != data.company.pk:
            errors["job_application_id"] = _("이 기업의 채용 지원이 아닙니다.")
        elif hire.stage != "hired" or hire.hired_on is None:
            errors["job_application_id"] = _("채용 단계로 기록된 지원만 고를 수 있습니다.")
        else:
            if data.hire_date != hire.hired_on:
                errors["hire_date"] = _("채용 공고에 기록된 입사일(%(day)s)과 다릅니다.") % {
                    "day": hire.hired_on.isoformat()
                }
            if data.site is not None and hire.hire_site_id and data.site.pk != hire.hire_site_id:
                errors["site_id"] = _("채용 공고에 기록된 근무 사업장과 다릅니다.")
    if errors:
        raise ValidationError(errors)
    assert birth is not None and data.site is not None and employees is not None
    return {
        "person_name": name,
        "birth_year_month": birth.group(0),
        "incheon_resident": data.person.incheon_resident,
        "phone": phone_digits,
        "person_key": person_key(name, birth.group(0), phone_digits),
        "hire_date": data.hire_date,
        "full_time": data.full_time,
        "contract_months": data.contract_months,
        "monthly_wage": data.wage,
        "employees": employees,
        "annual_sales": data.annual_sales,
        "site": data.site,
    }


def _checks(program: Program, application: IncentiveApplication) -> list[dict[str, Any]]:
    year, month = (int(part) for part in application.birth_year_month.split("-"))
    # Another application of the same person that counts: consented to and not rejected. One the
    # person never agreed to does not block them.
    # Another application of the same person that counts: approved, or consented to before this one
    # (first come). One the person never agreed to, or a rejected one, does not block them.
    waiting = Q(status__in=[Status.PENDING, Status.WAITLISTED])
    if application.queued_at is not None:
        waiting &= Q(queued_at__lt=application.queued_at)
    seen_before = (
        IncentiveApplication.objects.filter(program=program, person_key=application.person_key)
        .filter(Q(status=Status.APPROVED) | waiting)
        .exclude(pk=application.pk)
        .exists()
    )
    facts = rules.Facts(
        birth_year=year,
        birth_month=month,
        hire_date=application.hire_date,
        incheon_resident=application.incheon_resident,
        root_company=application.company.is_root_industry,
        complex_id=application.site.complex_id,
        employees=application.employees,
        annual_sales=application.annual_sales,
        full_time=application.full_time,
        contract_months=application.contract_months,
        seen_before=seen_before,
    )
    return rules.evaluate(program, facts, set(program.complexes.values_list("pk", flat=True)))


@transaction.atomic
def application_submit(*, actor: Any, data: ApplicationInput) -> tuple[IncentiveApplication, str]:
    """The application with its checks, awaiting the person's consent; and the consent link's token
    (shown to the company once, to hand to the person; only its hash is kept)."""
    require_company_member(actor, data.company.pk)
    if not data.program.accepting:
        raise ValidationError({"program_id": _("신청을 받지 않는 사업입니다.")})
    fields = _clean(data)
    token = secrets.token_urlsafe(24)
    application = IncentiveApplication(
        program=data.program,
        company=data.company,
        submitted_by=actor,
        job_application=data.job_application,
        consent_token_hash=_token_hash(token),
        **fields,
    )
    application.full_clean(exclude=["checks", "consent_token_hash", "person_key"])
    application.save()
    application.checks = _checks(data.program, application)
    application.eligible = all(check["passed"] for check in application.checks)
    application.save(update_fields=["checks", "eligible"])
    activity_log(
        actor=actor,
        verb="incentives.application.submitted",
        target=application,
        scope=data.company,
        summary=lambda: (
            _("장려금을 신청했습니다(본인 동의 대기): %(program)s") % {"program": data.program.name}
        ),
    )
    if data.person_email:
        link = settings.PPURI_BASE_URL.rstrip("/") + reverse("incentives:consent", args=[token])
        transaction.on_commit(
            lambda: send_mail(
                _("[Ppuri] 청년 장려금 신청 동의 요청"),
                _(
                    "%(company)s에서 청년 장려금을 신청했습니다. "
                    "아래 링크에서 내용을 확인하고 동의해 주세요.\n\n%(link)s"
                )
                % {"company": data.company.name, "link": link},
                None,
                [data.person_email],
            )
        )
    return application, token


def application_for_token(token: str) -> IncentiveApplication | None:
    return (
        IncentiveApplication.objects.select_related("program", "company", "site")
        .filter(consent_token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def application_consent(*, token: str, agree: bool) -> IncentiveApplication:
    """The person agrees by the link: the application joins the labor office's queue (its place in it is
    the moment of consent)."""
    found = application_for_token(token)
    if found is None:
        raise ValidationError(_("링크가 올바르지 않습니다."))
    application = IncentiveApplication.objects.select_for_update().get(pk=found.pk)
    if application.status != Status.AWAITING_CONSENT:
        return application
    if not agree:
        raise ValidationError({"agree": _("동의해야 신청이 접수됩니다.")})
    now = timezone.now()
    application.consented_at = now
    application.consent_notice_version = notice.NOTICE_VERSION
    application.queued_at = now
    application.status = Status.PENDING
    application.save(
        update_fields=["consented_at", "consent_notice_version", "queued_at", "status", "updated_at"]
    )
    activity_log(
        actor=None,
        verb="incentives.application.consented",
        target=application,
        scope=application.company,
        summary=lambda: _("본인이 동의해 심사 대기열에 올랐습니다."),
    )
    notify(
        recipients=organization_people(organization_id=application.company_id),
        verb="incentives.application.consented",
        url=application.get_absolute_url(),
        summary=lambda: (
            _("장려금 신청에 본인이 동의해 심사를 기다립니다: %(program)s")
            % {"program": application.program.name}
        ),
    )
    notify(
        recipients=reviewers(),
        verb="incentives.application.queued",
        url=reverse("incentives:queue"),
        summary=lambda: (
            _("심사할 장려금 신청이 들어왔습니다: %(program)s") % {"program": application.program.name}
        ),
    )
    return application


def reviewers() -> list[User]:
    return list(User.objects.filter(role="labor_office", is_active=True))


def _cap_message(program: Program, cap: str, company: Organization) -> str:
    if cap == "headcount":
        return _("인원 한도 %(cap)s명에 도달했습니다.") % {"cap": f"{program.headcount_cap:,}"}
    if cap == "company":
        cap_value = program.per_root_company_cap if company.is_root_industry else program.per_company_cap
        return _("기업당 한도 %(cap)s명에 도달했습니다(%(company)s).") % {
            "cap": cap_value,
            "company": company.name,
        }
    remaining = program.budget - Program.objects.values_list("committed", flat=True).get(pk=program.pk)
    return _("예산 한도에 도달했습니다(남은 예산 %(remaining)s원, 1인 %(need)s원 필요).") % {
        "remaining": f"{remaining:,}",
        "need": f"{program.amount_per_person:,}",
    }


def application_approve(
    *, actor: Any, application: IncentiveApplication, auto: bool = False
) -> IncentiveApplication:
    """Approve: the schedule is committed and the person's places taken under every cap, or Refused
    (the application then waits on the waitlist, in its first-come place). `auto`: the waitlist moving
    on a release, by the decision the labor office already made."""
    if not auto:
        require_reviewer(actor)
    with transaction.atomic():
        # Only this row is locked (of="self"): a join must not lock the programme's row, which
        # caps.take_place takes after the company's (a separation takes them in that order too).
        application = (
            IncentiveApplication.objects.select_for_update(of=("self",))
            .select_related("program", "company", "site")
            .get(pk=application.pk)
        )
        program = application.program
        if application.status not in (Status.PENDING, Status.WAITLISTED):
            raise Refused(
                _("심사를 기다리는 신청이 아닙니다(%(status)s).")
                % {"status": application.get_status_display()},
                code="not_pending",
            )
        if not auto and actor.pk == application.submitted_by_id:
            raise Refused(_("자신이 작성한 신청은 승인할 수 없습니다."), code="separation_of_duties")
        # The rules again, as they stand now: another application of the same person may have been
        # consented to, rejected or approved since this one was written.
        application.checks = _checks(program, application)
        application.eligible = all(check["passed"] for check in application.checks)
        application.save(update_fields=["checks", "eligible"])
        if not application.eligible:
            failed = [rules.explain(c)["label"] for c in application.checks if not c["passed"]]
            raise Refused(
                _("지원 요건을 충족하지 않습니다: %(rules)s") % {"rules": ", ".join(failed)},
                code="not_eligible",
            )
        cap = caps.take_place(program, application.company, program.amount_per_person)
        if cap is not None:
            message = _cap_message(program, cap, application.company)
            if application.status != Status.WAITLISTED:
                application.status = Status.WAITLISTED
                application.decided_by = actor if not auto else application.decided_by
                application.decision_reason = message
                application.save(update_fields=["status", "decided_by", "decision_reason", "updated_at"])
                activity_log(
                    actor=actor,
                    verb="incentives.application.waitlisted",
                    target=application,
                    scope=application.company,
                    summary=lambda: _("한도에 걸려 대기 명단에 올렸습니다: %(reason)s") % {"reason": message},
                )
                notify(
                    recipients=organization_people(organization_id=application.company_id),
                    verb="incentives.application.waitlisted",
                    url=application.get_absolute_url(),
                    summary=lambda: (
                        _("장려금 신청이 대기 명단에 올랐습니다: %(reason)s") % {"reason": message}
                    ),
                )
            refused = Refused(message + " " + _("대기 명단에 올렸습니다."), code=f"cap_{cap}")
        else:
            refused = None
            try:
                with transaction.atomic():
                    _approve(actor, application, program)
            except IntegrityError:
                # Another application of the same person was approved meanwhile (the unique constraint);
                # leaving the block undoes the places taken.
                raise Refused(_("같은 사람의 신청이 이미 승인되었습니다."), code="not_eligible") from None
    if refused is not None:
        raise refused
    return application


def _approve(actor: Any, application: IncentiveApplication, program: Program) -> None:
    now = timezone.now()
    application.status = Status.APPROVED
    application.decided_by = (
        actor if actor is not None and getattr(actor, "is_authenticated", False) else application.decided_by
    )
    application.decided_at = now
    application.decision_reason = ""
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    job_application = application.job_application
    employment = None
    if job_application is not None:
        employment = Employment.objects.filter(job_application=job_application).first()
    if employment is not None and employment.separated_on is not None:
        raise Refused(
            _("이미 %(day)s 퇴사로 기록된 채용입니다.") % {"day": employment.separated_on.isoformat()},
            code="not_eligible",
        )
    if employment is None:
        # With the job application, so a 채용 recorded in the jobs app later finds this employment.
        employment = employment_start(
            company=application.company,
            site=application.site,
            hired_on=application.hire_date,
            source=Employment.Source.INCENTIVE,
            technology=job_application.job.technology if job_application is not None else None,
            person=job_application.seeker if job_application is not None else None,
            job_application=job_application,
        )
    case = IncentiveCase.objects.create(
        application=application,
        program=program,
        company=application.company,
        employment=employment,
        approved_at=now,
    )
    Installment.objects.bulk_create(
        [
            Installment(
                case=case,
                number=number,
                month=step["month"],
                amount=step["amount"],
                due_on=clock.add_months(application.hire_date, step["month"]),
            )
            for number, step in enumerate(program.schedule, start=1)
        ]
    )
    LedgerEntry.objects.create(
        program=program,
        case=case,
        kind=LedgerEntry.Kind.COMMIT,
        amount=program.amount_per_person,
        actor=_person(actor),
    )
    activity_log(
        actor=actor,
        verb="incentives.application.approved",
        target=application,
        scope=application.company,
        summary=lambda: (
            _("장려금을 승인했습니다(약정 %(amount)s원).") % {"amount": f"{program.amount_per_person:,}"}
        ),
    )
    notify(
        recipients=organization_people(organization_id=application.company_id),
        verb="incentives.application.approved",
        url=application.get_absolute_url(),
        summary=lambda: _("장려금 신청이 승인되었습니다: %(program)s") % {"program": program.name},
    )


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def application_reject(*, actor: Any, application: IncentiveApplication, reason: str) -> IncentiveApplication:
    require_reviewer(actor)
    application = (
        IncentiveApplication.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=application.pk)
    )
    if application.status not in (Status.PENDING, Status.WAITLISTED):
        raise Refused(
            _("심사를 기다리는 신청이 아닙니다(%(status)s).") % {"status": application.get_status_display()},
            code="not_pending",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("반려 사유를 입력해 주세요.")})
    if len(reason) > 2_000:
        raise ValidationError({"reason": _("사유는 2,000자까지 쓸 수 있습니다.")})
    application.status = Status.REJECTED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    activity_log(
        actor=actor,
        verb="incentives.application.rejected",
        target=application,
        scope=application.company,
        summary=lambda: _("장려금 신청을 반려했습니다."),
    )
    notify(
        recipients=organization_people(organization_id=application.company_id),
        verb="incentives.application.rejected",
        url=application.get_absolute_url(),
        summary=lambda: _("장려금 신청이 반려되었습니다: %(reason)s") % {"reason": reason[:100]},
    )
    return application


def waitlist_move(program: Program) -> list[IncentiveApplication]:
    """After a release: approve waitlisted applications in their first-come order while the caps
    allow (the head count or the budget ends the round; a company's cap skips that application only).
    It runs after the release's commit: a failure is logged and leaves the rest waiting; it never
    undoes the release nor fails the request that made it."""
    approved = []
    waiting = IncentiveApplication.objects.filter(program=program, status=Status.WAITLISTED)
    for application in waiting.order_by("queued_at", "pk"):
        try:
            approved.append(application_approve(actor=None, application=application, auto=True))
        except Refused as refused:
            if refused.code in ("cap_headcount", "cap_budget"):
                break
        except Exception:
            logger.exception("waitlist: approving application %s failed", application.pk)
            break
    return approved


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    application: IncentiveApplication,
    upload: Any,
    document: str,
    installment: Installment | None = None,
) -> Evidence:
    require_company_member(actor, application.company_id)
    if document not in Evidence.Kind.values:
        raise ValidationError({"document": _("서류 종류를 고르세요.")})
    if installment is not None and installment.case.application_id != application.pk:
        raise ValidationError({"installment": _("이 신청의 분할 지급이 아닙니다.")})
    kind = files.check(upload)
    evidence = files.store(
        Evidence,
        upload,
        kind,
        application=application,
        installment=installment,
        document=document,
        uploaded_by=actor,
    )
    label = Evidence.Kind(document).label
    activity_log(
        actor=actor,
        verb="incentives.evidence.added",
        target=application,
        scope=application.company,
        summary=lambda: _("증빙을 올렸습니다: %(document)s") % {"document": label},
    )
    return evidence
