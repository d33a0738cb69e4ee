"""The programmes on the workspace (core.attention): the follow-ups a person owns, the investment
leads whose next step is due, the commitments waiting for a partner's figures, and a company's visits
and matchmaking days. Each reads the rows through programs.selectors.visibility."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.accounts import roles
from ppuri.core import clock
from ppuri.core.attention import ITEMS_SHOWN, Attention, AttentionItem
from ppuri.programs.models import Commitment, CommitmentPeriod, Event, FollowUp, Lead
from ppuri.programs.selectors import visibility
from ppuri.registry.selectors import organizations_of


def _first_and_count(rows: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first rows and how many there are, in one query (the count as a window over every row, so
    the workspace reads a query per provider)."""
    first = list(rows.annotate(total=Window(Count("pk")))[:ITEMS_SHOWN])
    return first, (first[0].total if first else 0)


def follow_ups_due(user: Any) -> Attention | None:
    if not roles.runs_programs(user):
        return None
    mine = (
        visibility.follow_ups_visible_to(user)
        .filter(owner=user, status=FollowUp.Status.OPEN)
        .select_related("visit__organization")
        .order_by("due_on", "pk")
    )
    today = clock.today()
    first, count = _first_and_count(mine)
    return Attention(
        key="programs.follow_ups",
        title=_("맡은 기업 방문 후속 조치"),
        count=count,
        url=reverse("programs:visits"),
        items=[
            AttentionItem(
                label=f"{f.visit.organization.display_name} · {f.title}",
                url=f.visit.get_absolute_url(),
                note=_("기한 지남") if f.due_on < today else str(f.due_on),
            )
            for f in first
        ],
        empty=_("맡은 후속 조치가 없습니다."),
    )


def leads_due(user: Any) -> Attention | None:
    if not roles.runs_programs(user):
        return None
    soon = clock.today() + timedelta(days=7)
    due = (
        visibility.leads_visible_to(user)
        .filter(stage__in=Lead.OPEN_STAGES, next_step_on__lte=soon)
        .filter(Q(officer=user) | Q(officer__isnull=True))
        .order_by("next_step_on", "pk")
    )
    first, count = _first_and_count(due)
    return Attention(
        key="programs.leads",
        title=_("다음 일정이 다가온 투자 유치 대상"),
        count=count,
        url=reverse("programs:leads"),
        items=[
            AttentionItem(label=lead.code_name, url=lead.get_absolute_url(), note=str(lead.next_step_on))
            for lead in first
        ],
        empty=_("일주일 안에 할 일이 있는 투자 유치 대상이 없습니다."),
    )


def figures_to_report(user: Any) -> Attention | None:
    """Periods of a partner's manual commitments that have started and have no figure yet."""
    if not roles.is_signed_in(user):
        return None
    waiting = (
        CommitmentPeriod.objects.filter(
            commitment__partner__editors=user,
            commitment__measure=Commitment.Measure.MANUAL,
            starts_on__lte=clock.today(),
            manual_actual__isnull=True,
        )
        .select_related("commitment")
        .order_by("starts_on", "pk")
    )
    first, count = _first_and_count(waiting)
    if not count:
        return None
    return Attention(
        key="programs.figures",
        title=_("실적 입력을 기다리는 협약 약속"),
        count=count,
        url=reverse("programs:index"),
        items=[
            AttentionItem(label=str(p.commitment), url=p.commitment.get_absolute_url(), note=p.label)
            for p in first
        ],
    )


def company_programs(user: Any) -> Attention | None:
    """A company's visits (the summary shared with it) and the matchmaking days it takes part in."""
    if not roles.is_company_staff(user):
        return None
    visits = list(visibility.visits_visible_to(user).select_related("organization")[:ITEMS_SHOWN])
    events = list(
        visibility.events_visible_to(user)
        .filter(participants__organization__in=organizations_of(user))
        .exclude(status=Event.Status.FINISHED)
        .distinct()[:ITEMS_SHOWN]
    )
    if not visits and not events:
        return None
    items = [
        AttentionItem(
            label=_("%(company)s 기업 방문") % {"company": v.organization.display_name},
            url=v.get_absolute_url(),
            note=str(v.visited_on),
        )
        for v in visits
    ] + [AttentionItem(label=str(e), url=e.get_absolute_url(), note=str(e.held_on)) for e in events]
    return Attention(
        key="programs.company",
        title=_("기업 방문과 상담회"),
        count=len(items),
        url=reverse("programs:events"),
        items=items[:ITEMS_SHOWN],
    )
