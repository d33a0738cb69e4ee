"""The programmes demo (issue 17): loaded once per module, as test_demo.py does, inside a transaction
rolled back at the end."""

from collections import Counter
from datetime import timedelta
from itertools import pairwise

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.challenges.models import Challenge
from ppuri.demo.accounts import DEMO_USERNAMES
from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.matchmaking_plan import event_candidates, event_plan
from ppuri.demo.programs.pipeline import pipeline_plan
from ppuri.demo.programs.regeneration import budget_plan
from ppuri.demo.programs.visits import visits_plan
from ppuri.demo.services import demo_load
from ppuri.programs.models import (
    Agreement,
    BudgetChange,
    BudgetLine,
    Event,
    FollowUp,
    Lead,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Milestone,
    Output,
    Participant,
    Project,
    Visit,
)
from ppuri.programs.reference import DATA as REFERENCE_DATA
from ppuri.programs.selectors.budgets import budget_totals, budget_totals_by, project_lines
from ppuri.programs.services.projects import phase_errors
from ppuri.programs.services.visits import red_flags
from ppuri.registry.models import Membership, Organization
from ppuri.talent.models import JobPosting

SEED = 7
ANNOUNCED = 30_600_000_000  # 306억 원 to 2024 (issue 17)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        summary = demo_load(seed=SEED)
        yield summary
        transaction.set_rollback(True)


def _regeneration():
    return Project.objects.get(slug="namdong-regeneration")


def _demo_companies() -> dict[str, Organization]:
    """The mapping the load hands the programmes demo: the sourcing suppliers by key, in the data
    file's order, then the demo accounts' companies as "@username"."""
    companies = {
        row["key"]: Organization.objects.get(name=row["name"])
        for row in data_file("sourcing.toml")["supplier"]
    }
    for membership in Membership.objects.filter(
        user__username__in=DEMO_USERNAMES, organization__kind=Organization.Kind.COMPANY
    ).select_related("user", "organization"):
        companies[f"@{membership.user.username}"] = membership.organization
    return companies


@pytest.mark.django_db
def test_the_regeneration_is_labelled_synthetic_and_its_approved_lines_add_up_to_306억(demo, client):
    project = _regeneration()
    lines = project_lines(project)

    assert project.synthetic and project.kind == Project.Kind.REGENERATION
    assert project.complex.slug == "namdong" and project.announced_budget == ANNOUNCED
    assert (project.starts_on.year, project.ends_on.year) == (2020, 2024)
    assert sum(line.approved for line in lines) == ANNOUNCED
    totals = budget_totals(lines)
    assert totals.approved == ANNOUNCED
    # Revisions moved money between years: the budget in force is still the announced one.
    assert lines.filter(revised__isnull=False).count() >= 4 and totals.in_force == ANNOUNCED
    by_subproject = budget_totals_by(lines, "subproject")
    assert 5 <= len(by_subproject) <= 7 and sum(t.approved for t in by_subproject.values()) == ANNOUNCED
    assert set(lines.values_list("source", flat=True)) == {"national", "city", "district", "kicox"}
    assert set(lines.values_list("year", flat=True)) == {2020, 2021, 2022, 2023, 2024}
    assert set(project.subprojects.values_list("category", flat=True)) >= {
        "parking", "land_use", "culture", "convenience", "road"
    }  # fmt: skip
    # The public reads it as synthetic, with its aggregates.
    page = client.get(reverse("programs:project", args=[project.pk]))
    assert page.status_code == 200 and 'data-testid="synthetic-banner"' in page.content.decode()


@pytest.mark.django_db
def test_every_budget_line_keeps_the_phase_rules_and_the_past_years_are_executed(demo):
    today = timezone.localdate()
    lines = list(project_lines(_regeneration()))

    for line in lines:
        phases = {name: getattr(line, name) for name in BudgetLine.PHASES}
        assert phase_errors(**phases) == {}, line
        assert line.contracted <= line.current and line.executed <= line.current
        assert all(amount % 1_000_000 == 0 for amount in phases.values() if amount is not None)
        if line.year <= today.year - 2:
            assert line.contracted > 0 and line.executed >= 0.5 * line.current, line
    totals = budget_totals(project_lines(_regeneration()))
    assert 85 < totals.execution_rate < 100 and totals.variance > 0  # the cultural centre still spends
    # Land-use compensation is paid without contracts: executed passes contracted there.
    assert any(line.executed > line.contracted for line in lines)


