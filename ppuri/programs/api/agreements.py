"""The programmes' API: agreements."""

from ninja import Router

router = Router(tags=["programs"])
