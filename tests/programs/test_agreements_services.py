"""Writing agreements through their pages: the staff edit agreements, partners and their editors,
commitments, periods and documents; a partner's editors report their own manual commitments' actuals
with evidence, and nobody else does; a figure Ppuri counts from its records is never typed over. Every
refusal names its field and leaves nothing changed; every change is logged in both languages."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ppuri.accounts.models import Role
from ppuri.core import clock
from ppuri.core.models import ActivityLog
from ppuri.programs.models import Agreement, Commitment, CommitmentPeriod, Document, Partner
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.programs import agreements_setup as build

pytestmark = pytest.mark.django_db

TODAY = date(2022, 3, 1)
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
Measure = Commitment.Measure


@pytest.fixture(autouse=True)
def fixed_today():
    with clock.fixed(TODAY):
        yield


def state() -> tuple:
    """Every row an agreement's pages write, to compare before and after a refusal."""
    rows = tuple(
        list(model.objects.order_by("pk").values())
        for model in (Agreement, Partner, Commitment, CommitmentPeriod, Document)
    )
    editors = list(Partner.editors.through.objects.order_by("pk").values())
    return (*rows, editors, ActivityLog.objects.filter(verb__startswith="programs.").count())


@pytest.fixture
def setup(db):
    """A test agreement with two partners, each with an editor and a manual commitment for 2021, and a
    records-derived commitment of the first."""
    agreement = build.agreement()
    mine_editor = UserFactory(username="itp-editor", role=Role.COMPANY, email="editor@itp.example")
    other_editor = UserFactory(username="kitech-editor", role=Role.COMPANY, email="editor@kitech.example")
    mine = build.partner(agreement, "인천테크노파크", editors=[mine_editor])
    other = build.partner(agreement, "한국생산기술연구원", editors=[other_editor])
    manual, (period,) = build.commitment(agreement, mine, Measure.MANUAL, code="1")
    theirs, (their_period,) = build.commitment(agreement, other, Measure.MANUAL, code="2")
    counted, (counted_period,) = build.commitment(agreement, mine, Measure.HIRES, code="3")
    return {
        "agreement": agreement,
        "editor": mine_editor,
        "other_editor": other_editor,
        "partner": mine,
        "manual": manual,
        "period": period,
        "theirs": theirs,
        "their_period": their_period,
        "counted": counted,
        "counted_period": counted_period,
    }


def report_url(period: CommitmentPeriod) -> str:
    return reverse("programs:period_report", args=[period.commitment_id, period.pk])


def report(client, period, **data):
    fields = {"actual": "1,250", "evidence": "2021년 사업 결과보고서(2022-01-15)", **data}
    return client.post(report_url(period), fields)


# --- a partner's editor reports -------------------------------------------------------------------------


def test_a_partner_editor_reports_their_manual_commitment_with_evidence_and_file(setup):
    editor, period = setup["editor"], setup["period"]
    client = client_for(editor)
    assert client.get(report_url(period)).status_code == 200
    upload = SimpleUploadedFile("결과보고서.pdf", PDF, content_type="application/pdf")
    response = report(client, period, evidence_file=upload)
    assert response.status_code == 302 and response["Location"] == setup["manual"].get_absolute_url()
    period.refresh_from_db()
    assert period.manual_actual == 1250 and period.reported_by == editor and period.evidence_file
    assert period.evidence.startswith("2021년 사업 결과보고서")
    entry = ActivityLog.objects.get(verb="programs.period.reported")
    assert entry.summaries["ko"] == "1번 약속의 ‘2021년’ 실적을 입력했습니다: 1,250명"
    assert set(entry.summaries) == {"ko", "en"} and entry.data["before"] is None
    # The commitment's page shows the figure and its evidence; the file downloads for the editor only.
    page = client.get(setup["manual"].get_absolute_url()).content.decode()
    assert "1,250명" in page and "2021년 사업 결과보고서" in page
    evidence = reverse("programs:period_evidence", args=[setup["manual"].pk, period.pk])
    assert client.get(evidence).status_code == 200
    assert client_for(setup["other_editor"]).get(evidence).status_code == 404
    from django.test import Client

    assert Client().get(evidence).status_code == 404


