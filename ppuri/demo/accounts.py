"""The demo's people: one account per role (the ten of the README), each a member of the demo
organization it works for, all with the one documented password. Accounts someone made by hand before
the demo are never taken over."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import make_password

from ppuri.accounts.models import Role, User
from ppuri.accounts.security.mfa import mfa_give_fixed_key
from ppuri.accounts.security.selectors import MFA_REQUIRED_ROLES
from ppuri.demo import sourcing
from ppuri.demo.companies import PlannedOrganization
from ppuri.registry.models import Membership, Organization

DEMO_PASSWORD = "ppuri-demo-2026"  # noqa: S105 - documented demo password, for demo accounts only
# The demo's privileged accounts (operator, city, labor office, experts) must use a second factor; they
# share this documented TOTP key so a person trying the demo can add it to an authenticator app.
# Public, so for demo accounts only (mfa_give_fixed_key refuses production).
DEMO_TOTP_KEY = "PPURIDEMOPPURIDEMOPPURIDEMOPPURI"
# In the order `ppuri demo` lists them.
DEMO_USERNAMES = (
    "operator",
    "city",
    "labor",
    "supplier",
    "supplier2",
    "buyer",
    "buyer2",
    "expert",
    "university",
    "seeker",
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organization: str
    membership: str


def _first(
    plan: list[PlannedOrganization], *, complex_slug: str, process: str, sector: str
) -> PlannedOrganization:
    """The company a demo account works for: preferably one that serves the sector of the demo
    story (a robot-housing die caster for flow 2, an automotive heat treater for flow 4) and is not
    a one-person shop."""
    candidates = [p for p in plan if p.complex_slug == complex_slug and p.primary_process == process]
    if not candidates:
        raise ValueError(f"the demo plan has no {process} company in {complex_slug}")
    for planned in candidates:
        if sector in planned.sector_slugs and (planned.organization.employees or 0) >= 10:
            return planned
    return candidates[0]


def account_specs(
    plan: list[PlannedOrganization],
) -> list[tuple[str, str, str, PlannedOrganization | None, str]]:
    """(username, role, display name, organization, membership role) of the demo accounts."""
    by_tag = {
        planned.tag: planned for planned in plan if planned.organization.kind != Organization.Kind.COMPANY
    }
    die_caster = _first(plan, complex_slug="namdong", process="casting.die-casting", sector="robotics")
    heat_treater = _first(
        plan, complex_slug="namdong", process="heat-treatment.carburizing", sector="automotive"
    )
    robotics = next(planned for planned in plan if planned.tag == "robotics")
    bio_health = next(planned for planned in plan if planned.tag == "bio-health")
    admin, member = Membership.Role.ADMIN, Membership.Role.MEMBER
    return [
        ("operator", Role.OPERATOR, "운영자 (데모)", by_tag["technopark"], admin),
        ("city", Role.CITY, "인천시 담당자 (데모)", by_tag["city"], member),
        ("labor", Role.LABOR_OFFICE, "고용노동청 담당자 (데모)", by_tag["labor"], member),
        ("supplier", Role.COMPANY, "다이캐스팅 기업 관리자 (데모)", die_caster, admin),
        ("supplier2", Role.COMPANY, "열처리 기업 직원 (데모)", heat_treater, member),
        ("buyer", Role.COMPANY, "로봇 스타트업 관리자 (데모)", robotics, admin),
        ("buyer2", Role.COMPANY, "바이오헬스 기업 관리자 (데모)", bio_health, admin),
        ("expert", Role.EXPERT, "포스코 기술연구원 전문가 (데모)", by_tag["posco"], member),
        ("university", Role.UNIVERSITY, "제조혁신전문대학원 담당자 (데모)", by_tag["inha"], member),
        ("seeker", Role.SEEKER, "구직자 (데모)", None, ""),
    ]


def accounts_write(plan: list[PlannedOrganization]) -> User | None:
    """The demo accounts and their memberships; returns the operator (None when one existed already)."""
    specs = account_specs(plan)
    existing = set(
        User.objects.filter(username__in=[spec[0] for spec in specs]).values_list("username", flat=True)
    )
    # One PBKDF2 hash for all demo accounts: hashing is deliberately slow, and they share one
    # documented password anyway.
    password = make_password(DEMO_PASSWORD)
    users = []
    for username, role, display_name, _, _ in specs:
        if username in existing:
            continue  # never take over an account someone made by hand
        users.append(
            User(
                username=username,
                role=role,
                display_name=display_name,
                email=f"{username}@ppuri.example",
                password=password,
                is_staff=role == Role.OPERATOR,
            )
        )
    created = {user.username: user for user in User.objects.bulk_create(users)}
    Membership.objects.bulk_create(
        [
            Membership(user=created[username], organization=planned.organization, role=membership)
            for username, _, _, planned, membership in specs
            if username in created and planned is not None
        ]
    )
    return created.get("operator")


def demo_totp_devices_write(*, joined_since: datetime) -> None:
    """The documented demo authenticator for each account this load made whose role needs one (an
    account made by hand before the demo joined earlier and keeps its own)."""
    for user in User.objects.filter(date_joined__gte=joined_since, role__in=MFA_REQUIRED_ROLES):
        mfa_give_fixed_key(user=user, key_base32=DEMO_TOTP_KEY)


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts present in the database, with the organization each works for."""
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(user__in=users.values()).select_related("organization")
    }
    accounts = []
    for username in DEMO_USERNAMES:
        if username not in users:
            continue
        user = users[username]
        membership = memberships.get(user.pk)
        accounts.append(
            DemoAccount(
                username=username,
                role=user.role,
                organization=membership.organization.name if membership else "",
                membership=membership.role if membership else "",
            )
        )
    return accounts


def supplier_accounts() -> list[str]:
    names = sourcing.supplier_accounts()
    present = set(
        User.objects.filter(username__in=names, memberships__organization__is_demo=True).values_list(
            "username", flat=True
        )
    )
    return [name for name in names if name in present]
