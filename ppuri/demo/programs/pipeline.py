"""The investment pipeline beside the Seobu bid (data/programs.toml, [[lead]]): nine foreign leads under
code names, found on their day and moved through the stages by the free-zone authority's officer (the
demo's `city` account) through the investment service, so each lead has its history — from a lead just
found to one invested, two lost with their reasons. The leads, their investors and figures are
invented. Days count back from the day of loading, each jittered by the seed by a few days."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ppuri.accounts.models import User
from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.dating import PIPELINE, Calendar, Timeline, weekday
from ppuri.programs.models import Lead
from ppuri.programs.services import investment
from ppuri.reference.models import Complex, Technology

# What the officer notes when a lead moves to each stage.
STAGE_NOTES = {
    Lead.Stage.CONTACT: "첫 화상 회의에서 투자 계획과 입지 조건을 들었습니다.",
    Lead.Stage.SITE_VISIT: "서부산업단지와 청라 로봇기업을 함께 방문했습니다.",
    Lead.Stage.LOI: "투자의향서(LOI)를 받았습니다.",
    Lead.Stage.MOU: "인천시·경제자유구역청과 투자 양해각서(MOU)를 체결했습니다.",
    Lead.Stage.INVESTED: "법인을 설립하고 공장 가동을 시작했습니다.",
}


@dataclass(frozen=True)
class PlannedMove:
    stage: str
    day: date


@dataclass(frozen=True)
class PlannedLead:
    code_name: str
    found_on: date
    moves: tuple[PlannedMove, ...]


def pipeline_plan(seed: int, today: date) -> list[PlannedLead]:
    """The leads' days (found, and each move), for a seed and the day of loading: pure."""
    rng = random.Random(seed + 19)
    planned = []
    for row in data_file("programs.toml")["lead"]:
        found = weekday(today - timedelta(days=row["found_days_ago"] + rng.randint(-3, 3)))
        moves, last = [], found
        for stage, after in row["path"]:
            day = weekday(found + timedelta(days=after + rng.randint(-3, 3)))
            day = min(max(day, last + timedelta(days=1)), today - timedelta(days=1))
            moves.append(PlannedMove(stage, day))
            last = day
        planned.append(PlannedLead(row["code_name"], found, tuple(moves)))
    return planned


class PipelineStory:
    def __init__(self, *, seed: int, officer: User, calendar: Calendar) -> None:
        self.seed = seed
        self.officer = officer
        self.today = calendar.today
        self.timeline = Timeline(calendar, writes=PIPELINE)
        self.leads: dict[str, Lead] = {}

    def plan(self) -> None:
        rows = {row["code_name"]: row for row in data_file("programs.toml")["lead"]}
        for planned in pipeline_plan(self.seed, self.today):
            row = rows[planned.code_name]
            self.timeline.at(planned.found_on, self._find, row)
            for move in planned.moves:
                self.timeline.at(move.day, self._move, row, move)

    def run(self) -> None:
        self.timeline.run()

    def _find(self, row: dict[str, Any]) -> None:
        next_step_on = None
        if "next_step_in_days" in row:
            next_step_on = self.today + timedelta(days=row["next_step_in_days"])
        self.leads[row["code_name"]] = investment.lead_create(
            actor=self.officer,
            data=investment.LeadInput(
                code_name=row["code_name"],
                investor_name=row["investor_name"],
                origin=Lead.Origin.FOREIGN,
                country=row["country"],
                sector=row["sector"],
                technologies=list(Technology.objects.filter(slug__in=row["technologies"]).order_by("pk")),
                summary=row["summary"],
                summary_en=row["summary_en"],
                investment_usd=row.get("investment_usd"),
                investment_krw=row.get("investment_krw"),
                jobs=row.get("jobs"),
                incentives_asked=row.get("incentives_asked", ""),
                site_needs=row.get("site_needs", ""),
                site_area_m2=row.get("site_area_m2"),
                complex=Complex.objects.filter(slug=row["complex"]).first() if "complex" in row else None,
                officer=self.officer,
                next_step=row.get("next_step", ""),
                next_step_on=next_step_on,
            ),
        )

    def _move(self, row: dict[str, Any], move: PlannedMove) -> None:
        lost = move.stage == Lead.Stage.LOST
        investment.lead_stage_set(
            actor=self.officer,
            lead=self.leads[row["code_name"]],
            stage=move.stage,
            note="" if lost else STAGE_NOTES[Lead.Stage(move.stage)],
            lost_reason=row["lost_reason"] if lost else "",
        )
