"""The programmes' API: projects."""

from ninja import Router

router = Router(tags=["programs"])
