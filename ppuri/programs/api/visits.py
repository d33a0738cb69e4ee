"""The programmes' API: visits."""

from ninja import Router

router = Router(tags=["programs"])
