from django.apps import AppConfig


class SourcingConfig(AppConfig):
    name = "ppuri.sourcing"
    label = "sourcing"
    verbose_name = "Sourcing"

    def ready(self) -> None:
        from ppuri.core import personal_data, visibility
        from ppuri.sourcing import models, selectors
        from ppuri.sourcing.personal_data import SOURCING

        personal_data.register(SOURCING)

        visibility.register(models.SourcingRequest, selectors.requests_visible_to)
        visibility.register(models.Invitation, selectors.all_invitations_visible_to)
        visibility.register(models.Quote, selectors.all_quotes_visible_to)
        visibility.register(models.RequestStep, selectors.request_steps_visible_to)
        visibility.register(models.RequestAttachment, selectors.request_attachments_visible_to)
        visibility.register(models.QuoteAttachment, selectors.quote_attachments_visible_to)

        from ppuri.accounts.models import Role
        from ppuri.accounts.roles import INSTITUTION_ROLES
        from ppuri.core import attention
        from ppuri.sourcing import attention as sourcing

        attention.register(roles=[Role.COMPANY], provider=sourcing.invitations_to_quote)
        # An institution an operator allowed to post follows its own requests too (None otherwise).
        buyers = [Role.COMPANY, *INSTITUTION_ROLES]
        attention.register(roles=buyers, provider=sourcing.quotes_to_decide)
        attention.register(roles=buyers, provider=sourcing.own_requests)
