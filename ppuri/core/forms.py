"""Form pieces shared by the apps."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ppuri.core.privacy import refuse_resident_numbers


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern for multiple uploads)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: at the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_errors_text(form: forms.Form) -> str:
    """A form's errors as one message, each with the field it is about ("금액: …"), for a page that
    no longer shows the form's input."""
    shown = []
    for name, errors in form.errors.items():
        for error in errors:
            if name in form.fields:
                shown.append(_("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error})
            else:
                shown.append(str(error))
    return " ".join(shown)


class FreeTextChecked:
    """For the back office's model forms: the privacy guard (core.privacy), which refuses the save
    anyway, is asked while the form validates, so its refusal shows at the field instead of failing
    the save."""

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        form: Any = self
        try:
            refuse_resident_numbers(form.instance)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)


class FreeTextCheckedModelForm(FreeTextChecked, forms.ModelForm):
    pass
