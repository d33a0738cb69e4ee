from django.urls import path

from ppuri.sourcing import views

app_name = "sourcing"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/steps/", views.request_steps, name="steps"),
    path("<int:pk>/open/", views.request_open, name="open"),
    path("<int:pk>/cancel/", views.request_cancel, name="cancel"),
    path("<int:pk>/close/", views.request_close, name="close"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/quote/", views.quote, name="quote"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/quotes/<int:quote_pk>/award/", views.award, name="award"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
]
