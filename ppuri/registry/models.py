"""Organizations, their sites, capabilities, certifications, sectors and contacts."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ppuri.accounts.models import Role
from ppuri.core.i18n import for_reader, in_reader_language, reads_english
from ppuri.core.models import Attachment, TimeStampedModel
from ppuri.reference.models import Certification, Complex, Material, Process, Sector, Technology

ksic_validator = RegexValidator(r"^\d{5}$", _("KSIC 코드는 숫자 다섯 자리입니다."))


class Organization(TimeStampedModel):
    class Kind(models.TextChoices):
        COMPANY = "company", _("기업")
        RESEARCH_INSTITUTE = "research_institute", _("연구기관")
        UNIVERSITY = "university", _("대학")
        AGENCY = "agency", _("공공기관")
        SUPPORT = "support", _("지원기관")

    class Size(models.TextChoices):
        SMALL = "small", _("소기업")
        MEDIUM = "medium", _("중기업")
        MIDSIZE = "midsize", _("중견기업")
        LARGE = "large", _("대기업")

    kind = models.CharField(_("구분"), max_length=30, choices=Kind.choices, default=Kind.COMPANY)
    name = models.CharField(_("이름"), max_length=200)
    name_en = models.CharField(_("영문 이름"), max_length=200, blank=True)
    # Legal forms and spacing removed (core.text.normalize_company_name): the matching key.
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    description = models.TextField(_("소개"), blank=True)
    description_en = models.TextField(_("영문 소개"), blank=True)
    products = models.TextField(_("생산품"), blank=True)
    raw_materials = models.TextField(_("원자재"), blank=True)
    ksic_main = models.CharField(_("대표 업종(KSIC)"), max_length=5, blank=True, validators=[ksic_validator])
    size = models.CharField(_("기업 규모"), max_length=10, choices=Size.choices, blank=True)
    employees = models.PositiveIntegerField(_("종업원 수"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("설립 연도"), null=True, blank=True)
    website = models.URLField(_("홈페이지"), blank=True)
    phone = models.CharField(_("대표 전화"), max_length=30, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("수요 산업"), blank=True, related_name="+")
    is_public = models.BooleanField(_("공개"), default=True)
    is_demo = models.BooleanField(_("데모 데이터"), default=False, editable=False)
    # Whether the organization belongs to the root industries, and why ({"ko": …, "en": …}): derived
    # from its KSIC codes and its products and capabilities by registry.root_industry, which every
    # registry service and the import run after a change. Rows written without them (fixtures, bulk
    # loaders that skip organizations_root_industry_refresh) keep the default: presumed root industry,
    # as every organization was before the mark existed.
    is_root_industry = models.BooleanField(_("뿌리산업"), default=True, editable=False)
    root_industry_reason = models.JSONField(_("뿌리산업 판단 근거"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["normalized_name", "id"]
        indexes = [
            models.Index(fields=["kind", "is_public", "normalized_name"]),
            # The directory's default list: public root-industry companies by name.
            models.Index(
                fields=["kind", "is_public", "is_root_industry", "normalized_name"],
                name="registry_org_root_dir_idx",
            ),
        ]
        verbose_name = _("기관·기업")
        verbose_name_plural = _("기관·기업")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the English name for an English reader where the
        organization has one, its Korean name otherwise. `name` stays the Korean (registered) name."""
        return in_reader_language(self.name, self.name_en)

    @property
    def other_name(self) -> str:
        """The name in the other language, shown beside display_name; blank when there is only one."""
        if not self.name_en:
            return ""
        return self.name if reads_english() else self.name_en

    def get_absolute_url(self) -> str:
        return reverse("registry:company_detail", args=[self.pk])

    @property
    def root_industry_reason_text(self) -> str:
        """Why the organization is (or is not) marked root industry, in the reader's language."""
        return str(for_reader(self.root_industry_reason) or "")


