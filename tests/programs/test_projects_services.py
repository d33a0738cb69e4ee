"""Projects through their services: who may write (the programme's staff only), what each refusal says
and where (the field it names), and that a refused write leaves nothing behind — no half-saved line, no
change row, no log entry. Every change of a line's phase after creation needs a reason and leaves one
change row per figure."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ppuri.core import clock
from ppuri.core.models import ActivityLog
from ppuri.programs.models import BudgetChange, BudgetLine, Document, Milestone, Output, Project, SubProject
from ppuri.programs.services import project_progress as progress
from ppuri.programs.services import projects as services
from tests.programs.projects_setup import ANNOUNCED, EOK, build_namdong, build_seobu, line

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


def state() -> tuple:
    """Every row a project write may touch."""
    return tuple(
        list(model.objects.order_by("pk").values())
        for model in (Project, SubProject, BudgetLine, BudgetChange, Milestone, Output, Document, ActivityLog)
    )


@pytest.fixture
def namdong(city_official):
    return build_namdong(city_official)


@pytest.fixture
def parking_national(namdong):
    return line(namdong, "공영주차장 조성", "national", 2023)


def update(actor, target, reason="3분기 기성금 지급", **changes):
    phases = {name: getattr(target, name) for name in BudgetLine.PHASES}
    return services.budget_line_update(actor=actor, line=target, reason=reason, **{**phases, **changes})


# --- budget_line_update ---------------------------------------------------------------------------


def test_a_phase_change_writes_one_change_row_per_figure(city_official, parking_national):
    update(city_official, parking_national, executed=7 * EOK, contracted=9 * EOK, reason="2차 기성 지급")

    parking_national.refresh_from_db()
    assert (parking_national.contracted, parking_national.executed) == (9 * EOK, 7 * EOK)
    rows = {c.field: c for c in BudgetChange.objects.filter(budget_line=parking_national)}
    assert set(rows) == {"contracted", "executed"}
    assert (rows["executed"].old_value, rows["executed"].new_value) == (str(6 * EOK), str(7 * EOK))
    assert (rows["contracted"].old_value, rows["contracted"].new_value) == (str(8 * EOK), str(9 * EOK))
    for row in rows.values():
        assert row.reason == "2차 기성 지급" and row.changed_by == city_official
        assert row.project == parking_national.subproject.project
        assert row.what == str(parking_national)
    entry = ActivityLog.objects.get(verb="programs.budget_line.updated")
    assert set(entry.summaries) == {"ko", "en"} and "2차 기성 지급" in entry.summaries["ko"]
    assert entry.data["changed"] == {"contracted": [8 * EOK, 9 * EOK], "executed": [6 * EOK, 7 * EOK]}


def test_a_revision_is_recorded_and_clearing_it_returns_to_the_approved_budget(
    city_official, parking_national
):
    update(city_official, parking_national, revised=12 * EOK, reason="추경 반영")
    update(city_official, parking_national, revised=None, reason="추경 취소")

    changes = BudgetChange.objects.filter(budget_line=parking_national).order_by("pk")
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("revised", "", str(12 * EOK)),
        ("revised", str(12 * EOK), ""),
    ]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_change_needs_a_reason(city_official, parking_national, reason):
    before = state()
    with pytest.raises(ValidationError) as refused:
        update(city_official, parking_national, executed=7 * EOK, reason=reason)
    assert list(refused.value.message_dict) == ["reason"]
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"executed": 10 * EOK + 1}, "executed"),  # above the approved 10억 (never revised)
        ({"contracted": 11 * EOK}, "contracted"),
        ({"revised": 5 * EOK}, "executed"),  # a revision below what was already executed (6억)
        ({"approved": 5 * EOK}, "executed"),
        ({"executed": -1}, "executed"),
        ({"approved": 10**16}, "approved"),
        ({"executed": "많이"}, "executed"),
    ],
)
def test_amounts_beyond_the_budget_in_force_are_refused_at_their_field(
    city_official, parking_national, changes, field
):
    before = state()
    with pytest.raises(ValidationError) as refused:
        update(city_official, parking_national, **changes)
    assert field in refused.value.message_dict
    assert state() == before


def test_the_refusal_names_the_amounts_and_the_budget(city_official, parking_national):
    with pytest.raises(ValidationError) as refused:
        update(city_official, parking_national, executed=11 * EOK)
    message = refused.value.message_dict["executed"][0]
    assert "1,100,000,000" in message and "1,000,000,000" in message and "편성액" in message


def test_executing_within_a_raised_revision_is_allowed(city_official, parking_national):
    update(city_official, parking_national, revised=12 * EOK, executed=11 * EOK, reason="추경 후 집행")
    parking_national.refresh_from_db()
    assert (parking_national.current, parking_national.executed) == (12 * EOK, 11 * EOK)
    assert BudgetChange.objects.filter(budget_line=parking_national).count() == 2


def test_an_update_without_a_change_is_refused(city_official, parking_national):
    before = state()
    with pytest.raises(ValidationError):
        update(city_official, parking_national)
    assert state() == before


def test_the_databases_refusal_becomes_the_same_field_error(city_official, namdong, parking_national):
    """The check constraint and the unique line are the database's: should a write pass the service's
    checks and still be refused there (two officials at once), the refusal names the field too."""
    parking = parking_national.subproject
    over = BudgetLine(subproject=parking, source="district", year=2024, approved=EOK, executed=2 * EOK)
    twin = BudgetLine(subproject=parking, source="national", year=2023, approved=EOK)
    before = state()
    for row, field in ((over, "executed"), (twin, "source")):
        with pytest.raises(ValidationError) as refused:
            services._save_line(row)
        assert list(refused.value.message_dict) == [field]
    assert state() == before


# --- budget_line_create ---------------------------------------------------------------------------


def test_a_new_line_within_its_budget_is_saved_and_logged(city_official, namdong):
    subproject = namdong.subprojects.get(category="parking")
    created = services.budget_line_create(
        actor=city_official, subproject=subproject, source="district", year=2024, approved=2 * EOK
    )
    assert (created.approved, created.revised, created.contracted, created.executed) == (2 * EOK, None, 0, 0)
    assert ActivityLog.objects.filter(verb="programs.budget_line.created", target_id=str(created.pk)).exists()
    assert not BudgetChange.objects.filter(budget_line=created).exists()  # creation is not a change


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"executed": 3 * EOK}, "executed"),
        ({"contracted": 3 * EOK}, "contracted"),
        ({"revised": EOK, "executed": 2 * EOK}, "executed"),
        ({"approved": -5}, "approved"),
        ({"source": "lottery"}, "source"),
        ({"year": 1999}, "year"),
        ({"year": 2024, "source": "national"}, "source"),  # the line exists already
    ],
)
def test_a_bad_new_line_is_refused_at_its_field(city_official, namdong, values, field):
    subproject = namdong.subprojects.get(category="parking")
    before = state()
    arguments = {"source": "district", "year": 2024, "approved": 2 * EOK, **values}
    with pytest.raises(ValidationError) as refused:
        services.budget_line_create(actor=city_official, subproject=subproject, **arguments)
    assert field in refused.value.message_dict
    assert state() == before


def test_a_designation_bid_has_no_budget_lines(city_official):
    seobu = build_seobu(city_official)
    subproject = services.subproject_add(
        actor=city_official, project=seobu, data=services.SubProjectInput(title="지정 신청 준비")
    )
    with pytest.raises(ValidationError):
        services.budget_line_create(
            actor=city_official, subproject=subproject, source="city", year=2024, approved=EOK
        )
    assert not BudgetLine.objects.filter(subproject__project=seobu).exists()


# --- projects and sub-projects --------------------------------------------------------------------


def project_data(**changes) -> services.ProjectInput:
    data = {
        "slug": "juan-regeneration",
        "title": "주안산단 구조고도화",
        "announced_budget": 50 * EOK,
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2027, 12, 31),
    }
    return services.ProjectInput(**{**data, **changes})


def test_a_project_is_created_and_logged(operator):
    project = services.project_create(actor=operator, data=project_data(title="  주안산단 구조고도화 "))
    assert project.title == "주안산단 구조고도화" and project.public and not project.synthetic
    assert ActivityLog.objects.filter(verb="programs.project.created", target_id=str(project.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"slug": ""}, "slug"),
        ({"slug": "공백 있는 식별자"}, "slug"),
        ({"slug": "namdong-regeneration"}, "slug"),  # taken
        ({"ends_on": date(2024, 12, 31)}, "ends_on"),
        ({"announced_budget": -1}, "announced_budget"),
        ({"kind": "casino"}, "kind"),
        ({"status": "forgotten"}, "status"),
    ],
)
def test_a_bad_project_is_refused_at_its_field(operator, namdong, changes, field):
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.project_create(actor=operator, data=project_data(**changes))
    assert field in refused.value.message_dict
    assert state() == before


def test_changing_the_announced_budget_needs_a_reason_and_is_recorded(city_official, namdong):
    data = project_data(slug=namdong.slug, title=namdong.title, announced_budget=320 * EOK)
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.project_update(actor=city_official, project=namdong, data=data)
    assert list(refused.value.message_dict) == ["reason"]
    assert state() == before

    services.project_update(actor=city_official, project=namdong, data=data, reason="국비 추가 확보")
    namdong.refresh_from_db()
    assert namdong.announced_budget == 320 * EOK and namdong.starts_on == date(2025, 1, 1)
    change = BudgetChange.objects.get(field="announced_budget")
    assert (change.old_value, change.new_value, change.reason) == (
        str(ANNOUNCED),
        str(320 * EOK),
        "국비 추가 확보",
    )


def test_editing_a_project_without_touching_its_budget_needs_no_reason(city_official, namdong):
    data = project_data(slug=namdong.slug, title="남동산단 재생사업(1단계)", announced_budget=ANNOUNCED)
    services.project_update(actor=city_official, project=namdong, data=data)
    namdong.refresh_from_db()
    assert namdong.title == "남동산단 재생사업(1단계)"
    assert not BudgetChange.objects.exists()


def test_a_subprojects_title_is_unique_in_its_project(city_official, namdong):
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.subproject_add(
            actor=city_official, project=namdong, data=services.SubProjectInput(title="공영주차장 조성")
        )
    assert list(refused.value.message_dict) == ["title"]
    culture = namdong.subprojects.get(category="culture")
    with pytest.raises(ValidationError) as refused:
        services.subproject_update(
            actor=city_official, subproject=culture, data=services.SubProjectInput(title="공영주차장 조성")
        )
    assert list(refused.value.message_dict) == ["title"]
    with pytest.raises(ValidationError) as refused:
        services.subproject_add(
            actor=city_official, project=namdong, data=services.SubProjectInput(title="도로", category="sky")
        )
    assert list(refused.value.message_dict) == ["category"]
    assert state() == before

    services.subproject_update(
        actor=city_official,
        subproject=culture,
        data=services.SubProjectInput(title="문화시설", category="culture", order=5),
    )
    culture.refresh_from_db()
    assert (culture.title, culture.order) == ("문화시설", 5)


# --- milestones -----------------------------------------------------------------------------------


def test_moving_a_milestone_needs_a_reason_and_is_recorded(city_official, namdong):
    step = progress.milestone_add(
        actor=city_official,
        project=namdong,
        data=progress.MilestoneInput(title="주차장 준공", planned_on=date(2024, 6, 30)),
    )
    moved = progress.MilestoneInput(title="주차장 준공", planned_on=date(2024, 9, 30))
    before = state()
    with pytest.raises(ValidationError) as refused:
        progress.milestone_update(actor=city_official, milestone=step, data=moved)
    assert list(refused.value.message_dict) == ["reason"]
    assert state() == before

    progress.milestone_update(actor=city_official, milestone=step, data=moved, reason="부지 보상 지연")
    change = BudgetChange.objects.get(field="planned_on")
    assert (change.old_value, change.new_value, change.reason) == (
        "2024-06-30",
        "2024-09-30",
        "부지 보상 지연",
    )
    # Renaming without moving needs no reason.
    progress.milestone_update(
        actor=city_official,
        milestone=step,
        data=progress.MilestoneInput(title="공영주차장 준공", planned_on=date(2024, 9, 30)),
    )
    assert BudgetChange.objects.filter(field="planned_on").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "planned_on": date(2024, 1, 1)}, "title"),
        ({"title": "준공", "planned_on": None}, "planned_on"),
        ({"title": "x" * 201, "planned_on": date(2024, 1, 1)}, "title"),
    ],
)
def test_a_bad_milestone_is_refused_at_its_field(city_official, namdong, data, field):
    before = state()
    with pytest.raises(ValidationError) as refused:
        progress.milestone_add(actor=city_official, project=namdong, data=progress.MilestoneInput(**data))
    assert field in refused.value.message_dict
    assert state() == before


def test_a_milestone_of_another_projects_subproject_is_refused(city_official, namdong):
    other = build_namdong(city_official, slug="other", lines=[])
    foreign = other.subprojects.first()
    with pytest.raises(ValidationError) as refused:
        progress.milestone_add(
            actor=city_official,
            project=namdong,
            data=progress.MilestoneInput(title="준공", planned_on=date(2024, 1, 1), subproject=foreign),
        )
    assert list(refused.value.message_dict) == ["subproject"]


def test_a_milestones_outcome(city_official, namdong):
    step = progress.milestone_add(
        actor=city_official,
        project=namdong,
        data=progress.MilestoneInput(title="착공", planned_on=date(2024, 3, 1)),
    )
    with clock.fixed(date(2024, 5, 1)):
        for outcome, actual_on, field in [
            ("done", None, "actual_on"),  # done needs its date
            ("pending", date(2024, 4, 1), "actual_on"),
            ("done", date(2024, 5, 2), "actual_on"),  # not in the future
            ("won", date(2024, 4, 1), "outcome"),
        ]:
            before = state()
            with pytest.raises(ValidationError) as refused:
                progress.milestone_record_outcome(
                    actor=city_official, milestone=step, outcome=outcome, actual_on=actual_on
                )
            assert field in refused.value.message_dict
            assert state() == before
        progress.milestone_record_outcome(
            actor=city_official, milestone=step, outcome="done", actual_on=date(2024, 3, 20), note="착공식"
        )
    step.refresh_from_db()
    assert (step.outcome, step.actual_on, step.note) == ("done", date(2024, 3, 20), "착공식")
    assert ActivityLog.objects.filter(verb="programs.milestone.outcome").exists()


# --- outputs --------------------------------------------------------------------------------------


def test_an_output_is_added_and_updated(city_official, namdong):
    parking = namdong.subprojects.get(category="parking")
    output = progress.output_add(
        actor=city_official, project=namdong, subproject=parking, indicator="주차면", unit="면", target=450
    )
    with clock.fixed(date(2024, 7, 1)):
        progress.output_update(
            actor=city_official, output=output, target=450, actual=300, as_of=date(2024, 6, 30)
        )
    output.refresh_from_db()
    assert (output.actual, output.as_of) == (300, date(2024, 6, 30))
    entry = ActivityLog.objects.get(verb="programs.output.updated")
    assert entry.data == {"before": {"target": 450, "actual": 0}, "after": {"target": 450, "actual": 300}}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"target": -1}, "target"),
        ({"actual": -3}, "actual"),
        ({"indicator": " "}, "indicator"),
        ({"unit": ""}, "unit"),
        ({"target": "많이"}, "target"),
    ],
)
def test_a_bad_output_is_refused_at_its_field(city_official, namdong, values, field):
    parking = namdong.subprojects.get(category="parking")
    before = state()
    arguments = {"indicator": "주차면", "unit": "면", "target": 450, **values}
    with pytest.raises(ValidationError) as refused:
        progress.output_add(actor=city_official, project=namdong, subproject=parking, **arguments)
    assert field in refused.value.message_dict
    assert state() == before


def test_an_output_update_is_refused_at_its_field(city_official, namdong):
    parking = namdong.subprojects.get(category="parking")
    output = progress.output_add(
        actor=city_official, project=namdong, subproject=parking, indicator="주차면", unit="면", target=450
    )
    before = state()
    with pytest.raises(ValidationError) as refused:
        progress.output_update(actor=city_official, output=output, target=450, actual=-1, as_of=None)
    assert list(refused.value.message_dict) == ["actual"]
    with pytest.raises(ValidationError) as refused:
        progress.output_update(
            actor=city_official, output=output, target=450, actual=1, as_of=date(2999, 1, 1)
        )
    assert list(refused.value.message_dict) == ["as_of"]
    assert state() == before


# --- documents ------------------------------------------------------------------------------------


def test_a_document_is_a_checked_file_or_a_link(city_official, namdong):
    upload = SimpleUploadedFile("기본계획.pdf", PDF)
    document = progress.document_add(
        actor=city_official, project=namdong, title="재생사업 기본계획", upload=upload, public=True
    )
    assert document.file.name.endswith(".pdf") and document.public and document.uploaded_by == city_official
    link = progress.document_add(
        actor=city_official, project=namdong, title="보도자료", url="https://www.incheon.go.kr/"
    )
    assert link.url == "https://www.incheon.go.kr/" and not link.public


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({}, "file"),  # neither
        ({"url": "https://a.example/", "upload": "pdf"}, "url"),  # both
        ({"upload": "exe"}, "file"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://a.example/", "title": " "}, "title"),
    ],
)
def test_a_bad_document_is_refused_at_its_field(city_official, namdong, arguments, field):
    arguments = {"title": "문서", **arguments}
    if arguments.get("upload") == "pdf":
        arguments["upload"] = SimpleUploadedFile("a.pdf", PDF)
    elif arguments.get("upload") == "exe":
        arguments["upload"] = SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")
    before = state()
    with pytest.raises(ValidationError) as refused:
        progress.document_add(actor=city_official, project=namdong, **arguments)
    assert field in refused.value.message_dict
    assert state() == before


def test_a_document_cannot_hang_on_another_projects_milestone(city_official, namdong):
    seobu = build_seobu(city_official)
    step = seobu.milestones.first()
    with pytest.raises(ValidationError) as refused:
        progress.document_add(
            actor=city_official, project=namdong, title="문서", url="https://a.example/", milestone=step
        )
    assert list(refused.value.message_dict) == ["milestone"]


# --- who may write --------------------------------------------------------------------------------


@pytest.fixture
def outsiders(supplier_admin, seeker, expert, labor_office):
    return [AnonymousUser(), supplier_admin, seeker, expert, labor_office]


def test_only_the_programmes_staff_write(outsiders, city_official, namdong, parking_national):
    parking = namdong.subprojects.get(category="parking")
    step = progress.milestone_add(
        actor=city_official,
        project=namdong,
        data=progress.MilestoneInput(title="준공", planned_on=date(2024, 1, 1)),
    )
    output = progress.output_add(
        actor=city_official, project=namdong, subproject=parking, indicator="주차면", unit="면", target=10
    )
    writes = [
        lambda a: services.project_create(actor=a, data=project_data()),
        lambda a: services.project_update(actor=a, project=namdong, data=project_data(slug=namdong.slug)),
        lambda a: services.subproject_add(
            actor=a, project=namdong, data=services.SubProjectInput(title="도로")
        ),
        lambda a: services.subproject_update(
            actor=a, subproject=parking, data=services.SubProjectInput(title="x")
        ),
        lambda a: services.budget_line_create(
            actor=a, subproject=parking, source="district", year=2024, approved=1
        ),
        lambda a: update(a, parking_national, executed=7 * EOK),
        lambda a: progress.milestone_add(
            actor=a, project=namdong, data=progress.MilestoneInput(title="x", planned_on=date(2024, 1, 1))
        ),
        lambda a: progress.milestone_update(
            actor=a, milestone=step, data=progress.MilestoneInput(title="x", planned_on=date(2024, 1, 1))
        ),
        lambda a: progress.milestone_record_outcome(
            actor=a, milestone=step, outcome="done", actual_on=date(2024, 1, 1)
        ),
        lambda a: progress.output_add(
            actor=a, project=namdong, subproject=parking, indicator="x", unit="면", target=1
        ),
        lambda a: progress.output_update(actor=a, output=output, target=1, actual=1, as_of=None),
        lambda a: progress.document_add(actor=a, project=namdong, title="x", url="https://a.example/"),
    ]
    before = state()
    for actor in outsiders:
        for write in writes:
            with pytest.raises(PermissionDenied):
                write(actor)
    assert state() == before
