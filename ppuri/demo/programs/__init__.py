"""The programmes demo (issue 17; data in demo/data/programs.toml, which says what is real and what is
synthetic): the 2019 agreement's partners linked to the demo institutions with their editors
(agreement.py), the Namdong regeneration with its budget lines, milestones and outputs
(regeneration.py), the Seobu free-economic-zone bid (designation.py), nine investment leads
(pipeline.py), twelve company visits with their follow-ups routed into the platform (visits.py) and a
matchmaking day two weeks ago with its schedule and outcomes (matchmaking_plan.py, matchmaking.py).

Everything goes through ppuri.programs.services as the people who would act — the city's staff run the
projects, the pipeline and the day, the operator and the city visit, companies with an account
register, ask and answer for themselves — each step on its day with core.clock fixed to it, and what
it wrote dated to that day (dating.py). Everything random comes from `random.Random` seeded from the
demo seed; the regeneration keeps its calendar years, the rest counts back from the day of loading."""

from django.db.models import Count
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.demo.datafiles import data_file
from ppuri.demo.programs.agreement import agreement_link
from ppuri.demo.programs.dating import Calendar
from ppuri.demo.programs.designation import DesignationStory
from ppuri.demo.programs.matchmaking import MatchmakingStory
from ppuri.demo.programs.matchmaking_plan import event_candidates, event_plan
from ppuri.demo.programs.pipeline import PipelineStory
from ppuri.demo.programs.regeneration import RegenerationStory
from ppuri.demo.programs.visits import VisitsStory
from ppuri.programs.models import Event, FollowUp, Lead, Meeting, Participant, Project, Visit
from ppuri.registry.models import Organization

__all__ = ["programs_counts", "programs_create"]


def programs_create(*, seed: int, operator: User, companies: dict[str, Organization]) -> None:
    """`companies`: the sourcing suppliers by key and the demo accounts' companies as "@username". The
    city's parts fall to the operator when the demo's `city` account was made by hand before."""
    city = User.objects.filter(username="city", role=Role.CITY, is_active=True).first() or operator
    calendar = Calendar(timezone.localdate())
    agreement_link(operator=operator)
    for story in (
        RegenerationStory(seed=seed, actor=city, calendar=calendar),
        DesignationStory(actor=city, calendar=calendar),
        PipelineStory(seed=seed, officer=city, calendar=calendar),
        VisitsStory(seed=seed, operator=operator, city=city, companies=companies, calendar=calendar),
    ):
        story.plan()
        story.run()
    leads = {row["code_name"]: row["technologies"] for row in data_file("programs.toml")["lead"]}
    present = set(Lead.objects.filter(code_name__in=leads).values_list("code_name", flat=True))
    candidates = event_candidates(
        seed=seed, companies=companies, investors={code: leads[code] for code in leads if code in present}
    )
    plan = event_plan(seed=seed, today=calendar.today, candidates=candidates)
    day = MatchmakingStory(seed=seed, organiser=city, plan=plan, calendar=calendar)
    day.plan()
    day.run()


def programs_counts() -> dict[str, int]:
    """What `ppuri demo` says of the programmes demo."""
    follow_ups = dict(FollowUp.objects.values_list("status").annotate(n=Count("pk")).order_by("status"))
    return {
        "projects": Project.objects.filter(synthetic=True).count(),
        "leads": Lead.objects.count(),
        "visits": Visit.objects.count(),
        "follow_ups_open": follow_ups.get(FollowUp.Status.OPEN, 0),
        "follow_ups_done": follow_ups.get(FollowUp.Status.DONE, 0),
        "events": Event.objects.count(),
        "event_participants": Participant.objects.count(),
        "event_meetings": Meeting.objects.count(),
    }
