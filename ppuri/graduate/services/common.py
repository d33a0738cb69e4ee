"""What every graduate-school write shares: who may act, and the school's log."""

from typing import Any

from django.utils.translation import gettext as _

from ppuri.accounts.roles import refuse_unless, runs_graduate_school


def require_school(actor: Any) -> None:
    refuse_unless(runs_graduate_school(actor), _("대학원 담당자만 할 수 있는 일입니다."))
