from django.urls import path

from ppuri.incentives import views

app_name = "incentives"

urlpatterns = [
    path("", views.program_list, name="programs"),
    path("new/", views.program_create, name="program_create"),
    path("<int:pk>/", views.program_detail, name="program"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("mine/", views.my_applications, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/approve/", views.approve, name="approve"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path("applications/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("applications/<int:pk>/separation/", views.separation, name="separation"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    *[
        path(f"installments/<int:pk>/{s}/", views.installment_step, {"step": s}, name=f"installment_{s}")
        for s in ("confirm", "approve", "pay", "recovered")
    ],
    path("consent/<str:token>/", views.consent, name="consent"),
    path("retention/", views.retention_page, name="retention"),
]
