from django.db.models import Prefetch, QuerySet

from ppuri.core.text import clean_spaces
from ppuri.reference.models import Certification, Complex, Material, Process, Sector, Technology


def technology_list() -> QuerySet[Technology]:
    return Technology.objects.prefetch_related(
        Prefetch("processes", queryset=Process.objects.prefetch_related("materials"))
    )


def complex_list() -> QuerySet[Complex]:
    return Complex.objects.prefetch_related("facts")


def material_list() -> QuerySet[Material]:
    return Material.objects.all()


def certification_list() -> QuerySet[Certification]:
    return Certification.objects.all()


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.all()


def complex_resolve(name: str) -> Complex | None:
    """Find a complex by its slug, official name, short name or any alias people use."""
    wanted = clean_spaces(name).replace(" ", "")
    if not wanted:
        return None
    for complex_ in Complex.objects.all():
        names = [complex_.slug, complex_.name_ko, complex_.name_en, complex_.short_name_ko, *complex_.aliases]
        if any(wanted.casefold() == n.replace(" ", "").casefold() for n in names):
            return complex_
    return None
