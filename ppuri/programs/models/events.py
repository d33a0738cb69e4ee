"""Matchmaking days (b2match's 1:1 meetings): an event with sessions of time slots and tables;
participants (registry companies and investors) register and request meetings with a reason; the
organiser schedules, requested meetings first, and adjusts by hand; outcomes are recorded afterwards.

No one is double-booked by construction: a meeting holds one seat per participant, and the database
keeps one seat per participant and slot (`MeetingSeat`), and one meeting per table and slot."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import TimeStampedModel
from ppuri.reference.models import Technology
from ppuri.registry.models import Organization


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("준비 중")
        OPEN = "open", _("참가 신청 중")
        SCHEDULED = "scheduled", _("일정 확정")
        FINISHED = "finished", _("종료")

    title = models.CharField(_("행사명"), max_length=200)
    title_en = models.CharField(_("행사명(영문)"), max_length=200, blank=True)
    description = models.TextField(_("소개"), blank=True)
    description_en = models.TextField(_("소개(영문)"), blank=True)
    held_on = models.DateField(_("개최일"))
    venue = models.CharField(_("장소"), max_length=200)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
        verbose_name=_("주최 담당자"),
    )
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    max_meetings = models.PositiveSmallIntegerField(
        _("참가자별 최대 상담 수"), default=6, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("상담회")
        verbose_name_plural = _("상담회")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:event", args=[self.pk])


class EventSession(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("세션명"), max_length=100)
    starts_at = models.DateTimeField(_("시작 시각"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("상담 시간(분)"), default=30, validators=[MinValueValidator(10), MaxValueValidator(120)]
    )
    slot_count = models.PositiveSmallIntegerField(
        _("상담 회차 수"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )

    class Meta:
        ordering = ["event", "starts_at"]
        verbose_name = _("세션")
        verbose_name_plural = _("세션")

    def __str__(self) -> str:
        return self.title


class Slot(models.Model):
    """One time slot of a session (created with the session)."""

    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="slots")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "starts_at"], name="programs_slot_unique_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="programs_slot_order"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class EventTable(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    label = models.CharField(_("테이블"), max_length=20)

    class Meta:
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "label"], name="programs_table_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Participant(TimeStampedModel):
    class Kind(models.TextChoices):
        COMPANY = "company", _("기업")
        INVESTOR = "investor", _("투자자")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices, default=Kind.COMPANY)
    # A registry company; an investor (or a company outside the registry) has a name only.
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_participations",
        verbose_name=_("기업"),
    )
    name = models.CharField(_("참가 기관명"), max_length=200)
    lead = models.ForeignKey(
        "programs.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = models.CharField(_("참석자"), max_length=100, blank=True)
    needs = models.TextField(_("찾는 것(구매·협력 수요)"), blank=True)
    offers = models.TextField(_("제공할 수 있는 것"), blank=True)
    wanted_technologies = models.ManyToManyField(
        Technology, blank=True, related_name="+", verbose_name=_("찾는 기술")
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("최대 상담 수"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    language = models.CharField(_("상담 언어"), max_length=5, default="ko")
    interpreter_needed = models.BooleanField(_("통역 필요"), default=False)

    class Meta:
        ordering = ["event", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=Q(organization__isnull=False),
                name="programs_participant_once_per_company",
            ),
        ]
        verbose_name = _("참가자")
        verbose_name_plural = _("참가자")

    def __str__(self) -> str:
        return self.name

    @property
    def cap(self) -> int:
        return self.max_meetings or self.event.max_meetings


class MeetingRequest(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("요청")
        ACCEPTED = "accepted", _("수락")
        DECLINED = "declined", _("거절")
        CANCELLED = "cancelled", _("취소")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_made")
    target = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_received")
    reason = models.CharField(_("요청 사유"), max_length=500)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "target"], name="programs_request_once"),
            models.CheckConstraint(condition=~Q(requester=F("target")), name="programs_request_not_self"),
        ]
        verbose_name = _("상담 요청")
        verbose_name_plural = _("상담 요청")

    def __str__(self) -> str:
        return f"{self.requester} → {self.target}"


class Meeting(TimeStampedModel):
    class Origin(models.TextChoices):
        REQUESTED = "requested", _("요청")
        SUGGESTED = "suggested", _("추천")
        MANUAL = "manual", _("수동 배정")

    class Outcome(models.TextChoices):
        NONE = "", _("미입력")
        NO_SHOW = "no_show", _("불참")
        TALKED = "talked", _("상담만 진행")
        QUOTE = "quote", _("견적 요청")
        SAMPLE = "sample", _("시제품·샘플")
        CONTRACT = "contract", _("계약")
        MOU = "mou", _("업무협약(MOU)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="meetings")
    table = models.ForeignKey(EventTable, on_delete=models.CASCADE, related_name="meetings")
    first = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    request = models.OneToOneField(
        MeetingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    origin = models.CharField(_("배정 근거"), max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    reason = models.CharField(_("사유"), max_length=500, blank=True)
    interpreter = models.BooleanField(_("통역 배치"), default=False)
    outcome = models.CharField(_("결과"), max_length=10, choices=Outcome.choices, blank=True, default="")
    outcome_note = models.CharField(_("결과 메모"), max_length=300, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "table", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="programs_meeting_one_per_table"),
            models.CheckConstraint(condition=~Q(first=F("second")), name="programs_meeting_two_people"),
        ]
        verbose_name = _("상담")
        verbose_name_plural = _("상담")

    def __str__(self) -> str:
        return f"{self.first} × {self.second} ({self.slot})"


class MeetingSeat(models.Model):
    """A participant's place in a meeting: one per participant and slot, so no one is double-booked
    whatever writes the schedule."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="programs_seat_no_double_booking"),
            models.UniqueConstraint(fields=["meeting", "participant"], name="programs_seat_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.slot}"
