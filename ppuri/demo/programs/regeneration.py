"""The Namdong regeneration (data/programs.toml, [regeneration]): the project, its sub-projects, budget
lines by funding source and year, milestones, outputs and documents, all synthetic but for the
announced 306억 and the years 2020–2024.

`budget_plan(seed)` is the budget as a pure function of the seed: each sub-project's total per source
(written by hand in the data file) spread over its years with jittered weights, in whole millions of
KRW with every total kept exact — so the approved lines add up to the announced 30.6 bn; the
revisions move money between years (down in one autumn, up the next spring: the total in force stays
30.6 bn); each year is settled the January after (contracted and executed shares of the budget in
force), and carried-over money is spent in later updates. `RegenerationStory` writes it through the
projects services as the city's staff would, each step on its day (dating.Timeline): the lines at the
start of their year, revisions and settlements through `budget_line_update` with their reasons (the
change history), milestones re-planned with a reason and marked done on their actual dates, outputs
brought up to date as each step finishes."""

import math
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ppuri.accounts.models import User
from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.dating import PROJECTS, Calendar, Timeline, weekday
from ppuri.programs.models import BudgetLine, Milestone, Output, Project, SubProject
from ppuri.programs.services import project_progress as progress
from ppuri.programs.services import projects
from ppuri.reference.models import Complex

MILLION = 1_000_000
SETTLEMENT = (1, 26)  # a year is settled in the January after it
LINES_ENTERED = (1, 15)  # a year's lines are entered once its budget passed
REVISED_DOWN = (9, 15)  # the autumn supplementary budget
REVISED_UP = (4, 15)  # the spring supplementary budget


def _data() -> dict[str, Any]:
    return data_file("programs.toml")["regeneration"]


