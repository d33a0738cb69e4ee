from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ppuri.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from ppuri.core import visibility
        from ppuri.core.worker import sweep_register
        from ppuri.registry import models, selectors
        from ppuri.registry.claims import selectors as claims
        from ppuri.registry.importing.runs import import_runs_reap
        from ppuri.registry.invitations import selectors as invitations
        from ppuri.registry.search_documents import COMPANIES
        from ppuri.search.documents import register

        register(COMPANIES)
        from ppuri.core import personal_data
        from ppuri.registry.claims.personal_data import CLAIMS
        from ppuri.registry.personal_data import REGISTRY

        personal_data.register(REGISTRY)
        personal_data.register(CLAIMS)
        sweep_register(import_runs_reap)  # imports whose worker died are failed (importing/runs.py)
        visibility.register(models.Organization, selectors.organizations_visible_to)
        visibility.register(models.Site, selectors.sites_visible_to)
        visibility.register(models.Capability, selectors.capabilities_visible_to)
        visibility.register(models.OrganizationCertification, selectors.certifications_held_visible_to)
        visibility.register(models.OrganizationTechnology, selectors.technologies_held_visible_to)
        visibility.register(models.Membership, selectors.memberships_visible_to)
        visibility.register(models.Contact, selectors.all_contacts_visible_to)
        visibility.register(models.ImportRun, visibility.operators_only(models.ImportRun))
        visibility.register(models.ImportReviewItem, visibility.operators_only(models.ImportReviewItem))
        visibility.register(models.ImportRunEntry, visibility.operators_only(models.ImportRunEntry))
        visibility.register(models.Claim, claims.claims_visible_to)
        visibility.register(models.ClaimDocument, claims.claim_documents_visible_to)
        visibility.register(models.Invitation, invitations.invitations_visible_to)

        from ppuri.accounts.models import Role
        from ppuri.core import attention
        from ppuri.registry.attention import imports_to_review

        attention.register(roles=[Role.OPERATOR], provider=imports_to_review)
