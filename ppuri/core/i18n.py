"""Bilingual vocabulary: Korean first, English second.

Names stored in both languages (a process's name_ko and name_en, a company's name and name_en) are
shown in the reader's language, falling back to Korean where the English one is missing.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def reader_language() -> str:
    """The active language's base code ("ko", "en"): the reader's, in a request."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def reads_english() -> bool:
    return reader_language() == "en"


def in_reader_language(korean: str, english: str) -> str:
    """`english` for an English reader when there is one; otherwise the Korean original."""
    return english if english and reads_english() else korean


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
        return in_reader_language(self.name_ko, self.name_en)


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
        return value.get(reader_language(), value.get(settings.LANGUAGE_CODE, next(iter(value.values()))))
    return value
