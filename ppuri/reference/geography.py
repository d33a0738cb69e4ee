"""The base map of Incheon's complexes, drawn on the server as SVG without a tile server (nothing is
downloaded at run time): the complexes' outlines, shipped as GeoJSON with their source in
`reference/data/complexes.geojson`, one projection from longitude and latitude to the drawing's
pixels, the outlines as SVG paths with where their names go. The dashboards' map fills the outlines by
a measure; the sourcing chain and the registry's company pins are drawn over them.

The outlines are estimates (a rectangle of each complex's published area around its estimated centre,
±1 km, unverified) until the complex boundary dataset is loaded: every map draws them dashed and
says so (`BaseMap.estimated`, `BaseMap.source`).

Pins (`pin_map`): a site drawn where its coordinates put it is a filled pin; a position that is an
estimate (the caller says which: a complex's centre, a demo's placed point) a hollow one, and every
pin's text says "추정 위치" — the shape and the words tell it, not a colour.
"""

import json
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ppuri.core.i18n import in_reader_language
from ppuri.reference.map_labels import Label, place_labels

OUTLINES = Path(__file__).parent / "data" / "complexes.geojson"
KM_PER_DEGREE = 111.0
# Pins far outside the complexes (a second factory in another province) would shrink Incheon to a dot:
# they are listed beside the map instead of drawn. Degrees beyond the outlines' bounds.
PIN_REACH_LON, PIN_REACH_LAT = 0.35, 0.25
PIN_HEAD = 5.5  # radius of a pin's head; its tip is PIN_TIP below the head's centre
PIN_TIP = 11.0


@cache
def outlines() -> dict[str, Any]:
    """The GeoJSON document: a FeatureCollection of polygons, one per complex (`slug`, `estimated`,
    the area's and the centre's sources), with the collection's source in Korean and English."""
    return json.loads(OUTLINES.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def outline_features(slugs: Collection[str] | None = None) -> list[dict[str, Any]]:
    """The outlines' features in the file's order, only those of `slugs` when given."""
    return [f for f in outlines()["features"] if slugs is None or f["properties"]["slug"] in slugs]


def outlines_source() -> str:
    document = outlines()
    return in_reader_language(document["source_ko"], document["source_en"])


def _outer_ring(feature: dict[str, Any]) -> list[tuple[float, float]]:
    return [(lon, lat) for lon, lat in feature["geometry"]["coordinates"][0]]


class Projection:
    """Longitude and latitude to pixels: equirectangular around the points' middle latitude (at a few
    km the error is far below the outlines' own), one scale both ways (a km east is as long as a km
    north), the points fitted into the drawing with its margin and centred; `pad` degrees around
    them."""

    def __init__(
        self, points: Iterable[tuple[float, float]], *, width: int, height: int, margin: int, pad: float = 0.0
    ) -> None:
        points = list(points)
        self.west = min(lon for lon, _lat in points) - pad
        self.east = max(lon for lon, _lat in points) + pad
        self.south = min(lat for _lon, lat in points) - pad
        self.north = max(lat for _lon, lat in points) + pad
        self.squeeze = math.cos(math.radians((self.south + self.north) / 2))
        span_x, span_y = (self.east - self.west) * self.squeeze, self.north - self.south
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        self.offset_x = (width - span_x * self.scale) / 2
        self.offset_y = (height - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.offset_x + (lon - self.west) * self.squeeze * self.scale, 1),
            round(self.offset_y + (self.north - lat) * self.scale, 1),
        )

    @property
    def pixels_per_km(self) -> float:
        return self.scale / KM_PER_DEGREE


@dataclass(frozen=True)
class DrawnOutline:
    slug: str
    path: str  # the outline as an SVG path
    centre_x: float
    centre_y: float
    label_x: float  # a name centred under the outline
    label_y: float
    estimated: bool


def drawn_outline(feature: dict[str, Any], project: Projection) -> DrawnOutline:
    ring = [project(lon, lat) for lon, lat in _outer_ring(feature)]
    xs, ys = [x for x, _y in ring], [y for _x, y in ring]
    return DrawnOutline(
        slug=feature["properties"]["slug"],
        path="M" + " L".join(f"{x},{y}" for x, y in ring) + " Z",
        centre_x=round((min(xs) + max(xs)) / 2, 1),
        centre_y=round((min(ys) + max(ys)) / 2, 1),
        label_x=round((min(xs) + max(xs)) / 2, 1),
        label_y=round(max(ys) + 14, 1),
        estimated=bool(feature["properties"].get("estimated")),
    )


@dataclass(frozen=True)
class NamedOutline:
    outline: DrawnOutline
    label: str  # the complex's name: its tooltip, and its label where there is room


