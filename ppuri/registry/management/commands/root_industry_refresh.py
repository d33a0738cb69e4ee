"""`ppuri root-industry-refresh`: recompute every organization's root-industry mark and reindex those changed.

For after a change of the KSIC mapping (reference/data/ksic.toml, once checked against 별표 2) and after
the upgrade that introduced the mark: the migration marks the rows it finds from their KSIC codes and
capabilities, and this command also reads products texts with the importer's classifier.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ppuri.registry.importing.classify import Vocabulary
from ppuri.registry.models import Organization
from ppuri.registry.root_industry import organizations_root_industry_refresh
from ppuri.search.services import index_refresh

CHUNK = 2_000


class Command(BaseCommand):
    help = (
        "모든 기관·기업의 뿌리산업 표시를 KSIC 업종과 생산품·공정으로 다시 정하고, 바뀐 기업의 검색 색인을 "
        "갱신합니다. / Recompute every organization's root-industry mark and reindex the changed ones."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        vocabulary = Vocabulary.load()
        ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
        changed = 0
        for first in range(0, len(ids), CHUNK):
            chunk = ids[first : first + CHUNK]
            with transaction.atomic():
                before = dict(Organization.objects.filter(pk__in=chunk).values_list("pk", "is_root_industry"))
                marks = organizations_root_industry_refresh(organization_ids=chunk, vocabulary=vocabulary)
                flipped = [pk for pk, mark in marks.items() if before.get(pk) != mark]
                index_refresh(doc_type="company", object_ids=flipped)
            changed += len(flipped)
        root = Organization.objects.filter(is_root_industry=True).count()
        self.stdout.write(
            f"뿌리산업 {root:,}곳, 그 밖 {len(ids) - root:,}곳 (표시가 바뀐 곳 {changed:,}) / "
            f"root industry {root:,}, other {len(ids) - root:,} ({changed:,} changed)"
        )
