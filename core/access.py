"""Who the current user is in the network: a coordinator, a partner's representative, or nobody.

Every permission check of the apps starts here, so the answer is the same everywhere:
- `Model.objects.visible_to(user)` (on each model a representative can reach) is the scope of
  what `user` may see;
- `has_workspace(user)` says whether the user has a workspace at all, and `workspace_required`
  / `coordinator_required` guard the views;
- `get_for_user` is what each views module's `_get_<object>_for_user` helper builds on: 404 for
  what the user may not see, 403 for what they may see but not change.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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


def has_workspace(user):
    """Coordinators and partners' representatives have a workspace; anyone else has none."""
    return is_coordinator(user) or represented_organisation_id(user) is not None


def organisation_scope(queryset, user, lookup):
    """`queryset` as `user` may see it, for records that belong to the organisation at `lookup`
    ("organisation_id", "accession__organisation_id", …): coordinators every record, a
    representative its own organisation's, anyone else none. The rule of most `visible_to`."""
    if is_coordinator(user):
        return queryset
    organisation_id = represented_organisation_id(user)
    if organisation_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: organisation_id})


def _allowing(view, allowed):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not allowed(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def coordinator_required(view):
    """Only coordinators: anyone else who is logged in gets 403 (login itself is required by
    the middleware for every page not marked public)."""
    return _allowing(view, is_coordinator)


def workspace_required(view):
    """Coordinators and representatives: any other logged-in user gets 403, the same answer on
    every workspace page, before any record is looked up."""
    return _allowing(view, has_workspace)


def get_for_user(queryset, user, pk, *, write=False):
    """The record `pk` of `queryset` (a queryset with `visible_to`) if `user` may see it, else
    404, as if it did not exist. With `write`, a change only coordinators make: 403 for a
    representative who may see the record but not change it.

    A representative's own narrower writes (its profile, progress on its commitments, marking
    its action items done) need only the record to be visible: their forms and services hold
    the rest of the rule."""
    record = get_object_or_404(queryset.visible_to(user), pk=pk)
    if write and not is_coordinator(user):
        raise PermissionDenied
    return record
