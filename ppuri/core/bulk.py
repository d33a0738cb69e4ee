"""Insert many rows at once, several times faster than QuerySet.bulk_create.

bulk_create builds a model instance per row and compiles every value through the ORM (placeholders and
get_db_prep_save, row by row): on a national factory import it spent 12 of 36 profiled seconds compiling
INSERTs. insert_rows takes rows as dicts of plain Python values, converts only the columns that need it
(JSON, datetimes) with the backend's own adapters, fills every other column with its field default once,
and writes with COPY on PostgreSQL and one executemany on SQLite. It sends no signals: a caller that
writes free text checks it first (core.privacy), as with bulk_create.

Ids are reserved before the rows are written, so they come back in the rows' order: from the table's
sequence on PostgreSQL; on SQLite past the highest id the table ever gave (sqlite_sequence, so a deleted
row's id is never given again, as AUTOINCREMENT promises), which the caller's transaction — on SQLite
always a write transaction (settings: IMMEDIATE) — keeps anyone else from taking meanwhile.
"""

import queue
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg.abc import Buffer
from psycopg.copy import Copy, Writer

from ppuri.core.page_cache import connection_wrote

type Converter = Callable[[Any], Any]


def insert_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, ids: bool = True
) -> list[int]:
    """Insert rows (field name or attname → value, the same keys in every row) of a model; returns
    their new ids in order (none when `ids` is False, for tables whose ids nobody reads back)."""
    if not rows:
        return []
    _in_transaction()
    new_ids = reserve_ids(model, len(rows)) if ids else []
    _statement(model, rows, new_ids if ids else None).execute()
    return new_ids


def _in_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("insert_rows runs inside the caller's transaction")


