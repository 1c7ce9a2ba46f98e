from django.core.files.storage import storages


def private_storage():
    """Storage for documents that only some users may read (settings.STORAGES["private"]).

    A callable, so that migrations do not record a path and tests can swap the folder.
    """
    return storages["private"]
