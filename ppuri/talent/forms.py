"""Forms of the talent pages. They parse what a person typed; the rules (who may, wage ranges, closing
dates, consents) are the services', whose errors come back beside the fields (core.forms)."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ppuri.core.forms import TYPEAHEAD_PLACEHOLDER, GroupedModelMultipleChoiceField, blank_choice
from ppuri.reference.forms import processes_field
from ppuri.reference.models import Complex, Qualification, Technology
from ppuri.reference.selectors import qualifications_in_use
from ppuri.registry.models import Organization, Site
from ppuri.talent import services
from ppuri.talent.models import MAX_MONTHLY_WAGE, Application, Education, EmploymentType, Shift


def _qualification_label(qualification: Qualification) -> str:
    """피복아크용접기능사 (구 용접기능사): the old name stays findable in the list."""
    former = qualification.former_names_ko
    if not former:
        return qualification.name
    return _("%(name)s (구 %(former)s)") % {"name": qualification.name, "former": ", ".join(former)}


class QualificationsField(GroupedModelMultipleChoiceField):
    """Every item, abolished ones included, for what a seeker holds; JobForm narrows it to the items in
    use (and those its posting already has)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Qualification.objects.prefetch_related("technologies").order_by("order"),
            group_by="get_level_display",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            typeahead=False,
            **kwargs,
        )

    def label_from_instance(self, obj: Any) -> str:
        return _qualification_label(obj)


class JobForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    description = forms.CharField(
        label=_("하는 일"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    technology = forms.ModelChoiceField(label=_("뿌리기술"), queryset=Technology.objects.all())
    processes = processes_field(_("공정"))
    required_qualifications = QualificationsField(label=_("필수 자격"))
    preferred_qualifications = QualificationsField(label=_("우대 자격"))
    experience_years_min = forms.IntegerField(label=_("최소 경력(년)"), min_value=0, max_value=40, initial=0)
    employment_type = forms.ChoiceField(
        label=_("고용 형태"), choices=[*blank_choice(), *EmploymentType.choices]
    )
    shift = forms.ChoiceField(label=_("근무 형태"), choices=[*blank_choice(), *Shift.choices])
    wage_min = forms.IntegerField(label=_("월 임금 하한(원)"), min_value=1, max_value=MAX_MONTHLY_WAGE)
    wage_max = forms.IntegerField(label=_("월 임금 상한(원)"), min_value=1, max_value=MAX_MONTHLY_WAGE)
    site = forms.ModelChoiceField(label=_("근무 사업장"), queryset=Site.objects.none(), required=False)
    complex = forms.ModelChoiceField(
        label=_("산업단지(사업장을 고르지 않을 때)"), queryset=Complex.objects.all(), required=False
    )
    dormitory = forms.BooleanField(label=_("기숙사 제공"), required=False)
    commuter_bus = forms.BooleanField(label=_("통근버스 운행"), required=False)
    positions = forms.IntegerField(label=_("모집 인원"), min_value=1, max_value=999, initial=1)
    closes_on = forms.DateField(
        label=_("마감일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    # The services' field names that differ from the form's (core.forms.add_service_errors).
    service_fields: dict[str, str] = {}

    def __init__(self, *args: Any, company: Any = None, job: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites: Any = self.fields["site"]
        if company is not None:
            sites.queryset = Site.objects.filter(organization=company).select_related("complex")
        for name in ("required_qualifications", "preferred_qualifications"):
            field: Any = self.fields[name]
            offered = Q(pk__in=qualifications_in_use().values("pk"))
            if job is not None:
                offered |= Q(pk__in=getattr(job, name).values("pk"))
            field.queryset = field.queryset.filter(offered)

    def job_input(self) -> services.JobInput:
        data = self.cleaned_data
        return services.JobInput(
            title=data["title"],
            description=data["description"],
            technology=data["technology"],
            processes=list(data["processes"]),
            required_qualifications=list(data["required_qualifications"]),
            preferred_qualifications=list(data["preferred_qualifications"]),
            experience_years_min=data["experience_years_min"],
            employment_type=data["employment_type"],
            shift=data["shift"],
            wage_min=data["wage_min"],
            wage_max=data["wage_max"],
            site=data["site"],
            complex=data["complex"],
            dormitory=data["dormitory"],
            commuter_bus=data["commuter_bus"],
            positions=data["positions"],
            closes_on=data["closes_on"],
        )

    @staticmethod
    def initial_from(job: Any) -> dict[str, Any]:
        return {
            "title": job.title,
            "description": job.description,
            "technology": job.technology_id,
            "processes": list(job.processes.all()),
            "required_qualifications": list(job.required_qualifications.all()),
            "preferred_qualifications": list(job.preferred_qualifications.all()),
            "experience_years_min": job.experience_years_min,
            "employment_type": job.employment_type,
            "shift": job.shift,
            "wage_min": job.wage_min,
            "wage_max": job.wage_max,
            "site": job.site_id,
            "complex": job.complex_id,
            "dormitory": job.dormitory,
            "commuter_bus": job.commuter_bus,
            "positions": job.positions,
            "closes_on": job.closes_on,
        }


class ProfileForm(forms.Form):
    qualifications = QualificationsField(label=_("보유 자격"))
    processes = processes_field(_("경험한 공정"))
    technologies = forms.ModelMultipleChoiceField(
        label=_("경험한 뿌리기술"),
        queryset=Technology.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    experience_years = forms.IntegerField(label=_("경력(년)"), min_value=0, max_value=60, initial=0)
    education = forms.ChoiceField(
        label=_("최종 학력"), choices=[*blank_choice(), *Education.choices], required=False
    )
    preferred_complexes = forms.ModelMultipleChoiceField(
        label=_("희망 산업단지"),
        queryset=Complex.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    desired_wage = forms.IntegerField(
        label=_("희망 월 임금(원)"), min_value=0, max_value=MAX_MONTHLY_WAGE, required=False
    )
    shifts = forms.MultipleChoiceField(
        label=_("가능한 근무 형태"),
        choices=Shift.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dormitory = forms.BooleanField(label=_("기숙사 필요"), required=False)
    available_from = forms.DateField(
        label=_("근무 가능일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    headline = forms.CharField(label=_("한 줄 소개(지원한 기업만 봅니다)"), max_length=200, required=False)
    phone = forms.CharField(label=_("연락처(전화, 선택)"), max_length=20, required=False)
    discoverable = forms.BooleanField(label=_("기업의 인재 검색 허용(선택)"), required=False)
    consent = forms.BooleanField(label=_("구직자 프로필 수집·이용에 동의합니다(필수)"), required=False)

    def profile_input(self, years: dict[int, int | None]) -> services.ProfileInput:
        data = self.cleaned_data
        return services.ProfileInput(
            qualifications=[(q, years.get(q.pk)) for q in data["qualifications"]],
            processes=list(data["processes"]),
            technologies=list(data["technologies"]),
            experience_years=data["experience_years"],
            education=data["education"],
            preferred_complexes=list(data["preferred_complexes"]),
            desired_wage=data["desired_wage"],
            shifts=list(data["shifts"]),
            dormitory=data["dormitory"],
            available_from=data["available_from"],
            discoverable=data["discoverable"],
            headline=data["headline"],
            phone=data["phone"],
        )

    @staticmethod
    def initial_from(profile: Any) -> dict[str, Any]:
        return {
            "qualifications": [held.qualification_id for held in profile.held.all()],
            "processes": list(profile.processes.all()),
            "technologies": list(profile.technologies.all()),
            "experience_years": profile.experience_years,
            "education": profile.education,
            "preferred_complexes": list(profile.preferred_complexes.all()),
            "desired_wage": profile.desired_wage,
            "shifts": profile.shifts,
            "dormitory": profile.dormitory,
            "available_from": profile.available_from,
            "headline": profile.headline,
            "phone": profile.phone,
            "discoverable": profile.discoverable,
        }


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("지원 메시지(선택)"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("이 기업에 이름·연락처·프로필을 제공하는 데 동의합니다(필수)"), required=False
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("다음 단계"), choices=[])
    comment = forms.CharField(
        label=_("메모(기업 내부용)"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hired_on = forms.DateField(
        label=_("입사일(채용일 때)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hire_site = forms.ModelChoiceField(
        label=_("근무 사업장(채용일 때)"), queryset=Site.objects.none(), required=False
    )

    def __init__(self, *args: Any, application: Application | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if application is not None:
            stage: Any = self.fields["stage"]
            stage.choices = [
                (value, Application.Stage(value).label) for value in services.NEXT_STAGES[application.stage]
            ]
            site: Any = self.fields["hire_site"]
            site.queryset = Site.objects.filter(organization_id=application.job.company_id)
        self.fields["hired_on"].initial = timezone.localdate()


class InterestForm(forms.Form):
    message = forms.CharField(label=_("제안 메시지"), required=False, max_length=1_000)


class WageArrearsForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("기업"),
        queryset=Organization.objects.filter(kind=Organization.Kind.COMPANY).order_by("name"),
        widget=forms.Select(attrs={"data-typeahead": TYPEAHEAD_PLACEHOLDER}),
    )
    listed_on = forms.DateField(label=_("명단 공개일"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(
        label=_("근거(공개 명단의 이름과 주소)"),
        max_length=300,
        help_text=_("예: 고용노동부 체불사업주 명단 공개(2026-09-01), 고용24 조회 결과"),
    )


class WageArrearsClearForm(forms.Form):
    reason = forms.CharField(label=_("해제 사유"), max_length=300)
