"""What a seeker agrees to, as data (개인정보 보호법 §15 collection and use, §17 provision to a third
party, §22 a separate consent for each): the profile form, the application form, the API's
descriptions and the privacy page read this module. A change of purpose, items, recipient or retention
is a new NOTICE_VERSION; what was agreed under an older one stays recorded with that version.
"""

from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

NOTICE_VERSION: Final = "2026-12-04-2"

# A company keeps a seeker's contact this long after the application was refused or withdrawn. The
# 채용절차의 공정화에 관한 법률 §11 lets an employer keep application documents 14 to 180 days for their
# return; Ppuri takes the upper bound and then shows the company the masked profile only.
CONTACT_DAYS_AFTER_CLOSE: Final = 180


def retention_period() -> str:
    """PPURI_TALENT_RETENTION_DAYS (profiles and applications of a seeker idle this long are destroyed)
    in words: 3년 for 1,095 days, otherwise the days."""
    days = settings.PPURI_TALENT_RETENTION_DAYS
    if days % 365 == 0:
        return ngettext("%(count)d년", "%(count)d년", days // 365) % {"count": days // 365}
    return ngettext("%(count)d일", "%(count)d일", days) % {"count": days}


def _with_period(text: str) -> str:
    return gettext(text) % {"period": retention_period(), "contact_days": CONTACT_DAYS_AFTER_CLOSE}


# The retention lines read the setting when shown, in the reader's language.
_retention_text = lazy(_with_period, str)


@dataclass(frozen=True)
class Notice:
    key: str
    title: Promise
    what_for: Promise
    items: Promise
    recipient: Promise | None
    retention: Promise | str  # str: lazily built (_retention_text)
    if_refused: Promise


PROFILE: Final = Notice(
    key="profile",
    title=_("구직자 프로필 수집·이용 동의(필수)"),
    what_for=_("뿌리기업 채용 공고 추천, 입사 지원과 전형 진행, 취업 연계 상담"),
    items=_(
        "보유 자격과 취득 연도, 경험한 공정·뿌리기술, 경력 연수, 최종 학력, 희망 산업단지·임금·근무 형태, "
        "기숙사 필요 여부, 근무 가능일, 한 줄 소개, 전화번호(선택)"
    ),
    recipient=None,
    retention=_retention_text(
        gettext_noop("마지막 활동 후 %(period)s이 지나면 파기합니다. 회원 탈퇴 시에는 지체 없이 파기합니다.")
    ),
    if_refused=_("동의하지 않을 권리가 있습니다. 다만 동의하지 않으면 프로필을 만들거나 지원할 수 없습니다."),
)

DISCOVERY: Final = Notice(
    key="discovery",
    title=_("기업의 인재 검색 허용(선택)"),
    what_for=_("뿌리기업이 공고에 맞는 인재를 찾고 지원을 제안할 수 있도록 프로필을 보여 주기"),
    items=_(
        "보유 자격, 경험한 공정·뿌리기술, 경력 연수, 최종 학력, 희망 조건. 이름·전자우편·전화번호는 가려서 "
        "보여 주고, 한 줄 소개는 보여 주지 않습니다."
    ),
    recipient=_("Ppuri에 등록된 뿌리기업(기업 담당자)"),
    retention=_("허용을 철회하거나 프로필이 파기될 때까지"),
    if_refused=_("허용하지 않아도 공고 검색과 지원에는 제한이 없습니다. 기업의 제안을 받지 못할 뿐입니다."),
)

CONTACT: Final = Notice(
    key="contact",
    title=_("개인정보 제3자 제공 동의(지원하는 기업)"),
    what_for=_("채용 전형 진행과 연락"),
    items=_("이름, 전자우편 주소, 전화번호, 구직자 프로필, 지원 메시지"),
    recipient=_("지원하는 공고의 기업"),
    retention=_retention_text(
        gettext_noop(
            "지원이 진행되는 동안과 채용된 뒤에는 기업이 봅니다. 불합격이나 지원 취소로 끝나면 "
            "%(contact_days)d일 뒤 기업은 더 볼 수 없고, Ppuri에서는 마지막 활동 후 %(period)s이 "
            "지나면 파기합니다."
        )
    ),
    if_refused=_(
        "동의하지 않을 권리가 있습니다. 다만 동의하지 않으면 연락처가 전달되지 않아 지원할 수 없습니다."
    ),
)

NOTICES: Final = (PROFILE, DISCOVERY, CONTACT)
