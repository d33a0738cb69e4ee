"""The base map (reference.geography): the outlines' file and its source, one projection for every
map, the outlines' paths, and pins drawn inside the drawing with their labels apart."""

import math

import pytest

from ppuri.reference import geography
from ppuri.reference.geography import Pin, Projection, base_map, pin_map
from ppuri.reference.map_labels import Box


def test_the_outlines_file_says_where_each_outline_comes_from():
    document = geography.outlines()
    assert document["source_ko"] and document["source_en"]
    for feature in document["features"]:
        properties = feature["properties"]
        assert properties["slug"] and properties["area_source"] and properties["centroid_source"]
        assert properties["estimated"] is True  # until the boundary dataset replaces them
        ring = feature["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) >= 4


@pytest.mark.django_db
def test_every_complex_has_an_outline():
    from ppuri.reference.models import Complex

    assert set(Complex.objects.values_list("slug", flat=True)) <= {
        f["properties"]["slug"] for f in geography.outline_features()
    }


def test_the_dashboards_drawing_is_unchanged_by_the_move():
    """The dashboards' map (560 × 380, margin 36) as drawn before the base map moved here."""
    drawn = base_map(width=560, height=380, margin=36)
    namdong = next(o for o in drawn.outlines if o.slug == "namdong")
    assert namdong.path == "M294.3,344.0 L365.3,344.0 L365.3,296.6 L294.3,296.6 L294.3,344.0 Z"
    assert (namdong.label_x, namdong.label_y) == (329.8, 358.0)
    assert drawn.scale_x == 37.5 and drawn.estimated and drawn.source


def test_one_scale_both_ways_and_everything_inside():
    project = Projection([(126.60, 37.40), (126.7262, 37.50)], width=480, height=320, margin=24)
    x0, y0 = project(126.60, 37.40)
    x_east, _ = project(126.7262, 37.40)  # 11.1 km east at this latitude
    _, y_north = project(126.60, 37.50)  # 11.1 km north
    assert abs((x_east - x0) - (y0 - y_north)) < 1.5
    assert math.isclose(project.pixels_per_km * 11.1, y0 - y_north, rel_tol=0.02)
    for x, y in ((x0, y0), (x_east, y_north)):
        assert 24 - 0.1 <= x <= 480 - 24 + 0.1 and 24 - 0.1 <= y <= 320 - 24 + 0.1


def test_pins_are_drawn_inside_with_labels_apart_and_far_ones_listed():
    names = {"namdong": "남동산단", "juan": "주안산단", "bupyeong": "부평산단", "seobu": "서부산단"}
    pins = [
        Pin(126.70 + i * 0.0003, 37.405, str(i + 1), f"정밀{i}", estimated=i % 2 == 0, label=f"공장{i}")
        for i in range(8)
    ]
    far = Pin(129.03, 35.10, "9", "부산공장", estimated=False)
    drawn = pin_map([*pins, far], complex_names=names)
    assert [p.pin for p in drawn.pins] == pins and drawn.outside == [far]
    assert drawn.any_estimated and len(drawn.areas) == 4
    dot = geography.PIN_HEAD + 2  # the square around a pin's head that no label covers
    markers = [Box(p.x - dot, p.head_y - dot, 2 * dot, 2 * dot) for p in drawn.pins]
    for p in drawn.pins:
        assert 0 <= p.x <= drawn.base.width and p.head_y - geography.PIN_HEAD >= 0 and p.y <= drawn.map_height
        assert p.path.startswith(f"M{p.x},{p.y} ")  # the tip at the place
    for i, label in enumerate(drawn.labels):
        assert label.box.inside(drawn.base.width, drawn.height)
        for other in drawn.labels[i + 1 :]:
            assert not label.box.intersects(other.box, gap=0)
        for marker in markers:
            assert not label.box.intersects(marker, gap=0)
    # Every pin is named on the map or in the key under it.
    assert {label.title for label in drawn.labels if label.kind in ("point", "key")} == {
        f"{p.number}. {p.label}" for p in pins
    }