def test_a_report_again_keeps_the_file_and_logs_the_old_figure(setup):
    client, period = client_for(setup["editor"]), setup["period"]
    report(client, period, evidence_file=SimpleUploadedFile("a.pdf", PDF))
    name = CommitmentPeriod.objects.get(pk=period.pk).evidence_file.name
    assert report(client, period, actual="1300", evidence="수정: 최종 보고서").status_code == 302
    period.refresh_from_db()
    assert period.manual_actual == 1300 and period.evidence_file.name == name
    assert ActivityLog.objects.filter(verb="programs.period.reported").latest("pk").data["before"] == 1250


def test_the_staff_report_too(setup, city_official):
    assert report(client_for(city_official), setup["their_period"]).status_code == 302
    assert CommitmentPeriod.objects.get(pk=setup["their_period"].pk).manual_actual == 1250


# --- who may not ------------------------------------------------------------------------------------------


def test_an_editor_may_not_report_another_partners_commitment(setup):
    before = state()
    client = client_for(setup["editor"])
    assert client.get(report_url(setup["their_period"])).status_code == 403
    assert report(client, setup["their_period"]).status_code == 403
    assert state() == before
    # A non-public commitment of another partner is not even found.
    Commitment.objects.filter(pk=setup["theirs"].pk).update(public=False)
    before = state()
    assert report(client, setup["their_period"]).status_code == 404
    assert state() == before


