"""The graduate demo's school, second part: the steps the timeline runs on their days, each through
ppuri.graduate.services as the people who would act — the school, the partner firms' members and the
students."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ppuri.accounts.models import Role, User
from ppuri.challenges.models import Expert
from ppuri.demo.graduate.base import _SchoolBase
from ppuri.demo.graduate.plan import (
    MOTIVATIONS,
    REVISE_NOTES,
    _Answer,
    _object_particle,
    _PlannedProject,
    _PlannedStudent,
)
from ppuri.graduate import selectors, services
from ppuri.graduate.models import Placement, Project, ProjectInterest, Student, ThesisMilestone
from ppuri.tenure.models import SeparationReason
from ppuri.tenure.services import employment_separate


class _Steps(_SchoolBase):
    """What the school, the firms and the students do on a step's day."""

    # --- projects ---------------------------------------------------------------------------------

    def propose(self, planned: _PlannedProject) -> None:
        planned.project = services.project_propose(
            actor=planned.member,
            data=services.ProjectInput(
                company=planned.company,
                title=planned.title,
                summary=planned.summary,
                problem=planned.problem,
                data_shared=planned.data_shared,
                mentor_name=planned.mentor_name,
                mentor_title=planned.mentor_title,
                confidentiality=Project.Confidentiality.NDA
                if planned.nda
                else Project.Confidentiality.PUBLIC,
                technology=planned.technology,
                processes=planned.processes,
                challenge=planned.challenge,
            ),
        )

    def publish(self, planned: _PlannedProject) -> None:
        assert planned.project is not None
        planned.project = services.project_publish(actor=self.school, project=planned.project)

    def withdraw_project(self, planned: _PlannedProject) -> None:
        assert planned.project is not None
        services.project_withdraw(actor=planned.member, project=planned.project)

    def complete(self, planned: _PlannedProject) -> None:
        assert planned.project is not None
        planned.project = services.project_complete(
            actor=self.school, project=planned.project, outcome=planned.outcome, result=planned.result
        )

    def consent(self, planned: _PlannedProject) -> None:
        assert planned.project is not None
        planned.project.refresh_from_db()
        services.project_publish_consent(actor=planned.member, project=planned.project, consent=True)

    # --- students ---------------------------------------------------------------------------------

    def enrol(self, planned: _PlannedStudent) -> None:
        cohort = self.cohorts[planned.year]
        email = planned.email
        planned.student = services.student_enrol(
            actor=self.school,
            cohort=cohort,
            name=planned.name,
            email=email,
            technology=planned.technology,
            processes=planned.processes,
            sponsor=planned.sponsor,
            expected_graduation=date(planned.year + 2, 8, 31),
        )

    def signup(self, planned: _PlannedStudent, day: date) -> None:
        """The student makes an account with the address the school invited and signs in: the record is
        linked (as at a real sign-in), and they agree to the notice. An account of that name made by hand
        before the demo is left alone."""
        user = User.objects.filter(username=planned.username).first()
        if user is None:
            user = User.objects.create(
                username=planned.username,
                role=Role.SEEKER,
                display_name=f"{planned.name} (데모)",
                email=planned.email,
                password=self.hashed_password,
                date_joined=self.timeline.moment(day),
            )
        if user.role != Role.SEEKER or user.email.lower() != planned.email.lower():
            return
        services.student_link_invitations(user=user)
        assert planned.student is not None
        planned.student.refresh_from_db()
        if planned.student.user_id == user.pk:
            planned.user = user
            services.student_consent(actor=user, student=planned.student)

    def request(self, planned: _PlannedStudent) -> None:
        """A seeker asks to be recognised as a student of the cohort (with consent to the notice)."""
        assert planned.user is not None
        planned.student = services.student_request(
            actor=planned.user,
            cohort=self.cohorts[planned.year],
            name=planned.name,
            technology=planned.technology,
            consent=True,
        )

    def confirm(self, planned: _PlannedStudent) -> None:
        assert planned.student is not None
        services.student_status_set(
            actor=self.school, student=planned.student, status=Student.Status.ENROLLED
        )

    def interest(self, planned: _PlannedStudent, project: _PlannedProject) -> None:
        if planned.user is None or project.project is None:
            return
        if project.nda:
            services.nda_accept(actor=planned.user, project=project.project)
        technology = planned.technology.name_ko if planned.technology else "뿌리"
        template = planned.rng.choice(MOTIVATIONS)
        services.interest_express(
            actor=planned.user,
            project=project.project,
            motivation=template.format(
                tech=technology, tech_obj=_object_particle(technology), years=planned.rng.randint(2, 9)
            ),
        )

    def drop_interest(self, planned: _PlannedStudent, project: _PlannedProject) -> None:
        interest = ProjectInterest.objects.filter(student=planned.student, project=project.project).first()
        if interest is not None and planned.user is not None:
            services.interest_withdraw(actor=planned.user, interest=interest)

    def leave(self, planned: _PlannedStudent, day: date) -> None:
        assert planned.student is not None
        services.student_status_set(
            actor=self.school, student=planned.student, status=Student.Status.WITHDRAWN, day=day
        )

    def advisor_for(self, planned: _PlannedStudent, project: _PlannedProject) -> Expert:
        """Who the school chooses: the project's advisor when it has one; else one who advised the case it
        came from, or one of its technology; the least loaded, none in conflict with the company."""
        loads = selectors.advisor_loads()
        limit = settings.PPURI_GRADUATE_ADVISEES_MAX
        free = [
            a
            for a in self.advisors
            if (a.pk, project.company.pk) not in self.conflicts and loads.get(a.pk, 0) < limit
        ]
        if not free:
            raise ImproperlyConfigured("the graduate demo has no advisor free to take a student")
        if project.advisor is not None and project.advisor in free:
            return project.advisor
        fits = []
        if project.challenge is not None:
            offered = set(project.challenge.offers.values_list("expert_id", flat=True))
            fits = [a for a in free if a.pk in offered]
        if not fits and project.technology is not None:
            fits = [a for a in free if project.technology.pk in self.advisor_technologies[a.pk]]
        fits = fits or free
        least = min(loads.get(a.pk, 0) for a in fits)
        return planned.rng.choice([a for a in fits if loads.get(a.pk, 0) == least])

    def match(self, planned: _PlannedStudent) -> None:
        project = planned.project
        assert project is not None and project.project is not None and planned.student is not None
        advisor = self.advisor_for(planned, project)
        project.advisor = advisor
        match = services.match_create(
            actor=self.school, project=project.project, student=planned.student, advisor=advisor
        )
        planned.milestones = {m.kind: m for m in match.milestones.all()}
        first_day, first_kind, _state = self.reviews(planned)[0]
        if first_day < self.today:
            return  # held before today: its planned day is written when it is held
        services.milestone_update(
            actor=self.school,
            milestone=planned.milestones[first_kind],
            planned_on=first_day,
            held_on=None,
            state=ThesisMilestone.State.PLANNED,
        )

    def review(self, planned: _PlannedStudent, index: int) -> None:
        held = self.reviews(planned)
        day, kind, state = held[index]
        revised = state == ThesisMilestone.State.REVISE
        services.milestone_update(
            actor=self.school,
            milestone=planned.milestones[kind],
            planned_on=day,
            held_on=day,
            state=state,
            note=planned.rng.choice(REVISE_NOTES) if revised else "",
        )
        if index + 1 < len(held) and held[index + 1][0] >= self.today:
            next_day, next_kind, _next_state = held[index + 1]
            services.milestone_update(
                actor=self.school,
                milestone=planned.milestones[next_kind],
                planned_on=next_day,
                held_on=None,
                state=ThesisMilestone.State.PLANNED,
            )

    def intern(self, planned: _PlannedStudent) -> None:
        assert planned.student is not None and planned.project is not None
        project = planned.project
        student = Student.objects.select_related("cohort").get(pk=planned.student.pk)
        services.internship_record(
            actor=self.school,
            student=student,
            company=project.company,
            project=project.project,
            starts_on=date(planned.year + 1, 7, 1),
            ends_on=date(planned.year + 1, 8, 28),
        )

    def graduate(self, planned: _PlannedStudent) -> None:
        assert planned.student is not None
        services.student_status_set(
            actor=self.school,
            student=planned.student,
            status=Student.Status.GRADUATED,
            day=self.graduated_on(planned),
        )

    def place(self, planned: _PlannedStudent, survey: str, answer: _Answer) -> None:
        assert planned.student is not None
        if survey == Placement.Survey.MONTHS_15 and planned.left_on is not None:
            employment = planned.first_placement.employment if planned.first_placement else None
            if employment is not None:
                employment_separate(
                    actor=self.operator,
                    employment=employment,
                    separated_on=planned.left_on,
                    reason=planned.rng.choice([SeparationReason.VOLUNTARY, SeparationReason.CONTRACT_END]),
                )
        placement = services.placement_record(
            actor=self.school,
            student=planned.student,
            survey=survey,
            outcome=answer.outcome,
            employer=answer.employer,
            employer_name=answer.employer_name,
            site=self.site(answer.employer) if answer.employer is not None else None,
            root_industry=answer.root,
            role=answer.role,
            hired_on=answer.hired_on,
        )
        if survey == Placement.Survey.AT_GRADUATION:
            planned.first_placement = placement
