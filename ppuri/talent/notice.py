"""What a seeker agrees to, as data (개인정보 보호법 §15 collection and use, §17 provision to a third
party, §22 a separate consent for each): the profile form, the application form, the API's
descriptions and the privacy page read this module. A change of purpose, items, recipient or retention
is a new NOTICE_VERSION; what was agreed under an older one stays recorded with that version.
"""

from dataclasses import dataclass
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOTICE_VERSION: Final = "2026-12-04"

# Profiles and applications of a seeker idle this long are destroyed (settings may shorten or lengthen
# it: PPURI_TALENT_RETENTION_DAYS).
DEFAULT_RETENTION_DAYS: Final = 3 * 365


@dataclass(frozen=True)
class Notice:
    key: str
    title: Promise
    what_for: Promise
    items: Promise
    recipient: Promise | None
    retention: Promise
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
    retention=_("마지막 활동 후 3년이 지나면 파기합니다. 회원 탈퇴 시에는 지체 없이 파기합니다."),
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
    retention=_(
        "채용 전형이 끝난 뒤 기업이 정한 기간까지, 늦어도 마지막 활동 후 3년이 지나면 Ppuri에서 파기"
    ),
    if_refused=_(
        "동의하지 않을 권리가 있습니다. 다만 동의하지 않으면 연락처가 전달되지 않아 지원할 수 없습니다."
    ),
)

NOTICES: Final = (PROFILE, DISCOVERY, CONTACT)
