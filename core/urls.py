"""The shared core's own pages: the list downloads prepared in the background. Full
workspace paths, included at the root of the language's addresses."""

from django.urls import path

from .spreadsheets import download_views

app_name = "core"

urlpatterns = [
    path("manage/downloads/", download_views.download_start, name="download_start"),
    path("manage/downloads/<int:pk>/", download_views.download_page, name="download"),
    path(
        "manage/downloads/<int:pk>/progress/",
        download_views.download_progress,
        name="download_progress",
    ),
    path("manage/downloads/<int:pk>/file/", download_views.download_file, name="download_file"),
]
