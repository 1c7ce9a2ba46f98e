from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("manage/reminders/", views.reminder_log, name="log"),
    path("manage/reminders/settings/", views.reminder_settings, name="settings"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
