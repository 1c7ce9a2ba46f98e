"""The Bulgarian organisation ID: ЕИК / БУЛСТАТ with its check digits."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ASCII digits only: str.isdigit() and the regex \d also accept other scripts' digits
# ("١٧٦…", "¹"), which int() reads differently or not at all.
_EIK_FORMAT = re.compile(r"[0-9]{9}|[0-9]{13}")


def _check_digit(digits, weights, fallback_weights):
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if total == 10:
        total = sum(int(d) * w for d, w in zip(digits, fallback_weights, strict=True)) % 11
    return 0 if total == 10 else total


def is_valid_eik(value):
    """True for a valid ЕИК / БУЛСТАТ: 9 digits, or 13 whose first 9 are valid; check digits."""
    if not _EIK_FORMAT.fullmatch(value):
        return False
    if _check_digit(value[:8], range(1, 9), range(3, 11)) != int(value[8]):
        return False
    if len(value) == 13:
        return _check_digit(value[8:12], (2, 7, 3, 5), (4, 9, 5, 7)) == int(value[12])
    return True


def validate_eik(value):
    if not _EIK_FORMAT.fullmatch(value):
        raise ValidationError(
            _("An ЕИК / БУЛСТАТ has 9 or 13 digits and nothing else."), code="eik_format"
        )
    if not is_valid_eik(value):
        raise ValidationError(
            _("This ЕИК / БУЛСТАТ has a wrong check digit: please check it for a typo."),
            code="eik_check_digit",
        )
