"""The investment pipeline's services: a lead is created at the first stage with its history, edited,
moved to any stage with a note (lost only with a reason, which the database also insists on), and the
change log never carries the investor's name. Every refusal changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ppuri.core.models import ActivityLog
from ppuri.programs.models import Lead, LeadStageChange
from ppuri.programs.selectors import investment as selectors
from ppuri.programs.services import investment as services
from ppuri.reference.models import Technology
from tests.programs.conftest_leads_visits import *  # noqa: F403 (the fixtures)
from tests.programs.conftest_leads_visits import INVESTOR, lead_input

pytestmark = pytest.mark.django_db


def state() -> tuple:
    return (
        list(Lead.objects.order_by("pk").values()),
        list(LeadStageChange.objects.order_by("pk").values()),
        list(Lead.technologies.through.objects.order_by("pk").values()),
    )


def test_a_lead_starts_at_the_first_stage_with_its_history(fez_officer):
    created = services.lead_create(actor=fez_officer, data=lead_input(officer=fez_officer))

    assert created.stage == Lead.Stage.LEAD and created.investor_name == INVESTOR
    assert set(created.technologies.values_list("slug", flat=True)) == {"welding", "robotics"}
    (first,) = created.stage_changes.all()
    assert (first.from_stage, first.to_stage, first.changed_by) == ("", "lead", fez_officer)


def test_operators_and_city_officials_create_leads(operator, city_official):
    services.lead_create(actor=operator, data=lead_input(code_name="Alpha"))
    services.lead_create(actor=city_official, data=lead_input(code_name="Beta"))
    assert Lead.objects.count() == 2


def test_nobody_else_creates_or_moves_a_lead(lead, supplier_admin, seeker, expert, labor_office):
    before = state()
    for actor in (supplier_admin, seeker, expert, labor_office):
        with pytest.raises(PermissionDenied):
            services.lead_create(actor=actor, data=lead_input(code_name="Gamma"))
        with pytest.raises(PermissionDenied):
            services.lead_stage_set(actor=actor, lead=lead, stage="contact")
        with pytest.raises(PermissionDenied):
            services.lead_update(actor=actor, lead=lead, data=lead_input(code_name="Renamed"))
    assert state() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code_name": "  "}, "code_name"),
        ({"code_name": "x" * 61}, "code_name"),
        ({"country": "Germany"}, "country"),
        ({"country": "d1"}, "country"),
        ({"origin": "alien"}, "origin"),
        ({"sector": "mining"}, "sector"),
        ({"investment_usd": -1}, "investment_usd"),
        ({"investment_krw": 10**16}, "investment_krw"),
        ({"jobs": 100_001}, "jobs"),
        ({"site_area_m2": -5}, "site_area_m2"),
        ({"next_step": "가" * 301}, "next_step"),
        ({"summary": "담당자 주민번호 900101-1234567"}, "summary"),
    ],
)
def test_bad_lead_input_is_refused_naming_the_field(operator, change, field):
    with pytest.raises(ValidationError) as refused:
        services.lead_create(actor=operator, data=lead_input(**change))
    assert field in refused.value.message_dict
    assert not Lead.objects.exists() and not LeadStageChange.objects.exists()


def test_a_code_name_is_unique_whatever_its_case(lead, operator):
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.lead_create(actor=operator, data=lead_input(code_name="project falcon"))
    assert "code_name" in refused.value.message_dict
    assert state() == before


def test_the_officer_is_one_of_the_programme_staff(operator, supplier_admin):
    with pytest.raises(ValidationError) as refused:
        services.lead_create(actor=operator, data=lead_input(officer=supplier_admin))
    assert "officer" in refused.value.message_dict
    assert not Lead.objects.exists()


def test_the_country_is_stored_upper_case(operator):
    assert services.lead_create(actor=operator, data=lead_input(country="jp")).country == "JP"


def test_a_lead_moves_to_any_stage_with_a_note_and_history(lead, fez_officer, operator):
    services.lead_stage_set(actor=fez_officer, lead=lead, stage="site_visit", note="서부산단 부지 안내")
    services.lead_stage_set(actor=operator, lead=lead, stage="contact", note="본사 재검토로 한 단계 후퇴")
    services.lead_stage_set(actor=fez_officer, lead=lead, stage="mou", note="MOU 서명")

    lead.refresh_from_db()
    assert lead.stage == "mou"
    history = list(lead.stage_changes.values_list("from_stage", "to_stage", "note"))
    assert history == [
        ("", "lead", "등록"),
        ("lead", "site_visit", "서부산단 부지 안내"),
        ("site_visit", "contact", "본사 재검토로 한 단계 후퇴"),
        ("contact", "mou", "MOU 서명"),
    ]


def test_lost_needs_a_reason(lead, fez_officer):
    before = state()
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.lead_stage_set(actor=fez_officer, lead=lead, stage="lost", lost_reason=reason)
        assert list(refused.value.message_dict) == ["lost_reason"]
    assert state() == before

    services.lead_stage_set(actor=fez_officer, lead=lead, stage="lost", lost_reason="베트남 부지로 결정")
    lead.refresh_from_db()
    assert lead.stage == "lost" and lead.lost_reason == "베트남 부지로 결정"
    assert lead.stage_changes.last().note == "베트남 부지로 결정"


def test_the_database_refuses_a_lost_lead_without_a_reason(lead):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(stage="lost", lost_reason="")


def test_a_revived_lead_leaves_its_loss_reason_in_the_history(lead, fez_officer):
    services.lead_stage_set(actor=fez_officer, lead=lead, stage="lost", lost_reason="예산 동결")
    services.lead_stage_set(actor=fez_officer, lead=lead, stage="contact", note="예산 재개")
    lead.refresh_from_db()
    assert lead.stage == "contact" and lead.lost_reason == ""
    assert ("lead", "lost", "예산 동결") in lead.stage_changes.values_list("from_stage", "to_stage", "note")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stage": "signed"}, "stage"),
        ({"stage": "lead"}, "stage"),  # already there
        ({"stage": "contact", "note": "가" * 301}, "note"),
        ({"stage": "lost", "lost_reason": "가" * 301}, "lost_reason"),
    ],
)
def test_bad_stage_moves_are_refused(lead, fez_officer, kwargs, field):
    before = state()
    with pytest.raises(ValidationError) as refused:
        services.lead_stage_set(actor=fez_officer, lead=lead, **kwargs)
    assert field in refused.value.message_dict
    assert state() == before


def test_an_update_keeps_the_stage_and_records_which_fields_changed(lead, operator):
    services.lead_stage_set(actor=operator, lead=lead, stage="loi", note="LOI 접수")
    services.lead_update(
        actor=operator,
        lead=lead,
        data=lead_input(jobs=150, technologies=list(Technology.objects.filter(slug="welding"))),
    )
    lead.refresh_from_db()
    assert lead.stage == "loi" and lead.jobs == 150
    entry = ActivityLog.objects.filter(verb="programs.lead.updated").get()
    assert entry.data == {"fields": ["jobs", "officer", "technologies"]}


def test_an_update_with_bad_input_changes_nothing(lead, operator):
    before = state()
    with pytest.raises(ValidationError):
        services.lead_update(actor=operator, lead=lead, data=lead_input(jobs=-3, code_name="Other"))
    assert state() == before


def test_the_change_log_never_names_the_investor(lead, fez_officer):
    services.lead_update(actor=fez_officer, lead=lead, data=lead_input(investor_name=INVESTOR + " AG"))
    services.lead_stage_set(actor=fez_officer, lead=lead, stage="lost", lost_reason="철회")
    entries = ActivityLog.objects.filter(verb__startswith="programs.lead.")
    assert entries.count() == 3
    for entry in entries:
        assert INVESTOR not in f"{entry.summary} {entry.summaries} {entry.data}"
        assert "Project Falcon" in entry.summary


def test_pipeline_figures_by_stage_and_the_open_total(operator, fez_officer):
    services.lead_create(actor=operator, data=lead_input(code_name="A", investment_usd=10, jobs=5))
    b = services.lead_create(actor=operator, data=lead_input(code_name="B", investment_usd=20, jobs=None))
    c = services.lead_create(actor=operator, data=lead_input(code_name="C", investment_usd=None, jobs=7))
    services.lead_stage_set(actor=operator, lead=b, stage="mou")
    services.lead_stage_set(actor=operator, lead=c, stage="invested")

    pipeline = selectors.pipeline(user=fez_officer)
    by_stage = {f.stage: f for f in pipeline.stages}
    assert [f.stage for f in pipeline.stages] == [s for s, _label in Lead.Stage.choices]
    assert (by_stage["lead"].count, by_stage["lead"].investment_usd, by_stage["lead"].jobs) == (1, 10, 5)
    assert (by_stage["mou"].count, by_stage["mou"].investment_usd, by_stage["mou"].jobs) == (1, 20, 0)
    assert (by_stage["invested"].count, by_stage["invested"].jobs) == (1, 7)
    assert by_stage["lost"].count == 0
    assert (pipeline.open_total.count, pipeline.open_total.investment_usd, pipeline.open_total.jobs) == (
        2,
        30,
        5,
    )


def test_stale_leads_are_open_ones_past_their_next_step(operator):
    old = services.lead_create(
        actor=operator, data=lead_input(code_name="Old", next_step_on=date(2026, 1, 5))
    )
    services.lead_create(actor=operator, data=lead_input(code_name="Soon", next_step_on=date(2026, 3, 1)))
    done = services.lead_create(
        actor=operator, data=lead_input(code_name="Done", next_step_on=date(2026, 1, 5))
    )
    services.lead_stage_set(actor=operator, lead=done, stage="invested")
    services.lead_create(actor=operator, data=lead_input(code_name="None", next_step_on=None))

    stale = selectors.leads_stale(user=operator, today=date(2026, 2, 1))
    assert list(stale) == [old]


def test_the_pipeline_reads_are_the_staffs_alone(lead, supplier_admin, seeker):
    for user in (supplier_admin, seeker):
        with pytest.raises(PermissionDenied):
            selectors.pipeline(user=user)
        with pytest.raises(PermissionDenied):
            selectors.lead_get_for_user(user=user, pk=lead.pk)
        assert not selectors.leads_stale(user=user, today=date(2030, 1, 1)).exists()
