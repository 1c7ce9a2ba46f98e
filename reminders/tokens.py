"""The one-click unsubscribe link of every reminder email: a signed token naming the user and
the kind of reminder (or all of them), valid without logging in and without end, since an old
email's link must still work."""

from django.core import signing

SALT = "reminders.unsubscribe"
ALL = "all"


def unsubscribe_token(user_id, kind):
    return signing.dumps([user_id, kind], salt=SALT, compress=True)


def read_unsubscribe_token(token):
    """(user id, kind or ALL), or None for a token that was not made here or was altered."""
    try:
        user_id, kind = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind
