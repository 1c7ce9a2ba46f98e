"""Writes of the second factor that touch several rows."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def two_factor_enable(*, user, key, last_t):
    """Make `key` the user's one authenticator app (replacing any earlier one) and give them
    fresh recovery codes. Returns the app's device and the codes, shown once."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=key, confirmed=True, last_t=last_t
    )
    return device, recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_replace(*, user):
    """Ten new one-time recovery codes; the earlier ones stop working. Returns the codes."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_disable(*, user):
    """Remove the user's authenticator app and recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
