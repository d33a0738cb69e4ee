from django.urls import path

from ppuri.challenges import views

app_name = "challenges"
urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("<int:pk>/", views.challenge_detail, name="detail"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("experts/<int:pk>/", views.expert_detail, name="expert"),
]
