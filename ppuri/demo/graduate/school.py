"""The graduate demo's school, last part: the plan — the cohorts by the calendar and this year's round
counted back from today — that puts each step on its day."""

import random
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings

from ppuri.accounts.models import Role, User
from ppuri.challenges.models import Challenge
from ppuri.core.clock import add_months
from ppuri.demo.graduate.plan import (
    ACCOUNT_SHARE,
    ACCOUNTS_FROM,
    ADMITTED_LATER,
    COHORTS,
    CURRENT_GENERATED,
    FIRST_YEAR,
    LATE_STUDENTS,
    NOTE_2020,
    NOTE_LATER,
    NOTE_RAMP,
    OUTCOME_WEIGHTS,
    PAIR_SHARE,
    SEEKER_REQUESTS,
    SPONSORED_SHARE,
    TRACK_WEIGHTS,
    UNMATCHED_PROJECTS,
    WITHDRAWN_SHARE,
    _Answer,
    _Partner,
    _PlannedProject,
    _PlannedStudent,
)
from ppuri.demo.graduate.steps import _Steps
from ppuri.demo.graduate.timeline import (
    COHORT,
    COMPLETE,
    CONSENT,
    ENROL,
    GRADUATE,
    INTEREST,
    INTERNSHIP,
    LEAVE,
    MATCH,
    PLACEMENT,
    PROPOSE,
    PUBLISH,
    REVIEW,
    SIGNUP,
    _between,
    _on,
    _weekday,
    interest_days,
    signup_days,
)
from ppuri.graduate import services
from ppuri.graduate.models import Placement
from ppuri.reference.models import Technology


