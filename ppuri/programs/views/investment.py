"""Pages of the programmes: investment."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
