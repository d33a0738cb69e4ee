"""Company visits' forms: the visit with its survey and, per red flag, an owner and a due date other
than the defaults; a follow-up's end. programs.services.visits decides and refuses."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ppuri.programs.forms.investment import DATE, companies_for, company_named
from ppuri.programs.models import FollowUp, Visit
from ppuri.programs.selectors.visits import staff_people
from ppuri.programs.services.visits import FOLLOW_UP_DAYS, URGENT_FOLLOW_UP_DAYS, VisitInput
from ppuri.registry.models import Organization

# The kinds a visit may raise, in the survey's order (OTHER is never raised by a survey).
FLAGGED_KINDS = [kind.value for kind in FollowUp.Kind if kind != FollowUp.Kind.OTHER]


def _detail(label: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=300, required=False)


class VisitForm(forms.Form):
    organization = forms.CharField(
        label=_("기업"), max_length=200, help_text=_("등록 기업의 이름 또는 기업 페이지 주소의 번호")
    )
    visited_on = forms.DateField(label=_("방문일"), widget=DATE)
    met = forms.CharField(label=_("면담자(직위)"), max_length=200, required=False)
    plan = forms.ChoiceField(
        label=_("확장·축소 계획"), choices=Visit.Plan.choices, initial=Visit.Plan.UNKNOWN
    )
    relocation_risk = forms.ChoiceField(
        label=_("12개월 내 이전 가능성"), choices=Visit.Risk.choices, initial=Visit.Risk.NONE
    )
    hiring_need = forms.BooleanField(label=_("채용 수요"), required=False)
    hiring_detail = _detail(_("채용 수요 내용"))
    technology_problem = forms.BooleanField(label=_("기술 애로"), required=False)
    technology_detail = _detail(_("기술 애로 내용"))
    site_need = forms.BooleanField(label=_("부지·시설 수요"), required=False)
    site_detail = _detail(_("부지·시설 수요 내용"))
    supplier_need = forms.BooleanField(label=_("협력업체 수요"), required=False)
    supplier_detail = _detail(_("협력업체 수요 내용"))
    regulation_issue = forms.BooleanField(label=_("규제 애로"), required=False)
    regulation_detail = _detail(_("규제 애로 내용"))
    notes = forms.CharField(
        label=_("메모(내부)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("운영기관과 인천시 담당자만 봅니다."),
    )
    summary_for_company = forms.CharField(
        label=_("기업 공유 요약"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("방문한 기업의 담당자가 봅니다: 합의한 다음 할 일을 적어 주세요."),
    )

    def __init__(
        self, *args: Any, viewer: Any = None, chosen: Organization | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.chosen = chosen
        if chosen is not None:
            # The company came with the address (its page's "log a visit"): named above the form.
            self.fields["organization"].initial = str(chosen.pk)
            self.fields["organization"].widget = forms.HiddenInput()
        people = staff_people()
        for kind in FLAGGED_KINDS:
            label = FollowUp.Kind(kind).label
            owner_label = _("%(kind)s 후속 조치 담당자") % {"kind": label}
            due_label = _("%(kind)s 후속 조치 기한") % {"kind": label}
            self.fields[f"owner_{kind}"] = forms.ModelChoiceField(
                label=owner_label,
                queryset=people,
                required=False,
                widget=forms.Select(attrs={"aria-label": owner_label}),
            )
            self.fields[f"due_{kind}"] = forms.DateField(
                label=due_label,
                required=False,
                widget=forms.DateInput(attrs={"type": "date", "aria-label": due_label}),
            )

    @property
    def defaults_text(self) -> str:
        return str(
            _(
                "비워 두면 방문자가 맡고, 기한은 방문일부터 %(days)d일 뒤입니다(12개월 내 이전 가능성이 "
                "높으면 모든 후속 조치가 %(urgent)d일 뒤)."
            )
            % {"days": FOLLOW_UP_DAYS, "urgent": URGENT_FOLLOW_UP_DAYS}
        )

    def owner_fields(self) -> list[tuple[str, Any, Any]]:
        """Per kind: its name, its owner and due-date fields, side by side in the template's table."""
        return [
            (str(FollowUp.Kind(kind).label), self[f"owner_{kind}"], self[f"due_{kind}"])
            for kind in FLAGGED_KINDS
        ]

    def survey_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith(("owner_", "due_"))]

    def clean_organization(self) -> Any:
        found, problem = company_named(
            companies_for(self.viewer), self.cleaned_data.get("organization") or ""
        )
        if problem:
            raise forms.ValidationError(problem)
        return found

    def to_input(self) -> VisitInput:
        data = self.cleaned_data
        return VisitInput(
            organization=data["organization"],
            visited_on=data["visited_on"],
            met=data["met"],
            plan=data["plan"],
            relocation_risk=data["relocation_risk"],
            hiring_need=data["hiring_need"],
            hiring_detail=data["hiring_detail"],
            supplier_need=data["supplier_need"],
            supplier_detail=data["supplier_detail"],
            technology_problem=data["technology_problem"],
            technology_detail=data["technology_detail"],
            regulation_issue=data["regulation_issue"],
            regulation_detail=data["regulation_detail"],
            site_need=data["site_need"],
            site_detail=data["site_detail"],
            notes=data["notes"],
            summary_for_company=data["summary_for_company"],
            owners={k: data[f"owner_{k}"] for k in FLAGGED_KINDS if data.get(f"owner_{k}")},
            due_dates={k: data[f"due_{k}"] for k in FLAGGED_KINDS if data.get(f"due_{k}")},
        )


class FollowUpCloseForm(forms.Form):
    result = forms.CharField(label=_("처리 결과"), max_length=300)
