from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.core.forms import GroupedModelChoiceField
from ppuri.knowledge.models import Article
from ppuri.reference.models import Defect, Material, Process, Technology


class CaseForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    summary = forms.CharField(label=_("요약"), max_length=300, required=False)
    body = forms.CharField(label=_("본문"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50_000)
    audience = forms.ChoiceField(label=_("공개 범위"), choices=Article.Audience.choices)


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("종류"), choices=Article.Kind.choices, initial=Article.Kind.GUIDE)
    title = forms.CharField(label=_("제목"), max_length=200)
    summary = forms.CharField(label=_("요약"), max_length=300, required=False)
    body = forms.CharField(label=_("본문"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50_000)
    technology = forms.ModelChoiceField(Technology.objects.all(), required=False, label=_("뿌리기술"))
    process = GroupedModelChoiceField(
        Process.objects.select_related("technology"), group_by="technology", required=False, label=_("공정")
    )
    material = forms.ModelChoiceField(Material.objects.all(), required=False, label=_("소재"))
    defect = GroupedModelChoiceField(
        Defect.objects.select_related("technology"),
        group_by="technology",
        required=False,
        label=_("결함 유형"),
    )
    audience = forms.ChoiceField(label=_("공개 범위"), choices=Article.Audience.choices)
