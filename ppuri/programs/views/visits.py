"""Pages of the programmes: visits."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
