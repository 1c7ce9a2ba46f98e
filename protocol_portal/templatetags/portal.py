from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current page in every language: for the switcher and `hreflang` alternates.

    The path and query string are kept, so a filtered list stays filtered in the other language.
    """
    request = context.get("request")
    current = request.get_full_path() if request else "/"
    versions = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"].capitalize(),
                "url": translate_url(current, code),
            }
        )
    return versions
