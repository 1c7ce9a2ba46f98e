from django.urls import path

from core.history import history_urlpatterns

from .views import actions, calendar, imports, lookup, workspace
from .views import public as views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("attachments/<int:pk>/file/", views.attachment_file, name="attachment_file"),
    path("calendar.ics", calendar.public_feed, name="public_feed"),
    path("feed/<str:token>.ics", calendar.private_feed, name="feed"),
    # The workspace comes before the public pages, whose slugs would also match "manage".
    path("manage/", workspace.meeting_list, name="manage_meetings"),
    path("manage/new/", workspace.meeting_create, name="manage_meeting_new"),
    path("manage/search/", lookup.meeting_search, name="meeting_search"),
    path("manage/calendar/", calendar.calendar_page, name="manage_calendar"),
    path("manage/calendar/reset/", calendar.calendar_reset, name="manage_calendar_reset"),
    *imports.MEETINGS.urlpatterns("manage/import/"),
    path("manage/<int:pk>/", workspace.meeting_detail, name="manage_meeting"),
    path("manage/<int:pk>/edit/", workspace.meeting_edit, name="manage_meeting_edit"),
    path("manage/<int:pk>/cancel/", workspace.meeting_cancel_page, name="manage_meeting_cancel"),
    # The history holds the internal notes: coordinators only.
    *history_urlpatterns(
        "manage/<int:pk>/",
        url_name="meetings:manage_meeting",
        record_for=workspace._get_meeting_for_user,
        history_write=True,
    ),
    path("manage/actions/", actions.action_item_list, name="manage_action_items"),
    path(
        "manage/actions/<int:pk>/done/",
        actions.action_item_done,
        name="manage_action_item_done",
    ),
    path(
        "manage/actions/<int:pk>/not-done/",
        actions.action_item_not_done,
        name="manage_action_item_not_done",
    ),
    path(
        "manage/actions/<int:pk>/carry-over/",
        actions.action_item_carry_over,
        name="manage_action_item_carry_over",
    ),
    path(
        "manage/<int:pk>/calendar.ics",
        calendar.manage_meeting_ics,
        name="manage_meeting_calendar",
    ),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
    path("<slug:slug>/calendar.ics", calendar.meeting_ics, name="detail_calendar"),
]
