"""Open postings of public companies as search documents (doc_type "job"), registered with the search
app in TalentConfig.ready. A draft, a closed posting or one of a hidden company is never indexed."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from ppuri.search.analysis import Concept
from ppuri.search.documents import Document, DocumentSource
from ppuri.talent.models import JobPosting
from ppuri.talent.selectors import public_jobs


def job_document(job: JobPosting) -> Document:
    processes = list(job.processes.all())
    qualifications = list(job.required_qualifications.all()) + list(job.preferred_qualifications.all())
    place = job.complex
    body = "\n".join(
        filter(
            None,
            [
                job.company.name,
                job.description,
                f"{job.technology.name_ko} {job.technology.name_en}",
                " ".join(f"{p.name_ko} {p.name_en}" for p in processes),
                " ".join(" ".join([q.name_ko, q.name_en, *q.former_names_ko]) for q in qualifications),
                f"{place.short_name_ko} {place.name_ko} {place.short_name_en}" if place else "",
                job.get_employment_type_display(),
                job.get_shift_display(),
            ],
        )
    )
    concepts = [Concept("technology", job.technology.slug).term]
    concepts += [Concept("process", p.slug).term for p in processes]
    return Document(
        doc_type="job",
        object_id=str(job.pk),
        title=job.title,
        body=body,
        url=job.get_absolute_url(),
        concepts=concepts,
        facets={
            "complex": [place.slug] if place else ["none"],
            "technology": [job.technology.slug],
            "process": sorted(p.slug for p in processes),
        },
        names=[job.company.name],
    )


def build_jobs(ids: list[str] | None) -> Iterator[Document]:
    jobs = public_jobs().select_related("company", "technology", "complex")
    jobs = jobs.prefetch_related("processes", "required_qualifications", "preferred_qualifications")
    if ids is not None:
        jobs = jobs.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    for job in jobs.order_by("pk").iterator(chunk_size=500):
        yield job_document(job)


def jobs_of_companies(company_ids: list[str]) -> list[str]:
    ids = [int(i) for i in company_ids if i.isdigit()]
    return [str(pk) for pk in JobPosting.objects.filter(company_id__in=ids).values_list("pk", flat=True)]


JOBS = DocumentSource(
    doc_type="job",
    label=_("채용 공고"),
    build=build_jobs,
    count=lambda: public_jobs().count(),
    # A posting carries its company's name, and goes when the company is hidden.
    follows={"company": jobs_of_companies},
)
