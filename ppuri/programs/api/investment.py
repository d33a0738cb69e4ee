"""The programmes' API: investment."""

from ninja import Router

router = Router(tags=["programs"])