@dataclass(slots=True)
class _Insert:
    """One table's rows, ready to write: the statement and each row's values in column order."""

    table: str
    columns: list[str]  # quoted
    values: Iterator[tuple[Any, ...]]

    @property
    def copy(self) -> str:
        return f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"

    def execute(self) -> None:
        """At once, through Django's cursor."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy) as copy:
                    for row in self.values:
                        copy.write_row(row)
                connection_wrote(connection)  # COPY goes past Django's cursor, which tells the page cache
            else:
                placeholders = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({placeholders})"  # noqa: S608
                cursor.executemany(sql, list(self.values))


def _statement(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], ids: Sequence[int] | None
) -> _Insert:
    """The insert of rows with these ids (None: the table's own, for tables whose ids nobody reads)."""
    names = list(dict.fromkeys(name for row in rows[:1] for name in row))
    given = [_field(model, name) for name in names]
    defaults = _defaults(model, exclude={field.name for field in given})
    columns = [str(field.column) for field in given] + [str(column) for column, _value in defaults]
    converters = [_converter(field) for field in given]
    constant = tuple(value for _column, value in defaults)
    if ids is not None:
        columns.insert(0, str(model._meta.pk.column))  # type: ignore[union-attr]

    # The given values as a tuple in C (itemgetter), then the few that need it converted: a national
    # import writes 1.6 million rows.
    getter = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    converting = [(position, convert) for position, convert in enumerate(converters) if convert]

    def values() -> Iterator[tuple[Any, ...]]:
        for index, row in enumerate(rows):
            given = getter(row)
            if converting:
                listed = list(given)
                for position, convert in converting:
                    listed[position] = convert(listed[position])
                given = tuple(listed)
            yield ((ids[index], *given, *constant) if ids is not None else (*given, *constant))

    quote = connection.ops.quote_name
    return _Insert(quote(model._meta.db_table), [quote(column) for column in columns], values())


class WriteBehind:
    """Bulk writes whose database work runs behind the caller, in the order given, inside the caller's
    transaction: a national import formats the next table's rows, and analyses the next companies'
    search documents, while the database writes the last ones (on this 2-core machine the server's
    COPY, tsvector and GIN work is half the import).

        with WriteBehind() as behind:
            ids = behind.reserve(Organization, len(rows))
            behind.insert(Organization, rows, ids=ids)
            behind.execute("INSERT INTO … SELECT …", [ids])

    One thread of its own runs the work on the connection's DB-API connection, so that the connection is
    never used by two threads at once: a query the caller runs through Django meanwhile first waits for
    everything queued (an execute wrapper), and so does leaving the block, which raises the first
    failure. At most `depth` writes wait in the queue, a bound on the memory held.

    PostgreSQL: rows are formatted for COPY by the caller (psycopg's own Copy, writing to memory) and
    sent by the thread. SQLite: rows are written at once once the queue is empty, as sqlite3 takes the
    GIL back for every row of an executemany; whole statements (execute) still run behind, with the GIL
    free for as long as SQLite works on them.
    """

    def __init__(self, *, depth: int = 6) -> None:
        self._jobs: queue.Queue[Callable[[Any], None] | None] = queue.Queue(maxsize=depth)
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._vendor = connection.vendor
        self._waiting = connection.execute_wrapper(self._before_query)

    def __enter__(self) -> "WriteBehind":
        _in_transaction()
        raw = connection.connection
        self._thread = threading.Thread(target=self._work, args=(raw,), name="write-behind", daemon=True)
        self._thread.start()
        self._waiting.__enter__()
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        self._waiting.__exit__(None, None, None)
        if self._failure is None and exc_type is not None:
            self._failure = _Abandoned()  # the caller failed: what is still queued is skipped
        self._jobs.put(None)
        assert self._thread is not None
        self._thread.join()
        if exc_type is None:
            self._raise_failure()

    def reserve(self, model: type[models.Model], count: int) -> list[int]:
        return reserve_ids(model, count) if count else []

    def insert(
        self, model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, ids: Sequence[int] | None
    ) -> None:
        """Rows with ids from reserve() (None: the table's own, for tables whose ids nobody reads)."""
        if not rows:
            return
        statement = _statement(model, rows, ids)
        connection_wrote(connection)
        if self._vendor != "postgresql":
            self.wait()
            statement.execute()
            return
        data = bytearray()
        with Copy(self._formatting_cursor, writer=_Collected(data)) as copy:
            for row in statement.values:
                copy.write_row(row)
        sql = statement.copy
        self._put(lambda cursor: _copy(cursor, sql, data))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A statement in Django's placeholders (%s)."""
        if self._vendor == "sqlite":
            sql = sql.replace("%s", "?")
        self._put(lambda cursor: cursor.execute(sql, params))

    def wait(self) -> None:
        """Until everything queued is written; raises the first failure."""
        self._jobs.join()
        self._raise_failure()

    @cached_property
    def _formatting_cursor(self) -> Any:
        # Used for its adapters only: Copy with a writer of its own sends nothing through it.
        return connection.connection.cursor()

    def _put(self, job: Callable[[Any], None]) -> None:
        self._raise_failure()
        self._jobs.put(job)

    def _work(self, raw: Any) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                if self._failure is None:
                    cursor = raw.cursor()
                    try:
                        job(cursor)
                    finally:
                        cursor.close()
            except BaseException as failure:  # raised again in the caller's thread
                self._failure = failure
            finally:
                self._jobs.task_done()
        self._jobs.task_done()

    def _before_query(self, execute: Callable[..., Any], *args: Any) -> Any:
        self.wait()
        return execute(*args)

    def _raise_failure(self) -> None:
        # Kept, and raised again at every call and at the end: a caller that caught it must not go on
        # to commit what was written before it with the rest skipped.
        if self._failure is not None and not isinstance(self._failure, _Abandoned):
            failure = self._failure
            with connection.wrap_database_errors:  # as Django's own: IntegrityError, not psycopg's
                raise failure


class _Abandoned(Exception):
    """What remains queued after a failure is not written (the transaction is lost anyway)."""


class _Collected(Writer):
    """psycopg's COPY formatting, written to memory rather than sent."""

    def __init__(self, data: bytearray) -> None:
        self.data = data

    def write(self, data: Buffer) -> None:
        self.data += data


def _copy(cursor: Any, sql: str, data: bytes | bytearray) -> None:
    with cursor.copy(sql) as copy:
        copy.write(data)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    pk_column = str(model._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        quote = connection.ops.quote_name
        highest = f"SELECT max({quote(pk_column)}) FROM {quote(table)}"  # noqa: S608
        cursor.execute(
            f"SELECT max(coalesce(({highest}), 0),"  # noqa: S608 - names quoted by the backend
            " coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.concrete, f"{model.__name__}.{name} is no column"
    return field


def _converter(field: models.Field[Any, Any]) -> Converter | None:
    if isinstance(field, models.JSONField):
        adapt_json, encoder = connection.ops.adapt_json_value, field.encoder  # looked up once, not per row
        return lambda value: adapt_json(value, encoder)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    return None


def _defaults(model: type[models.Model], *, exclude: set[str]) -> list[tuple[str | None, Any]]:
    """Every other column with the value a new instance would have: its default, now for the
    auto_now fields; prepared for the database once."""
    now = timezone.now()
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in exclude:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        else:
            value = field.get_default()
        columns.append((field.column, field.get_db_prep_save(value, connection)))
    return columns
