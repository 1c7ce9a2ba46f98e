from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.directory, name="directory"),
    path("partners/<slug:slug>/", views.partner_detail, name="detail"),
    path(
        "partners/accessions/<int:pk>/document/",
        views.accession_document,
        name="accession_document",
    ),
    path("join/", views.join, name="join"),
    path("join/sent/", views.join_sent, name="join_sent"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
]
