"""Who sees which posting, profile and application (deny by default; 404 for what one may not know
exists), and the reads the pages and the API share.

- A posting: everyone sees open postings of public companies; the company's members see all of its
  postings; a seeker sees a closed posting they applied to or were invited to; operators see all.
- A seeker's profile: the seeker and operators. A company sees a profile only through
  `seeker_view_for`: in full (contact included) for a seeker who applied to one of its postings or
  accepted its invitation, masked and without free text for a discoverable seeker, never otherwise.
- An application: the seeker, the posting company's members and operators. The company's comments on
  stages are its own: the seeker sees the stage and its date.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ppuri.accounts.models import User
from ppuri.core.i18n import in_reader_language
from ppuri.core.permissions import is_operator
from ppuri.core.text import mask_email, mask_name, mask_phone
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.registry.selectors import is_member, organizations_of
from ppuri.talent.facts import (
    DISCOVERABLE_SEEKERS,
    OPEN_JOBS,
    job_facts,
    seeker_facts_by_profile,
)
from ppuri.talent.matching import Match, Vocabulary, best_jobs, best_seekers, unlocks
from ppuri.talent.models import (
    Application,
    ApplicationEvent,
    Interest,
    JobPosting,
    SeekerProfile,
    SeekerQualification,
    Shift,
    WageArrearsMark,
)
from ppuri.talent.notice import CONTACT_DAYS_AFTER_CLOSE

# --- postings ---------------------------------------------------------------------------------------


def public_jobs() -> QuerySet[JobPosting]:
    return JobPosting.objects.filter(status=JobPosting.Status.OPEN, company__is_public=True)


def jobs_visible_to(user: Any) -> QuerySet[JobPosting]:
    if is_operator(user):
        return JobPosting.objects.all()
    if not getattr(user, "is_authenticated", False):
        return public_jobs()
    return JobPosting.objects.filter(
        Q(status=JobPosting.Status.OPEN, company__is_public=True)
        | Q(company__in=organizations_of(user).values("pk"))
        | Q(pk__in=Application.objects.filter(seeker=user).values("job"))
        | Q(pk__in=Interest.objects.filter(seeker=user).values("job"))
    )


def company_editable_by(*, user: Any, company_id: int) -> bool:
    """Whether the user posts for this company: its members and operators."""
    return is_operator(user) or is_member(user=user, organization_id=company_id)


def job_editable_by(*, user: Any, job: JobPosting) -> bool:
    return company_editable_by(user=user, company_id=job.company_id)


def job_get_for_user(*, user: Any, pk: int) -> JobPosting:
    found = (
        jobs_visible_to(user)
        .filter(pk=pk)
        .select_related("company", "technology", "site__complex", "complex")
        .prefetch_related("processes", "required_qualifications", "preferred_qualifications")
        .first()
    )
    if found is None:
        raise Http404
    return found


def job_get_for_edit(*, user: Any, pk: int) -> JobPosting:
    """The posting for a change: 404 when the user may not know it, 403 when they may only read it."""
    job = job_get_for_user(user=user, pk=pk)
    if not job_editable_by(user=user, job=job):
        raise PermissionDenied
    return job


def jobs_of_companies(user: Any) -> QuerySet[JobPosting]:
    """The postings of the user's companies, every status (the company's own list)."""
    return JobPosting.objects.filter(company__in=organizations_of(user).values("pk")).select_related(
        "company"
    )


@dataclass(frozen=True)
class JobFilters:
    technology: list[str]
    process: list[str]
    complex: list[str]
    qualification: list[str]
    shift: list[str]
    employment_type: list[str]
    wage_at_least: int | None = None
    company_id: int | None = None


def job_filter(filters: JobFilters, queryset: QuerySet[JobPosting] | None = None) -> QuerySet[JobPosting]:
    """Open public postings narrowed by facets; values within a facet are alternatives."""
    jobs = public_jobs() if queryset is None else queryset
    if filters.technology:
        jobs = jobs.filter(technology__slug__in=filters.technology)
    if filters.process:
        jobs = jobs.filter(processes__slug__in=filters.process)
    if filters.complex:
        jobs = jobs.filter(complex__slug__in=filters.complex)
    if filters.qualification:
        jobs = jobs.filter(
            Q(required_qualifications__slug__in=filters.qualification)
            | Q(preferred_qualifications__slug__in=filters.qualification)
        )
    if filters.shift:
        jobs = jobs.filter(shift__in=filters.shift)
    if filters.employment_type:
        jobs = jobs.filter(employment_type__in=filters.employment_type)
    if filters.wage_at_least is not None:
        jobs = jobs.filter(wage_max__gte=filters.wage_at_least)
    if filters.company_id is not None:
        jobs = jobs.filter(company_id=filters.company_id)
    return jobs.distinct()


def wage_arrears_marks() -> QuerySet[WageArrearsMark]:
    """The operators' list: standing marks first, then the cleared ones, newest first."""
    return WageArrearsMark.objects.select_related("company", "marked_by", "cleared_by").order_by(
        F("cleared_at").desc(nulls_first=True), "-marked_at"
    )


