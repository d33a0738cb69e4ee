import json
import logging
import threading
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Model
from django.db.models.expressions import RawSQL

logger = logging.getLogger(__name__)


def planner_statistics_refresh(
    *, models: Iterable[type[Model]] = (), postgresql_tables: Iterable[str] = (), beside: bool = False
) -> None:
    """Run ANALYZE after a bulk load (demo data, imports), once the rows are committed: of these
    models' tables (and tables of PostgreSQL's own, search_tsv), or of the whole database when no
    model is named. `beside`: on PostgreSQL, in a thread of its own on its own connection, while the
    caller goes on (a national import writes its report meanwhile: 2.5 s of ANALYZE off its time);
    the process waits for it before it exits.

    PostgreSQL plans the directory's facet subqueries badly without statistics (measured: 725 ms before,
    40 ms after ANALYZE on the demo data); autovacuum would get there, but only minutes later.
    """
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    if tables and connection.vendor == "postgresql":
        tables += [connection.ops.quote_name(table) for table in postgresql_tables]

    def analyze() -> None:
        with connection.cursor() as cursor:
            if tables and connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {', '.join(tables)}")  # names quoted by the backend
            else:
                for table in tables or [""]:
                    cursor.execute(f"ANALYZE {table}".strip())  # SQLite: one table at a time

    def analyze_beside() -> None:
        def run() -> None:
            try:
                analyze()  # `connection` is this thread's own
            except Exception:
                logger.warning("ANALYZE after a bulk load failed", exc_info=True)
            finally:
                connection.close()

        threading.Thread(target=run, name="planner-statistics").start()

    # Robust: statistics are a nicety, and the rows are committed by then whatever ANALYZE answers (on
    # SQLite it needs the write lock, which another import may hold).
    background = beside and tables and connection.vendor == "postgresql"
    transaction.on_commit(analyze_beside if background else analyze, robust=True)


# One number for every writer that must not run beside another import (pg_advisory_xact_lock's key).
_REGISTRY_WRITE_LOCK = 0x70707572  # "ppur"


def registry_write_lock() -> None:
    """Serialize imports and review decisions until the current transaction ends.

    PostgreSQL: a transaction-level advisory lock, so a second import waits for the first instead of
    reading the registry before the first has written it. SQLite: its transactions are IMMEDIATE
    (settings), which already lets one writer in at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REGISTRY_WRITE_LOCK])


def id_list(ids: Iterable[int]) -> RawSQL:
    """A set of ids for `field__in=`, as one parameter: a JSON array that SQLite unpacks with json_each,
    an array that PostgreSQL unnests. Thousands of ids as thousands of placeholders cost more to build
    and parse than the query's own work, and SQLite caps their number; a subquery repeated in several
    reads is evaluated again in each."""
    values = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        # As an array literal: psycopg's array adaptation costs more, value by value, for thousands.
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, values)) + "}"])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
