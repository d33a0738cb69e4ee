"""`{% navigation "main" %}` and `{% navigation "account" %}`: the header's links for this role
(accounts.navigation.NAVIGATION)."""

from typing import Any

from django import template

from ppuri.accounts.navigation import MAIN, navigation_for

register = template.Library()


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def navigation(context: Any, section: str = MAIN) -> dict[str, Any]:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    return {"links": navigation_for(user, section=section, view_name=view_name), "section": section}
