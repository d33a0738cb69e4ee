"""Writes to the registry. Every function is keyword-only, atomic and logs what it changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ppuri.core.activity import activity_log
from ppuri.core.concurrency import version_check, version_of
from ppuri.core.text import clean_spaces, normalize_company_name
from ppuri.reference.models import Material, Process, Sector
from ppuri.registry.models import Capability, Contact, Membership, Organization, Site
from ppuri.registry.root_industry import organizations_root_industry_refresh
from ppuri.search.services import index_refresh

PROFILE_FIELDS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "products",
    "raw_materials",
    "ksic_main",
    "size",
    "employees",
    "founded_year",
    "website",
    "phone",
)


# The values an edit writes, in a fixed order: the version an editor saw (core.concurrency).
def _organization_values(organization: Organization) -> dict[str, Any]:
    return {
        **{name: getattr(organization, name) for name in PROFILE_FIELDS},
        "sectors": list(organization.sectors.all()),
    }


def organization_version(organization: Organization) -> str:
    return version_of(_organization_values(organization))


def _changes(instance: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [getattr(instance, name), value]
        for name, value in values.items()
        if getattr(instance, name) != value
    }


def _field_names(model: type[Any], changes: dict[str, Any]) -> str:
    return ", ".join(str(model._meta.get_field(name).verbose_name) for name in changes)


def _search_refresh(organization: Organization, *, created: bool = False) -> None:
    """Keep what derives from the company's facts in step, in the same transaction as the change: its
    root-industry mark (registry.root_industry; a flip is logged, but not on creation), then its search
    document, which carries the mark."""
    organizations_root_industry_refresh(organization_ids=[organization.pk], log=not created)
    organization.refresh_from_db(fields=["is_root_industry", "root_industry_reason"])
    index_refresh(doc_type="company", object_ids=[organization.pk])


def _json_safe(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {
        k: [v if isinstance(v, (str, int, float, bool, type(None))) else str(v) for v in pair]
        for k, pair in changes.items()
    }


@transaction.atomic
def organization_create(
    *, actor: Any, name: str, kind: str = Organization.Kind.COMPANY, **fields: Any
) -> Organization:
    name = clean_spaces(name)
    organization = Organization(kind=kind, name=name, normalized_name=normalize_company_name(name), **fields)
    organization.full_clean()
    organization.save()
    activity_log(
        actor=actor,
        verb="registry.organization.created",
        target=organization,
        summary=lambda: organization.display_name,
    )
    _search_refresh(organization, created=True)
    return organization


@transaction.atomic
def organization_update(
    *,
    actor: Any,
    organization: Organization,
    sectors: list[Sector] | None = None,
    expected_version: str | None = None,
    **values: Any,
) -> Organization:
    """`expected_version`: the organization_version the editor read; if the profile has changed
    since, EditConflict and nothing is written. Without it the last writer wins."""
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if "name" in values:
        values["name"] = clean_spaces(values["name"])
    # Under lock, so two saves of one profile take turns and the second compares with the first's.
    organization.refresh_from_db(from_queryset=Organization.objects.select_for_update())
    version_check(
        expected=expected_version,
        current=_organization_values(organization),
        requested={**values, "sectors": sectors} if sectors is not None else values,
    )
    changes = _changes(organization, values)
    for name, value in values.items():
        setattr(organization, name, value)
    organization.normalized_name = normalize_company_name(organization.name)
    organization.full_clean()
    organization.save(update_fields=[*values.keys(), "normalized_name", "updated_at"])
    if sectors is not None:
        before = sorted(s.slug for s in organization.sectors.all())
        after = sorted(s.slug for s in sectors)
        if before != after:
            organization.sectors.set(sectors)
            changes["sectors"] = [before, after]
    if changes:
        activity_log(
            actor=actor,
            verb="registry.organization.updated",
            target=organization,
            summary=lambda: _("프로필 수정: %(fields)s") % {"fields": _field_names(Organization, changes)},
            data={"changes": _json_safe(changes)},
        )
    _search_refresh(organization)
    return organization


CAPABILITY_FIELDS = (
    "site",
    "max_length_mm",
    "max_width_mm",
    "max_height_mm",
    "max_weight_kg",
    "batch_band",
    "equipment",
    "notes",
)


def _capability_values(capability: Capability) -> dict[str, Any]:
    return {
        **{name: getattr(capability, name) for name in CAPABILITY_FIELDS},
        "materials": list(capability.materials.all()),
    }


def capability_version(capability: Capability) -> str:
    return version_of(_capability_values(capability))


def _capability_check_site(organization: Organization, site: Site | None) -> None:
    if site is not None and site.organization_id != organization.pk:
        raise ValidationError({"site": _("이 기업의 사업장이 아닙니다.")})


@transaction.atomic
def capability_create(
    *,
    actor: Any,
    organization: Organization,
    process: Process,
    materials: list[Material] | None = None,
    source: str = Capability.Source.DECLARED,
    source_detail: str = "",
    **values: Any,
) -> Capability:
    _capability_check_site(organization, values.get("site"))
    capability = Capability(
        organization=organization, process=process, source=source, source_detail=source_detail, **values
    )
    capability.full_clean(exclude=["organization", "process"])
    try:
        with transaction.atomic():
            capability.save()
    except IntegrityError as exc:
        raise ValidationError({"process": _("이 공정은 이미 등록되어 있습니다.")}) from exc
    capability.materials.set(materials or [])
    activity_log(
        actor=actor,
        verb="registry.capability.created",
        target=capability,
        scope=organization,
        summary=lambda: _("공정 역량 추가: %(process)s") % {"process": process.name},
        data={"process": process.slug, "materials": [m.slug for m in materials or []]},
    )
    _search_refresh(organization)
    return capability


@transaction.atomic
def capability_update(
    *,
    actor: Any,
    capability: Capability,
    materials: list[Material] | None = None,
    expected_version: str | None = None,
    **values: Any,
) -> Capability:
    """`expected_version` as in organization_update, with capability_version."""
    unknown = set(values) - set(CAPABILITY_FIELDS)
    if unknown:
        raise ValueError(f"not capability fields: {sorted(unknown)}")
    capability.refresh_from_db(from_queryset=Capability.objects.select_for_update())
    version_check(
        expected=expected_version,
        current=_capability_values(capability),
        requested={**values, "materials": materials} if materials is not None else values,
    )
    _capability_check_site(capability.organization, values.get("site", capability.site))
    changes = _changes(capability, values)
    if materials is not None:
        before = sorted(m.slug for m in capability.materials.all())
        after = sorted(m.slug for m in materials)
        if before != after:
            changes["materials"] = [before, after]
    for name, value in values.items():
        setattr(capability, name, value)
    # A company's own edit turns an imported guess into its declaration; an operator's verification
    # stays only while nobody else changes the fact.
    if changes and not getattr(actor, "is_operator", False):
        capability.source = Capability.Source.DECLARED
        capability.verified_by = None
        capability.verified_at = None
    capability.full_clean(exclude=["organization", "process"])
    capability.save()
    if "materials" in changes:
        capability.materials.set(materials or [])
    if changes:
        activity_log(
            actor=actor,
            verb="registry.capability.updated",
            target=capability,
            scope=capability.organization,
            summary=lambda: _("공정 역량 수정: %(process)s") % {"process": capability.process.name},
            data={"changes": _json_safe(changes)},
        )
    _search_refresh(capability.organization)
    return capability


@transaction.atomic
def capability_verify(*, actor: Any, capability: Capability) -> Capability:
    capability.source = Capability.Source.VERIFIED
    capability.verified_by = actor
    capability.verified_at = timezone.now()
    capability.save(update_fields=["source", "verified_by", "verified_at", "updated_at"])
    activity_log(
        actor=actor,
        verb="registry.capability.verified",
        target=capability,
        scope=capability.organization,
        summary=lambda: _("공정 역량 확인: %(process)s") % {"process": capability.process.name},
    )
    _search_refresh(capability.organization)
    return capability


@transaction.atomic
def capability_delete(*, actor: Any, capability: Capability) -> None:
    organization = capability.organization
    process = capability.process
    activity_log(
        actor=actor,
        verb="registry.capability.deleted",
        target=organization,
        scope=organization,
        summary=lambda: _("공정 역량 삭제: %(process)s") % {"process": process.name},
        data={"process": process.slug},
    )
    capability.delete()
    _search_refresh(organization)


SITE_FIELDS = (
    "name",
    "complex",
    "address",
    "district",
    "latitude",
    "longitude",
    "factory_number",
    "is_primary",
)


def site_version(site: Site) -> str:
    return version_of({name: getattr(site, name) for name in SITE_FIELDS})


@transaction.atomic
def site_save(
    *,
    actor: Any,
    organization: Organization,
    site: Site | None = None,
    expected_version: str | None = None,
    **values: Any,
) -> Site:
    """Add a site, or change one (`expected_version` as in organization_update, with site_version)."""
    unknown = set(values) - set(SITE_FIELDS)
    if unknown:
        raise ValueError(f"not site fields: {sorted(unknown)}")
    if site is not None:
        site.refresh_from_db(from_queryset=Site.objects.select_for_update())
        version_check(
            expected=expected_version,
            current={name: getattr(site, name) for name in SITE_FIELDS},
            requested=values,
        )
    creating = site is None
    site = site or Site(organization=organization)
    changes = _changes(site, values) if not creating else {}
    for name, value in values.items():
        setattr(site, name, value)
    if site.factory_number == "":
        site.factory_number = None
    site.full_clean(exclude=["organization"])
    if site.is_primary:  # one main site per organization: the new one takes over
        Site.objects.filter(organization=organization, is_primary=True).exclude(pk=site.pk).update(
            is_primary=False, updated_at=timezone.now()
        )
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError as exc:  # another request took the factory number since full_clean
        raise ValidationError(
            {"factory_number": _("이 공장관리번호는 이미 다른 사업장에 등록되어 있습니다.")}
        ) from exc
    activity_log(
        actor=actor,
        verb="registry.site.created" if creating else "registry.site.updated",
        target=site,
        scope=organization,
        summary=lambda: (
            (_("사업장 추가: %(address)s") if creating else _("사업장 수정: %(address)s"))
            % {"address": site.address}
        ),
        data={"changes": _json_safe(changes)},
    )
    _search_refresh(organization)
    return site


@transaction.atomic
def membership_set(*, actor: Any, organization: Organization, user: Any, role: str) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    activity_log(
        actor=actor,
        verb="registry.membership.set",
        target=membership,
        scope=organization,
        summary=lambda: _("%(user)s 권한: %(role)s") % {"user": user, "role": membership.get_role_display()},
    )
    return membership


CONTACT_FIELDS = ("name", "title", "email", "phone", "is_public")


def contact_version(contact: Contact) -> str:
    return version_of({name: getattr(contact, name) for name in CONTACT_FIELDS})


@transaction.atomic
def contact_save(
    *,
    actor: Any,
    organization: Organization,
    contact: Contact | None = None,
    expected_version: str | None = None,
    **values: Any,
) -> Contact:
    """Add a contact, or change one (`expected_version` as in organization_update, with
    contact_version)."""
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    if contact is not None:
        contact.refresh_from_db(from_queryset=Contact.objects.select_for_update())
        version_check(
            expected=expected_version,
            current={name: getattr(contact, name) for name in CONTACT_FIELDS},
            requested=values,
        )
    creating = contact is None
    contact = contact or Contact(organization=organization)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.full_clean(exclude=["organization"])
    contact.save()
    # The log names the fields changed, never their values: they are personal data.
    activity_log(
        actor=actor,
        verb="registry.contact.created" if creating else "registry.contact.updated",
        target=contact,
        scope=organization,
        summary=lambda: _("담당자 정보 저장"),
        data={"fields": sorted(values)},
    )
    return contact


# --- the operators' back office (Django admin) -----------------------------------------------------
# The admin validates with its own forms; these services do the writing and the logging, so a change
# made there is normalized and appears in the change log like any other.


@transaction.atomic
def organization_save_from_admin(
    *, actor: Any, organization: Organization, changed_fields: list[str], creating: bool
) -> Organization:
    organization.name = clean_spaces(organization.name)
    organization.normalized_name = normalize_company_name(organization.name)
    organization.save()
    fields = [f for f in changed_fields if f in {f.name for f in Organization._meta.get_fields()}]
    activity_log(
        actor=actor,
        verb="registry.organization.created" if creating else "registry.organization.updated",
        target=organization,
        summary=(
            organization.name
            if creating
            else lambda: (
                _("프로필 수정: %(fields)s") % {"fields": _field_names(Organization, dict.fromkeys(fields))}
            )
        ),
        data={"fields": fields, "via": "admin"},
    )
    _search_refresh(organization)
    return organization


@transaction.atomic
def organization_row_save_from_admin(
    *, actor: Any, organization: Organization, row: Any, changed_fields: list[str], creating: bool
) -> None:
    """Save a site, capability, certification, membership or contact edited in the admin, and log it
    (for memberships this is the permission-change history)."""
    row.save()
    model = type(row)
    data: dict[str, Any] = {"fields": changed_fields, "via": "admin"}
    if isinstance(row, Membership):
        data["user"] = row.user_id
        data["role"] = row.role
    activity_log(
        actor=actor,
        verb=f"registry.{model._meta.model_name}.{'created' if creating else 'updated'}",
        target=row,
        scope=organization,
        summary=lambda: (
            (_("%(what)s 추가") if creating else _("%(what)s 수정")) % {"what": model._meta.verbose_name}
        ),
        data=data,
    )
    _search_refresh(organization)


@transaction.atomic
def organization_row_delete_from_admin(*, actor: Any, organization: Organization, row: Any) -> None:
    model = type(row)
    activity_log(
        actor=actor,
        verb=f"registry.{model._meta.model_name}.deleted",
        target=organization,
        scope=organization,
        summary=lambda: _("%(what)s 삭제") % {"what": model._meta.verbose_name},
        data={"id": row.pk, "via": "admin"},
    )
    row.delete()
    _search_refresh(organization)
