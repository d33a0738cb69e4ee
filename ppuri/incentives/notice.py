"""What the young person agrees to by the link the company hands them (개인정보 보호법 §15 collection and
use, §17 provision to the labor office): the consent page and the API's descriptions read this."""

from typing import Final

from django.utils.translation import gettext_lazy as _

from ppuri.talent.notice import Notice

NOTICE_VERSION: Final = "2026-12-04"

INCENTIVE: Final = Notice(
    key="incentive",
    title=_("청년 장려금 신청을 위한 개인정보 수집·이용 및 제3자 제공 동의(필수)"),
    what_for=_("장려금 지원 요건 확인, 심사, 근속 확인과 분할 지급, 부정 수급 환수"),
    items=_(
        "이름, 생년월(나이 요건 확인에만 사용), 인천 거주 여부, 연락처, 입사일, 근무 사업장, 계약 형태·기간, "
        "월 임금, 근로계약서와 4대보험 가입 확인 서류, 퇴사일과 사유"
    ),
    recipient=_("중부지방고용노동청(심사·지급 승인), 인천테크노파크(사업 운영)"),
    retention=_(
        "사업에서 정한 기간(마지막 지급이나 지원 종료 후)이 지나면 파기합니다. "
        "통계는 개인을 알 수 없게 남깁니다."
    ),
    if_refused=_("동의하지 않을 권리가 있습니다. 다만 동의하지 않으면 장려금을 신청할 수 없습니다."),
)
