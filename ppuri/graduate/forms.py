"""The graduate school's forms: each collects input; the services decide and refuse (shown at the field
they name, core.forms.add_service_errors)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ppuri.challenges.models import Challenge
from ppuri.core.text import normalize_company_name
from ppuri.graduate import notice, selectors
from ppuri.graduate.models import Cohort, Placement, Project, Student, ThesisMilestone
from ppuri.reference.forms import processes_field
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Organization, Site
from ppuri.registry.selectors import organizations_visible_to

DATE = forms.DateInput(attrs={"type": "date"})


def _companies(viewer: Any) -> Any:
    """The registry companies this viewer may see (registry.selectors): a company hidden from the
    school is neither listed nor found by name."""
    return organizations_visible_to(viewer or AnonymousUser()).filter(kind=Organization.Kind.COMPANY)


def partner_companies(viewer: Any) -> Any:
    """The companies the school works with: those with projects, sponsored students or interns. Any
    other registry company is named (CompanyMixin)."""
    return (
        _companies(viewer)
        .filter(
            Q(graduate_projects__isnull=False)
            | Q(sponsored_students__isnull=False)
            | Q(graduate_internships__isnull=False)
        )
        .distinct()
        .order_by("name")
    )


class CompanyMixin(forms.Form):
    """A company field: one of the partner companies, or any other registry company by name or number.
    `company_fields` names the pairs (choice field, number field) → the cleaned name; `partner_fields`
    the choice fields listing the partner companies the viewer may see."""

    company_fields: dict[str, tuple[str, str]] = {}

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        for choice, _other_field in self.company_fields.values():
            self.fields[choice].queryset = partner_companies(viewer)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for target, (choice, number) in self.company_fields.items():
            picked = cleaned.get(choice)
            typed = (cleaned.get(number) or "").strip()
            if typed:
                found, problem = _company_named(_companies(self.viewer), typed)
                if problem:
                    self.add_error(number, problem)
                picked = found or picked
            cleaned[target] = picked
        return cleaned


def _company_named(companies: Any, typed: str) -> tuple[Organization | None, str]:
    """A company by its number (the digits of its page's address) or its exact name, however spaced
    and with or without its legal form."""
    if typed.isdigit():
        found = companies.filter(pk=int(typed)).first()
        return found, "" if found else str(_("이 번호의 등록 기업이 없습니다."))
    named = list(companies.filter(normalized_name=normalize_company_name(typed))[:2])
    if not named:
        return None, str(_("이 이름의 등록 기업이 없습니다."))
    if len(named) > 1:
        return None, str(_("같은 이름의 기업이 여럿입니다. 기업 페이지 주소의 번호를 입력해 주세요."))
    return named[0], ""


def _choice(label: Any, required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=Organization.objects.none(), required=required)


def _other(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        required=False,
        help_text=_("목록에 없는 등록 기업: 이름 또는 기업 페이지 주소의 번호"),
    )


class CohortForm(forms.Form):
    year = forms.IntegerField(label=_("입학 연도"), min_value=2020, max_value=2100)
    target = forms.IntegerField(
        label=_("목표 인원"), min_value=1, max_value=500, initial=settings.PPURI_GRADUATE_COHORT_TARGET
    )
    starts_on = forms.DateField(label=_("입학일"), widget=DATE)
    note = forms.CharField(label=_("비고"), max_length=300, required=False)


class EnrolForm(CompanyMixin):
    company_fields = {"sponsor": ("sponsor_choice", "sponsor_other")}
    service_fields = {"invited_email": "email"}

    name = forms.CharField(label=_("이름"), max_length=100)
    email = forms.EmailField(
        label=_("전자우편"), help_text=_("가입한 계정이 있으면 바로 연결되고, 없으면 가입 안내를 보냅니다.")
    )
    technology = forms.ModelChoiceField(
        label=_("전공 분야"), queryset=Technology.objects.all(), required=False
    )
    processes = processes_field(_("관심 공정"))
    advisor = forms.ModelChoiceField(label=_("지도교수"), queryset=selectors.advisors(), required=False)
    sponsor_choice = _choice(_("후원 기업"))
    sponsor_other = _other(_("다른 후원 기업"))
    expected_graduation = forms.DateField(label=_("졸업 예정일"), widget=DATE, required=False)


class StudentRequestForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("입학 기수"), queryset=Cohort.objects.all())
    name = forms.CharField(label=_("이름"), max_length=100)
    technology = forms.ModelChoiceField(
        label=_("전공 분야"), queryset=Technology.objects.all(), required=False
    )
    consent = forms.BooleanField(
        label=_("위 목적·항목·보유 기간으로 학생 기록을 수집·이용하는 데 동의합니다."), required=False
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("학적 상태"), choices=Student.Status.choices)
    day = forms.DateField(label=_("날짜(졸업·제적)"), widget=DATE, required=False)


class InternshipForm(CompanyMixin):
    company_fields = {"company": ("company_choice", "company_other")}

    company_choice = _choice(_("기업"))
    company_other = _other(_("다른 기업"))
    starts_on = forms.DateField(label=_("시작일"), widget=DATE)
    ends_on = forms.DateField(label=_("종료일"), widget=DATE)
    project = forms.ModelChoiceField(
        label=pgettext_lazy("graduate project", "과제"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]


class PlacementForm(CompanyMixin):
    company_fields = {"employer": ("employer_choice", "employer_other")}

    survey = forms.ChoiceField(label=_("조사 시점"), choices=Placement.Survey.choices)
    outcome = forms.ChoiceField(label=_("진로"), choices=Placement.Outcome.choices)
    employer_choice = _choice(_("고용 기업(등록 기업)"))
    employer_other = _other(_("다른 등록 기업"))
    employer_name = forms.CharField(
        label=_("고용 기업 이름(등록되지 않은 기업)"), max_length=200, required=False
    )
    site = forms.ModelChoiceField(label=_("근무 사업장"), queryset=Site.objects.none(), required=False)
    root_industry = forms.NullBooleanField(
        label=_("뿌리산업 취업"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("등록 기업이면 자동")), ("true", _("예")), ("false", _("아니요"))]
        ),
    )
    complex = forms.ModelChoiceField(label=_("산업단지"), queryset=Complex.objects.all(), required=False)
    role = forms.CharField(label=_("직무"), max_length=100, required=False)
    hired_on = forms.DateField(label=_("입사일"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The sites of the partner companies; another company's site is left blank (the complex is
        # then chosen by hand).
        self.fields["site"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
            organization__in=partner_companies(self.viewer).values("pk")
        ).select_related("organization")


class ProjectForm(forms.Form):
    challenge = forms.ModelChoiceField(
        label=_("출발한 한계기술 과제"), queryset=Challenge.objects.none(), required=False
    )
    title = forms.CharField(label=_("과제명"), max_length=200)
    summary = forms.CharField(
        label=_("공개 요약"), max_length=300, help_text=_("비밀유지 동의 전에도 학생에게 보이는 한두 문장")
    )
    problem = forms.CharField(label=_("해결할 문제"), widget=forms.Textarea(attrs={"rows": 6}))
    data_shared = forms.CharField(
        label=_("제공할 수 있는 자료"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    confidentiality = forms.ChoiceField(
        label=_("공개 범위"), choices=Project.Confidentiality.choices, widget=forms.RadioSelect
    )
    technology = forms.ModelChoiceField(
        label=_("뿌리기술"), queryset=Technology.objects.all(), required=False
    )
    processes = processes_field(_("공정"))
    mentor_name = forms.CharField(label=_("기업 멘토"), max_length=100)
    mentor_title = forms.CharField(label=_("멘토 직위"), max_length=100, required=False)

    def __init__(self, *args: Any, challenges: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = challenges  # type: ignore[attr-defined]


class InterestForm(forms.Form):
    motivation = forms.CharField(
        label=_("지원 동기"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000})
    )


class NdaForm(forms.Form):
    accept = forms.BooleanField(label=notice.NDA_TERMS)


class MatchForm(forms.Form):
    student = forms.ModelChoiceField(label=_("학생"), queryset=Student.objects.none())
    advisor = forms.ModelChoiceField(label=_("지도교수"), queryset=selectors.advisors())

    def __init__(self, *args: Any, students: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    planned_on = forms.DateField(label=_("예정일"), widget=DATE, required=False)
    held_on = forms.DateField(label=_("심사일"), widget=DATE, required=False)
    state = forms.ChoiceField(label=_("결과"), choices=ThesisMilestone.State.choices)
    note = forms.CharField(label=_("메모"), max_length=300, required=False)


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("결과"), choices=Project.Outcome.choices)
    result = forms.CharField(label=_("수행 결과"), widget=forms.Textarea(attrs={"rows": 5}))
