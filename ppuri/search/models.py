"""The search index: one row per searchable thing (company, and later experts, articles, jobs …).

The analysed terms are stored as text; the full-text index over them is SQLite FTS5 (table search_fts,
created by the migration on SQLite) or a weighted tsvector with a GIN index (PostgreSQL). The search
app knows no domain app: each app hands it documents (search.documents).
"""

from django.db import models


class SearchDocument(models.Model):
    doc_type = models.CharField(max_length=30)
    object_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)  # the text shown in snippets
    url = models.CharField(max_length=300)
    is_public = models.BooleanField(default=True)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    concept_terms = models.TextField(blank=True)
    # The parts of the thing's names (search.analysis.name_parts), so part of a name finds it: the
    # starts of its names, and all their parts (ranked lower).
    name_terms = models.TextField(blank=True)
    name_part_terms = models.TextField(blank=True)
    # Type, visibility and facet values as index terms, so filters run inside the engine (search.tags).
    tag_terms = models.TextField(blank=True)
    bucket = models.PositiveSmallIntegerField(default=0)  # search.tags.bucket_of; sampling of huge matches
    boost = models.FloatField(default=1.0)
    analyzer_version = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"], name="uniq_search_document")]
        indexes = [models.Index(fields=["doc_type", "is_public"])]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title}"


class SearchFacet(models.Model):
    """One facet value of a document (complex=namdong, technology=casting, …), for filters and counts."""

    # No foreign key in the database: a national import writes 535,000 facet values, whose checks took
    # 2.5 s of its commit. Only search.services writes them, always after their document, and Django
    # deletes them with it (on_delete runs in Python either way). No index of its own either:
    # uniq_search_facet_value begins with it.
    document = models.ForeignKey(
        SearchDocument,
        on_delete=models.CASCADE,
        related_name="facet_values",
        db_constraint=False,
        db_index=False,
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "facet", "value"], name="uniq_search_facet_value")
        ]
        indexes = [models.Index(fields=["facet", "value", "document"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"
