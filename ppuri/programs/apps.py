from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProgramsConfig(AppConfig):
    name = "ppuri.programs"
    label = "programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from ppuri.core import personal_data, visibility
        from ppuri.programs.personal_data import PROGRAMS
        from ppuri.programs.reference import agreements_sync_after_migrate
        from ppuri.programs.selectors.visibility import RULES

        for model, rule in RULES:
            visibility.register(model, rule)
        personal_data.register(PROGRAMS)

        from ppuri.accounts.models import Role
        from ppuri.core import attention
        from ppuri.programs import attention as programs

        staff = [Role.OPERATOR, Role.CITY]
        attention.register(roles=staff, provider=programs.follow_ups_due)
        attention.register(roles=staff, provider=programs.leads_due)
        attention.register(roles=list(Role), provider=programs.figures_to_report)
        attention.register(roles=[Role.COMPANY], provider=programs.company_programs)
        # The 2019 agreement is reference data: seeded on every database after migrate, like the
        # vocabulary (reference.services.reference_sync), never overwriting what partners reported.
        post_migrate.connect(agreements_sync_after_migrate, sender=self)
