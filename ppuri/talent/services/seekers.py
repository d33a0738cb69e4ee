"""Writes of a seeker's own profile, with its consents (talent.notice)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.accounts import roles
from ppuri.accounts.models import User
from ppuri.core.activity import activity_log
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.talent import notice
from ppuri.talent.models import MAX_MONTHLY_WAGE, Education, SeekerProfile, SeekerQualification, Shift

# --- profiles ---------------------------------------------------------------------------------------


@dataclass
class ProfileInput:
    qualifications: list[tuple[Qualification, int | None]]  # (qualification, year acquired)
    processes: list[Process]
    technologies: list[Technology]
    experience_years: int
    education: str
    preferred_complexes: list[Complex]
    desired_wage: int | None
    shifts: list[str]
    dormitory: bool
    available_from: date | None
    discoverable: bool
    headline: str = ""
    phone: str = ""


def _clean_profile(data: ProfileInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not 0 <= data.experience_years <= 60:
        errors["experience_years"] = _("경력은 0년에서 60년 사이로 입력해 주세요.")
    if data.education and data.education not in Education.values:
        errors["education"] = _("최종 학력을 목록에서 고르세요.")
    if data.desired_wage is not None and not 0 <= data.desired_wage <= MAX_MONTHLY_WAGE:
        errors["desired_wage"] = _("희망 월 임금은 1억 원 이하로 입력해 주세요(연봉이 아니라 월 임금).")
    unknown = [s for s in data.shifts if s not in Shift.values]
    if unknown:
        errors["shifts"] = _("알 수 없는 근무 형태입니다: %(values)s") % {"values": ", ".join(unknown)}
    this_year = timezone.localdate().year
    for qualification, year in data.qualifications:
        if year is not None and not 1950 <= year <= this_year:
            errors["qualifications"] = _("%(name)s의 취득 연도가 올바르지 않습니다.") % {
                "name": qualification.name
            }
    if len({q.pk for q, _year in data.qualifications}) != len(data.qualifications):
        errors["qualifications"] = _(
            "같은 자격이 두 번 들어 있습니다(이전 명칭과 현재 명칭은 같은 자격입니다)."
        )
    headline = data.headline.strip()
    if len(headline) > 200:
        errors["headline"] = _("한 줄 소개는 200자까지 쓸 수 있습니다.")
    phone = data.phone.strip()
    if phone and (len(phone) > 20 or not all(c.isdigit() or c in "-+ ()" for c in phone)):
        errors["phone"] = _("전화번호는 숫자와 - 로 입력해 주세요(예: 010-1234-5678).")
    if errors:
        raise ValidationError(errors)
    return {
        "experience_years": data.experience_years,
        "education": data.education,
        "desired_wage": data.desired_wage,
        "shifts": sorted(set(data.shifts), key=Shift.values.index),
        "dormitory": data.dormitory,
        "available_from": data.available_from,
        "headline": headline,
        "phone": phone,
    }


@transaction.atomic
def seeker_profile_save(*, actor: Any, data: ProfileInput, consent: bool) -> SeekerProfile:
    """Create or replace the seeker's own profile. The first save needs the collection consent
    (talent.notice.PROFILE); being found by companies is the separate DISCOVERY consent."""
    roles.require_seeker(actor)
    fields = _clean_profile(data)
    now = timezone.now()
    # The account's row under lock: two first saves at once (a double click) take turns, and the
    # second finds the profile the first made instead of failing on the one-to-one.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    profile = SeekerProfile.objects.select_for_update().filter(user=actor).first()
    created = profile is None
    if profile is None:
        if not consent:
            raise ValidationError(
                {"consent": _("구직자 프로필 수집·이용에 동의해야 프로필을 만들 수 있습니다.")}
            )
        profile = SeekerProfile(user=actor, consented_at=now, consent_notice_version=notice.NOTICE_VERSION)
    was_discoverable = profile.discoverable
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.discoverable = data.discoverable
    if data.discoverable and not was_discoverable:
        profile.discoverable_since = now
    elif not data.discoverable:
        profile.discoverable_since = None
    profile.last_active_at = now
    profile.save()
    profile.processes.set(data.processes)
    profile.technologies.set(data.technologies)
    profile.preferred_complexes.set(data.preferred_complexes)
    SeekerQualification.objects.filter(profile=profile).delete()
    SeekerQualification.objects.bulk_create(
        [
            SeekerQualification(profile=profile, qualification=q, acquired_year=year)
            for q, year in data.qualifications
        ]
    )
    if created:
        activity_log(
            actor=actor,
            verb="talent.profile.created",
            target=profile,
            summary=lambda: _("구직자 프로필을 만들었습니다."),
        )
    else:
        activity_log(
            actor=actor,
            verb="talent.profile.updated",
            target=profile,
            summary=lambda: _("구직자 프로필을 고쳤습니다."),
        )
    if data.discoverable != was_discoverable:
        activity_log(
            actor=actor,
            verb="talent.profile.discovery_allowed"
            if data.discoverable
            else "talent.profile.discovery_withdrawn",
            target=profile,
            summary=lambda: (
                _("기업의 인재 검색을 허용했습니다.")
                if data.discoverable
                else _("기업의 인재 검색 허용을 철회했습니다.")
            ),
        )
    return profile


def seeker_was_active(seeker: Any) -> None:
    """The seeker acted (applied, answered): their data's retention counts from now."""
    SeekerProfile.objects.filter(user=seeker).update(last_active_at=timezone.now())


def seeker_signed_in(sender: Any, user: Any, **kwargs: Any) -> None:
    """The user_logged_in receiver: a seeker who signs in is active (a user without a profile changes
    nothing)."""
    seeker_was_active(user)
