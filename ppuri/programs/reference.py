"""The agreements Ppuri knows as reference data (programs/data/agreement-*.toml), seeded after every
migrate. Create only: a row that exists is left as it is — what partners reported and the staff
corrected is never overwritten — except that a partner still unlinked is linked to the registry
organization of the same name once there is one (a fresh database has none until the registry fills)."""

import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction

from ppuri.programs.models import Agreement, Commitment, CommitmentPeriod, Partner
from ppuri.registry.models import Organization

DATA = Path(__file__).resolve().parent / "data"
NEEDS_ORGANIZATION = (Commitment.Measure.EXPERTS_ACTIVE, Commitment.Measure.CASES_SOLVED)


@transaction.atomic
def agreement_sync(path: Path) -> Agreement:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    head = data["agreement"]
    agreement, _created = Agreement.objects.get_or_create(
        slug=head["slug"],
        defaults={**{k: v for k, v in head.items() if k != "slug"}, "is_reference": True},
    )
    partners: dict[str, Partner] = {}
    for order, row in enumerate(data["partner"]):
        partner, _created = Partner.objects.get_or_create(
            agreement=agreement, name=row["name"], defaults={**row, "order": order}
        )
        if partner.organization_id is None:
            organization = Organization.objects.filter(name=row["name"]).order_by("pk").first()
            if organization is not None:
                partner.organization = organization
                partner.save(update_fields=["organization"])
        partners[row["name"]] = partner
    for order, row in enumerate(data["commitment"]):
        fields: dict[str, Any] = {k: v for k, v in row.items() if k not in ("partner", "periods", "code")}
        partner = partners[row["partner"]]
        commitment, _created = Commitment.objects.get_or_create(
            agreement=agreement, code=row["code"], defaults={**fields, "partner": partner, "order": order}
        )
        if (
            commitment.measure in NEEDS_ORGANIZATION
            and commitment.measure_organization_id is None
            and partner.organization_id is not None
        ):
            commitment.measure_organization_id = partner.organization_id
            commitment.save(update_fields=["measure_organization"])
        for period in row.get("periods", []):
            CommitmentPeriod.objects.get_or_create(
                commitment=commitment,
                starts_on=period["starts_on"],
                defaults={k: v for k, v in period.items() if k != "starts_on"},
            )
    return agreement


def agreements_sync() -> list[Agreement]:
    return [agreement_sync(path) for path in sorted(DATA.glob("agreement-*.toml"))]


def agreements_sync_after_migrate(**kwargs: Any) -> None:
    """post_migrate receiver (after a flush too, like the vocabulary)."""
    agreements_sync()
