"""The projects area's test data, built through the services: the Namdong regeneration as a small fixed
example whose totals are written out by hand below, and the Seobu free-economic-zone bid (a designation:
milestones and documents, no budget)."""

from datetime import date

from ppuri.programs.models import BudgetLine, Milestone, Project
from ppuri.programs.services import project_progress as progress
from ppuri.programs.services import projects as services
from ppuri.reference.models import Complex

EOK = 100_000_000  # 1억 원

# (sub-project, source, year, approved, revised, contracted, executed)
HAND_LINES = [
    ("parking", "national", 2023, 10 * EOK, None, 8 * EOK, 6 * EOK),
    ("parking", "city", 2023, 5 * EOK, 4 * EOK, 4 * EOK, 3 * EOK),
    ("parking", "national", 2024, 7 * EOK, None, 0, 0),
    ("culture", "kicox", 2024, 20 * EOK, 25 * EOK, 15 * EOK, 12 * EOK),
    ("culture", "city", 2023, 3 * EOK, None, 3 * EOK, 250_000_000),
]
ANNOUNCED = 306 * EOK

SUBPROJECTS = {
    "parking": services.SubProjectInput(
        title="공영주차장 조성", title_en="Public parking lots", category="parking", order=1
    ),
    "culture": services.SubProjectInput(
        title="문화·편의시설 조성",
        title_en="Cultural and convenience facilities",
        category="culture",
        order=2,
    ),
}


def build_namdong(actor, *, slug="namdong-regeneration", public=True, synthetic=True, lines=HAND_LINES):
    """The regeneration with the hand example's lines, two milestones and an output."""
    project = services.project_create(
        actor=actor,
        data=services.ProjectInput(
            slug=slug,
            title="남동산단 재생사업",
            title_en="Namdong complex regeneration",
            summary="주차장, 토지이용 재편, 문화·편의시설을 2024년까지 조성합니다.",
            summary_en="Parking, land-use restructuring and cultural facilities to 2024.",
            complex=Complex.objects.get(slug="namdong"),
            lead_agency="인천광역시, 한국산업단지공단",
            starts_on=date(2020, 1, 1),
            ends_on=date(2024, 12, 31),
            announced_budget=ANNOUNCED,
            synthetic=synthetic,
            public=public,
        ),
    )
    subprojects = {
        key: services.subproject_add(actor=actor, project=project, data=data)
        for key, data in SUBPROJECTS.items()
    }
    for key, source, year, approved, revised, contracted, executed in lines:
        services.budget_line_create(
            actor=actor,
            subproject=subprojects[key],
            source=source,
            year=year,
            approved=approved,
            revised=revised,
            contracted=contracted,
            executed=executed,
        )
    return project


def line(project, subproject_title, source, year) -> BudgetLine:
    return BudgetLine.objects.get(
        subproject__project=project, subproject__title=subproject_title, source=source, year=year
    )


def build_seobu(actor, *, public=True) -> Project:
    """The Seobu FEZ designation bid: application (done), review and decision (pending), with a public
    document on the application and a staff-only one."""
    project = services.project_create(
        actor=actor,
        data=services.ProjectInput(
            slug="seobu-fez",
            kind=Project.Kind.DESIGNATION,
            title="서부산단 경제자유구역 지정 추진",
            title_en="Seobu complex free economic zone designation",
            summary="청라 로봇기업과 협업하고 외국인 투자를 유치하기 위해 경제자유구역 지정을 추진합니다.",
            summary_en="Designation as a free economic zone, for collaboration with Cheongna's robot firms "
            "and foreign investment.",
            complex=Complex.objects.filter(slug="seobu").first(),
            lead_agency="인천경제자유구역청",
            public=public,
        ),
    )
    steps = [
        ("지정 신청", "Application", date(2024, 3, 29)),
        ("산업통상자원부 검토", "Review by the ministry", date(2024, 9, 30)),
        ("지정 결정", "Decision", date(2025, 6, 30)),
    ]
    milestones = [
        progress.milestone_add(
            actor=actor,
            project=project,
            data=progress.MilestoneInput(title=title, title_en=title_en, planned_on=planned, order=i),
        )
        for i, (title, title_en, planned) in enumerate(steps)
    ]
    progress.milestone_record_outcome(
        actor=actor, milestone=milestones[0], outcome=Milestone.Outcome.DONE, actual_on=date(2024, 4, 2)
    )
    progress.document_add(
        actor=actor,
        project=project,
        title="경제자유구역 지정 신청서(요약)",
        url="https://www.ifez.go.kr/",
        dated=date(2024, 4, 2),
        public=True,
        milestone=milestones[0],
    )
    progress.document_add(
        actor=actor,
        project=project,
        title="투자 협의 내부 메모",
        url="https://intranet.example/memo",
        public=False,
    )
    return project
