"""The forms of an agreement's and a commitment's pages: each collects input; the services decide and
refuse (shown at the field they name, core.forms.add_service_errors)."""

import re
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from ppuri.core.text import normalize_company_name
from ppuri.programs.models import Agreement, Commitment, CommitmentPeriod, Partner
from ppuri.programs.services import agreements as services
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_visible_to

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class FigureField(forms.IntegerField):
    """A whole number as people type it: 1,250,000, 1250000원 or 28명. The sign and the range are the
    service's to refuse, with a sentence naming the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "num"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = re.sub(r"[,\s]", "", value)
            value = re.sub(r"(원|명|건|개|곳)$", "", value)
        return super().to_python(value)


def _figure(label: Any, *, required: bool = False) -> FigureField:
    return FigureField(
        label=label,
        required=required,
        error_messages={
            "invalid": _("숫자로 적어 주세요(예: 1,250)."),
            "required": _("이 항목을 입력해 주세요."),
        },
    )


def organization_named(viewer: Any, typed: str) -> tuple[Organization | None, str]:
    """A registry organization by the number in its page's address or its exact name; or why none."""
    organizations = organizations_visible_to(viewer or AnonymousUser())
    typed = typed.strip()
    if typed.isdigit():
        found = organizations.filter(pk=int(typed)).first()
        return found, "" if found else str(_("이 번호의 등록 기관이 없습니다."))
    named = list(organizations.filter(normalized_name=normalize_company_name(typed))[:2])
    if not named:
        return None, str(_("이 이름의 등록 기관이 없습니다."))
    if len(named) > 1:
        return None, str(_("같은 이름의 기관이 여럿입니다. 기관 페이지 주소의 번호를 입력해 주세요."))
    return named[0], ""


class _OrganizationLookup:
    """Cleans a typed organization (number or name) for the field named in `organization_fields`."""

    viewer: Any = None
    cleaned_data: dict[str, Any]

    def _organization(self, name: str) -> Organization | None:
        typed = self.cleaned_data.get(name) or ""
        if not typed.strip():
            return None
        found, problem = organization_named(self.viewer, typed)
        if problem:
            raise forms.ValidationError(problem)
        return found


