"""Matching a part to suppliers per step and to whole process chains."""

import itertools
from datetime import date, timedelta

import pytest

from ppuri.reference.models import Certification, Complex, Material, Process, Sector
from ppuri.registry.models import Capability, OrganizationCertification
from ppuri.search.services import index_rebuild
from ppuri.sourcing.matching import (
    KM_PENALTY,
    Candidate,
    PartSpec,
    best_chains,
    haversine_km,
    infer_processes,
    match,
)
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db


def supplier(name, processes, *, complex_slug="namdong", materials=(), source="declared", band="",
             latitude=None, longitude=None, products=""):  # fmt: skip
    organization = OrganizationFactory(name=name, products=products or name)
    site = SiteFactory(
        organization=organization,
        complex=Complex.objects.get(slug=complex_slug) if complex_slug else None,
        latitude=latitude,
        longitude=longitude,
    )
    for slug in processes:
        capability = CapabilityFactory(
            organization=organization,
            process=Process.objects.get(slug=slug),
            source=source,
            batch_band=band,
            site=site,
        )
        capability.materials.set(Material.objects.filter(slug__in=materials))
    return organization


def spec(*slugs, **fields):
    processes = tuple(Process.objects.get(slug=slug) for slug in slugs)
    return PartSpec(processes=processes, **fields)


def names(candidates):
    return [c.name for c in candidates]


def test_processes_are_inferred_from_the_description_in_order():
    found = infer_processes("SCM415 기어 침탄 열처리 후 무전해 니켈 도금")
    assert [process.slug for process, _quote in found] == [
        "heat-treatment.carburizing",
        "surface-treatment.electroless-nickel",
    ]


def test_a_supplier_without_the_process_or_the_material_is_not_proposed():
    supplier("알루미늄주조", ["casting.die-casting"], materials=["aluminum"])
    supplier("아연주조", ["casting.die-casting"], materials=["zinc"])
    supplier("열처리만", ["heat-treatment.carburizing"], materials=["aluminum"])
    result = match(spec("casting.die-casting", material=Material.objects.get(slug="aluminum")))
    assert names(result.suppliers["casting.die-casting"]) == ["알루미늄주조"]


def test_a_supplier_that_lists_no_material_passes_when_the_process_usually_works_it():
    supplier("소재미기재", ["casting.die-casting"])
    supplier("알루미늄명시", ["casting.die-casting"], materials=["aluminum"])
    found = match(spec("casting.die-casting", material=Material.objects.get(slug="aluminum"))).suppliers
    assert names(found["casting.die-casting"]) == ["알루미늄명시", "소재미기재"]
    assert "소재 미기재" in found["casting.die-casting"][1].explanation


def test_every_required_certification_must_be_valid_on_the_deadline():
    iatf = Certification.objects.get(slug="iatf-16949")
    deadline = date.today() + timedelta(days=90)
    valid = supplier("유효인증", ["casting.die-casting"])
    expiring = supplier("만료예정", ["casting.die-casting"])
    supplier("무인증", ["casting.die-casting"])
    OrganizationCertification.objects.create(organization=valid, certification=iatf, valid_until=deadline)
    OrganizationCertification.objects.create(
        organization=expiring, certification=iatf, valid_until=deadline - timedelta(days=1)
    )
    found = match(spec("casting.die-casting", certifications=(iatf,), deadline=deadline)).suppliers
    assert names(found["casting.die-casting"]) == ["유효인증"]
    assert "IATF 16949" in found["casting.die-casting"][0].explanation


def test_a_part_larger_than_a_declared_limit_is_not_proposed():
    small = supplier("소형전문", ["casting.die-casting"])
    Capability.objects.filter(organization=small).update(max_length_mm=300, max_weight_kg=5)
    supplier("한도미기재", ["casting.die-casting"])
    found = match(spec("casting.die-casting", length_mm=500)).suppliers
    assert names(found["casting.die-casting"]) == ["한도미기재"]
    assert names(match(spec("casting.die-casting", length_mm=200)).suppliers["casting.die-casting"]) == [
        "소형전문",  # a declared, fitting limit ranks above an unknown one
        "한도미기재",
    ]


def test_the_buyer_itself_is_never_proposed():
    buyer = supplier("구매기업", ["casting.die-casting"])
    assert match(spec("casting.die-casting", exclude=(buyer.pk,))).suppliers["casting.die-casting"] == []


