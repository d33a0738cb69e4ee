"""A dashboard as a viewer may see it: every section's figures and tables passed through the one
disclosure layer (dashboards.disclosure) — operators see them as counted, everyone else as published.
Pages, charts, the API, the Excel and PDF reports and the map all read `dashboard_for`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ppuri.dashboards.disclosure import Published, sees_unsuppressed
from ppuri.dashboards.joint import joint_published
from ppuri.dashboards.measures import Figure, Section
from ppuri.dashboards.measures.activity import desk_section, sourcing_section
from ppuri.dashboards.measures.official import official_section
from ppuri.dashboards.measures.people import incentives_section, talent_section
from ppuri.dashboards.measures.registry import registry_section
from ppuri.dashboards.measures.schools_programs import graduate_section, programs_section
from ppuri.dashboards.publish import PublishedBreakdown, publish_breakdown, publish_figure
from ppuri.dashboards.scopes import Period, Scope

SECTIONS: list[Callable[..., Section]] = [
    registry_section,
    sourcing_section,
    desk_section,
    talent_section,
    incentives_section,
    graduate_section,
    official_section,
]


# The sections with counts or money published jointly across the scopes (dashboards.joint): not the
# registry's public listings nor the official figures, which have no threshold.
JOINT_SECTIONS = [build for build in SECTIONS if build not in (registry_section, official_section)]


@dataclass(frozen=True)
class PublishedFigure:
    figure: Figure
    shown: Published

    @property
    def value(self) -> int | float | None:
        return self.shown.value

    @property
    def suppressed(self) -> bool:
        return self.shown.suppressed


@dataclass(frozen=True)
class PublishedSection:
    section: Section
    figures: list[PublishedFigure]
    breakdowns: list[PublishedBreakdown]


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    period: Period
    exact: bool
    sections: list[PublishedSection]

    def figure(self, key: str) -> PublishedFigure:
        for section in self.sections:
            for figure in section.figures:
                if figure.figure.key == key:
                    return figure
        raise KeyError(key)

    def breakdown(self, key: str) -> PublishedBreakdown:
        for section in self.sections:
            for breakdown in section.breakdowns:
                if breakdown.breakdown.key == key:
                    return breakdown
        raise KeyError(key)


def dashboard_for(*, user: Any, scope: Scope, period: Period) -> Dashboard:
    exact = sees_unsuppressed(user)
    joint = joint_published(JOINT_SECTIONS, period, exact=exact)
    sections = [build(scope, period) for build in SECTIONS]
    sections.insert(len(sections) - 1, programs_section(scope, period, user))
    published = []
    for section in sections:
        figures = [
            PublishedFigure(
                figure, joint.get((scope.slug, figure.key)) or publish_figure(figure, exact=exact)
            )
            for figure in section.figures
        ]
        hidden = {figure.figure.key for figure in figures if figure.suppressed}
        tables = [
            publish_breakdown(breakdown, exact=exact, hide_total=breakdown.total_of in hidden)
            for breakdown in section.breakdowns
        ]
        published.append(PublishedSection(section, figures, tables))
    return Dashboard(scope=scope, period=period, exact=exact, sections=published)