def wage_arrears_mark_get(*, pk: int) -> WageArrearsMark:
    found = WageArrearsMark.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def standing_wage_arrears(*, company_id: int) -> WageArrearsMark | None:
    return WageArrearsMark.objects.filter(company_id=company_id, cleared_at__isnull=True).first()


# --- profiles ---------------------------------------------------------------------------------------


def profiles_visible_to(user: Any) -> QuerySet[SeekerProfile]:
    """Whole profiles (free text, contact): the seeker's own, and operators'. What a company may see of
    a profile is seeker_view_for's to decide, field by field."""
    if is_operator(user):
        return SeekerProfile.objects.all()
    if not getattr(user, "is_authenticated", False):
        return SeekerProfile.objects.none()
    return SeekerProfile.objects.filter(user=user)


def held_qualifications_visible_to(user: Any) -> QuerySet[SeekerQualification]:
    return SeekerQualification.objects.filter(profile__in=profiles_visible_to(user).values("pk"))


def profile_of(user: Any) -> SeekerProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return SeekerProfile.objects.filter(user=user).first()


def discoverable_profiles() -> QuerySet[SeekerProfile]:
    return SeekerProfile.objects.filter(
        discoverable=True, user__is_active=True, user__deleted_at__isnull=True
    )


def contact_shared_with(*, user: Any, seeker_id: int) -> bool:
    """The seeker gave this user's company their contact (applied to one of its postings or accepted its
    invitation, both with the seeker's consent) and the notice's period has not run out: while the
    application is open or hired, and for CONTACT_DAYS_AFTER_CLOSE after a refusal or a withdrawal."""
    if is_operator(user):
        return True
    cutoff = timezone.now() - timedelta(days=CONTACT_DAYS_AFTER_CLOSE)
    closed = [Application.Stage.REJECTED, Application.Stage.WITHDRAWN]
    # An application's updated_at moves only when its stage changes (services.applications), so for a
    # closed one it is the day it closed.
    return (
        Application.objects.filter(seeker_id=seeker_id, job__company__in=organizations_of(user).values("pk"))
        .filter(~Q(stage__in=closed) | Q(updated_at__gte=cutoff))
        .exists()
    )


def _identity(person: User, phone: str, *, full: bool) -> dict[str, Any]:
    """A seeker's name and contact, masked unless the viewer may see them in full: the one place both
    the profile view and the match lists build them."""
    return {
        "seeker_id": person.pk,
        "name": str(person) if full else mask_name(str(person)),
        "email": person.email if full else mask_email(person.email),
        "phone": phone if full else mask_phone(phone),
    }