@pytest.mark.django_db
def test_the_regeneration_changed_through_the_service_with_reasons_milestones_and_outputs(demo):
    project = _regeneration()
    today = timezone.localdate()
    changes = BudgetChange.objects.filter(project=project)

    assert changes.filter(field="revised").count() >= 6 and changes.filter(field="executed").exists()
    assert not changes.filter(reason="").exists() and not changes.filter(changed_by__isnull=True).exists()
    assert changes.filter(field="planned_on").count() == 2  # the cultural centre re-planned twice
    assert all(change.changed_at.date() < today for change in changes)
    assert changes.values("changed_by__username").distinct().get()["changed_by__username"] == "city"
    milestones = project.milestones.all()
    done = milestones.filter(outcome=Milestone.Outcome.DONE)
    assert done.count() >= 12 and not done.filter(actual_on__isnull=True).exists()
    late = [m for m in done if m.actual_on > m.planned_on]
    assert len(late) >= 3
    overdue = milestones.filter(outcome=Milestone.Outcome.PENDING, planned_on__lt=today)
    assert overdue.count() >= 1
    outputs = {o.indicator: o for o in project.subprojects.get(category="parking").outputs.all()}
    assert outputs["조성한 주차면 수"].target == outputs["조성한 주차면 수"].actual == 620
    units = set(Output.objects.filter(subproject__project=project).values_list("unit", flat=True))
    assert {"면", "㎡", "곳"} <= units
    assert project.documents.filter(public=True).exclude(url="").count() >= 1


@pytest.mark.django_db
def test_the_seobu_bid_is_a_designation_with_its_steps_some_done(demo):
    bid = Project.objects.get(slug="seobu-fez-designation")
    today = timezone.localdate()
    steps = list(bid.milestones.order_by("planned_on"))

    assert bid.kind == Project.Kind.DESIGNATION and bid.synthetic and bid.title_en and bid.summary_en
    assert not BudgetLine.objects.filter(subproject__project=bid).exists()
    titles = " ".join(step.title for step in steps)
    assert all(word in titles for word in ("기본구상", "지정 신청", "관계부처", "지정 결정"))
    done = [step for step in steps if step.outcome == Milestone.Outcome.DONE]
    pending = [step for step in steps if step.outcome == Milestone.Outcome.PENDING]
    assert len(done) >= 3 and all(step.actual_on < today for step in done)
    assert any(step.planned_on < today for step in pending) and any(
        step.planned_on > today for step in pending
    )
    assert BudgetChange.objects.filter(project=bid, field="planned_on").exclude(reason="").exists()


@pytest.mark.django_db
def test_the_leads_cover_every_stage_with_their_history(demo):
    city = User.objects.get(username="city")
    foreign = Lead.objects.filter(origin=Lead.Origin.FOREIGN)

    assert 8 <= foreign.count() <= 10
    assert set(foreign.values_list("stage", flat=True)) == set(Lead.Stage.values)
    assert set(foreign.values_list("country", flat=True)) >= {"DE", "JP", "US", "CN", "SG", "FR"}
    assert set(foreign.values_list("sector", flat=True)) >= {"robotics", "automotive", "aerospace", "it"}
    for lead in foreign.prefetch_related("stage_changes", "technologies"):
        assert lead.code_name.startswith("PROJECT ") and lead.summary_en and lead.technologies.exists()
        assert lead.officer == city and (lead.investment_usd or lead.investment_krw) and lead.jobs
        history = list(lead.stage_changes.all())
        assert history[0].from_stage == "" and history[0].to_stage == Lead.Stage.LEAD
        for before, after in pairwise(history):
            assert after.from_stage == before.to_stage and after.changed_at > before.changed_at
        assert history[-1].to_stage == lead.stage and history[-1].changed_at < timezone.now()
        assert (lead.stage == Lead.Stage.LOST) == bool(lead.lost_reason)
    assert foreign.filter(stage=Lead.Stage.LOST).count() == 2
    assert foreign.get(stage=Lead.Stage.INVESTED).stage_changes.count() == 6


