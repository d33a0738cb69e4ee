"""Bilingual vocabulary: Korean first, English second."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    name_ko = models.CharField(_("이름(한국어)"), max_length=200)
    name_en = models.CharField(_("이름(영어)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Korean."""
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ko
