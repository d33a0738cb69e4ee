"""A chain drawn on a small map of Incheon's complexes: SVG from coordinates, no tiles (nothing may be
downloaded at run time). Complex positions are estimated centroids (reference data, ±1 km)."""

from dataclasses import dataclass

from ppuri.reference.models import Complex
from ppuri.sourcing.matching import Chain

WIDTH, HEIGHT, MARGIN = 480, 320, 24


@dataclass
class Point:
    x: float
    y: float
    label: str


@dataclass
class ChainMap:
    width: int
    height: int
    complexes: list[Point]
    steps: list[Point]  # numbered in order; a supplier taking consecutive steps appears once per step
    path: str  # SVG polyline points


def chain_map(chain: Chain) -> ChainMap:
    places = [
        (c.latitude, c.longitude, c.short_name) for c in Complex.objects.all() if c.latitude and c.longitude
    ]
    located = [
        (s.candidate.latitude, s.candidate.longitude, f"{n}. {s.candidate.name}")
        for n, s in enumerate(chain.steps, 1)
        if s.candidate.latitude is not None and s.candidate.longitude is not None
    ]
    everything = places + located
    if not everything:
        return ChainMap(WIDTH, HEIGHT, [], [], "")
    south = min(p[0] for p in everything) - 0.01
    north = max(p[0] for p in everything) + 0.01
    west = min(p[1] for p in everything) - 0.01
    east = max(p[1] for p in everything) + 0.01

    def project(latitude: float, longitude: float, label: str) -> Point:
        x = MARGIN + (longitude - west) / (east - west) * (WIDTH - 2 * MARGIN)
        y = MARGIN + (north - latitude) / (north - south) * (HEIGHT - 2 * MARGIN)
        return Point(round(x, 1), round(y, 1), label)

    steps = [project(*p) for p in located]
    return ChainMap(
        width=WIDTH,
        height=HEIGHT,
        complexes=[project(*p) for p in places],
        steps=steps,
        path=" ".join(f"{p.x},{p.y}" for p in steps),
    )