def seeker_view_for(*, user: Any, profile: SeekerProfile) -> dict[str, Any] | None:
    """What this viewer may see of a seeker: None when nothing. Full for the seeker, operators and a
    company the seeker applied to; masked (no name, contact or free text) for another company when the
    seeker is discoverable."""
    full = getattr(user, "pk", None) == profile.user_id or contact_shared_with(
        user=user, seeker_id=profile.user_id
    )
    if not full and not (profile.discoverable and organizations_of(user).exists()):
        return None
    person = profile.user
    view: dict[str, Any] = {
        **_identity(person, profile.phone, full=full),
        "full": full,
        "headline": profile.headline if full else "",
        "qualifications": [
            {
                "slug": held.qualification.slug,
                "name": held.qualification.name,
                "acquired_year": held.acquired_year,
            }
            for held in profile.held.select_related("qualification")
        ],
        "processes": [p.name for p in profile.processes.all()],
        "technologies": [t.name for t in profile.technologies.all()],
        "experience_years": profile.experience_years,
        "education": profile.get_education_display() if profile.education else "",
        "preferred_complexes": [c.short_name for c in profile.preferred_complexes.all()],
        "desired_wage": profile.desired_wage,
        "shifts": [str(Shift(s).label) for s in profile.shifts if s in Shift.values],
        "dormitory": profile.dormitory,
        "available_from": profile.available_from,
    }
    return view


# --- applications -----------------------------------------------------------------------------------


def applications_visible_to(user: Any) -> QuerySet[Application]:
    if is_operator(user):
        return Application.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(
        Q(seeker=user) | Q(job__company__in=organizations_of(user).values("pk"))
    )


def application_events_visible_to(user: Any) -> QuerySet[ApplicationEvent]:
    """The stage history goes with its application (its comment is the company's: application_events_for)."""
    return ApplicationEvent.objects.filter(application__in=applications_visible_to(user).values("pk"))


def interests_visible_to(user: Any) -> QuerySet[Interest]:
    if is_operator(user):
        return Interest.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Interest.objects.none()
    return Interest.objects.filter(Q(seeker=user) | Q(job__company__in=organizations_of(user).values("pk")))


def application_get_for_user(*, user: Any, pk: int) -> Application:
    found = (
        applications_visible_to(user)
        .filter(pk=pk)
        .select_related("job__company", "seeker", "hire_site")
        .first()
    )
    if found is None:
        raise Http404
    return found


def is_employer_side(*, user: Any, application: Application) -> bool:
    return is_operator(user) or is_member(user=user, organization_id=application.job.company_id)


def application_events_for(*, user: Any, application: Application) -> list[dict[str, Any]]:
    """The stage history; the company's comments only to the company and operators."""
    employer = is_employer_side(user=user, application=application)
    return [
        {
            "stage": event.stage,
            "stage_label": str(Application.Stage(event.stage).label),
            "at": event.at,
            "comment": event.comment if employer else "",
        }
        for event in ApplicationEvent.objects.filter(application=application)
    ]


