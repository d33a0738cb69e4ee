"""Projects with budgets and milestones (the Namdong regeneration first; the Seobu free-economic-zone
bid is a project of kind DESIGNATION: milestones and documents, no budget).

A budget line is one funding source in one year of one sub-project, with its amount in each phase of
the Fiscal Data Package (approved → revised → contracted → executed); every total — per sub-project,
per source, per year, per project — is a sum of lines computed by the selectors, never stored, so they
add up by construction. Amounts are integer KRW."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.core.models import TimeStampedModel
from ppuri.reference.models import Complex


class Project(TimeStampedModel):
    class Kind(models.TextChoices):
        REGENERATION = "regeneration", _("산업단지 재생·구조고도화")
        DESIGNATION = "designation", _("지구 지정 추진")
        OTHER = "other", _("기타 사업")

    class Status(models.TextChoices):
        PLANNED = "planned", _("계획")
        ACTIVE = "active", _("추진 중")
        DONE = "done", _("완료")
        STOPPED = "stopped", _("중단")

    slug = models.SlugField(_("식별자"), max_length=60, unique=True)
    kind = models.CharField(_("종류"), max_length=15, choices=Kind.choices, default=Kind.REGENERATION)
    title = models.CharField(_("사업명"), max_length=200)
    title_en = models.CharField(_("사업명(영문)"), max_length=200, blank=True)
    summary = models.TextField(_("개요"), blank=True)
    summary_en = models.TextField(_("개요(영문)"), blank=True)
    complex = models.ForeignKey(
        Complex,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("산업단지"),
    )
    lead_agency = models.CharField(_("주관 기관"), max_length=200, blank=True)
    starts_on = models.DateField(_("사업 시작일"), null=True, blank=True)
    ends_on = models.DateField(_("사업 종료일"), null=True, blank=True)
    # The amount announced for the whole project (e.g. 306억); the lines' approved total is compared with it.
    announced_budget = models.BigIntegerField(
        _("발표 사업비(원)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    source = models.TextField(_("출처"), blank=True)
    # Demo rows say so on every page: plausible, not real.
    synthetic = models.BooleanField(_("가상 자료"), default=False)
    public = models.BooleanField(_("공개"), default=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("사업")
        verbose_name_plural = _("사업")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:project", args=[self.pk])


class SubProject(TimeStampedModel):
    class Category(models.TextChoices):
        PARKING = "parking", _("주차장")
        LAND_USE = "land_use", _("토지이용 재편")
        CULTURE = "culture", _("문화시설")
        CONVENIENCE = "convenience", _("편의시설")
        ROAD = "road", _("도로·기반시설")
        OTHER = "other", _("기타")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="subprojects", verbose_name=_("사업")
    )
    title = models.CharField(_("세부사업명"), max_length=200)
    title_en = models.CharField(_("세부사업명(영문)"), max_length=200, blank=True)
    category = models.CharField(_("분야"), max_length=15, choices=Category.choices, default=Category.OTHER)
    description = models.TextField(_("내용"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "title"], name="programs_subproject_unique_title"),
        ]
        verbose_name = _("세부사업")
        verbose_name_plural = _("세부사업")

    def __str__(self) -> str:
        return self.title


class BudgetLine(TimeStampedModel):
    class Source(models.TextChoices):
        NATIONAL = "national", _("국비")
        CITY = "city", _("시비")
        DISTRICT = "district", _("구비")
        KICOX = "kicox", _("한국산업단지공단")
        PRIVATE = "private", _("민간")
        OTHER = "other", _("기타")

    # The phases in order (Fiscal Data Package); contracted and executed never exceed the budget in force.
    PHASES = ("approved", "revised", "contracted", "executed")

    subproject = models.ForeignKey(
        SubProject, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("세부사업")
    )
    source = models.CharField(_("재원"), max_length=10, choices=Source.choices)
    year = models.PositiveSmallIntegerField(
        _("연도"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    approved = models.BigIntegerField(_("편성액(원)"), default=0, validators=[MinValueValidator(0)])
    # None until the budget is revised (추경·변경); the budget in force is then the revised one.
    revised = models.BigIntegerField(
        _("변경액(원)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    contracted = models.BigIntegerField(_("계약액(원)"), default=0, validators=[MinValueValidator(0)])
    executed = models.BigIntegerField(_("집행액(원)"), default=0, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["subproject", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["subproject", "source", "year"], name="programs_budget_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(approved__gte=0, contracted__gte=0, executed__gte=0)
                & (Q(revised__isnull=True) | Q(revised__gte=0)),
                name="programs_budget_line_not_negative",
            ),
            # Nothing is contracted or executed beyond the budget in force (revised, else approved);
            # execution may pass the contracts (compensation and fees are paid without one).
            models.CheckConstraint(
                condition=(
                    Q(revised__isnull=True, contracted__lte=F("approved"), executed__lte=F("approved"))
                    | Q(revised__isnull=False, contracted__lte=F("revised"), executed__lte=F("revised"))
                ),
                name="programs_budget_within_budget_in_force",
            ),
        ]
        verbose_name = _("예산 항목")
        verbose_name_plural = _("예산 항목")

    def __str__(self) -> str:
        return f"{self.subproject} {self.year} {self.get_source_display()}"

    @property
    def current(self) -> int:
        """The budget in force: revised if it was revised, else approved."""
        return self.approved if self.revised is None else self.revised


class BudgetChange(models.Model):
    """The change history of a project's budget and plan: who changed which figure from what to what,
    and why (the reason is required for every change after creation)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    budget_line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    what = models.CharField(_("대상"), max_length=200)
    field = models.CharField(_("항목"), max_length=40)
    old_value = models.CharField(_("이전 값"), max_length=100, blank=True)
    new_value = models.CharField(_("새 값"), max_length=100, blank=True)
    reason = models.CharField(_("사유"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("변경 일시"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("변경 이력")
        verbose_name_plural = _("변경 이력")

    def __str__(self) -> str:
        return f"{self.what} {self.field}: {self.old_value} → {self.new_value}"


class Milestone(TimeStampedModel):
    """A step of a project (or of one sub-project) with its planned and actual dates; for a designation
    bid the steps are the application, the review and the decision."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("진행 전")
        DONE = "done", _("완료")
        MISSED = "missed", _("무산")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("사업")
    )
    subproject = models.ForeignKey(
        SubProject,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("세부사업"),
    )
    title = models.CharField(_("단계"), max_length=200)
    title_en = models.CharField(_("단계(영문)"), max_length=200, blank=True)
    planned_on = models.DateField(_("계획일"))
    actual_on = models.DateField(_("실제 완료일"), null=True, blank=True)
    outcome = models.CharField(_("결과"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.CharField(_("비고"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "planned_on", "order", "pk"]
        verbose_name = _("추진 단계")
        verbose_name_plural = _("추진 단계")

    def __str__(self) -> str:
        return self.title


class Output(TimeStampedModel):
    """What a sub-project delivers, against its target (parking spaces built, ㎡ of land restructured,
    facilities opened)."""

    subproject = models.ForeignKey(
        SubProject, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("세부사업")
    )
    indicator = models.CharField(_("산출물"), max_length=200)
    indicator_en = models.CharField(_("산출물(영문)"), max_length=200, blank=True)
    unit = models.CharField(_("단위"), max_length=20)
    target = models.BigIntegerField(_("목표"), validators=[MinValueValidator(0)])
    actual = models.BigIntegerField(_("실적"), default=0, validators=[MinValueValidator(0)])
    as_of = models.DateField(_("기준일"), null=True, blank=True)

    class Meta:
        ordering = ["subproject", "pk"]
        verbose_name = _("산출물")
        verbose_name_plural = _("산출물")

    def __str__(self) -> str:
        return self.indicator