class Membership(TimeStampedModel):
    """Ties a user to an organization. Lives here, not in accounts, because accounts sits below
    registry in the dependency order (docs/adr/0003-memberships-in-registry.md)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("관리자")
        MEMBER = "member", _("구성원")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("권한"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="uniq_membership")]
        verbose_name = _("소속")
        verbose_name_plural = _("소속")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class Site(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("사업장 이름"), max_length=200, blank=True)
    complex = models.ForeignKey(
        Complex,
        verbose_name=_("산업단지"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
        help_text=_("산업단지 밖의 개별입지는 비워 둡니다."),
    )
    address = models.CharField(_("공장 주소"), max_length=300)
    district = models.CharField(_("시군구"), max_length=50, blank=True)
    latitude = models.FloatField(
        _("위도"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("경도"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    factory_number = models.CharField(
        _("공장관리번호"),
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        help_text=_("한국산업단지공단 공장등록 자료의 공장관리번호: 같은 번호는 같은 사업장입니다."),
    )
    ksic_codes = models.JSONField(_("업종 코드"), default=list, blank=True)
    is_primary = models.BooleanField(_("주 사업장"), default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_primary=True),
                name="one_primary_site_per_organization",
            )
        ]
        verbose_name = _("사업장")
        verbose_name_plural = _("사업장")

    def __str__(self) -> str:
        return self.name or self.address


class Capability(TimeStampedModel):
    class BatchBand(models.TextChoices):
        PROTOTYPE = "prototype", _("시제품(1~10개)")
        SMALL = "small", _("소량(10~1,000개)")
        MEDIUM = "medium", _("중간 물량(1,000~10만 개)")
        MASS = "mass", _("대량(10만 개 이상)")

    class Source(models.TextChoices):
        IMPORTED = "imported", _("공공데이터에서 추정")
        DECLARED = "declared", _("기업이 등록")
        VERIFIED = "verified", _("운영기관이 확인")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="capabilities")
    site = models.ForeignKey(
        Site, verbose_name=_("사업장"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    process = models.ForeignKey(Process, verbose_name=_("공정"), on_delete=models.PROTECT, related_name="+")
    materials = models.ManyToManyField(Material, verbose_name=_("소재"), blank=True, related_name="+")
    max_length_mm = models.PositiveIntegerField(_("최대 길이(mm)"), null=True, blank=True)
    max_width_mm = models.PositiveIntegerField(_("최대 폭(mm)"), null=True, blank=True)
    max_height_mm = models.PositiveIntegerField(_("최대 높이(mm)"), null=True, blank=True)
    max_weight_kg = models.DecimalField(
        _("최대 중량(kg)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    batch_band = models.CharField(_("생산 규모"), max_length=10, choices=BatchBand.choices, blank=True)
    equipment = models.TextField(_("보유 설비"), blank=True)
    notes = models.TextField(_("비고"), blank=True)
    source = models.CharField(_("출처"), max_length=10, choices=Source.choices, default=Source.DECLARED)
    # Why Ppuri believes this, e.g. "KSIC 24321 알루미늄주물 주조업" or "생산품 '알루미늄 다이캐스팅'".
    source_detail = models.CharField(_("근거"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["process__technology__order", "process__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "process"], name="uniq_capability_per_process")
        ]
        verbose_name = _("공정 역량")
        verbose_name_plural = _("공정 역량")

    def __str__(self) -> str:
        return f"{self.organization} · {self.process}"


class OrganizationCertification(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="certifications")
    certification = models.ForeignKey(
        Certification, verbose_name=_("인증"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("인증 번호"), max_length=100, blank=True)
    issued_on = models.DateField(_("발급일"), null=True, blank=True)
    valid_until = models.DateField(_("유효 기한"), null=True, blank=True)
    verified = models.BooleanField(_("운영기관 확인"), default=False)

    class Meta:
        ordering = ["certification__order"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "certification"], name="uniq_org_certification"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(valid_until__gte=models.F("issued_on")),
                name="certification_valid_after_issue",
            ),
        ]
        verbose_name = _("보유 인증")
        verbose_name_plural = _("보유 인증")

    def __str__(self) -> str:
        return f"{self.organization} · {self.certification}"


class Contact(TimeStampedModel):
    """A person to reach at an organization: personal data, so masked in lists and shown to members,
    operators and (when is_public) signed-in users only; every display is logged."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("이름"), max_length=100)
    title = models.CharField(_("직함"), max_length=100, blank=True)
    email = models.EmailField(_("이메일"), blank=True)
    phone = models.CharField(_("전화"), max_length=30, blank=True)
    is_public = models.BooleanField(_("로그인 사용자에게 공개"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("담당자")
        verbose_name_plural = _("담당자")

    def __str__(self) -> str:
        return self.name


class OrganizationTechnology(TimeStampedModel):
    """A root technology an organization works in without a known process, e.g. inferred from a KSIC
    code of its factory registration (금속 열처리업 → 열처리). Processes known in detail are
    Capabilities; the directory's technology facet counts both."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="technologies")
    technology = models.ForeignKey(
        Technology, verbose_name=_("뿌리기술"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        _("출처"), max_length=10, choices=Capability.Source.choices, default=Capability.Source.IMPORTED
    )
    source_detail = models.CharField(_("근거"), max_length=300, blank=True)

    class Meta:
        ordering = ["technology__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "technology"], name="uniq_organization_technology"
            )
        ]
        verbose_name = _("업종 기반 뿌리기술")
        verbose_name_plural = _("업종 기반 뿌리기술")

    def __str__(self) -> str:
        return f"{self.organization} · {self.technology}"


class ImportRun(TimeStampedModel):
    """One import of a factory-registration file: its progress while it runs, its report after."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("대기")
        RUNNING = "running", _("진행 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    file = models.FileField(_("파일"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("파일 이름"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    dry_run = models.BooleanField(_("시험 실행"), default=False)
    strict = models.BooleanField(_("엄격 모드"), default=False)
    layout = models.CharField(_("형식"), max_length=20, blank=True)
    encoding = models.CharField(_("인코딩"), max_length=20, blank=True)
    rows = models.PositiveIntegerField(_("행 수"), default=0)
    added = models.PositiveIntegerField(_("추가"), default=0)
    updated = models.PositiveIntegerField(_("갱신"), default=0)
    unchanged = models.PositiveIntegerField(_("변경 없음"), default=0)
    rejected = models.PositiveIntegerField(_("거부된 행"), default=0)
    review = models.PositiveIntegerField(_("검토 대기"), default=0)
    errors = models.JSONField(_("오류"), default=list, blank=True)
    message = models.TextField(_("메시지"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The django-tasks-db result of the task that runs it: its worker's heartbeat says whether it still
    # runs (ppuri.core.worker), and the sweep fails both when it does not (importing.runs).
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("공장 자료 가져오기")
        verbose_name_plural = _("공장 자료 가져오기")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ImportReviewItem(TimeStampedModel):
    """A factory that looks like an organization already in the registry but not surely the same:
    an operator decides instead of a silent merge."""

    class Status(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        MERGED = "merged", _("기존 기업에 합침")
        SEPARATE = "separate", _("별도 기업으로 등록")
        DISMISSED = "dismissed", _("반영하지 않음")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="review_items")
    candidate = models.ForeignKey(
        Organization, verbose_name=_("비슷한 기존 기업"), on_delete=models.CASCADE, related_name="+"
    )
    record = models.JSONField(_("가져온 공장 정보"))
    reason = models.CharField(_("사유"), max_length=300)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.PENDING)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "id"]
        verbose_name = _("중복 의심 검토")
        verbose_name_plural = _("중복 의심 검토")

    def __str__(self) -> str:
        return f"{self.record.get('company_name', '')} ~ {self.candidate}"


class ImportRunEntry(models.Model):
    """One factory an import added, updated or queued for review: the report's list of what changed,
    each with a link. Rows of its own (not a list on the run) because a national file adds 200,000."""

    class Outcome(models.TextChoices):
        ADDED = "added", _("추가")
        UPDATED = "updated", _("갱신")
        REVIEW = "review", _("검토 대기")

    # No foreign-key constraints in the database (db_constraint=False): the rows are a record of what
    # one import did, written by it with the ids it had just given, and a national import's 217,000 of
    # them took 1.8 s of checks at their commit. Django's on_delete keeps them as constraints would:
    # they go with their run, and lose the link to a company or review item deleted later.
    # No index of its own: registry_import_entry_idx begins with it.
    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="entries", db_index=False, db_constraint=False
    )
    outcome = models.CharField(_("결과"), max_length=10, choices=Outcome.choices)
    line = models.PositiveIntegerField(_("행"))  # the factory's first line, as a spreadsheet numbers it
    lines = models.CharField(_("행"), max_length=100, blank=True)  # all of its lines: "5, 6"
    company_name = models.CharField(_("회사명"), max_length=200)
    factory_number = models.CharField(_("공장관리번호"), max_length=30, blank=True)
    # The company added or updated; for a review, the existing company it resembles. Empty after a
    # dry run for what would have been added (nothing was written).
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    review_item = models.ForeignKey(
        ImportReviewItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    # The root-industry mark the import gave the company (None for a review: nothing was decided).
    is_root_industry = models.BooleanField(_("뿌리산업"), null=True)

    class Meta:
        ordering = ["line", "id"]
        indexes = [models.Index(fields=["run", "outcome", "line"], name="registry_import_entry_idx")]
        verbose_name = _("가져오기 결과 행")
        verbose_name_plural = _("가져오기 결과 행")

    def __str__(self) -> str:
        return f"{self.company_name} ({self.get_outcome_display()})"


class Claim(TimeStampedModel):
    """A company-role user asking to become admin of an imported organization (registry.claims).
    The evidence is personal and confidential: the claimant and operators see it, nobody else."""

    class Status(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        APPROVED = "approved", _("승인 완료")
        REFUSED = "refused", _("반려됨")
        WITHDRAWN = "withdrawn", _("신청자 취소")

    organization = models.ForeignKey(
        Organization, verbose_name=_("기업"), on_delete=models.CASCADE, related_name="claims"
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("신청자"), on_delete=models.CASCADE, related_name="claims"
    )
    # Ten digits without hyphens; the check digit was verified (core.business_number).
    business_number = models.CharField(_("사업자등록번호"), max_length=10)
    work_email = models.EmailField(_("업무용 이메일"), blank=True)
    message = models.TextField(_("메시지"), blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.PENDING)
    refusal_reason = models.TextField(_("반려 사유"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("처리 일시"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open claim per person and company; competing claims by others are allowed and wait.
            models.UniqueConstraint(
                fields=["organization", "claimant"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_claimant",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="registry_claim_queue_idx")]
        verbose_name = _("소유권 신청")
        verbose_name_plural = _("소유권 신청")

    def __str__(self) -> str:
        return f"{self.organization} ← {self.claimant} ({self.get_status_display()})"


class ClaimDocument(Attachment):
    """A document given as evidence of a claim (사업자등록증 사본 …), checked by core.files."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("파일"), upload_to="registry/claims/%Y/%m/")


class Invitation(TimeStampedModel):
    """An e-mailed, signed, expiring, single-use link that makes its holder a member (or admin) of an
    organization, with an account of the given role (registry.invitations). Only a hash of the link's
    secret is stored."""

    email = models.EmailField(_("이메일"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("기관·기업"), on_delete=models.CASCADE, related_name="invitations"
    )
    membership_role = models.CharField(
        _("권한"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    # The account's role: company for a company's colleagues; an institution's for operator invitations.
    user_role = models.CharField(_("계정 역할"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("만료 일시"))
    accepted_at = models.DateTimeField(_("수락 일시"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("취소 일시"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]
        indexes = [models.Index(fields=["invited_by", "created_at"], name="registry_invitation_rate_idx")]
        verbose_name = _("초대")
        verbose_name_plural = _("초대")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"
