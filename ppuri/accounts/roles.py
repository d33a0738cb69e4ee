"""The role table of DESIGN.md as code: what each role may use, in one place.

These predicates answer "may this kind of user do this kind of thing at all"; whether they may do it
to one object (a member of *this* company, the expert of *this* offer) stays with the object's
selector or service (registry.selectors.is_member, challenges.selectors.offer_get_for_user). Services
ask both; views and the navigation ask these to hide and refuse what a role may not use.

| role | sourcing requests, challenges | company tools, jobs | answers offers | seeker profile | triage |
|---|---|---|---|---|---|
| operator | yes | yes | — | — | yes |
| company | yes (for its companies) | yes | — | — | — |
| city, labor_office, university | if an operator set may_post_for_institution | — | — | — | — |
| expert | — | — | yes | — | — |
| seeker | — | — | — | yes | — |
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ppuri.accounts.models import Role

# The public bodies: they follow, report and run their own programmes, and do not act as buyers in
# their own name unless an operator allows it (User.may_post_for_institution).
INSTITUTION_ROLES = frozenset({Role.CITY, Role.LABOR_OFFICE, Role.UNIVERSITY})

Predicate = Callable[[Any], bool]
View = Callable[..., HttpResponse]


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def role_of(user: Any) -> str | None:
    """The user's role, "operator" for superusers too; None for an anonymous visitor."""
    if not is_signed_in(user):
        return None
    return Role.OPERATOR.value if user.is_operator else str(user.role)


def is_operator(user: Any) -> bool:
    return role_of(user) == Role.OPERATOR


def is_company_staff(user: Any) -> bool:
    return role_of(user) == Role.COMPANY


def is_expert(user: Any) -> bool:
    return role_of(user) == Role.EXPERT


def is_institution_allowed_to_post(user: Any) -> bool:
    return role_of(user) in INSTITUTION_ROLES and bool(getattr(user, "may_post_for_institution", False))


def may_post_sourcing_request(user: Any) -> bool:
    """Operators, company staff, and an institution's staff an operator allowed; never experts or
    seekers. The service also requires a membership of the buyer."""
    return is_operator(user) or is_company_staff(user) or is_institution_allowed_to_post(user)


def may_post_challenge(user: Any) -> bool:
    """Who may bring a limit-technology problem to the desk: the same people as sourcing requests."""
    return may_post_sourcing_request(user)


def may_use_sourcing(user: Any) -> bool:
    """The sourcing pages (my requests, the supplier's inbox): buyers and suppliers."""
    return may_post_sourcing_request(user)


def may_use_company_tools(user: Any) -> bool:
    """Edit one's own company, its capabilities and sites, answer invitations to quote."""
    return is_operator(user) or is_company_staff(user)


def may_follow_challenges(user: Any) -> bool:
    """The desk's list: companies and experts work there, the public bodies follow the open cases;
    job seekers have nothing there."""
    return is_signed_in(user) and role_of(user) != Role.SEEKER


def is_labor_office(user: Any) -> bool:
    return role_of(user) == Role.LABOR_OFFICE


def may_review_incentives(user: Any) -> bool:
    """Youth-incentive applications and payments are decided by the labor office (operators see and
    configure everything, and may act for it)."""
    return is_labor_office(user) or is_operator(user)


def sees_small_counts(user: Any) -> bool:
    """Counts under core.disclosure.SMALL_COUNT, exactly: those who hold the rows behind them."""
    return may_review_incentives(user)


def sees_programme_money(user: Any) -> bool:
    """A youth-incentive programme's ledger, head count and forecast: the labor office, operators and
    the city (the public reads the programme's rules and schedule only)."""
    return may_review_incentives(user) or is_city(user)


def is_city(user: Any) -> bool:
    return role_of(user) == Role.CITY


def runs_graduate_school(user: Any) -> bool:
    """Cohorts, students, projects' publication, matches, milestones and placement: the graduate
    school's staff (the university role) and operators."""
    return role_of(user) == Role.UNIVERSITY or is_operator(user)


def runs_programs(user: Any) -> bool:
    """The programmes (agreements' commitments, projects and budgets, the investment pipeline, company
    visits, matchmaking days): operators and the city's staff, the free-economic-zone authority's
    officers among them (IFEZ is a city agency). Partners update their own commitments through
    programs.models.Partner.editors."""
    return is_operator(user) or is_city(user)


def may_post_jobs(user: Any) -> bool:
    """Job postings, their applicants and the search for discoverable seekers: company staff (for their
    companies; the service checks the membership) and operators."""
    return may_use_company_tools(user)


def is_seeker(user: Any) -> bool:
    return role_of(user) == Role.SEEKER


def may_answer_offers(user: Any) -> bool:
    return is_expert(user)


def may_write_articles(user: Any) -> bool:
    return is_operator(user) or is_expert(user)


def may_triage(user: Any) -> bool:
    """Triage, routing, imports, publishing and the back office are the operator's."""
    return is_operator(user)


def refuse_unless(allowed: bool, message: str) -> None:
    """Raise PermissionDenied with a reason a person can read (the API answers 403)."""
    if not allowed:
        raise PermissionDenied(message)


def require_sourcing_poster(user: Any) -> None:
    refuse_unless(
        may_post_sourcing_request(user),
        _("이 역할은 견적 요청을 등록할 수 없습니다. 기관 명의 등록은 운영기관의 허용이 필요합니다."),
    )


def require_challenge_poster(user: Any) -> None:
    refuse_unless(
        may_post_challenge(user),
        _("이 역할은 한계기술 과제를 등록할 수 없습니다. 기관 명의 등록은 운영기관의 허용이 필요합니다."),
    )


def require_job_poster(user: Any) -> None:
    refuse_unless(may_post_jobs(user), _("채용 공고는 기업 담당자만 등록할 수 있습니다."))


def require_seeker(user: Any) -> None:
    refuse_unless(is_seeker(user), _("구직자·학생 계정만 사용할 수 있는 기능입니다."))


def require_company_tools(user: Any) -> None:
    refuse_unless(may_use_company_tools(user), _("기업 담당자만 사용할 수 있는 기능입니다."))


def role_required(predicate: Predicate) -> Callable[[View], View]:
    """A view for the roles `predicate` admits: anonymous visitors are sent to log in, other roles
    get a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
