"""The matchmaking day's scheduler: pure and deterministic over plain data, no database.

Pairs are placed greedily in the order given — the service passes accepted requests, then pending ones
(each in request order), then suggested pairs — each at the earliest slot where both sides are free and
a table is free (the first free table in table order). A participant never goes above their cap, counting
the meetings already fixed (kept manual meetings and those with an outcome). Because the order is the
priority, a suggested pair can never take a slot or a seat that a requested pair could have used: every
requested pair has been placed or refused before the first suggested one is looked at.

What cannot be placed comes back with the reason a person reads: a side reached their cap, the two have
no slot in common where both are free, or in every such slot all tables are taken. A pair already booked
(fixed or placed earlier in this run, in either direction) is skipped: one meeting per pair is enough.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Origin(StrEnum):
    REQUESTED = "requested"
    SUGGESTED = "suggested"


class Refusal(StrEnum):
    CAP_REACHED = "cap_reached"
    NO_COMMON_SLOT = "no_common_slot"
    NO_TABLE = "no_table"


@dataclass(frozen=True)
class Pair:
    """Two participants (ids) who should meet; `request` is the MeetingRequest's id for a requested one."""

    first: int
    second: int
    origin: Origin = Origin.REQUESTED
    request: int | None = None
    reason: str = ""

    @property
    def key(self) -> frozenset[int]:
        return frozenset((self.first, self.second))


@dataclass(frozen=True)
class Booking:
    """A meeting that is already there and stays: it holds both seats and the table in its slot."""

    slot: int
    table: int
    first: int
    second: int


@dataclass(frozen=True)
class Placement:
    pair: Pair
    slot: int
    table: int


@dataclass(frozen=True)
class Unplaced:
    pair: Pair
    reason: Refusal
    # For a cap: whose cap (the first side that reached it).
    participant: int | None = None


@dataclass
class Schedule:
    placed: list[Placement] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


@dataclass
class _Board:
    """Who sits where, as the run goes on."""

    caps: dict[int, int]
    busy: dict[int, set[int]]  # participant → slots
    tables_taken: dict[int, set[int]]  # slot → tables
    meetings: dict[int, int]  # participant → meetings so far
    met: set[frozenset[int]]

    def book(self, slot: int, table: int, first: int, second: int) -> None:
        self.busy[first].add(slot)
        self.busy[second].add(slot)
        self.tables_taken.setdefault(slot, set()).add(table)
        self.meetings[first] += 1
        self.meetings[second] += 1
        self.met.add(frozenset((first, second)))


def schedule(
    *,
    participants: dict[int, int],
    slots: Sequence[int],
    tables: Sequence[int],
    pairs: Iterable[Pair],
    fixed: Iterable[Booking] = (),
) -> Schedule:
    """Place `pairs` in order. `participants` maps each id to their cap; `slots` are in time order and
    `tables` in the order they are offered. A pair naming someone outside `participants`, or the same
    person twice, is a caller's mistake (ValueError)."""
    board = _Board(
        caps=dict(participants),
        busy={pk: set() for pk in participants},
        tables_taken={},
        meetings=dict.fromkeys(participants, 0),
        met=set(),
    )
    for booking in fixed:
        _check(participants, booking.first, booking.second)
        board.book(booking.slot, booking.table, booking.first, booking.second)

    result = Schedule()
    for pair in pairs:
        _check(participants, pair.first, pair.second)
        if pair.key in board.met:
            continue
        full = next(
            (pk for pk in (pair.first, pair.second) if board.meetings[pk] >= board.caps[pk]),
            None,
        )
        if full is not None:
            result.unplaced.append(Unplaced(pair=pair, reason=Refusal.CAP_REACHED, participant=full))
            continue
        common_slot_seen = False
        placed = False
        for slot in slots:
            if slot in board.busy[pair.first] or slot in board.busy[pair.second]:
                continue
            common_slot_seen = True
            taken = board.tables_taken.get(slot, set())
            table = next((t for t in tables if t not in taken), None)
            if table is None:
                continue
            board.book(slot, table, pair.first, pair.second)
            result.placed.append(Placement(pair=pair, slot=slot, table=table))
            placed = True
            break
        if not placed:
            reason = Refusal.NO_TABLE if common_slot_seen else Refusal.NO_COMMON_SLOT
            result.unplaced.append(Unplaced(pair=pair, reason=reason))
    return result


def _check(participants: dict[int, int], first: int, second: int) -> None:
    if first == second:
        raise ValueError(f"participant {first} cannot meet themselves")
    for pk in (first, second):
        if pk not in participants:
            raise ValueError(f"participant {pk} is not in the event")
