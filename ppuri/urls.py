from django.contrib import admin
from django.urls import include, path

from ppuri.accounts import views as accounts_views
from ppuri.accounts.joining import views as joining_views
from ppuri.api.v1 import api
from ppuri.core import views as core_views
from ppuri.registry import views as registry_views

admin.site.site_header = "Ppuri 운영 관리"
admin.site.site_title = "Ppuri"

urlpatterns = [
    path("", registry_views.home, name="home"),
    path("home/", accounts_views.workspace, name="workspace"),
    path("livez", core_views.livez, name="livez"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("ppuri.accounts.urls")),
    path("privacy/", joining_views.privacy, name="privacy"),
    path("search/", include("ppuri.search.urls")),
    path("sourcing/", include("ppuri.sourcing.urls")),
    path("jobs/", include("ppuri.talent.urls")),
    path("incentives/", include("ppuri.incentives.urls")),
    path("graduate/", include("ppuri.graduate.urls")),
    path("programs/", include("ppuri.programs.urls")),
    path("dashboards/", include("ppuri.dashboards.views")),
    path("tenure/", include("ppuri.tenure.urls")),
    path("challenges/", include("ppuri.challenges.urls")),
    path("knowledge/", include("ppuri.knowledge.urls")),
    path("", include("ppuri.registry.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
handler500 = "ppuri.core.views.server_error"
