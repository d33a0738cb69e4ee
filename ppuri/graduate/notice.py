"""What a student agrees to when their record is linked to their account, and the NDA a project's
reader accepts: as data, read by the pages, the API and the privacy page. A change is a new version;
what was agreed under an older one stays recorded with it."""

from typing import Final

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NOTICE_VERSION: Final = "2026-12-04-2"
NDA_VERSION: Final = "2026-12-04"

PURPOSE = _("제조혁신전문대학원의 학적·기업 연계 과제·현장실습·졸업 후 진로 관리와 그 통계")
ITEMS = _(
    "이름, 입학 기수, 전공 분야, 관심 공정, 지도교수, 후원 기업, 학적 상태와 날짜, 과제 관심 표명, 진로"
)
RECIPIENTS = _(
    "배정된 과제의 기업, 후원 기업, 현장실습 기업과 지도교수(이름, 학적 상태와 과제 수행 정보), "
    "인천시(개인을 알 수 없는 통계만, 5 미만 비공개)"
)


def retention_period() -> str:
    days = settings.PPURI_GRADUATE_RETENTION_DAYS
    if days % 365 == 0:
        return gettext("졸업·제적 뒤 %(years)d년") % {"years": days // 365}
    return gettext("졸업·제적 뒤 %(days)d일") % {"days": days}


NDA_TERMS = _(
    "이 과제의 문제, 자료와 기업 멘토 정보는 기업의 영업비밀입니다. 과제 선정과 수행 목적에만 쓰고, "
    "기업의 서면 동의 없이 남에게 알리거나 논문·발표에 싣지 않겠습니다. 과제를 맡지 않게 되어도 같습니다."
)
