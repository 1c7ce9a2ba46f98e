from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("attachments/<int:pk>/file/", views.attachment_file, name="attachment_file"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
]