@pytest.mark.django_db
def test_visits_raise_every_red_flag_with_follow_ups_routed_into_the_platform(demo):
    today = timezone.localdate()
    visits = Visit.objects.select_related("organization", "visitor").prefetch_related("follow_ups")

    assert 10 <= visits.count() <= 15
    assert set(visits.values_list("visitor__username", flat=True)) == {"operator", "city"}
    for visit in visits:
        assert visit.visited_on < today and visit.organization.is_demo
        assert sorted(f.kind for f in visit.follow_ups.all()) == sorted(red_flags(visit)), visit
    follow_ups = FollowUp.objects.select_related("visit__organization", "posting", "challenge", "lead")
    assert set(follow_ups.values_list("kind", flat=True)) == set(FollowUp.Kind.values) - {"other"}
    posting = follow_ups.filter(posting__isnull=False).first().posting
    assert posting.status == JobPosting.Status.DRAFT
    routed_case = follow_ups.filter(challenge__isnull=False).first()
    assert routed_case.challenge.status == Challenge.Status.SUBMITTED
    assert routed_case.challenge.company == routed_case.visit.organization
    routed_lead = follow_ups.filter(lead__isnull=False).first()
    assert routed_lead.lead.origin == Lead.Origin.EXPANSION
    assert routed_lead.lead.organization == routed_lead.visit.organization
    statuses = Counter(follow_ups.values_list("status", flat=True))
    assert statuses["done"] >= 5 and statuses["cancelled"] >= 1
    assert not follow_ups.filter(status="done", done_on__isnull=True).exists()
    overdue = follow_ups.filter(status=FollowUp.Status.OPEN, due_on__lt=today)
    assert 1 <= overdue.count() <= 2
    assert follow_ups.filter(status=FollowUp.Status.OPEN, due_on__gte=today).exists()