def applications_of_seeker(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(seeker=user).select_related("job__company")


def applications_for_companies(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(job__company__in=organizations_of(user).values("pk")).select_related(
        "job", "seeker"
    )


def interests_of_seeker(user: Any) -> QuerySet[Interest]:
    return Interest.objects.filter(seeker=user).select_related("job__company")


def interest_get_for_seeker(*, user: Any, pk: int) -> Interest:
    found = interests_of_seeker(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def vocabulary() -> Vocabulary:
    """Names for the reasons, in the reader's language: read once per page or API call."""
    qualifications = Qualification.objects.values_list("pk", "slug", "name_ko", "name_en")
    return Vocabulary(
        qualifications={pk: in_reader_language(ko, en) for pk, _slug, ko, en in qualifications},
        qualification_slugs={pk: slug for pk, slug, _ko, _en in qualifications},
        processes={
            pk: in_reader_language(ko, en)
            for pk, ko, en in Process.objects.values_list("pk", "name_ko", "name_en")
        },
        technologies={
            pk: in_reader_language(ko, en)
            for pk, ko, en in Technology.objects.values_list("pk", "name_ko", "name_en")
        },
        complexes={
            pk: in_reader_language(ko, en)
            for pk, ko, en in Complex.objects.values_list("pk", "short_name_ko", "short_name_en")
        },
        shifts={value: str(label) for value, label in Shift.choices},
    )


# --- matches --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeekerMatches:
    matches: list[Match]  # the best, in full
    considered: int  # open postings in the seeker's fields
    unlocks: dict[int, int]  # qualification id → postings it would be the last missing requirement of


def _hidden_open_jobs() -> set[int]:
    return set(
        JobPosting.objects.filter(status=JobPosting.Status.OPEN, company__is_public=False).values_list(
            "pk", flat=True
        )
    )


def matches_for_seeker(*, user: Any, limit: int | None = 50) -> SeekerMatches:
    """Open public postings in the seeker's fields (the technologies of their processes, qualifications
    and choice; all postings for a profile that names none), best first."""
    profile = profile_of(user)
    if profile is None:
        return SeekerMatches(matches=[], considered=0, unlocks={})
    ((_pk, seeker),) = seeker_facts_by_profile(SeekerProfile.objects.filter(pk=profile.pk))
    jobs = OPEN_JOBS.of_technology(seeker.technology_ids) if seeker.technology_ids else OPEN_JOBS.everything()
    hidden = _hidden_open_jobs()
    jobs = [job for job in jobs if job.job_id not in hidden]
    return SeekerMatches(
        matches=best_jobs(seeker, jobs, limit=limit),
        considered=len(jobs),
        unlocks=unlocks(seeker, jobs),
    )


def matches_for_job(*, job: JobPosting, limit: int | None = 50) -> list[Match]:
    """Discoverable seekers in the posting's field, and everyone who applied to it, best first."""
    ((facts),) = job_facts(JobPosting.objects.filter(pk=job.pk))
    seekers = {s.seeker_id: s for s in DISCOVERABLE_SEEKERS.of_technology(frozenset({facts.technology_id}))}
    applied = SeekerProfile.objects.filter(user__in=Application.objects.filter(job=job).values("seeker"))
    seekers.update({s.seeker_id: s for _pk, s in seeker_facts_by_profile(applied)})
    candidates = list(seekers.values())
    # Accounts closed or deactivated since the facts were read are few: rank first, then ask about the
    # best ones only (asking about every candidate cost as much as the ranking itself).
    extra = 20
    while True:
        wanted = None if limit is None else limit + extra
        best = best_seekers(facts, candidates, limit=wanted)
        gone = set(
            User.objects.filter(pk__in=[m.seeker.seeker_id for m in best])
            .filter(Q(is_active=False) | Q(deleted_at__isnull=False))
            .values_list("pk", flat=True)
        )
        kept = [m for m in best if m.seeker.seeker_id not in gone]
        if limit is None or len(kept) >= limit or wanted is None or wanted >= len(candidates):
            return kept[:limit] if limit is not None else kept
        extra *= 4


def seekers_as_seen_by(*, user: Any, job: JobPosting, seeker_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Name and contact of these seekers in a company's match list: masked for everyone, as every list
    is (an applicant's full details are on the application's page, whose every open is recorded), with
    the application to follow for those who applied to this posting."""
    people = {u.pk: u for u in User.objects.filter(pk__in=seeker_ids)}
    phones = dict(SeekerProfile.objects.filter(user_id__in=seeker_ids).values_list("user_id", "phone"))
    applied_here = dict(
        Application.objects.filter(job=job, seeker_id__in=seeker_ids).values_list("seeker_id", "pk")
    )
    return {
        seeker_id: {
            **_identity(people[seeker_id], phones.get(seeker_id, ""), full=False),
            "applied": seeker_id in applied_here,
            "application_id": applied_here.get(seeker_id),
        }
        for seeker_id in seeker_ids
    }
