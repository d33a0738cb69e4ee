"""The chain's drawing: no label over another or over a site's dot, every label inside the drawing,
however close the sites and however long their names; and the chain's score said in words."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppuri.reference.models import Material, Process
from ppuri.sourcing import maps, services
from ppuri.sourcing.matching import Candidate, Chain, ChainStep
from tests.conftest import client_for

LONG = "인천남동인더스파크정밀열처리주식회사제이공장"
NAMDONG = (37.405, 126.700)


def assert_clean(labels: list[maps.Label], steps, width: float, height: float) -> None:
    """The invariants: inside the drawing, apart from each other and off every step's dot."""
    dots = [
        maps.Box(x - maps.STEP_DOT, y - maps.STEP_DOT, 2 * maps.STEP_DOT, 2 * maps.STEP_DOT)
        for x, y, *_ in steps
    ]
    for i, label in enumerate(labels):
        assert label.box.inside(width, height), (label.text, label.box, width, height)
        assert maps.text_width(label.text, label.size) + 2 * maps.PAD <= label.box.width + 0.1
        for other in labels[i + 1 :]:
            assert not label.box.intersects(other.box, gap=0), (label.text, other.text)
        for dot in dots:
            assert not label.box.intersects(dot, gap=0), (label.text, dot)


def test_labels_of_sites_a_few_metres_apart_with_long_names_neither_overlap_nor_leave_the_map():
    steps = [(240.0 + i * 0.4, 160.0 + i * 0.3, str(i + 1), f"{LONG}{i}") for i in range(6)]
    complexes = [(241.0, 161.0, "남동산단"), (250.0, 150.0, "남동국가산업단지 확장구역")]
    labels, height = maps.place_labels(steps, complexes)
    assert_clean(labels, steps, maps.WIDTH, height)
    placed = [label for label in labels if label.kind in ("point", "key")]
    # Every step is named somewhere, whole in the title, shortened where drawn.
    for _x, _y, number, name in steps:
        assert any(label.title == f"{number}. {name}" for label in placed)
    assert all(label.text.endswith("…") for label in placed if label.kind == "point" and len(label.text) > 3)


def test_sites_at_the_edges_keep_their_labels_inside():
    corners = [(0.0, 0.0), (480.0, 0.0), (0.0, 320.0), (480.0, 320.0), (479.0, 160.0), (1.0, 160.0)]
    steps = [(x, y, str(i + 1), "세광주조(주) 남동공장") for i, (x, y) in enumerate(corners)]
    labels, height = maps.place_labels(steps, [])
    assert_clean(labels, steps, maps.WIDTH, height)
    assert height == maps.MAP_HEIGHT  # all found room on the map


def test_names_that_find_no_room_go_to_a_key_below_the_map():
    steps = [(240.0, 160.0, str(i + 1), f"{LONG}{i}") for i in range(60)]
    labels, height = maps.place_labels(steps, [])
    assert_clean(labels, steps, maps.WIDTH, height)
    key = [label for label in labels if label.kind == "key"]
    assert key and height > maps.MAP_HEIGHT
    assert all(label.box.y >= maps.MAP_HEIGHT for label in key)
    named = {label.title for label in labels if label.kind in ("point", "key") and not label.text.isdigit()}
    assert named == {f"{n}. {name}" for _x, _y, n, name in steps}


def test_a_complex_name_with_no_room_is_left_to_its_tooltip_not_drawn_over_a_step():
    steps = [(240.0 + dx, 160.0 + dy, "1", "가" * 8) for dx in (-30, 0, 30) for dy in (-20, 0, 20)]
    complexes = [(240.0, 160.0, "남동산단")]
    labels, height = maps.place_labels(steps, complexes)
    assert_clean(labels, steps, maps.WIDTH, height)


hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=30)
mixed = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ()·-.", min_size=1, max_size=40
)


def test_the_key_starts_below_a_dot_on_the_maps_bottom_edge():
    """Found by the property test below: a crowd on the bottom edge sends names to the key, whose
    first row began at the map's edge, under the lower half of the edge's dots."""
    steps = [(45.0 + i * 0.5, maps.MAP_HEIGHT, str(i + 1), "가") for i in range(12)]
    labels, height = maps.place_labels(steps, [])
    assert any(label.kind == "key" for label in labels)
    assert_clean(labels, steps, maps.WIDTH, height)


points = st.tuples(st.floats(0, maps.WIDTH), st.floats(0, maps.MAP_HEIGHT))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    centre=points,
    spread=st.sampled_from([0.0, 1.0, 5.0, 20.0, 200.0]),
    offsets=st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=1, max_size=10),
    names=st.lists(st.one_of(hangul, mixed), min_size=10, max_size=10),
    complexes=st.lists(st.tuples(points, st.one_of(hangul, mixed)), max_size=6),
)
def test_crowded_drawings_of_any_shape_keep_every_label_apart_and_inside(
    centre, spread, offsets, names, complexes
):
    steps = []
    for i, (dx, dy) in enumerate(offsets):
        x = min(max(centre[0] + dx * spread, 0.0), maps.WIDTH)
        y = min(max(centre[1] + dy * spread, 0.0), maps.MAP_HEIGHT)
        steps.append((x, y, str(i + 1), names[i]))
    labels, height = maps.place_labels(steps, [(x, y, name) for (x, y), name in complexes])
    assert_clean(labels, steps, maps.WIDTH, height)


def test_text_is_shortened_to_fit_and_estimates_are_generous():
    assert maps.fitted("세광주조", 11, 190) == "세광주조"
    short = maps.fitted(LONG * 3, 11, 190)
    assert short.endswith("…") and maps.text_width(short, 11) + 2 * maps.PAD <= 190
    assert maps.text_width("가", 10) == 10 and maps.text_width("W", 10) > maps.text_width("i", 10) - 3


