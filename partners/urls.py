from django.urls import path

from .views import public as views
from .views import workspace

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
    path("manage/organisations/", workspace.organisation_list, name="manage_organisations"),
    path(
        "manage/organisations/new/",
        workspace.organisation_create,
        name="manage_organisation_new",
    ),
    path(
        "manage/organisations/<int:pk>/",
        workspace.organisation_detail,
        name="manage_organisation",
    ),
    path(
        "manage/organisations/<int:pk>/edit/",
        workspace.organisation_edit,
        name="manage_organisation_edit",
    ),
    path(
        "manage/organisations/<int:pk>/history/",
        workspace.organisation_history,
        name="manage_organisation_history",
    ),
    path(
        "manage/organisations/<int:pk>/history/<int:history_id>/restore/",
        workspace.organisation_restore,
        name="manage_organisation_restore",
    ),
    path(
        "manage/organisations/<int:pk>/archive/",
        workspace.organisation_archive_view,
        name="manage_organisation_archive",
    ),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
]
