from django.urls import path

from .views import public as views
from .views import workspace

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="list"),
    # The workspace comes before the public pages, whose slugs would also match "manage".
    path("manage/", workspace.measure_list, name="manage_measures"),
    path("manage/new/", workspace.measure_create, name="manage_measure_new"),
    path("manage/<int:pk>/", workspace.measure_detail, name="manage_measure"),
    path("manage/<int:pk>/edit/", workspace.measure_edit, name="manage_measure_edit"),
    path("manage/<int:pk>/history/", workspace.measure_history, name="manage_measure_history"),
    path(
        "manage/<int:pk>/history/<int:history_id>/restore/",
        workspace.measure_restore,
        name="manage_measure_restore",
    ),
    path(
        "manage/votes/meeting/<int:meeting_pk>/",
        workspace.vote_for_meeting,
        name="manage_vote_for_meeting",
    ),
    path("manage/<int:measure_pk>/pilots/new/", workspace.pilot_create, name="manage_pilot_new"),
    path("manage/pilots/<int:pk>/", workspace.pilot_detail, name="manage_pilot"),
    path("manage/pilots/<int:pk>/edit/", workspace.pilot_edit, name="manage_pilot_edit"),
    path("manage/pilots/<int:pk>/history/", workspace.pilot_history, name="manage_pilot_history"),
    path(
        "manage/pilots/<int:pk>/history/<int:history_id>/restore/",
        workspace.pilot_restore,
        name="manage_pilot_restore",
    ),
    path(
        "manage/indicators/<int:pk>/readings/new/",
        workspace.reading_add,
        name="manage_reading_add",
    ),
    path("<slug:slug>/", views.measure_detail, name="detail"),
]
