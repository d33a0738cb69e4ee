"""Who sees which rows of the programmes, decided here for every model (registered in apps.py).

- the programmes' staff (accounts.roles.runs_programs: operators and the city, the free-economic-zone
  authority's officers among them) see every row;
- everyone, anonymous visitors included, sees a public agreement with its public commitments and their
  periods, and a public project with its sub-projects, milestones and outputs — the aggregates of its
  budget come through `programs.selectors.budgets`, never its lines or its change history;
- a partner's editors see their partner's commitments, public or not;
- a company's members see their own visits (the summary shared with them; internal notes are for the
  staff — `visit_view_for`) and the follow-ups of those visits that were routed to them, their own
  participation in a matchmaking day, the other participants of an event they take part in, the
  requests they made or received and their meetings;
- the investment pipeline is the staff's alone (leads are confidential: code names, investors' names).
"""

from typing import Any

from django.db.models import Q, QuerySet

from ppuri.accounts.roles import is_signed_in, runs_programs
from ppuri.programs.models import (
    Agreement,
    BudgetChange,
    BudgetLine,
    Commitment,
    CommitmentPeriod,
    Document,
    Event,
    EventSession,
    EventTable,
    FollowUp,
    Lead,
    LeadStageChange,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Milestone,
    Output,
    Participant,
    Partner,
    Project,
    Slot,
    SubProject,
    Visit,
)
from ppuri.registry.selectors import organizations_of


def _companies(user: Any) -> QuerySet[Any]:
    return organizations_of(user).values("pk")


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    if runs_programs(user):
        return Agreement.objects.all()
    rule = Q(public=True)
    if is_signed_in(user):
        rule |= Q(partners__editors=user)
    return Agreement.objects.filter(rule).distinct()


def partners_visible_to(user: Any) -> QuerySet[Partner]:
    return Partner.objects.filter(agreement__in=agreements_visible_to(user))


def commitments_visible_to(user: Any) -> QuerySet[Commitment]:
    if runs_programs(user):
        return Commitment.objects.all()
    rule = Q(public=True, agreement__public=True)
    if is_signed_in(user):
        rule |= Q(partner__editors=user)
    return Commitment.objects.filter(rule).distinct()


def may_edit_commitment(user: Any, commitment: Commitment) -> bool:
    """The staff edit every commitment; a partner's editors report their own partner's actuals."""
    if runs_programs(user):
        return True
    return is_signed_in(user) and commitment.partner.editors.filter(pk=user.pk).exists()


def periods_visible_to(user: Any) -> QuerySet[CommitmentPeriod]:
    return CommitmentPeriod.objects.filter(commitment__in=commitments_visible_to(user))


def projects_visible_to(user: Any) -> QuerySet[Project]:
    if runs_programs(user):
        return Project.objects.all()
    return Project.objects.filter(public=True)


def subprojects_visible_to(user: Any) -> QuerySet[SubProject]:
    return SubProject.objects.filter(project__in=projects_visible_to(user))


def milestones_visible_to(user: Any) -> QuerySet[Milestone]:
    return Milestone.objects.filter(project__in=projects_visible_to(user))


def outputs_visible_to(user: Any) -> QuerySet[Output]:
    return Output.objects.filter(subproject__project__in=projects_visible_to(user))


def budget_lines_visible_to(user: Any) -> QuerySet[BudgetLine]:
    """Lines and their history are the staff's; the public reads the project's totals."""
    return BudgetLine.objects.all() if runs_programs(user) else BudgetLine.objects.none()


def budget_changes_visible_to(user: Any) -> QuerySet[BudgetChange]:
    return BudgetChange.objects.all() if runs_programs(user) else BudgetChange.objects.none()


def documents_visible_to(user: Any) -> QuerySet[Document]:
    if runs_programs(user):
        return Document.objects.all()
    return Document.objects.filter(
        Q(public=True)
        & (Q(agreement__in=agreements_visible_to(user)) | Q(project__in=projects_visible_to(user)))
    )


