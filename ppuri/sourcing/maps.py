"""A chain drawn on the base map of Incheon's complexes (reference.geography): the complexes'
estimated outlines, dashed and said to be estimates, under the chain's sites and its path, in the
same projection as every other map; SVG from coordinates, no tiles (nothing may be downloaded at run
time).

Labels are placed by reference.map_labels so that none overlaps another or a site's dot and none
leaves the drawing; a step's label that finds no room keeps only its number at the point and is
written out in a key under the map; a complex's name that finds no room is left to its outline's
tooltip.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ppuri.reference import map_labels
from ppuri.reference.geography import BaseMap, NamedOutline, base_map, outline_features
from ppuri.reference.map_labels import PAD, POINT_DOT, Box, Label, fitted, text_width
from ppuri.reference.models import Complex
from ppuri.sourcing.matching import KM_PENALTY, UNKNOWN_KM, Chain

__all__ = ["PAD", "STEP_DOT", "Box", "Label", "chain_map", "fitted", "place_labels", "text_width"]

WIDTH, MAP_HEIGHT, MARGIN = 480, 320, 24
STEP_DOT = POINT_DOT  # a site's dot (radius)
# Degrees around the outlines and the sites, so a label has room beside a point at the edge.
PAD_DEGREES = 0.01


@dataclass
class Point:
    x: float
    y: float
    label: str  # the whole name (a dot's tooltip)


def place_labels(
    steps: Sequence[tuple[float, float, str, str]],
    complexes: Sequence[tuple[float, float, str]],
    *,
    width: float = WIDTH,
    height: float = MAP_HEIGHT,
) -> tuple[list[Label], int]:
    """The steps' labels (x, y, number, name) and the complexes' names (x, y, name) on the chain's
    map (reference.map_labels.place_labels)."""
    return map_labels.place_labels(steps, complexes, width=width, height=height)


@dataclass
class ChainMap:
    width: int
    height: int
    map_height: int  # the map's part; the key (if any) is drawn below it
    complexes: list[NamedOutline]
    steps: list[Point]  # one per site of the chain, in order (consecutive steps at one site: one)
    path: str  # SVG polyline points
    labels: list[Label] = field(default_factory=list)
    explanation: str = ""
    base: BaseMap | None = None


def chain_map(chain: Chain) -> ChainMap:
    names = {c.slug: c.short_name for c in Complex.objects.all()}
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
    if not sites and not outline_features(names.keys()):
        return ChainMap(WIDTH, MAP_HEIGHT, MAP_HEIGHT, [], [], "", explanation=explanation)
    base = base_map(
        width=WIDTH,
        height=MAP_HEIGHT,
        margin=MARGIN,
        slugs=names.keys(),
        points=[(lon, lat) for lat, lon, _n, _name in sites],
        pad=PAD_DEGREES,
    )
    complexes = [NamedOutline(outline, names[outline.slug]) for outline in base.outlines]
    steps = [
        Point(*base.project(lon, lat), f"{'·'.join(numbers)}. {name}") for lat, lon, numbers, name in sites
    ]
    labels, height = place_labels(
        [
            (p.x, p.y, "·".join(numbers), name)
            for p, (_lat, _lon, numbers, name) in zip(steps, sites, strict=True)
        ],
        [(c.outline.centre_x, c.outline.centre_y, c.label) for c in complexes],
        width=WIDTH,
        height=MAP_HEIGHT,
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
        base=base,
    )


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
