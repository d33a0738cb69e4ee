"""The one sentence of an API error answer ({"detail": …}) for each status, in the request's language:
Korean by default, English for a caller that sends Accept-Language: en (LocaleMiddleware picks it, for
/api/ as for pages). The field-by-field details of a 422 come from the services and schemas."""

from http import HTTPStatus

from django.utils.translation import gettext as _


def status_detail(status: int) -> str:
    """The sentence for an error status, or the status's standard phrase for one Ppuri never answers
    on purpose."""
    details = {
        400: _("요청 본문을 해석할 수 없습니다."),
        401: _("인증이 필요합니다."),
        403: _("이 작업을 할 권한이 없습니다."),
        404: _("찾을 수 없습니다."),
        405: _("이 주소에서 쓸 수 없는 메서드입니다."),
        413: _("요청 본문이 너무 큽니다."),
        429: _("요청이 너무 많습니다. 잠시 뒤에 다시 시도해 주세요."),
        500: _("서버 오류로 요청을 처리하지 못했습니다."),
    }
    if status in details:
        return details[status]
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return _("요청을 처리하지 못했습니다.")


def csrf_detail() -> str:
    return _("CSRF 토큰이 없거나 맞지 않습니다. 로그인한 브라우저에서는 X-CSRFToken 헤더를 보내 주세요.")
