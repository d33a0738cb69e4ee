"""PostgreSQL: the tsvector moves from the document table to `search_tsv` (id, bucket, tsv), a table
partitioned by bucket — one partition per bucket, each with its own GIN index.

Why: a query matching a large share of a million documents is ranked within its first buckets
(search.selectors._Match). With the tsvector in the wide document table those ~10,000 rows lay on
~10,000 different pages among 2.5 GB, and ts_rank read each page; the bucket's GIN entries were
intersected with the word's whole posting list. In a partition per bucket the sample's rows are few,
narrow and together (a partition holds 1/64 of the index), its word posting lists 1/64 as long, and a
partition that a query does not reach is pruned. The partitions need no upkeep: a row's bucket is fixed
by its type and id. SQLite's FTS5 table is a side table already and keeps its bucket terms.
"""

from django.db import migrations


BUCKETS = 64  # search.tags.BUCKETS when this migration was written

TSV = (
    "setweight(to_tsvector('simple', title_terms), 'A')"
    " || setweight(to_tsvector('simple', concept_terms), 'A')"
    " || setweight(to_tsvector('simple', body_terms), 'C')"
    " || setweight(to_tsvector('simple', tag_terms), 'D')"
)

FORWARD = [
    "CREATE TABLE search_tsv (id bigint NOT NULL, bucket smallint NOT NULL, tsv tsvector NOT NULL,"
    " PRIMARY KEY (bucket, id)) PARTITION BY RANGE (bucket)",
    *(
        f"CREATE TABLE search_tsv_{bucket:02d} PARTITION OF search_tsv"
        f" FOR VALUES FROM ({bucket}) TO ({bucket + 1})"
        for bucket in range(BUCKETS)
    ),
    f"INSERT INTO search_tsv (id, bucket, tsv) SELECT id, bucket, {TSV} FROM search_searchdocument",
    # Without fast update: new entries go straight into the index instead of a pending list that
    # every query of the partition scans until the next vacuum (up to 4 MB per partition).
    "CREATE INDEX search_tsv_gin ON search_tsv USING GIN (tsv) WITH (fastupdate = off)",
    "DROP INDEX IF EXISTS search_document_bucket_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
    "ANALYZE search_tsv",
]
BACKWARD = [
    f"ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({TSV}) STORED",
    "CREATE INDEX search_document_bucket_tsv ON search_searchdocument USING GIN (bucket, tsv)",
    "DROP TABLE search_tsv",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_buckets")]

    operations = [migrations.RunPython(forward, backward)]
