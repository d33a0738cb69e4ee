"""Talent: job postings at root companies, seekers' profiles, applications and their stages, and the
operators' record of employers on the published wage-arrears list (임금체불 명단).

A posting moves draft → open → closed or filled (talent.services); an application moves through the
stages of Application.Stage, each change kept in ApplicationEvent. Money is whole KRW a month.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ppuri.core.models import TimeStampedModel
from ppuri.reference.models import Complex, Process, Qualification, Technology
from ppuri.registry.models import Organization, Site

# A month's wage above 100 million KRW is a typing error (an annual figure, an extra zero).
MAX_MONTHLY_WAGE = 100_000_000


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("정규직")
    FIXED_TERM = "fixed_term", _("계약직")
    INTERNSHIP = "internship", _("인턴")


class Shift(models.TextChoices):
    DAY = "day", _("주간")
    TWO_SHIFT = "two_shift", _("2교대")
    THREE_SHIFT = "three_shift", _("3교대")


class Education(models.TextChoices):
    HIGH_SCHOOL = "high_school", _("고등학교")
    VOCATIONAL_HIGH_SCHOOL = "vocational_high_school", _("특성화고·마이스터고")
    COLLEGE = "college", _("전문대학")
    UNIVERSITY = "university", _("대학교")
    MASTER = "master", _("석사")
    DOCTORATE = "doctorate", _("박사")
    OTHER = "other", _("기타")


class JobPosting(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        OPEN = "open", _("모집 중")
        CLOSED = "closed", _("마감")
        FILLED = "filled", pgettext_lazy("posting status", "채용 완료")

    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="job_postings")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("제목"), max_length=200)
    description = models.TextField(_("하는 일"), blank=True)
    technology = models.ForeignKey(
        Technology, verbose_name=_("뿌리기술"), on_delete=models.PROTECT, related_name="+"
    )
    processes = models.ManyToManyField(Process, verbose_name=_("공정"), blank=True, related_name="+")
    required_qualifications = models.ManyToManyField(
        Qualification, verbose_name=_("필수 자격"), blank=True, related_name="+"
    )
    preferred_qualifications = models.ManyToManyField(
        Qualification, verbose_name=_("우대 자격"), blank=True, related_name="+"
    )
    experience_years_min = models.PositiveSmallIntegerField(
        _("최소 경력(년)"), default=0, validators=[MaxValueValidator(40)]
    )
    employment_type = models.CharField(_("고용 형태"), max_length=20, choices=EmploymentType.choices)
    shift = models.CharField(_("근무 형태"), max_length=20, choices=Shift.choices)
    wage_min = models.PositiveIntegerField(
        _("월 임금 하한(원)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHLY_WAGE)]
    )
    wage_max = models.PositiveIntegerField(
        _("월 임금 상한(원)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHLY_WAGE)]
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("근무 사업장"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The site's complex when there is a site; the complex alone when the company names no site.
    complex = models.ForeignKey(
        Complex, verbose_name=_("산업단지"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dormitory = models.BooleanField(_("기숙사 제공"), default=False)
    commuter_bus = models.BooleanField(_("통근버스 운행"), default=False)
    positions = models.PositiveSmallIntegerField(
        _("모집 인원"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    closes_on = models.DateField(_("마감일"), null=True, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        # updated_at: the matcher's facts ask for the rows changed since their last read (talent.facts).
        indexes = [models.Index(fields=["status", "closes_on"]), models.Index(fields=["updated_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(wage_min__lte=F("wage_max")), name="job_wage_range_ordered"),
        ]
        verbose_name = _("채용 공고")
        verbose_name_plural = _("채용 공고")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:job", args=[self.pk])


class SeekerProfile(TimeStampedModel):
    """What a seeker tells companies and the matcher. No 주민등록번호, photo or age: nothing here needs
    them (the youth incentive asks for a birth year-month in its own application)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seeker_profile"
    )
    headline = models.CharField(_("한 줄 소개"), max_length=200, blank=True)
    phone = models.CharField(_("연락처(전화)"), max_length=20, blank=True)
    processes = models.ManyToManyField(Process, verbose_name=_("경험한 공정"), blank=True, related_name="+")
    technologies = models.ManyToManyField(
        Technology, verbose_name=_("경험한 뿌리기술"), blank=True, related_name="+"
    )
    experience_years = models.PositiveSmallIntegerField(
        _("경력(년)"), default=0, validators=[MaxValueValidator(60)]
    )
    education = models.CharField(_("최종 학력"), max_length=30, choices=Education.choices, blank=True)
    preferred_complexes = models.ManyToManyField(
        Complex, verbose_name=_("희망 산업단지"), blank=True, related_name="+"
    )
    desired_wage = models.PositiveIntegerField(
        _("희망 월 임금(원)"), null=True, blank=True, validators=[MaxValueValidator(MAX_MONTHLY_WAGE)]
    )
    shifts = models.JSONField(_("가능한 근무 형태"), default=list, blank=True)
    dormitory = models.BooleanField(_("기숙사 필요"), default=False)
    available_from = models.DateField(_("근무 가능일"), null=True, blank=True)
    # The consent the profile was made under (talent.notice.PROFILE), and companies find the seeker
    # only with the separate, optional one (talent.notice.DISCOVERY), given when `discoverable_since`.
    consented_at = models.DateTimeField(_("수집·이용 동의 시각"))
    consent_notice_version = models.CharField(max_length=20)
    discoverable = models.BooleanField(_("기업의 인재 검색 허용"), default=False)
    discoverable_since = models.DateTimeField(null=True, blank=True)
    # Raised by the seeker's own actions; the retention task destroys profiles idle past the period.
    last_active_at = models.DateTimeField(_("마지막 활동"))

    class Meta:
        indexes = [
            models.Index(fields=["discoverable"]),
            models.Index(fields=["last_active_at"]),
            models.Index(fields=["updated_at"]),  # talent.facts
        ]
        verbose_name = _("구직자 프로필")
        verbose_name_plural = _("구직자 프로필")

    def __str__(self) -> str:
        return str(self.user)


