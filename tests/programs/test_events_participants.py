"""Who takes part in a matchmaking day and who asks to meet whom: registration (a member for their own
company, the organiser for any company or an investor; once per company), withdrawal, and meeting
requests with their answers — each with the refusals that leave nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ppuri.core.models import ActivityLog
from ppuri.programs.models import Event, Meeting, MeetingRequest, Participant
from ppuri.programs.services import events_meetings as meetings
from ppuri.programs.services import events_participants as participation
from ppuri.programs.services.events_participants import ParticipantInput
from tests.conftest import client_for
from tests.programs.conftest_events import (  # noqa: F401
    ask,
    company,
    event_fixture,
    investor,
    join,
    make_event,
    organiser_fixture,
    technology,
)

pytestmark = pytest.mark.django_db


def _profile(**extra):
    return {
        "contact_name": "김구매",
        "needs": "알루미늄 다이캐스팅 하우징 공급사를 찾습니다",
        "offers": "전기차 부품 물량",
        "language": "ko",
        **extra,
    }


# --- registration ---------------------------------------------------------------------------------


def test_a_member_registers_their_company(event, supplier, supplier_admin):
    casting = technology("casting")
    response = client_for(supplier_admin).post(
        reverse("programs:event_register", args=[event.pk]),
        _profile(organization=supplier.pk, wanted_technologies=[casting.pk], max_meetings="4"),
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.organization == supplier and participant.name == supplier.name
    assert participant.registered_by == supplier_admin and participant.kind == Participant.Kind.COMPANY
    assert list(participant.wanted_technologies.all()) == [casting] and participant.cap == 4
    # On the company's record, for those who may see the participation.
    assert ActivityLog.objects.filter(
        verb="programs.participant.registered", scope_id=str(supplier.pk)
    ).exists()


def test_the_register_button_shows_to_a_member_of_a_company_not_yet_registered(
    event, supplier, supplier_admin
):
    page = client_for(supplier_admin).get(event.get_absolute_url())
    assert page.context["register_form"] is not None
    join(event, supplier, supplier_admin)
    assert "register_form" not in client_for(supplier_admin).get(event.get_absolute_url()).context


def test_a_company_registers_once(event, supplier, supplier_admin, supplier_member):
    join(event, supplier, supplier_admin)
    # The button is gone; a posted form is refused and nothing is added.
    response = client_for(supplier_member).post(
        reverse("programs:event_register", args=[event.pk]), _profile(organization=supplier.pk)
    )
    assert response.status_code == 302
    assert Participant.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        participation.participant_register(
            user=event.organiser, event=event, data=ParticipantInput(organization=supplier)
        )
    assert "organization" in refused.value.message_dict
    assert Participant.objects.count() == 1


def test_a_member_cannot_register_another_company(event, supplier, other_company, other_admin):
    response = client_for(other_admin).post(
        reverse("programs:event_register", args=[event.pk]), _profile(organization=supplier.pk)
    )
    assert response.status_code == 400 and "organization" in response.context["register_form"].errors
    with pytest.raises(PermissionDenied):
        participation.participant_register(
            user=other_admin, event=event, data=ParticipantInput(organization=supplier)
        )
    assert not Participant.objects.exists()


def test_registration_needs_an_open_event_and_a_signed_in_member(
    organiser, supplier, supplier_admin, outsider
):
    closed = make_event(organiser, status=Event.Status.SCHEDULED)
    url = reverse("programs:event_register", args=[closed.pk])
    response = client_for(supplier_admin).post(url, _profile(organization=supplier.pk))
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        participation.participant_register(
            user=supplier_admin, event=closed, data=ParticipantInput(organization=supplier)
        )
    draft = make_event(organiser, status=Event.Status.DRAFT)
    assert (
        client_for(supplier_admin)
        .post(reverse("programs:event_register", args=[draft.pk]), _profile(organization=supplier.pk))
        .status_code
        == 404
    )
    anonymous = Client().post(url, _profile(organization=supplier.pk))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert client_for(outsider).post(url, _profile(organization=supplier.pk)).status_code == 302
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"language": "xx"}, "language"),
        ({"max_meetings": "0"}, "max_meetings"),
        ({"needs": "가" * 2001}, "needs"),
        ({"wanted_technologies": ["999999"]}, "wanted_technologies"),
    ],
)
def test_bad_registration_input_is_refused(event, supplier, supplier_admin, extra, field):
    response = client_for(supplier_admin).post(
        reverse("programs:event_register", args=[event.pk]), _profile(organization=supplier.pk, **extra)
    )
    assert response.status_code == 400 and field in response.context["register_form"].errors
    assert not Participant.objects.exists()


def test_the_organiser_registers_an_investor_and_a_company_by_name(organiser, event, supplier):
    client = client_for(organiser)
    url = reverse("programs:event_participant_add", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"kind": "investor", "name": "Lumen Robotics Capital", "language": "en", "interpreter_needed": "on"},
    )
    assert response.status_code == 302
    response = client.post(url, {"kind": "company", "company": "세광주조", "language": "ko"})
    assert response.status_code == 302
    investor_row, company_row = Participant.objects.order_by("pk")
    assert investor_row.kind == "investor" and investor_row.organization is None
    assert investor_row.interpreter_needed and investor_row.language == "en"
    assert company_row.organization == supplier and company_row.registered_by == organiser


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"kind": "company", "company": "", "name": "", "language": "ko"}, "name"),
        ({"kind": "company", "company": "없는기업", "language": "ko"}, "company"),
        ({"kind": "company", "company": "9999999", "language": "ko"}, "company"),
        ({"kind": "company", "company": "", "name": "미등록 기관", "language": "ko"}, "company"),
        ({"kind": "ghost", "name": "x", "language": "ko"}, "kind"),
    ],
)
def test_bad_participant_input_is_refused(organiser, event, supplier, posted, field):
    response = client_for(organiser).post(reverse("programs:event_participant_add", args=[event.pk]), posted)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Participant.objects.exists()


def test_only_the_organiser_registers_others(event, supplier_admin, supplier):
    url = reverse("programs:event_participant_add", args=[event.pk])
    assert client_for(supplier_admin).get(url).status_code == 403
    assert (
        client_for(supplier_admin).post(url, {"kind": "investor", "name": "x", "language": "en"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        participation.participant_register(
            user=supplier_admin, event=event, data=ParticipantInput(name="x", kind=Participant.Kind.INVESTOR)
        )
    assert not Participant.objects.exists()


def test_a_participant_withdraws_and_their_requests_go(
    event, supplier, supplier_admin, other_company, other_admin
):
    mine = join(event, supplier, supplier_admin)
    theirs = join(event, other_company, other_admin)
    ask(theirs, mine, user=other_admin)
    # Another participant knows them but may not withdraw them; an outsider does not know them.
    url = reverse("programs:event_participant_withdraw", args=[event.pk, mine.pk])
    assert client_for(other_admin).post(url).status_code == 403
    assert Participant.objects.filter(pk=mine.pk).exists()
    assert client_for(supplier_admin).post(url).status_code == 302
    assert not Participant.objects.filter(pk=mine.pk).exists()
    assert not MeetingRequest.objects.exists()


def test_withdrawal_is_refused_once_an_outcome_is_recorded(
    organiser, supplier, supplier_admin, other_company, other_admin
):
    event = make_event(organiser)
    mine, theirs = join(event, supplier, supplier_admin), join(event, other_company, other_admin)
    ask(mine, theirs, user=supplier_admin)
    meetings.event_schedule(user=organiser, event=event)
    Meeting.objects.update(outcome=Meeting.Outcome.QUOTE)
    response = client_for(supplier_admin).post(
        reverse("programs:event_participant_withdraw", args=[event.pk, mine.pk]), follow=True
    )
    assert "결과가 기록된 상담" in response.content.decode()
    assert Participant.objects.filter(pk=mine.pk).exists()


# --- requests -------------------------------------------------------------------------------------


@pytest.fixture
def pair(event, supplier, supplier_admin, other_company, other_admin):
    return join(event, supplier, supplier_admin), join(event, other_company, other_admin)


def test_a_participant_asks_another_for_a_meeting_with_a_reason(event, pair, supplier_admin):
    mine, theirs = pair
    response = client_for(supplier_admin).post(
        reverse("programs:event_request", args=[event.pk]),
        {"requester": mine.pk, "target": theirs.pk, "reason": "열처리 외주 단가와 납기 상담"},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.requester, request.target, request.status) == (
        mine,
        theirs,
        MeetingRequest.Status.PENDING,
    )
    assert request.reason == "열처리 외주 단가와 납기 상담" and request.event == event


@pytest.mark.parametrize(
    ("reason", "target_is_me"),
    [("", False), ("  ", False), ("가" * 501, False), ("같은 회사", True)],
)
def test_a_bad_request_is_refused(event, pair, supplier_admin, reason, target_is_me):
    mine, theirs = pair
    response = client_for(supplier_admin).post(
        reverse("programs:event_request", args=[event.pk]),
        {"requester": mine.pk, "target": (mine if target_is_me else theirs).pk, "reason": reason},
    )
    assert response.status_code == 400
    assert not MeetingRequest.objects.exists()


def test_no_duplicate_and_no_reverse_request(event, pair, supplier_admin, other_admin):
    mine, theirs = pair
    ask(mine, theirs, user=supplier_admin)
    for requester, target, user in ((mine, theirs, supplier_admin), (theirs, mine, other_admin)):
        with pytest.raises(ValidationError) as refused:
            ask(requester, target, user=user)
        assert "target" in refused.value.message_dict
    assert MeetingRequest.objects.count() == 1


def test_one_asks_only_for_ones_own_participation(event, pair, supplier_admin, other_admin, buyer):
    mine, theirs = pair
    # As the other company: the form refuses a requester that is not theirs.
    response = client_for(other_admin).post(
        reverse("programs:event_request", args=[event.pk]),
        {"requester": mine.pk, "target": theirs.pk, "reason": "사칭"},
    )
    assert response.status_code == 400
    with pytest.raises(PermissionDenied):
        ask(mine, theirs, user=other_admin)
    # A company not in the event: the form offers no requester and no target.
    response = client_for(buyer).post(
        reverse("programs:event_request", args=[event.pk]),
        {"requester": mine.pk, "target": theirs.pk, "reason": "외부"},
    )
    assert response.status_code == 400
    anonymous = Client().post(reverse("programs:event_request", args=[event.pk]), {"reason": "x"})
    assert anonymous.status_code == 302
    assert not MeetingRequest.objects.exists()


def test_a_request_to_a_participant_of_another_event_is_refused(
    organiser, event, pair, supplier_admin, buyer
):
    other_event = make_event(organiser)
    elsewhere = participation.participant_register(
        user=organiser, event=other_event, data=ParticipantInput(name="다른 행사 투자자", kind="investor")
    )
    with pytest.raises(ValidationError) as refused:
        ask(pair[0], elsewhere, user=supplier_admin)
    assert "target" in refused.value.message_dict


def test_the_target_accepts_or_declines_and_the_requester_cancels(event, pair, supplier_admin, other_admin):
    mine, theirs = pair
    request = ask(mine, theirs, user=supplier_admin)
    # The requester cannot answer their own request; the target cannot cancel it.
    assert (
        client_for(supplier_admin)
        .post(reverse("programs:event_request_accept", args=[request.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(other_admin).post(reverse("programs:event_request_cancel", args=[request.pk])).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.PENDING
    assert (
        client_for(other_admin).post(reverse("programs:event_request_accept", args=[request.pk])).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED
    # Accepting twice says so and changes nothing.
    again = client_for(other_admin).post(
        reverse("programs:event_request_accept", args=[request.pk]), follow=True
    )
    assert "이미" in again.content.decode()
    assert (
        client_for(supplier_admin)
        .post(reverse("programs:event_request_cancel", args=[request.pk]))
        .status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.CANCELLED
    # Asked again after a cancellation: the same row, pending, with the new reason.
    again = ask(mine, theirs, user=supplier_admin, reason="다시 요청합니다")
    assert again.pk == request.pk and again.status == MeetingRequest.Status.PENDING
    assert (
        client_for(other_admin).post(reverse("programs:event_request_decline", args=[request.pk])).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.DECLINED
    with pytest.raises(ValidationError):
        ask(mine, theirs, user=supplier_admin)


def test_outsiders_do_not_even_see_a_request(event, pair, supplier_admin, buyer):
    request = ask(*pair, user=supplier_admin)
    for name in (
        "programs:event_request_accept",
        "programs:event_request_decline",
        "programs:event_request_cancel",
    ):
        assert client_for(buyer).post(reverse(name, args=[request.pk])).status_code == 404
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.PENDING


def test_declining_a_scheduled_request_frees_its_meeting(organiser, event, pair, supplier_admin, other_admin):
    request = ask(*pair, user=supplier_admin)
    meetings.event_schedule(user=organiser, event=event)
    assert Meeting.objects.filter(request=request).exists()
    participation.meeting_request_decline(user=other_admin, request=request)
    assert not Meeting.objects.exists()


def test_the_organiser_may_act_for_an_investor(organiser, event, pair):
    fund = investor(event, wanted_technologies=[technology("casting")])
    request = ask(fund, pair[0], user=organiser)
    assert request.requester == fund
    assert ActivityLog.objects.filter(verb="programs.request.created", target_id=str(request.pk)).exists()
