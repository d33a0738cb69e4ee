import pytest

REQUIRED_PROCESSES = {
    # DESIGN.md
    "casting.die-casting", "casting.gravity", "casting.sand", "casting.investment", "forming.hot-forging",
    "forming.stamping", "welding.tig", "welding.laser", "welding.spot", "welding.friction-stir",
    "surface-treatment.anodizing", "surface-treatment.electroless-nickel", "surface-treatment.electroplating",
    "surface-treatment.powder-coating", "heat-treatment.carburizing", "heat-treatment.nitriding",
    "heat-treatment.vacuum", "heat-treatment.induction", "heat-treatment.solution-aging", "mold.press-die",
    "mold.injection-mold", "mold.die-casting-mold",
    # the foundation issue
    "casting.low-pressure", "forming.cold-forging", "forming.extrusion", "welding.arc", "welding.robotic",
    "heat-treatment.quench-temper", "heat-treatment.annealing", "heat-treatment.stress-relief",
    "surface-treatment.hot-dip-galvanizing", "surface-treatment.pvd", "surface-treatment.conversion-coating",
    "mold.forging-die", "precision-machining.cnc-milling", "precision-machining.turning",
    "injection-press.injection-molding",
}  # fmt: skip

TECHNOLOGIES = [
    "casting", "mold", "forming", "welding", "surface-treatment", "heat-treatment", "injection-press",
    "precision-machining", "additive-manufacturing", "industrial-film-paper", "robotics", "sensors",
    "industrial-software", "engineering-design",
]  # fmt: skip


@pytest.mark.django_db
def test_technologies_lists_the_14_with_every_required_process(client):
    response = client.get("/api/v1/technologies")
    assert response.status_code == 200
    body = response.json()
    assert [t["slug"] for t in body] == TECHNOLOGIES
    groups = {t["slug"]: t["group"] for t in body}
    assert [groups[s] for s in TECHNOLOGIES[:6]] == ["base"] * 6
    assert {groups[s] for s in TECHNOLOGIES[6:10]} == {"material"}
    assert {groups[s] for s in TECHNOLOGIES[10:]} == {"intelligent"}
    slugs = {p["slug"] for t in body for p in t["processes"]}
    assert slugs >= REQUIRED_PROCESSES
    for technology in body:
        assert technology["name_ko"] and technology["name_en"]
        for process in technology["processes"]:
            assert process["slug"].startswith(technology["slug"] + ".")


@pytest.mark.django_db
def test_processes_carry_the_synonyms_people_type(client):
    processes = {p["slug"]: p for t in client.get("/api/v1/technologies").json() for p in t["processes"]}
    die_casting = processes["casting.die-casting"]
    assert {"다이캐스팅", "die casting", "다이케스팅"} <= {
        die_casting["name_ko"],
        *die_casting["synonyms"],
    } | {s.lower() for s in die_casting["synonyms"]}
    anodizing = processes["surface-treatment.anodizing"]
    names = {anodizing["name_ko"], anodizing["name_en"].lower(), *anodizing["synonyms"]}
    assert {"아노다이징", "양극산화"} <= names and "anodizing" in {n.lower() for n in names}
    induction = processes["heat-treatment.induction"]
    assert "고주파 열처리" in {induction["name_ko"], *induction["synonyms"]}
    assert "aluminum" in die_casting["materials"]


@pytest.mark.django_db
def test_complexes_list_the_four_with_their_aliases_and_dated_sources(client):
    body = client.get("/api/v1/complexes").json()
    by_slug = {c["slug"]: c for c in body}
    assert {"namdong", "juan", "bupyeong", "seobu"} <= by_slug.keys()
    assert by_slug["namdong"]["name_ko"] == "남동국가산업단지"
    assert {"남동공단", "남동인더스파크"} <= set(by_slug["namdong"]["aliases"])
    assert {"한국수출산업(주안)국가산업단지", "인천J밸리"} <= set(by_slug["juan"]["aliases"])
    assert {"서부산단", "인천서부지방산업단지"} <= set(by_slug["seobu"]["aliases"])
    for complex_ in body:
        assert complex_["facts"], complex_["slug"]
        assert all(f["source"] and f["as_of"] for f in complex_["facts"])
        assert complex_["location_verified"] is False  # centroids are estimates until checked


