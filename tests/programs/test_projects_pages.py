"""A project's pages: what each viewer sees (the public the totals, the staff also the lines, the
history and the forms), every form's refusal shown at its field with nothing written, every write
refused to anyone but the programme's staff, the designation bid in English, and a bounded number of
queries whatever the project's size."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ppuri.core.models import AccessRecord
from ppuri.programs.models import BudgetChange, BudgetLine, Document, Milestone, Output, Project, SubProject
from ppuri.programs.services import project_progress as progress
from ppuri.programs.services import projects as services
from tests.conftest import client_for, count_queries
from tests.programs.projects_setup import EOK, build_namdong, build_seobu, line

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def state() -> tuple:
    return tuple(
        list(model.objects.order_by("pk").values())
        for model in (Project, SubProject, BudgetLine, BudgetChange, Milestone, Output, Document)
    )


@pytest.fixture
def namdong(city_official):
    return build_namdong(city_official)


@pytest.fixture
def staff(city_official):
    return client_for(city_official)


def page(client, project) -> str:
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- what each viewer sees ------------------------------------------------------------------------


def test_the_public_reads_the_totals_but_no_lines(client, namdong):
    html = page(client, namdong)
    assert 'data-testid="budget"' in html
    assert "4,900,000,000" in html  # the budget in force
    assert "2,350,000,000" in html  # executed
    assert "48.0%" in html  # the execution rate
    assert "2,550,000,000" in html  # the variance
    assert 'data-testid="by-subproject"' in html and 'data-testid="by-source"' in html
    assert 'data-testid="by-year"' in html
    assert 'data-testid="budget-lines"' not in html and 'data-testid="changes"' not in html
    assert 'data-testid="line-form' not in html and 'data-testid="staff"' not in html
    assert "250,000,000" not in html  # one line's executed amount, in no total


@pytest.mark.parametrize("who", ["supplier_admin", "seeker", "expert"])
def test_signed_in_outsiders_see_no_lines_either(request, namdong, who):
    html = page(client_for(request.getfixturevalue(who)), namdong)
    assert "48.0%" in html
    assert 'data-testid="budget-lines"' not in html and 'data-testid="staff"' not in html


def test_the_staff_read_the_lines_and_the_history(staff, city_official, namdong):
    target = line(namdong, "공영주차장 조성", "national", 2023)
    services.budget_line_update(
        actor=city_official,
        line=target,
        approved=target.approved,
        revised=None,
        contracted=target.contracted,
        executed=7 * EOK,
        reason="2차 기성 지급",
    )
    html = page(staff, namdong)
    assert f'data-testid="line-{target.pk}"' in html and f'data-testid="line-form-{target.pk}"' in html
    assert 'data-testid="changes"' in html and "2차 기성 지급" in html
    assert "600,000,000" in html and "700,000,000" in html


def test_a_hidden_project_is_a_404_to_the_public(client, supplier_admin, city_official, staff):
    hidden = build_namdong(city_official, slug="hidden", public=False)
    for outsider in (client, client_for(supplier_admin)):
        assert outsider.get(hidden.get_absolute_url()).status_code == 404
        listed = outsider.get(reverse("programs:projects")).content.decode()
        assert hidden.title not in listed and f"project-row-{hidden.pk}" not in listed
    assert staff.get(hidden.get_absolute_url()).status_code == 200


def test_the_list_shows_the_visible_projects_with_their_totals(client, namdong, city_official):
    hidden = build_namdong(city_official, slug="hidden-one", public=False)
    html = client.get(reverse("programs:projects")).content.decode()
    assert f'data-testid="project-row-{namdong.pk}"' in html
    assert f'data-testid="project-row-{hidden.pk}"' not in html
    assert "4,900,000,000" in html and "48.0%" in html and "<caption" in html


def test_synthetic_figures_carry_a_banner(client, namdong, city_official):
    assert 'data-testid="synthetic-banner"' in page(client, namdong)
    assert "가상 자료" in page(client, namdong)
    real = build_namdong(city_official, slug="real", synthetic=False)
    assert 'data-testid="synthetic-banner"' not in page(client, real)


def test_tables_have_captions_and_header_scopes(client, namdong):
    html = page(client, namdong)
    assert html.count("<table") == html.count("<caption")
    assert 'scope="col"' in html and 'scope="row"' in html


def test_only_public_documents_reach_the_public(client, staff, city_official, namdong):
    public = progress.document_add(
        actor=city_official,
        project=namdong,
        title="재생사업 기본계획",
        upload=SimpleUploadedFile("plan.pdf", PDF),
        public=True,
    )
    private = progress.document_add(
        actor=city_official,
        project=namdong,
        title="보상 협의 내부 자료",
        upload=SimpleUploadedFile("memo.pdf", PDF),
    )
    html = page(client, namdong)
    assert "재생사업 기본계획" in html and "보상 협의 내부 자료" not in html
    download = reverse("programs:project_document", args=[namdong.pk, public.pk])
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert AccessRecord.objects.filter(target_id=str(public.pk)).exists()
    assert client.get(reverse("programs:project_document", args=[namdong.pk, private.pk])).status_code == 404
    assert "보상 협의 내부 자료" in page(staff, namdong)
    assert staff.get(reverse("programs:project_document", args=[namdong.pk, private.pk])).status_code == 200


def test_a_document_under_another_projects_address_is_a_404(client, city_official, namdong):
    other = build_namdong(city_official, slug="other", lines=[])
    document = progress.document_add(
        actor=city_official, project=other, title="계획", upload=SimpleUploadedFile("a.pdf", PDF), public=True
    )
    assert client.get(reverse("programs:project_document", args=[namdong.pk, document.pk])).status_code == 404


def test_the_designation_bid_is_a_milestone_plan_without_a_budget(client, city_official):
    seobu = build_seobu(city_official)
    html = page(client, seobu)
    assert 'data-testid="budget"' not in html
    assert "지정 신청" in html and "산업통상자원부 검토" in html and "지정 결정" in html
    assert "경제자유구역 지정 신청서(요약)" in html  # the public document beside its step
    assert "투자 협의 내부 메모" not in html
    application = seobu.milestones.get(title="지정 신청")
    assert f'data-testid="delay-{application.pk}">+4<' in html  # 2024-03-29 planned, done 2024-04-02


def test_the_designation_bid_reads_in_english(city_official):
    seobu = build_seobu(city_official)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page(client, seobu)
    assert "Seobu complex free economic zone designation" in html
    assert "foreign investment" in html
    assert "Application" in html and "Review by the ministry" in html and "Decision" in html
    assert "서부산단 경제자유구역 지정 추진" not in html


def test_the_regeneration_shows_milestone_delays_and_outputs(client, city_official, namdong):
    parking = namdong.subprojects.get(category="parking")
    progress.milestone_add(
        actor=city_official,
        project=namdong,
        data=progress.MilestoneInput(title="주차장 준공", planned_on=date(2024, 3, 31), subproject=parking),
    )
    step = namdong.milestones.get()
    progress.milestone_record_outcome(
        actor=city_official, milestone=step, outcome="done", actual_on=date(2024, 5, 10)
    )
    output = progress.output_add(
        actor=city_official, project=namdong, subproject=parking, indicator="주차면", unit="면", target=450
    )
    progress.output_update(actor=city_official, output=output, target=450, actual=300, as_of=None)
    html = page(client, namdong)
    assert f'data-testid="delay-{step.pk}">+40<' in html
    assert "66.7%" in html and "주차면" in html


# --- writes through the page ----------------------------------------------------------------------


def line_post(target, **changes):
    values = {
        "approved": target.approved,
        "revised": "" if target.revised is None else target.revised,
        "contracted": target.contracted,
        "executed": target.executed,
        "reason": "3분기 기성 지급",
        **changes,
    }
    return {f"line-{target.pk}-{k}": v for k, v in values.items()}


def test_the_staff_change_a_lines_executed_amount_with_a_reason(staff, city_official, namdong):
    target = line(namdong, "공영주차장 조성", "national", 2023)
    url = reverse("programs:budget_line_edit", args=[namdong.pk, target.pk])
    response = staff.post(url, line_post(target, executed="700,000,000원"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.executed == 7 * EOK
    change = BudgetChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.changed_by) == (
        "executed",
        str(6 * EOK),
        str(7 * EOK),
        city_official,
    )
    assert "2,450,000,000" in page(staff, namdong)  # the project's executed total moved with the line


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"reason": ""}, "reason", "사유"),
        ({"executed": 11 * EOK}, "executed", "예산현액"),
        ({"contracted": 11 * EOK}, "contracted", "예산현액"),
        ({"revised": 5 * EOK}, "executed", "예산현액"),
        ({"executed": "abc"}, "executed", ""),
        ({"executed": "-5"}, "executed", ""),
        ({"approved": "9" * 20}, "approved", ""),
    ],
)
def test_a_refused_line_change_comes_back_at_its_field(staff, namdong, changes, field, says):
    target = line(namdong, "공영주차장 조성", "national", 2023)
    before = state()
    response = staff.post(
        reverse("programs:budget_line_edit", args=[namdong.pk, target.pk]),
        line_post(target, **{"executed": target.executed + 1, **changes}),
    )
    assert response.status_code == 400
    form = response.context["line_forms"][target.pk]
    assert field in form.errors and says in " ".join(form.errors[field])
    assert state() == before


def test_a_line_of_another_project_is_a_404(staff, city_official, namdong):
    other = build_namdong(city_official, slug="other")
    foreign = line(other, "공영주차장 조성", "national", 2023)
    before = state()
    response = staff.post(
        reverse("programs:budget_line_edit", args=[namdong.pk, foreign.pk]), line_post(foreign, executed=1)
    )
    assert response.status_code == 404
    assert state() == before


def add_forms(namdong):
    parking = namdong.subprojects.get(category="parking")
    step = Milestone.objects.create(project=namdong, title="준공", planned_on=date(2024, 1, 31))
    output = Output.objects.create(subproject=parking, indicator="주차면", unit="면", target=450)
    return parking, step, output


# Each form's good input (status 302 and a row more) and bad inputs (400, the field named, nothing written).
def form_cases(namdong):
    parking, step, output = add_forms(namdong)
    pk = namdong.pk
    return {
        "subproject_add": (
            reverse("programs:subproject_add", args=[pk]),
            {"sub-title": "도로 정비", "sub-category": "road"},
            [
                ({"sub-title": ""}, "subproject_form", "title"),
                ({"sub-title": "공영주차장 조성"}, "subproject_form", "title"),
            ],
            None,
        ),
        "budget_line_add": (
            reverse("programs:budget_line_add", args=[pk]),
            {
                "line-subproject": parking.pk,
                "line-source": "district",
                "line-year": "2024",
                "line-approved": "200,000,000",
                "line-contracted": "0",
                "line-executed": "0",
            },
            [
                ({"line-approved": "abc"}, "line_form", "approved"),
                ({"line-executed": "300000000"}, "line_form", "executed"),
                ({"line-source": "lottery"}, "line_form", "source"),
                ({"line-year": "1800"}, "line_form", "year"),
                ({"line-source": "national"}, "line_form", "source"),  # exists
                ({"line-subproject": "999999"}, "line_form", "subproject"),
            ],
            None,
        ),
        "milestone_add": (
            reverse("programs:milestone_add", args=[pk]),
            {"ms-title": "착공", "ms-planned_on": "2024-03-01"},
            [
                ({"ms-planned_on": "내일"}, "milestone_form", "planned_on"),
                ({"ms-title": ""}, "milestone_form", "title"),
            ],
            None,
        ),
        "milestone_outcome": (
            reverse("programs:milestone_outcome", args=[pk, step.pk]),
            {f"ms-{step.pk}-outcome": "done", f"ms-{step.pk}-actual_on": "2024-02-10"},
            [
                ({f"ms-{step.pk}-actual_on": ""}, "outcome_forms", "actual_on"),
                ({f"ms-{step.pk}-actual_on": "2999-01-01"}, "outcome_forms", "actual_on"),
                ({f"ms-{step.pk}-outcome": "won"}, "outcome_forms", "outcome"),
            ],
            step.pk,
        ),
        "output_add": (
            reverse("programs:output_add", args=[pk]),
            {
                "out-subproject": parking.pk,
                "out-indicator": "정비 도로",
                "out-unit": "m",
                "out-target": "800",
            },
            [({"out-target": "-1"}, "output_form", "target"), ({"out-unit": ""}, "output_form", "unit")],
            None,
        ),
        "output_update": (
            reverse("programs:output_update", args=[pk, output.pk]),
            {f"out-{output.pk}-target": "450", f"out-{output.pk}-actual": "120"},
            [({f"out-{output.pk}-actual": "many"}, "output_forms", "actual")],
            output.pk,
        ),
        "document_add": (
            reverse("programs:project_document_add", args=[pk]),
            {"doc-title": "보도자료", "doc-url": "https://www.incheon.go.kr/", "doc-public": "on"},
            [
                ({"doc-url": ""}, "document_form", "file"),
                ({"doc-url": "not a url"}, "document_form", "url"),
                ({"doc-title": ""}, "document_form", "title"),
                ({"doc-file": "bad"}, "document_form", "file"),
            ],
            None,
        ),
    }


def form_error(response, name, field, key):
    forms = response.context[name]
    form = forms[key] if isinstance(forms, dict) else forms
    return form.errors.get(field)


@pytest.mark.parametrize(
    "case",
    [
        "subproject_add",
        "budget_line_add",
        "milestone_add",
        "milestone_outcome",
        "output_add",
        "output_update",
        "document_add",
    ],
)
def test_every_form_on_the_project_page_refuses_bad_input_at_its_field(staff, namdong, case):
    url, good, bad_inputs, key = form_cases(namdong)[case]
    for bad, name, field in bad_inputs:
        data = {**good, **bad}
        if data.get("doc-file") == "bad":
            data["doc-file"] = SimpleUploadedFile("plan.pdf", b"MZ not a pdf")
        before = state()
        response = staff.post(url, data)
        assert response.status_code == 400, (case, bad)
        assert form_error(response, name, field, key), (case, bad, field)
        assert state() == before
    before = state()
    assert staff.post(url, good).status_code == 302, case
    assert state() != before


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("supplier_admin", 403), ("seeker", 403), ("expert", 403)]
)
def test_nobody_but_the_staff_writes_through_the_pages(request, namdong, who, expected):
    client = client_for(request.getfixturevalue(who)) if who else Client()
    target = line(namdong, "공영주차장 조성", "national", 2023)
    cases = form_cases(namdong)
    posts = [(url, good) for url, good, _bad, _key in cases.values()]
    posts += [
        (
            reverse("programs:budget_line_edit", args=[namdong.pk, target.pk]),
            line_post(target, executed=7 * EOK),
        ),
        (
            reverse("programs:project_create"),
            {"slug": "x", "kind": "other", "title": "x", "status": "active"},
        ),
        (reverse("programs:project_edit", args=[namdong.pk]), {"slug": "x", "kind": "other", "title": "x"}),
        (
            reverse("programs:subproject_edit", args=[namdong.pk, target.subproject_id]),
            {"title": "x", "category": "other"},
        ),
        (
            reverse("programs:milestone_edit", args=[namdong.pk, namdong.milestones.get().pk]),
            {"title": "x", "planned_on": "2025-01-01", "reason": "x"},
        ),
    ]
    before = state()
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == expected, url
        if expected == 302:
            assert "/accounts/login/" in response["Location"]
    assert state() == before


def test_the_edit_pages(staff, city_official, namdong):
    parking, step, _output = add_forms(namdong)
    edit = reverse("programs:project_edit", args=[namdong.pk])
    assert staff.get(edit).status_code == 200
    fields = {
        "slug": namdong.slug,
        "kind": "regeneration",
        "title": "남동산단 재생사업",
        "status": "active",
        "announced_budget": "32,000,000,000",
        "public": "on",
    }
    before = state()
    response = staff.post(edit, fields)  # the announced budget moved without a reason
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    response = staff.post(edit, {**fields, "slug": "빈 칸"})
    assert response.status_code == 400 and "slug" in response.context["form"].errors
    assert state() == before
    assert staff.post(edit, {**fields, "reason": "국비 추가"}).status_code == 302
    namdong.refresh_from_db()
    assert namdong.announced_budget == 320 * EOK and not namdong.synthetic

    sub_edit = reverse("programs:subproject_edit", args=[namdong.pk, parking.pk])
    response = staff.post(sub_edit, {"title": "문화·편의시설 조성", "category": "parking"})
    assert response.status_code == 400 and "title" in response.context["form"].errors
    assert staff.post(sub_edit, {"title": "공영주차장", "category": "parking"}).status_code == 302

    ms_edit = reverse("programs:milestone_edit", args=[namdong.pk, step.pk])
    response = staff.post(ms_edit, {"title": "준공", "planned_on": "2024-04-30"})
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    assert (
        staff.post(ms_edit, {"title": "준공", "planned_on": "2024-04-30", "reason": "우기"}).status_code
        == 302
    )
    assert BudgetChange.objects.filter(field="planned_on", reason="우기").exists()

    create = reverse("programs:project_create")
    assert staff.get(create).status_code == 200
    response = staff.post(create, {"slug": "", "kind": "other", "title": "", "status": "active"})
    assert response.status_code == 400 and {"slug", "title"} <= set(response.context["form"].errors)
    response = staff.post(create, {"slug": "juan", "kind": "other", "title": "주안", "status": "active"})
    assert response.status_code == 302 and Project.objects.filter(slug="juan", public=False).exists()


def test_a_subproject_of_another_project_is_a_404(staff, city_official, namdong):
    other = build_namdong(city_official, slug="other", lines=[])
    foreign = other.subprojects.first()
    url = reverse("programs:subproject_edit", args=[namdong.pk, foreign.pk])
    assert staff.get(url).status_code == 404


# --- queries --------------------------------------------------------------------------------------


def grow(project, actor, n):
    """n more sub-projects, each with three lines, a milestone, an output and a document."""
    for i in range(n):
        subproject = services.subproject_add(
            actor=actor, project=project, data=services.SubProjectInput(title=f"추가 세부사업 {i}")
        )
        for source in ("national", "city", "district"):
            services.budget_line_create(
                actor=actor, subproject=subproject, source=source, year=2024, approved=EOK, executed=EOK // 2
            )
        step = progress.milestone_add(
            actor=actor,
            project=project,
            data=progress.MilestoneInput(
                title=f"단계 {i}", planned_on=date(2024, 1, 1), subproject=subproject
            ),
        )
        progress.output_add(
            actor=actor, project=project, subproject=subproject, indicator=f"산출물 {i}", unit="곳", target=3
        )
        progress.document_add(
            actor=actor,
            project=project,
            title=f"문서 {i}",
            url="https://a.example/",
            public=True,
            milestone=step,
        )


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_the_project_page_makes_a_bounded_number_of_queries(city_official, who):
    client = Client() if who == "anonymous" else client_for(city_official)
    small = build_namdong(city_official, slug="small")
    large = build_namdong(city_official, slug="large")
    grow(large, city_official, 8)
    small_count = count_queries(client, small.get_absolute_url())
    large_count = count_queries(client, large.get_absolute_url())
    assert large_count == small_count
    # 9 and 19 when written: the project, its sub-projects, four aggregates, milestones, outputs and
    # documents; for the staff also the lines, the history and the forms' choices (and the session).
    assert small_count <= (15 if who == "anonymous" else 30)


def test_the_project_list_makes_a_bounded_number_of_queries(client, city_official):
    build_namdong(city_official, slug="one")
    few = count_queries(client, reverse("programs:projects"))
    for i in range(5):
        build_namdong(city_official, slug=f"more-{i}")
    assert count_queries(client, reverse("programs:projects")) == few
