"""Emails the portal sends (join notices, invitations, reminders): each in its recipient's
language, as plain text and HTML, carrying the portal's name and nothing from another host (no
images, no tracking pixels, no fonts, no styles: plain HTML that every mail program shows).

A message is three templates that share a stem: `<stem>_subject.txt`, `<stem>.txt` and
`<stem>.html` (the HTML extends `emails/base.html`). Links in them are absolute, built with
`absolute_url()` from `PORTAL_URL`, because the worker that sends a reminder has no request.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path):
    """`path` ("/bg/workspace/…") on the portal's public address (`PORTAL_URL`)."""
    return settings.PORTAL_URL.rstrip("/") + path


def build_message(stem, context, *, to, language, headers=None, attachments=()):
    """The message rendered in `language` (an EmailMultiAlternatives, not yet sent).

    `attachments` are (file name, content, MIME type) triples; `headers` extra headers such as
    List-Unsubscribe.
    """
    with translation.override(language):
        context = {"portal_url": settings.PORTAL_URL.rstrip("/"), "language": language, **context}
        subject = " ".join(render_to_string(f"{stem}_subject.txt", context).split())
        text = render_to_string(f"{stem}.txt", context)
        html = render_to_string(f"{stem}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=list(to),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    for name, content, mime_type in attachments:
        message.attach(name, content, mime_type)
    return message


def send_templated(stem, context, *, to, language, headers=None, attachments=()):
    """Render and send at once; raises whatever the mail server raised (callers that must not
    lose a message, the reminders, record it and retry)."""
    build_message(
        stem, context, to=to, language=language, headers=headers, attachments=attachments
    ).send()
