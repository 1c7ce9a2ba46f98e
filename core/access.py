"""Who the current user is in the network: a coordinator, a partner's representative, or nobody.

Every permission check of the apps starts here, so the answer is the same everywhere.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

# The group whose members coordinate the network (created by a migration).
COORDINATORS_GROUP = "Coordinators"


def is_coordinator(user):
    """Coordinators (and superusers) may read and change every record."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_coordinator"):
        user._is_coordinator = user.groups.filter(name=COORDINATORS_GROUP).exists()
    return user._is_coordinator


def represented_organisation_id(user):
    """The id of the organisation the user represents, or None."""
    if not user.is_authenticated:
        return None
    representative = getattr(user, "representative", None)
    return representative.organisation_id if representative else None


def coordinator_required(view):
    """Only coordinators: anyone else who is logged in gets 403 (login itself is required by
    the middleware for every page not marked public)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
