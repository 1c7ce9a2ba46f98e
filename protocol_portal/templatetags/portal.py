import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.forms.utils import flatatt
from django.urls import translate_url
from django.utils.encoding import escape_uri_path
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from core import public_cache

from ..public_content import REFERENCE_MODELS

register = template.Library()
# Filter choices of reference data: a day at most (they are keyed by its version anyway).
CHOICES_SECONDS = 24 * 60 * 60


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current page in every language: for the switcher and `hreflang` alternates.

    The path and query string are kept, so a filtered list stays filtered in the other language.
    """
    request = context.get("request")
    current = local_path(request) if request else "/"
    language = get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"].capitalize(),
                # The page's own language is the address asked for: no resolving it again.
                "url": current if code == language else translate_url(current, code),
            }
        )
    return versions


def local_path(request):
    """The requested path and query string as a link on this site, whatever the request said:
    a path such as "//host/…" or "/\\host/…" (a request may carry one) would be read by a
    browser as an address on another host, so leading slashes become one."""
    path = "/" + escape_uri_path(request.path).lstrip("/\\")
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with `changes` applied (None removes a key): pagination and
    sorting links keep every filter."""
    # A plain dict of lists: copying the QueryDict deep-copies it, which cost the six page
    # links of a directory page 0.7 ms.
    query = dict(context["request"].GET.lists())
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = [value]
    encoded = urlencode(query, doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def field_choices(bound_field):
    """A select field's choices as a list of (value, label) strings, read once.

    The `for` tag asks an iterator for its length first, which for a model choice field is a
    COUNT query of its own; a comprehension does not. The choices of all regions,
    municipalities and support areas are kept (`core.kept_cache`) until the reference data
    change (`core.public_cache.REFERENCE_KEY`): the directory's filters then cost no query. The
    key names the model and order rather than the query's SQL, whose compiling cost a cold
    directory request more than its queries; a queryset narrowed by a filter is not kept.
    """
    field = bound_field.field
    queryset = getattr(field, "queryset", None)
    if (
        queryset is None
        or queryset.model._meta.label_lower not in REFERENCE_MODELS
        or queryset.query.where
    ):
        return [choice for choice in field.choices]  # noqa: C416
    identity = "|".join(
        [
            queryset.model._meta.label_lower,
            ",".join(queryset.query.order_by),
            str(field.to_field_name),
            str(field.empty_label),
            get_language() or "",
            public_cache.current_version(public_cache.REFERENCE_KEY),
        ]
    )
    key = "choices:" + hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()
    choices = caches["kept"].get(key)
    if choices is None:
        choices = [(str(value), str(label)) for value, label in field.choices]
        caches["kept"].set(key, choices, CHOICES_SECONDS)
    return choices


@register.simple_tag
def select_options(bound_field):
    """The `<option>` elements of a select filter, the current value selected, written in one
    pass (a template loop over 265 municipalities cost more than the page's queries)."""
    value = bound_field.value()
    if isinstance(value, list):  # a sort (django-filter's CSV select): one key at most here
        value = value[0] if value else None
    current = "" if value is None else str(value)
    return mark_safe(  # noqa: S308 (every value and label escaped here)
        "".join(
            f'<option value="{escape(choice)}"{" selected" if choice == current else ""}>'
            f"{escape(label)}</option>"
            for choice, label in (
                (str(choice), label) for choice, label in field_choices(bound_field)
            )
        )
    )


# The controls `filter_control` writes itself, by `BoundField.widget_type`; any other widget (a
# picker that lists only the chosen organisation, a date, a checkbox) renders as Django does.
WRITTEN_SELECTS = {"select", "csvselect"}
WRITTEN_INPUTS = {"text", "number"}


@register.simple_tag
def filter_control(bound_field):
    """A list filter's `<select>` or `<input>`, written here: Django's widget templates render
    each control (and each option) through templates of their own, which cost a list page more
    than its queries. A field in error is marked invalid and described by its message (the
    `<id>-error` that `_filter_field.html` writes)."""
    widget = bound_field.field.widget
    value = bound_field.value()
    invalid = {}
    if bound_field.errors:
        invalid = {
            "class": f"{widget.attrs.get('class', '')} is-invalid".strip(),
            "aria-describedby": f"{bound_field.id_for_label}-error",
        }
    written = bound_field.widget_type
    if written == "csvselect" and isinstance(value, list) and len(value) > 1:
        # Several sort keys typed into the address: django-filter keeps them in a text box.
        text_box = "form-control is-invalid" if bound_field.errors else "form-control"
        return bound_field.as_widget(attrs={**invalid, "class": text_box})
    if written not in WRITTEN_SELECTS | WRITTEN_INPUTS:
        return bound_field.as_widget(attrs=invalid)
    attrs = bound_field.build_widget_attrs(widget.attrs)
    attrs.pop("aria-describedby", None)
    attrs.update(name=bound_field.html_name, id=bound_field.id_for_label, **invalid)
    if written in WRITTEN_SELECTS:
        return format_html("<select{}>{}</select>", flatatt(attrs), select_options(bound_field))
    formatted = widget.format_value(value)
    if formatted is not None:
        attrs["value"] = formatted
    return format_html('<input type="{}"{}>', widget.input_type, flatatt(attrs))
