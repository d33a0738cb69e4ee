"""The manufacturing-innovation graduate school (제조혁신전문대학원): cohorts, students, company projects
(프로젝트 학위) with their NDA, students' interest, the school's matches of student, project and advisor,
thesis milestones, internships and placement.

Inha University opened the school in March 2020 with KITECH (domain-facts §6: 28 first-year students,
capacity 30, "project degree" with partner firms); the 2019 agreement names ~50 master's a year. The
school's staff (the university role) run it here; companies propose projects; students are seekers.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ppuri.core.models import TimeStampedModel
from ppuri.reference.models import Complex, Process, Technology
from ppuri.registry.models import Organization, Site


class AdvisorInstitution(models.Model):
    """An institution whose experts may advise theses (Inha and KITECH): the advisor is chosen among
    the desk's experts of these organizations."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("기관")
    )

    class Meta:
        verbose_name = _("지도교수 소속 기관")
        verbose_name_plural = _("지도교수 소속 기관")

    def __str__(self) -> str:
        return str(self.organization)


class Cohort(TimeStampedModel):
    """The students admitted in one year (입학 연도)."""

    year = models.PositiveSmallIntegerField(
        _("입학 연도"), unique=True, validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    target = models.PositiveSmallIntegerField(
        _("목표 인원"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    starts_on = models.DateField(_("입학일"))
    note = models.CharField(_("비고"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("기수")
        verbose_name_plural = _("기수")

    def __str__(self) -> str:
        return _("%(year)d학년도 입학") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("graduate:cohort", args=[self.year])


class Student(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("학교 확인 대기")
        ENROLLED = "enrolled", _("재학")
        THESIS = "thesis", _("논문 과정")
        GRADUATED = "graduated", _("졸업")
        WITHDRAWN = "withdrawn", _("제적·자퇴")
        # A seeker's request the school did not recognise: never a student, counted nowhere.
        REJECTED = "rejected", _("확인 거절")

    # Admitted students: every status but a request the school has not confirmed or turned down.
    ADMITTED = (Status.ENROLLED, Status.THESIS, Status.GRADUATED, Status.WITHDRAWN)
    STUDYING = (Status.ENROLLED, Status.THESIS)

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="students", verbose_name=_("기수")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduate_records",
        verbose_name=_("계정"),
    )
    name = models.CharField(_("이름"), max_length=100)
    # The address the school invited; cleared when the account that signs in with it is linked.
    invited_email = models.EmailField(_("초대 전자우편"), blank=True)
    technology = models.ForeignKey(
        Technology,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("전공 분야"),
    )
    processes = models.ManyToManyField(Process, blank=True, related_name="+", verbose_name=_("관심 공정"))
    advisor = models.ForeignKey(
        "challenges.Expert",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advisees",
        verbose_name=_("지도교수"),
    )
    sponsor = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_students",
        verbose_name=_("후원 기업"),
    )
    status = models.CharField(_("학적 상태"), max_length=10, choices=Status.choices, default=Status.PENDING)
    expected_graduation = models.DateField(_("졸업 예정일"), null=True, blank=True)
    graduated_on = models.DateField(_("졸업일"), null=True, blank=True)
    withdrawn_on = models.DateField(_("제적·자퇴일"), null=True, blank=True)
    consented_at = models.DateTimeField(_("수집·이용 동의 시각"), null=True, blank=True)
    consent_notice_version = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cohort__year", "name", "id"]
        verbose_name = _("대학원생")
        verbose_name_plural = _("대학원생")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="uniq_student_per_cohort"),
            # One open invitation per address and cohort (two would count one person twice).
            models.UniqueConstraint(
                fields=["cohort", "invited_email"],
                condition=Q(user__isnull=True) & ~Q(invited_email=""),
                name="uniq_student_invitation",
            ),
            models.CheckConstraint(
                condition=Q(status="graduated", graduated_on__isnull=False)
                | ~Q(status="graduated") & Q(graduated_on__isnull=True),
                name="student_graduated_has_date",
            ),
        ]

    def __str__(self) -> str:
        return _("대학원생 #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("graduate:student", args=[self.pk])


class Project(TimeStampedModel):
    """A company's problem proposed as a thesis project (프로젝트 학위)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("graduate project", "제안됨")
        PUBLISHED = "published", _("학생 모집")
        MATCHED = "matched", _("수행 중")
        DONE = "done", _("완료")
        WITHDRAWN = "withdrawn", _("철회")

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", _("공개")
        NDA = "nda", _("비밀유지 동의 후 공개")

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("해결")
        PARTLY = "partly", _("일부 해결")
        NOT_SOLVED = "not_solved", _("미해결")

    company = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="graduate_projects", verbose_name=_("기업")
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduate_projects",
        verbose_name=_("출발한 한계기술 과제"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("과제명"), max_length=200)
    # What everyone who may see the project reads; an NDA project shows only this before the NDA.
    summary = models.CharField(_("공개 요약"), max_length=300)
    problem = models.TextField(_("해결할 문제"))
    data_shared = models.TextField(_("제공할 수 있는 자료"), blank=True)
    confidentiality = models.CharField(
        _("공개 범위"), max_length=10, choices=Confidentiality.choices, default=Confidentiality.PUBLIC
    )
    technology = models.ForeignKey(
        Technology,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("뿌리기술"),
    )
    processes = models.ManyToManyField(Process, blank=True, related_name="+", verbose_name=_("공정"))
    mentor_name = models.CharField(_("기업 멘토"), max_length=100)
    mentor_title = models.CharField(_("멘토 직위"), max_length=100, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    published_at = models.DateTimeField(_("모집 시작"), null=True, blank=True)
    completed_at = models.DateTimeField(_("완료 일시"), null=True, blank=True)
    outcome = models.CharField(_("결과"), max_length=12, choices=Outcome.choices, blank=True)
    result = models.TextField(_("수행 결과"), blank=True)
    publish_consent = models.BooleanField(_("익명 사례 공개 동의"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("기업 연계 과제")
        verbose_name_plural = _("기업 연계 과제")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("graduate:project", args=[self.pk])

    @property
    def under_nda(self) -> bool:
        return self.confidentiality == self.Confidentiality.NDA


class NdaAcceptance(models.Model):
    """A person accepted a project's non-disclosure terms (the version they read) before its details."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="nda_acceptances")
    # Kept when the account goes (SET_NULL): the company's record that its terms were accepted.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    terms_version = models.CharField(max_length=20)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="uniq_nda_acceptance")]
        verbose_name = _("비밀유지 동의")
        verbose_name_plural = _("비밀유지 동의")

    def __str__(self) -> str:
        return _("비밀유지 동의 #%(pk)s") % {"pk": self.pk}


class ProjectInterest(TimeStampedModel):
    class Status(models.TextChoices):
        SENT = "sent", _("관심 표명")
        WITHDRAWN = "withdrawn", _("철회")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="interests")
    motivation = models.TextField(_("지원 동기"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "student"], name="uniq_project_interest")]
        verbose_name = _("과제 관심 표명")
        verbose_name_plural = _("과제 관심 표명")

    def __str__(self) -> str:
        return _("관심 표명 #%(pk)s") % {"pk": self.pk}


class Match(TimeStampedModel):
    """The school's decision: this student does this project under this advisor."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="matches")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="matches")
    advisor = models.ForeignKey(
        "challenges.Expert",
        on_delete=models.PROTECT,
        related_name="graduate_matches",
        verbose_name=_("지도교수"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The suggestion's reasons when the school took a suggested pair (empty when chosen by hand).
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "student"], name="uniq_match")]
        verbose_name = _("과제 배정")
        verbose_name_plural = _("과제 배정")

    def __str__(self) -> str:
        return _("과제 배정 #%(pk)s") % {"pk": self.pk}


class ThesisMilestone(TimeStampedModel):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("계획서 심사")
        MIDTERM = "midterm", _("중간 심사")
        DEFENSE = "defense", _("최종 심사")

    class State(models.TextChoices):
        PLANNED = "planned", _("예정")
        PASSED = "passed", _("통과")
        REVISE = "revise", _("보완 요청")

    ORDER = (Kind.PROPOSAL, Kind.MIDTERM, Kind.DEFENSE)

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("심사"), max_length=10, choices=Kind.choices)
    planned_on = models.DateField(_("예정일"), null=True, blank=True)
    held_on = models.DateField(_("심사일"), null=True, blank=True)
    state = models.CharField(_("결과"), max_length=10, choices=State.choices, default=State.PLANNED)
    note = models.CharField(_("메모"), max_length=300, blank=True)

    class Meta:
        ordering = ["match", "id"]
        constraints = [models.UniqueConstraint(fields=["match", "kind"], name="uniq_thesis_milestone")]
        verbose_name = _("논문 심사")
        verbose_name_plural = _("논문 심사")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Internship(TimeStampedModel):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="internships")
    company = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="graduate_internships", verbose_name=_("기업")
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="internships",
        verbose_name=pgettext_lazy("graduate project", "과제"),
    )
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="internship_ends_after"
            ),
            models.UniqueConstraint(fields=["student", "company", "starts_on"], name="uniq_internship"),
        ]
        verbose_name = _("현장실습")
        verbose_name_plural = _("현장실습")

    def __str__(self) -> str:
        return _("현장실습 #%(pk)s") % {"pk": self.pk}


class Placement(TimeStampedModel):
    """Where a graduate is, asked at graduation and again about 15 months later (HESA Graduate
    Outcomes' census, talent-programs-anchors §1)."""

    class Survey(models.TextChoices):
        AT_GRADUATION = "graduation", _("졸업 시점")
        MONTHS_15 = "15m", _("졸업 15개월 후")

    class Outcome(models.TextChoices):
        EMPLOYED = "employed", _("취업")
        STUDY = "study", _("진학")
        SEEKING = "seeking", _("구직 중")
        OTHER = "other", _("기타")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="placements")
    survey = models.CharField(_("조사 시점"), max_length=12, choices=Survey.choices)
    outcome = models.CharField(_("진로"), max_length=10, choices=Outcome.choices)
    employer = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduate_placements",
        verbose_name=_("고용 기업(등록 기업)"),
    )
    employer_name = models.CharField(_("고용 기업(그 밖의 기업)"), max_length=200, blank=True)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    root_industry = models.BooleanField(_("뿌리산업 취업"), default=False)
    complex = models.ForeignKey(
        Complex,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("산업단지"),
    )
    role = models.CharField(_("직무"), max_length=100, blank=True)
    hired_on = models.DateField(_("입사일"), null=True, blank=True)
    employment = models.ForeignKey(
        "tenure.Employment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduate_placements",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["student", "survey"]
        constraints = [models.UniqueConstraint(fields=["student", "survey"], name="uniq_placement_survey")]
        verbose_name = _("졸업생 진로")
        verbose_name_plural = _("졸업생 진로")

    def __str__(self) -> str:
        return _("졸업생 진로 #%(pk)s") % {"pk": self.pk}