def test_anonymous_visitors_and_outsiders_edit_nothing(client, setup, outsider):
    agreement, period = setup["agreement"], setup["period"]
    before = state()
    posts = [
        (report_url(period), {"actual": "5", "evidence": "x"}),
        (reverse("programs:agreement_create"), {"slug": "x", "title": "x", "signed_on": "2022-01-01"}),
        (
            reverse("programs:agreement_edit", args=[agreement.pk]),
            {"slug": "x", "title": "x", "signed_on": "2022-01-01"},
        ),
        (reverse("programs:partner_add", args=[agreement.pk]), {"name": "새 기관"}),
        (reverse("programs:partner_edit", args=[agreement.pk, setup["partner"].pk]), {"name": "바뀐 이름"}),
        (reverse("programs:commitment_create", args=[agreement.pk]), {"code": "9"}),
        (reverse("programs:commitment_edit", args=[setup["manual"].pk]), {"code": "9"}),
        (reverse("programs:period_add", args=[setup["manual"].pk]), {"label": "x"}),
        (reverse("programs:period_edit", args=[setup["manual"].pk, period.pk]), {"target": "5"}),
        (
            reverse("programs:agreement_document_add", args=[agreement.pk]),
            {"title": "x", "url": "https://a.kr"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    signed_in = client_for(outsider)
    for url, data in posts:
        assert signed_in.post(url, data).status_code == 403, url
    # A partner's editor reports, and edits nothing else.
    editor = client_for(setup["editor"])
    for url, data in posts[1:]:
        assert editor.post(url, data).status_code == 403, url
    assert state() == before


# --- a figure counted from records ------------------------------------------------------------------------


def test_a_records_derived_commitment_refuses_a_typed_figure(setup, city_official):
    before = state()
    for user in (setup["editor"], city_official):
        response = report(client_for(user), setup["counted_period"])
        assert response.status_code == 400
        assert (
            "Ppuri 기록(뿌리기업 채용 인원)에서 집계되므로 직접 입력할 수 없습니다"
            in response.content.decode()
        )
    assert state() == before
    response = client_for(city_official).get(report_url(setup["counted_period"]))
    assert response.status_code == 302 and response["Location"] == setup["counted"].get_absolute_url()
    page = client_for(city_official).get(setup["counted"].get_absolute_url()).content.decode()
    assert f'data-testid="report-{setup["counted_period"].pk}"' not in page


# --- bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"actual": "-3"}, "actual", "실적: 0 이상이어야 합니다."),
        ({"actual": "삼십"}, "actual", "숫자로 적어 주세요"),
        ({"actual": ""}, "actual", "이 항목을 입력해 주세요."),
        ({"actual": "10" * 10}, "actual", "실적: 너무 큰 수입니다."),
        ({"evidence": "   "}, "evidence", "증빙 설명을 적어 주세요"),
        (
            {"evidence_file": SimpleUploadedFile("보고서.txt", b"plain text")},
            "evidence_file",
            "PDF, STEP, DXF",
        ),
        (
            {"evidence_file": SimpleUploadedFile("보고서.pdf", b"\x89PNG\r\n\x1a\n....")},
            "evidence_file",
            "PDF",
        ),
        (
            {"evidence_file": SimpleUploadedFile("도면.dxf", b"0\nSECTION\n2\nHEADER\n")},
            "evidence_file",
            "증빙 파일은 PDF, PNG, JPEG만 올릴 수 있습니다.",
        ),
    ],
)
def test_bad_reports_are_refused_at_their_field(setup, data, field, message):
    before = state()
    response = report(client_for(setup["editor"]), setup["period"], **data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors and message in " ".join(form.errors[field]), form.errors
    assert state() == before


def test_a_period_not_yet_started_takes_no_actual(setup):
    agreement = setup["agreement"]
    _commitment, (later,) = build.commitment(
        agreement,
        setup["partner"],
        Measure.MANUAL,
        code="4",
        periods=((date(2023, 1, 1), date(2023, 12, 31), 9),),
    )
    before = state()
    response = report(client_for(setup["editor"]), later)
    assert response.status_code == 400 and "기간이 시작되기 전에는" in response.content.decode()
    assert state() == before


# --- the staff's forms ------------------------------------------------------------------------------------


def test_the_staff_create_an_agreement_with_a_partner_its_editors_a_commitment_and_a_period(city_official):
    staff = client_for(city_official)
    editor = UserFactory(username="kicox-editor", role=Role.COMPANY, email="editor@kicox.example")
    response = staff.post(
        reverse("programs:agreement_create"),
        {"slug": "namdong-2021", "title": "남동산단 재생 협약", "signed_on": "2021-04-01", "public": "on"},
    )
    agreement = Agreement.objects.get(slug="namdong-2021")
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    response = staff.post(
        reverse("programs:partner_add", args=[agreement.pk]),
        {"name": "한국산업단지공단", "role": "재생사업 시행", "editors": "editor@KICOX.example"},
    )
    assert response.status_code == 302
    partner = agreement.partners.get()
    assert list(partner.editors.all()) == [editor]
    response = staff.post(
        reverse("programs:commitment_create", args=[agreement.pk]),
        {"partner": partner.pk, "code": "1", "title": "주차장 조성", "indicator": "주차면 수", "unit": "면",
         "baseline": "0", "measure": "manual", "verification": "verified", "public": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    commitment = agreement.commitments.get()
    response = staff.post(
        reverse("programs:period_add", args=[commitment.pk]),
        {"label": "2021년", "starts_on": "2021-01-01", "ends_on": "2021-12-31", "target": "1,200"},
    )
    assert response.status_code == 302 and commitment.periods.get().target == 1200
    period = commitment.periods.get()
    response = staff.post(
        reverse("programs:period_edit", args=[commitment.pk, period.pk]),
        {"label": "2021년", "starts_on": "2021-01-01", "ends_on": "2021-12-31", "target": "1500"},
    )
    assert response.status_code == 302
    entry = ActivityLog.objects.get(verb="programs.period.updated")
    assert entry.data["changed"] == {"target": [1200, 1500]}
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {"programs.agreement.created", "programs.partner.added", "programs.commitment.created",
            "programs.period.added"} <= verbs  # fmt: skip
    # The partner's editor now reports the commitment's actual.
    assert report(client_for(editor), period, actual="300").status_code == 302


def test_editors_are_existing_accounts_named_by_username_or_email(setup, city_official):
    url = reverse("programs:partner_edit", args=[setup["agreement"].pk, setup["partner"].pk])
    before = state()
    response = client_for(city_official).post(
        url, {"name": "인천테크노파크", "editors": "itp-editor, nobody@nowhere.example, ghost"}
    )
    assert response.status_code == 400
    assert "계정이 없습니다: nobody@nowhere.example, ghost" in " ".join(
        response.context["form"].errors["editors"]
    )
    assert state() == before
    response = client_for(city_official).post(url, {"name": "인천테크노파크", "editors": "kitech-editor"})
    assert response.status_code == 302
    assert list(setup["partner"].editors.values_list("username", flat=True)) == ["kitech-editor"]
    changed = ActivityLog.objects.get(verb="programs.partner.updated").data["changed"]
    assert changed == {"editors": [["itp-editor"], ["kitech-editor"]]}
    # The former editor reports no more.
    assert report(client_for(setup["editor"]), setup["period"]).status_code == 403


@pytest.mark.parametrize(
    ("url_name", "data", "field", "message"),
    [
        (
            "agreement_create",
            {"slug": "incheon-root-2019", "title": "중복", "signed_on": "2022-01-01"},
            "slug",
            "이미",
        ),
        (
            "agreement_create",
            {"slug": "x", "title": "x", "signed_on": "2022-01-02", "ends_on": "2022-01-01"},
            "ends_on",
            "종료일은 체결일보다 앞설 수 없습니다.",
        ),
        ("partner_add", {"name": "한국생산기술연구원"}, "name", "같은 이름의 기관이 이미 있습니다."),
        (
            "partner_add",
            {"name": "새 기관", "organization": "없는 기관"},
            "organization",
            "이 이름의 등록 기관이 없습니다.",
        ),
        (
            "commitment_create",
            {
                "code": "1",
                "title": "x",
                "indicator": "x",
                "unit": "명",
                "measure": "manual",
                "verification": "verified",
            },
            "code",
            "같은 번호의 약속이 이미 있습니다.",
        ),
        (
            "commitment_create",
            {
                "code": "7",
                "title": "x",
                "indicator": "x",
                "unit": "명",
                "measure": "manual",
                "verification": "verified",
                "baseline": "-1",
            },
            "baseline",
            "0 이상이어야",
        ),
        (
            "period_add",
            {"label": "x", "starts_on": "2022-02-01", "ends_on": "2022-01-01"},
            "ends_on",
            "앞설 수 없습니다",
        ),
        (
            "period_add",
            {"label": "x", "starts_on": "2021-01-01", "ends_on": "2021-12-31"},
            "starts_on",
            "같은 날 시작하는",
        ),
        (
            "period_add",
            {"label": "x", "starts_on": "2022-01-01", "ends_on": "2022-12-31", "target": "-5"},
            "target",
            "0 이상",
        ),
        (
            "period_add",
            {"label": "x", "starts_on": "2022-01-01", "ends_on": "2022-12-31", "target": "많이"},
            "target",
            "숫자로",
        ),
        ("agreement_document_add", {"title": "협약서"}, "file", "파일을 올리거나 링크를 입력해 주세요."),
        (
            "agreement_document_add",
            {"title": "협약서", "url": "https://a.example", "file": "FILE"},
            "url",
            "하나만",
        ),
    ],
)
def test_the_staffs_bad_input_is_refused_at_its_field(setup, city_official, url_name, data, field, message):
    args = {
        "agreement_create": [],
        "partner_add": [setup["agreement"].pk],
        "commitment_create": [setup["agreement"].pk],
        "period_add": [setup["manual"].pk],
        "agreement_document_add": [setup["agreement"].pk],
    }[url_name]
    data = dict(data)
    if url_name == "commitment_create":
        data["partner"] = setup["partner"].pk
    if data.get("file") == "FILE":
        data["file"] = SimpleUploadedFile("협약서.pdf", PDF)
    before = state()
    response = client_for(city_official).post(reverse(f"programs:{url_name}", args=args), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert state() == before


def test_the_staff_add_documents_by_file_or_link(setup, city_official, client):
    agreement = setup["agreement"]
    staff = client_for(city_official)
    url = reverse("programs:agreement_document_add", args=[agreement.pk])
    upload = SimpleUploadedFile("협약서.pdf", PDF, content_type="application/pdf")
    assert (
        staff.post(
            url, {"title": "협약서", "file": upload, "public": "on", "dated": "2020-12-01"}
        ).status_code
        == 302
    )
    assert (
        staff.post(url, {"title": "보도자료", "url": "https://www.incheon.go.kr/news/1"}).status_code == 302
    )
    signed, linked = agreement.documents.order_by("pk")
    public_page = client.get(agreement.get_absolute_url()).content.decode()
    assert "협약서" in public_page and "보도자료" not in public_page  # not public: the staff's
    download = reverse("programs:agreement_document", args=[agreement.pk, signed.pk])
    assert client.get(download).status_code == 200
    assert (
        client.get(reverse("programs:agreement_document", args=[agreement.pk, linked.pk])).status_code == 404
    )
    bad = SimpleUploadedFile("협약서.pdf", b"MZ\x90\x00 not a pdf")
    before = state()
    response = staff.post(url, {"title": "가짜", "file": bad})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert state() == before
