"""The limit-technology desk: triage, routing with conflicts and capacity, the case flow, who sees
what, and refused writes that change nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from ppuri.challenges import services
from ppuri.challenges.models import (
    Challenge,
    ChallengeAttachment,
    Consultation,
    ConsultationAttachment,
    Offer,
    TriageCorrection,
)
from ppuri.challenges.routing import ExpertPool, assign_batch, gini, load_after, rank_experts
from ppuri.challenges.selectors import challenge_get_for_user, overdue
from ppuri.challenges.triage import classify
from ppuri.core.models import Notification
from ppuri.reference.models import Defect, Material, Process, Technology
from tests.conftest import client_for
from tests.desk_fixtures import make_expert

pytestmark = pytest.mark.django_db

QUENCH = "SCM440 샤프트 담금질 후 균열이 생깁니다. 고주파가 아니라 유냉입니다."


def post(actor, company, **fields):
    values = {"title": "SCM440 샤프트 담금질 균열", "description": QUENCH}
    values.update(fields)
    return services.challenge_create(actor=actor, company=company, **values)


def triaged(operator, challenge):
    return services.challenge_triage(
        actor=operator,
        challenge=challenge,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.quench-temper"),
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )


def snapshot():
    """Everything a desk write may touch: cases, offers, consultations, corrections, files, notifications."""
    return (
        list(Challenge.objects.values()),
        list(Offer.objects.values()),
        list(Consultation.objects.values()),
        TriageCorrection.objects.count(),
        ChallengeAttachment.objects.count(),
        ConsultationAttachment.objects.count(),
        Notification.objects.count(),
    )


def test_the_classifier_reads_technology_material_and_defect_with_the_words_it_used():
    proposal = classify(QUENCH)
    assert proposal.values["technology"] == "heat-treatment"
    assert proposal.values["defect"] == "heat-treatment.quench-crack"
    assert proposal.values["material"] == "alloy-steel"
    assert any("SCM440" in reason for reason in proposal.explained("material"))
    hydrogen = classify("아연도금한 고장력 볼트가 며칠 뒤 끊어집니다. 수소취성 같습니다.")
    assert hydrogen.values["defect"] == "surface-treatment.hydrogen-embrittlement"
    assert hydrogen.values["technology"] == "surface-treatment"


def test_confirmed_cases_fill_what_the_vocabulary_leaves_open():
    history = [
        (
            {"샤프트", "크랙", "유냉"},
            {"technology": "heat-treatment", "defect": "heat-treatment.quench-crack"},
        )
    ]
    proposal = classify("샤프트 크랙 유냉 문의", history=history)
    assert proposal.values["defect"] == "heat-treatment.quench-crack"
    assert "과거 과제" in proposal.explained("defect")[0]


def test_a_member_posts_a_challenge_with_the_proposal_kept_and_operators_told(
    supplier_admin, supplier, operator
):
    challenge = post(supplier_admin, supplier, attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.7 test")])
    assert challenge.status == Challenge.Status.SUBMITTED and challenge.is_confidential
    assert challenge.suggestion["defect"]["slug"] == "heat-treatment.quench-crack"
    assert challenge.attachments.get().kind == "pdf"
    assert Notification.objects.filter(recipient=operator, verb="challenges.challenge.created").exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("description", "담당자 900101-1234567 에게 연락 바랍니다"),
        ("title", "９００１０１１２３４５６７ 문의"),
    ],
)
def test_text_with_a_resident_registration_number_is_refused_and_nothing_stored(
    supplier_admin, supplier, field, value
):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        post(supplier_admin, supplier, **{field: value})
    assert field in error.value.message_dict and "주민등록번호" in error.value.message_dict[field][0]
    assert snapshot() == before


def test_a_bad_file_stores_nothing(supplier_admin, supplier):
    before = snapshot()
    with pytest.raises(ValidationError):
        post(supplier_admin, supplier, attachments=[SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")])
    assert snapshot() == before


def test_only_members_and_operators_post_for_a_company(other_admin, outsider, supplier):
    for actor in (other_admin, outsider):
        with pytest.raises(PermissionDenied):
            post(actor, supplier)
    assert not Challenge.objects.exists()


def test_triage_keeps_each_correction_and_refuses_a_process_of_another_technology(
    supplier_admin, supplier, operator
):
    challenge = post(supplier_admin, supplier)
    with pytest.raises(ValidationError):
        services.challenge_triage(
            actor=operator,
            challenge=challenge,
            technology=Technology.objects.get(slug="heat-treatment"),
            process=Process.objects.get(slug="casting.die-casting"),
        )
    with pytest.raises(PermissionDenied):
        triaged(supplier_admin, challenge)
    assert challenge.suggestion["process"]["slug"] == "heat-treatment.quench-temper"
    services.challenge_triage(
        actor=operator,
        challenge=challenge,
        technology=Technology.objects.get(slug="heat-treatment"),
        process=Process.objects.get(slug="heat-treatment.induction"),  # the operator knows better
        material=Material.objects.get(slug="alloy-steel"),
        defect=Defect.objects.get(slug="heat-treatment.quench-crack"),
    )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.TRIAGED and challenge.triaged_by == operator
    corrected = {c.field: (c.suggested, c.confirmed) for c in challenge.corrections.all()}
    assert corrected == {"process": ("heat-treatment.quench-temper", "heat-treatment.induction")}


def test_routing_ranks_the_fitting_expert_first_with_reasons_and_skips_conflicts_and_full_experts(
    supplier_admin, supplier, operator, experts, institutions
):
    challenge = triaged(operator, post(supplier_admin, supplier))
    ranked = rank_experts(challenge)
    assert ranked[0].expert == experts["heat"]
    assert any("담금질 균열" in reason for reason in ranked[0].reasons)
    assert experts["casting"] not in [fit.expert for fit in ranked]  # nothing of theirs matches
    # Sharing the material and a keyword is not enough: the case's technology, process or defect must
    # be theirs.
    make_expert(
        "오소재", institutions["inha"], technologies=["forming"], materials=["alloy-steel"], keywords=["균열"]
    )
    assert "오소재" not in [fit.expert.name for fit in rank_experts(challenge, limit=10)]
    # A second heat-treatment expert who declared a conflict with this company, and one who is full.
    conflicted = make_expert(
        "최갈등",
        institutions["posco"],
        technologies=["heat-treatment"],
        defects=["heat-treatment.quench-crack"],
    )
    conflicted.conflicts.add(supplier)
    full = make_expert("정만석", institutions["kitech"], technologies=["heat-treatment"], capacity=1)
    other = triaged(operator, post(supplier_admin, supplier, title="다른 과제"))
    Offer.objects.create(challenge=other, expert=full)
    names = [fit.expert.name for fit in rank_experts(challenge, limit=10)]
    assert "최갈등" not in names and "정만석" not in names
    before = snapshot()
    with pytest.raises(ValidationError):
        services.offers_create(actor=operator, challenge=challenge, experts=[conflicted])
    assert snapshot() == before


def test_the_whole_case_from_offer_to_rating(supplier_admin, supplier, operator, experts):
    challenge = triaged(operator, post(supplier_admin, supplier))
    heat = experts["heat"]
    with pytest.raises(PermissionDenied):
        services.offers_create(actor=supplier_admin, challenge=challenge, experts=[heat])
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[heat])
    assert Notification.objects.filter(recipient=heat.user, verb="challenges.offer.created").exists()
    # The reasons are kept in both languages, whatever the operator's: the expert may read the other.
    assert "담금질 균열 전문" in offer.reasons["ko"] and "Specialist in" in " ".join(offer.reasons["en"])
    with pytest.raises(PermissionDenied):  # only the expert offered answers
        services.offer_accept(actor=experts["plating"].user, offer=offer)
    services.offer_accept(actor=heat.user, offer=offer)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.IN_PROGRESS
    services.consultation_log(
        actor=heat.user,
        challenge=challenge,
        held_on=timezone.localdate(),
        mode="visit",
        hours=Decimal("3.0"),
        notes="유냉 온도와 템퍼링 지연 확인",
    )
    challenge.refresh_from_db()
    assert challenge.first_contact_at is not None
    services.challenge_resolve(
        actor=heat.user,
        challenge=challenge,
        outcome=Challenge.Outcome.SOLVED,
        resolution="담금질 직후 템퍼링, 유온 60℃ 관리",
        effect_metric=Challenge.Metric.DEFECT_RATE,
        effect_before=Decimal("4.2"),
        effect_after=Decimal("0.6"),
    )
    with pytest.raises(PermissionDenied):  # the company rates, not the expert
        services.challenge_rate(actor=heat.user, challenge=challenge, rating=5)
    services.challenge_rate(actor=supplier_admin, challenge=challenge, rating=5, publish_consent=True)
    challenge.refresh_from_db()
    offer.refresh_from_db()
    assert challenge.status == Challenge.Status.CLOSED and challenge.publish_consent
    assert offer.status == Offer.Status.COMPLETED
    # The solved case now counts for the expert's record on a similar case.
    pool = ExpertPool()
    assert pool.solved[heat.pk] == [("heat-treatment.quench-crack", "heat-treatment.quench-temper")]


def test_a_decline_needs_a_reason_and_the_last_one_returns_the_case_to_the_operator(
    supplier_admin, supplier, operator, experts
):
    challenge = triaged(operator, post(supplier_admin, supplier))
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    before = snapshot()
    with pytest.raises(ValidationError):
        services.offer_decline(actor=experts["heat"].user, offer=offer, reason="  ")
    assert snapshot() == before
    services.offer_decline(actor=experts["heat"].user, offer=offer, reason="출장 중입니다")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.TRIAGED
    # Declined once, not offered again by the routing.
    assert experts["heat"] not in [fit.expert for fit in rank_experts(challenge)]


def test_refused_consultation_and_resolution_change_nothing(supplier_admin, supplier, operator, experts):
    challenge = triaged(operator, post(supplier_admin, supplier))
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    services.offer_accept(actor=experts["heat"].user, offer=offer)
    before = snapshot()
    for actor in (experts["plating"].user, supplier_admin):
        with pytest.raises(PermissionDenied):
            services.consultation_log(
                actor=actor,
                challenge=challenge,
                held_on=timezone.localdate(),
                mode="remote",
                hours=Decimal("1"),
                notes="x",
            )
        with pytest.raises(PermissionDenied):
            services.challenge_resolve(actor=actor, challenge=challenge, outcome="solved", resolution="x")
    with pytest.raises(ValidationError):  # a date to come
        services.consultation_log(
            actor=experts["heat"].user,
            challenge=challenge,
            held_on=timezone.localdate() + timedelta(days=1),
            mode="remote",
            hours=Decimal("1"),
            notes="x",
        )
    with pytest.raises(ValidationError):  # an effect without its "after"
        services.challenge_resolve(
            actor=experts["heat"].user,
            challenge=challenge,
            outcome="solved",
            resolution="x",
            effect_metric="cost",
            effect_before=Decimal("10"),
        )
    assert snapshot() == before


def test_a_confidential_challenge_and_its_files_are_404_to_another_company_and_an_unassigned_expert(
    supplier_admin, supplier, other_admin, operator, experts
):
    challenge = post(supplier_admin, supplier, attachments=[SimpleUploadedFile("도면.pdf", b"%PDF-1.7 x")])
    file_pk = challenge.attachments.get().pk
    detail = f"/challenges/{challenge.pk}/"
    files = f"/challenges/{challenge.pk}/files/{file_pk}/"
    for user in (other_admin, experts["heat"].user):
        client = client_for(user)
        assert client.get(detail).status_code == 404 and client.get(files).status_code == 404
    for user in (supplier_admin, operator):
        client = client_for(user)
        assert client.get(detail).status_code == 200 and client.get(files).status_code == 200
    # Offered, the expert reads the description but not the files; having accepted, the files too.
    triaged(operator, challenge)
    heat, plating = experts["heat"], experts["plating"]
    offer, other = services.offers_create(actor=operator, challenge=challenge, experts=[heat, plating])
    client = client_for(heat.user)
    page = client.get(detail).content.decode()
    assert "도면.pdf" not in page and client.get(files).status_code == 404
    services.offer_accept(actor=heat.user, offer=offer)
    assert client.get(files).status_code == 200 and "도면.pdf" in client.get(detail).content.decode()
    # Declined, the other expert no longer sees the case, nor finds it in their inbox.
    services.offer_decline(actor=plating.user, offer=other, reason="전문 분야가 아닙니다")
    declined = client_for(plating.user)
    assert declined.get(detail).status_code == 404 and declined.get(files).status_code == 404
    assert challenge.title not in declined.get("/challenges/").content.decode()
    with pytest.raises(Http404):
        challenge_get_for_user(user=other_admin, pk=challenge.pk)


def test_a_public_challenge_is_seen_by_all_but_its_files_only_by_its_parties(
    client, supplier_admin, supplier, other_admin
):
    challenge = post(
        supplier_admin,
        supplier,
        confidentiality=Challenge.Confidentiality.PUBLIC,
        attachments=[SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n....")],
    )
    files = f"/challenges/{challenge.pk}/files/{challenge.attachments.get().pk}/"
    for visitor in (client, client_for(other_admin)):
        page = visitor.get(f"/challenges/{challenge.pk}/")
        assert page.status_code == 200 and "a.png" not in page.content.decode()
        assert visitor.get(files).status_code == 404


def test_the_batch_spreads_load_and_exceeds_no_capacity(supplier_admin, supplier, operator, institutions):
    for number in range(6):
        make_expert(f"열처리{number}", institutions["posco"], technologies=["heat-treatment"],
                    defects=["heat-treatment.quench-crack"], capacity=2)  # fmt: skip
    cases = [triaged(operator, post(supplier_admin, supplier, title=f"과제 {n}")) for n in range(10)]
    pool = ExpertPool()
    assignment = assign_batch(cases, pool=pool)
    assert all(len(fits) == 1 for fits in assignment.values())  # 10 cases, 12 slots: every case served
    loads = load_after(assignment, pool)
    assert all(load <= capacity for load, capacity in loads.values())
    assert gini([load for load, _capacity in loads.values()]) < 0.2
    made = services.offers_assign_batch(actor=operator, challenges=cases)
    assert sum(len(offers) for offers in made.values()) == 10
    assert Challenge.objects.filter(status=Challenge.Status.OFFERED).count() == 10


def test_more_cases_than_capacity_leave_some_unassigned_rather_than_overload(
    supplier_admin, supplier, operator, institutions
):
    make_expert("혼자", institutions["posco"], technologies=["heat-treatment"], capacity=2)
    cases = [triaged(operator, post(supplier_admin, supplier, title=f"과제 {n}")) for n in range(5)]
    assignment = assign_batch(cases)
    assert sum(len(fits) for fits in assignment.values()) == 2


def test_overdue_lists_cases_past_each_clock(supplier_admin, supplier, operator):
    late = post(supplier_admin, supplier)
    Challenge.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=3))
    post(supplier_admin, supplier, title="새 과제")
    lists = overdue()
    assert list(lists["triage"]) == [late] and not lists["first_contact"].exists()
    # Eight days on, triaged but with no consultation yet: late on the second clock, not on the third.
    triaged(operator, late)
    Challenge.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=8))
    lists = overdue()
    assert not lists["triage"].exists() and list(lists["first_contact"]) == [late]
    assert not lists["resolution"].exists()
    Challenge.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=61))
    assert list(overdue()["resolution"]) == [late]
    page = client_for(operator).get("/challenges/").content.decode()
    overdue_section = page[
        page.index('data-testid="overdue"') : page.index("</section>", page.index('data-testid="overdue"'))
    ]
    assert late.title in overdue_section and "새 과제" not in overdue_section
    assert 'data-testid="overdue"' not in client_for(supplier_admin).get("/challenges/").content.decode()


def test_nothing_of_a_case_reaches_the_company_s_public_page_and_a_result_stays_with_the_parties(
    client, supplier_admin, supplier, operator, experts, other_admin
):
    challenge = triaged(
        operator, post(supplier_admin, supplier, confidentiality=Challenge.Confidentiality.PUBLIC)
    )
    offer, pending = services.offers_create(
        actor=operator, challenge=challenge, experts=[experts["heat"], experts["plating"]]
    )
    services.offer_accept(actor=experts["heat"].user, offer=offer)
    services.consultation_log(
        actor=experts["heat"].user, challenge=challenge, held_on=timezone.localdate(), mode="remote",
        hours=Decimal("1"), notes="유온 확인",
    )  # fmt: skip
    services.challenge_resolve(
        actor=experts["heat"].user, challenge=challenge, outcome="solved", resolution="템퍼링 지연 해소"
    )
    company_page = client.get(supplier.get_absolute_url()).content.decode()
    assert challenge.title not in company_page and "김담금" not in company_page
    # A public case is public as a question; its answer is the parties' (or an article, with consent).
    for visitor in (client, client_for(other_admin)):
        assert "템퍼링 지연 해소" not in visitor.get(f"/challenges/{challenge.pk}/").content.decode()
        assert visitor.get(f"/api/v1/challenges/{challenge.pk}").json()["resolution"] is None
    assert (
        "템퍼링 지연 해소" in client_for(supplier_admin).get(f"/challenges/{challenge.pk}/").content.decode()
    )
    # The offer still pending when the result came is withdrawn, and cannot be accepted any more.
    pending.refresh_from_db()
    assert pending.status == Offer.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.offer_accept(actor=experts["plating"].user, offer=pending)


def test_a_file_named_with_a_resident_number_is_refused_and_nothing_stored(supplier_admin, supplier):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        post(
            supplier_admin,
            supplier,
            attachments=[SimpleUploadedFile("홍길동_900101-1234567.pdf", b"%PDF-1.7 x")],
        )
    assert "주민등록번호" in " ".join(error.value.messages)
    assert snapshot() == before


def test_when_slots_run_short_the_urgent_case_is_served_first(
    supplier_admin, supplier, operator, institutions
):
    make_expert("단독", institutions["posco"], technologies=["heat-treatment"], capacity=1)
    normal = triaged(operator, post(supplier_admin, supplier, title="보통 과제"))
    stopped = triaged(
        operator, post(supplier_admin, supplier, title="라인 정지", urgency=Challenge.Urgency.CRITICAL)
    )
    assignment = assign_batch([normal, stopped])
    assert len(assignment[stopped.pk]) == 1 and assignment[normal.pk] == []


def test_the_back_office_refuses_a_resident_number_in_an_expert_profile(institutions):
    from ppuri.challenges.admin import ExpertForm

    form = ExpertForm(
        data={"name": "김담금", "organization": institutions["posco"].pk, "bio": "연락 900101-1234567",
              "capacity": 3, "available": True, "keywords": "[]", "languages": "[]"}
    )  # fmt: skip
    assert not form.is_valid() and "bio" in form.errors


def test_a_text_that_only_says_the_field_is_put_in_that_technology():
    proposal = classify("용접 부위에 자꾸 문제가 생깁니다")
    assert proposal.values["technology"] == "welding" and "용접" in proposal.explained("technology")[0]


def test_a_resident_number_in_a_result_a_note_or_a_rating_is_refused_and_nothing_stored(
    supplier_admin, supplier, operator, experts
):
    challenge = triaged(operator, post(supplier_admin, supplier))
    (offer,) = services.offers_create(actor=operator, challenge=challenge, experts=[experts["heat"]])
    services.offer_accept(actor=experts["heat"].user, offer=offer)
    number = "담당 900101-1234567"
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.consultation_log(
            actor=experts["heat"].user, challenge=challenge, held_on=timezone.localdate(), mode="remote",
            hours=Decimal("1"), notes=number,
        )  # fmt: skip
    assert "notes" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.challenge_resolve(
            actor=experts["heat"].user, challenge=challenge, outcome="solved", resolution=number
        )
    assert "resolution" in error.value.message_dict
    assert snapshot() == before
    services.challenge_resolve(
        actor=experts["heat"].user, challenge=challenge, outcome="solved", resolution="해결"
    )
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.challenge_rate(actor=supplier_admin, challenge=challenge, rating=5, comment=number)
    assert "comment" in error.value.message_dict and snapshot() == before
