"""The defect catalog per root technology (reference/data/defects.toml, domain-facts §6.1)."""

import re
import shutil

import pytest

from ppuri.reference import services
from ppuri.reference.models import Defect, Material, Process, Technology
from ppuri.reference.services import reference_sync

pytestmark = pytest.mark.django_db

BASE = ["casting", "mold", "forming", "welding", "surface-treatment", "heat-treatment"]
# domain-facts marks these rows ❌: standard knowledge, no source checked.
UNVERIFIED = ["precision-machining", "additive-manufacturing", "industrial-film-paper", "robotics", "sensors",
              "industrial-software", "engineering-design"]  # fmt: skip


def _spellings(defect: Defect) -> list[str]:
    return [defect.name_ko, defect.name_en, *defect.synonyms]


def _key(spelling: str) -> str:
    return "".join(spelling.split()).casefold()


def test_every_technology_has_defects_and_only_sourced_rows_are_verified():
    for technology in Technology.objects.all():
        assert technology.defects.exists(), technology.slug
    for slug in [*BASE, "injection-press"]:
        assert Defect.objects.filter(technology__slug=slug, verified=True).exists(), slug
    assert not Defect.objects.filter(technology__slug__in=UNVERIFIED, verified=True).exists()
    # the forging items of 소성가공 are ◐ in domain-facts
    assert not Defect.objects.filter(slug__in=["forming.laps", "forming.underfill"], verified=True).exists()
    for defect in Defect.objects.select_related("technology"):
        assert defect.slug.startswith(defect.technology.slug + "."), defect.slug
        assert defect.name_ko and defect.name_en and defect.source, defect.slug


@pytest.mark.parametrize(
    ("slug", "name_ko", "name_en", "typed"),
    [
        ("heat-treatment.quench-crack", "담금질 균열", "Quench cracks", {"소입 균열", "quench cracking"}),
        ("surface-treatment.hydrogen-embrittlement", "수소취성", "Hydrogen embrittlement", {"수소 취화"}),
        ("casting.gas-porosity", "기공·가스결함", "Gas porosity", {"기공", "블로우홀", "porosity"}),
        ("welding.distortion", "용접 변형", "Weld distortion", {"용접변형"}),
    ],
)
def test_known_defects_have_their_names_and_the_words_people_type(slug, name_ko, name_en, typed):
    defect = Defect.objects.get(slug=slug)
    assert (defect.name_ko, defect.name_en) == (name_ko, name_en)
    assert typed <= set(defect.synonyms)


def test_every_spelling_names_one_defect_and_no_process_or_material():
    owners: dict[str, str] = {}
    for defect in Defect.objects.all():
        for spelling in _spellings(defect):
            assert owners.setdefault(_key(spelling), defect.slug) == defect.slug, spelling
    others = {_key(s) for p in Process.objects.all() for s in [p.name_ko, p.name_en, *p.synonyms]}
    others |= {_key(s) for m in Material.objects.all() for s in [m.name_ko, m.name_en, *m.synonyms]}
    assert not owners.keys() & others


def test_a_second_sync_changes_nothing():
    before = list(Defect.objects.order_by("pk").values())
    counts = reference_sync()
    assert list(Defect.objects.order_by("pk").values()) == before
    assert counts["defects"] == len(before)


GOOD_ROW = """
[[defect]]
technology = "casting"
slug = "casting.test-defect"
name_ko = "시험 결함"
name_en = "Test defect"
synonyms = ["시험용 결함", "test flaw"]
"""


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ('technology = "painting"\nslug = "painting.peel"\nname_ko = "도장 박리"\nname_en = "Paint peel"',
         "#2 (painting.peel): technology 'painting' is not in technologies.toml"),
        ('technology = "welding"\nslug = "casting.weld-crack"\nname_ko = "균열2"\nname_en = "Crack 2"',
         "#2 (casting.weld-crack): slug must start with 'welding.'"),
        ('technology = "casting"\nslug = "casting.test-defect"\nname_ko = "다른 결함"\nname_en = "Other"',
         "#2 (casting.test-defect): slug is already used by [[defect]] #1"),
        ('technology = "welding"\nslug = "welding.test"\nname_ko = "용접 시험"\nname_en = "Weld test"\n'
         'synonyms = ["시험용결함"]',
         "#2 (welding.test): synonyms: '시험용결함' is already a name or synonym of casting.test-defect"),
        ('technology = "welding"\nslug = "welding.test"\nname_ko = "용접 시험"\nname_en = "Test Defect"',
         "#2 (welding.test): name_en: 'Test Defect' is already a name or synonym of casting.test-defect"),
        ('technology = "welding"\nslug = "welding.test"\nname_ko = "용접 시험"\nname_en = "Weld test"\n'
         'synonyms = ["weld test"]',
         "#2 (welding.test): synonyms: 'weld test' repeats the name or another synonym"),
    ],
)  # fmt: skip
def test_a_bad_row_is_refused_with_the_file_row_and_field(tmp_path, monkeypatch, bad_row, message):
    shutil.copytree(services.DATA_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "defects.toml").write_text(GOOD_ROW + "\n[[defect]]\n" + bad_row + "\n", encoding="utf-8")
    monkeypatch.setattr(services, "DATA_DIR", tmp_path)
    before = list(Defect.objects.order_by("pk").values())

    with pytest.raises(ValueError, match="^" + re.escape(f"defects.toml, [[defect]] {message}")):
        reference_sync()

    assert list(Defect.objects.order_by("pk").values()) == before


def test_the_api_lists_defects_of_one_technology(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/api/v1/defects", {"technology": "heat-treatment"})
    assert response.status_code == 200
    body = response.json()
    assert body and {d["technology"] for d in body} == {"heat-treatment"}
    quench = next(d for d in body if d["slug"] == "heat-treatment.quench-crack")
    assert quench["name_ko"] == "담금질 균열" and quench["verified"] is True and quench["source"]
    assert "소입 균열" in quench["synonyms"] and quench["causes_ko"]


def test_the_api_lists_every_defect_and_marks_unverified_rows(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        body = client.get("/api/v1/defects").json()
    assert len(body) == Defect.objects.count()
    assert [d["slug"] for d in body][:1] == ["casting.gas-porosity"]  # technology order, then file order
    robotics = [d for d in body if d["technology"] == "robotics"]
    assert robotics and not any(d["verified"] for d in robotics)


def test_the_api_answers_404_for_an_unknown_technology(client):
    response = client.get("/api/v1/defects", {"technology": "painting"})
    assert response.status_code == 404
    assert response.json() == {"detail": "찾을 수 없습니다."}
