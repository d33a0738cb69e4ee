"""The programmes through the API (issue 17's contract): commitments with their actuals, a project's
budget and milestones, leads, visits and a matchmaking day's schedule. Rows come through
programs.selectors, writes through programs.services."""

from ninja import Router

from ppuri.programs.api import agreements, events, investment, projects, visits

router = Router(tags=["programs"])
for area in (agreements, projects, investment, visits, events):
    router.add_router("", area.router)
