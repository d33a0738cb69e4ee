"""Pages of the programmes: events."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
