"""`ppuri reindex`: rebuild the search index from the data, with a progress bar on standard error."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from ppuri.search.services import index_rebuild


class Command(BaseCommand):
    help = "검색 색인을 데이터에서 다시 만듭니다. / Rebuild the search index."

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(doc_type: str, done: int, total: int) -> None:
            width = 30
            filled = width * done // total if total else width
            sys.stderr.write(f"\r{doc_type} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
            sys.stderr.flush()

        counts = index_rebuild(progress=progress)
        sys.stderr.write("\n")
        for doc_type, count in counts.items():
            self.stdout.write(f"{doc_type}: {count:,}")