class SeekerQualification(models.Model):
    profile = models.ForeignKey(SeekerProfile, on_delete=models.CASCADE, related_name="held")
    qualification = models.ForeignKey(
        Qualification, verbose_name=_("자격"), on_delete=models.PROTECT, related_name="+"
    )
    acquired_year = models.PositiveSmallIntegerField(
        _("취득 연도"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "qualification"], name="uniq_seeker_qualification")
        ]

    def __str__(self) -> str:
        return str(self.qualification)


class Application(TimeStampedModel):
    class Stage(models.TextChoices):
        # With a context: the same words mean other things elsewhere (채용 is the jobs menu, 접수 a
        # case's state at the desk), and English needs a word for each.
        RECEIVED = "received", pgettext_lazy("application stage", "접수")
        REVIEWING = "reviewing", pgettext_lazy("application stage", "검토")
        INTERVIEW = "interview", pgettext_lazy("application stage", "면접")
        OFFER = "offer", pgettext_lazy("application stage", "제안")
        HIRED = "hired", pgettext_lazy("application stage", "채용")
        REJECTED = "rejected", pgettext_lazy("application stage", "불합격")
        WITHDRAWN = "withdrawn", pgettext_lazy("application stage", "지원 취소")

    class Origin(models.TextChoices):
        APPLIED = "applied", _("구직자 지원")
        INTEREST = "interest", _("기업 제안 수락")

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="applications")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.APPLIED)
    message = models.TextField(_("지원 메시지"), blank=True)
    stage = models.CharField(_("단계"), max_length=12, choices=Stage.choices, default=Stage.RECEIVED)
    # 제3자 제공 동의: when the seeker agreed that this company receives their contact details, and
    # under which notice. The company sees the contact only when this is set.
    contact_consented_at = models.DateTimeField(_("연락처 제공 동의 시각"))
    consent_notice_version = models.CharField(max_length=20)
    hired_on = models.DateField(_("입사일"), null=True, blank=True)
    hire_site = models.ForeignKey(
        Site,
        verbose_name=_("근무 사업장"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "seeker"], name="uniq_application_per_job")]
        verbose_name = _("입사 지원")
        verbose_name_plural = _("입사 지원")

    def __str__(self) -> str:
        # No seeker's name: this string shows wherever the row is named (the back office's titles).
        return _("%(job)s — 지원 #%(pk)s") % {"job": self.job, "pk": self.pk}


class ApplicationEvent(models.Model):
    """One stage change with its time and who made it; the comment is the company's own note."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(max_length=12, choices=Application.Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("메모"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_stage_display()


class Interest(TimeStampedModel):
    """A company's invitation to a discoverable seeker to apply to one posting. The seeker's contact
    stays hidden until the seeker accepts (which makes an application)."""

    class Status(models.TextChoices):
        SENT = "sent", _("제안 보냄")
        ACCEPTED = "accepted", _("수락")
        DECLINED = "declined", _("거절")

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="interests")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_interests"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("제안 메시지"), blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.SENT)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "seeker"], name="uniq_interest_per_job")]
        verbose_name = _("채용 제안")
        verbose_name_plural = _("채용 제안")

    def __str__(self) -> str:
        return f"{self.job} → {self.seeker}"


class WageArrearsMark(models.Model):
    """An operator's record that a company is on the published list of employers with unpaid wages
    (임금체불 명단, 고용노동부): it cannot open postings while the mark stands."""

    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="wage_arrears_marks")
    listed_on = models.DateField(_("명단 공개일"))
    source = models.CharField(_("근거(공개 명단·주소)"), max_length=300)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(_("해제 시각"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    clear_reason = models.CharField(_("해제 사유"), max_length=300, blank=True)

    class Meta:
        constraints = [
            # At most one standing mark per company: marking twice is refused by the database.
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(cleared_at__isnull=True),
                name="uniq_standing_wage_arrears_mark",
            )
        ]
        verbose_name = _("임금체불 명단 등재")
        verbose_name_plural = _("임금체불 명단 등재")

    def __str__(self) -> str:
        return f"{self.company} ({self.listed_on})"


class RetentionRun(models.Model):
    """The log of the scheduled destruction of seekers' personal data (talent.retention)."""

    ran_at = models.DateTimeField(auto_now_add=True)
    cutoff = models.DateTimeField()
    profiles_destroyed = models.PositiveIntegerField(default=0)
    applications_destroyed = models.PositiveIntegerField(default=0)
    interests_destroyed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("개인정보 파기 기록(채용)")
        verbose_name_plural = _("개인정보 파기 기록(채용)")

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"


class DeletedRow(models.Model):
    """A posting or a profile deleted (a post_delete receiver writes it, whichever way the ORM deleted
    it: the retention task, an account's deletion). The matcher's kept facts (talent.facts) drop these
    rows by asking this small table for what went since their last look, instead of counting every row."""

    class Kind(models.TextChoices):
        JOB = "job", "job"
        PROFILE = "profile", "profile"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    row_id = models.BigIntegerField()
    deleted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "deleted_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.row_id}"
