"""`GET /api/v1/programs/agreements/{id}/commitments` (issue 17's contract): one item per commitment
period with its indicator, unit, baseline, target, actual, period, status and source; small counts of
people null and `suppressed` for the public, exact for the staff; 404 for an agreement the viewer may
not see; a non-public commitment left out for those it is not for; English on request."""

from datetime import date

import pytest
from django.test import Client

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.programs.models import Agreement, Commitment, Partner
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.programs import agreements_setup as build

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)
CONTRACT = {"indicator", "unit", "baseline", "target", "actual", "period", "status", "source"}
EXTRA = {"commitment_id", "code", "title", "partner", "period_starts_on", "period_ends_on", "status_label",
         "verification", "suppressed", "records_url"}  # fmt: skip


@pytest.fixture(autouse=True)
def fixed_today():
    with clock.fixed(TODAY):
        yield


@pytest.fixture
def seeded() -> Agreement:
    return Agreement.objects.get(slug="incheon-root-2019")


def url(agreement) -> str:
    return f"/api/v1/programs/agreements/{agreement.pk}/commitments"


def items(client, agreement, **headers) -> list[dict]:
    response = client.get(url(agreement), **headers)
    assert response.status_code == 200, response.content
    return response.json()


def by_code(found: list[dict], code: str) -> list[dict]:
    return [item for item in found if item["code"] == code]


def test_one_item_per_commitment_period_with_the_contracts_fields(client, seeded):
    found = items(client, seeded)
    assert len(found) == 11  # seven commitments, the graduate school's with five school years
    for item in found:
        assert set(item) >= CONTRACT | EXTRA
        assert item["source"] in ("records", "manual")
    experts = by_code(found, "1")[0]
    assert experts["indicator"] == "한계기술 지원에 참여한 전문가 수" and experts["unit"] == "명"
    assert (experts["baseline"], experts["target"], experts["actual"]) == (0, 180, 0)
    assert experts["period"] == "협약 기간 누계(2019–2024)" and experts["source"] == "records"
    assert (experts["period_starts_on"], experts["period_ends_on"]) == ("2019-07-18", "2024-12-31")
    assert (experts["status"], experts["status_label"]) == ("behind", "부진")
    assert experts["verification"] == "partial" and experts["suppressed"] is False
    commitment = Commitment.objects.get(agreement=seeded, code="1")
    assert (
        experts["records_url"]
        == f"/programs/commitments/{commitment.pk}/periods/{commitment.periods.get().pk}/records/"
    )
    assert [i["period"] for i in by_code(found, "3")] == [f"{y}학년도" for y in range(2020, 2025)]
    assert by_code(found, "2")[0]["status"] == "no_target"
    assert {i["verification"] for i in by_code(found, "4") + by_code(found, "5")} == {"unverified"}


def test_small_counts_are_null_for_the_public_and_exact_for_the_staff(client, seeded, city_official):
    owner = build.company()
    for day in (date(2020, 5, 1), date(2021, 6, 1)):
        build.employment(owner, day)
    public = by_code(items(client, seeded), "6")[0]
    assert (public["actual"], public["suppressed"], public["status"]) == (None, True, "no_target")
    staff = by_code(items(client_for(city_official), seeded), "6")[0]
    assert (staff["actual"], staff["suppressed"]) == (2, False)
    # Money is a programme total: shown to everyone.
    approved = build.application(
        build.incentive_program(), owner, status="approved", decided_at=build.at(date(2021, 1, 5))
    )
    build.installment(build.supported_case(approved), 1, 900_000, paid_on=date(2021, 4, 1))
    paid = by_code(items(client, seeded), "5")[0]
    assert (paid["actual"], paid["suppressed"], paid["unit"]) == (900_000, False, "원")
    youth = by_code(items(client, seeded), "4")[0]
    assert (youth["actual"], youth["suppressed"], youth["status"]) == (None, True, "behind")


def test_a_partners_editor_sees_their_own_exactly_and_others_suppressed(seeded):
    editor = UserFactory(username="itp-editor", role=Role.COMPANY)
    Partner.objects.get(agreement=seeded, name="인천테크노파크").editors.add(editor)
    owner = build.company()
    build.employment(owner, date(2021, 6, 1))
    found = items(client_for(editor), seeded)
    assert by_code(found, "6")[0]["actual"] == 1
    build.application(
        build.incentive_program(), owner, status="approved", decided_at=build.at(date(2021, 1, 5))
    )
    assert by_code(items(client_for(editor), seeded), "4")[0]["suppressed"] is True  # another partner's


def test_an_agreement_the_viewer_may_not_see_is_404(client, city_official):
    hidden = build.agreement("internal", public=False)
    response = client.get(url(hidden))
    assert response.status_code == 404 and set(response.json()) == {"detail"}
    assert client.get("/api/v1/programs/agreements/999999/commitments").status_code == 404
    assert items(client_for(city_official), hidden) == []


def test_a_non_public_commitment_is_left_out_for_those_it_is_not_for(client, seeded, city_official, outsider):
    technopark = Partner.objects.get(agreement=seeded, name="인천테크노파크")
    hidden, _periods = build.commitment(seeded, technopark, code="8", public=False)
    for viewer in (client, client_for(outsider)):
        found = items(viewer, seeded)
        assert len(found) == 11 and hidden.pk not in {i["commitment_id"] for i in found}
        assert hidden.title not in str(found)
    assert hidden.pk in {i["commitment_id"] for i in items(client_for(city_official), seeded)}


def test_english_on_request(seeded):
    found = items(Client(), seeded, HTTP_ACCEPT_LANGUAGE="en")
    experts = by_code(found, "1")[0]
    assert experts["indicator"] == "Experts active in the limit-technology desk"
    assert experts["partner"] == "POSCO research institute" and experts["period"] == "2019-07-18 – 2024-12-31"


def test_a_bad_id_is_refused_not_a_500(client):
    assert client.get("/api/v1/programs/agreements/0/commitments").status_code == 422
    assert client.get("/api/v1/programs/agreements/99999999999999999999/commitments").status_code == 422
    assert client.get("/api/v1/programs/agreements/abc/commitments").status_code == 422
