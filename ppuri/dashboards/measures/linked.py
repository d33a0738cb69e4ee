"""Every count and money total published with every scope and year together (dashboards.joint), from
the section modules that define them."""

from ppuri.dashboards.measures import activity, people, schools_programs
from ppuri.dashboards.measures.tallies import LinkedMeasure


def linked_measures() -> list[LinkedMeasure]:
    return [*activity.linked(), *people.linked(), *schools_programs.linked()]
