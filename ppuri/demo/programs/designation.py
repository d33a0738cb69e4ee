"""The Seobu free-economic-zone bid (data/programs.toml, [designation]): a project of kind DESIGNATION
with its steps as milestones — the concept study, the briefings, the application, the ministries'
review, the committee and the decision — counted back from the day of loading so the bid is always
under way: the first steps done (one late), the review re-planned with its reason and overdue, the
committee and the decision ahead. Synthetic, and marked so; written by the city's staff through the
projects services on each step's day. A designation has no budget lines (the service refuses them)."""

from datetime import date, timedelta
from typing import Any

from ppuri.accounts.models import User
from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.dating import PROJECTS, Calendar, Timeline, weekday
from ppuri.programs.models import Milestone, Project
from ppuri.programs.services import project_progress as progress
from ppuri.programs.services import projects
from ppuri.reference.models import Complex


class DesignationStory:
    def __init__(self, *, actor: User, calendar: Calendar) -> None:
        self.actor = actor
        self.today = calendar.today
        self.timeline = Timeline(calendar, writes=PROJECTS)
        self.data = data_file("programs.toml")["designation"]
        self.project: Project | None = None
        self.milestones: list[Milestone] = []

    def ago(self, days: int) -> date:
        return weekday(self.today - timedelta(days=days))

    def plan(self) -> None:
        self.timeline.at(self.ago(self.data["created_days_ago"]), self._create)
        for index, row in enumerate(self.data["milestone"]):
            if "replan" in row:
                self.timeline.at(self.ago(row["replan"]["days_ago"]), self._replan, index, row)
            if "actual_days_ago" in row:
                self.timeline.at(self.ago(row["actual_days_ago"]), self._done, index, row)
        for row in self.data["document"]:
            self.timeline.at(self.ago(row["days_ago"]), self._document, row)

    def run(self) -> None:
        self.timeline.run()

    def _create(self) -> None:
        data = self.data
        self.project = projects.project_create(
            actor=self.actor,
            data=projects.ProjectInput(
                slug=data["slug"],
                title=data["title"],
                title_en=data["title_en"],
                kind=Project.Kind.DESIGNATION,
                summary=data["summary"],
                summary_en=data["summary_en"],
                complex=Complex.objects.filter(slug="seobu").first(),
                lead_agency=data["lead_agency"],
                starts_on=self.ago(data["created_days_ago"]),
                status=Project.Status.ACTIVE,
                source=data["source"],
                synthetic=True,
                public=True,
            ),
        )
        for order, row in enumerate(data["milestone"]):
            self.milestones.append(
                progress.milestone_add(
                    actor=self.actor,
                    project=self.project,
                    data=progress.MilestoneInput(
                        title=row["title"],
                        title_en=row["title_en"],
                        planned_on=self.ago(row["planned_days_ago"]),
                        order=order,
                    ),
                )
            )

    def _replan(self, index: int, row: dict[str, Any]) -> None:
        milestone = Milestone.objects.get(pk=self.milestones[index].pk)
        progress.milestone_update(
            actor=self.actor,
            milestone=milestone,
            data=progress.MilestoneInput(
                title=milestone.title,
                title_en=milestone.title_en,
                planned_on=self.ago(row["replan"]["to_days_ago"]),
                order=milestone.order,
            ),
            reason=row["replan"]["reason"],
        )

    def _done(self, index: int, row: dict[str, Any]) -> None:
        progress.milestone_record_outcome(
            actor=self.actor,
            milestone=self.milestones[index],
            outcome=Milestone.Outcome.DONE,
            actual_on=self.ago(row["actual_days_ago"]),
        )

    def _document(self, row: dict[str, Any]) -> None:
        assert self.project is not None
        progress.document_add(
            actor=self.actor,
            project=self.project,
            title=row["title"],
            url=row["url"],
            dated=self.ago(row["days_ago"]),
            public=True,
        )
