"""The seeker's own profile and matches, and a posting's matches among discoverable seekers (the same
score and reasons from both sides)."""

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from ppuri.api.auth import authenticated_user, token_or_session
from ppuri.api.lookups import by_slugs
from ppuri.api.schemas import DbId, ErrorOut, InputSchema
from ppuri.core.access import Action, Kind, access_record
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.talent import matching, selectors, services
from ppuri.talent.api.lookups import ShiftIn, qualifications_each
from ppuri.talent.models import MAX_MONTHLY_WAGE, JobPosting, SeekerProfile

router = Router(tags=["talent"])
# --- the seeker's profile -------------------------------------------------------------------------------


class HeldIn(InputSchema):
    qualification: str = Field(..., description="slug 또는 이름(이전 명칭도 됨)")
    acquired_year: int | None = Field(None, ge=1950, le=2100)


class SeekerIn(InputSchema):
    qualifications: list[str | HeldIn] = Field(
        default_factory=list,
        max_length=30,
        description="보유 자격: slug·이름, 또는 {qualification, acquired_year}",
    )
    processes: list[str] = Field(default_factory=list, max_length=40)
    technologies: list[str] = Field(default_factory=list, max_length=14)
    experience_years: int = Field(0, ge=0, le=60)
    education: Literal[
        "", "high_school", "vocational_high_school", "college", "university", "master", "doctorate", "other"
    ] = ""
    preferred_complexes: list[str] = Field(default_factory=list, max_length=10)
    desired_wage: int | None = Field(None, ge=0, le=MAX_MONTHLY_WAGE, description="희망 월 임금(원)")
    shifts: list[ShiftIn] = Field(default_factory=list)
    dormitory: bool = False
    available_from: date | None = None
    discoverable: bool = Field(False, description="기업의 인재 검색 허용(선택 동의)")
    headline: str = Field("", max_length=200)
    phone: str = Field("", max_length=20)
    consent: bool = Field(
        False, description="구직자 프로필 수집·이용 동의(talent.notice.PROFILE): 처음 만들 때 true여야 함"
    )


class HeldOut(Schema):
    qualification: str
    name: str
    acquired_year: int | None


class SeekerOut(Schema):
    seeker_id: int
    qualifications: list[HeldOut]
    processes: list[str]
    technologies: list[str]
    experience_years: int
    education: str
    preferred_complexes: list[str]
    desired_wage: int | None
    shifts: list[str]
    dormitory: bool
    available_from: date | None
    discoverable: bool
    headline: str
    phone: str
    consent_notice_version: str


def _seeker_out(profile: SeekerProfile) -> dict[str, Any]:
    return {
        "seeker_id": profile.user_id,
        "qualifications": [
            {
                "qualification": h.qualification.slug,
                "name": h.qualification.name,
                "acquired_year": h.acquired_year,
            }
            for h in profile.held.select_related("qualification")
        ],
        "processes": [p.slug for p in profile.processes.all()],
        "technologies": [t.slug for t in profile.technologies.all()],
        "experience_years": profile.experience_years,
        "education": profile.education,
        "preferred_complexes": [c.slug for c in profile.preferred_complexes.all()],
        "desired_wage": profile.desired_wage,
        "shifts": profile.shifts,
        "dormitory": profile.dormitory,
        "available_from": profile.available_from,
        "discoverable": profile.discoverable,
        "headline": profile.headline,
        "phone": profile.phone,
        "consent_notice_version": profile.consent_notice_version,
    }


def _own_profile(user: Any) -> SeekerProfile:
    profile = selectors.profile_of(user)
    if profile is None:
        raise Http404
    return profile


@router.get(
    "/seekers/me", response={200: SeekerOut, 404: ErrorOut}, auth=token_or_session, summary="내 구직자 프로필"
)
def seekers_me(request: HttpRequest) -> Any:
    user = authenticated_user(request)
    profile = _own_profile(user)
    access_record(request=request, target=profile, kind=Kind.PERSONAL_DATA, action=Action.API_READ, user=user)
    return _seeker_out(profile)


