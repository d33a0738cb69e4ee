"""Sample terms: a document's bucket term gives way to one term per sample size above its bucket
(search.tags.SAMPLE_SIZES), so SQLite finds a sample of the first n buckets through one term. Rewrites
the stored tag terms and rebuilds the FTS5 table. PostgreSQL samples by its bucket partitions and
never queries these terms: its tsvectors keep the old bucket term until a document is next indexed.
"""

import hashlib

from django.db import migrations

# Frozen here as they were when this migration was written (search.tags).
BUCKETS = 64
SAMPLE_SIZES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48)
CHUNK = 5_000
SQLITE = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, concepts, body, tags,"
    " tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_fts (rowid, title, concepts, body, tags)"
    " SELECT id, title_terms, concept_terms, body_terms, tag_terms FROM search_searchdocument",
]


def tag_term(kind: str, value: str) -> str:
    return "zzf" + hashlib.blake2b(f"{kind}={value}".encode(), digest_size=8).hexdigest()


def rewrite(tags: str, bucket: int, *, to_samples: bool) -> str:
    samples = [tag_term("sample", str(size)) for size in SAMPLE_SIZES if bucket < size]
    terms = [t for t in tags.split() if t != tag_term("bucket", str(bucket)) and t not in samples]
    return " ".join([*terms, *samples] if to_samples else [*terms, tag_term("bucket", str(bucket))])


def migrate(apps, schema_editor, *, to_samples: bool):
    connection = schema_editor.connection
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, bucket, tag_terms FROM search_searchdocument WHERE id > %s ORDER BY id LIMIT %s",
                [last, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            cursor.executemany(
                "UPDATE search_searchdocument SET tag_terms = %s WHERE id = %s",
                [(rewrite(tags, bucket, to_samples=to_samples), pk) for pk, bucket, tags in rows],
            )
            last = rows[-1][0]
    if connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def forward(apps, schema_editor):
    migrate(apps, schema_editor, to_samples=True)


def backward(apps, schema_editor):
    migrate(apps, schema_editor, to_samples=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_partitioned_tsvector")]

    operations = [migrations.RunPython(forward, backward)]
