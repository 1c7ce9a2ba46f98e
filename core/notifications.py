"""Who receives the notices meant for the coordinators (a new request to join, …).

The site settings may name one notification address (a shared mailbox): notices then go there
instead of to each coordinator. Without one, they go to every active coordinator's own email
address. The site settings live in the top package, which registers where the address is read
(`use_notification_address`) when the apps are ready, so that the apps below never import it.
"""

from django.contrib.auth import get_user_model

from .access import COORDINATORS_GROUP

_address_source = None


def use_notification_address(source):
    """Have `source()` give the coordinators' notification address ("" for none)."""
    global _address_source
    _address_source = source


def coordinator_recipients():
    """The addresses a notice for the coordinators goes to, read at the time of sending."""
    address = _address_source() if _address_source is not None else ""
    if address:
        return [address]
    return list(
        get_user_model()
        .objects.filter(groups__name=COORDINATORS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