@router.put("/seekers/me", response=SeekerOut, auth=token_or_session, summary="내 구직자 프로필 저장")
def seekers_me_save(request: HttpRequest, payload: SeekerIn) -> Any:
    user = authenticated_user(request)
    pairs = [
        (item, None) if isinstance(item, str) else (item.qualification, item.acquired_year)
        for item in payload.qualifications
    ]
    found = qualifications_each("qualifications", [name for name, _year in pairs])
    held: list[tuple[Qualification, int | None]] = [
        (qualification, year) for qualification, (_name, year) in zip(found, pairs, strict=True)
    ]
    profile = services.seeker_profile_save(
        actor=user,
        consent=payload.consent,
        data=services.ProfileInput(
            qualifications=held,
            processes=by_slugs(Process, "processes", payload.processes),
            technologies=by_slugs(Technology, "technologies", payload.technologies),
            experience_years=payload.experience_years,
            education=payload.education,
            preferred_complexes=by_slugs(Complex, "preferred_complexes", payload.preferred_complexes),
            desired_wage=payload.desired_wage,
            shifts=list(payload.shifts),
            dormitory=payload.dormitory,
            available_from=payload.available_from,
            discoverable=payload.discoverable,
            headline=payload.headline,
            phone=payload.phone,
        ),
    )
    return _seeker_out(profile)


# --- matches ------------------------------------------------------------------------------------------


class MissingOut(Schema):
    qualification: str
    name: str
    required: bool


class JobMatchOut(Schema):
    job_id: int
    title: str
    company: str
    url: str
    score: int = Field(..., description="0–100; 기업이 보는 점수와 같음 / the same score the company reads")
    parts: dict[str, float]
    reasons: list[str]
    missing: list[MissingOut]


class SuggestionOut(Schema):
    qualification: str
    name: str
    jobs: int
    text: str


class SeekerMatchOut(Schema):
    seeker_id: int
    name: str = Field(..., description="가린 이름(지원자의 전체 정보는 GET /applications/{id}, 열람 기록)")
    email: str = Field(..., description="가린 주소")
    phone: str = Field(..., description="가린 전화번호")
    applied: bool
    application_id: int | None = Field(None, description="이 공고에 지원했으면 그 지원의 id")
    score: int
    parts: dict[str, float]
    reasons: list[str]
    missing: list[MissingOut]


@router.get(
    "/seekers/me/matches",
    response=list[JobMatchOut],
    auth=token_or_session,
    summary="나에게 맞는 공고 / postings ranked for the seeker",
    description="모집 중인 공고를 맞는 순서로: 기업이 보는 것과 같은 점수(score), 요인(parts), "
    "근거(reasons), 부족한 자격(missing). 프로필이 없으면 빈 목록입니다.",
)
def seekers_me_matches(request: HttpRequest, limit: int = Query(50, ge=1, le=200)) -> Any:
    user = authenticated_user(request)
    found = selectors.matches_for_seeker(user=user, limit=limit)
    names = selectors.vocabulary()
    jobs = JobPosting.objects.select_related("company").in_bulk([m.job.job_id for m in found.matches])
    return [
        {
            "job_id": m.job.job_id,
            "title": jobs[m.job.job_id].title,
            "company": jobs[m.job.job_id].company.name,
            "url": jobs[m.job.job_id].get_absolute_url(),
            "score": m.score,
            "parts": m.parts,
            "reasons": matching.reasons(m, names),
            "missing": matching.missing(m, names),
        }
        for m in found.matches
    ]


@router.get(
    "/seekers/me/learn-next",
    response=list[SuggestionOut],
    auth=token_or_session,
    summary="다음에 딸 만한 자격 / what to learn next",
    description="모집 중인 공고 가운데 이 자격 하나만 없어서 필수 자격을 못 갖춘 공고가 많은 순서로.",
)
def seekers_me_learn_next(request: HttpRequest) -> Any:
    found = selectors.matches_for_seeker(user=authenticated_user(request), limit=0)
    return matching.learning_suggestions(found.unlocks, selectors.vocabulary())


@router.get(
    "/jobs/{job_id}/matches",
    response={200: list[SeekerMatchOut], 403: ErrorOut},
    auth=token_or_session,
    summary="공고에 맞는 인재",
)
def jobs_matches(request: HttpRequest, job_id: DbId, limit: int = Query(50, ge=1, le=200)) -> Any:
    user = authenticated_user(request)
    job = selectors.job_get_for_edit(user=user, pk=job_id)
    found = selectors.matches_for_job(job=job, limit=limit)
    names = selectors.vocabulary()
    shown = selectors.seekers_as_seen_by(user=user, job=job, seeker_ids=[m.seeker.seeker_id for m in found])
    return [
        {
            **shown[m.seeker.seeker_id],
            "score": m.score,
            "parts": m.parts,
            "reasons": matching.reasons(m, names),
            "missing": matching.missing(m, names),
        }
        for m in found
    ]
