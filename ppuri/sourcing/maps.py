"""A chain drawn on a small map of Incheon's complexes: SVG from coordinates, no tiles (nothing may be
downloaded at run time). Complex positions are estimated centroids (reference data, ±1 km).

Labels are placed so that none overlaps another or a site's dot and none leaves the drawing: each
label tries positions around its point, nearest first (right, above, below, left, the corners, then
nudged along the axis), then further out with a leader line back to the point. A step's label that
finds no room keeps only its number at the point and is written out in a key under the map; a
complex's name that finds no room is left to the circle's tooltip. Text widths are estimated from
the characters (a Hangul syllable is about one em wide, Latin about 0.6 em), on the generous side.
"""

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ppuri.reference.models import Complex
from ppuri.sourcing.matching import KM_PENALTY, UNKNOWN_KM, Chain

WIDTH, MAP_HEIGHT, MARGIN = 480, 320, 24
STEP_FONT, COMPLEX_FONT = 11, 10
PAD = 2.0  # between a label's text and its box
STEP_DOT, COMPLEX_RING = 5.0, 14.0  # radii
MAX_LABEL_WIDTH = 190.0  # a longer name is shortened with "…" (the list above the map has it whole)
KEY_ROW = 16.0  # height of a row of the key under the map
# Distances from a point at which a label is tried, past its dot; the first is "beside it".
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
class Point:
    x: float
    y: float
    label: str  # the whole name (a circle's or dot's tooltip)


@dataclass
class Label:
    text: str  # as drawn (shortened when too long)
    title: str  # whole
    box: Box
    size: int  # font size
    kind: str  # "step", "complex" or "key"
    leader: tuple[float, float, float, float] | None = None  # from the point to the box

    @property
    def text_x(self) -> float:
        return round(self.box.x + PAD, 1)

    @property
    def baseline(self) -> float:
        # The em box sits in the label's box; the baseline about 0.8 em below its top.
        return round(self.box.y + PAD + self.size * 0.85, 1)


@dataclass
class ChainMap:
    width: int
    height: int
    map_height: int  # the map's part; the key (if any) is drawn below it
    complexes: list[Point]
    steps: list[Point]  # one per site of the chain, in order (consecutive steps at one site: one)
    path: str  # SVG polyline points
    labels: list[Label] = field(default_factory=list)
    explanation: str = ""


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


def place_labels(
    steps: Sequence[tuple[float, float, str, str]],
    complexes: Sequence[tuple[float, float, str]],
    *,
    width: float = WIDTH,
    height: float = MAP_HEIGHT,
) -> tuple[list[Label], int]:
    """Labels for the steps' points (x, y, number, name) and the complexes' (x, y, name) inside a
    width × height map, none over another or over a step's dot. Returns the labels and the drawing's
    height: more than `height` when a key under the map holds names that found no room."""
    dots = [Box(x - STEP_DOT, y - STEP_DOT, 2 * STEP_DOT, 2 * STEP_DOT) for x, y, _n, _name in steps]
    taken = list(dots)
    labels: list[Label] = []
    keyed: list[tuple[float, float, str, str, Label | None]] = []
    for x, y, number, name in steps:
        whole = f"{number}. {name}"
        text = fitted(whole, STEP_FONT, MAX_LABEL_WIDTH)
        spot = _place(x, y, text, STEP_FONT, STEP_DOT, taken, width, height)
        short = None
        if spot is None:  # the number at the point, the name in the key
            text = number
            spot = _place(x, y, text, STEP_FONT, STEP_DOT, taken, width, height)
            if spot is None:
                keyed.append((x, y, number, name, None))
                continue
        box, far = spot
        taken.append(box)
        label = Label(text, whole, box, STEP_FONT, "step", _leader(x, y, box) if far else None)
        labels.append(label)
        if text == number:
            short = label
            keyed.append((x, y, number, name, short))
    for x, y, name in complexes:
        text = fitted(name, COMPLEX_FONT, MAX_LABEL_WIDTH)
        spot = _place(x, y, text, COMPLEX_FONT, COMPLEX_RING, taken, width, height)
        if spot is None:
            continue  # the circle's tooltip names it
        box, far = spot
        taken.append(box)
        labels.append(Label(text, name, box, COMPLEX_FONT, "complex", _leader(x, y, box) if far else None))
    # The key: one row per name that found no room, below the map, shortened to the drawing's width;
    # below the lowest dot too, as a point on the map's bottom edge draws half its dot beneath it.
    total = max([height, *(dot.bottom for dot in dots)]) if keyed else height
    for x, y, number, name, at_point in keyed:
        whole = f"{number}. {name}"
        text = fitted(whole, STEP_FONT, width - 2 * MARGIN)
        w, h = _box_for(text, STEP_FONT)
        box = Box(MARGIN, round(total + (KEY_ROW - h) / 2 + 2, 1), round(w, 1), round(h, 1))
        total = box.bottom + 2
        # A number placed at its point already ties the row to it; otherwise a line does.
        leader = None if at_point is not None else _leader(x, y, box)
        labels.append(Label(text, whole, box, STEP_FONT, "key", leader))
    return labels, math.ceil(total)