def test_scores_rise_with_verification_sector_band_and_preferred_complex():
    automotive = Sector.objects.get(slug="automotive")
    plain = supplier("보통주조", ["casting.die-casting"], complex_slug="seobu", source="imported")
    strong = supplier("우수주조", ["casting.die-casting"], source="verified", band="medium")
    strong.sectors.add(automotive)
    result = match(
        spec(
            "casting.die-casting",
            quantity=5_000,
            sector=automotive,
            complexes=(Complex.objects.get(slug="namdong"),),
        )
    )
    first, second = result.suppliers["casting.die-casting"]
    assert (first.name, second.name) == ("우수주조", "보통주조") and first.score > second.score
    for words in ["운영기관 확인", "자동차", "선호 산업단지", "생산 규모"]:
        assert words in first.explanation, words
    assert plain.pk == second.organization_id


def test_text_relevance_prefers_the_supplier_whose_profile_names_the_part():
    supplier("하우징주조", ["casting.die-casting"], products="로봇 하우징 알루미늄 다이캐스팅")
    supplier("일반주조", ["casting.die-casting"], products="자동차 브래킷")
    index_rebuild()
    found = match(spec("casting.die-casting", title="협동로봇 하우징")).suppliers["casting.die-casting"]
    assert names(found)[0] == "하우징주조" and found[0].parts["relevance"] == 1.0


def test_chains_prefer_nearby_steps_and_one_supplier_for_consecutive_steps():
    # Two casters and two heat treaters; the far heat treater fits slightly better on its own.
    supplier("남동주조", ["casting.gravity"], latitude=37.40, longitude=126.70)
    supplier("남동열처리", ["heat-treatment.solution-aging"], latitude=37.401, longitude=126.701)
    far = supplier(
        "먼열처리", ["heat-treatment.solution-aging"], latitude=37.60, longitude=126.60, source="verified"
    )
    both = supplier(
        "일관공정", ["casting.gravity", "heat-treatment.solution-aging"], latitude=37.45, longitude=126.65
    )
    result = match(spec("casting.gravity", "heat-treatment.solution-aging"))
    step_two = names(result.suppliers["heat-treatment.solution-aging"])
    assert (
        step_two[0] == "먼열처리"
        and far.pk == result.suppliers["heat-treatment.solution-aging"][0].organization_id
    )
    best = result.chains[0]
    assert [s.candidate.name for s in best.steps] in (["일관공정", "일관공정"], ["남동주조", "남동열처리"])
    assert all(s.candidate.name != "먼열처리" for s in best.steps)
    assert best.total_distance_km < 1
    one_supplier = [c for c in result.chains if {s.candidate.organization_id for s in c.steps} == {both.pk}]
    assert one_supplier and one_supplier[0].total_distance_km == 0


def candidate(number, score, latitude, longitude):
    return Candidate(number, f"c{number}", "", score, [], latitude, longitude, "")


def test_chains_are_the_exact_k_best_over_every_combination():
    """Against brute force over random steps: same scores, in order."""
    import random

    rng = random.Random(7)
    processes = list(Process.objects.all()[:3])
    for _round in range(5):
        per_step = [
            [
                candidate(
                    rng.randrange(40), rng.random(), 37.3 + rng.random() * 0.3, 126.5 + rng.random() * 0.3
                )
                for _ in range(rng.randint(1, 30))
            ]
            for _ in processes
        ]
        chains = best_chains(processes, per_step, k=5)
        brute = []
        for picks in itertools.product(*per_step):
            km = sum(
                haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
                for a, b in itertools.pairwise(picks)
            )
            brute.append(sum(c.score for c in picks) - KM_PENALTY * km)
        brute.sort(reverse=True)
        assert [c.score for c in chains] == pytest.approx([round(s, 4) for s in brute[:5]], abs=1e-3)


def test_no_chain_when_a_step_has_no_supplier():
    supplier("주조만", ["casting.gravity"])
    result = match(spec("casting.gravity", "surface-treatment.anodizing"))
    assert result.suppliers["surface-treatment.anodizing"] == [] and result.chains == []


def test_matching_pauses_the_cyclic_collector_only_while_it_runs():
    import gc

    from ppuri.sourcing.matching import _cyclic_gc_paused

    assert gc.isenabled()
    with _cyclic_gc_paused():
        assert not gc.isenabled()
        with _cyclic_gc_paused():  # a second caller finds it paused and leaves it so
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), _cyclic_gc_paused():
        raise ValueError
    assert gc.isenabled()
