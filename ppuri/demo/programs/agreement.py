"""The 2019 agreement in the demo. It is reference data, seeded after every migrate before any
organization exists; synced again once the demo's institutions do, its partners link to the demo
institutions of the same names (and the desk's measures to POSCO's institute). The partners' own staff
become their editors through the agreements service, as an operator would set them: the labor office's
account for the labor office, the graduate school's for Inha. Nothing else of the reference rows
changes: no target is invented for a commitment the agreement gave none, no actual is typed in."""

from ppuri.accounts.models import User
from ppuri.programs.reference import agreements_sync
from ppuri.programs.services.agreements import PartnerInput, partner_update
from ppuri.registry.models import Membership

# Partner name (as in programs/data/agreement-2019.toml) → the demo account that reports for it.
EDITORS = {"중부지방고용노동청": "labor", "인하대학교": "university"}


def agreement_link(*, operator: User) -> None:
    for agreement in agreements_sync():
        for partner in agreement.partners.filter(name__in=EDITORS).order_by("order", "pk"):
            username = EDITORS[partner.name]
            if (
                partner.organization_id is None
                or not Membership.objects.filter(
                    user__username=username, user__is_active=True, organization_id=partner.organization_id
                ).exists()
            ):
                continue  # an account of that name made by hand before the demo: not the partner's
            editors = sorted({*partner.editors.values_list("username", flat=True), username})
            partner_update(
                actor=operator,
                partner=partner,
                data=PartnerInput(
                    name=partner.name,
                    name_en=partner.name_en,
                    organization=partner.organization,
                    role=partner.role,
                    role_en=partner.role_en,
                    order=partner.order,
                    editors=editors,
                ),
            )
