from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that only some users may read: kept outside MEDIA_ROOT and without any address.

    `url()` refuses, so no template can link to one by mistake; the views that check
    permission serve them instead.
    """

    def url(self, name):
        raise ValueError(
            "Private files have no public address: link to the view that checks permission."
        )


def private_storage():
    """Storage for documents that only some users may read (settings.STORAGES["private"]).

    A callable, so that migrations do not record a path.
    """
    return storages["private"]
