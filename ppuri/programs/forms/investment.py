"""The investment pipeline's forms: they collect input; programs.services.investment decides and
refuses (shown at the field it names, core.forms.add_service_errors)."""

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from ppuri.core.text import normalize_company_name
from ppuri.programs.models import Lead
from ppuri.programs.selectors.visits import staff_people
from ppuri.programs.services.investment import LeadInput
from ppuri.reference.models import Complex, Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_visible_to

DATE = forms.DateInput(attrs={"type": "date"})


def _amount(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10**15, required=False)


def companies_for(viewer: Any) -> Any:
    """The registry companies this viewer may see (registry.selectors)."""
    return organizations_visible_to(viewer or AnonymousUser()).filter(kind=Organization.Kind.COMPANY)


def company_named(companies: Any, typed: str) -> tuple[Organization | None, str]:
    """A company by the number in its page's address or its exact name, however spaced and with or
    without its legal form; or why none was found."""
    typed = typed.strip()
    if typed.isdigit():
        found = companies.filter(pk=int(typed)).first()
        return found, "" if found else str(_("이 번호의 등록 기업이 없습니다."))
    named = list(companies.filter(normalized_name=normalize_company_name(typed))[:2])
    if not named:
        return None, str(_("이 이름의 등록 기업이 없습니다."))
    if len(named) > 1:
        return None, str(_("같은 이름의 기업이 여럿입니다. 기업 페이지 주소의 번호를 입력해 주세요."))
    return named[0], ""


class LeadForm(forms.Form):
    code_name = forms.CharField(
        label=_("코드명"),
        max_length=60,
        help_text=_("밖에 알려져도 투자자를 알 수 없는 이름(예: Project Falcon)"),
    )
    investor_name = forms.CharField(
        label=_("투자자명(대외비)"), max_length=200, required=False, help_text=_("담당자만 봅니다.")
    )
    origin = forms.ChoiceField(label=_("구분"), choices=Lead.Origin.choices)
    country = forms.CharField(
        label=_("국가(ISO 3166 코드)"), max_length=2, required=False, help_text=_("예: US, DE, JP, KR")
    )
    sector = forms.ChoiceField(label=_("업종"), choices=Lead.Sector.choices)
    technologies = forms.ModelMultipleChoiceField(
        label=_("필요한 뿌리기술"),
        queryset=Technology.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("개요"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    summary_en = forms.CharField(
        label=_("개요(영문)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("영어로 읽는 투자자와 담당자에게 보입니다."),
    )
    investment_usd = _amount(_("예상 투자액(USD)"))
    investment_krw = _amount(_("예상 투자액(원)"))
    jobs = forms.IntegerField(label=_("예상 고용(명)"), min_value=0, max_value=100_000, required=False)
    incentives_asked = forms.CharField(
        label=_("요청 인센티브"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    site_needs = forms.CharField(
        label=_("입지 요구"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    site_area_m2 = forms.IntegerField(
        label=_("필요 면적(m²)"), min_value=0, max_value=2**31 - 1, required=False
    )
    complex = forms.ModelChoiceField(label=_("희망 단지"), queryset=Complex.objects.all(), required=False)
    organization = forms.CharField(
        label=_("기존 기업"),
        max_length=200,
        required=False,
        help_text=_("기존 기업의 확장·이전이면: 이름 또는 기업 페이지 주소의 번호"),
    )
    officer = forms.ModelChoiceField(label=_("담당관"), queryset=staff_people(), required=False)
    next_step = forms.CharField(label=_("다음 할 일"), max_length=300, required=False)
    next_step_on = forms.DateField(label=_("다음 일정"), widget=DATE, required=False)

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["officer"].queryset = staff_people()  # type: ignore[attr-defined]

    def clean_organization(self) -> Organization | None:
        typed = self.cleaned_data.get("organization") or ""
        if not typed.strip():
            return None
        found, problem = company_named(companies_for(self.viewer), typed)
        if problem:
            raise forms.ValidationError(problem)
        return found

    def to_input(self) -> LeadInput:
        data = self.cleaned_data
        return LeadInput(
            code_name=data["code_name"],
            investor_name=data["investor_name"],
            origin=data["origin"],
            country=data["country"],
            sector=data["sector"],
            technologies=list(data["technologies"]),
            summary=data["summary"],
            summary_en=data["summary_en"],
            investment_usd=data["investment_usd"],
            investment_krw=data["investment_krw"],
            jobs=data["jobs"],
            incentives_asked=data["incentives_asked"],
            site_needs=data["site_needs"],
            site_area_m2=data["site_area_m2"],
            complex=data["complex"],
            organization=data["organization"],
            officer=data["officer"],
            next_step=data["next_step"],
            next_step_on=data["next_step_on"],
        )


def lead_initial(lead: Lead) -> dict[str, Any]:
    """The edit form's values from a lead."""
    return {
        **{
            name: getattr(lead, name)
            for name in (
                "code_name",
                "investor_name",
                "origin",
                "country",
                "sector",
                "summary",
                "summary_en",
                "investment_usd",
                "investment_krw",
                "jobs",
                "incentives_asked",
                "site_needs",
                "site_area_m2",
                "next_step",
                "next_step_on",
            )
        },
        "technologies": list(lead.technologies.values_list("pk", flat=True)),
        "complex": lead.complex_id,
        "organization": str(lead.organization_id or ""),
        "officer": lead.officer_id,
    }


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("옮길 단계"), choices=Lead.Stage.choices)
    note = forms.CharField(label=_("메모"), max_length=300, required=False)
    lost_reason = forms.CharField(
        label=_("무산 사유"), max_length=300, required=False, help_text=_("무산으로 옮길 때 꼭 적어 주세요.")
    )