class AgreementForm(forms.Form):
    slug = forms.SlugField(
        label=_("식별자"), max_length=60, help_text=_("주소와 API에 쓰는 영문 이름(예: incheon-root-2019)")
    )
    title = forms.CharField(label=_("협약명"), max_length=200)
    title_en = forms.CharField(label=_("협약명(영문)"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("체결일"), widget=DATE)
    ends_on = forms.DateField(label=_("종료일"), widget=DATE, required=False)
    place = forms.CharField(label=_("체결 장소"), max_length=200, required=False)
    summary = forms.CharField(label=_("개요"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    summary_en = forms.CharField(
        label=_("개요(영문)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    source = forms.CharField(label=_("출처"), widget=TEXT, required=False)
    public = forms.BooleanField(label=_("공개"), required=False, initial=True)

    @classmethod
    def initial_for(cls, agreement: Agreement) -> dict[str, Any]:
        return {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}

    def to_input(self) -> services.AgreementInput:
        return services.AgreementInput(
            **{name: self.cleaned_data[name] for name in services.AGREEMENT_FIELDS}
        )


class PartnerForm(_OrganizationLookup, forms.Form):
    name = forms.CharField(label=_("기관명"), max_length=200)
    name_en = forms.CharField(label=_("기관명(영문)"), max_length=200, required=False)
    organization = forms.CharField(
        label=_("등록 기관"),
        max_length=200,
        required=False,
        help_text=_("Ppuri에 등록된 기관이면: 이름 또는 기관 페이지 주소의 번호"),
    )
    role = forms.CharField(label=_("협약상 역할"), widget=TEXT, required=False)
    role_en = forms.CharField(label=_("협약상 역할(영문)"), widget=TEXT, required=False)
    order = forms.IntegerField(label=_("표시 순서"), min_value=0, max_value=1000, initial=0, required=False)
    editors = forms.CharField(
        label=_("실적 입력 담당자"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("기관 담당자 계정의 아이디 또는 전자우편을 쉼표나 줄바꿈으로 나눠 적습니다."),
    )

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    @classmethod
    def initial_for(cls, partner: Partner) -> dict[str, Any]:
        initial = {name: getattr(partner, name) for name in services.PARTNER_FIELDS}
        initial["organization"] = str(partner.organization_id or "")
        initial["editors"] = ", ".join(
            partner.editors.order_by("username").values_list("username", flat=True)
        )
        return initial

    def clean_organization(self) -> Organization | None:
        return self._organization("organization")

    def clean_editors(self) -> list[str]:
        return [part for part in re.split(r"[,\s]+", self.cleaned_data.get("editors") or "") if part]

    def to_input(self) -> services.PartnerInput:
        data = self.cleaned_data
        return services.PartnerInput(
            name=data["name"],
            name_en=data["name_en"],
            organization=data["organization"],
            role=data["role"],
            role_en=data["role_en"],
            order=data["order"] or 0,
            editors=data["editors"],
        )


class CommitmentForm(_OrganizationLookup, forms.Form):
    partner = forms.ModelChoiceField(label=_("담당 기관"), queryset=Partner.objects.none())
    code = forms.CharField(label=_("번호"), max_length=20)
    title = forms.CharField(label=_("약속"), max_length=300)
    title_en = forms.CharField(label=_("약속(영문)"), max_length=300, required=False)
    indicator = forms.CharField(label=_("지표"), max_length=200)
    indicator_en = forms.CharField(label=_("지표(영문)"), max_length=200, required=False)
    unit = forms.CharField(label=_("단위"), max_length=20, help_text=_("예: 명, 건, 원"))
    baseline = _figure(_("기준값"))
    measure = forms.ChoiceField(
        label=_("실적 산정"),
        choices=Commitment.Measure.choices,
        help_text=_(
            "Ppuri 기록에서 집계할 수 있는 지표는 자동으로, 그 밖의 지표는 기관이 증빙과 함께 입력합니다."
        ),
    )
    measure_organization = forms.CharField(
        label=_("산정 대상 기관"),
        max_length=200,
        required=False,
        help_text=_("전문가 수·해결 과제 수를 이 기관의 전문가로 한정할 때(비우면 모든 기관)"),
    )
    cumulative = forms.BooleanField(label=_("기간 누계 지표"), required=False, initial=True)
    verification = forms.ChoiceField(label=_("출처 확인"), choices=Commitment.Verification.choices)
    source = forms.CharField(label=_("출처"), widget=TEXT, required=False)
    public = forms.BooleanField(label=_("공개"), required=False, initial=True)
    order = forms.IntegerField(label=_("표시 순서"), min_value=0, max_value=1000, initial=0, required=False)

    def __init__(self, *args: Any, agreement: Agreement, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["partner"].queryset = agreement.partners.order_by("order", "pk")  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, commitment: Commitment) -> dict[str, Any]:
        initial = {name: getattr(commitment, name) for name in services.COMMITMENT_FIELDS}
        initial["partner"] = commitment.partner_id
        initial["measure_organization"] = str(commitment.measure_organization_id or "")
        return initial

    def clean_measure_organization(self) -> Organization | None:
        return self._organization("measure_organization")

    def to_input(self) -> services.CommitmentInput:
        data = dict(self.cleaned_data)
        data["baseline"] = data["baseline"] or 0
        data["order"] = data["order"] or 0
        return services.CommitmentInput(**{name: data[name] for name in services.COMMITMENT_FIELDS})


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("기간"), max_length=40, help_text=_("예: 2024학년도, 협약 기간 누계"))
    starts_on = forms.DateField(label=_("시작일"), widget=DATE)
    ends_on = forms.DateField(label=_("종료일"), widget=DATE)
    target = _figure(_("목표"))

    @classmethod
    def initial_for(cls, period: CommitmentPeriod) -> dict[str, Any]:
        return {name: getattr(period, name) for name in services.PERIOD_FIELDS}

    def to_input(self) -> services.PeriodInput:
        return services.PeriodInput(**{name: self.cleaned_data[name] for name in services.PERIOD_FIELDS})


class ReportForm(forms.Form):
    """A manual commitment's actual for one period with its evidence."""

    actual = _figure(_("실적"), required=True)
    evidence = forms.CharField(
        label=_("증빙 설명"),
        widget=TEXT,
        max_length=4000,
        help_text=_("실적의 근거: 자료 이름, 기준일, 출처(예: 2024년 12월 말 사업 결과보고서)"),
        error_messages={"required": _("증빙 설명을 적어 주세요(자료 이름, 기준일, 출처 등).")},
    )
    evidence_file = forms.FileField(
        label=_("증빙 파일"), required=False, help_text=_("PDF, PNG, JPEG(선택, 20MB까지)")
    )

    @classmethod
    def initial_for(cls, period: CommitmentPeriod) -> dict[str, Any]:
        return {"actual": period.manual_actual, "evidence": period.evidence}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    file = forms.FileField(label=_("파일"), required=False, help_text=_("PDF, PNG, JPEG 등(20MB까지)"))
    url = forms.URLField(label=_("링크"), required=False, assume_scheme="https")
    dated = forms.DateField(label=_("문서 일자"), widget=DATE, required=False)
    public = forms.BooleanField(label=_("공개"), required=False)
