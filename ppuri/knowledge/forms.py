from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.knowledge.models import Article


class CaseForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    summary = forms.CharField(label=_("요약"), max_length=300, required=False)
    body = forms.CharField(label=_("본문"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50_000)
    audience = forms.ChoiceField(label=_("공개 범위"), choices=Article.Audience.choices)
