"""`{% navigation "main" %}` and `{% navigation "account" %}`: the header's links for this role
(accounts.navigation.NAVIGATION)."""

from typing import Any

from django import template

from ppuri.accounts.navigation import MAIN, UTILITY, navigation_for

register = template.Library()

DEFAULT_STYLES = {MAIN: "menu", UTILITY: "button"}


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def navigation(context: Any, section: str = MAIN, style: str = "") -> dict[str, Any]:
    """`style`: "menu" (the main menu's look), "item" (a list of the user's menu or the phone menu) or
    "button" (the utility row); by default the section's own."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    links = navigation_for(user, section=section, view_name=view_name)
    return {"links": links, "style": style or DEFAULT_STYLES.get(section, "item")}
