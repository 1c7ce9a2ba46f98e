"""Removing a record entered by mistake (an accession, a project, a measure, a pilot).

A record that nothing else refers to is deleted, with the rows that are its own (an
accession's commitments and their progress, a pilot's milestones and indicators); a record
that something outside it still refers to (a meeting of the project, a pilot of the measure,
a vote's tally) is archived instead: kept, with every reference, out of the lists and the public
site. Either way the coordinator first sees a page that says which, and lists what would go or
what holds it. Django's own collector (the one the admin's delete page uses) decides.

The history keeps the deleted record: django-simple-history writes a last version ("-") with
who deleted it and when, for the record and each of its rows.
"""

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .access import coordinator_required


def _grouped(objects):
    """[(kind, [names])] of `objects`, each kind once, in first-seen order; the hidden rows of
    many-to-many lists are not shown (they are links, not records)."""
    groups = {}
    for obj in objects:
        opts = obj._meta
        if opts.auto_created:
            continue
        groups.setdefault(capfirst(opts.verbose_name_plural), []).append(str(obj))
    return list(groups.items())


def removal_plan(record):
    """What removing `record` would do: `deletable` (nothing outside it refers to it), `goes`
    (what a deletion takes with it, the record first) and `holds` (what refers to it)."""
    collector = NestedObjects(using=router.db_for_write(type(record)))
    collector.collect([record])
    goes = [obj for objects in collector.data.values() for obj in objects]
    goes.sort(key=lambda obj: obj != record)
    return {
        "deletable": not collector.protected,
        "goes": _grouped(goes),
        "holds": _grouped(collector.protected),
    }


@transaction.atomic
def record_remove(*, record):
    """Delete `record` with its own rows if nothing refers to it, else archive it. Returns
    "deleted" or "archived"."""
    try:
        with transaction.atomic():
            record.delete()
    except (ProtectedError, RestrictedError):
        if record.archived_at is None:
            record.archived_at = timezone.now()
            record.save()
        return "archived"
    return "deleted"


def removal_urlpatterns(prefix, *, url_name, record_for, list_url_name):
    """The page that deletes or archives one kind of record, `<prefix>delete/` named
    `<name>_delete` after the record's page `url_name`; `record_for` is the views module's
    `_get_<object>_for_user`, and a deletion returns to the list `list_url_name`."""
    name = url_name.split(":")[-1]

    @require_http_methods(["GET", "HEAD", "POST"])
    @coordinator_required
    def remove(request, pk):
        record = record_for(request, pk, write=True)
        if request.method == "POST":
            if record_remove(record=record) == "deleted":
                messages.success(request, _("“%(record)s” is deleted.") % {"record": record})
                return redirect(list_url_name)
            messages.success(
                request,
                _("“%(record)s” is archived: other records still refer to it.")
                % {"record": record},
            )
            return redirect(reverse(url_name, args=[record.pk]))
        return render(
            request,
            "manage/remove.html",
            {
                "record": record,
                "plan": removal_plan(record),
                "record_url": reverse(url_name, args=[record.pk]),
                "kind": record._meta.verbose_name,
            },
        )

    remove.__name__ = remove.__qualname__ = f"{name}_delete"
    return [path(f"{prefix}delete/", remove, name=f"{name}_delete")]