class _School(_Steps):
    """The plan of the graduate school's demo (what happens on which day, to whom) and its steps."""

    # --- projects ---------------------------------------------------------------------------------

    def _project_events(self, planned: _PlannedProject, withdraw_on: date | None = None) -> None:
        self.timeline.at(planned.proposed_on, PROPOSE, lambda: self.propose(planned))
        if planned.published_on is not None:
            self.timeline.at(planned.published_on, PUBLISH, lambda: self.publish(planned))
        if withdraw_on is not None:
            self.timeline.at(withdraw_on, LEAVE, lambda: self.withdraw_project(planned))
        matched = [s for s in planned.students if s.project is planned]
        if matched and all(s.withdraw_on is None for s in matched):
            done = _weekday(max(self.defended_on(s) for s in matched) + timedelta(days=14))
            self.timeline.at(done, COMPLETE, lambda: self.complete(planned))
            if planned.consent:
                self.timeline.at(_weekday(done + timedelta(days=21)), CONSENT, lambda: self.consent(planned))

    # --- students ---------------------------------------------------------------------------------

    def _student_events(self, planned: _PlannedStudent, enrol_on: date) -> None:
        at = self.timeline.at
        at(enrol_on, ENROL, lambda: self.enrol(planned))
        if planned.username and planned.signup_on is not None:
            signup_on = planned.signup_on
            at(signup_on, SIGNUP, lambda: self.signup(planned, signup_on))
        for day, project in planned.interests:
            at(day, INTEREST, partial(self.interest, planned, project))
        if planned.dropped_interest is not None:
            day, project = planned.dropped_interest
            at(day, LEAVE, lambda: self.drop_interest(planned, project))
        if planned.withdraw_on is not None:
            withdraw_on = planned.withdraw_on
            at(withdraw_on, LEAVE, lambda: self.leave(planned, withdraw_on))
            return
        self._study_events(planned, _on(planned.year, (0, 5, 20)))

    def _study_events(self, planned: _PlannedStudent, match_on: date) -> None:
        at = self.timeline.at
        if planned.project is None:
            return
        at(match_on, MATCH, lambda: self.match(planned))
        for index, (day, _kind, _state) in enumerate(self.reviews(planned)):
            at(day, REVIEW, partial(self.review, planned, index))
        if planned.internship:
            at(_weekday(date(planned.year + 1, 9, 4)), INTERNSHIP, lambda: self.intern(planned))
        graduated = self.graduated_on(planned)
        at(graduated, GRADUATE, lambda: self.graduate(planned))
        self._answers(planned)
        if planned.username == "alumni" and planned.project is not None:
            # The documented graduate: at work at the company of their project, at both surveys.
            hired = _weekday(graduated - timedelta(days=30))
            role = self.data["words"]["roles"][0]
            planned.at_graduation = planned.after_15m = _Answer(
                Placement.Outcome.EMPLOYED, employer=planned.project.company, role=role, hired_on=hired
            )
            planned.left_on = None
        first, later = planned.at_graduation, planned.after_15m
        if first is not None:
            at(
                graduated + timedelta(days=24),
                PLACEMENT,
                lambda: self.place(planned, Placement.Survey.AT_GRADUATION, first),
            )
        if later is not None:
            day = _weekday(add_months(graduated, 15) + timedelta(days=10))
            at(day, PLACEMENT, lambda: self.place(planned, Placement.Survey.MONTHS_15, later))

    # --- the cohorts ------------------------------------------------------------------------------

    def cohort(self, year: int) -> None:
        rng = random.Random(f"{self.seed}:graduate:{year}")
        target, admitted = COHORTS.get(year, (settings.PPURI_GRADUATE_COHORT_TARGET, ADMITTED_LATER))
        if year >= 2024:
            target = settings.PPURI_GRADUATE_COHORT_TARGET
        note = NOTE_2020 if year == FIRST_YEAR else NOTE_RAMP if year < 2024 else NOTE_LATER

        def save() -> None:
            self.cohorts[year] = services.cohort_save(
                actor=self.school, year=year, target=target, starts_on=date(year, 3, 2), note=note
            )

        self.timeline.at(_weekday(date(year - 1, 10, 15)), COHORT, save)
        enrol_on = _weekday(date(year, 2, 19))
        students = []
        for number in range(1, admitted + 1):
            planned = _PlannedStudent(
                year=year,
                number=number,
                name=self.names.draw(rng),
                email=f"grad{year}-{number:02d}@ppuri.example",
                rng=random.Random(f"{self.seed}:graduate:{year}:{number}"),
            )
            planned.track = rng.choices(list(TRACK_WEIGHTS), weights=list(TRACK_WEIGHTS.values()))[0]
            if rng.random() < WITHDRAWN_SHARE:
                planned.withdraw_on = _between(rng, date(year, 3, 16), date(year, 5, 8))
            elif rng.random() < SPONSORED_SHARE:
                partner = rng.random() < 0.7
                planned.sponsor = self.partner(rng).company if partner else rng.choice(self.employers)
            if year >= ACCOUNTS_FROM and rng.random() < ACCOUNT_SHARE:
                planned.username = f"grad{year}-{number:02d}"
                planned.signup_on = _weekday(rng.choice(signup_days(year)))
            planned.internship = planned.sponsor is None and rng.random() < 0.45
            students.append(planned)
        self._named_accounts(year, students)
        if year == self.latest:
            late = [
                s
                for s in students
                if s.username.startswith("grad") and s.withdraw_on is None and s.sponsor is None
            ]
            for planned in late[-LATE_STUDENTS:]:
                planned.late = True
                self.late.append(planned)
        projects = self._cohort_projects(rng, year, students)
        for planned in students:
            self._interests(planned, projects)
            self._student_events(planned, enrol_on)
        for planned_project in projects:
            withdraw_on = _weekday(date(year, 6, 12)) if not planned_project.students else None
            self._project_events(planned_project, withdraw_on)

    def _named_accounts(self, year: int, students: list[_PlannedStudent]) -> None:
        """`student` (2025: thesis stage, an NDA project, an internship) and `alumni` (2022: graduated,
        at work at the company of their project)."""
        named = {2025: "student", 2022: "alumni"}
        if year not in named:
            return
        planned = next(s for s in students if s.withdraw_on is None and s.sponsor is None and not s.late)
        planned.username = named[year]
        planned.email = f"{named[year]}@ppuri.example"
        planned.track = "normal"
        planned.internship = year == 2025
        planned.signup_on = (
            _weekday(planned.rng.choice(signup_days(year)))
            if year == 2025
            else _weekday(self.graduated_on(planned) - timedelta(days=14))
        )
        planned.named = True

    def _cohort_projects(
        self, rng: random.Random, year: int, students: list[_PlannedStudent]
    ) -> list[_PlannedProject]:
        """The spring round: a project per student (at the sponsor's when a partner sponsors them), a
        quarter of students joining another's, and a few nobody takes."""
        # Partner firms send proposals over the winter; the school takes them in on a few days.
        proposal_days = [date(year - 1, 11, 20), date(year - 1, 12, 15), date(year, 1, 12), date(year, 2, 5)]
        published_on = _weekday(date(year, 2, 24))
        partners_by_company = {p.company.pk: p for p in self.partners}
        projects: list[_PlannedProject] = []
        singles: list[_PlannedProject] = []
        for planned in students:
            if planned.withdraw_on is not None or planned.late:
                partner = self.partner(rng)
                process = rng.choice(partner.processes)
                planned.technology, planned.processes = process.technology, [process]
                continue
            sponsor_partner = partners_by_company.get(planned.sponsor.pk) if planned.sponsor else None
            if sponsor_partner is None and singles and not planned.named and rng.random() < PAIR_SHARE:
                project = rng.choice(singles)
                singles.remove(project)
            else:
                partner = sponsor_partner or self.partner(rng)
                project = self._project(rng, partner, _weekday(rng.choice(proposal_days)), published_on)
                projects.append(project)
                if sponsor_partner is None:
                    singles.append(project)
            if planned.named and planned.year == 2025:
                project.nda = True
            project.students.append(planned)
            planned.project = project
            planned.technology = project.technology
            # Their project's process, and now and then another of its technology.
            assert project.process is not None
            others = [p for p in self.by_technology[project.process.technology_id] if p != project.process]
            planned.processes = project.processes + others[: rng.choice([0, 0, 1])]
        for _extra in range(UNMATCHED_PROJECTS):
            proposed_on = _weekday(rng.choice(proposal_days))
            projects.append(self._project(rng, self.partner(rng), proposed_on, published_on))
        return projects

    def _interests(self, planned: _PlannedStudent, projects: list[_PlannedProject]) -> None:
        """A student with an account shows interest in their project and in one or two others of the
        round before the school matches them; now and then drops one of the others."""
        rng, year = planned.rng, planned.year
        if (
            planned.signup_on is None
            or planned.signup_on > date(year, 5, 1)
            or planned.withdraw_on
            or planned.late
        ):
            return
        chosen = [planned.project] if planned.project else []
        others = [p for p in projects if p is not planned.project]
        chosen += rng.sample(others, min(len(others), rng.choice([0, 1, 1, 2])))
        days = [_weekday(day) for day in interest_days(year) if _weekday(day) > planned.signup_on]
        for project in chosen:
            if project is not None:
                planned.interests.append((rng.choice(days), project))
        if len(chosen) > 1 and rng.random() < 0.2:
            planned.dropped_interest = (_weekday(date(year, 5, 13)), chosen[-1])  # type: ignore[assignment]

    # --- this year's round ------------------------------------------------------------------------

    def current_round(self) -> None:
        """Projects proposed in the last months, counted back from today (some from the desk's cases):
        proposed, recruiting with the interest of the latest cohort's late students and of
        `seeker-minseo`, two matched, one withdrawn; and two seekers' requests waiting for the school."""
        rng = random.Random(f"{self.seed}:graduate:current")
        partners = {p.key: p for p in self.partners}
        made: dict[str, _PlannedProject] = {}
        withdrawals: dict[str, date] = {}
        for row in self.data["from_case"]:
            challenge = self.cases.get(row["case"])
            company_id = challenge.company_id if challenge is not None else None
            partner = next((p for p in self.partners if p.company.pk == company_id), None)
            if challenge is not None and partner is not None:
                made[row["case"]] = self._from_case(rng, challenge, partner, row)
        for key, proposed, published, withdrawn in CURRENT_GENERATED:
            if key in partners:
                made[key] = self._project(
                    rng, partners[key], self.ago(proposed), self.ago(published) if published else None
                )
                if withdrawn:
                    withdrawals[key] = self.ago(withdrawn)
        recruiting = self._late_students(rng, made)
        self._seekers(rng, recruiting)
        for key, planned in made.items():
            self._project_events(planned, withdrawals.get(key))

    def ago(self, days: int) -> date:
        """`days` before today, or the Friday before when that is a weekend."""
        day = self.today - timedelta(days=days)
        return day - timedelta(days=max(0, day.weekday() - 4))

    def _from_case(
        self, rng: random.Random, challenge: Challenge, partner: _Partner, row: dict[str, Any]
    ) -> _PlannedProject:
        """A project from one of the company's desk cases, as the case page's "대학원 연계 과제로 제안"
        prefills it: a confidential case behind an NDA."""
        technology = challenge.technology
        field_name = technology.name_ko if technology else "뿌리공정"
        outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
        title = f"{challenge.title}: 원인 규명과 재발 방지"
        self.titles.add(title)
        return _PlannedProject(
            company=partner.company,
            member=partner.member,
            process=challenge.process,
            technology=technology,
            title=title,
            summary=(
                f"한계기술 자문으로 시작한 {field_name} 현장 문제를 학위 과제로 이어 원인을 밝히고 "
                "재발을 막습니다."
            ),
            problem=challenge.description,
            data_shared="한계기술 자문 기록, 현장 조건 기록과 불량 시편",
            result=" ".join(
                [
                    "자문 기록과 현장 실험으로 원인을 확인하고 공정 조건을 바꿨습니다.",
                    self.data["outcomes"][outcome],
                ]
            ),
            mentor_name=self.names.draw(rng),
            mentor_title=rng.choice(self.data["words"]["mentor_titles"]),
            nda=challenge.is_confidential,
            proposed_on=self.ago(row["proposed"]),
            published_on=self.ago(row["published"]) if "published" in row else None,
            challenge=challenge,
            outcome=outcome,
        )

    def _late_students(self, rng: random.Random, made: dict[str, _PlannedProject]) -> list[_PlannedProject]:
        """The latest cohort's late students: the first ones matched to this round's projects from the
        desk's cases (after showing interest), the others still choosing. Returns the projects still
        recruiting."""
        rows = {row["case"]: row for row in self.data["from_case"]}
        to_match = [key for key in made if "matched" in rows.get(key, {})]
        recruiting = [p for key, p in made.items() if p.published_on is not None and key not in to_match]
        for planned in self.late:
            assert planned.signup_on is not None
            enrolled = _weekday(date(planned.year, 2, 19))
            if to_match:
                key = to_match.pop(0)
                project = made[key]
                assert project.published_on is not None
                match_on = self.ago(rows[key]["matched"])
                if match_on <= max(enrolled, project.published_on):
                    continue
                interest_on = self.ago((self.today - match_on).days + 12)
                if interest_on > max(planned.signup_on, project.published_on):
                    self.timeline.at(interest_on, INTEREST, partial(self.interest, planned, project))
                project.students.append(planned)
                planned.project = project
                planned.technology, planned.processes = project.technology, project.processes
                self._study_events(planned, match_on)
                continue
            for project in rng.sample(recruiting, min(2, len(recruiting))):
                assert project.published_on is not None
                start = max(project.published_on, planned.signup_on)
                day = _weekday(start + timedelta(days=rng.randint(3, 8)))
                self.timeline.at(day, INTEREST, partial(self.interest, planned, project))
        return recruiting

    def _seekers(self, rng: random.Random, recruiting: list[_PlannedProject]) -> None:
        """`seeker-minseo` asks to be recognised as a student of the latest cohort, the school confirms,
        she accepts an NDA and shows interest; `seeker-seoyeon` and `seeker-sua` ask and wait."""
        users = {
            user.username: user
            for user in User.objects.filter(
                username__in=[row[0] for row in SEEKER_REQUESTS], role=Role.SEEKER
            )
        }
        technologies = {t.slug: t for t in Technology.objects.all()}
        for username, slug, days, confirmed in SEEKER_REQUESTS:
            user = users.get(username)
            if user is None:
                continue
            planned = _PlannedStudent(
                year=self.latest,
                number=0,
                name=user.display_name.removesuffix(" (데모)"),
                email=user.email,
                rng=random.Random(f"{self.seed}:graduate:{username}"),
                technology=technologies[slug],
                username=username,
                user=user,
            )
            asked = max(self.ago(days), date(self.latest, 3, 2))
            self.timeline.at(asked, ENROL, partial(self.request, planned))
            if not confirmed:
                continue
            self.timeline.at(_weekday(asked + timedelta(days=2)), SIGNUP, partial(self.confirm, planned))
            wanted = [p for p in recruiting if p.technology and p.technology.slug == slug][:1]
            wanted += [p for p in recruiting if p not in wanted][:1]
            for project in wanted:
                start = max(asked + timedelta(days=2), project.published_on or asked)
                day = _weekday(start + timedelta(days=rng.randint(2, 6)))
                self.timeline.at(day, INTEREST, partial(self.interest, planned, project))

    # --- everything -------------------------------------------------------------------------------

    def plan(self) -> None:
        for year in range(FIRST_YEAR, self.latest + 1):
            self.cohort(year)
        self.current_round()
