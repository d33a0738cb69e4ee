"""The desk's part of "my data" (core.personal_data): the expert profile, the cases offered to and
the consultations logged by the expert, and the cases the person posted. An expert who leaves is
anonymised; the consultations stay with the company's case, under "탈퇴한 전문가"."""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ppuri.accounts.selectors import active_operators
from ppuri.challenges.models import Challenge, Consultation, Expert, Offer
from ppuri.challenges.selectors import challenges_visible_to
from ppuri.core.activity import activity_log
from ppuri.core.models import ActivityLog, Notification
from ppuri.core.notifications import notify
from ppuri.core.personal_data import Erasure, Kept, Provider, Row, Section, rows, value_text
from ppuri.core.personal_data_core import names_replace
from ppuri.search.services import index_refresh


def _title(challenge: Challenge, visible: set[int]) -> str:
    # A case whose access ended (a declined offer, a company left) is counted, not named.
    return challenge.title if challenge.pk in visible else _("(열람 권한이 끝난 과제)")


def export(user: Any) -> list[Section]:
    shown = []
    visible = set(challenges_visible_to(user).values_list("pk", flat=True))
    expert = Expert.objects.filter(user=user).select_related("organization").first()
    if expert is not None:
        shown.append(
            Section(
                key="expert_profile",
                title=_("전문가 정보"),
                rows=rows(
                    (_("이름"), expert.name),
                    (_("소속 기관"), expert.organization.name),
                    (_("부서"), expert.department),
                    (_("직위"), expert.title),
                    (_("전문 분야 키워드"), ", ".join(expert.keywords)),
                    (_("소개"), expert.bio),
                    (_("배정 가능"), expert.available),
                ),
            )
        )
        shown.append(
            Section(
                key="expert_cases",
                title=_("전문가로 받은 과제와 자문 기록"),
                rows=[
                    Row(field=_title(offer.challenge, visible), value=offer.get_status_display())
                    for offer in Offer.objects.filter(expert=expert).select_related("challenge")
                ]
                + [
                    Row(
                        field=_("자문: %(title)s") % {"title": _title(consultation.challenge, visible)},
                        value=_("%(day)s · %(mode)s · %(hours)s시간")
                        % {
                            "day": value_text(consultation.held_on),
                            "mode": consultation.get_mode_display(),
                            "hours": consultation.hours,
                        },
                    )
                    for consultation in Consultation.objects.filter(expert=expert).select_related("challenge")
                ],
            )
        )
    posted = Challenge.objects.filter(created_by=user).select_related("company").order_by("created_at")
    shown.append(
        Section(
            key="challenges",
            title=_("등록한 한계기술 과제"),
            rows=[
                Row(
                    field=_title(challenge, visible),
                    value=challenge.get_status_display(),
                )
                for challenge in posted
            ],
        )
    )
    return shown


def _expert_left(title: str) -> Callable[[], str]:
    return lambda: (
        _("‘%(title)s’를 자문하던 전문가가 탈퇴했습니다. 다른 전문가를 배정해 주세요.") % {"title": title}
    )


def erase(user: Any) -> Erasure:
    done = Erasure()
    expert = Expert.objects.filter(user=user).first()
    if expert is not None:
        withdrawn = list(
            Offer.objects.filter(expert=expert, status=Offer.Status.OFFERED).select_related("challenge")
        )
        Offer.objects.filter(pk__in=[offer.pk for offer in withdrawn]).update(status=Offer.Status.WITHDRAWN)
        running = list(
            Offer.objects.filter(expert=expert, status=Offer.Status.ACCEPTED).select_related("challenge")
        )
        # The desk's change log and notifications of the expert's cases name them: kept, nameless.
        cases = [str(pk) for pk in Offer.objects.filter(expert=expert).values_list("challenge_id", flat=True)]
        names_replace(
            name=expert.name,
            # Read inside "<name> 전문가가 과제를 맡았습니다": "익명 전문가가 …".
            replacement=lambda: pgettext("a former expert's name in the change log", "익명"),
            activity=ActivityLog.objects.filter(
                scope_type=ContentType.objects.get_for_model(Challenge), scope_id__in=cases
            ),
            notifications=Notification.objects.filter(verb__startswith="challenges."),
        )
        expert.name = _("탈퇴한 전문가")
        expert.department = ""
        expert.title = ""
        expert.bio = ""
        expert.keywords = []
        expert.languages = []
        expert.available = False
        expert.save()
        expert.conflicts.clear()
        activity_log(
            actor=user,
            verb="challenges.expert.left",
            target=expert,
            summary=lambda: _("전문가가 탈퇴해 전문가 정보를 익명 처리했습니다."),
        )
        for offer in running:
            notify(
                recipients=active_operators(),
                verb="challenges.expert.left",
                summary=_expert_left(offer.challenge.title),
                url=offer.challenge.get_absolute_url(),
            )
        index_refresh(doc_type="expert", object_ids=[expert.pk])
        done.erased.append(_("전문가 정보(이름, 부서, 직위, 소개, 키워드)를 지웠습니다."))
        if withdrawn:
            done.erased.append(
                _("답하지 않은 전문가 제안 %(count)d건을 철회했습니다.") % {"count": len(withdrawn)}
            )
        if running or Consultation.objects.filter(expert=expert).exists():
            done.kept.append(
                _("자문 기록은 기업의 과제 기록으로 남고, 전문가는 '탈퇴한 전문가'로 표시합니다.")
            )
    if Challenge.objects.filter(created_by=user).exists():
        done.kept.append(_("등록한 과제는 기업의 과제로 남고, 등록한 사람은 '탈퇴한 사용자'로 표시합니다."))
    return done


CHALLENGES = Provider(
    key="challenges",
    models=(
        "challenges.Expert",
        "challenges.Challenge",
        "challenges.TriageCorrection",
        "challenges.Offer",
    ),
    export=export,
    erase=erase,
    order=40,
    deletes=(gettext_lazy("전문가 정보(이름, 부서, 직위, 소개, 전문 분야)와 답하지 않은 전문가 제안"),),
    keeps=(
        Kept(
            what=gettext_lazy("등록한 한계기술 과제와 전문가로서 남긴 자문 기록(이름 없이)"),
            why=gettext_lazy("기업의 과제 기록이자 지원 사업 실적의 근거이므로"),
            how_long=gettext_lazy("업무 기록의 보존 기간(기본 5년) 동안"),
        ),
    ),
)
