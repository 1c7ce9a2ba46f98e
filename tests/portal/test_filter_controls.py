"""List filters' controls, written in Python rather than by Django's widget templates: what a
visitor and a screen reader get from them."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_search_box_shows_the_typed_words_escaped(client):
    page = client.get("/bg/partners/", {"q": 'a"<b>'}).content.decode()

    assert (
        '<input type="search" autocomplete="off" class="form-control" id="id_q" name="q" '
        'value="a&quot;&lt;b&gt;">' in page
    )


def test_sort_select_marks_the_chosen_order(client):
    page = client.get("/en/partners/", {"sort": "-name"}).content.decode()

    assert '<option value="-name" selected>Name (descending)</option>' in page


def test_filter_in_error_is_marked_invalid_and_described_by_its_message(coordinator_client):
    page = coordinator_client.get("/en/manage/accessions/", {"year": "20x"}).content.decode()

    year = re.search(r'<input type="number"[^>]*id="id_year"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in year
    assert 'aria-describedby="id_year-error"' in year
    assert "is-invalid" in year
    assert '<div class="invalid-feedback d-block" id="id_year-error">' in page


def test_several_sort_keys_typed_into_the_address_stay_in_a_text_box(coordinator_client):
    page = coordinator_client.get(
        "/en/manage/accessions/", {"sort": "organisation,-signed_on"}
    ).content.decode()

    assert re.search(r'<input type="text" name="sort" value="organisation,-signed_on"', page)
