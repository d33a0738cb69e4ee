from django.urls import path

from ppuri.challenges import views

app_name = "challenges"
urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("new/", views.challenge_create, name="create"),
    path("route/", views.route_batch, name="route_batch"),
    path("<int:pk>/", views.challenge_detail, name="detail"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/offer/", views.offer, name="offer"),
    path("<int:pk>/offers/<int:offer_pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/offers/<int:offer_pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/consult/", views.consult, name="consult"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/consultation-files/<int:file_pk>/", views.consultation_file, name="consultation_file"),
    path("experts/<int:pk>/", views.expert_detail, name="expert"),
]
