"""Talent on the workspace (core.attention): a company's new applicants and open postings, a seeker's
applications in progress and the companies' invitations waiting for an answer. Each list starts from
the talent selectors."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.accounts import roles
from ppuri.core.attention import ITEMS_SHOWN, Attention, AttentionItem
from ppuri.core.text import mask_name
from ppuri.talent import selectors, services
from ppuri.talent.models import Application, Interest, JobPosting


def new_applicants(user: Any) -> Attention | None:
    if not roles.may_post_jobs(user):
        return None
    applications = (
        selectors.applications_for_companies(user)
        .filter(stage=Application.Stage.RECEIVED)
        .select_related("job", "seeker")
        .order_by("-created_at")
    )
    return Attention(
        key="talent.applicants",
        title=_("새 지원자"),
        count=applications.count(),
        url=reverse("talent:my_jobs"),
        items=[
            # Masked, as in every list: the application's page shows the whole name (and records it).
            AttentionItem(
                label=application.job.title,
                url=reverse("talent:application", args=[application.pk]),
                note=mask_name(str(application.seeker)),
            )
            for application in applications[:ITEMS_SHOWN]
        ],
        empty=_("새 지원자가 없습니다."),
    )


def open_postings(user: Any) -> Attention | None:
    if not roles.may_post_jobs(user):
        return None
    jobs = (
        selectors.jobs_of_companies(user)
        .filter(status__in=[JobPosting.Status.DRAFT, JobPosting.Status.OPEN])
        .order_by("-created_at")
    )
    return Attention(
        key="talent.postings",
        title=_("작성 중이거나 모집 중인 채용 공고"),
        count=jobs.count(),
        url=reverse("talent:my_jobs"),
        items=[
            AttentionItem(label=job.title, url=job.get_absolute_url(), note=job.get_status_display())
            for job in jobs[:ITEMS_SHOWN]
        ],
        empty=_("모집 중인 공고가 없습니다."),
    )


def my_applications(user: Any) -> Attention | None:
    if not roles.is_seeker(user):
        return None
    applications = (
        selectors.applications_of_seeker(user).filter(stage__in=services.OPEN_STAGES).order_by("-updated_at")
    )
    return Attention(
        key="talent.my_applications",
        title=_("진행 중인 내 지원"),
        count=applications.count(),
        url=reverse("talent:my_applications"),
        items=[
            AttentionItem(
                label=application.job.title,
                url=reverse("talent:application", args=[application.pk]),
                note=application.get_stage_display(),
            )
            for application in applications[:ITEMS_SHOWN]
        ],
        empty=_("진행 중인 지원이 없습니다. 나에게 맞는 공고를 찾아보세요."),
    )


def invitations_to_answer(user: Any) -> Attention | None:
    if not roles.is_seeker(user):
        return None
    interests = (
        selectors.interests_of_seeker(user).filter(status=Interest.Status.SENT).order_by("-created_at")
    )
    return Attention(
        key="talent.interests",
        title=_("답할 지원 제안"),
        count=interests.count(),
        url=reverse("talent:my_applications"),
        items=[
            AttentionItem(
                label=interest.job.title, url=interest.job.get_absolute_url(), note=interest.job.company.name
            )
            for interest in interests[:ITEMS_SHOWN]
        ],
        empty=_("받은 지원 제안이 없습니다."),
    )
