"""The graduate school's part of "my data" (core.personal_data): a student's records, interests, NDA
acceptances and placements, and what the school's staff did."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, value_text
from ppuri.graduate.models import Match, NdaAcceptance, Placement, Project, ProjectInterest, Student


def export(user: Any) -> list[Section]:
    rows: list[Row] = []
    for student in Student.objects.filter(user=user).select_related(
        "cohort", "technology", "advisor", "sponsor"
    ):
        rows.append(
            Row(
                field=_("학생 기록: %(cohort)s") % {"cohort": student.cohort},
                value=_("%(name)s, %(status)s, 전공 %(tech)s, 지도교수 %(advisor)s, 후원 기업 %(sponsor)s")
                % {
                    "name": student.name,
                    "status": student.get_status_display(),
                    "tech": student.technology or "—",
                    "advisor": student.advisor.name if student.advisor else "—",
                    "sponsor": student.sponsor.name if student.sponsor else "—",
                },
            )
        )
        for interest in ProjectInterest.objects.filter(student=student).select_related("project"):
            rows.append(
                Row(
                    field=_("과제 관심 표명: %(title)s") % {"title": interest.project.title},
                    value=interest.motivation,
                )
            )
        for placement in Placement.objects.filter(student=student):
            rows.append(
                Row(
                    field=_("진로(%(survey)s)") % {"survey": placement.get_survey_display()},
                    value=" · ".join(
                        filter(
                            None,
                            [
                                str(placement.get_outcome_display()),
                                placement.employer.name if placement.employer else placement.employer_name,
                                placement.role,
                                value_text(placement.hired_on),
                            ],
                        )
                    ),
                )
            )
    for acceptance in NdaAcceptance.objects.filter(user=user).select_related("project"):
        rows.append(
            Row(
                field=_("비밀유지 동의: %(title)s") % {"title": acceptance.project.title},
                value=value_text(acceptance.accepted_at),
            )
        )
    counts = [
        (_("제안한 대학원 연계 과제"), Project.objects.filter(proposed_by=user).count()),
        (_("결정한 과제 배정"), Match.objects.filter(decided_by=user).count()),
        (_("진로를 기록한 졸업생"), Placement.objects.filter(recorded_by=user).count()),
    ]
    rows += [Row(field=str(label), value=str(count)) for label, count in counts if count]
    return [Section(key="graduate", title=_("제조혁신전문대학원"), rows=rows)] if rows else []


def erase(user: Any) -> Erasure:
    """The links to the account are cut; the school's record of the student stays until its retention
    ends (graduate.retention)."""
    done = Erasure()
    # A deleted account's row stays (anonymised), so SET_NULL never runs: the links are cut here.
    if Student.objects.filter(user=user).update(user=None):
        done.kept.append(_("학생 기록은 계정과의 연결을 끊고 학교의 보유 기간까지 남깁니다."))
    if NdaAcceptance.objects.filter(user=user).update(user=None):
        done.kept.append(_("과제의 비밀유지 동의 기록은 계정과의 연결을 끊고 남깁니다."))
    return done


GRADUATE = Provider(
    key="graduate",
    models=(
        "graduate.Student",
        "graduate.Project",
        "graduate.NdaAcceptance",
        "graduate.Match",
        "graduate.Placement",
    ),
    export=export,
    erase=erase,
    order=46,
    keeps=(
        Kept(
            what=gettext_lazy("대학원생 기록(이름, 기수, 학적 상태, 과제, 진로)"),
            why=gettext_lazy("학교의 학적·과제 관리와 졸업생 진로 통계"),
            how_long=gettext_lazy("졸업·제적 뒤 PPURI_GRADUATE_RETENTION_DAYS(기본 5년)까지"),
        ),
        Kept(
            what=gettext_lazy("과제의 비밀유지 동의 기록(계정과의 연결은 지움)"),
            why=gettext_lazy("기업과의 비밀유지 약속의 증빙"),
            how_long=gettext_lazy("과제가 남아 있는 동안"),
        ),
    ),
)
