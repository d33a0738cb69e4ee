"""Knowledge: guides and defect cases, tagged like challenges, public or for members. A solved case of
the desk becomes a defect case when its company consents and an operator publishes it anonymised."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import TimeStampedModel
from ppuri.reference.models import Classified


class Article(Classified, TimeStampedModel):
    class Kind(models.TextChoices):
        GUIDE = "guide", _("기술 가이드")
        DEFECT_CASE = "defect_case", _("결함 해결 사례")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("전체 공개")
        MEMBERS = "members", _("회원 공개")

    kind = models.CharField(_("종류"), max_length=15, choices=Kind.choices)
    title = models.CharField(_("제목"), max_length=200)
    summary = models.CharField(_("요약"), max_length=300, blank=True)
    body = models.TextField(_("본문"))
    audience = models.CharField(
        _("공개 범위"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    # The desk's case it was written from (never shown: the article is anonymised).
    source_challenge = models.OneToOneField(
        "challenges.Challenge", null=True, blank=True, on_delete=models.SET_NULL, related_name="article"
    )
    # The graduate-school project it was written from (never shown either).
    source_project = models.OneToOneField(
        "graduate.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="article"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("게시 일시"))

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("지식 문서")
        verbose_name_plural = _("지식 문서")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", args=[self.pk])
