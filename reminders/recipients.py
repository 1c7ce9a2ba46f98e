"""Who receives reminders: the coordinators, and the representatives of each organisation,
active and with an email address; and each one's choices (`ReminderSettings`, or the defaults:
coordinators a daily digest, representatives one email per reminder, in Bulgarian)."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.access import COORDINATORS_GROUP
from partners.models import Representative

from .models import ReminderSettings


def coordinators():
    return list(
        get_user_model()
        .objects.filter(Q(groups__name=COORDINATORS_GROUP) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def representatives_by_organisation():
    """{organisation id: [user, …]}, in one query."""
    by_organisation = defaultdict(list)
    representatives = (
        Representative.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    for representative in representatives:
        by_organisation[representative.organisation_id].append(representative.user)
    return by_organisation


def default_settings(user, *, coordinator):
    delivery = ReminderSettings.Delivery.DIGEST if coordinator else ReminderSettings.Delivery.SINGLE
    return ReminderSettings(user=user, delivery=delivery)


def settings_of(user, *, coordinator):
    """The user's reminder settings: their own (select_related "reminder_settings" to read it
    without a query) or the defaults, unsaved."""
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return default_settings(user, coordinator=coordinator)
