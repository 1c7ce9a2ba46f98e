from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("attachments/<int:pk>/file/", views.attachment_file, name="attachment_file"),
]