@pytest.mark.django_db
def test_the_company_account_reads_its_visits_shared_summary_not_the_notes(demo, client):
    supplier = User.objects.get(username="supplier")
    company = Membership.objects.get(user=supplier).organization
    visit = Visit.objects.get(organization=company)
    client.force_login(supplier)

    page = client.get(reverse("programs:visit", args=[visit.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert visit.summary_for_company in text and visit.notes not in text


@pytest.mark.django_db
def test_the_matchmaking_day_is_over_and_its_schedule_double_books_no_one(demo, client):
    today = timezone.localdate()
    event = Event.objects.get()
    participants = list(event.participants.all())
    caps = {p.pk: p.cap for p in participants}

    assert event.status == Event.Status.FINISHED and event.organiser.username == "city"
    assert today - timedelta(days=17) <= event.held_on <= today - timedelta(days=12)
    assert event.sessions.count() == 2 and event.tables.count() == 8
    assert 36 <= len(participants) <= 44
    investors = [p for p in participants if p.kind == Participant.Kind.INVESTOR]
    assert 2 <= len(investors) <= 3 and all(p.lead_id for p in investors)
    requests = MeetingRequest.objects.filter(event=event)
    assert 85 <= requests.count() <= 115 and not requests.filter(reason="").exists()
    statuses = Counter(requests.values_list("status", flat=True))
    assert statuses["accepted"] > 0.6 * requests.count() and statuses["declined"] > 0
    meetings = list(Meeting.objects.filter(event=event).prefetch_related("seats"))
    assert len(meetings) >= 60
    # Nobody twice in a slot, one meeting per table and slot, caps kept; every meeting holds its seats.
    seats = list(MeetingSeat.objects.filter(meeting__event=event).values_list("participant_id", "slot_id"))
    assert len(seats) == len(set(seats)) == 2 * len(meetings)
    booked = Counter((m.first_id, m.slot_id) for m in meetings) + Counter(
        (m.second_id, m.slot_id) for m in meetings
    )
    assert max(booked.values()) == 1
    assert len({(m.slot_id, m.table_id) for m in meetings}) == len(meetings)
    per_participant = Counter(participant for participant, _ in seats)
    assert all(count <= caps[pk] for pk, count in per_participant.items())
    for meeting in meetings:
        assert {(s.participant_id, s.slot_id) for s in meeting.seats.all()} == {
            (meeting.first_id, meeting.slot_id),
            (meeting.second_id, meeting.slot_id),
        }
    assert any(m.origin == Meeting.Origin.MANUAL for m in meetings)
    outcomes = Counter(m.outcome for m in meetings)
    assert {"quote", "sample", "contract", "mou", "no_show"} <= set(outcomes)
    recorded = [m for m in meetings if m.outcome]
    assert all(timezone.localtime(m.outcome_recorded_at).date() > event.held_on for m in recorded)
    # The `supplier` account's company takes part and reads its own schedule.
    supplier = User.objects.get(username="supplier")
    own = event.participants.get(organization__memberships__user=supplier)
    assert own.registered_by == supplier and per_participant[own.pk] >= 1
    client.force_login(supplier)
    page = client.get(reverse("programs:event_participant_schedule", args=[event.pk, own.pk]))
    assert page.status_code == 200


@pytest.mark.django_db
def test_the_agreement_partners_link_to_the_demo_institutions_and_keep_their_reference_rows(demo):
    import tomllib

    agreement = Agreement.objects.get(slug="incheon-root-2019")
    reference = tomllib.loads((REFERENCE_DATA / "agreement-2019.toml").read_text(encoding="utf-8"))

    for partner in agreement.partners.select_related("organization"):
        assert partner.organization is not None and partner.organization.is_demo
        assert partner.organization.name == partner.name
    editors = {p.name: set(p.editors.values_list("username", flat=True)) for p in agreement.partners.all()}
    assert editors["중부지방고용노동청"] == {"labor"} and editors["인하대학교"] == {"university"}
    assert User.objects.get(username="labor").role == Role.LABOR_OFFICE
    # No target invented, no actual typed in: the periods are the reference file's.
    for row in reference["commitment"]:
        commitment = agreement.commitments.get(code=row["code"])
        stored = sorted(commitment.periods.values_list("starts_on", "target"))
        assert stored == sorted((p["starts_on"], p.get("target")) for p in row.get("periods", []))
        assert not commitment.periods.filter(manual_actual__isnull=False).exists()
    assert agreement.commitments.count() == len(reference["commitment"])


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_programmes(demo):
    today = timezone.localdate()
    plan = budget_plan(SEED)
    assert plan == budget_plan(SEED) and plan != budget_plan(SEED + 1)
    stored = {
        (line.subproject.category, line.source, line.year): {n: getattr(line, n) for n in BudgetLine.PHASES}
        for line in project_lines(_regeneration()).select_related("subproject")
    }
    categories = {
        row["key"]: row["category"] for row in data_file("programs.toml")["regeneration"]["subproject"]
    }
    assert stored == {(categories[p.subproject], p.source, p.year): p.state(today) for p in plan}

    leads = pipeline_plan(SEED, today)
    assert leads == pipeline_plan(SEED, today) and leads != pipeline_plan(SEED + 1, today)
    for planned in leads:
        days = list(
            Lead.objects.get(code_name=planned.code_name).stage_changes.values_list("changed_at", flat=True)
        )
        assert [timezone.localtime(d).date() for d in days] == [
            planned.found_on,
            *(m.day for m in planned.moves),
        ]

    visits = visits_plan(SEED, today)
    assert visits != visits_plan(SEED + 1, today)
    assert sorted(Visit.objects.values_list("visited_on", flat=True)) == sorted(v.visited_on for v in visits)

    investors = {row["code_name"]: row["technologies"] for row in data_file("programs.toml")["lead"]}
    candidates = event_candidates(seed=SEED, companies=_demo_companies(), investors=investors)
    event = event_plan(seed=SEED, today=today, candidates=candidates)
    again = event_plan(seed=SEED, today=today, candidates=candidates)
    other = event_plan(seed=SEED + 1, today=today, candidates=candidates)
    asked = [(r.requester, r.target, r.reason) for r in event.requests]
    assert asked == [(r.requester, r.target, r.reason) for r in again.requests]
    assert asked != [(r.requester, r.target, r.reason) for r in other.requests]

    def key(participant):
        return (
            f"org:{participant.organization_id}"
            if participant.organization_id
            else f"lead:{participant.lead.code_name}"
        )

    stored_requests = MeetingRequest.objects.select_related("requester__lead", "target__lead").order_by("pk")
    assert [(key(r.requester), key(r.target), r.reason) for r in stored_requests] == asked
    assert dict(Participant.objects.values_list("kind").annotate(n=Count("pk")).order_by("kind")) == dict(
        Counter(c.kind if c.kind == "investor" else "company" for c in candidates)
    )


@pytest.mark.django_db
def test_the_summary_counts_the_programmes(demo):
    assert demo.programs["projects"] == 2 and demo.programs["events"] == 1
    assert demo.programs["visits"] == Visit.objects.count() and demo.programs["event_participants"] >= 36
