"""Technologies, processes, defects, KSIC mapping, complexes, materials, certifications and sectors.

The rows come from the TOML files in reference/data/, each fact with its source. Slugs are stable
identifiers: the API, import files, URLs and tests use them.
"""

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ppuri.core.i18n import BilingualNameMixin, in_reader_language, reads_english
from ppuri.reference.facts import FactSource, fact_sources, fact_value

HANGUL = re.compile(r"[\uac00-\ud7a3]")


class Confidence(models.TextChoices):
    HIGH = "high", _("높음")
    MEDIUM = "medium", _("중간")
    LOW = "low", _("낮음")


class TechnologyGroup(models.TextChoices):
    BASE = "base", _("기반 공정기술")
    MATERIAL = "material", _("소재다원화 공정기술")
    INTELLIGENT = "intelligent", _("지능화 공정기술")


class Technology(BilingualNameMixin):
    slug = models.SlugField(unique=True)
    group = models.CharField(_("분류"), max_length=20, choices=TechnologyGroup.choices)
    order = models.PositiveSmallIntegerField(default=0)
    description_ko = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    source = models.TextField(_("출처"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("뿌리기술")
        verbose_name_plural = _("뿌리기술")


class Material(BilingualNameMixin):
    slug = models.SlugField(unique=True)
    family = models.CharField(_("계열"), max_length=40, blank=True)
    designations = models.JSONField(_("규격 기호"), default=list, blank=True)
    synonyms = models.JSONField(_("동의어"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("소재")
        verbose_name_plural = _("소재")


class Process(BilingualNameMixin):
    slug = models.CharField(unique=True, max_length=80)
    technology = models.ForeignKey(Technology, on_delete=models.PROTECT, related_name="processes")
    synonyms = models.JSONField(_("동의어·표기"), default=list, blank=True)
    materials = models.ManyToManyField(Material, blank=True, related_name="processes")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["technology__order", "order"]
        verbose_name = _("공정")
        verbose_name_plural = _("공정")


class Defect(BilingualNameMixin):
    """A typical defect or problem of one root technology (domain-facts §6.1), with the words people type."""

    slug = models.CharField(unique=True, max_length=80)
    technology = models.ForeignKey(Technology, on_delete=models.PROTECT, related_name="defects")
    synonyms = models.JSONField(_("동의어·표기"), default=list, blank=True)
    causes_ko = models.TextField(_("주요 원인"), blank=True)
    verified = models.BooleanField(
        _("출처 확인"), default=False, help_text=_("영어 용어를 출처와 대조하기 전에는 미확인입니다.")
    )
    source = models.TextField(_("출처"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["technology__order", "order"]
        verbose_name = _("결함 유형")
        verbose_name_plural = _("결함 유형")


class Certification(BilingualNameMixin):
    class Kind(models.TextChoices):
        QUALITY = "quality", _("품질·경영 인증")
        PROCESS = "process", _("특수공정 인증")
        STATUTORY = "statutory", _("법정 확인·지정")
        DESIGNATION = "designation", _("기업 지정")
        CUSTOMER = "customer", _("고객사 인증")
        PRODUCT = "product", _("제품 인증")

    slug = models.SlugField(unique=True)
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    issuer = models.CharField(_("발급 기관"), max_length=200, blank=True)
    validity_years = models.PositiveSmallIntegerField(_("유효 기간(년)"), null=True, blank=True)
    verified = models.BooleanField(_("출처 확인"), default=False)
    source = models.TextField(_("출처"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("인증")
        verbose_name_plural = _("인증")


class Qualification(BilingualNameMixin):
    """A national technical qualification (국가기술자격, Q-Net) of the root technologies, with the names
    it had before: an old name on a certificate or in a posting still resolves (용접기능사 →
    피복아크용접기능사)."""

    class Level(models.TextChoices):
        CRAFTSMAN = "craftsman", _("기능사")
        INDUSTRIAL_ENGINEER = "industrial_engineer", _("산업기사")
        ENGINEER = "engineer", _("기사")
        MASTER_CRAFTSMAN = "master_craftsman", _("기능장")
        PROFESSIONAL_ENGINEER = "professional_engineer", _("기술사")

    slug = models.SlugField(unique=True, max_length=80)
    level = models.CharField(_("등급"), max_length=30, choices=Level.choices)
    technologies = models.ManyToManyField(
        Technology, related_name="qualifications", verbose_name=_("뿌리기술")
    )
    processes = models.ManyToManyField(
        Process, blank=True, related_name="qualifications", verbose_name=_("공정")
    )
    # Each {"name_ko", "name_en"?, "until"? (last day in use, YYYY-MM-DD), "source"}.
    former_names = models.JSONField(_("이전 명칭"), default=list, blank=True)
    ncs = models.JSONField(_("NCS 세분류 코드"), default=list, blank=True)
    # The last day an abolished item was in use (특수용접기능사: 2022-12-31). Its holders keep it; new
    # postings cannot ask for it.
    in_use_until = models.DateField(_("시행 마지막 날"), null=True, blank=True)
    # Ppuri's matching rule, not a legal equivalence: a holder of this item is matched as holding these
    # (the items it was split into), and the reasons say so.
    counts_as = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="counted_from", verbose_name=_("인정 종목")
    )
    verified = models.BooleanField(
        _("출처 확인"), default=False, help_text=_("Q-Net 등 출처와 대조하기 전에는 미확인입니다.")
    )
    source = models.TextField(_("출처"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("국가기술자격")
        verbose_name_plural = _("국가기술자격")

    @property
    def former_names_ko(self) -> list[str]:
        return [former["name_ko"] for former in self.former_names]

    @property
    def abolished(self) -> bool:
        return self.in_use_until is not None and self.in_use_until < timezone.localdate()


class Sector(BilingualNameMixin):
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("수요 산업")
        verbose_name_plural = _("수요 산업")


class Complex(BilingualNameMixin):
    """An industrial complex. name_ko is the official name."""

    slug = models.SlugField(unique=True)
    short_name_ko = models.CharField(max_length=40)
    short_name_en = models.CharField(max_length=40)
    aliases = models.JSONField(_("별칭"), default=list, blank=True)
    district_ko = models.CharField(_("소재지"), max_length=200)
    district_en = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_verified = models.BooleanField(default=False)
    location_note = models.TextField(blank=True)
    established = models.CharField(_("조성"), max_length=200, blank=True)
    main_industries_ko = models.TextField(blank=True)
    main_industries_en = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("산업단지")
        verbose_name_plural = _("산업단지")

    @property
    def short_name(self) -> str:
        return in_reader_language(self.short_name_ko, self.short_name_en)

    @property
    def district(self) -> str:
        return in_reader_language(self.district_ko, self.district_en)

    @property
    def main_industries(self) -> str:
        return in_reader_language(self.main_industries_ko, self.main_industries_en)

    @property
    def aliases_for_reader(self) -> list[str]:
        """The other names people use, those an English reader can read when the reader reads English
        (the Korean ones stay for search)."""
        if reads_english():
            return [alias for alias in self.aliases if not HANGUL.search(alias)]
        return list(self.aliases)


class ComplexFact(models.Model):
    """A dated figure about a complex with its published sources (complexes.toml); how it was read
    stays in that file's comments, never on a page."""

    class Metric(models.TextChoices):
        COMPANIES = "companies", _("입주 기업 수")
        WORKERS = "workers", _("고용 인원")
        AREA_M2 = "area_m2", _("면적")
        OUTPUT_KRW = "output_krw", _("생산액")

    complex = models.ForeignKey(Complex, on_delete=models.CASCADE, related_name="facts")
    metric = models.CharField(max_length=20, choices=Metric.choices)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    as_of = models.CharField(_("기준 시점"), max_length=20)
    note_ko = models.CharField(max_length=300, blank=True)
    note_en = models.CharField(max_length=300, blank=True)
    verified = models.BooleanField(default=True)
    # Each a dict of reference.facts.SOURCE_FIELDS: publisher, title (each in both languages),
    # publication date ("" when the page shows none) and address.
    sources = models.JSONField(_("출처"), default=list, blank=True)

    class Meta:
        ordering = ["complex__order", "metric", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["complex", "metric", "as_of"], name="uniq_complex_fact_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.complex.slug} {self.metric} {self.as_of}"

    @property
    def note(self) -> str:
        return in_reader_language(self.note_ko, self.note_en)

    @property
    def value_display(self) -> str:
        """26.8조 원, 10만 2,791명, 8,034곳 (KRW 26.8 trillion, 102,791 people for an English reader)."""
        return fact_value(metric=self.metric, value=self.value)

    @property
    def source_list(self) -> list[FactSource]:
        return fact_sources(self.sources)


class KsicCode(models.Model):
    """A KSIC code of one revision, with its candidate root technology (❌ until 별표 2 is checked)."""

    class Role(models.TextChoices):
        PROCESS = "process", _("공정")
        EQUIPMENT = "equipment", _("장비")
        CONSUMABLES = "consumables", _("재료")

    code = models.CharField(max_length=5)
    revision = models.PositiveSmallIntegerField(choices=[(10, "KSIC Rev. 10"), (11, "KSIC Rev. 11")])
    name_ko = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    technology = models.ForeignKey(Technology, on_delete=models.PROTECT, related_name="ksic_codes")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PROCESS)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    verified = models.BooleanField(
        _("별표 2 대조 완료"), default=False, help_text=_("시행령 별표 2와 대조하기 전에는 미확인입니다.")
    )
    source = models.TextField(_("출처"))

    class Meta:
        ordering = ["code", "revision"]
        constraints = [models.UniqueConstraint(fields=["code", "revision"], name="uniq_ksic_code_revision")]
        verbose_name = _("KSIC 코드")
        verbose_name_plural = _("KSIC 코드")

    def __str__(self) -> str:
        return f"{self.code} {self.name} (Rev. {self.revision})"

    @property
    def name(self) -> str:
        return in_reader_language(self.name_ko, self.name_en)


class Classified(models.Model):
    """What a technical case or text is about: a root technology, a process, a material and a defect
    type (a challenge of the desk, a knowledge article), each optional."""

    technology = models.ForeignKey(
        Technology,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("뿌리기술"),
    )
    process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("공정")
    )
    material = models.ForeignKey(
        Material, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("소재")
    )
    defect = models.ForeignKey(
        Defect, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("결함 유형")
    )

    class Meta:
        abstract = True
