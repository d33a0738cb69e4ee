"""Form pieces shared by the apps."""

from collections.abc import Iterator
from itertools import groupby
from operator import attrgetter
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ppuri.core import files
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


def checked_uploads(uploads: list[Any]) -> list[Any]:
    """For a form's clean_<files>(): every file checked (core.files.check) before any is stored, so a
    bad second file leaves no first one on disk, and each refusal shows at the files' field."""
    errors = []
    for upload in uploads:
        try:
            files.check(upload)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return uploads


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal shown on the form: at the field it names, or above the form. A form whose
    fields are named otherwise than the model's says so in `service_fields` (model name → its own)."""
    if hasattr(exc, "error_dict"):
        renamed = getattr(form, "service_fields", {})
        for name, errors in exc.message_dict.items():
            name = renamed.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_errors_text(form: forms.BaseForm) -> str:
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


# --- selects -------------------------------------------------------------------------------------

# The empty option of every select, in the reader's language. Django's own ("- Select an option -")
# has no Korean translation; CoreConfig.ready() puts this one in its place for every form and the
# back office (Django 6.1 reads it from django.db.models.fields.BLANK_CHOICE_LABEL).
BLANK_LABEL = gettext_lazy("선택하세요")
TYPEAHEAD_PLACEHOLDER = gettext_lazy("이름으로 찾기")


def blank_choice() -> list[tuple[str, Any]]:
    """The empty option, for a ChoiceField whose choices are written out."""
    return [("", BLANK_LABEL)]


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """The options under one <optgroup> per group (a process under its technology), in the queryset's
    order, which must keep each group's members together."""

    def __iter__(self) -> Iterator[Any]:
        field: Any = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        queryset: Any = self.queryset
        if not queryset._prefetch_related_lookups:  # as Django's own iterator: no cache to fill
            queryset = queryset.iterator()
        for group, members in groupby(queryset, key=field.group_label):
            yield (group, [self.choice(member) for member in members])


class _Grouped:
    """Options grouped by an attribute of each object (`group_by="technology"`), and a type-ahead box
    (static/ppuri/forms.js) that narrows a long list; without JavaScript a plain grouped select."""

    def __init__(self, *args: Any, group_by: str, typeahead: bool = True, **kwargs: Any) -> None:
        self.group_by = group_by
        super().__init__(*args, **kwargs)
        field: Any = self
        if typeahead and isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("data-typeahead", TYPEAHEAD_PLACEHOLDER)

    def group_label(self, obj: Any) -> str:
        return str(attrgetter(self.group_by)(obj))


class GroupedModelChoiceField(_Grouped, forms.ModelChoiceField):
    iterator: Any = GroupedModelChoiceIterator


class GroupedModelMultipleChoiceField(_Grouped, forms.ModelMultipleChoiceField):
    iterator: Any = GroupedModelChoiceIterator
