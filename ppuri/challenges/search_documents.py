"""Experts (for signed-in users) and public challenges as search documents, registered with the
search app in ChallengesConfig.ready. A confidential challenge is never indexed."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from ppuri.challenges.models import Challenge, Expert
from ppuri.search.analysis import Concept
from ppuri.search.documents import Document, DocumentSource


def expert_document(expert: Expert) -> Document:
    technologies = list(expert.technologies.all())
    processes = list(expert.processes.all())
    materials = list(expert.materials.all())
    defects = list(expert.defects.all())
    body = "\n".join(
        filter(
            None,
            [
                " ".join(filter(None, [expert.organization.name, expert.department, expert.title])),
                " ".join(f"{t.name_ko} {t.name_en}" for t in technologies),
                " ".join(f"{p.name_ko} {p.name_en}" for p in processes),
                " ".join(f"{m.name_ko} {m.name_en}" for m in materials),
                " ".join(f"{d.name_ko} {d.name_en}" for d in defects),
                " ".join(expert.keywords),
                expert.bio,
            ],
        )
    )
    concepts = [Concept("technology", t.slug).term for t in technologies]
    concepts += [Concept("process", p.slug).term for p in processes]
    concepts += [Concept("material", m.slug).term for m in materials]
    return Document(
        doc_type="expert",
        object_id=str(expert.pk),
        title=expert.name,
        body=body,
        url=expert.get_absolute_url(),
        members_only=True,  # profiles are for signed-in users (the profile page asks to log in)
        concepts=concepts,
        facets={
            "technology": [t.slug for t in technologies],
            "process": [p.slug for p in processes],
            "material": [m.slug for m in materials],
        },
        names=[expert.name],
    )


def build_experts(ids: list[str] | None) -> Iterator[Document]:
    # An expert whose account was deleted is anonymised and no longer found (challenges.personal_data).
    experts = (
        Expert.objects.exclude(user__deleted_at__isnull=False)
        .select_related("organization")
        .prefetch_related("technologies", "processes", "materials", "defects")
    )
    if ids is not None:
        experts = experts.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    for expert in experts.order_by("pk").iterator(chunk_size=500):
        yield expert_document(expert)


def challenge_document(challenge: Challenge) -> Document:
    tags = [
        ("technology", challenge.technology),
        ("process", challenge.process),
        ("material", challenge.material),
    ]
    defect = challenge.defect
    return Document(
        doc_type="challenge",
        object_id=str(challenge.pk),
        title=challenge.title,
        body="\n".join(
            filter(None, [challenge.description, f"{defect.name_ko} {defect.name_en}" if defect else ""])
        ),
        url=challenge.get_absolute_url(),
        concepts=[Concept(kind, item.slug).term for kind, item in tags if item is not None],
        facets={kind: [item.slug] for kind, item in tags if item is not None},
    )


def build_challenges(ids: list[str] | None) -> Iterator[Document]:
    public = Challenge.objects.filter(confidentiality=Challenge.Confidentiality.PUBLIC).exclude(
        status=Challenge.Status.WITHDRAWN
    )
    public = public.select_related("technology", "process", "material", "defect")
    if ids is not None:
        public = public.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    for challenge in public.order_by("pk").iterator(chunk_size=500):
        yield challenge_document(challenge)


EXPERTS = DocumentSource(
    doc_type="expert", label=_("전문가"), build=build_experts, count=lambda: Expert.objects.count()
)
CHALLENGES = DocumentSource(
    doc_type="challenge",
    label=_("공개 과제"),
    build=build_challenges,
    count=lambda: Challenge.objects.filter(confidentiality=Challenge.Confidentiality.PUBLIC).count(),
)