def split_exact(total: int, weights: list[float]) -> list[int]:
    """`total` in whole parts by `weights`, the remainders to the largest fractions: the parts add up
    to `total` exactly."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    parts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    for index in by_remainder[: total - sum(parts)]:
        parts[index] += 1
    return parts


@dataclass
class LineChange:
    day: date
    phases: dict[str, int]  # the phases this change sets (KRW)
    reason: str


@dataclass
class LinePlan:
    subproject: str
    source: str
    year: int
    approved: int
    changes: list[LineChange] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.subproject, self.source, self.year)

    def state(self, until: date) -> dict[str, int | None]:
        """The four phases after the changes before `until`."""
        phases: dict[str, int | None] = {"approved": self.approved, "revised": None, "contracted": 0}
        phases["executed"] = 0
        for change in self.changes:
            if change.day < until:
                phases.update(change.phases)
        return phases

    def in_force(self, until: date) -> int:
        state = self.state(until)
        revised, approved = state["revised"], state["approved"]
        return int(revised if revised is not None else approved or 0)


def _millions(amount: float) -> int:
    return math.floor(amount / MILLION) * MILLION


def budget_plan(seed: int) -> list[LinePlan]:
    """Every budget line of the regeneration with its changes, for a seed (pure: no database)."""
    data = _data()
    rng = random.Random(seed + 17)
    lines: dict[tuple[str, str, int], LinePlan] = {}
    profiles = {}
    for sub in data["subproject"]:
        profiles[sub["key"]] = sub
        for source, total in sub["sources"].items():
            weights = [weight * rng.uniform(0.85, 1.15) for weight in sub["weights"]]
            for year, millions in zip(sub["years"], split_exact(total, weights), strict=True):
                lines[(sub["key"], source, year)] = LinePlan(sub["key"], source, year, millions * MILLION)
    for revision in data["revision"]:
        low = lines[(revision["subproject"], revision["source"], revision["from_year"])]
        high = lines[(revision["subproject"], revision["source"], revision["to_year"])]
        moved = round(low.approved / MILLION * revision["share"]) * MILLION
        low.changes.append(
            LineChange(
                weekday(date(low.year, *REVISED_DOWN)),
                {"revised": low.approved - moved},
                revision["reason_down"],
            )
        )
        high.changes.append(
            LineChange(
                weekday(date(high.year, *REVISED_UP)),
                {"revised": high.approved + moved},
                revision["reason_up"],
            )
        )
    late = {(row["subproject"], row["year"]): row for row in data["execution"]}
    for line in lines.values():
        profile = profiles[line.subproject]
        settled = weekday(date(line.year + 1, *SETTLEMENT))
        in_force = line.in_force(settled)
        carried = late.get((line.subproject, line.year))
        if carried:
            contract, execute = carried["settle"]
            reason = carried["settle_reason"]
        else:
            contract, execute = rng.uniform(*profile["contract"]), rng.uniform(*profile["execute"])
            reason = f"{line.year}년 결산: 계약액과 집행액을 반영합니다."
        phases = {"contracted": _millions(in_force * contract), "executed": _millions(in_force * execute)}
        line.changes.append(LineChange(settled, phases, reason))
        for update in carried["updates"] if carried else []:
            executed = _millions(in_force * update["executed"])
            line.changes.append(LineChange(weekday(update["on"]), {"executed": executed}, update["reason"]))
    return list(lines.values())


class RegenerationStory:
    def __init__(self, *, seed: int, actor: User, calendar: Calendar) -> None:
        self.seed = seed
        self.actor = actor
        self.timeline = Timeline(calendar, writes=PROJECTS)
        self.project: Project | None = None
        self.subprojects: dict[str, SubProject] = {}
        self.lines: dict[tuple[str, str, int], BudgetLine] = {}
        self.milestones: list[Milestone] = []
        self.outputs: list[Output] = []

    def plan(self) -> None:
        data = _data()
        self.timeline.at(weekday(data["created_on"]), self._create)
        for line in budget_plan(self.seed):
            self.timeline.at(weekday(date(line.year, *LINES_ENTERED)), self._enter, line)
            for change in line.changes:
                self.timeline.at(change.day, self._change, line, change)
        for index, row in enumerate(data["milestone"]):
            if "replan" in row:
                self.timeline.at(weekday(row["replan"]["on"]), self._replan, index, row)
            if "actual" in row:
                self.timeline.at(row["actual"], self._done, index, row)
        for index, row in enumerate(data["output"]):
            for update in row["updates"]:
                self.timeline.at(update["on"], self._output, index, row, update)

    def run(self) -> None:
        self.timeline.run()

    # the steps ------------------------------------------------------------------------------------

    def _create(self) -> None:
        data = _data()
        project = projects.project_create(
            actor=self.actor,
            data=projects.ProjectInput(
                slug=data["slug"],
                title=data["title"],
                title_en=data["title_en"],
                kind=Project.Kind.REGENERATION,
                summary=data["summary"],
                summary_en=data["summary_en"],
                complex=Complex.objects.filter(slug="namdong").first(),
                lead_agency=data["lead_agency"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                announced_budget=data["announced_budget"] * MILLION,
                status=Project.Status.ACTIVE,
                source=data["source"],
                synthetic=True,
                public=True,
            ),
        )
        self.project = project
        for order, row in enumerate(data["subproject"]):
            self.subprojects[row["key"]] = projects.subproject_add(
                actor=self.actor,
                project=project,
                data=projects.SubProjectInput(
                    title=row["title"],
                    title_en=row["title_en"],
                    category=row["category"],
                    description=row["description"],
                    order=order,
                ),
            )
        for order, row in enumerate(data["milestone"]):
            self.milestones.append(
                progress.milestone_add(
                    actor=self.actor,
                    project=project,
                    data=progress.MilestoneInput(
                        title=row["title"],
                        title_en=row["title_en"],
                        planned_on=row["planned"],
                        subproject=self.subprojects.get(row.get("subproject", "")),
                        order=order,
                    ),
                )
            )
        for row in data["output"]:
            self.outputs.append(
                progress.output_add(
                    actor=self.actor,
                    project=project,
                    subproject=self.subprojects[row["subproject"]],
                    indicator=row["indicator"],
                    indicator_en=row["indicator_en"],
                    unit=row["unit"],
                    target=row["target"],
                )
            )
        for row in data["document"]:
            progress.document_add(
                actor=self.actor,
                project=project,
                title=row["title"],
                url=row["url"],
                dated=row["dated"],
                public=True,
            )

    def _enter(self, line: LinePlan) -> None:
        self.lines[line.key] = projects.budget_line_create(
            actor=self.actor,
            subproject=self.subprojects[line.subproject],
            source=line.source,
            year=line.year,
            approved=line.approved,
        )

    def _change(self, line: LinePlan, change: LineChange) -> None:
        row = BudgetLine.objects.get(pk=self.lines[line.key].pk)
        phases: dict[str, Any] = {name: getattr(row, name) for name in BudgetLine.PHASES}
        phases.update(change.phases)
        self.lines[line.key] = projects.budget_line_update(
            actor=self.actor, line=row, reason=change.reason, **phases
        )

    def _replan(self, index: int, row: dict[str, Any]) -> None:
        milestone = Milestone.objects.get(pk=self.milestones[index].pk)
        progress.milestone_update(
            actor=self.actor,
            milestone=milestone,
            data=progress.MilestoneInput(
                title=milestone.title,
                title_en=milestone.title_en,
                planned_on=row["replan"]["to"],
                subproject=milestone.subproject,
                note=milestone.note,
                order=milestone.order,
            ),
            reason=row["replan"]["reason"],
        )

    def _done(self, index: int, row: dict[str, Any]) -> None:
        progress.milestone_record_outcome(
            actor=self.actor,
            milestone=self.milestones[index],
            outcome=Milestone.Outcome.DONE,
            actual_on=row["actual"],
        )

    def _output(self, index: int, row: dict[str, Any], update: dict[str, Any]) -> None:
        progress.output_update(
            actor=self.actor,
            output=self.outputs[index],
            target=row["target"],
            actual=update["actual"],
            as_of=update["on"],
        )
