"""The graduate demo's school, first part: who takes part (the partner firms, the employers of
graduates, the advisors) and what is drawn for the plan — the projects' topics, each student's reviews
and graduation day, and their answers to the placement surveys."""

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured

from ppuri.accounts.models import User
from ppuri.challenges.models import Challenge, Expert
from ppuri.core import clock
from ppuri.core.clock import add_months
from ppuri.demo.datafiles import data_file
from ppuri.demo.graduate.plan import (
    NDA_SHARE,
    OUTCOME_WEIGHTS,
    _Answer,
    _Names,
    _object_particle,
    _Partner,
    _PlannedProject,
    _PlannedStudent,
)
from ppuri.demo.graduate.timeline import _on, _Timeline, _weekday
from ppuri.graduate import selectors
from ppuri.graduate.models import Cohort, Placement, Project, ThesisMilestone
from ppuri.reference.models import Process
from ppuri.registry.models import Capability, Membership, Organization, Site
from ppuri.registry.root_industry import organizations_root_industry_refresh


class _SchoolBase:
    """The school's demo as it is set up: who takes part, and what is drawn for each project and student."""

    def __init__(
        self,
        *,
        seed: int,
        school: User,
        operator: User,
        companies: dict[str, Organization],
        cases: dict[str, Challenge],
        password: str,
    ) -> None:
        self.seed = seed
        self.school = school
        self.operator = operator
        self.cases = cases
        self.hashed_password = make_password(password)
        self.today = clock.today()
        self.timeline = _Timeline(self.today)
        self.data = data_file("graduate.toml")
        self.names = _Names()
        self.cohorts: dict[int, Cohort] = {}
        self.titles: set[str] = set()
        self.processes = {p.slug: p for p in Process.objects.select_related("technology")}
        self.by_technology: dict[int, list[Process]] = {}
        for process in self.processes.values():
            self.by_technology.setdefault(process.technology_id, []).append(process)
        self.partners = self._partners(companies)
        self.advisors = list(selectors.advisors().prefetch_related("technologies").order_by("pk"))
        self.advisor_technologies = {a.pk: {t.pk for t in a.technologies.all()} for a in self.advisors}
        self.conflicts = set(
            Expert.conflicts.through.objects.values_list("expert_id", "organization_id")  # type: ignore[attr-defined]
        )
        self.sites: dict[int, Site | None] = {}
        self.employers, self.other_employers = self._employers()
        # The latest cohort: this year's once it has started.
        self.latest = self.today.year if self.today >= date(self.today.year, 3, 2) else self.today.year - 1
        self.late: list[_PlannedStudent] = []

    # --- who takes part -------------------------------------------------------------------------

    def _partners(self, companies: dict[str, Organization]) -> list[_Partner]:
        """The partner firms: the demo companies with a member who proposes, and their processes."""
        fallback = self.data["partner_processes"]
        partners = []
        for key, company in sorted(companies.items(), key=lambda item: item[1].pk):
            membership = (
                Membership.objects.filter(organization=company).select_related("user").order_by("pk").first()
            )
            if membership is None or company.kind != Organization.Kind.COMPANY:
                continue
            processes = [
                capability.process
                for capability in Capability.objects.filter(organization=company)
                .select_related("process__technology")
                .order_by("pk")
            ]
            processes += [self._process(slug) for slug in fallback.get(key, []) if not processes]
            if processes:
                partners.append(_Partner(key, company, membership.user, processes))
        return partners

    def partner(self, rng: random.Random) -> _Partner:
        """A partner firm; the two that are no root companies (robotics, bio-health) less often."""
        weights = [0.4 if p.key in self.data["partner_processes"] else 1.0 for p in self.partners]
        return rng.choices(self.partners, weights=weights)[0]

    def _process(self, slug: str) -> Process:
        try:
            return self.processes[slug]
        except KeyError:
            raise ImproperlyConfigured(f"demo/data/graduate.toml names an unknown process {slug!r}") from None

    def _employers(self) -> tuple[list[Organization], list[Organization]]:
        """Employers of graduates besides the partners: the demo's larger root companies in the
        complexes, and the robotics and bio-health companies (marked root industry or not now, as the
        end of the load would)."""
        partner_ids = {p.company.pk for p in self.partners}
        in_complexes = list(
            Organization.objects.filter(
                is_demo=True,
                kind=Organization.Kind.COMPANY,
                employees__gte=30,
                sites__is_primary=True,
                sites__complex__isnull=False,
                pk__in=Capability.objects.values("organization"),
            )
            .exclude(pk__in=partner_ids)
            .order_by("pk")[:300]
        )
        technology = list(
            Organization.objects.filter(is_demo=True, kind=Organization.Kind.COMPANY)
            .exclude(pk__in=Capability.objects.values("organization"))
            .exclude(pk__in=partner_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        organizations_root_industry_refresh(organization_ids=technology, log=False)
        return in_complexes, list(Organization.objects.filter(pk__in=technology).order_by("pk"))

    def site(self, company: Organization) -> Site | None:
        if company.pk not in self.sites:
            self.sites[company.pk] = Site.objects.filter(organization=company, is_primary=True).first()
        return self.sites[company.pk]

    # --- projects ---------------------------------------------------------------------------------

    def _topic(self, rng: random.Random, process: Process) -> dict[str, str]:
        group = self.data["groups"].get(process.technology.slug, "smart")
        topics = [topic for topic in self.data["topic"] if topic["group"] == group]
        parts = self.data["parts"][group]
        for _attempt in range(20):
            topic, part = rng.choice(topics), rng.choice(parts)
            words = {"part": part, "part_obj": _object_particle(part), "process": process.name_ko}
            text = {
                name: topic[name].format(**words)
                for name in ("title", "summary", "problem", "data", "result")
            }
            if text["title"] not in self.titles:
                break
        self.titles.add(text["title"])
        return text

    def _project(
        self, rng: random.Random, partner: _Partner, proposed_on: date, published_on: date | None
    ) -> _PlannedProject:
        """A project of the partner about one of its processes (its first, main one more often)."""
        processes = partner.processes
        process = rng.choices(processes, weights=[3] + [1] * (len(processes) - 1))[0]
        text = self._topic(rng, process)
        outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
        return _PlannedProject(
            company=partner.company,
            member=partner.member,
            process=process,
            technology=process.technology,
            title=text["title"],
            summary=text["summary"],
            problem=text["problem"],
            data_shared=text["data"],
            result=f"{text['result']} {self.data['outcomes'][outcome]}",
            mentor_name=self.names.draw(rng),
            mentor_title=rng.choice(self.data["words"]["mentor_titles"]),
            nda=rng.random() < NDA_SHARE,
            proposed_on=proposed_on,
            published_on=published_on,
            outcome=outcome,
            consent=outcome != Project.Outcome.NOT_SOLVED and rng.random() < 0.35,
        )

    # --- students ---------------------------------------------------------------------------------

    def defended_on(self, planned: _PlannedStudent) -> date:
        """The day the final review passed (a review asked for revisions passes five weeks later)."""
        return self.reviews(planned)[-1][0]

    def reviews(self, planned: _PlannedStudent) -> list[tuple[date, str, str]]:
        """(day, kind, state) of each review held, in order; drawn once per student."""
        if planned.held is not None:
            return planned.held
        rng, track = planned.rng, planned.track_dates
        held: list[tuple[date, str, str]] = []
        for kind, when, revise in (
            (ThesisMilestone.Kind.PROPOSAL, track.proposal, 0.08),
            (ThesisMilestone.Kind.MIDTERM, track.midterm, 0.06),
            (ThesisMilestone.Kind.DEFENSE, track.defense, 0.0),
        ):
            day = _on(planned.year, when)
            if kind == ThesisMilestone.Kind.PROPOSAL and planned.track != "slow" and rng.random() < 0.4:
                day = _weekday(day + timedelta(days=14))  # the second session of the month
            if kind == ThesisMilestone.Kind.DEFENSE and planned.track == "normal" and rng.random() < 0.4:
                day = _weekday(day + timedelta(days=14))
            if rng.random() < revise:
                held.append((day, kind, ThesisMilestone.State.REVISE))
                day = _weekday(day + timedelta(days=35))
            held.append((day, kind, ThesisMilestone.State.PASSED))
        planned.held = held
        return held

    def graduated_on(self, planned: _PlannedStudent) -> date:
        return _on(planned.year, planned.track_dates.graduation)

    # --- where graduates go -----------------------------------------------------------------------

    def _employed(self, planned: _PlannedStudent, hired_on: date, *, prefer: Organization | None) -> _Answer:
        rng = planned.rng
        role = rng.choice(self.data["words"]["roles"])
        draw = rng.random()
        if prefer is not None and draw < 0.35:
            return _Answer(Placement.Outcome.EMPLOYED, employer=prefer, role=role, hired_on=hired_on)
        if draw < 0.75:
            employer = rng.choice(self.employers)
            return _Answer(Placement.Outcome.EMPLOYED, employer=employer, role=role, hired_on=hired_on)
        if draw < 0.85 and self.other_employers:
            employer = rng.choice(self.other_employers)
            return _Answer(Placement.Outcome.EMPLOYED, employer=employer, role=role, hired_on=hired_on)
        outside = rng.choice(self.data["outside_employer"])
        return _Answer(
            Placement.Outcome.EMPLOYED,
            employer_name=outside["name"],
            root=outside["root"],
            role=role,
            hired_on=hired_on,
        )

    def _answers(self, planned: _PlannedStudent) -> None:
        """The answers at graduation (97% reached) and 15 months later (90%)."""
        rng = planned.rng
        graduated = self.graduated_on(planned)
        project_company = planned.project.company if planned.project else None
        first: _Answer | None
        if planned.sponsor is not None and rng.random() < 0.9:
            hired = date(planned.year - rng.randint(1, 6), rng.randint(1, 12), 1)
            first = _Answer(
                Placement.Outcome.EMPLOYED,
                employer=planned.sponsor,
                role=rng.choice(self.data["words"]["roles"]),
                hired_on=hired,
            )
        else:
            draw = rng.random()
            if draw < 0.72:
                hired = graduated - timedelta(days=rng.randint(0, 90))
                first = self._employed(planned, hired, prefer=project_company)
            elif draw < 0.82:
                first = _Answer(Placement.Outcome.STUDY)
            elif draw < 0.96:
                first = _Answer(Placement.Outcome.SEEKING)
            else:
                first = _Answer(Placement.Outcome.OTHER)
        planned.at_graduation = first if rng.random() < 0.97 else None
        survey_day = _weekday(add_months(graduated, 15) + timedelta(days=10))
        later: _Answer | None = None
        if first.outcome == Placement.Outcome.EMPLOYED:
            draw = rng.random()
            if draw < 0.82:
                later = first
            else:
                assert first.hired_on is not None
                earliest = max(first.hired_on, graduated) + timedelta(days=120)
                planned.left_on = min(
                    earliest + timedelta(days=rng.randint(0, 150)), survey_day - timedelta(days=70)
                )
                if draw < 0.94:
                    later = self._employed(
                        planned, planned.left_on + timedelta(days=rng.randint(10, 60)), prefer=None
                    )
                else:
                    later = _Answer(Placement.Outcome.SEEKING)
        elif first.outcome == Placement.Outcome.STUDY:
            later = first
        else:
            if rng.random() < 0.7:
                later = self._employed(planned, graduated + timedelta(days=rng.randint(90, 380)), prefer=None)
            else:
                later = first
        planned.after_15m = later if rng.random() < 0.9 else None
        if planned.at_graduation is None:
            planned.left_on = None  # no first employment to leave
