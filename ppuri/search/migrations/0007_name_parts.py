"""Name parts: each document's names also as their parts (search.analysis.name_parts), so 한결 or
알루미늄주조 finds 한결알루미늄주조 — the starts of its names (name_terms) and all their parts
(name_part_terms), ranked lower. The parts are derived here from the whole-name terms ("zzn…") the
documents already carry. SQLite's FTS5 table is rebuilt with two more columns, `names` and `parts`;
PostgreSQL's tsvectors of named documents are rewritten with the starts at weight A and all the parts at
weight B. Newly indexed documents get them from search.services.index_documents.
"""

from django.db import migrations, models

CHUNK = 5_000
# Frozen here as they were when this migration was written (search.analysis, search.services).
NAME_TERM_PREFIX = "zzn"
NAME_START_PREFIX = "zzb"
NAME_PART_PREFIX = "zzs"
NAME_PART_MIN = 2
NAME_PART_MAX = 12
TSV = (
    "setweight(to_tsvector('simple', d.title_terms), 'A')"
    " || setweight(to_tsvector('simple', d.concept_terms), 'A')"
    " || setweight(to_tsvector('simple', d.body_terms), 'C')"
    " || setweight(to_tsvector('simple', d.tag_terms), 'D')"
)
TSV_WITH_NAMES = (
    f"{TSV} || setweight(to_tsvector('simple', d.name_terms), 'A')"
    " || setweight(to_tsvector('simple', d.name_part_terms), 'B')"
)
NAMED = "FROM search_searchdocument d WHERE d.id = t.id AND d.bucket = t.bucket AND d.name_terms <> ''"

SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, concepts, body, tags, names, parts,"
    " tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_fts (rowid, title, concepts, body, tags, names, parts) SELECT id, title_terms,"
    " concept_terms, body_terms, tag_terms, name_terms, name_part_terms FROM search_searchdocument",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, concepts, body, tags,"
    " tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_fts (rowid, title, concepts, body, tags)"
    " SELECT id, title_terms, concept_terms, body_terms, tag_terms FROM search_searchdocument",
]
# Fixed strings of this module, no outside value.
POSTGRESQL_FORWARD = [f"UPDATE search_tsv t SET tsv = {TSV_WITH_NAMES} {NAMED}", "ANALYZE search_tsv"]  # noqa: S608
POSTGRESQL_BACKWARD = [f"UPDATE search_tsv t SET tsv = {TSV} {NAMED}"]  # noqa: S608


def name_parts(key: str) -> tuple[list[str], list[str]]:
    starts: list[str] = []
    parts: list[str] = []
    for start in range(len(key) - NAME_PART_MIN + 1):
        if start and key[start].isascii() and key[start - 1].isascii():
            continue
        for end in range(start + NAME_PART_MIN, min(len(key), start + NAME_PART_MAX) + 1):
            if start or not key.isascii():
                parts.append(NAME_PART_PREFIX + key[start:end])
            if not start:
                starts.append(NAME_START_PREFIX + key[start:end])
    return starts, parts


def name_terms(title_terms: str) -> tuple[str, str]:
    starts: dict[str, None] = {}
    parts: dict[str, None] = {}
    for term in title_terms.split():
        if term.startswith(NAME_TERM_PREFIX):
            key = "".join(ch for ch in term[len(NAME_TERM_PREFIX) :] if ch.isalnum())
            name_starts, name_others = name_parts(key)
            starts.update(dict.fromkeys(name_starts))
            parts.update(dict.fromkeys(name_others))
    return " ".join(starts), " ".join(parts)


def forward(apps, schema_editor):
    connection = schema_editor.connection
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, title_terms FROM search_searchdocument WHERE id > %s ORDER BY id LIMIT %s",
                [last, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            updates = [(*terms, pk) for pk, title in rows if (terms := name_terms(title))[0]]
            if updates:
                cursor.executemany(
                    "UPDATE search_searchdocument SET name_terms = %s, name_part_terms = %s WHERE id = %s",
                    updates,
                )
            last = rows[-1][0]
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sample_terms")]

    operations = [
        migrations.AddField(
            model_name="searchdocument", name="name_terms", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="searchdocument", name="name_part_terms", field=models.TextField(blank=True)
        ),
        migrations.RunPython(forward, backward),
    ]
