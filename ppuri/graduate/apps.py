from django.apps import AppConfig


class GraduateConfig(AppConfig):
    name = "ppuri.graduate"
    label = "graduate"
    verbose_name = "Graduate school"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ppuri.core import personal_data, visibility
        from ppuri.graduate import models, selectors
        from ppuri.graduate.personal_data import GRADUATE
        from ppuri.graduate.services import student_link_on_login

        visibility.register(models.AdvisorInstitution, visibility.public(models.AdvisorInstitution))
        visibility.register(models.Cohort, visibility.public(models.Cohort))
        visibility.register(models.Student, selectors.students_visible_to)
        visibility.register(models.Project, selectors.projects_visible_to)
        visibility.register(models.NdaAcceptance, selectors.nda_acceptances_visible_to)
        visibility.register(models.ProjectInterest, selectors.interests_visible_to)
        visibility.register(models.Match, selectors.matches_visible_to)
        visibility.register(models.ThesisMilestone, selectors.milestones_visible_to)
        visibility.register(models.Internship, selectors.internships_visible_to)
        visibility.register(models.Placement, selectors.placements_visible_to)
        personal_data.register(GRADUATE)
        # The school's invitation by e-mail reaches the account at its next sign-in.
        user_logged_in.connect(student_link_on_login, dispatch_uid="ppuri.graduate.link_on_login")

        from ppuri.accounts.models import Role
        from ppuri.core import attention
        from ppuri.graduate import attention as graduate

        attention.register(roles=[Role.UNIVERSITY, Role.OPERATOR], provider=graduate.proposals_to_publish)
        attention.register(roles=[Role.UNIVERSITY, Role.OPERATOR], provider=graduate.students_to_confirm)
        attention.register(roles=[Role.UNIVERSITY, Role.OPERATOR], provider=graduate.projects_to_match)
        attention.register(roles=[Role.UNIVERSITY, Role.OPERATOR], provider=graduate.placements_due)
        attention.register(roles=[Role.COMPANY], provider=graduate.company_projects)
        attention.register(roles=[Role.SEEKER], provider=graduate.student_record)
