"""The forms of a project's page: each collects input; the services decide and refuse (shown at the
field they name, core.forms.add_service_errors)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.core.forms import checked_uploads
from ppuri.programs.models import BudgetLine, Milestone, Output, Project, SubProject
from ppuri.programs.services.projects import MAX_AMOUNT, REASON_MAX
from ppuri.reference.models import Complex

DATE = forms.DateInput(attrs={"type": "date"})


class WonField(forms.IntegerField):
    """An amount in won as people type it: 1,250,000 or 1250000원."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "num"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "").removesuffix("원")
        return super().to_python(value)


def _reason(required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("변경 사유"),
        max_length=REASON_MAX,
        required=required,
        help_text=_("변경 이력에 남습니다."),
        error_messages={"required": _("바꾼 사유를 적어 주세요. 변경 이력에 남습니다.")},
    )


class ProjectForm(forms.Form):
    slug = forms.SlugField(
        label=_("식별자"), max_length=60, help_text=_("주소와 API에 쓰는 영문 이름(예: namdong-regeneration)")
    )
    kind = forms.ChoiceField(label=_("종류"), choices=Project.Kind.choices)
    title = forms.CharField(label=_("사업명"), max_length=200)
    title_en = forms.CharField(label=_("사업명(영문)"), max_length=200, required=False)
    summary = forms.CharField(label=_("개요"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    summary_en = forms.CharField(
        label=_("개요(영문)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    complex = forms.ModelChoiceField(label=_("산업단지"), queryset=Complex.objects.all(), required=False)
    lead_agency = forms.CharField(label=_("주관 기관"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("사업 시작일"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("사업 종료일"), widget=DATE, required=False)
    announced_budget = WonField(label=_("발표 사업비(원)"), required=False)
    status = forms.ChoiceField(label=_("상태"), choices=Project.Status.choices, initial=Project.Status.ACTIVE)
    source = forms.CharField(label=_("출처"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    synthetic = forms.BooleanField(label=_("가상 자료(시연용)"), required=False)
    public = forms.BooleanField(label=_("공개"), required=False, initial=True)
    reason = _reason(required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["reason"].help_text = _("발표 사업비를 바꿀 때 적습니다. 변경 이력에 남습니다.")
        else:
            del self.fields["reason"]


class SubProjectForm(forms.Form):
    title = forms.CharField(label=_("세부사업명"), max_length=200)
    title_en = forms.CharField(label=_("세부사업명(영문)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("분야"), choices=SubProject.Category.choices)
    description = forms.CharField(label=_("내용"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    order = forms.IntegerField(label=_("표시 순서"), min_value=0, max_value=1000, initial=0, required=False)


class BudgetLineForm(forms.Form):
    """A new line: one funding source in one year of one sub-project."""

    subproject = forms.ModelChoiceField(label=_("세부사업"), queryset=SubProject.objects.none())
    source = forms.ChoiceField(label=_("재원"), choices=BudgetLine.Source.choices)
    year = forms.IntegerField(label=_("연도"), min_value=2000, max_value=2100)
    approved = WonField(label=_("편성액(원)"))
    revised = WonField(label=_("변경액(원)"), required=False, help_text=_("추경·변경이 없으면 비워 둡니다."))
    contracted = WonField(label=_("계약액(원)"), initial=0, required=False)
    executed = WonField(label=_("집행액(원)"), initial=0, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = SubProject.objects.filter(project=project)  # type: ignore[attr-defined]

    def clean_contracted(self) -> int:
        return self.cleaned_data.get("contracted") or 0

    def clean_executed(self) -> int:
        return self.cleaned_data.get("executed") or 0


class BudgetLineEditForm(forms.Form):
    """A line's amounts in every phase and why they changed (prefix line-<pk> on the project's page)."""

    approved = WonField(label=_("편성액(원)"))
    revised = WonField(label=_("변경액(원)"), required=False, help_text=_("추경·변경이 없으면 비워 둡니다."))
    contracted = WonField(label=_("계약액(원)"))
    executed = WonField(label=_("집행액(원)"))
    reason = _reason(required=True)

    @classmethod
    def for_line(cls, line: BudgetLine, data: Any = None) -> "BudgetLineEditForm":
        return cls(
            data,
            prefix=f"line-{line.pk}",
            initial={
                "approved": line.approved,
                "revised": line.revised,
                "contracted": line.contracted,
                "executed": line.executed,
            },
        )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("단계"), max_length=200)
    title_en = forms.CharField(label=_("단계(영문)"), max_length=200, required=False)
    planned_on = forms.DateField(label=_("계획일"), widget=DATE)
    subproject = forms.ModelChoiceField(
        label=_("세부사업"), queryset=SubProject.objects.none(), required=False
    )
    note = forms.CharField(label=_("비고"), max_length=300, required=False)
    order = forms.IntegerField(label=_("표시 순서"), min_value=0, max_value=1000, initial=0, required=False)
    reason = _reason(required=False)

    def __init__(self, *args: Any, project: Project, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = SubProject.objects.filter(project=project)  # type: ignore[attr-defined]
        if editing:
            self.fields["reason"].help_text = _("계획일을 바꿀 때 적습니다. 변경 이력에 남습니다.")
        else:
            del self.fields["reason"]


class MilestoneOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("결과"), choices=Milestone.Outcome.choices)
    actual_on = forms.DateField(label=_("실제 완료일"), widget=DATE, required=False)
    note = forms.CharField(label=_("비고"), max_length=300, required=False)

    @classmethod
    def for_milestone(cls, milestone: Milestone, data: Any = None) -> "MilestoneOutcomeForm":
        return cls(
            data,
            prefix=f"ms-{milestone.pk}",
            initial={"outcome": milestone.outcome, "actual_on": milestone.actual_on, "note": milestone.note},
        )


class OutputForm(forms.Form):
    subproject = forms.ModelChoiceField(label=_("세부사업"), queryset=SubProject.objects.none())
    indicator = forms.CharField(label=_("산출물"), max_length=200)
    indicator_en = forms.CharField(label=_("산출물(영문)"), max_length=200, required=False)
    unit = forms.CharField(label=_("단위"), max_length=20, help_text=_("예: 면, ㎡, 곳"))
    target = forms.IntegerField(label=_("목표"), min_value=0, max_value=MAX_AMOUNT)
    actual = forms.IntegerField(label=_("실적"), min_value=0, max_value=MAX_AMOUNT, initial=0, required=False)
    as_of = forms.DateField(label=_("기준일"), widget=DATE, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = SubProject.objects.filter(project=project)  # type: ignore[attr-defined]

    def clean_actual(self) -> int:
        return self.cleaned_data.get("actual") or 0


class OutputUpdateForm(forms.Form):
    target = forms.IntegerField(label=_("목표"), min_value=0, max_value=MAX_AMOUNT)
    actual = forms.IntegerField(label=_("실적"), min_value=0, max_value=MAX_AMOUNT)
    as_of = forms.DateField(label=_("기준일"), widget=DATE, required=False)

    @classmethod
    def for_output(cls, output: Output, data: Any = None) -> "OutputUpdateForm":
        return cls(
            data,
            prefix=f"out-{output.pk}",
            initial={"target": output.target, "actual": output.actual, "as_of": output.as_of},
        )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    dated = forms.DateField(label=_("문서 일자"), widget=DATE, required=False)
    file = forms.FileField(label=_("파일"), required=False, help_text=_("PDF, PNG, JPEG(20MB까지)"))
    url = forms.URLField(label=_("링크"), required=False, assume_scheme="https")
    milestone = forms.ModelChoiceField(
        label=_("추진 단계"), queryset=Milestone.objects.none(), required=False
    )
    public = forms.BooleanField(
        label=_("공개"), required=False, help_text=_("사업을 볼 수 있는 누구나 봅니다.")
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(project=project)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        return checked_uploads([upload])[0] if upload else None
