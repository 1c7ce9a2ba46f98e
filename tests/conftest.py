import pytest


@pytest.fixture(autouse=True)
def _uploads_in_temporary_folders(settings, tmp_path):
    """Keep every test's uploads out of the working tree and away from other tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private_media"},
        },
    }
