"""Buckets: every document in one of 64 by a hash of its type and id (search.tags.bucket_of), as a
column and as a tag term. A query matching too many documents to rank them all is ranked within its
first few buckets (search.selectors._Match): on PostgreSQL a GIN index over (bucket, tsv) — btree_gin,
a trusted extension that ships with PostgreSQL — finds that sample without visiting every match.
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
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS search_document_tsv",
    "CREATE INDEX search_document_bucket_tsv ON search_searchdocument USING GIN (bucket, tsv)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_bucket_tsv",
    "CREATE INDEX IF NOT EXISTS search_document_tsv ON search_searchdocument USING GIN (tsv)",
]


# search.tags as it was when this migration was written.
def bucket_of(doc_type: str, object_id: str) -> int:
    digest = hashlib.blake2b(f"{doc_type}:{object_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest) % 64


def bucket_term(bucket: int) -> str:
    return "zzf" + hashlib.blake2b(f"bucket={bucket}".encode(), digest_size=8).hexdigest()


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, doc_type, object_id, tag_terms FROM search_searchdocument")
        rows = cursor.fetchall()
        changes = []
        for pk, doc_type, object_id, tags in rows:
            bucket = bucket_of(doc_type, object_id)
            term = bucket_term(bucket)
            changes.append((bucket, tags if term in tags.split() else f"{tags} {term}".strip(), pk))
        cursor.executemany("UPDATE search_searchdocument SET bucket = %s, tag_terms = %s WHERE id = %s", changes)
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_filter_terms")]

    operations = [
        migrations.AddField(
            model_name="searchdocument", name="bucket", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.RunPython(forward, backward),
    ]
