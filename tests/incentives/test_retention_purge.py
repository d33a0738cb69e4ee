"""The young people's data is destroyed on schedule: never consented to within 30 days; rejected or
finished past the programme's retention. The rows stay for the ledger, with nothing of the person."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from ppuri.incentives import selectors, services
from ppuri.incentives.models import Evidence, IncentiveApplication, IncentiveCase
from ppuri.tenure.services import employment_separate
from tests.incentives.conftest import application_input, submit

PDF = b"%PDF-1.4\n%%EOF\n"


def _age(application, **delta) -> None:
    IncentiveApplication.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - timedelta(**delta), decided_at=timezone.now() - timedelta(**delta)
    )


@pytest.mark.django_db
def test_the_purge_destroys_the_persons_data_when_due_and_keeps_the_rest(
    program, company, company_admin, reviewer
):
    never, _token = services.application_submit(
        actor=company_admin,
        data=application_input(program, company, person={"name": "동의안함", "phone": "010-1000-0001"}),
    )
    recent, _token = services.application_submit(
        actor=company_admin,
        data=application_input(program, company, person={"name": "최근신청", "phone": "010-1000-0002"}),
    )
    rejected = submit(company_admin, program, company, person={"name": "반려됨", "phone": "010-1000-0003"})
    services.application_reject(actor=reviewer, application=rejected, reason="서류 미비")
    finished = submit(company_admin, program, company, person={"name": "퇴사함", "phone": "010-1000-0004"})
    services.application_approve(actor=reviewer, application=finished)
    services.evidence_add(actor=company_admin, application=finished, document="contract",
                          upload=SimpleUploadedFile("계약서.pdf", PDF))  # fmt: skip
    employment = IncentiveCase.objects.get(application=finished).employment
    employment_separate(
        actor=company_admin, employment=employment, separated_on=date(2026, 4, 1), reason="voluntary"
    )
    ongoing = submit(company_admin, program, company, person={"name": "재직중", "phone": "010-1000-0005"})
    services.application_approve(actor=reviewer, application=ongoing)
    _age(never, days=31)
    _age(rejected, days=365 * 5 + 2)
    IncentiveCase.objects.get(application=finished).installments.update(
        updated_at=timezone.now() - timedelta(days=365 * 5 + 2)
    )
    _age(ongoing, days=365 * 6)
    before = selectors.ledger(program)
    out = StringIO()

    call_command("purge_incentive_data", stdout=out)

    destroyed = set(
        IncentiveApplication.objects.filter(personal_data_destroyed_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert destroyed == {never.pk, rejected.pk, finished.pk}
    for application in IncentiveApplication.objects.filter(pk__in=destroyed):
        assert (application.person_name, application.phone, application.birth_year_month) == ("", "", "")
    assert IncentiveApplication.objects.get(pk=recent.pk).person_name == "최근신청"
    assert IncentiveApplication.objects.get(pk=ongoing.pk).person_name == "재직중"  # installments still open
    assert not Evidence.objects.exists()
    assert selectors.ledger(program) == before
    assert "1 applications never consented to within 30 days, 1 rejected and 1 finished" in out.getvalue()
    # A second run finds nothing more.
    call_command("purge_incentive_data", stdout=StringIO())
    assert IncentiveApplication.objects.filter(personal_data_destroyed_at__isnull=False).count() == 3
