from django.urls import path

from .spreadsheets import views as imports

app_name = "core"

urlpatterns = [
    path("manage/imports/progress/", imports.import_progress, name="import_progress"),
]
