from django.urls import path

from ppuri.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", views.article_create, name="create"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("publish/<int:challenge_pk>/", views.publish_case, name="publish_case"),
    path("publish/project/<int:project_pk>/", views.publish_project, name="publish_project"),
]
