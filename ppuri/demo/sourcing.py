"""The sourcing demo (data/sourcing.toml): hand-written suppliers that a buyer would expect first for
typical parts, and requests by the demo buyers in every state of the round.

The suppliers are written straight to the registry like the rest of the demo, each with one account.
The requests go through ppuri.sourcing.services as the buyers' and suppliers' own members, so their
activity log and notifications are the real ones. Request dates count from the day of loading (the
services refuse deadlines and quotes in the past); everything else is dated absolutely in the file.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from ppuri.accounts.models import Role, User
from ppuri.core.text import normalize_company_name
from ppuri.demo.datafiles import data_file
from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.registry.models import Capability, Membership, Organization, OrganizationCertification, Site
from ppuri.sourcing import services
from ppuri.sourcing.models import Invitation, Quote, SourcingRequest

_SEOUL = ZoneInfo("Asia/Seoul")
# Factory numbers of the hand-written suppliers: serials 00901…, clear of the generated ones (10001…)
# and of the sample import files (00001–00006).
_FACTORY_SERIAL = 900
# Phone numbers 032-555-01xx: the generated companies draw 1000–9999 of the same exchange.
_PHONE = "032-555-{:04d}"


def supplier_names() -> list[str]:
    """Names the generated companies must not take."""
    return [row["name"] for row in data_file("sourcing.toml")["supplier"]]


def supplier_accounts() -> list[str]:
    return [row["account"] for row in data_file("sourcing.toml")["supplier"]]


@dataclass
class _Reference:
    processes: dict[str, Process]
    materials: dict[str, Material]
    sectors: dict[str, Sector]
    certifications: dict[str, Certification]
    complexes: dict[str, Complex]

    @classmethod
    def load(cls) -> "_Reference":
        return cls(
            processes={p.slug: p for p in Process.objects.all()},
            materials={m.slug: m for m in Material.objects.all()},
            sectors={s.slug: s for s in Sector.objects.all()},
            certifications={c.slug: c for c in Certification.objects.all()},
            complexes={c.slug: c for c in Complex.objects.all()},
        )

    def get(self, kind: str, slug: str) -> Any:
        try:
            return getattr(self, kind)[slug]
        except KeyError:
            raise ImproperlyConfigured(f"demo/data/sourcing.toml names an unknown {kind} {slug!r}") from None


def _size(employees: int) -> str:
    if employees < 50:
        return Organization.Size.SMALL
    return Organization.Size.MEDIUM if employees < 300 else Organization.Size.MIDSIZE


def suppliers_write(*, operator: User | None, password: str) -> dict[str, Organization]:
    """The hand-written suppliers with their site, capabilities, certificates, sectors and one admin
    account each (an existing username is left alone, as for the other demo accounts). By key."""
    ref = _Reference.load()
    areas = {area["key"]: area for area in data_file("streets.toml")["area"]}
    hashed = make_password(password)
    suppliers: dict[str, Organization] = {}
    for index, row in enumerate(data_file("sourcing.toml")["supplier"], 1):
        area = areas[row["area"]]
        organization = Organization.objects.create(
            kind=Organization.Kind.COMPANY,
            name=row["name"],
            name_en=row["name_en"],
            normalized_name=normalize_company_name(row["name"]),
            description=row["description"],
            description_en=row["description_en"],
            products=row["products"],
            raw_materials=row["raw_materials"],
            size=_size(row["employees"]),
            employees=row["employees"],
            founded_year=row["founded"],
            phone=_PHONE.format(100 + index),
            is_demo=True,
        )
        site = Site.objects.create(
            organization=organization,
            name="본사 공장",
            complex=ref.get("complexes", row["complex"]),
            address=row["address"],
            district=area["district"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            factory_number=f"{area['code']}{row['founded']}{_FACTORY_SERIAL + index:05d}",
            is_primary=True,
        )
        for spec in row["capabilities"]:
            _capability(organization, site, spec, ref, operator)
        OrganizationCertification.objects.bulk_create(
            [
                OrganizationCertification(
                    organization=organization,
                    certification=ref.get("certifications", held["slug"]),
                    issued_on=date.fromisoformat(held["issued"]),
                    valid_until=date.fromisoformat(held["valid_until"]) if "valid_until" in held else None,
                    verified=held.get("verified", False),
                )
                for held in row["certifications"]
            ]
        )
        organization.sectors.set([ref.get("sectors", slug) for slug in row["sectors"]])
        if not User.objects.filter(username=row["account"]).exists():
            user = User.objects.create(
                username=row["account"],
                role=Role.COMPANY,
                display_name=f"{row['name']} 관리자 (데모)",
                email=f"{row['account']}@ppuri.example",
                password=hashed,
            )
            Membership.objects.create(user=user, organization=organization, role=Membership.Role.ADMIN)
        suppliers[row["key"]] = organization
    return suppliers


def _capability(
    organization: Organization, site: Site, spec: dict[str, Any], ref: _Reference, operator: User | None
) -> None:
    length, width, height = spec.get("size", (None, None, None))
    capability = Capability(
        organization=organization,
        site=site,
        process=ref.get("processes", spec["process"]),
        batch_band=spec["batch"],
        equipment=spec.get("equipment", ""),
        source=spec["source"],
        max_length_mm=length,
        max_width_mm=width,
        max_height_mm=height,
        max_weight_kg=Decimal(str(spec["max_kg"])) if "max_kg" in spec else None,
    )
    if spec["source"] == Capability.Source.VERIFIED:
        day = date.fromisoformat(spec["verified_on"])
        capability.source_detail = f"운영기관 현장 확인 {day.isoformat()}"
        capability.verified_at = datetime.combine(day, time(10), tzinfo=_SEOUL)
        capability.verified_by = operator
    capability.save()
    capability.materials.set([ref.get("materials", slug) for slug in spec.get("materials", [])])


def _member(organization: Organization) -> User | None:
    membership = organization.memberships.select_related("user").order_by("pk").first()
    return membership.user if membership else None


def requests_create(
    *, suppliers: dict[str, Organization], account_companies: dict[str, Organization]
) -> list[SourcingRequest]:
    """The requests of the file, each brought to its state through the services. `suppliers` maps
    the file's supplier keys to organizations, `account_companies` the demo accounts (a request's
    buyer, a supplier written "@username") to their companies."""
    ref = _Reference.load()
    today = timezone.localdate()
    suppliers = {**suppliers, **{f"@{name}": company for name, company in account_companies.items()}}
    made = []
    for row in data_file("sourcing.toml")["request"]:
        buyer = account_companies.get(row["buyer"])
        actor = _member(buyer) if buyer else None
        if buyer is None or actor is None:
            continue  # the buyer's account was made by hand before the demo: nobody may act for it
        request = _request(row, buyer=buyer, actor=actor, ref=ref, today=today, suppliers=suppliers)
        if request.status != row["state"]:
            raise ImproperlyConfigured(
                f"demo request {row['title']!r} ended {request.status}, not {row['state']}"
            )
        made.append(request)
    return made


def _request(
    row: dict[str, Any],
    *,
    buyer: Organization,
    actor: User,
    ref: _Reference,
    today: date,
    suppliers: dict[str, Organization],
) -> SourcingRequest:
    processes = [ref.get("processes", slug) for slug in row.get("processes", [])]
    request = services.request_create(
        actor=actor,
        buyer=buyer,
        processes=processes or None,  # none: inferred from the text, waiting for confirmation
        certifications=[ref.get("certifications", slug) for slug in row.get("certifications", [])],
        complexes=[ref.get("complexes", slug) for slug in row.get("complexes", [])],
        title=row["title"],
        description=row["description"],
        material=ref.get("materials", row["material"]) if "material" in row else None,
        material_grade=row.get("material_grade", ""),
        quantity=row["quantity"],
        length_mm=row.get("length_mm"),
        width_mm=row.get("width_mm"),
        height_mm=row.get("height_mm"),
        weight_kg=Decimal(row["weight_kg"]) if "weight_kg" in row else None,
        tolerance=row.get("tolerance", ""),
        sector=ref.get("sectors", row["sector"]) if "sector" in row else None,
        deadline=today + timedelta(days=row["deadline_days"]),
        visibility=row.get("visibility", SourcingRequest.Visibility.INVITED),
    )
    if row["state"] == SourcingRequest.Status.DRAFT:
        return request
    request = services.request_open(actor=actor, request=request)
    for invited in row.get("invitations", []):
        supplier = suppliers[invited["supplier"]]
        steps = [request.steps.get(position=position) for position in invited["steps"]]
        invitation = services.invitation_create(actor=actor, request=request, supplier=supplier, steps=steps)
        _answer(request, invitation, invited, today)
    for offered in row.get("open_quotes", []):
        _quote(request, suppliers[offered["supplier"]], offered, today)
    for key in row.get("award", []):
        quote = Quote.objects.get(invitation__request=request, invitation__supplier=suppliers[key])
        services.quote_award(actor=actor, quote=quote)
    if row["state"] == SourcingRequest.Status.CANCELLED:
        services.request_cancel(actor=actor, request=request)
    elif row["state"] == SourcingRequest.Status.CLOSED:
        services.request_close(actor=actor, request=request)
    request.refresh_from_db()
    return request


def _answer(request: SourcingRequest, invitation: Invitation, row: dict[str, Any], today: date) -> None:
    answer = row.get("answer")
    if answer == "quote":
        _quote(request, invitation.supplier, row, today)
    elif answer == "decline":
        supplier_actor = _member(invitation.supplier)
        if supplier_actor is not None:
            services.invitation_decline(actor=supplier_actor, invitation=invitation, reason=row["reason"])


def _quote(request: SourcingRequest, supplier: Organization, row: dict[str, Any], today: date) -> None:
    supplier_actor = _member(supplier)
    if supplier_actor is None:
        return
    services.quote_submit(
        actor=supplier_actor,
        request=request,
        supplier=supplier,
        price_krw=row["price_krw"],
        lead_time_days=row["lead_time_days"],
        valid_until=today + timedelta(days=row["valid_days"]),
        notes=row.get("notes", ""),
    )
