"""The collection-and-use notice (개인정보 수집·이용 동의, 개인정보 보호법 §15·§22) as data.

The sign-up form, the consents page and the privacy policy (/privacy/) all read this module, so what a
person agrees to and what the policy says cannot drift apart. A change of purpose, items or retention
is a new NOTICE_VERSION: consents given under an older version stay recorded with that version.
"""

from dataclasses import dataclass
from datetime import date
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ppuri.accounts.models import ConsentPurpose

NOTICE_VERSION: Final = "2026-12-03"
EFFECTIVE_DATE: Final = date(2026, 12, 3)


@dataclass(frozen=True)
class PurposeNotice:
    purpose: ConsentPurpose
    required: bool
    what_for: Promise
    items: Promise
    retention: Promise
    if_refused: Promise


PURPOSES: Final = (
    PurposeNotice(
        purpose=ConsentPurpose.ACCOUNT,
        required=True,
        what_for=_("회원 가입과 본인 확인, 로그인, 서비스 이용에 관한 안내와 문의 응대"),
        items=_(
            "전자우편 주소, 표시 이름, 비밀번호(복원할 수 없는 형태로 저장), "
            "가입 유형(구직자·학생 또는 기업 담당자)"
        ),
        retention=_(
            "회원 탈퇴 시까지. 탈퇴하면 지체 없이 파기하며, 법령이 보존을 요구하는 기록만 익명으로 남깁니다."
        ),
        if_refused=_(
            "동의하지 않을 권리가 있습니다. 다만 필수 항목이므로 동의하지 않으면 회원 가입을 할 수 없습니다."
        ),
    ),
    PurposeNotice(
        purpose=ConsentPurpose.JOB_OFFERS,
        required=False,
        what_for=_("뿌리기업의 채용 제안과 취업 연계 안내를 전자우편과 알림으로 받기"),
        items=_("전자우편 주소, 표시 이름"),
        retention=_("동의를 철회하거나 회원 탈퇴할 때까지"),
        if_refused=_(
            "동의하지 않아도 회원 가입과 서비스 이용에 제한이 없습니다. 채용 제안을 받지 못할 뿐입니다."
        ),
    ),
    PurposeNotice(
        purpose=ConsentPurpose.PROGRAM_NEWS,
        required=False,
        what_for=_("인천시와 인천테크노파크의 뿌리산업 지원사업 안내 받기"),
        items=_("전자우편 주소, 표시 이름"),
        retention=_("동의를 철회하거나 회원 탈퇴할 때까지"),
        if_refused=_(
            "동의하지 않아도 회원 가입과 서비스 이용에 제한이 없습니다. 지원사업 안내를 받지 못할 뿐입니다."
        ),
    ),
)

BY_PURPOSE: Final = {notice.purpose.value: notice for notice in PURPOSES}
OPTIONAL: Final = tuple(notice for notice in PURPOSES if not notice.required)