@pytest.mark.django_db
def test_materials_certifications_and_sectors(client):
    materials = {m["slug"] for m in client.get("/api/v1/materials").json()}
    assert {"aluminum", "stainless-steel", "carbon-steel", "alloy-steel", "tool-steel", "cast-iron", "copper",
            "titanium", "magnesium", "nickel-alloy", "zinc", "plastics"} <= materials  # fmt: skip
    certifications = {c["slug"]: c for c in client.get("/api/v1/certifications").json()}
    assert {"iso-9001", "iatf-16949", "as9100", "iso-13485", "iso-14001", "nadcap"} <= certifications.keys()
    assert certifications["root-company"]["validity_years"] == 3
    sectors = {s["slug"] for s in client.get("/api/v1/sectors").json()}
    assert sectors == {"robotics", "bio-health", "automotive", "aerospace", "it-electronics", "semiconductor",
                       "shipbuilding", "energy", "machinery", "defense"}  # fmt: skip


@pytest.mark.django_db
def test_ksic_mapping_is_marked_unverified_with_sources():
    from ppuri.reference.models import KsicCode

    codes = KsicCode.objects.all()
    assert codes.filter(code="24321", technology__slug="casting").exists()
    assert codes.filter(code="25921", technology__slug="heat-treatment").exists()
    assert not codes.filter(verified=True).exists()
    assert not codes.filter(source="").exists()
    # Rev. 11 dropped 24322 (copper castings were folded into 24329).
    assert codes.filter(code="24322", revision=10).exists()
    assert not codes.filter(code="24322", revision=11).exists()


@pytest.mark.django_db
def test_reference_sync_is_idempotent():
    from ppuri.reference.models import Process
    from ppuri.reference.services import reference_sync

    before = Process.objects.count()
    counts = reference_sync()
    assert Process.objects.count() == before == counts["processes"]


@pytest.mark.django_db
def test_reference_sync_puts_back_what_the_files_say_and_keeps_the_rows():
    from ppuri.reference.models import ComplexFact, Material, Process
    from ppuri.reference.services import reference_sync

    die_casting = Process.objects.get(slug="casting.die-casting")
    materials = sorted(die_casting.materials.values_list("slug", flat=True))
    fact = ComplexFact.objects.first()
    value = fact.value
    Process.objects.filter(pk=die_casting.pk).update(name_ko="바뀐 이름", order=99)
    die_casting.materials.set([Material.objects.get(slug="copper")])
    ComplexFact.objects.filter(pk=fact.pk).update(value=value + 1)

    reference_sync()

    die_casting.refresh_from_db()
    fact.refresh_from_db()
    assert (die_casting.name_ko, die_casting.order) == ("다이캐스팅", 0)
    assert sorted(die_casting.materials.values_list("slug", flat=True)) == materials
    assert "copper" not in materials and fact.value == value
    # updated in place: ids that other rows point at stay
    assert Process.objects.get(slug="casting.die-casting").pk == die_casting.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("남동공단", "namdong"),
        ("남동 인더스파크", "namdong"),
        ("한국수출산업(주안)국가산업단지", "juan"),
        ("인천J밸리", "juan"),
        ("한국수출산업(부평)국가산업단지", "bupyeong"),
        ("인천서부일반산업단지", "seobu"),
        ("서부산단", "seobu"),
        ("", None),
        ("송도국제도시", None),
    ],
)
def test_complex_names_and_aliases_resolve(name, slug):
    from ppuri.reference.selectors import complex_resolve

    found = complex_resolve(name)
    assert (found.slug if found else None) == slug
