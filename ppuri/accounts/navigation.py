"""The site's navigation by role, in one table.

Each entry names a page (its url name), its label, the section of the header it sits in, the roles
that see it and, where the role alone does not decide, a predicate of accounts.roles (an institution
sees 견적 요청 only when an operator allowed it to post). The header renders the table through the
`{% navigation "main" %}` and `{% navigation "account" %}` tags (templatetags/ppuri_navigation.py); the
role × page test (tests/test_role_matrix.py) checks that every entry a role sees answers 200 for it and
that no page it may not use is in its menu.

The predicates are role-level and need no query, so the menu costs nothing per page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ppuri.accounts import roles
from ppuri.accounts.models import Role

ANONYMOUS = "anonymous"
SIGNED_IN = frozenset(role.value for role in Role)
EVERYONE = SIGNED_IN | {ANONYMOUS}

MAIN = "main"  # the main menu under the site name
ACCOUNT = "account"  # the signed-in user's menu (and the phone menu's account part)
UTILITY = "utility"  # the row above the site name, beside 알림 (the main menu is full at 1,366 px)


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    section: str
    roles: frozenset[str]
    when: Callable[[Any], bool] | None = None
    fragment: str = ""
    # The pages under this entry: "ns:" for a whole app, "ns:name" for one page or a family of pages
    # (prefix), minus `inactive`; the entry is marked selected on them.
    active: tuple[str, ...] = ()
    inactive: tuple[str, ...] = ()

    def shown_to(self, user: Any) -> bool:
        role = roles.role_of(user) or ANONYMOUS
        return role in self.roles and (self.when is None or self.when(user))

    def is_active(self, view_name: str) -> bool:
        return any(view_name.startswith(prefix) for prefix in self.active) and not any(
            view_name.startswith(prefix) for prefix in self.inactive
        )


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("workspace", _("내 업무"), UTILITY, SIGNED_IN, active=("workspace",)),
    # The agreement's commitments and the projects' progress are public; the staff manage them there.
    NavEntry(
        "programs:index",
        pgettext_lazy("menu", "협약·사업"),
        UTILITY,
        EVERYONE,
        active=("programs:",),
        inactive=("programs:event",),
    ),
    # The city's view of the complexes: public aggregates for everyone (issue 18).
    NavEntry("dashboards:index", pgettext_lazy("menu", "현황"), UTILITY, EVERYONE, active=("dashboards:",)),
    NavEntry(
        "registry:directory",
        _("기업 찾기"),
        MAIN,
        EVERYONE,
        active=("registry:",),
        inactive=("registry:import", "registry:complex_detail", "registry:my_companies"),
    ),
    NavEntry(
        "sourcing:list",
        _("견적 요청"),
        MAIN,
        frozenset({Role.OPERATOR, Role.COMPANY, *roles.INSTITUTION_ROLES}),
        when=roles.may_use_sourcing,
        active=("sourcing:",),
    ),
    NavEntry(
        "challenges:list",
        _("한계기술 자문"),
        MAIN,
        SIGNED_IN - {Role.SEEKER},
        when=roles.may_follow_challenges,
        active=("challenges:",),
    ),
    NavEntry("knowledge:list", _("기술 지식"), MAIN, EVERYONE, active=("knowledge:",)),
    NavEntry(
        "talent:list",
        _("채용"),
        MAIN,
        EVERYONE,
        active=("talent:",),
        inactive=("talent:my_", "talent:create"),
    ),
    NavEntry(
        # A menu's own words (context "menu"): short enough for one line at 1,366 px in English too.
        "home",
        pgettext_lazy("menu", "산업단지"),
        MAIN,
        EVERYONE,
        fragment="#complexes",
        active=("registry:complex_detail",),
    ),
    NavEntry(
        "registry:import_upload",
        pgettext_lazy("menu", "공장 자료 가져오기"),
        MAIN,
        frozenset({Role.OPERATOR}),
        active=("registry:import",),
    ),
    NavEntry("admin:index", _("운영 관리"), MAIN, frozenset({Role.OPERATOR})),
    NavEntry(
        "registry:my_companies",
        _("내 기업"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.COMPANY}),
        when=roles.may_use_company_tools,
    ),
    NavEntry(
        "talent:my_jobs",
        _("우리 회사 채용 공고"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.COMPANY}),
        when=roles.may_post_jobs,
        active=("talent:my_jobs", "talent:create"),
    ),
    NavEntry(
        "talent:my_profile",
        _("내 구직자 프로필"),
        ACCOUNT,
        frozenset({Role.SEEKER}),
        active=("talent:my_profile",),
    ),
    NavEntry(
        "talent:my_matches",
        _("나에게 맞는 공고"),
        ACCOUNT,
        frozenset({Role.SEEKER}),
        active=("talent:my_matches",),
    ),
    NavEntry(
        "talent:my_applications",
        _("내 지원"),
        ACCOUNT,
        frozenset({Role.SEEKER}),
        active=("talent:my_applications",),
    ),
    NavEntry(
        "incentives:mine",
        _("청년 장려금 신청"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.COMPANY}),
        active=("incentives:mine", "incentives:apply"),
    ),
    NavEntry(
        "tenure:employments",
        _("채용 뒤 근속"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.COMPANY, Role.LABOR_OFFICE}),
        active=("tenure:",),
    ),
    NavEntry(
        "incentives:queue",
        _("청년 장려금 심사"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.LABOR_OFFICE}),
        active=("incentives:queue",),
    ),
    NavEntry(
        "incentives:programs",
        _("청년 장려금 사업"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.LABOR_OFFICE, Role.CITY}),
        active=("incentives:program", "incentives:retention"),
    ),
    NavEntry(
        "graduate:overview",
        _("제조혁신전문대학원"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.UNIVERSITY, Role.CITY}),
        active=("graduate:overview", "graduate:cohort", "graduate:student"),
    ),
    NavEntry(
        "graduate:projects",
        _("대학원 연계 과제"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.UNIVERSITY, Role.COMPANY}),
        active=("graduate:project", "graduate:propose"),
    ),
    NavEntry("graduate:me", _("내 대학원 기록"), ACCOUNT, frozenset({Role.SEEKER}), active=("graduate:me",)),
    NavEntry(
        "programs:events",
        _("기업 상담회"),
        ACCOUNT,
        frozenset({Role.OPERATOR, Role.CITY, Role.COMPANY}),
        active=("programs:event",),
    ),
    NavEntry("registry:claim_queue", _("소유권 신청 심사"), ACCOUNT, frozenset({Role.OPERATOR})),
    NavEntry("talent:wage_arrears", _("임금체불 명단 기록"), ACCOUNT, frozenset({Role.OPERATOR})),
    NavEntry("registry:staff_invite", _("기관 담당자 초대"), ACCOUNT, frozenset({Role.OPERATOR})),
    NavEntry("registry:my_claims", _("내 소유권 신청"), ACCOUNT, frozenset({Role.COMPANY})),
    NavEntry("accounts:my_data", _("내 정보"), ACCOUNT, SIGNED_IN),
    NavEntry("accounts:security", _("보안 설정"), ACCOUNT, SIGNED_IN),
    NavEntry("accounts:consents", _("개인정보 동의 관리"), ACCOUNT, SIGNED_IN),
    NavEntry("accounts:api_tokens", _("API 토큰"), ACCOUNT, SIGNED_IN),
)


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str | Promise
    url_name: str
    selected: bool
    current: bool


def navigation_for(user: Any, *, section: str, view_name: str = "") -> list[NavLink]:
    """The links of one section of the header this user sees, marked for the page being shown."""
    return [
        NavLink(
            href=reverse(entry.url_name) + entry.fragment,
            label=entry.label,
            url_name=entry.url_name,
            selected=entry.is_active(view_name),
            current=view_name == entry.url_name and not entry.fragment,
        )
        for entry in NAVIGATION
        if entry.section == section and entry.shown_to(user)
    ]
