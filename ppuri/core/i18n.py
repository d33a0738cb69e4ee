"""Bilingual vocabulary: Korean first, English second."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
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


def in_each_language[T](build: Callable[[], T]) -> dict[str, T]:
    """What `build` makes under each language of the site, for text stored once and read by people of
    either language (an offer's reasons, the classifier's): {"ko": …, "en": …}."""
    made = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            made[code] = build()
    return made


def for_reader(value: Any) -> Any:
    """The reader's language's version of a value stored with in_each_language; any other value as it
    is (rows stored before, in one language)."""
    if isinstance(value, dict) and value and set(value) <= {code for code, _name in settings.LANGUAGES}:
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return value.get(language, value.get(settings.LANGUAGE_CODE, next(iter(value.values()))))
    return value