def chain_map(chain: Chain) -> ChainMap:
    places = [
        (c.latitude, c.longitude, c.short_name) for c in Complex.objects.all() if c.latitude and c.longitude
    ]
    # One point per site; consecutive steps at one site share it ("1·2. 세광주조").
    sites: list[tuple[float, float, list[str], str]] = []
    for n, s in enumerate(chain.steps, 1):
        if s.candidate.latitude is None or s.candidate.longitude is None:
            continue
        here = (s.candidate.latitude, s.candidate.longitude, s.candidate.display_name)
        if sites and sites[-1][0:2] == here[0:2] and sites[-1][3] == here[2]:
            sites[-1][2].append(str(n))
        else:
            sites.append((here[0], here[1], [str(n)], here[2]))
    explanation = chain_explanation(chain)
    everything = [(lat, lon) for lat, lon, _name in places] + [(lat, lon) for lat, lon, _n, _name in sites]
    if not everything:
        return ChainMap(WIDTH, MAP_HEIGHT, MAP_HEIGHT, [], [], "", explanation=explanation)
    project = _projection(everything)
    complexes = [Point(*project(lat, lon), name) for lat, lon, name in places]
    steps = [Point(*project(lat, lon), f"{'·'.join(numbers)}. {name}") for lat, lon, numbers, name in sites]
    labels, height = place_labels(
        [
            (p.x, p.y, "·".join(numbers), name)
            for p, (_lat, _lon, numbers, name) in zip(steps, sites, strict=True)
        ],
        [(p.x, p.y, p.label) for p in complexes],
    )
    return ChainMap(
        width=WIDTH,
        height=height,
        map_height=MAP_HEIGHT,
        complexes=complexes,
        steps=steps,
        path=" ".join(f"{p.x},{p.y}" for p in steps),
        labels=labels,
        explanation=explanation,
    )


def _projection(points: list[tuple[float, float]]) -> Callable[[float, float], tuple[float, float]]:
    """Latitude and longitude to the map's x and y at one scale both ways (a km east is as long as a
    km north), the points centred with a margin."""
    south = min(lat for lat, _lon in points) - 0.01
    north = max(lat for lat, _lon in points) + 0.01
    west = min(lon for _lat, lon in points) - 0.01
    east = max(lon for _lat, lon in points) + 0.01
    squeeze = math.cos(math.radians((south + north) / 2))  # a degree east is shorter than one north
    span_x, span_y = (east - west) * squeeze, north - south
    scale = min((WIDTH - 2 * MARGIN) / span_x, (MAP_HEIGHT - 2 * MARGIN) / span_y)
    left = (WIDTH - span_x * scale) / 2
    top = (MAP_HEIGHT - span_y * scale) / 2

    def project(latitude: float, longitude: float) -> tuple[float, float]:
        x = left + (longitude - west) * squeeze * scale
        y = top + (north - latitude) * scale
        return round(x, 1), round(y, 1)

    return project


def chain_explanation(chain: Chain) -> str:
    """Why the chain scores what it does, in words: who does which steps, how far the part travels
    between the sites and what that costs, and the sum."""
    runs: list[tuple[int, str, list[str]]] = []  # consecutive steps at one supplier
    for step in chain.steps:
        candidate = step.candidate
        if runs and runs[-1][0] == candidate.organization_id:
            runs[-1][2].append(str(step.process))
        else:
            runs.append((candidate.organization_id, candidate.display_name, [str(step.process)]))
    suppliers = {organization for organization, _name, _processes in runs}
    fit = sum(step.candidate.score for step in chain.steps)
    sentences = []
    unplaced = any(s.candidate.latitude is None or s.candidate.longitude is None for s in chain.steps)
    if len(suppliers) == 1:
        sentences.append(
            _("한 곳(%(supplier)s)에서 %(processes)s 공정을 모두 합니다.")
            % {"supplier": runs[0][1], "processes": "·".join(runs[0][2])}
        )
    else:
        sentences.append(
            _("공급기업 %(suppliers)d곳이 공정 %(count)d개를 나눠 맡습니다.")
            % {"suppliers": len(suppliers), "count": len(chain.steps)}
        )
        for _organization, name, processes in runs:
            if len(processes) > 1:
                sentences.append(
                    _("%(supplier)s에서 %(processes)s 공정을 이어서 합니다.")
                    % {"supplier": name, "processes": "·".join(processes)}
                )
    if chain.total_distance_km or len(suppliers) > 1:
        sentences.append(
            _("공장 사이 거리 합계 %(km)s km, km당 %(per_km)s점을 뺍니다.")
            % {"km": f"{chain.total_distance_km:g}", "per_km": f"{KM_PENALTY:g}"}
        )
    if unplaced and len(suppliers) > 1:
        sentences.append(
            _("위치를 모르는 공장은 지도에 없고, 다른 공장까지의 거리는 %(km)d km로 셌습니다.")
            % {"km": UNKNOWN_KM}
        )
    shown_fit, shown_score = round(fit, 2), round(chain.score, 2)
    sentences.append(
        _("점수 %(score).2f = 공정별 적합도 합계 %(fit).2f − 거리 감점 %(penalty).2f.")
        % {"score": shown_score, "fit": shown_fit, "penalty": round(shown_fit - shown_score, 2) + 0.0}
    )
    return " ".join(sentences)
