"""Forms of the incentive pages. They parse what a person typed; the rules are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.core.forms import blank_choice
from ppuri.core.text import mask_name
from ppuri.incentives import services
from ppuri.incentives.models import MAX_BUDGET, MAX_HEADCOUNT, MAX_MONTHLY_WAGE, Evidence, Program
from ppuri.reference.models import Complex
from ppuri.registry.models import Site
from ppuri.talent.models import Application
from ppuri.tenure.models import SeparationReason

_DATE = forms.DateInput(attrs={"type": "date"})


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("사업명"), max_length=200)
    description = forms.CharField(
        label=_("설명"), required=False, max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = forms.IntegerField(label=_("예산(원)"), min_value=1, max_value=MAX_BUDGET)
    headcount_cap = forms.IntegerField(label=_("인원 한도"), min_value=1, max_value=MAX_HEADCOUNT)
    per_company_cap = forms.IntegerField(
        label=_("기업당 한도"), min_value=1, max_value=MAX_HEADCOUNT, initial=3
    )
    per_root_company_cap = forms.IntegerField(
        label=_("뿌리기업당 한도"), min_value=1, max_value=MAX_HEADCOUNT, initial=5
    )
    age_min = forms.IntegerField(label=_("최저 나이(만, 포함)"), min_value=0, max_value=120, initial=19)
    age_max = forms.IntegerField(label=_("최고 나이(만, 포함)"), min_value=0, max_value=120, initial=39)
    hire_from = forms.DateField(label=_("대상 입사 기간 시작일"), widget=_DATE)
    hire_to = forms.DateField(label=_("대상 입사 기간 종료일"), widget=_DATE)
    min_employees = forms.IntegerField(
        label=_("최소 상시 근로자 수"), min_value=0, max_value=MAX_HEADCOUNT, initial=5
    )
    min_sales = forms.IntegerField(
        label=_("최소 연 매출액(원, 비우면 조건 없음)"), min_value=0, max_value=10**15, required=False
    )
    complexes = forms.ModelMultipleChoiceField(
        label=_("대상 산업단지(비우면 인천 전역)"),
        queryset=Complex.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    incheon_residence_required = forms.BooleanField(label=_("인천 거주 필요"), required=False, initial=True)
    root_company_required = forms.BooleanField(label=_("뿌리기업만"), required=False, initial=True)
    full_time_required = forms.BooleanField(label=_("전일제만"), required=False, initial=True)
    min_contract_months = forms.IntegerField(
        label=_("최소 계약 기간(개월)"), min_value=0, max_value=120, initial=12
    )
    installments = forms.CharField(
        label=_("분할 지급(근속 개월:금액, 쉼표로)"),
        initial="3:900000, 6:900000, 9:900000, 12:900000",
        help_text=_("예: 3:900000, 6:900000 — 근속 3개월에 90만 원, 6개월에 90만 원"),
    )

    def clean_installments(self) -> list[dict[str, int]]:
        steps = []
        for part in self.cleaned_data["installments"].split(","):
            if not part.strip():
                continue
            month, sep, amount = part.partition(":")
            try:
                steps.append({"month": int(month.strip()), "amount": int(amount.strip().replace("_", ""))})
            except ValueError:
                raise forms.ValidationError(
                    _("'%(part)s'을(를) 읽을 수 없습니다. 근속 개월:금액 형식으로 쓰세요.")
                    % {"part": part.strip()}
                ) from None
            if not sep:
                raise forms.ValidationError(_("'%(part)s'에 ':'가 없습니다.") % {"part": part.strip()})
        return steps

    def program_input(self) -> services.ProgramInput:
        data = self.cleaned_data
        return services.ProgramInput(
            **{name: data[name] for name in self.fields if name not in ("complexes",)},
            complexes=list(data["complexes"]),
        )


class HireField(forms.ModelChoiceField):
    """A hire recorded in the jobs app (stage 채용), the person masked as in every list."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.job.title} · {mask_name(str(obj.seeker))} · {obj.hired_on:%Y-%m-%d}"


class ApplicationForm(forms.Form):
    job_application = HireField(
        label=_("채용 공고로 채용한 사람이면 고르세요(선택)"),
        queryset=Application.objects.none(),
        required=False,
    )
    person_name = forms.CharField(label=_("청년 이름"), max_length=50)
    birth_year_month = forms.CharField(
        label=_("생년월(YYYY-MM)"), max_length=7, widget=forms.TextInput(attrs={"placeholder": "1999-04"})
    )
    incheon_resident = forms.BooleanField(label=_("인천 거주"), required=False)
    phone = forms.CharField(label=_("청년 연락처"), max_length=20)
    person_email = forms.EmailField(
        label=_("동의 링크를 보낼 전자우편(선택, 저장하지 않음)"), required=False, max_length=254
    )
    hire_date = forms.DateField(label=_("입사일"), widget=_DATE)
    site = forms.ModelChoiceField(label=_("근무 사업장"), queryset=Site.objects.none())
    full_time = forms.TypedChoiceField(
        label=_("근로 시간"),
        choices=[("1", _("전일제")), ("0", _("단시간 근로"))],
        coerce=lambda value: value == "1",
    )
    contract_months = forms.IntegerField(
        label=_("계약 기간(개월, 기간의 정함이 없으면 0)"), min_value=0, max_value=120, initial=0
    )
    wage = forms.IntegerField(label=_("월 임금(원)"), min_value=1, max_value=MAX_MONTHLY_WAGE)
    employees = forms.IntegerField(label=_("상시 근로자 수"), min_value=0, max_value=MAX_HEADCOUNT)
    annual_sales = forms.IntegerField(
        label=_("연 매출액(원, 사업이 요구할 때)"), min_value=0, max_value=10**15, required=False
    )

    service_fields = {
        "person.name": "person_name",
        "person.birth_year_month": "birth_year_month",
        "person.phone": "phone",
        "site_id": "site",
        "job_application_id": "job_application",
    }

    def __init__(self, *args: Any, company: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites: Any = self.fields["site"]
        if company is not None:
            sites.queryset = Site.objects.filter(organization=company).select_related("complex")
            hires: Any = self.fields["job_application"]
            hires.queryset = (
                Application.objects.filter(job__company=company, stage=Application.Stage.HIRED)
                .select_related("job", "seeker")
                .order_by("-hired_on")
            )
            if company.employees is not None:
                self.fields["employees"].initial = company.employees

    def application_input(self, *, program: Program, company: Any) -> services.ApplicationInput:
        data = self.cleaned_data
        return services.ApplicationInput(
            program=program,
            company=company,
            site=data["site"],
            person=services.PersonInput(
                name=data["person_name"],
                birth_year_month=data["birth_year_month"],
                incheon_resident=data["incheon_resident"],
                phone=data["phone"],
            ),
            hire_date=data["hire_date"],
            full_time=data["full_time"],
            contract_months=data["contract_months"],
            wage=data["wage"],
            employees=data["employees"],
            annual_sales=data["annual_sales"],
            person_email=data["person_email"],
            job_application=data["job_application"],
        )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("반려 사유"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    document = forms.ChoiceField(label=_("서류"), choices=[*blank_choice(), *Evidence.Kind.choices])
    file = forms.FileField(label=_("파일(PDF, PNG, JPEG)"))


class SeparationForm(forms.Form):
    date = forms.DateField(label=_("퇴사일(마지막 근무일)"), widget=_DATE)
    reason = forms.ChoiceField(label=_("퇴사 사유"), choices=[*blank_choice(), *SeparationReason.choices])
