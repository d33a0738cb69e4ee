"""Suggested pairs for a project: which interested student with which advisor, scored with the reasons
a person reads. The school decides (services.match_create); this only ranks.

A student's fit: the student showed interest (the pool is those who did), their field is the project's
root technology, the processes they follow are the project's, the project is their sponsor's. An
advisor's fit: their technologies and processes are the project's, they advised the desk case the
project came from, and how many students they supervise now against PPURI_GRADUATE_ADVISEES_MAX. An
advisor with a conflict with the company (the desk's conflict list) or already at the limit is left out.
The weights are Ppuri's judgement, as in talent.matching, and shown with every score.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from ppuri.challenges.models import Expert
from ppuri.graduate import selectors
from ppuri.graduate.models import Project, ProjectInterest, Student

SUGGESTIONS_SHOWN = 5


@dataclass
class Suggestion:
    student: Student
    advisor: Expert
    score: float
    reasons: list[str] = field(default_factory=list)


def _student_fit(student: Student, project: Project, project_processes: set[int]) -> tuple[float, list[str]]:
    score, reasons = 2.0, [_("이 과제에 관심을 표명함")]
    if project.technology_id and student.technology_id == project.technology_id:
        score += 3
        reasons.append(_("전공 분야가 과제의 뿌리기술(%(tech)s)과 같음") % {"tech": project.technology})
    shared = [p for p in student.processes.all() if p.pk in project_processes]
    if shared:
        score += len(shared)
        reasons.append(_("관심 공정이 과제와 겹침: %(names)s") % {"names": ", ".join(p.name for p in shared)})
    if student.sponsor_id and student.sponsor_id == project.company_id:
        score += 2
        reasons.append(_("과제를 낸 기업이 후원 기업임"))
    return score, reasons


def _advisor_fit(
    advisor: Expert, project: Project, project_processes: set[int], load: int, case_experts: set[int]
) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    if project.technology_id and any(t.pk == project.technology_id for t in advisor.technologies.all()):
        score += 3
        reasons.append(_("지도교수 전문 분야가 과제의 뿌리기술과 같음"))
    shared = [p for p in advisor.processes.all() if p.pk in project_processes]
    if shared:
        score += min(len(shared), 3)
        reasons.append(_("지도교수 전문 공정: %(names)s") % {"names": ", ".join(p.name for p in shared)})
    if advisor.pk in case_experts:
        score += 2
        reasons.append(_("이 과제의 출발이 된 한계기술 사례를 자문함"))
    limit = settings.PPURI_GRADUATE_ADVISEES_MAX
    score -= 2 * load / limit
    reasons.append(_("지도 중인 학생 %(load)d/%(limit)d명") % {"load": load, "limit": limit})
    return score, reasons


def suggestions(project: Project, *, limit: int = SUGGESTIONS_SHOWN, student: Any = None) -> list[Suggestion]:
    """The best pairs for the project among the studying students who showed interest and are not on
    another project yet (or only `student`), and the advisors free to take them."""
    project_processes = set(project.processes.values_list("pk", flat=True))
    interested = (
        Student.objects.filter(
            interests__project=project,
            interests__status=ProjectInterest.Status.SENT,
            status__in=Student.STUDYING,
        )
        .exclude(matches__project__status__in=(Project.Status.MATCHED, Project.Status.PUBLISHED))
        .select_related("technology")
        .prefetch_related("processes")
        .distinct()
    )
    if student is not None:
        interested = interested.filter(pk=student.pk)
    if not interested:  # nobody to pair: the advisors need not be read
        return []
    loads = selectors.advisor_loads()
    limit_load = settings.PPURI_GRADUATE_ADVISEES_MAX
    conflicted = set(project.company.conflicted_experts.values_list("pk", flat=True))
    case_experts: set[int] = set()
    if project.challenge_id:
        case_experts = set(project.challenge.offers.values_list("expert_id", flat=True))  # type: ignore[union-attr]
    pool = [
        advisor
        for advisor in selectors.advisors().prefetch_related("technologies", "processes")
        if advisor.pk not in conflicted and loads.get(advisor.pk, 0) < limit_load
    ]
    advisor_fits = {
        a.pk: _advisor_fit(a, project, project_processes, loads.get(a.pk, 0), case_experts) for a in pool
    }
    ranked_advisors = sorted(pool, key=lambda a: (-advisor_fits[a.pk][0], a.name, a.pk))
    found: list[Suggestion] = []
    for student in interested:
        s_score, s_reasons = _student_fit(student, project, project_processes)
        # The student's own advisor first when they have one and may take them.
        choices = [a for a in ranked_advisors if a.pk == student.advisor_id] + [
            a for a in ranked_advisors if a.pk != student.advisor_id
        ][:2]
        for advisor in choices:
            a_score, a_reasons = advisor_fits[advisor.pk]
            reasons = s_reasons + a_reasons
            score = s_score + a_score
            if advisor.pk == student.advisor_id:
                score += 1
                reasons = [*reasons, _("이미 이 학생의 지도교수임")]
            found.append(Suggestion(student=student, advisor=advisor, score=round(score, 2), reasons=reasons))
    found.sort(key=lambda s: (-s.score, s.student.pk, s.advisor.pk))
    return found[:limit]


def suggestion_reasons(project: Project, *, student: Any, advisor: Any) -> list[str]:
    """The reasons of the pair the school chose, when it is one of the suggestions."""
    for suggestion in suggestions(project, limit=100, student=student):
        if suggestion.student.pk == student.pk and suggestion.advisor.pk == advisor.pk:
            return suggestion.reasons
    return []
