"""What every programme service asks first."""

from typing import Any

from django.utils.translation import gettext as _

from ppuri.accounts.roles import refuse_unless, runs_programs


def require_staff(user: Any) -> None:
    """Operators and the city's staff edit the programmes (403 for everyone else)."""
    refuse_unless(runs_programs(user), _("사업 관리는 운영기관과 인천시 담당자만 할 수 있습니다."))
