from django.urls import path

from ppuri.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("mine/", views.my_jobs, name="my_jobs"),
    path("new/", views.job_create, name="create"),
    path("<int:pk>/edit/", views.job_edit, name="edit"),
    path("<int:pk>/open/", views.job_open, name="open"),
    path("<int:pk>/close/", views.job_close, name="close"),
    path("<int:pk>/matches/", views.job_matches, name="matches"),
    path("<int:pk>/invite/", views.job_invite, name="invite"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/stage/", views.application_stage, name="stage"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/matches/", views.my_matches, name="my_matches"),
    path("me/applications/", views.my_applications, name="my_applications"),
    path("me/interests/<int:pk>/respond/", views.interest_respond, name="interest_respond"),
    path("wage-arrears/", views.wage_arrears, name="wage_arrears"),
    path("wage-arrears/<int:pk>/clear/", views.wage_arrears_clear, name="wage_arrears_clear"),
]
