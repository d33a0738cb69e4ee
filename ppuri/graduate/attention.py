"""The graduate school on the workspace (core.attention): the school's proposals to publish, students to
confirm, published projects waiting for a match and graduates whose placement survey is due; a
company's projects; a student's own record. Each reads graduate.selectors."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.accounts import roles
from ppuri.core import clock
from ppuri.core.attention import ITEMS_SHOWN, Attention, AttentionItem
from ppuri.core.clock import add_months
from ppuri.core.text import mask_name
from ppuri.graduate import selectors
from ppuri.graduate.models import Placement, Project, Student
from ppuri.registry.selectors import organizations_of


def _projects(user: Any, status: str) -> Any:
    return (
        selectors.projects_visible_to(user)
        .filter(status=status)
        .select_related("company")
        .order_by("created_at")
    )


def proposals_to_publish(user: Any) -> Attention | None:
    if not roles.runs_graduate_school(user):
        return None
    waiting = _projects(user, Project.Status.PROPOSED)
    return Attention(
        key="graduate.proposals",
        title=_("학생 모집을 기다리는 기업 과제"),
        count=waiting.count(),
        url=reverse("graduate:projects") + "?status=proposed",
        items=[
            AttentionItem(label=p.title, url=p.get_absolute_url(), note=p.company.display_name)
            for p in waiting[:ITEMS_SHOWN]
        ],
        empty=_("새로 제안된 과제가 없습니다."),
    )


def projects_to_match(user: Any) -> Attention | None:
    if not roles.runs_graduate_school(user):
        return None
    waiting = _projects(user, Project.Status.PUBLISHED).filter(interests__status="sent").distinct()
    return Attention(
        key="graduate.to_match",
        title=_("관심 학생이 있어 배정할 과제"),
        count=waiting.count(),
        url=reverse("graduate:projects") + "?status=published",
        items=[
            AttentionItem(label=p.title, url=p.get_absolute_url(), note=p.company.display_name)
            for p in waiting[:ITEMS_SHOWN]
        ],
        empty=_("배정할 과제가 없습니다."),
    )


def students_to_confirm(user: Any) -> Attention | None:
    if not roles.runs_graduate_school(user):
        return None
    waiting = (
        selectors.students_visible_to(user).filter(status=Student.Status.PENDING).select_related("cohort")
    )
    return Attention(
        key="graduate.pending",
        title=_("학생 확인 요청"),
        count=waiting.count(),
        url=reverse("graduate:overview"),
        items=[
            AttentionItem(label=mask_name(s.name), url=s.get_absolute_url(), note=str(s.cohort))
            for s in waiting[:ITEMS_SHOWN]
        ],
        empty=_("확인할 요청이 없습니다."),
    )


def placements_due(user: Any) -> Attention | None:
    """Graduates whose survey (at graduation, or 15 months after it) is due and not recorded."""
    if not roles.runs_graduate_school(user):
        return None
    today = clock.today()
    due = []
    graduates = (
        selectors.students_visible_to(user)
        .filter(status=Student.Status.GRADUATED)
        .prefetch_related("placements")
        .order_by("graduated_on", "pk")
    )
    for student in graduates:
        answered = {p.survey for p in student.placements.all()}
        if Placement.Survey.AT_GRADUATION not in answered:
            due.append((student, Placement.Survey.AT_GRADUATION.label))
        elif (
            Placement.Survey.MONTHS_15 not in answered
            and student.graduated_on is not None
            and add_months(student.graduated_on, 15) <= today
        ):
            due.append((student, Placement.Survey.MONTHS_15.label))
    return Attention(
        key="graduate.placements",
        title=_("진로 조사를 기록할 졸업생"),
        count=len(due),
        url=reverse("graduate:overview"),
        items=[
            AttentionItem(label=mask_name(s.name), url=s.get_absolute_url(), note=str(label))
            for s, label in due[:ITEMS_SHOWN]
        ],
        empty=_("기록할 진로 조사가 없습니다."),
    )


def company_projects(user: Any) -> Attention | None:
    if not roles.may_use_company_tools(user):
        return None
    mine = (
        selectors.projects_visible_to(user)
        .filter(company__in=organizations_of(user).values("pk"))
        .exclude(status__in=(Project.Status.DONE, Project.Status.WITHDRAWN))
        .order_by("-created_at")
    )
    return Attention(
        key="graduate.company",
        title=_("대학원 연계 과제"),
        count=mine.count(),
        url=reverse("graduate:projects"),
        items=[
            AttentionItem(label=p.title, url=p.get_absolute_url(), note=str(p.get_status_display()))
            for p in mine[:ITEMS_SHOWN]
        ],
        empty=_("진행 중인 과제가 없습니다. 한계기술 과제에서 대학원 연계 과제를 제안할 수 있습니다."),
    )


def student_record(user: Any) -> Attention | None:
    """A student's own record and the projects open to them; nothing for other seekers."""
    if not roles.is_seeker(user):
        return None
    record = selectors.students_visible_to(user).filter(user=user).order_by("-cohort__year").first()
    if record is None:
        return None
    open_projects = selectors.projects_visible_to(user).filter(status=Project.Status.PUBLISHED)
    return Attention(
        key="graduate.student",
        title=_("제조혁신전문대학원"),
        count=open_projects.count(),
        url=reverse("graduate:me"),
        items=[AttentionItem(label=p.title, url=p.get_absolute_url()) for p in open_projects[:ITEMS_SHOWN]],
        empty=_("학생을 모집하는 과제가 없습니다."),
    )