def _candidate(pk: int, name: str, score: float, where: tuple[float, float] | None) -> Candidate:
    return Candidate(
        organization_id=pk,
        name=name,
        url=f"/companies/{pk}/",
        score=score,
        notes=[],
        latitude=where[0] if where else None,
        longitude=where[1] if where else None,
        place="남동산단",
    )


@pytest.fixture
def processes(db):
    return [
        Process.objects.get(slug=slug)
        for slug in ("casting.die-casting", "heat-treatment.carburizing", "surface-treatment.electroplating")
    ]


def test_a_chain_of_three_suppliers_is_explained_with_the_distance_and_the_sum(processes):
    a = _candidate(1, "세광주조(주)", 0.81, NAMDONG)
    b = _candidate(2, "동진열처리", 0.74, (37.48, 126.668))
    c = _candidate(3, "한결도금", 0.69, (37.512, 126.712))
    chain = Chain(
        score=round(0.81 + 0.74 + 0.69 - 0.01 * 12.3, 4),
        total_distance_km=12.3,
        steps=[
            ChainStep(processes[0], a, None),
            ChainStep(processes[1], b, 8.4),
            ChainStep(processes[2], c, 3.9),
        ],
    )
    with translation.override("ko"):
        said = maps.chain_explanation(chain)
    assert "공급기업 3곳이 공정 3개를 나눠 맡습니다." in said
    assert "공장 사이 거리 합계 12.3 km, km당 0.01점을 뺍니다." in said
    assert "점수 2.12 = 공정별 적합도 합계 2.24 − 거리 감점 0.12." in said
    with translation.override("en"):
        said = maps.chain_explanation(chain)
    assert "3 suppliers share the 3 steps." in said and "12.3 km" in said and "2.12" in said


def test_one_supplier_doing_every_step_is_said_so_and_its_steps_share_one_pin(processes):
    a = _candidate(1, "세광주조(주)", 0.8, NAMDONG)
    chain = Chain(
        score=2.4,
        total_distance_km=0.0,
        steps=[
            ChainStep(processes[0], a, None),
            ChainStep(processes[1], a, 0.0),
            ChainStep(processes[2], a, 0.0),
        ],
    )
    with translation.override("ko"):
        drawn = maps.chain_map(chain)
    assert drawn.explanation.startswith(
        "한 곳(세광주조(주))에서 다이캐스팅·침탄·전기도금 공정을 모두 합니다."
    )
    assert "거리" in drawn.explanation and "km" not in drawn.explanation.split("점수")[0]
    assert [p.label for p in drawn.steps] == ["1·2·3. 세광주조(주)"]
    assert_clean(drawn.labels, [(p.x, p.y) for p in drawn.steps], drawn.width, drawn.height)


def test_a_site_without_a_position_is_left_off_the_map_and_said_so(processes):
    a = _candidate(1, "세광주조(주)", 0.8, NAMDONG)
    b = _candidate(2, "어딘가열처리", 0.7, None)
    chain = Chain(
        score=1.25,
        total_distance_km=25.0,
        steps=[ChainStep(processes[0], a, None), ChainStep(processes[1], b, 25.0)],
    )
    with translation.override("ko"):
        drawn = maps.chain_map(chain)
    assert [p.label for p in drawn.steps] == ["1. 세광주조(주)"]
    assert "위치를 모르는 공장은 지도에 없고, 다른 공장까지의 거리는 25 km로 셌습니다." in drawn.explanation
    # Km east and km north at one scale: the complexes keep their true shape.
    xs = {p.label: p for p in drawn.complexes}
    assert xs, "the reference complexes have positions"


def test_the_map_keeps_one_scale_both_ways(processes):
    a = _candidate(1, "가", 0.8, (37.40, 126.60))
    b = _candidate(2, "나", 0.8, (37.50, 126.60))  # 11.1 km north
    c = _candidate(3, "다", 0.8, (37.40, 126.7262))  # 11.1 km east at this latitude
    chain = Chain(
        score=1.0, total_distance_km=22.2, steps=[ChainStep(processes[0], x, None) for x in (a, b, c)]
    )
    drawn = maps.chain_map(chain)
    pa, pb, pc = drawn.steps
    assert abs(abs(pa.y - pb.y) - abs(pc.x - pa.x)) < 2


def test_the_request_page_draws_the_chain_with_its_labels_and_explanation(buyer, supplier, other_company):
    aluminum = Material.objects.get(slug="aluminum")
    other_company.capabilities.get().materials.set([aluminum])  # 동진열처리 carburizes aluminum too
    opened = services.request_open(
        actor=buyer,
        request=services.request_create(
            actor=buyer,
            buyer=buyer.memberships.get().organization,
            title="로봇 암 하우징",
            description="알루미늄 다이캐스팅 후 침탄 열처리",
            material=aluminum,
            quantity=500,
            deadline=timezone.localdate() + timedelta(days=30),
            processes=[
                Process.objects.get(slug="casting.die-casting"),
                Process.objects.get(slug="heat-treatment.carburizing"),
            ],
        ),
    )
    html = client_for(buyer).get(f"/sourcing/{opened.pk}/").content.decode()
    svg = re.search(r'<svg class="chain-map".*?</svg>', html, re.S).group(0)
    assert 'data-testid="chain-why"' in html and "공정별 적합도 합계" in html
    assert "1. 세광주조(주)" in svg and "2. 동진열처리" in svg
    view_box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    width, height = int(view_box.group(1)), int(view_box.group(2))
    boxes = [
        tuple(float(v) for v in found)
        for found in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx', svg)
    ]
    assert len(boxes) >= 2
    for i, (x, y, w, h) in enumerate(boxes):
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
