"""Sort choices of every list: labelled in the page's language, never with a parameter name."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.filters import LocalisedOrderingFilter

pytestmark = pytest.mark.django_db


def sort_labels(response):
    """The labels of the page's "Sort by" options, in their order."""
    select = re.search(r'<select[^>]* name="sort".*?</select>', response.content.decode(), re.S)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select.group(0))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/bg/partners/",
            [
                "Наименование",
                "Наименование (низходящо)",
                "Дата на добавяне",
                "Дата на добавяне (низходящо)",
            ],
        ),
        (
            "/bg/manage/organisations/",
            [
                "Наименование",
                "Наименование (низходящо)",
                "Последна промяна",
                "Последна промяна (низходящо)",
                "Дата на добавяне",
                "Дата на добавяне (низходящо)",
            ],
        ),
        (
            "/bg/manage/accessions/",
            [
                "Дата на подписване",
                "Дата на подписване (низходящо)",
                "Организация",
                "Организация (низходящо)",
            ],
        ),
        (
            "/bg/manage/projects/",
            ["Начало", "Начало (низходящо)", "Кратко име", "Кратко име (низходящо)"],
        ),
        (
            "/bg/measures/manage/",
            ["Номер", "Номер (низходящо)", "Гласове „за“", "Гласове „за“ (низходящо)"],
        ),
    ],
)
def test_list_sort_labels_are_in_bulgarian_on_a_bulgarian_page(coordinator_client, path, expected):
    response = coordinator_client.get(path)

    assert sort_labels(response) == expected


def test_ordering_filter_refuses_a_field_without_a_label():
    # django-filter would show the parameter's own English name ("Added") in every language.
    with pytest.raises(ImproperlyConfigured, match="created_at"):
        LocalisedOrderingFilter(
            fields=[("name", "name"), ("created_at", "added")],
            field_labels={"name": "Name", "added": "Date added"},
        )
