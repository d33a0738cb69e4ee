from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "ppuri.incentives"
    label = "incentives"
    verbose_name = "Incentives"

    def ready(self) -> None:
        from ppuri.core import personal_data, visibility
        from ppuri.incentives import models, selectors
        from ppuri.incentives.personal_data import INCENTIVES
        from ppuri.incentives.services import release_after_separation
        from ppuri.tenure.signals import employment_separated

        visibility.register(models.Program, selectors.programs_visible_to)
        visibility.register(models.IncentiveApplication, selectors.applications_visible_to)
        visibility.register(models.IncentiveCase, selectors.cases_visible_to)
        visibility.register(models.Installment, selectors.installments_visible_to)
        visibility.register(models.Evidence, selectors.evidence_visible_to)
        visibility.register(models.LedgerEntry, selectors.ledger_visible_to)
        visibility.register(models.ProgramCompany, selectors.program_companies_visible_to)
        personal_data.register(INCENTIVES)
        employment_separated.connect(release_after_separation, dispatch_uid="ppuri.incentives.release")

        from ppuri.accounts.models import Role
        from ppuri.core import attention
        from ppuri.incentives import attention as incentives

        attention.register(roles=[Role.LABOR_OFFICE, Role.OPERATOR], provider=incentives.review_queue)
        attention.register(roles=[Role.LABOR_OFFICE, Role.OPERATOR], provider=incentives.payments_waiting)
        attention.register(roles=[Role.COMPANY], provider=incentives.installments_to_confirm)
