from django.urls import path

from core.history import history_urlpatterns
from core.removal import removal_urlpatterns

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
    *removal_urlpatterns(
        "manage/<int:pk>/",
        url_name="measures:manage_measure",
        record_for=workspace._get_measure_for_user,
        list_url_name="measures:manage_measures",
    ),
    *history_urlpatterns(
        "manage/<int:pk>/",
        url_name="measures:manage_measure",
        record_for=workspace._get_measure_for_user,
        history_write=True,
    ),
    path(
        "manage/votes/meeting/<int:meeting_pk>/",
        workspace.vote_for_meeting,
        name="manage_vote_for_meeting",
    ),
    path("manage/<int:measure_pk>/pilots/new/", workspace.pilot_create, name="manage_pilot_new"),
    path("manage/pilots/<int:pk>/", workspace.pilot_detail, name="manage_pilot"),
    path("manage/pilots/<int:pk>/edit/", workspace.pilot_edit, name="manage_pilot_edit"),
    *removal_urlpatterns(
        "manage/pilots/<int:pk>/",
        url_name="measures:manage_pilot",
        record_for=workspace._get_pilot_for_user,
        list_url_name="measures:manage_measures",
    ),
    *history_urlpatterns(
        "manage/pilots/<int:pk>/",
        url_name="measures:manage_pilot",
        record_for=workspace._get_pilot_for_user,
        history_write=True,
    ),
    path(
        "manage/indicators/<int:pk>/readings/new/",
        workspace.reading_add,
        name="manage_reading_add",
    ),
    path("<slug:slug>/", views.measure_detail, name="detail"),
]
