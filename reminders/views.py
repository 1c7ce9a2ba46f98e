"""Reminders in the workspace: each user's choices, the coordinators' log of what was sent, and
the unsubscribe page every reminder email links to (no login: the signed token is the key)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core.access import coordinator_required, is_coordinator, workspace_required
from core.paging import paginate

from .forms import ReminderSettingsForm
from .models import Kind, Reminder, ReminderSettings
from .recipients import default_settings
from .tokens import ALL, read_unsubscribe_token

# What a partner representative can be reminded of; coordinators get every kind.
REPRESENTATIVE_KINDS = (
    Kind.ACCESSION_ENDING,
    Kind.ACTION_ITEM_DUE,
    Kind.ACTION_ITEM_OVERDUE,
    Kind.PROGRESS_DUE,
    Kind.MEETING_SOON,
)


def _settings_for(user):
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return default_settings(user, coordinator=is_coordinator(user))


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def reminder_settings(request):
    kinds = Kind.values if is_coordinator(request.user) else REPRESENTATIVE_KINDS
    form = ReminderSettingsForm(
        request.POST or None, instance=_settings_for(request.user), kinds=kinds
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminders:settings")
    return render(
        request,
        "reminders/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


@require_safe
@coordinator_required
def reminder_log(request):
    reminders = Reminder.objects.for_log()
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        reminders = reminders.filter(kind=kind)
    status = request.GET.get("status", "")
    if status in Reminder.Status.values:
        reminders = reminders.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        reminders = reminders.filter(
            Q(recipient__username__icontains=query)
            | Q(email__icontains=query)
            | Q(label__icontains=query)
        )
    return render(
        request,
        "reminders/log.html",
        {
            "page_obj": paginate(request, reminders),
            "kinds": Kind.choices,
            "statuses": Reminder.Status.choices,
            "kind": kind,
            "status": status,
            "query": query,
        },
    )


@login_not_required
@csrf_exempt  # The signed token is the key; mail clients post here (RFC 8058) with no cookie.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: what the link turns off, with a button (a link checker's GET changes nothing).
    POST (the button, or the mail client's one-click): turn it off."""
    found = read_unsubscribe_token(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    kind = found[1]
    what = _("all reminders") if kind == ALL else Kind(kind).label if kind in Kind.values else None
    if what is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        choice = _settings_for(user)
        turned_off = Kind.values if kind == ALL else [kind]
        choice.kinds_off = sorted(set(choice.kinds_off) | set(turned_off))
        choice.save()
        return render(request, "reminders/unsubscribed.html", {"what": what})
    return render(request, "reminders/unsubscribe.html", {"what": what})
