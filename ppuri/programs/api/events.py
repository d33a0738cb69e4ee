"""The programmes' API: events."""

from ninja import Router

router = Router(tags=["programs"])
