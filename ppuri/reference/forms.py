"""Form fields of the shared vocabulary, for every app's forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.core.forms import GroupedModelMultipleChoiceField
from ppuri.reference.models import Process


def processes_field(label: Any) -> GroupedModelMultipleChoiceField:
    """Processes grouped under their technology, several chosen at once."""
    return GroupedModelMultipleChoiceField(
        label=label,
        queryset=Process.objects.select_related("technology"),
        group_by="technology",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("여러 개를 고르려면 Ctrl(맥은 Command) 키를 누른 채 누르세요."),
    )
