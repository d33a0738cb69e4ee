"""The full-text index over the analysed terms, in each database's own way (same results on both)."""

from django.db import migrations

SQLITE = [
    # A plain whitespace/Unicode tokenizer: the terms were made by ppuri.search.analysis already.
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, concepts, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts"]

POSTGRESQL = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple', title_terms), 'A')"
    " || setweight(to_tsvector('simple', concept_terms), 'A')"
    " || setweight(to_tsvector('simple', body_terms), 'C')) STORED",
    "CREATE INDEX search_document_tsv ON search_searchdocument USING GIN (tsv)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


def forward(apps, schema_editor):
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
    dependencies = [("search", "0001_search_index")]

    operations = [migrations.RunPython(forward, backward)]
