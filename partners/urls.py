from django.urls import path

from core.history import history_urlpatterns
from core.removal import removal_urlpatterns

from .views import (
    accessions,
    imports,
    join_requests,
    lookup,
    open_data,
    personal_data,
    projects,
    representatives,
    workspace,
)
from .views import public as views

app_name = "partners"

urlpatterns = [
    path("partners/", views.directory, name="directory"),
    # Before the partner pages: "open-data" would otherwise be taken for a partner's slug.
    path("partners/open-data/", open_data.open_data_page, name="open_data"),
    path(
        "partners/open-data/organisations.csv",
        open_data.organisations_csv,
        name="open_data_csv",
    ),
    path(
        "partners/open-data/organisations.json",
        open_data.organisations_json,
        name="open_data_json",
    ),
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
    path("manage/organisations/search/", lookup.organisation_search, name="organisation_search"),
    *imports.ORGANISATIONS.urlpatterns("manage/organisations/import/"),
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
    *history_urlpatterns(
        "manage/organisations/<int:pk>/",
        url_name="partners:manage_organisation",
        record_for=workspace._get_organisation_for_user,
    ),
    path(
        "manage/organisations/<int:pk>/archive/",
        workspace.organisation_archive_view,
        name="manage_organisation_archive",
    ),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
]

urlpatterns += [
    path(
        "manage/contacts/<int:pk>/personal-data/",
        personal_data.contact_personal_data_page,
        name="manage_contact_personal_data",
    ),
    path(
        "manage/contacts/<int:pk>/personal-data/download/",
        personal_data.contact_personal_data_download,
        name="manage_contact_personal_data_download",
    ),
    path(
        "manage/join-requests/<int:pk>/personal-data/",
        personal_data.join_request_personal_data_page,
        name="manage_join_request_personal_data",
    ),
    path(
        "manage/join-requests/<int:pk>/personal-data/download/",
        personal_data.join_request_personal_data_download,
        name="manage_join_request_personal_data_download",
    ),
    path("manage/accessions/", accessions.accession_list, name="manage_accessions"),
    path("manage/accessions/new/", accessions.accession_create, name="manage_accession_new"),
    path("manage/accessions/<int:pk>/", accessions.accession_detail, name="manage_accession"),
    *removal_urlpatterns(
        "manage/accessions/<int:pk>/",
        url_name="partners:manage_accession",
        record_for=accessions._get_accession_for_user,
        list_url_name="partners:manage_accessions",
    ),
    path(
        "manage/accessions/<int:pk>/edit/",
        accessions.accession_edit,
        name="manage_accession_edit",
    ),
    *history_urlpatterns(
        "manage/accessions/<int:pk>/",
        url_name="partners:manage_accession",
        record_for=accessions._get_accession_for_user,
    ),
    path(
        "manage/accessions/<int:pk>/commitments/<int:commitment_pk>/updates/",
        accessions.commitment_update_add_view,
        name="manage_commitment_update_add",
    ),
    path("manage/projects/", projects.project_list, name="manage_projects"),
    path("manage/projects/new/", projects.project_create, name="manage_project_new"),
    path("manage/projects/<int:pk>/", projects.project_detail, name="manage_project"),
    *removal_urlpatterns(
        "manage/projects/<int:pk>/",
        url_name="partners:manage_project",
        record_for=projects._get_project_for_user,
        list_url_name="partners:manage_projects",
    ),
    path("manage/projects/<int:pk>/edit/", projects.project_edit, name="manage_project_edit"),
    *history_urlpatterns(
        "manage/projects/<int:pk>/",
        url_name="partners:manage_project",
        record_for=projects._get_project_for_user,
        history_write=True,
    ),
]

urlpatterns += [
    path("accounts/invitation/<str:token>/", representatives.invitation_page, name="invitation"),
    path("manage/join-requests/", join_requests.join_request_list, name="manage_join_requests"),
    path(
        "manage/join-requests/<int:pk>/",
        join_requests.join_request_detail,
        name="manage_join_request",
    ),
    path(
        "manage/join-requests/<int:pk>/start/",
        join_requests.join_request_start_view,
        name="manage_join_request_start",
    ),
    path(
        "manage/join-requests/<int:pk>/accept/",
        join_requests.join_request_accept_view,
        name="manage_join_request_accept",
    ),
    path(
        "manage/join-requests/<int:pk>/merge/",
        join_requests.join_request_merge_view,
        name="manage_join_request_merge",
    ),
    path(
        "manage/join-requests/<int:pk>/decline/",
        join_requests.join_request_decline_view,
        name="manage_join_request_decline",
    ),
    path(
        "manage/organisations/<int:pk>/invite/",
        representatives.invitation_create,
        name="manage_organisation_invite",
    ),
    path(
        "manage/invitations/<int:pk>/resend/",
        representatives.invitation_resend_view,
        name="manage_invitation_resend",
    ),
    path(
        "manage/invitations/<int:pk>/revoke/",
        representatives.invitation_revoke_view,
        name="manage_invitation_revoke",
    ),
    path(
        "manage/representatives/<int:pk>/deactivate/",
        representatives.representative_deactivate_view,
        name="manage_representative_deactivate",
    ),
    path(
        "manage/representatives/<int:pk>/reactivate/",
        representatives.representative_reactivate_view,
        name="manage_representative_reactivate",
    ),
    path(
        "manage/representatives/<int:pk>/remove/",
        representatives.representative_remove_view,
        name="manage_representative_remove",
    ),
]