@dataclass(frozen=True)
class BaseMap:
    width: int
    height: int
    project: Projection
    outlines: list[DrawnOutline]
    source: str  # where the outlines come from, in the reader's language
    estimated: bool  # some outline is an estimate: drawn dashed, said under the map
    scale_km: int
    scale_x: float  # the scale bar: 0 to scale_x pixels is scale_km


def base_map(
    *,
    width: int,
    height: int,
    margin: int,
    slugs: Collection[str] | None = None,
    points: Iterable[tuple[float, float]] = (),
    pad: float = 0.0,
    scale_km: int = 2,
) -> BaseMap:
    """The outlines of `slugs` (every complex when None), projected to fit themselves and `points`
    (longitude, latitude) into width × height."""
    features = outline_features(slugs)
    project = Projection(
        [*(point for f in features for point in _outer_ring(f)), *points],
        width=width,
        height=height,
        margin=margin,
        pad=pad,
    )
    return BaseMap(
        width=width,
        height=height,
        project=project,
        outlines=[drawn_outline(f, project) for f in features],
        source=outlines_source(),
        estimated=any(f["properties"].get("estimated") for f in features),
        scale_km=scale_km,
        scale_x=round(scale_km * project.pixels_per_km, 1),
    )


# --- pins ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    """A place to pin. `number` ties it to the list beside the map, which gives its `name` and `place`;
    `label` is what is written beside it on the map (empty: the number alone); `estimated` with `note`
    saying how the position was estimated."""

    longitude: float
    latitude: float
    number: str
    name: str
    estimated: bool
    label: str = ""
    place: str = ""
    note: str = ""
    url: str = ""


@dataclass(frozen=True)
class DrawnPin:
    pin: Pin
    x: float  # the tip, at the place
    y: float
    path: str  # the pin's outline: a head above its tip

    @property
    def head_y(self) -> float:
        return round(self.y - PIN_TIP, 1)


@dataclass
class PinMap:
    base: BaseMap
    map_height: int  # the map's part; a key under it makes `height` more
    height: int
    pins: list[DrawnPin]
    labels: list[Label]
    areas: list[NamedOutline]
    outside: list[Pin] = field(default_factory=list)  # too far away to draw; listed beside the map

    @property
    def any_estimated(self) -> bool:
        return any(p.pin.estimated for p in self.pins) or any(p.estimated for p in self.outside)


def pin_path(x: float, y: float) -> str:
    """A pin whose tip is at (x, y): a round head PIN_TIP above it and two straight sides down to it."""
    r, cy = PIN_HEAD, y - PIN_TIP
    side = round(r * 0.87, 1)
    return (
        f"M{x},{y} L{round(x - side, 1)},{round(cy + r / 2, 1)} "
        f"A{r},{r} 0 1 1 {round(x + side, 1)},{round(cy + r / 2, 1)} Z"
    )


@cache
def _outlines_bounds() -> tuple[float, float, float, float]:
    points = [point for f in outline_features() for point in _outer_ring(f)]
    return (
        min(lon for lon, _lat in points),
        min(lat for _lon, lat in points),
        max(lon for lon, _lat in points),
        max(lat for _lon, lat in points),
    )


def _within_reach(pin: Pin) -> bool:
    west, south, east, north = _outlines_bounds()
    return (
        west - PIN_REACH_LON <= pin.longitude <= east + PIN_REACH_LON
        and south - PIN_REACH_LAT <= pin.latitude <= north + PIN_REACH_LAT
    )


def pin_map(
    pins: Iterable[Pin],
    *,
    complex_names: dict[str, str],
    width: int = 480,
    height: int = 320,
    margin: int = 24,
) -> PinMap:
    """The pins over every complex's outline (named by `complex_names`, slug → name), labelled
    without overlaps (reference.map_labels); pins too far from Incheon's complexes go to `outside`."""
    pins = list(pins)
    near = [pin for pin in pins if _within_reach(pin)]
    base = base_map(
        width=width,
        height=height,
        margin=margin,
        points=[(pin.longitude, pin.latitude) for pin in near],
        pad=0.005,
    )
    areas = [NamedOutline(o, complex_names[o.slug]) for o in base.outlines if o.slug in complex_names]
    drawn = []
    for pin in near:
        x, y = base.project(pin.longitude, pin.latitude)
        drawn.append(DrawnPin(pin=pin, x=x, y=y, path=pin_path(x, y)))
    labels, total = place_labels(
        [(p.x, p.head_y, p.pin.number, p.pin.label) for p in drawn],
        [(a.outline.centre_x, a.outline.centre_y, a.label) for a in areas],
        width=width,
        height=height,
        dot=PIN_HEAD + 2,
    )
    return PinMap(
        base=base,
        map_height=height,
        height=max(total, height),
        pins=drawn,
        labels=labels,
        areas=areas,
        outside=[pin for pin in pins if not _within_reach(pin)],
    )
