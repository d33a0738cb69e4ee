"""Talent's part of "my data" (core.personal_data): the seeker's profile, applications and the
companies' invitations. All of it is the seeker's and goes with the account; a company's own notes on
an application go with it (they are about the seeker)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Provider, Row, Section, value_text
from ppuri.talent.models import Application, Interest, JobPosting, SeekerProfile, Shift


def export(user: Any) -> list[Section]:
    rows: list[Row] = []
    profile = SeekerProfile.objects.filter(user=user).first()
    if profile is not None:
        rows += [
            Row(field=_("한 줄 소개"), value=profile.headline),
            Row(field=_("연락처(전화)"), value=profile.phone),
            Row(
                field=_("보유 자격"),
                value=", ".join(
                    f"{held.qualification.name} ({held.acquired_year})"
                    if held.acquired_year
                    else held.qualification.name
                    for held in profile.held.select_related("qualification")
                ),
            ),
            Row(field=_("경험한 공정"), value=", ".join(p.name for p in profile.processes.all())),
            Row(field=_("경험한 뿌리기술"), value=", ".join(t.name for t in profile.technologies.all())),
            Row(field=_("경력(년)"), value=str(profile.experience_years)),
            Row(field=_("최종 학력"), value=profile.get_education_display() if profile.education else ""),
            Row(
                field=_("희망 산업단지"),
                value=", ".join(c.short_name for c in profile.preferred_complexes.all()),
            ),
            Row(field=_("희망 월 임금(원)"), value=value_text(profile.desired_wage)),
            Row(field=_("가능한 근무 형태"), value=", ".join(str(Shift(s).label) for s in profile.shifts)),
            Row(field=_("기숙사 필요"), value=value_text(profile.dormitory)),
            Row(field=_("근무 가능일"), value=value_text(profile.available_from)),
            Row(field=_("기업의 인재 검색 허용"), value=value_text(profile.discoverable)),
            Row(field=_("수집·이용 동의 시각"), value=value_text(profile.consented_at)),
        ]
    for application in Application.objects.filter(seeker=user).select_related("job__company"):
        rows.append(
            Row(
                field=_("입사 지원: %(company)s · %(title)s")
                % {"company": application.job.company.name, "title": application.job.title},
                value=_("%(stage)s (연락처 제공 동의 %(at)s)")
                % {
                    "stage": application.get_stage_display(),
                    "at": value_text(application.contact_consented_at),
                },
            )
        )
    for interest in Interest.objects.filter(seeker=user).select_related("job__company"):
        rows.append(
            Row(
                field=_("받은 지원 제안: %(company)s · %(title)s")
                % {"company": interest.job.company.name, "title": interest.job.title},
                value=interest.get_status_display(),
            )
        )
    posted = JobPosting.objects.filter(created_by=user).count()
    if posted:
        rows.append(Row(field=_("작성한 채용 공고"), value=str(posted)))
    return [Section(key="talent", title=_("구직·채용"), rows=rows)] if rows else []


def erase(user: Any) -> Erasure:
    done = Erasure()
    profiles, _by_model = SeekerProfile.objects.filter(user=user).delete()
    applications, _by_model = Application.objects.filter(seeker=user).delete()
    interests, _by_model = Interest.objects.filter(seeker=user).delete()
    if profiles:
        done.erased.append(_("구직자 프로필을 파기했습니다."))
    if applications or interests:
        done.erased.append(_("입사 지원과 받은 지원 제안을 파기했습니다."))
    return done


TALENT = Provider(
    key="talent",
    models=(
        "talent.SeekerProfile",
        "talent.Application",
        "talent.ApplicationEvent",
        "talent.Interest",
        "talent.JobPosting",
        "talent.WageArrearsMark",
    ),
    export=export,
    erase=erase,
    order=40,
    deletes=(gettext_lazy("구직자 프로필, 입사 지원과 그 단계 기록, 받은 지원 제안"),),
)
