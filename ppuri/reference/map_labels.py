"""Labels on the server-drawn maps (reference.geography): placed so that none overlaps another or a
point's marker and none leaves the drawing.

Each label tries positions around its point, nearest first (right, above, below, left, the corners,
then nudged along the axis), then further out with a leader line back to the point. A point's label
that finds no room keeps only its number at the point and is written out in a key under the map; an
area's name (a complex's) that finds no room is left to the outline's tooltip. Text widths are
estimated from the characters (a Hangul syllable is about one em wide, Latin about 0.6 em), on the
generous side.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

POINT_FONT, AREA_FONT = 11, 10
PAD = 2.0  # between a label's text and its box
POINT_DOT, AREA_CLEARANCE = 5.0, 14.0  # a point's marker (radius) and the room left around an area's centre
MAX_LABEL_WIDTH = 190.0  # a longer name is shortened with "…" (the text beside the map has it whole)
KEY_ROW = 16.0  # height of a row of the key under the map
KEY_MARGIN = 24.0  # the key's left edge
# Distances from a point at which a label is tried, past its marker; the first is "beside it".
RINGS = (3.0, 12.0, 24.0, 40.0, 60.0, 85.0)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def intersects(self, other: "Box", gap: float = 1.0) -> bool:
        return not (
            self.right + gap <= other.x
            or other.right + gap <= self.x
            or self.bottom + gap <= other.y
            or other.bottom + gap <= self.y
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x >= 0 and self.y >= 0 and self.right <= width and self.bottom <= height


@dataclass
class Label:
    text: str  # as drawn (shortened when too long)
    title: str  # whole
    box: Box
    size: int  # font size
    kind: str  # "point", "area" or "key"
    leader: tuple[float, float, float, float] | None = None  # from the point to the box

    @property
    def text_x(self) -> float:
        return round(self.box.x + PAD, 1)

    @property
    def baseline(self) -> float:
        # The em box sits in the label's box; the baseline about 0.8 em below its top.
        return round(self.box.y + PAD + self.size * 0.85, 1)


def text_width(text: str, size: float) -> float:
    """A generous estimate of the drawn width in a proportional sans-serif (KRDS's Pretendard GOV or
    the system's): full-width characters (Hangul, CJK) one em, capitals 0.75, others less."""
    ems = 0.0
    for char in text:
        if ord(char) >= 0x1100:  # Hangul Jamo onwards: Hangul, CJK, full-width forms
            ems += 1.0
        elif char.isupper():
            ems += 0.75
        elif char.isalnum():
            ems += 0.62
        else:  # spaces, dots, brackets
            ems += 0.4
    return ems * size


def fitted(text: str, size: float, limit: float) -> str:
    """The text, shortened with "…" until its estimated width (with padding) is within `limit`."""
    if text_width(text, size) + 2 * PAD <= limit:
        return text
    while text and text_width(text + "…", size) + 2 * PAD > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def _box_for(text: str, size: int) -> tuple[float, float]:
    return text_width(text, size) + 2 * PAD, size * 1.2 + 2 * PAD


def _candidates(x: float, y: float, w: float, h: float, clearance: float) -> Iterable[tuple[Box, bool]]:
    """Boxes around (x, y), nearest first; True where a leader line should join box and point."""
    for ring_index, ring in enumerate(RINGS):
        d = clearance + ring
        diagonal = d / math.sqrt(2)
        spots = [
            (x + d, y - h / 2),  # right
            (x - w / 2, y - d - h),  # above
            (x - w / 2, y + d),  # below
            (x - d - w, y - h / 2),  # left
            (x + diagonal, y - diagonal - h),  # above right
            (x + diagonal, y + diagonal),  # below right
            (x - diagonal - w, y - diagonal - h),  # above left
            (x - diagonal - w, y + diagonal),  # below left
        ]
        # Above and below, nudged along the axis (a label wider than its neighbours' gap).
        for shift in (0.25, 0.5):
            spots += [
                (x - w / 2 + w * shift, y - d - h),
                (x - w / 2 - w * shift, y - d - h),
                (x - w / 2 + w * shift, y + d),
                (x - w / 2 - w * shift, y + d),
            ]
        for left, top in spots:
            yield Box(round(left, 1), round(top, 1), round(w, 1), round(h, 1)), ring_index >= 2


def _leader(x: float, y: float, box: Box) -> tuple[float, float, float, float]:
    """From the point to the nearest point of the box."""
    near_x = min(max(x, box.x), box.right)
    near_y = min(max(y, box.y), box.bottom)
    return (round(x, 1), round(y, 1), round(near_x, 1), round(near_y, 1))


def _place(
    x: float,
    y: float,
    text: str,
    size: int,
    clearance: float,
    taken: list[Box],
    width: float,
    height: float,
) -> tuple[Box, bool] | None:
    w, h = _box_for(text, size)
    for box, far in _candidates(x, y, w, h, clearance):
        if box.inside(width, height) and not any(box.intersects(other) for other in taken):
            return box, far
    return None


def point_title(number: str, name: str) -> str:
    return f"{number}. {name}" if name else number


def place_labels(
    points: Sequence[tuple[float, float, str, str]],
    areas: Sequence[tuple[float, float, str]],
    *,
    width: float,
    height: float,
    dot: float = POINT_DOT,
) -> tuple[list[Label], int]:
    """Labels for the points (x, y, number, name; an empty name labels the point with its number only)
    and the areas' centres (x, y, name) inside a width × height map, none over another or over a
    point's marker (a square of `dot` around the point). Returns the labels and the drawing's height:
    more than `height` when a key under the map holds names that found no room."""
    markers = [Box(x - dot, y - dot, 2 * dot, 2 * dot) for x, y, _n, _name in points]
    taken = list(markers)
    labels: list[Label] = []
    keyed: list[tuple[float, float, str, str, Label | None]] = []
    for x, y, number, name in points:
        whole = point_title(number, name)
        text = fitted(whole, POINT_FONT, MAX_LABEL_WIDTH)
        spot = _place(x, y, text, POINT_FONT, dot, taken, width, height)
        if spot is None and text != number:  # the number at the point, the name in the key
            text = number
            spot = _place(x, y, text, POINT_FONT, dot, taken, width, height)
        if spot is None:
            keyed.append((x, y, number, name, None))
            continue
        box, far = spot
        taken.append(box)
        label = Label(text, whole, box, POINT_FONT, "point", _leader(x, y, box) if far else None)
        labels.append(label)
        if text == number and name:
            keyed.append((x, y, number, name, label))
    for x, y, name in areas:
        text = fitted(name, AREA_FONT, MAX_LABEL_WIDTH)
        spot = _place(x, y, text, AREA_FONT, AREA_CLEARANCE, taken, width, height)
        if spot is None:
            continue  # the outline's tooltip names it
        box, far = spot
        taken.append(box)
        labels.append(Label(text, name, box, AREA_FONT, "area", _leader(x, y, box) if far else None))
    # The key: one row per name that found no room, below the map, shortened to the drawing's width;
    # below the lowest marker too, as a point on the map's bottom edge draws half its marker beneath it.
    total = max([height, *(marker.bottom for marker in markers)]) if keyed else height
    for x, y, number, name, at_point in keyed:
        whole = point_title(number, name)
        text = fitted(whole, POINT_FONT, width - 2 * KEY_MARGIN)
        w, h = _box_for(text, POINT_FONT)
        box = Box(KEY_MARGIN, round(total + (KEY_ROW - h) / 2 + 2, 1), round(w, 1), round(h, 1))
        total = box.bottom + 2
        # A number placed at its point already ties the row to it; otherwise a line does.
        leader = None if at_point is not None else _leader(x, y, box)
        labels.append(Label(text, whole, box, POINT_FONT, "key", leader))
    return labels, math.ceil(total)
