from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import TimeStampedModel


class Document(TimeStampedModel):
    """A document of an agreement or a project (the agreement text, a plan, a decision, a contract):
    a checked upload or a link. It belongs to exactly one of them; `public` documents show to everyone
    who may see their owner, the others to the programme's staff."""

    agreement = models.ForeignKey(
        "programs.Agreement", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    project = models.ForeignKey(
        "programs.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    milestone = models.ForeignKey(
        "programs.Milestone", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(_("제목"), max_length=200)
    dated = models.DateField(_("문서 일자"), null=True, blank=True)
    file = models.FileField(_("파일"), upload_to="programs/documents/%Y/%m/", blank=True)
    url = models.URLField(_("링크"), blank=True)
    public = models.BooleanField(_("공개"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-dated", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agreement__isnull=False, project__isnull=True)
                    | Q(agreement__isnull=True, project__isnull=False)
                ),
                name="programs_document_one_owner",
            ),
        ]
        verbose_name = _("문서")
        verbose_name_plural = _("문서")

    def __str__(self) -> str:
        return self.title
