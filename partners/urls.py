from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path(
        "accessions/<int:pk>/document/",
        views.accession_document,
        name="accession_document",
    ),
]
