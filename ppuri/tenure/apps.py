from django.apps import AppConfig


class TenureConfig(AppConfig):
    name = "ppuri.tenure"
    label = "tenure"
    verbose_name = "Tenure"

    def ready(self) -> None:
        from ppuri.core import visibility
        from ppuri.tenure import models, selectors

        visibility.register(models.Employment, selectors.employments_visible_to)
        visibility.register(models.MilestoneConfirmation, selectors.confirmations_visible_to)

        from ppuri.talent.signals import application_hired
        from ppuri.tenure.services import employment_of_hire

        application_hired.connect(employment_of_hire, dispatch_uid="ppuri.tenure.employment_of_hire")
