from django.urls import path

from ppuri.graduate.views import projects, school, students

app_name = "graduate"

urlpatterns = [
    path("", school.overview, name="overview"),
    path("cohorts/new/", school.cohort_save, name="cohort_create"),
    path("cohorts/<int:year>/", school.cohort, name="cohort"),
    path("cohorts/<int:year>/edit/", school.cohort_save, name="cohort_edit"),
    path("cohorts/<int:year>/enrol/", school.enrol, name="enrol"),
    path("students/<int:pk>/", students.student, name="student"),
    path("students/<int:pk>/status/", students.status, name="student_status"),
    path("students/<int:pk>/internship/", students.internship, name="internship"),
    path("students/<int:pk>/placement/", students.placement, name="placement"),
    path("me/", students.me, name="me"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/new/", projects.propose, name="propose"),
    path("projects/<int:pk>/", projects.project, name="project"),
    path("projects/<int:pk>/publish/", projects.publish, name="publish"),
    path("projects/<int:pk>/withdraw/", projects.withdraw, name="withdraw"),
    path("projects/<int:pk>/nda/", projects.nda, name="nda"),
    path("projects/<int:pk>/interest/", projects.interest, name="interest"),
    path("projects/<int:pk>/match/", projects.match, name="match"),
    path("projects/<int:pk>/complete/", projects.complete, name="complete"),
    path("projects/<int:pk>/consent/", projects.consent, name="consent"),
    path("milestones/<int:pk>/", projects.milestone, name="milestone"),
]
