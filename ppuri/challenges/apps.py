from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "ppuri.challenges"
    label = "challenges"
    verbose_name = "Limit-technology desk"

    def ready(self) -> None:
        from ppuri.challenges.search_documents import CHALLENGES, EXPERTS
        from ppuri.search.documents import register

        register(EXPERTS)
        register(CHALLENGES)

        from ppuri.challenges.personal_data import CHALLENGES as CHALLENGES_DATA
        from ppuri.core import personal_data

        personal_data.register(CHALLENGES_DATA)

        from ppuri.challenges import models, selectors
        from ppuri.core import visibility

        visibility.register(models.Challenge, selectors.challenges_visible_to)
        visibility.register(models.Offer, selectors.offers_visible_to)
        visibility.register(models.Consultation, selectors.consultations_visible_to)
        visibility.register(models.ChallengeAttachment, selectors.challenge_attachments_visible_to)
        visibility.register(models.ConsultationAttachment, selectors.consultation_attachments_visible_to)
        visibility.register(models.Expert, selectors.experts_visible_to)
        visibility.register(models.TriageCorrection, visibility.operators_only(models.TriageCorrection))

        from ppuri.accounts.models import Role
        from ppuri.challenges import attention as desk
        from ppuri.core import attention

        attention.register(roles=[Role.OPERATOR], provider=desk.cases_to_triage)
        attention.register(roles=[Role.OPERATOR], provider=desk.cases_overdue)
        attention.register(roles=[Role.EXPERT], provider=desk.offers_to_answer)
        attention.register(roles=[Role.EXPERT], provider=desk.expert_open_cases)
        attention.register(roles=[Role.COMPANY], provider=desk.company_cases)
