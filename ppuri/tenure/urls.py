from django.urls import path

from ppuri.tenure import views

app_name = "tenure"

urlpatterns = [
    path("", views.employments, name="employments"),
    path("<int:pk>/milestones/<str:milestone>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/separation/", views.separation, name="separation"),
]
