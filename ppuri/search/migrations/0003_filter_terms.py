"""Filter terms in the full-text index: type, visibility and facet values (see ppuri.search.tags).

Adds SearchDocument.tag_terms, fills it for the documents already indexed, and rebuilds the engine's
index with the new column: FTS5 gets a fourth column `tags` (weight 0 in bm25), the tsvector gains the
tags at weight D.
"""

import hashlib

from django.db import migrations, models

SQLITE = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, concepts, body, tags,"
    " tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_fts (rowid, title, concepts, body, tags)"
    " SELECT id, title_terms, concept_terms, body_terms, tag_terms FROM search_searchdocument",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, concepts, body, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_fts (rowid, title, concepts, body)"
    " SELECT id, title_terms, concept_terms, body_terms FROM search_searchdocument",
]
TSV = (
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple', title_terms), 'A')"
    " || setweight(to_tsvector('simple', concept_terms), 'A')"
    " || setweight(to_tsvector('simple', body_terms), 'C'){tags}) STORED"
)
POSTGRESQL = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
    TSV.format(tags=" || setweight(to_tsvector('simple', tag_terms), 'D')"),
    "CREATE INDEX search_document_tsv ON search_searchdocument USING GIN (tsv)",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
    TSV.format(tags=""),
    "CREATE INDEX search_document_tsv ON search_searchdocument USING GIN (tsv)",
]


def tag_term(kind: str, value: str) -> str:
    """search.tags.tag_term, frozen here as it was when this migration was written."""
    return "zzf" + hashlib.blake2b(f"{kind}={value}".encode(), digest_size=8).hexdigest()


def fill_tags(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchFacet = apps.get_model("search", "SearchFacet")
    facets: dict[int, dict[str, list[str]]] = {}
    for document_id, facet, value in SearchFacet.objects.values_list("document_id", "facet", "value"):
        facets.setdefault(document_id, {}).setdefault(facet, []).append(value)
    documents = list(SearchDocument.objects.only("id", "doc_type", "object_id", "is_public"))
    for document in documents:
        # The tags as this migration first wrote them (0004 adds the bucket term): type, visibility
        # when private, facet values.
        terms = [tag_term("type", document.doc_type)]
        if not document.is_public:
            terms.append(tag_term("visibility", "private"))
        terms += [
            tag_term(facet, value)
            for facet, values in facets.get(document.id, {}).items()
            for value in dict.fromkeys(values)
        ]
        document.tag_terms = " ".join(terms)
    SearchDocument.objects.bulk_update(documents, ["tag_terms"], batch_size=1000)


def forward(apps, schema_editor):
    fill_tags(apps, schema_editor)
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [
        migrations.AddField(
            model_name="searchdocument", name="tag_terms", field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(forward, backward),
    ]
