"""The matchmaking days' forms: each collects input; the services decide and refuse (shown at the field
they name, core.forms.add_service_errors)."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ppuri.core.text import normalize_company_name
from ppuri.programs.models import Event, EventTable, Lead, Meeting, Participant, Slot
from ppuri.programs.selectors import visibility
from ppuri.reference.models import Technology
from ppuri.registry.models import Organization
from ppuri.registry.selectors import organizations_visible_to

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LANGUAGE_CHOICES = [("ko", _("한국어")), ("en", _("영어")), ("zh", _("중국어")), ("ja", _("일본어"))]


class EventForm(forms.Form):
    title = forms.CharField(label=_("행사명"), max_length=200)
    title_en = forms.CharField(label=_("행사명(영문)"), max_length=200, required=False)
    held_on = forms.DateField(label=_("개최일"), widget=DATE)
    venue = forms.CharField(label=_("장소"), max_length=200)
    description = forms.CharField(label=_("소개"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    description_en = forms.CharField(
        label=_("소개(영문)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    max_meetings = forms.IntegerField(
        label=_("참가자별 최대 상담 수"),
        min_value=1,
        max_value=50,
        initial=6,
        help_text=_("참가자마다 따로 정하지 않으면 이 수까지 배정합니다."),
    )


class SessionForm(forms.Form):
    """A session on the event's day: its start as a time, the slots' length and number."""

    title = forms.CharField(label=_("세션명"), max_length=100, initial=_("오전 상담"))
    starts_at = forms.TimeField(label=_("시작 시각"), widget=TIME)
    slot_minutes = forms.IntegerField(label=_("상담 시간(분)"), min_value=10, max_value=120, initial=30)
    slot_count = forms.IntegerField(label=_("상담 회차 수"), min_value=1, max_value=40, initial=6)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def starts_at_on_the_day(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.event.held_on, self.cleaned_data["starts_at"]))


class TablesForm(forms.Form):
    count = forms.IntegerField(label=_("추가할 테이블 수"), min_value=1, max_value=200, initial=10)
    label_prefix = forms.CharField(
        label=_("테이블 이름 앞부분"), max_length=10, initial="T", help_text=_("T를 쓰면 T1, T2, …")
    )

    service_fields = {"prefix": "label_prefix"}


class ProfileFields(forms.Form):
    """What a participant tells the others and the organiser."""

    contact_name = forms.CharField(label=_("참석자"), max_length=100, required=False)
    needs = forms.CharField(
        label=_("찾는 것(구매·협력 수요)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "예: 알루미늄 다이캐스팅 하우징 공급사, 열처리 외주처. 적은 공정과 기술로 상담 상대를 추천합니다."
        ),
    )
    offers = forms.CharField(
        label=_("제공할 수 있는 것"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wanted_technologies = forms.ModelMultipleChoiceField(
        label=_("찾는 기술"),
        queryset=Technology.objects.order_by("order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_meetings = forms.IntegerField(
        label=_("최대 상담 수"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_("비워 두면 상담회의 기본값을 따릅니다."),
    )
    language = forms.ChoiceField(label=_("상담 언어"), choices=LANGUAGE_CHOICES, initial="ko")
    interpreter_needed = forms.BooleanField(label=_("통역 필요"), required=False)


class RegisterForm(ProfileFields):
    """A company member registers one of their companies."""

    organization = forms.ModelChoiceField(label=_("참가 기업"), queryset=Organization.objects.none())

    field_order = ["organization"]

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = companies  # type: ignore[attr-defined]
        if len(companies) == 1:
            self.fields["organization"].initial = companies[0].pk


class ParticipantForm(ProfileFields):
    """The organiser registers a registry company (by name or by the number of its page) or an investor
    by name, optionally linked to an investment lead."""

    kind = forms.ChoiceField(
        label=_("구분"), choices=Participant.Kind.choices, initial=Participant.Kind.COMPANY
    )
    company = forms.CharField(
        label=_("등록 기업"),
        max_length=200,
        required=False,
        help_text=_("기업 이름 또는 기업 페이지 주소의 번호"),
    )
    name = forms.CharField(
        label=_("참가 기관명"), max_length=200, required=False, help_text=_("투자자나 등록되지 않은 기관")
    )
    lead = forms.ModelChoiceField(label=_("투자 유치 대상"), queryset=Lead.objects.none(), required=False)

    field_order = ["kind", "company", "name", "lead"]
    service_fields = {"organization": "company"}

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["lead"].queryset = visibility.leads_visible_to(viewer).order_by("code_name")  # type: ignore[attr-defined]

    def clean_company(self) -> Organization | None:
        typed = (self.cleaned_data.get("company") or "").strip()
        if not typed:
            return None
        companies = organizations_visible_to(self.viewer)
        if typed.isdigit():
            found = companies.filter(pk=int(typed)).first()
            if found is None:
                raise forms.ValidationError(_("이 번호의 등록 기업이 없습니다."))
            return found
        named = list(companies.filter(normalized_name=normalize_company_name(typed))[:2])
        if not named:
            raise forms.ValidationError(_("이 이름의 등록 기업이 없습니다."))
        if len(named) > 1:
            raise forms.ValidationError(
                _("같은 이름의 기업이 여럿입니다. 기업 페이지 주소의 번호를 입력해 주세요.")
            )
        return named[0]


class RequestForm(forms.Form):
    requester = forms.ModelChoiceField(label=_("요청하는 참가자"), queryset=Participant.objects.none())
    target = forms.ModelChoiceField(label=_("상담 상대"), queryset=Participant.objects.none())
    reason = forms.CharField(
        label=_("요청 사유"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("상대가 수락할지 정하는 근거가 됩니다. 500자 이내."),
    )

    def __init__(self, *args: Any, requesters: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = requesters  # type: ignore[attr-defined]
        self.fields["target"].queryset = targets  # type: ignore[attr-defined]


class ScheduleForm(forms.Form):
    include_suggested = forms.BooleanField(
        label=_("요청을 배정한 뒤 남는 자리에 추천 상담도 배정"), required=False
    )


def _slot_label(slot: Slot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{start:%H:%M}–{end:%H:%M}"


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _slot_label(obj)


class PlaceForm(forms.Form):
    """Where a meeting goes: one of the event's slots and tables."""

    slot = SlotChoiceField(label=_("상담 시간"), queryset=Slot.objects.none())
    table = forms.ModelChoiceField(label=_("테이블"), queryset=EventTable.objects.none())

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.order_by("starts_at", "pk")  # type: ignore[attr-defined]
        self.fields["table"].queryset = event.tables.order_by("pk")  # type: ignore[attr-defined]


class MeetingAddForm(PlaceForm):
    first = forms.ModelChoiceField(label=_("참가자 1"), queryset=Participant.objects.none())
    second = forms.ModelChoiceField(label=_("참가자 2"), queryset=Participant.objects.none())
    reason = forms.CharField(label=_("사유"), max_length=500, required=False)

    field_order = ["first", "second", "slot", "table", "reason"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, event=event, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = event.participants.order_by("name", "pk")  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("결과"), choices=[(v, label) for v, label in Meeting.Outcome.choices if v]
    )
    outcome_note = forms.CharField(label=_("결과 메모"), max_length=300, required=False)
