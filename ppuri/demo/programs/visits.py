"""Company visits (data/programs.toml, [[visit]]): twelve visits by the operator and the city's staff to
the sourcing demo's hand-written suppliers and to the `supplier` and `supplier2` accounts' companies,
with red flags of every kind. `visit_log` opens one follow-up per flag; the hiring needs and technology
problems are routed by the operator (a draft job posting with the youth-incentive check, a desk case
waiting for triage: the talent and desk services let only the operator open them for a company), the
expansions and site needs by the visitor (an investment lead); most follow-ups of older visits are then
done or cancelled with their result, two are left overdue, those of the last fortnight are open.

Each visit is dated back from the day of loading (jittered a day or two by the seed, on a weekday),
its routing a day or three after, its closings a week or so after; every step on its day."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ppuri.accounts.models import User
from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.dating import VISITS, Calendar, Timeline, weekday
from ppuri.programs.models import FollowUp, Visit
from ppuri.programs.services import visits as service
from ppuri.registry.models import Organization

# The survey's flags and their details as the data file names them: (flag field, detail field).
FLAG_DETAILS = {
    "hiring_need": "hiring_detail",
    "supplier_need": "supplier_detail",
    "technology_problem": "technology_detail",
    "regulation_issue": "regulation_detail",
    "site_need": "site_detail",
}
# Who routes a follow-up of each kind: a draft posting and a desk case are opened for the company by
# the operator (visits.may_route); a lead by whoever owns the follow-up.
OPERATOR_ROUTES = (FollowUp.Kind.HIRING, FollowUp.Kind.TECHNOLOGY)


@dataclass(frozen=True)
class PlannedVisit:
    index: int
    visited_on: date
    routed_on: date
    closed_on: date


def visits_plan(seed: int, today: date) -> list[PlannedVisit]:
    """The visits' days for a seed and the day of loading: pure."""
    rng = random.Random(seed + 23)
    planned = []
    for index, row in enumerate(data_file("programs.toml")["visit"]):
        visited = weekday(today - timedelta(days=row["days_ago"] + rng.randint(-2, 2)))
        routed = min(weekday(visited + timedelta(days=rng.randint(1, 3))), today - timedelta(days=1))
        closed = min(weekday(visited + timedelta(days=rng.randint(6, 12))), today - timedelta(days=1))
        planned.append(PlannedVisit(index, visited, max(routed, visited), max(closed, routed)))
    return planned


class VisitsStory:
    def __init__(
        self,
        *,
        seed: int,
        operator: User,
        city: User,
        companies: dict[str, Organization],
        calendar: Calendar,
    ) -> None:
        self.seed = seed
        self.staff = {"operator": operator, "city": city}
        self.companies = companies
        self.today = calendar.today
        self.timeline = Timeline(calendar, writes=VISITS)
        self.visits: dict[int, Visit] = {}

    def plan(self) -> None:
        rows = data_file("programs.toml")["visit"]
        for planned in visits_plan(self.seed, self.today):
            row = rows[planned.index]
            if row["company"] not in self.companies:
                continue  # that supplier or account was made by hand before the demo: not the demo's
            self.timeline.at(planned.visited_on, self._log, row, planned)
            if row.get("route"):
                self.timeline.at(planned.routed_on, self._route, row, planned)
            if row.get("done") or row.get("cancel"):
                self.timeline.at(planned.closed_on, self._close, row, planned)

    def run(self) -> None:
        self.timeline.run()

    def _log(self, row: dict[str, Any], planned: PlannedVisit) -> None:
        flags: dict[str, Any] = {}
        for flag, detail in FLAG_DETAILS.items():
            text = row.get(flag) if isinstance(row.get(flag), str) else row.get(detail, "")
            flags[flag] = bool(text)
            flags[detail] = text or ""
        self.visits[planned.index] = service.visit_log(
            actor=self.staff[row["visitor"]],
            data=service.VisitInput(
                organization=self.companies[row["company"]],
                visited_on=planned.visited_on,
                met=row.get("met", ""),
                plan=row["plan"],
                relocation_risk=row["relocation_risk"],
                notes=row.get("notes", ""),
                summary_for_company=row.get("summary_for_company", ""),
                owners={kind: self.staff[name] for kind, name in row.get("owners", {}).items()},
                **flags,
            ),
        )

    def _follow_up(self, planned: PlannedVisit, kind: str) -> FollowUp:
        return FollowUp.objects.get(visit=self.visits[planned.index], kind=kind)

    def _route(self, row: dict[str, Any], planned: PlannedVisit) -> None:
        for kind in row["route"]:
            follow_up = self._follow_up(planned, kind)
            actor = self.staff["operator"] if kind in OPERATOR_ROUTES else follow_up.owner
            service.follow_up_route(actor=actor, follow_up=follow_up)

    def _close(self, row: dict[str, Any], planned: PlannedVisit) -> None:
        for kind, result in row.get("done", {}).items():
            follow_up = self._follow_up(planned, kind)
            service.follow_up_done(actor=follow_up.owner, follow_up=follow_up, result=result)
        for kind, result in row.get("cancel", {}).items():
            follow_up = self._follow_up(planned, kind)
            service.follow_up_cancel(actor=follow_up.owner, follow_up=follow_up, result=result)
