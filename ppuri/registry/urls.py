from django.urls import path

from ppuri.registry import views
from ppuri.registry.claims import views as claim_views
from ppuri.registry.importing import views as import_views
from ppuri.registry.invitations import views as invitation_views

app_name = "registry"

urlpatterns = [
    path("companies/", views.directory, name="directory"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("companies/<int:pk>/capabilities/new/", views.capability_edit, name="capability_create"),
    path(
        "companies/<int:pk>/capabilities/<int:capability_pk>/", views.capability_edit, name="capability_edit"
    ),
    path(
        "companies/<int:pk>/capabilities/<int:capability_pk>/delete/",
        views.capability_delete,
        name="capability_delete",
    ),
    path("companies/<int:pk>/sites/new/", views.site_edit, name="site_create"),
    path("companies/<int:pk>/sites/<int:site_pk>/", views.site_edit, name="site_edit"),
    path("companies/<int:pk>/contacts/new/", views.contact_edit, name="contact_create"),
    path("companies/<int:pk>/contacts/<int:contact_pk>/", views.contact_detail, name="contact_detail"),
    path("companies/<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("my/companies/", views.my_companies, name="my_companies"),
    path("companies/<int:pk>/claim/", claim_views.claim_create, name="claim_create"),
    path("my/claims/", claim_views.my_claims, name="my_claims"),
    path("claims/", claim_views.claim_queue, name="claim_queue"),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/approve/", claim_views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/refuse/", claim_views.claim_refuse, name="claim_refuse"),
    path("claims/<int:pk>/withdraw/", claim_views.claim_withdraw, name="claim_withdraw"),
    path("claims/<int:pk>/documents/<int:document_pk>/", claim_views.claim_document, name="claim_document"),
    path("companies/<int:pk>/people/", invitation_views.company_people, name="company_people"),
    path(
        "companies/<int:pk>/people/invitations/<int:invitation_pk>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "companies/<int:pk>/people/<int:membership_pk>/remove/",
        invitation_views.membership_remove,
        name="membership_remove",
    ),
    path("invitations/new/", invitation_views.staff_invite, name="staff_invite"),
    path("invitations/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
    path("complexes/<slug:slug>/", views.complex_detail, name="complex_detail"),
    path("imports/", import_views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:pk>/retry/", import_views.import_retry, name="import_retry"),
    path("imports/review/", import_views.review_queue, name="import_review"),
    path("imports/review/<int:pk>/", import_views.review_resolve, name="import_review_resolve"),
]
