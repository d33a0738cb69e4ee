from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "ppuri.talent"
    label = "talent"
    verbose_name = "Talent"

    def ready(self) -> None:
        from ppuri.core import personal_data, visibility
        from ppuri.search.documents import register
        from ppuri.talent import models, selectors
        from ppuri.talent.personal_data import TALENT
        from ppuri.talent.search_documents import JOBS

        personal_data.register(TALENT)
        register(JOBS)

        visibility.register(models.JobPosting, selectors.jobs_visible_to)
        visibility.register(models.SeekerProfile, selectors.profiles_visible_to)
        visibility.register(models.SeekerQualification, selectors.held_qualifications_visible_to)
        visibility.register(models.Application, selectors.applications_visible_to)
        visibility.register(models.ApplicationEvent, selectors.application_events_visible_to)
        visibility.register(models.Interest, selectors.interests_visible_to)
        visibility.register(models.WageArrearsMark, visibility.operators_only(models.WageArrearsMark))
        visibility.register(models.RetentionRun, visibility.operators_only(models.RetentionRun))
        visibility.register(models.DeletedRow, visibility.operators_only(models.DeletedRow))

        from django.db.models.signals import post_delete

        from ppuri.talent.facts import row_deleted

        post_delete.connect(row_deleted, sender=models.JobPosting, dispatch_uid="ppuri.talent.job_deleted")
        post_delete.connect(
            row_deleted, sender=models.SeekerProfile, dispatch_uid="ppuri.talent.profile_deleted"
        )

        from ppuri.accounts.models import Role
        from ppuri.core import attention
        from ppuri.talent import attention as talent

        attention.register(roles=[Role.COMPANY, Role.OPERATOR], provider=talent.new_applicants)
        attention.register(roles=[Role.COMPANY], provider=talent.open_postings)
        attention.register(roles=[Role.SEEKER], provider=talent.invitations_to_answer)
        attention.register(roles=[Role.SEEKER], provider=talent.my_applications)

        from django.contrib.auth.signals import user_logged_in

        from ppuri.talent.services import seeker_signed_in

        # A sign-in is activity: the seeker's data is kept PPURI_TALENT_RETENTION_DAYS from it.
        user_logged_in.connect(seeker_signed_in, dispatch_uid="ppuri.talent.seeker_signed_in")
