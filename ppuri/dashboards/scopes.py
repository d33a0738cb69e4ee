"""What a dashboard covers: Incheon as a whole or one complex, over a period.

A company belongs to a complex when one of its sites is in it (the directory's complex facet says the
same). Stock figures (companies, certificates) are as of today; flows (requests, cases, hires) count
what started within the period.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core import clock
from ppuri.reference.models import Complex
from ppuri.registry.models import Organization, Site

INCHEON = "incheon"
FIRST_YEAR = 2019  # the agreement's year: nothing in Ppuri is older


@dataclass(frozen=True)
class Scope:
    slug: str
    complex: Complex | None

    @property
    def title(self) -> str:
        return self.complex.short_name if self.complex else _("인천 전체")

    def companies(self, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
        """The organizations of this scope among those given."""
        return organizations.filter(self.of_companies("id"))

    def of_companies(self, field: str) -> Q:
        """A condition on rows whose `field` points at an organization of this scope."""
        if self.complex is None:
            return Q()
        return Q(**{f"{field}__in": Site.objects.filter(complex=self.complex).values("organization_id")})


def scope_get(slug: str) -> Scope:
    """The scope a URL names: `incheon` or a complex's slug; anything else is a 404."""
    if slug == INCHEON:
        return Scope(INCHEON, None)
    complex_ = Complex.objects.filter(slug=slug).first()
    if complex_ is None:
        raise Http404(slug)
    return Scope(slug, complex_)


def scopes_all() -> list[Scope]:
    return [Scope(INCHEON, None)] + [Scope(c.slug, c) for c in Complex.objects.all()]


@dataclass(frozen=True)
class Period:
    """A calendar year, or everything since the agreement (year None)."""

    year: int | None

    @property
    def label(self) -> str:
        if self.year is None:
            return _("%(start)s년 7월 ~ %(today)s") % {
                "start": FIRST_YEAR,
                "today": clock.today().isoformat(),
            }
        return _("%(year)s년") % {"year": self.year}

    @property
    def key(self) -> str:
        return str(self.year) if self.year else "all"

    @property
    def start(self) -> date | None:
        return date(self.year, 1, 1) if self.year else None

    @property
    def end(self) -> date:
        return date(self.year, 12, 31) if self.year else clock.today()

    def days(self, field: str) -> Q:
        """A condition on a date field within the period."""
        condition = Q(**{f"{field}__lte": self.end})
        return condition & Q(**{f"{field}__gte": self.start}) if self.start else condition

    def moments(self, field: str) -> Q:
        """A condition on a date-time field within the period (local days)."""
        zone = timezone.get_current_timezone()
        condition = Q(**{f"{field}__lt": datetime.combine(self.end, time.max, zone)})
        if self.start:
            condition &= Q(**{f"{field}__gte": datetime.combine(self.start, time.min, zone)})
        return condition


def period_get(value: str | None) -> Period | None:
    """The period a request names: "all" (the default) or a year from the agreement's to this one;
    None for anything else, which the page and the API refuse."""
    value = (value or "all").strip()
    if value == "all":
        return Period(None)
    # isdecimal alone takes other scripts' digits ("²", "٣") that int() refuses or reads otherwise.
    if value.isascii() and value.isdecimal() and FIRST_YEAR <= int(value) <= clock.today().year:
        return Period(int(value))
    return None


def periods_all() -> list[Period]:
    return [Period(None)] + [Period(year) for year in range(clock.today().year, FIRST_YEAR - 1, -1)]