def leads_visible_to(user: Any) -> QuerySet[Lead]:
    return Lead.objects.all() if runs_programs(user) else Lead.objects.none()


def lead_changes_visible_to(user: Any) -> QuerySet[LeadStageChange]:
    return LeadStageChange.objects.all() if runs_programs(user) else LeadStageChange.objects.none()


def visits_visible_to(user: Any) -> QuerySet[Visit]:
    if runs_programs(user):
        return Visit.objects.all()
    if not is_signed_in(user):
        return Visit.objects.none()
    return Visit.objects.filter(organization__in=_companies(user))


def follow_ups_visible_to(user: Any) -> QuerySet[FollowUp]:
    if runs_programs(user):
        return FollowUp.objects.all()
    if not is_signed_in(user):
        return FollowUp.objects.none()
    return FollowUp.objects.filter(Q(owner=user) | Q(visit__organization__in=_companies(user))).distinct()


def events_visible_to(user: Any) -> QuerySet[Event]:
    """An event is announced once registration opens; a draft is the organisers'."""
    if runs_programs(user):
        return Event.objects.all()
    rule = ~Q(status=Event.Status.DRAFT)
    if is_signed_in(user):
        rule |= Q(organiser=user)
    return Event.objects.filter(rule)


def sessions_visible_to(user: Any) -> QuerySet[EventSession]:
    return EventSession.objects.filter(event__in=events_visible_to(user))


def slots_visible_to(user: Any) -> QuerySet[Slot]:
    return Slot.objects.filter(event__in=events_visible_to(user))


def tables_visible_to(user: Any) -> QuerySet[EventTable]:
    return EventTable.objects.filter(event__in=events_visible_to(user))


def _own_participations(user: Any) -> QuerySet[Participant]:
    return Participant.objects.filter(Q(organization__in=_companies(user)) | Q(registered_by=user))


def participants_visible_to(user: Any) -> QuerySet[Participant]:
    """The staff and the organiser all; a participant sees the others of the events they take part in
    (to ask for meetings), nobody else sees the list."""
    if runs_programs(user):
        return Participant.objects.all()
    if not is_signed_in(user):
        return Participant.objects.none()
    events = _own_participations(user).values("event")
    return Participant.objects.filter(Q(event__in=events) | Q(event__organiser=user))


def requests_visible_to(user: Any) -> QuerySet[MeetingRequest]:
    if runs_programs(user):
        return MeetingRequest.objects.all()
    if not is_signed_in(user):
        return MeetingRequest.objects.none()
    own = _own_participations(user)
    return MeetingRequest.objects.filter(Q(requester__in=own) | Q(target__in=own) | Q(event__organiser=user))


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    if runs_programs(user):
        return Meeting.objects.all()
    if not is_signed_in(user):
        return Meeting.objects.none()
    own = _own_participations(user)
    return Meeting.objects.filter(Q(first__in=own) | Q(second__in=own) | Q(event__organiser=user))


def seats_visible_to(user: Any) -> QuerySet[MeetingSeat]:
    return MeetingSeat.objects.filter(meeting__in=meetings_visible_to(user))


RULES = [
    (Agreement, agreements_visible_to),
    (Partner, partners_visible_to),
    (Commitment, commitments_visible_to),
    (CommitmentPeriod, periods_visible_to),
    (Document, documents_visible_to),
    (Project, projects_visible_to),
    (SubProject, subprojects_visible_to),
    (BudgetLine, budget_lines_visible_to),
    (BudgetChange, budget_changes_visible_to),
    (Milestone, milestones_visible_to),
    (Output, outputs_visible_to),
    (Lead, leads_visible_to),
    (LeadStageChange, lead_changes_visible_to),
    (Visit, visits_visible_to),
    (FollowUp, follow_ups_visible_to),
    (Event, events_visible_to),
    (EventSession, sessions_visible_to),
    (Slot, slots_visible_to),
    (EventTable, tables_visible_to),
    (Participant, participants_visible_to),
    (MeetingRequest, requests_visible_to),
    (Meeting, meetings_visible_to),
    (MeetingSeat, seats_visible_to),
]
