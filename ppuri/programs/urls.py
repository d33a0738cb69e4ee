"""/programs/: each area's pages keep their own urlpatterns beside their views."""

from ppuri.programs.views import agreements, events, investment, overview, projects, visits

app_name = "programs"

urlpatterns = [
    *overview.urlpatterns,
    *agreements.urlpatterns,
    *projects.urlpatterns,
    *investment.urlpatterns,
    *visits.urlpatterns,
    *events.urlpatterns,
]
