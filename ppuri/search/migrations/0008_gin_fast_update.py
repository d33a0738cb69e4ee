"""PostgreSQL: the GIN index of each search_tsv partition takes new entries into its pending list again
(fast update), so that a national import can write 195,000 tsvectors there and merge them into the index
at once (search.services.NewDocumentsIndexer): 8 s instead of 18 s, one entry at a time.

Migration 0005 turned fast update off because every query of a partition scans its pending list, up to
gin_pending_list_limit (4 MB by default) until the next vacuum. The pending list now stays small without
it: every Ppuri connection sets gin_pending_list_limit to 64 kB (settings.DATABASES), so an ordinary
write merges the list once it passes that, and the import empties the lists it filled before it commits.
The setting can only be changed on each partition's index, not on the partitioned one.
"""

from django.db import migrations

PARTITION_INDEXES = (
    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
    " WHERE i.inhparent = 'search_tsv_gin'::regclass ORDER BY c.relname"
)


def fast_update(enabled: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(PARTITION_INDEXES)
            names = [name for (name,) in cursor.fetchall()]
        value = "on" if enabled else "off"
        for name in names:
            schema_editor.execute(f'ALTER INDEX "{name}" SET (fastupdate = {value})')

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_name_parts")]

    operations = [migrations.RunPython(fast_update(True), fast_update(False))]
